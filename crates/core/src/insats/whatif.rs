//! What-if for the board (issue 13): "what happens to our equity if we grant this?" The plan
//! is computed twice, as it is and with the application's amounts added as a budget line of
//! its own (an insats, committed), and the closing equity of every plan year is shown both
//! ways against the national recommendation and the förbund's band.
//!
//! "Utrymme" is how much more the förbund can grant in a year while its closing equity stays at
//! or above its floor in that year and every later plan year: the floor is the band's minimum
//! when the plan states one, else zero (equity may not go negative). A cost in a year lowers
//! that year's closing equity and every later one by the same amount, so the room of year Y
//! is the least margin over the floor from Y on. More costs only lower equity: they can never
//! take it above the recommendation or the band's maximum; an equity already above them is
//! shown as such, and granting brings it nearer.

use std::collections::BTreeMap;

use crate::budget::{AmountSpec, Category, Line, Year};
use crate::calc::{CalcError, Figures, compute};
use crate::money::Money;
use crate::plan::{EquityBand, Plan};

/// A plan year, without and with the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WhatIfYear {
    /// The year.
    pub year: Year,
    /// What the application asks for in it (a positive amount; zero in years it does not run).
    pub asked: Money,
    /// Closing equity as planned.
    pub without: Money,
    /// Closing equity with the application granted as asked.
    pub with: Money,
    /// The recommended maximum equity (the rule's share of the year's member contributions).
    pub recommended_max: Money,
    /// The floor: the band's minimum, else zero.
    pub floor: Money,
    /// How much more can be granted in this year as planned, keeping every year from it at or
    /// above the floor (zero when already below).
    pub room_without: Money,
    /// The same with the application granted.
    pub room_with: Money,
}

impl WhatIfYear {
    /// Whether the closing equity with the application stays at or above the floor.
    pub fn within_floor(&self) -> bool {
        self.with >= self.floor
    }

    /// Whether the closing equity with the application is at most the recommendation.
    pub fn within_recommendation(&self) -> bool {
        self.with <= self.recommended_max
    }
}

/// The equity path with and without an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatIf {
    /// The plan years, in order.
    pub years: Vec<WhatIfYear>,
    /// The förbund's band, if it has one.
    pub band: Option<EquityBand>,
    /// What the application asks for in years outside the plan (not in the path).
    pub outside: BTreeMap<Year, Money>,
}

impl WhatIf {
    /// Whether granting keeps every plan year at or above the floor.
    pub fn fits(&self) -> bool {
        self.years.iter().all(WhatIfYear::within_floor)
    }
}

/// `plan` with `asked` (positive amounts per calendar year) added as an insats line named
/// `name`, committed, at the end of the first section that holds insatser (else the last
/// section). Years outside the plan are left out.
pub fn with_grant(plan: &Plan, name: &str, asked: &BTreeMap<Year, Money>) -> Plan {
    let mut plan = plan.clone();
    let amounts: BTreeMap<Year, Money> = asked
        .iter()
        .filter(|(y, _)| plan.budget.years.contains(y))
        .map(|(y, m)| (*y, Money::ZERO.checked_sub(*m).unwrap_or(Money::ZERO)))
        .collect();
    let line = Line {
        name: name.to_owned(),
        category: Category::Insats,
        payer: None,
        amount: AmountSpec::PerYear(amounts),
        note: Some("Prövas: ansökan ännu inte beslutad".to_owned()),
        committed: Some(true),
    };
    let sections = &mut plan.budget.sections;
    let at = sections
        .iter()
        .position(|s| s.lines.iter().any(|l| l.category == Category::Insats))
        .unwrap_or(sections.len().saturating_sub(1));
    if let Some(section) = sections.get_mut(at) {
        section.lines.push(line);
    }
    plan
}

/// The least margin over the floor from each year on: the room per year.
fn rooms(fig: &Figures, floor: Money) -> Vec<Money> {
    let margins: Vec<Money> = fig
        .per_year
        .iter()
        .map(|y| y.equity_closing.checked_sub(floor).unwrap_or(Money::ZERO))
        .collect();
    let mut out = vec![Money::ZERO; margins.len()];
    let mut least: Option<Money> = None;
    for (i, m) in margins.iter().enumerate().rev() {
        let l = least.map_or(*m, |x| x.min(*m));
        least = Some(l);
        out[i] = l.max(Money::ZERO);
    }
    out
}

/// The what-if of granting `asked` (positive amounts per calendar year) to an insats named
/// `name`, against `plan`.
pub fn what_if(
    plan: &Plan,
    name: &str,
    asked: &BTreeMap<Year, Money>,
) -> Result<WhatIf, CalcError> {
    let base = compute(plan)?;
    let granted = compute(&with_grant(plan, name, asked))?;
    let band = plan.rules.equity_band;
    let floor = band
        .and_then(|b| b.min)
        .unwrap_or(Money::ZERO)
        .max(Money::ZERO);
    let (room_without, room_with) = (rooms(&base, floor), rooms(&granted, floor));
    let years = base
        .per_year
        .iter()
        .zip(&granted.per_year)
        .enumerate()
        .map(|(i, (b, g))| WhatIfYear {
            year: b.year,
            asked: asked.get(&b.year).copied().unwrap_or(Money::ZERO),
            without: b.equity_closing,
            with: g.equity_closing,
            recommended_max: b.equity_recommended_max,
            floor,
            room_without: room_without[i],
            room_with: room_with[i],
        })
        .collect();
    Ok(WhatIf {
        years,
        band,
        outside: asked
            .iter()
            .filter(|(y, _)| !plan.budget.years.contains(y))
            .map(|(y, m)| (*y, *m))
            .collect(),
    })
}

/// The lines of `plan` that budget the insats named `name`: the line of that name, and lines
/// named after it with more words ("Coachingteamet, utökning"), case and spacing aside. By
/// (section, line).
pub fn lines_for(plan: &Plan, name: &str) -> Vec<(usize, usize)> {
    let key = name.trim().to_lowercase();
    let mut out = Vec::new();
    if key.is_empty() {
        return out;
    }
    for (s, section) in plan.budget.sections.iter().enumerate() {
        for (l, line) in section.lines.iter().enumerate() {
            let n = line.name.trim().to_lowercase();
            let after = n.strip_prefix(&key);
            if after.is_some_and(|rest| {
                rest.is_empty() || rest.starts_with([' ', ',', '(', '-', '–', ':'])
            }) {
                out.push((s, l));
            }
        }
    }
    out
}

/// A year of a grant beside the förbund's budget for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BudgetRow {
    /// The year.
    pub year: Year,
    /// Granted (or asked, before the decision), a positive amount.
    pub granted: Money,
    /// What the plan's lines for the insats budget, as a positive cost.
    pub in_budget: Money,
}

impl BudgetRow {
    /// The budget less the grant: positive when the budget holds more than is granted.
    pub fn difference(&self) -> Money {
        self.in_budget
            .checked_sub(self.granted)
            .unwrap_or(Money::ZERO)
    }
}

/// The grant's years beside what the lines `lines` of `plan` budget in them (years the plan
/// does not cover are left out).
pub fn beside_budget(
    plan: &Plan,
    fig: &Figures,
    lines: &[(usize, usize)],
    granted: &BTreeMap<Year, Money>,
) -> Vec<BudgetRow> {
    plan.budget
        .years
        .iter()
        .enumerate()
        .filter(|(_, y)| granted.contains_key(y))
        .map(|(i, y)| {
            let cost = lines
                .iter()
                .filter_map(|(s, l)| fig.sections.get(*s)?.lines.get(*l)?.get(i).copied())
                .fold(Money::ZERO, |a, m| a.checked_add(m).unwrap_or(a));
            BudgetRow {
                year: *y,
                granted: granted.get(y).copied().unwrap_or(Money::ZERO),
                in_budget: Money::ZERO.checked_sub(cost).unwrap_or(Money::ZERO),
            }
        })
        .collect()
}
