//! Promotions in the back office: list, create, edit, end and delete. Orders keep what a promotion
//! did to them (`order_adjustments`: its id, its name as the description, the amount or the free
//! units), so a promotion may be renamed, ended or deleted without changing any order. What a
//! supplier's cut of an order does applies the promotion's terms again (`review::changes`), so once
//! orders have used one its terms (kind, what it covers, tiers) stay; a deleted one leaves those
//! orders' adjustments as they were.

use super::store;
use crate::accounts::roles::{AdminOnly, Staff};
use crate::error::{ApiJson, ApiPath, ApiQuery, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::promotions::{Covers, Promotion, PromotionKind, PromotionQuery};
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;

fn invalid(message: &str) -> HubError {
    HubError::new(ErrorCode::BadRequest, message)
}

/// A promotion checked as create and edit take it, as it is stored: its name and tiers trimmed.
fn checked(promotion: Promotion) -> HubResult<Promotion> {
    let tiers: Vec<String> = promotion.tiers.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    if tiers.iter().any(|t| t.contains(',')) {
        return Err(invalid("a tier's name has no commas: give each tier on its own"));
    }
    let promotion = Promotion { name: promotion.name.trim().to_owned(), tiers, ..promotion };
    if promotion.name.trim().is_empty() {
        return Err(invalid("a promotion needs a name customers understand"));
    }
    if promotion.valid_to < promotion.valid_from {
        return Err(invalid("the promotion ends before it starts"));
    }
    if let PromotionKind::SpendSave { threshold, off } = &promotion.kind {
        HubError::check_amount("the amount to spend", *threshold)?;
        HubError::check_amount("the amount off", *off)?;
    }
    let gives_nothing = match &promotion.kind {
        PromotionKind::PercentOff { percent } => *percent <= Decimal::ZERO || *percent > Decimal::ONE_HUNDRED,
        PromotionKind::SpendSave { threshold, off } => *off <= Decimal::ZERO || off > threshold,
        PromotionKind::BuyGet { buy, get } => *buy == 0 || *get == 0,
    };
    if gives_nothing {
        return Err(invalid("this promotion gives nothing (or more than it asks): check its numbers"));
    }
    if matches!(&promotion.covers, Covers::Brand(v) | Covers::Category(v) | Covers::Product(v) if v.trim().is_empty()) {
        return Err(invalid("say which brand, category or product the promotion covers"));
    }
    Ok(promotion)
}

#[utoipa::path(get, path = "/api/v1/admin/promotions", tag = "admin", security(("bearer" = [])), params(PromotionQuery),
    responses((status = 200, description = "every promotion, newest first, whatever its dates and tiers; with `current=true` only those valid today", body = Vec<Promotion>),
              (status = 400, description = "`bad_request`: a parameter this endpoint doesn't take", body = restock_protocol::ApiError), AdminOnly))]
pub async fn list(
    State(state): State<AppState>, _staff: Staff<AdminOnly>, ApiQuery(query): ApiQuery<PromotionQuery>,
) -> HubResult<Json<Vec<Promotion>>> {
    let mut conn = state.db.pool.acquire().await?;
    let on = query.current.unwrap_or(false).then(|| state.calendar.today());
    Ok(Json(store::newest_first(&mut conn, on).await?))
}

#[utoipa::path(post, path = "/api/v1/admin/promotions", tag = "admin", security(("bearer" = [])), request_body = Promotion,
    responses((status = 201, description = "created (the `id` sent is ignored)", body = Promotion),
              (status = 422, description = "`bad_request`: no name, an empty period, or a promotion that gives nothing", body = restock_protocol::ApiError), AdminOnly))]
pub async fn create(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(promotion): ApiJson<Promotion>,
) -> HubResult<(StatusCode, Json<Promotion>)> {
    let promotion = checked(promotion)?;
    let written = promotion.clone();
    let id = state.db.write(move |tx| Box::pin(async move { store::insert(tx, &written).await })).await?;
    tracing::info!(id, name = %promotion.name, by = %staff.username, "promotion created");
    Ok((StatusCode::CREATED, Json(Promotion { id, ..promotion })))
}

#[utoipa::path(put, path = "/api/v1/admin/promotions/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = Promotion,
    responses((status = 200, description = "the promotion as it is now (the `id` sent is ignored); customers get it at their next sync", body = Promotion),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: as for creating one, or new terms (kind, what it covers, tiers) for a promotion orders have used", body = restock_protocol::ApiError), AdminOnly))]
pub async fn edit(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>, ApiJson(promotion): ApiJson<Promotion>,
) -> HubResult<Json<Promotion>> {
    let promotion = Promotion { id, ..checked(promotion)? };
    let written = promotion.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let before = store::by_ids(tx, &[id]).await?.pop().ok_or_else(|| HubError::not_found("promotion"))?;
                let same_terms = before.kind == written.kind && before.covers == written.covers && before.tiers == written.tiers;
                if !same_terms && store::used(tx, id).await? {
                    return Err(invalid(
                        "orders have used this promotion, so its kind, what it covers and its tiers stay as they are: \
                         change its name or dates, or end it and create a new one",
                    ));
                }
                store::update(tx, &written).await
            })
        })
        .await?;
    tracing::info!(id, by = %staff.username, "promotion changed");
    Ok(Json(promotion))
}

/// Ending stops a promotion now: its last day becomes yesterday in the supplier's calendar, so
/// orders from now on no longer get it and customers' apps drop it at their next sync (dates are
/// whole days). One that starts today or later has not run a day before today: delete it instead.
#[utoipa::path(post, path = "/api/v1/admin/promotions/{id}/end", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "ended: its last day is yesterday, so no order gets it from now on", body = Promotion),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: it already ended, or it starts today or later (delete it instead)", body = restock_protocol::ApiError), AdminOnly))]
pub async fn end(State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>) -> HubResult<Json<Promotion>> {
    let today = state.calendar.today();
    let ended = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let promotion = store::by_ids(tx, &[id]).await?.pop().ok_or_else(|| HubError::not_found("promotion"))?;
                let last_day = crate::pricing::ended_on(Some(promotion.valid_from), Some(promotion.valid_to), today)?;
                store::set_valid_to(tx, id, last_day).await?;
                Ok(Promotion { valid_to: last_day, ..promotion })
            })
        })
        .await?;
    tracing::info!(id, by = %staff.username, "promotion ended");
    Ok(Json(ended))
}

#[utoipa::path(delete, path = "/api/v1/admin/promotions/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "removed; orders that used it keep what it did to them"),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError), AdminOnly))]
pub async fn delete(State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>) -> HubResult<StatusCode> {
    let removed = state.db.write(move |tx| Box::pin(async move { store::delete(tx, id).await })).await?;
    if !removed {
        return Err(HubError::not_found("promotion"));
    }
    tracing::info!(id, by = %staff.username, "promotion deleted");
    Ok(StatusCode::NO_CONTENT)
}
