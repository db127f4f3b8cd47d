//! The förbund's meetings, as records: a day, its times, a kind, a note. A decision taken by the
//! board is a decision of the board's meeting held on its day, under a paragraph of the minutes
//! (decision 0010): an application's decision and a plan's adoption both. The year's meetings
//! are the calendar (issue 13), made anew each year from last year's.

use crate::plan::Date;

/// A time of day, minutes since midnight, written `09:30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(u16);

impl Clock {
    /// Reads `9:30`, `09:30` or `9.30` (as the seed writes times).
    pub fn parse(text: &str) -> Option<Clock> {
        let (h, m) = text.trim().split_once([':', '.'])?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(Clock(h * 60 + m))
    }

    /// Hours and minutes.
    pub fn hm(self) -> (u8, u8) {
        (
            u8::try_from(self.0 / 60).unwrap_or(0),
            u8::try_from(self.0 % 60).unwrap_or(0),
        )
    }
}

impl std::fmt::Display for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (h, m) = self.hm();
        write!(f, "{h:02}:{m:02}")
    }
}

impl serde::Serialize for Clock {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Clock {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Clock, D::Error> {
        let text = String::deserialize(d)?;
        Clock::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" är ingen tid (TT:MM)")))
    }
}

impl schemars::JsonSchema for Clock {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Klockslag".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$" })
    }
}

/// What kind of meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Ordinarie styrelsemöte.
    Board,
    /// Extra styrelsemöte.
    ExtraBoard,
    /// Beredningsgruppens möte (the members' officials preparing the board's matters).
    Preparation,
    /// Medlemssamråd: the members consulted, on the draft verksamhetsplan in the autumn.
    MemberConsultation,
    /// Planeringsdag: the board and the beredningsgrupp together.
    PlanningDay,
}

impl Kind {
    /// Every kind with its word.
    pub const ALL: [(Kind, &'static str); 5] = [
        (Kind::Board, "styrelsemote"),
        (Kind::ExtraBoard, "extra-styrelsemote"),
        (Kind::Preparation, "beredningsgrupp"),
        (Kind::MemberConsultation, "medlemssamrad"),
        (Kind::PlanningDay, "planeringsdag"),
    ];

    /// Whether the board decides at it (ordinary or extra board meeting, or a planning day,
    /// where the board sits too).
    pub fn is_board(self) -> bool {
        matches!(self, Kind::Board | Kind::ExtraBoard | Kind::PlanningDay)
    }

    /// The word stored and used in forms.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the word.
    pub fn from_word(word: &str) -> Option<Kind> {
        Self::ALL
            .iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(k, _)| *k)
    }

    /// As a heading says it: "Styrelsemöte".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Board => "Styrelsemöte",
            Kind::ExtraBoard => "Extra styrelsemöte",
            Kind::Preparation => "Beredningsgrupp",
            Kind::MemberConsultation => "Medlemssamråd",
            Kind::PlanningDay => "Planeringsdag",
        }
    }
}

/// A meeting of the board.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Mote")]
pub struct Meeting {
    /// The day it is held.
    #[serde(rename = "dag", with = "crate::insats::serial::day")]
    #[schemars(with = "String")]
    pub on: Date,
    /// What kind.
    #[serde(rename = "typ")]
    pub kind: Kind,
    /// A note (the place, "digitalt"), if any.
    #[serde(rename = "anteckning", default)]
    pub note: Option<String>,
    /// When it starts and ends, if set.
    #[serde(rename = "tid", default)]
    pub times: Option<(Clock, Clock)>,
}

/// The longest note, in characters.
pub const MAX_NOTE: usize = 200;

impl Meeting {
    /// As a list names it: "Styrelsemöte 2024-09-19".
    pub fn title(&self) -> String {
        format!("{} {}", self.kind.label(), self.on)
    }

    /// What is wrong with it, in Swedish; `None` when nothing is.
    pub fn check(&self) -> Option<String> {
        if self
            .note
            .as_deref()
            .is_some_and(|n| n.chars().count() > MAX_NOTE)
        {
            return Some(format!("Anteckningen får vara högst {MAX_NOTE} tecken."));
        }
        match self.times {
            Some((starts, ends)) if ends <= starts => Some(format!(
                "Mötet slutar {ends} men börjar {starts}; skriv en sluttid efter starttiden."
            )),
            _ => None,
        }
    }

    /// The same meeting a year later: 52 weeks on, so on the same weekday (a board that meets
    /// on a Friday meets on a Friday), with its times and note.
    pub fn next_year(&self) -> Meeting {
        Meeting {
            on: self.on + time::Duration::weeks(52),
            ..self.clone()
        }
    }
}

/// A paragraph as written in minutes, tidied: "12", "§12" and "§ 12" are all "§ 12"; other
/// text is kept as written (trimmed). `None` when nothing is written.
pub fn paragraph(text: &str) -> Option<String> {
    let t = text.trim();
    let bare = t.strip_prefix('§').unwrap_or(t).trim();
    if bare.is_empty() {
        None
    } else if bare.chars().all(|c| c.is_ascii_digit()) {
        Some(format!("§ {bare}"))
    } else {
        Some(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_the_seed_writes_them_and_a_meeting_ends_after_it_starts() {
        assert_eq!(
            Clock::parse("9.00").map(|c| c.to_string()),
            Some("09:00".into())
        );
        assert_eq!(
            Clock::parse("9:30").map(|c| c.to_string()),
            Some("09:30".into())
        );
        for bad in ["24:00", "9", "9:5", "nio", ""] {
            assert_eq!(Clock::parse(bad), None, "{bad}");
        }
        let day = crate::insats::serial::parse_day("2024-02-16").unwrap();
        let at = |s: &str, e: &str| Meeting {
            on: day,
            kind: Kind::Board,
            note: None,
            times: Some((Clock::parse(s).unwrap(), Clock::parse(e).unwrap())),
        };
        assert_eq!(at("09:00", "12:00").check(), None);
        assert!(
            at("12:00", "09:00")
                .check()
                .unwrap()
                .contains("slutar 09:00")
        );
        // SOFINT's Friday 16 February 2024 is Friday 14 February 2025.
        let next = at("09:00", "12:00").next_year();
        assert_eq!(next.on.to_string(), "2025-02-14");
        assert_eq!(next.on.weekday(), day.weekday());
        let text = serde_json::to_string(&next).unwrap();
        assert!(text.contains("\"tid\":[\"09:00\",\"12:00\"]"), "{text}");
        assert_eq!(serde_json::from_str::<Meeting>(&text).unwrap(), next);
    }

    #[test]
    fn paragraphs_are_written_one_way() {
        for (text, want) in [
            ("12", Some("§ 12")),
            ("§12", Some("§ 12")),
            (" § 12 ", Some("§ 12")),
            ("§ 12 a", Some("§ 12 a")),
            ("§", None),
            ("", None),
        ] {
            assert_eq!(paragraph(text).as_deref(), want, "{text:?}");
        }
    }
}

/// What an item of a meeting's agenda handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgendaKind {
    /// An application, to be decided (by its id).
    Application(i64),
    /// A plan version, to be adopted or discussed (by its id).
    PlanVersion(i64),
    /// The reports from an insats (by its application's id).
    Reports(i64),
    /// Anything else, by its title only.
    Other,
}

impl AgendaKind {
    /// The word stored and sent by forms, with the id: `ansokan`, `plan`, `rapporter`, `ovrigt`.
    pub fn word(self) -> &'static str {
        match self {
            AgendaKind::Application(_) => "ansokan",
            AgendaKind::PlanVersion(_) => "plan",
            AgendaKind::Reports(_) => "rapporter",
            AgendaKind::Other => "ovrigt",
        }
    }

    /// The id it refers to, if any.
    pub fn reference(self) -> Option<i64> {
        match self {
            AgendaKind::Application(i) | AgendaKind::PlanVersion(i) | AgendaKind::Reports(i) => {
                Some(i)
            }
            AgendaKind::Other => None,
        }
    }

    /// From the stored word and id; `None` for a word that names nothing or a missing id.
    pub fn from_parts(word: &str, reference: Option<i64>) -> Option<AgendaKind> {
        match (word, reference) {
            ("ansokan", Some(i)) => Some(AgendaKind::Application(i)),
            ("plan", Some(i)) => Some(AgendaKind::PlanVersion(i)),
            ("rapporter", Some(i)) => Some(AgendaKind::Reports(i)),
            ("ovrigt", _) => Some(AgendaKind::Other),
            _ => None,
        }
    }
}

/// An item of a meeting's agenda (dagordning).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaItem {
    /// What it handles.
    pub kind: AgendaKind,
    /// Its title: "Beslut om Hälsosteget (2024/2)".
    pub title: String,
}

/// The longest title of an agenda item, in characters.
pub const MAX_AGENDA_TITLE: usize = 200;
