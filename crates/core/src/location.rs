//! Places in a plan, so that a finding can point at what it is about: a line, one year of a
//! line, a printed sum. The plan file reader maps them to file positions; the web app to fields.

use crate::budget::{Total, Year};

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A place in a plan (the plan file reader maps it to a file position).
    Plan(Location),
    /// A line of an uploaded file (an SIE file, the mapping rules), counted from 1.
    FileLine(usize),
    /// A row of a report, by its stable key (`insats:Coachingteamet`, `konto:4010` …).
    Row(String),
    /// The report or file as a whole.
    Whole,
}

/// In JSON a place is what a reader can act on: `{"plan": "…"}` is left out (plan places are
/// shown as file positions by the readers), a line as `{"rad": 12}`, a report row as
/// `{"nyckel": "konto:4010"}`, the whole as `null`.
impl serde::Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Place::FileLine(n) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("rad", n)?;
                m.end()
            }
            Place::Row(k) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("nyckel", k)?;
                m.end()
            }
            Place::Plan(_) | Place::Whole => s.serialize_none(),
        }
    }
}

/// The JSON Schema of a place, as [`Place`]'s `Serialize` writes it.
impl schemars::JsonSchema for Place {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Plats".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "oneOf": [
                { "type": "object", "properties": { "rad": { "type": "integer", "minimum": 1 } },
                  "required": ["rad"], "additionalProperties": false,
                  "description": "En rad i den uppladdade filen." },
                { "type": "object", "properties": { "nyckel": { "type": "string" } },
                  "required": ["nyckel"], "additionalProperties": false,
                  "description": "En rad i rapporten, t.ex. konto:4010." },
                { "type": "null", "description": "Planen eller rapporten som helhet." }
            ]
        })
    }
}

/// A place in a plan, by position in the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// The plan as a whole.
    Plan,
    /// The list of plan years.
    Years,
    /// The association's identity.
    Association,
    /// The association's organisationsnummer.
    OrgNumber,
    /// A member, by index.
    Member(usize),
    /// A member's stated share.
    MemberShare(usize),
    /// A member's board seats.
    MemberBoard(usize),
    /// The total member contributions (of one year).
    Contributions(Option<Year>),
    /// The opening equity of the first year.
    OpeningEquity,
    /// The unit the plan's amounts are written in.
    Unit,
    /// The state's allocation (of one year).
    StateAllocation(Option<Year>),
    /// The printed "eget kapital i procent av medlemsbidragen" of a year.
    PrintedEquityRatio(Year),
    /// A section, by index.
    Section(usize),
    /// A section's printed sum for a year.
    SectionSum(usize, Year),
    /// A line, by section and line index.
    Line(usize, usize),
    /// A line's payer.
    LinePayer(usize, usize),
    /// A line's amount specification.
    LineAmount(usize, usize),
    /// One year of a line's amounts.
    LineYear(usize, usize, Year),
    /// A printed total for a year.
    Printed(Total, Year),
    /// The rules.
    Rules,
    /// The equity recommendation percentage.
    EquityRecommendation,
    /// The association's own equity band.
    EquityBand,
    /// The administration share goal.
    AdministrationShareMax,
    /// The liquidity buffer.
    LiquidityBuffer,
    /// The equity goal (level and year).
    EquityGoal,
    /// A goal area, by index.
    GoalArea(usize),
    /// A goal, by area and goal index.
    Goal(usize, usize),
    /// A measurement point, by area, goal and measure index.
    Measure(usize, usize, usize),
}

impl Location {
    /// The enclosing place, used when a place has no position of its own.
    pub fn parent(self) -> Option<Location> {
        use Location as L;
        Some(match self {
            L::Plan => return None,
            L::Years | L::Association | L::Rules => L::Plan,
            L::OrgNumber | L::Member(_) => L::Association,
            L::MemberShare(m) | L::MemberBoard(m) => L::Member(m),
            L::Contributions(Some(_)) => L::Contributions(None),
            L::StateAllocation(Some(_)) => L::StateAllocation(None),
            L::Contributions(None)
            | L::StateAllocation(None)
            | L::OpeningEquity
            | L::Unit
            | L::Section(_)
            | L::Printed(..)
            | L::PrintedEquityRatio(_) => L::Years,
            L::SectionSum(s, _) | L::Line(s, _) => L::Section(s),
            L::LinePayer(s, l) | L::LineAmount(s, l) => L::Line(s, l),
            L::LineYear(s, l, _) => L::LineAmount(s, l),
            L::EquityRecommendation
            | L::EquityBand
            | L::AdministrationShareMax
            | L::LiquidityBuffer
            | L::EquityGoal => L::Rules,
            L::GoalArea(_) => L::Plan,
            L::Goal(a, _) => L::GoalArea(a),
            L::Measure(a, g, _) => L::Goal(a, g),
        })
    }
}
