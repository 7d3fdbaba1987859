use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_protocol::catalogue::{Product, ProductStatus};
use restock_protocol::money::{line_amount, order_total};
use restock_protocol::orders::Order;
use serde_json::{json, Value};

fn order(id: uuid::Uuid, lines: &[(&str, u32)]) -> Value {
    json!({
        "orderId": id,
        "lines": lines.iter().map(|(code, q)| json!({"productCode": code, "quantity": q})).collect::<Vec<_>>(),
    })
}

fn first_with(products: &[Product], want: impl Fn(&Product) -> bool) -> &Product {
    products.iter().find(|p| p.status == ProductStatus::OnSale && want(p)).expect("a matching demo product")
}

async fn an_order_is_priced_by_the_hub_and_numbered(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B_FIXED).await;
    let products = hub.catalogue(&token).await;
    let six_pack = first_with(&products, |p| p.rules.pack_multiple == 6);
    let (status, body) =
        hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[("100001", 7), (&six_pack.code, 12)])).await;
    assert_eq!(status, 201, "{body}");
    let created: Order = serde_json::from_value(body).unwrap();
    assert_eq!(created.lines[0].unit_price.to_string(), "228.00");
    assert_eq!(created.lines[0].line_amount.to_string(), "1596.00");
    assert_eq!(created.lines[1].line_amount, line_amount(six_pack.price, 12));
    assert_eq!(created.total, order_total([created.lines[0].line_amount, created.lines[1].line_amount]));
    assert!(created.order_number.starts_with("SO-"), "{}", created.order_number);

    let (status, list) = hub.get("/api/v1/orders", Some(&token)).await;
    assert_eq!(status, 200);
    let orders: Vec<Order> = serde_json::from_value(list["orders"].clone()).unwrap();
    assert_eq!(orders, vec![created]);
}

async fn an_order_with_an_unknown_product_is_refused_and_nothing_is_stored(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_A).await;
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[("100001", 1), ("NOPE-1", 3)])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "order_rejected");
    assert_eq!(body["lines"][0]["line"], 2);
    assert_eq!(body["lines"][0]["code"], "unknown_product");
    assert_eq!(body["lines"][0]["message"], "there is no product with code NOPE-1");
    assert_eq!(hub.count_new("orders").await, 0);
    assert_eq!(hub.count_new("order_lines").await, 0);
    let (_, list) = hub.get("/api/v1/orders", Some(&token)).await;
    assert_eq!(list["orders"], json!([]));
}

async fn every_quantity_rule_is_enforced_with_its_code(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_A).await;
    let products = hub.catalogue(&token).await;
    let six_pack = first_with(&products, |p| p.rules.pack_multiple == 6);
    let capped = first_with(&products, |p| p.rules.max_per_order == Some(50));
    let delisted = products.iter().find(|p| p.status == ProductStatus::Delisted).expect("a delisted demo product");
    let cases: [(&str, u32, &str, String); 5] = [
        (&six_pack.code, 7, "quantity_not_multiple", format!("{}: the quantity must be a multiple of 6", six_pack.name)),
        (&six_pack.code, 0, "quantity_not_positive", format!("{}: the quantity must be more than 0", six_pack.name)),
        (&capped.code, 51, "above_maximum", format!("{}: above the maximum 50", capped.name)),
        (&delisted.code, 1, "product_delisted", format!("{} is no longer sold", delisted.name)),
        (&six_pack.code, 3, "below_minimum", format!("{}: below the minimum 6", six_pack.name)),
    ];
    for (code, quantity, expected_code, expected_message) in cases {
        let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[(code, quantity)])).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["lines"][0]["code"], expected_code, "{body}");
        assert_eq!(body["lines"][0]["message"], expected_message.as_str());
    }
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[("100001", 1), ("100001", 2)])).await;
    assert_eq!((status, body["lines"][0]["code"].as_str()), (422, Some("duplicate_line")));
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[])).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("empty_order")));
    assert_eq!(hub.count_new("orders").await, 0);
}

async fn the_same_order_id_posted_at_once_makes_exactly_one_order(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B).await;
    let id = uuid::Uuid::now_v7();
    let body = order(id, &[("100001", 3), ("100002", 2)]);
    // More attempts than the pool has connections, so a transaction that needed a second one would starve.
    let attempts = (0..24).map(|_| hub.post("/api/v1/orders", Some(&token), &body));
    let answers = futures::future::join_all(attempts).await;
    let created = answers.iter().filter(|(s, _)| *s == 201).count();
    let replayed = answers.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!((created, replayed), (1, 23), "{answers:?}");
    let numbers: std::collections::HashSet<_> = answers.iter().map(|(_, b)| b["orderNumber"].clone()).collect();
    assert_eq!(numbers.len(), 1, "every answer names the same order");
    assert_eq!(hub.count_new("orders").await, 1);
    assert_eq!(hub.count_new("order_lines").await, 2);
}

async fn an_order_id_reused_for_other_lines_is_refused(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B).await;
    let id = uuid::Uuid::now_v7();
    let (status, _) = hub.post("/api/v1/orders", Some(&token), &order(id, &[("100001", 3)])).await;
    assert_eq!(status, 201);
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(id, &[("100001", 4)])).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("idempotency_key_reused")));
    // Another customer cannot read someone else's order by replaying its id.
    let other = hub.login(CUSTOMER_A).await;
    let (status, body) = hub.post("/api/v1/orders", Some(&other), &order(id, &[("100001", 3)])).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("idempotency_key_reused")));
    assert!(body.get("orderNumber").is_none());
    let (_, list) = hub.get("/api/v1/orders", Some(&other)).await;
    assert_eq!(list["orders"], json!([]));
    assert_eq!(hub.count_new("orders").await, 1);
}

async fn an_order_whose_total_changed_since_the_buyer_saw_it_is_refused(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B).await; // 100001 costs 230.00 for this tier-B customer
    let mut body = order(uuid::Uuid::now_v7(), &[("100001", 2)]);
    body["expectedTotal"] = json!("450.00");
    let (status, answer) = hub.post("/api/v1/orders", Some(&token), &body).await;
    assert_eq!((status, answer["code"].as_str()), (422, Some("price_changed")), "{answer}");
    assert_eq!(answer["message"], "prices changed since you checked: this order now comes to 460.00, not 450.00; review the cart");
    assert_eq!(hub.count_new("orders").await, 0);
    body["expectedTotal"] = json!("460.00");
    let (status, answer) = hub.post("/api/v1/orders", Some(&token), &body).await;
    assert_eq!((status, answer["total"].as_str()), (201, Some("460.00")), "{answer}");
}

async fn a_delta_pull_of_my_orders_sends_only_what_changed(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B).await;
    let (_, first) = hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[("100001", 1)])).await;
    let (_, second) = hub.post("/api/v1/orders", Some(&token), &order(uuid::Uuid::now_v7(), &[("100002", 1)])).await;
    let (_, all) = hub.get("/api/v1/orders", Some(&token)).await;
    assert_eq!(all["orders"].as_array().unwrap().len(), 2);
    let cursor = all["cursor"].as_i64().unwrap();
    // Later (past the overlap window), one order changes: only it comes in the next pull.
    hub.calendar.pretend_now(chrono::Utc::now() + chrono::Duration::minutes(5));
    let (status, _) = hub.post(&format!("/api/v1/orders/{}/cancel", first["orderId"].as_str().unwrap()), Some(&token), &json!({})).await;
    assert_eq!(status, 200);
    // A pull four minutes after the first (the overlap only reaches 30 s back) gets only the change.
    let (_, delta) = hub.get(&format!("/api/v1/orders?since={}", cursor + 240_000), Some(&token)).await;
    let ids: Vec<_> = delta["orders"].as_array().unwrap().iter().map(|o| o["orderId"].clone()).collect();
    assert_eq!(ids, [first["orderId"].clone()]);
    assert_eq!(delta["orders"][0]["status"], "cancelled");
    assert!(delta["cursor"].as_i64().unwrap() > cursor);
    let (_, nothing) = hub.get(&format!("/api/v1/orders?since={}", delta["cursor"].as_i64().unwrap() + 60_000), Some(&token)).await;
    assert_eq!(nothing["orders"], json!([]));
    // From the first cursor, inside the overlap: both come, and the app replaces them by id.
    let (_, overlap) = hub.get(&format!("/api/v1/orders?since={cursor}"), Some(&token)).await;
    assert_eq!(overlap["orders"].as_array().unwrap().len(), 2);
    let _ = second;
}

on_both_databases!(
    a_delta_pull_of_my_orders_sends_only_what_changed,
    an_order_whose_total_changed_since_the_buyer_saw_it_is_refused,
    an_order_is_priced_by_the_hub_and_numbered,
    an_order_with_an_unknown_product_is_refused_and_nothing_is_stored,
    every_quantity_rule_is_enforced_with_its_code,
    the_same_order_id_posted_at_once_makes_exactly_one_order,
    an_order_id_reused_for_other_lines_is_refused,
);
