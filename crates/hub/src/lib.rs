//! The supplier's hub: an axum service over SQLite or PostgreSQL.

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
pub mod supply;

use axum::extract::{FromRef, State};
use axum::routing::{get, post};
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
        .route("/api/v1/catalogue", get(catalogue::catalogue))
        .route("/api/v1/catalogue/changes", get(catalogue::changes::catalogue_changes))
        .route("/api/v1/orders", post(orders::create_order).get(orders::my_orders))
        .route("/api/v1/orders/{order_id}", get(orders::my_order).put(orders::lifecycle::change_order))
        .route("/api/v1/orders/{order_id}/confirm", post(orders::lifecycle::confirm_order))
        .route("/api/v1/orders/{order_id}/cancel", post(orders::lifecycle::cancel_order))
        .route("/api/v1/supply", get(supply::my_supply))
        .route("/api/v1/desk", get(desk::desk_status))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[utoipa::path(get, path = "/health", tag = "hub", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into(), database: state.db.backend.name().into() })
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
