//! The database handle, and everything in which SQLite and PostgreSQL differ: how to connect, which
//! migrations, how writes take their turn (`write`), row locks and order numbering (`Tx`). Queries
//! themselves are written once, in each area's `store.rs`, as SQL both accept (`$n` parameters,
//! BIGINT integers, money as BIGINT fen), and run through sqlx's `Any` driver, checked at run time.
//! Both backends pass the same test suite.

mod stored;
mod write;

pub use stored::{Count, Fen, Millis, Stored, Text};
pub use write::Tx;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/hub/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/hub/postgres");

/// Which database the hub runs on. Only this module (and tests, which run on both) look at it.
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
    /// For reads (any number at once) and for tests. Writes go through [`Db::write`].
    pub pool: AnyPool,
    backend: Backend,
    /// On SQLite, the one writer every write transaction of this hub goes through.
    writer: Option<write::Writer>,
}

/// `target` is a `postgres://` URL or a SQLite file path (created if missing).
pub async fn connect(target: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let (url, backend) = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        (target.to_owned(), Backend::Postgres)
    } else {
        (sqlite_url(target), Backend::Sqlite)
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
    let writer = (backend == Backend::Sqlite).then(|| write::Writer::spawn(pool.clone()));
    Ok(Db { pool, backend, writer })
}

/// A SQLite file path as the URL sqlx's `Any` driver takes. That driver parses it as a URL first,
/// so a Windows path (`C:\Restock\hub.sqlite`) would lose its drive and backslashes: every byte a
/// URL could mistake is percent-encoded, and the SQLite driver decodes the file name again.
fn sqlite_url(target: &str) -> String {
    let path = target.strip_prefix("sqlite://").unwrap_or(target);
    let encoded: String = path
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    format!("sqlite://{encoded}?mode=rwc")
}

impl Db {
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    /// "sqlite" or "postgres", for `/health` and the logs.
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }
}

/// Milliseconds since the epoch: how the hub stores instants on both backends.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// An instant the hub itself computed (never a stored one: read those as [`Millis`]).
pub fn from_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_paths_reach_the_driver_as_they_were_typed() {
        use std::str::FromStr;
        for path in ["hub.sqlite", "/tmp/x/hub.sqlite", r"C:\Restock\hub.sqlite", "Z:/tmp/hub.sqlite", "D:\\数据\\hub #1?.sqlite"] {
            // What the `Any` driver does with the URL: parse it, then hand its text to SQLite's options.
            let url = url::Url::parse(&super::sqlite_url(path)).unwrap();
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url.as_str()).unwrap();
            assert_eq!(options.get_filename(), std::path::Path::new(path), "{path}");
        }
    }
}
