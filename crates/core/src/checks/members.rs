//! The members the law requires, each listed once, with their board seats.

use super::*;

pub(super) fn members(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, m) in plan.association.members.iter().enumerate() {
        if !seen.insert(m.key.as_str()) {
            out.push(Finding::error(
                K::Members,
                L::Member(i),
                format!(
                    "Nyckeln \"{}\" används av två medlemmar. Ge varje medlem en egen nyckel.",
                    m.key
                ),
            ));
        }
        // A party's word, or "alla" (all members together), names no single member.
        if Party::from_word(&m.key).is_some() || m.key == Payer::ALL_WORD {
            out.push(Finding::error(
                K::Members,
                L::Member(i),
                format!(
                    "Nyckeln \"{}\" är reserverad för en hel part eller för alla medlemmar tillsammans. Välj en annan nyckel.",
                    m.key
                ),
            ));
        }
    }
    for (kind, word) in MemberKind::ALL {
        if !plan.association.members.iter().any(|m| m.kind == kind) {
            out.push(Finding::warning(
                K::Members,
                L::Association,
                format!(
                    "Förbundet saknar medlem av typen \"{word}\". Enligt lagen ska Försäkringskassan, Arbetsförmedlingen, minst en region och minst en kommun vara medlemmar."
                ),
            ));
        }
    }
    let with_board = plan.association.members.iter().any(|m| m.board.is_some());
    if with_board {
        for (i, m) in plan.association.members.iter().enumerate() {
            let b = m.board.clone().unwrap_or_default();
            let missing: Vec<&str> = [
                (b.member.is_none(), "ledamot"),
                (b.deputy.is_none(), "ersättare"),
            ]
            .into_iter()
            .filter_map(|(miss, w)| miss.then_some(w))
            .collect();
            if !missing.is_empty() {
                out.push(Finding::warning(
                    K::Board,
                    L::MemberBoard(i),
                    format!(
                        "{} saknar {} i styrelsen. Varje medlem utser en ordinarie ledamot och en ersättare.",
                        m.name,
                        missing.join(" och ")
                    ),
                ));
            }
        }
    }
    out
}
