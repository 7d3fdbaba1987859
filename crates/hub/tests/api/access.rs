//! Ending access (issue 19.6): a disabled user (停用) and a suspended customer (暂停) are out at
//! once, sessions included, and back when enabled; a session left idle ends; a branch's admin
//! reaches only its own branch's users.

use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::json;

async fn login_status(hub: &TestHub, username: &str) -> (u16, serde_json::Value) {
    hub.post("/api/v1/login", None, &json!({"username": username, "password": PASSWORD})).await
}

async fn a_disabled_user_is_out_at_once_and_back_when_enabled(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let buyer = hub.login(CUSTOMER_A).await;
    let (status, _) = hub.get("/api/v1/orders", Some(&buyer)).await;
    assert_eq!(status, 200);

    let (status, body) = hub.post(&format!("/api/v1/admin/users/{CUSTOMER_A}/disable"), Some(&admin), &json!({})).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = hub.get("/api/v1/orders", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("account_disabled")), "the open session ends at once: {body}");
    assert!(body["message"].as_str().unwrap().contains("disabled"), "{body}");
    let (status, body) = login_status(&hub, CUSTOMER_A).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("account_disabled")), "{body}");
    // Without the password nothing is said about the account.
    let (status, body) = hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": "wrong-one"})).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("invalid_credentials")), "{body}");
    let (_, detail) = hub.get(&format!("/api/v1/admin/customers/{CUSTOMER_A}"), Some(&admin)).await;
    let user = detail["users"].as_array().unwrap().iter().find(|u| u["username"] == CUSTOMER_A).unwrap().clone();
    assert_eq!(user["disabled"], true, "{detail}");

    let (status, _) = hub.post(&format!("/api/v1/admin/users/{CUSTOMER_A}/enable"), Some(&admin), &json!({})).await;
    assert_eq!(status, 204);
    let (status, body) = hub.get("/api/v1/orders", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("session_expired")), "the old session stays ended: {body}");
    let (status, body) = login_status(&hub, CUSTOMER_A).await;
    assert_eq!(status, 200, "{body}");

    // Refusals: oneself, nobody, a non-admin.
    let (status, body) = hub.post("/api/v1/admin/users/admin/disable", Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    let (status, body) = hub.post("/api/v1/admin/users/nobody-here/disable", Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    let reviewer = hub.login("reviewer").await;
    let (status, body) = hub.post(&format!("/api/v1/admin/users/{CUSTOMER_A}/disable"), Some(&reviewer), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
}

async fn a_suspended_customer_is_out_for_all_its_users(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let approver = hub.login(restock_hub::demo::SECOND_USER).await;

    let (status, body) = hub.post(&format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}/suspend"), Some(&admin), &json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("suspended")), "{body}");
    for token in [&buyer, &approver] {
        let (status, body) = hub.get("/api/v1/catalogue", Some(token)).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("account_disabled")), "{body}");
        assert!(body["message"].as_str().unwrap().contains("suspended"), "{body}");
    }
    let (status, body) = login_status(&hub, CUSTOMER_B_FIXED).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("account_disabled")), "{body}");
    let (_, list) = hub.get("/api/v1/admin/customers?status=suspended", Some(&admin)).await;
    let codes: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, [CUSTOMER_B_FIXED], "{list}");
    // Twice is once.
    let (status, body) = hub.post(&format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}/suspend"), Some(&admin), &json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("suspended")), "{body}");

    let (status, body) = hub.post(&format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}/reactivate"), Some(&admin), &json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("active")), "{body}");
    let (status, body) = login_status(&hub, CUSTOMER_B_FIXED).await;
    assert_eq!(status, 200, "{body}");

    // A registration still waiting is approved, not suspended.
    let (status, _) = hub
        .post("/api/v1/register", None, &json!({"username": "330188888881", "password": "pending-secret", "companyName": "待审核商店"}))
        .await;
    assert_eq!(status, 201);
    let (status, body) = hub.post("/api/v1/admin/customers/330188888881/suspend", Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("approve"), "{body}");
    let (status, body) = hub.post("/api/v1/admin/customers/330100999999/suspend", Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
}

async fn an_idle_session_ends(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let buyer = hub.login(CUSTOMER_A).await;
    let (status, _) = hub.get("/api/v1/orders", Some(&buyer)).await;
    assert_eq!(status, 200);
    // Last used a day longer ago than the idle limit.
    let long_ago = restock_hub::db::now_ms() - (restock_hub::accounts::IDLE_DAYS + 1) * 24 * 3600 * 1000;
    sqlx::query("UPDATE sessions SET last_seen_at = $1, created_at = $1").bind(long_ago).execute(&hub.db.pool).await.unwrap();
    let (status, body) = hub.get("/api/v1/orders", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("session_expired")), "{body}");
    // One in use is kept alive by its use: last used an hour ago, it is used and marked now.
    let fresh = hub.login(CUSTOMER_A).await;
    let an_hour_ago = restock_hub::db::now_ms() - 3600 * 1000;
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE revoked_at IS NULL AND last_seen_at IS NULL")
        .bind(an_hour_ago)
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let (status, _) = hub.get("/api/v1/orders", Some(&fresh)).await;
    assert_eq!(status, 200);
    let seen: i64 = sqlx::query_scalar("SELECT MAX(last_seen_at) FROM sessions").fetch_one(&hub.db.pool).await.unwrap();
    assert!(seen > an_hour_ago + 1800 * 1000, "the use was recorded");
}

async fn a_branch_admin_reaches_only_its_branch(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = xihu_admin(&hub).await;
    // Headquarters' admin and 滨江's customer are not its to disable; 西湖's customer is.
    for (path, expected) in [
        ("/api/v1/admin/users/admin/disable".to_owned(), 404),
        (format!("/api/v1/admin/users/{CUSTOMER_C}/disable"), 404),
        (format!("/api/v1/admin/customers/{CUSTOMER_C}/suspend"), 404),
        (format!("/api/v1/admin/users/{CUSTOMER_B_FIXED}/disable"), 204),
    ] {
        let (status, body) = hub.post(&path, Some(&token), &json!({})).await;
        assert_eq!(status, expected, "{path}: {body}");
    }
    let (status, body) = login_status(&hub, "admin").await;
    assert_eq!(status, 200, "headquarters' admin is untouched: {body}");
}

on_both_databases!(
    a_disabled_user_is_out_at_once_and_back_when_enabled,
    a_suspended_customer_is_out_for_all_its_users,
    an_idle_session_ends,
    a_branch_admin_reaches_only_its_branch
);
