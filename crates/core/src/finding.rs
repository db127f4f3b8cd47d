//! What the checks report: a finding with its kind, severity, Swedish message and place.

use std::fmt;

use crate::location::Location;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Something is wrong: a sum that does not add up, a split that breaks the law.
    Error,
    /// Something to look at: a rule or goal of the association that the plan does not meet.
    Warning,
}

impl Severity {
    /// The Swedish word.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The kinds of finding, each with a stable code that scripts and tests can rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// Closing equity above the national recommendation.
    EquityAboveRecommendation,
    /// Closing equity outside the association's own band.
    EquityOutsideBand,
    /// Closing equity below zero.
    NegativeEquity,
    /// Administration share above the association's goal.
    AdministrationShareAboveGoal,
    /// Member shares or contributions that break the statutory 1/2, 1/4, 1/4.
    ContributionSplit,
    /// A sum written in the plan that differs from the computed one.
    PrintedSum,
    /// Plan years missing, repeated or out of order, or a line's years that do not match.
    Years,
    /// A member the law requires is missing, or a member listed twice.
    Members,
    /// A payer that names no member, or a contribution line without payer.
    Payer,
    /// A line whose sign contradicts its category.
    Sign,
    /// The same line twice in a section, or an empty section.
    Structure,
    /// A member's board seats are incomplete.
    Board,
    /// Goal thresholds that contradict each other, or an assessment that contradicts the value.
    Goal,
}

impl FindingKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::EquityAboveRecommendation => "eget-kapital-rekommendation",
            FindingKind::EquityOutsideBand => "eget-kapital-intervall",
            FindingKind::NegativeEquity => "eget-kapital-negativt",
            FindingKind::AdministrationShareAboveGoal => "administrationsandel",
            FindingKind::ContributionSplit => "medlemsbidrag-fordelning",
            FindingKind::PrintedSum => "summa",
            FindingKind::Years => "år",
            FindingKind::Members => "medlemmar",
            FindingKind::Payer => "betalare",
            FindingKind::Sign => "tecken",
            FindingKind::Structure => "struktur",
            FindingKind::Board => "styrelse",
            FindingKind::Goal => "mål",
        }
    }
}

/// One finding of a check.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// What kind of finding.
    #[serde(rename = "kod", serialize_with = "crate::report::serial::word")]
    pub kind: FindingKind,
    /// How serious.
    #[serde(rename = "niva", serialize_with = "crate::report::serial::word")]
    pub severity: Severity,
    /// What is wrong and what to do, in Swedish.
    #[serde(rename = "meddelande")]
    pub message: String,
    /// Where in the plan.
    #[serde(skip)]
    pub location: Location,
}

impl Finding {
    /// An error finding.
    pub fn error(kind: FindingKind, location: Location, message: impl Into<String>) -> Finding {
        Finding {
            kind,
            severity: Severity::Error,
            message: message.into(),
            location,
        }
    }

    /// A warning finding.
    pub fn warning(kind: FindingKind, location: Location, message: impl Into<String>) -> Finding {
        Finding {
            kind,
            severity: Severity::Warning,
            message: message.into(),
            location,
        }
    }
}
