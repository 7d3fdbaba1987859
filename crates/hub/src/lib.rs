//! The supplier's hub: an axum service over SQLite or PostgreSQL.

pub mod admin;
pub mod auth;
pub mod calendar;
pub mod catalogue;
pub mod cycles;
pub mod db;
pub mod demo;
pub mod desk;
pub mod error;
pub mod ledger;
pub mod openapi;
pub mod orders;
pub mod promotions;
pub mod supply;

use axum::extract::{FromRef, State};
use axum::routing::{get, post, put};
use std::time::Duration;
use axum::{Json, Router};
use restock_protocol::auth::Health;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: db::Db,
    pub calendar: calendar::Calendar,
}

impl AppState {
    /// The supplier's zone defaults to Asia/Shanghai.
    pub fn new(db: db::Db) -> Self {
        AppState { db, calendar: calendar::Calendar::default() }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .route("/api/v1/login", post(auth::login))
        .route("/api/v1/logout", post(auth::logout))
        .route("/api/v1/password", post(auth::accounts::change_password))
        .route("/api/v1/password/reset", post(auth::accounts::reset_password))
        .route("/api/v1/register", post(auth::accounts::register))
        .route("/api/v1/catalogue", get(catalogue::catalogue))
        .route("/api/v1/catalogue/changes", get(catalogue::changes::catalogue_changes))
        .route("/api/v1/categories", get(catalogue::categories))
        .route("/api/v1/orders", post(orders::create_order).get(orders::my_orders))
        .route("/api/v1/orders/{order_id}", get(orders::my_order).put(orders::lifecycle::change_order))
        .route("/api/v1/orders/{order_id}/confirm", post(orders::lifecycle::confirm_order))
        .route("/api/v1/orders/{order_id}/cancel", post(orders::lifecycle::cancel_order))
        .route("/api/v1/orders/{order_id}/approve", post(orders::approval::approve_order))
        .route("/api/v1/orders/{order_id}/decline", post(orders::approval::decline_order))
        .route("/api/v1/company/approval-rule", get(orders::approval::get_rule).put(orders::approval::set_rule))
        .route("/api/v1/supply", get(supply::my_supply))
        .route("/api/v1/supply/changes", get(supply::changes::supply_changes))
        .route("/api/v1/announcements/changes", get(desk::announcements::announcement_changes))
        .route("/api/v1/promotions", get(promotions::my_promotions))
        .route("/api/v1/admin/promotions", post(promotions::create))
        .route("/api/v1/desk", get(desk::desk_status))
        .route("/api/v1/products/{code}/image", get(admin::catalogue::image))
        .route("/api/v1/admin/catalogue/export", get(admin::catalogue::export))
        .route("/api/v1/admin/catalogue/import", post(admin::catalogue::import))
        .route("/api/v1/admin/products/{code}", put(admin::catalogue::put_product))
        .route("/api/v1/admin/products/{code}/image", put(admin::catalogue::put_image))
        .route("/api/v1/admin/customers", get(admin::customers::list).post(admin::customers::create))
        .route("/api/v1/admin/customers/{code}/approve", post(admin::customers::approve))
        .route("/api/v1/admin/customers/{code}/users", post(admin::customers::add_user))
        .route("/api/v1/admin/customers/{code}/schedule", put(admin::customers::set_schedule))
        .route("/api/v1/admin/customers/{code}/balance", put(admin::customers::set_balance))
        .route("/api/v1/admin/users/{username}/reset", post(admin::customers::issue_reset))
        .route("/api/v1/admin/stock/{product_code}", put(admin::supply::set_stock).delete(admin::supply::untrack_stock))
        .route("/api/v1/admin/allocations", put(admin::supply::set_allocation).delete(admin::supply::remove_allocation))
        .route("/api/v1/admin/announcements", post(admin::supply::announce))
        .route("/api/v1/admin/announcements/{id}", axum::routing::delete(admin::supply::withdraw_announcement))
        .route("/api/v1/admin/review-rule", get(admin::review::get_rule).put(admin::review::set_rule))
        .route("/api/v1/admin/price-rules", get(admin::prices::list).post(admin::prices::create))
        .route("/api/v1/admin/price-rules/{id}", axum::routing::delete(admin::prices::delete))
        .route("/api/v1/admin/orders", get(admin::orders::list))
        .route("/api/v1/admin/orders/{order_id}/approve", post(admin::orders::approve))
        .route("/api/v1/admin/orders/{order_id}/reject", post(admin::orders::reject))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[utoipa::path(get, path = "/health", tag = "hub", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into(), database: state.db.backend_name().into() })
}

/// How often each hub looks for orders left unconfirmed at their cutoff.
const VOIDING_EVERY: Duration = Duration::from_secs(10);

/// Serves until `shutdown` completes, voiding overdue orders meanwhile. Bind the listener first, so
/// callers know the port.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let voiding = cycles::spawn_voiding(state.db.clone(), state.calendar.clone(), VOIDING_EVERY);
    let served = axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await;
    voiding.abort();
    served
}
