//! Stock, allocations and announcements in the back office.

use super::{not_found, visible_customer};
use crate::auth::StaffUser;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::admin::{NewAnnouncement, SetAllocation, SetStock};
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
    let mut conn = state.db.pool.acquire().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE code = $1").bind(&product_code).fetch_optional(&mut *conn).await?;
    if exists.is_none() {
        return Err(not_found("product"));
    }
    sqlx::query(
        "INSERT INTO stock (product_code, on_hand, available, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_code) DO UPDATE SET on_hand = excluded.on_hand, available = excluded.available, updated_at = excluded.updated_at",
    )
    .bind(&product_code)
    .bind(i64::from(stock.on_hand))
    .bind(i64::from(stock.available))
    .bind(state.calendar.now_ms())
    .execute(&mut *conn)
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
    let mut conn = state.db.pool.acquire().await?;
    let customer_id = visible_customer(&mut conn, &staff, &allocation.customer_code).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM products WHERE code = $1").bind(&allocation.product_code).fetch_optional(&mut *conn).await?;
    if exists.is_none() {
        return Err(not_found("product"));
    }
    sqlx::query(
        "INSERT INTO allocations (customer_id, product_code, cycle_date, quantity) VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id, product_code, cycle_date) DO UPDATE SET quantity = excluded.quantity",
    )
    .bind(customer_id)
    .bind(&allocation.product_code)
    .bind(allocation.cycle_date.map(|d| d.to_string()).unwrap_or_default())
    .bind(i64::from(allocation.quantity))
    .execute(&mut *conn)
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
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO announcements (title, body, tier, published_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(new.title.trim())
    .bind(new.body.trim())
    .bind(new.tier.as_deref())
    .bind(now)
    .bind(new.expires_at.map(|t| t.timestamp_millis()))
    .fetch_one(&state.db.pool)
    .await?;
    let announcement = Announcement { id, title: new.title.trim().to_owned(), body: new.body.trim().to_owned(), published_at: crate::db::from_ms(now) };
    Ok((StatusCode::CREATED, Json(announcement)))
}
