//! A verksamhetsplan och budget: the association, its multi-year budget, its rules and goals.

use crate::association::Association;
use crate::budget::{Budget, Category};
use crate::fraction::Percent;
use crate::goals::GoalArea;
use crate::money::Money;

/// A calendar date, as the board's decisions carry.
pub type Date = time::Date;

/// The association's own equity band (SOFINT: between 200 tkr and 720 tkr).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "EgetKapitalIntervall")]
pub struct EquityBand {
    /// The lowest closing equity the association wants.
    pub min: Money,
    /// The highest closing equity the association wants.
    pub max: Money,
}

/// The financial rules the plan is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// The national recommendation: equity at most this share of the year's member
    /// contributions (20 % unless the association states otherwise).
    pub equity_recommendation: Percent,
    /// The association's own band for closing equity.
    pub equity_band: Option<EquityBand>,
    /// The association's goal for the administration share of all operating costs.
    pub administration_share_max: Option<Percent>,
    /// Which categories count as administration.
    pub administration_categories: Vec<Category>,
}

impl Rules {
    /// The national recommendation when the plan states nothing else.
    pub const DEFAULT_EQUITY_RECOMMENDATION: Percent = Percent::from_whole(20);

    /// The categories that count as administration when the plan states nothing else: the
    /// office and bought services, and the board and audit (as SOFINT counts them).
    pub const DEFAULT_ADMINISTRATION: [Category; 2] =
        [Category::Administration, Category::BoardAndAudit];
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            equity_recommendation: Rules::DEFAULT_EQUITY_RECOMMENDATION,
            equity_band: None,
            administration_share_max: None,
            administration_categories: Rules::DEFAULT_ADMINISTRATION.to_vec(),
        }
    }
}

/// A whole plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The document's title (Verksamhetsplan och budget 2024).
    pub title: String,
    /// The day the board adopted it, if it has.
    pub decided: Option<Date>,
    /// The association.
    pub association: Association,
    /// The multi-year budget.
    pub budget: Budget,
    /// The rules it is checked against.
    pub rules: Rules,
    /// The goals, by area.
    pub goal_areas: Vec<GoalArea>,
}
