//! Plan years: missing, repeated or out of order, and lines whose years do not match.

use super::*;

pub(super) fn years(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let ys = &plan.budget.years;
    let mut out = Vec::new();
    if ys.is_empty() {
        out.push(Finding::error(
            K::Years,
            L::Years,
            "Planen saknar år. Ange budgetåret och planåren, t.ex. years = [2024, 2025, 2026].",
        ));
    }
    for pair in ys.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b == a {
            out.push(Finding::error(
                K::Years,
                L::Years,
                format!("Året {a} står två gånger bland planåren. Ta bort det ena."),
            ));
        } else if b < a {
            out.push(Finding::error(
                K::Years,
                L::Years,
                format!("Planåren står i fel ordning: {b} kommer efter {a}. Skriv åren i stigande ordning."),
            ));
        } else if b > a.saturating_add(1) {
            let missing: Vec<String> = (a.saturating_add(1)..b).map(|y| y.to_string()).collect();
            out.push(Finding::error(
                K::Years,
                L::Years,
                format!(
                    "Planår saknas mellan {a} och {b}: {}. Planåren ska följa på varandra.",
                    missing.join(", ")
                ),
            ));
        }
    }
    out
}

pub(super) fn line_years(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let plan_years: BTreeSet<Year> = plan.budget.years.iter().copied().collect();
    let (first, last) = match (plan_years.first(), plan_years.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let outside = |what: &str, y: Year| {
        format!(
            "{what} har ett belopp för {y}, som inte är ett av planåren. Ta bort det eller lägg till året bland planåren."
        )
    };
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (y, _) in section
            .printed_sum
            .iter()
            .filter(|(y, _)| !plan_years.contains(y))
        {
            out.push(Finding::error(
                K::Years,
                L::SectionSum(si, *y),
                outside(&format!("Summan för \"{}\"", section.name), *y),
            ));
        }
        for (li, line) in section.lines.iter().enumerate() {
            let what = format!("Raden \"{}\"", line.name);
            match &line.amount {
                AmountSpec::PerYear(map) => {
                    for y in plan_years.iter().filter(|y| !map.contains_key(y)) {
                        out.push(Finding::error(
                            K::Years,
                            L::LineAmount(si, li),
                            format!("{what} saknar belopp för {y}. Skriv beloppet (0 om inget ska budgeteras)."),
                        ));
                    }
                    for y in map.keys().filter(|y| !plan_years.contains(y)) {
                        out.push(Finding::error(
                            K::Years,
                            L::LineYear(si, li, *y),
                            outside(&what, *y),
                        ));
                    }
                }
                AmountSpec::Monthly { from, to, .. } => {
                    if let Some(to) = to.filter(|t| t < from) {
                        out.push(Finding::error(
                            K::Years,
                            L::LineAmount(si, li),
                            format!("{what} slutar ({to}) innan den börjar ({from}). Byt plats på månaderna."),
                        ));
                    } else if from.year > last || to.is_some_and(|t| t.year < first) {
                        out.push(Finding::warning(
                            K::Years,
                            L::LineAmount(si, li),
                            format!("{what} löper helt utanför planåren {first}–{last} och ger inga belopp."),
                        ));
                    }
                }
                AmountSpec::Indexed {
                    base_year,
                    overrides,
                    ..
                } => {
                    if let Some(b) = base_year.filter(|b| *b > last) {
                        out.push(Finding::warning(
                            K::Years,
                            L::LineAmount(si, li),
                            format!("{what} har basåret {b}, efter planåren {first}–{last}; raden ger inga belopp."),
                        ));
                    }
                    for y in overrides.keys().filter(|y| !plan_years.contains(y)) {
                        out.push(Finding::error(
                            K::Years,
                            L::LineYear(si, li, *y),
                            outside(&what, *y),
                        ));
                    }
                }
                AmountSpec::Derived => {
                    for y in plan_years
                        .iter()
                        .filter(|y| !plan.budget.contributions.contains_key(y))
                    {
                        out.push(Finding::error(
                            K::Years,
                            L::LineAmount(si, li),
                            format!("{what} räknas fram ur medlemsbidragen, men medlemsbidragen för {y} saknas. Ange dem under [budget] contributions."),
                        ));
                    }
                }
                AmountSpec::Fixed(_) => {}
            }
        }
    }
    for (total, by_year) in &plan.budget.printed {
        for y in by_year.keys().filter(|y| !plan_years.contains(y)) {
            out.push(Finding::error(
                K::Years,
                L::Printed(*total, *y),
                outside(&format!("Summan \"{}\"", total.label()), *y),
            ));
        }
    }
    out
}
