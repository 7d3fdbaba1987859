//! Every query of promotions. Their kind and what they cover are stored as the protocol's JSON,
//! tiers as a comma-separated list, dates as `YYYY-MM-DD`.

use crate::db::{Text, Tx};
use crate::error::{HubError, HubResult};
use chrono::NaiveDate;
use restock_protocol::promotions::Promotion;
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct PromotionRow {
    id: i64,
    name: String,
    kind: String,
    covers: String,
    tiers: String,
    valid_from: Text<NaiveDate>,
    valid_to: Text<NaiveDate>,
}

impl PromotionRow {
    fn promotion(self) -> HubResult<Promotion> {
        let unreadable =
            |what: &str, e: serde_json::Error| HubError::Internal(format!("promotion {}: its stored {what} is unreadable: {e}", self.id));
        Ok(Promotion {
            id: self.id,
            kind: serde_json::from_str(&self.kind).map_err(|e| unreadable("kind", e))?,
            covers: serde_json::from_str(&self.covers).map_err(|e| unreadable("coverage", e))?,
            name: self.name,
            tiers: self.tiers.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            valid_from: self.valid_from.0,
            valid_to: self.valid_to.0,
        })
    }
}

/// Every promotion valid on `day`, for any tier.
pub async fn valid_on(conn: &mut AnyConnection, day: NaiveDate) -> HubResult<Vec<Promotion>> {
    let rows: Vec<PromotionRow> = sqlx::query_as(
        "SELECT id, name, kind, covers, tiers, valid_from, valid_to FROM promotions WHERE valid_from <= $1 AND valid_to >= $1 ORDER BY id",
    )
    .bind(day.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(PromotionRow::promotion).collect()
}

/// The promotions with these ids, whatever their dates (those that still exist).
pub async fn by_ids(conn: &mut AnyConnection, ids: &[i64]) -> HubResult<Vec<Promotion>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, name, kind, covers, tiers, valid_from, valid_to FROM promotions WHERE id IN ({}) ORDER BY id",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in &ids {
        query = query.bind(*id);
    }
    let rows: Vec<PromotionRow> = query.fetch_all(&mut *conn).await?;
    rows.into_iter().map(PromotionRow::promotion).collect()
}

/// A new promotion, checked by the caller; its id.
pub async fn insert(tx: &mut Tx, promotion: &Promotion) -> HubResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO promotions (name, kind, covers, tiers, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(promotion.name.trim())
    .bind(serde_json::to_string(&promotion.kind).expect("kinds serialize"))
    .bind(serde_json::to_string(&promotion.covers).expect("covers serialize"))
    .bind(promotion.tiers.join(","))
    .bind(promotion.valid_from.to_string())
    .bind(promotion.valid_to.to_string())
    .fetch_one(&mut **tx)
    .await?)
}

/// Every promotion, newest first; with `on`, only those valid that day (for any tier).
pub async fn newest_first(conn: &mut AnyConnection, on: Option<NaiveDate>) -> HubResult<Vec<Promotion>> {
    let rows: Vec<PromotionRow> = match on {
        Some(day) => {
            sqlx::query_as(
                "SELECT id, name, kind, covers, tiers, valid_from, valid_to FROM promotions
             WHERE valid_from <= $1 AND valid_to >= $1 ORDER BY id DESC",
            )
            .bind(day.to_string())
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query_as("SELECT id, name, kind, covers, tiers, valid_from, valid_to FROM promotions ORDER BY id DESC")
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.into_iter().map(PromotionRow::promotion).collect()
}

/// Whether any order has an adjustment of this promotion.
pub async fn used(conn: &mut AnyConnection, id: i64) -> HubResult<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT promotion_id FROM order_adjustments WHERE promotion_id = $1 LIMIT 1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

/// The promotion with `promotion.id` becomes this one, checked by the caller.
pub async fn update(tx: &mut Tx, promotion: &Promotion) -> HubResult<()> {
    sqlx::query("UPDATE promotions SET name = $1, kind = $2, covers = $3, tiers = $4, valid_from = $5, valid_to = $6 WHERE id = $7")
        .bind(promotion.name.trim())
        .bind(serde_json::to_string(&promotion.kind).expect("kinds serialize"))
        .bind(serde_json::to_string(&promotion.covers).expect("covers serialize"))
        .bind(promotion.tiers.join(","))
        .bind(promotion.valid_from.to_string())
        .bind(promotion.valid_to.to_string())
        .bind(promotion.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The promotion's last day (ending it).
pub async fn set_valid_to(tx: &mut Tx, id: i64, last_day: NaiveDate) -> HubResult<()> {
    sqlx::query("UPDATE promotions SET valid_to = $1 WHERE id = $2").bind(last_day.to_string()).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// False when there was no such promotion. Orders' adjustments stay: they name it by id and text.
pub async fn delete(tx: &mut Tx, id: i64) -> HubResult<bool> {
    Ok(sqlx::query("DELETE FROM promotions WHERE id = $1").bind(id).execute(&mut **tx).await?.rows_affected() == 1)
}
