//! Writing a plan back to a plan file. Reading what this writes gives the same plan.

use std::collections::BTreeMap;

use toml::Spanned;

use std::cell::Cell;

use super::raw::{self, RawNum, RawYearly, YearTable};
use crate::budget::{AmountSpec, Budget, Total, Year};
use crate::format::Unit;
use crate::fraction::{Fraction, Percent};
use crate::money::Money;
use crate::plan::{EquityLevel, Plan};

fn sp<T>(v: T) -> Spanned<T> {
    Spanned::new(0..0, v)
}

thread_local! {
    /// The unit amounts are written in, while a plan is written; and whether an amount did not
    /// fit it (öre in a tkr plan), in which case the plan is written again in kronor.
    static UNIT: Cell<Unit> = const { Cell::new(Unit::Kr) };
    static LOSSY: Cell<bool> = const { Cell::new(false) };
}

/// An amount as the file writes it: Swedish grouping with a plain hyphen for minus; in a tkr
/// plan in thousands with up to three decimals (whole kronor).
fn num(m: Money) -> Spanned<RawNum> {
    let unit = UNIT.with(Cell::get);
    if unit == Unit::Tkr && m.ore() % 100 != 0 {
        LOSSY.with(|l| l.set(true));
    }
    sp(RawNum(
        crate::format::exact(m, unit).replace(crate::format::MINUS, "-"),
    ))
}

fn pct(p: Percent) -> Spanned<RawNum> {
    sp(RawNum(
        crate::format::hundredths(p.hundredths()).replace(crate::format::MINUS, "-") + " %",
    ))
}

fn years(map: &BTreeMap<Year, Money>) -> YearTable {
    map.iter().map(|(y, m)| (y.to_string(), num(*m))).collect()
}

fn share(f: Fraction) -> String {
    format!("{}/{}", f.num(), f.den())
}

/// The plan as plan-file text, its amounts in the plan's unit. A tkr plan whose amounts are
/// not all whole kronor (an edit wrote öre) is written in kronor, so that nothing is lost.
pub fn to_toml(plan: &Plan) -> String {
    LOSSY.with(|l| l.set(false));
    UNIT.with(|u| u.set(plan.budget.unit));
    let mut text = write_in_unit(plan, plan.budget.unit);
    if plan.budget.unit == Unit::Tkr && LOSSY.with(Cell::get) {
        UNIT.with(|u| u.set(Unit::Kr));
        text = write_in_unit(plan, Unit::Kr);
    }
    UNIT.with(|u| u.set(Unit::Kr));
    text
}

fn sections(budget: &Budget, parent: Option<usize>) -> Vec<Spanned<raw::RawSection>> {
    budget
        .children(parent)
        .map(|si| {
            let s = &budget.sections[si];
            sp(raw::RawSection {
                name: sp(s.name.clone()),
                sum: (!s.printed_sum.is_empty()).then(|| sp(years(&s.printed_sum))),
                lines: s.lines.iter().map(|l| sp(line(l))).collect(),
                sections: sections(budget, Some(si)),
            })
        })
        .collect()
}

fn write_in_unit(plan: &Plan, unit: Unit) -> String {
    let raw = raw::RawPlan {
        title: sp(plan.title.clone()),
        decided: plan.decided.map(|d| {
            sp(toml::value::Datetime {
                date: Some(toml::value::Date {
                    year: u16::try_from(d.year()).unwrap_or_default(),
                    month: u8::from(d.month()),
                    day: d.day(),
                }),
                time: None,
                offset: None,
            })
        }),
        association: sp(raw::RawAssociation {
            name: sp(plan.association.name.clone()),
            org_number: plan
                .association
                .org_number
                .as_ref()
                .map(|o| sp(o.to_string())),
            members: plan
                .association
                .members
                .iter()
                .map(|m| {
                    sp(raw::RawMember {
                        key: sp(m.key.clone()),
                        name: sp(m.name.clone()),
                        kind: sp(m.kind.word().to_owned()),
                        share: m.share.map(|s| sp(share(s))),
                        board: m.board.as_ref().map(|b| {
                            sp(raw::RawBoard {
                                member: b.member.clone(),
                                deputy: b.deputy.clone(),
                            })
                        }),
                    })
                })
                .collect(),
        }),
        rules: Some(sp(raw::RawRules {
            equity_recommendation: Some(pct(plan.rules.equity_recommendation)),
            administration_share_max: plan.rules.administration_share_max.map(pct),
            administration_categories: Some(
                plan.rules
                    .administration_categories
                    .iter()
                    .map(|c| sp(c.word().to_owned()))
                    .collect(),
            ),
            equity_band: plan.rules.equity_band.map(|b| {
                sp(raw::RawBand {
                    min: b.min.map(num),
                    max: b.max.map(num),
                })
            }),
            liquidity_buffer: plan.rules.liquidity_buffer.map(num),
            equity_goal: plan.rules.equity_goal.map(|g| {
                sp(raw::RawEquityGoal {
                    year: sp(i64::from(g.year)),
                    level: match g.level {
                        EquityLevel::Share(p) => pct(p),
                        EquityLevel::Amount(m) => num(m),
                    },
                })
            }),
        })),
        budget: sp(raw::RawBudget {
            unit: (unit != Unit::Kr).then(|| sp(unit.label().to_owned())),
            years: sp(plan
                .budget
                .years
                .iter()
                .map(|y| sp(i64::from(*y)))
                .collect()),
            opening_equity: sp(match plan.budget.opening_parts {
                None => raw::RawOpening::Amount(num(plan.budget.opening_equity).into_inner()),
                Some(p) => raw::RawOpening::Parts(raw::RawOpeningParts {
                    closed: num(p.closed),
                    forecast: num(p.forecast),
                }),
            }),
            contributions: (!plan.budget.contributions.is_empty())
                .then(|| sp(RawYearly::PerYear(years(&plan.budget.contributions)))),
            state_allocation: (!plan.budget.state_allocation.is_empty())
                .then(|| sp(RawYearly::PerYear(years(&plan.budget.state_allocation)))),
            printed_outdated: plan.budget.printed_outdated.then(|| sp(true)),
            printed: (!plan.budget.printed.is_empty()
                || !plan.budget.printed_equity_ratio.is_empty())
            .then(|| {
                let get = |t: Total| plan.budget.printed.get(&t).map(|m| sp(years(m)));
                sp(raw::RawPrinted {
                    income: get(Total::Income),
                    costs: get(Total::Costs),
                    operating_result: get(Total::OperatingResult),
                    financial_net: get(Total::FinancialNet),
                    result: get(Total::Result),
                    equity_opening: get(Total::EquityOpening),
                    equity_closing: get(Total::EquityClosing),
                    equity_ratio: (!plan.budget.printed_equity_ratio.is_empty()).then(|| {
                        sp(plan
                            .budget
                            .printed_equity_ratio
                            .iter()
                            .map(|(y, p)| (y.to_string(), pct(*p)))
                            .collect())
                    }),
                })
            }),
            sections: sections(&plan.budget, None),
        }),
        goal_areas: plan
            .goal_areas
            .iter()
            .map(|a| {
                sp(raw::RawGoalArea {
                    name: sp(a.name.clone()),
                    goals: a
                        .goals
                        .iter()
                        .map(|g| {
                            sp(raw::RawGoal {
                                text: sp(g.text.clone()),
                                measures: g
                                    .measures
                                    .iter()
                                    .map(|m| {
                                        sp(raw::RawMeasure {
                                            text: sp(m.text.clone()),
                                            unit: m.unit.clone(),
                                            fulfilled: m
                                                .thresholds
                                                .map(|t| sp(t.fulfilled.to_string())),
                                            partly: m
                                                .thresholds
                                                .and_then(|t| t.partly)
                                                .map(|p| sp(p.to_string())),
                                            value: m.value.map(|v| {
                                                sp(RawNum(
                                                    crate::format::hundredths(v.hundredths())
                                                        .replace(crate::format::MINUS, "-"),
                                                ))
                                            }),
                                            figure: m
                                                .figure
                                                .map(|f| sp(f.figure.word().to_owned())),
                                            period: m.figure.map(|f| sp(f.period.to_string())),
                                            assessment: m
                                                .assessment
                                                .map(|a| sp(a.word().to_owned())),
                                            comment: m.comment.clone(),
                                        })
                                    })
                                    .collect(),
                            })
                        })
                        .collect(),
                })
            })
            .collect(),
    };
    // The raw structs hold only strings, integers, booleans, dates, tables and arrays, all of
    // which TOML can write; a failure here would be a bug in these structs.
    toml::to_string(&raw).unwrap_or_else(|e| panic!("a plan always serialises to TOML: {e}"))
}

/// One line as the plan file writes it: a stable text of everything the line says, for
/// fingerprints that must not change with the program's internals.
pub fn line_toml(l: &crate::budget::Line) -> String {
    toml::to_string(&line(l)).unwrap_or_else(|e| panic!("a line always serialises to TOML: {e}"))
}

fn line(l: &crate::budget::Line) -> raw::RawLine {
    let mut r = raw::RawLine {
        name: sp(l.name.clone()),
        category: sp(l.category.word().to_owned()),
        payer: l.payer.as_ref().map(|p| sp(p.word().to_owned())),
        note: l.note.clone(),
        committed: l.committed,
        amount: None,
        derived: None,
        amounts: None,
        monthly: None,
        indexed: None,
    };
    match &l.amount {
        AmountSpec::Fixed(m) => r.amount = Some(num(*m)),
        AmountSpec::PerYear(map) => r.amounts = Some(sp(years(map))),
        AmountSpec::Monthly {
            per_month,
            from,
            to,
            fixed_per_year,
        } => {
            r.monthly = Some(sp(raw::RawMonthly {
                amount: num(*per_month),
                from: sp(from.to_string()),
                to: to.map(|t| sp(t.to_string())),
                fixed: (!fixed_per_year.is_zero()).then(|| num(*fixed_per_year)),
            }));
        }
        AmountSpec::Indexed {
            base,
            base_year,
            percent,
            rounding,
            overrides,
        } => {
            r.indexed = Some(sp(raw::RawIndexed {
                base: num(*base),
                base_year: base_year.map(|y| sp(i64::from(y))),
                percent: pct(*percent),
                rounding: Some(sp(rounding.word().to_owned())),
                overrides: (!overrides.is_empty()).then(|| sp(years(overrides))),
            }));
        }
        AmountSpec::Derived => r.derived = Some(sp(true)),
    }
    r
}
