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

async fn repeated_wrong_passwords_lock_the_account_for_a_while(backend: Backend) {
    let hub = spawn_hub(backend).await;
    hub.calendar.pretend_now(crate::cycles::shanghai("2026-11-24 09:00:00"));
    let attempt = |password: &'static str| {
        let hub = &hub;
        async move { hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": password})).await }
    };
    for _ in 0..4 {
        assert_eq!(attempt("guess").await.0, 401);
    }
    let (status, body) = attempt("guess").await;
    assert_eq!((status, body["code"].as_str()), (429, Some("account_locked")), "the fifth wrong password locks it");
    assert_eq!(
        body["message"],
        "too many wrong passwords: this account is locked until 09:15; try again then, or ask the supplier to reset the password"
    );
    let (status, body) = attempt(PASSWORD).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("account_locked")), "even the right password waits");
    assert_eq!(hub.login(CUSTOMER_B).await.len(), 64, "other accounts are not affected");

    hub.calendar.pretend_now(crate::cycles::shanghai("2026-11-24 09:16:00"));
    assert_eq!(attempt(PASSWORD).await.0, 200, "after the lock, the right password works");
    // Success resets the count: four more wrong ones don't lock it.
    for _ in 0..4 {
        assert_eq!(attempt("guess").await.0, 401);
    }
    assert_eq!(attempt(PASSWORD).await.0, 200);
}

/// Twenty wrong guesses at once: each attempt is counted before its password is checked, so no
/// more than the lockout's five are tried (four answered as wrong, the fifth locks), and the right
/// password, sent after, waits like the rest.
async fn parallel_guesses_get_no_more_tries_than_the_lockout(backend: Backend) {
    let hub = spawn_hub(backend).await;
    hub.calendar.pretend_now(crate::cycles::shanghai("2026-11-24 09:00:00"));
    let guesses = (0..20).map(|i| {
        let hub = &hub;
        async move { hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": format!("guess-{i}")})).await }
    });
    let answers = futures::future::join_all(guesses).await;
    let codes: Vec<_> = answers.iter().map(|(status, body)| (*status, body["code"].as_str().unwrap_or("").to_owned())).collect();
    let wrong = codes.iter().filter(|(status, code)| *status == 401 && code == "invalid_credentials").count();
    let locked = codes.iter().filter(|(status, code)| *status == 429 && code == "account_locked").count();
    assert_eq!((wrong, locked), (4, 16), "{codes:?}");
    let (status, body) = hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": PASSWORD})).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("account_locked")), "locked by the guesses");
}

/// Forty guesses at forty accounts at once from one address: the first thirty are answered, the
/// rest are told to wait (with `Retry-After`), and none of the accounts is locked by it, so the
/// buyer whose name was tried logs in once the address has waited.
async fn many_accounts_guessed_from_one_address_are_slowed_not_locked(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let guesses = (0..40).map(|i| {
        let hub = &hub;
        let username = if i == 0 { CUSTOMER_A.to_owned() } else { format!("9{i:011}") };
        async move {
            let response = hub.http.post(format!("{}/api/v1/login", hub.url)).json(&json!({"username": username, "password": "guess"}));
            let response = response.send().await.unwrap();
            let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
            let status = response.status().as_u16();
            (status, retry_after, response.json::<serde_json::Value>().await.unwrap())
        }
    });
    let answers = futures::future::join_all(guesses).await;
    let wrong = answers.iter().filter(|(status, _, body)| *status == 401 && body["code"] == "invalid_credentials").count();
    let slowed: Vec<_> = answers.iter().filter(|(status, _, body)| *status == 429 && body["code"] == "too_many_attempts").collect();
    assert_eq!((wrong, slowed.len()), (30, 10), "{answers:?}");
    for (_, retry_after, body) in &slowed {
        assert!(matches!(retry_after, Some(1..=2)), "Retry-After: {retry_after:?}");
        assert!(body["message"].as_str().unwrap().starts_with("too many attempts from this address"), "{body}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, body) = hub.post("/api/v1/login", None, &json!({"username": CUSTOMER_A, "password": PASSWORD})).await;
    assert_eq!(status, 200, "{body}");
}

/// A wrong reset code is refused before the new password is hashed, with the same answer as before.
async fn a_wrong_reset_code_is_refused(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let body = json!({"username": CUSTOMER_A, "token": "0".repeat(64), "newPassword": "a-new-Passw0rd"});
    let (status, body) = hub.post("/api/v1/password/reset", None, &body).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("reset_token_invalid")), "{body}");
}

on_both_databases!(
    many_accounts_guessed_from_one_address_are_slowed_not_locked,
    parallel_guesses_get_no_more_tries_than_the_lockout,
    a_wrong_reset_code_is_refused,
    repeated_wrong_passwords_lock_the_account_for_a_while,
    wrong_password_is_refused_with_its_code,
    login_returns_a_token_and_the_account,
    requests_without_a_valid_session_are_refused,
    malformed_json_gets_the_same_error_shape,
);
