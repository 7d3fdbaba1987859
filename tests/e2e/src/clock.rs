//! Calendar arithmetic for tests that set the hub's clock (`--pretend-now`): days, weekdays and
//! RFC 3339 instants with a numeric offset, on the proleptic Gregorian calendar. Kept to std (the
//! hub's own calendar code is what is under test, not a second copy of chrono).

use anyhow::{bail, Context, Result};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Shanghai's offset from UTC (China keeps no daylight saving time).
pub const SHANGHAI_OFFSET_SECS: i64 = 8 * 3600;

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number (days since 1970-01-01).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
pub fn iso_weekday(day: i64) -> u32 {
    ((day + 3).rem_euclid(7) + 1) as u32
}

/// "2026-12-01" for a day number.
pub fn date_string(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// An instant written with a UTC offset, as `--pretend-now` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfc3339 {
    /// Seconds since the Unix epoch.
    pub unix: i64,
    /// The offset it is written in, in seconds east of UTC.
    pub offset: i64,
}

impl Rfc3339 {
    /// `at` seconds after local midnight of `day` (a day number in the zone of `offset`).
    pub fn local(day: i64, at: i64, offset: i64) -> Rfc3339 {
        Rfc3339 { unix: day * 86_400 + at - offset, offset }
    }

    /// Parses "YYYY-MM-DDTHH:MM:SS(+|-)HH:MM" or "…Z" (no fractions).
    pub fn parse(text: &str) -> Result<Rfc3339> {
        let bad = || format!("{text:?} is not an RFC 3339 instant like 2026-12-01T10:00:00+08:00");
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            bail!(bad());
        }
        let num = |from: usize, to: usize| -> Result<i64> { text[from..to].parse::<i64>().with_context(bad) };
        let (y, mo, d, h, mi, s) = (num(0, 4)?, num(5, 7)?, num(8, 10)?, num(11, 13)?, num(14, 16)?, num(17, 19)?);
        let offset = match &text[19..] {
            "Z" | "z" => 0,
            zone if zone.len() == 6 && (zone.starts_with('+') || zone.starts_with('-')) && &zone[3..4] == ":" => {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                sign * (num(20, 22)? * 3600 + num(23, 25)? * 60)
            }
            _ => bail!(bad()),
        };
        let day = days_from_civil(y, mo as u32, d as u32);
        Ok(Rfc3339::local(day, h * 3600 + mi * 60 + s, offset))
    }

    pub fn plus_seconds(self, seconds: i64) -> Rfc3339 {
        Rfc3339 { unix: self.unix + seconds, offset: self.offset }
    }

    pub fn unix_ms(self) -> i64 {
        self.unix * 1000
    }

    /// The day number of its date in its own offset.
    pub fn local_day(self) -> i64 {
        (self.unix + self.offset).div_euclid(86_400)
    }
}

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.unix + self.offset;
        let secs = local.rem_euclid(86_400);
        let (h, mi, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
        let sign = if self.offset < 0 { '-' } else { '+' };
        let off = self.offset.abs();
        write!(f, "{}T{h:02}:{mi:02}:{s:02}{sign}{:02}:{:02}", date_string(local.div_euclid(86_400)), off / 3600, off % 3600 / 60)
    }
}

/// Today's day number in Shanghai, on this machine's clock.
pub fn shanghai_today() -> i64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    (now + SHANGHAI_OFFSET_SECS).div_euclid(86_400)
}

/// The first day on or after `from` that falls on ISO weekday `weekday`.
pub fn next_weekday(from: i64, weekday: u32) -> i64 {
    (from..from + 7).find(|d| iso_weekday(*d) == weekday).expect("a week has every weekday")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants() {
        let day = days_from_civil(2026, 12, 1);
        assert_eq!(civil_from_days(day), (2026, 12, 1));
        assert_eq!(iso_weekday(day), 2, "2026-12-01 is a Tuesday");
        assert_eq!(iso_weekday(0), 4, "1970-01-01 was a Thursday");
        assert_eq!(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28), 2);
        let t = Rfc3339::parse("2026-12-01T10:00:00+08:00").unwrap();
        assert_eq!(t.to_string(), "2026-12-01T10:00:00+08:00");
        assert_eq!(t.unix, Rfc3339::parse("2026-12-01T02:00:00Z").unwrap().unix);
        assert_eq!(t.plus_seconds(15 * 3600).to_string(), "2026-12-02T01:00:00+08:00");
        assert_eq!(t.local_day(), day);
        assert_eq!(Rfc3339::local(day, 10 * 3600, SHANGHAI_OFFSET_SECS), t);
        assert_eq!(next_weekday(days_from_civil(2026, 11, 25), 2), day);
        assert_eq!(next_weekday(day, 2), day);
        assert!(Rfc3339::parse("2026-12-01 10:00").is_err());
    }
}
