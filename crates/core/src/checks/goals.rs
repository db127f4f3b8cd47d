//! Goals: thresholds that contradict each other, or an assessment that contradicts the value.

use super::*;

pub(super) fn goals(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ai, area) in plan.goal_areas.iter().enumerate() {
        for (gi, goal) in area.goals.iter().enumerate() {
            for (mi, m) in goal.measures.iter().enumerate() {
                let at = L::Measure(ai, gi, mi);
                if let Some(t) = m.thresholds.filter(|t| !t.are_consistent()) {
                    out.push(Finding::error(
                        K::Goal,
                        at,
                        format!(
                            "Gränserna för mätpunkten \"{}\" motsäger varandra: uppfyllt vid {} men delvis uppfyllt vid {}. Gränsen för delvis uppfyllt ska vara den lägre ribban.",
                            m.text,
                            t.fulfilled,
                            t.partly.map(|p| p.to_string()).unwrap_or_default()
                        ),
                    ));
                }
                if let (Some(computed), Some(written), Some(value)) =
                    (m.computed_assessment(), m.assessment, m.value)
                    && computed != written
                {
                    out.push(Finding::warning(
                        K::Goal,
                        at,
                        format!(
                            "Mätpunkten \"{}\" har värdet {value}, vilket enligt gränserna ger \"{computed}\", men bedömningen är skriven som \"{written}\".",
                            m.text
                        ),
                    ));
                }
            }
        }
    }
    out
}
