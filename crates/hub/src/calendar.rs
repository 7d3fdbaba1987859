//! The supplier's clock and time zone. Ordering days, cutoffs and price validity are all read in the
//! supplier's zone (chrono-tz), whatever zone the server runs in.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Calendar {
    zone: Tz,
    /// Added to the system clock. Zero in production; tests and demos move the hub's "now" to a
    /// chosen instant (say, one second before a cutoff) and let it run on from there.
    offset_ns: Arc<AtomicI64>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::new(chrono_tz::Asia::Shanghai)
    }
}

impl Calendar {
    pub fn new(zone: Tz) -> Self {
        Calendar { zone, offset_ns: Arc::new(AtomicI64::new(0)) }
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::nanoseconds(self.offset_ns.load(Ordering::Relaxed))
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// The supplier's calendar day now.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.zone).date_naive()
    }

    /// From now on the clock reads `instant` and runs on from it. Every clone sees the change.
    /// Nanoseconds, so the clock never reads even a millisecond before `instant` (a test that sets
    /// 14:30:00 must not see 14:29:59.999).
    pub fn pretend_now(&self, instant: DateTime<Utc>) {
        let offset = (instant - Utc::now()).num_nanoseconds().unwrap_or(0);
        self.offset_ns.store(offset, Ordering::Relaxed);
    }
}
