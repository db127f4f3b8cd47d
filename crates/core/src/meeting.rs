//! The board's meetings, as records: a day, a kind, a note. A decision taken by the board is a
//! decision of the meeting held on its day, under a paragraph of the minutes (decision 0010): an
//! application's decision and a plan's adoption both. The next issue builds the year's calendar
//! around them.

use crate::plan::Date;

/// What kind of meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Ordinarie styrelsemöte.
    Board,
    /// Extra styrelsemöte.
    ExtraBoard,
}

impl Kind {
    /// Every kind with its word.
    pub const ALL: [(Kind, &'static str); 2] = [
        (Kind::Board, "styrelsemote"),
        (Kind::ExtraBoard, "extra-styrelsemote"),
    ];

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
        let long = self
            .note
            .as_deref()
            .is_some_and(|n| n.chars().count() > MAX_NOTE);
        long.then(|| format!("Anteckningen får vara högst {MAX_NOTE} tecken."))
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
