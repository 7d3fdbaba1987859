//! The supplier's hub: an axum service over SQLite or PostgreSQL.
//!
//! One folder per domain area (accounts, customers, catalogue, pricing, promotions, supply, cycles,
//! orders, review, ledger, announcements, home), each with its handlers, its rules and its
//! `store.rs`, and a `router()` holding its customer and staff routes side by side.

pub mod accounts;
pub mod announcements;
pub mod calendar;
pub mod catalogue;
pub mod customers;
pub mod cycles;
pub mod db;
pub mod demo;
pub mod error;
pub mod home;
pub mod ledger;
pub mod openapi;
pub mod orders;
pub mod pricing;
pub mod promotions;
pub mod review;
pub mod state;
pub mod supply;

pub use state::AppState;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use restock_protocol::accounts::Health;
use restock_protocol::routes;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(routes::HEALTH, get(health))
        .route(routes::OPENAPI, get(openapi::document))
        .merge(accounts::router(state.attempts))
        .merge(customers::router())
        .merge(catalogue::router())
        .merge(pricing::router())
        .merge(promotions::router())
        .merge(supply::router())
        .merge(orders::router())
        .merge(review::router())
        .merge(announcements::router())
        .merge(home::router())
        .fallback(error::no_such_route)
        .method_not_allowed_fallback(error::no_such_method)
        .layer(CatchPanicLayer::custom(error::panicked))
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
    listener: tokio::net::TcpListener, state: AppState, shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let voiding = cycles::spawn_voiding(state.db.clone(), state.calendar.clone(), VOIDING_EVERY);
    // With each connection's address: the attempts limit on logins is per client address.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    voiding.abort();
    served
}
