//! Payers: a contribution line without payer, or a payer that names no member.

use super::*;

pub(super) fn payers(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    let keys: Vec<&str> = plan
        .association
        .members
        .iter()
        .map(|m| m.key.as_str())
        .collect();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (li, line) in section.lines.iter().enumerate() {
            let at = L::LinePayer(si, li);
            match &line.payer {
                Some(Payer::Member(k)) if plan.association.member(k).is_none() => {
                    out.push(Finding::error(
                        K::Payer,
                        at,
                        format!(
                            "Raden \"{}\" anger betalaren \"{k}\", men ingen medlem har den nyckeln. Använd en av {} eller staten, regionen, kommunerna.",
                            line.name,
                            keys.join(", ")
                        ),
                    ));
                    continue;
                }
                None if line.category == crate::budget::Category::MemberContribution => {
                    out.push(Finding::warning(
                        K::Payer,
                        L::Line(si, li),
                        format!(
                            "Medlemsbidraget \"{}\" saknar betalare, så fördelningen mellan parterna kan inte kontrolleras. Ange payer.",
                            line.name
                        ),
                    ));
                }
                _ => {}
            }
            if line.amount == AmountSpec::Derived {
                let missing = match &line.payer {
                    None => Some("anger ingen betalare".to_owned()),
                    Some(p) if payer_share(plan, p).is_none() => {
                        Some(format!("betalaren \"{}\" har ingen andel", p.word()))
                    }
                    _ => None,
                };
                if let Some(why) = missing {
                    out.push(Finding::error(
                        K::Payer,
                        L::LineAmount(si, li),
                        format!(
                            "Raden \"{}\" ska räknas fram ur medlemmarnas andelar men {why}. Ange andel för medlemmen eller skriv beloppen.",
                            line.name
                        ),
                    ));
                }
            }
        }
    }
    out
}
