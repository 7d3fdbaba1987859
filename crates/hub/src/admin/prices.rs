//! Price rules in the back office: tier and customer prices, fixed or by rate, with dates. Every
//! change bumps the rules revision (a trigger), so the next pull sends customers their new prices.

use super::{not_found, visible_customer};
use crate::auth::StaffUser;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::admin::PriceRuleRecord;
use restock_protocol::money::{from_fen, to_fen};
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;

type RuleRow = (i64, Option<String>, Option<String>, Option<String>, String, Option<i64>, Option<String>, Option<String>, Option<String>);

fn invalid(message: &str) -> HubError {
    HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, message)
}

#[utoipa::path(get, path = "/api/v1/admin/price-rules", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<PriceRuleRecord>),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError)))]
pub async fn list(State(state): State<AppState>, staff: StaffUser) -> HubResult<Json<Vec<PriceRuleRecord>>> {
    staff.require(&[])?;
    let rows: Vec<RuleRow> = sqlx::query_as(
        "SELECT r.id, c.code, r.tier, r.product_code, r.kind, r.fixed_price_fen, r.rate, r.valid_from, r.valid_to
         FROM price_rules r LEFT JOIN customers c ON c.id = r.customer_id ORDER BY r.id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, customer_code, tier, product_code, _kind, fixed, rate, from, to)| PriceRuleRecord {
                id,
                customer_code,
                tier,
                product_code,
                fixed_price: fixed.map(from_fen),
                rate: rate.and_then(|r| r.parse().ok()),
                valid_from: from.and_then(|d| d.parse().ok()),
                valid_to: to.and_then(|d| d.parse().ok()),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/price-rules", tag = "admin", security(("bearer" = [])), request_body = PriceRuleRecord,
    responses((status = 201, body = PriceRuleRecord),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such customer or product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: not exactly one of customer and tier, not exactly one of fixed price and rate, a rate outside 0–10, dates the wrong way round", body = restock_protocol::ApiError)))]
pub async fn create(State(state): State<AppState>, staff: StaffUser, ApiJson(rule): ApiJson<PriceRuleRecord>) -> HubResult<(StatusCode, Json<PriceRuleRecord>)> {
    staff.require(&[])?;
    let staff_name = staff.username.clone();
    if rule.customer_code.is_some() == rule.tier.is_some() {
        return Err(invalid("a rule is for one customer or for one tier: give exactly one"));
    }
    let kind = match (rule.fixed_price, rule.rate) {
        (Some(price), None) if price >= Decimal::ZERO => "fixed",
        (None, Some(rate)) if rate > Decimal::ZERO && rate <= Decimal::TEN => "rate",
        (Some(_), None) => return Err(invalid("a fixed price can't be negative")),
        (None, Some(_)) => return Err(invalid("a rate is above 0 and at most 10 (0.92 is 92% of the base price)")),
        _ => return Err(invalid("a rule is a fixed price (一口价) or a rate (结算率): give exactly one")),
    };
    if let (Some(from), Some(to)) = (rule.valid_from, rule.valid_to) {
        if to < from {
            return Err(invalid("the rule ends before it starts"));
        }
    }
    let written = rule.clone();
    let id: i64 = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let customer_id = match written.customer_code.as_deref() {
                    Some(code) => Some(visible_customer(tx, &staff, code).await?),
                    None => None,
                };
                if let Some(code) = written.product_code.as_deref() {
                    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE code = $1").bind(code).fetch_optional(&mut **tx).await?;
                    if exists.is_none() {
                        return Err(not_found("product"));
                    }
                }
                Ok(sqlx::query_scalar(
                    "INSERT INTO price_rules (customer_id, tier, product_code, kind, fixed_price_fen, rate, valid_from, valid_to)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(customer_id)
                .bind(written.tier.as_deref())
                .bind(written.product_code.as_deref())
                .bind(kind)
                .bind(written.fixed_price.map(to_fen))
                .bind(written.rate.map(|r| r.to_string()))
                .bind(written.valid_from.map(|d| d.to_string()))
                .bind(written.valid_to.map(|d| d.to_string()))
                .fetch_one(&mut **tx)
                .await?)
            })
        })
        .await?;
    let by = staff_name;
    tracing::info!(id, %by, "price rule created");
    Ok((StatusCode::CREATED, Json(PriceRuleRecord { id, ..rule })))
}

#[utoipa::path(delete, path = "/api/v1/admin/price-rules/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "removed"),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError)))]
pub async fn delete(State(state): State<AppState>, staff: StaffUser, Path(id): Path<i64>) -> HubResult<StatusCode> {
    staff.require(&[])?;
    let removed = state
        .db
        .write(move |tx| Box::pin(async move { Ok(sqlx::query("DELETE FROM price_rules WHERE id = $1").bind(id).execute(&mut **tx).await?.rows_affected()) }))
        .await?;
    if removed == 0 {
        return Err(not_found("price rule"));
    }
    Ok(StatusCode::NO_CONTENT)
}
