//! The customer's order desk. Everything the app does lives here, behind [`Desk`]; the Tauri
//! commands are thin adapters over it. Nothing here knows about windows.

pub mod cart;
pub mod catalogue;
pub mod connection;
pub mod error;
pub mod hub_client;
pub mod orders;
pub mod promotions;
pub mod supply;
pub mod views;

use crate::catalogue::search::{SearchIndex, SearchQuery};
use crate::connection::credentials::CredentialStore;
use crate::error::{CoreError, Result};
use crate::hub_client::HubClient;
use crate::views::{SessionView, SupplierConnection, SyncPhase, SyncProgress, SyncReport};
use restock_protocol::catalogue::Product;
use restock_protocol::desk::DeskStatus;
use restock_protocol::orders::Order;
use restock_protocol::{ApiError, ErrorCode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::RwLock;
use uuid::Uuid;

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

    /// Logs in to a hub and makes it the current supplier. The password is sent once and not kept.
    pub async fn login(&self, hub_url: &str, username: &str, password: &str) -> Result<SessionView> {
        let client = HubClient::new(hub_url)?;
        let response = client.login(username.trim(), password).await?;
        let Some(account) = response.account else {
            let _ = client.logout(&response.token).await;
            return Err(CoreError::Refused(ApiError::new(
                ErrorCode::Forbidden,
                "this is a supplier staff account: the order desk is for customers' users",
            )));
        };
        let hub_url = client.base_url().to_owned();
        let connection_id = connection::remember(&self.pool, &hub_url, &account).await?;
        let key = connection::credential_key(&hub_url, &account.username);
        self.with_credentials({
            let token = response.token.clone();
            move |store| store.save(&key, &token)
        })
        .await?;
        let session = SessionView { hub_url, account, must_change_password: response.must_change_password };
        *self.current.write().await = Some(Connected { connection_id, client, token: response.token, session: session.clone() });
        tracing::info!(hub = %session.hub_url, customer = %session.account.customer_code, "logged in");
        Ok(session)
    }

    /// Replaces the password (an issued one must be, before anything else works).
    pub async fn change_password(&self, current_password: &str, new_password: &str) -> Result<SessionView> {
        if let Some(problem) = restock_protocol::auth::password_problem(new_password, &self.connected().await?.session.account.username) {
            return Err(CoreError::Refused(ApiError::new(ErrorCode::PasswordTooWeak, problem)));
        }
        let c = self.connected().await?;
        c.client.change_password(&c.token, current_password, new_password).await?;
        let mut current = self.current.write().await;
        let session = current.as_mut().map(|c| {
            c.session.must_change_password = false;
            c.session.clone()
        });
        tracing::info!("password changed");
        session.ok_or(CoreError::NotLoggedIn)
    }

    /// The session saved by an earlier run, if its token is still in the credential store.
    pub async fn restore_session(&self) -> Result<Option<SessionView>> {
        if let Some(c) = self.current.read().await.as_ref() {
            return Ok(Some(c.session.clone()));
        }
        let Some(row) = connection::current(&self.pool).await? else { return Ok(None) };
        let key = connection::credential_key(&row.session.hub_url, &row.session.account.username);
        let Some(token) = self.with_credentials(move |store| store.load(&key)).await? else { return Ok(None) };
        let client = HubClient::new(&row.session.hub_url)?;
        let session = row.session.clone();
        *self.current.write().await = Some(Connected { connection_id: row.id, client, token, session });
        Ok(Some(row.session))
    }

    /// Every supplier this desk has logged in to.
    pub async fn suppliers(&self) -> Result<Vec<SupplierConnection>> {
        let mut out = Vec::new();
        for (row, is_current) in connection::list(&self.pool).await? {
            let key = connection::credential_key(&row.session.hub_url, &row.session.account.username);
            let logged_in = self.with_credentials(move |store| store.load(&key)).await?.is_some();
            out.push(SupplierConnection { id: row.id, session: row.session, is_current, logged_in });
        }
        Ok(out)
    }

    /// Switches to another supplier this desk has logged in to; its catalogue, carts and orders
    /// are its own. Needs its session token still in the credential store.
    pub async fn switch_supplier(&self, connection_id: i64) -> Result<SessionView> {
        let row =
            connection::list(&self.pool).await?.into_iter().map(|(row, _)| row).find(|row| row.id == connection_id).ok_or_else(|| {
                CoreError::Refused(ApiError::new(ErrorCode::NotFound, format!("no supplier connection #{connection_id}")))
            })?;
        let key = connection::credential_key(&row.session.hub_url, &row.session.account.username);
        let token = self.with_credentials(move |store| store.load(&key)).await?.ok_or(CoreError::NotLoggedIn)?;
        let client = HubClient::new(&row.session.hub_url)?;
        connection::make_current(&self.pool, row.id).await?;
        *self.current.write().await = Some(Connected { connection_id: row.id, client, token, session: row.session.clone() });
        tracing::info!(hub = %row.session.hub_url, "switched supplier");
        Ok(row.session)
    }

    pub async fn logout(&self) -> Result<()> {
        let Some(c) = self.current.write().await.take() else { return Ok(()) };
        if let Err(e) = c.client.logout(&c.token).await {
            tracing::warn!(error = %e, "could not revoke the session on the hub");
        }
        let key = connection::credential_key(&c.session.hub_url, &c.session.account.username);
        self.with_credentials(move |store| store.delete(&key)).await?;
        connection::forget_current(&self.pool).await
    }

    /// Pulls what changed in the catalogue (all of it the first time), with this customer's prices,
    /// into the local store.
    /// Progress is published on [`Desk::sync_progress`] as it goes.
    pub async fn sync_catalogue(&self) -> Result<SyncReport> {
        let result = self.sync_steps().await;
        if result.is_err() {
            self.progress.send_modify(|p| p.phase = SyncPhase::Failed);
        }
        result
    }

    async fn sync_steps(&self) -> Result<SyncReport> {
        let c = self.connected().await?;
        let since = catalogue::cursor(&self.pool, c.connection_id).await?;
        self.progress.send_replace(SyncProgress { phase: SyncPhase::Catalogue, received_bytes: 0, products: 0 });
        let changes = c
            .client
            .catalogue_changes_reporting(&c.token, since.as_deref(), |bytes| self.progress.send_modify(|p| p.received_bytes = bytes))
            .await?;
        self.progress.send_modify(|p| {
            p.phase = SyncPhase::Applying;
            p.products = changes.products.len() as u32;
        });
        let products = catalogue::apply_changes(&self.pool, c.connection_id, &changes).await?;
        if changes.full || !changes.products.is_empty() {
            *self.index.write().await = None;
        }
        self.progress.send_modify(|p| p.phase = SyncPhase::Rules);
        self.pull_supply(&c).await?;
        let promotions = c.client.promotions(&c.token).await?;
        promotions::replace(&self.pool, c.connection_id, &promotions).await?;
        self.progress.send_modify(|p| p.phase = SyncPhase::Done);
        tracing::info!(products, changed = changes.products.len(), full = changes.full, "catalogue synced");
        Ok(SyncReport { products, changed: changes.products.len() as u32, full: changes.full })
    }

    /// Pulls what changed in this customer's allocations and stock since the last pull.
    async fn pull_supply(&self, c: &Connected) -> Result<()> {
        let since = supply::cursor(&self.pool, c.connection_id).await?;
        let changes = c.client.supply_changes(&c.token, since.as_deref()).await?;
        supply::apply_changes(&self.pool, c.connection_id, &changes).await
    }

    /// An order placed, confirmed, approved, declined or cancelled moves the stock and allocation it
    /// holds: the carts show what is left at once, not after the next sync. A failure is only
    /// logged, since the order itself went through; the next sync catches up.
    async fn supply_after_order(&self, c: &Connected) {
        if let Err(e) = self.pull_supply(c).await {
            tracing::warn!(error = %e, "supply not refreshed after an order; the next sync will");
        }
    }

    /// The current sync's progress; a receiver sees each change (for the UI's progress display).
    pub fn sync_progress(&self) -> tokio::sync::watch::Receiver<SyncProgress> {
        self.progress.subscribe()
    }

    /// Search as you type: by code, barcode, name, brand or pinyin (`zhh` finds 中华).
    pub async fn search(&self, text: &str, limit: u32) -> Result<Vec<Product>> {
        self.find(SearchQuery { text: text.to_owned(), limit: limit.clamp(1, 1000), ..Default::default() }).await
    }

    /// Search with filters (category, brand, origin, price band) and a sort order.
    pub async fn find(&self, query: SearchQuery) -> Result<Vec<Product>> {
        let index = self.search_index().await?;
        Ok(index.search(&query))
    }

    /// Pins (or unpins) one of the customer's usual products: they come first in search.
    pub async fn set_usual_product(&self, product_code: &str, usual: bool) -> Result<()> {
        let c = self.connected().await?;
        let _one_at_a_time = self.pinning.lock().await;
        catalogue::set_usual(&self.pool, c.connection_id, product_code, usual).await?;
        // Flip the pin in the built index rather than rebuild it. An index being built meanwhile
        // holds the lock, so this waits for it and then applies the pin whether or not its build
        // read the pin from the store.
        if let Some((id, index)) = self.index.read().await.as_ref() {
            if *id == c.connection_id {
                index.set_usual(product_code, usual);
            }
        }
        Ok(())
    }

    async fn search_index(&self) -> Result<Arc<SearchIndex>> {
        let c = self.connected().await?;
        if let Some((id, index)) = self.index.read().await.as_ref() {
            if *id == c.connection_id {
                return Ok(index.clone());
            }
        }
        let mut slot = self.index.write().await;
        if let Some((_, index)) = slot.as_ref().filter(|(id, _)| *id == c.connection_id) {
            return Ok(index.clone()); // another caller built it while we waited
        }
        let index = Arc::new(catalogue::build_index(&self.pool, c.connection_id).await?);
        tracing::debug!(products = index.len(), "search index built");
        *slot = Some((c.connection_id, index.clone()));
        Ok(index)
    }

    /// Submits the cart as an order, exactly once however often this is retried. A cart whose
    /// prices or products changed since the buyer saw them is refused until the review is accepted.
    /// When the hub can't be reached the order stays queued (`queued_orders`, `send_queued`) and
    /// the error says the hub is unreachable.
    pub async fn submit_cart(&self) -> Result<Order> {
        let c = self.connected().await?;
        let cart_id = cart::active_cart(&self.pool, c.connection_id).await?;
        if !orders::has_pending(&self.pool, cart_id).await? {
            let review = self.review_local(false).await?;
            let unseen = review.changes.iter().filter(|ch| !ch.kind.is_refusal()).count();
            if unseen > 0 {
                return Err(CoreError::Refused(ApiError::new(
                    ErrorCode::CartChanged,
                    format!("{unseen} lines changed since the cart was saved (price or availability): review them before submitting"),
                )));
            }
        }
        let shown_total = cart::view(&self.pool, c.connection_id, cart_id).await?.total;
        let submission = orders::next_submission(&self.pool, c.connection_id, cart_id, shown_total).await?;
        match c.client.create_order(&c.token, &submission).await {
            Ok(order) => {
                orders::acknowledged(&self.pool, c.connection_id, &order).await?;
                tracing::info!(order = %order.order_number, total = %order.total, "order submitted");
                self.supply_after_order(&c).await;
                Ok(order)
            }
            Err(e) => {
                if e.verdict_on_order().is_some() {
                    orders::refused(&self.pool, submission.order_id).await?;
                } else {
                    tracing::warn!(error = %e, order_id = %submission.order_id, "order not acknowledged; kept to resend with its id");
                }
                Err(e)
            }
        }
    }

    /// My orders: those changed since the last pull come from the hub and join the local copy;
    /// when the hub cannot be reached, the orders as last seen.
    pub async fn my_orders(&self) -> Result<Vec<Order>> {
        let c = self.connected().await?;
        let since = orders::orders_cursor(&self.pool, c.connection_id).await?;
        match c.client.my_orders(&c.token, since).await {
            Ok(list) => {
                orders::replace_history(&self.pool, c.connection_id, &list.orders).await?;
                orders::set_orders_cursor(&self.pool, c.connection_id, list.cursor).await?;
            }
            Err(e) if e.is_transient() => tracing::warn!(error = %e, "showing orders as last seen"),
            Err(e) => return Err(e),
        }
        orders::history(&self.pool, c.connection_id).await
    }

    /// The home screen: this cycle, the money left, announcements, last cycle's short items. When
    /// the hub can't be reached, the last one seen (its `now` says when).
    pub async fn desk_status(&self) -> Result<DeskStatus> {
        let c = self.connected().await?;
        match c.client.desk_status(&c.token).await {
            Ok(status) => {
                orders::remember_desk_status(&self.pool, c.connection_id, &status).await?;
                Ok(status)
            }
            Err(e) if e.is_transient() => match orders::last_desk_status(&self.pool, c.connection_id).await? {
                Some(status) => {
                    tracing::warn!(error = %e, "showing the desk as last seen");
                    Ok(DeskStatus { offline: true, ..status })
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// The promotions that apply to this customer, as of the last sync.
    pub async fn promotions(&self) -> Result<Vec<restock_protocol::promotions::Promotion>> {
        let c = self.connected().await?;
        promotions::current(&self.pool, c.connection_id).await
    }

    /// A product's picture as a `data:` URL for the catalogue's tiles, kept in the local store by
    /// its hash so each picture crosses the network once. None when the product has none.
    pub async fn product_image(&self, product_code: &str) -> Result<Option<String>> {
        let c = self.connected().await?;
        let Some(product) = catalogue::by_codes(&self.pool, c.connection_id, &[product_code]).await?.remove(product_code) else {
            return Ok(None);
        };
        let Some(sha) = product.image else { return Ok(None) };
        if let Some(url) = catalogue::cached_image(&self.pool, &sha).await? {
            return Ok(Some(url));
        }
        let Some((content_type, bytes)) = c.client.product_image(&c.token, product_code).await? else { return Ok(None) };
        use base64::Engine;
        let url = format!("data:{content_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(&bytes));
        catalogue::cache_image(&self.pool, &sha, &url).await?;
        Ok(Some(url))
    }

    /// 决定购买: confirms a saved order before its cycle's cutoff.
    pub async fn confirm_order(&self, order_id: Uuid) -> Result<Order> {
        self.order_action(order_id, "confirm", serde_json::json!({})).await
    }

    /// Cancels an order before its cycle's cutoff (or, without a cutoff, before the supplier acts).
    pub async fn cancel_order(&self, order_id: Uuid) -> Result<Order> {
        self.order_action(order_id, "cancel", serde_json::json!({})).await
    }

    /// The company's approver approves a buyer's order that waits for them (审批通过): it is placed.
    pub async fn approve_order(&self, order_id: Uuid) -> Result<Order> {
        self.order_action(order_id, "approve", serde_json::json!({})).await
    }

    /// The company's approver declines a buyer's waiting order (审批驳回), saying why.
    pub async fn decline_order(&self, order_id: Uuid, reason: &str) -> Result<Order> {
        let decline = restock_protocol::approval::DeclineOrder { reason: reason.to_owned() };
        self.order_action(order_id, "decline", serde_json::to_value(decline).expect("serializes")).await
    }

    /// The company's approver sets the amount above which a buyer's order waits for approval (None:
    /// none waits). The cart's warning follows the home screen the desk last fetched: fetch it
    /// again (`desk_status`) to show the new limit.
    pub async fn set_approval_limit(
        &self,
        approval_over: Option<restock_protocol::Money>,
    ) -> Result<restock_protocol::approval::ApprovalRule> {
        let c = self.connected().await?;
        let rule = c.client.set_approval_rule(&c.token, &restock_protocol::approval::ApprovalRule { approval_over }).await?;
        tracing::info!(limit = ?rule.approval_over, "company approval limit set");
        Ok(rule)
    }

    async fn order_action(&self, order_id: Uuid, action: &str, body: serde_json::Value) -> Result<Order> {
        let c = self.connected().await?;
        let order = c.client.order_action(&c.token, order_id, action, &body).await?;
        orders::replace_history(&self.pool, c.connection_id, std::slice::from_ref(&order)).await?;
        orders::note_in_desk_status(&self.pool, c.connection_id, &order).await?;
        tracing::info!(order = %order.order_number, action, status = order.status.as_str(), "order updated");
        self.supply_after_order(&c).await;
        Ok(order)
    }

    async fn connected(&self) -> Result<Connected> {
        self.current.read().await.clone().ok_or(CoreError::NotLoggedIn)
    }

    /// Secret stores may block (D-Bus round trips): keep them off the async workers.
    async fn with_credentials<T: Send + 'static>(&self, f: impl FnOnce(&dyn CredentialStore) -> Result<T> + Send + 'static) -> Result<T> {
        let store = self.credentials.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref())).await.map_err(|e| CoreError::Credentials(e.to_string()))?
    }
}
