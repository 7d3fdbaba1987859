//! Every query of price rules: per tier or per customer, a fixed price (一口价) or a rate on the
//! base price (结算率), with validity dates. Rates are stored as decimal text, dates as
//! `YYYY-MM-DD`; a rule that fails to read is an error, never a silently different price.

use crate::db::{Fen, Text, Tx};
use crate::error::{HubError, HubResult};
use chrono::NaiveDate;
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::pricing::{PriceKind, PriceRule, PriceScope};
use rust_decimal::Decimal;
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: i64,
    customer_id: Option<i64>,
    product_code: Option<String>,
    kind: String,
    fixed_price_fen: Option<Fen>,
    rate: Option<Text<Decimal>>,
    valid_from: Option<Text<NaiveDate>>,
    valid_to: Option<Text<NaiveDate>>,
}

impl RuleRow {
    fn rule(self) -> HubResult<PriceRule> {
        let kind = match (self.kind.as_str(), self.fixed_price_fen, self.rate) {
            ("fixed", Some(fen), _) => PriceKind::Fixed(fen.money()),
            ("rate", _, Some(rate)) => PriceKind::Rate(rate.0),
            (kind, _, _) => return Err(HubError::Internal(format!("price rule {}: a {kind} rule without its price or rate", self.id))),
        };
        let scope = if self.customer_id.is_some() { PriceScope::Customer } else { PriceScope::Tier };
        Ok(PriceRule {
            scope,
            product_code: self.product_code,
            kind,
            valid_from: self.valid_from.map(|d| d.0),
            valid_to: self.valid_to.map(|d| d.0),
        })
    }
}

/// The rules that may price things for this customer: its own and its tier's.
pub async fn rules_for(conn: &mut AnyConnection, customer_id: i64, tier: &str) -> HubResult<Vec<PriceRule>> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT id, customer_id, product_code, kind, fixed_price_fen, rate, valid_from, valid_to
         FROM price_rules WHERE customer_id = $1 OR tier = $2",
    )
    .bind(customer_id)
    .bind(tier)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(RuleRow::rule).collect()
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    customer_code: Option<String>,
    tier: Option<String>,
    product_code: Option<String>,
    fixed_price_fen: Option<Fen>,
    rate: Option<Text<Decimal>>,
    valid_from: Option<Text<NaiveDate>>,
    valid_to: Option<Text<NaiveDate>>,
}

impl RecordRow {
    fn record(self) -> PriceRuleRecord {
        PriceRuleRecord {
            id: self.id,
            customer_code: self.customer_code,
            tier: self.tier,
            product_code: self.product_code,
            fixed_price: self.fixed_price_fen.map(Fen::money),
            rate: self.rate.map(|r| r.0),
            valid_from: self.valid_from.map(|d| d.0),
            valid_to: self.valid_to.map(|d| d.0),
        }
    }
}

const RECORD: &str = "SELECT r.id, c.code AS customer_code, r.tier, r.product_code, r.fixed_price_fen, r.rate, r.valid_from, r.valid_to
     FROM price_rules r LEFT JOIN customers c ON c.id = r.customer_id";

/// Every rule as the back office lists it.
pub async fn records(conn: &mut AnyConnection) -> HubResult<Vec<PriceRuleRecord>> {
    let rows: Vec<RecordRow> = sqlx::query_as(&format!("{RECORD} ORDER BY r.id")).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(RecordRow::record).collect())
}

/// One rule as the back office lists it.
pub async fn record(conn: &mut AnyConnection, id: i64) -> HubResult<Option<PriceRuleRecord>> {
    let row: Option<RecordRow> = sqlx::query_as(&format!("{RECORD} WHERE r.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.map(RecordRow::record))
}

/// A new rule, checked by the caller; its id. `kind` is `fixed` or `rate`.
pub async fn insert(tx: &mut Tx, rule: &PriceRuleRecord, customer_id: Option<i64>, kind: &str) -> HubResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO price_rules (customer_id, tier, product_code, kind, fixed_price_fen, rate, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(customer_id)
    .bind(rule.tier.as_deref())
    .bind(rule.product_code.as_deref())
    .bind(kind)
    .bind(rule.fixed_price.map(restock_protocol::money::to_fen))
    .bind(rule.rate.map(|r| r.to_string()))
    .bind(rule.valid_from.map(|d| d.to_string()))
    .bind(rule.valid_to.map(|d| d.to_string()))
    .fetch_one(&mut **tx)
    .await?)
}

/// The rule becomes this one, checked by the caller (`kind` as for `insert`); false when there was no such rule.
pub async fn update(tx: &mut Tx, id: i64, rule: &PriceRuleRecord, customer_id: Option<i64>, kind: &str) -> HubResult<bool> {
    let done = sqlx::query(
        "UPDATE price_rules SET customer_id = $1, tier = $2, product_code = $3, kind = $4, fixed_price_fen = $5, rate = $6,
         valid_from = $7, valid_to = $8 WHERE id = $9",
    )
    .bind(customer_id)
    .bind(rule.tier.as_deref())
    .bind(rule.product_code.as_deref())
    .bind(kind)
    .bind(rule.fixed_price.map(restock_protocol::money::to_fen))
    .bind(rule.rate.map(|r| r.to_string()))
    .bind(rule.valid_from.map(|d| d.to_string()))
    .bind(rule.valid_to.map(|d| d.to_string()))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The rule's last day (ending it).
pub async fn set_valid_to(tx: &mut Tx, id: i64, last_day: NaiveDate) -> HubResult<()> {
    sqlx::query("UPDATE price_rules SET valid_to = $1 WHERE id = $2").bind(last_day.to_string()).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// False when there was no such rule.
pub async fn delete(tx: &mut Tx, id: i64) -> HubResult<bool> {
    Ok(sqlx::query("DELETE FROM price_rules WHERE id = $1").bind(id).execute(&mut **tx).await?.rows_affected() == 1)
}
