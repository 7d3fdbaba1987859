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
