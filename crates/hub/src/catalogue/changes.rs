//! Delta pulls of the catalogue: the products written since the client's cursor, with this
//! customer's prices. A cursor names the catalogue revision, the price rules revision, the
//! supplier's day and the customer's tier; if anything but the catalogue revision moved, prices may
//! have changed everywhere and the whole catalogue is sent again.

use super::priced_by_revision;
use crate::accounts::CustomerUser;
use crate::error::{ApiQuery, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use restock_protocol::catalogue::CatalogueChanges;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Since {
    /// The cursor from the previous pull; omit it for the first.
    pub since: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
struct Cursor {
    products: i64,
    rules: i64,
    day: String,
    tier: String,
}

impl Cursor {
    fn encode(&self) -> String {
        format!("{}.{}.{}.{}", self.products, self.rules, self.day, self.tier)
    }

    fn decode(s: &str) -> Option<Cursor> {
        let mut parts = s.splitn(4, '.');
        Some(Cursor {
            products: parts.next()?.parse().ok()?,
            rules: parts.next()?.parse().ok()?,
            day: parts.next()?.to_owned(),
            tier: parts.next()?.to_owned(),
        })
    }
}

#[utoipa::path(get, path = "/api/v1/catalogue/changes", tag = "catalogue", security(("bearer" = [])), params(Since),
    responses((status = 200, body = CatalogueChanges),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn catalogue_changes(
    State(state): State<AppState>, customer: CustomerUser, ApiQuery(since): ApiQuery<Since>,
) -> HubResult<Json<CatalogueChanges>> {
    customer.require_approved()?;
    let mut conn = state.db.pool.acquire().await?;
    let (products, rules) = super::store::revisions(&mut conn).await?;
    let today = state.calendar.today();
    let now = Cursor { products, rules, day: today.to_string(), tier: customer.account.tier.clone() };
    let from = since
        .since
        .as_deref()
        .and_then(Cursor::decode)
        .filter(|c| c.rules == now.rules && c.day == now.day && c.tier == now.tier && c.products <= now.products);
    // Nothing changed: answer from the counters alone (one indexed read), the common case.
    if from.as_ref() == Some(&now) {
        return Ok(Json(CatalogueChanges { cursor: now.encode(), full: false, products: Vec::new() }));
    }
    // Only up to the revision read above: a product written meanwhile comes in the next pull.
    let full = from.is_none();
    let products = priced_by_revision(&mut conn, &customer, today, from.map(|c| c.products), now.products).await?;
    Ok(Json(CatalogueChanges { cursor: now.encode(), full, products }))
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let c = Cursor { products: 42, rules: 3, day: "2026-11-23".into(), tier: "B".into() };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("nonsense"), None);
        assert_eq!(Cursor::decode("1.x.2026-11-23.B"), None);
    }
}
