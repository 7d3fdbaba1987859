//! Logging in and sessions: an opaque random token is handed out once; the hub keeps only its
//! SHA-256, with an expiry, and can revoke it.

pub mod password;

use crate::db::{now_ms, Db};
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use rand::RngCore;
use restock_protocol::auth::{Account, LoginRequest, LoginResponse};
use sha2::{Digest, Sha256};

/// Sessions last a working month; a desk that is used keeps logging in with its stored token.
const SESSION_DAYS: i64 = 30;

/// A logged-in customer user, resolved from the bearer token.
#[derive(Debug, Clone)]
pub struct CustomerUser {
    pub user_id: i64,
    pub customer_id: i64,
    pub account: Account,
    token_hash: String,
}

/// After this many wrong passwords in a row the account is locked for `LOCK_MINUTES`.
const LOCK_AFTER_FAILURES: i64 = 5;
const LOCK_MINUTES: i64 = 15;

#[derive(sqlx::FromRow, Clone)]
struct UserRow {
    id: i64,
    password_hash: String,
    failed_logins: i64,
    locked_until: Option<i64>,
    customer_id: Option<i64>,
    customer_code: Option<String>,
    customer_name: Option<String>,
    tier: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    username: String,
    customer_id: Option<i64>,
    customer_code: Option<String>,
    customer_name: Option<String>,
    tier: Option<String>,
    expires_at: i64,
    revoked_at: Option<i64>,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[utoipa::path(post, path = "/api/v1/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "`invalid_credentials`", body = restock_protocol::ApiError),
        (status = 429, description = "`account_locked`: too many wrong passwords in a row; says until when", body = restock_protocol::ApiError),
    ))]
pub async fn login(State(state): State<AppState>, ApiJson(request): ApiJson<LoginRequest>) -> HubResult<Json<LoginResponse>> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT u.id, u.password_hash, u.failed_logins, u.locked_until, u.customer_id, c.code AS customer_code, c.name AS customer_name, c.tier
         FROM users u LEFT JOIN customers c ON c.id = u.customer_id
         WHERE u.username = $1",
    )
    .bind(request.username.trim())
    .fetch_optional(&state.db.pool)
    .await?;

    let now = state.calendar.now_ms();
    // A locked account is refused before the password is even checked, so guessing goes nowhere.
    if let Some(until) = row.as_ref().and_then(|r| r.locked_until).filter(|until| *until > now) {
        return Err(account_locked(&state, until));
    }
    let phc = row.as_ref().map_or_else(|| password::decoy_hash().to_owned(), |r| r.password_hash.clone());
    let password = request.password.clone();
    let matches = tokio::task::spawn_blocking(move || password::verify(&password, &phc))
        .await
        .map_err(|e| HubError::Internal(e.to_string()))?;
    let row_failures = row.as_ref().map_or(0, |r| r.failed_logins);
    let Some(UserRow { id: user_id, customer_id: Some(customer_id), customer_code: Some(code), customer_name: Some(name), tier: Some(tier), .. }) =
        row.clone().filter(|_| matches)
    else {
        tracing::info!(username = %request.username, "failed login");
        if let Some(user) = row.as_ref().filter(|_| !matches) {
            return Err(count_failure(&state, user.id, user.failed_logins + 1, now).await?);
        }
        return Err(HubError::invalid_credentials());
    };
    if row_failures > 0 {
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1").bind(user_id).execute(&state.db.pool).await?;
    }

    let token = new_token();
    let now = now_ms();
    let expires = now + SESSION_DAYS * 24 * 3600 * 1000;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(expires)
        .execute(&state.db.pool)
        .await?;
    tracing::info!(user_id, customer_id, "logged in");
    Ok(Json(LoginResponse {
        token,
        expires_at: crate::db::from_ms(expires),
        account: Account { username: request.username.trim().to_owned(), customer_code: code, customer_name: name, tier },
    }))
}

/// Counts a wrong password. Each failure in a row makes the answer slower; the fifth locks the
/// account for a while.
async fn count_failure(state: &AppState, user_id: i64, failures: i64, now: i64) -> HubResult<HubError> {
    let locked_until = (failures >= LOCK_AFTER_FAILURES).then_some(now + LOCK_MINUTES * 60_000);
    sqlx::query("UPDATE users SET failed_logins = failed_logins + 1, locked_until = $1 WHERE id = $2")
        .bind(locked_until)
        .bind(user_id)
        .execute(&state.db.pool)
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(200 * failures.clamp(0, 5) as u64)).await;
    Ok(match locked_until {
        Some(until) => {
            tracing::warn!(user_id, failures, "account locked after repeated failed logins");
            account_locked(state, until)
        }
        None => HubError::invalid_credentials(),
    })
}

fn account_locked(state: &AppState, until_ms: i64) -> HubError {
    let until = crate::db::from_ms(until_ms).with_timezone(&state.calendar.zone()).format("%H:%M");
    HubError::new(
        StatusCode::TOO_MANY_REQUESTS,
        restock_protocol::ErrorCode::AccountLocked,
        format!("too many wrong passwords: this account is locked until {until}; try again then, or ask the supplier to reset the password"),
    )
}

#[utoipa::path(post, path = "/api/v1/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "the session is revoked"),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn logout(State(state): State<AppState>, user: CustomerUser) -> HubResult<StatusCode> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2")
        .bind(now_ms())
        .bind(&user.token_hash)
        .execute(&state.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

impl<S> FromRequestParts<S> for CustomerUser
where
    S: Send + Sync,
    Db: FromRef<S>,
{
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(HubError::not_logged_in)?;
        let hash = token_hash(token.trim());
        let db = Db::from_ref(state);
        let row: Option<SessionRow> =
            sqlx::query_as(
                "SELECT u.id AS user_id, u.username, u.customer_id, c.code AS customer_code, c.name AS customer_name, c.tier,
                        s.expires_at, s.revoked_at
                 FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN customers c ON c.id = u.customer_id
                 WHERE s.token_hash = $1",
            )
            .bind(&hash)
            .fetch_optional(&db.pool)
            .await?;
        let Some(row) = row else {
            return Err(HubError::not_logged_in());
        };
        if row.revoked_at.is_some() || row.expires_at <= now_ms() {
            return Err(HubError::session_expired());
        }
        let (user_id, username) = (row.user_id, row.username);
        match (row.customer_id, row.customer_code, row.customer_name, row.tier) {
            (Some(customer_id), Some(customer_code), Some(customer_name), Some(tier)) => Ok(CustomerUser {
                user_id,
                customer_id,
                account: Account { username, customer_code, customer_name, tier },
                token_hash: hash,
            }),
            _ => Err(HubError::new(StatusCode::FORBIDDEN, restock_protocol::ErrorCode::NotLoggedIn, "this is not a customer account")),
        }
    }
}
