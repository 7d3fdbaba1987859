//! Connections to suppliers' hubs: which hub, which account, and the session token (kept in the
//! credential store, never in the local database).

pub mod credentials;
mod session;

use crate::error::Result;
use restock_protocol::accounts::{Account, UserRole};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

/// The supplier connection in use: a customer's user at the order desk, or a member of the
/// supplier's staff in the back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionView {
    pub hub_url: String,
    pub username: String,
    pub role: UserRole,
    /// The customer a customer's user orders for; none for the supplier's staff.
    pub account: Option<Account>,
    /// A member of staff's branch (分公司); none at headquarters, who see every customer.
    pub branch: Option<String>,
    /// The supplier issued this password: it must be changed before anything else works.
    #[serde(default)]
    pub must_change_password: bool,
}

impl SessionView {
    /// Whether this session opens the back office rather than the order desk.
    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }
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

/// A remembered connection as stored: a staff member's has empty customer columns.
#[derive(sqlx::FromRow)]
struct StoredConnection {
    id: i64,
    hub_url: String,
    username: String,
    customer_code: String,
    customer_name: String,
    tier: String,
    role: String,
    branch: Option<String>,
    is_current: bool,
}

impl StoredConnection {
    fn into_row(self) -> Result<(ConnectionRow, bool)> {
        let role = UserRole::parse(&self.role)
            .ok_or_else(|| crate::error::CoreError::Invalid(format!("connection #{}: unknown role '{}' stored", self.id, self.role)))?;
        let account = (!role.is_staff()).then(|| Account {
            username: self.username.clone(),
            customer_code: self.customer_code,
            customer_name: self.customer_name,
            tier: self.tier,
        });
        let session =
            SessionView { hub_url: self.hub_url, username: self.username, role, account, branch: self.branch, must_change_password: false };
        Ok((ConnectionRow { id: self.id, session }, self.is_current))
    }
}

const COLUMNS: &str = "id, hub_url, username, customer_code, customer_name, tier, role, branch, is_current";

/// Records a successful login and makes it the current connection.
pub async fn remember(pool: &SqlitePool, hub_url: &str, session: &SessionView) -> Result<i64> {
    let empty = Account { username: String::new(), customer_code: String::new(), customer_name: String::new(), tier: String::new() };
    let account = session.account.as_ref().unwrap_or(&empty);
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE connections SET is_current = 0").execute(&mut *tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO connections (hub_url, username, customer_code, customer_name, tier, role, branch, is_current, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
         ON CONFLICT (hub_url, username) DO UPDATE SET
            customer_code = excluded.customer_code, customer_name = excluded.customer_name, tier = excluded.tier,
            role = excluded.role, branch = excluded.branch, is_current = 1, last_login_at = excluded.last_login_at
         RETURNING id",
    )
    .bind(hub_url)
    .bind(&session.username)
    .bind(&account.customer_code)
    .bind(&account.customer_name)
    .bind(&account.tier)
    .bind(session.role.as_str())
    .bind(&session.branch)
    .bind(chrono::Utc::now().to_rfc3339())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Every supplier connection this desk has logged in to, the current one first.
pub async fn list(pool: &SqlitePool) -> Result<Vec<(ConnectionRow, bool)>> {
    let sql = format!("SELECT {COLUMNS} FROM connections ORDER BY is_current DESC, last_login_at DESC");
    let rows: Vec<StoredConnection> = sqlx::query_as(&sql).fetch_all(pool).await?;
    rows.into_iter().map(StoredConnection::into_row).collect()
}

/// Makes a remembered connection the current one.
pub async fn make_current(pool: &SqlitePool, connection_id: i64) -> Result<()> {
    sqlx::query("UPDATE connections SET is_current = (id = $1)").bind(connection_id).execute(pool).await?;
    Ok(())
}

pub async fn current(pool: &SqlitePool) -> Result<Option<ConnectionRow>> {
    let sql = format!("SELECT {COLUMNS} FROM connections WHERE is_current = 1");
    let row: Option<StoredConnection> = sqlx::query_as(&sql).fetch_optional(pool).await?;
    Ok(row.map(StoredConnection::into_row).transpose()?.map(|(row, _)| row))
}

pub async fn forget_current(pool: &SqlitePool) -> Result<()> {
    sqlx::query("UPDATE connections SET is_current = 0").execute(pool).await?;
    Ok(())
}
