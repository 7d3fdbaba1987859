//! Connections to suppliers' hubs: which hub, which account, and the session token (kept in the
//! credential store, never in the local database).

pub mod credentials;
mod session;

use crate::error::Result;
use restock_protocol::accounts::Account;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

/// The supplier connection in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionView {
    pub hub_url: String,
    pub account: Account,
    /// The supplier issued this password: it must be changed before anything else works.
    #[serde(default)]
    pub must_change_password: bool,
}

/// A supplier this desk has logged in to (several suppliers, one at a time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SupplierConnection {
    #[ts(type = "number")]
    pub id: i64,
    pub session: SessionView,
    pub is_current: bool,
    /// Whether a session token is kept for it: if not, switching to it needs a new login.
    pub logged_in: bool,
}

#[derive(Debug, Clone)]
pub struct ConnectionRow {
    pub id: i64,
    pub session: SessionView,
}

/// The key under which a connection's token is kept in the credential store.
pub fn credential_key(hub_url: &str, username: &str) -> String {
    format!("{hub_url}#{username}")
}

/// Records a successful login and makes it the current connection.
pub async fn remember(pool: &SqlitePool, hub_url: &str, account: &Account) -> Result<i64> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE connections SET is_current = 0").execute(&mut *tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO connections (hub_url, username, customer_code, customer_name, tier, is_current, last_login_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6)
         ON CONFLICT (hub_url, username) DO UPDATE SET
            customer_code = excluded.customer_code, customer_name = excluded.customer_name,
            tier = excluded.tier, is_current = 1, last_login_at = excluded.last_login_at
         RETURNING id",
    )
    .bind(hub_url)
    .bind(&account.username)
    .bind(&account.customer_code)
    .bind(&account.customer_name)
    .bind(&account.tier)
    .bind(chrono::Utc::now().to_rfc3339())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Every supplier connection this desk has logged in to, the current one first.
pub async fn list(pool: &SqlitePool) -> Result<Vec<(ConnectionRow, bool)>> {
    let rows: Vec<(i64, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, hub_url, username, customer_code, customer_name, tier, is_current FROM connections
         ORDER BY is_current DESC, last_login_at DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, hub_url, username, customer_code, customer_name, tier, is_current)| {
            let session =
                SessionView { hub_url, account: Account { username, customer_code, customer_name, tier }, must_change_password: false };
            (ConnectionRow { id, session }, is_current != 0)
        })
        .collect())
}

/// Makes a remembered connection the current one.
pub async fn make_current(pool: &SqlitePool, connection_id: i64) -> Result<()> {
    sqlx::query("UPDATE connections SET is_current = (id = $1)").bind(connection_id).execute(pool).await?;
    Ok(())
}

pub async fn current(pool: &SqlitePool) -> Result<Option<ConnectionRow>> {
    let row: Option<(i64, String, String, String, String, String)> =
        sqlx::query_as("SELECT id, hub_url, username, customer_code, customer_name, tier FROM connections WHERE is_current = 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, hub_url, username, customer_code, customer_name, tier)| ConnectionRow {
        id,
        session: SessionView { hub_url, account: Account { username, customer_code, customer_name, tier }, must_change_password: false },
    }))
}

pub async fn forget_current(pool: &SqlitePool) -> Result<()> {
    sqlx::query("UPDATE connections SET is_current = 0").execute(pool).await?;
    Ok(())
}
