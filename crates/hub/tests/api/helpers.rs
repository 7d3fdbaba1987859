//! A real hub per test: a fresh SQLite file or a fresh PostgreSQL database, migrated, seeded with a
//! slice of the demo data, served on 127.0.0.1:0.

use restock_hub::db::{self, Backend, Db};
use restock_hub::demo::{self, DemoSize};
use restock_hub::AppState;
use restock_protocol::auth::LoginResponse;
use restock_protocol::catalogue::Product;
use serde_json::Value;
use sqlx::Connection;
use tokio::sync::OnceCell;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
/// Demo customers by tier: 1 is B (and has a fixed price on 100001), 2 is C, 3 is A, 4 is B.
pub const CUSTOMER_B_FIXED: &str = "330100000001";
pub const CUSTOMER_C: &str = "330100000002";
pub const CUSTOMER_A: &str = "330100000003";
pub const CUSTOMER_B: &str = "330100000004";

const SEEDED_TABLES: [&str; 3] = ["orders", "order_lines", "order_events"];

pub struct TestHub {
    pub url: String,
    /// What the hub was opened on (a SQLite path or a PostgreSQL URL), for a second instance.
    pub target: String,
    pub db: Db,
    /// The hub's clock: tests move it to just before or after a cutoff.
    pub calendar: restock_hub::calendar::Calendar,
    pub http: reqwest::Client,
    /// Row counts right after seeding (the demo has a past order), so tests count what they added.
    seeded: std::collections::HashMap<&'static str, i64>,
    _tempdir: Option<tempfile::TempDir>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestHub {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn pg_admin_url() -> String {
    std::env::var("RESTOCK_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Drops databases left by earlier runs (once per test binary, before any test makes its own).
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

pub async fn spawn_hub(backend: Backend) -> TestHub {
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let (target, tempdir) = match backend {
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
    };
    let db = db::connect(&target).await.unwrap();
    db.migrate().await.unwrap();
    demo::seed(&db, DemoSize { products: 400, customers: 12 }).await.unwrap();

    let mut seeded = std::collections::HashMap::new();
    for table in SEEDED_TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&db.pool).await.unwrap();
        seeded.insert(table, rows);
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(db.clone());
    let calendar = state.calendar.clone();
    tokio::spawn(restock_hub::serve(listener, state, async {
        let _ = stop.await;
    }));
    TestHub { url, target, db, calendar, seeded, http: reqwest::Client::new(), _tempdir: tempdir, shutdown: Some(shutdown) }
}

impl TestHub {
    /// Another hub process's worth: its own pool on the same database, serving on its own port,
    /// with the same clock. Dropped with the returned sender.
    pub async fn second_instance(&self) -> (String, tokio::sync::oneshot::Sender<()>) {
        let db = db::connect(&self.target).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let state = AppState { db, calendar: self.calendar.clone() };
        tokio::spawn(restock_hub::serve(listener, state, async {
            let _ = stop.await;
        }));
        (url, shutdown)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut request = self.http.post(format!("{}{path}", self.url)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut request = self.http.put(format!("{}{path}", self.url)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.http.delete(format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.http.get(format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn login(&self, username: &str) -> String {
        let (status, body) = self.post("/api/v1/login", None, &serde_json::json!({"username": username, "password": PASSWORD})).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value::<LoginResponse>(body).unwrap().token
    }

    pub async fn catalogue(&self, token: &str) -> Vec<Product> {
        let (status, body) = self.get("/api/v1/catalogue", Some(token)).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value::<restock_protocol::catalogue::Catalogue>(body).unwrap().products
    }

    /// Rows added to `table` since the demo data was seeded.
    pub async fn count_new(&self, table: &'static str) -> i64 {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.db.pool).await.unwrap();
        rows - self.seeded.get(table).copied().unwrap_or(0)
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(restock_hub::db::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(restock_hub::db::Backend::Postgres).await
                }
            }
        )*
    };
}
