//! The checks: plain functions from a plan and its figures to findings. Every check reports
//! everything it finds, never just the first problem.

mod administration;
mod causes;
mod contributions;
mod equity;
mod goals;
mod members;
mod payers;
mod payments;
mod signs;
mod structure;
mod sums;
mod years;

// What the checks use; each check file takes it with `use super::*`.
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::association::{MemberKind, Party, Payer};
use crate::budget::{AmountSpec, Total, Year};
use crate::calc::{Figures, payer_share};
use crate::finding::{Finding, FindingKind as K};
use crate::format::{exact_with_unit, percent};
use crate::fraction::Fraction;
use crate::location::Location as L;
use crate::money::Money;
use crate::plan::Plan;

use administration::administration_share;
use causes::{Diff, Sum, Traced};
use contributions::{contribution_split, state_allocation, stated_shares};
use equity::{
    equity_band, equity_goal, equity_ratio, equity_recommendation, money_at_disposal,
    negative_equity,
};
use goals::goals;
use members::members;
use payers::payers;
use payments::payments;
use signs::signs;
use structure::structure;
use sums::{outdated_notice, printed_sums};
use years::{line_years, years};

type Check = fn(&Plan, &Figures) -> Vec<Finding>;
type TracedCheck = fn(&Plan, &Figures) -> Vec<Traced>;

/// Every check, in the order their findings are reported. The printed sums and the
/// contributions report the differences they find, so that a consequence can be put beneath
/// its cause.
const CHECKS: [Either; 20] = [
    Either::Plain(years),
    Either::Plain(line_years),
    Either::Traced(printed_sums),
    Either::Plain(equity_ratio),
    Either::Plain(equity_goal),
    Either::Plain(equity_recommendation),
    Either::Plain(equity_band),
    Either::Plain(negative_equity),
    Either::Plain(money_at_disposal),
    Either::Plain(administration_share),
    Either::Plain(stated_shares),
    Either::Traced(contribution_split),
    Either::Plain(state_allocation),
    Either::Plain(members),
    Either::Plain(payers),
    Either::Plain(payments),
    Either::Plain(signs),
    Either::Plain(structure),
    Either::Plain(goals),
    Either::Plain(outdated_notice),
];

#[derive(Clone, Copy)]
enum Either {
    Plain(Check),
    Traced(TracedCheck),
}

/// Runs every check and returns all findings, each consequence beneath its cause.
pub fn check(plan: &Plan, figures: &Figures) -> Vec<Finding> {
    let traced: Vec<Traced> = CHECKS
        .iter()
        .flat_map(|c| match c {
            Either::Plain(f) => f(plan, figures).into_iter().map(Traced::from).collect(),
            Either::Traced(f) => f(plan, figures),
        })
        .collect();
    causes::group(plan, traced)
}

/// An amount as the plan's messages write it: in the plan's unit, exactly.
fn amount(plan: &Plan, m: Money) -> String {
    exact_with_unit(m, plan.budget.unit)
}

fn diff_text(plan: &Plan, written: Money, computed: Money) -> String {
    let diff = written
        .checked_sub(computed)
        .map_or_else(|_| "mycket stor".to_owned(), |d| amount(plan, d));
    format!(
        "är skriven som {} men beräknas till {} (skillnad {diff})",
        amount(plan, written),
        amount(plan, computed)
    )
}
