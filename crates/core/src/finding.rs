//! What every check reports, whatever it checks (a plan, the account mapping, a follow-up of the
//! bookkeeping, an SIE file): a finding with its kind, severity, Swedish message and place.

use std::fmt;

use crate::location::{Location, Place};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Something is wrong: a sum that does not add up, a split that breaks the law.
    Error,
    /// Something to look at: a rule or goal of the association that the plan does not meet.
    Warning,
    /// Something to know, neither wrong nor a rule broken: e.g. that the printed sums of an
    /// edited draft belong to the document it was imported from.
    Notice,
}

impl Severity {
    /// The Swedish word.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
            Severity::Notice => "notis",
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
    /// The balance sheet of the bookkeeping does not balance.
    Balance,
    /// Amounts on accounts that are not four-digit account numbers.
    UnknownAccount,
    /// An account with amounts that no mapping rule takes to a budget line or category.
    UnmappedAccount,
    /// Something the SIE reader noted in the file.
    Sie,
    /// The state's allocation does not match the state's half of the contributions.
    StateAllocation,
    /// A printed "eget kapital i procent av medlemsbidragen" that differs from the computed.
    EquityRatio,
    /// The equity path against the förbund's goal for its equity.
    EquityGoal,
    /// Money at the board's disposal below zero.
    MoneyAtDisposal,
    /// The plan's opening equity differs from the opening balances of the books.
    OpeningEquity,
    /// An insats without two of the förbund's parties, or with an owner outside them.
    InsatsParties,
    /// A text that suggests benefits or payments to individuals, which 7 § forbids.
    PaymentsToIndividuals,
    /// More paid out to an insats than is granted it.
    PaidAboveGrant,
    /// Participant figures of a report that disagree with each other.
    ParticipantCounts,
}

impl FindingKind {
    /// What people read: the kind in words ("Eget kapital över rekommendationen"), never the
    /// code.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::EquityAboveRecommendation => "Eget kapital över rekommendationen",
            FindingKind::EquityOutsideBand => "Eget kapital utanför förbundets intervall",
            FindingKind::NegativeEquity => "Negativt eget kapital",
            FindingKind::AdministrationShareAboveGoal => "Administrationsandel över målet",
            FindingKind::ContributionSplit => "Medlemsbidragens fördelning",
            FindingKind::PrintedSum => "Skriven summa",
            FindingKind::Years => "Planens år",
            FindingKind::Members => "Medlemmar",
            FindingKind::Payer => "Betalare",
            FindingKind::Sign => "Tecken",
            FindingKind::Structure => "Planens uppbyggnad",
            FindingKind::Board => "Styrelseplatser",
            FindingKind::Goal => "Mål",
            FindingKind::Balance => "Balansräkningen går inte ihop",
            FindingKind::UnknownAccount => "Okänt konto",
            FindingKind::UnmappedAccount => "Okopplat konto",
            FindingKind::Sie => "SIE-filen",
            FindingKind::StateAllocation => "Statens tilldelning",
            FindingKind::EquityRatio => "Eget kapital i procent av medlemsbidragen",
            FindingKind::EquityGoal => "Mål för eget kapital",
            FindingKind::MoneyAtDisposal => "Medel till förfogande",
            FindingKind::OpeningEquity => "Ingående eget kapital",
            FindingKind::InsatsParties => "Insatsens parter",
            FindingKind::PaymentsToIndividuals => "Ersättning till enskilda (7 §)",
            FindingKind::PaidAboveGrant => "Utbetalt mer än beviljat",
            FindingKind::ParticipantCounts => "Deltagarsiffror som inte stämmer",
        }
    }

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
            FindingKind::Balance => "balans",
            FindingKind::UnknownAccount => "okant-konto",
            FindingKind::UnmappedAccount => "okopplat-konto",
            FindingKind::Sie => "sie",
            FindingKind::StateAllocation => "statens-tilldelning",
            FindingKind::EquityRatio => "eget-kapital-andel",
            FindingKind::EquityGoal => "eget-kapital-mal",
            FindingKind::MoneyAtDisposal => "medel-till-forfogande",
            FindingKind::OpeningEquity => "ingaende-eget-kapital",
            FindingKind::InsatsParties => "insatsens-parter",
            FindingKind::PaymentsToIndividuals => "ersattning-till-enskilda",
            FindingKind::PaidAboveGrant => "utbetalt-over-beviljat",
            FindingKind::ParticipantCounts => "deltagarsiffror",
        }
    }
}

/// One finding of a check.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Fynd")]
pub struct Finding {
    /// What kind of finding.
    #[serde(rename = "kod", serialize_with = "crate::report::serial::word")]
    #[schemars(with = "String")]
    pub kind: FindingKind,
    /// How serious.
    #[serde(rename = "niva", serialize_with = "crate::report::serial::word")]
    #[schemars(with = "String")]
    pub severity: Severity,
    /// What is wrong and what to do, in Swedish.
    #[serde(rename = "meddelande")]
    pub message: String,
    /// What it is about: a place in the plan, a line of an uploaded file, a row of a report.
    #[serde(rename = "plats")]
    pub place: Place,
    /// Findings that follow from this one and from nothing else: one wrong line makes its
    /// section sum, the totals, the result and the next years' equity differ by the same
    /// amount. They are shown beneath their cause, not as findings of their own.
    #[serde(rename = "foljder", skip_serializing_if = "Vec::is_empty")]
    #[schemars(default)]
    pub consequences: Vec<Finding>,
}

impl Finding {
    /// An error finding about a place in the plan.
    pub fn error(kind: FindingKind, location: Location, message: impl Into<String>) -> Finding {
        Finding::at(kind, Severity::Error, Place::Plan(location), message)
    }

    /// A warning finding about a place in the plan.
    pub fn warning(kind: FindingKind, location: Location, message: impl Into<String>) -> Finding {
        Finding::at(kind, Severity::Warning, Place::Plan(location), message)
    }

    /// A finding about any place.
    pub fn at(
        kind: FindingKind,
        severity: Severity,
        place: Place,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            kind,
            severity,
            message: message.into(),
            place,
            consequences: Vec::new(),
        }
    }

    /// This finding and its consequences, the cause first.
    pub fn with_consequences(&self) -> impl Iterator<Item = &Finding> {
        std::iter::once(self).chain(self.consequences.iter())
    }

    /// The place in the plan, when the finding is about one.
    pub fn location(&self) -> Option<Location> {
        match self.place {
            Place::Plan(l) => Some(l),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_of_every_checker_share_one_json_form() {
        let plan = Finding::warning(FindingKind::Sign, Location::Line(0, 1), "Fel tecken.");
        let ledger = Finding::at(
            FindingKind::UnmappedAccount,
            Severity::Warning,
            Place::Row("konto:4010".into()),
            "Konto 4010 saknar regel.",
        );
        let file = Finding::at(
            FindingKind::Sie,
            Severity::Warning,
            Place::FileLine(12),
            "Okänd post.",
        );
        assert_eq!(plan.location(), Some(Location::Line(0, 1)));
        assert_eq!(ledger.location(), None);
        let json = |f: &Finding| serde_json::to_string(f).expect("serializes");
        assert_eq!(
            json(&plan),
            r#"{"kod":"tecken","niva":"varning","meddelande":"Fel tecken.","plats":null}"#
        );
        assert_eq!(
            json(&ledger),
            r#"{"kod":"okopplat-konto","niva":"varning","meddelande":"Konto 4010 saknar regel.","plats":{"nyckel":"konto:4010"}}"#
        );
        assert_eq!(
            json(&file),
            r#"{"kod":"sie","niva":"varning","meddelande":"Okänd post.","plats":{"rad":12}}"#
        );
    }
}
