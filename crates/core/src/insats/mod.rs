//! Insatser and applications: the interventions a förbund funds, run by its members, and the
//! way from an application to a decision and an agreement (issue 12; domain.md §1, §5).
//!
//! The model and its rules only, pure like the rest of core: an [`Insats`] with its parties,
//! period and budget ([`months`], [`budget`]); the application's [`workflow`], one state machine;
//! the [`deadlines`] of answers and agreements; the [`checks`] that speak as findings.

pub mod budget;
pub mod checks;
pub mod deadlines;
pub mod disbursements;
pub mod months;
pub mod reports;
pub mod serial;
pub mod settings;
pub mod whatif;
pub mod workflow;

use crate::budget::Year;
use crate::money::Money;
pub use budget::{Budget, BudgetError};
pub use months::{Period, PeriodError, add_months};
pub use workflow::{Case, DecidedBy, Decision, Event, Outcome, State, Transition, WorkflowError};

/// What kind of insats: Uppföljning Finsam's four. An insats that is both individual and
/// structural is registered as two, as that register requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Individinriktad: for participants, one by one.
    Individual,
    /// Strukturövergripande: changes how the members work together.
    Structural,
    /// Förebyggande: prevents the need for rehabilitation.
    Preventive,
    /// Kompetenshöjande: training for the members' staff.
    Competence,
}

impl Kind {
    /// Every kind with its word.
    pub const ALL: [(Kind, &'static str); 4] = [
        (Kind::Individual, "individinriktad"),
        (Kind::Structural, "strukturövergripande"),
        (Kind::Preventive, "förebyggande"),
        (Kind::Competence, "kompetenshöjande"),
    ];

    /// The word: `individinriktad`.
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

    /// As a heading says it: "Individinriktad insats".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Individual => "Individinriktad insats",
            Kind::Structural => "Strukturövergripande insats",
            Kind::Preventive => "Förebyggande insats",
            Kind::Competence => "Kompetenshöjande insats",
        }
    }
}

/// What Uppföljning Finsam (the national register) needs of an insats. Its rule: the
/// inriktning, the uppföljningsmetod and the ESF financing cannot change after the insats is
/// created there; Finsam keeps them fixed from registration ([`checks::registration_kept`]).
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Registrering")]
pub struct Registration {
    /// Inriktning, from the register's list as the förbund's settings hold it.
    #[serde(rename = "inriktning")]
    pub orientation: String,
    /// Preciserad inriktning, when the register asks for it.
    #[serde(rename = "preciserad_inriktning", default)]
    pub precise_orientation: Option<String>,
    /// Uppföljningsmetod.
    #[serde(rename = "uppfoljningsmetod")]
    pub follow_up_method: String,
    /// Whether the insats is financed by the European Social Fund too.
    pub esf: bool,
}

/// A goal of an insats and how it is measured ("Minst 40 % går vidare till arbete eller
/// studier", "andel avslutade deltagare till arbete eller studier").
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Insatsmal")]
pub struct Goal {
    /// The goal.
    #[serde(rename = "mal")]
    pub goal: String,
    /// How it is measured.
    #[serde(rename = "matt")]
    pub measure: String,
}

/// An insats: what it is, who takes part and owns it, when it runs and what it costs.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Insats")]
pub struct Insats {
    /// Its name ("Coachingteamet").
    #[serde(rename = "namn")]
    pub name: String,
    /// What kind.
    #[serde(rename = "typ")]
    pub kind: Kind,
    /// The förbund's members that take part, by their keys in the plan (`lindesberg`, `af`).
    #[serde(rename = "parter")]
    pub members: Vec<String>,
    /// The insatsägare: the member that runs it, one of `members`.
    #[serde(rename = "insatsagare")]
    pub owner: String,
    /// The target groups, from the förbund's own list.
    #[serde(rename = "malgrupper")]
    pub target_groups: Vec<String>,
    /// Its purpose, as the application says it.
    #[serde(rename = "syfte")]
    pub purpose: String,
    /// When it runs.
    pub period: Period,
    /// What the förbund is asked for, as the applicant wrote it.
    pub budget: Budget,
    /// What others pay, per calendar year.
    #[serde(rename = "medfinansiering", default, with = "serial::years")]
    #[schemars(with = "std::collections::BTreeMap<String, Money>")]
    pub co_financing: std::collections::BTreeMap<Year, Money>,
    /// The goals, each with how it is measured.
    #[serde(rename = "mal", default)]
    pub goals: Vec<Goal>,
    /// The steering group, as roles ("enhetschef Arbetsförmedlingen"), never persons.
    #[serde(rename = "styrgrupp", default)]
    pub steering_group: Vec<String>,
    /// What Uppföljning Finsam needs.
    #[serde(rename = "registrering")]
    pub registration: Registration,
}

/// The longest name of an insats, in characters: a budget line's (120).
pub const MAX_NAME: usize = 120;
