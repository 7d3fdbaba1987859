//! Waiting: every wait in the tests is bounded, and says what it waited for when it gives up.

use anyhow::{anyhow, Result};
use std::time::{Duration, Instant};

/// How long any one wait may take (RESTOCK_E2E_TIMEOUT_SECS, default 30 s).
pub fn timeout() -> Duration {
    let secs = std::env::var("RESTOCK_E2E_TIMEOUT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    Duration::from_secs(secs)
}

/// Longer waits: the app's first start, and the first catalogue sync.
pub fn long_timeout() -> Duration {
    timeout() * 2
}

/// Try `attempt` every 250 ms until it gives a value or `limit` has passed. Errors count as "not
/// yet" (elements re-render under our feet) and the last one is reported on timeout.
pub async fn poll<T>(what: &str, limit: Duration, mut attempt: impl AsyncFnMut() -> Result<Option<T>>) -> Result<T> {
    let deadline = Instant::now() + limit;
    let mut last_error: Option<anyhow::Error> = None;
    loop {
        match attempt().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last_error = Some(e),
        }
        if Instant::now() >= deadline {
            return Err(match last_error {
                Some(e) => {
                    anyhow!("timed out after {limit:?} waiting for {what} (last error: {e:#})")
                }
                None => anyhow!("timed out after {limit:?} waiting for {what}"),
            });
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
