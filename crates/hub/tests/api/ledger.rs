use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::json;

fn order_of(quantity: u32) -> serde_json::Value {
    json!({"orderId": uuid::Uuid::now_v7(), "lines": [{"productCode": "100001", "quantity": quantity}]})
}

async fn set_prepaid(hub: &TestHub, code: &str, fen: i64) {
    sqlx::query("UPDATE customers SET prepaid_balance_fen = $1, credit_limit_fen = NULL WHERE code = $2")
        .bind(fen)
        .bind(code)
        .execute(&hub.db.pool)
        .await
        .unwrap();
}

/// Prepaid 10,000.00 with 8,500.00 of open orders: 1,750.00 more is refused, 1,500.00 accepted.
async fn an_order_over_the_balance_is_refused_with_both_amounts(backend: Backend) {
    let hub = spawn_hub(backend).await;
    set_prepaid(&hub, CUSTOMER_C, 1_000_000).await;
    let token = hub.login(CUSTOMER_C).await; // tier C pays the base price, 250.00 for 100001
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order_of(34)).await;
    assert_eq!((status, body["total"].as_str()), (201, Some("8500.00")), "{body}");

    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order_of(7)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "insufficient_balance");
    assert_eq!(body["message"], "余额不足: available 1,500.00, this order 1,750.00");
    assert_eq!(hub.count_new("orders").await, 1, "nothing of the refused order is kept");

    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order_of(6)).await;
    assert_eq!((status, body["total"].as_str()), (201, Some("1500.00")), "{body}");
}

async fn two_orders_racing_for_the_last_money_never_both_pass(backend: Backend) {
    let hub = spawn_hub(backend).await;
    set_prepaid(&hub, CUSTOMER_C, 150_000).await;
    let token = hub.login(CUSTOMER_C).await;
    // Six orders of 1,000.00 at once against 1,500.00: one goes through, the others are refused
    // with the reason (never an internal error, e.g. a database deadlock).
    let orders: Vec<_> = (0..6).map(|_| order_of(4)).collect();
    let answers = futures::future::join_all(orders.iter().map(|o| hub.post("/api/v1/orders", Some(&token), o))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 422, 422, 422, 422, 422], "{answers:?}");
    assert!(answers.iter().filter(|(s, _)| *s == 422).all(|(_, b)| b["code"] == "insufficient_balance"));
    assert_eq!(hub.count_new("orders").await, 1);
}

async fn a_customer_without_limits_is_not_checked(backend: Backend) {
    let hub = spawn_hub(backend).await;
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    let token = hub.login(CUSTOMER_C).await;
    let (status, body) = hub.post("/api/v1/orders", Some(&token), &order_of(50)).await;
    assert_eq!(status, 201, "{body}");
}

on_both_databases!(
    an_order_over_the_balance_is_refused_with_both_amounts,
    two_orders_racing_for_the_last_money_never_both_pass,
    a_customer_without_limits_is_not_checked,
);
