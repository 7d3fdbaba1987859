//! The back office in the app's core: a member of the supplier's staff logs in to the same app,
//! reviews the queue the hub keeps and decides orders, and the customer's desk sees the decision.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::accounts::UserRole;
use restock_protocol::orders::OrderStatus;
use restock_protocol::review::OrderQueueQuery;
use restock_protocol::ErrorCode;
use std::sync::Arc;

async fn open_desk(dir: &std::path::Path, credentials: Arc<MemoryOnly>) -> Desk {
    Desk::open(dir, credentials as Arc<dyn CredentialStore>).await.unwrap()
}

fn submitted() -> OrderQueueQuery {
    OrderQueueQuery { status: Some("submitted".into()), ..Default::default() }
}

#[tokio::test]
async fn a_reviewer_logs_in_to_the_app_and_decides_what_customers_ordered() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 300, customers: 3 }).await;
    let (buyer_dir, staff_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let buyer = open_desk(buyer_dir.path(), Arc::default()).await;
    buyer.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    buyer.sync_catalogue().await.unwrap();
    let mut placed = Vec::new();
    for code in ["100001", "100002"] {
        buyer.set_cart_quantity(code, 2).await.unwrap();
        placed.push(buyer.submit_cart().await.unwrap());
    }

    let credentials = Arc::new(MemoryOnly::default());
    let staff = open_desk(staff_dir.path(), credentials.clone()).await;
    let session = staff.login(&hub.url, "reviewer", demo::DEMO_PASSWORD).await.unwrap();
    assert_eq!((session.role, session.account.as_ref(), session.branch.as_deref()), (UserRole::Reviewer, None, None));
    assert!(session.is_staff(), "a staff login opens the back office");
    drop(staff);
    let staff = open_desk(staff_dir.path(), credentials).await;
    let restored = staff.restore_session().await.unwrap().expect("the staff session is kept like a customer's");
    assert_eq!((restored.username.as_str(), restored.role), ("reviewer", UserRole::Reviewer));

    let page = staff.review_queue(&submitted()).await.unwrap();
    let numbers: Vec<_> = page.orders.iter().map(|o| o.order_number.as_str()).collect();
    for order in &placed {
        assert!(numbers.contains(&order.order_number.as_str()), "{} in the queue {numbers:?}", order.order_number);
    }
    let detail = staff.review_order(placed[0].order_id).await.unwrap();
    assert_eq!((detail.customer_code.as_str(), detail.order.lines.len(), detail.supply.len()), (demo::DEMO_USERNAME, 1, 1));
    assert!(detail.awaiting_me, "a submitted order waits for headquarters' reviewer");

    let rejected = staff.reject_review(placed[0].order_id, "  ").await.unwrap_err();
    assert_eq!(rejected.code(), ErrorCode::BadRequest, "a rejection needs a reason");
    let rejected = staff.reject_review(placed[0].order_id, "100001 is being relabelled; order it next week").await.unwrap();
    assert_eq!(rejected.order.status, OrderStatus::Rejected);
    let outcomes = staff.approve_reviews(&[placed[1].order_id, placed[0].order_id]).await.unwrap();
    assert_eq!(outcomes[0].order.as_ref().map(|o| o.order.status), Some(OrderStatus::Approved));
    assert_eq!(outcomes[1].error.as_ref().map(|e| e.code), Some(ErrorCode::OrderLocked), "a rejected order stays rejected");

    let mine = buyer.my_orders().await.unwrap();
    let seen = mine.iter().find(|o| o.order_id == placed[0].order_id).unwrap();
    assert_eq!(seen.status, OrderStatus::Rejected);
    assert!(seen.history.iter().any(|e| e.note.as_deref() == Some("100001 is being relabelled; order it next week")), "{:?}", seen.history);

    let refused = buyer.review_queue(&submitted()).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "the order desk's users have no back office");
}

#[tokio::test]
async fn one_app_holds_a_staff_session_for_one_supplier_and_a_customer_session_for_another() {
    let supplier = restock_testkit::start_sqlite(DemoSize { products: 50, customers: 2 }).await;
    let other = restock_testkit::start_sqlite(DemoSize { products: 50, customers: 2 }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_desk(dir.path(), Arc::default()).await;
    let staff = app.login(&supplier.url, "admin", demo::DEMO_PASSWORD).await.unwrap();
    let customer = app.login(&other.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    assert!(customer.account.is_some() && !customer.is_staff());
    let suppliers = app.suppliers().await.unwrap();
    assert_eq!(suppliers.len(), 2);
    let staff_connection = suppliers.iter().find(|s| s.session.is_staff()).expect("the staff connection is listed");
    assert_eq!((staff_connection.session.role, staff_connection.session.hub_url.as_str()), (UserRole::Admin, staff.hub_url.as_str()));
    let switched = app.switch_supplier(staff_connection.id).await.unwrap();
    assert_eq!(switched.role, UserRole::Admin);
    app.review_queue(&OrderQueueQuery::default()).await.unwrap();
}
