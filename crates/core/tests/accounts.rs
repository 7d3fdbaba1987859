//! Signing up and resetting a password from the app, against a real hub: what a new customer and a
//! locked-out buyer do on the login screen's two other forms.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::accounts::Registration;
use restock_protocol::ErrorCode;
use std::sync::Arc;

async fn desk(dir: &std::path::Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryOnly::default()) as Arc<dyn CredentialStore>).await.unwrap()
}

/// The supplier's side, which has no screen yet: a POST to the hub's API, its answer as JSON.
async fn post(url: &str, token: Option<&str>, body: serde_json::Value) -> serde_json::Value {
    let mut request = reqwest::Client::new().post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

fn signing_up(username: &str, password: &str, company_name: &str) -> Registration {
    let entered = |s: &str| Some(s.to_owned());
    Registration {
        username: username.into(),
        password: password.into(),
        company_name: company_name.into(),
        contact: entered(" 王芳 "),
        phone: entered("13800000000"),
        address: None,
    }
}

#[tokio::test]
async fn a_new_customer_signs_up_logs_in_and_waits_for_approval() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 20, customers: 1 }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = desk(dir.path()).await;
    let weak = app.register(&hub.url, &signing_up("91330100MA2XYZ", "12345678", "西湖便利店")).await.unwrap_err();
    assert_eq!(weak.code(), ErrorCode::PasswordTooWeak, "checked here before it is sent");
    app.register(&hub.url, &signing_up(" 91330100MA2XYZ ", "a-good-Passw0rd", " 西湖便利店 ")).await.unwrap();
    let again = app.register(&hub.url, &signing_up("91330100MA2XYZ", "another-Passw0rd", "别的店")).await.unwrap_err();
    assert_eq!(again.code(), ErrorCode::UsernameTaken);

    let session = app.login(&hub.url, "91330100MA2XYZ", "a-good-Passw0rd").await.unwrap();
    assert_eq!(session.account.as_ref().map(|a| a.customer_name.as_str()), Some("西湖便利店"));
    let waiting = app.sync_catalogue().await.unwrap_err();
    assert_eq!(waiting.code(), ErrorCode::AwaitingApproval, "no prices before the supplier approves");
}

#[tokio::test]
async fn a_buyer_sets_a_new_password_with_the_suppliers_reset_code() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 20, customers: 1 }).await;
    let admin =
        post(&format!("{}/api/v1/login", hub.url), None, serde_json::json!({"username": "admin", "password": demo::DEMO_PASSWORD})).await;
    let reset = format!("{}/api/v1/admin/users/{}/reset", hub.url, demo::DEMO_USERNAME);
    let issued = post(&reset, admin["token"].as_str(), serde_json::json!({})).await;
    let code = issued["token"].as_str().expect("a reset code").to_owned();

    let dir = tempfile::tempdir().unwrap();
    let app = desk(dir.path()).await;
    let wrong = app.reset_password(&hub.url, demo::DEMO_USERNAME, &"0".repeat(code.len()), "a-new-Passw0rd").await.unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::ResetTokenInvalid);
    app.reset_password(&hub.url, demo::DEMO_USERNAME, &format!(" {code} "), "a-new-Passw0rd").await.unwrap();
    let old = app.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(old.code(), ErrorCode::InvalidCredentials, "the old password no longer works");
    app.login(&hub.url, demo::DEMO_USERNAME, "a-new-Passw0rd").await.unwrap();
    let used = app.reset_password(&hub.url, demo::DEMO_USERNAME, &code, "a-third-Passw0rd").await.unwrap_err();
    assert_eq!(used.code(), ErrorCode::ResetTokenInvalid, "a code works once");
}
