//! Passwords and registration: changing an issued password, setting a forgotten one with a
//! one-time token the supplier issued, and self-registration (the customer then waits for the
//! supplier's approval before ordering).

use super::{new_token, password, token_hash, Session};
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use restock_protocol::auth::{password_problem, ChangePassword, Registration, ResetPassword};
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

/// How long a reset token stays valid.
pub const RESET_TOKEN_HOURS: i64 = 24;

fn too_weak(problem: &str) -> HubError {
    HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::PasswordTooWeak, problem)
}

async fn hash_off_thread(password: String) -> HubResult<String> {
    tokio::task::spawn_blocking(move || password::hash(&password)).await.map_err(|e| HubError::Internal(e.to_string()))
}

#[utoipa::path(post, path = "/api/v1/password", tag = "auth", security(("bearer" = [])), request_body = ChangePassword,
    responses(
        (status = 204, description = "changed; an issued password no longer blocks anything"),
        (status = 401, description = "`invalid_credentials` (the current password is wrong), `not_logged_in`", body = restock_protocol::ApiError),
        (status = 422, description = "`password_too_weak`", body = restock_protocol::ApiError),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    ApiJson(change): ApiJson<ChangePassword>,
) -> HubResult<StatusCode> {
    if let Some(problem) = password_problem(&change.new_password, &session.username) {
        return Err(too_weak(problem));
    }
    if change.new_password == change.current_password {
        return Err(too_weak("the new password must differ from the current one"));
    }
    let phc: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(session.user_id)
        .fetch_one(&state.db.pool)
        .await?;
    let current = change.current_password.clone();
    let matches = tokio::task::spawn_blocking(move || password::verify(&current, &phc))
        .await
        .map_err(|e| HubError::Internal(e.to_string()))?;
    if !matches {
        return Err(HubError::invalid_credentials());
    }
    let hash = hash_off_thread(change.new_password).await?;
    let user_id = session.user_id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
                    .bind(hash)
                    .bind(user_id)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(user_id = session.user_id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/password/reset", tag = "auth", request_body = ResetPassword,
    responses(
        (status = 204, description = "the new password is set; every session of the user is ended"),
        (status = 422, description = "`reset_token_invalid` (wrong, used or expired), `password_too_weak`", body = restock_protocol::ApiError),
    ))]
pub async fn reset_password(State(state): State<AppState>, ApiJson(reset): ApiJson<ResetPassword>) -> HubResult<StatusCode> {
    let username = reset.username.trim().to_owned();
    if let Some(problem) = password_problem(&reset.new_password, &username) {
        return Err(too_weak(problem));
    }
    let hash = hash_off_thread(reset.new_password).await?;
    let now = state.calendar.now_ms();
    let token = token_hash(reset.token.trim());
    let user_id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
    // Used up in the same statement that checks it: a token works once, even raced.
    let used: Option<(i64,)> = sqlx::query_as(
        "UPDATE password_resets SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
           AND user_id = (SELECT id FROM users WHERE username = $3)
         RETURNING user_id",
    )
    .bind(now)
    .bind(&token)
    .bind(&username)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((user_id,)) = used else {
        return Err(HubError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ResetTokenInvalid,
            "this reset code is wrong, already used or expired: ask the supplier for a new one",
        ));
    };
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0, failed_logins = 0, locked_until = NULL WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(user_id)
            })
        })
        .await?;
    tracing::info!(user_id, "password reset with a one-time token");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/register", tag = "auth", request_body = Registration,
    responses(
        (status = 201, description = "registered: the customer can log in, and order once the supplier approves"),
        (status = 409, description = "`username_taken`", body = restock_protocol::ApiError),
        (status = 422, description = "`password_too_weak`, `bad_request`", body = restock_protocol::ApiError),
    ))]
pub async fn register(State(state): State<AppState>, ApiJson(registration): ApiJson<Registration>) -> HubResult<StatusCode> {
    let username = registration.username.trim().to_owned();
    let company = registration.company_name.trim().to_owned();
    if username.is_empty() || company.is_empty() {
        return Err(HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, "a user name and a company name are needed"));
    }
    if let Some(problem) = password_problem(&registration.password, &username) {
        return Err(too_weak(problem));
    }
    let hash = hash_off_thread(registration.password).await?;
    let (name, now) = (username.clone(), state.calendar.now_ms());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
    // New customers start in the lowest tier, pending the supplier's approval.
    let customer_id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO customers (code, name, tier, status) VALUES ($1, $2, 'C', 'pending') ON CONFLICT (code) DO NOTHING RETURNING id",
    )
    .bind(&name)
    .bind(&company)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(customer_id) = customer_id else { return Err(username_taken()) };
    let created = insert_user(tx, &name, &hash, Some(customer_id), "buyer", false, None, now).await?;
    if !created {
        return Err(username_taken());
    }
    Ok(())
            })
        })
        .await?;
    tracing::info!(%username, "customer registered; awaiting approval");
    Ok(StatusCode::CREATED)
}

pub fn username_taken() -> HubError {
    HubError::new(StatusCode::CONFLICT, ErrorCode::UsernameTaken, "this user name is already taken")
}

/// Adds a user; false when the name is taken.
#[allow(clippy::too_many_arguments)]
pub async fn insert_user(
    conn: &mut AnyConnection,
    username: &str,
    password_hash: &str,
    customer_id: Option<i64>,
    role: &str,
    must_change_password: bool,
    branch_id: Option<i64>,
    now_ms: i64,
) -> HubResult<bool> {
    Ok(sqlx::query(
        "INSERT INTO users (username, password_hash, customer_id, role, must_change_password, branch_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING",
    )
    .bind(username)
    .bind(password_hash)
    .bind(customer_id)
    .bind(role)
    .bind(i64::from(must_change_password))
    .bind(branch_id)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// A fresh issued password: random, readable over the phone (no look-alike characters), to be
/// changed at first login.
pub fn issued_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = hex::decode(new_token()).expect("hex");
    bytes.iter().take(12).map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

pub async fn hash_password(password: &str) -> HubResult<String> {
    hash_off_thread(password.to_owned()).await
}

/// A one-time token to set a forgotten password; only its hash is kept.
pub async fn issue_reset_token(conn: &mut AnyConnection, user_id: i64, now_ms: i64) -> HubResult<(String, i64)> {
    let token = new_token();
    let expires = now_ms + RESET_TOKEN_HOURS * 3600 * 1000;
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now_ms)
        .bind(expires)
        .execute(&mut *conn)
        .await?;
    Ok((token, expires))
}
