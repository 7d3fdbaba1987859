//! Review in two levels (审核): an order of a branch's customer above the supplier's limit is
//! approved by the branch first, then by headquarters; smaller ones by either, once.

use crate::cycles::order;
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_hub::review::levels::BRANCH_APPROVED_NOTE;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// An order of 330100000001 (西湖分公司) coming to more than `over`.
pub async fn order_over(hub: &TestHub, token: &str, over: Decimal) -> String {
    let product = hub
        .catalogue(token)
        .await
        .into_iter()
        // On sale, with no maximum per order (stock is not tracked in these tests).
        .find(|p| p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.max_per_order.is_none())
        .expect("an unlimited product");
    let pack = Decimal::from(product.rules.pack_multiple);
    let packs = (over / (product.price * pack)).floor() + Decimal::ONE;
    let quantity = u32::try_from((packs * pack).mantissa()).unwrap().max(product.rules.min_per_order);
    let (status, body) = hub.post("/api/v1/orders", Some(token), &order(&[(&product.code, quantity)])).await;
    assert_eq!(status, 201, "{body}");
    body["orderId"].as_str().unwrap().to_owned()
}

async fn approve(hub: &TestHub, token: &str, order_id: &str) -> (u16, Value) {
    hub.post(&format!("/api/v1/admin/orders/{order_id}/approve"), Some(token), &json!({})).await
}

async fn setup(backend: Backend) -> (TestHub, String, String, String) {
    let hub = spawn_hub(backend).await;
    // Large orders, not limited by money or stock: these tests are about who reviews them.
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let hq = hub.login("reviewer").await;
    let branch = hub.login("xihu-reviewer").await;
    (hub, buyer, hq, branch)
}

async fn a_large_order_is_approved_by_its_branch_then_by_headquarters(backend: Backend) {
    let (hub, buyer, hq, branch) = setup(backend).await;
    let large = order_over(&hub, &buyer, Decimal::new(20_000, 0)).await;

    // Headquarters can't go first.
    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("needs_branch_review")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("over ¥20000.00"), "{body}");

    // The branch approves: recorded, still waiting for headquarters.
    let (status, body) = approve(&hub, &branch, &large).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("submitted")), "{body}");
    let history = body["order"]["history"].as_array().unwrap().clone();
    let last = history.last().unwrap();
    assert_eq!((last["by"].as_str(), last["note"].as_str()), (Some("xihu-reviewer"), Some(BRANCH_APPROVED_NOTE)));
    // Twice is once.
    let (status, again) = approve(&hub, &branch, &large).await;
    assert_eq!(status, 200);
    assert_eq!(again["order"]["history"].as_array().unwrap().len(), history.len(), "no second branch approval");

    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
    assert_eq!(body["order"]["history"].as_array().unwrap().last().unwrap()["by"], "reviewer");
    let (_, seen) = hub.get(&format!("/api/v1/orders/{large}"), Some(&buyer)).await;
    assert_eq!(seen["status"], "approved", "the customer sees it approved: {seen}");
}

async fn small_orders_and_rejections_take_one_review(backend: Backend) {
    let (hub, buyer, hq, branch) = setup(backend).await;
    let small = order_over(&hub, &buyer, Decimal::new(100, 0)).await;
    let (status, body) = approve(&hub, &branch, &small).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "under the limit the branch decides: {body}");

    // A rejection by the branch is final, large or not.
    let large = order_over(&hub, &buyer, Decimal::new(20_000, 0)).await;
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{large}/reject"), Some(&branch), &json!({"reason": "超出本月额度"})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("rejected")), "{body}");
    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")), "{body}");

    // With the rule off, one review decides every order.
    let admin = hub.login("admin").await;
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&admin), &json!({"hqReviewOver": null})).await;
    assert_eq!((status, body["hqReviewOver"].clone()), (200, Value::Null), "{body}");
    let large = order_over(&hub, &buyer, Decimal::new(20_000, 0)).await;
    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
}

async fn only_admins_set_the_review_rule(backend: Backend) {
    let (hub, buyer, hq, _) = setup(backend).await;
    let admin = hub.login("admin").await;
    let (status, body) = hub.get("/api/v1/admin/review-rule", Some(&hq)).await;
    assert_eq!((status, body["hqReviewOver"].as_str()), (200, Some("20000.00")), "{body}");
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&hq), &json!({"hqReviewOver": "1.00"})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.get("/api/v1/admin/review-rule", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&admin), &json!({"hqReviewOver": "-5.00"})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&admin), &json!({"hqReviewOver": "5000.00"})).await;
    assert_eq!((status, body["hqReviewOver"].as_str()), (200, Some("5000.00")), "{body}");
    let (_, body) = hub.get("/api/v1/admin/review-rule", Some(&admin)).await;
    assert_eq!(body["hqReviewOver"], "5000.00");
}

on_both_databases!(
    a_large_order_is_approved_by_its_branch_then_by_headquarters,
    small_orders_and_rejections_take_one_review,
    only_admins_set_the_review_rule
);
