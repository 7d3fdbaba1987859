//! Promotions on the hub: stored by the back office, listed for a customer's app, and applied to
//! every order with the protocol's `promotions::apply`, the function the app runs on its cart. The
//! back office keeps them (`staff`); customers get every change at their next sync, which pulls
//! `GET /api/v1/promotions` whole, and the hub reads them afresh for every order.

pub mod staff;
pub mod store;

use crate::accounts::CustomerUser;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::promotions::Promotion;
use restock_protocol::routes;
use sqlx::AnyConnection;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(routes::PROMOTIONS, get(my_promotions))
        .route(routes::PROMOTIONS_ADMIN, get(staff::list).post(staff::create))
        .route(routes::PROMOTION_ADMIN, axum::routing::put(staff::edit).delete(staff::delete))
        .route(routes::PROMOTION_END, post(staff::end))
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
