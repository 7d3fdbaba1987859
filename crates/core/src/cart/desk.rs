//! The desk's cart operations: the active cart, saved carts, starting a cart from a past order or
//! a list, and the pre-submit review. (The desk's other operations are in `lib.rs`.)

use super::review::{review, CartReview};
use super::start::{parse_list, ListedLine, SkipReason, SkippedRow};
use crate::cart;
use crate::cart::views::{CartUpdate, CartView, SavedCart, StartedCart};
use crate::catalogue;
use crate::error::{CoreError, Result};
use crate::orders;
use crate::Desk;
use restock_protocol::catalogue::ProductStatus;
use restock_protocol::orders::status::{possible, OrderAction};
use restock_protocol::{ApiError, ErrorCode};

impl Desk {
    /// The active cart.
    pub async fn cart(&self) -> Result<CartView> {
        let c = self.connected().await?;
        let cart_id = cart::active_cart(&self.pool, c.connection_id).await?;
        cart::view(&self.pool, c.connection_id, cart_id).await
    }

    /// Sets a quantity in the active cart (0 removes the line); saved before this returns.
    pub async fn set_cart_quantity(&self, product_code: &str, quantity: u32) -> Result<CartView> {
        let c = self.connected().await?;
        let product = catalogue::by_code(&self.pool, c.connection_id, product_code).await?;
        let cart_id = cart::active_cart(&self.pool, c.connection_id).await?;
        match product {
            // Removing works even for a product that has left the catalogue.
            _ if quantity == 0 => cart::remove_line(&self.pool, cart_id, product_code).await?,
            Some(p) => cart::set_quantity(&self.pool, cart_id, product_code, quantity, (p.price, p.status)).await?,
            None => {
                return Err(CoreError::Refused(ApiError::new(
                    ErrorCode::UnknownProduct,
                    format!("no product with code {product_code} in the catalogue"),
                )))
            }
        }
        cart::view(&self.pool, c.connection_id, cart_id).await
    }

    /// `set_cart_quantity`, answering with the changed line and the totals only: what the order
    /// grid needs after a keystroke.
    pub async fn change_cart_quantity(&self, product_code: &str, quantity: u32) -> Result<CartUpdate> {
        let view = self.set_cart_quantity(product_code, quantity).await?;
        Ok(CartUpdate::of(view, product_code))
    }

    /// Every saved cart of this supplier, most recently changed first.
    pub async fn saved_carts(&self) -> Result<Vec<SavedCart>> {
        let c = self.connected().await?;
        cart::active_cart(&self.pool, c.connection_id).await?;
        let mut carts = Vec::new();
        for (id, name, is_active, updated_at) in cart::list(&self.pool, c.connection_id).await? {
            let view = cart::view(&self.pool, c.connection_id, id).await?;
            carts.push(SavedCart { id, name, is_active, line_count: view.line_count, total: view.total, updated_at });
        }
        Ok(carts)
    }

    /// A new empty cart, which becomes the active one.
    pub async fn new_cart(&self, name: &str) -> Result<CartView> {
        let c = self.connected().await?;
        let id = cart::create(&self.pool, c.connection_id, name).await?;
        cart::view(&self.pool, c.connection_id, id).await
    }

    pub async fn open_cart(&self, cart_id: i64) -> Result<CartView> {
        let c = self.connected().await?;
        cart::open(&self.pool, c.connection_id, cart_id).await?;
        cart::view(&self.pool, c.connection_id, cart_id).await
    }

    pub async fn rename_cart(&self, cart_id: i64, name: &str) -> Result<()> {
        let c = self.connected().await?;
        cart::rename(&self.pool, c.connection_id, cart_id, name).await
    }

    /// A copy of a saved cart under a new name; the copy becomes active.
    pub async fn duplicate_cart(&self, cart_id: i64, name: &str) -> Result<CartView> {
        let c = self.connected().await?;
        let id = cart::duplicate(&self.pool, c.connection_id, cart_id, name).await?;
        cart::view(&self.pool, c.connection_id, id).await
    }

    pub async fn delete_cart(&self, cart_id: i64) -> Result<()> {
        let c = self.connected().await?;
        cart::delete(&self.pool, c.connection_id, cart_id).await
    }

    /// 再来一单: a new active cart with the lines of a past order. Products that are gone or delisted
    /// are listed, not dropped silently.
    pub async fn reorder(&self, order_id: uuid::Uuid) -> Result<StartedCart> {
        let order = self.my_order(order_id).await?;
        self.start_cart(&format!("再来一单 {}", order.order_number), listed_lines(&order, false), Vec::new()).await
    }

    /// 修改订单: reopens an order not yet past its cutoff in the grid, as the active cart, with the
    /// quantities the buyer asked for. Submitting that cart changes the order (a saved one stays
    /// saved, to confirm as before). Reopening an order twice opens the same cart.
    pub async fn change_order_in_grid(&self, order_id: uuid::Uuid) -> Result<StartedCart> {
        let c = self.connected().await?;
        let order = self.my_order(order_id).await?;
        if let Some(cart_id) = cart::changing::cart_changing(&self.pool, c.connection_id, order_id).await? {
            cart::open(&self.pool, c.connection_id, cart_id).await?;
            return Ok(StartedCart { cart: cart::view(&self.pool, c.connection_id, cart_id).await?, skipped: Vec::new() });
        }
        if !possible(order.status, Some(c.session.role)).contains(&OrderAction::Change) {
            let message = format!("order {} is {} and can no longer be changed", order.order_number, order.status.as_str());
            return Err(CoreError::Refused(ApiError::new(ErrorCode::OrderLocked, message)));
        }
        if order.closes_at.is_some_and(|at| at <= chrono::Utc::now()) {
            let message = format!("order {}'s cycle has closed: it can no longer be changed", order.order_number);
            return Err(CoreError::Refused(ApiError::new(ErrorCode::CutoffPassed, message)));
        }
        let started = self.start_cart(&format!("修改 {}", order.order_number), listed_lines(&order, true), Vec::new()).await?;
        cart::changing::mark(&self.pool, started.cart.id, &order).await?;
        Ok(StartedCart { cart: cart::view(&self.pool, c.connection_id, started.cart.id).await?, skipped: started.skipped })
    }

    /// One of my orders as last seen.
    async fn my_order(&self, order_id: uuid::Uuid) -> Result<restock_protocol::orders::Order> {
        let c = self.connected().await?;
        orders::history(&self.pool, c.connection_id)
            .await?
            .into_iter()
            .find(|o| o.order_id == order_id)
            .ok_or_else(|| CoreError::Refused(ApiError::new(ErrorCode::NotFound, format!("no order {order_id} in my orders"))))
    }

    /// A new active cart from pasted text or a CSV file's contents ("code quantity" per row).
    pub async fn import_list(&self, cart_name: &str, text: &str) -> Result<StartedCart> {
        let (lines, skipped) = parse_list(text);
        self.start_cart(cart_name, lines, skipped).await
    }

    /// Starts a cart from an imported file: xlsx, or CSV/text, of codes and quantities.
    pub async fn import_file(&self, cart_name: &str, file_name: &str, bytes: &[u8]) -> Result<StartedCart> {
        let text = super::start::file_as_text(file_name, bytes)
            .map_err(|reason| CoreError::Refused(ApiError::new(ErrorCode::BadRequest, reason)))?;
        self.import_list(cart_name, &text).await
    }

    async fn start_cart(&self, name: &str, lines: Vec<ListedLine>, mut skipped: Vec<SkippedRow>) -> Result<StartedCart> {
        let c = self.connected().await?;
        let cart_id = cart::create(&self.pool, c.connection_id, name).await?;
        let codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
        let products = catalogue::by_codes(&self.pool, c.connection_id, &codes).await?;
        let mut accepted = Vec::with_capacity(lines.len());
        for line in lines {
            let reason = match products.get(&line.code) {
                None => SkipReason::UnknownProduct,
                Some(p) if p.status == ProductStatus::Delisted => SkipReason::Delisted,
                Some(p) => {
                    accepted.push((line.code, line.quantity, (line.seen_price.unwrap_or(p.price), p.status)));
                    continue;
                }
            };
            skipped.push(SkippedRow { row: line.row, text: line.text, reason });
        }
        let accepted: Vec<_> = accepted.iter().map(|(code, q, seen)| (code.as_str(), *q, *seen)).collect();
        cart::set_lines(&self.pool, cart_id, &accepted).await?;
        skipped.sort_by_key(|s| s.row);
        Ok(StartedCart { cart: cart::view(&self.pool, c.connection_id, cart_id).await?, skipped })
    }

    /// Refreshes the catalogue from the hub and lists every difference in the active cart since its
    /// lines were set: prices up or down, delisted, gone, quantities now refused, allocations and
    /// stock now short, with both totals.
    /// Without the hub, the review uses the last synced catalogue and says so.
    pub async fn review_cart(&self) -> Result<CartReview> {
        let promotions_before = self.cart_promotions().await?;
        let offline = match self.sync_catalogue().await {
            Ok(_) => false,
            Err(e) if e.is_transient() => true,
            Err(e) => return Err(e),
        };
        let mut review = self.review_local(offline).await?;
        let promotions_after = self.cart_promotions().await?;
        review.promotions_started = promotions_after.iter().filter(|p| !promotions_before.contains(p)).cloned().collect();
        review.promotions_ended = promotions_before.iter().filter(|p| !promotions_after.contains(p)).cloned().collect();
        Ok(review)
    }

    /// The names of the promotions that apply to the active cart now.
    async fn cart_promotions(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = self.cart().await?.adjustments.into_iter().map(|a| a.description).collect();
        names.dedup();
        Ok(names)
    }

    /// The buyer accepts the review: today's prices, and unorderable lines removed.
    pub async fn accept_review(&self) -> Result<CartView> {
        let c = self.connected().await?;
        let cart_id = cart::active_cart(&self.pool, c.connection_id).await?;
        cart::accept_current(&self.pool, c.connection_id, cart_id).await?;
        cart::view(&self.pool, c.connection_id, cart_id).await
    }

    pub(crate) async fn review_local(&self, offline: bool) -> Result<CartReview> {
        let c = self.connected().await?;
        let cart_id = cart::active_cart(&self.pool, c.connection_id).await?;
        let lines = cart::seen_lines(&self.pool, cart_id).await?;
        let codes: Vec<&str> = lines.iter().map(|l| l.product_code.as_str()).collect();
        let products = catalogue::by_codes(&self.pool, c.connection_id, &codes).await?;
        let supplies = crate::supply::of(&self.pool, c.connection_id, &codes).await?;
        Ok(review(&lines, |code| products.get(code), |p| crate::supply::limits(p, supplies.get(&p.code)), offline))
    }
}

/// An order's lines at the prices they were ordered at, so the review shows what changed since:
/// the quantities ordered, or (`asked`) what the buyer asked for where the rules cut a line.
fn listed_lines(order: &restock_protocol::orders::Order, asked: bool) -> Vec<ListedLine> {
    order
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| ListedLine {
            row: i as u32 + 1,
            text: format!("{} {}", l.product_code, l.product_name),
            code: l.product_code.clone(),
            quantity: if asked { l.demand.max(l.quantity) } else { l.quantity },
            seen_price: Some(l.unit_price),
        })
        .collect()
}
