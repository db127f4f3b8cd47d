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

/// Whether `paid` is exactly `share` of `total`.
fn is_share(paid: Money, share: Fraction, total: Money) -> bool {
    i128::from(paid.ore()).saturating_mul(share.den())
        == i128::from(total.ore()).saturating_mul(share.num())
}

fn share_of(total: Money, share: Fraction) -> Money {
    total
        .mul_ratio(share.num(), share.den(), crate::money::Rounding::Ore)
        .unwrap_or(Money::ZERO)
}

/// The contribution lines against `contributions`, the statutory split and the members' stated
/// shares. When one line is wrong, only it is reported as the cause: the party (or member)
/// whose lines do not match its share of the intended total, which is the stated total when
/// the other parties match it, or else the total the other parties' lines agree on.
pub(super) fn contribution_split(plan: &Plan, fig: &Figures) -> Vec<Traced> {
    let mut out = Vec::new();
    // Which party each contribution line belongs to; a line without a known payer makes the
    // split impossible to tell, which the payer check reports.
    let mut lines = Vec::new();
    let mut for_all = false;
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (li, line) in section.lines.iter().enumerate() {
            if line.category != crate::budget::Category::MemberContribution {
                continue;
            }
            if line.payer == Some(Payer::All) {
                for_all = true;
                continue;
            }
            match super::causes::line_party(plan, line) {
                Some(p) => lines.push((si, li, p)),
                None => return out,
            }
        }
    }
    for (yi, yf) in fig.per_year.iter().enumerate() {
        let total = yf.member_contributions;
        let stated = plan.budget.contributions.get(&yf.year).copied();
        if let Some(stated) = stated.filter(|s| *s != total) {
            out.push(Traced {
                finding: Finding::error(
                    K::ContributionSplit,
                    L::Contributions(Some(yf.year)),
                    format!(
                        "Medlemsbidragen {} är angivna till {}, men medlemsbidragsraderna summerar till {} (skillnad {}).",
                        yf.year,
                        amount(plan, stated),
                        amount(plan, total),
                        amount(plan, total.checked_sub(stated).unwrap_or(Money::ZERO)),
                    ),
                ),
                diff: Some(Diff {
                    sum: Sum::Contributions,
                    year: yf.year,
                    excess: total.checked_sub(stated).unwrap_or(Money::ZERO),
                }),
            });
        }
        // A line for all members is split by the statute itself; mixing it with member lines
        // is refused by the reader and reported by the payer check.
        if total.is_zero() || for_all {
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
        let paid = |p: Party| {
            by_party
                .get(&p)
                .copied()
                .unwrap_or((Money::ZERO, L::Contributions(None)))
        };
        let agree = |t: Money| {
            Party::ALL
                .iter()
                .filter(|p| is_share(paid(**p).0, p.statutory_share(), t))
                .count()
        };
        // The total the lines are meant to add up to.
        let intended = if agree(total) == Party::ALL.len() {
            Some((total, None))
        } else if let Some(s) = stated.filter(|s| agree(*s) >= 2) {
            Some((s, Some("de angivna medlemsbidragen")))
        } else {
            Party::ALL
                .iter()
                .filter_map(|p| {
                    let share = p.statutory_share();
                    share_of(paid(*p).0, Fraction::new(share.den(), share.num())?).into()
                })
                .find(|t: &Money| agree(*t) >= 2)
                .map(|t| (t, Some("det de andra parternas bidrag ger")))
        };
        for party in Party::ALL {
            let (paid, at) = paid(party);
            let share = party.statutory_share();
            let (base, why) = intended.unwrap_or((total, None));
            if is_share(paid, share, base) {
                continue;
            }
            let due = share_of(base, share);
            let excess = paid.checked_sub(due).unwrap_or(Money::ZERO);
            let of = match why {
                Some(w) => format!("{} ({w})", amount(plan, base)),
                None => amount(plan, base),
            };
            out.push(Traced {
                finding: Finding::error(
                    K::ContributionSplit,
                    at,
                    format!(
                        "Medlemsbidragen {}: {} betalar {}, men ska enligt lagen (5 §) betala {share} av {of} = {} (skillnad {}).",
                        yf.year,
                        party.label(),
                        amount(plan, paid),
                        amount(plan, due),
                        amount(plan, excess),
                    ),
                ),
                diff: intended.is_some().then_some(Diff {
                    sum: Sum::Party(party),
                    year: yf.year,
                    excess,
                }),
            });
        }
        // Each member that pays its own lines, against its stated share.
        let base = intended.map_or(total, |(t, _)| t);
        for (mi, m) in plan.association.members.iter().enumerate() {
            let Some(share) = m.share else {
                continue;
            };
            let own: Vec<(usize, usize)> = plan
                .budget
                .sections
                .iter()
                .enumerate()
                .flat_map(|(si, s)| {
                    s.lines.iter().enumerate().filter_map(move |(li, l)| {
                        (l.category == crate::budget::Category::MemberContribution
                            && matches!(&l.payer, Some(Payer::Member(k)) if *k == m.key))
                        .then_some((si, li))
                    })
                })
                .collect();
            let Some(&(si, li)) = own.first() else {
                continue;
            };
            let paid = Money::checked_sum(own.iter().map(|(s, l)| fig.sections[*s].lines[*l][yi]))
                .unwrap_or(Money::ZERO);
            if is_share(paid, share, base) {
                continue;
            }
            let due = share_of(base, share);
            let excess = paid.checked_sub(due).unwrap_or(Money::ZERO);
            out.push(Traced {
                finding: Finding::error(
                    K::ContributionSplit,
                    L::Line(si, li),
                    format!(
                        "Medlemsbidragen {}: {} betalar {}, men dess andel {share} av {} är {} (skillnad {}).",
                        yf.year,
                        m.name,
                        amount(plan, paid),
                        amount(plan, base),
                        amount(plan, due),
                        amount(plan, excess),
                    ),
                ),
                diff: Some(Diff {
                    sum: Sum::Member(mi),
                    year: yf.year,
                    excess,
                }),
            });
        }
    }
    out
}

/// The state's allocation against the state's half of the budgeted contributions.
pub(super) fn state_allocation(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let half = Party::State.statutory_share();
    let mut out = Vec::new();
    for (year, allocation) in &plan.budget.state_allocation {
        let Some(yf) = fig.year(*year) else {
            continue;
        };
        let budgeted = plan
            .budget
            .contributions
            .get(year)
            .copied()
            .unwrap_or(yf.member_contributions);
        if is_share(*allocation, half, budgeted) {
            continue;
        }
        let state_part = share_of(budgeted, half);
        let implied = allocation.checked_mul(2).unwrap_or(*allocation);
        let gap = implied.checked_sub(budgeted).unwrap_or(Money::ZERO);
        let (more_less, abs) = if gap.is_positive() {
            ("för låga", gap)
        } else {
            ("för höga", -gap)
        };
        out.push(Finding::warning(
            K::StateAllocation,
            L::StateAllocation(Some(*year)),
            format!(
                "Staten har tilldelat {} för {year}, men budgetens medlemsbidrag {} ger staten hälften, {}. Staten betalar hälften av alla medlemsbidrag och regionen och kommunerna lika mycket tillsammans, så med tilldelningen blir medlemsbidragen {}: budgetens intäkter är {} {more_less}, om inte dokumentet förklarar skillnaden.",
                amount(plan, *allocation),
                amount(plan, budgeted),
                amount(plan, state_part),
                amount(plan, implied),
                amount(plan, abs),
            ),
        ));
    }
    out
}
