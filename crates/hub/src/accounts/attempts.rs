//! The per-address limit on the routes that check a password or a reset code, or make an account.
//! The lockout counts per account, so guessing across many accounts from one address is what this
//! slows, before each guess costs an Argon2 hash; no account is locked by it.

use crate::error::HubError;
use axum::response::IntoResponse;
use restock_protocol::ErrorCode;
use std::sync::{Arc, Weak};
use std::time::Duration;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::PeerIpKeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

/// How many attempts one client address may make at once, and how soon it earns another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptsLimit {
    pub burst: u32,
    pub every: Duration,
}

impl Default for AttemptsLimit {
    /// A burst of 30 (an office whose buyers all log in at nine, behind one address), then one
    /// every half second.
    fn default() -> Self {
        AttemptsLimit { burst: 30, every: Duration::from_millis(500) }
    }
}

/// What a route held to the limit answers when the address has used it up; in its `responses(..)`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // its variant is read by utoipa only
pub enum AttemptsLimited {
    #[response(status = 429, description = "`too_many_attempts`: too many from this address just now, with `Retry-After`")]
    TooMany(restock_protocol::ApiError),
}

/// How often addresses that have earned their whole burst back are forgotten, so a flood from
/// many addresses does not grow the hub's memory for good.
const FORGET_EVERY: Duration = Duration::from_secs(60);

pub(super) fn layer(limit: AttemptsLimit) -> GovernorLayer<PeerIpKeyExtractor, governor::middleware::NoOpMiddleware, axum::body::Body> {
    let config = GovernorConfigBuilder::default()
        .period(limit.every.max(Duration::from_nanos(1)))
        .burst_size(limit.burst.max(1))
        .finish()
        .expect("a positive period and burst");
    let config = Arc::new(config);
    forget_quiet_addresses(Arc::downgrade(&config));
    GovernorLayer::new(config).error_handler(refusal)
}

type Config = tower_governor::governor::GovernorConfig<PeerIpKeyExtractor, governor::middleware::NoOpMiddleware>;

/// Until the router is dropped; only where a runtime runs (a router built for its OpenAPI alone
/// needs no clean-up).
fn forget_quiet_addresses(config: Weak<Config>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    runtime.spawn(async move {
        let mut every = tokio::time::interval(FORGET_EVERY);
        every.tick().await;
        loop {
            every.tick().await;
            let Some(config) = config.upgrade() else { return };
            config.limiter().retain_recent();
            config.limiter().shrink_to_fit();
        }
    });
}

fn refusal(error: GovernorError) -> axum::response::Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let wait = wait_time.max(1);
            let mut response = HubError::new(
                ErrorCode::TooManyAttempts,
                format!("too many attempts from this address in a short time: try again in {wait} s"),
            )
            .into_response();
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, wait.into());
            response
        }
        other => HubError::Internal(format!("the attempts limit could not tell where the request came from: {other}")).into_response(),
    }
}
