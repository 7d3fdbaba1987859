//! A real hub per test: a fresh SQLite file or a fresh PostgreSQL database, migrated, seeded with a
//! slice of the demo data, served on 127.0.0.1:0.

use restock_hub::db::Backend;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::accounts::LoginResponse;
use restock_protocol::catalogue::Product;
use serde_json::Value;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
/// Demo customers by tier: 1 is B (and has a fixed price on 100001), 2 is C, 3 is A, 4 is B.
pub const CUSTOMER_B_FIXED: &str = "330100000001";
pub const CUSTOMER_C: &str = "330100000002";
pub const CUSTOMER_A: &str = "330100000003";
pub const CUSTOMER_B: &str = "330100000004";

const SEEDED_TABLES: [&str; 3] = ["orders", "order_lines", "order_events"];

pub struct TestHub {
    pub hub: restock_testkit::TestHub,
    pub http: reqwest::Client,
    /// Row counts right after seeding (the demo has a past order), so tests count what they added.
    seeded: std::collections::HashMap<&'static str, i64>,
}

/// The hub's fields (url, db, calendar, target) read through.
impl std::ops::Deref for TestHub {
    type Target = restock_testkit::TestHub;
    fn deref(&self) -> &restock_testkit::TestHub {
        &self.hub
    }
}

pub async fn spawn_hub(backend: Backend) -> TestHub {
    spawn_hub_of(backend, DemoSize { products: 400, customers: 12 }).await
}

/// A hub with more (or less) of the demo data than most tests need.
pub async fn spawn_hub_of(backend: Backend, size: DemoSize) -> TestHub {
    let hub = restock_testkit::start(backend, size).await;
    let mut seeded = std::collections::HashMap::new();
    for table in SEEDED_TABLES {
        seeded.insert(table, hub.count(table).await);
    }
    TestHub { hub, seeded, http: reqwest::Client::new() }
}

impl TestHub {
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
        self.hub.count(table).await - self.seeded.get(table).copied().unwrap_or(0)
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

/// A branch admin of 西湖分公司, logged in with its own password.
pub async fn xihu_admin(hub: &TestHub) -> String {
    let now = restock_hub::db::now_ms();
    let role = restock_protocol::accounts::UserRole::Admin;
    let issued = restock_hub::accounts::staff::create_staff(&hub.db, "xihu-admin", role, Some("西湖分公司"), now).await.unwrap();
    let login = serde_json::json!({"username": "xihu-admin", "password": issued.initial_password});
    let (_, body) = hub.post("/api/v1/login", None, &login).await;
    let token = body["token"].as_str().unwrap().to_owned();
    let change = serde_json::json!({"currentPassword": issued.initial_password, "newPassword": "branch-secret-7"});
    let (status, body) = hub.post("/api/v1/password", Some(&token), &change).await;
    assert_eq!(status, 204, "{body}");
    token
}
