//! The checks: plain functions from a plan and its figures to findings. Every check reports
//! everything it finds, never just the first problem.

mod administration;
mod contributions;
mod equity;
mod goals;
mod members;
mod payers;
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
use crate::format::{kr_with_unit, percent};
use crate::fraction::Fraction;
use crate::location::Location as L;
use crate::money::Money;
use crate::plan::Plan;

use administration::administration_share;
use contributions::{contribution_split, stated_shares};
use equity::{equity_band, equity_recommendation, negative_equity};
use goals::goals;
use members::members;
use payers::payers;
use signs::signs;
use structure::structure;
use sums::printed_sums;
use years::{line_years, years};

type Check = fn(&Plan, &Figures) -> Vec<Finding>;

/// Every check, in the order their findings are reported.
const CHECKS: [Check; 14] = [
    years,
    line_years,
    printed_sums,
    equity_recommendation,
    equity_band,
    negative_equity,
    administration_share,
    stated_shares,
    contribution_split,
    members,
    payers,
    signs,
    structure,
    goals,
];

/// Runs every check and returns all findings.
pub fn check(plan: &Plan, figures: &Figures) -> Vec<Finding> {
    CHECKS.iter().flat_map(|c| c(plan, figures)).collect()
}

fn diff_text(written: Money, computed: Money) -> String {
    let diff = written
        .checked_sub(computed)
        .map_or_else(|_| "mycket stor".to_owned(), kr_with_unit);
    format!(
        "är skriven som {} men beräknas till {} (skillnad {diff})",
        kr_with_unit(written),
        kr_with_unit(computed)
    )
}
