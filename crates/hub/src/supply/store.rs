//! Every query of stock (可订货量), allocations (货源分配) and what placed orders used of them.
//! Taking is done with conditional updates that never let a count go past its limit, so two orders
//! racing for the last units can't both have them, on SQLite or on several hubs sharing one
//! PostgreSQL. A standing allocation (for every cycle) is stored with the cycle date `''`.

use crate::db::{Count, Tx};
use crate::error::HubResult;
use chrono::NaiveDate;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::QueryAs;
use sqlx::AnyConnection;

/// The allocation in force for `cycle`: a row dated for that cycle, else the standing one ('').
const EFFECTIVE_ALLOCATIONS: &str = "
    SELECT a.product_code, a.quantity, COALESCE(u.used, 0) AS used
    FROM allocations a
    LEFT JOIN allocation_use u ON u.customer_id = a.customer_id AND u.product_code = a.product_code AND u.cycle_date = $2
    WHERE a.customer_id = $1
      AND (a.cycle_date = $2 OR (a.cycle_date = '' AND NOT EXISTS (
            SELECT 1 FROM allocations d WHERE d.customer_id = a.customer_id AND d.product_code = a.product_code AND d.cycle_date = $2)))";

#[derive(sqlx::FromRow)]
pub struct AllocationRow {
    pub product_code: String,
    pub quantity: Count,
    pub used: Count,
}

pub async fn allocations(conn: &mut AnyConnection, customer_id: i64, cycle: NaiveDate) -> HubResult<Vec<AllocationRow>> {
    Ok(sqlx::query_as(EFFECTIVE_ALLOCATIONS).bind(customer_id).bind(cycle.to_string()).fetch_all(&mut *conn).await?)
}

/// Stock available to order, of `codes` or of every product that tracks it.
pub async fn available(conn: &mut AnyConnection, codes: Option<&[String]>) -> HubResult<Vec<(String, Count)>> {
    Ok(match codes {
        None => sqlx::query_as("SELECT product_code, available FROM stock").fetch_all(&mut *conn).await?,
        Some([]) => Vec::new(),
        Some(codes) => {
            let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT product_code, available FROM stock WHERE product_code IN ({})", placeholders.join(", "));
            let mut query = sqlx::query_as(&sql);
            for code in codes {
                query = query.bind(code);
            }
            query.fetch_all(&mut *conn).await?
        }
    })
}

#[derive(sqlx::FromRow)]
pub struct StockRow {
    pub product_code: String,
    pub on_hand: Count,
    pub available: Count,
}

/// On-hand and available stock of those of `codes` that track it.
pub async fn stock(conn: &mut AnyConnection, codes: &[String]) -> HubResult<Vec<StockRow>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT product_code, on_hand, available FROM stock WHERE product_code IN ({})", placeholders.join(", "));
    let mut query = sqlx::query_as(&sql);
    for code in codes {
        query = query.bind(code);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Takes `quantity` from the customer's allocation of `product_code` for `cycle` if it still fits
/// under `allocated`. False: it doesn't (another order may have taken some since it was read).
pub async fn take_allocation(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: NaiveDate, quantity: u32, allocated: u32,
) -> HubResult<bool> {
    sqlx::query(
        "INSERT INTO allocation_use (customer_id, product_code, cycle_date, used) VALUES ($1, $2, $3, 0)
         ON CONFLICT (customer_id, product_code, cycle_date) DO NOTHING",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.to_string())
    .execute(&mut **tx)
    .await?;
    let taken = sqlx::query(
        "UPDATE allocation_use SET used = used + $4
         WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3 AND used + $4 <= $5",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.to_string())
    .bind(i64::from(quantity))
    .bind(i64::from(allocated))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// Takes `quantity` from the stock available to order if there is that much. False: there isn't.
pub async fn take_stock(tx: &mut Tx, product_code: &str, quantity: u32, now_ms: i64) -> HubResult<bool> {
    let taken = sqlx::query("UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2 AND available >= $1")
        .bind(i64::from(quantity))
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(taken == 1)
}

/// The stock available to order of a product whose row this transaction already holds.
pub async fn available_of(tx: &mut Tx, product_code: &str) -> HubResult<u32> {
    let available: Count =
        sqlx::query_scalar("SELECT available FROM stock WHERE product_code = $1").bind(product_code).fetch_one(&mut **tx).await?;
    Ok(available.0)
}

/// Gives a cancelled (or changed) line's quantity back to the allocation, and it and its free goods
/// to the stock.
pub async fn give_back(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: NaiveDate, quantity: u32, free: u32, now_ms: i64,
) -> HubResult<()> {
    sqlx::query(
        "UPDATE allocation_use SET used = used - $4
         WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3 AND used >= $4",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.to_string())
    .bind(i64::from(quantity))
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE stock SET available = available + $1, updated_at = $3 WHERE product_code = $2")
        .bind(i64::from(quantity) + i64::from(free))
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes free goods from stock already checked to hold them.
pub async fn take_free_goods(tx: &mut Tx, product_code: &str, quantity: u32, now_ms: i64) -> HubResult<()> {
    sqlx::query("UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2")
        .bind(i64::from(quantity))
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The products whose supply for this customer may have changed since `from_ms`: an allocation set
/// or removed, stock moved, or one of its orders changed.
pub async fn changed_codes(conn: &mut AnyConnection, customer_id: i64, from_ms: i64) -> HubResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT product_code FROM allocations WHERE customer_id = $1 AND updated_at >= $2
         UNION SELECT product_code FROM stock WHERE updated_at >= $2
         UNION SELECT product_code FROM supply_removals WHERE removed_at >= $2 AND (customer_id = $1 OR customer_id IS NULL)
         UNION SELECT l.product_code FROM orders o
               JOIN order_events e ON e.order_id = o.order_id
               JOIN order_lines l ON l.order_id = o.order_id
               WHERE o.customer_id = $1 AND e.at >= $2",
    )
    .bind(customer_id)
    .bind(from_ms)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn set_stock(tx: &mut Tx, product_code: &str, on_hand: u32, available: u32, now_ms: i64) -> HubResult<()> {
    sqlx::query(
        "INSERT INTO stock (product_code, on_hand, available, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_code) DO UPDATE SET on_hand = excluded.on_hand, available = excluded.available, updated_at = excluded.updated_at",
    )
    .bind(product_code)
    .bind(i64::from(on_hand))
    .bind(i64::from(available))
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stops tracking a product's stock, with a tombstone for every customer's app (customer NULL).
/// False: it wasn't tracked.
pub async fn untrack_stock(tx: &mut Tx, product_code: &str, now_ms: i64) -> HubResult<bool> {
    let deleted = sqlx::query("DELETE FROM stock WHERE product_code = $1").bind(product_code).execute(&mut **tx).await?.rows_affected();
    if deleted == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO supply_removals (customer_id, product_code, removed_at) VALUES (NULL, $1, $2)")
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// `cycle` None: the standing allocation, for every cycle.
pub async fn set_allocation(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: Option<NaiveDate>, quantity: u32, now_ms: i64,
) -> HubResult<()> {
    sqlx::query(
        "INSERT INTO allocations (customer_id, product_code, cycle_date, quantity, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id, product_code, cycle_date) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at",
    )
    .bind(customer_id)
    .bind(product_code)
    .bind(cycle.map(|d| d.to_string()).unwrap_or_default())
    .bind(i64::from(quantity))
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes an allocation, with a tombstone for the customer's app. False: there was none.
pub async fn remove_allocation(
    tx: &mut Tx, customer_id: i64, product_code: &str, cycle: Option<NaiveDate>, now_ms: i64,
) -> HubResult<bool> {
    let deleted = sqlx::query("DELETE FROM allocations WHERE customer_id = $1 AND product_code = $2 AND cycle_date = $3")
        .bind(customer_id)
        .bind(product_code)
        .bind(cycle.map(|d| d.to_string()).unwrap_or_default())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO supply_removals (customer_id, product_code, removed_at) VALUES ($1, $2, $3)")
        .bind(customer_id)
        .bind(product_code)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// A value bound to a query built from the filters given.
enum Bind {
    Int(i64),
    /// NULL when none.
    MaybeInt(Option<i64>),
    Text(String),
}

impl Bind {
    fn to<'q, O>(self, query: QueryAs<'q, Any, O, AnyArguments<'q>>) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
        match self {
            Bind::Int(v) => query.bind(v),
            Bind::MaybeInt(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
        }
    }
}

/// Numbered parameters, in the order they are bound.
#[derive(Default)]
struct Params(Vec<Bind>);

impl Params {
    fn add(&mut self, bind: Bind) -> String {
        self.0.push(bind);
        format!("${}", self.0.len())
    }
}

/// `text` lowered, with LIKE's wildcards escaped (`\`), for `LOWER(column) LIKE … ESCAPE '\'`.
pub fn like_escaped(text: &str) -> String {
    text.to_lowercase().chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect()
}

/// The stock list's filters, checked: `text` lowered and escaped (`like_escaped`).
#[derive(Debug, Default)]
pub struct StockFilter {
    pub text: Option<String>,
    pub below: Option<u32>,
    pub after: Option<String>,
    pub limit: u32,
}

#[derive(sqlx::FromRow)]
pub struct StockListRow {
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub on_hand: Count,
    pub available: Count,
    pub updated_at: crate::db::Millis,
}

/// Tracked products by code, from after `filter.after`, at most `filter.limit`.
pub async fn stock_page(conn: &mut AnyConnection, filter: &StockFilter) -> HubResult<Vec<StockListRow>> {
    let mut params = Params::default();
    let mut conds = vec!["1 = 1".to_owned()];
    if let Some(text) = &filter.text {
        let prefix = params.add(Bind::Text(format!("{text}%")));
        let inside = params.add(Bind::Text(format!("%{text}%")));
        conds.push(format!("(LOWER(s.product_code) LIKE {prefix} ESCAPE '\\' OR LOWER(p.name) LIKE {inside} ESCAPE '\\')"));
    }
    if let Some(below) = filter.below {
        conds.push(format!("s.available < {}", params.add(Bind::Int(i64::from(below)))));
    }
    if let Some(after) = &filter.after {
        conds.push(format!("s.product_code > {}", params.add(Bind::Text(after.clone()))));
    }
    let limit = params.add(Bind::Int(i64::from(filter.limit)));
    let sql = format!(
        "SELECT s.product_code, p.name AS product_name, p.unit, s.on_hand, s.available, s.updated_at
         FROM stock s JOIN products p ON p.code = s.product_code
         WHERE {} ORDER BY s.product_code LIMIT {limit}",
        conds.join(" AND ")
    );
    let mut query = sqlx::query_as(&sql);
    for bind in params.0 {
        query = bind.to(query);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// The allocations list's filters, checked. `scope` is the branch of the member of staff asking
/// (none: headquarters, every customer).
#[derive(Debug)]
pub struct AllocationFilter {
    pub scope: Option<i64>,
    pub customer_id: Option<i64>,
    pub product_code: Option<String>,
    pub cycle: NaiveDate,
    /// (customer code, product code, cycle date as stored) of the previous page's last row.
    pub after: Option<(String, String, String)>,
    pub limit: u32,
}

#[derive(sqlx::FromRow)]
pub struct AllocationListRow {
    pub customer_code: String,
    pub customer_name: String,
    pub product_code: String,
    pub product_name: String,
    /// '' for a standing allocation.
    pub cycle_date: String,
    pub quantity: Count,
    /// Of its own cycle for a dated row, of the asked cycle for a standing one (even overridden).
    pub used: Count,
    pub overridden: i64,
}

/// Every allocation of the customers in scope, by customer code, product code and cycle.
pub async fn allocation_page(conn: &mut AnyConnection, filter: &AllocationFilter) -> HubResult<Vec<AllocationListRow>> {
    // $1 is the scope (`VISIBLE_CUSTOMERS` reads it), $2 the asked cycle.
    let mut params = Params::default();
    params.add(Bind::MaybeInt(filter.scope));
    params.add(Bind::Text(filter.cycle.to_string()));
    let mut conds = vec![format!("a.customer_id IN ({})", crate::customers::store::VISIBLE_CUSTOMERS)];
    if let Some(id) = filter.customer_id {
        conds.push(format!("a.customer_id = {}", params.add(Bind::Int(id))));
    }
    if let Some(code) = &filter.product_code {
        conds.push(format!("a.product_code = {}", params.add(Bind::Text(code.clone()))));
    }
    if let Some((customer, product, cycle)) = &filter.after {
        let (c, p, d) =
            (params.add(Bind::Text(customer.clone())), params.add(Bind::Text(product.clone())), params.add(Bind::Text(cycle.clone())));
        conds.push(format!("(c.code > {c} OR (c.code = {c} AND (a.product_code > {p} OR (a.product_code = {p} AND a.cycle_date > {d}))))"));
    }
    let limit = params.add(Bind::Int(i64::from(filter.limit)));
    let sql = format!(
        "SELECT c.code AS customer_code, c.name AS customer_name, a.product_code, p.name AS product_name, a.cycle_date,
                a.quantity, COALESCE(u.used, 0) AS used,
                CAST(CASE WHEN a.cycle_date = '' AND EXISTS (
                    SELECT 1 FROM allocations d WHERE d.customer_id = a.customer_id AND d.product_code = a.product_code AND d.cycle_date = $2
                ) THEN 1 ELSE 0 END AS BIGINT) AS overridden
         FROM allocations a
         JOIN customers c ON c.id = a.customer_id
         JOIN products p ON p.code = a.product_code
         LEFT JOIN allocation_use u ON u.customer_id = a.customer_id AND u.product_code = a.product_code
              AND u.cycle_date = CASE WHEN a.cycle_date = '' THEN $2 ELSE a.cycle_date END
         WHERE {} ORDER BY c.code, a.product_code, a.cycle_date LIMIT {limit}",
        conds.join(" AND ")
    );
    let mut query = sqlx::query_as(&sql);
    for bind in params.0 {
        query = bind.to(query);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}
