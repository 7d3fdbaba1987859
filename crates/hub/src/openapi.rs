//! The OpenAPI description at `/openapi.json`, generated from the handlers and protocol types.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Restock hub", description = "A supplier's ordering hub. Every error is `{code, message}` with a stable code."),
    paths(crate::health,
        crate::accounts::login, crate::accounts::logout, crate::accounts::passwords::change_password,
        crate::accounts::passwords::reset_password, crate::accounts::passwords::register,
        crate::customers::staff::list, crate::customers::staff::one, crate::customers::staff::create,
        crate::customers::staff::edit, crate::customers::staff::approve, crate::customers::staff::add_user,
        crate::customers::staff::set_schedule, crate::customers::staff::set_balance, crate::customers::staff::issue_reset,
        crate::customers::access::disable_user, crate::customers::access::enable_user, crate::customers::access::suspend,
        crate::customers::access::reactivate,
        crate::customers::staff::branches,
        crate::catalogue::catalogue, crate::catalogue::changes::catalogue_changes, crate::catalogue::categories,
        crate::catalogue::staff::export, crate::catalogue::staff::import, crate::catalogue::staff::put_product,
        crate::catalogue::staff::put_image, crate::catalogue::staff::image,
        crate::pricing::list, crate::pricing::create, crate::pricing::edit, crate::pricing::end, crate::pricing::delete,
        crate::promotions::my_promotions, crate::promotions::staff::list, crate::promotions::staff::create,
        crate::promotions::staff::edit, crate::promotions::staff::end, crate::promotions::staff::delete,
        crate::supply::my_supply, crate::supply::changes::supply_changes, crate::supply::staff::set_stock,
        crate::supply::staff::untrack_stock, crate::supply::staff::set_allocation, crate::supply::staff::remove_allocation,
        crate::supply::lists::list_stock, crate::supply::lists::list_allocations,
        crate::orders::create_order, crate::orders::my_orders, crate::orders::my_order, crate::orders::lifecycle::confirm_order,
        crate::orders::lifecycle::cancel_order, crate::orders::lifecycle::change_order, crate::orders::approval::approve_order,
        crate::orders::approval::decline_order, crate::orders::approval::get_rule, crate::orders::approval::set_rule,
        crate::review::queue::list, crate::review::queue::one, crate::review::approve, crate::review::reject, crate::review::levels::get_rule,
        crate::review::levels::set_rule, crate::review::changes::cut, crate::review::changes::cancel,
        crate::announcements::announcement_changes, crate::announcements::announce, crate::announcements::withdraw_announcement,
        crate::home::home_status),
    components(schemas(restock_protocol::ErrorCode, restock_protocol::ApiError, restock_protocol::LineProblem)),
    modifiers(&BearerAuth)
)]
pub struct HubApi;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(HubApi::openapi())
}
