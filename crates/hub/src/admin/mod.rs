//! The supplier's back office over HTTP: customers and their accounts, stock, allocations,
//! announcements and order review. Every handler takes a `StaffUser` and says which roles may act;
//! branch staff see only their branch's customers, and anything else is "not found".

pub mod catalogue;
pub mod customers;
pub mod orders;
pub mod prices;
pub mod review;
pub mod staff;
pub mod supply;

use crate::auth::StaffUser;
use crate::error::{HubError, HubResult};
use axum::http::StatusCode;
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

/// Customer ids this member of staff may see: all for headquarters, else their branch and every
/// branch under it. As SQL to put after `customers.id IN`, with the branch bound as `$1`.
const VISIBLE_CUSTOMERS: &str = "
    WITH RECURSIVE scope(id) AS (
        SELECT CAST($1 AS BIGINT)
        UNION ALL SELECT b.id FROM branches b JOIN scope s ON b.parent_id = s.id
    )
    SELECT c.id FROM customers c WHERE $1 IS NULL OR c.branch_id IN (SELECT id FROM scope)";

/// The ids of every customer `staff` may see.
pub async fn visible_customer_ids(conn: &mut AnyConnection, staff: &StaffUser) -> HubResult<Vec<i64>> {
    Ok(sqlx::query_scalar(VISIBLE_CUSTOMERS).bind(staff.branch_id).fetch_all(&mut *conn).await?)
}

/// A customer by code, if `staff` may see it; otherwise "not found", never "forbidden", so that
/// branch staff can't learn which codes exist elsewhere.
pub async fn visible_customer(conn: &mut AnyConnection, staff: &StaffUser, code: &str) -> HubResult<i64> {
    let id: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM customers WHERE code = $2 AND id IN ({VISIBLE_CUSTOMERS})"))
        .bind(staff.branch_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or_else(|| not_found("customer"))
}

pub fn not_found(what: &str) -> HubError {
    HubError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, format!("there is no such {what}"))
}
