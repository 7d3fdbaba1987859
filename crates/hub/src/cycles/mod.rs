//! Ordering cycles on the hub: which cycle an order belongs to, refusing orders outside the window,
//! and voiding (作废) orders left unconfirmed at the cutoff.

pub mod store;

use crate::calendar::Calendar;
use crate::db::Db;
use crate::error::{HubError, HubResult};
use chrono::NaiveDate;
use restock_protocol::cycles::{closed_message, window_at, ClosedReason, CycleWindow, OrderingSchedule};
use std::time::Duration;

/// The user the hub's own actions are recorded as (migration 0004 creates it).
pub const HUB_USERNAME: &str = "hub";

pub use store::schedule_of;

pub fn window(schedule: &OrderingSchedule, calendar: &Calendar) -> CycleWindow {
    window_at(schedule, calendar.zone(), calendar.now())
}

/// The open cycle and when it closes (ms), or the error a user sees outside the window.
pub fn require_open(schedule: &OrderingSchedule, calendar: &Calendar) -> HubResult<(NaiveDate, Option<i64>)> {
    let window = window(schedule, calendar);
    match window {
        CycleWindow::Open { cycle_date, closes_at } => Ok((cycle_date, closes_at.map(|t| t.timestamp_millis()))),
        CycleWindow::Closed { reason, .. } => Err(closed_error(reason, closed_message(&window, calendar.zone()).unwrap_or_default())),
    }
}

pub fn closed_error(reason: ClosedReason, message: String) -> HubError {
    HubError::new(reason.error_code(), message)
}

/// Refuses a change to an order whose cycle has closed, naming the cutoff and the next ordering day.
pub fn require_before_cutoff(closes_at_ms: Option<i64>, schedule: &OrderingSchedule, calendar: &Calendar) -> HubResult<()> {
    match closes_at_ms {
        Some(closes) if calendar.now_ms() >= closes => {
            let window = window(schedule, calendar);
            let message = match &window {
                CycleWindow::Closed { .. } => closed_message(&window, calendar.zone()).unwrap_or_default(),
                // The order's cycle closed and a new one is open: the order itself is locked.
                CycleWindow::Open { .. } => "this order's cycle has closed; it can no longer be changed".to_owned(),
            };
            Err(closed_error(ClosedReason::CutoffPassed, message))
        }
        _ => Ok(()),
    }
}

/// Voids every saved order, and every one still awaiting the company's approval, whose cutoff has
/// passed, and records it once. Safe to run twice and on several hubs at once: the conditional
/// UPDATE decides which run voids which order, and only that run writes the event.
pub async fn void_overdue(db: &Db, calendar: &Calendar) -> HubResult<u64> {
    let now = calendar.now_ms();
    let count = db.write(move |tx| Box::pin(async move { crate::orders::store::void_overdue(tx, now, HUB_USERNAME).await })).await?;
    if count > 0 {
        tracing::info!(count, "voided orders not confirmed or approved by their cutoff");
    }
    Ok(count)
}

/// Runs `void_overdue` every `every` until the process ends. Confirmations check the cutoff
/// themselves, so a late run never lets an order through; it only makes "voided" visible.
pub fn spawn_voiding(db: Db, calendar: Calendar, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(e) = void_overdue(&db, &calendar).await {
                tracing::warn!(error = %e, "voiding overdue orders failed; will retry");
            }
        }
    })
}
