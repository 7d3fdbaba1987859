//! Who may still log in, as the supplier decides it: a user disabled (停用) and enabled again, a
//! customer suspended (暂停) and reactivated. Disabling or suspending ends the sessions at once; the
//! user reads `account_disabled` at the next request and at login. Staff are scoped as for a
//! password reset: a branch's admin reaches its own branch's customers and staff only.

use super::scope::visible_customer;
use super::store;
use crate::accounts::roles::{AdminOnly, Staff};
use crate::accounts::StaffUser;
use crate::db::Tx;
use crate::error::{ApiPath, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::customers::CustomerSummary;
use restock_protocol::ErrorCode;

/// A user `staff` may act on, by name: a customer's within its branches, or staff of its branches.
/// Another branch's (or headquarters') is "not found".
pub async fn user_in_scope(tx: &mut Tx, staff: &StaffUser, username: &str) -> HubResult<i64> {
    let Some((user_id, customer_id)) = crate::accounts::store::user_by_name(tx, username).await? else {
        return Err(HubError::not_found("user"));
    };
    match customer_id {
        Some(customer_id) => {
            let code = store::code_of(tx, customer_id).await?;
            visible_customer(tx, staff, &code).await?;
        }
        None => {
            let branch = crate::accounts::store::branch_of(tx, user_id).await?;
            if !store::branch_within(tx, staff.branch_id, branch).await? {
                return Err(HubError::not_found("user"));
            }
        }
    }
    Ok(user_id)
}

async fn set_user_disabled(state: &AppState, staff: &StaffUser, username: String, disabled: bool) -> HubResult<StatusCode> {
    if disabled && username.trim() == staff.username {
        return Err(HubError::new(ErrorCode::BadRequest, "you can't disable your own account; ask another administrator"));
    }
    let (who, name, now) = (staff.clone(), username.trim().to_owned(), state.calendar.now_ms());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let user_id = user_in_scope(tx, &who, &name).await?;
                crate::accounts::store::set_disabled(tx, user_id, disabled, now).await
            })
        })
        .await?;
    tracing::info!(%username, disabled, by = %staff.username, "user access set");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/admin/users/{username}/disable", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204, description = "disabled (停用): no more logins, and every session of theirs has ended"),
              (status = 404, description = "`not_found`, also for a user outside this admin's branches", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: one's own account", body = restock_protocol::ApiError), AdminOnly))]
pub async fn disable_user(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(username): ApiPath<String>,
) -> HubResult<StatusCode> {
    set_user_disabled(&state, &staff, username, true).await
}

#[utoipa::path(post, path = "/api/v1/admin/users/{username}/enable", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204, description = "enabled again: the user logs in with the password they had"),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError), AdminOnly))]
pub async fn enable_user(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(username): ApiPath<String>,
) -> HubResult<StatusCode> {
    set_user_disabled(&state, &staff, username, false).await
}

async fn set_suspended(state: &AppState, staff: &StaffUser, code: String, suspended: bool) -> HubResult<Json<CustomerSummary>> {
    let (who, customer_code, now) = (staff.clone(), code.clone(), state.calendar.now_ms());
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &who, &customer_code).await?;
                if store::status_of(tx, id).await? == "pending" {
                    return Err(HubError::new(
                        ErrorCode::BadRequest,
                        "this customer's registration still waits for approval; approve it first",
                    ));
                }
                store::set_suspended(tx, id, suspended).await?;
                if suspended {
                    crate::accounts::store::revoke_customer_sessions(tx, id, now).await?;
                }
                store::summary(tx, id).await
            })
        })
        .await?;
    tracing::info!(%code, suspended, by = %staff.username, "customer access set");
    Ok(Json(written))
}

#[utoipa::path(post, path = "/api/v1/admin/customers/{code}/suspend", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)),
    responses((status = 200, description = "suspended (暂停): none of its users can log in, their sessions have ended; its orders stay as they are", body = CustomerSummary),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a registration not yet approved", body = restock_protocol::ApiError), AdminOnly))]
pub async fn suspend(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>,
) -> HubResult<Json<CustomerSummary>> {
    set_suspended(&state, &staff, code, true).await
}

#[utoipa::path(post, path = "/api/v1/admin/customers/{code}/reactivate", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)),
    responses((status = 200, description = "active again", body = CustomerSummary),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a registration not yet approved", body = restock_protocol::ApiError), AdminOnly))]
pub async fn reactivate(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>,
) -> HubResult<Json<CustomerSummary>> {
    set_suspended(&state, &staff, code, false).await
}
