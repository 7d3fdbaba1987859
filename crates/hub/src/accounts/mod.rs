//! Logging in and sessions: an opaque random token is handed out once; the hub keeps only its
//! SHA-256, with an expiry, and can revoke it. Repeated wrong passwords lock the account for a
//! while (`lockout`); an issued password must be changed first (`accounts`).

mod attempts;
mod lockout;
pub mod password;
pub mod passwords;
pub mod roles;
mod session;
pub mod staff;
pub mod store;

pub use attempts::AttemptsLimit;
pub use session::{CustomerUser, Session, StaffUser, IDLE_DAYS};

/// Logging in and out, passwords and self-registration. Every route that checks a password or a
/// reset code, or makes an account, is held to the per-address `limit`.
pub fn router(limit: AttemptsLimit) -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route(routes::LOGIN, post(login))
        .route(routes::PASSWORD, post(passwords::change_password))
        .route(routes::PASSWORD_RESET, post(passwords::reset_password))
        .route(routes::REGISTER, post(passwords::register))
        .layer(attempts::layer(limit))
        .route(routes::LOGOUT, post(logout))
}

use crate::db::now_ms;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rand::RngCore;
use restock_protocol::accounts::{Account, LoginRequest, LoginResponse, UserRole};
use restock_protocol::routes;
use sha2::{Digest, Sha256};

/// Sessions last a working month; a desk that is used keeps logging in with its stored token.
const SESSION_DAYS: i64 = 30;

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// 256 random bits, hex: session tokens, reset tokens and issued passwords.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[utoipa::path(post, path = "/api/v1/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "logged in; `mustChangePassword` means POST /api/v1/password comes first", body = LoginResponse),
        (status = 401, description = "`invalid_credentials`", body = restock_protocol::ApiError),
        (status = 403, description = "`account_disabled`: the supplier disabled the user or suspended its customer", body = restock_protocol::ApiError),
        (status = 429, description = "`account_locked`: too many wrong passwords in a row; says until when. `too_many_attempts`: too many from this address just now, with `Retry-After`", body = restock_protocol::ApiError),
    ))]
pub async fn login(State(state): State<AppState>, ApiJson(request): ApiJson<LoginRequest>) -> HubResult<Json<LoginResponse>> {
    let username = request.username.trim().to_owned();
    let row = store::for_login(&mut *state.db.pool.acquire().await?, &username).await?;

    let now = state.calendar.now_ms();
    let role = row.as_ref().and_then(|r| UserRole::parse(&r.role));
    let (Some(user), Some(role)) = (row, role) else {
        // Unknown users cost the same time as known ones, so the answer does not tell which names exist.
        password::verify_in_turn(request.password, password::decoy_hash().to_owned()).await?;
        tracing::info!(%username, "failed login: no such user");
        return Err(HubError::invalid_credentials());
    };
    // The attempt is counted before the password is checked: a locked account is refused without
    // trying it, and parallel guesses get no more tries than the lockout allows.
    let failures = match lockout::take_attempt(&state, user.id, now).await? {
        Ok(failures) => failures,
        Err(locked) => return Err(locked),
    };
    if !password::verify_in_turn(request.password, user.password_hash.clone()).await? {
        tracing::info!(%username, failures, "failed login");
        return Err(lockout::wrong_password(&state, user.id, failures, now).await);
    }
    // Said only to whoever knows the password, so a stranger learns nothing of the account.
    if user.disabled_at.is_some() || user.customer_status.as_deref() == Some("suspended") {
        tracing::info!(%username, "login refused: disabled or suspended");
        return Err(session::disabled_error(user.disabled_at.is_some()));
    }
    let token = new_token();
    let created = now_ms();
    let expires = created + SESSION_DAYS * 24 * 3600 * 1000;
    let (user_id, hash) = (user.id, token_hash(&token));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::clear_failures(tx, user_id).await?;
                store::insert_session(tx, &hash, user_id, created, expires).await
            })
        })
        .await?;
    tracing::info!(user_id = user.id, role = role.as_str(), "logged in");
    let account = match (user.customer_code, user.customer_name, user.tier) {
        (Some(customer_code), Some(customer_name), Some(tier)) => Some(Account { username, customer_code, customer_name, tier }),
        _ => None,
    };
    Ok(Json(LoginResponse {
        token,
        expires_at: crate::db::from_ms(expires),
        role,
        must_change_password: user.must_change_password != 0,
        account,
        branch: user.branch,
    }))
}

#[utoipa::path(post, path = "/api/v1/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "the session is revoked"),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn logout(State(state): State<AppState>, session: Session) -> HubResult<StatusCode> {
    let (now, hash) = (now_ms(), session.token_hash.clone());
    state.db.write(move |tx| Box::pin(async move { store::revoke_session(tx, &hash, now).await })).await?;
    Ok(StatusCode::NO_CONTENT)
}
