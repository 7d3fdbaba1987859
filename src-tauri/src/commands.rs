//! Every command the UI may invoke: each one makes one call into restock-core. Errors cross to the
//! UI as `ApiError` data (`{code, message, lines}`). The doc comments are the UI's too: they are
//! copied into `ui/src/lib/generated/commands.ts` (see `contract`).

use crate::contract::commands;
use restock_core::accounts::{SessionView, SupplierConnection};
use restock_core::cart::review::CartReview;
use restock_core::cart::views::{CartUpdate, CartView, SavedCart, StartedCart};
use restock_core::catalogue::search::SearchQuery;
use restock_core::catalogue::sync::SyncReport;
use restock_core::orders::queue::QueuedOrder;
use restock_core::orders::QueueReport;
use restock_core::review::ReviewOutcome;
use restock_core::AppInfo;
use restock_protocol::accounts::{IssuedAccount, IssuedResetToken, Registration, UserRole};
use restock_protocol::catalogue::Product;
use restock_protocol::customers::{Branch, CustomerDetail, CustomerDetails, CustomerQuery, CustomerSummary, NewCustomer, SetBalance};
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::home::HomeStatus;
use restock_protocol::orders::approval::ApprovalRule;
use restock_protocol::orders::cuts::LineCut;
use restock_protocol::orders::Order;
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::promotions::{Promotion, PromotionQuery};
use restock_protocol::review::{CustomerOrder, OrderQueuePage, OrderQueueQuery, ReviewOrderDetail};
use restock_protocol::supply::{AllocationPage, AllocationQuery, RemoveAllocation, SetAllocation, StockLevel, StockPage, StockQuery};
use restock_protocol::Money;
use uuid::Uuid;

commands! {
    fn app_info(app) -> AppInfo {
        Ok::<_, restock_core::error::CoreError>(app.info.clone())
    }

    /// The session saved by a previous run, if it is still there.
    fn current_session(app) -> Option<SessionView> {
        app.desk.restore_session().await
    }

    fn login(app, hub_url: String, username: String, password: String) -> SessionView {
        app.desk.login(&hub_url, &username, &password).await
    }

    /// Sign a new customer up with a supplier (新客户注册): the user logs in next, and orders once the supplier approves
    /// (until then the catalogue is refused with `awaiting_approval`). Refused with `username_taken`, `password_too_weak`
    /// or `bad_request` (a name the hub does not take; the message says which).
    fn register(app, hub_url: String, registration: Registration) -> () {
        app.desk.register(&hub_url, &registration).await
    }

    /// Set a new password with the reset code the supplier issued; the user logs in with it next. Refused with
    /// `reset_token_invalid` (wrong, used or expired code) or `password_too_weak`.
    fn reset_password(app, hub_url: String, username: String, code: String, new_password: String) -> () {
        app.desk.reset_password(&hub_url, &username, &code, &new_password).await
    }

    fn logout(app) -> () {
        app.desk.logout().await
    }

    /// Replace the password (an issued one must be, before anything else works: until then every other command is
    /// refused with `password_change_required`). Refused with `invalid_credentials` (the current password is wrong) or
    /// `password_too_weak` (the message names the rule). Resolves to the session, now with `mustChangePassword` false.
    fn change_password(app, current_password: String, new_password: String) -> SessionView {
        app.desk.change_password(&current_password, &new_password).await
    }

    /// Every supplier this desk has logged in to (one at a time is current). `loggedIn` false: its session token is
    /// gone, so switching to it needs a new login. Logging in to another hub (`login`) adds one and makes it current.
    fn list_suppliers(app) -> Vec<SupplierConnection> {
        app.desk.suppliers().await
    }

    /// Make another supplier current; its catalogue, carts and orders are its own. Refused with `not_logged_in` when
    /// its token is gone (nothing changes then: log in to it again).
    fn switch_supplier(app, connection_id: i64) -> SessionView {
        app.desk.switch_supplier(connection_id).await
    }

    /// Pull the supplier's catalogue into the local store.
    fn sync_catalogue(app) -> SyncReport {
        app.desk.sync_catalogue().await
    }

    /// An empty query lists the first products by code.
    fn search_products(app, query: String, limit: u32) -> Vec<Product> {
        app.desk.search(&query, limit).await
    }

    /// Search with filters (category, brand, origin, price band: exact decimal strings) and a sort order. An empty text
    /// lists the whole catalogue (up to `limit`; 0 means 200).
    fn find_products(app, query: SearchQuery) -> Vec<Product> {
        app.desk.find(query).await
    }

    /// Pin (or unpin) a product as usual (常用): usual products rank first in search.
    fn set_usual_product(app, product_code: String, usual: bool) -> () {
        app.desk.set_usual_product(&product_code, usual).await
    }

    /// A product's picture as a `data:` URL (cached on this PC by the core), or null when it has none.
    fn product_image(app, product_code: String) -> Option<String> {
        app.desk.product_image(&product_code).await
    }

    /// The supplier's promotions for this customer, as of the last catalogue sync.
    fn promotions(app) -> Vec<Promotion> {
        app.desk.promotions().await
    }

    fn get_cart(app) -> CartView {
        app.desk.cart().await
    }

    /// Quantity 0 removes the line. Resolves to the changed line and the cart's totals (the whole cart only when a
    /// line was removed).
    fn set_cart_quantity(app, product_code: String, quantity: u32) -> CartUpdate {
        app.desk.change_cart_quantity(&product_code, quantity).await
    }

    /// The saved carts, most recently changed first; one of them is active (the one `getCart` and edits work on).
    fn list_saved_carts(app) -> Vec<SavedCart> {
        app.desk.saved_carts().await
    }

    /// Start a new empty cart; it becomes the active one.
    fn new_cart(app, name: String) -> CartView {
        app.desk.new_cart(&name).await
    }

    /// Make a saved cart the active one.
    fn open_cart(app, cart_id: i64) -> CartView {
        app.desk.open_cart(cart_id).await
    }

    fn rename_cart(app, cart_id: i64, name: String) -> () {
        app.desk.rename_cart(cart_id, &name).await
    }

    /// Copy a saved cart under a new name; the copy becomes the active one.
    fn duplicate_cart(app, cart_id: i64, name: String) -> CartView {
        app.desk.duplicate_cart(cart_id, &name).await
    }

    /// Delete a saved cart; another one becomes active.
    fn delete_cart(app, cart_id: i64) -> () {
        app.desk.delete_cart(cart_id).await
    }

    /// 再来一单: a new active cart with a past order's lines, and the lines that could not be put in it.
    fn reorder(app, order_id: Uuid) -> StartedCart {
        app.desk.reorder(order_id).await
    }

    /// 修改订单: an order not past its cutoff reopened in the grid, as the active cart; submitting that cart changes
    /// the order.
    fn change_order_in_grid(app, order_id: Uuid) -> StartedCart {
        app.desk.change_order_in_grid(order_id).await
    }

    /// A new active cart from a pasted list or a CSV file's text: one "code quantity" per row (tab, comma, semicolon or
    /// space separated; a header row is allowed), and the rows that could not be put in it.
    fn import_list(app, cart_name: String, text: String) -> StartedCart {
        app.desk.import_list(&cart_name, &text).await
    }

    /// An xlsx (or CSV) file's bytes, as the webview read them, read by the core.
    fn import_file(app, cart_name: String, file_name: String, bytes: Vec<u8>) -> StartedCart {
        app.desk.import_file(&cart_name, &file_name, &bytes).await
    }

    /// Everything that changed in the cart since its lines were set (prices, delisted or removed products, quantities
    /// now refused), after refreshing the catalogue from the hub (`offline`: the hub could not be reached and the last
    /// synced catalogue was used).
    fn review_cart(app) -> CartReview {
        app.desk.review_cart().await
    }

    /// Accept the review: today's prices are taken, delisted and removed lines leave the cart.
    fn accept_review(app) -> CartView {
        app.desk.accept_review().await
    }

    /// Submit the cart as an order; on success the cart is empty. When the hub cannot be reached (`hub_unreachable`)
    /// the order is not lost: it waits in the offline queue (see `queuedOrders`, `sendQueued`) and the cart keeps its
    /// lines until the hub has it. Refused with `cart_changed` while the cart has changes the buyer has not accepted
    /// (see `reviewCart` / `acceptReview`).
    fn submit_cart(app) -> Order {
        app.desk.submit_cart().await
    }

    /// Newest first.
    fn list_orders(app) -> Vec<Order> {
        app.desk.my_orders().await
    }

    /// The Home section: this cycle (open or closed, its orders), the balance, announcements and last cycle's short
    /// items, with the hub's clock (`now`). When the hub cannot be reached, the status last seen in this session (its
    /// `now` tells how old it is); with none seen yet, rejects (e.g. `hub_unreachable`).
    fn home_status(app) -> HomeStatus {
        app.desk.home_status().await
    }

    /// 决定购买: a `saved` order becomes `submitted`. Refused with `cutoff_passed` (the message names the next ordering
    /// day), `order_locked` (voided or cancelled), `order_rejected` (per-line problems) or `insufficient_balance`.
    fn confirm_order(app, order_id: Uuid) -> Order {
        app.desk.confirm_order(order_id).await
    }

    /// Cancel an order before its cutoff: it becomes `cancelled`. Refused with `cutoff_passed` or `order_locked`.
    fn cancel_order(app, order_id: Uuid) -> Order {
        app.desk.cancel_order(order_id).await
    }

    /// The company's approver (审批): approve a buyer's waiting order.
    fn approve_order(app, order_id: Uuid) -> Order {
        app.desk.approve_order(order_id).await
    }

    /// The company's approver declines a buyer's waiting order, with a reason the buyer sees.
    fn decline_order(app, order_id: Uuid, reason: String) -> Order {
        app.desk.decline_order(order_id, &reason).await
    }

    /// The approver sets the company's approval limit ("5000.00"), or clears it (null).
    fn set_approval_limit(app, approval_over: Option<Money> => "string | null") -> ApprovalRule {
        app.desk.set_approval_limit(approval_over).await
    }

    /// The offline queue, oldest first: orders waiting for the hub, and those it refused when they were sent.
    fn queued_orders(app) -> Vec<QueuedOrder> {
        app.desk.queued_orders().await
    }

    /// Send every waiting order, each exactly once however often this is called. `waiting` > 0 in the report means the
    /// hub is still away (not an error); the sent orders' lines have left their carts.
    fn send_queued(app) -> QueueReport {
        app.desk.send_queued().await
    }

    /// Forget a refused queued order once the buyer has seen why (its cart is still there to fix and submit again).
    fn dismiss_queued(app, order_id: Uuid) -> () {
        app.desk.dismiss_queued(order_id).await
    }

    /// Back office (staff only, else `forbidden`): a page of the supplier's orders, filtered, sorted and paged by the
    /// hub. Every field is optional text as in the hub's query (`awaitingMe: "true"`, `limit: "100"`); pass the page's
    /// `next` as `after` for the next page, with the same filters. A filter the hub can't read is `bad_request` naming it.
    fn review_queue(app, query: OrderQueueQuery) -> OrderQueuePage {
        app.desk.review_queue(&query).await
    }

    /// Back office: one order as a reviewer decides it: lines, history, the customer's balance, and per line (in `supply`,
    /// in the lines' order) stock on hand and available and the allocation left. `not_found` also for another branch's
    /// order.
    fn review_order(app, order_id: Uuid) -> ReviewOrderDetail {
        app.desk.review_order(order_id).await
    }

    /// Back office: approve at this reviewer's level (a branch's large order goes on to headquarters). Refused with
    /// `order_locked` (not submitted) or `needs_branch_review`.
    fn approve_review(app, order_id: Uuid) -> CustomerOrder {
        app.desk.approve_review(order_id).await
    }

    /// Back office: reject with the reason the customer reads on the order; an empty reason is `bad_request`.
    fn reject_review(app, order_id: Uuid, reason: String) -> CustomerOrder {
        app.desk.reject_review(order_id, &reason).await
    }

    /// Back office: lower quantities of an order (削减), each line to its new quantity (0 takes it off), with the reason
    /// the customer reads on the order. Refused with `bad_request` (no reason, a line not on the order, not lower),
    /// `empty_order` (every line: cancel instead) or `order_locked` (rejected, cancelled, voided).
    fn cut_order(app, order_id: Uuid, lines: Vec<LineCut>, reason: String) -> CustomerOrder {
        app.desk.cut_order(order_id, lines, &reason).await
    }

    /// Back office: cancel an order for the customer, with the reason they read on it; what it took is given back.
    fn cancel_for_customer(app, order_id: Uuid, reason: String) -> CustomerOrder {
        app.desk.cancel_for_customer(order_id, &reason).await
    }

    /// Back office: approve several orders; each has its outcome (the order, or the refusal), in the order given.
    fn approve_reviews(app, order_ids: Vec<Uuid>) -> Vec<ReviewOutcome> {
        app.desk.approve_reviews(&order_ids).await
    }

    /// Back office: the customers this member of staff may see (another branch's are never listed), filtered by the
    /// hub: `q` finds text in the code, name or contact, `status` is `active` or `pending` (registrations awaiting
    /// approval, 新客户审核). A filter the hub can't read is `bad_request` naming it.
    fn customers(app, query: CustomerQuery) -> Vec<CustomerSummary> {
        app.desk.customers(&query).await
    }

    /// Back office: one customer with its users; `not_found` also for another branch's.
    fn customer(app, code: String) -> CustomerDetail {
        app.desk.customer(&code).await
    }

    /// Back office: the branches a customer may be put in.
    fn branches(app) -> Vec<Branch> {
        app.desk.branches().await
    }

    /// Back office (administrators): a new customer whose first user is its code; the issued password is in the
    /// answer, shown this once. Refused with `username_taken` or `bad_request` (an empty field, no such branch).
    fn create_customer(app, customer: NewCustomer) -> IssuedAccount {
        app.desk.create_customer(&customer).await
    }

    /// Back office (administrators): approve a self-registered customer; it may order from now on.
    fn approve_customer(app, code: String) -> CustomerSummary {
        app.desk.approve_customer(&code).await
    }

    /// Back office (administrators): name, tier, branch, contact, phone and address, written as given (an empty field
    /// is cleared). An empty name or tier, or no such branch, is `bad_request`.
    fn edit_customer(app, code: String, details: CustomerDetails) -> CustomerSummary {
        app.desk.edit_customer(&code, &details).await
    }

    /// Back office (administrators): the ordering days (1 Monday … 7 Sunday) and the cutoff.
    fn set_customer_schedule(app, code: String, schedule: OrderingSchedule) -> CustomerSummary {
        app.desk.set_customer_schedule(&code, &schedule).await
    }

    /// Back office (finance and administrators): the prepaid balance and the credit limit (none: not kept).
    fn set_customer_balance(app, code: String, balance: SetBalance) -> CustomerSummary {
        app.desk.set_customer_balance(&code, &balance).await
    }

    /// Back office (administrators): another user of the customer, a `buyer` or an `approver`, with an issued password
    /// shown this once. Refused with `username_taken`.
    fn add_customer_user(app, code: String, username: String, role: UserRole) -> IssuedAccount {
        app.desk.add_customer_user(&code, &username, role).await
    }

    /// Back office (administrators): disable a user (停用: no more logins, their sessions end at once) or enable them
    /// again. `not_found` for a user outside this admin's branches; `bad_request` for one's own account.
    fn set_user_disabled(app, username: String, disabled: bool) -> () {
        app.desk.set_user_disabled(&username, disabled).await
    }

    /// Back office (administrators): suspend a customer (暂停: none of its users can log in) or reactivate it.
    /// `bad_request` for a registration not yet approved.
    fn set_customer_suspended(app, code: String, suspended: bool) -> CustomerSummary {
        app.desk.set_customer_suspended(&code, suspended).await
    }

    /// Back office (administrators): a one-time code the user sets a new password with on the login screen's reset
    /// form (valid a day, once); the password itself is never shown.
    fn issue_password_reset(app, username: String) -> IssuedResetToken {
        app.desk.issue_password_reset(&username).await
    }

    /// Back office (administrators): every price rule, for a tier or a customer, a fixed price or a rate, with its dates.
    fn price_rules(app) -> Vec<PriceRuleRecord> {
        app.desk.price_rules().await
    }

    /// Back office (administrators): a new price rule. Refused with `bad_request` (not exactly one of customer and tier,
    /// or of fixed price and rate; a rate outside 0–10; dates the wrong way round) or `not_found` (customer, product).
    fn create_price_rule(app, rule: PriceRuleRecord) -> PriceRuleRecord {
        app.desk.create_price_rule(&rule).await
    }

    /// Back office (administrators): the rule becomes this one, refused as creating one is; customers get the new prices
    /// at their next sync.
    fn edit_price_rule(app, id: i64, rule: PriceRuleRecord) -> PriceRuleRecord {
        app.desk.edit_price_rule(id, &rule).await
    }

    /// Back office (administrators): end a rule now (its last day becomes yesterday). Refused with `bad_request` when it
    /// already ended or starts today or later (delete it instead).
    fn end_price_rule(app, id: i64) -> PriceRuleRecord {
        app.desk.end_price_rule(id).await
    }

    /// Back office (administrators): remove a rule; orders keep the prices they were given.
    fn delete_price_rule(app, id: i64) -> () {
        app.desk.delete_price_rule(id).await
    }

    /// Back office (administrators): every promotion, newest first (`current`: only those valid today).
    fn staff_promotions(app, query: PromotionQuery) -> Vec<Promotion> {
        app.desk.staff_promotions(&query).await
    }

    /// Back office (administrators): a new promotion (its `id` is ignored). Refused with `bad_request` (no name, an
    /// empty period, a promotion that gives nothing, nothing said about what it covers).
    fn create_promotion(app, promotion: Promotion) -> Promotion {
        app.desk.create_promotion(&promotion).await
    }

    /// Back office (administrators): the promotion becomes this one, refused as creating one is, and with `bad_request`
    /// for new terms (kind, covers, tiers) once orders have used it.
    fn edit_promotion(app, id: i64, promotion: Promotion) -> Promotion {
        app.desk.edit_promotion(id, &promotion).await
    }

    /// Back office (administrators): end a promotion now (its last day becomes yesterday). Refused with `bad_request`
    /// when it already ended or starts today or later (delete it instead).
    fn end_promotion(app, id: i64) -> Promotion {
        app.desk.end_promotion(id).await
    }

    /// Back office (administrators): remove a promotion; orders that used it keep what it did to them.
    fn delete_promotion(app, id: i64) -> () {
        app.desk.delete_promotion(id).await
    }

    /// Back office (warehouse, reviewers, administrators): a page of tracked stock by product code. Refused with
    /// `bad_request` naming the parameter it can't read (`below`, `limit`).
    fn stock_list(app, query: StockQuery) -> StockPage {
        app.desk.stock_list(&query).await
    }

    /// Back office (warehouse, administrators): set a product's on hand and available to order, tracking it from now
    /// on; resolves to it as the hub now has it. Refused with `bad_request` (more available than on hand) or `not_found`.
    fn set_stock(app, product_code: String, on_hand: u32, available: u32) -> Option<StockLevel> {
        app.desk.set_stock(&product_code, on_hand, available).await
    }

    /// Back office (warehouse, administrators): the product is no longer limited by stock. Refused with `not_found`
    /// when it wasn't tracked.
    fn untrack_stock(app, product_code: String) -> () {
        app.desk.untrack_stock(&product_code).await
    }

    /// Back office (administrators): a page of allocations of the customers this member of staff may see, with what
    /// placed orders used in the asked cycle. Refused with `bad_request` (a parameter it can't read) or `not_found`
    /// (customer, product).
    fn allocations(app, query: AllocationQuery) -> AllocationPage {
        app.desk.allocations(&query).await
    }

    /// Back office (administrators): set an allocation for one cycle, or standing (`cycleDate` null). Refused with
    /// `not_found` (customer, product).
    fn set_allocation(app, allocation: SetAllocation) -> () {
        app.desk.set_allocation(&allocation).await
    }

    /// Back office (administrators): remove an allocation. Refused with `not_found` when there is none.
    fn remove_allocation(app, which: RemoveAllocation) -> () {
        app.desk.remove_allocation(&which).await
    }
}
