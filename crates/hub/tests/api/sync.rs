//! Delta pulls for the app beyond the catalogue: my supply (allocations, allocation left, stock) and
//! the announcements, each with tombstones for what went away. The hub's clock is moved on between
//! steps, past the pulls' overlap, so that each pull holds exactly the step's change.

use crate::cycles::{order, shanghai};
use crate::helpers::*;
use crate::on_both_databases;
use chrono::Duration;
use restock_hub::db::Backend;
use restock_protocol::announcements::AnnouncementChanges;
use restock_protocol::home::HomeStatus;
use restock_protocol::supply::{SupplyChanges, SupplyItem, SupplyList};
use serde_json::json;

async fn supply_since(hub: &TestHub, token: &str, since: Option<&str>) -> SupplyChanges {
    let path = match since {
        Some(cursor) => format!("/api/v1/supply/changes?since={cursor}"),
        None => "/api/v1/supply/changes".to_owned(),
    };
    let (status, body) = hub.get(&path, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

async fn announcements_since(hub: &TestHub, token: &str, since: Option<&str>) -> AnnouncementChanges {
    let path = match since {
        Some(cursor) => format!("/api/v1/announcements/changes?since={cursor}"),
        None => "/api/v1/announcements/changes".to_owned(),
    };
    let (status, body) = hub.get(&path, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

/// 10:00 tomorrow in the supplier's zone: well after the demo was seeded, and the same day
/// throughout the test.
fn tomorrow_morning(hub: &TestHub) {
    let tomorrow = hub.calendar.today().succ_opt().unwrap();
    hub.calendar.pretend_now(shanghai(&format!("{tomorrow} 10:00:00")));
}

/// Moves the hub's clock on by two minutes (more than a pull's overlap): a pull after a change and
/// then `later` holds that change, and the next pull (after the next change and `later`) no longer does.
fn later(hub: &TestHub) {
    hub.calendar.pretend_now(hub.calendar.now() + Duration::minutes(2));
}

fn item(code: &str, allocation: Option<u32>, left: Option<u32>, available: Option<u32>) -> SupplyItem {
    SupplyItem { product_code: code.into(), allocation, allocation_left: left, available }
}

fn codes(changes: &SupplyChanges) -> Vec<&str> {
    changes.items.iter().map(|i| i.product_code.as_str()).collect()
}

async fn a_supply_delta_holds_what_changed_and_tombstones_for_what_went(backend: Backend) {
    let hub = spawn_hub(backend).await;
    tomorrow_morning(&hub);
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let other = hub.login(CUSTOMER_C).await;
    let admin = hub.login("admin").await;
    let catalogue = hub.catalogue(&buyer).await;
    let pack = |code: &str| catalogue.iter().find(|p| p.code == code).unwrap().rules.pack_multiple;

    let first = supply_since(&hub, &buyer, None).await;
    assert!(first.full, "the first pull is everything");
    let (_, whole) = hub.get("/api/v1/supply", Some(&buyer)).await;
    let whole: SupplyList = serde_json::from_value(whole).unwrap();
    assert_eq!(first.items, whole.items, "the first pull is the same as the whole list");
    assert!(first.items.iter().any(|i| i.product_code == "100100" && i.available.is_some()), "stock is tracked on 100100");

    later(&hub);
    let quiet = supply_since(&hub, &buyer, Some(&first.cursor)).await;
    assert!(!quiet.full && quiet.items.is_empty() && quiet.removed.is_empty(), "nothing changed, nothing sent: {quiet:?}");
    let mut cursor = quiet.cursor;

    // The supplier allocates 100005 to this customer.
    let allocation = 3 * pack("100005");
    let (status, body) = hub
        .put(
            "/api/v1/admin/allocations",
            Some(&admin),
            &json!({"customerCode": CUSTOMER_B_FIXED, "productCode": "100005", "quantity": allocation}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    later(&hub);
    let delta = supply_since(&hub, &buyer, Some(&cursor)).await;
    assert_eq!(delta.items, [item("100005", Some(allocation), Some(allocation), None)]);
    assert!(delta.removed.is_empty());
    cursor = delta.cursor;

    // The buyer orders some of it: what is left comes in the next pull.
    let (status, body) = hub.post("/api/v1/orders", Some(&buyer), &order(&[("100005", pack("100005"))])).await;
    assert_eq!(status, 201, "{body}");
    later(&hub);
    let delta = supply_since(&hub, &buyer, Some(&cursor)).await;
    assert_eq!(delta.items, [item("100005", Some(allocation), Some(allocation - pack("100005")), None)]);
    cursor = delta.cursor;

    // Another customer's order takes stock of 100100: everyone's next pull has the new figure.
    let before = first.items.iter().find(|i| i.product_code == "100100").unwrap().available.unwrap();
    let (status, body) = hub.post("/api/v1/orders", Some(&other), &order(&[("100100", pack("100100"))])).await;
    assert_eq!(status, 201, "{body}");
    later(&hub);
    let delta = supply_since(&hub, &buyer, Some(&cursor)).await;
    assert_eq!(delta.items, [item("100100", None, None, Some(before - pack("100100")))]);
    cursor = delta.cursor;

    // The allocation is removed: a tombstone, since nothing else limits 100005.
    let (status, body) =
        hub.delete(&format!("/api/v1/admin/allocations?customerCode={CUSTOMER_B_FIXED}&productCode=100005"), Some(&admin)).await;
    assert_eq!(status, 204, "{body}");
    later(&hub);
    let delta = supply_since(&hub, &buyer, Some(&cursor)).await;
    assert_eq!((codes(&delta), delta.removed.as_slice()), (vec![], ["100005".to_owned()].as_slice()));
    cursor = delta.cursor;
    let (status, body) =
        hub.delete(&format!("/api/v1/admin/allocations?customerCode={CUSTOMER_B_FIXED}&productCode=100005"), Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "removing it twice: {body}");

    // The warehouse stops tracking 100100's stock: a tombstone for every customer.
    let (status, body) = hub.delete("/api/v1/admin/stock/100100", Some(&admin)).await;
    assert_eq!(status, 204, "{body}");
    later(&hub);
    let delta = supply_since(&hub, &buyer, Some(&cursor)).await;
    assert_eq!(delta.removed, ["100100"]);
    assert!(delta.items.is_empty(), "{delta:?}");
    let (_, whole) = hub.get("/api/v1/supply", Some(&buyer)).await;
    assert!(!whole.to_string().contains("\"100100\""), "100100 is no longer limited: {whole}");

    // A cursor from another cycle (or garbage) gets everything again.
    let stale = supply_since(&hub, &buyer, Some("2020-01-01.0")).await;
    assert!(stale.full);
    let garbage = supply_since(&hub, &buyer, Some("nonsense")).await;
    assert!(garbage.full);
    later(&hub);
    hub.calendar.pretend_now(hub.calendar.now() + Duration::days(1));
    let next_day = supply_since(&hub, &buyer, Some(&delta.cursor)).await;
    assert!(next_day.full, "a new cycle's allocations are other rows: everything again");
}

async fn admin_refusals_for_supply_removals(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let warehouse = hub.login("warehouse").await;
    let finance = hub.login("finance").await;
    let (status, body) = hub.delete("/api/v1/admin/stock/100005", Some(&warehouse)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "100005's stock is not tracked: {body}");
    assert_eq!(body["message"], "there is no such tracked stock");
    let (status, body) = hub.delete("/api/v1/admin/stock/100100", Some(&finance)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.delete("/api/v1/admin/stock/100100", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.delete("/api/v1/admin/allocations?customerCode=330100000005&productCode=100001", Some(&warehouse)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "allocations are for admins: {body}");
    let (status, body) = hub.delete("/api/v1/admin/announcements/1", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    // The warehouse's removal left the stock as it was.
    let (_, whole) = hub.get("/api/v1/supply", Some(&buyer)).await;
    assert!(whole.to_string().contains("\"100100\""), "{whole}");
}

async fn announcements_come_as_deltas_with_withdrawals_and_expiries(backend: Backend) {
    let hub = spawn_hub(backend).await;
    tomorrow_morning(&hub);
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let admin = hub.login("admin").await;
    let first = announcements_since(&hub, &buyer, None).await;
    assert!(first.full);
    let (_, desk) = hub.get("/api/v1/home", Some(&buyer)).await;
    let desk: HomeStatus = serde_json::from_value(desk).unwrap();
    assert_eq!(first.announcements, desk.announcements, "the first pull is what Home shows");

    later(&hub);
    let quiet = announcements_since(&hub, &buyer, Some(&first.cursor)).await;
    assert!(!quiet.full && quiet.announcements.is_empty() && quiet.removed.is_empty(), "{quiet:?}");

    later(&hub);
    let expires = hub.calendar.now() + Duration::minutes(1);
    let (status, body) =
        hub.post("/api/v1/admin/announcements", Some(&admin), &json!({"title": "周五停电", "body": "仓库周五停电，暂停发货一天"})).await;
    assert_eq!(status, 201, "{body}");
    let outage = body["id"].as_i64().unwrap();
    let (status, body) = hub
        .post("/api/v1/admin/announcements", Some(&admin), &json!({"title": "今日特价", "body": "今天下单立减", "expiresAt": expires}))
        .await;
    assert_eq!(status, 201, "{body}");
    let today_only = body["id"].as_i64().unwrap();
    let (status, body) =
        hub.post("/api/v1/admin/announcements", Some(&admin), &json!({"title": "A 档客户", "body": "仅 A 档", "tier": "A"})).await;
    assert_eq!(status, 201, "{body}");
    let delta = announcements_since(&hub, &buyer, Some(&quiet.cursor)).await;
    let mut ids: Vec<i64> = delta.announcements.iter().map(|a| a.id).collect();
    ids.sort();
    assert_eq!(ids, [outage, today_only], "another tier's announcement is not sent");
    assert!(delta.removed.is_empty());

    // The supplier withdraws one; the other expires.
    later(&hub);
    let (status, body) = hub.delete(&format!("/api/v1/admin/announcements/{outage}"), Some(&admin)).await;
    assert_eq!(status, 204, "{body}");
    let next = announcements_since(&hub, &buyer, Some(&delta.cursor)).await;
    let mut removed = next.removed.clone();
    removed.sort();
    assert_eq!(removed, [outage, today_only], "withdrawn and expired come as tombstones");
    assert!(next.announcements.is_empty());
    let (_, desk) = hub.get("/api/v1/home", Some(&buyer)).await;
    let desk: HomeStatus = serde_json::from_value(desk).unwrap();
    assert!(desk.announcements.iter().all(|a| a.id != outage && a.id != today_only), "Home no longer shows them");
    let (status, body) = hub.delete(&format!("/api/v1/admin/announcements/{outage}"), Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "withdrawn twice: {body}");
}

on_both_databases!(
    a_supply_delta_holds_what_changed_and_tombstones_for_what_went,
    admin_refusals_for_supply_removals,
    announcements_come_as_deltas_with_withdrawals_and_expiries
);
