//! Signs: a line whose sign contradicts its category.

use super::*;

pub(super) fn signs(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (li, line) in section.lines.iter().enumerate() {
            let income = line.category.is_income();
            let wrong: Vec<(Year, Money)> = fig
                .years
                .iter()
                .zip(&fig.sections[si].lines[li])
                .filter(|(_, a)| {
                    if income {
                        a.is_negative()
                    } else {
                        a.is_positive()
                    }
                })
                .map(|(y, a)| (*y, *a))
                .collect();
            let Some(&(first_year, first)) = wrong.first() else {
                continue;
            };
            let (what, how) = if income {
                ("en intäkt", "Intäkter skrivs utan minustecken")
            } else {
                ("en kostnad", "Kostnader skrivs med minustecken")
            };
            let years: Vec<String> = wrong.iter().map(|(y, _)| y.to_string()).collect();
            let at = if wrong.len() == 1 {
                L::LineYear(si, li, first_year)
            } else {
                L::LineAmount(si, li)
            };
            out.push(Finding::warning(
                K::Sign,
                at,
                format!(
                    "Raden \"{}\" är {what} ({}) men beloppet är {} ({}). {how}, som i den tryckta budgeten; menar du {}?",
                    line.name,
                    line.category,
                    amount(plan, first),
                    years.join(", "),
                    amount(plan, -first)
                ),
            ));
        }
    }
    out
}
