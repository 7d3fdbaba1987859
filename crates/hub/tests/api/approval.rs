//! The customer's own approval (审批): a buyer's order above the company's limit waits for one of
//! the company's approvers, takes nothing meanwhile, and only then goes to the supplier's review.

use crate::cycles::{lines, order, shanghai, CYCLE_CUSTOMER};
use crate::helpers::*;
use crate::on_both_databases;
use crate::review::order_over;
use restock_hub::db::Backend;
use restock_hub::demo::SECOND_USER as APPROVER;
use restock_hub::orders::approval::AWAITING_NOTE;
use rust_decimal::Decimal;
use serde_json::{json, Value};

async fn setup(backend: Backend) -> (TestHub, String, String) {
    let hub = spawn_hub(backend).await;
    // Not limited by money or stock: these tests are about who approves.
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let approver = hub.login(APPROVER).await;
    let (status, body) = hub.put("/api/v1/company/approval-rule", Some(&approver), &json!({"approvalOver": "5000.00"})).await;
    assert_eq!(status, 200, "{body}");
    (hub, buyer, approver)
}

async fn act(hub: &TestHub, token: &str, order_id: &str, action: &str, body: Value) -> (u16, Value) {
    hub.post(&format!("/api/v1/orders/{order_id}/{action}"), Some(token), &body).await
}

fn last_event(order: &Value) -> Value {
    order["history"].as_array().unwrap().last().unwrap().clone()
}

async fn a_large_order_waits_for_the_approver_then_goes_to_the_supplier(backend: Backend) {
    let (hub, buyer, approver) = setup(backend).await;
    let small = order_over(&hub, &buyer, Decimal::new(100, 0)).await;
    let (_, body) = hub.get(&format!("/api/v1/orders/{small}"), Some(&buyer)).await;
    assert_eq!(body["status"], "submitted", "under the limit nothing waits: {body}");

    let large = order_over(&hub, &buyer, Decimal::new(5_000, 0)).await;
    let (_, body) = hub.get(&format!("/api/v1/orders/{large}"), Some(&buyer)).await;
    assert_eq!((body["status"].as_str(), last_event(&body)["note"].as_str()), (Some("awaiting_approval"), Some(AWAITING_NOTE)), "{body}");
    // Not yet the supplier's to review.
    let reviewer = hub.login("reviewer").await;
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{large}/approve"), Some(&reviewer), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")), "{body}");
    // The buyer can't approve their own order.
    let (status, body) = act(&hub, &buyer, &large, "approve", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("approver (审批人)"), "{body}");

    // The approver approves: placed, with who and when; twice is once.
    let (status, body) = act(&hub, &approver, &large, "approve", json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("submitted")), "{body}");
    let event = last_event(&body);
    assert_eq!((event["by"].as_str(), event["note"].as_str()), (Some(APPROVER), Some("审批通过: approved by the company")));
    let events = body["history"].as_array().unwrap().len();
    let (status, again) = act(&hub, &approver, &large, "approve", json!({})).await;
    assert_eq!((status, again["history"].as_array().unwrap().len()), (200, events), "{again}");
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{large}/approve"), Some(&reviewer), &json!({})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");

    // The approver's own orders never wait.
    let own = order_over(&hub, &approver, Decimal::new(5_000, 0)).await;
    let (_, body) = hub.get(&format!("/api/v1/orders/{own}"), Some(&approver)).await;
    assert_eq!(body["status"], "submitted", "{body}");
}

async fn a_declined_order_is_cancelled_with_the_reason_and_other_companies_are_out_of_reach(backend: Backend) {
    let (hub, buyer, approver) = setup(backend).await;
    let large = order_over(&hub, &buyer, Decimal::new(5_000, 0)).await;
    let (status, body) = act(&hub, &approver, &large, "decline", json!({"reason": "  "})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "a decline says why: {body}");
    let (status, body) = act(&hub, &approver, &large, "decline", json!({"reason": "本月已够，下周再订"})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("cancelled")), "{body}");
    assert_eq!(last_event(&body)["note"], "审批驳回: declined by the company: 本月已够，下周再订");
    let (status, body) = act(&hub, &approver, &large, "approve", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("this one is cancelled"), "{body}");

    // Another company's waiting order is not this approver's to see.
    sqlx::query("UPDATE customers SET approval_over_fen = 0 WHERE code = $1").bind(CUSTOMER_C).execute(&hub.db.pool).await.unwrap();
    let other_buyer = hub.login(CUSTOMER_C).await;
    let (status, body) = hub.post("/api/v1/orders", Some(&other_buyer), &order(&[("100002", 1)])).await;
    assert_eq!((status, body["status"].as_str()), (201, Some("awaiting_approval")), "{body}");
    let theirs = body["orderId"].as_str().unwrap().to_owned();
    for action in ["approve", "decline"] {
        let (status, body) = act(&hub, &approver, &theirs, action, json!({"reason": "x"})).await;
        assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{action}: {body}");
    }
}

async fn the_rule_is_the_approvers_to_set_and_everyone_in_the_company_sees_it(backend: Backend) {
    let (hub, buyer, approver) = setup(backend).await;
    let (status, body) = hub.put("/api/v1/company/approval-rule", Some(&buyer), &json!({"approvalOver": null})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    for bad in ["-1.00", "10.005"] {
        let (status, body) = hub.put("/api/v1/company/approval-rule", Some(&approver), &json!({"approvalOver": bad})).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{bad}: {body}");
    }
    let (_, body) = hub.get("/api/v1/company/approval-rule", Some(&buyer)).await;
    assert_eq!(body["approvalOver"], "5000.00");
    let (_, desk) = hub.get("/api/v1/home", Some(&buyer)).await;
    assert_eq!(desk["company"], json!({"approvalOver": "5000.00", "canApprove": false}));
    let (_, desk) = hub.get("/api/v1/home", Some(&approver)).await;
    assert_eq!(desk["company"], json!({"approvalOver": "5000.00", "canApprove": true}));
    // Another company's rule is its own.
    let other = hub.login(CUSTOMER_C).await;
    let (_, desk) = hub.get("/api/v1/home", Some(&other)).await;
    assert_eq!(desk["company"], json!({"approvalOver": null, "canApprove": false}));

    // Off again: a large order goes straight through.
    let (status, _) = hub.put("/api/v1/company/approval-rule", Some(&approver), &json!({"approvalOver": null})).await;
    assert_eq!(status, 200);
    let large = order_over(&hub, &buyer, Decimal::new(5_000, 0)).await;
    let (_, body) = hub.get(&format!("/api/v1/orders/{large}"), Some(&buyer)).await;
    assert_eq!(body["status"], "submitted");
}

async fn a_waiting_order_takes_nothing_grows_into_waiting_and_is_voided_at_the_cutoff(backend: Backend) {
    let hub = spawn_hub(backend).await;
    sqlx::query("UPDATE customers SET approval_over_fen = 100000 WHERE code = $1")
        .bind(CYCLE_CUSTOMER)
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let token = hub.login(CYCLE_CUSTOMER).await;
    let tuesday = crate::cycles::next_tuesday_after_the_demos_past_cycle();
    hub.calendar.pretend_now(shanghai(&format!("{tuesday} 10:00:00")));
    let allocation_left = |supply: &Value| {
        supply["items"].as_array().unwrap().iter().find(|i| i["productCode"] == "100001").unwrap()["allocationLeft"].clone()
    };

    // Confirmed (决定购买) above the ¥1,000 limit: it waits, and the allocation is untouched.
    let (_, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100001", 20)])).await;
    let id = body["orderId"].as_str().unwrap().to_owned();
    assert_eq!(body["status"], "saved", "{body}");
    let (status, body) = act(&hub, &token, &id, "confirm", json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("awaiting_approval")), "{body}");
    let (_, supply) = hub.get("/api/v1/supply", Some(&token)).await;
    assert_eq!(allocation_left(&supply), 30, "a waiting order takes nothing: {supply}");

    // Cut below the limit, it is placed and takes its share; grown past it again, it gives it back and waits.
    let (status, body) = hub.put(&format!("/api/v1/orders/{id}"), Some(&token), &lines(&[("100001", 1)])).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("submitted")), "{body}");
    let (_, supply) = hub.get("/api/v1/supply", Some(&token)).await;
    assert_eq!(allocation_left(&supply), 29);
    let (status, body) = hub.put(&format!("/api/v1/orders/{id}"), Some(&token), &lines(&[("100001", 25)])).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("awaiting_approval")), "{body}");
    assert_eq!(last_event(&body)["note"], AWAITING_NOTE);
    let (_, supply) = hub.get("/api/v1/supply", Some(&token)).await;
    assert_eq!(allocation_left(&supply), 30);

    // Nobody approved it by 23:00: voided, and said why.
    hub.calendar.pretend_now(shanghai(&format!("{tuesday} 23:00:00")));
    restock_hub::cycles::void_overdue(&hub.db, &hub.calendar).await.unwrap();
    let (_, body) = hub.get(&format!("/api/v1/orders/{id}"), Some(&token)).await;
    assert_eq!(body["status"], "voided", "{body}");
    assert_eq!(last_event(&body)["note"], "not approved by the company (审批) by the cutoff");
}

async fn a_waiting_order_must_still_fit_the_balance(backend: Backend) {
    let hub = spawn_hub(backend).await;
    sqlx::query("UPDATE customers SET approval_over_fen = 0, prepaid_balance_fen = 1000, credit_limit_fen = NULL WHERE code = $1")
        .bind(CUSTOMER_B_FIXED)
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let (status, body) = hub.post("/api/v1/orders", Some(&buyer), &order(&[("100002", 10)])).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("insufficient_balance")), "余额不足 before anyone is asked to approve: {body}");
}

async fn the_supplier_issues_a_companys_approver_who_changes_the_password_first(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let users = format!("/api/v1/admin/customers/{CUSTOMER_C}/users");
    let (status, body) = hub.post(&users, Some(&admin), &json!({"username": "330100000002-boss", "role": "admin"})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "no staff accounts for a customer: {body}");
    let (status, body) = hub.post(&users, Some(&admin), &json!({"username": CUSTOMER_B_FIXED, "role": "approver"})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("username_taken")), "{body}");
    let (status, body) =
        hub.post("/api/v1/admin/customers/339999999999/users", Some(&admin), &json!({"username": "x", "role": "buyer"})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    let (status, issued) = hub.post(&users, Some(&admin), &json!({"username": "330100000002-boss", "role": "approver"})).await;
    assert_eq!(status, 201, "{issued}");

    // The issued password opens nothing but the password change.
    let password = issued["initialPassword"].as_str().unwrap();
    let (_, login) = hub.post("/api/v1/login", None, &json!({"username": "330100000002-boss", "password": password})).await;
    assert_eq!((login["role"].as_str(), login["mustChangePassword"].as_bool()), (Some("approver"), Some(true)), "{login}");
    let token = login["token"].as_str().unwrap().to_owned();
    let (status, body) = hub.put("/api/v1/company/approval-rule", Some(&token), &json!({"approvalOver": "0.00"})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("password_change_required")), "{body}");
    let (status, _) =
        hub.post("/api/v1/password", Some(&token), &json!({"currentPassword": password, "newPassword": "滨江审批-2026"})).await;
    assert_eq!(status, 204);

    // Now the company's approver: it sets the limit and approves its own buyer's order.
    let (status, _) = hub.put("/api/v1/company/approval-rule", Some(&token), &json!({"approvalOver": "0.00"})).await;
    assert_eq!(status, 200);
    let buyer = hub.login(CUSTOMER_C).await;
    let (_, body) = hub.post("/api/v1/orders", Some(&buyer), &order(&[("100002", 1)])).await;
    assert_eq!(body["status"], "awaiting_approval", "{body}");
    let (status, body) = act(&hub, &token, body["orderId"].as_str().unwrap(), "approve", json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("submitted")), "{body}");
}

on_both_databases!(
    the_supplier_issues_a_companys_approver_who_changes_the_password_first,
    a_large_order_waits_for_the_approver_then_goes_to_the_supplier,
    a_declined_order_is_cancelled_with_the_reason_and_other_companies_are_out_of_reach,
    the_rule_is_the_approvers_to_set_and_everyone_in_the_company_sees_it,
    a_waiting_order_takes_nothing_grows_into_waiting_and_is_voided_at_the_cutoff,
    a_waiting_order_must_still_fit_the_balance
);
