//! The back office's order review (审核), for the supplier's staff: the hub's order queue, filtered
//! and paged there, one order to decide, and the decisions, one or many. Nothing is kept locally:
//! a reviewer works against the hub's present state, and a decision the hub refuses says why.

use crate::error::{CoreError, Result};
use crate::Desk;
use restock_protocol::orders::cuts::{CutOrder, LineCut};
use restock_protocol::review::{CustomerOrder, OrderQueuePage, OrderQueueQuery, ReviewOrderDetail};
use restock_protocol::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// One order of a bulk approval: approved (its new state) or refused (why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewOutcome {
    pub order_id: Uuid,
    pub order: Option<CustomerOrder>,
    pub error: Option<ApiError>,
}

/// How many approvals of a bulk approval are in flight at once: each is a write on the hub.
const BULK_AT_ONCE: usize = 4;

impl Desk {
    /// A page of the supplier's orders as the hub filters, sorts and pages them.
    pub async fn review_queue(&self, query: &OrderQueueQuery) -> Result<OrderQueuePage> {
        let c = self.staff("order review").await?;
        c.client.review_queue(&c.token, query).await
    }

    /// One order as a reviewer decides it: its lines and history, the customer's balance, and per
    /// line the stock on hand and available and the customer's allocation left.
    pub async fn review_order(&self, order_id: Uuid) -> Result<ReviewOrderDetail> {
        let c = self.staff("order review").await?;
        c.client.review_order(&c.token, order_id).await
    }

    /// Approves at this reviewer's level: a large order of a branch's customer goes on to
    /// headquarters after its branch's approval.
    pub async fn approve_review(&self, order_id: Uuid) -> Result<CustomerOrder> {
        let c = self.staff("order review").await?;
        let order = c.client.decide_review(&c.token, order_id, None).await?;
        tracing::info!(order = %order.order.order_number, status = order.order.status.as_str(), "order approved");
        Ok(order)
    }

    /// Rejects with the reason the customer reads on their order.
    pub async fn reject_review(&self, order_id: Uuid, reason: &str) -> Result<CustomerOrder> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CoreError::Refused(ApiError::new(ErrorCode::BadRequest, "a rejection needs a reason the customer can act on")));
        }
        let c = self.staff("order review").await?;
        let order = c.client.decide_review(&c.token, order_id, Some(reason)).await?;
        tracing::info!(order = %order.order.order_number, "order rejected");
        Ok(order)
    }

    /// Lowers quantities of an order (削减) with the reason the customer reads on it; the hub
    /// checks the cut (only lower, lines on the order, not every line) and gives back what it frees.
    pub async fn cut_order(&self, order_id: Uuid, lines: Vec<LineCut>, reason: &str) -> Result<CustomerOrder> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CoreError::Refused(ApiError::new(ErrorCode::BadRequest, "a cut needs a reason the customer can read")));
        }
        let c = self.staff("order review").await?;
        let order = c.client.cut_order(&c.token, order_id, &CutOrder { lines, reason: reason.to_owned() }).await?;
        tracing::info!(order = %order.order.order_number, total = %order.order.total, "order cut");
        Ok(order)
    }

    /// Cancels an order for the customer (取消), with the reason they read on it.
    pub async fn cancel_for_customer(&self, order_id: Uuid, reason: &str) -> Result<CustomerOrder> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CoreError::Refused(ApiError::new(
                ErrorCode::BadRequest,
                "cancelling an order needs a reason the customer can read",
            )));
        }
        let c = self.staff("order review").await?;
        let order = c.client.cancel_order_for_customer(&c.token, order_id, reason).await?;
        tracing::info!(order = %order.order.order_number, "order cancelled by the supplier");
        Ok(order)
    }

    /// Approves each order, a few at a time; one refused does not stop the others.
    pub async fn approve_reviews(&self, order_ids: &[Uuid]) -> Result<Vec<ReviewOutcome>> {
        use futures_util::StreamExt;
        let c = self.staff("order review").await?;
        let outcomes = futures_util::stream::iter(order_ids.iter().copied())
            .map(|order_id| {
                let c = &c;
                async move {
                    match c.client.decide_review(&c.token, order_id, None).await {
                        Ok(order) => ReviewOutcome { order_id, order: Some(order), error: None },
                        Err(e) => ReviewOutcome { order_id, order: None, error: Some(e.into()) },
                    }
                }
            })
            .buffered(BULK_AT_ONCE)
            .collect::<Vec<_>>()
            .await;
        let approved = outcomes.iter().filter(|o| o.order.is_some()).count();
        tracing::info!(approved, refused = outcomes.len() - approved, "bulk approval");
        Ok(outcomes)
    }
}
