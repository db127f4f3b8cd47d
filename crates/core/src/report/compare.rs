//! Two plan versions side by side, line by line: the version comparison's report struct.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::budget::Year;
use crate::calc::Figures;
use crate::money::Money;
use crate::plan::Plan;

/// What happened to a line between the versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Change {
    /// The same amounts every year.
    #[serde(rename = "oforandrad")]
    Unchanged,
    /// Some year's amount differs.
    #[serde(rename = "andrad")]
    Changed,
    /// Only in the newer version.
    #[serde(rename = "ny")]
    Added,
    /// Only in the older version.
    #[serde(rename = "borttagen")]
    Removed,
}

impl Change {
    /// The word the page and the files show ("" for an unchanged line).
    pub fn word(self) -> &'static str {
        match self {
            Change::Unchanged => "",
            Change::Changed => "ändrad",
            Change::Added => "ny",
            Change::Removed => "borttagen",
        }
    }
}

/// One year of a line in both versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CompareCell {
    /// The amount in the older version, if the line and year are there.
    #[serde(rename = "fran")]
    pub left: Option<Money>,
    /// The amount in the newer version.
    #[serde(rename = "till")]
    pub right: Option<Money>,
    /// Newer minus older, when both have an amount and they differ.
    #[serde(rename = "skillnad")]
    pub difference: Option<Money>,
}

/// One line (by section and name) in both versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CompareRow {
    /// The section's name.
    #[serde(rename = "avsnitt")]
    pub section: String,
    /// The line's name.
    #[serde(rename = "rad")]
    pub line: String,
    /// One cell per year of the comparison.
    #[serde(rename = "ar")]
    pub cells: Vec<CompareCell>,
    /// What happened to the line.
    #[serde(rename = "forandring")]
    pub change: Change,
}

/// Two versions compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct VersionComparison {
    /// The years of either version, in order.
    #[serde(rename = "ar")]
    pub years: Vec<Year>,
    /// Every line of either version, by section and name.
    #[serde(rename = "rader")]
    pub rows: Vec<CompareRow>,
    /// How many lines changed, came or went.
    #[serde(rename = "andrade")]
    pub changed: usize,
}

type Amounts = BTreeMap<(String, String), BTreeMap<Year, Money>>;

fn amounts(plan: &Plan, fig: &Figures) -> Amounts {
    let mut out = BTreeMap::new();
    for (si, s) in plan.budget.sections.iter().enumerate() {
        for (li, l) in s.lines.iter().enumerate() {
            let by_year = fig
                .years
                .iter()
                .copied()
                .zip(fig.sections[si].lines[li].iter().copied())
                .collect();
            out.insert((s.name.clone(), l.name.clone()), by_year);
        }
    }
    out
}

/// The older version (`left`) against the newer (`right`).
pub fn compare(left: (&Plan, &Figures), right: (&Plan, &Figures)) -> VersionComparison {
    let mut years: Vec<Year> = left.1.years.iter().chain(&right.1.years).copied().collect();
    years.sort_unstable();
    years.dedup();
    let (la, ra) = (amounts(left.0, left.1), amounts(right.0, right.1));
    let mut keys: Vec<&(String, String)> = la.keys().chain(ra.keys()).collect();
    keys.sort();
    keys.dedup();
    let rows: Vec<CompareRow> = keys
        .into_iter()
        .map(|k| {
            let (l, r) = (la.get(k), ra.get(k));
            let cells = years
                .iter()
                .map(|y| {
                    let a = l.and_then(|m| m.get(y)).copied();
                    let b = r.and_then(|m| m.get(y)).copied();
                    let difference = match (a, b) {
                        (Some(a), Some(b)) if a != b => b.checked_sub(a).ok(),
                        _ => None,
                    };
                    CompareCell {
                        left: a,
                        right: b,
                        difference,
                    }
                })
                .collect();
            let change = match (l, r) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(x), Some(y)) if x != y => Change::Changed,
                _ => Change::Unchanged,
            };
            CompareRow {
                section: k.0.clone(),
                line: k.1.clone(),
                cells,
                change,
            }
        })
        .collect();
    let changed = rows
        .iter()
        .filter(|r| r.change != Change::Unchanged)
        .count();
    VersionComparison {
        years,
        rows,
        changed,
    }
}
