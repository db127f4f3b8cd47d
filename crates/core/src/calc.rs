//! The budget's calculations: every line's yearly amounts, section sums, results, equity rolled
//! forward, the ratios and the recommended maximum equity. Pure functions over a [`Plan`].

use std::collections::BTreeMap;

use crate::association::{MemberKind, Party, Payer};
use crate::budget::{AmountSpec, Category, Line, Year, YearMonth};
use crate::fraction::Fraction;
use crate::location::Location;
use crate::money::{Money, Overflow, Rounding};
use crate::plan::Plan;

/// A sum left the range of an `i64` of öre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "beloppen blir för stora att räkna med (över 92 biljarder kronor); kontrollera beloppen på raden och i dess avsnitt"
)]
pub struct CalcError {
    /// Where it happened.
    pub location: Location,
}

/// The figures of one section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionFigures {
    /// Each line's amounts, aligned with the plan years.
    pub lines: Vec<Vec<Money>>,
    /// The section's sums, aligned with the plan years.
    pub sums: Vec<Money>,
}

/// The key figures of one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearFigures {
    /// The year.
    pub year: Year,
    /// Operating income (member contributions and other income).
    pub income: Money,
    /// Operating costs, negative.
    pub costs: Money,
    /// Income plus costs.
    pub operating_result: Money,
    /// Financial income.
    pub financial_income: Money,
    /// Financial costs, negative.
    pub financial_costs: Money,
    /// Financial income plus financial costs.
    pub financial_net: Money,
    /// Operating result plus financial net.
    pub result: Money,
    /// Equity at the start of the year.
    pub equity_opening: Money,
    /// Equity at the end of the year: opening plus result.
    pub equity_closing: Money,
    /// The year's member contributions.
    pub member_contributions: Money,
    /// The recommended maximum equity: the rule's share of the member contributions.
    pub equity_recommended_max: Money,
    /// Administration costs, as a positive amount.
    pub administration_costs: Money,
    /// Administration costs over all operating costs, when there are costs.
    pub administration_share: Option<Fraction>,
    /// Kvarvarande beslutsutrymme: opening equity + income − planned costs (all items).
    pub decision_room: Money,
    /// How far closing equity lies above the association's own minimum, when it has a band:
    /// what the board can still grant without going below its floor.
    pub room_above_band_min: Option<Money>,
    /// Costs already committed (granted insatser, the office), as a positive amount.
    pub committed_costs: Money,
    /// Medel till förfogande, when the plan states a liquidity buffer: member contributions +
    /// opening equity − committed costs − the buffer, the money left to distribute.
    pub money_at_disposal: Option<Money>,
}

/// The JSON vocabulary of the key figures (the API's and the CLI's): amounts in öre, the
/// administration share both as printed (`28,4 %`) and exact (`1052325/3708325`). One struct
/// gives both the JSON and its schema.
#[derive(serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Nyckeltal")]
struct YearFiguresJson {
    ar: Year,
    intakter: Money,
    kostnader: Money,
    rorelseresultat: Money,
    finansiella_intakter: Money,
    finansiella_kostnader: Money,
    finansnetto: Money,
    resultat: Money,
    eget_kapital_ib: Money,
    eget_kapital_ub: Money,
    medlemsbidrag: Money,
    rekommenderat_hogsta_eget_kapital: Money,
    administrationskostnader: Money,
    /// As printed, e.g. `28,4 %`.
    administrationsandel: Option<String>,
    /// Exact, e.g. `1052325/3708325`.
    administrationsandel_exakt: Option<String>,
    beslutsutrymme: Money,
    utrymme_ned_till_lagsta_nivan: Option<Money>,
    bundna_kostnader: Money,
    medel_till_forfogande: Option<Money>,
}

impl From<&YearFigures> for YearFiguresJson {
    fn from(f: &YearFigures) -> YearFiguresJson {
        let share = f.administration_share;
        YearFiguresJson {
            ar: f.year,
            intakter: f.income,
            kostnader: f.costs,
            rorelseresultat: f.operating_result,
            finansiella_intakter: f.financial_income,
            finansiella_kostnader: f.financial_costs,
            finansnetto: f.financial_net,
            resultat: f.result,
            eget_kapital_ib: f.equity_opening,
            eget_kapital_ub: f.equity_closing,
            medlemsbidrag: f.member_contributions,
            rekommenderat_hogsta_eget_kapital: f.equity_recommended_max,
            administrationskostnader: f.administration_costs,
            administrationsandel: share.map(|f| crate::format::percent(f, 1)),
            administrationsandel_exakt: share.map(|f| format!("{}/{}", f.num(), f.den())),
            beslutsutrymme: f.decision_room,
            utrymme_ned_till_lagsta_nivan: f.room_above_band_min,
            bundna_kostnader: f.committed_costs,
            medel_till_forfogande: f.money_at_disposal,
        }
    }
}

impl serde::Serialize for YearFigures {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        YearFiguresJson::from(self).serialize(s)
    }
}

impl schemars::JsonSchema for YearFigures {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        YearFiguresJson::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        YearFiguresJson::json_schema(generator)
    }
}

impl YearFigures {
    /// The figure a printed total stands for.
    pub fn total(&self, t: crate::budget::Total) -> Money {
        use crate::budget::Total;
        match t {
            Total::Income => self.income,
            Total::Costs => self.costs,
            Total::OperatingResult => self.operating_result,
            Total::FinancialNet => self.financial_net,
            Total::Result => self.result,
            Total::EquityOpening => self.equity_opening,
            Total::EquityClosing => self.equity_closing,
        }
    }
}

/// One row of contributions per member: a member, or a party whose split is not stated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContributionRow {
    /// The member, by index, or `None` for a party's unsplit amount.
    pub member: Option<usize>,
    /// The party the money belongs to.
    pub party: Party,
    /// The amounts, aligned with the plan years.
    pub amounts: Vec<Money>,
    /// What this row got, per year, from the rounding of a line for all members to whole
    /// kronor: the remainder goes to the largest share and is stated in a note.
    pub remainder: Vec<Money>,
}

/// Every computed figure of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// The plan years.
    pub years: Vec<Year>,
    /// Per section.
    pub sections: Vec<SectionFigures>,
    /// Per year.
    pub per_year: Vec<YearFigures>,
    /// Member contributions per member (and per party where the split is not stated).
    pub contributions: Vec<ContributionRow>,
}

impl Figures {
    /// The figures of one year.
    pub fn year(&self, year: Year) -> Option<&YearFigures> {
        self.per_year.iter().find(|y| y.year == year)
    }
}

/// The share of all member contributions a payer stands for, if it can be told.
pub fn payer_share(plan: &Plan, payer: &Payer) -> Option<Fraction> {
    match payer {
        Payer::All => Some(Fraction::ONE),
        Payer::Party(p) => Some(p.statutory_share()),
        Payer::Member(key) => plan.association.member(key)?.share,
    }
}

/// A line's amount for one year laid out over the year's twelve months, exactly: a monthly
/// line's per-month amount in the months it runs (its fixed part, and anything else in the year's
/// amount, spread over those months); any other line evenly. Months are in whole kronor where
/// the amount allows, the rounding carried forward so that the months always sum to `annual`.
/// The follow-up takes a period's share of the plan's budget from this.
pub fn month_profile(line: &Line, year: Year, annual: Money) -> Result<[Money; 12], Overflow> {
    let mut out = [Money::ZERO; 12];
    let running: Vec<usize> = match &line.amount {
        AmountSpec::Monthly { from, to, .. } => (1..=12u8)
            .map(|month| YearMonth { year, month })
            .enumerate()
            .filter(|(_, m)| *from <= *m && to.is_none_or(|t| *m <= t))
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    };
    let (months, rest) = match &line.amount {
        AmountSpec::Monthly { per_month, .. } if !running.is_empty() => {
            for i in &running {
                out[*i] = *per_month;
            }
            let n = i64::try_from(running.len()).map_err(|_| Overflow)?;
            (running, annual.checked_sub(per_month.checked_mul(n)?)?)
        }
        _ => ((0..12).collect(), annual),
    };
    // Spread `rest` over `months`: each month the rounded cumulative share less what the months
    // before it were given; the last month takes what is left, so nothing is lost.
    let n = i128::try_from(months.len()).map_err(|_| Overflow)?;
    let mut given = Money::ZERO;
    for (k, i) in months.iter().enumerate() {
        let cumulative = if k + 1 == months.len() {
            rest
        } else {
            let k = i128::try_from(k + 1).map_err(|_| Overflow)?;
            rest.mul_ratio(k, n, Rounding::Krona)?
        };
        let share = cumulative.checked_sub(given)?;
        given = cumulative;
        out[*i] = out[*i].checked_add(share)?;
    }
    Ok(out)
}

/// A line's amount in each of `years`.
pub fn line_amounts(
    plan: &Plan,
    line: &Line,
    years: &[Year],
    at: Location,
) -> Result<Vec<Money>, CalcError> {
    let err = |_: Overflow| CalcError { location: at };
    match &line.amount {
        AmountSpec::Fixed(m) => Ok(vec![*m; years.len()]),
        AmountSpec::PerYear(map) => Ok(years
            .iter()
            .map(|y| map.get(y).copied().unwrap_or(Money::ZERO))
            .collect()),
        AmountSpec::Monthly {
            per_month,
            from,
            to,
            fixed_per_year,
        } => years
            .iter()
            .map(|&y| {
                let months = YearMonth::months_in_year(*from, *to, y);
                if months == 0 {
                    return Ok(Money::ZERO);
                }
                per_month.checked_mul(months)?.checked_add(*fixed_per_year)
            })
            .collect::<Result<_, _>>()
            .map_err(err),
        AmountSpec::Indexed {
            base,
            base_year,
            percent,
            rounding,
            overrides,
        } => {
            let base_year = base_year.or_else(|| years.first().copied()).unwrap_or(0);
            let factor = 10_000i128 + i128::from(percent.hundredths());
            let last = years.iter().copied().max().unwrap_or(base_year);
            let mut by_year = BTreeMap::new();
            let mut prev = *base;
            for y in base_year..=last {
                let v = if let Some(o) = overrides.get(&y) {
                    *o
                } else if y == base_year {
                    *base
                } else {
                    prev.mul_ratio(factor, 10_000, *rounding).map_err(err)?
                };
                by_year.insert(y, v);
                prev = v;
            }
            Ok(years
                .iter()
                .map(|y| {
                    by_year
                        .get(y)
                        .or_else(|| overrides.get(y))
                        .copied()
                        .unwrap_or(Money::ZERO)
                })
                .collect())
        }
        AmountSpec::Derived => {
            let share = line
                .payer
                .as_ref()
                .and_then(|p| payer_share(plan, p))
                .unwrap_or(Fraction::ZERO);
            years
                .iter()
                .map(|y| {
                    let total = plan
                        .budget
                        .contributions
                        .get(y)
                        .copied()
                        .unwrap_or(Money::ZERO);
                    total.mul_ratio(share.num(), share.den(), Rounding::Ore)
                })
                .collect::<Result<_, _>>()
                .map_err(err)
        }
    }
}

/// Whether a line's cost is already committed: as the line says, or else when its category
/// counts as administration (the office).
pub fn is_committed(plan: &Plan, line: &Line) -> bool {
    !line.category.is_income()
        && line.committed.unwrap_or_else(|| {
            plan.rules
                .administration_categories
                .contains(&line.category)
        })
}

/// Adds `amounts` into `acc`, year by year.
fn add_into(acc: &mut [Money], amounts: &[Money], at: Location) -> Result<(), CalcError> {
    for (a, m) in acc.iter_mut().zip(amounts) {
        *a = a.checked_add(*m).map_err(|_| CalcError { location: at })?;
    }
    Ok(())
}

/// Computes every figure of the plan.
pub fn compute(plan: &Plan) -> Result<Figures, CalcError> {
    let years = plan.budget.years.clone();
    let n = years.len();
    let zeros = || vec![Money::ZERO; n];
    let mut sections = Vec::with_capacity(plan.budget.sections.len());
    let mut by_category: BTreeMap<Category, Vec<Money>> = BTreeMap::new();
    let mut admin = zeros();
    let mut committed = zeros();

    for (si, section) in plan.budget.sections.iter().enumerate() {
        let mut sums = zeros();
        let mut lines = Vec::with_capacity(section.lines.len());
        for (li, line) in section.lines.iter().enumerate() {
            let at = Location::Line(si, li);
            let amounts = line_amounts(plan, line, &years, Location::LineAmount(si, li))?;
            add_into(&mut sums, &amounts, at)?;
            add_into(
                by_category.entry(line.category).or_insert_with(zeros),
                &amounts,
                at,
            )?;
            if plan
                .rules
                .administration_categories
                .contains(&line.category)
            {
                add_into(&mut admin, &amounts, at)?;
            }
            if is_committed(plan, line) {
                add_into(&mut committed, &amounts, at)?;
            }
            lines.push(amounts);
        }
        sections.push(SectionFigures { lines, sums });
    }
    // A section's sum holds its subsections': deepest first, since a subsection always comes
    // after its parent.
    for si in (0..sections.len()).rev() {
        if let Some(p) = plan.budget.sections[si].parent.filter(|&p| p < si) {
            let child = sections[si].sums.clone();
            add_into(&mut sections[p].sums, &child, Location::Section(si))?;
        }
    }

    let sum_of = |pick: &dyn Fn(Category) -> bool| -> Result<Vec<Money>, CalcError> {
        let mut acc = zeros();
        for (c, amounts) in &by_category {
            if pick(*c) {
                add_into(&mut acc, amounts, Location::Plan)?;
            }
        }
        Ok(acc)
    };
    let income = sum_of(&|c| c.is_income() && !c.is_financial())?;
    let costs = sum_of(&|c| !c.is_income() && !c.is_financial())?;
    let fin_income = sum_of(&|c| c == Category::FinancialIncome)?;
    let fin_costs = sum_of(&|c| c == Category::FinancialCost)?;
    let contributions = sum_of(&|c| c == Category::MemberContribution)?;

    let ovf = |location| move |_: Overflow| CalcError { location };
    let mut per_year = Vec::with_capacity(n);
    let mut opening = plan.budget.opening_equity;
    let rec = plan.rules.equity_recommendation.as_fraction();
    for (i, &year) in years.iter().enumerate() {
        let at = Location::Printed(crate::budget::Total::Result, year);
        let operating_result = income[i].checked_add(costs[i]).map_err(ovf(at))?;
        let financial_net = fin_income[i].checked_add(fin_costs[i]).map_err(ovf(at))?;
        let result = operating_result
            .checked_add(financial_net)
            .map_err(ovf(at))?;
        let closing = opening.checked_add(result).map_err(ovf(at))?;
        let administration_costs = -admin[i];
        let all_costs = -costs[i];
        let administration_share = all_costs
            .is_positive()
            .then(|| {
                Fraction::new(
                    i128::from(administration_costs.ore()),
                    i128::from(all_costs.ore()),
                )
            })
            .flatten();
        let decision_room = opening
            .checked_add(income[i])
            .and_then(|m| m.checked_add(fin_income[i]))
            .and_then(|m| m.checked_add(costs[i]))
            .and_then(|m| m.checked_add(fin_costs[i]))
            .map_err(ovf(at))?;
        let room_above_band_min = match plan.rules.equity_band.and_then(|b| b.min) {
            Some(min) => Some(closing.checked_sub(min).map_err(ovf(at))?),
            None => None,
        };
        let committed_costs = -committed[i];
        let money_at_disposal = match plan.rules.liquidity_buffer {
            Some(buffer) => Some(
                contributions[i]
                    .checked_add(opening)
                    .and_then(|m| m.checked_sub(committed_costs))
                    .and_then(|m| m.checked_sub(buffer))
                    .map_err(ovf(Location::LiquidityBuffer))?,
            ),
            None => None,
        };
        per_year.push(YearFigures {
            year,
            income: income[i],
            costs: costs[i],
            operating_result,
            financial_income: fin_income[i],
            financial_costs: fin_costs[i],
            financial_net,
            result,
            equity_opening: opening,
            equity_closing: closing,
            member_contributions: contributions[i],
            equity_recommended_max: contributions[i]
                .mul_ratio(rec.num(), rec.den(), Rounding::Ore)
                .map_err(ovf(Location::EquityRecommendation))?,
            administration_costs,
            administration_share,
            decision_room,
            room_above_band_min,
            committed_costs,
            money_at_disposal,
        });
        opening = closing;
    }

    let contributions = contributions_per_member(plan, &years, &sections)?;
    Ok(Figures {
        years,
        sections,
        per_year,
        contributions,
    })
}

/// Splits the member contribution lines over the members: a line paid by a member goes to it;
/// a line paid by a party is split by the stated shares of its members, or goes to the party's
/// only paying member, or stays with the party when the split is not stated.
fn contributions_per_member(
    plan: &Plan,
    years: &[Year],
    sections: &[SectionFigures],
) -> Result<Vec<ContributionRow>, CalcError> {
    let members = &plan.association.members;
    let n = years.len();
    let mut per_member = vec![vec![Money::ZERO; n]; members.len()];
    let mut per_party: BTreeMap<Party, Vec<Money>> = BTreeMap::new();
    let mut remainder = vec![vec![Money::ZERO; n]; members.len()];
    let mut party_remainder: BTreeMap<Party, Vec<Money>> = BTreeMap::new();
    for (si, section) in plan.budget.sections.iter().enumerate() {
        for (li, line) in section.lines.iter().enumerate() {
            if line.category != Category::MemberContribution {
                continue;
            }
            let at = Location::Line(si, li);
            let amounts = &sections[si].lines[li];
            match &line.payer {
                Some(Payer::Member(key)) => {
                    if let Some(mi) = members.iter().position(|m| &m.key == key) {
                        add_into(&mut per_member[mi], amounts, at)?;
                    }
                }
                Some(Payer::Party(party)) => {
                    split_party(plan, *party, amounts, &mut per_member, &mut per_party, at)?;
                }
                Some(Payer::All) => {
                    let ovf = |_: Overflow| CalcError { location: at };
                    let targets = all_member_targets(plan);
                    for (yi, amount) in amounts.iter().enumerate() {
                        let (parts, largest, rest) = split_whole_kronor(*amount, &targets)
                            .ok_or(CalcError { location: at })?;
                        for ((target, _), part) in targets.iter().zip(parts) {
                            let cell = match target {
                                Target::Member(mi) => &mut per_member[*mi][yi],
                                Target::Party(p) => &mut per_party
                                    .entry(*p)
                                    .or_insert_with(|| vec![Money::ZERO; n])[yi],
                            };
                            *cell = cell.checked_add(part).map_err(ovf)?;
                        }
                        if let Some((target, _)) = targets.get(largest).filter(|_| !rest.is_zero())
                        {
                            let cell = match target {
                                Target::Member(mi) => &mut remainder[*mi][yi],
                                Target::Party(p) => &mut party_remainder
                                    .entry(*p)
                                    .or_insert_with(|| vec![Money::ZERO; n])[yi],
                            };
                            *cell = cell.checked_add(rest).map_err(ovf)?;
                        }
                    }
                }
                None => {}
            }
        }
    }
    let mut rows = Vec::new();
    for party in Party::ALL {
        for (mi, m) in members.iter().enumerate() {
            if m.kind.party() == party && per_member[mi].iter().any(|a| !a.is_zero()) {
                rows.push(ContributionRow {
                    member: Some(mi),
                    party,
                    amounts: per_member[mi].clone(),
                    remainder: remainder[mi].clone(),
                });
            }
        }
        if let Some(amounts) = per_party.remove(&party) {
            rows.push(ContributionRow {
                member: None,
                party,
                amounts,
                remainder: party_remainder
                    .remove(&party)
                    .unwrap_or_else(|| vec![Money::ZERO; n]),
            });
        }
    }
    Ok(rows)
}

/// Where a share of a line for all members goes: a member, or a party whose split is not stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Member(usize),
    Party(Party),
}

/// The shares of all members together, for a line paid by all: each party's statutory share,
/// split within the party by its members' stated shares (scaled to the party's share when they
/// do not add up to it, which the split check reports), or all to its only paying member, or
/// kept with the party when it has several and no shares.
fn all_member_targets(plan: &Plan) -> Vec<(Target, Fraction)> {
    let members = &plan.association.members;
    let mut out = Vec::new();
    for party in Party::ALL {
        let share = party.statutory_share();
        let with_share: Vec<(usize, Fraction)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind.party() == party)
            .filter_map(|(i, m)| m.share.filter(|s| s.num() > 0).map(|s| (i, s)))
            .collect();
        let sum = with_share
            .iter()
            .try_fold(Fraction::ZERO, |acc, (_, s)| acc.checked_add(*s));
        match sum.filter(|s| s.num() > 0) {
            Some(sum) => {
                for (mi, s) in with_share {
                    let scaled = s
                        .checked_mul(share)
                        .and_then(|f| f.checked_mul(Fraction::new(sum.den(), sum.num())?));
                    out.push((Target::Member(mi), scaled.unwrap_or(Fraction::ZERO)));
                }
            }
            None => {
                let payers: Vec<usize> = members
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| {
                        m.kind.party() == party && m.kind != MemberKind::Arbetsformedlingen
                    })
                    .map(|(i, _)| i)
                    .collect();
                match payers.as_slice() {
                    [only] => out.push((Target::Member(*only), share)),
                    _ => out.push((Target::Party(party), share)),
                }
            }
        }
    }
    out
}

/// Splits `amount` by `targets`' fractions into whole kronor; what the rounding leaves goes to
/// the largest share (the first of equals). Returns the parts, the index of the largest share
/// and the remainder it took. `None` only when a part does not fit.
fn split_whole_kronor(
    amount: Money,
    targets: &[(Target, Fraction)],
) -> Option<(Vec<Money>, usize, Money)> {
    let mut parts = targets
        .iter()
        .map(|(_, f)| amount.mul_ratio(f.num(), f.den(), Rounding::Krona).ok())
        .collect::<Option<Vec<Money>>>()?;
    let largest = targets
        .iter()
        .enumerate()
        .fold(None::<(usize, Fraction)>, |best, (i, (_, f))| match best {
            Some((_, b)) if b >= *f => best,
            _ => Some((i, *f)),
        })
        .map_or(0, |(i, _)| i);
    let total = Money::checked_sum(parts.iter().copied()).ok()?;
    let rest = amount.checked_sub(total).ok()?;
    if let Some(p) = parts.get_mut(largest) {
        *p = p.checked_add(rest).ok()?;
    }
    Some((parts, largest, rest))
}

fn split_party(
    plan: &Plan,
    party: Party,
    amounts: &[Money],
    per_member: &mut [Vec<Money>],
    per_party: &mut BTreeMap<Party, Vec<Money>>,
    at: Location,
) -> Result<(), CalcError> {
    let members = &plan.association.members;
    let in_party: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].kind.party() == party)
        .collect();
    let with_share: Vec<(usize, Fraction)> = in_party
        .iter()
        .filter_map(|&i| members[i].share.map(|s| (i, s)))
        .filter(|(_, s)| s.num() > 0)
        .collect();
    let share_sum = with_share
        .iter()
        .try_fold(Fraction::ZERO, |acc, (_, s)| acc.checked_add(*s))
        .unwrap_or(Fraction::ZERO);
    if share_sum.num() > 0 {
        // Proportional to the stated shares; the last member takes the öre left by rounding
        // so that the split always adds up to the line.
        let ovf = |_: Overflow| CalcError { location: at };
        for (yi, amount) in amounts.iter().enumerate() {
            let mut left = *amount;
            for (k, (mi, s)) in with_share.iter().enumerate() {
                let part = if k + 1 == with_share.len() {
                    left
                } else {
                    let r = s
                        .checked_mul(
                            Fraction::new(share_sum.den(), share_sum.num())
                                .unwrap_or(Fraction::ZERO),
                        )
                        .unwrap_or(Fraction::ZERO);
                    amount
                        .mul_ratio(r.num(), r.den(), Rounding::Ore)
                        .map_err(ovf)?
                };
                left = left.checked_sub(part).map_err(ovf)?;
                per_member[*mi][yi] = per_member[*mi][yi].checked_add(part).map_err(ovf)?;
            }
        }
        return Ok(());
    }
    // Arbetsförmedlingen's money goes through Försäkringskassan: it is not a payer of its own.
    let payers: Vec<usize> = in_party
        .into_iter()
        .filter(|&i| members[i].kind != MemberKind::Arbetsformedlingen)
        .collect();
    if let [only] = payers.as_slice() {
        add_into(&mut per_member[*only], amounts, at)
    } else {
        let n = amounts.len();
        add_into(
            per_party
                .entry(party)
                .or_insert_with(|| vec![Money::ZERO; n]),
            amounts,
            at,
        )
    }
}

/// Sets every sum the plan prints (section sums and the totals in `[budget.printed]`) to the
/// computed figure, for the plan years. Sums the plan does not print are not added. Used when a
/// plan is edited in Finsam: the printed document the sums were checked against is then gone.
pub fn set_printed_to_computed(plan: &mut Plan, fig: &Figures) {
    // Set to the computed figures, they describe the plan again and are checked again.
    plan.budget.printed_outdated = false;
    for (si, section) in plan.budget.sections.iter_mut().enumerate() {
        if section.printed_sum.is_empty() {
            continue;
        }
        if let Some(sums) = fig.sections.get(si) {
            section.printed_sum = fig
                .years
                .iter()
                .copied()
                .zip(sums.sums.iter().copied())
                .collect();
        }
    }
    for (total, by_year) in &mut plan.budget.printed {
        *by_year = fig
            .per_year
            .iter()
            .map(|y| (y.year, y.total(*total)))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fraction::Percent;

    fn m(s: &str) -> Money {
        Money::parse(s).expect(s)
    }

    fn plan_with_line(spec: AmountSpec) -> (Plan, Line) {
        let plan = crate::testing::minimal_plan();
        let line = Line {
            name: "Rad".into(),
            category: Category::Administration,
            payer: None,
            amount: spec,
            note: None,
            committed: None,
        };
        (plan, line)
    }

    #[test]
    fn monthly_lines_count_months_and_the_fixed_part() {
        let (plan, line) = plan_with_line(AmountSpec::Monthly {
            per_month: m("-12 600"),
            from: YearMonth::parse("2024-03").expect("month"),
            to: None,
            fixed_per_year: m("-37 800"),
        });
        let got = line_amounts(&plan, &line, &[2023, 2024, 2025], Location::Plan).expect("fits");
        assert_eq!(got, vec![Money::ZERO, m("-163 800"), m("-189 000")]);
    }

    #[test]
    fn a_monthly_line_is_budgeted_in_the_months_it_runs() {
        let (_, line) = plan_with_line(AmountSpec::Monthly {
            per_month: m("-12 600"),
            from: YearMonth::parse("2024-03").expect("month"),
            to: None,
            fixed_per_year: m("-37 800"),
        });
        // March to December: 12 600 a month and the fixed 37 800 spread over those ten months.
        let months = month_profile(&line, 2024, m("-163 800")).expect("fits");
        assert_eq!(months[..2], [Money::ZERO, Money::ZERO]);
        assert!(months[2..].iter().all(|x| *x == m("-16 380")), "{months:?}");
        // An ordinary line evenly, the rounding carried so that the months sum to the year.
        let (_, fixed) = plan_with_line(AmountSpec::Fixed(m("-100 000")));
        let months = month_profile(&fixed, 2024, m("-100 000")).expect("fits");
        assert_eq!(months[0], m("-8 333"));
        assert_eq!(months[1], m("-8 334"));
        assert_eq!(Money::checked_sum(months).expect("fits"), m("-100 000"));
    }

    proptest::proptest! {
        /// Whatever the line and amount, its months sum to the year's amount to the öre.
        #[test]
        fn a_years_months_sum_to_the_year(
            ore in -10_000_000_000_i64..10_000_000_000,
            per_month in -100_000_000_i64..100_000_000,
            from in 1u8..=12,
            to in proptest::option::of(1u8..=12),
            monthly in proptest::bool::ANY,
        ) {
            let spec = if monthly {
                AmountSpec::Monthly {
                    per_month: Money::from_ore(per_month),
                    from: YearMonth { year: 2024, month: from },
                    to: to.map(|month| YearMonth { year: 2024, month }),
                    fixed_per_year: Money::ZERO,
                }
            } else {
                AmountSpec::Fixed(Money::from_ore(ore))
            };
            let (_, line) = plan_with_line(spec);
            let annual = Money::from_ore(ore);
            let months = month_profile(&line, 2024, annual).expect("fits");
            proptest::prop_assert_eq!(Money::checked_sum(months).expect("fits"), annual);
        }
    }

    #[test]
    fn indexed_lines_compound_on_the_rounded_amount_and_follow_overrides() {
        let (plan, line) = plan_with_line(AmountSpec::Indexed {
            base: m("400 000"),
            base_year: None,
            percent: Percent::parse("2,5").expect("percent"),
            rounding: Rounding::Krona,
            overrides: BTreeMap::new(),
        });
        let got = line_amounts(&plan, &line, &[2024, 2025, 2026], Location::Plan).expect("fits");
        assert_eq!(got, vec![m("400 000"), m("410 000"), m("420 250")]);

        // 350 200 +3 %, with 2025 written as 360 700: 2026 is indexed from the written amount.
        let (plan, line) = plan_with_line(AmountSpec::Indexed {
            base: m("350 200"),
            base_year: Some(2024),
            percent: Percent::parse("3").expect("percent"),
            rounding: Rounding::Krona,
            overrides: BTreeMap::from([(2025, m("360 700"))]),
        });
        let got = line_amounts(&plan, &line, &[2024, 2025, 2026], Location::Plan).expect("fits");
        assert_eq!(got, vec![m("350 200"), m("360 700"), m("371 521")]);

        let (plan, line) = plan_with_line(AmountSpec::Indexed {
            base: m("350 200"),
            base_year: Some(2024),
            percent: Percent::parse("3").expect("percent"),
            rounding: Rounding::Hundred,
            overrides: BTreeMap::new(),
        });
        let got = line_amounts(&plan, &line, &[2024, 2025, 2026], Location::Plan).expect("fits");
        assert_eq!(got, vec![m("350 200"), m("360 700"), m("371 500")]);
    }
}
