//! Products parsed from their stored JSON, kept for the next cart view. A cart's view prices every
//! line on each keystroke, and reading and parsing 500 stored products was most of its time.
//! Stored products change only by a catalogue sync, which moves the connection's catalogue cursor
//! in the same transaction: what is kept here is per database file and connection, and dropped as
//! soon as the cursor (or the hub) it was read at is no longer the stored one.

use crate::error::Result;
use restock_protocol::catalogue::Product;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Enough for the largest carts; past it everything is dropped and parsed again as needed.
const CAPACITY: usize = 5_000;

/// Which stored catalogue the products come from: read with the products' users (the cart view
/// reads it in the query it makes anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueStamp {
    pub connection_id: i64,
    pub hub_url: String,
    /// `connections.catalogue_cursor`: moved by every sync that changes a product.
    pub cursor: Option<String>,
}

struct Kept {
    hub_url: String,
    cursor: Option<String>,
    products: HashMap<String, Arc<Product>>,
}

static PARSED: Mutex<Option<HashMap<(PathBuf, i64), Kept>>> = Mutex::new(None);

/// The products of `codes` in the catalogue `stamp` names, parsed (shared, not copied). Those not
/// kept yet are read in one query; codes not in the catalogue are left out.
pub async fn products(pool: &SqlitePool, stamp: &CatalogueStamp, codes: &[&str]) -> Result<HashMap<String, Arc<Product>>> {
    let options = pool.connect_options();
    let db = options.get_filename();
    let mut found = HashMap::with_capacity(codes.len());
    let missing: Vec<&str> = with_kept(db, stamp, |kept| {
        codes
            .iter()
            .copied()
            .filter(|code| match kept.products.get(*code) {
                Some(product) => {
                    found.insert((*code).to_owned(), Arc::clone(product));
                    false
                }
                None => true,
            })
            .collect()
    });
    if missing.is_empty() {
        return Ok(found);
    }
    let bodies: String = sqlx::query_scalar(
        "SELECT json_group_array(json_array(code, body)) FROM products
         WHERE connection_id = $1 AND code IN (SELECT value FROM json_each($2))",
    )
    .bind(stamp.connection_id)
    .bind(serde_json::to_string(&missing).expect("codes serialize"))
    .fetch_one(pool)
    .await?;
    let bodies: Vec<(String, String)> = serde_json::from_str(&bodies).expect("SQLite's JSON array of products parses");
    let parsed: Vec<(String, Arc<Product>)> =
        bodies.into_iter().map(|(code, body)| (code, Arc::new(serde_json::from_str(&body).expect("stored product parses")))).collect();
    with_kept(db, stamp, |kept| {
        if kept.products.len() + parsed.len() > CAPACITY {
            kept.products.clear();
        }
        for (code, product) in &parsed {
            kept.products.insert(code.clone(), Arc::clone(product));
        }
    });
    found.extend(parsed);
    Ok(found)
}

/// The products kept for `stamp`'s catalogue in database `db`, emptied first when they were read
/// at another cursor or from another hub.
fn with_kept<T>(db: &Path, stamp: &CatalogueStamp, f: impl FnOnce(&mut Kept) -> T) -> T {
    let mut parsed = PARSED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let kept = parsed.get_or_insert_with(HashMap::new).entry((db.to_path_buf(), stamp.connection_id)).or_insert_with(|| Kept {
        hub_url: stamp.hub_url.clone(),
        cursor: stamp.cursor.clone(),
        products: HashMap::new(),
    });
    if kept.hub_url != stamp.hub_url || kept.cursor != stamp.cursor {
        kept.products.clear();
        kept.hub_url.clone_from(&stamp.hub_url);
        kept.cursor.clone_from(&stamp.cursor);
    }
    f(kept)
}
