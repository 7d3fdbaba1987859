//! One storage path for both databases: runtime-checked queries through sqlx's `Any` driver, with SQL
//! both SQLite and PostgreSQL accept (`$n` parameters, BIGINT integers, money as BIGINT fen).

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

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
    /// SQLite has one writer at a time; the order paths queue for it here, first come first
    /// served, rather than in SQLite's busy handler, which polls with sleeps of up to 100 ms.
    writers: Arc<Mutex<()>>,
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
    Ok(Db { pool, backend, writers: Arc::new(Mutex::new(())) })
}

impl Db {
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }
}

impl Db {
    /// On SQLite, waits for this process's turn to write (see `writers`); nothing on PostgreSQL.
    async fn write_turn(&self) -> Option<OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writers.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// A transaction that will write, on `conn`. On SQLite it first waits its turn behind the
    /// hub's other such transactions and holds the turn until it ends; its first statement should
    /// be a write, so SQLite's write lock is taken at once, never upgraded from a read (which fails,
    /// rather than waits, when another write came in between). The connection is taken first, so
    /// that no one holding the turn ever waits for the pool (a pool drained by requests waiting
    /// for the turn would deadlock).
    pub async fn begin_write_on<'c>(&self, conn: &'c mut AnyConnection) -> Result<WriteTx<'c>, sqlx::Error> {
        let turn = self.write_turn().await;
        Ok(WriteTx { tx: conn.begin().await?, _turn: turn })
    }
}

/// A transaction from [`Db::begin_write_on`]; dropped without `commit`, it rolls back.
pub struct WriteTx<'c> {
    // Declared first, so the transaction ends (rolls back) before the turn is released.
    tx: Transaction<'c, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx<'_> {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Deref for WriteTx<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// Milliseconds since the epoch: how the hub stores instants on both backends.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn from_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
