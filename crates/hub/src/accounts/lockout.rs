//! Repeated wrong passwords: each one in a row answers a little later, and the fifth locks the
//! account for a while. A good login resets the count.

use crate::error::{HubError, HubResult};
use crate::AppState;
use restock_protocol::ErrorCode;

const LOCK_AFTER_FAILURES: i64 = 5;
const LOCK_MINUTES: i64 = 15;

/// Counts a wrong password and says what to answer.
pub(super) async fn count_failure(state: &AppState, user_id: i64, failures: i64, now: i64) -> HubResult<HubError> {
    let locked_until = (failures >= LOCK_AFTER_FAILURES).then_some(now + LOCK_MINUTES * 60_000);
    state.db.write(move |tx| Box::pin(async move { super::store::count_failure(tx, user_id, locked_until).await })).await?;
    tokio::time::sleep(std::time::Duration::from_millis(200 * failures.clamp(0, 5) as u64)).await;
    Ok(match locked_until {
        Some(until) => {
            tracing::warn!(user_id, failures, "account locked after repeated failed logins");
            account_locked(state, until)
        }
        None => HubError::invalid_credentials(),
    })
}

pub(super) fn account_locked(state: &AppState, until_ms: i64) -> HubError {
    let until = crate::db::from_ms(until_ms).with_timezone(&state.calendar.zone()).format("%H:%M");
    HubError::new(
        ErrorCode::AccountLocked,
        format!(
            "too many wrong passwords: this account is locked until {until}; try again then, or ask the supplier to reset the password"
        ),
    )
}
