//! Who is calling: the bearer token resolved to a user, then narrowed to what a handler needs. A
//! user with an issued password gets nothing but the password change until it is changed.

use super::token_hash;
use crate::db::{now_ms, Db};
use crate::error::HubError;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use restock_protocol::accounts::{Account, UserRole};
use restock_protocol::ErrorCode;

/// Any logged-in user, even one who must still change an issued password.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub username: String,
    pub role: UserRole,
    pub must_change_password: bool,
    pub customer: Option<SessionCustomer>,
    pub branch_id: Option<i64>,
    pub(crate) token_hash: String,
}

/// The customer a customer's user orders for, as the session found it.
#[derive(Debug, Clone)]
pub struct SessionCustomer {
    pub id: i64,
    pub account: Account,
    pub approved: bool,
    /// The company's approval limit (审批), in fen.
    pub approval_over_fen: Option<i64>,
}

impl<S> FromRequestParts<S> for Session
where
    S: Send + Sync,
    Db: FromRef<S>,
{
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(HubError::not_logged_in)?;
        let hash = token_hash(token.trim());
        let db = Db::from_ref(state);
        let row = super::store::session(&mut *db.pool.acquire().await?, &hash).await?;
        let Some(row) = row else {
            return Err(HubError::not_logged_in());
        };
        // Disabled first: its sessions were ended too, and the user should read why.
        if row.disabled_at.is_some() || row.customer_status.as_deref() == Some("suspended") {
            return Err(disabled_error(row.disabled_at.is_some()));
        }
        let now = now_ms();
        let last_seen = row.last_seen_at.unwrap_or(row.created_at);
        if row.revoked_at.is_some() || row.expires_at <= now || now - last_seen > IDLE_MS {
            return Err(HubError::session_expired());
        }
        if now - last_seen > TOUCH_EVERY_MS {
            let hash = hash.clone();
            db.write(move |tx| Box::pin(async move { super::store::touch_session(tx, &hash, now).await })).await?;
        }
        let role = UserRole::parse(&row.role).ok_or_else(HubError::not_logged_in)?;
        let customer = match (row.customer_id, row.customer_code, row.customer_name, row.tier) {
            (Some(id), Some(customer_code), Some(customer_name), Some(tier)) => {
                let account = Account { username: row.username.clone(), customer_code, customer_name, tier };
                let approved = row.customer_status.as_deref() == Some("active");
                Some(SessionCustomer { id, account, approved, approval_over_fen: row.approval_over_fen })
            }
            _ => None,
        };
        Ok(Session {
            user_id: row.user_id,
            username: row.username,
            role,
            must_change_password: row.must_change_password != 0,
            customer,
            branch_id: row.branch_id,
            token_hash: hash,
        })
    }
}

/// A session unused this long ends (a PC left logged in at a closed shop); 30 days is the most any lasts.
pub const IDLE_DAYS: i64 = 14;
const IDLE_MS: i64 = IDLE_DAYS * 24 * 3600 * 1000;
/// How often a session's last use is written: often enough for the idle expiry, rarely enough
/// that reading requests don't all become writes.
const TOUCH_EVERY_MS: i64 = 10 * 60 * 1000;

/// The refusal of a disabled user (停用) or of a user of a suspended customer.
pub fn disabled_error(user_disabled: bool) -> HubError {
    let message = if user_disabled {
        "this account is disabled by the supplier; ask them to enable it"
    } else {
        "your company's account is suspended by the supplier; ask them to reactivate it"
    };
    HubError::new(ErrorCode::AccountDisabled, message)
}

fn forbidden(message: &str) -> HubError {
    HubError::new(ErrorCode::Forbidden, message)
}

fn require_password_changed(session: &Session) -> Result<(), HubError> {
    if session.must_change_password {
        return Err(HubError::new(ErrorCode::PasswordChangeRequired, "change the password the supplier issued before going on"));
    }
    Ok(())
}

/// A customer's user (buyer or approver) whose password is their own.
#[derive(Debug, Clone)]
pub struct CustomerUser {
    pub user_id: i64,
    pub customer_id: i64,
    pub account: Account,
    /// Buyer or approver (审批人).
    pub role: UserRole,
    /// The company's approval limit (审批): a buyer's order above it waits for an approver.
    pub approval_over: Option<restock_protocol::Money>,
    /// Self-registered customers wait for the supplier's approval before they can order.
    pub approved: bool,
}

impl CustomerUser {
    pub fn require_approved(&self) -> Result<(), HubError> {
        if !self.approved {
            return Err(HubError::new(
                ErrorCode::AwaitingApproval,
                "the supplier has not approved this customer yet (新客户审核); prices and ordering open once it has",
            ));
        }
        Ok(())
    }
}

/// Supplier staff whose password is their own. Handlers say which roles may act (`require`).
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub user_id: i64,
    pub username: String,
    pub role: UserRole,
    /// None: headquarters, who see every customer.
    pub branch_id: Option<i64>,
}

impl StaffUser {
    /// Admins may do everything; others only what `roles` lists.
    pub fn require(&self, roles: &[UserRole]) -> Result<(), HubError> {
        if self.role == UserRole::Admin || roles.contains(&self.role) {
            return Ok(());
        }
        Err(forbidden(&format!("a {} account may not do this", self.role.as_str())))
    }
}

impl Session {
    /// The customer's user behind this session, once the password is their own.
    fn into_customer(self) -> Result<CustomerUser, HubError> {
        require_password_changed(&self)?;
        let Some(SessionCustomer { id: customer_id, account, approved, approval_over_fen }) = self.customer else {
            return Err(forbidden("this is a supplier staff account, not a customer's"));
        };
        let approval_over = approval_over_fen.map(restock_protocol::money::from_fen);
        Ok(CustomerUser { user_id: self.user_id, customer_id, account, role: self.role, approval_over, approved })
    }

    /// The member of staff behind this session, once the password is their own.
    fn into_staff(self) -> Result<StaffUser, HubError> {
        require_password_changed(&self)?;
        if !self.role.is_staff() {
            return Err(forbidden("this is a customer's account; the back office is for supplier staff"));
        }
        Ok(StaffUser { user_id: self.user_id, username: self.username, role: self.role, branch_id: self.branch_id })
    }
}

/// `CustomerUser` and `StaffUser` are extracted from the request's session.
macro_rules! from_session {
    ($($user:ident by $into:ident),*) => {$(
        impl<S> FromRequestParts<S> for $user
        where
            S: Send + Sync,
            Db: FromRef<S>,
        {
            type Rejection = HubError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
                Session::from_request_parts(parts, state).await?.$into()
            }
        }
    )*};
}

from_session!(CustomerUser by into_customer, StaffUser by into_staff);
