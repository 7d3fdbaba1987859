//! The supplier's hub: an axum service over SQLite or PostgreSQL.

pub mod auth;
pub mod catalogue;
pub mod db;
pub mod demo;
pub mod error;
pub mod ledger;
pub mod openapi;
pub mod orders;

use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use restock_protocol::auth::Health;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: db::Db,
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
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[utoipa::path(get, path = "/health", tag = "hub", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into(), database: state.db.backend.name().into() })
}

/// Serves until `shutdown` completes. Bind the listener first, so callers know the port.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}
