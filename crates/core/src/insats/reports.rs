//! The reports a granted insats owes (issue 13): the kinds and their intervals are the
//! förbund's settings (monthly participant figures, quarterly reports, a final report), and
//! each granted insats gets its schedule from its decision: every period of the kind's
//! interval that the insats runs in and that ends on or after the decision, due a number of
//! days after the period ends. Calendar months, quarters, half-years and years, cut to the
//! insats's own months; the final report covers the whole insats.
//!
//! A report is received or not here (the figures it carries are the participants issue's);
//! how a due date stands on a day is [`Standing`], the same as the application deadlines'.

use super::deadlines::{Deadline, Kind as DeadlineKind, Standing};
use super::months::Period;
use crate::actuals::period::{month_end, month_start};
use crate::budget::YearMonth;
use crate::plan::Date;

/// How often a kind of report is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Interval {
    /// Every calendar month.
    Monthly,
    /// Every calendar quarter.
    Quarterly,
    /// Every half-year (January–June, July–December).
    HalfYearly,
    /// Every calendar year.
    Yearly,
    /// Once, when the insats ends.
    Final,
}

impl Interval {
    /// Every interval with its word.
    pub const ALL: [(Interval, &'static str); 5] = [
        (Interval::Monthly, "manad"),
        (Interval::Quarterly, "kvartal"),
        (Interval::HalfYearly, "halvar"),
        (Interval::Yearly, "ar"),
        (Interval::Final, "slut"),
    ];

    /// The word: `kvartal`.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(i, _)| *i == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the word, or the label people write ("kvartal", "halvår", "år", "slutet").
    pub fn from_word(word: &str) -> Option<Interval> {
        let w = word.trim().to_lowercase();
        Self::ALL
            .iter()
            .find(|(i, word)| *word == w || i.label() == w)
            .map(|(i, _)| *i)
            .or(match w.as_str() {
                "månad" | "månatlig" | "månadsvis" => Some(Interval::Monthly),
                "halvår" => Some(Interval::HalfYearly),
                "år" | "årlig" => Some(Interval::Yearly),
                "slutet" | "slutrapport" => Some(Interval::Final),
                _ => None,
            })
    }

    /// The Swedish word a form shows and reads back: "månad", "kvartal", "halvår", "år", "slut".
    pub fn noun(self) -> &'static str {
        match self {
            Interval::Monthly => "månad",
            Interval::Quarterly => "kvartal",
            Interval::HalfYearly => "halvår",
            Interval::Yearly => "år",
            Interval::Final => "slut",
        }
    }

    /// As a sentence says it: "varje kvartal".
    pub fn label(self) -> &'static str {
        match self {
            Interval::Monthly => "varje månad",
            Interval::Quarterly => "varje kvartal",
            Interval::HalfYearly => "varje halvår",
            Interval::Yearly => "varje år",
            Interval::Final => "vid insatsens slut",
        }
    }

    /// Months in a period of it (none for the final report).
    fn months(self) -> Option<u8> {
        match self {
            Interval::Monthly => Some(1),
            Interval::Quarterly => Some(3),
            Interval::HalfYearly => Some(6),
            Interval::Yearly => Some(12),
            Interval::Final => None,
        }
    }
}

/// A kind of report the förbund asks of its insatser.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Rapportslag")]
pub struct ReportKind {
    /// Its name ("Kvartalsrapport").
    #[serde(rename = "namn")]
    pub name: String,
    /// How often.
    #[serde(rename = "intervall")]
    pub interval: Interval,
    /// Days after the period's end it is due.
    #[serde(rename = "dagar_efter")]
    pub days_after: u16,
}

/// The most days after a period a report may be due.
pub const MAX_DAYS_AFTER: u16 = 365;

/// The kinds a förbund has before it sets its own (decision 0012): participant figures by the
/// 15th of the next month, a quarterly report a month after the quarter, a final report two
/// months after the insats ends.
pub fn default_kinds() -> Vec<ReportKind> {
    vec![
        ReportKind {
            name: "Deltagaruppgifter".into(),
            interval: Interval::Monthly,
            days_after: 15,
        },
        ReportKind {
            name: "Kvartalsrapport".into(),
            interval: Interval::Quarterly,
            days_after: 30,
        },
        ReportKind {
            name: "Slutrapport".into(),
            interval: Interval::Final,
            days_after: 60,
        },
    ]
}

/// One report due from one insats.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DueReport {
    /// The kind's name.
    pub kind: String,
    /// The first day of the period it covers.
    pub from: Date,
    /// The last day of the period it covers.
    pub to: Date,
    /// The day it is due.
    pub due: Date,
}

impl DueReport {
    /// Its due date with the day it came, if it has, to stand on a day like any deadline.
    pub fn deadline(&self, received: Option<Date>) -> Deadline {
        Deadline {
            kind: DeadlineKind::Report,
            due: self.due,
            met: received,
        }
    }

    /// How it stands on `today`, received on `received` or not.
    pub fn standing(&self, received: Option<Date>, today: Date) -> Standing {
        self.deadline(received).standing(today)
    }

    /// The period in words: "2024-04-01–2024-06-30".
    pub fn period(&self) -> String {
        format!("{}–{}", self.from, self.to)
    }
}

/// The reports an insats running `period`, granted on `decided`, owes under `kinds`, by due
/// date. Periods that ended before the decision are not asked for.
pub fn schedule(period: Period, decided: Date, kinds: &[ReportKind]) -> Vec<DueReport> {
    let start = month_start(period.from);
    let end = month_end(period.to);
    let mut out = Vec::new();
    for kind in kinds {
        let due_after = |to: Date| to.saturating_add(time::Duration::days(kind.days_after.into()));
        let Some(step) = kind.interval.months() else {
            out.push(DueReport {
                kind: kind.name.clone(),
                from: start,
                to: end,
                due: due_after(end),
            });
            continue;
        };
        // The calendar period holding the insats's first month, then on by whole periods.
        let first_month = (period.from.month - 1) / step * step + 1;
        let mut chunk = YearMonth {
            year: period.from.year,
            month: first_month,
        };
        while chunk <= period.to && out.len() < 5_000 {
            let mut last = chunk;
            for _ in 1..step {
                last = last.next();
            }
            let from = month_start(chunk).max(start);
            let to = month_end(last).min(end);
            if to >= decided {
                out.push(DueReport {
                    kind: kind.name.clone(),
                    from,
                    to,
                    due: due_after(to),
                });
            }
            chunk = last.next();
        }
    }
    out.sort_by(|a, b| (a.due, &a.kind, a.from).cmp(&(b.due, &b.kind, b.from)));
    out
}

/// What is wrong with a list of kinds, in Swedish (empty when nothing is): every kind named,
/// once, and due within a year of its period.
pub fn check_kinds(kinds: &[ReportKind]) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    if kinds.len() > super::settings::MAX_ITEMS {
        out.push(format!("Högst {} rapportslag.", super::settings::MAX_ITEMS));
    }
    for k in kinds {
        let name = k.name.trim();
        if name.is_empty() || name.chars().count() > super::settings::MAX_TEXT {
            out.push(format!(
                "Ge varje rapportslag ett namn (högst {} tecken).",
                super::settings::MAX_TEXT
            ));
        } else if !seen.insert(name.to_lowercase()) {
            out.push(format!("Rapportslaget \"{name}\" står två gånger."));
        }
        if k.days_after > MAX_DAYS_AFTER {
            out.push(format!(
                "\"{name}\": högst {MAX_DAYS_AFTER} dagar efter perioden, inte {}.",
                k.days_after
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        super::super::serial::parse_day(s).unwrap()
    }

    fn month(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    fn kind(interval: Interval, days: u16) -> ReportKind {
        ReportKind {
            name: interval.label().into(),
            interval,
            days_after: days,
        }
    }

    #[test]
    fn quarters_are_calendar_quarters_cut_to_the_insats() {
        // February 2024 to January 2025, granted on 12 January 2024.
        let period = Period::new(month("2024-02"), month("2025-01")).unwrap();
        let due = schedule(period, day("2024-01-12"), &[kind(Interval::Quarterly, 30)]);
        let periods: Vec<String> = due.iter().map(DueReport::period).collect();
        assert_eq!(
            periods,
            [
                "2024-02-01–2024-03-31",
                "2024-04-01–2024-06-30",
                "2024-07-01–2024-09-30",
                "2024-10-01–2024-12-31",
                "2025-01-01–2025-01-31"
            ]
        );
        assert_eq!(due[0].due, day("2024-04-30"));
        assert_eq!(due[4].due, day("2025-03-02"));
    }

    #[test]
    fn periods_ended_before_the_decision_are_not_asked_for() {
        let period = Period::new(month("2023-01"), month("2024-12")).unwrap();
        let due = schedule(
            period,
            day("2024-05-31"),
            &[kind(Interval::Monthly, 15), kind(Interval::Final, 60)],
        );
        assert_eq!(due.len(), 8 + 1, "May to December, and the final report");
        assert_eq!(due[0].from, day("2024-05-01"));
        assert_eq!(due[0].due, day("2024-06-15"));
        let last = due.last().unwrap();
        assert_eq!((last.from, last.to), (day("2023-01-01"), day("2024-12-31")));
        assert_eq!(last.due, day("2025-03-01"));
    }

    #[test]
    fn half_years_and_years_follow_the_calendar() {
        let period = Period::new(month("2024-05"), month("2025-08")).unwrap();
        let halves = schedule(period, day("2024-01-01"), &[kind(Interval::HalfYearly, 0)]);
        let to: Vec<String> = halves.iter().map(|d| d.to.to_string()).collect();
        assert_eq!(to, ["2024-06-30", "2024-12-31", "2025-06-30", "2025-08-31"]);
        let years = schedule(period, day("2024-01-01"), &[kind(Interval::Yearly, 0)]);
        assert_eq!(years.len(), 2);
    }

    #[test]
    fn a_received_report_stands_like_a_met_deadline() {
        let r = DueReport {
            kind: "Kvartalsrapport".into(),
            from: day("2024-04-01"),
            to: day("2024-06-30"),
            due: day("2024-07-30"),
        };
        assert_eq!(r.standing(None, day("2024-08-02")), Standing::Overdue(3));
        assert_eq!(r.standing(None, day("2024-07-20")), Standing::DueSoon(10));
        assert_eq!(
            r.standing(Some(day("2024-07-29")), day("2024-09-01")),
            Standing::MetInTime
        );
        assert_eq!(
            r.standing(Some(day("2024-08-05")), day("2024-09-01")),
            Standing::MetLate
        );
    }

    #[test]
    fn kinds_are_named_once_and_read_by_their_words() {
        let mut kinds = default_kinds();
        assert!(check_kinds(&kinds).is_empty());
        kinds.push(ReportKind {
            name: " kvartalsrapport ".into(),
            interval: Interval::Quarterly,
            days_after: 400,
        });
        assert_eq!(check_kinds(&kinds).len(), 2, "{:?}", check_kinds(&kinds));
        assert_eq!(Interval::from_word("halvår"), Some(Interval::HalfYearly));
        assert_eq!(Interval::from_word(" Kvartal"), Some(Interval::Quarterly));
        assert_eq!(Interval::from_word(""), None);
        for (i, w) in Interval::ALL {
            assert_eq!(Interval::from_word(w), Some(i));
            assert_eq!(Interval::from_word(i.label()), Some(i));
            assert_eq!(Interval::from_word(i.noun()), Some(i));
        }
    }
}
