//! Delta pulls of a customer's supply: only the products whose allocation, allocation left or
//! stock changed since the app's cursor, and tombstones for those no longer limited. What can
//! change a product's supply for this customer: the supplier setting or removing its allocation,
//! anyone's order or the warehouse moving its stock, and this customer's own orders using the
//! allocation. Each of those leaves a time stamp; the pull gathers the codes stamped since the
//! cursor and sends their supply as it is now.

use super::{supply_cycle, supply_for, Supply};
use crate::accounts::CustomerUser;
use crate::error::{ApiQuery, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use restock_protocol::supply::{SupplyChanges, SupplyItem};
use std::collections::HashMap;

/// Writes around the same instant may commit out of order: a pull reaches this far back before
/// its cursor, so none is missed (the app applies items by product code, so a repeat is harmless).
const OVERLAP_MS: i64 = 30_000;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct Since {
    /// The cursor from the previous pull; omit it for the first.
    pub since: Option<String>,
}

/// The cycle the items were for, and the hub's time of the pull.
#[derive(Debug, PartialEq, Eq)]
struct Cursor {
    cycle: NaiveDate,
    at_ms: i64,
}

impl Cursor {
    fn encode(&self) -> String {
        format!("{}.{}", self.cycle, self.at_ms)
    }

    fn decode(s: &str) -> Option<Cursor> {
        let (cycle, at) = s.split_once('.')?;
        Some(Cursor { cycle: cycle.parse().ok()?, at_ms: at.parse().ok()? })
    }
}

fn item(product_code: String, supply: &Supply) -> SupplyItem {
    SupplyItem {
        product_code,
        allocation: supply.allocation.map(|(quantity, _)| quantity),
        allocation_left: supply.allocation_left(),
        available: supply.available,
    }
}

#[utoipa::path(get, path = "/api/v1/supply/changes", tag = "supply", security(("bearer" = [])), params(Since),
    responses((status = 200, description = "my supply changed since the cursor, with tombstones; everything on the first pull or in a new cycle", body = SupplyChanges),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn supply_changes(
    State(state): State<AppState>, customer: CustomerUser, ApiQuery(since): ApiQuery<Since>,
) -> HubResult<Json<SupplyChanges>> {
    let mut conn = state.db.pool.acquire().await?;
    let now_ms = state.calendar.now_ms();
    let cycle_date = supply_cycle(&mut conn, customer.customer_id, &state.calendar).await?;
    // Another cycle's allocations are other rows altogether: then everything is sent again.
    let prior = since.since.as_deref().and_then(Cursor::decode).filter(|c| c.cycle == cycle_date);
    let cursor = Cursor { cycle: cycle_date, at_ms: now_ms }.encode();
    let Some(prior) = prior else {
        let supply = supply_for(&mut conn, customer.customer_id, cycle_date, None).await?;
        let mut items: Vec<SupplyItem> = supply.into_iter().map(|(code, s)| item(code, &s)).collect();
        items.sort_by(|a, b| a.product_code.cmp(&b.product_code));
        return Ok(Json(SupplyChanges { cursor, cycle_date, full: true, items, removed: Vec::new() }));
    };
    let mut codes = super::store::changed_codes(&mut conn, customer.customer_id, prior.at_ms.saturating_sub(OVERLAP_MS)).await?;
    codes.sort();
    codes.dedup();
    let mut supply: HashMap<String, Supply> =
        if codes.is_empty() { HashMap::new() } else { supply_for(&mut conn, customer.customer_id, cycle_date, Some(&codes)).await? };
    let mut items = Vec::new();
    let mut removed = Vec::new();
    for code in codes {
        match supply.remove(&code) {
            Some(s) => items.push(item(code, &s)),
            None => removed.push(code),
        }
    }
    Ok(Json(SupplyChanges { cursor, cycle_date, full: false, items, removed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_nothing_else() {
        let cursor = Cursor { cycle: "2026-12-01".parse().unwrap(), at_ms: 1_764_554_400_000 };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "2026-12-01", "2026-12-01.", "x.1", "2026-12-01.x", "12.5"] {
            assert_eq!(Cursor::decode(bad), None, "{bad:?}");
        }
    }
}
