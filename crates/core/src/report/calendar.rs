//! The förbund's year as a calendar (issue 13): its meetings and the days reports are due,
//! one list that the ICS file, the CLI's JSON and the API all lay out. Each item has a UID
//! that stays the same from one reading to the next, so a calendar program updates an event
//! rather than adding it twice.

use crate::meeting::Clock;
use crate::plan::Date;

/// What kind of item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub enum ItemKind {
    /// A meeting.
    #[serde(rename = "mote")]
    Meeting,
    /// The day a report from an insats is due.
    #[serde(rename = "rapport")]
    ReportDue,
}

/// One item of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Kalenderhandelse")]
pub struct CalendarItem {
    /// Stays the same for the same meeting or report: `mote-12@finsam` .
    pub uid: String,
    /// What it is.
    #[serde(rename = "typ")]
    pub kind: ItemKind,
    /// Its title: "Styrelsemöte 2024-02-16".
    #[serde(rename = "rubrik")]
    pub title: String,
    /// Its day.
    #[serde(rename = "dag", with = "crate::insats::serial::day")]
    #[schemars(with = "String")]
    pub day: Date,
    /// When it starts and ends, Swedish time; none: the whole day.
    #[serde(rename = "start")]
    pub starts: Option<Clock>,
    /// When it ends.
    #[serde(rename = "slut")]
    pub ends: Option<Clock>,
    /// More about it.
    #[serde(rename = "beskrivning")]
    pub description: String,
}

/// A förbund's calendar.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Kalender")]
pub struct Calendar {
    /// Its name: "SOFINT: möten och rapporter".
    #[serde(rename = "namn")]
    pub name: String,
    /// Its items, by day and time.
    #[serde(rename = "handelser")]
    pub items: Vec<CalendarItem>,
}

impl Calendar {
    /// A calendar of `items`, sorted by day and start time.
    pub fn new(name: impl Into<String>, mut items: Vec<CalendarItem>) -> Calendar {
        items.sort_by(|a, b| (a.day, a.starts, &a.uid).cmp(&(b.day, b.starts, &b.uid)));
        Calendar {
            name: name.into(),
            items,
        }
    }
}
