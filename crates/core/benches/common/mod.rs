//! What the cart benches share: the demo hub in-process on 127.0.0.1, its stock made plentiful so
//! no line is sold out (it stays tracked: the cart reads it), and a desk logged in as the demo
//! customer with the catalogue synced.

use restock_core::accounts::credentials::MemoryOnly;
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use std::sync::Arc;

/// The desk, and the directories the hub and the desk keep their files in (kept alive with it).
pub struct Bench {
    pub desk: Desk,
    _hub: restock_testkit::TestHub,
    _dir: tempfile::TempDir,
}

pub async fn demo_desk() -> Bench {
    let hub = restock_testkit::start_sqlite(DemoSize { products: usize::MAX, customers: 3 }).await;
    sqlx::query("UPDATE stock SET on_hand = 100000, available = 100000").execute(&hub.db.pool).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(MemoryOnly::default())).await.unwrap();
    desk.login(&hub.url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    Bench { desk, _hub: hub, _dir: dir }
}
