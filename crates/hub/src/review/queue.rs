//! The back office's order queue (`GET /api/v1/admin/orders`): the orders of the customers a member
//! of staff may see, filtered, sorted and paged in the database (`store::queue`), and one order with
//! its lines (`GET /api/v1/admin/orders/{order_id}`).
//!
//! Dates (`from`, `to`) are the supplier's calendar days the orders were placed on (the day a clerk
//! means by 日期), read in the hub's time zone. A page's `next` is an opaque cursor: the sort key of
//! its last order, with the sort and a fingerprint of the filters it was made for, so that a cursor
//! used with other filters or another sort is refused rather than silently skipping orders.

use super::store::{self, QueueFilter, QueueKey, QueueRow, QueueSort, ReviewLevel};
use crate::accounts::roles::{AnyStaff, Staff};
use crate::accounts::StaffUser;
use crate::db::{Fen, Millis};
use crate::error::{ApiPath, ApiQuery, HubError, HubResult};
use crate::orders::store as orders;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::{NaiveDate, TimeZone};
use restock_protocol::accounts::UserRole;
use restock_protocol::orders::OrderStatus;
use restock_protocol::review::{OrderQueuePage, OrderQueueQuery, ReviewOrderDetail, ReviewQueueOrder};
use restock_protocol::ErrorCode;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MOST_LIMIT: u32 = 200;

fn bad(parameter: &str, message: impl std::fmt::Display) -> HubError {
    HubError::new(ErrorCode::BadRequest, format!("{parameter}: {message}"))
}

/// The query as the store takes it, checked.
#[derive(Debug)]
struct Queue {
    filter: QueueFilter,
    sort: QueueSort,
    limit: u32,
    /// Everything but the cursor and the limit, as the cursor's fingerprint is made of.
    fingerprint: String,
    /// Whether some status asked for can be in the queue at all (`awaiting_me` with only approved
    /// orders asked for: none can).
    empty: bool,
}

fn sort_named(sort: Option<&str>) -> HubResult<QueueSort> {
    Ok(match sort.map(str::trim).unwrap_or("newest") {
        "" | "newest" => QueueSort::Newest,
        "oldest" => QueueSort::Oldest,
        "amount_desc" => QueueSort::AmountDesc,
        "amount_asc" => QueueSort::AmountAsc,
        "customer" => QueueSort::Customer,
        other => return Err(bad("sort", format!("'{other}' is not newest, oldest, amount_desc, amount_asc or customer"))),
    })
}

fn day(parameter: &str, text: &str) -> HubResult<NaiveDate> {
    text.trim().parse().map_err(|_| bad(parameter, format!("'{text}' is not a date (YYYY-MM-DD)")))
}

fn amount(parameter: &str, text: &str) -> HubResult<Fen> {
    let value: Decimal = text.trim().parse().map_err(|_| bad(parameter, format!("'{text}' is not an amount in yuan (1234.50)")))?;
    restock_protocol::money::check_amount(parameter, value).map_err(|m| HubError::new(ErrorCode::BadRequest, m))?;
    if value < Decimal::ZERO || value.round_dp(2) != value {
        return Err(bad(parameter, format!("'{text}' is not an amount at least 0.00, to the fen")));
    }
    Ok(Fen(restock_protocol::money::to_fen(value)))
}

/// The first instant of the supplier's calendar day `date` (its earliest, should a clock change fall on it).
fn start_of(zone: chrono_tz::Tz, date: NaiveDate) -> Millis {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let instant =
        zone.from_local_datetime(&midnight).earliest().unwrap_or_else(|| chrono::Utc.from_utc_datetime(&midnight).with_timezone(&zone));
    Millis(instant.timestamp_millis())
}

async fn checked(conn: &mut sqlx::AnyConnection, state: &AppState, staff: &StaffUser, q: &OrderQueueQuery) -> HubResult<Queue> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut filter = QueueFilter { scope: staff.branch_id, ..QueueFilter::default() };
    let mut statuses = Vec::new();
    if let Some(list) = given(&q.status) {
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let status = OrderStatus::parse(name).ok_or_else(|| {
                bad(
                    "status",
                    format!("'{name}' is not an order status (saved, submitted, awaiting_approval, approved, rejected, cancelled, voided)"),
                )
            })?;
            if !statuses.contains(&status) {
                statuses.push(status);
            }
        }
    }
    statuses.sort_by_key(|s| s.as_str());
    let awaiting_me = match given(&q.awaiting_me).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(bad("awaitingMe", format!("'{other}' is not true or false"))),
    };
    let mut empty = false;
    if awaiting_me {
        staff.require(&[UserRole::Reviewer])?;
        filter.awaiting = Some(if staff.branch_id.is_some() { ReviewLevel::Branch } else { ReviewLevel::Headquarters });
        empty = !statuses.is_empty() && !statuses.contains(&OrderStatus::Submitted);
        statuses = vec![OrderStatus::Submitted];
    }
    filter.statuses = statuses;
    let zone = state.calendar.zone();
    let from = given(&q.from).map(|d| day("from", &d)).transpose()?;
    let to = given(&q.to).map(|d| day("to", &d)).transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(bad("from", format!("{from} is after to ({to})")));
        }
    }
    filter.created_from = from.map(|d| start_of(zone, d));
    filter.created_before = to.and_then(|d| d.succ_opt()).map(|d| start_of(zone, d));
    if let Some(text) = given(&q.customer) {
        if text.chars().count() > 100 {
            return Err(bad("customer", "at most 100 characters"));
        }
        let escaped: String =
            text.to_lowercase().chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
        filter.customer_like = Some(format!("%{escaped}%"));
    }
    if let Some(branch) = given(&q.branch) {
        // As on the customer list: another branch is "no such branch" to branch staff.
        let unknown = || bad("branch", format!("there is no branch {branch}"));
        let id = store::branch_named_or_numbered(conn, &branch).await?.ok_or_else(unknown)?;
        if !crate::customers::scope::branch_filter_in_scope(conn, staff, id).await? {
            return Err(unknown());
        }
        filter.branch = Some(id);
    }
    filter.min_total = given(&q.min_amount).map(|a| amount("minAmount", &a)).transpose()?;
    filter.max_total = given(&q.max_amount).map(|a| amount("maxAmount", &a)).transpose()?;
    if let (Some(min), Some(max)) = (filter.min_total, filter.max_total) {
        if min > max {
            return Err(bad("minAmount", format!("{} is more than maxAmount ({})", min.money(), max.money())));
        }
    }
    let sort = sort_named(q.sort.as_deref())?;
    let limit = match given(&q.limit) {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MOST_LIMIT).contains(n))
            .ok_or_else(|| bad("limit", format!("'{text}' is not a number of orders from 1 to {MOST_LIMIT}")))?,
    };
    let fingerprint = format!("{filter:?}|{sort:?}");
    Ok(Queue { filter, sort, limit, fingerprint, empty })
}

// The cursor: hex of `[version, sort, fingerprint, key…]` as JSON.

const CURSOR_VERSION: u32 = 1;

fn fingerprint_hash(fingerprint: &str) -> String {
    hex::encode(&Sha256::digest(fingerprint.as_bytes())[..8])
}

fn cursor(queue: &Queue, key: &QueueKey) -> String {
    let head = serde_json::json!([CURSOR_VERSION, fingerprint_hash(&queue.fingerprint)]);
    let key = match key {
        QueueKey::Created { at, order_id } => serde_json::json!(["created", at, order_id]),
        QueueKey::Amount { total_fen, at, order_id } => serde_json::json!(["amount", total_fen, at, order_id]),
        QueueKey::Customer { code, at, order_id } => serde_json::json!(["customer", code, at, order_id]),
    };
    hex::encode(serde_json::json!([head, key]).to_string())
}

fn read_cursor(queue: &Queue, text: &str) -> HubResult<QueueKey> {
    let unreadable = || bad("after", "not a cursor this hub gave out: start again from the first page");
    let bytes = hex::decode(text.trim()).map_err(|_| unreadable())?;
    let (head, key): ((u32, String), Vec<serde_json::Value>) = serde_json::from_slice(&bytes).map_err(|_| unreadable())?;
    if head.0 != CURSOR_VERSION {
        return Err(unreadable());
    }
    if head.1 != fingerprint_hash(&queue.fingerprint) {
        return Err(bad("after", "this cursor is of a page with other filters or another sort: start again from the first page"));
    }
    let int = |v: &serde_json::Value| v.as_i64().ok_or_else(unreadable);
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned).ok_or_else(unreadable);
    let parsed = match (key.first().and_then(|k| k.as_str()), &key[..]) {
        (Some("created"), [_, at, id]) => QueueKey::Created { at: int(at)?, order_id: text(id)? },
        (Some("amount"), [_, fen, at, id]) => QueueKey::Amount { total_fen: int(fen)?, at: int(at)?, order_id: text(id)? },
        (Some("customer"), [_, code, at, id]) => QueueKey::Customer { code: text(code)?, at: int(at)?, order_id: text(id)? },
        _ => return Err(unreadable()),
    };
    Ok(parsed)
}

fn queued(row: QueueRow) -> ReviewQueueOrder {
    ReviewQueueOrder {
        order_id: row.order_id.0,
        order_number: row.order_number,
        customer_code: row.customer_code,
        customer_name: row.customer_name,
        branch: row.branch,
        status: row.status.0,
        created_at: row.created_at.instant(),
        cycle_date: row.cycle_date.0,
        total: row.total_fen.money(),
        branch_approved: row.branch_approved_by.is_some(),
    }
}

#[utoipa::path(get, path = "/api/v1/admin/orders", tag = "admin", security(("bearer" = [])), params(OrderQueueQuery),
    responses((status = 200, description = "a page of the orders of the customers this member of staff may see, newest first unless sorted otherwise", body = OrderQueuePage),
              (status = 400, description = "`bad_request`: a parameter this endpoint doesn't take", body = restock_protocol::ApiError),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError),
              (status = 403, description = "`forbidden`: customers; `awaitingMe` for staff who don't review; `password_change_required`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a parameter that can't be read, named in the message, or a cursor of other filters", body = restock_protocol::ApiError)))]
pub async fn list(
    State(state): State<AppState>, staff: Staff<AnyStaff>, ApiQuery(query): ApiQuery<OrderQueueQuery>,
) -> HubResult<Json<OrderQueuePage>> {
    let mut conn = state.db.pool.acquire().await?;
    let queue = checked(&mut conn, &state, &staff, &query).await?;
    let after = query.after.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(|a| read_cursor(&queue, a)).transpose()?;
    if queue.empty {
        return Ok(Json(OrderQueuePage { orders: Vec::new(), next: None }));
    }
    // One more than a page: whether there is a next page at all.
    let mut rows = store::queue(&mut conn, &queue.filter, queue.sort, after.as_ref(), queue.limit + 1).await?;
    let more = rows.len() > queue.limit as usize;
    rows.truncate(queue.limit as usize);
    let next = if more { rows.last().map(|row| cursor(&queue, &row.key(queue.sort))) } else { None };
    Ok(Json(OrderQueuePage { orders: rows.into_iter().map(queued).collect(), next }))
}

#[utoipa::path(get, path = "/api/v1/admin/orders/{order_id}", tag = "admin", security(("bearer" = [])),
    params(("order_id" = String, Path)),
    responses((status = 200, description = "one order as a reviewer decides it: whose it is, its lines and history, the customer's balance, each line's stock and allocation left in the order's cycle, and whether it waits for this member of staff", body = ReviewOrderDetail),
              (status = 404, description = "`not_found`, also for an order of a customer this member of staff may not see", body = restock_protocol::ApiError), AnyStaff))]
pub async fn one(
    State(state): State<AppState>, staff: Staff<AnyStaff>, ApiPath(id): ApiPath<String>,
) -> HubResult<Json<ReviewOrderDetail>> {
    let order_id = id.parse::<uuid::Uuid>().map_err(|_| HubError::not_found("order"))?.to_string();
    let mut conn = state.db.pool.acquire().await?;
    let Some((_, branch)) = store::order_customer(&mut conn, &order_id).await? else { return Err(HubError::not_found("order")) };
    if !crate::customers::store::branch_within(&mut conn, staff.branch_id, branch).await? {
        return Err(HubError::not_found("order"));
    }
    let reviewed = orders::reviewed(&mut conn, &order_id).await?.ok_or_else(|| HubError::not_found("order"))?;
    let detail = super::order_detail(&mut conn, &staff, &order_id, &reviewed).await?;
    detail.map(Json).ok_or_else(|| HubError::not_found("order"))
}
