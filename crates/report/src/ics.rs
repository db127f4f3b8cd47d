//! The förbund's calendar as an iCalendar file (RFC 5545) for Outlook, Google's and Apple's
//! calendars: each meeting with its times in Swedish time (`TZID=Europe/Stockholm`), each
//! report's due date as a whole day. The `icalendar` crate writes the events (escaping and line
//! folding); it writes no time zone definitions, so the calendar gets [`STOCKHOLM`], a static
//! VTIMEZONE with the EU's summer-time rule (last Sunday of March to last Sunday of October),
//! which holds for every year Finsam's calendars cover (decision 0012).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use finsam_core::meeting::Clock;
use finsam_core::plan::Date;
use finsam_core::report::calendar::{Calendar, CalendarItem};
use icalendar::{CalendarDateTime, Component, EventLike};

/// The time zone the meetings' times are in.
pub const TZID: &str = "Europe/Stockholm";

/// Europe/Stockholm as a VTIMEZONE: CET, and CEST from the last Sunday of March 02:00 to the
/// last Sunday of October 03:00 (the EU's rule since 1996).
pub const STOCKHOLM: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Stockholm\r\n\
X-LIC-LOCATION:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

fn naive_date(d: Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), u32::from(u8::from(d.month())), u32::from(d.day()))
}

fn local(d: NaiveDate, c: Clock) -> Option<CalendarDateTime> {
    let (h, m) = c.hm();
    let time = NaiveTime::from_hms_opt(u32::from(h), u32::from(m), 0)?;
    Some(CalendarDateTime::WithTimezone {
        date_time: NaiveDateTime::new(d, time),
        tzid: TZID.to_owned(),
    })
}

fn event(item: &CalendarItem, stamp: i64) -> Option<icalendar::Event> {
    let day = naive_date(item.day)?;
    let mut e = icalendar::Event::new();
    e.uid(&item.uid).summary(&item.title);
    if !item.description.is_empty() {
        e.description(&item.description);
    }
    if let Some(at) = Utc.timestamp_opt(stamp, 0).single() {
        e.timestamp(at);
    }
    match (item.starts, item.ends) {
        (Some(s), Some(end)) => {
            e.starts(local(day, s)?).ends(local(day, end)?);
        }
        // A whole day ends, exclusively, at the start of the next (RFC 5545 3.6.1).
        _ => {
            e.starts(day).ends(day.succ_opt()?);
        }
    }
    Some(e.done())
}

/// The calendar as an ICS file, every event stamped `stamp` (seconds since 1970, UTC: when the
/// file was made). An item with a day the calendar cannot hold is left out.
pub fn render(calendar: &Calendar, stamp: i64) -> String {
    let mut cal = icalendar::Calendar::new();
    cal.name(&calendar.name).timezone(TZID);
    for item in &calendar.items {
        if let Some(e) = event(item, stamp) {
            cal.push(e);
        }
    }
    let text = cal.done().to_string();
    // The time zone goes before the first event, where calendar programs look for it.
    match text.find("BEGIN:VEVENT") {
        Some(at) => format!("{}{STOCKHOLM}{}", &text[..at], &text[at..]),
        None => text.replace("END:VCALENDAR", &format!("{STOCKHOLM}END:VCALENDAR")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use finsam_core::report::calendar::ItemKind;

    fn day(s: &str) -> Date {
        finsam_core::insats::serial::parse_day(s).unwrap()
    }

    fn sample() -> Calendar {
        Calendar::new(
            "SOFINT: möten och rapporter",
            vec![
                CalendarItem {
                    uid: "mote-1@finsam".into(),
                    kind: ItemKind::Meeting,
                    title: "Styrelsemöte 2024-02-16".into(),
                    day: day("2024-02-16"),
                    starts: Clock::parse("9:00"),
                    ends: Clock::parse("12:00"),
                    description: "Årsredovisning 2023; beslut, komma, semikolon".into(),
                },
                CalendarItem {
                    uid: "rapport-1-kvartalsrapport-2024-09-30@finsam".into(),
                    kind: ItemKind::ReportDue,
                    title: "Kvartalsrapport från Coachingteamet".into(),
                    day: day("2024-10-30"),
                    starts: None,
                    ends: None,
                    description: String::new(),
                },
            ],
        )
    }

    #[test]
    fn meetings_are_in_swedish_time_and_reports_whole_days() {
        let text = render(&sample(), 1_730_000_000);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(
            text.contains("DTSTART;TZID=Europe/Stockholm:20240216T090000\r\n"),
            "{text}"
        );
        assert!(
            text.contains("DTEND;TZID=Europe/Stockholm:20240216T120000\r\n"),
            "{text}"
        );
        assert!(text.contains("DTSTART;VALUE=DATE:20241030\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20241031\r\n"), "{text}");
        assert!(text.contains("UID:mote-1@finsam\r\n"), "{text}");
        assert!(
            text.contains("Årsredovisning 2023\\; beslut\\, komma\\, semikolon"),
            "{text}"
        );
        // One time zone, before the first event, and every line at most 75 octets.
        assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
        assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "{text}");
        assert!(text.contains("DTSTAMP:20241027T033320Z"), "{text}");
    }
}
