//! The back office's stock and allocations in the app's core, against a real hub: the warehouse
//! finds a product and sets its stock, an administrator allocates to the demo customer, and the
//! customer's supply at the hub has both. Refusals come back as the hub's `{code, message}`.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::hub_client::HubClient;
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::supply::{AllocationQuery, RemoveAllocation, SetAllocation, StockQuery};
use restock_protocol::ErrorCode;
use std::sync::Arc;

async fn desk(dir: &std::path::Path, hub: &str, username: &str) -> Desk {
    let desk = Desk::open(dir, Arc::new(MemoryOnly::default()) as Arc<dyn CredentialStore>).await.unwrap();
    desk.login(hub, username, demo::DEMO_PASSWORD).await.unwrap();
    desk
}

#[tokio::test]
async fn the_warehouse_sets_stock_an_administrator_allocates_the_customer_sees_both() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 20, customers: 3 }).await;
    let (warehouse_dir, admin_dir, buyer_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let warehouse = desk(warehouse_dir.path(), &hub.url, "warehouse").await;
    let admin = desk(admin_dir.path(), &hub.url, "admin").await;
    let buyer = desk(buyer_dir.path(), &hub.url, demo::DEMO_USERNAME).await;
    let customer = HubClient::new(&hub.url).unwrap();
    let token = customer.login(demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap().token;

    // Stock: set (tracked from now on) and read back as the hub has it, then found by its code.
    let set = warehouse.set_stock(" 100007 ", 80, 64).await.unwrap().expect("tracked now");
    assert_eq!((set.product_code.as_str(), set.on_hand, set.available), ("100007", 80, 64));
    let page = warehouse.stock_list(&StockQuery { q: Some("100007".into()), ..Default::default() }).await.unwrap();
    assert_eq!(page.items.iter().map(|s| s.product_code.as_str()).collect::<Vec<_>>(), ["100007"]);
    let refused = warehouse.set_stock("100007", 5, 6).await.unwrap_err();
    assert_eq!(
        (refused.code(), refused.to_string()),
        (ErrorCode::BadRequest, "bad_request: available to order can't be more than on hand".into())
    );
    let supply = customer.supply(&token).await.unwrap();
    assert_eq!(supply.items.iter().find(|i| i.product_code == "100007").and_then(|i| i.available), Some(64));

    // An allocation, standing, for the demo customer: listed with what is left, and the customer's.
    let allocation = SetAllocation {
        customer_code: format!(" {} ", demo::DEMO_USERNAME),
        product_code: "100007".into(),
        cycle_date: None,
        quantity: 12,
    };
    admin.set_allocation(&allocation).await.unwrap();
    let query = AllocationQuery { customer: Some(demo::DEMO_USERNAME.into()), product: Some("100007".into()), ..Default::default() };
    let page = admin.allocations(&query).await.unwrap();
    let row = &page.items[0];
    assert_eq!((row.cycle_date, row.quantity, row.used, row.left, row.overridden), (None, 12, 0, 12, false));
    let supply = customer.supply(&token).await.unwrap();
    assert_eq!(supply.items.iter().find(|i| i.product_code == "100007").and_then(|i| i.allocation), Some(12));
    let which = RemoveAllocation { customer_code: demo::DEMO_USERNAME.into(), product_code: "100007".into(), cycle_date: None };
    admin.remove_allocation(&which).await.unwrap();
    assert_eq!(admin.remove_allocation(&which).await.unwrap_err().code(), ErrorCode::NotFound);
    warehouse.untrack_stock("100007").await.unwrap();
    assert!(warehouse.stock_list(&StockQuery { q: Some("100007".into()), ..Default::default() }).await.unwrap().items.is_empty());

    // Allocations are the administrators'; none of it is the order desk's.
    assert_eq!(warehouse.allocations(&AllocationQuery::default()).await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(buyer.stock_list(&StockQuery::default()).await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(admin.set_stock(" ", 1, 1).await.unwrap_err().code(), ErrorCode::BadRequest);
}
