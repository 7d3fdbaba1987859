//! The catalogue as one customer sees it: every product with the price the hub resolves for them.

pub mod changes;
pub mod sheet;

use crate::auth::CustomerUser;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::catalogue::{category_tree, Catalogue, CategoryNode, Product, ProductStatus};
use restock_protocol::money::from_fen;
use restock_protocol::pricing::{resolve_price, PriceKind, PriceRule, PriceScope};
use restock_protocol::quantity::QuantityRules;
use rust_decimal::Decimal;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::str::FromStr;

pub(crate) const PRODUCT_COLUMNS: &str = "code, barcode, name, brand, category, origin, specification, unit, \
     pack_multiple, min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new, image_sha256, \
     tax_rate_bp, description";

/// A product as stored (money in fen, the tax rate in basis points).
#[derive(sqlx::FromRow)]
pub(crate) struct ProductRow {
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub origin: String,
    pub specification: String,
    pub unit: String,
    pub pack_multiple: i64,
    pub min_per_order: i64,
    pub max_per_order: Option<i64>,
    pub base_price_fen: i64,
    pub retail_price_fen: Option<i64>,
    pub status: String,
    pub is_new: i64,
    pub image_sha256: Option<String>,
    pub tax_rate_bp: Option<i64>,
    pub description: String,
}

/// 1300 basis points → 13 (percent).
pub(crate) fn tax_rate_from_bp(bp: i64) -> Decimal {
    Decimal::new(bp, 2).normalize()
}

/// 13 (percent) → 1300 basis points.
pub(crate) fn tax_rate_to_bp(rate: Decimal) -> i64 {
    i64::try_from((rate * Decimal::ONE_HUNDRED).round().mantissa()).unwrap_or(0)
}

/// Products with this customer's prices; all of them, or only `codes`. Takes a connection, not the
/// pool, so an order's transaction reads through its own connection: a request holding a write
/// transaction while waiting for a second pooled connection could starve the pool.
/// Prices are those valid on `today`, the supplier's day.
pub async fn priced_products(
    conn: &mut AnyConnection,
    customer: &CustomerUser,
    today: NaiveDate,
    codes: Option<&[String]>,
) -> HubResult<Vec<Product>> {
    let rows: Vec<ProductRow> = match codes {
        None => sqlx::query_as(&format!("SELECT {PRODUCT_COLUMNS} FROM products ORDER BY code")).fetch_all(&mut *conn).await?,
        Some([]) => Vec::new(),
        Some(codes) => {
            let placeholders: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE code IN ({})", placeholders.join(", "));
            let mut query = sqlx::query_as(&sql);
            for code in codes {
                query = query.bind(code);
            }
            query.fetch_all(&mut *conn).await?
        }
    };
    price(conn, customer, today, rows).await
}

/// Products matching a condition on their columns (`$1`, `$2`… bound to `values`), priced, by code.
pub async fn priced_products_where(
    conn: &mut AnyConnection,
    customer: &CustomerUser,
    today: NaiveDate,
    condition: &str,
    values: &[i64],
) -> HubResult<Vec<Product>> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE {condition} ORDER BY code");
    let mut query = sqlx::query_as(&sql);
    for value in values {
        query = query.bind(*value);
    }
    let rows: Vec<ProductRow> = query.fetch_all(&mut *conn).await?;
    price(conn, customer, today, rows).await
}

async fn price(conn: &mut AnyConnection, customer: &CustomerUser, today: NaiveDate, rows: Vec<ProductRow>) -> HubResult<Vec<Product>> {
    let rules = price_rules_for(conn, customer).await?;
    let sales = if rows.len() > SALES_FOR_MORE_THAN { sales_since(conn, today - chrono::Days::new(30)).await? } else { HashMap::new() };
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut product = to_product(row, &rules, today);
            product.sales = sales.get(&product.code).copied().unwrap_or(0);
            product
        })
        .collect())
}

/// Sales only matter for browsing: an order pricing its own few lines skips the aggregate.
const SALES_FOR_MORE_THAN: usize = 100;

/// Units of each product in placed orders since `since` (the supplier's day).
async fn sales_since(conn: &mut AnyConnection, since: NaiveDate) -> HubResult<HashMap<String, u32>> {
    let since_ms = since.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis());
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT l.product_code, CAST(SUM(l.quantity) AS BIGINT) FROM order_lines l JOIN orders o ON o.order_id = l.order_id
         WHERE o.created_at >= $1 AND o.status IN ('submitted', 'approved') GROUP BY l.product_code",
    )
    .bind(since_ms)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(code, units)| (code, u32::try_from(units).unwrap_or(u32::MAX))).collect())
}

fn to_product(row: ProductRow, rules: &[PriceRule], today: NaiveDate) -> Product {
    let base_price = from_fen(row.base_price_fen);
    Product {
        price: resolve_price(&row.code, base_price, rules, today),
        code: row.code,
        barcode: row.barcode,
        name: row.name,
        brand: row.brand,
        category: row.category,
        origin: row.origin,
        specification: row.specification,
        unit: row.unit,
        rules: QuantityRules {
            pack_multiple: u32::try_from(row.pack_multiple).unwrap_or(1),
            min_per_order: u32::try_from(row.min_per_order).unwrap_or(1),
            max_per_order: row.max_per_order.and_then(|m| u32::try_from(m).ok()),
        },
        base_price,
        retail_price: row.retail_price_fen.map(from_fen),
        status: ProductStatus::parse(&row.status).unwrap_or(ProductStatus::Delisted),
        is_new: row.is_new != 0,
        image: row.image_sha256,
        sales: 0,
        tax_rate: row.tax_rate_bp.map(tax_rate_from_bp),
        description: row.description,
    }
}

#[derive(sqlx::FromRow)]
struct PriceRuleRow {
    customer_id: Option<i64>,
    product_code: Option<String>,
    kind: String,
    fixed_price_fen: Option<i64>,
    rate: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
}

async fn price_rules_for(conn: &mut AnyConnection, customer: &CustomerUser) -> HubResult<Vec<PriceRule>> {
    let rows: Vec<PriceRuleRow> =
        sqlx::query_as(
            "SELECT customer_id, product_code, kind, fixed_price_fen, rate, valid_from, valid_to
             FROM price_rules WHERE customer_id = $1 OR tier = $2",
        )
        .bind(customer.customer_id)
        .bind(&customer.account.tier)
        .fetch_all(&mut *conn)
        .await?;
    let parse_day = |s: Option<String>| s.and_then(|d| NaiveDate::from_str(&d).ok());
    Ok(rows
        .into_iter()
        .filter_map(|PriceRuleRow { customer_id, product_code, kind, fixed_price_fen: fixed_fen, rate, valid_from: from, valid_to: to }| {
            let kind = match (kind.as_str(), fixed_fen, rate) {
                ("fixed", Some(fen), _) => PriceKind::Fixed(from_fen(fen)),
                ("rate", _, Some(rate)) => PriceKind::Rate(Decimal::from_str(&rate).ok()?),
                _ => {
                    tracing::warn!(?product_code, "ignoring a malformed price rule");
                    return None;
                }
            };
            let scope = if customer_id.is_some() { PriceScope::Customer } else { PriceScope::Tier };
            Some(PriceRule { scope, product_code, kind, valid_from: parse_day(from), valid_to: parse_day(to) })
        })
        .collect())
}

#[utoipa::path(get, path = "/api/v1/catalogue", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, body = Catalogue),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn catalogue(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<Catalogue>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(Catalogue { products: priced_products(&mut conn, &customer, state.calendar.today(), None).await? }))
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, description = "the category tree, with the products on sale in and under each node", body = Vec<CategoryNode>),
              (status = 401, description = "`not_logged_in`", body = restock_protocol::ApiError)))]
pub async fn categories(State(state): State<AppState>, _session: crate::auth::Session) -> HubResult<Json<Vec<CategoryNode>>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT category, COUNT(*) FROM products WHERE status = 'on_sale' GROUP BY category ORDER BY category")
            .fetch_all(&state.db.pool)
            .await?;
    let paths: Vec<(String, u32)> = rows.into_iter().map(|(c, n)| (c, u32::try_from(n).unwrap_or(0))).collect();
    Ok(Json(category_tree(&paths)))
}
