//! The 7 § guard on the budget: a line whose name or note suggests benefits or payments to
//! individuals (busskort, ersättning till deltagare, …) is a warning for the board to consider.
//! The plan alone knows only the default words; the web app's applications use the förbund's
//! own (decision 0010).

use super::*;
use crate::insats::checks::{PAYMENT_WORDS, suggests_payments};

pub(super) fn payments(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (li, line) in section.lines.iter().enumerate() {
            let texts = std::iter::once(line.name.as_str()).chain(line.note.as_deref());
            if let Some(word) = texts
                .into_iter()
                .find_map(|t| suggests_payments(t, &PAYMENT_WORDS))
            {
                out.push(Finding::warning(
                    K::PaymentsToIndividuals,
                    L::Line(si, li),
                    format!(
                        "Raden \"{}\": \"{word}\" kan tyda på ersättning eller förmåner till enskilda, som ett samordningsförbund inte får ge (7 § lagen om finansiell samordning). Styrelsen bör pröva det före beslut.",
                        line.name
                    ),
                ));
            }
        }
    }
    out
}
