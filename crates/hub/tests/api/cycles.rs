//! Ordering cycles: the cutoff, confirming (决定购买), changing and cancelling before it, voiding
//! after it. The hub's clock is moved to the instants the domain brief names.

use crate::helpers::*;
use crate::on_both_databases;
use chrono::{DateTime, TimeZone, Utc};
use restock_hub::db::Backend;
use restock_protocol::orders::{Order, OrderStatus};
use serde_json::{json, Value};

/// 330100000011 orders on Tuesdays and Fridays until 14:30 (demo data); these tests make it
/// Tuesdays only, as in the brief's example.
const TUESDAY_CUSTOMER: &str = "330100000011";
/// 330100000005 orders Monday to Saturday until 23:00, with allocations on the first 60 products.
pub const CYCLE_CUSTOMER: &str = "330100000005";

pub fn shanghai(local: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S").unwrap();
    chrono_tz::Asia::Shanghai.from_local_datetime(&naive).unwrap().with_timezone(&Utc)
}

/// A Tuesday at least two days after today, as `YYYY-MM-DD`: the demo's past cycle (the day before
/// it was seeded) lies before it, and its allocations are all unused.
pub fn next_tuesday_after_the_demos_past_cycle() -> String {
    use chrono::{Datelike, Days, Weekday};
    let mut day = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive() + Days::new(2);
    while day.weekday() != Weekday::Tue {
        day = day + Days::new(1);
    }
    day.to_string()
}

pub fn order(lines: &[(&str, u32)]) -> Value {
    json!({
        "orderId": uuid::Uuid::now_v7(),
        "lines": lines.iter().map(|(code, q)| json!({"productCode": code, "quantity": q})).collect::<Vec<_>>(),
    })
}

pub fn lines(lines: &[(&str, u32)]) -> Value {
    json!({"lines": lines.iter().map(|(code, q)| json!({"productCode": code, "quantity": q})).collect::<Vec<_>>()})
}

async fn tuesdays_only(hub: &TestHub) {
    sqlx::query("UPDATE customers SET ordering_days = 2 WHERE code = $1").bind(TUESDAY_CUSTOMER).execute(&hub.db.pool).await.unwrap();
}

async fn the_cutoff_is_exact_and_names_the_next_ordering_day(backend: Backend) {
    let hub = spawn_hub(backend).await;
    tuesdays_only(&hub).await;
    let token = hub.login(TUESDAY_CUSTOMER).await;
    hub.calendar.pretend_now(shanghai("2026-11-24 14:29:58"));
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100062", 2)])).await;
    assert_eq!(status, 201, "{body}");
    let saved: Order = serde_json::from_value(body).unwrap();
    assert_eq!(saved.status, OrderStatus::Saved, "a cycle with a cutoff saves the order first");
    assert_eq!(saved.closes_at, Some(shanghai("2026-11-24 14:30:00")));
    assert_eq!(saved.cycle_date.to_string(), "2026-11-24");
    let path = format!("/api/v1/orders/{}", saved.order_id);

    hub.calendar.pretend_now(shanghai("2026-11-24 14:29:59"));
    let (status, body) = hub.put(&path, Some(&token), &lines(&[("100062", 3)])).await;
    assert_eq!((status, body["lines"][0]["quantity"].as_u64()), (200, Some(3)), "a change at 14:29:59 is accepted: {body}");

    hub.calendar.pretend_now(shanghai("2026-11-24 14:30:00"));
    let refused = "this cycle closed at 14:30; the next ordering day is Tuesday 2026-12-01";
    let (status, body) = hub.put(&path, Some(&token), &lines(&[("100062", 4)])).await;
    assert_eq!((status, body["code"].as_str(), body["message"].as_str()), (422, Some("cutoff_passed"), Some(refused)));
    let (status, body) = hub.post(&format!("{path}/confirm"), Some(&token), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("cutoff_passed")), "{body}");
    let (status, body) = hub.post(&format!("{path}/cancel"), Some(&token), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("cutoff_passed")), "{body}");
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100062", 2)])).await;
    assert_eq!((status, body["code"].as_str(), body["message"].as_str()), (422, Some("cutoff_passed"), Some(refused)));

    hub.calendar.pretend_now(shanghai("2026-11-25 09:00:00"));
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100062", 2)])).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("not_ordering_day")));
    assert_eq!(body["message"], "today is not an ordering day; the next ordering day is Tuesday 2026-12-01");
    assert_eq!(hub.count_new("orders").await, 1, "refused orders leave nothing behind");
}

async fn an_unconfirmed_order_is_voided_at_the_cutoff_once_and_stays_visible(backend: Backend) {
    let hub = spawn_hub(backend).await;
    tuesdays_only(&hub).await;
    let token = hub.login(TUESDAY_CUSTOMER).await;
    hub.calendar.pretend_now(shanghai("2026-11-24 10:00:00"));
    let (_, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100062", 2)])).await;
    let saved: Order = serde_json::from_value(body).unwrap();
    let (_, confirmed_body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100063", 1)])).await;
    let confirmed: Order = serde_json::from_value(confirmed_body).unwrap();
    let (status, body) = hub.post(&format!("/api/v1/orders/{}/confirm", confirmed.order_id), Some(&token), &json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("submitted")), "{body}");

    hub.calendar.pretend_now(shanghai("2026-11-24 14:30:00"));
    // The voiding job, run twice and by two hubs at once, voids each order once.
    let second = restock_hub::db::connect(&hub.target).await.unwrap();
    let (a, b) =
        tokio::join!(restock_hub::cycles::void_overdue(&hub.db, &hub.calendar), restock_hub::cycles::void_overdue(&second, &hub.calendar));
    a.unwrap();
    b.unwrap();
    restock_hub::cycles::void_overdue(&hub.db, &hub.calendar).await.unwrap();

    let (status, body) = hub.get(&format!("/api/v1/orders/{}", saved.order_id), Some(&token)).await;
    assert_eq!(status, 200);
    let voided: Order = serde_json::from_value(body).unwrap();
    assert_eq!(voided.status, OrderStatus::Voided, "the customer sees it voided, not lost");
    let history: Vec<_> = voided.history.iter().map(|e| (e.status, e.by.as_str())).collect();
    assert_eq!(history, [(OrderStatus::Saved, TUESDAY_CUSTOMER), (OrderStatus::Voided, "hub")]);
    assert_eq!(voided.history[1].note.as_deref(), Some("not confirmed by the cutoff"));
    let (_, body) = hub.get(&format!("/api/v1/orders/{}", confirmed.order_id), Some(&token)).await;
    assert_eq!(body["status"], "submitted", "a confirmed order is not voided");
    let (status, body) = hub.post(&format!("/api/v1/orders/{}/confirm", saved.order_id), Some(&token), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")));
    assert_eq!(body["message"], "this order was voided: it was not confirmed by the cutoff");
}

async fn allocation_is_per_cycle_and_shared_across_its_orders(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CYCLE_CUSTOMER).await;
    hub.calendar.pretend_now(shanghai("2026-12-01 10:00:00")); // a Tuesday, after the demo's past cycle
                                                               // Allocation 30 of 100001: 20 confirmed, then a second order may take at most 10.
    let (_, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100001", 20)])).await;
    let first: Order = serde_json::from_value(body).unwrap();
    let (status, _) = hub.post(&format!("/api/v1/orders/{}/confirm", first.order_id), Some(&token), &json!({})).await;
    assert_eq!(status, 200);
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100001", 15)])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["lines"][0]["code"], "allocation_exceeded");
    assert_eq!(body["lines"][0]["allowed"], 10);
    assert!(body["lines"][0]["message"].as_str().unwrap().ends_with("only 10 left of your allocation this cycle"), "{body}");
    let (_, supply) = hub.get("/api/v1/supply", Some(&token)).await;
    let item = supply["items"].as_array().unwrap().iter().find(|i| i["productCode"] == "100001").unwrap().clone();
    assert_eq!(item, json!({"productCode": "100001", "allocation": 30, "allocationLeft": 10, "available": null}));

    // Cancelling before the cutoff gives the allocation back.
    let (status, body) = hub.post(&format!("/api/v1/orders/{}/cancel", first.order_id), Some(&token), &json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("cancelled")));
    let (status, _) = hub.post(&format!("/api/v1/orders/{}/cancel", first.order_id), Some(&token), &json!({})).await;
    assert_eq!(status, 200, "cancelling twice is harmless");
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100001", 30)])).await;
    assert_eq!(status, 201, "{body}");

    // The next cycle starts afresh.
    hub.calendar.pretend_now(shanghai("2026-12-02 10:00:00"));
    let (_, supply) = hub.get("/api/v1/supply", Some(&token)).await;
    assert_eq!(supply["cycleDate"], "2026-12-02");
    let item = supply["items"].as_array().unwrap().iter().find(|i| i["productCode"] == "100001").unwrap().clone();
    assert_eq!(item["allocationLeft"], 30);
}

async fn confirmations_racing_on_two_hubs_never_over_allocate(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (second_url, _stop) = hub.second_instance().await;
    let token = hub.login(CYCLE_CUSTOMER).await;
    hub.calendar.pretend_now(shanghai("2026-12-01 10:00:00"));
    // Six saved orders of 10 against an allocation of 30 (and stock nowhere near the limit).
    let mut saved = Vec::new();
    for _ in 0..6 {
        let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100002", 10)])).await;
        assert_eq!(status, 201, "{body}");
        saved.push(serde_json::from_value::<Order>(body).unwrap().order_id);
    }
    let confirmations = saved.iter().enumerate().map(|(i, id)| {
        let base = if i % 2 == 0 { hub.url.clone() } else { second_url.clone() };
        let request = hub.http.post(format!("{base}/api/v1/orders/{id}/confirm")).bearer_auth(&token).json(&json!({}));
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    });
    let answers = futures::future::join_all(confirmations).await;
    let accepted = answers.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(accepted, 3, "exactly the allocation's worth is confirmed: {answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != 200) {
        assert_eq!((*status, body["lines"][0]["code"].as_str()), (422, Some("allocation_exceeded")), "{body}");
    }
    let used: i64 = sqlx::query_scalar("SELECT used FROM allocation_use WHERE product_code = '100002' AND cycle_date = '2026-12-01'")
        .fetch_one(&hub.db.pool)
        .await
        .unwrap();
    assert_eq!(used, 30);
}

async fn stock_is_taken_by_placed_orders_and_given_back_on_cancel(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B).await; // no cycle: an order is placed at once
    let (sold_out,): (String,) = sqlx::query_as("SELECT product_code FROM stock WHERE available = 0 ORDER BY product_code LIMIT 1")
        .fetch_one(&hub.db.pool)
        .await
        .unwrap();
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[(&sold_out, 1)])).await;
    assert_eq!(
        (status, body["lines"][0]["code"].as_str(), body["lines"][0]["allowed"].as_u64()),
        (422, Some("out_of_stock"), Some(0)),
        "{body}"
    );
    assert!(body["lines"][0]["message"].as_str().unwrap().ends_with(": out of stock"));

    let products = hub.catalogue(&token).await;
    let (code, available): (String, i64) = sqlx::query_as(
        "SELECT s.product_code, s.available FROM stock s JOIN products p ON p.code = s.product_code
         WHERE s.available > 10 AND p.pack_multiple = 1 AND p.status = 'on_sale' AND p.max_per_order IS NULL ORDER BY s.product_code LIMIT 1",
    )
    .fetch_one(&hub.db.pool)
    .await
    .unwrap();
    assert!(products.iter().any(|p| p.code == code));
    let quantity = available as u32;
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[(&code, quantity + 1)])).await;
    assert_eq!((status, body["lines"][0]["code"].as_str()), (422, Some("out_of_stock")));
    assert_eq!(body["lines"][0]["allowed"].as_u64(), Some(u64::from(quantity)));
    assert!(body["lines"][0]["message"].as_str().unwrap().ends_with(&format!("only {available} available")), "{body}");

    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[(&code, quantity)])).await;
    assert_eq!((status, body["status"].as_str()), (201, Some("submitted")), "{body}");
    let placed: Order = serde_json::from_value(body).unwrap();
    let left =
        || sqlx::query_scalar::<_, i64>("SELECT available FROM stock WHERE product_code = $1").bind(code.clone()).fetch_one(&hub.db.pool);
    assert_eq!(left().await.unwrap(), 0);
    let (status, _) = hub.post(&format!("/api/v1/orders/{}/cancel", placed.order_id), Some(&token), &json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(left().await.unwrap(), available, "a cancelled order gives its stock back");
}

async fn a_changed_order_is_checked_again_and_keeps_its_history(backend: Backend) {
    let hub = spawn_hub(backend).await;
    // Tier C pays the base price (250.00 for 100001); no cycle. Prepaid exactly 40 of it, no credit.
    let code = "100001";
    sqlx::query("UPDATE customers SET prepaid_balance_fen = $1, credit_limit_fen = NULL WHERE code = $2")
        .bind(25_000 * 40)
        .bind(CUSTOMER_C)
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let token = hub.login(CUSTOMER_C).await;
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order(&[(code, 30)])).await;
    assert_eq!(status, 201, "{body}");
    let placed: Order = serde_json::from_value(body).unwrap();
    let path = format!("/api/v1/orders/{}", placed.order_id);
    // Its own old total doesn't count against the change: the balance covers 40 exactly.
    let (status, body) = hub.put(&path, Some(&token), &lines(&[(code, 40)])).await;
    assert_eq!((status, body["lines"][0]["quantity"].as_u64()), (200, Some(40)), "{body}");
    let (status, body) = hub.put(&path, Some(&token), &lines(&[(code, 41)])).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("insufficient_balance")), "{body}");
    let (status, body) = hub.put(&path, Some(&token), &lines(&[("NOPE", 1)])).await;
    assert_eq!((status, body["lines"][0]["code"].as_str()), (422, Some("unknown_product")));
    let (status, body) = hub.put(&path, Some(&token), &lines(&[])).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("empty_order")));

    sqlx::query("UPDATE orders SET status = 'approved' WHERE order_id = $1")
        .bind(placed.order_id.to_string())
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let (status, body) = hub.put(&path, Some(&token), &lines(&[(code, 1)])).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")));
    assert_eq!(body["message"], "the supplier has approved this order; it can no longer be changed");
    let (_, body) = hub.get(&path, Some(&token)).await;
    let order: Order = serde_json::from_value(body).unwrap();
    assert_eq!(order.lines[0].quantity, 40);
    let notes: Vec<_> = order.history.iter().map(|e| (e.status, e.note.as_deref())).collect();
    assert_eq!(notes, [(OrderStatus::Submitted, None), (OrderStatus::Submitted, Some("changed"))]);
}

async fn another_customers_order_cannot_be_read_or_touched(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let owner = hub.login(CUSTOMER_B).await;
    let stranger = hub.login(CUSTOMER_A).await;
    let (_, body) = hub.post("/api/v1/orders", Some(&owner), &order(&[("100001", 1)])).await;
    let placed: Order = serde_json::from_value(body).unwrap();
    let path = format!("/api/v1/orders/{}", placed.order_id);
    let attempts = [
        hub.get(&path, Some(&stranger)).await,
        hub.put(&path, Some(&stranger), &lines(&[("100001", 2)])).await,
        hub.post(&format!("{path}/confirm"), Some(&stranger), &json!({})).await,
        hub.post(&format!("{path}/cancel"), Some(&stranger), &json!({})).await,
    ];
    for (status, body) in attempts {
        assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    }
    let (_, body) = hub.get(&path, Some(&owner)).await;
    assert_eq!((body["status"].as_str(), body["lines"][0]["quantity"].as_u64()), (Some("submitted"), Some(1)));
    let (status, body) = hub.get("/api/v1/orders/not-a-uuid", Some(&owner)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

on_both_databases!(
    the_cutoff_is_exact_and_names_the_next_ordering_day,
    an_unconfirmed_order_is_voided_at_the_cutoff_once_and_stays_visible,
    allocation_is_per_cycle_and_shared_across_its_orders,
    confirmations_racing_on_two_hubs_never_over_allocate,
    stock_is_taken_by_placed_orders_and_given_back_on_cancel,
    a_changed_order_is_checked_again_and_keeps_its_history,
    another_customers_order_cannot_be_read_or_touched,
);
