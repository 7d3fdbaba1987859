//! Pricing (价格策略): the rules that price a product for a customer (`store::rules_for`, resolved by
//! the protocol's `resolve_price`), and the rules in the back office: tier and customer prices, fixed
//! or by rate, with dates: list, create, edit, end and delete. Every change (insert, update or
//! delete) bumps the rules revision (a trigger), so the next pull sends customers their new prices.
//! Orders keep the prices they were given, so a rule may change or go at any time.

pub mod store;

use crate::accounts::roles::{AdminOnly, Staff};
use crate::accounts::StaffUser;
use crate::customers::scope::visible_customer;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::routes;
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route(routes::PRICE_RULES, get(list).post(create))
        .route(routes::PRICE_RULE, put(edit).delete(self::delete))
        .route(routes::PRICE_RULE_END, post(end))
}

fn invalid(message: &str) -> HubError {
    HubError::new(ErrorCode::BadRequest, message)
}

/// The rule checked as create and edit take it; its kind, `fixed` or `rate`.
fn kind_of(rule: &PriceRuleRecord) -> HubResult<&'static str> {
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
    if rule.tier.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(invalid("say which tier the rule is for"));
    }
    Ok(kind)
}

/// The rule's customer as this member of staff may see it (a branch's admin only its own
/// branch's), and its product if it names one: `not_found` otherwise.
async fn customer_and_product(tx: &mut Tx, staff: &StaffUser, rule: &PriceRuleRecord) -> HubResult<Option<i64>> {
    let customer_id = match rule.customer_code.as_deref() {
        Some(code) => Some(visible_customer(tx, staff, code).await?),
        None => {
            headquarters_for_tiers(staff)?;
            None
        }
    };
    if let Some(code) = rule.product_code.as_deref() {
        if !crate::catalogue::store::exists(tx, code).await? {
            return Err(HubError::not_found("product"));
        }
    }
    Ok(customer_id)
}

/// A tier's prices reach every branch's customers of that tier, so only headquarters' admins keep
/// them; a branch's admin keeps its own customers' rules.
fn headquarters_for_tiers(staff: &StaffUser) -> HubResult<()> {
    if staff.branch_id.is_some() {
        return Err(HubError::new(
            ErrorCode::Forbidden,
            "a tier's prices apply to every branch's customers; headquarters keeps them (a branch keeps its customers' own prices)",
        ));
    }
    Ok(())
}

/// A rule as it is, if this member of staff may change it: a customer's rule only where they see
/// the customer (else "no such price rule", as for one that doesn't exist), a tier's only at
/// headquarters.
async fn existing(tx: &mut Tx, staff: &StaffUser, id: i64) -> HubResult<PriceRuleRecord> {
    let rule = store::record(tx, id).await?.ok_or_else(|| HubError::not_found("price rule"))?;
    match rule.customer_code.as_deref() {
        Some(code) => {
            visible_customer(tx, staff, code).await.map_err(|_| HubError::not_found("price rule"))?;
        }
        None => headquarters_for_tiers(staff)?,
    }
    Ok(rule)
}

#[utoipa::path(get, path = "/api/v1/admin/price-rules", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<PriceRuleRecord>), AdminOnly))]
pub async fn list(State(state): State<AppState>, staff: Staff<AdminOnly>) -> HubResult<Json<Vec<PriceRuleRecord>>> {
    let mut conn = state.db.pool.acquire().await?;
    let mut rules = store::records(&mut conn).await?;
    if staff.branch_id.is_some() {
        // A branch's admin reads the tiers' rules and its own customers' only.
        let mut visible = Vec::with_capacity(rules.len());
        for rule in rules {
            let seen = match rule.customer_code.as_deref() {
                Some(code) => visible_customer(&mut conn, &staff, code).await.is_ok(),
                None => true,
            };
            if seen {
                visible.push(rule);
            }
        }
        rules = visible;
    }
    Ok(Json(rules))
}

#[utoipa::path(post, path = "/api/v1/admin/price-rules", tag = "admin", security(("bearer" = [])), request_body = PriceRuleRecord,
    responses((status = 201, body = PriceRuleRecord),
              (status = 404, description = "`not_found`: no such customer or product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: not exactly one of customer and tier, not exactly one of fixed price and rate, a rate outside 0–10, dates the wrong way round", body = restock_protocol::ApiError), AdminOnly))]
pub async fn create(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(rule): ApiJson<PriceRuleRecord>,
) -> HubResult<(StatusCode, Json<PriceRuleRecord>)> {
    let staff_name = staff.username.clone();
    let kind = kind_of(&rule)?;
    let written = rule.clone();
    let id: i64 = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let customer_id = customer_and_product(tx, &staff, &written).await?;
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
              (status = 403, description = "`forbidden`: a tier's rule, for a branch's admin", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`, also another branch's customer's rule", body = restock_protocol::ApiError), AdminOnly))]
pub async fn delete(State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>) -> HubResult<StatusCode> {
    let who = staff.clone();
    let removed = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                existing(tx, &who, id).await?;
                store::delete(tx, id).await
            })
        })
        .await?;
    if !removed {
        return Err(HubError::not_found("price rule"));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/admin/price-rules/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = PriceRuleRecord,
    responses((status = 200, description = "the rule as it is now (the `id` sent is ignored); customers get the new prices at their next sync", body = PriceRuleRecord),
              (status = 404, description = "`not_found`: no such rule (or another branch's customer's), customer or product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: as for creating one", body = restock_protocol::ApiError), AdminOnly))]
pub async fn edit(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>, ApiJson(rule): ApiJson<PriceRuleRecord>,
) -> HubResult<Json<PriceRuleRecord>> {
    let kind = kind_of(&rule)?;
    let who = staff.clone();
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                existing(tx, &who, id).await?;
                let customer_id = customer_and_product(tx, &who, &rule).await?;
                store::update(tx, id, &rule, customer_id, kind).await?;
                store::record(tx, id).await?.ok_or_else(|| HubError::not_found("price rule"))
            })
        })
        .await?;
    tracing::info!(id, by = %staff.username, "price rule changed");
    Ok(Json(written))
}

/// Ending a rule stops it now: its last day becomes yesterday in the supplier's calendar, so
/// today's prices and orders are already without it (a rule's dates are whole days). A rule that
/// only starts today or later never priced a day before today: delete it instead.
#[utoipa::path(post, path = "/api/v1/admin/price-rules/{id}/end", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "ended: its last day is yesterday, so it no longer applies; customers get their prices without it at their next sync", body = PriceRuleRecord),
              (status = 404, description = "`not_found`: no such rule (or another branch's customer's)", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: it already ended, or it starts today or later (delete it instead)", body = restock_protocol::ApiError), AdminOnly))]
pub async fn end(State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>) -> HubResult<Json<PriceRuleRecord>> {
    let today = state.calendar.today();
    let who = staff.clone();
    let ended = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let rule = existing(tx, &who, id).await?;
                let last_day = ended_on(rule.valid_from, rule.valid_to, today)?;
                store::set_valid_to(tx, id, last_day).await?;
                Ok(PriceRuleRecord { valid_to: Some(last_day), ..rule })
            })
        })
        .await?;
    tracing::info!(id, by = %staff.username, "price rule ended");
    Ok(Json(ended))
}

/// The last day of something ended `today` with these dates: yesterday; refused when it already
/// ended or has not run a day before today (then it is deleted, not ended). Promotions end the same way.
pub fn ended_on(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> HubResult<NaiveDate> {
    let yesterday = today.pred_opt().ok_or_else(|| invalid("the hub's calendar is at its first day"))?;
    if let Some(to) = to.filter(|to| *to < today) {
        return Err(invalid(&format!("it already ended: its last day was {to}")));
    }
    if let Some(from) = from.filter(|from| *from >= today) {
        return Err(invalid(&format!("it starts on {from} and has not applied before today: delete it instead, or change its dates")));
    }
    Ok(yesterday)
}
