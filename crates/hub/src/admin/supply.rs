//! Stock, allocations and announcements in the back office.

use super::{not_found, visible_customer};
use crate::auth::StaffUser;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use axum::extract::Query;
use restock_protocol::admin::{NewAnnouncement, RemoveAllocation, SetAllocation, SetStock};
use restock_protocol::auth::UserRole;
use restock_protocol::desk::Announcement;
use restock_protocol::ErrorCode;

#[utoipa::path(put, path = "/api/v1/admin/stock/{product_code}", tag = "admin", security(("bearer" = [])),
    params(("product_code" = String, Path)), request_body = SetStock,
    responses((status = 204, description = "stock set (and tracked from now on)"),
              (status = 403, description = "`forbidden`: warehouse and admins", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: more available than on hand", body = restock_protocol::ApiError)))]
pub async fn set_stock(
    State(state): State<AppState>,
    staff: StaffUser,
    Path(product_code): Path<String>,
    ApiJson(stock): ApiJson<SetStock>,
) -> HubResult<StatusCode> {
    staff.require(&[UserRole::Warehouse])?;
    if stock.available > stock.on_hand {
        return Err(HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, "available to order can't be more than on hand"));
    }
    let (code, now) = (product_code.clone(), state.calendar.now_ms());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE code = $1").bind(&code).fetch_optional(&mut **tx).await?;
                if exists.is_none() {
                    return Err(not_found("product"));
                }
                sqlx::query(
                    "INSERT INTO stock (product_code, on_hand, available, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (product_code) DO UPDATE SET on_hand = excluded.on_hand, available = excluded.available, updated_at = excluded.updated_at",
                )
                .bind(&code)
                .bind(i64::from(stock.on_hand))
                .bind(i64::from(stock.available))
                .bind(now)
                .execute(&mut **tx)
                .await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(%product_code, on_hand = stock.on_hand, available = stock.available, by = %staff.username, "stock set");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/admin/allocations", tag = "admin", security(("bearer" = [])), request_body = SetAllocation,
    responses((status = 204, description = "the allocation is set for that cycle, or standing for every cycle"),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such customer (that this member of staff may see) or product", body = restock_protocol::ApiError)))]
pub async fn set_allocation(State(state): State<AppState>, staff: StaffUser, ApiJson(allocation): ApiJson<SetAllocation>) -> HubResult<StatusCode> {
    staff.require(&[])?;
    let now = state.calendar.now_ms();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let customer_id = visible_customer(tx, &staff, &allocation.customer_code).await?;
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM products WHERE code = $1").bind(&allocation.product_code).fetch_optional(&mut **tx).await?;
                if exists.is_none() {
                    return Err(not_found("product"));
                }
                sqlx::query(
                    "INSERT INTO allocations (customer_id, product_code, cycle_date, quantity, updated_at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (customer_id, product_code, cycle_date) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at",
                )
                .bind(customer_id)
                .bind(&allocation.product_code)
                .bind(allocation.cycle_date.map(|d| d.to_string()).unwrap_or_default())
                .bind(i64::from(allocation.quantity))
                .bind(now)
                .execute(&mut **tx)
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/admin/announcements", tag = "admin", security(("bearer" = [])), request_body = NewAnnouncement,
    responses((status = 201, body = Announcement),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: an empty title or body", body = restock_protocol::ApiError)))]
pub async fn announce(
    State(state): State<AppState>,
    staff: StaffUser,
    ApiJson(new): ApiJson<NewAnnouncement>,
) -> HubResult<(StatusCode, Json<Announcement>)> {
    staff.require(&[])?;
    if new.title.trim().is_empty() || new.body.trim().is_empty() {
        return Err(HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, "an announcement needs a title and a text"));
    }
    let now = state.calendar.now_ms();
    let written = new.clone();
    let id: i64 = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                Ok(sqlx::query_scalar(
                    "INSERT INTO announcements (title, body, tier, published_at, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $4) RETURNING id",
                )
                .bind(written.title.trim())
                .bind(written.body.trim())
                .bind(written.tier.as_deref())
                .bind(now)
                .bind(written.expires_at.map(|t| t.timestamp_millis()))
                .fetch_one(&mut **tx)
                .await?)
            })
        })
        .await?;
    let announcement = Announcement { id, title: new.title.trim().to_owned(), body: new.body.trim().to_owned(), published_at: crate::db::from_ms(now) };
    Ok((StatusCode::CREATED, Json(announcement)))
}

#[utoipa::path(delete, path = "/api/v1/admin/stock/{product_code}", tag = "admin", security(("bearer" = [])),
    params(("product_code" = String, Path)),
    responses((status = 204, description = "the product's stock is no longer tracked: it is not limited by stock from now on"),
              (status = 403, description = "`forbidden`: warehouse and admins", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: the product's stock is not tracked", body = restock_protocol::ApiError)))]
pub async fn untrack_stock(State(state): State<AppState>, staff: StaffUser, Path(product_code): Path<String>) -> HubResult<StatusCode> {
    staff.require(&[UserRole::Warehouse])?;
    let (now, code) = (state.calendar.now_ms(), product_code.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let deleted = sqlx::query("DELETE FROM stock WHERE product_code = $1").bind(&code).execute(&mut **tx).await?.rows_affected();
                if deleted == 0 {
                    return Err(not_found("tracked stock"));
                }
                // A tombstone for every customer's app (customer_id NULL), so a delta pull drops the limit.
                sqlx::query("INSERT INTO supply_removals (customer_id, product_code, removed_at) VALUES (NULL, $1, $2)")
                    .bind(&code)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
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
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such customer (that this member of staff may see), or no such allocation", body = restock_protocol::ApiError)))]
pub async fn remove_allocation(
    State(state): State<AppState>,
    staff: StaffUser,
    Query(which): Query<RemoveAllocation>,
) -> HubResult<StatusCode> {
    staff.require(&[])?;
    let now = state.calendar.now_ms();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let customer_id = visible_customer(tx, &staff, &which.customer_code).await?;
                let deleted = sqlx::query("DELETE FROM allocations WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3")
                    .bind(customer_id)
                    .bind(&which.product_code)
                    .bind(which.cycle_date.map(|d| d.to_string()).unwrap_or_default())
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                if deleted == 0 {
                    return Err(not_found("allocation"));
                }
                // The customer's app learns of it on its next delta pull (another allocation may still
                // apply: the pull sends the product's supply as it now is, or drops it).
                sqlx::query("INSERT INTO supply_removals (customer_id, product_code, removed_at) VALUES ($1, $2, $3)")
                    .bind(customer_id)
                    .bind(&which.product_code)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/admin/announcements/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "withdrawn: no longer shown, and removed from the apps on their next pull"),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such announcement, or already withdrawn", body = restock_protocol::ApiError)))]
pub async fn withdraw_announcement(State(state): State<AppState>, staff: StaffUser, Path(id): Path<i64>) -> HubResult<StatusCode> {
    staff.require(&[])?;
    let now = state.calendar.now_ms();
    let withdrawn = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                Ok(sqlx::query("UPDATE announcements SET withdrawn_at = $1, updated_at = $1 WHERE id = $2 AND withdrawn_at IS NULL")
                    .bind(now)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected())
            })
        })
        .await?;
    if withdrawn == 0 {
        return Err(not_found("announcement"));
    }
    tracing::info!(id, by = %staff.username, "announcement withdrawn");
    Ok(StatusCode::NO_CONTENT)
}
