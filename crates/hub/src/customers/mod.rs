//! Customers in the back office (客户管理): list and search, open one, create with an issued
//! password, edit its details, approve a registration (新客户审核), issue more users, set the
//! ordering cycle and the balance, issue a password reset, disable a user or suspend a customer (`access`); the branches staff may see; and which
//! customers a member of staff may see at all (`scope`).

pub mod access;
pub mod scope;
pub mod staff;
pub mod store;

use crate::AppState;
use axum::routing::{get, post, put};
use axum::Router;
use restock_protocol::routes;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::CUSTOMERS, get(staff::list).post(staff::create))
        .route(routes::CUSTOMER, get(staff::one).put(staff::edit))
        .route(routes::CUSTOMER_APPROVE, post(staff::approve))
        .route(routes::CUSTOMER_USERS, post(staff::add_user))
        .route(routes::CUSTOMER_SCHEDULE, put(staff::set_schedule))
        .route(routes::CUSTOMER_BALANCE, put(staff::set_balance))
        .route(routes::USER_RESET, post(staff::issue_reset))
        .route(routes::USER_DISABLE, post(access::disable_user))
        .route(routes::USER_ENABLE, post(access::enable_user))
        .route(routes::CUSTOMER_SUSPEND, post(access::suspend))
        .route(routes::CUSTOMER_REACTIVATE, post(access::reactivate))
        .route(routes::BRANCHES, get(staff::branches))
}
