//! The back office's prices and promotions in the app's core, against a real hub: an administrator
//! edits a customer's price and ends a promotion; the customer's desk has both at its next sync.
//! The order desk's users are kept out.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::promotions::PromotionQuery;
use restock_protocol::ErrorCode;
use std::sync::Arc;

async fn desk(dir: &std::path::Path, hub: &str, username: &str) -> Desk {
    let desk = Desk::open(dir, Arc::new(MemoryOnly::default()) as Arc<dyn CredentialStore>).await.unwrap();
    desk.login(hub, username, demo::DEMO_PASSWORD).await.unwrap();
    desk
}

async fn price(desk: &Desk, code: &str) -> String {
    desk.search(code, 5).await.unwrap().into_iter().find(|p| p.code == code).unwrap().price.to_string()
}

#[tokio::test]
async fn an_administrator_changes_prices_and_promotions_customers_sync() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 20, customers: 3 }).await;
    let (admin_dir, buyer_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let admin = desk(admin_dir.path(), &hub.url, "admin").await;
    let buyer = desk(buyer_dir.path(), &hub.url, demo::DEMO_USERNAME).await; // tier B, its own 228.00 on 100001
    buyer.sync_catalogue().await.unwrap();
    assert_eq!(price(&buyer, "100001").await, "228.00");
    let names: Vec<String> = buyer.promotions().await.unwrap().into_iter().map(|p| p.name).collect();
    assert!(names.iter().any(|n| n.contains("95折")), "{names:?}");

    // The customer's own price, edited: blank fields as typed are not sent as values.
    let rules = admin.price_rules().await.unwrap();
    let own = rules.iter().find(|r| r.customer_code.as_deref() == Some(demo::DEMO_USERNAME)).unwrap().clone();
    let typed = PriceRuleRecord { fixed_price: Some("226.50".parse().unwrap()), tier: Some(" ".into()), ..own.clone() };
    let edited = admin.edit_price_rule(own.id, &typed).await.unwrap();
    assert_eq!((edited.fixed_price.unwrap().to_string(), edited.tier), ("226.50".to_owned(), None));
    buyer.sync_catalogue().await.unwrap();
    assert_eq!(price(&buyer, "100001").await, "226.50");

    // A promotion ended: the customer no longer has it after its sync; ending it twice is refused.
    let promotions = admin.staff_promotions(&PromotionQuery::default()).await.unwrap();
    let b = promotions.iter().find(|p| p.name.contains("95折")).unwrap();
    admin.end_promotion(b.id).await.unwrap();
    assert_eq!(admin.end_promotion(b.id).await.unwrap_err().code(), ErrorCode::BadRequest);
    let current = admin.staff_promotions(&PromotionQuery { current: Some(true) }).await.unwrap();
    assert!(current.iter().all(|p| p.id != b.id));
    buyer.sync_catalogue().await.unwrap();
    assert!(buyer.promotions().await.unwrap().iter().all(|p| p.id != b.id));

    // Back-office work is for staff only.
    assert_eq!(buyer.price_rules().await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(buyer.delete_promotion(b.id).await.unwrap_err().code(), ErrorCode::Forbidden);
}
