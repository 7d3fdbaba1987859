//! Saved carts: create, open, rename, duplicate, delete. Every cart belongs to one connection, and
//! every call checks it, so one supplier's carts are never reachable from another's.

use crate::error::{CoreError, Result};
use restock_protocol::{ApiError, ErrorCode};
use sqlx::SqlitePool;

/// The name a connection's first cart gets.
pub const DEFAULT_NAME: &str = "购物车";

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::Invalid("a saved cart needs a name".into()));
    }
    Ok(name.chars().take(80).collect())
}

fn not_found(cart_id: i64) -> CoreError {
    CoreError::Refused(ApiError::new(ErrorCode::NotFound, format!("there is no saved cart #{cart_id}")))
}

pub(super) async fn touch(executor: impl sqlx::SqliteExecutor<'_>, cart_id: i64) -> Result<()> {
    sqlx::query(&touch_statement(2)).bind(cart_id).bind(now()).execute(executor).await?;
    Ok(())
}

/// Marks cart `$1` changed at parameter `$now_param` (a time from [`now`]): its own statement, or
/// the second of one round trip after a change to the cart's lines.
pub(super) fn touch_statement(now_param: u8) -> String {
    format!("UPDATE carts SET updated_at = ${now_param} WHERE id = $1")
}

/// The connection's active cart, made on first use.
pub async fn active_cart(pool: &SqlitePool, connection_id: i64) -> Result<i64> {
    let active: Option<i64> = sqlx::query_scalar("SELECT id FROM carts WHERE connection_id = $1 AND is_active = 1")
        .bind(connection_id)
        .fetch_optional(pool)
        .await?;
    match active {
        Some(id) => Ok(id),
        None => create(pool, connection_id, DEFAULT_NAME).await,
    }
}

/// A new empty cart, made the active one.
pub async fn create(pool: &SqlitePool, connection_id: i64, name: &str) -> Result<i64> {
    let name = clean_name(name)?;
    let mut tx = pool.begin().await?;
    let id = insert_active(&mut tx, connection_id, &name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts an empty cart as the connection's only active one.
async fn insert_active(tx: &mut sqlx::SqliteConnection, connection_id: i64, name: &str) -> Result<i64> {
    sqlx::query("UPDATE carts SET is_active = 0 WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
    let id = sqlx::query_scalar(
        "INSERT INTO carts (connection_id, name, is_active, created_at, updated_at) VALUES ($1, $2, 1, $3, $3) RETURNING id",
    )
    .bind(connection_id)
    .bind(name)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    Ok(id)
}

/// Makes a saved cart the active one.
pub async fn open(pool: &SqlitePool, connection_id: i64, cart_id: i64) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE carts SET is_active = 0 WHERE connection_id = $1").bind(connection_id).execute(&mut *tx).await?;
    let found = sqlx::query("UPDATE carts SET is_active = 1 WHERE id = $1 AND connection_id = $2")
        .bind(cart_id)
        .bind(connection_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if found == 0 {
        return Err(not_found(cart_id)); // the transaction rolls back on drop
    }
    tx.commit().await?;
    Ok(())
}

pub async fn rename(pool: &SqlitePool, connection_id: i64, cart_id: i64, name: &str) -> Result<()> {
    let found = sqlx::query("UPDATE carts SET name = $1, updated_at = $2 WHERE id = $3 AND connection_id = $4")
        .bind(clean_name(name)?)
        .bind(now())
        .bind(cart_id)
        .bind(connection_id)
        .execute(pool)
        .await?
        .rows_affected();
    if found == 0 {
        return Err(not_found(cart_id));
    }
    Ok(())
}

/// A copy of a cart, lines and all, under a new name; the copy becomes active.
pub async fn duplicate(pool: &SqlitePool, connection_id: i64, cart_id: i64, name: &str) -> Result<i64> {
    let name = clean_name(name)?;
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM carts WHERE id = $1 AND connection_id = $2")
        .bind(cart_id)
        .bind(connection_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(not_found(cart_id));
    }
    let copy = insert_active(&mut tx, connection_id, &name).await?;
    sqlx::query(
        "INSERT INTO cart_lines (cart_id, product_code, quantity, position)
         SELECT $1, product_code, quantity, position FROM cart_lines WHERE cart_id = $2",
    )
    .bind(copy)
    .bind(cart_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(copy)
}

/// Deletes a saved cart. If it was the active one, the most recently changed other cart takes over.
pub async fn delete(pool: &SqlitePool, connection_id: i64, cart_id: i64) -> Result<()> {
    let mut tx = pool.begin().await?;
    let was_active: Option<i64> = sqlx::query_scalar("DELETE FROM carts WHERE id = $1 AND connection_id = $2 RETURNING is_active")
        .bind(cart_id)
        .bind(connection_id)
        .fetch_optional(&mut *tx)
        .await?;
    match was_active {
        None => return Err(not_found(cart_id)),
        Some(1) => {
            sqlx::query(
                "UPDATE carts SET is_active = 1 WHERE id =
                    (SELECT id FROM carts WHERE connection_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 1)",
            )
            .bind(connection_id)
            .execute(&mut *tx)
            .await?;
        }
        Some(_) => {}
    }
    tx.commit().await?;
    Ok(())
}

/// (id, name, is active, last changed) of every saved cart, most recently changed first.
pub async fn list(pool: &SqlitePool, connection_id: i64) -> Result<Vec<(i64, String, bool, String)>> {
    let rows: Vec<(i64, String, i64, String)> =
        sqlx::query_as("SELECT id, name, is_active, updated_at FROM carts WHERE connection_id = $1 ORDER BY updated_at DESC, id DESC")
            .bind(connection_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(id, name, active, updated)| (id, name, active != 0, updated)).collect())
}
