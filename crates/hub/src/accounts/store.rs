//! Every query of users, sessions, failed logins and password resets.

use crate::db::{Millis, Tx};
use crate::error::HubResult;
use restock_protocol::accounts::UserRole;
use sqlx::AnyConnection;

/// A user as logging in needs them, with their customer's or branch's names.
#[derive(sqlx::FromRow, Clone)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    /// `system` for the hub's own user, which can't log in.
    pub role: String,
    pub must_change_password: i64,
    pub failed_logins: i64,
    pub locked_until: Option<Millis>,
    pub customer_code: Option<String>,
    pub customer_name: Option<String>,
    pub tier: Option<String>,
    pub branch: Option<String>,
    pub disabled_at: Option<i64>,
    pub customer_status: Option<String>,
}

pub async fn for_login(conn: &mut AnyConnection, username: &str) -> HubResult<Option<LoginRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.password_hash, u.role, u.must_change_password, u.failed_logins, u.locked_until,
                c.code AS customer_code, c.name AS customer_name, c.tier, b.name AS branch,
                u.disabled_at, c.status AS customer_status
         FROM users u LEFT JOIN customers c ON c.id = u.customer_id LEFT JOIN branches b ON b.id = u.branch_id
         WHERE u.username = $1",
    )
    .bind(username)
    .fetch_optional(&mut *conn)
    .await?)
}

/// One login attempt, taken before the password is checked so that parallel guesses cannot all
/// slip in before the first failure is counted: each attempt counts as a failure until the
/// password proves right (`clear_failures`). `Err(until)`: locked, not tried.
pub async fn take_attempt(tx: &mut Tx, user_id: i64, now_ms: i64, lock_after: i64, lock_ms: i64) -> HubResult<Result<i64, i64>> {
    let sql = format!("SELECT failed_logins, locked_until FROM users WHERE id = $1{}", tx.row_lock());
    let (failures, locked_until): (i64, Option<i64>) = sqlx::query_as(&sql).bind(user_id).fetch_one(&mut **tx).await?;
    if let Some(until) = locked_until.filter(|until| *until > now_ms) {
        return Ok(Err(until));
    }
    let failures = failures + 1;
    let locked_until = (failures >= lock_after).then_some(now_ms + lock_ms);
    sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
        .bind(failures)
        .bind(locked_until)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(failures))
}

pub async fn clear_failures(tx: &mut Tx, user_id: i64) -> HubResult<()> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1").bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn insert_session(tx: &mut Tx, token_hash: &str, user_id: i64, created_ms: i64, expires_ms: i64) -> HubResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(created_ms)
        .bind(expires_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn revoke_session(tx: &mut Tx, token_hash: &str, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2").bind(now_ms).bind(token_hash).execute(&mut **tx).await?;
    Ok(())
}

/// A session by its token's hash, with its user and the user's customer.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub must_change_password: i64,
    pub branch_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub customer_code: Option<String>,
    pub customer_name: Option<String>,
    pub tier: Option<String>,
    pub customer_status: Option<String>,
    pub approval_over_fen: Option<i64>,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub disabled_at: Option<i64>,
}

pub async fn session(conn: &mut AnyConnection, token_hash: &str) -> HubResult<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id AS user_id, u.username, u.role, u.must_change_password, u.branch_id, u.customer_id,
                c.code AS customer_code, c.name AS customer_name, c.tier, c.status AS customer_status,
                c.approval_over_fen,
                s.expires_at, s.revoked_at, s.created_at, s.last_seen_at, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN customers c ON c.id = u.customer_id
         WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Marks a session as used now (the idle expiry counts from here).
pub async fn touch_session(tx: &mut Tx, token_hash: &str, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now_ms).bind(token_hash).execute(&mut **tx).await?;
    Ok(())
}

/// Disables (停用) or enables a user; disabling ends every session of theirs at once.
pub async fn set_disabled(tx: &mut Tx, user_id: i64, disabled: bool, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
        .bind(disabled.then_some(now_ms))
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    if disabled {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now_ms)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Ends every session of every user of a customer (it was suspended).
pub async fn revoke_customer_sessions(tx: &mut Tx, customer_id: i64, now_ms: i64) -> HubResult<()> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE customer_id = $2)",
    )
    .bind(now_ms)
    .bind(customer_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends every session of the user but `keep` (a token's hash).
pub async fn revoke_other_sessions(tx: &mut Tx, user_id: i64, keep: &str, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND token_hash <> $3 AND revoked_at IS NULL")
        .bind(now_ms)
        .bind(user_id)
        .bind(keep)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn password_hash(conn: &mut AnyConnection, user_id: i64) -> HubResult<String> {
    Ok(sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *conn).await?)
}

pub async fn set_own_password(tx: &mut Tx, user_id: i64, password_hash: &str) -> HubResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Uses up a reset token in the statement that checks it, so it works once even raced: the user
/// it was issued to, or None if it is wrong, used or expired.
/// Whose unused, unexpired reset code this is (the same test as `use_reset_token`, without using it).
pub async fn reset_token_user(conn: &mut AnyConnection, token_hash: &str, username: &str, now_ms: i64) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.username = $3",
    )
    .bind(token_hash)
    .bind(now_ms)
    .bind(username)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn use_reset_token(tx: &mut Tx, token_hash: &str, username: &str, now_ms: i64) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE password_resets SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
           AND user_id = (SELECT id FROM users WHERE username = $3)
         RETURNING user_id",
    )
    .bind(now_ms)
    .bind(token_hash)
    .bind(username)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A reset password: also unlocks the account and ends every session of the user.
pub async fn set_reset_password(tx: &mut Tx, user_id: i64, password_hash: &str, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0, failed_logins = 0, locked_until = NULL WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A new user; false when the name is taken.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub customer_id: Option<i64>,
    pub role: UserRole,
    pub must_change_password: bool,
    pub branch_id: Option<i64>,
    pub now_ms: i64,
}

impl<'a> NewUser<'a> {
    /// A user of customer `customer_id` (its buyer or approver), in no branch of the supplier's.
    pub fn of_customer(
        username: &'a str, password_hash: &'a str, customer_id: i64, role: UserRole, must_change_password: bool, now_ms: i64,
    ) -> Self {
        NewUser { username, password_hash, customer_id: Some(customer_id), role, must_change_password, branch_id: None, now_ms }
    }
}

pub async fn insert_user(tx: &mut Tx, user: &NewUser<'_>) -> HubResult<bool> {
    Ok(sqlx::query(
        "INSERT INTO users (username, password_hash, customer_id, role, must_change_password, branch_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING",
    )
    .bind(user.username)
    .bind(user.password_hash)
    .bind(user.customer_id)
    .bind(user.role.as_str())
    .bind(i64::from(user.must_change_password))
    .bind(user.branch_id)
    .bind(user.now_ms)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// A user who can log in, by name: (id, their customer's id if a customer's user).
pub async fn user_by_name(conn: &mut AnyConnection, username: &str) -> HubResult<Option<(i64, Option<i64>)>> {
    Ok(sqlx::query_as("SELECT id, customer_id FROM users WHERE username = $1 AND role <> 'system'")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?)
}

/// The branch a staff user belongs to (None: headquarters).
pub async fn branch_of(conn: &mut AnyConnection, user_id: i64) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT branch_id FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *conn).await?)
}

pub async fn insert_reset_token(tx: &mut Tx, token_hash: &str, user_id: i64, now_ms: i64, expires_ms: i64) -> HubResult<()> {
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
