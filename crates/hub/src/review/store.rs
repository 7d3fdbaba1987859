//! The supplier's review rule: above which amount a branch's customer's order is reviewed twice.

use crate::db::{Fen, Tx};
use crate::error::HubResult;
use sqlx::AnyConnection;

/// The two-level limit in fen; None: one review for every order.
pub async fn hq_review_over(conn: &mut AnyConnection) -> HubResult<Option<Fen>> {
    Ok(sqlx::query_scalar("SELECT hq_review_over_fen FROM review_rule WHERE id = 1").fetch_optional(&mut *conn).await?.flatten())
}

pub async fn set_hq_review_over(tx: &mut Tx, limit: Option<Fen>) -> HubResult<()> {
    sqlx::query("UPDATE review_rule SET hq_review_over_fen = $1 WHERE id = 1").bind(limit).execute(&mut **tx).await?;
    Ok(())
}
