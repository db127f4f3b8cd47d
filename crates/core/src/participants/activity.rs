//! What an insats and the förbund do besides counting participants (issue 14, point 6): a log
//! of activities (study visits, workshops, information rounds, knowledge activities), countable
//! by goals such as "at least four knowledge activities in the year", and an insats's staffing
//! over time in full-time equivalents (SOFINT's Coachingteamet: 3,5 coaches and 0,5
//! coordinator until February, 2,5 coaches from March, 0,4 more from September).

use crate::plan::Date;

/// The kinds of activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActivityKind {
    /// A study visit, received or made.
    StudyVisit,
    /// A workshop.
    Workshop,
    /// An information round or meeting.
    Information,
    /// A knowledge activity: a lecture, a training day, a conference.
    Knowledge,
    /// A network meeting.
    Network,
    /// Anything else.
    Other,
}

impl ActivityKind {
    /// Every kind with its word.
    pub const ALL: [(ActivityKind, &'static str); 6] = [
        (ActivityKind::StudyVisit, "studiebesok"),
        (ActivityKind::Workshop, "workshop"),
        (ActivityKind::Information, "information"),
        (ActivityKind::Knowledge, "kunskap"),
        (ActivityKind::Network, "natverk"),
        (ActivityKind::Other, "annat"),
    ];

    /// The stored word.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("annat", |(_, w)| w)
    }

    /// Reads the stored word.
    pub fn from_word(word: &str) -> Option<ActivityKind> {
        Self::ALL
            .iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(k, _)| *k)
    }

    /// As people say it.
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::StudyVisit => "Studiebesök",
            ActivityKind::Workshop => "Workshop",
            ActivityKind::Information => "Informationsinsats",
            ActivityKind::Knowledge => "Kunskapshöjande aktivitet",
            ActivityKind::Network => "Nätverksträff",
            ActivityKind::Other => "Annat",
        }
    }
}

/// One activity: when, what kind, of which insats (none: the förbund's own), and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// The day.
    pub on: Date,
    /// The kind.
    pub kind: ActivityKind,
    /// The insats's application id, or none for the förbund's own.
    pub insats: Option<i64>,
    /// What happened, in a sentence.
    pub text: String,
}

/// The longest activity text, in characters.
pub const MAX_TEXT: usize = 500;

/// How many of `activities` fall from `from` to `to`, of `kind` when given.
pub fn count(activities: &[Activity], from: Date, to: Date, kind: Option<ActivityKind>) -> u64 {
    activities
        .iter()
        .filter(|a| a.on >= from && a.on <= to && kind.is_none_or(|k| k == a.kind))
        .count() as u64
}

/// A staffing change: from a day, a role has this many full-time equivalents (in hundredths:
/// 350 is 3,5), until a later entry for the same role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staffing {
    /// The first day it holds.
    pub from: Date,
    /// The role ("Coach", "Samordnare").
    pub role: String,
    /// Full-time equivalents in hundredths.
    pub fte: u32,
}

/// Each role's full-time equivalents on `day` (its latest entry on or before it), by role.
pub fn staffing_on(entries: &[Staffing], day: Date) -> Vec<(String, u32)> {
    let mut out: Vec<(String, (Date, u32))> = Vec::new();
    for e in entries.iter().filter(|e| e.from <= day) {
        match out.iter_mut().find(|(r, _)| r == &e.role) {
            Some((_, (since, fte))) if e.from >= *since => {
                *since = e.from;
                *fte = e.fte;
            }
            Some(_) => {}
            None => out.push((e.role.clone(), (e.from, e.fte))),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(r, (_, f))| (r, f)).collect()
}

/// The total full-time equivalents on `day`, in hundredths.
pub fn total_on(entries: &[Staffing], day: Date) -> u32 {
    staffing_on(entries, day).iter().map(|(_, f)| f).sum()
}

/// Full-time equivalents in words: 350 is "3,5", 40 is "0,4".
pub fn fte_words(hundredths: u32) -> String {
    crate::format::hundredths(i64::from(hundredths))
}

/// Full-time equivalents from a form ("3,5", "0.4", "2"), in hundredths, or why not.
pub fn parse_fte(text: &str) -> Result<u32, String> {
    let t = text.trim().replace('.', ",");
    let value = crate::goals::Quantity::parse(&t.replace(',', "."))
        .or_else(|_| crate::goals::Quantity::parse(&t))
        .map_err(|_| {
            format!(
                "\"{}\" är inget antal heltidstjänster; skriv t.ex. 2,5.",
                text.trim()
            )
        })?;
    let h = value.hundredths();
    if !(0..=100_000).contains(&h) {
        return Err(format!(
            "\"{}\" heltidstjänster går inte; skriv ett tal från 0 till 1 000.",
            text.trim()
        ));
    }
    u32::try_from(h).map_err(|_| "för stort".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        crate::insats::serial::parse_day(text).expect("a day")
    }

    /// Coachingteamet's staffing in 2024 as the interim report tells it.
    fn coaching() -> Vec<Staffing> {
        [
            ("2024-01-01", "Coach", 350),
            ("2024-01-01", "Samordnare", 50),
            ("2024-03-01", "Coach", 250),
            ("2024-09-01", "Förstärkning", 40),
        ]
        .into_iter()
        .map(|(d, r, f)| Staffing {
            from: day(d),
            role: r.into(),
            fte: f,
        })
        .collect()
    }

    #[test]
    fn coachingteamets_staffing_over_2024() {
        let s = coaching();
        assert_eq!(fte_words(total_on(&s, day("2024-02-29"))), "4");
        assert_eq!(fte_words(total_on(&s, day("2024-03-01"))), "3");
        assert_eq!(fte_words(total_on(&s, day("2024-09-01"))), "3,4");
        assert_eq!(
            staffing_on(&s, day("2024-02-01")),
            [("Coach".to_owned(), 350), ("Samordnare".to_owned(), 50)]
        );
        assert_eq!(total_on(&s, day("2023-12-31")), 0);
    }

    #[test]
    fn full_time_equivalents_read_with_a_comma_or_a_point() {
        assert_eq!(parse_fte("3,5"), Ok(350));
        assert_eq!(parse_fte("0.4"), Ok(40));
        assert_eq!(parse_fte("2"), Ok(200));
        assert!(parse_fte("tre").unwrap_err().contains("inget antal"));
        assert!(parse_fte("-1").is_err());
    }

    #[test]
    fn activities_are_counted_by_period_and_kind() {
        let a = |d: &str, k| Activity {
            on: day(d),
            kind: k,
            insats: None,
            text: String::new(),
        };
        let log = [
            a("2024-01-15", ActivityKind::StudyVisit),
            a("2024-02-10", ActivityKind::Knowledge),
            a("2024-05-20", ActivityKind::Knowledge),
            a("2024-08-01", ActivityKind::Workshop),
        ];
        let (from, mid, to) = (day("2024-01-01"), day("2024-06-30"), day("2024-12-31"));
        assert_eq!(count(&log, from, to, None), 4);
        assert_eq!(count(&log, from, mid, None), 3);
        assert_eq!(count(&log, from, to, Some(ActivityKind::Knowledge)), 2);
        for (k, w) in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_word(w), Some(k));
        }
    }
}
