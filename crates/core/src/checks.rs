//! The checks: plain functions from a plan and its figures to findings. Every check reports
//! everything it finds, never just the first problem.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::association::{MemberKind, Party, Payer};
use crate::budget::{AmountSpec, Total, Year};
use crate::calc::{Figures, payer_share};
use crate::finding::{Finding, FindingKind as K};
use crate::format::{kr_with_unit, percent};
use crate::fraction::Fraction;
use crate::location::Location as L;
use crate::money::Money;
use crate::plan::Plan;

type Check = fn(&Plan, &Figures) -> Vec<Finding>;

/// Every check, in the order their findings are reported.
const CHECKS: [Check; 14] = [
    years,
    line_years,
    printed_sums,
    equity_recommendation,
    equity_band,
    negative_equity,
    administration_share,
    stated_shares,
    contribution_split,
    members,
    payers,
    signs,
    structure,
    goals,
];

/// Runs every check and returns all findings.
pub fn check(plan: &Plan, figures: &Figures) -> Vec<Finding> {
    CHECKS.iter().flat_map(|c| c(plan, figures)).collect()
}

fn diff_text(written: Money, computed: Money) -> String {
    let diff = written
        .checked_sub(computed)
        .map_or_else(|_| "mycket stor".to_owned(), kr_with_unit);
    format!(
        "är skriven som {} men beräknas till {} (skillnad {diff})",
        kr_with_unit(written),
        kr_with_unit(computed)
    )
}

fn years(plan: &Plan, _: &Figures) -> Vec<Finding> {
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

fn line_years(plan: &Plan, _: &Figures) -> Vec<Finding> {
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

fn printed_sums(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (yi, &y) in fig.years.iter().enumerate() {
            let computed = fig.sections[si].sums[yi];
            if let Some(&written) = section.printed_sum.get(&y).filter(|w| **w != computed) {
                out.push(Finding::error(
                    K::PrintedSum,
                    L::SectionSum(si, y),
                    format!(
                        "Summan för \"{}\" {y} {}. Rätta summan eller raderna.",
                        section.name,
                        diff_text(written, computed)
                    ),
                ));
            }
        }
    }
    for (total, by_year) in &plan.budget.printed {
        for yf in &fig.per_year {
            let computed = yf.total(*total);
            if let Some(&written) = by_year.get(&yf.year).filter(|w| **w != computed) {
                out.push(Finding::error(
                    K::PrintedSum,
                    L::Printed(*total, yf.year),
                    format!(
                        "\"{}\" {} {}. Rätta summan eller raderna.",
                        total.label(),
                        yf.year,
                        diff_text(written, computed)
                    ),
                ));
            }
        }
    }
    out
}

fn equity_recommendation(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    fig.per_year
        .iter()
        .filter(|y| y.equity_closing > y.equity_recommended_max)
        .map(|y| {
            let over = y
                .equity_closing
                .checked_sub(y.equity_recommended_max)
                .unwrap_or(Money::ZERO);
            Finding::warning(
                K::EquityAboveRecommendation,
                L::Printed(Total::EquityClosing, y.year),
                format!(
                    "Eget kapital vid utgången av {} blir {}, {} över rekommendationen på högst {} av årets medlemsbidrag ({}). Kapital över nivån kan minska statens bidrag nästa år.",
                    y.year,
                    kr_with_unit(y.equity_closing),
                    kr_with_unit(over),
                    plan.rules.equity_recommendation,
                    kr_with_unit(y.equity_recommended_max),
                ),
            )
        })
        .collect()
}

fn equity_band(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let Some(band) = plan.rules.equity_band else {
        return Vec::new();
    };
    fig.per_year
        .iter()
        .filter_map(|y| {
            let side = if y.equity_closing < band.min {
                "under förbundets lägsta nivå"
            } else if y.equity_closing > band.max {
                "över förbundets högsta nivå"
            } else {
                return None;
            };
            Some(Finding::warning(
                K::EquityOutsideBand,
                L::EquityBand,
                format!(
                    "Eget kapital vid utgången av {} blir {}, {side} (mellan {} och {}).",
                    y.year,
                    kr_with_unit(y.equity_closing),
                    kr_with_unit(band.min),
                    kr_with_unit(band.max),
                ),
            ))
        })
        .collect()
}

fn negative_equity(_: &Plan, fig: &Figures) -> Vec<Finding> {
    fig.per_year
        .iter()
        .filter(|y| y.equity_closing.is_negative())
        .map(|y| {
            Finding::error(
                K::NegativeEquity,
                L::Printed(Total::EquityClosing, y.year),
                format!(
                    "Eget kapital blir negativt vid utgången av {} ({}). Förbundet kan inte planera för större kostnader än intäkter och eget kapital täcker.",
                    y.year,
                    kr_with_unit(y.equity_closing)
                ),
            )
        })
        .collect()
}

fn administration_share(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let Some(max) = plan.rules.administration_share_max else {
        return Vec::new();
    };
    let goal = max.as_fraction();
    fig.per_year
        .iter()
        .filter_map(|y| {
            let share = y.administration_share?;
            (share > goal).then(|| {
                Finding::warning(
                    K::AdministrationShareAboveGoal,
                    L::AdministrationShareMax,
                    format!(
                        "Administrationsandelen {} blir {} ({} av kostnaderna {}), över målet {max}.",
                        y.year,
                        percent(share, 1),
                        kr_with_unit(y.administration_costs),
                        kr_with_unit(-y.costs),
                    ),
                )
            })
        })
        .collect()
}

fn party_members(
    plan: &Plan,
    party: Party,
) -> impl Iterator<Item = (usize, &crate::association::Member)> {
    plan.association
        .members
        .iter()
        .enumerate()
        .filter(move |(_, m)| m.kind.party() == party)
}

fn stated_shares(plan: &Plan, _: &Figures) -> Vec<Finding> {
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

fn contribution_split(plan: &Plan, fig: &Figures) -> Vec<Finding> {
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

fn members(plan: &Plan, _: &Figures) -> Vec<Finding> {
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
        if Party::from_word(&m.key).is_some() {
            out.push(Finding::error(
                K::Members,
                L::Member(i),
                format!(
                    "Nyckeln \"{}\" är reserverad för en hel part. Välj en annan nyckel.",
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

fn payers(plan: &Plan, _: &Figures) -> Vec<Finding> {
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

fn signs(plan: &Plan, fig: &Figures) -> Vec<Finding> {
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
                    kr_with_unit(first),
                    years.join(", "),
                    kr_with_unit(-first)
                ),
            ));
        }
    }
    out
}

fn structure(plan: &Plan, _: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        if section.lines.is_empty() {
            out.push(Finding::warning(
                K::Structure,
                L::Section(si),
                format!("Avsnittet \"{}\" har inga rader.", section.name),
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

fn goals(plan: &Plan, _: &Figures) -> Vec<Finding> {
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
