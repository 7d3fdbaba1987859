//! Issued passwords, resets with a one-time token, self-registration awaiting approval.

use crate::cycles::order;
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_protocol::accounts::{IssuedAccount, IssuedResetToken};
use restock_protocol::accounts::{LoginResponse, UserRole};
use serde_json::json;

async fn login_as(hub: &TestHub, username: &str, password: &str) -> LoginResponse {
    let (status, body) = hub.post("/api/v1/login", None, &json!({"username": username, "password": password})).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

async fn an_issued_password_must_be_changed_before_anything_else(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let (status, body) = hub
        .post(
            "/api/v1/admin/customers",
            Some(&admin),
            &json!({"code": "330199999999", "name": "新开便利店", "tier": "B", "branch": "滨江分公司"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let issued: IssuedAccount = serde_json::from_value(body).unwrap();
    assert_eq!(issued.username, "330199999999");
    let stored: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = '330199999999'").fetch_one(&hub.db.pool).await.unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&issued.initial_password), "only a hash is kept");

    let session = login_as(&hub, &issued.username, &issued.initial_password).await;
    assert!(session.must_change_password);
    assert_eq!((session.role, session.account.as_ref().map(|a| a.tier.as_str())), (UserRole::Buyer, Some("B")));
    let (status, body) = hub.get("/api/v1/catalogue", Some(&session.token)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("password_change_required")));

    let change = |current: &str, new: &str| json!({"currentPassword": current, "newPassword": new});
    let (status, body) = hub.post("/api/v1/password", Some(&session.token), &change(&issued.initial_password, "1234567890")).await;
    assert_eq!(
        (status, body["code"].as_str(), body["message"].as_str()),
        (422, Some("password_too_weak"), Some("the new password must not be digits only"))
    );
    let (status, body) = hub.post("/api/v1/password", Some(&session.token), &change(&issued.initial_password, "short")).await;
    assert_eq!((status, body["message"].as_str()), (422, Some("the new password needs at least 8 characters")));
    let (status, body) = hub.post("/api/v1/password", Some(&session.token), &change("not-it", "a-good-passphrase")).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("invalid_credentials")));
    let (status, _) = hub.post("/api/v1/password", Some(&session.token), &change(&issued.initial_password, "a-good-passphrase")).await;
    assert_eq!(status, 204);

    let (status, _) = hub.get("/api/v1/catalogue", Some(&session.token)).await;
    assert_eq!(status, 200, "the same session works once the password is changed");
    assert!(!login_as(&hub, &issued.username, "a-good-passphrase").await.must_change_password);
}

async fn a_forgotten_password_is_reset_with_a_one_time_token(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let old_session = hub.login(CUSTOMER_A).await;
    let admin = hub.login("admin").await;
    let (status, body) = hub.post(&format!("/api/v1/admin/users/{CUSTOMER_A}/reset"), Some(&admin), &json!({})).await;
    assert_eq!(status, 201, "{body}");
    let issued: IssuedResetToken = serde_json::from_value(body).unwrap();

    let reset = |token: &str| json!({"username": CUSTOMER_A, "token": token, "newPassword": "new-secret-42"});
    let (status, body) = hub.post("/api/v1/password/reset", None, &reset("0000")).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("reset_token_invalid")));
    let (status, body) = hub
        .post("/api/v1/password/reset", None, &json!({"username": CUSTOMER_B, "token": issued.token, "newPassword": "new-secret-42"}))
        .await;
    assert_eq!((status, body["code"].as_str()), (422, Some("reset_token_invalid")), "a token is for one user only");
    let (status, _) = hub.post("/api/v1/password/reset", None, &reset(&issued.token)).await;
    assert_eq!(status, 204);
    let (status, body) = hub.post("/api/v1/password/reset", None, &reset(&issued.token)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("reset_token_invalid")), "a token works once");

    let (status, body) = hub.get("/api/v1/orders", Some(&old_session)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("session_expired")), "a reset ends every session");
    let (status, _) = hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": PASSWORD})).await;
    assert_eq!(status, 401, "the old password no longer works");
    login_as(&hub, CUSTOMER_A, "new-secret-42").await;

    // A token expires after a day.
    let (_, body) = hub.post(&format!("/api/v1/admin/users/{CUSTOMER_A}/reset"), Some(&admin), &json!({})).await;
    let late: IssuedResetToken = serde_json::from_value(body).unwrap();
    hub.calendar.pretend_now(late.expires_at + chrono::Duration::seconds(1));
    let (status, _) = hub.post("/api/v1/password/reset", None, &reset(&late.token)).await;
    assert_eq!(status, 422);
}

async fn a_registered_customer_orders_only_once_approved(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let registration = json!({"username": "330188888888", "password": "my-own-secret", "companyName": "城西烟酒店"});
    let (status, _) = hub.post("/api/v1/register", None, &registration).await;
    assert_eq!(status, 201);
    let (status, body) = hub.post("/api/v1/register", None, &registration).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("username_taken")));
    let (status, body) =
        hub.post("/api/v1/register", None, &json!({"username": "330177777777", "password": "330177777777", "companyName": "x"})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("password_too_weak")));

    let session = login_as(&hub, "330188888888", "my-own-secret").await;
    assert!(!session.must_change_password);
    // Anyone can register, so a pending customer sees no prices (issue 19) and can't order.
    for path in ["/api/v1/catalogue", "/api/v1/catalogue/changes", "/api/v1/promotions"] {
        let (status, body) = hub.get(path, Some(&session.token)).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("awaiting_approval")), "{path}");
    }
    let (status, body) = hub.post("/api/v1/orders", Some(&session.token), &order(&[("100001", 1)])).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("awaiting_approval")), "nor order");
    // A user name that hides what it is, or would fill a page, is refused.
    for username in ["admin\u{202E}", "x\u{0}y", "a b"] {
        let (status, body) =
            hub.post("/api/v1/register", None, &json!({"username": username, "password": "my-own-secret", "companyName": "店"})).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{username:?}: {body}");
    }
    let long = "9".repeat(100_000);
    let (status, _) =
        hub.post("/api/v1/register", None, &json!({"username": long, "password": "my-own-secret", "companyName": "店"})).await;
    assert_eq!(status, 422);

    let admin = hub.login("admin").await;
    let (status, body) = hub.post("/api/v1/admin/customers/330188888888/approve", Some(&admin), &json!({})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("active")));
    let (status, body) = hub.post("/api/v1/orders", Some(&session.token), &order(&[("100001", 1)])).await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = hub.get("/api/v1/catalogue", Some(&session.token)).await;
    assert_eq!(status, 200, "approved, it sees its prices");
}

async fn a_branch_admin_resets_only_its_own_branchs_staff(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let now = restock_hub::db::now_ms();
    let issued = restock_hub::accounts::staff::create_staff(&hub.db, "xihu-admin", UserRole::Admin, Some("西湖分公司"), now).await.unwrap();
    let session = login_as(&hub, "xihu-admin", &issued.initial_password).await;
    let change = json!({"currentPassword": issued.initial_password, "newPassword": "branch-secret-7"});
    let (status, body) = hub.post("/api/v1/password", Some(&session.token), &change).await;
    assert_eq!(status, 204, "{body}");
    for (user, expected) in [("admin", 404), ("reviewer", 404), ("xihu-reviewer", 201), (CUSTOMER_B_FIXED, 201), (CUSTOMER_C, 404)] {
        let (status, body) = hub.post(&format!("/api/v1/admin/users/{user}/reset"), Some(&session.token), &json!({})).await;
        assert_eq!(status, expected, "{user}: {body}");
    }
    let admin = hub.login("admin").await;
    let (status, _) = hub.post("/api/v1/admin/users/xihu-admin/reset", Some(&admin), &json!({})).await;
    assert_eq!(status, 201, "headquarters resets anyone");
}

async fn a_password_change_ends_every_other_session(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (here, elsewhere) = (hub.login(CUSTOMER_A).await, hub.login(CUSTOMER_A).await);
    let change = json!({"currentPassword": PASSWORD, "newPassword": "another-secret-9"});
    let (status, body) = hub.post("/api/v1/password", Some(&here), &change).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = hub.get("/api/v1/orders", Some(&elsewhere)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("session_expired")), "the other session ended");
    let (status, _) = hub.get("/api/v1/orders", Some(&here)).await;
    assert_eq!(status, 200, "the session that changed it goes on");
}

async fn the_first_admin_comes_from_the_command_line(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let issued =
        restock_hub::accounts::staff::create_staff(&hub.db, "boss", UserRole::Admin, None, restock_hub::db::now_ms()).await.unwrap();
    let session = login_as(&hub, "boss", &issued.initial_password).await;
    assert_eq!((session.role, session.must_change_password, session.account), (UserRole::Admin, true, None));
    let again = restock_hub::accounts::staff::create_staff(&hub.db, "boss", UserRole::Admin, None, restock_hub::db::now_ms()).await;
    assert!(again.is_err(), "a user name is taken once");
    assert!(restock_hub::accounts::staff::create_staff(&hub.db, "x", UserRole::Buyer, None, 0).await.is_err(), "staff roles only");
    let staff =
        restock_hub::accounts::staff::create_staff(&hub.db, "xihu-clerk", UserRole::Warehouse, Some("西湖分公司"), 0).await.unwrap();
    assert_eq!(login_as(&hub, "xihu-clerk", &staff.initial_password).await.branch.as_deref(), Some("西湖分公司"));
}

on_both_databases!(
    an_issued_password_must_be_changed_before_anything_else,
    a_forgotten_password_is_reset_with_a_one_time_token,
    a_registered_customer_orders_only_once_approved,
    a_password_change_ends_every_other_session,
    a_branch_admin_resets_only_its_own_branchs_staff,
    the_first_admin_comes_from_the_command_line,
);
