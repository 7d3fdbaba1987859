//! Stock and allocations in the back office: set, and no longer tracked or removed.

use crate::accounts::roles::{AdminOnly, Staff, WarehouseStaff};
use crate::accounts::StaffUser;
use crate::customers::scope::visible_customer;
use crate::db::Tx;
use crate::error::{ApiJson, ApiPath, ApiQuery, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use restock_protocol::supply::{RemoveAllocation, SetAllocation, SetStock};
use restock_protocol::ErrorCode;

#[utoipa::path(put, path = "/api/v1/admin/stock/{product_code}", tag = "admin", security(("bearer" = [])),
    params(("product_code" = String, Path)), request_body = SetStock,
    responses((status = 204, description = "stock set (and tracked from now on)"),
              (status = 404, description = "`not_found`: no such product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: more available than on hand", body = restock_protocol::ApiError), WarehouseStaff))]
pub async fn set_stock(
    State(state): State<AppState>, staff: Staff<WarehouseStaff>, ApiPath(product_code): ApiPath<String>, ApiJson(stock): ApiJson<SetStock>,
) -> HubResult<StatusCode> {
    if stock.available > stock.on_hand {
        return Err(HubError::new(ErrorCode::BadRequest, "available to order can't be more than on hand"));
    }
    let (code, now) = (product_code.clone(), state.calendar.now_ms());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !crate::catalogue::store::exists(tx, &code).await? {
                    return Err(HubError::not_found("product"));
                }
                super::store::set_stock(tx, &code, stock.on_hand, stock.available, now).await
            })
        })
        .await?;
    tracing::info!(%product_code, on_hand = stock.on_hand, available = stock.available, by = %staff.username, "stock set");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/admin/allocations", tag = "admin", security(("bearer" = [])), request_body = SetAllocation,
    responses((status = 204, description = "the allocation is set for that cycle, or standing for every cycle"),
              (status = 404, description = "`not_found`: no such customer (that this member of staff may see) or product", body = restock_protocol::ApiError), AdminOnly))]
pub async fn set_allocation(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(allocation): ApiJson<SetAllocation>,
) -> HubResult<StatusCode> {
    let now = state.calendar.now_ms();
    state.db.write(move |tx| Box::pin(async move { allocate(tx, &staff, &allocation, now).await })).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/admin/stock/{product_code}", tag = "admin", security(("bearer" = [])),
    params(("product_code" = String, Path)),
    responses((status = 204, description = "the product's stock is no longer tracked: it is not limited by stock from now on"),
              (status = 404, description = "`not_found`: the product's stock is not tracked", body = restock_protocol::ApiError), WarehouseStaff))]
pub async fn untrack_stock(
    State(state): State<AppState>, staff: Staff<WarehouseStaff>, ApiPath(product_code): ApiPath<String>,
) -> HubResult<StatusCode> {
    let (now, code) = (state.calendar.now_ms(), product_code.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                // A tombstone for every customer's app, so a delta pull drops the limit.
                if !super::store::untrack_stock(tx, &code, now).await? {
                    return Err(HubError::not_found("tracked stock"));
                }
                Ok(())
            })
        })
        .await?;
    tracing::info!(%product_code, by = %staff.username, "stock no longer tracked");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/admin/allocations", tag = "admin", security(("bearer" = [])),
    params(("customerCode" = String, Query), ("productCode" = String, Query),
           ("cycleDate" = Option<String>, Query, description = "the cycle's allocation; omit for the standing one")),
    responses((status = 204, description = "the allocation is removed"),
              (status = 404, description = "`not_found`: no such customer (that this member of staff may see), or no such allocation", body = restock_protocol::ApiError), AdminOnly))]
pub async fn remove_allocation(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiQuery(which): ApiQuery<RemoveAllocation>,
) -> HubResult<StatusCode> {
    let now = state.calendar.now_ms();
    state.db.write(move |tx| Box::pin(async move { deallocate(tx, &staff, &which, now).await })).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn allocate(tx: &mut Tx, staff: &StaffUser, allocation: &SetAllocation, now: i64) -> HubResult<()> {
    let customer_id = visible_customer(tx, staff, &allocation.customer_code).await?;
    if !crate::catalogue::store::exists(tx, &allocation.product_code).await? {
        return Err(HubError::not_found("product"));
    }
    super::store::set_allocation(tx, customer_id, &allocation.product_code, allocation.cycle_date, allocation.quantity, now).await
}

async fn deallocate(tx: &mut Tx, staff: &StaffUser, which: &RemoveAllocation, now: i64) -> HubResult<()> {
    let customer_id = visible_customer(tx, staff, &which.customer_code).await?;
    // The customer's app learns of it on its next delta pull (another allocation may still apply:
    // the pull sends the product's supply as it now is, or drops it).
    if !super::store::remove_allocation(tx, customer_id, &which.product_code, which.cycle_date, now).await? {
        return Err(HubError::not_found("allocation"));
    }
    Ok(())
}
