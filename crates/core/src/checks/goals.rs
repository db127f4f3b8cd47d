//! Goals: thresholds that contradict each other, or an assessment that contradicts the value.

use super::*;

pub(super) fn goals(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    let values = crate::computed::FigureValues::of_plan(fig);
    for (ai, area) in plan.goal_areas.iter().enumerate() {
        for (gi, goal) in area.goals.iter().enumerate() {
            if goal.measures.is_empty() {
                out.push(Finding::at(
                    K::Goal,
                    crate::finding::Severity::Notice,
                    crate::location::Place::Plan(L::Goal(ai, gi)),
                    format!(
                        "Målet \"{}\" har inga mätpunkter och kan inte följas upp. Det visas ändå; lägg till minst en mätpunkt.",
                        goal.text
                    ),
                ));
            }
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
                let assessed = crate::computed::assess(m, &values);
                if let Some(r) = m.figure
                    && m.thresholds.is_none()
                {
                    out.push(Finding::warning(
                        K::Goal,
                        at,
                        format!(
                            "Mätpunkten \"{}\" hämtar sitt värde från {r} men har inga gränser; ange fulfilled (och gärna partly) så att den kan bedömas.",
                            m.text
                        ),
                    ));
                }
                // The application process's figures are the register's: a plan alone has none,
                // and that is no news.
                if let Some(r) = m
                    .figure
                    .filter(|r| values.get(*r).is_none() && !r.figure.from_applications())
                {
                    out.push(Finding::at(
                        K::Goal,
                        crate::finding::Severity::Notice,
                        crate::location::Place::Plan(at),
                        format!(
                            "Mätpunkten \"{}\" bedöms från {r}, som Finsam ännu inte har något värde för; den visas som \"kan inte bedömas\".",
                            m.text
                        ),
                    ));
                }
                if let (Some(computed), Some(written), Some(value)) = (
                    assessed
                        .assessment
                        .filter(|_| m.figure.is_some() || m.computed_assessment().is_some()),
                    m.assessment,
                    assessed.value,
                ) && computed != written
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
