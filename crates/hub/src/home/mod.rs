//! The customer's home screen in one request: this cycle and its orders, the money left, the
//! supplier's announcements and last cycle's short items.

pub mod store;

use crate::accounts::CustomerUser;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use restock_protocol::cycles::CycleWindow;
use restock_protocol::home::HomeStatus;
use restock_protocol::routes;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route(routes::HOME, axum::routing::get(home_status))
        .route(routes::HOME_BEFORE_RENAME, axum::routing::get(home_status))
}

#[utoipa::path(get, path = "/api/v1/home", tag = "home", security(("bearer" = [])),
    responses((status = 200, body = HomeStatus),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn home_status(State(state): State<AppState>, customer: CustomerUser) -> HubResult<Json<HomeStatus>> {
    let mut conn = state.db.pool.acquire().await?;
    let schedule = crate::cycles::schedule_of(&mut conn, customer.customer_id).await?;
    let cycle = crate::cycles::window(&schedule, &state.calendar);
    let today = state.calendar.today();
    let (shown_cycle, next_cycle) = match &cycle {
        CycleWindow::Open { cycle_date, .. } => (Some(*cycle_date), *cycle_date),
        CycleWindow::Closed { next_ordering_day, .. } => {
            (store::latest_cycle(&mut conn, customer.customer_id, today, false).await?, *next_ordering_day)
        }
    };
    let cycle_orders = match shown_cycle {
        Some(day) => store::cycle_orders(&mut conn, customer.customer_id, day).await?,
        None => Vec::new(),
    };
    // Short items come from the last cycle before the one being ordered for.
    let before = next_cycle.pred_opt().unwrap_or(next_cycle);
    let mut short_items = match store::latest_cycle(&mut conn, customer.customer_id, before, true).await? {
        Some(day) => store::short_items(&mut conn, customer.customer_id, day).await?,
        None => Vec::new(),
    };
    // Once this cycle's orders hold a short product again, it is no longer offered.
    let ordered_now = store::ordered_in_cycle(&mut conn, customer.customer_id, next_cycle).await?;
    short_items.retain(|item| !ordered_now.contains(&item.product_code));
    Ok(Json(HomeStatus {
        now: state.calendar.now(),
        time_zone: state.calendar.zone().name().to_owned(),
        balance: crate::ledger::balance_of(&mut conn, customer.customer_id).await?,
        announcements: crate::announcements::current(&mut conn, &customer.account.tier, state.calendar.now_ms()).await?,
        company: crate::orders::approval::company_approval(&customer),
        account: customer.account,
        schedule,
        cycle,
        cycle_orders,
        short_items,
        offline: false,
    }))
}
