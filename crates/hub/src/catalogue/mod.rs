//! The catalogue as one customer sees it: every product with the price the hub resolves for them.

pub mod changes;
pub mod sheet;
pub mod staff;
pub mod store;

use crate::accounts::CustomerUser;
use crate::db::Fen;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::catalogue::{category_tree, Catalogue, CategoryNode, Product};
use restock_protocol::pricing::{resolve_price, PriceRule};
use restock_protocol::routes;
use sqlx::AnyConnection;
use std::collections::HashMap;
use store::ProductRow;

/// The catalogue as customers see it, and as the back office keeps it.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route(routes::CATALOGUE, get(catalogue))
        .route(routes::CATALOGUE_CHANGES, get(changes::catalogue_changes))
        .route(routes::CATEGORIES, get(categories))
        .route(routes::PRODUCT_IMAGE, get(staff::image))
        .route(routes::CATALOGUE_EXPORT, get(staff::export))
        .route(routes::CATALOGUE_IMPORT, post(staff::import))
        .route(routes::PRODUCT, put(staff::put_product))
        .route(routes::PRODUCT_IMAGE_UPLOAD, put(staff::put_image))
}

/// Products with this customer's prices; all of them, or only `codes`. Takes a connection, not the
/// pool, so a write job reads through its own transaction. Prices are those valid on `today`, the
/// supplier's day.
pub async fn priced_products(
    conn: &mut AnyConnection, customer: &CustomerUser, today: NaiveDate, codes: Option<&[String]>,
) -> HubResult<Vec<Product>> {
    let rows = match codes {
        None => store::all(conn).await?,
        Some(codes) => store::by_codes(conn, codes).await?,
    };
    price(conn, customer, today, rows).await
}

/// Products written at catalogue revisions after `after` (all, if None) up to `upto`, priced.
pub async fn priced_by_revision(
    conn: &mut AnyConnection, customer: &CustomerUser, today: NaiveDate, after: Option<i64>, upto: i64,
) -> HubResult<Vec<Product>> {
    let rows = store::by_revision(conn, after, upto).await?;
    price(conn, customer, today, rows).await
}

async fn price(conn: &mut AnyConnection, customer: &CustomerUser, today: NaiveDate, rows: Vec<ProductRow>) -> HubResult<Vec<Product>> {
    let rules = crate::pricing::store::rules_for(conn, customer.customer_id, &customer.account.tier).await?;
    let sales = if rows.len() > SALES_FOR_MORE_THAN {
        let since = today - chrono::Days::new(30);
        store::sales_since(conn, since.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis())).await?
    } else {
        HashMap::new()
    };
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

fn to_product(row: ProductRow, rules: &[PriceRule], today: NaiveDate) -> Product {
    let base_price = row.base_price_fen.money();
    Product {
        price: resolve_price(&row.code, base_price, rules, today),
        rules: row.rules(),
        code: row.code,
        barcode: row.barcode,
        name: row.name,
        brand: row.brand,
        category: row.category,
        origin: row.origin,
        specification: row.specification,
        unit: row.unit,
        base_price,
        retail_price: row.retail_price_fen.map(Fen::money),
        status: row.status.0,
        is_new: row.is_new != 0,
        image: row.image_sha256,
        sales: 0,
        tax_rate: row.tax_rate_bp.map(store::tax_rate_from_bp),
        description: row.description,
    }
}

#[utoipa::path(get, path = "/api/v1/catalogue", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, body = Catalogue),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError),
              (status = 403, description = "`awaiting_approval`: a self-registered customer sees prices once approved", body = restock_protocol::ApiError)))]
pub async fn catalogue(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<Catalogue>> {
    customer.require_approved()?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(Catalogue { products: priced_products(&mut conn, &customer, state.calendar.today(), None).await? }))
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, description = "the category tree, with the products on sale in and under each node", body = Vec<CategoryNode>),
              (status = 401, description = "`not_logged_in`", body = restock_protocol::ApiError)))]
pub async fn categories(State(state): State<AppState>, _session: crate::accounts::Session) -> HubResult<Json<Vec<CategoryNode>>> {
    let paths = store::categories_on_sale(&mut *state.db.pool.acquire().await?).await?;
    Ok(Json(category_tree(&paths)))
}
