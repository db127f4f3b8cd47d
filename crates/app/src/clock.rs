//! Swedish local time for people: the audit log's times and the date a page is printed, in
//! Europe/Stockholm with its summer time. The `time` crate has no time-zone database; jiff
//! carries one (bundled, so a machine without /usr/share/zoneinfo shows the same).

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The zone every time shown is in.
pub const ZONE: &str = "Europe/Stockholm";

fn zone() -> TimeZone {
    TimeZone::get(ZONE).unwrap_or(TimeZone::UTC)
}

/// Seconds since 1970 as Swedish local date and time, `2024-06-30 14:05`.
pub fn local_minute(unix_seconds: i64) -> String {
    match Timestamp::from_second(unix_seconds) {
        Ok(t) => t
            .to_zoned_datetime(zone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => unix_seconds.to_string(),
    }
}

/// Seconds since 1970 as Swedish local date and time with seconds, `2024-06-30 14:05:09`.
pub fn local_second(unix_seconds: i64) -> String {
    match Timestamp::from_second(unix_seconds) {
        Ok(t) => t
            .to_zoned_datetime(zone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => unix_seconds.to_string(),
    }
}

/// Today's date in Sweden, `2024-09-06`.
pub fn today() -> String {
    Timestamp::now()
        .to_zoned_datetime(zone())
        .date()
        .to_string()
}

/// The first second (as seconds since 1970) of a Swedish local date `y-m-d`, for filters that
/// people give as dates; `None` for a date that does not exist.
pub fn start_of_local_day(year: i16, month: i8, day: i8) -> Option<i64> {
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    let zoned = date.to_zoned_datetime(zone()).ok()?;
    Some(zoned.timestamp().as_second())
}

impl crate::App {
    /// Today in Sweden, as a day: what deadlines are measured against.
    pub fn today(&self) -> finsam_core::plan::Date {
        self.today.unwrap_or_else(|| {
            finsam_core::insats::serial::parse_day(&today()).unwrap_or(finsam_core::plan::Date::MIN)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_and_winter_time_are_swedish() {
        // 2024-06-30 12:00 UTC is 14:00 in Stockholm (CEST, +2).
        assert_eq!(local_minute(1_719_748_800), "2024-06-30 14:00");
        // 2024-01-15 12:00 UTC is 13:00 (CET, +1).
        assert_eq!(local_minute(1_705_320_000), "2024-01-15 13:00");
        // The last second of 2023 in UTC is already the new year in Sweden.
        assert_eq!(local_second(1_704_067_199), "2024-01-01 00:59:59");
    }

    #[test]
    fn a_local_day_starts_at_its_local_midnight() {
        assert_eq!(start_of_local_day(2024, 6, 30), Some(1_719_698_400));
        assert_eq!(start_of_local_day(2024, 2, 30), None);
    }
}
