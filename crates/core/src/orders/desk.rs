//! The desk's offline queue operations. (Submitting is in `lib.rs`.)

use super::queue::{self, QueuedOrder};
use crate::error::Result;
use crate::Desk;
use restock_protocol::orders::Order;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What sending the queue did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueueReport {
    /// Orders the hub now has (each made once, however often the queue was sent).
    pub sent: Vec<Order>,
    /// Orders the hub refused, with the reason; they stay listed until dismissed.
    pub refused: Vec<QueuedOrder>,
    /// Still waiting: the hub could not be reached.
    pub waiting: u32,
}

impl Desk {
    /// Orders waiting to be sent, and those the hub refused when they were.
    pub async fn queued_orders(&self) -> Result<Vec<QueuedOrder>> {
        let c = self.connected().await?;
        queue::list(&self.pool, c.connection_id).await
    }

    /// Sends every waiting order, oldest first, each with the id it was given when submitted, so a
    /// retry after a lost answer never makes a second order. Stops at the first network failure.
    pub async fn send_queued(&self) -> Result<QueueReport> {
        let c = self.connected().await?;
        let waiting = queue::waiting(&self.pool, c.connection_id).await?;
        let mut report = QueueReport { sent: Vec::new(), refused: Vec::new(), waiting: 0 };
        for (index, submission) in waiting.iter().enumerate() {
            match c.client.create_order(&c.token, submission).await {
                Ok(order) => {
                    super::acknowledged(&self.pool, c.connection_id, &order).await?;
                    tracing::info!(order = %order.order_number, "queued order sent");
                    report.sent.push(order);
                }
                Err(e) => match e.verdict_on_order() {
                    Some(refusal) => {
                        tracing::warn!(order_id = %submission.order_id, code = %refusal.code, "the hub refused a queued order");
                        queue::mark_refused(&self.pool, submission.order_id, refusal).await?;
                    }
                    // Whether the hub has it is unknown: it stays queued, with its id, to be sent again.
                    None if e.is_transient() => {
                        tracing::info!(error = %e, left = waiting.len() - index, "hub still away; orders stay queued");
                        report.waiting = (waiting.len() - index) as u32;
                        break;
                    }
                    None => return Err(e),
                },
            }
        }
        if !report.sent.is_empty() {
            self.supply_after_order(&c).await;
        }
        let all = queue::list(&self.pool, c.connection_id).await?;
        report.refused = all.into_iter().filter(|q| q.refusal.is_some()).collect();
        Ok(report)
    }

    /// Forgets a refused queued order once the buyer has seen why.
    pub async fn dismiss_queued(&self, order_id: Uuid) -> Result<()> {
        self.connected().await?;
        queue::dismiss(&self.pool, order_id).await
    }
}
