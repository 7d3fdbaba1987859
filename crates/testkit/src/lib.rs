//! A real hub for tests and benches: a fresh SQLite file or PostgreSQL database (its own, with a
//! random name), migrated, seeded with a slice of the demo data, served in-process on 127.0.0.1:0.
//! Dev-only: the hub's tests, the core's tests and benches use it, and the core's library keeps no
//! dependency on the hub.

pub use restock_hub::db::Backend;
pub use restock_hub::demo::DemoSize;

use restock_hub::calendar::Calendar;
use restock_hub::db::{self, Db};
use restock_hub::{demo, AppState};
use sqlx::Connection;
use std::net::SocketAddr;
use tokio::sync::{oneshot, OnceCell};

/// A hub serving until dropped (or stopped).
pub struct TestHub {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:port`, what a client is given.
    pub url: String,
    /// What the hub was opened on (a SQLite path or a PostgreSQL URL), for a second instance.
    pub target: String,
    pub db: Db,
    /// The hub's clock: tests move it to just before or after a cutoff.
    pub calendar: Calendar,
    stop: Option<oneshot::Sender<()>>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for TestHub {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The PostgreSQL server tests make their databases on: `RESTOCK_TEST_PG_URL`, or the local one.
pub fn pg_admin_url() -> String {
    std::env::var("RESTOCK_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Drops databases left by earlier runs (once per process, before any test makes its own).
async fn drop_stale_pg_databases() {
    static ONCE: OnceCell<()> = OnceCell::const_new();
    ONCE.get_or_init(|| async {
        let mut admin = sqlx::PgConnection::connect(&pg_admin_url())
            .await
            .expect("PostgreSQL is not reachable: set RESTOCK_TEST_PG_URL or run `cargo xtask test`, which starts one");
        let names: Vec<String> =
            sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'restock_test_%'").fetch_all(&mut admin).await.unwrap();
        for name in names {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut admin).await;
        }
    })
    .await;
}

/// `RESTOCK_TEST_BACKENDS` (a comma-separated list of `sqlite`, `postgres`; unset: both) says
/// which databases this run has. `cargo xtask test` sets `sqlite` for the hub's tests under Wine,
/// where there is no PostgreSQL and the PostgreSQL halves are filtered out by name.
pub fn backend_enabled(backend: Backend) -> bool {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    match std::env::var("RESTOCK_TEST_BACKENDS") {
        Ok(list) if !list.trim().is_empty() => list.split(',').any(|b| b.trim().eq_ignore_ascii_case(name)),
        _ => true,
    }
}

/// A fresh, empty database: (what to open, the folder that holds it for SQLite).
async fn fresh_database(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    assert!(
        backend_enabled(backend),
        "this run has no {backend:?} database (RESTOCK_TEST_BACKENDS={}): a test that needs one must be filtered out by name \
         (`on_both_databases!` names its halves `…::sqlite` and `…::postgres`; others are listed in xtask/src/windows.rs)",
        std::env::var("RESTOCK_TEST_BACKENDS").unwrap_or_default()
    );
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (dir.path().join("hub.sqlite").display().to_string(), Some(dir))
        }
        Backend::Postgres => {
            drop_stale_pg_databases().await;
            let name = format!("restock_test_{}", uuid::Uuid::now_v7().simple());
            let mut admin = sqlx::PgConnection::connect(&pg_admin_url()).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&mut admin).await.unwrap();
            let mut url = reqwest::Url::parse(&pg_admin_url()).unwrap();
            url.set_path(&name);
            (url.to_string(), None)
        }
    }
}

/// A hub on `backend` with `size` of the demo data, serving.
pub async fn start(backend: Backend, size: DemoSize) -> TestHub {
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let (target, dir) = fresh_database(backend).await;
    let db = db::connect(&target).await.unwrap();
    db.migrate().await.unwrap();
    demo::seed(&db, size).await.unwrap();
    let mut hub = TestHub {
        addr: "127.0.0.1:0".parse().unwrap(),
        url: String::new(),
        target,
        db,
        calendar: Calendar::default(),
        stop: None,
        _dir: dir,
    };
    hub.serve().await;
    hub
}

/// A hub on a SQLite file, the embedded default.
pub async fn start_sqlite(size: DemoSize) -> TestHub {
    start(Backend::Sqlite, size).await
}

impl TestHub {
    /// (Re)starts serving, on the same address after a `stop`.
    pub async fn serve(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.addr = listener.local_addr().unwrap();
        self.url = format!("http://{}", self.addr);
        let (stop, stopped) = oneshot::channel::<()>();
        self.stop = Some(stop);
        let state = AppState { db: self.db.clone(), calendar: self.calendar.clone(), attempts: Default::default() };
        tokio::spawn(restock_hub::serve(listener, state, async {
            let _ = stopped.await;
        }));
    }

    /// Stops serving, as a hub that went away; the database stays.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Let the server drop its listener before the port is reused.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    /// Another hub process's worth: its own pool on the same database, serving on its own port,
    /// with the same clock. Stops when the returned sender is dropped.
    pub async fn second_instance(&self) -> (String, oneshot::Sender<()>) {
        let db = db::connect(&self.target).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(restock_hub::serve(listener, AppState { db, calendar: self.calendar.clone(), attempts: Default::default() }, async {
            let _ = stopped.await;
        }));
        (url, stop)
    }

    /// Rows in a table of the hub's database.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.db.pool).await.unwrap()
    }
}
