//! Repeated wrong passwords: each one in a row answers a little later, and the fifth locks the
//! account for a while. A good login resets the count.

use crate::error::{HubError, HubResult};
use crate::AppState;
use restock_protocol::ErrorCode;

const LOCK_AFTER_FAILURES: i64 = 5;
const LOCK_MINUTES: i64 = 15;

/// Takes one attempt at the account before its password is checked (see `store::take_attempt`):
/// `Err` with what to answer when the account is locked and the password must not be tried.
pub(super) async fn take_attempt(state: &AppState, user_id: i64, now: i64) -> HubResult<Result<i64, HubError>> {
    let attempt = state
        .db
        .write(move |tx| {
            Box::pin(async move { super::store::take_attempt(tx, user_id, now, LOCK_AFTER_FAILURES, LOCK_MINUTES * 60_000).await })
        })
        .await?;
    Ok(attempt.map_err(|until| account_locked(state, until)))
}

/// The answer to a wrong password, the `failures`-th in a row, given a little later each time.
pub(super) async fn wrong_password(state: &AppState, user_id: i64, failures: i64, now: i64) -> HubError {
    tokio::time::sleep(std::time::Duration::from_millis(200 * failures.clamp(0, 5) as u64)).await;
    if failures >= LOCK_AFTER_FAILURES {
        tracing::warn!(user_id, failures, "account locked after repeated failed logins");
        return account_locked(state, now + LOCK_MINUTES * 60_000);
    }
    HubError::invalid_credentials()
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
