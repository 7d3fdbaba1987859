//! The supplier's review rule (above which amount a branch's customer's order is reviewed twice),
//! and the back office's order queue.

use crate::db::{Fen, Millis, Text, Tx};
use crate::error::HubResult;
use chrono::NaiveDate;
use restock_protocol::orders::OrderStatus;
use sqlx::AnyConnection;

/// The two-level limit in fen; None: one review for every order.
pub async fn hq_review_over(conn: &mut AnyConnection) -> HubResult<Option<Fen>> {
    Ok(sqlx::query_scalar("SELECT hq_review_over_fen FROM review_rule WHERE id = 1").fetch_optional(&mut *conn).await?.flatten())
}

pub async fn set_hq_review_over(tx: &mut Tx, limit: Option<Fen>) -> HubResult<()> {
    sqlx::query("UPDATE review_rule SET hq_review_over_fen = $1 WHERE id = 1").bind(limit).execute(&mut **tx).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The order queue: one query, filtered and sorted in the database, paged by keyset.

/// How the queue is sorted. Every sort ends in the order's id, so equal instants or amounts still
/// come in one order and a page boundary never drops or repeats one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueSort {
    Newest,
    Oldest,
    AmountDesc,
    AmountAsc,
    /// By customer code, each customer's newest first.
    Customer,
}

/// Whose level of review `awaiting_me` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewLevel {
    /// Branch staff: submitted orders their branch hasn't approved.
    Branch,
    /// Headquarters: submitted orders but the large ones of a branch's customer not yet approved by the branch.
    Headquarters,
}

/// What the queue is filtered by; every bound inclusive but `created_before`.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// The staff member's branch (None: headquarters, every customer).
    pub scope: Option<i64>,
    /// Empty: every status.
    pub statuses: Vec<OrderStatus>,
    pub created_from: Option<Millis>,
    pub created_before: Option<Millis>,
    /// A `LIKE` pattern (lower case, wildcards escaped with `\`) matched to the customer's code and name.
    pub customer_like: Option<String>,
    /// A branch: its customers and those of the branches under it.
    pub branch: Option<i64>,
    pub min_total: Option<Fen>,
    pub max_total: Option<Fen>,
    pub awaiting: Option<ReviewLevel>,
}

/// Where the previous page ended: the sort key of its last order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueKey {
    Created { at: i64, order_id: String },
    Amount { total_fen: i64, at: i64, order_id: String },
    Customer { code: String, at: i64, order_id: String },
}

#[derive(sqlx::FromRow)]
pub struct QueueRow {
    pub order_id: Text<uuid::Uuid>,
    pub order_number: String,
    pub status: Text<OrderStatus>,
    pub total_fen: Fen,
    pub created_at: Millis,
    pub cycle_date: Text<NaiveDate>,
    pub branch_approved_by: Option<i64>,
    pub customer_code: String,
    pub customer_name: String,
    pub branch: Option<String>,
}

impl QueueRow {
    pub fn key(&self, sort: QueueSort) -> QueueKey {
        let (at, order_id) = (self.created_at.0, self.order_id.0.to_string());
        match sort {
            QueueSort::Newest | QueueSort::Oldest => QueueKey::Created { at, order_id },
            QueueSort::AmountDesc | QueueSort::AmountAsc => QueueKey::Amount { total_fen: self.total_fen.0, at, order_id },
            QueueSort::Customer => QueueKey::Customer { code: self.customer_code.clone(), at, order_id },
        }
    }
}

enum Bind {
    Int(i64),
    Text(String),
}

#[derive(Default)]
struct Params(Vec<Bind>);

impl Params {
    fn int(&mut self, value: i64) -> String {
        self.0.push(Bind::Int(value));
        format!("${}", self.0.len())
    }
    fn text(&mut self, value: String) -> String {
        self.0.push(Bind::Text(value));
        format!("${}", self.0.len())
    }
}

/// Branch `$n` and every branch under it, as a CTE named `name`.
fn subtree(name: &str, param: &str) -> String {
    format!("{name}(id) AS (SELECT CAST({param} AS BIGINT) UNION ALL SELECT b.id FROM branches b JOIN {name} s ON b.parent_id = s.id)")
}

/// A customer filter matching at most this many customers lists them in the query.
const MOST_LISTED_CUSTOMERS: usize = 200;

fn customer_matches(param: &str) -> String {
    format!("LOWER(code) LIKE {param} ESCAPE '\\' OR LOWER(name) LIKE {param} ESCAPE '\\'")
}

/// The ids of up to `limit` customers whose code or name matches `pattern` (see `QueueFilter`).
async fn matching_customers(conn: &mut AnyConnection, pattern: &str, limit: usize) -> HubResult<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!("SELECT id FROM customers WHERE {} LIMIT $2", customer_matches("$1")))
        .bind(pattern)
        .bind(limit as i64)
        .fetch_all(&mut *conn)
        .await?)
}

/// Up to `limit` orders of the queue after `after`, in `sort`'s order.
///
/// One statement on both databases (after one for the customers a customer filter finds). Each
/// status asked for is its own arm (`status = …`, ordered by an index that starts with the
/// status), merged by `UNION ALL` and cut to the page: neither
/// database merges the ranges of `status IN (…)` in index order, so without arms a common pair of
/// statuses would be sorted whole. Customers are joined with `CROSS JOIN`, which SQLite reads as
/// "this table outside" (PostgreSQL plans it as any join): orders walk their index in the sort's
/// order and each is checked against the staff member's scope, which stays fast for any branch
/// that has more than a sliver of the customers. Sorted by customer, customers are walked by code
/// instead and each one's orders by `orders_queue_by_customer`.
pub async fn queue(
    conn: &mut AnyConnection, filter: &QueueFilter, sort: QueueSort, after: Option<&QueueKey>, limit: u32,
) -> HubResult<Vec<QueueRow>> {
    let mut p = Params::default();
    let mut ctes = Vec::new();
    let mut conds = vec!["c.id = o.customer_id".to_owned()];
    if let Some(scope) = filter.scope {
        let param = p.int(scope);
        ctes.push(subtree("scope", &param));
        // `+`: never an index on the customers' branch, which would read a whole branch's orders to sort them.
        conds.push("+c.branch_id IN (SELECT id FROM scope)".into());
    }
    if let Some(branch) = filter.branch {
        let param = p.int(branch);
        ctes.push(subtree("picked", &param));
        conds.push("+c.branch_id IN (SELECT id FROM picked)".into());
    }
    if let Some(pattern) = &filter.customer_like {
        // The customers first: a few (the usual case, a code or a name) are listed, so both
        // databases read just their orders by `orders_queue_by_customer`; PostgreSQL can't tell a
        // `LIKE '%…%'` that finds one customer from one that finds thousands, and walks every
        // order otherwise. Many are checked as the orders walk their sort's index instead.
        let matching = matching_customers(conn, pattern, MOST_LISTED_CUSTOMERS + 1).await?;
        if matching.is_empty() {
            return Ok(Vec::new());
        }
        if matching.len() <= MOST_LISTED_CUSTOMERS {
            let ids: Vec<String> = matching.iter().map(i64::to_string).collect();
            conds.push(format!("o.customer_id IN ({})", ids.join(", ")));
        } else {
            let param = p.text(pattern.clone());
            conds.push(format!("+o.customer_id IN (SELECT id FROM customers WHERE {})", customer_matches(&param)));
        }
    }
    if let Some(Millis(from)) = filter.created_from {
        conds.push(format!("o.created_at >= {}", p.int(from)));
    }
    if let Some(Millis(before)) = filter.created_before {
        conds.push(format!("o.created_at < {}", p.int(before)));
    }
    if let Some(Fen(min)) = filter.min_total {
        conds.push(format!("o.total_fen >= {}", p.int(min)));
    }
    if let Some(Fen(max)) = filter.max_total {
        conds.push(format!("o.total_fen <= {}", p.int(max)));
    }
    match filter.awaiting {
        None => {}
        Some(ReviewLevel::Branch) => conds.push("o.branch_approved_by IS NULL".into()),
        Some(ReviewLevel::Headquarters) => conds.push(
            "(o.branch_approved_by IS NOT NULL OR c.branch_id IS NULL
              OR o.total_fen <= COALESCE((SELECT hq_review_over_fen FROM review_rule WHERE id = 1), o.total_fen))"
                .into(),
        ),
    }
    // The keyset: rows strictly after the previous page's last one, in the sort's order.
    match (sort, after) {
        (_, None) => {}
        (QueueSort::Newest | QueueSort::Oldest, Some(QueueKey::Created { at, order_id })) => {
            let op = if sort == QueueSort::Newest { "<" } else { ">" };
            conds.push(format!("(o.created_at, o.order_id) {op} ({}, {})", p.int(*at), p.text(order_id.clone())));
        }
        (QueueSort::AmountDesc | QueueSort::AmountAsc, Some(QueueKey::Amount { total_fen, at, order_id })) => {
            let op = if sort == QueueSort::AmountDesc { "<" } else { ">" };
            conds.push(format!(
                "(o.total_fen, o.created_at, o.order_id) {op} ({}, {}, {})",
                p.int(*total_fen),
                p.int(*at),
                p.text(order_id.clone())
            ));
        }
        (QueueSort::Customer, Some(QueueKey::Customer { code, at, order_id })) => {
            let (code, at, id) = (p.text(code.clone()), p.int(*at), p.text(order_id.clone()));
            conds.push(format!("c.code >= {code} AND (c.code > {code} OR (o.created_at, o.order_id) < ({at}, {id}))"));
        }
        (_, Some(_)) => return Err(crate::error::HubError::Internal("a queue key of another sort".into())),
    }
    let limit = p.int(i64::from(limit));
    let (from, inner_order, outer_order) = match sort {
        QueueSort::Newest => ("orders o CROSS JOIN customers c", "o.created_at DESC, o.order_id DESC", "created_at DESC, order_id DESC"),
        QueueSort::Oldest => ("orders o CROSS JOIN customers c", "o.created_at, o.order_id", "created_at, order_id"),
        QueueSort::AmountDesc => (
            "orders o CROSS JOIN customers c",
            "o.total_fen DESC, o.created_at DESC, o.order_id DESC",
            "total_fen DESC, created_at DESC, order_id DESC",
        ),
        QueueSort::AmountAsc => {
            ("orders o CROSS JOIN customers c", "o.total_fen, o.created_at, o.order_id", "total_fen, created_at, order_id")
        }
        QueueSort::Customer => (
            "customers c CROSS JOIN orders o",
            "c.code, o.created_at DESC, o.order_id DESC",
            "customer_code, created_at DESC, order_id DESC",
        ),
    };
    let arm = |status: Option<&str>| {
        let status = status.map(|s| format!(" AND o.status = {s}")).unwrap_or_default();
        format!(
            "SELECT o.order_id, o.order_number, o.status, o.total_fen, o.created_at, o.cycle_date, o.branch_approved_by,
                    c.code AS customer_code, c.name AS customer_name, c.branch_id
             FROM {from} WHERE {}{status} ORDER BY {inner_order} LIMIT {limit}",
            conds.join(" AND ")
        )
    };
    let arms: Vec<String> = if filter.statuses.is_empty() {
        vec![arm(None)]
    } else {
        let statuses: Vec<String> = filter.statuses.iter().map(|s| p.text(s.as_str().to_owned())).collect();
        statuses.iter().enumerate().map(|(n, s)| format!("SELECT * FROM ({}) a{n}", arm(Some(s)))).collect()
    };
    let with = if ctes.is_empty() { String::new() } else { format!("WITH RECURSIVE {} ", ctes.join(", ")) };
    let sql = format!(
        "{with}SELECT q.*, b.name AS branch FROM ({}) q LEFT JOIN branches b ON b.id = q.branch_id ORDER BY {outer_order} LIMIT {limit}",
        arms.join(" UNION ALL ")
    );
    let mut query = sqlx::query_as::<_, QueueRow>(&sql);
    for bind in p.0 {
        query = match bind {
            Bind::Int(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
        };
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// The customer an order is of, and that customer's branch; None: no such order.
pub async fn order_customer(conn: &mut AnyConnection, order_id: &str) -> HubResult<Option<(i64, Option<i64>)>> {
    Ok(sqlx::query_as("SELECT o.customer_id, c.branch_id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.order_id = $1")
        .bind(order_id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// A branch by its name or its id (as text).
pub async fn branch_named_or_numbered(conn: &mut AnyConnection, branch: &str) -> HubResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM branches WHERE name = $1 OR CAST(id AS TEXT) = $1")
        .bind(branch)
        .fetch_optional(&mut *conn)
        .await?)
}
