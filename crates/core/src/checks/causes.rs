//! Findings that are only the consequence of another are put beneath their cause.
//!
//! Every printed sum the plan is checked against is a plain sum of line amounts (cells: a line
//! in a year), the equity also of the opening equity and of every earlier year. A difference
//! between the computed and the document's figure is an *excess*: computed minus document. When
//! the cells of one difference lie within the cells of another and the two have the same
//! excess, the wider one needs no cause of its own: one wrong line makes its section sum, the
//! totals, the result and every later year's equity differ by exactly that amount. The
//! narrowest such difference is the root; the others are listed beneath it.

use std::collections::BTreeSet;

use super::*;
use crate::budget::Category;

/// Which figure of the document a difference is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sum {
    /// A section's printed sum.
    Section(usize),
    /// A printed total.
    Total(Total),
    /// The stated member contributions against the contribution lines.
    Contributions,
    /// A party's contribution lines against its statutory share.
    Party(Party),
    /// A member's contribution lines against its stated share.
    Member(usize),
}

/// A difference between the computed plan and its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Diff {
    pub sum: Sum,
    pub year: Year,
    /// Computed minus what the document says.
    pub excess: Money,
}

/// A finding, and the difference it reports if it reports one.
pub(super) struct Traced {
    pub finding: Finding,
    pub diff: Option<Diff>,
}

impl From<Finding> for Traced {
    fn from(finding: Finding) -> Traced {
        Traced {
            finding,
            diff: None,
        }
    }
}

/// The cells a figure adds up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cells {
    /// Lines (section, line) in one year.
    Year(Year, BTreeSet<(usize, usize)>),
    /// The opening equity and every line of every year up to and including this one.
    Through(Year),
}

impl Cells {
    fn within(&self, other: &Cells) -> bool {
        match (self, other) {
            (Cells::Year(a, la), Cells::Year(b, lb)) => a == b && la.is_subset(lb),
            (Cells::Year(a, _), Cells::Through(b)) => a <= b,
            (Cells::Through(a), Cells::Through(b)) => a <= b,
            (Cells::Through(_), Cells::Year(..)) => false,
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cells::Year(_, l) if l.is_empty())
    }
}

fn lines_where(
    plan: &Plan,
    pick: impl Fn(usize, &crate::budget::Line) -> bool,
) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for (si, s) in plan.budget.sections.iter().enumerate() {
        for (li, l) in s.lines.iter().enumerate() {
            if pick(si, l) {
                out.insert((si, li));
            }
        }
    }
    out
}

/// The party a contribution line's money belongs to, when it is one party's.
pub(super) fn line_party(plan: &Plan, line: &crate::budget::Line) -> Option<Party> {
    match &line.payer {
        Some(Payer::Party(p)) => Some(*p),
        Some(Payer::Member(k)) => plan.association.member(k).map(|m| m.kind.party()),
        _ => None,
    }
}

/// The cells of a difference.
pub(super) fn cells(plan: &Plan, d: &Diff) -> Cells {
    let y = d.year;
    let contribution = |l: &crate::budget::Line| l.category == Category::MemberContribution;
    let set = match d.sum {
        Sum::Section(s) => lines_where(plan, |si, _| plan.budget.is_within(si, s)),
        Sum::Total(Total::Income) => lines_where(plan, |_, l| {
            l.category.is_income() && !l.category.is_financial()
        }),
        Sum::Total(Total::Costs) => lines_where(plan, |_, l| {
            !l.category.is_income() && !l.category.is_financial()
        }),
        Sum::Total(Total::OperatingResult) => lines_where(plan, |_, l| !l.category.is_financial()),
        Sum::Total(Total::FinancialNet) => lines_where(plan, |_, l| l.category.is_financial()),
        Sum::Total(Total::Result) => lines_where(plan, |_, _| true),
        Sum::Total(Total::EquityOpening) => return Cells::Through(y.saturating_sub(1)),
        Sum::Total(Total::EquityClosing) => return Cells::Through(y),
        Sum::Contributions => lines_where(plan, |_, l| contribution(l)),
        Sum::Party(p) => lines_where(plan, |_, l| {
            contribution(l) && line_party(plan, l) == Some(p)
        }),
        Sum::Member(mi) => {
            let key = plan.association.members.get(mi).map(|m| m.key.as_str());
            lines_where(plan, |_, l| {
                contribution(l)
                    && matches!(&l.payer, Some(Payer::Member(k)) if Some(k.as_str()) == key)
            })
        }
    };
    Cells::Year(y, set)
}

/// Which of two differences with the same cells is named as the cause: the narrower kind
/// (a member before its party, a subsection before its section, a section before the totals),
/// and the earlier year.
fn rank(plan: &Plan, d: &Diff) -> (Year, usize) {
    let r = match d.sum {
        Sum::Member(_) => 0,
        Sum::Party(_) => 1,
        Sum::Contributions => 2,
        Sum::Section(s) => {
            3 + crate::budget::MAX_SECTION_DEPTH.saturating_sub(plan.budget.depth(s))
        }
        Sum::Total(Total::Income | Total::Costs | Total::FinancialNet) => 10,
        Sum::Total(Total::OperatingResult) => 11,
        Sum::Total(Total::Result) => 12,
        Sum::Total(Total::EquityClosing) => 13,
        Sum::Total(Total::EquityOpening) => 14,
    };
    (d.year, r)
}

/// A difference with its cells and its rank.
type Meta = (Diff, Cells, (Year, usize));

/// Puts every finding that is only a consequence beneath its root, keeping the order of the
/// roots. Findings without a difference stay as they are.
pub(super) fn group(plan: &Plan, traced: Vec<Traced>) -> Vec<Finding> {
    let n = traced.len();
    let meta: Vec<Option<Meta>> = traced
        .iter()
        .map(|t| t.diff.map(|d| (d, cells(plan, &d), rank(plan, &d))))
        .collect();
    // upstream[i]: the findings whose difference explains finding i's.
    let explains = |a: usize, b: usize| -> bool {
        let (Some((da, ca, ra)), Some((db, cb, rb))) = (&meta[a], &meta[b]) else {
            return false;
        };
        if a == b || da.excess != db.excess || ca.is_empty() || !ca.within(cb) {
            return false;
        }
        // The same cells both ways: the narrower kind or earlier year is the cause.
        !cb.within(ca) || (ra, a) < (rb, b)
    };
    // Who explains whom, asked once per pair.
    let causes: Vec<Vec<usize>> = (0..n)
        .map(|b| (0..n).filter(|&a| explains(a, b)).collect())
        .collect();
    // The root of a finding is a cause that nothing else explains.
    let root_of: Vec<Option<usize>> = causes
        .iter()
        .map(|of_b| {
            of_b.iter()
                .copied()
                .find(|&a| causes[a].is_empty())
                .or_else(|| of_b.first().copied())
        })
        .collect();
    // A cause that is itself explained hands its consequences on to its own root.
    let resolved: Vec<Option<usize>> = (0..n)
        .map(|b| {
            let mut r = root_of[b]?;
            for _ in 0..n {
                match root_of[r] {
                    Some(next) if next != b => r = next,
                    _ => break,
                }
            }
            Some(r)
        })
        .collect();
    let mut consequences: Vec<Vec<Finding>> = vec![Vec::new(); n];
    let mut findings: Vec<Option<Finding>> = traced.into_iter().map(|t| Some(t.finding)).collect();
    for i in 0..n {
        if let Some(r) = resolved[i].filter(|&r| resolved[r].is_none())
            && let Some(f) = findings[i].take()
        {
            consequences[r].push(f);
        }
    }
    let mut out = Vec::with_capacity(n);
    for (i, f) in findings.into_iter().enumerate() {
        if let Some(mut f) = f {
            f.consequences = std::mem::take(&mut consequences[i]);
            out.push(f);
        }
    }
    out
}
