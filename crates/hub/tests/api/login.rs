use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::json;

async fn wrong_password_is_refused_with_its_code(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (status, body) = hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": "wrong"})).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "invalid_credentials");
    assert_eq!(body["message"], "wrong user name or password");

    // An unknown user gets exactly the same answer: no hint that the name exists.
    let (status, unknown) = hub.post("/api/v1/login", None, &json!({"username": "999999999999", "password": "x"})).await;
    assert_eq!((status, unknown), (401, body));
}

async fn login_returns_a_token_and_the_account(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (status, body) = hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": PASSWORD})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["account"]["customerCode"], CUSTOMER_A);
    assert_eq!(body["account"]["tier"], "A");
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
    // Only the token's hash is stored.
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_one(&hub.db.pool).await.unwrap();
    assert_ne!(stored, body["token"].as_str().unwrap());
}

async fn requests_without_a_valid_session_are_refused(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (status, body) = hub.get("/api/v1/catalogue", None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("not_logged_in")));
    let (status, body) = hub.get("/api/v1/catalogue", Some("not-a-token")).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("not_logged_in")));

    let token = hub.login(CUSTOMER_A).await;
    let (status, _) = hub.post("/api/v1/logout", Some(&token), &json!({})).await;
    assert_eq!(status, 204);
    let (status, body) = hub.get("/api/v1/catalogue", Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("session_expired")));
}

async fn malformed_json_gets_the_same_error_shape(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let response = hub
        .http
        .post(format!("{}/api/v1/login", hub.url))
        .header("content-type", "application/json")
        .body("{\"username\": 12")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
    assert!(!body["message"].as_str().unwrap().is_empty());
}

on_both_databases!(
    wrong_password_is_refused_with_its_code,
    login_returns_a_token_and_the_account,
    requests_without_a_valid_session_are_refused,
    malformed_json_gets_the_same_error_shape,
);
