//! Tauri commands: each one takes the desk and makes one call into restock-core. Errors cross to the
//! UI as `ApiError` data (`{code, message, lines}`).

use crate::AppContext;
use restock_core::accounts::{SessionView, SupplierConnection};
use restock_core::cart::review::CartReview;
use restock_core::cart::views::{CartUpdate, CartView, SavedCart, StartedCart};
use restock_core::catalogue::search::SearchQuery;
use restock_core::catalogue::sync::SyncReport;
use restock_core::orders::queue::QueuedOrder;
use restock_core::orders::QueueReport;
use restock_core::AppInfo;
use restock_protocol::catalogue::Product;
use restock_protocol::home::DeskStatus;
use restock_protocol::orders::Order;
use restock_protocol::ApiError;
use tauri::State;

type CommandResult<T> = Result<T, ApiError>;

#[tauri::command]
pub fn app_info(app: State<'_, AppContext>) -> AppInfo {
    app.info.clone()
}

#[tauri::command]
pub async fn current_session(app: State<'_, AppContext>) -> CommandResult<Option<SessionView>> {
    Ok(app.desk.restore_session().await?)
}

#[tauri::command]
pub async fn login(app: State<'_, AppContext>, hub_url: String, username: String, password: String) -> CommandResult<SessionView> {
    Ok(app.desk.login(&hub_url, &username, &password).await?)
}

#[tauri::command]
pub async fn change_password(app: State<'_, AppContext>, current_password: String, new_password: String) -> CommandResult<SessionView> {
    Ok(app.desk.change_password(&current_password, &new_password).await?)
}

#[tauri::command]
pub async fn list_suppliers(app: State<'_, AppContext>) -> CommandResult<Vec<SupplierConnection>> {
    Ok(app.desk.suppliers().await?)
}

#[tauri::command]
pub async fn switch_supplier(app: State<'_, AppContext>, connection_id: i64) -> CommandResult<SessionView> {
    Ok(app.desk.switch_supplier(connection_id).await?)
}

#[tauri::command]
pub async fn logout(app: State<'_, AppContext>) -> CommandResult<()> {
    Ok(app.desk.logout().await?)
}

#[tauri::command]
pub async fn sync_catalogue(app: State<'_, AppContext>) -> CommandResult<SyncReport> {
    Ok(app.desk.sync_catalogue().await?)
}

#[tauri::command]
pub async fn search_products(app: State<'_, AppContext>, query: String, limit: u32) -> CommandResult<Vec<Product>> {
    Ok(app.desk.search(&query, limit).await?)
}

#[tauri::command]
pub async fn find_products(app: State<'_, AppContext>, query: SearchQuery) -> CommandResult<Vec<Product>> {
    Ok(app.desk.find(query).await?)
}

#[tauri::command]
pub async fn set_usual_product(app: State<'_, AppContext>, product_code: String, usual: bool) -> CommandResult<()> {
    Ok(app.desk.set_usual_product(&product_code, usual).await?)
}

#[tauri::command]
pub async fn get_cart(app: State<'_, AppContext>) -> CommandResult<CartView> {
    Ok(app.desk.cart().await?)
}

#[tauri::command]
pub async fn set_cart_quantity(app: State<'_, AppContext>, product_code: String, quantity: u32) -> CommandResult<CartUpdate> {
    Ok(app.desk.change_cart_quantity(&product_code, quantity).await?)
}

#[tauri::command]
pub async fn list_saved_carts(app: State<'_, AppContext>) -> CommandResult<Vec<SavedCart>> {
    Ok(app.desk.saved_carts().await?)
}

#[tauri::command]
pub async fn new_cart(app: State<'_, AppContext>, name: String) -> CommandResult<CartView> {
    Ok(app.desk.new_cart(&name).await?)
}

#[tauri::command]
pub async fn open_cart(app: State<'_, AppContext>, cart_id: i64) -> CommandResult<CartView> {
    Ok(app.desk.open_cart(cart_id).await?)
}

#[tauri::command]
pub async fn rename_cart(app: State<'_, AppContext>, cart_id: i64, name: String) -> CommandResult<()> {
    Ok(app.desk.rename_cart(cart_id, &name).await?)
}

#[tauri::command]
pub async fn duplicate_cart(app: State<'_, AppContext>, cart_id: i64, name: String) -> CommandResult<CartView> {
    Ok(app.desk.duplicate_cart(cart_id, &name).await?)
}

#[tauri::command]
pub async fn delete_cart(app: State<'_, AppContext>, cart_id: i64) -> CommandResult<()> {
    Ok(app.desk.delete_cart(cart_id).await?)
}

#[tauri::command]
pub async fn reorder(app: State<'_, AppContext>, order_id: uuid::Uuid) -> CommandResult<StartedCart> {
    Ok(app.desk.reorder(order_id).await?)
}

#[tauri::command]
pub async fn import_list(app: State<'_, AppContext>, cart_name: String, text: String) -> CommandResult<StartedCart> {
    Ok(app.desk.import_list(&cart_name, &text).await?)
}

/// `bytes`: the file's content (xlsx, or CSV/text), as the webview read it.
#[tauri::command]
pub async fn import_file(app: State<'_, AppContext>, cart_name: String, file_name: String, bytes: Vec<u8>) -> CommandResult<StartedCart> {
    Ok(app.desk.import_file(&cart_name, &file_name, &bytes).await?)
}

#[tauri::command]
pub async fn review_cart(app: State<'_, AppContext>) -> CommandResult<CartReview> {
    Ok(app.desk.review_cart().await?)
}

#[tauri::command]
pub async fn accept_review(app: State<'_, AppContext>) -> CommandResult<CartView> {
    Ok(app.desk.accept_review().await?)
}

#[tauri::command]
pub async fn submit_cart(app: State<'_, AppContext>) -> CommandResult<Order> {
    Ok(app.desk.submit_cart().await?)
}

#[tauri::command]
pub async fn list_orders(app: State<'_, AppContext>) -> CommandResult<Vec<Order>> {
    Ok(app.desk.my_orders().await?)
}

#[tauri::command]
pub async fn desk_status(app: State<'_, AppContext>) -> CommandResult<DeskStatus> {
    Ok(app.desk.desk_status().await?)
}

#[tauri::command]
pub async fn confirm_order(app: State<'_, AppContext>, order_id: uuid::Uuid) -> CommandResult<Order> {
    Ok(app.desk.confirm_order(order_id).await?)
}

#[tauri::command]
pub async fn cancel_order(app: State<'_, AppContext>, order_id: uuid::Uuid) -> CommandResult<Order> {
    Ok(app.desk.cancel_order(order_id).await?)
}

#[tauri::command]
pub async fn approve_order(app: State<'_, AppContext>, order_id: uuid::Uuid) -> CommandResult<Order> {
    Ok(app.desk.approve_order(order_id).await?)
}

#[tauri::command]
pub async fn decline_order(app: State<'_, AppContext>, order_id: uuid::Uuid, reason: String) -> CommandResult<Order> {
    Ok(app.desk.decline_order(order_id, &reason).await?)
}

#[tauri::command]
pub async fn set_approval_limit(
    app: State<'_, AppContext>,
    approval_over: Option<restock_protocol::Money>,
) -> CommandResult<restock_protocol::orders::approval::ApprovalRule> {
    Ok(app.desk.set_approval_limit(approval_over).await?)
}

#[tauri::command]
pub async fn queued_orders(app: State<'_, AppContext>) -> CommandResult<Vec<QueuedOrder>> {
    Ok(app.desk.queued_orders().await?)
}

#[tauri::command]
pub async fn send_queued(app: State<'_, AppContext>) -> CommandResult<QueueReport> {
    Ok(app.desk.send_queued().await?)
}

#[tauri::command]
pub async fn dismiss_queued(app: State<'_, AppContext>, order_id: uuid::Uuid) -> CommandResult<()> {
    Ok(app.desk.dismiss_queued(order_id).await?)
}

#[tauri::command]
pub async fn promotions(app: State<'_, AppContext>) -> CommandResult<Vec<restock_protocol::promotions::Promotion>> {
    Ok(app.desk.promotions().await?)
}

/// A `data:` URL, or null when the product has no picture.
#[tauri::command]
pub async fn product_image(app: State<'_, AppContext>, product_code: String) -> CommandResult<Option<String>> {
    Ok(app.desk.product_image(&product_code).await?)
}
