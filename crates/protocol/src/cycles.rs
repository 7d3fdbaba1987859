//! Ordering cycles (订货周期): on which days a customer may order and until what time. The day is the
//! supplier's, in the supplier's time zone, whatever clock the buyer's PC shows. The hub refuses
//! orders outside the window; the app shows the same window and counts down to the cutoff, with this
//! same code.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// When one customer may order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderingSchedule {
    /// ISO weekdays, 1 = Monday … 7 = Sunday. Empty: every day is an ordering day.
    pub ordering_days: Vec<u8>,
    /// The time orders close on an ordering day (e.g. 14:30). With a cutoff, an order is saved
    /// first and must be confirmed (决定购买) before it; an unconfirmed one is voided at it.
    /// Without one, the ordering day runs to midnight and an order is final when submitted.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "14:30:00"))]
    pub cutoff: Option<NaiveTime>,
}

impl OrderingSchedule {
    /// Every day, no cutoff: a dealer who orders whenever they like.
    pub fn any_day() -> Self {
        OrderingSchedule { ordering_days: Vec::new(), cutoff: None }
    }

    pub fn is_ordering_day(&self, weekday: Weekday) -> bool {
        self.ordering_days.is_empty() || self.ordering_days.contains(&(weekday.number_from_monday() as u8))
    }

    /// Orders must be confirmed before the cutoff (the tobacco-style flow).
    pub fn needs_confirmation(&self) -> bool {
        self.cutoff.is_some()
    }

    /// The days as a bit set (bit 0 = Monday), as the hub stores them; 0 means every day.
    pub fn days_mask(&self) -> i64 {
        self.ordering_days.iter().filter(|d| (1..=7).contains(*d)).fold(0, |mask, d| mask | 1 << (d - 1))
    }

    pub fn from_mask(mask: i64, cutoff: Option<NaiveTime>) -> Self {
        OrderingSchedule { ordering_days: (1..=7u8).filter(|d| mask & (1 << (d - 1)) != 0).collect(), cutoff }
    }
}

/// Why no order can be placed right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClosedReason {
    /// Today was an ordering day, and its cutoff has passed.
    CutoffPassed,
    /// Today is not one of this customer's ordering days.
    NotOrderingDay,
}

impl ClosedReason {
    /// The error an order gets outside its window, on the hub and in the desk's pre-submit check.
    pub fn error_code(self) -> crate::ErrorCode {
        match self {
            ClosedReason::CutoffPassed => crate::ErrorCode::CutoffPassed,
            ClosedReason::NotOrderingDay => crate::ErrorCode::NotOrderingDay,
        }
    }
}

/// Whether a customer can order at a given instant, and for which cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum CycleWindow {
    /// Orders are taken now, for the cycle of `cycle_date` (the ordering day, in the supplier's zone).
    #[serde(rename_all = "camelCase")]
    Open {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
        cycle_date: NaiveDate,
        /// When the cutoff falls; none when the day runs to midnight without one.
        closes_at: Option<DateTime<Utc>>,
    },
    #[serde(rename_all = "camelCase")]
    Closed {
        reason: ClosedReason,
        /// The cutoff that passed, when `reason` is `cutoff_passed`.
        closed_at: Option<DateTime<Utc>>,
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-01"))]
        next_ordering_day: NaiveDate,
    },
}

impl CycleWindow {
    pub fn open_cycle(&self) -> Option<NaiveDate> {
        match self {
            CycleWindow::Open { cycle_date, .. } => Some(*cycle_date),
            CycleWindow::Closed { .. } => None,
        }
    }
}

/// The window at `now` for a customer with `schedule`, in the supplier's zone `zone`. The cutoff
/// itself is closed: with a 14:30 cutoff, 14:29:59 is accepted and 14:30:00 refused.
pub fn window_at(schedule: &OrderingSchedule, zone: Tz, now: DateTime<Utc>) -> CycleWindow {
    let local = now.with_timezone(&zone);
    let today = local.date_naive();
    if schedule.is_ordering_day(today.weekday()) {
        match schedule.cutoff {
            None => return CycleWindow::Open { cycle_date: today, closes_at: None },
            Some(cutoff) => {
                let closes_at = local_instant(zone, today, cutoff);
                if now < closes_at {
                    return CycleWindow::Open { cycle_date: today, closes_at: Some(closes_at) };
                }
                return CycleWindow::Closed {
                    reason: ClosedReason::CutoffPassed,
                    closed_at: Some(closes_at),
                    next_ordering_day: next_ordering_day(schedule, today),
                };
            }
        }
    }
    CycleWindow::Closed { reason: ClosedReason::NotOrderingDay, closed_at: None, next_ordering_day: next_ordering_day(schedule, today) }
}

/// The first ordering day after `day`.
pub fn next_ordering_day(schedule: &OrderingSchedule, day: NaiveDate) -> NaiveDate {
    (1..=7).map(|n| day + Duration::days(n)).find(|d| schedule.is_ordering_day(d.weekday())).unwrap_or(day + Duration::days(7))
}

/// A wall-clock time on a date in `zone` as an instant. In a daylight-saving gap the first instant
/// after the gap is used; in an overlap, the earlier one.
pub fn local_instant(zone: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        chrono::LocalResult::None => zone
            .from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc)),
    }
}

/// What a user is told when an order is refused outside the window, in the supplier's zone:
/// "this cycle closed at 14:30; the next ordering day is Tuesday 2026-12-01".
pub fn closed_message(window: &CycleWindow, zone: Tz) -> Option<String> {
    let CycleWindow::Closed { reason, closed_at, next_ordering_day } = window else {
        return None;
    };
    let next = format!("{} {}", weekday_name(next_ordering_day.weekday()), next_ordering_day);
    Some(match (reason, closed_at) {
        (ClosedReason::CutoffPassed, Some(at)) => {
            format!("this cycle closed at {}; the next ordering day is {next}", at.with_timezone(&zone).format("%H:%M"))
        }
        _ => format!("today is not an ordering day; the next ordering day is {next}"),
    })
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

    fn tuesdays_1430() -> OrderingSchedule {
        OrderingSchedule { ordering_days: vec![2], cutoff: Some(NaiveTime::from_hms_opt(14, 30, 0).unwrap()) }
    }

    fn shanghai(s: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        SHANGHAI.from_local_datetime(&naive).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_worked_cutoff_example() {
        let schedule = tuesdays_1430();
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(); // a Tuesday
        let before = window_at(&schedule, SHANGHAI, shanghai("2026-11-24 14:29:59"));
        assert_eq!(before, CycleWindow::Open { cycle_date: day, closes_at: Some(shanghai("2026-11-24 14:30:00")) });
        let at = window_at(&schedule, SHANGHAI, shanghai("2026-11-24 14:30:00"));
        assert_eq!(closed_message(&at, SHANGHAI).unwrap(), "this cycle closed at 14:30; the next ordering day is Tuesday 2026-12-01");
    }

    #[test]
    fn other_days_are_closed_until_the_next_ordering_day() {
        let window = window_at(&tuesdays_1430(), SHANGHAI, shanghai("2026-11-23 09:00:00"));
        assert_eq!(
            window,
            CycleWindow::Closed {
                reason: ClosedReason::NotOrderingDay,
                closed_at: None,
                next_ordering_day: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
            }
        );
        assert_eq!(closed_message(&window, SHANGHAI).unwrap(), "today is not an ordering day; the next ordering day is Tuesday 2026-11-24");
    }

    #[test]
    fn the_supplier_day_is_not_the_utc_day() {
        // 17:00 UTC on Monday is 01:00 on Tuesday in Shanghai: Tuesday's cycle is open.
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).unwrap();
        assert_eq!(window_at(&tuesdays_1430(), SHANGHAI, now).open_cycle(), NaiveDate::from_ymd_opt(2026, 11, 24));
    }

    #[test]
    fn without_a_cutoff_every_day_is_open_all_day() {
        let now = shanghai("2026-11-23 23:59:59");
        let window = window_at(&OrderingSchedule::any_day(), SHANGHAI, now);
        assert_eq!(window, CycleWindow::Open { cycle_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), closes_at: None });
        assert!(!OrderingSchedule::any_day().needs_confirmation());
    }

    #[test]
    fn a_cutoff_in_a_daylight_saving_gap_moves_past_it() {
        // New York skips 02:00–03:00 on 2026-03-08.
        let zone = chrono_tz::America::New_York;
        let date = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let at = local_instant(zone, date, NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 3, 8, 7, 30, 0).unwrap()); // 03:30 EDT
    }

    proptest! {
        #[test]
        fn the_mask_round_trips(days in proptest::collection::btree_set(1u8..=7, 0..=7)) {
            let schedule = OrderingSchedule { ordering_days: days.into_iter().collect(), cutoff: None };
            prop_assert_eq!(OrderingSchedule::from_mask(schedule.days_mask(), None), schedule);
        }

        #[test]
        fn open_means_an_ordering_day_before_its_cutoff(
            mask in 0i64..128, minutes in 0u32..1440, offset_s in 0i64..(60 * 86_400),
        ) {
            let cutoff = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0).unwrap();
            let schedule = OrderingSchedule::from_mask(mask, Some(cutoff));
            let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(offset_s);
            let local = now.with_timezone(&SHANGHAI);
            let window = window_at(&schedule, SHANGHAI, now);
            let expect_open = schedule.is_ordering_day(local.weekday()) && local.time() < cutoff;
            prop_assert_eq!(window.open_cycle().is_some(), expect_open);
            if let CycleWindow::Closed { next_ordering_day, .. } = window {
                prop_assert!(next_ordering_day > local.date_naive());
                prop_assert!(schedule.is_ordering_day(next_ordering_day.weekday()));
                prop_assert!(next_ordering_day <= local.date_naive() + Duration::days(7));
            }
        }
    }
}
