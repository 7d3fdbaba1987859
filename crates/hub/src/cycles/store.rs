//! A customer's ordering schedule as stored: a mask of weekdays and a cutoff in minutes after
//! midnight (the supplier's zone).

use crate::error::{HubError, HubResult};
use chrono::{NaiveTime, Timelike};
use restock_protocol::cycles::OrderingSchedule;
use sqlx::AnyConnection;

pub async fn schedule_of(conn: &mut AnyConnection, customer_id: i64) -> HubResult<OrderingSchedule> {
    let (days, cutoff_minute): (i64, Option<i64>) =
        sqlx::query_as("SELECT ordering_days, cutoff_minute FROM customers WHERE id = $1").bind(customer_id).fetch_one(&mut *conn).await?;
    if cutoff_minute.is_some_and(|m| !(0..24 * 60).contains(&m)) {
        return Err(HubError::Internal(format!("customer {customer_id}: the stored cutoff minute {cutoff_minute:?} is not a time of day")));
    }
    Ok(schedule_from(days, cutoff_minute))
}

/// The schedule from its stored columns; a cutoff outside the day is no cutoff (never stored: see
/// `schedule_columns`).
pub fn schedule_from(days: i64, cutoff_minute: Option<i64>) -> OrderingSchedule {
    let cutoff = cutoff_minute.and_then(|m| NaiveTime::from_num_seconds_from_midnight_opt(u32::try_from(m * 60).ok()?, 0));
    OrderingSchedule::from_mask(days, cutoff)
}

/// (ordering days mask, cutoff minute) as stored.
pub fn schedule_columns(schedule: &OrderingSchedule) -> (i64, Option<i64>) {
    (schedule.days_mask(), schedule.cutoff.map(|t| i64::from(t.hour() * 60 + t.minute())))
}
