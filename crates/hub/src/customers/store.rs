//! Every query of customers, their branches and who may see them.

use crate::db::{Fen, Text, Tx};
use crate::error::HubResult;
use restock_protocol::accounts::UserRole;
use restock_protocol::customers::{Branch, CustomerSummary, CustomerUser};
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::money::Money;
use sqlx::AnyConnection;

/// Customer ids a member of staff of branch `$1` may see: all for headquarters (NULL), else that
/// branch and every branch under it. As SQL to put after `customers.id IN`.
pub const VISIBLE_CUSTOMERS: &str = "
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
        c.ordering_days, c.cutoff_minute, c.contact, c.phone, c.address
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
    contact: Option<String>,
    phone: Option<String>,
    address: Option<String>,
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
            contact: row.contact,
            phone: row.phone,
            address: row.address,
        }
    }
}

pub async fn summary(conn: &mut AnyConnection, customer_id: i64) -> HubResult<CustomerSummary> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1")).bind(customer_id).fetch_one(&mut *conn).await?;
    Ok(row.into())
}

/// Which of the customers a member of staff may see the list shows (`staff::list` reads it from
/// the query); the default is all of them.
#[derive(Debug, Default)]
pub struct CustomerFilter {
    /// The staff member's branch (None: headquarters, every customer).
    pub scope: Option<i64>,
    /// A `LIKE` pattern, lower case with `%`, `_` and `\` escaped, for the code, the name or the contact.
    pub like: Option<String>,
    /// `active` or `pending`.
    pub status: Option<&'static str>,
    /// A branch: its customers and those of the branches under it.
    pub branch: Option<i64>,
    /// At most this many; None: all.
    pub limit: Option<i64>,
}

enum Bind {
    Int(i64),
    Text(String),
}

/// The customers `filter` picks, by code: one statement, whatever the filter.
pub async fn summaries(conn: &mut AnyConnection, filter: &CustomerFilter) -> HubResult<Vec<CustomerSummary>> {
    // $1 is the scope, in VISIBLE_CUSTOMERS; what the filter adds is bound after it.
    let mut binds = Vec::new();
    let mut param = |bind: Bind| {
        binds.push(bind);
        format!("${}", binds.len() + 1)
    };
    let mut conds = vec![format!("c.id IN ({VISIBLE_CUSTOMERS})")];
    if let Some(pattern) = &filter.like {
        let p = param(Bind::Text(pattern.clone()));
        conds.push(format!(
            "(LOWER(c.code) LIKE {p} ESCAPE '\\' OR LOWER(c.name) LIKE {p} ESCAPE '\\' OR LOWER(c.contact) LIKE {p} ESCAPE '\\')"
        ));
    }
    if let Some(status) = filter.status {
        conds.push(format!("c.status = {}", param(Bind::Text(status.to_owned()))));
    }
    if let Some(branch) = filter.branch {
        let p = param(Bind::Int(branch));
        conds.push(format!(
            "c.branch_id IN (WITH RECURSIVE picked(id) AS (
                 SELECT CAST({p} AS BIGINT) UNION ALL SELECT b.id FROM branches b JOIN picked s ON b.parent_id = s.id
             ) SELECT id FROM picked)"
        ));
    }
    let limit = filter.limit.map(|n| format!(" LIMIT {}", param(Bind::Int(n)))).unwrap_or_default();
    let sql = format!("{SUMMARY} WHERE {} ORDER BY c.code{limit}", conds.join(" AND "));
    let mut query = sqlx::query_as::<_, SummaryRow>(&sql).bind(filter.scope);
    for bind in binds {
        query = match bind {
            Bind::Int(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
        };
    }
    Ok(query.fetch_all(&mut *conn).await?.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct UserRow {
    username: String,
    role: Text<UserRole>,
    must_change_password: i64,
    disabled_at: Option<i64>,
}

/// A customer's users, by user name.
pub async fn users(conn: &mut AnyConnection, customer_id: i64) -> HubResult<Vec<CustomerUser>> {
    let rows: Vec<UserRow> =
        sqlx::query_as("SELECT username, role, must_change_password, disabled_at FROM users WHERE customer_id = $1 ORDER BY username")
            .bind(customer_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|row| CustomerUser {
            username: row.username,
            role: row.role.0,
            must_change_password: row.must_change_password != 0,
            disabled: row.disabled_at.is_some(),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct BranchRow {
    name: String,
    kind: String,
    parent: Option<String>,
}

/// The branches staff of `scope` see: all for headquarters (None), else that branch and every
/// branch under it; in the order they were made (a branch after the one it lies under).
pub async fn branches(conn: &mut AnyConnection, scope: Option<i64>) -> HubResult<Vec<Branch>> {
    let rows: Vec<BranchRow> = sqlx::query_as(
        "WITH RECURSIVE scope(id) AS (
             SELECT CAST($1 AS BIGINT)
             UNION ALL SELECT b.id FROM branches b JOIN scope s ON b.parent_id = s.id
         )
         SELECT b.name, b.kind, p.name AS parent FROM branches b LEFT JOIN branches p ON p.id = b.parent_id
         WHERE $1 IS NULL OR b.id IN (SELECT id FROM scope) ORDER BY b.id",
    )
    .bind(scope)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|row| Branch { name: row.name, kind: row.kind, parent: row.parent }).collect())
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

/// How the supplier reaches a customer, each trimmed, None when not given.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

pub async fn set_contact(tx: &mut Tx, customer_id: i64, contact: &Contact) -> HubResult<()> {
    sqlx::query("UPDATE customers SET contact = $1, phone = $2, address = $3 WHERE id = $4")
        .bind(contact.contact.clone())
        .bind(contact.phone.clone())
        .bind(contact.address.clone())
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the back office edits of a customer (`CustomerDetails`), checked: all of it is written.
pub async fn set_details(
    tx: &mut Tx, customer_id: i64, name: &str, tier: &str, branch_id: Option<i64>, contact: &Contact,
) -> HubResult<()> {
    sqlx::query("UPDATE customers SET name = $1, tier = $2, branch_id = $3, contact = $4, phone = $5, address = $6 WHERE id = $7")
        .bind(name)
        .bind(tier)
        .bind(branch_id)
        .bind(contact.contact.clone())
        .bind(contact.phone.clone())
        .bind(contact.address.clone())
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Suspends (暂停) or reactivates an active customer; the status it had.
pub async fn set_suspended(tx: &mut Tx, customer_id: i64, suspended: bool) -> HubResult<()> {
    let status = if suspended { "suspended" } else { "active" };
    sqlx::query("UPDATE customers SET status = $1 WHERE id = $2").bind(status).bind(customer_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn status_of(conn: &mut AnyConnection, customer_id: i64) -> HubResult<String> {
    Ok(sqlx::query_scalar("SELECT status FROM customers WHERE id = $1").bind(customer_id).fetch_one(&mut *conn).await?)
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
