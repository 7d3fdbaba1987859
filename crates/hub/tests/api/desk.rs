//! The home screen's one request: cycle, this cycle's orders, balance, announcements, short items.

use crate::cycles::{order, shanghai, CYCLE_CUSTOMER};
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_protocol::cycles::CycleWindow;
use restock_protocol::home::HomeStatus;
use restock_protocol::orders::OrderStatus;
use serde_json::json;

async fn desk(hub: &TestHub, token: &str) -> HomeStatus {
    let (status, body) = hub.get("/api/v1/home", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    // A desk that updates after its hub still asks at the old address, and gets the same answer.
    let (old_status, old_body) = hub.get("/api/v1/desk", Some(token)).await;
    assert_eq!((old_status, old_body.get("cycle")), (200, body.get("cycle")));
    serde_json::from_value(body).unwrap()
}

async fn the_desk_shows_the_cycle_its_order_and_last_cycles_short_items(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CYCLE_CUSTOMER).await;
    // The demo's past cycle was the day before it was seeded; order on the seeding day.
    let today = hub.calendar.today();
    hub.calendar.pretend_now(shanghai(&format!("{today} 10:00:00")));
    let status = desk(&hub, &token).await;
    assert_eq!(status.time_zone, "Asia/Shanghai");
    assert_eq!(status.schedule.cutoff.map(|c| c.to_string()).as_deref(), Some("23:00:00"));
    // Monday to Saturday: on a Sunday the desk says when the next cycle opens instead.
    if let CycleWindow::Open { cycle_date, closes_at } = status.cycle {
        assert_eq!(cycle_date, today);
        assert_eq!(closes_at, Some(shanghai(&format!("{today} 23:00:00"))));
    }
    let short: Vec<_> = status.short_items.iter().map(|s| (s.product_code.as_str(), s.demand, s.ordered)).collect();
    assert_eq!(short, [("100001", 40, 30), ("100041", 15, 10)], "demand cut by allocation comes back next cycle");
    assert_eq!(status.short_items[0].substitutes.len(), 2, "with the supplier's substitutes");
    assert_eq!(status.balance.prepaid.map(|m| m.to_string()).as_deref(), Some("100000.00"));
    assert!(status.balance.open_orders > rust_decimal::Decimal::ZERO, "the past cycle's order is open");
    assert_eq!(status.balance.available, Some(status.balance.prepaid.unwrap() - status.balance.open_orders));
    let titles: Vec<_> = status.announcements.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["本周供货安排", "新品上架"], "tier C sees the announcements for everyone, newest first");

    if status.cycle.open_cycle().is_some() {
        let (_, body) = hub.post("/api/v1/orders", Some(&token), &order(&[("100041", 5)])).await;
        let saved_number = body["orderNumber"].clone();
        let status = desk(&hub, &token).await;
        assert_eq!(status.cycle_orders.len(), 1);
        assert_eq!(status.cycle_orders[0].status, OrderStatus::Saved, "saved, not yet gone through");
        assert_eq!(json!(status.cycle_orders[0].order_number), saved_number);
        let short: Vec<_> = status.short_items.iter().map(|s| s.product_code.as_str()).collect();
        assert_eq!(short, ["100001"], "a short item ordered again this cycle is no longer offered");
    }
}

async fn tier_a_sees_its_own_announcement_and_credit(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_A).await;
    let status = desk(&hub, &token).await;
    assert_eq!(status.announcements.len(), 3);
    assert_eq!(status.balance.credit_limit.map(|m| m.to_string()).as_deref(), Some("50000.00"));
    assert_eq!(status.balance.available.map(|m| m.to_string()).as_deref(), Some("150000.00"));
    assert!(matches!(status.cycle, CycleWindow::Open { closes_at: None, .. }), "no cycle: always open, no cutoff");
    assert!(status.short_items.is_empty());
}

on_both_databases!(the_desk_shows_the_cycle_its_order_and_last_cycles_short_items, tier_a_sees_its_own_announcement_and_credit);
