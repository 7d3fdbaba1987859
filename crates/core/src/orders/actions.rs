//! Submitting the cart exactly once, my orders, and what a customer does with an order afterwards:
//! confirm (决定购买), cancel, and the company approver's approve or decline.

use crate::error::{CoreError, Result};
use crate::{cart, orders, Desk};
use restock_protocol::orders::status::OrderAction;
use restock_protocol::orders::{ChangeOrder, Order};
use restock_protocol::{ApiError, ErrorCode};
use uuid::Uuid;

impl Desk {
    /// Submits the cart as an order, exactly once however often this is retried. A cart whose
    /// prices or products changed since the buyer saw them is refused until the review is accepted.
    /// When the hub can't be reached the order stays queued (`queued_orders`, `send_queued`) and
    /// the error says the hub is unreachable.
    pub async fn submit_cart(&self) -> Result<Order> {
        let c = self.connected().await?;
        let cart_id = cart::active_cart(&self.pool, c.connection_id).await?;
        let changes = cart::changing::changes(&self.pool, cart_id).await?;
        if changes.is_some() || !orders::has_pending(&self.pool, cart_id).await? {
            let review = self.review_local(false).await?;
            let unseen = review.changes.iter().filter(|ch| !ch.kind.is_refusal()).count();
            if unseen > 0 {
                return Err(CoreError::Refused(ApiError::new(
                    ErrorCode::CartChanged,
                    format!("{unseen} lines changed since the cart was saved (price or availability): review them before submitting"),
                )));
            }
        }
        if let Some(order_id) = changes {
            return self.submit_change(&c, cart_id, order_id).await;
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

    /// Sends a reopened order's cart as that order's change. The cart stays until the hub has the
    /// change: on any failure nothing is lost, and sending the same lines again is the same change.
    async fn submit_change(&self, c: &crate::Connected, cart_id: i64, order_id: Uuid) -> Result<Order> {
        let view = cart::view(&self.pool, c.connection_id, cart_id).await?;
        let change = ChangeOrder { lines: orders::order_lines(&view)?, expected_total: Some(view.total) };
        let order = c.client.change_order(&c.token, order_id, &change).await?;
        cart::changing::finished(&self.pool, c.connection_id, cart_id, &order).await?;
        orders::note_in_home_status(&self.pool, c.connection_id, &order).await?;
        tracing::info!(order = %order.order_number, total = %order.total, status = order.status.as_str(), "order changed");
        self.supply_after_order(c).await;
        Ok(order)
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

    /// 决定购买: confirms a saved order before its cycle's cutoff.
    pub async fn confirm_order(&self, order_id: Uuid) -> Result<Order> {
        self.order_action(order_id, OrderAction::Confirm, serde_json::json!({})).await
    }

    /// Cancels an order before its cycle's cutoff (or, without a cutoff, before the supplier acts).
    pub async fn cancel_order(&self, order_id: Uuid) -> Result<Order> {
        self.order_action(order_id, OrderAction::Cancel, serde_json::json!({})).await
    }

    /// The company's approver approves a buyer's order that waits for them (审批通过): it is placed.
    pub async fn approve_order(&self, order_id: Uuid) -> Result<Order> {
        self.order_action(order_id, OrderAction::CompanyApprove, serde_json::json!({})).await
    }

    /// The company's approver declines a buyer's waiting order (审批驳回), saying why.
    pub async fn decline_order(&self, order_id: Uuid, reason: &str) -> Result<Order> {
        let decline = restock_protocol::orders::approval::DeclineOrder { reason: reason.to_owned() };
        self.order_action(order_id, OrderAction::CompanyDecline, serde_json::to_value(decline).expect("serializes")).await
    }

    /// The company's approver sets the amount above which a buyer's order waits for approval (None:
    /// none waits). The cart's warning follows the home screen the desk last fetched: fetch it
    /// again (`home_status`) to show the new limit.
    pub async fn set_approval_limit(
        &self, approval_over: Option<restock_protocol::Money>,
    ) -> Result<restock_protocol::orders::approval::ApprovalRule> {
        let c = self.connected().await?;
        let rule = c.client.set_approval_rule(&c.token, &restock_protocol::orders::approval::ApprovalRule { approval_over }).await?;
        tracing::info!(limit = ?rule.approval_over, "company approval limit set");
        Ok(rule)
    }

    pub(crate) async fn order_action(&self, order_id: Uuid, action: OrderAction, body: serde_json::Value) -> Result<Order> {
        let c = self.connected().await?;
        let order = c.client.order_action(&c.token, order_id, action, &body).await?;
        orders::replace_history(&self.pool, c.connection_id, std::slice::from_ref(&order)).await?;
        orders::note_in_home_status(&self.pool, c.connection_id, &order).await?;
        tracing::info!(order = %order.order_number, ?action, status = order.status.as_str(), "order updated");
        self.supply_after_order(&c).await;
        Ok(order)
    }
}
