//! Structure: the same line twice in a section, or an empty section.

use super::*;

pub(super) fn structure(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        if section.lines.is_empty() && plan.budget.children(Some(si)).next().is_none() {
            out.push(Finding::warning(
                K::Structure,
                L::Section(si),
                format!(
                    "Avsnittet \"{}\" har inga rader och inga underavsnitt.",
                    section.name
                ),
            ));
        }
        let mut seen = HashSet::new();
        for (li, line) in section.lines.iter().enumerate() {
            if !seen.insert(line.name.as_str()) {
                out.push(Finding::warning(
                    K::Structure,
                    L::Line(si, li),
                    format!(
                        "Raden \"{}\" står två gånger i avsnittet \"{}\". Slå ihop raderna eller ge dem olika namn.",
                        line.name, section.name
                    ),
                ));
            }
        }
    }
    out
}
