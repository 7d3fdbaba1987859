//! The supplier's catalogue as one customer sees it: every product with that customer's price.

use crate::money::Money;
use crate::quantity::QuantityRules;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProductStatus {
    OnSale,
    /// 下架: still shown in history, cannot be ordered.
    Delisted,
}

impl ProductStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::OnSale => "on_sale",
            ProductStatus::Delisted => "delisted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "on_sale" => Some(ProductStatus::OnSale),
            "delisted" => Some(ProductStatus::Delisted),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Product {
    /// SKU code, unique per supplier.
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    /// 产地
    pub origin: String,
    /// 规格
    pub specification: String,
    /// 条, 箱, 件, 瓶 …
    pub unit: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub rules: QuantityRules,
    /// 基准价
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "250.00"))]
    pub base_price: Money,
    /// What this customer pays today: the hub's resolution of customer, tier and base prices.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "230.00"))]
    pub price: Money,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub retail_price: Option<Money>,
    pub status: ProductStatus,
    /// 新品推荐
    pub is_new: bool,
    /// The picture's SHA-256 when there is one (GET /api/v1/products/{code}/image); it changes
    /// with the picture, so the app refetches only new ones.
    #[serde(default)]
    pub image: Option<String>,
    /// Units ordered by all customers in the last 30 days: search ranks by it after relevance
    /// (销量). Refreshed with each day's first pull.
    #[serde(default)]
    pub sales: u32,
    /// VAT rate in percent (税率: 13 means 13%), when the supplier gives one.
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "13"))]
    pub tax_rate: Option<rust_decimal::Decimal>,
    /// 商品描述: what the supplier says about the product, shown in its details.
    #[serde(default)]
    pub description: String,
}

impl Product {
    /// A product on sale at one price (its base price too), ordered by the unit with no limits and
    /// nothing else known about it yet; set the rest with struct update syntax.
    pub fn on_sale(code: impl Into<String>, name: impl Into<String>, unit: impl Into<String>, price: Money) -> Product {
        Product {
            code: code.into(),
            barcode: String::new(),
            name: name.into(),
            brand: String::new(),
            category: String::new(),
            origin: String::new(),
            specification: String::new(),
            unit: unit.into(),
            rules: QuantityRules { pack_multiple: 1, min_per_order: 1, max_per_order: None },
            base_price: price,
            price,
            retail_price: None,
            status: ProductStatus::OnSale,
            is_new: false,
            image: None,
            sales: 0,
            tax_rate: None,
            description: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Catalogue {
    pub products: Vec<Product>,
}

/// A delta pull: what changed in this customer's catalogue since `since` (a cursor from the last
/// pull), or all of it when a delta cannot be trusted (first pull, price rules changed, a new day,
/// another tier). Products are never deleted, only delisted, so there are no tombstones yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CatalogueChanges {
    /// Opaque: send it back as `since` next time.
    pub cursor: String,
    /// True when `products` is the whole catalogue and replaces the local copy.
    pub full: bool,
    pub products: Vec<Product>,
}

/// One node of the category tree. Categories are paths ("饮料/茶饮料"); a node counts the products
/// on sale in it and under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryNode {
    pub name: String,
    /// The full path, as products carry it.
    pub path: String,
    pub products: u32,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<CategoryNode>,
}

/// The tree of `(path, products)` pairs, children sorted by name.
pub fn category_tree(paths: &[(String, u32)]) -> Vec<CategoryNode> {
    let mut roots: Vec<CategoryNode> = Vec::new();
    for (path, count) in paths {
        let mut level = &mut roots;
        let mut so_far = String::new();
        for part in path.split('/').map(str::trim).filter(|p| !p.is_empty()) {
            if !so_far.is_empty() {
                so_far.push('/');
            }
            so_far.push_str(part);
            let index = match level.iter().position(|n| n.name == part) {
                Some(i) => i,
                None => {
                    level.push(CategoryNode { name: part.to_owned(), path: so_far.clone(), products: 0, children: Vec::new() });
                    level.len() - 1
                }
            };
            level[index].products += count;
            level = &mut level[index].children;
        }
    }
    fn sort(nodes: &mut [CategoryNode]) {
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        nodes.iter_mut().for_each(|n| sort(&mut n.children));
    }
    sort(&mut roots);
    roots
}

/// A product as the supplier maintains it (one row of a catalogue import or export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductRecord {
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub brand: String,
    /// A path in the category tree, levels separated by `/` (e.g. "饮料/茶饮料").
    pub category: String,
    pub origin: String,
    pub specification: String,
    pub unit: String,
    pub pack_multiple: u32,
    pub min_per_order: u32,
    pub max_per_order: Option<u32>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "250.00"))]
    pub base_price: Money,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub retail_price: Option<Money>,
    pub status: crate::catalogue::ProductStatus,
    pub is_new: bool,
    /// VAT rate in percent (税率: 13 means 13%); 0 to 100, to 0.01.
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "13"))]
    pub tax_rate: Option<rust_decimal::Decimal>,
    /// 商品描述
    #[serde(default)]
    pub description: String,
}

/// One bad cell in an imported file: the row as the spreadsheet numbers it (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub reason: String,
}

/// What an import did. With any row error, nothing was imported and `errors` lists every one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub errors: Vec<RowError>,
}

#[cfg(test)]
mod tree_tests {
    use super::*;

    #[test]
    fn paths_make_a_tree_that_counts_what_is_under_each_node() {
        let tree = category_tree(&[("饮料/茶饮料".into(), 3), ("饮料/水".into(), 2), ("卷烟".into(), 5), ("饮料".into(), 1)]);
        assert_eq!(tree.iter().map(|n| (n.name.as_str(), n.products)).collect::<Vec<_>>(), [("卷烟", 5), ("饮料", 6)]);
        let drinks = &tree[1];
        assert_eq!(drinks.children.iter().map(|n| n.path.as_str()).collect::<Vec<_>>(), ["饮料/水", "饮料/茶饮料"]);
    }
}
