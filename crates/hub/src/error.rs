//! One error type for every handler. It answers with `{code, message}` and the right status; what
//! went wrong inside (database errors) is logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use restock_protocol::{ApiError, ErrorCode, LineProblem};

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("{}", .1.message)]
    Api(StatusCode, ApiError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Internal(String),
}

impl HubError {
    /// A refusal with its code's status (`ErrorCode::http_status`).
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::refusal(ApiError::new(code, message))
    }

    pub fn refusal(api: ApiError) -> Self {
        let status = StatusCode::from_u16(api.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HubError::Api(status, api)
    }

    pub fn invalid_credentials() -> Self {
        Self::new(ErrorCode::InvalidCredentials, "wrong user name or password")
    }

    pub fn not_logged_in() -> Self {
        Self::new(ErrorCode::NotLoggedIn, "log in first")
    }

    pub fn session_expired() -> Self {
        Self::new(ErrorCode::SessionExpired, "your session has ended: log in again")
    }

    /// "There is no such {what}": also what branch staff get for another branch's customer, so
    /// they can't learn which codes exist elsewhere.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("there is no such {what}"))
    }

    /// An amount a person entered, checked against the platform's range (`check_amount`): 422
    /// `bad_request` naming it, never a panic further on.
    pub fn check_amount(what: &str, amount: restock_protocol::Money) -> Result<(), Self> {
        restock_protocol::money::check_amount(what, amount).map_err(|m| Self::new(ErrorCode::BadRequest, m))
    }

    /// A user name checked by the protocol's rule: 422 `bad_request` saying what is wrong.
    pub fn check_username(username: &str) -> Result<(), Self> {
        restock_protocol::accounts::username_problem(username).map_or(Ok(()), |m| Err(Self::new(ErrorCode::BadRequest, m)))
    }

    /// A name people read (`what`: "the company name") checked by the protocol's rule.
    pub fn check_name(what: &str, name: &str) -> Result<(), Self> {
        restock_protocol::accounts::name_problem(what, name).map_or(Ok(()), |m| Err(Self::new(ErrorCode::BadRequest, m)))
    }

    /// A request the hub could not read at all (malformed JSON, a query or a file it can't parse):
    /// 400 `bad_request`. A value it read and refuses is `new(ErrorCode::BadRequest, …)`, 422.
    pub fn bad_request(message: impl Into<String>) -> Self {
        HubError::Api(StatusCode::BAD_REQUEST, ApiError::new(ErrorCode::BadRequest, message))
    }

    pub fn order_rejected(lines: Vec<LineProblem>) -> Self {
        let message = match lines.len() {
            1 => format!("line {} cannot be ordered: {}", lines[0].line, lines[0].message),
            n => format!("{n} lines cannot be ordered; nothing was ordered"),
        };
        HubError::refusal(ApiError::new(ErrorCode::OrderRejected, message).with_lines(lines))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            HubError::Api(status, _) => *status,
            HubError::Database(_) | HubError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let body = match self {
            HubError::Api(_, ref api) => api.clone(),
            HubError::Database(ref e) => {
                tracing::error!(error = %e, "database error");
                ApiError::new(ErrorCode::Internal, "the hub had an internal problem; try again")
            }
            HubError::Internal(ref e) => {
                tracing::error!(error = %e, "internal error");
                ApiError::new(ErrorCode::Internal, "the hub had an internal problem; try again")
            }
        };
        (self.status(), Json(body)).into_response()
    }
}

/// Malformed JSON gets the same error shape as everything else.
impl From<axum::extract::rejection::JsonRejection> for HubError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        HubError::bad_request(rejection.body_text())
    }
}

/// A JSON body whose rejection is a `HubError`.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(HubError))]
pub struct ApiJson<T>(pub T);

/// A path whose segments failed to parse is "not found", in the error shape.
impl From<axum::extract::rejection::PathRejection> for HubError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        HubError::new(ErrorCode::NotFound, format!("no such address: {}", rejection.body_text()))
    }
}

/// A query string that doesn't parse (a cursor out of range, a wrong type) gets the error shape.
impl From<axum::extract::rejection::QueryRejection> for HubError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        HubError::bad_request(rejection.body_text())
    }
}

/// Path parameters whose rejection is a `HubError`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(HubError))]
pub struct ApiPath<T>(pub T);

/// A query string whose rejection is a `HubError`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(HubError))]
pub struct ApiQuery<T>(pub T);

/// What the router answers for an address it doesn't know.
pub async fn no_such_route() -> HubError {
    HubError::new(ErrorCode::NotFound, "there is no such address on this hub")
}

/// What the router answers for a method an address doesn't take.
pub async fn no_such_method() -> HubError {
    HubError::Api(StatusCode::METHOD_NOT_ALLOWED, ApiError::new(ErrorCode::BadRequest, "this address does not take that method"))
}

/// A handler that panicked: logged, and answered as any internal problem, so the client gets the
/// error shape and the connection stays up.
pub fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what =
        payload.downcast_ref::<String>().map(String::as_str).or_else(|| payload.downcast_ref::<&str>().copied()).unwrap_or("a panic");
    tracing::error!(panic = what, "a handler panicked");
    HubError::Internal(format!("panic: {what}")).into_response()
}

pub type HubResult<T> = Result<T, HubError>;
