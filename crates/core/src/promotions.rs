//! The promotions mirror: what the hub says applies to this customer, kept from the last sync and
//! applied to the cart with `restock_protocol::promotions::apply`, as the hub applies it to orders.

use crate::error::Result;
use restock_protocol::promotions::Promotion;
use sqlx::SqlitePool;

pub async fn replace(pool: &SqlitePool, connection_id: i64, promotions: &[Promotion]) -> Result<()> {
    sqlx::query(
        "INSERT INTO promotions (connection_id, body) VALUES ($1, $2)
         ON CONFLICT (connection_id) DO UPDATE SET body = excluded.body",
    )
    .bind(connection_id)
    .bind(serde_json::to_string(promotions).expect("promotions serialize"))
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn current(pool: &SqlitePool, connection_id: i64) -> Result<Vec<Promotion>> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM promotions WHERE connection_id = $1").bind(connection_id).fetch_optional(pool).await?;
    Ok(from_stored(body))
}

/// The stored promotions (none when there are none, or they no longer parse).
pub fn from_stored(body: Option<String>) -> Vec<Promotion> {
    body.and_then(|b| serde_json::from_str(&b).ok()).unwrap_or_default()
}

impl crate::Desk {
    /// The promotions that apply to this customer, as of the last sync.
    pub async fn promotions(&self) -> Result<Vec<restock_protocol::promotions::Promotion>> {
        let c = self.connected().await?;
        current(&self.pool, c.connection_id).await
    }
}
