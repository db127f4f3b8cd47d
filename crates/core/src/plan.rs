//! A verksamhetsplan och budget: the association, its multi-year budget, its rules and goals.

use crate::association::Association;
use crate::budget::{Budget, Category};
use crate::fraction::Percent;
use crate::goals::GoalArea;
use crate::money::Money;

/// A calendar date, as the board's decisions carry.
pub type Date = time::Date;

/// The association's own equity band (SOFINT: between 200 tkr and 720 tkr). A förbund may
/// state only a floor ("at least 500 tkr") or only a ceiling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "EgetKapitalIntervall")]
pub struct EquityBand {
    /// The lowest closing equity the association wants.
    pub min: Option<Money>,
    /// The highest closing equity the association wants.
    pub max: Option<Money>,
}

impl EquityBand {
    /// A band with both ends.
    pub fn between(min: Money, max: Money) -> EquityBand {
        EquityBand {
            min: Some(min),
            max: Some(max),
        }
    }

    /// True when `amount` lies below the floor.
    pub fn is_below(self, amount: Money) -> bool {
        self.min.is_some_and(|m| amount < m)
    }

    /// True when `amount` lies above the ceiling.
    pub fn is_above(self, amount: Money) -> bool {
        self.max.is_some_and(|m| amount > m)
    }

    /// The band for a table cell: "200 000 – 720 000", "minst 500 000", "högst 720 000".
    pub fn range(self, amount: impl Fn(Money) -> String) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{} – {}", amount(a), amount(b)),
            _ => self.describe(amount),
        }
    }

    /// The band in words, amounts written by `amount`: "mellan 200 000 och 720 000",
    /// "minst 500 000", "högst 720 000".
    pub fn describe(self, amount: impl Fn(Money) -> String) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("mellan {} och {}", amount(a), amount(b)),
            (Some(a), None) => format!("minst {}", amount(a)),
            (None, Some(b)) => format!("högst {}", amount(b)),
            (None, None) => "utan gränser".to_owned(),
        }
    }
}

/// Where the förbund plans to bring its equity: a level (a share of the year's member
/// contributions, or an amount) by the end of a year. A förbund above the recommendation
/// states it to bring its equity down over some years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EquityGoal {
    /// The year by whose end the level is to be reached.
    pub year: crate::budget::Year,
    /// The level.
    pub level: EquityLevel,
}

/// The level of an [`EquityGoal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EquityLevel {
    /// At most this share of the year's member contributions.
    Share(Percent),
    /// At most this amount.
    Amount(Money),
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
    /// The liquidity the förbund keeps in hand, out of reach of new decisions; when stated,
    /// "medel till förfogande" is a key figure.
    pub liquidity_buffer: Option<Money>,
    /// Where the förbund plans to bring its equity, and by when.
    pub equity_goal: Option<EquityGoal>,
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
            liquidity_buffer: None,
            equity_goal: None,
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

impl Plan {
    /// True when the plan carries sums printed in its document (section sums, totals, the
    /// printed equity ratio).
    pub fn has_printed_sums(&self) -> bool {
        !self.budget.printed.is_empty()
            || !self.budget.printed_equity_ratio.is_empty()
            || self
                .budget
                .sections
                .iter()
                .any(|s| !s.printed_sum.is_empty())
    }

    /// The rule for printed sums after an edit in Finsam (decisions 0003 and 0007): the sums
    /// were read from a document, and once the plan is edited they describe a text that no
    /// longer exists. An edit that changes anything but the printed sums therefore marks them
    /// outdated: they no longer count as errors on this draft, and one notice says so. An edit
    /// of the printed sums themselves (setting them to the computed ones) decides for itself.
    pub fn edited(before: &Plan, mut after: Plan) -> Plan {
        let printed_same = after.budget.printed == before.budget.printed
            && after.budget.printed_equity_ratio == before.budget.printed_equity_ratio
            && after
                .budget
                .sections
                .iter()
                .map(|s| &s.printed_sum)
                .eq(before.budget.sections.iter().map(|s| &s.printed_sum));
        if printed_same
            && after.budget.printed_outdated == before.budget.printed_outdated
            && after != *before
            && after.has_printed_sums()
        {
            after.budget.printed_outdated = true;
        }
        after
    }
}
