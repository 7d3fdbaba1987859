//! What the cart benches share: the demo hub in-process on 127.0.0.1, its stock made plentiful so
//! no line is sold out (it stays tracked: the cart reads it), and a desk logged in as the demo
//! customer with the catalogue synced.

use restock_core::connection::credentials::MemoryOnly;
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use std::sync::Arc;

/// The desk, and the directories the hub and the desk keep their files in (kept alive with it).
pub struct Bench {
    pub desk: Desk,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

pub async fn demo_desk() -> Bench {
    let hub_dir = tempfile::tempdir().unwrap();
    let db = restock_hub::db::connect(&hub_dir.path().join("hub.sqlite").display().to_string()).await.unwrap();
    db.migrate().await.unwrap();
    demo::seed(&db, DemoSize { products: usize::MAX, customers: 3 }).await.unwrap();
    sqlx::query("UPDATE stock SET on_hand = 100000, available = 100000").execute(&db.pool).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(restock_hub::serve(listener, restock_hub::AppState::new(db), std::future::pending()));

    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path(), Arc::new(MemoryOnly::default())).await.unwrap();
    desk.login(&url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    Bench { desk, _dirs: (hub_dir, dir) }
}
