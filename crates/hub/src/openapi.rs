//! The OpenAPI description at `/openapi.json`, generated from the handlers and protocol types.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Restock hub", description = "A supplier's ordering hub. Every error is `{code, message}` with a stable code."),
    paths(crate::health, crate::auth::login, crate::auth::logout, crate::catalogue::catalogue, crate::catalogue::changes::catalogue_changes, crate::orders::create_order, crate::orders::my_orders,
        crate::orders::my_order, crate::orders::lifecycle::confirm_order, crate::orders::lifecycle::cancel_order, crate::orders::lifecycle::change_order,
        crate::orders::approval::approve_order, crate::orders::approval::decline_order, crate::orders::approval::get_rule, crate::orders::approval::set_rule,
        crate::supply::my_supply, crate::supply::changes::supply_changes, crate::desk::desk_status, crate::desk::announcements::announcement_changes,
        crate::auth::accounts::change_password, crate::auth::accounts::reset_password, crate::auth::accounts::register,
        crate::admin::customers::list, crate::admin::customers::create, crate::admin::customers::approve, crate::admin::customers::add_user,
        crate::admin::customers::set_schedule, crate::admin::customers::set_balance, crate::admin::customers::issue_reset,
        crate::admin::supply::set_stock, crate::admin::supply::set_allocation, crate::admin::supply::announce,
        crate::admin::supply::untrack_stock, crate::admin::supply::remove_allocation, crate::admin::supply::withdraw_announcement,
        crate::admin::orders::list, crate::admin::orders::approve, crate::admin::orders::reject,
        crate::admin::review::get_rule, crate::admin::review::set_rule,
        crate::admin::catalogue::export, crate::admin::catalogue::import, crate::admin::catalogue::put_product,
        crate::admin::catalogue::put_image, crate::admin::catalogue::image,
        crate::promotions::my_promotions, crate::promotions::create, crate::catalogue::categories,
        crate::admin::prices::list, crate::admin::prices::create, crate::admin::prices::delete),
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
