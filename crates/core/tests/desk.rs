//! The desk against a real hub served in-process on a random port, with a real SQLite hub database.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::{Desk, Error};
use restock_hub::demo::{self, DemoSize};
use restock_protocol::ErrorCode;
use restock_testkit::TestHub as Hub;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The demo hub with 300 products and 3 customers.
async fn start_hub() -> Hub {
    restock_testkit::start_sqlite(DemoSize { products: 300, customers: 3 }).await
}

async fn orders_on(hub: &Hub) -> i64 {
    hub.count("orders").await
}

async fn open_desk(dir: &std::path::Path, credentials: Arc<MemoryOnly>) -> Desk {
    Desk::open(dir, credentials as Arc<dyn CredentialStore>).await.unwrap()
}

/// A desk logged in to `hub` as the demo customer, with the catalogue pulled.
async fn synced_desk(hub: &Hub, dir: &std::path::Path) -> Desk {
    let desk = open_desk(dir, Arc::default()).await;
    desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    desk
}

#[tokio::test]
async fn a_sync_reports_its_progress() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;
    desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    let mut progress = desk.sync_progress();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let watcher = {
        let seen = seen.clone();
        tokio::spawn(async move {
            while progress.changed().await.is_ok() {
                let p = progress.borrow_and_update().clone();
                let done = p.phase == restock_core::catalogue::sync::SyncPhase::Done;
                seen.lock().unwrap().push(p);
                if done {
                    break;
                }
            }
        })
    };
    desk.sync_catalogue().await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), watcher).await.unwrap().unwrap();
    let seen = seen.lock().unwrap();
    let last = seen.last().unwrap();
    assert_eq!((last.phase, last.products), (restock_core::catalogue::sync::SyncPhase::Done, 300));
    assert!(last.received_bytes > 10_000, "the bytes of the pull were counted: {last:?}");
}

#[tokio::test]
async fn log_in_search_fill_the_cart_and_submit() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;

    let session = desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    assert_eq!(session.account.unwrap().customer_code, demo::DEMO_USERNAME);
    assert_eq!(desk.sync_catalogue().await.unwrap().products, 300);

    let by_code = desk.search("100001", 10).await.unwrap();
    assert_eq!(by_code[0].code, "100001", "an exact code comes first");
    let by_name = desk.search("中华", 50).await.unwrap();
    assert!(!by_name.is_empty() && by_name.iter().all(|p| p.name.contains("中华") || p.brand.contains("中华")));
    let by_prefix = desk.search("10010", 50).await.unwrap();
    assert!(by_prefix.iter().all(|p| p.code.starts_with("10010")) && by_prefix.len() == 10);

    let six_pack = desk.search("550ml", 200).await.unwrap().into_iter().find(|p| p.rules.pack_multiple == 6).unwrap();
    let cart = desk.set_cart_quantity("100001", 7).await.unwrap();
    assert_eq!(cart.total.to_string(), "1596.00");
    // A demand of 7 in packs of 6: 6 can be ordered, and the cut says why, beside the demand.
    let cart = desk.set_cart_quantity(&six_pack.code, 7).await.unwrap();
    let line = &cart.lines[1];
    assert_eq!((line.quantity, line.order_quantity), (7, 6));
    assert_eq!(line.cuts, [restock_protocol::supply::Cut::PackMultiple { pack_multiple: 6 }]);
    assert_eq!(line.line_amount, restock_protocol::money::line_amount(six_pack.price, 6));
    // A demand of 3 with a minimum of 6: nothing can be ordered, so the line is a problem and the
    // order is refused before it leaves, as the hub would refuse it; the cart is kept to fix.
    let cart = desk.set_cart_quantity(&six_pack.code, 3).await.unwrap();
    let problem = cart.lines[1].problem.as_ref().expect("3 is below the minimum of 6");
    assert_eq!((problem.code, problem.allowed), (ErrorCode::BelowMinimum, Some(0)));
    let refused = desk.submit_cart().await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::OrderRejected);
    assert_eq!(desk.cart().await.unwrap().line_count, 2);
    assert_eq!(orders_on(&hub).await, 0);

    let cart = desk.set_cart_quantity(&six_pack.code, 12).await.unwrap();
    assert!(cart.lines.iter().all(|l| l.problem.is_none() && l.cuts.is_empty()));
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(order.total, cart.total, "the hub's total matches what the desk showed");
    assert!(order.order_number.starts_with("SO-"));
    assert_eq!(desk.cart().await.unwrap().line_count, 0, "a submitted cart is emptied");
    let history = desk.my_orders().await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].order_number, order.order_number);
}

#[tokio::test]
async fn a_wrong_password_is_reported_with_its_code() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;
    let err = desk.login(&hub.url.clone(), demo::DEMO_USERNAME, "nope").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidCredentials);
    assert!(matches!(desk.search("", 10).await, Err(Error::NotLoggedIn)));
}

#[tokio::test]
async fn the_session_and_the_cart_survive_a_restart() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let credentials = Arc::new(MemoryOnly::default());
    {
        let desk = open_desk(dir.path(), credentials.clone()).await;
        desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
        desk.sync_catalogue().await.unwrap();
        desk.set_cart_quantity("100001", 3).await.unwrap();
    }
    let desk = open_desk(dir.path(), credentials).await;
    let session = desk.restore_session().await.unwrap().expect("the saved session");
    assert_eq!(session.account.unwrap().customer_code, demo::DEMO_USERNAME);
    let cart = desk.cart().await.unwrap();
    assert_eq!((cart.line_count, cart.lines[0].quantity), (1, 3));

    desk.logout().await.unwrap();
    let again = open_desk(dir.path(), Arc::default()).await;
    assert!(again.restore_session().await.unwrap().is_none(), "logging out forgets the session");
}

#[tokio::test]
async fn with_the_hub_down_the_order_waits_and_is_sent_exactly_once() {
    let mut hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    desk.set_cart_quantity("100001", 2).await.unwrap();

    hub.stop().await;
    let err = desk.submit_cart().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::HubUnreachable);
    assert_eq!(desk.cart().await.unwrap().line_count, 1, "nothing is lost while the hub is away");
    assert_eq!(desk.search("100001", 1).await.unwrap().len(), 1, "the desk still searches offline");

    hub.serve().await;
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(order.lines.len(), 1);
    assert_eq!(orders_on(&hub).await, 1);
}

#[tokio::test]
async fn several_orders_queued_offline_are_each_sent_once_and_refusals_come_back() {
    let mut hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    hub.stop().await;

    // Three carts submitted with the hub away: each waits, with its own id.
    for (name, code, quantity) in [("周一补货", "100001", 2), ("饮料", "100002", 3), ("涨价的", "100004", 1)] {
        desk.new_cart(name).await.unwrap();
        desk.set_cart_quantity(code, quantity).await.unwrap();
        assert_eq!(desk.submit_cart().await.unwrap_err().code(), ErrorCode::HubUnreachable);
    }
    let queued = desk.queued_orders().await.unwrap();
    let names: Vec<_> = queued.iter().map(|q| q.cart_name.as_deref().unwrap_or("")).collect();
    assert_eq!(names, ["周一补货", "饮料", "涨价的"]);
    assert_eq!(desk.send_queued().await.unwrap().waiting, 3, "still away: nothing sent, nothing lost");

    // Back, with one price raised meanwhile: two go through, the third comes back refused.
    sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 1000 WHERE code = '100004'").execute(&hub.db.pool).await.unwrap();
    hub.serve().await;
    let report = desk.send_queued().await.unwrap();
    assert_eq!((report.sent.len(), report.waiting), (2, 0));
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].refusal.as_ref().map(|r| r.code), Some(ErrorCode::PriceChanged));
    assert_eq!(orders_on(&hub).await, 2);
    // Sending again sends nothing twice; the refusal stays until the buyer dismisses it.
    let again = desk.send_queued().await.unwrap();
    assert_eq!((again.sent.len(), again.refused.len()), (0, 1));
    assert_eq!(orders_on(&hub).await, 2);
    desk.dismiss_queued(report.refused[0].order_id).await.unwrap();
    assert!(desk.queued_orders().await.unwrap().is_empty());
    assert_eq!(desk.cart().await.unwrap().lines[0].product.code, "100004", "the refused cart is still there to fix");
}

/// Forwards requests to the hub; while `drop_responses` is set it swallows the hub's answer and
/// cuts the connection, as a network failure after the hub has done the work would. The flag is
/// checked per answer, so pooled keep-alive connections are cut too.
async fn lossy_proxy(upstream: SocketAddr, drop_responses: Arc<AtomicBool>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else { return };
            let drop_responses = drop_responses.clone();
            tokio::spawn(async move {
                let server = tokio::net::TcpStream::connect(upstream).await.unwrap();
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let forward = tokio::spawn(async move { tokio::io::copy(&mut client_read, &mut server_write).await });
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    match server_read.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(_) if drop_responses.load(Ordering::SeqCst) => break, // the answer is lost
                        Ok(n) => {
                            if client_write.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                    }
                }
                forward.abort();
                // Dropping both halves closes the client's connection.
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_lost_response_never_makes_a_second_order() {
    let hub = start_hub().await;
    let drop_responses = Arc::new(AtomicBool::new(false));
    let proxy = lossy_proxy(hub.addr, drop_responses.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;
    desk.login(&format!("http://{proxy}"), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    desk.set_cart_quantity("100001", 4).await.unwrap();

    drop_responses.store(true, Ordering::SeqCst);
    let err = desk.submit_cart().await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert_eq!(orders_on(&hub).await, 1, "the hub made the order; only its answer was lost");
    assert_eq!(desk.cart().await.unwrap().line_count, 1, "the desk does not know yet, so it keeps the cart");

    // While the answer is lost, the buyer goes on editing: a line for another product.
    drop_responses.store(false, Ordering::SeqCst);
    desk.set_cart_quantity("100004", 2).await.unwrap();
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(orders_on(&hub).await, 1, "the retry is the same order, not a second one");
    assert_eq!(order.lines.len(), 1);
    assert_eq!(order.lines[0].quantity, 4);
    let cart = desk.cart().await.unwrap();
    assert_eq!(
        cart.lines.iter().map(|l| (l.product.code.as_str(), l.quantity)).collect::<Vec<_>>(),
        [("100004", 2)],
        "what was submitted leaves the cart; the later edit stays"
    );
    desk.submit_cart().await.unwrap();
    assert_eq!(orders_on(&hub).await, 2, "the later edit is its own order when the buyer submits it");
}

#[tokio::test]
async fn search_by_pinyin_and_usual_products_first() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;

    let zhh = desk.search("zhh", 50).await.unwrap();
    assert!(!zhh.is_empty() && zhh.iter().all(|p| p.name.starts_with("中华")), "{:?}", zhh.iter().map(|p| &p.name).collect::<Vec<_>>());

    let before = desk.search("软", 50).await.unwrap();
    let last = before.last().unwrap().code.clone();
    desk.set_usual_product(&last, true).await.unwrap();
    assert_eq!(desk.search("软", 50).await.unwrap()[0].code, last, "a usual product comes first");
    desk.set_usual_product(&last, false).await.unwrap();
    assert_eq!(desk.search("软", 50).await.unwrap(), before);
}

#[tokio::test]
async fn saved_carts_are_named_duplicated_renamed_and_deleted() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;

    let first = desk.cart().await.unwrap();
    assert_eq!(first.name, "购物车");
    desk.set_cart_quantity("100001", 2).await.unwrap();

    let weekly = desk.new_cart("每周补货").await.unwrap();
    assert_eq!((weekly.name.as_str(), weekly.line_count), ("每周补货", 0));
    desk.set_cart_quantity("100002", 5).await.unwrap();
    assert_eq!(desk.cart().await.unwrap().id, weekly.id, "a new cart becomes the active one");

    let copy = desk.duplicate_cart(weekly.id, "每周补货 (2)").await.unwrap();
    assert_eq!(copy.lines.iter().map(|l| (l.product.code.as_str(), l.quantity)).collect::<Vec<_>>(), [("100002", 5)]);
    desk.set_cart_quantity("100002", 7).await.unwrap();
    assert_eq!(desk.open_cart(weekly.id).await.unwrap().lines[0].quantity, 5, "the copy is independent");

    desk.rename_cart(weekly.id, "  周二订货 ").await.unwrap();
    let carts = desk.saved_carts().await.unwrap();
    let names: Vec<_> = carts.iter().map(|c| (c.name.as_str(), c.is_active, c.line_count)).collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&("周二订货", true, 1)), "{names:?}");
    assert!(desk.rename_cart(weekly.id, "   ").await.is_err(), "a cart needs a name");

    desk.delete_cart(weekly.id).await.unwrap();
    let carts = desk.saved_carts().await.unwrap();
    assert_eq!(carts.len(), 2);
    assert_eq!(carts.iter().filter(|c| c.is_active).count(), 1, "another cart takes over");
    let missing = desk.open_cart(weekly.id).await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);

    // Submitting empties only the cart that was submitted.
    let active = desk.open_cart(first.id).await.unwrap();
    assert_eq!(active.line_count, 1);
    desk.submit_cart().await.unwrap();
    let after = desk.saved_carts().await.unwrap();
    assert_eq!(after.iter().find(|c| c.id == first.id).unwrap().line_count, 0);
    assert_eq!(after.iter().find(|c| c.id == copy.id).unwrap().line_count, 1);
}

#[tokio::test]
async fn start_an_order_from_a_past_order_or_a_pasted_list() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    desk.set_cart_quantity("100001", 3).await.unwrap();
    desk.set_cart_quantity("100003", 1).await.unwrap();
    let past = desk.submit_cart().await.unwrap();

    // A month later, 100003 is delisted at the hub.
    sqlx::query("UPDATE products SET status = 'delisted' WHERE code = '100003'").execute(&hub.db.pool).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    desk.my_orders().await.unwrap();
    let again = desk.reorder(past.order_id).await.unwrap();
    assert_eq!(again.cart.name, format!("再来一单 {}", past.order_number));
    assert_eq!(again.cart.lines.iter().map(|l| (l.product.code.as_str(), l.quantity)).collect::<Vec<_>>(), [("100001", 3)]);
    assert_eq!(again.skipped.len(), 1);
    assert_eq!((again.skipped[0].row, again.skipped[0].reason), (2, restock_core::cart::start::SkipReason::Delisted));

    let pasted = desk.import_list("粘贴", "编码\t数量\n100001\t2\nNOPE\t4\n100002 x\n100004\t1").await.unwrap();
    assert_eq!(pasted.cart.lines.iter().map(|l| (l.product.code.as_str(), l.quantity)).collect::<Vec<_>>(), [("100001", 2), ("100004", 1)]);
    let skipped: Vec<_> = pasted.skipped.iter().map(|s| (s.row, s.text.as_str())).collect();
    assert_eq!(skipped, [(3, "NOPE\t4"), (4, "100002 x")], "unknown codes are listed, never dropped");
    assert_eq!(desk.cart().await.unwrap().id, pasted.cart.id, "the started cart is the active one");
}

#[tokio::test]
async fn the_pre_submit_review_shows_every_change_and_nothing_changes_silently() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    for code in ["100004", "100005", "100006"] {
        desk.set_cart_quantity(code, 2).await.unwrap();
    }
    let before = desk.cart().await.unwrap();
    let old_price = before.lines[0].product.price;

    // At the hub: 100004's base price goes up 10.00 (this tier-B customer pays 92% of it) and
    // 100005 is delisted.
    sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 1000 WHERE code = '100004'").execute(&hub.db.pool).await.unwrap();
    sqlx::query("UPDATE products SET status = 'delisted' WHERE code = '100005'").execute(&hub.db.pool).await.unwrap();

    let review = desk.review_cart().await.unwrap();
    assert!(!review.offline);
    let changes: Vec<_> = review.changes.iter().map(|c| (c.product_code.as_str(), c.kind)).collect();
    use restock_core::cart::review::ChangeKind;
    assert_eq!(changes, [("100004", ChangeKind::PriceUp), ("100005", ChangeKind::Delisted)]);
    assert_eq!(review.changes[0].old_price, Some(old_price));
    assert_eq!(review.changes[0].new_price, Some(old_price + rust_decimal_macros::dec!(9.20)));
    assert_eq!(review.total_before, before.total);
    assert_eq!(review.total_after, before.total + rust_decimal_macros::dec!(18.40) - before.lines[1].line_amount);

    // Submitting without accepting is refused, and nothing reaches the hub.
    let refused = desk.submit_cart().await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::CartChanged);
    assert_eq!(orders_on(&hub).await, 0);

    let accepted = desk.accept_review().await.unwrap();
    assert_eq!(accepted.lines.iter().map(|l| l.product.code.as_str()).collect::<Vec<_>>(), ["100004", "100006"]);
    assert_eq!(accepted.total, review.total_after);
    assert!(desk.review_cart().await.unwrap().changes.is_empty());
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(order.total, review.total_after, "the hub charges what the buyer accepted");
}

#[tokio::test]
async fn a_second_sync_pulls_only_what_changed_and_applies_it() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;
    desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    let first = desk.sync_catalogue().await.unwrap();
    assert_eq!((first.products, first.changed, first.full), (300, 300, true));
    let again = desk.sync_catalogue().await.unwrap();
    assert_eq!((again.products, again.changed, again.full), (300, 0, false));

    sqlx::query("UPDATE products SET name = '中华软 新包装' WHERE code = '100001'").execute(&hub.db.pool).await.unwrap();
    let delta = desk.sync_catalogue().await.unwrap();
    assert_eq!((delta.products, delta.changed, delta.full), (300, 1, false));
    assert_eq!(desk.search("新包装", 10).await.unwrap()[0].code, "100001", "the search index sees the change");

    // Another desk on the same store after a restart goes on from the saved cursor.
    drop(desk);
    let credentials: Arc<MemoryOnly> = Arc::default();
    let desk = open_desk(dir.path(), credentials).await;
    desk.login(&hub.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    assert_eq!(desk.sync_catalogue().await.unwrap().changed, 0);
}

#[tokio::test]
async fn several_suppliers_each_with_their_own_catalogue_and_carts() {
    let first = start_hub().await;
    let second = start_hub().await;
    sqlx::query("UPDATE products SET name = '第二家供货商特供酒' WHERE code = '100001'").execute(&second.db.pool).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;

    desk.login(&first.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    desk.set_cart_quantity("100001", 3).await.unwrap();

    desk.login(&second.url.clone(), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    assert_eq!(desk.cart().await.unwrap().line_count, 0, "the second supplier has its own cart");
    assert_eq!(desk.search("特供", 5).await.unwrap().len(), 1);

    let suppliers = desk.suppliers().await.unwrap();
    assert_eq!(suppliers.len(), 2);
    assert!(suppliers[0].is_current && suppliers[0].session.hub_url == second.url.clone());
    assert!(suppliers.iter().all(|s| s.logged_in));

    let back = suppliers.iter().find(|s| s.session.hub_url == first.url.clone()).unwrap();
    desk.switch_supplier(back.id).await.unwrap();
    let cart = desk.cart().await.unwrap();
    assert_eq!((cart.line_count, cart.lines[0].quantity), (1, 3), "the first supplier's cart is as it was");
    assert!(desk.search("特供", 5).await.unwrap().is_empty(), "and its own catalogue");
    desk.submit_cart().await.unwrap();
    assert_eq!((orders_on(&first).await, orders_on(&second).await), (1, 0), "the order went to the first supplier");
}

#[tokio::test]
async fn a_price_change_after_the_last_sync_is_refused_by_the_hub_not_charged() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    desk.set_cart_quantity("100004", 2).await.unwrap();
    // The price rises at the hub after the desk's last sync: the desk cannot know yet.
    sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 1000 WHERE code = '100004'").execute(&hub.db.pool).await.unwrap();
    let refused = desk.submit_cart().await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::PriceChanged);
    assert_eq!(orders_on(&hub).await, 0);
    // The review then shows the rise; once accepted, the order goes through at the new price.
    let review = desk.review_cart().await.unwrap();
    assert_eq!(review.changes.len(), 1);
    desk.accept_review().await.unwrap();
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(order.total, review.total_after);
}

/// 10:00 in Shanghai on a Tuesday at least two days after today: the demo's cycle customer may
/// order until 23:00, and the demo's past cycle (the day before it was seeded) is the last before it.
fn tuesday_morning() -> chrono::DateTime<chrono::Utc> {
    use chrono::{Datelike, Days, FixedOffset, TimeZone, Utc, Weekday};
    let shanghai = FixedOffset::east_opt(8 * 3600).unwrap(); // no daylight saving there
    let mut day = Utc::now().with_timezone(&shanghai).date_naive() + Days::new(2);
    while day.weekday() != Weekday::Tue {
        day = day + Days::new(1);
    }
    shanghai.from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
}

/// The demo's customer with allocations and stock, logged in and synced on a Tuesday morning
/// (before its cutoff), with a desk of its own.
async fn cycle_customer_on_tuesday() -> (restock_testkit::TestHub, tempfile::TempDir, Desk) {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 300, customers: 5 }).await;
    hub.calendar.pretend_now(tuesday_morning());
    let dir = tempfile::tempdir().unwrap();
    let desk = open_desk(dir.path(), Arc::default()).await;
    desk.login(&hub.url.clone(), demo::CYCLE_CUSTOMER, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    (hub, dir, desk)
}

#[tokio::test]
async fn allocations_are_checked_as_the_buyer_types_and_the_order_is_confirmed_before_the_cutoff() {
    let (mut hub, _dir, desk) = cycle_customer_on_tuesday().await;

    // Allocation 30 of 100001 this cycle: a demand of 35 becomes an order of 30, cut by the
    // allocation, shown as the buyer types.
    let cart = desk.set_cart_quantity("100001", 35).await.unwrap();
    let line = &cart.lines[0];
    assert_eq!((line.allocation_left, line.quantity, line.order_quantity), (Some(30), 35, 30));
    assert_eq!(line.cuts, [restock_protocol::supply::Cut::Allocation { limit: 30 }]);
    assert!(line.problem.is_none());
    desk.set_cart_quantity("100002", 10).await.unwrap();

    let saved = desk.submit_cart().await.unwrap();
    assert_eq!(saved.status, restock_protocol::orders::OrderStatus::Saved, "a cycle with a cutoff saves first");
    assert_eq!((saved.lines[0].quantity, saved.lines[0].demand), (30, 35), "the demand goes with the order");
    let status = desk.home_status().await.unwrap();
    let tuesday = (tuesday_morning() + chrono::Duration::hours(8)).date_naive();
    assert_eq!(status.cycle.open_cycle(), Some(tuesday));
    assert_eq!(status.cycle_orders[0].order_number, saved.order_number);
    let short: Vec<_> = status.short_items.iter().map(|s| (s.product_code.as_str(), s.demand - s.ordered)).collect();
    // Last cycle's short items are offered again, but not 100001: this cycle's order holds it now.
    assert_eq!(short, [("100041", 5)]);

    let confirmed = desk.confirm_order(saved.order_id).await.unwrap();
    assert_eq!(confirmed.status, restock_protocol::orders::OrderStatus::Submitted);
    assert_eq!(desk.my_orders().await.unwrap()[0].status, confirmed.status);

    // The supplier cuts the allocation of 100003 after the buyer set a line: the review shows it.
    desk.set_cart_quantity("100003", 20).await.unwrap();
    sqlx::query("UPDATE allocations SET quantity = 12, updated_at = $1 WHERE product_code = '100003'")
        .bind(hub.calendar.now_ms())
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let review = desk.review_cart().await.unwrap();
    let change = review.changes.iter().find(|c| c.product_code == "100003").expect("the smaller allocation is listed");
    assert_eq!(change.kind, restock_core::cart::review::ChangeKind::AllocationReduced);
    assert_eq!(change.problem.as_ref().and_then(|p| p.allowed), Some(12));

    // Offline, the home screen is the last one seen.
    hub.stop().await;
    let offline = desk.home_status().await.unwrap();
    assert!(offline.offline, "marked as the last one seen");
    assert_eq!(offline.cycle_orders[0].status, restock_protocol::orders::OrderStatus::Submitted);
}

/// Logs in to the hub's back office as the demo admin and sends one request.
async fn as_admin(hub: &Hub, method: reqwest::Method, path: &str, body: Option<serde_json::Value>) -> u16 {
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{}/api/v1/login", hub.url.clone()))
        .json(&serde_json::json!({"username": "admin", "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut request = http.request(method, format!("{}{path}", hub.url.clone())).bearer_auth(login["token"].as_str().unwrap());
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_removed_allocation_or_untracked_stock_stops_limiting_the_cart_after_the_next_sync() {
    let (mut hub, _dir, desk) = cycle_customer_on_tuesday().await;
    let line =
        |cart: &restock_core::cart::views::CartView, code: &str| cart.lines.iter().find(|l| l.product.code == code).cloned().unwrap();

    let cart = desk.set_cart_quantity("100001", 35).await.unwrap();
    assert_eq!(line(&cart, "100001").order_quantity, 30, "allocation 30");
    let cart = desk.set_cart_quantity("100022", 100_000).await.unwrap();
    let tracked = line(&cart, "100022");
    assert!(tracked.available.is_some() && tracked.order_quantity < 100_000, "cut by stock: {tracked:?}");

    // The supplier gives a new allocation of 100010, removes 100001's and stops tracking 100022.
    let path = format!("/api/v1/admin/allocations?customerCode={}&productCode=100001", demo::CYCLE_CUSTOMER);
    assert_eq!(as_admin(&hub, reqwest::Method::DELETE, &path, None).await, 204);
    assert_eq!(as_admin(&hub, reqwest::Method::DELETE, "/api/v1/admin/stock/100022", None).await, 204);
    let allocate = serde_json::json!({"customerCode": demo::CYCLE_CUSTOMER, "productCode": "100010", "quantity": 6});
    assert_eq!(as_admin(&hub, reqwest::Method::PUT, "/api/v1/admin/allocations", Some(allocate)).await, 204);
    desk.sync_catalogue().await.unwrap();

    let cart = desk.set_cart_quantity("100010", 20).await.unwrap();
    assert_eq!(line(&cart, "100010").allocation_left, Some(6), "the new allocation arrived");
    let cart = desk.cart().await.unwrap();
    let freed = line(&cart, "100001");
    assert_eq!((freed.allocation_left, freed.order_quantity), (None, 35), "no allocation any more: {freed:?}");
    let untracked = line(&cart, "100022");
    assert_eq!(untracked.available, None, "stock no longer tracked");
    assert!(untracked.cuts.iter().all(|c| !matches!(c, restock_protocol::supply::Cut::Stock { .. })), "{untracked:?}");
    hub.stop().await;
}

#[tokio::test]
async fn the_cart_applies_the_suppliers_promotions_as_the_hub_does() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: usize::MAX, customers: 3 }).await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await; // 330100000001, tier B: the demo's 调味品 95折 is for tier B
    let query = restock_core::catalogue::search::SearchQuery { category: Some("调味品".into()), limit: 5, ..Default::default() };
    let product = desk
        .find(query)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.rules.pack_multiple == 1 && p.status == restock_protocol::catalogue::ProductStatus::OnSale)
        .unwrap();
    let cart = desk.set_cart_quantity(&product.code, 3).await.unwrap();
    assert_eq!(cart.adjustments.len(), 1, "{cart:?}");
    let five_percent = restock_protocol::money::round_money(cart.lines[0].line_amount * rust_decimal::Decimal::new(5, 2));
    assert_eq!(cart.adjustments[0].amount, -five_percent);
    assert_eq!(cart.total, cart.lines[0].line_amount - five_percent);
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(order.total, cart.total, "the hub charges what the cart showed");
    assert_eq!(order.adjustments, cart.adjustments);
    assert!(desk.promotions().await.unwrap().iter().any(|p| p.name.contains("调味品")));

    // 买10送1 on 可口可乐 with only one unit left beyond the line: the cart cuts the gift as the hub will.
    let query = restock_core::catalogue::search::SearchQuery { brand: Some("可口可乐".into()), limit: 50, ..Default::default() };
    let cola = desk
        .find(query)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.max_per_order.is_none())
        .unwrap();
    let quantity = 20 * cola.rules.pack_multiple.max(1);
    let path = format!("/api/v1/admin/stock/{}", cola.code);
    let stock = serde_json::json!({"onHand": quantity + 1, "available": quantity + 1});
    assert_eq!(as_admin(&hub, reqwest::Method::PUT, &path, Some(stock)).await, 204);
    desk.sync_catalogue().await.unwrap();
    let cart = desk.set_cart_quantity(&cola.code, quantity).await.unwrap();
    let gift = cart.adjustments.iter().find(|a| a.product_code.as_deref() == Some(cola.code.as_str())).expect("the gift");
    assert_eq!(gift.free_quantity, 1, "{gift:?}");
    assert_eq!(gift.description, format!("可口可乐 买10送1（库存不足，赠 1，原应赠 {}）", quantity / 10));
    let order = desk.submit_cart().await.unwrap();
    assert_eq!(order.adjustments, cart.adjustments, "the hub gives what the cart showed");

    // A promotion ends at the hub after the cart was filled: the review says so.
    desk.set_cart_quantity(&product.code, 4).await.unwrap();
    sqlx::query("DELETE FROM promotions").execute(&hub.db.pool).await.unwrap();
    let review = desk.review_cart().await.unwrap();
    assert_eq!(review.promotions_ended, ["调味品 95折（B类客户）"]);
    assert!(review.promotions_started.is_empty());
    assert!(desk.cart().await.unwrap().adjustments.is_empty());
}

#[tokio::test]
async fn product_pictures_come_from_the_hub_once() {
    let mut hub = start_hub().await;
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[1u8; 32]].concat();
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&png))
    };
    sqlx::query("INSERT INTO product_images (product_code, content_type, bytes, updated_at) VALUES ('100002', 'image/png', $1, 0)")
        .bind(png.clone())
        .execute(&hub.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET image_sha256 = $1 WHERE code = '100002'").bind(&sha).execute(&hub.db.pool).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    let url = desk.product_image("100002").await.unwrap().expect("a picture");
    assert!(url.starts_with("data:image/png;base64,"));
    assert_eq!(desk.product_image("100001").await.unwrap(), None, "no picture, no request");
    hub.stop().await;
    assert_eq!(desk.product_image("100002").await.unwrap(), Some(url), "kept locally");
}

#[tokio::test]
async fn a_buyers_large_order_waits_for_the_approver_who_approves_it_from_their_own_desk() {
    let hub = start_hub().await;
    sqlx::query("UPDATE customers SET approval_over_fen = 100000 WHERE code = $1")
        .bind(demo::DEMO_USERNAME)
        .execute(&hub.db.pool)
        .await
        .unwrap();
    let buyer_dir = tempfile::tempdir().unwrap();
    let buyer = synced_desk(&hub, buyer_dir.path()).await;
    assert!(!buyer.home_status().await.unwrap().company.can_approve);

    // Told before submitting, as the hub will decide.
    let cart = buyer.set_cart_quantity("100001", 7).await.unwrap();
    assert_eq!(cart.total.to_string(), "1596.00");
    let codes: Vec<_> = cart.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [ErrorCode::NeedsApproval], "{:?}", cart.warnings);
    let order = buyer.submit_cart().await.unwrap();
    assert_eq!(order.status, restock_protocol::orders::OrderStatus::AwaitingApproval);
    assert_eq!(buyer.approve_order(order.order_id).await.unwrap_err().code(), ErrorCode::Forbidden);

    // The manager, on another PC, sees it waiting and approves it.
    let approver_dir = tempfile::tempdir().unwrap();
    let approver = open_desk(approver_dir.path(), Arc::default()).await;
    approver.login(&hub.url.clone(), demo::SECOND_USER, demo::DEMO_PASSWORD).await.unwrap();
    assert!(approver.home_status().await.unwrap().company.can_approve);
    let waiting = approver.my_orders().await.unwrap();
    assert_eq!(waiting.iter().find(|o| o.order_id == order.order_id).map(|o| o.status), Some(order.status));
    let approved = approver.approve_order(order.order_id).await.unwrap();
    assert_eq!(approved.status, restock_protocol::orders::OrderStatus::Submitted);

    // The buyer's next pull shows it gone through; a second waiting order is declined with a reason.
    let mine = buyer.my_orders().await.unwrap();
    assert_eq!(mine.iter().find(|o| o.order_id == order.order_id).map(|o| o.status), Some(approved.status));
    buyer.set_cart_quantity("100001", 7).await.unwrap();
    let second = buyer.submit_cart().await.unwrap();
    let declined = approver.decline_order(second.order_id, "本周已订够").await.unwrap();
    assert_eq!(declined.status, restock_protocol::orders::OrderStatus::Cancelled);
    assert_eq!(declined.history.last().and_then(|e| e.note.as_deref()), Some("审批驳回: declined by the company: 本周已订够"));
}

#[tokio::test]
async fn a_quantity_change_answers_with_the_line_and_the_totals_not_the_whole_cart() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    desk.set_cart_quantity("100001", 1).await.unwrap();
    desk.set_cart_quantity("100002", 1).await.unwrap();

    let update = desk.change_cart_quantity("100001", 3).await.unwrap();
    let whole = desk.cart().await.unwrap();
    assert_eq!(update.line.as_ref(), whole.lines.iter().find(|l| l.product.code == "100001"), "the line as the whole cart has it");
    assert_eq!((update.total, update.line_count, update.lines.is_none()), (whole.total, 2, true));
    assert_eq!((update.adjustments, update.warnings), (whole.adjustments, whole.warnings));

    // A new line comes as itself, at the end; a removed one brings every line (the rest moved up).
    let added = desk.change_cart_quantity("100003", 2).await.unwrap();
    assert_eq!(added.line.as_ref(), desk.cart().await.unwrap().lines.last(), "appended, as the cart has it");
    assert_eq!((added.line_count, added.lines.is_none()), (3, true));
    let removed = desk.change_cart_quantity("100001", 0).await.unwrap();
    assert!(removed.line.is_none());
    let codes: Vec<_> = removed.lines.unwrap().iter().map(|l| l.product.code.clone()).collect();
    assert_eq!((codes, removed.line_count), (vec!["100002".to_owned(), "100003".to_owned()], 2));
}

#[tokio::test]
async fn the_cart_shows_a_price_changed_by_a_sync_and_desks_do_not_share_products() {
    let hub = start_hub().await;
    let (dir, other_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let desk = synced_desk(&hub, dir.path()).await;
    desk.set_cart_quantity("100004", 2).await.unwrap();
    let before = desk.cart().await.unwrap().lines[0].product.price;

    // The price goes up at the hub: the next sync brings it, and the cart prices the line with it at once.
    sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 1000 WHERE code = '100004'").execute(&hub.db.pool).await.unwrap();
    assert_eq!(desk.cart().await.unwrap().lines[0].product.price, before, "not synced yet");
    desk.sync_catalogue().await.unwrap();
    let after = desk.cart().await.unwrap();
    assert_eq!(after.lines[0].product.price, before + rust_decimal_macros::dec!(9.20));
    assert_eq!(after.total, (before + rust_decimal_macros::dec!(9.20)) * rust_decimal::Decimal::from(2));
    let update = desk.change_cart_quantity("100004", 3).await.unwrap();
    assert_eq!(update.line.unwrap().product.price, before + rust_decimal_macros::dec!(9.20));

    // Another desk in this process (its own database, the same connection id) has its own products.
    let other_hub = start_hub().await;
    let other = synced_desk(&other_hub, other_dir.path()).await;
    other.set_cart_quantity("100004", 1).await.unwrap();
    assert_eq!(other.cart().await.unwrap().lines[0].product.price, before);
}

#[tokio::test]
async fn what_an_order_takes_from_the_stock_shows_in_the_next_cart_at_once() {
    let hub = start_hub().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = synced_desk(&hub, dir.path()).await;
    // 100001 with 10 available: the supplier tracks its stock now, and the desk has synced it.
    let stock = serde_json::json!({"onHand": 10, "available": 10});
    assert_eq!(as_admin(&hub, reqwest::Method::PUT, "/api/v1/admin/stock/100001", Some(stock)).await, 204);
    desk.sync_catalogue().await.unwrap();
    let line = |cart: &restock_core::cart::views::CartView| cart.lines.iter().find(|l| l.product.code == "100001").cloned().unwrap();
    let cart = desk.set_cart_quantity("100001", 7).await.unwrap();
    assert_eq!((line(&cart).available, line(&cart).order_quantity), (Some(10), 7));

    // The order takes 7 of the 10 at the hub; without another sync, the next cart knows 3 are left.
    let order = desk.submit_cart().await.unwrap();
    desk.my_orders().await.unwrap();
    let again = desk.reorder(order.order_id).await.unwrap();
    let reordered = line(&again.cart);
    assert_eq!((reordered.available, reordered.quantity, reordered.order_quantity), (Some(3), 7, 3), "{reordered:?}");
    assert_eq!(reordered.cuts, [restock_protocol::supply::Cut::Stock { available: 3 }]);

    // Cancelled, the order gives the 7 back, and the cart shows it at once too.
    desk.cancel_order(order.order_id).await.unwrap();
    let cart = desk.cart().await.unwrap();
    assert_eq!((line(&cart).available, line(&cart).order_quantity), (Some(10), 7), "{:?}", line(&cart));
}
