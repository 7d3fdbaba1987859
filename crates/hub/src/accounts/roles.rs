//! Who may call a back-office endpoint, said once per endpoint by one type: `Staff<AdminOnly>` in
//! the handler's arguments lets in only those roles (admins always), and `AdminOnly` in its
//! `responses(...)` documents the 401 and 403 it answers otherwise, in the same words everywhere.

use super::StaffUser;
use crate::db::Db;
use crate::error::HubError;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use restock_protocol::accounts::UserRole;
use restock_protocol::ApiError;
use std::marker::PhantomData;
use utoipa::IntoResponses;

/// The roles a set lets in besides administrators.
pub trait Allowed: Send + Sync + 'static {
    const ROLES: &'static [UserRole];
}

macro_rules! role_sets {
    ($($(#[doc = $doc:literal])* $name:ident = [$($role:ident),*]: $forbidden:literal;)*) => {$(
        $(#[doc = $doc])*
        #[derive(IntoResponses)]
        #[allow(dead_code)] // its variants are read by utoipa only
        pub enum $name {
            #[response(status = 401, description = "`not_logged_in`, `session_expired`")]
            NotLoggedIn(ApiError),
            #[response(status = 403, description = $forbidden)]
            Forbidden(ApiError),
        }

        impl Allowed for $name {
            const ROLES: &'static [UserRole] = &[$(UserRole::$role),*];
        }
    )*};
}

role_sets! {
    /// Headquarters' and a branch's administrators.
    AdminOnly = []: "`forbidden`: admins only; `password_change_required`";
    /// The warehouse (发货) and administrators.
    WarehouseStaff = [Warehouse]: "`forbidden`: warehouse and admins; `password_change_required`";
    /// The warehouse, who keep the stock, reviewers, who weigh it when approving, and administrators.
    StockReaders = [Warehouse, Reviewer]: "`forbidden`: warehouse, reviewers and admins; `password_change_required`";
    /// Reviewers (审核) and administrators.
    ReviewerStaff = [Reviewer]: "`forbidden`: reviewers and admins; `password_change_required`";
    /// Finance (收款) and administrators.
    FinanceStaff = [Finance]: "`forbidden`: finance and admins; `password_change_required`";
    /// Those who look after customers' orders and money: reviewers, finance and administrators.
    ReviewerOrFinance = [Reviewer, Finance]: "`forbidden`: reviewers, finance and admins; `password_change_required`";
    /// Any member of the supplier's staff.
    AnyStaff = [Reviewer, Warehouse, Finance]: "`forbidden`: staff only; `password_change_required`";
}

/// A member of staff whose role `R` lets in; reads as the `StaffUser` it wraps.
pub struct Staff<R> {
    pub user: StaffUser,
    allowed: PhantomData<fn() -> R>,
}

impl<R> Clone for Staff<R> {
    fn clone(&self) -> Self {
        Staff { user: self.user.clone(), allowed: PhantomData }
    }
}

impl<R> std::ops::Deref for Staff<R> {
    type Target = StaffUser;
    fn deref(&self) -> &StaffUser {
        &self.user
    }
}

impl<S, R> FromRequestParts<S> for Staff<R>
where
    S: Send + Sync,
    Db: FromRef<S>,
    R: Allowed,
{
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = StaffUser::from_request_parts(parts, state).await?;
        user.require(R::ROLES)?;
        Ok(Staff { user, allowed: PhantomData })
    }
}
