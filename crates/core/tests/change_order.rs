//! 修改订单: a customer reopens an order before the cutoff in the grid, changes it and saves the
//! change, against a real hub served in-process with a real SQLite database.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::cart::views::CartView;
use restock_core::{Desk, Error};
use restock_hub::demo::{self, DemoSize};
use restock_protocol::orders::OrderStatus;
use restock_protocol::ErrorCode;
use std::sync::Arc;

async fn open_desk(dir: &std::path::Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryOnly::default()) as Arc<dyn CredentialStore>).await.unwrap()
}

/// A Tuesday morning in Shanghai, before the demo cycle customer's cutoff.
fn tuesday_morning() -> chrono::DateTime<chrono::Utc> {
    use chrono::{Datelike, Days, FixedOffset, TimeZone, Utc, Weekday};
    let shanghai = FixedOffset::east_opt(8 * 3600).unwrap();
    let mut day = Utc::now().with_timezone(&shanghai).date_naive() + Days::new(2);
    while day.weekday() != Weekday::Tue {
        day = day + Days::new(1);
    }
    shanghai.from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
}

fn line(cart: &CartView, code: &str) -> restock_core::cart::views::CartLineView {
    cart.lines.iter().find(|l| l.product.code == code).cloned().unwrap_or_else(|| panic!("no line {code} in {cart:?}"))
}

#[tokio::test]
async fn a_saved_order_is_reopened_in_the_grid_changed_and_confirmed_without_a_second_order() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 300, customers: 5 }).await;
    hub.calendar.pretend_now(tuesday_morning());
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path()).await;
    desk.login(&hub.url.clone(), demo::CYCLE_CUSTOMER, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();

    // 35 of 100001 asked for, 30 allowed by the allocation; 10 of 100002. The cycle saves it.
    desk.set_cart_quantity("100001", 35).await.unwrap();
    desk.set_cart_quantity("100002", 10).await.unwrap();
    let saved = desk.submit_cart().await.unwrap();
    assert_eq!(saved.status, OrderStatus::Saved);
    let orders_before = hub.count("orders").await;

    // Reopened, the grid holds what the buyer asked for, and says which order it changes.
    let reopened = desk.change_order_in_grid(saved.order_id).await.unwrap();
    let cart = reopened.cart;
    assert_eq!(cart.changes_order.as_ref().map(|c| c.order_number.as_str()), Some(saved.order_number.as_str()));
    assert_eq!(cart.name, format!("修改 {}", saved.order_number));
    let first = line(&cart, "100001");
    assert_eq!((first.quantity, first.order_quantity), (35, 30), "the demand comes back, cut as before");
    assert_eq!(line(&cart, "100002").quantity, 10);
    assert!(reopened.skipped.is_empty());
    let again = desk.change_order_in_grid(saved.order_id).await.unwrap();
    assert_eq!(again.cart.id, cart.id, "reopening twice opens the same cart");

    // Changed and saved: the same order, with the new lines, still saved; no order is added.
    desk.set_cart_quantity("100002", 4).await.unwrap();
    let shown = desk.set_cart_quantity("100003", 2).await.unwrap().total;
    let changed = desk.submit_cart().await.unwrap();
    assert_eq!((changed.order_id, changed.status), (saved.order_id, OrderStatus::Saved));
    let quantities: Vec<_> = changed.lines.iter().map(|l| (l.product_code.as_str(), l.quantity)).collect();
    assert_eq!(quantities, [("100001", 30), ("100002", 4), ("100003", 2)]);
    assert_eq!(changed.total, shown, "priced as the grid showed it");
    assert_eq!(hub.count("orders").await, orders_before, "a change is not a second order");
    assert!(desk.queued_orders().await.unwrap().is_empty());
    assert!(desk.saved_carts().await.unwrap().iter().all(|c| c.id != cart.id), "the change's cart is gone");
    assert_ne!(desk.cart().await.unwrap().id, cart.id);
    let history = desk.my_orders().await.unwrap();
    assert_eq!(history.iter().find(|o| o.order_id == saved.order_id).unwrap().lines.len(), 3);

    // 决定购买 as before; placed, it still changes until the cutoff, and what it holds of the
    // allocation counts as the buyer's again while it is being changed.
    let placed = desk.confirm_order(saved.order_id).await.unwrap();
    assert_eq!(placed.status, OrderStatus::Submitted);
    let cart = desk.change_order_in_grid(saved.order_id).await.unwrap().cart;
    let first = line(&cart, "100001");
    assert_eq!((first.allocation_left, first.order_quantity), (Some(30), 30), "{first:?}");
    assert!(first.problem.is_none());
    assert!(cart.warnings.is_empty(), "{:?}", cart.warnings);
    desk.set_cart_quantity("100001", 20).await.unwrap();
    let smaller = desk.submit_cart().await.unwrap();
    assert_eq!(smaller.status, OrderStatus::Submitted);
    assert_eq!(smaller.lines[0].quantity, 20);
    let next = desk.set_cart_quantity("100001", 15).await.unwrap();
    assert_eq!(line(&next, "100001").allocation_left, Some(10), "the change took 20 of the 30");
    desk.set_cart_quantity("100001", 0).await.unwrap();

    // Cancelled, it cannot be reopened.
    desk.cancel_order(saved.order_id).await.unwrap();
    match desk.change_order_in_grid(saved.order_id).await {
        Err(Error::Refused(e)) => {
            assert_eq!(e.code, ErrorCode::OrderLocked);
            assert_eq!(e.message, format!("order {} is cancelled and can no longer be changed", saved.order_number));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_change_the_hub_never_got_stays_in_the_grid_and_is_not_queued_as_a_new_order() {
    let mut hub = restock_testkit::start_sqlite(DemoSize { products: 300, customers: 3 }).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path()).await;
    desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    desk.set_cart_quantity("100001", 3).await.unwrap();
    let order = desk.submit_cart().await.unwrap();
    desk.my_orders().await.unwrap();

    desk.change_order_in_grid(order.order_id).await.unwrap();
    desk.set_cart_quantity("100001", 5).await.unwrap();
    hub.stop().await;
    let error = desk.submit_cart().await.expect_err("the hub is down");
    assert!(error.is_transient(), "{error:?}");
    let cart = desk.cart().await.unwrap();
    assert_eq!(line(&cart, "100001").quantity, 5, "what was typed stays");
    assert!(cart.changes_order.is_some());
    assert!(desk.queued_orders().await.unwrap().is_empty(), "a change never waits as a new order");
}
