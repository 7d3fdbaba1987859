//! Passwords and registration: changing an issued password, setting a forgotten one with a
//! one-time token the supplier issued, and self-registration (the customer then waits for the
//! supplier's approval before ordering).

use super::attempts::AttemptsLimited;
use super::store::{self, NewUser};
use super::{new_token, password, token_hash, Session};
use crate::db::Tx;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use restock_protocol::accounts::{password_problem, ChangePassword, Registration, ResetPassword, UserRole};
use restock_protocol::ErrorCode;

/// How long a reset token stays valid.
pub const RESET_TOKEN_HOURS: i64 = 24;

fn reset_token_invalid() -> HubError {
    HubError::new(ErrorCode::ResetTokenInvalid, "this reset code is wrong, already used or expired: ask the supplier for a new one")
}

fn too_weak(problem: &str) -> HubError {
    HubError::new(ErrorCode::PasswordTooWeak, problem)
}

#[utoipa::path(post, path = "/api/v1/password", tag = "auth", security(("bearer" = [])), request_body = ChangePassword,
    responses(
        (status = 204, description = "changed; an issued password no longer blocks anything"),
        (status = 401, description = "`invalid_credentials` (the current password is wrong), `not_logged_in`", body = restock_protocol::ApiError),
        (status = 422, description = "`password_too_weak`", body = restock_protocol::ApiError),
        AttemptsLimited,
    ))]
pub async fn change_password(
    State(state): State<AppState>, session: Session, ApiJson(change): ApiJson<ChangePassword>,
) -> HubResult<StatusCode> {
    if let Some(problem) = password_problem(&change.new_password, &session.username) {
        return Err(too_weak(problem));
    }
    if change.new_password == change.current_password {
        return Err(too_weak("the new password must differ from the current one"));
    }
    let phc = store::password_hash(&mut *state.db.pool.acquire().await?, session.user_id).await?;
    let matches = password::verify_in_turn(change.current_password.clone(), phc).await?;
    if !matches {
        return Err(HubError::invalid_credentials());
    }
    let hash = password::hash_in_turn(change.new_password).await?;
    let user_id = session.user_id;
    // Every other session of the user ends: whoever knew the old password is out.
    let (keep, now) = (session.token_hash.clone(), state.calendar.now_ms());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::set_own_password(tx, user_id, &hash).await?;
                store::revoke_other_sessions(tx, user_id, &keep, now).await
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
        AttemptsLimited,
    ))]
pub async fn reset_password(State(state): State<AppState>, ApiJson(reset): ApiJson<ResetPassword>) -> HubResult<StatusCode> {
    let username = reset.username.trim().to_owned();
    if let Some(problem) = password_problem(&reset.new_password, &username) {
        return Err(too_weak(problem));
    }
    let now = state.calendar.now_ms();
    let token = token_hash(reset.token.trim());
    // The code is checked before the slow hash, so a stream of wrong codes costs the hub nothing.
    if store::reset_token_user(&mut *state.db.pool.acquire().await?, &token, &username, now).await?.is_none() {
        return Err(reset_token_invalid());
    }
    let hash = password::hash_in_turn(reset.new_password).await?;
    let user_id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let Some(user_id) = store::use_reset_token(tx, &token, &username, now).await? else { return Err(reset_token_invalid()) };
                store::set_reset_password(tx, user_id, &hash, now).await?;
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
        (status = 422, description = "`password_too_weak`, `bad_request` (a name, contact, phone or address that is empty where needed, too long or has a hidden character)", body = restock_protocol::ApiError),
        AttemptsLimited,
    ))]
pub async fn register(State(state): State<AppState>, ApiJson(registration): ApiJson<Registration>) -> HubResult<StatusCode> {
    let username = registration.username.trim().to_owned();
    let company = registration.company_name.trim().to_owned();
    if username.is_empty() || company.is_empty() {
        return Err(HubError::new(ErrorCode::BadRequest, "a user name and a company name are needed"));
    }
    HubError::check_username(&username)?;
    HubError::check_name("the company name", &company)?;
    let contact = crate::customers::staff::contact_of(registration.contact, registration.phone, registration.address)?;
    if let Some(problem) = password_problem(&registration.password, &username) {
        return Err(too_weak(problem));
    }
    let hash = password::hash_in_turn(registration.password).await?;
    let (name, now) = (username.clone(), state.calendar.now_ms());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                // New customers start in the lowest tier, pending the supplier's approval.
                let customer_id =
                    crate::customers::store::insert(tx, &name, &company, "C", None, "pending").await?.ok_or_else(username_taken)?;
                crate::customers::store::set_contact(tx, customer_id, &contact).await?;
                let user = NewUser::of_customer(&name, &hash, customer_id, UserRole::Buyer, false, now);
                add_user(tx, &user).await
            })
        })
        .await?;
    tracing::info!(%username, "customer registered; awaiting approval");
    Ok(StatusCode::CREATED)
}

/// Adds a user (`NewUser`): `username_taken` when the name is taken.
pub async fn add_user(tx: &mut Tx, user: &NewUser<'_>) -> HubResult<()> {
    if store::insert_user(tx, user).await? {
        Ok(())
    } else {
        Err(username_taken())
    }
}

pub fn username_taken() -> HubError {
    HubError::new(ErrorCode::UsernameTaken, "this user name is already taken")
}

/// A fresh issued password: random, readable over the phone (no look-alike characters), to be
/// changed at first login.
pub fn issued_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = hex::decode(new_token()).expect("hex");
    bytes.iter().take(12).map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

pub async fn hash_password(password: &str) -> HubResult<String> {
    password::hash_in_turn(password.to_owned()).await
}

/// A one-time token to set a forgotten password; only its hash is kept.
pub async fn issue_reset_token(tx: &mut Tx, user_id: i64, now_ms: i64) -> HubResult<(String, i64)> {
    let token = new_token();
    let expires = now_ms + RESET_TOKEN_HOURS * 3600 * 1000;
    store::insert_reset_token(tx, &token_hash(&token), user_id, now_ms, expires).await?;
    Ok((token, expires))
}
