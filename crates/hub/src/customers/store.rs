//! Every query of customers, their branches and who may see them.

use crate::db::{Fen, Tx};
use crate::error::HubResult;
use restock_protocol::customers::CustomerSummary;
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::money::Money;
use sqlx::AnyConnection;

/// Customer ids a member of staff of branch `$1` may see: all for headquarters (NULL), else that
/// branch and every branch under it. As SQL to put after `customers.id IN`.
const VISIBLE_CUSTOMERS: &str = "
    WITH RECURSIVE scope(id) AS (
        SELECT CAST($1 AS BIGINT)
        UNION ALL SELECT b.id FROM branches b JOIN scope s ON b.parent_id = s.id
    )
    SELECT c.id FROM customers c WHERE $1 IS NULL OR c.branch_id IN (SELECT id FROM scope)";

/// Whether `branch` (None: headquarters) lies within what staff of branch `scope` see: all for
/// headquarters, else that branch and every branch under it.
pub async fn branch_within(conn: &mut AnyConnection, scope: Option<i64>, branch: Option<i64>) -> HubResult<bool> {
    let (Some(scope), Some(branch)) = (scope, branch) else { return Ok(scope.is_none()) };
    let found: i64 = sqlx::query_scalar(
        "WITH RECURSIVE scope(id) AS (
             SELECT CAST($1 AS BIGINT)
             UNION ALL SELECT b.id FROM branches b JOIN scope s ON b.parent_id = s.id
         )
         SELECT COUNT(*) FROM scope WHERE id = $2",
    )
    .bind(scope)
    .bind(branch)
    .fetch_one(&mut *conn)
    .await?;
    Ok(found > 0)
}

pub async fn visible_ids(conn: &mut AnyConnection, branch_id: Option<i64>) -> HubResult<Vec<i64>> {
    Ok(sqlx::query_scalar(VISIBLE_CUSTOMERS).bind(branch_id).fetch_all(&mut *conn).await?)
}

/// The id of the customer with `code`, if staff of `branch_id` may see it.
pub async fn visible_id(conn: &mut AnyConnection, branch_id: Option<i64>, code: &str) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar(&format!("SELECT id FROM customers WHERE code = $2 AND id IN ({VISIBLE_CUSTOMERS})"))
        .bind(branch_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?)
}

const SUMMARY: &str = "SELECT c.code, c.name, c.tier, c.status, b.name AS branch, c.prepaid_balance_fen, c.credit_limit_fen,
        c.ordering_days, c.cutoff_minute
    FROM customers c LEFT JOIN branches b ON b.id = c.branch_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    code: String,
    name: String,
    tier: String,
    status: String,
    branch: Option<String>,
    prepaid_balance_fen: Option<Fen>,
    credit_limit_fen: Option<Fen>,
    ordering_days: i64,
    cutoff_minute: Option<i64>,
}

impl From<SummaryRow> for CustomerSummary {
    fn from(row: SummaryRow) -> Self {
        CustomerSummary {
            code: row.code,
            name: row.name,
            tier: row.tier,
            status: row.status,
            branch: row.branch,
            prepaid: row.prepaid_balance_fen.map(Fen::money),
            credit_limit: row.credit_limit_fen.map(Fen::money),
            schedule: crate::cycles::store::schedule_from(row.ordering_days, row.cutoff_minute),
        }
    }
}

pub async fn summary(conn: &mut AnyConnection, customer_id: i64) -> HubResult<CustomerSummary> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1")).bind(customer_id).fetch_one(&mut *conn).await?;
    Ok(row.into())
}

/// Every customer staff of `branch_id` may see, by code.
pub async fn visible_summaries(conn: &mut AnyConnection, branch_id: Option<i64>) -> HubResult<Vec<CustomerSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!("{SUMMARY} WHERE c.id IN ({VISIBLE_CUSTOMERS}) ORDER BY c.code"))
        .bind(branch_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The code and name a customer is shown with.
pub async fn code_and_name(conn: &mut AnyConnection, customer_id: i64) -> HubResult<(String, String)> {
    Ok(sqlx::query_as("SELECT code, name FROM customers WHERE id = $1").bind(customer_id).fetch_one(&mut *conn).await?)
}

pub async fn code_of(conn: &mut AnyConnection, customer_id: i64) -> HubResult<String> {
    Ok(sqlx::query_scalar("SELECT code FROM customers WHERE id = $1").bind(customer_id).fetch_one(&mut *conn).await?)
}

pub async fn branch_by_name(conn: &mut AnyConnection, name: &str) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM branches WHERE name = $1").bind(name).fetch_optional(&mut *conn).await?)
}

pub async fn branch_of(conn: &mut AnyConnection, customer_id: i64) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT branch_id FROM customers WHERE id = $1").bind(customer_id).fetch_one(&mut *conn).await?)
}

/// A new customer; None when the code is taken. `status` is `active`, or `pending` for a
/// self-registered one waiting for the supplier's approval.
pub async fn insert(tx: &mut Tx, code: &str, name: &str, tier: &str, branch_id: Option<i64>, status: &str) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO customers (code, name, tier, branch_id, status) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(tier)
    .bind(branch_id)
    .bind(status)
    .fetch_optional(&mut **tx)
    .await?)
}

pub async fn approve(tx: &mut Tx, customer_id: i64) -> HubResult<()> {
    sqlx::query("UPDATE customers SET status = 'active' WHERE id = $1").bind(customer_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn set_schedule(tx: &mut Tx, customer_id: i64, schedule: &OrderingSchedule) -> HubResult<()> {
    let (days, cutoff) = crate::cycles::store::schedule_columns(schedule);
    sqlx::query("UPDATE customers SET ordering_days = $1, cutoff_minute = $2 WHERE id = $3")
        .bind(days)
        .bind(cutoff)
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_balance(tx: &mut Tx, customer_id: i64, prepaid: Option<Money>, credit_limit: Option<Money>) -> HubResult<()> {
    sqlx::query("UPDATE customers SET prepaid_balance_fen = $1, credit_limit_fen = $2 WHERE id = $3")
        .bind(prepaid.map(restock_protocol::money::to_fen))
        .bind(credit_limit.map(restock_protocol::money::to_fen))
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The company's own approval limit (审批), set by its approver.
pub async fn set_approval_limit(tx: &mut Tx, customer_id: i64, approval_over: Option<Money>) -> HubResult<()> {
    sqlx::query("UPDATE customers SET approval_over_fen = $1 WHERE id = $2")
        .bind(approval_over.map(restock_protocol::money::to_fen))
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A branch (总部, 大区, 分公司: `hq`, `region`, `branch`) under `parent`; its id.
pub async fn insert_branch(tx: &mut Tx, name: &str, kind: &str, parent: Option<i64>) -> HubResult<i64> {
    Ok(sqlx::query_scalar("INSERT INTO branches (name, kind, parent_id) VALUES ($1, $2, $3) RETURNING id")
        .bind(name)
        .bind(kind)
        .bind(parent)
        .fetch_one(&mut **tx)
        .await?)
}

pub async fn set_branch(tx: &mut Tx, customer_id: i64, branch_id: Option<i64>) -> HubResult<()> {
    sqlx::query("UPDATE customers SET branch_id = $1 WHERE id = $2").bind(branch_id).bind(customer_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn count(conn: &mut AnyConnection) -> HubResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM customers").fetch_one(&mut *conn).await?)
}
