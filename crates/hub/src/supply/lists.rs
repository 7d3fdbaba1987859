//! Stock and allocations as the back office reads them: tracked stock by product code (the
//! warehouse, reviewers and admins), and every allocation of the customers a member of staff may
//! see with what placed orders used of it (admins, who set them). Both are keyset pages: `next` is
//! where the following page starts, so rows set meanwhile are neither skipped nor repeated.

use super::store::{self, AllocationFilter, StockFilter};
use crate::accounts::roles::{AdminOnly, Staff, StockReaders};
use crate::customers::scope::visible_customer;
use crate::error::{ApiQuery, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::supply::{AllocationPage, AllocationQuery, AllocationRecord, StockLevel, StockPage, StockQuery};
use restock_protocol::ErrorCode;

pub const DEFAULT_LIMIT: u32 = 200;
pub const MOST_LIMIT: u32 = 1000;

fn bad(parameter: &str, message: impl std::fmt::Display) -> HubError {
    HubError::new(ErrorCode::BadRequest, format!("{parameter}: {message}"))
}

/// A parameter given with something in it, trimmed.
fn given(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn limit_of(text: Option<String>) -> HubResult<u32> {
    match text {
        None => Ok(DEFAULT_LIMIT),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MOST_LIMIT).contains(n))
            .ok_or_else(|| bad("limit", format!("'{text}' is not a number of rows from 1 to {MOST_LIMIT}"))),
    }
}

/// A code to look for: at most 100 characters, as every code the hub keeps.
fn code(parameter: &str, text: Option<String>) -> HubResult<Option<String>> {
    match text {
        Some(text) if text.chars().count() > 100 => Err(bad(parameter, "at most 100 characters")),
        other => Ok(other),
    }
}

#[utoipa::path(get, path = "/api/v1/admin/stock", tag = "admin", security(("bearer" = [])), params(StockQuery),
    responses((status = 200, description = "a page of the products whose stock is tracked, by code", body = StockPage),
              (status = 400, description = "`bad_request`: a parameter this endpoint doesn't take", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a parameter that can't be read, named in the message", body = restock_protocol::ApiError),
              StockReaders))]
pub async fn list_stock(
    State(state): State<AppState>, _staff: Staff<StockReaders>, ApiQuery(query): ApiQuery<StockQuery>,
) -> HubResult<Json<StockPage>> {
    let text = code("q", given(&query.q))?.map(|t| store::like_escaped(&t));
    let below = given(&query.below)
        .map(|b| b.parse::<u32>().map_err(|_| bad("below", format!("'{b}' is not a whole number of units"))))
        .transpose()?;
    let limit = limit_of(given(&query.limit))?;
    let after = code("after", given(&query.after))?;
    // One more than a page: whether there is a next page at all.
    let filter = StockFilter { text, below, after, limit: limit + 1 };
    let mut conn = state.db.pool.acquire().await?;
    let mut rows = store::stock_page(&mut conn, &filter).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|row| row.product_code.clone()) } else { None };
    let items = rows
        .into_iter()
        .map(|row| StockLevel {
            product_code: row.product_code,
            product_name: row.product_name,
            unit: row.unit,
            on_hand: row.on_hand.0,
            available: row.available.0,
            updated_at: row.updated_at.instant(),
        })
        .collect();
    Ok(Json(StockPage { items, next }))
}

// An allocations cursor: hex of `[customer code, product code, cycle date as stored]` as JSON.

fn cursor(row: &store::AllocationListRow) -> String {
    hex::encode(serde_json::json!([row.customer_code, row.product_code, row.cycle_date]).to_string())
}

fn read_cursor(text: &str) -> HubResult<(String, String, String)> {
    let unreadable = || bad("after", "not a cursor this hub gave out: start again from the first page");
    let bytes = hex::decode(text).map_err(|_| unreadable())?;
    serde_json::from_slice(&bytes).map_err(|_| unreadable())
}

fn record(row: store::AllocationListRow) -> HubResult<AllocationRecord> {
    let cycle_date = match row.cycle_date.as_str() {
        "" => None,
        day => Some(day.parse::<NaiveDate>().map_err(|_| HubError::Internal(format!("an allocation dated '{day}'")))?),
    };
    let overridden = row.overridden != 0;
    // An overridden standing row is not in force: what the cycle used belongs to the dated one.
    let used = if overridden { 0 } else { row.used.0 };
    Ok(AllocationRecord {
        customer_code: row.customer_code,
        customer_name: row.customer_name,
        product_code: row.product_code,
        product_name: row.product_name,
        cycle_date,
        quantity: row.quantity.0,
        used,
        left: row.quantity.0.saturating_sub(used),
        overridden,
    })
}

#[utoipa::path(get, path = "/api/v1/admin/allocations", tag = "admin", security(("bearer" = [])), params(AllocationQuery),
    responses((status = 200, description = "a page of the allocations of the customers this member of staff may see, standing and dated, with what placed orders used of each", body = AllocationPage),
              (status = 400, description = "`bad_request`: a parameter this endpoint doesn't take", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no such customer (that this member of staff may see) or product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a parameter that can't be read, named in the message", body = restock_protocol::ApiError),
              AdminOnly))]
pub async fn list_allocations(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiQuery(query): ApiQuery<AllocationQuery>,
) -> HubResult<Json<AllocationPage>> {
    let cycle = match given(&query.cycle) {
        None => state.calendar.today(),
        Some(day) => day.parse().map_err(|_| bad("cycle", format!("'{day}' is not a date (YYYY-MM-DD)")))?,
    };
    let limit = limit_of(given(&query.limit))?;
    let after = given(&query.after).map(|a| read_cursor(&a)).transpose()?;
    let customer = code("customer", given(&query.customer))?;
    let product_code = code("product", given(&query.product))?;
    let mut conn = state.db.pool.acquire().await?;
    let customer_id = match customer {
        Some(code) => Some(visible_customer(&mut conn, &staff, &code).await?),
        None => None,
    };
    if let Some(code) = &product_code {
        if !crate::catalogue::store::exists(&mut conn, code).await? {
            return Err(HubError::not_found("product"));
        }
    }
    let filter = AllocationFilter { scope: staff.branch_id, customer_id, product_code, cycle, after, limit: limit + 1 };
    let mut rows = store::allocation_page(&mut conn, &filter).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(cursor) } else { None };
    let items = rows.into_iter().map(record).collect::<HubResult<Vec<_>>>()?;
    Ok(Json(AllocationPage { cycle_date: cycle, items, next }))
}
