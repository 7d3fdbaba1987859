//! The app's core: the customer's order desk and the supplier's back office. Everything the app
//! does lives here, behind [`Desk`]; the Tauri commands are thin adapters over it. Nothing here
//! knows about windows.

//!
//! One module per area, each with its `impl Desk` block beside its storage: `accounts` (logging in,
//! sessions, suppliers), `catalogue` (sync, search, pictures), `cart`, `orders` (submitting exactly
//! once, the offline queue, order actions), `supply`, `promotions`, `home`, and the back office's
//! `review` (审核) and `customers` for the supplier's staff.

pub mod accounts;
pub mod cart;
pub mod catalogue;
pub mod customers;
pub mod error;
pub mod home;
pub mod hub_client;
pub mod orders;
pub mod pricing;
pub mod promotions;
pub mod review;
pub mod supply;

use crate::accounts::credentials::CredentialStore;
use crate::accounts::SessionView;
use crate::catalogue::search::SearchIndex;
use crate::catalogue::sync::{SyncPhase, SyncProgress};
use crate::error::{CoreError, Result};
use crate::hub_client::HubClient;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::RwLock;
use ts_rs::TS;

pub use error::CoreError as Error;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/core");

/// A logged-in connection to one supplier's hub.
#[derive(Clone)]
struct Connected {
    connection_id: i64,
    client: HubClient,
    token: String,
    session: SessionView,
}

pub struct Desk {
    pool: SqlitePool,
    credentials: Arc<dyn CredentialStore>,
    current: RwLock<Option<Connected>>,
    /// The search index of the current connection's catalogue, built on first search after a change.
    index: RwLock<Option<(i64, Arc<SearchIndex>)>>,
    /// Taken while a pin is stored and applied to the index, so the index sees pins in the store's order.
    pinning: tokio::sync::Mutex<()>,
    progress: tokio::sync::watch::Sender<SyncProgress>,
}

impl Desk {
    /// Opens (creating if needed) the local store in `data_dir`.
    pub async fn open(data_dir: &Path, credentials: Arc<dyn CredentialStore>) -> Result<Desk> {
        std::fs::create_dir_all(data_dir).map_err(|e| CoreError::Invalid(format!("cannot create {}: {e}", data_dir.display())))?;
        let options = SqliteConnectOptions::new()
            .filename(data_dir.join("desk.sqlite"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a saved cart survives a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        // A local file has no connection to lose: no test query before each use. Each one is a
        // round trip to the connection's thread, and a keystroke's save waits for every one.
        let pool = SqlitePoolOptions::new().max_connections(4).test_before_acquire(false).connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        tracing::info!(dir = %data_dir.display(), credentials = credentials.describe(), "desk opened");
        Ok(Desk {
            pool,
            credentials,
            current: RwLock::new(None),
            index: RwLock::new(None),
            pinning: tokio::sync::Mutex::new(()),
            progress: tokio::sync::watch::Sender::new(SyncProgress { phase: SyncPhase::Idle, received_bytes: 0, products: 0 }),
        })
    }

    async fn connected(&self) -> Result<Connected> {
        self.current.read().await.clone().ok_or(CoreError::NotLoggedIn)
    }

    /// The connection, if it is a member of staff's: the order desk's users get `forbidden` for
    /// `what` (the back office's work, named for the message).
    async fn staff(&self, what: &str) -> Result<Connected> {
        let c = self.connected().await?;
        if !c.session.is_staff() {
            let refusal =
                restock_protocol::ApiError::new(restock_protocol::ErrorCode::Forbidden, format!("{what} is for the supplier's staff"));
            return Err(CoreError::Refused(refusal));
        }
        Ok(c)
    }

    /// Secret stores may block (D-Bus round trips): keep them off the async workers.
    async fn with_credentials<T: Send + 'static>(&self, f: impl FnOnce(&dyn CredentialStore) -> Result<T> + Send + 'static) -> Result<T> {
        let store = self.credentials.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref())).await.map_err(|e| CoreError::Credentials(e.to_string()))?
    }
}

/// About this installation, for the login and settings screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The folder with the log file to send to support.
    pub log_dir: String,
    /// The hub address to offer on the login screen (set by the demo, or by the installer).
    pub default_hub_url: Option<String>,
    /// Where session tokens are kept: "os-keyring" or "memory-only".
    pub credential_store: String,
}
