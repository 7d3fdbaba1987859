//! Promotions on the hub: stored by the back office, listed for a customer's app, and applied to
//! every order with the protocol's `promotions::apply`, the function the app runs on its cart.

pub mod store;

use crate::accounts::roles::{AdminOnly, Staff};
use crate::accounts::CustomerUser;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::promotions::{Covers, Promotion, PromotionKind};
use restock_protocol::routes;
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new().route(routes::PROMOTIONS, get(my_promotions)).route(routes::PROMOTIONS_ADMIN, post(create))
}

/// Promotions for `tier` valid on `day`.
pub async fn valid_for(conn: &mut AnyConnection, tier: &str, day: NaiveDate) -> HubResult<Vec<Promotion>> {
    Ok(store::valid_on(conn, day).await?.into_iter().filter(|p| p.applies_to(tier, day)).collect())
}

#[utoipa::path(get, path = "/api/v1/promotions", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, description = "the promotions that apply to me today", body = Vec<Promotion>),
              (status = 401, description = "`not_logged_in`", body = restock_protocol::ApiError),
              (status = 403, description = "`forbidden`: staff, `password_change_required`", body = restock_protocol::ApiError)))]
pub async fn my_promotions(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<Vec<Promotion>>> {
    customer.require_approved()?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(valid_for(&mut conn, &customer.account.tier, state.calendar.today()).await?))
}

#[utoipa::path(post, path = "/api/v1/admin/promotions", tag = "admin", security(("bearer" = [])), request_body = Promotion,
    responses((status = 201, description = "created (the `id` sent is ignored)", body = Promotion),
              (status = 422, description = "`bad_request`: no name, an empty period, or a promotion that gives nothing", body = restock_protocol::ApiError), AdminOnly))]
pub async fn create(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(promotion): ApiJson<Promotion>,
) -> HubResult<(StatusCode, Json<Promotion>)> {
    let invalid = |m: &str| HubError::new(ErrorCode::BadRequest, m);
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
        PromotionKind::PercentOff { percent } => *percent <= rust_decimal::Decimal::ZERO || *percent > rust_decimal::Decimal::ONE_HUNDRED,
        PromotionKind::SpendSave { threshold, off } => *off <= rust_decimal::Decimal::ZERO || off > threshold,
        PromotionKind::BuyGet { buy, get } => *buy == 0 || *get == 0,
    };
    if gives_nothing {
        return Err(invalid("this promotion gives nothing (or more than it asks): check its numbers"));
    }
    if matches!(&promotion.covers, Covers::Brand(v) | Covers::Category(v) | Covers::Product(v) if v.trim().is_empty()) {
        return Err(invalid("say which brand, category or product the promotion covers"));
    }
    let written = promotion.clone();
    let id = state.db.write(move |tx| Box::pin(async move { store::insert(tx, &written).await })).await?;
    tracing::info!(id, name = %promotion.name, by = %staff.username, "promotion created");
    Ok((StatusCode::CREATED, Json(Promotion { id, ..promotion })))
}
