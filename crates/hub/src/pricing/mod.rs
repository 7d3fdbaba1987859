//! Pricing (价格策略): the rules that price a product for a customer (`store::rules_for`, resolved by
//! the protocol's `resolve_price`), and the rules in the back office: tier and customer prices, fixed
//! or by rate, with dates. Every change bumps the rules revision (a trigger), so the next pull sends
//! customers their new prices.

pub mod store;

use crate::accounts::roles::{AdminOnly, Staff};
use crate::customers::scope::visible_customer;
use crate::error::{ApiJson, ApiPath, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::routes;
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{delete, get};
    axum::Router::new().route(routes::PRICE_RULES, get(list).post(create)).route(routes::PRICE_RULE, delete(self::delete))
}

fn invalid(message: &str) -> HubError {
    HubError::new(ErrorCode::BadRequest, message)
}

#[utoipa::path(get, path = "/api/v1/admin/price-rules", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<PriceRuleRecord>), AdminOnly))]
pub async fn list(State(state): State<AppState>, _staff: Staff<AdminOnly>) -> HubResult<Json<Vec<PriceRuleRecord>>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(store::records(&mut conn).await?))
}

#[utoipa::path(post, path = "/api/v1/admin/price-rules", tag = "admin", security(("bearer" = [])), request_body = PriceRuleRecord,
    responses((status = 201, body = PriceRuleRecord),
              (status = 404, description = "`not_found`: no such customer or product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: not exactly one of customer and tier, not exactly one of fixed price and rate, a rate outside 0–10, dates the wrong way round", body = restock_protocol::ApiError), AdminOnly))]
pub async fn create(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(rule): ApiJson<PriceRuleRecord>,
) -> HubResult<(StatusCode, Json<PriceRuleRecord>)> {
    let staff_name = staff.username.clone();
    if rule.customer_code.is_some() == rule.tier.is_some() {
        return Err(invalid("a rule is for one customer or for one tier: give exactly one"));
    }
    if let Some(price) = rule.fixed_price {
        HubError::check_amount("the fixed price", price)?;
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
                    if !crate::catalogue::store::exists(tx, code).await? {
                        return Err(HubError::not_found("product"));
                    }
                }
                store::insert(tx, &written, customer_id, kind).await
            })
        })
        .await?;
    tracing::info!(id, by = %staff_name, "price rule created");
    Ok((StatusCode::CREATED, Json(PriceRuleRecord { id, ..rule })))
}

#[utoipa::path(delete, path = "/api/v1/admin/price-rules/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "removed"),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError), AdminOnly))]
pub async fn delete(State(state): State<AppState>, _staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>) -> HubResult<StatusCode> {
    let removed = state.db.write(move |tx| Box::pin(async move { store::delete(tx, id).await })).await?;
    if !removed {
        return Err(HubError::not_found("price rule"));
    }
    Ok(StatusCode::NO_CONTENT)
}
