//! Printed sums: a sum written in the plan that differs from the computed one.

use super::*;

pub(super) fn printed_sums(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (yi, &y) in fig.years.iter().enumerate() {
            let computed = fig.sections[si].sums[yi];
            if let Some(&written) = section.printed_sum.get(&y).filter(|w| **w != computed) {
                out.push(Finding::error(
                    K::PrintedSum,
                    L::SectionSum(si, y),
                    format!(
                        "Summan för \"{}\" {y} {}. Rätta summan eller raderna.",
                        section.name,
                        diff_text(written, computed)
                    ),
                ));
            }
        }
    }
    for (total, by_year) in &plan.budget.printed {
        for yf in &fig.per_year {
            let computed = yf.total(*total);
            if let Some(&written) = by_year.get(&yf.year).filter(|w| **w != computed) {
                out.push(Finding::error(
                    K::PrintedSum,
                    L::Printed(*total, yf.year),
                    format!(
                        "\"{}\" {} {}. Rätta summan eller raderna.",
                        total.label(),
                        yf.year,
                        diff_text(written, computed)
                    ),
                ));
            }
        }
    }
    out
}
