//! Bringing the local copy in line with the hub: the catalogue's changes (all of it the first time),
//! this customer's supply and the promotions, with progress published as it goes.

use crate::error::Result;
use crate::{catalogue, promotions, supply, Connected, Desk};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncReport {
    /// Products in the local catalogue after the pull.
    pub products: u32,
    /// Products the hub sent in this pull (all of them when `full`).
    pub changed: u32,
    pub full: bool,
}

/// Where a sync is, for a progress display: the desk publishes one as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    /// Of the catalogue pull so far (after decompression).
    #[ts(type = "number")]
    pub received_bytes: u64,
    /// Products in the pull, once it has arrived.
    pub products: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    Idle,
    /// Receiving what changed in the catalogue.
    Catalogue,
    /// Writing it to the local store (all at once).
    Applying,
    /// Allocations, stock and promotions.
    Rules,
    Done,
    /// The sync stopped; the local copy is as it was before it.
    Failed,
}

impl Desk {
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
    pub(crate) async fn pull_supply(&self, c: &Connected) -> Result<()> {
        let since = supply::cursor(&self.pool, c.connection_id).await?;
        let changes = c.client.supply_changes(&c.token, since.as_deref()).await?;
        supply::apply_changes(&self.pool, c.connection_id, &changes).await
    }

    /// An order placed, confirmed, approved, declined or cancelled moves the stock and allocation it
    /// holds: the carts show what is left at once, not after the next sync. A failure is only
    /// logged, since the order itself went through; the next sync catches up.
    pub(crate) async fn supply_after_order(&self, c: &Connected) {
        if let Err(e) = self.pull_supply(c).await {
            tracing::warn!(error = %e, "supply not refreshed after an order; the next sync will");
        }
    }

    /// The current sync's progress; a receiver sees each change (for the UI's progress display).
    pub fn sync_progress(&self) -> tokio::sync::watch::Receiver<SyncProgress> {
        self.progress.subscribe()
    }
}
