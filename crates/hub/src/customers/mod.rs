//! Customers in the back office (客户管理): list, create with an issued password, approve a
//! registration (新客户审核), issue more users, set the ordering cycle and the balance, issue a
//! password reset; and which customers a member of staff may see at all (`scope`).

pub mod scope;
pub mod staff;
pub mod store;

use crate::AppState;
use axum::routing::{get, post, put};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/customers", get(staff::list).post(staff::create))
        .route("/api/v1/admin/customers/{code}/approve", post(staff::approve))
        .route("/api/v1/admin/customers/{code}/users", post(staff::add_user))
        .route("/api/v1/admin/customers/{code}/schedule", put(staff::set_schedule))
        .route("/api/v1/admin/customers/{code}/balance", put(staff::set_balance))
        .route("/api/v1/admin/users/{username}/reset", post(staff::issue_reset))
}
