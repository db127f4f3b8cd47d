//! The next year's plan started from an adopted one: every autumn a förbund writes the plan for
//! the coming year by moving its three-year budget one year on. The rule is here, beside the
//! other plan calculations, so that the web app, the CLI and the API start a plan alike.
//!
//! The rule (decision 0008, "A new plan from the adopted one"):
//! - The plan years move one year on: 2024–2026 becomes 2025–2027.
//! - Every line keeps its amount in the years both plans share, exactly: a fixed amount stays,
//!   a per-year line keeps its years, a monthly line runs on from its start month (to its end),
//!   an indexed line is rebased on its amount in the new first year and goes on indexing from
//!   it, a derived line takes its share of the contributions.
//! - The new last year: a per-year line, the member contributions and the state's allocation
//!   carry the old last year's amount; fixed, monthly, indexed and derived lines compute it.
//! - A line that has ended (an amount in the old years, none in any new year) is left out and
//!   named, so that a finished insats does not stay as a row of zeros.
//! - The opening equity comes from its parts: the equity at the end of the year before the old
//!   budget year (the old plan's opening equity; that year is closed when the new plan is
//!   written) and the forecast result of the old budget year (the old plan's budgeted result,
//!   to be replaced by the ekonom's forecast). Their sum is the old plan's closing equity of its
//!   first year.
//! - The printed sums belong to the old document and are dropped, as is the board's decision;
//!   the goals stay, their measured values and assessments are cleared (they are the old
//!   year's follow-up); an equity goal whose year has passed is dropped.

use crate::budget::{AmountSpec, OpeningParts, Year};
use crate::calc::{CalcError, compute, line_amounts};
use crate::location::Location;
use crate::money::Money;
use crate::plan::Plan;

/// A plan started from another, with what was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPlan {
    /// The new plan, a draft.
    pub plan: Plan,
    /// The names of the lines left out because they had ended, in budget order.
    pub ended: Vec<String>,
}

/// The plan for the year after `plan`'s budget year, by the rule above. Fails only when the
/// old plan cannot be computed (an amount beyond range).
pub fn next_plan(plan: &Plan) -> Result<NextPlan, CalcError> {
    let fig = compute(plan)?;
    let old_years = &plan.budget.years;
    let (Some(&first), Some(&last)) = (old_years.first(), old_years.last()) else {
        return Err(CalcError {
            location: Location::Years,
        });
    };
    let new_years: Vec<Year> = old_years.iter().map(|y| y + 1).collect();
    let new_first = first + 1;
    let added = last + 1;
    // The old years with the added one: every line's amounts over both plans' years, computed
    // with the old plan (a line without a base year indexes from the old first year).
    let mut span = old_years.clone();
    span.push(added);

    let mut next = plan.clone();
    next.title = shift_years_in(&plan.title, old_years);
    next.decided = None;
    next.budget.years = new_years.clone();
    next.budget.printed.clear();
    next.budget.printed_equity_ratio.clear();
    next.budget.printed_outdated = false;
    carry(&mut next.budget.contributions, new_first, last, added);
    carry(&mut next.budget.state_allocation, new_first, last, added);

    let closing = fig
        .per_year
        .first()
        .map_or(plan.budget.opening_equity, |y| y.equity_closing);
    let result = fig.per_year.first().map_or(Money::ZERO, |y| y.result);
    next.budget.opening_parts = Some(OpeningParts {
        closed: plan.budget.opening_equity,
        forecast: result,
    });
    next.budget.opening_equity = closing;

    let mut ended = Vec::new();
    for (si, section) in next.budget.sections.iter_mut().enumerate() {
        section.printed_sum.clear();
        let mut kept = Vec::with_capacity(section.lines.len());
        for (li, mut line) in std::mem::take(&mut section.lines).into_iter().enumerate() {
            let amounts = line_amounts(plan, &line, &span, Location::LineAmount(si, li))?;
            let (old, new) = (&amounts[..old_years.len()], &amounts[1..]);
            if new.iter().all(|m| *m == Money::ZERO) && old.iter().any(|m| *m != Money::ZERO) {
                ended.push(line.name);
                continue;
            }
            match &mut line.amount {
                AmountSpec::PerYear(map) => carry(map, new_first, last, added),
                AmountSpec::Indexed {
                    base,
                    base_year,
                    overrides,
                    ..
                } => {
                    if base_year.unwrap_or(first) < new_first {
                        *base = amounts[1];
                        *base_year = None;
                        overrides.retain(|y, _| *y > new_first);
                    }
                }
                AmountSpec::Fixed(_) | AmountSpec::Monthly { .. } | AmountSpec::Derived => {}
            }
            kept.push(line);
        }
        section.lines = kept;
    }

    if next.rules.equity_goal.is_some_and(|g| g.year < new_first) {
        next.rules.equity_goal = None;
    }
    for measure in next
        .goal_areas
        .iter_mut()
        .flat_map(|a| a.goals.iter_mut())
        .flat_map(|g| g.measures.iter_mut())
    {
        measure.value = None;
        measure.assessment = None;
        measure.comment = None;
    }
    Ok(NextPlan { plan: next, ended })
}

/// A year map moved on: the years before `from` dropped, `added` given `last`'s amount when it
/// has one.
fn carry(map: &mut std::collections::BTreeMap<Year, Money>, from: Year, last: Year, added: Year) {
    if let Some(&m) = map.get(&last) {
        map.entry(added).or_insert(m);
    }
    map.retain(|y, _| *y >= from);
}

/// The title with each of the plan's years one year on, "Verksamhetsplan och budget 2024,
/// plan 2025–2026" → "… 2025, plan 2026–2027"; a four-digit number that is not a plan year
/// stays. A title without the budget year gets it: "Verksamhetsplan" → "Verksamhetsplan 2025".
pub fn shift_years_in(title: &str, years: &[Year]) -> String {
    let mut out = String::with_capacity(title.len() + 5);
    let mut digits = String::new();
    let mut shifted = false;
    let mut flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<Year>() {
            Ok(y) if digits.len() == 4 && years.contains(&y) => {
                out.push_str(&(y + 1).to_string());
                shifted = true;
            }
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in title.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    if !shifted && let Some(first) = years.first() {
        out = format!("{} {}", out.trim_end(), first + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_move_their_plan_years_only() {
        let years = [2024, 2025, 2026];
        assert_eq!(
            shift_years_in("Verksamhetsplan och budget 2024", &years),
            "Verksamhetsplan och budget 2025"
        );
        assert_eq!(
            shift_years_in("Budget 2024 med plan 2025–2026", &years),
            "Budget 2025 med plan 2026–2027"
        );
        assert_eq!(
            shift_years_in("Plan 1999 och 20245", &years),
            "Plan 1999 och 20245 2025"
        );
        assert_eq!(
            shift_years_in("Verksamhetsplan", &years),
            "Verksamhetsplan 2025"
        );
    }
}
