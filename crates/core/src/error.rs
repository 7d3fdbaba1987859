//! The desk's errors. Each has a stable code (shared with the hub's) and becomes an `ApiError` when it
//! crosses into the app, so the UI can translate it.

use restock_protocol::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A rule refused the request: the hub's answer passed on as it is, or the same check made locally.
    #[error("{0}")]
    Refused(ApiError),
    #[error("cannot reach the hub at {url}: {reason}")]
    HubUnreachable { url: String, reason: String },
    #[error("the hub at {url} answered something this app does not understand: {reason}")]
    HubIncompatible { url: String, reason: String },
    #[error("not logged in to a supplier")]
    NotLoggedIn,
    #[error("{0}")]
    Invalid(String),
    #[error("the local store failed: {0}")]
    LocalStore(#[from] sqlx::Error),
    #[error("the local store could not be migrated: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the credential store failed: {0}")]
    Credentials(String),
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Refused(e) => e.code,
            CoreError::HubUnreachable { .. } => ErrorCode::HubUnreachable,
            CoreError::HubIncompatible { .. } => ErrorCode::HubIncompatible,
            CoreError::NotLoggedIn => ErrorCode::NotLoggedIn,
            CoreError::Invalid(_) => ErrorCode::BadRequest,
            CoreError::LocalStore(_) | CoreError::Migrate(_) => ErrorCode::LocalStore,
            CoreError::Credentials(_) => ErrorCode::Credentials,
        }
    }

    /// Whether sending the same request again later may succeed (the network, not the content, failed).
    pub fn is_transient(&self) -> bool {
        matches!(self, CoreError::HubUnreachable { .. })
            || matches!(self, CoreError::Refused(e) if matches!(e.code, ErrorCode::OrderInFlight | ErrorCode::Internal))
    }

    /// The hub's refusal of an order request's content, if this is one: only then may the desk
    /// forget the request. Every other failure (the network, a proxy's error page, an expired
    /// session, an internal error) leaves open whether the hub made the order, so the request is
    /// kept and sent again with the same id.
    pub fn verdict_on_order(&self) -> Option<&ApiError> {
        match self {
            CoreError::Refused(e) if e.code.is_verdict_on_order() => Some(e),
            _ => None,
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Refused(api) => api,
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
