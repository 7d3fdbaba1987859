//! The back office's customers in the app's core, against a real hub: an administrator issues a
//! customer and its users, approves a sign-up with what the applicant entered, edits it, and hands
//! out a reset code the customer sets a new password with; the order desk's users are kept out.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::accounts::{Registration, UserRole};
use restock_protocol::customers::{CustomerDetails, CustomerQuery, NewCustomer, SetBalance};
use restock_protocol::ErrorCode;
use std::sync::Arc;

async fn desk(dir: &std::path::Path) -> Desk {
    Desk::open(dir, Arc::new(MemoryOnly::default()) as Arc<dyn CredentialStore>).await.unwrap()
}

fn pending() -> CustomerQuery {
    CustomerQuery { status: Some("pending".into()), ..Default::default() }
}

#[tokio::test]
async fn an_administrator_keeps_customers_from_the_app() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 20, customers: 3 }).await;
    let (applicant_dir, admin_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let applicant = desk(applicant_dir.path()).await;
    let signing_up = Registration {
        username: "91330100MA2NEW".into(),
        password: "a-good-Passw0rd".into(),
        company_name: "新开便利店".into(),
        contact: Some(" 王芳 ".into()),
        phone: Some("13800000000".into()),
        address: Some("".into()),
    };
    applicant.register(&hub.url, &signing_up).await.unwrap();

    let admin = desk(admin_dir.path()).await;
    admin.login(&hub.url, "admin", demo::DEMO_PASSWORD).await.unwrap();

    // The registration waits, with what the applicant entered.
    let waiting = admin.customers(&pending()).await.unwrap();
    let registration = waiting.iter().find(|c| c.code == "91330100MA2NEW").expect("the sign-up awaits approval");
    assert_eq!(
        (registration.name.as_str(), registration.contact.as_deref(), registration.phone.as_deref(), registration.address.as_deref()),
        ("新开便利店", Some("王芳"), Some("13800000000"), None),
        "trimmed, and an empty address is none"
    );
    let approved = admin.approve_customer("91330100MA2NEW").await.unwrap();
    assert_eq!(approved.status, "active");
    assert!(admin.customers(&pending()).await.unwrap().iter().all(|c| c.code != "91330100MA2NEW"), "no longer waiting");
    applicant.login(&hub.url, "91330100MA2NEW", "a-good-Passw0rd").await.unwrap();
    applicant.sync_catalogue().await.expect("an approved customer sees prices");

    // A customer issued by the supplier, its details, balance and a second user.
    let empty =
        admin.create_customer(&NewCustomer { code: " ".into(), name: "x".into(), tier: "A".into(), branch: None }).await.unwrap_err();
    assert_eq!(empty.code(), ErrorCode::BadRequest);
    let issued = admin
        .create_customer(&NewCustomer { code: "330100000900".into(), name: "城西超市".into(), tier: "B".into(), branch: None })
        .await
        .unwrap();
    assert_eq!(issued.username, "330100000900");
    let taken = admin
        .create_customer(&NewCustomer { code: "330100000900".into(), name: "又一家".into(), tier: "B".into(), branch: None })
        .await
        .unwrap_err();
    assert_eq!(taken.code(), ErrorCode::UsernameTaken);
    let details = CustomerDetails {
        name: "城西超市（文三路店）".into(),
        tier: "A".into(),
        branch: Some("西湖分公司".into()),
        contact: Some("李四".into()),
        phone: None,
        address: Some("文三路 1 号".into()),
    };
    let edited = admin.edit_customer("330100000900", &details).await.unwrap();
    assert_eq!((edited.name.as_str(), edited.tier.as_str(), edited.branch.as_deref()), ("城西超市（文三路店）", "A", Some("西湖分公司")));
    let balance = SetBalance { prepaid: Some("500.00".parse().unwrap()), credit_limit: Some("2000.00".parse().unwrap()) };
    assert_eq!(admin.set_customer_balance("330100000900", &balance).await.unwrap().prepaid, balance.prepaid);
    let found = admin.customers(&CustomerQuery { q: Some("文三路".into()), ..Default::default() }).await.unwrap();
    assert_eq!(found.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["330100000900"], "found by its new name");

    let approver = admin.add_customer_user("330100000900", " 城西-审批 ", UserRole::Approver).await.unwrap();
    assert_eq!(approver.username, "城西-审批");
    let detail = admin.customer("330100000900").await.unwrap();
    let users: Vec<_> = detail.users.iter().map(|u| (u.username.as_str(), u.role, u.must_change_password)).collect();
    assert_eq!(users, [("330100000900", UserRole::Buyer, true), ("城西-审批", UserRole::Approver, true)]);

    // A reset code the customer sets a new password with on the login screen's reset form.
    let code = admin.issue_password_reset("330100000900").await.unwrap().token;
    let first = desk(tempfile::tempdir().unwrap().path()).await;
    first.reset_password(&hub.url, "330100000900", &code, "city-west-Passw0rd").await.unwrap();
    let session = first.login(&hub.url, "330100000900", "city-west-Passw0rd").await.unwrap();
    assert!(!session.must_change_password, "a password the user chose needs no change");

    // The order desk's users are kept out, before anything is asked of the hub.
    let refused = first.customers(&CustomerQuery::default()).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
}

/// 停用 and 暂停 from the app: the user's own desk is refused with why at its next call and at
/// login, and works again once restored.
#[tokio::test]
async fn an_administrator_disables_a_user_and_suspends_a_customer() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 20, customers: 3 }).await;
    let (buyer_dir, admin_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let buyer = desk(buyer_dir.path()).await;
    buyer.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    buyer.sync_catalogue().await.unwrap();
    let admin = desk(admin_dir.path()).await;
    admin.login(&hub.url, "admin", demo::DEMO_PASSWORD).await.unwrap();

    admin.set_user_disabled(demo::DEMO_USERNAME, true).await.unwrap();
    let refused = buyer.sync_catalogue().await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::AccountDisabled, "{refused}");
    let detail = admin.customer(demo::DEMO_USERNAME).await.unwrap();
    assert!(detail.users.iter().any(|u| u.username == demo::DEMO_USERNAME && u.disabled));
    admin.set_user_disabled(demo::DEMO_USERNAME, false).await.unwrap();
    buyer.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    buyer.sync_catalogue().await.unwrap();

    let suspended = admin.set_customer_suspended(demo::DEMO_USERNAME, true).await.unwrap();
    assert_eq!(suspended.status, "suspended");
    let refused = buyer.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::AccountDisabled, "{refused}");
    assert_eq!(admin.set_customer_suspended(demo::DEMO_USERNAME, false).await.unwrap().status, "active");
    buyer.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    let own = admin.set_user_disabled("admin", true).await.unwrap_err();
    assert_eq!(own.code(), ErrorCode::BadRequest, "{own}");
}
