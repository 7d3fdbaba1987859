//! One storage path for both databases: runtime-checked queries through sqlx's `Any` driver, with SQL
//! both SQLite and PostgreSQL accept (`$n` parameters, BIGINT integers, money as BIGINT fen).

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/hub/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/hub/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// `target` is a `postgres://` URL or a SQLite file path (created if missing).
pub async fn connect(target: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let (url, backend) = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        (target.to_owned(), Backend::Postgres)
    } else {
        let path = target.strip_prefix("sqlite://").unwrap_or(target);
        (format!("sqlite://{path}?mode=rwc"), Backend::Sqlite)
    };
    let options = AnyPoolOptions::new()
        .max_connections(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers work during a write; FULL keeps every commit durable.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
                }
                Ok(())
            })
        });
    let pool = options.connect(&url).await?;
    Ok(Db { pool, backend })
}

impl Db {
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }
}

/// Milliseconds since the epoch: how the hub stores instants on both backends.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn from_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
