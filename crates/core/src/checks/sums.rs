//! Printed sums: a sum written in the plan that differs from the computed one. In a tkr
//! document a small difference may be the rounding of the printed lines; on a draft edited in
//! Finsam the printed sums belong to the document it was read from and are not checked.

use super::causes::cells;
use super::*;

/// Every printed sum that differs from the computed one: (the place, the label with its year,
/// the written and the computed figure, the difference for grouping).
fn differences(plan: &Plan, fig: &Figures) -> Vec<(L, String, Money, Money, Diff)> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (yi, &y) in fig.years.iter().enumerate() {
            let computed = fig.sections[si].sums[yi];
            if let Some(&written) = section.printed_sum.get(&y).filter(|w| **w != computed) {
                out.push((
                    L::SectionSum(si, y),
                    format!("Summan för \"{}\" {y}", section.name),
                    written,
                    computed,
                    diff(Sum::Section(si), y, written, computed),
                ));
            }
        }
    }
    for (total, by_year) in &plan.budget.printed {
        for yf in &fig.per_year {
            let computed = yf.total(*total);
            if let Some(&written) = by_year.get(&yf.year).filter(|w| **w != computed) {
                out.push((
                    L::Printed(*total, yf.year),
                    format!("\"{}\" {}", total.label(), yf.year),
                    written,
                    computed,
                    diff(Sum::Total(*total), yf.year, written, computed),
                ));
            }
        }
    }
    out
}

fn diff(sum: Sum, year: Year, written: Money, computed: Money) -> Diff {
    Diff {
        sum,
        year,
        excess: computed.checked_sub(written).unwrap_or(Money::ZERO),
    }
}

/// How far the sum of a tkr document's printed lines may lie from its printed sum by rounding
/// alone: half a unit of each line's printed precision (a line in whole tkr, 500 kr; one with
/// one decimal, 50 kr; …).
fn rounding_allowance(plan: &Plan, fig: &Figures, d: &Diff) -> Money {
    let half_unit = |m: Money| -> i64 {
        let kr = m.ore() / 100;
        if m.ore() % 100 != 0 {
            0
        } else if kr % 1000 == 0 {
            50_000
        } else if kr % 100 == 0 {
            5_000
        } else if kr % 10 == 0 {
            500
        } else {
            50
        }
    };
    let mut total: i64 = 0;
    let mut add = |si: usize, li: usize, yi: usize| {
        if let Some(m) = fig
            .sections
            .get(si)
            .and_then(|s| s.lines.get(li))
            .and_then(|l| l.get(yi))
            && !m.is_zero()
        {
            total = total.saturating_add(half_unit(*m));
        }
    };
    match cells(plan, d) {
        causes::Cells::Year(y, lines) => {
            if let Some(yi) = fig.years.iter().position(|v| *v == y) {
                for (si, li) in lines {
                    add(si, li, yi);
                }
            }
        }
        causes::Cells::Through(y) => {
            for (yi, _) in fig.years.iter().enumerate().filter(|(_, v)| **v <= y) {
                for (si, s) in plan.budget.sections.iter().enumerate() {
                    for li in 0..s.lines.len() {
                        add(si, li, yi);
                    }
                }
            }
        }
    }
    Money::from_ore(total)
}

pub(super) fn printed_sums(plan: &Plan, fig: &Figures) -> Vec<Traced> {
    if plan.budget.printed_outdated {
        return Vec::new();
    }
    differences(plan, fig)
        .into_iter()
        .map(|(at, label, written, computed, d)| {
            let text = diff_text(plan, written, computed);
            let rounding = plan.budget.unit == crate::format::Unit::Tkr
                && d.excess
                    .checked_abs()
                    .is_ok_and(|e| e <= rounding_allowance(plan, fig, &d));
            let finding = if rounding {
                Finding::warning(
                    K::PrintedSum,
                    at,
                    format!(
                        "{label} {text}: en möjlig avrundningsdifferens, eftersom dokumentets rader är avrundade till tkr och skillnaden inte är större än avrundningen av raderna tillåter. Kontrollera mot de oavrundade beloppen."
                    ),
                )
            } else {
                Finding::error(
                    K::PrintedSum,
                    at,
                    format!("{label} {text}. Rätta summan eller raderna."),
                )
            };
            Traced {
                finding,
                diff: Some(d),
            }
        })
        .collect()
}

/// On a draft edited in Finsam, one notice instead of the printed sums' differences.
pub(super) fn outdated_notice(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    if !plan.budget.printed_outdated {
        return Vec::new();
    }
    let n = differences(plan, fig).len();
    if n == 0 {
        return Vec::new();
    }
    vec![Finding::at(
        K::PrintedSum,
        crate::finding::Severity::Notice,
        crate::location::Place::Plan(L::Years),
        format!(
            "Planen har ändrats i Finsam sedan den lästes in. De tryckta summorna hör till dokumentet den lästes in från, och {n} av dem stämmer inte längre med raderna; de kontrolleras inte på det här utkastet. Beslutade versioner behåller sina summor."
        ),
    )]
}
