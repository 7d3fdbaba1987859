//! A kill -9 in the middle of editing a cart loses nothing the desk had reported as saved.
//! The test runs itself a second time as a child process that edits the cart until it is killed.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::{accounts, Desk};
use restock_hub::demo::{self, DemoSize};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;

const CHILD_DIR: &str = "RESTOCK_CRASH_CHILD_DIR";
const CHILD_TOKEN: &str = "RESTOCK_CRASH_CHILD_TOKEN";

/// The child finds its session token here, as the app would in the OS keyring.
struct GivenToken(String);

impl CredentialStore for GivenToken {
    fn save(&self, _: &str, _: &str) -> restock_core::error::Result<()> {
        Ok(())
    }
    fn load(&self, _: &str) -> restock_core::error::Result<Option<String>> {
        Ok(Some(self.0.clone()))
    }
    fn delete(&self, _: &str) -> restock_core::error::Result<()> {
        Ok(())
    }
    fn describe(&self) -> &'static str {
        "given"
    }
}

/// Edits the cart line after line, saying after each one that it is saved, until killed.
async fn child(dir: &str, token: String) {
    let desk = Desk::open(std::path::Path::new(dir), Arc::new(GivenToken(token))).await.unwrap();
    desk.restore_session().await.unwrap().expect("a session");
    let products = desk.search("", 300).await.unwrap();
    let mut out = std::io::stdout().lock();
    for round in 1..=1000u32 {
        for p in &products {
            let quantity = p.rules.pack_multiple * (round % 9 + 1);
            desk.set_cart_quantity(&p.code, quantity).await.unwrap();
            writeln!(out, "saved {} {quantity}", p.code).unwrap();
            out.flush().unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_9_while_editing_loses_nothing() {
    if let (Ok(dir), Ok(token)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_TOKEN)) {
        return child(&dir, token).await;
    }

    // A real hub, to log in and pull the catalogue once.
    let hub = restock_testkit::start_sqlite(DemoSize { products: 200, customers: 1 }).await;
    let hub_url = hub.url.clone();

    let dir = tempfile::tempdir().unwrap();
    let credentials = Arc::new(MemoryOnly::default());
    let token = {
        let desk = Desk::open(dir.path(), credentials.clone() as Arc<dyn CredentialStore>).await.unwrap();
        desk.login(&hub_url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
        desk.sync_catalogue().await.unwrap();
        credentials.load(&accounts::credential_key(&hub_url, demo::DEMO_USERNAME)).unwrap().unwrap()
    };

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_kill_9_while_editing_loses_nothing", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir.path())
        .env(CHILD_TOKEN, &token)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reported: HashMap<String, u32> = HashMap::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // Into the second round over the 200 products, so lines are being changed, not only added, when
    // the kill lands.
    let mut seen = 0;
    while seen < 260 {
        let line = lines.next().expect("the child stopped early").unwrap();
        if let Some(rest) = line.strip_prefix("saved ") {
            let (code, quantity) = rest.split_once(' ').unwrap();
            reported.insert(code.to_owned(), quantity.parse().unwrap());
            seen += 1;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no clean close
    child.wait().unwrap();

    let desk = Desk::open(dir.path(), Arc::new(GivenToken(token))).await.unwrap();
    desk.restore_session().await.unwrap().expect("the session survives");
    let cart = desk.cart().await.unwrap();
    let saved: HashMap<String, u32> = cart.lines.iter().map(|l| (l.product.code.clone(), l.quantity)).collect();
    // The child may have saved one more change than it managed to report before it died.
    let differing: Vec<_> = reported.iter().filter(|(code, q)| saved.get(*code) != Some(q)).collect();
    assert!(differing.len() <= 1, "lost changes: {differing:?}");
    assert_eq!(saved.len(), reported.len(), "every reported line is in the cart");
}
