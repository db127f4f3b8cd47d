//! Member contributions and shares against the statutory split 1/2, 1/4, 1/4.

use super::*;

pub(super) fn party_members(
    plan: &Plan,
    party: Party,
) -> impl Iterator<Item = (usize, &crate::association::Member)> {
    plan.association
        .members
        .iter()
        .enumerate()
        .filter(move |(_, m)| m.kind.party() == party)
}

pub(super) fn stated_shares(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    if plan.association.members.iter().all(|m| m.share.is_none()) {
        return out;
    }
    for party in Party::ALL {
        let mut sum = Fraction::ZERO;
        let mut first = None;
        for (i, m) in party_members(plan, party) {
            if let Some(s) = m.share {
                sum = sum.checked_add(s).unwrap_or(sum);
                first.get_or_insert(i);
            }
        }
        let Some(first) = first else {
            continue;
        };
        for (i, m) in party_members(plan, party)
            .filter(|(_, m)| m.share.is_none() && m.kind != MemberKind::Arbetsformedlingen)
        {
            out.push(Finding::warning(
                K::ContributionSplit,
                L::Member(i),
                format!(
                    "{} saknar andel medan andra inom {} har en. Ange andel för alla eller för ingen.",
                    m.name,
                    party.label()
                ),
            ));
        }
        if sum != party.statutory_share() {
            out.push(Finding::error(
                K::ContributionSplit,
                L::MemberShare(first),
                format!(
                    "Andelarna för {} summerar till {sum}, men enligt lagen (5 §) ska de tillsammans vara {}.",
                    party.label(),
                    party.statutory_share()
                ),
            ));
        }
    }
    out
}

pub(super) fn contribution_split(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    // Which party each contribution line belongs to; a line without a known payer makes the
    // split impossible to tell, which the payer check reports.
    let mut lines = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (li, line) in section.lines.iter().enumerate() {
            if line.category != crate::budget::Category::MemberContribution {
                continue;
            }
            let party = match &line.payer {
                Some(Payer::Party(p)) => Some(*p),
                Some(Payer::Member(k)) => plan.association.member(k).map(|m| m.kind.party()),
                None => None,
            };
            match party {
                Some(p) => lines.push((si, li, p)),
                None => return out,
            }
        }
    }
    for (yi, yf) in fig.per_year.iter().enumerate() {
        let total = yf.member_contributions;
        if let Some(&stated) = plan
            .budget
            .contributions
            .get(&yf.year)
            .filter(|s| **s != total)
        {
            out.push(Finding::error(
                K::ContributionSplit,
                L::Contributions(Some(yf.year)),
                format!(
                    "Medlemsbidragen {} är angivna till {}, men medlemsbidragsraderna summerar till {}.",
                    yf.year,
                    kr_with_unit(stated),
                    kr_with_unit(total)
                ),
            ));
        }
        if total.is_zero() {
            continue;
        }
        let mut by_party: BTreeMap<Party, (Money, L)> = BTreeMap::new();
        for (si, li, p) in &lines {
            let amount = fig.sections[*si].lines[*li][yi];
            let e = by_party
                .entry(*p)
                .or_insert((Money::ZERO, L::Line(*si, *li)));
            e.0 = e.0.checked_add(amount).unwrap_or(e.0);
        }
        for party in Party::ALL {
            let (paid, at) = by_party
                .get(&party)
                .copied()
                .unwrap_or((Money::ZERO, L::Contributions(None)));
            let share = party.statutory_share();
            let lhs = i128::from(paid.ore()).saturating_mul(share.den());
            let rhs = i128::from(total.ore()).saturating_mul(share.num());
            if lhs != rhs {
                let due = total
                    .mul_ratio(share.num(), share.den(), crate::money::Rounding::Ore)
                    .unwrap_or(Money::ZERO);
                out.push(Finding::error(
                    K::ContributionSplit,
                    at,
                    format!(
                        "Medlemsbidragen {}: {} betalar {}, men ska enligt lagen (5 §) betala {share} av {} = {}.",
                        yf.year,
                        party.label(),
                        kr_with_unit(paid),
                        kr_with_unit(total),
                        kr_with_unit(due)
                    ),
                ));
            }
        }
    }
    out
}
