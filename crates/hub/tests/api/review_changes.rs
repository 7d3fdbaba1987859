//! The supplier changes an order (削减 / 取消): cuts quantities or cancels, each with a reason the
//! customer reads on the order; what the order no longer takes goes back to the stock.

use crate::cycles::order;
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_protocol::catalogue::ProductStatus;
use restock_protocol::money::line_amount;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// Two products anyone may order one by one, with their prices.
async fn two_products(hub: &TestHub, token: &str) -> [(String, Decimal); 2] {
    let plain: Vec<(String, Decimal)> = hub
        .catalogue(token)
        .await
        .into_iter()
        .filter(|p| {
            p.status == ProductStatus::OnSale && p.rules.pack_multiple == 1 && p.rules.min_per_order <= 1 && p.rules.max_per_order.is_none()
        })
        .map(|p| (p.code, p.price))
        .take(2)
        .collect();
    [plain[0].clone(), plain[1].clone()]
}

struct Setup {
    hub: TestHub,
    buyer: String,
    reviewer: String,
    products: [(String, Decimal); 2],
}

async fn setup(backend: Backend) -> Setup {
    let hub = spawn_hub(backend).await;
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    sqlx::query("DELETE FROM promotions").execute(&hub.db.pool).await.unwrap();
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let reviewer = hub.login("reviewer").await;
    let products = two_products(&hub, &buyer).await;
    let warehouse = hub.login("warehouse").await;
    let (status, body) =
        hub.put(&format!("/api/v1/admin/stock/{}", products[0].0), Some(&warehouse), &json!({"onHand": 100, "available": 100})).await;
    assert_eq!(status, 204, "{body}");
    Setup { hub, buyer, reviewer, products }
}

/// The buyer's order of 10 of the first product and 2 of the second, placed.
async fn placed(s: &Setup) -> String {
    let (status, body) = s.hub.post("/api/v1/orders", Some(&s.buyer), &order(&[(&s.products[0].0, 10), (&s.products[1].0, 2)])).await;
    assert_eq!((status, body["status"].as_str()), (201, Some("submitted")), "{body}");
    body["orderId"].as_str().unwrap().to_owned()
}

async fn available(s: &Setup, code: &str) -> u64 {
    let (_, body) = s.hub.get("/api/v1/supply", Some(&s.buyer)).await;
    body["items"].as_array().unwrap().iter().find(|i| i["productCode"] == code).unwrap()["available"].as_u64().unwrap()
}

fn cut(code: &str, quantity: u32, reason: &str) -> Value {
    json!({"lines": [{"productCode": code, "quantity": quantity}], "reason": reason})
}

async fn a_cut_lowers_the_order_gives_back_and_tells_the_customer(backend: Backend) {
    let s = setup(backend).await;
    let ((a, price_a), (b, price_b)) = (s.products[0].clone(), s.products[1].clone());
    let id = placed(&s).await;
    assert_eq!(available(&s, &a).await, 90);

    let (status, body) = s.hub.post(&format!("/api/v1/admin/orders/{id}/cut"), Some(&s.reviewer), &cut(&a, 4, "库存不足，本周限量")).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("submitted")), "a cut leaves it to be reviewed: {body}");
    assert_eq!(available(&s, &a).await, 96, "the 6 cut go back to the stock");

    // What the customer reads: the lower line, a total that adds up, and why, by whom.
    let (_, seen) = s.hub.get(&format!("/api/v1/orders/{id}"), Some(&s.buyer)).await;
    let lines = seen["lines"].as_array().unwrap();
    let line_a = lines.iter().find(|l| l["productCode"] == a.as_str()).unwrap();
    assert_eq!((line_a["quantity"].as_u64(), line_a["demand"].as_u64()), (Some(4), Some(10)), "{seen}");
    let total = line_amount(price_a, 4) + line_amount(price_b, 2);
    assert_eq!(seen["total"].as_str().unwrap().parse::<Decimal>().unwrap(), total, "{seen}");
    let last = seen["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["by"], "reviewer");
    let note = last["note"].as_str().unwrap();
    assert!(note.contains("库存不足，本周限量") && note.contains("10→4"), "{note}");

    // An approved order can still be cut until it ships; a line cut to 0 leaves the order.
    let (status, body) = s.hub.post(&format!("/api/v1/admin/orders/{id}/approve"), Some(&s.reviewer), &json!({})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
    let (status, body) = s.hub.post(&format!("/api/v1/admin/orders/{id}/cut"), Some(&s.reviewer), &cut(&b, 0, "停产")).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
    let lines = body["order"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{body}");
    assert_eq!(body["order"]["total"].as_str().unwrap().parse::<Decimal>().unwrap(), line_amount(price_a, 4));
}

async fn bad_cuts_are_refused_with_what_to_fix(backend: Backend) {
    let s = setup(backend).await;
    let (a, b) = (s.products[0].0.clone(), s.products[1].0.clone());
    let id = placed(&s).await;
    let path = format!("/api/v1/admin/orders/{id}/cut");
    let refused = |status: u16, code: &'static str, says: &'static str| (status, code, says);
    for (body, (status, code, says)) in [
        (cut(&a, 4, "  "), refused(422, "bad_request", "reason")),
        (cut(&a, 11, "多发"), refused(422, "bad_request", "only lower")),
        (cut(&a, 10, "不变"), refused(422, "bad_request", "only lower")),
        (cut("999999", 1, "缺货"), refused(422, "bad_request", "not on this order")),
        (
            json!({"lines": [{"productCode": a, "quantity": 1}, {"productCode": a, "quantity": 2}], "reason": "缺货"}),
            refused(422, "bad_request", "named twice"),
        ),
        (json!({"lines": [], "reason": "缺货"}), refused(422, "bad_request", "at least one line")),
        (
            json!({"lines": [{"productCode": a, "quantity": 0}, {"productCode": b, "quantity": 0}], "reason": "缺货"}),
            refused(400, "empty_order", "cancel the order instead"),
        ),
        (json!({"lines": "lots"}), refused(400, "bad_request", "lines")),
    ] {
        let (got, answer) = s.hub.post(&path, Some(&s.reviewer), &body).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{body}: {answer}");
        assert!(answer["message"].as_str().unwrap().contains(says), "{body}: {answer}");
    }
    assert_eq!(available(&s, &a).await, 90, "nothing was given back by a refused cut");

    // Not staff who review, not another branch's, not an order that isn't there.
    let warehouse = s.hub.login("warehouse").await;
    let (status, body) = s.hub.post(&path, Some(&warehouse), &cut(&a, 4, "缺货")).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = s.hub.post(&path, Some(&s.buyer), &cut(&a, 4, "缺货")).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let other = s.hub.login(CUSTOMER_C).await;
    let (status, body) = s.hub.post("/api/v1/orders", Some(&other), &order(&[(&a, 3), (&b, 1)])).await;
    assert_eq!(status, 201, "{body}");
    let others = body["orderId"].as_str().unwrap().to_owned();
    let branch = s.hub.login("xihu-reviewer").await;
    let (status, body) = s.hub.post(&format!("/api/v1/admin/orders/{others}/cut"), Some(&branch), &cut(&a, 1, "缺货")).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "another branch's order is not found: {body}");
    let (status, body) = s.hub.post("/api/v1/admin/orders/not-an-id/cut", Some(&s.reviewer), &cut(&a, 1, "缺货")).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");

    // A rejected order is done with.
    let (status, _) = s.hub.post(&format!("/api/v1/admin/orders/{id}/reject"), Some(&s.reviewer), &json!({"reason": "重复下单"})).await;
    assert_eq!(status, 200);
    let (status, body) = s.hub.post(&path, Some(&s.reviewer), &cut(&a, 4, "缺货")).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("rejected"), "{body}");
}

async fn the_supplier_cancels_with_a_reason_the_customer_reads(backend: Backend) {
    let s = setup(backend).await;
    let a = s.products[0].0.clone();
    let id = placed(&s).await;
    let path = format!("/api/v1/admin/orders/{id}/cancel");
    let (status, body) = s.hub.post(&path, Some(&s.reviewer), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("reason"), "{body}");

    let (status, body) = s.hub.post(&path, Some(&s.reviewer), &json!({"reason": "客户电话要求取消"})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("cancelled")), "{body}");
    assert_eq!(available(&s, &a).await, 100, "what it took is back");
    let events = body["order"]["history"].as_array().unwrap().len();
    // Twice is once.
    let (status, again) = s.hub.post(&path, Some(&s.reviewer), &json!({"reason": "客户电话要求取消"})).await;
    assert_eq!((status, again["order"]["history"].as_array().unwrap().len()), (200, events), "{again}");
    assert_eq!(available(&s, &a).await, 100, "given back once");

    let (_, seen) = s.hub.get(&format!("/api/v1/orders/{id}"), Some(&s.buyer)).await;
    assert_eq!(seen["status"], "cancelled");
    let last = seen["history"].as_array().unwrap().last().unwrap().clone();
    assert!(last["note"].as_str().unwrap().contains("客户电话要求取消"), "{seen}");
    let (status, body) = s.hub.post(&format!("/api/v1/admin/orders/{id}/cut"), Some(&s.reviewer), &cut(&a, 1, "缺货")).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")), "{body}");

    // An order that isn't there is not found, whatever the reason.
    let (status, body) =
        s.hub.post("/api/v1/admin/orders/0190f0f0-0000-7000-8000-000000000000/cancel", Some(&s.reviewer), &json!({"reason": "x"})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
}

on_both_databases!(
    a_cut_lowers_the_order_gives_back_and_tells_the_customer,
    bad_cuts_are_refused_with_what_to_fix,
    the_supplier_cancels_with_a_reason_the_customer_reads
);
