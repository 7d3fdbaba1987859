//! Input a client should never send, sent anyway: extreme cursors and amounts, an order of 40,000
//! lines, paths and queries that don't parse, addresses and methods that don't exist. Every answer
//! is a refusal in the error shape (`{code, message}`), never a 5xx or a dropped connection.

use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::{json, Value};

/// Sends a request and checks the answer is a clean one: not 5xx, and a refusal has its code.
async fn send(hub: &TestHub, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
    let mut request = hub.http.request(method.parse().unwrap(), format!("{}{path}", hub.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{method} {path}: the connection failed: {e}"));
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status < 500, "{method} {path}: {status} {body}");
    if status >= 400 {
        assert!(body["code"].is_string() && body["message"].is_string(), "{method} {path}: {status} without the error shape: {body}");
    }
    (status, body)
}

async fn hostile_input_gets_a_refusal_in_the_error_shape(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let approver = hub.login(&format!("{CUSTOMER_B_FIXED}-2")).await;
    let admin = hub.login("admin").await;
    let min = i64::MIN;

    // Cursors at the edge of their type: answered (from the start), not overflowed.
    for path in [
        format!("/api/v1/orders?since={min}"),
        format!("/api/v1/supply/changes?since=2026-12-01.{min}"),
        format!("/api/v1/announcements/changes?since={min}.B"),
        format!("/api/v1/catalogue/changes?since={min}.{min}.2026-12-01.B"),
    ] {
        let (status, _) = send(&hub, "GET", &path, Some(&buyer), None).await;
        assert_eq!(status, 200, "{path}");
    }
    // A cursor that isn't one is refused as a bad request.
    let (status, body) = send(&hub, "GET", "/api/v1/orders?since=yesterday", Some(&buyer), None).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")));

    // Amounts beyond anything real.
    let huge = "100000000000000000000";
    let (status, body) = send(&hub, "PUT", "/api/v1/company/approval-rule", Some(&approver), Some(json!({"approvalOver": huge}))).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("the approval limit"), "{body}");
    let balance = json!({"prepaid": huge, "creditLimit": null});
    let (status, _) = send(&hub, "PUT", &format!("/api/v1/admin/customers/{CUSTOMER_A}/balance"), Some(&admin), Some(balance)).await;
    assert_eq!(status, 422);
    let (status, _) = send(&hub, "PUT", "/api/v1/admin/review-rule", Some(&admin), Some(json!({"hqReviewOver": huge}))).await;
    assert_eq!(status, 422);
    let rule = json!({"tier": "B", "productCode": "100002", "fixedPrice": huge});
    let (status, _) = send(&hub, "POST", "/api/v1/admin/price-rules", Some(&admin), Some(rule)).await;
    assert_eq!(status, 422);

    // An order of 40,000 lines, and one whose total is beyond the most an order may come to.
    let lines: Vec<Value> = (0..40_000).map(|n| json!({"productCode": format!("X{n}"), "quantity": 1})).collect();
    let (status, body) =
        send(&hub, "POST", "/api/v1/orders", Some(&buyer), Some(json!({"orderId": uuid::Uuid::now_v7(), "lines": lines}))).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("at most 10000 lines"), "{body}");
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    let unlimited = hub
        .catalogue(&buyer)
        .await
        .into_iter()
        .filter(|p| {
            p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.max_per_order.is_none() && p.rules.pack_multiple == 1
        })
        .max_by_key(|p| p.price)
        .expect("a product without a maximum per order");
    let vast = json!({"orderId": uuid::Uuid::now_v7(), "lines": [{"productCode": unlimited.code, "quantity": 4_000_000_000u32}]});
    let (status, body) = send(&hub, "POST", "/api/v1/orders", Some(&buyer), Some(vast)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("this order's total"), "{body}");

    // Paths and addresses that don't exist, methods an address doesn't take.
    let (status, body) = send(&hub, "GET", "/api/v1/orders/not-an-order-id", Some(&buyer), None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _) = send(&hub, "DELETE", "/api/v1/admin/announcements/not-a-number", Some(&admin), None).await;
    assert_eq!(status, 404);
    let (status, body) = send(&hub, "GET", "/api/v1/no-such-thing", Some(&buyer), None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _) = send(&hub, "DELETE", "/api/v1/login", None, None).await;
    assert_eq!(status, 405);
    assert_eq!(hub.count_new("orders").await, 0, "nothing was ordered");
}

on_both_databases!(hostile_input_gets_a_refusal_in_the_error_shape);
