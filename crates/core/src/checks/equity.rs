//! Equity: against the national recommendation, the förbund's own band, and below zero.

use super::*;
use crate::plan::EquityLevel;

pub(super) fn equity_recommendation(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    // With a goal for the equity, the years up to it are the path the goal's finding reports.
    let path_until = plan.rules.equity_goal.map(|g| g.year);
    fig.per_year
        .iter()
        .filter(|y| path_until.is_none_or(|g| y.year > g))
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
                    amount(plan, y.equity_closing),
                    amount(plan, over),
                    plan.rules.equity_recommendation,
                    amount(plan, y.equity_recommended_max),
                ),
            )
        })
        .collect()
}

pub(super) fn equity_band(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let Some(band) = plan.rules.equity_band else {
        return Vec::new();
    };
    fig.per_year
        .iter()
        .filter_map(|y| {
            let side = if band.is_below(y.equity_closing) {
                "under förbundets lägsta nivå"
            } else if band.is_above(y.equity_closing) {
                "över förbundets högsta nivå"
            } else {
                return None;
            };
            Some(Finding::warning(
                K::EquityOutsideBand,
                L::EquityBand,
                format!(
                    "Eget kapital vid utgången av {} blir {}, {side} ({}).",
                    y.year,
                    amount(plan, y.equity_closing),
                    band.describe(|m| amount(plan, m)),
                ),
            ))
        })
        .collect()
}

pub(super) fn negative_equity(plan: &Plan, fig: &Figures) -> Vec<Finding> {
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
                    amount(plan, y.equity_closing)
                ),
            )
        })
        .collect()
}

/// The level of the equity goal in a year: a share of the year's contributions, or an amount.
fn goal_level(level: EquityLevel, y: &crate::calc::YearFigures) -> Money {
    match level {
        EquityLevel::Amount(m) => m,
        EquityLevel::Share(p) => {
            let f = p.as_fraction();
            y.member_contributions
                .mul_ratio(f.num(), f.den(), crate::money::Rounding::Ore)
                .unwrap_or(Money::ZERO)
        }
    }
}

/// The equity path against the förbund's goal: whether it reaches the level by the year, and by
/// how much it misses.
pub(super) fn equity_goal(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let Some(goal) = plan.rules.equity_goal else {
        return Vec::new();
    };
    let Some(y) = fig.year(goal.year) else {
        return Vec::new();
    };
    let target = goal_level(goal.level, y);
    let level = match goal.level {
        EquityLevel::Share(p) => format!("högst {p} av medlemsbidragen, {}", amount(plan, target)),
        EquityLevel::Amount(m) => format!("högst {}", amount(plan, m)),
    };
    let path: Vec<String> = fig
        .per_year
        .iter()
        .filter(|p| p.year <= goal.year)
        .map(|p| format!("{} {}", p.year, amount(plan, p.equity_closing)))
        .collect();
    let path = path.join(", ");
    if y.equity_closing <= target {
        vec![Finding::at(
            K::EquityGoal,
            crate::finding::Severity::Notice,
            crate::location::Place::Plan(L::EquityGoal),
            format!(
                "Eget kapital når förbundets mål: vid utgången av {} blir det {}, inom målet ({level}). Eget kapital vid årets slut: {path}.",
                goal.year,
                amount(plan, y.equity_closing),
            ),
        )]
    } else {
        let miss = y.equity_closing.checked_sub(target).unwrap_or(Money::ZERO);
        vec![Finding::warning(
            K::EquityGoal,
            L::EquityGoal,
            format!(
                "Eget kapital når inte förbundets mål för {}: det blir {}, {} över målet ({level}). Eget kapital vid årets slut: {path}. För att nå målet behöver resultatet fram till {} bli {} lägre.",
                goal.year,
                amount(plan, y.equity_closing),
                amount(plan, miss),
                goal.year,
                amount(plan, miss),
            ),
        )]
    }
}

/// The printed "eget kapital i procent av medlemsbidragen" against the computed ratio: closing
/// equity over the year's member contributions, compared at the printed precision.
pub(super) fn equity_ratio(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    let mut out = Vec::new();
    if plan.budget.printed_outdated {
        return out;
    }
    for (year, printed) in &plan.budget.printed_equity_ratio {
        let Some(yi) = fig.years.iter().position(|y| y == year) else {
            continue;
        };
        let y = &fig.per_year[yi];
        if !y.member_contributions.is_positive() {
            continue;
        }
        let h = printed.hundredths();
        let decimals: u32 = if h % 100 == 0 {
            0
        } else if h % 10 == 0 {
            1
        } else {
            2
        };
        let step = 10i128.pow(2 - decimals);
        // A ratio in hundredths of a percent, rounded to the printed precision.
        let at_precision = |num: Money, den: Money| -> Option<i64> {
            let scaled = i128::from(num.ore()).checked_mul(10_000)?;
            let units = crate::money::div_round_half_away(
                scaled,
                i128::from(den.ore()).checked_mul(step)?,
            )?;
            i64::try_from(units.checked_mul(step)?).ok()
        };
        let next = fig.per_year.get(yi + 1);
        let formulas: Vec<(&str, Option<i64>)> = vec![
            (
                "eget kapital vid årets slut (UB) delat med årets medlemsbidrag",
                at_precision(y.equity_closing, y.member_contributions),
            ),
            (
                "eget kapital vid årets början (IB) delat med årets medlemsbidrag",
                at_precision(y.equity_opening, y.member_contributions),
            ),
            (
                "eget kapital vid årets slut (UB) delat med nästa års medlemsbidrag",
                next.filter(|n| n.member_contributions.is_positive())
                    .and_then(|n| at_precision(y.equity_closing, n.member_contributions)),
            ),
        ];
        if formulas[0].1 == Some(h) {
            continue;
        }
        let computed = Fraction::new(
            i128::from(y.equity_closing.ore()),
            i128::from(y.member_contributions.ore()),
        )
        .map(|f| percent(f, decimals.max(1)))
        .unwrap_or_default();
        let what = format!(
            "Eget kapital i procent av medlemsbidragen {year} är tryckt som {printed}, men eget kapital vid årets slut {} delat med årets medlemsbidrag {} är {computed}",
            amount(plan, y.equity_closing),
            amount(plan, y.member_contributions),
        );
        let finding = match formulas.iter().skip(1).find(|(_, v)| *v == Some(h)) {
            Some((formula, _)) => Finding::warning(
                K::EquityRatio,
                L::PrintedEquityRatio(*year),
                format!(
                    "{what}. Den tryckta siffran motsvarar {formula}; rekommendationen gäller eget kapital vid årets slut mot årets medlemsbidrag."
                ),
            ),
            None => Finding::error(
                K::EquityRatio,
                L::PrintedEquityRatio(*year),
                format!(
                    "{what}. Den tryckta siffran motsvarar ingen av de vanliga beräkningarna (UB eller IB delat med årets eller nästa års medlemsbidrag); rätta den eller kontrollera beloppen."
                ),
            ),
        };
        out.push(finding);
    }
    out
}

/// Medel till förfogande below zero: the contributions and the equity do not cover the
/// committed costs and the buffer.
pub(super) fn money_at_disposal(plan: &Plan, fig: &Figures) -> Vec<Finding> {
    fig.per_year
        .iter()
        .filter_map(|y| Some((y, y.money_at_disposal.filter(|m| m.is_negative())?)))
        .map(|(y, m)| {
            Finding::warning(
                K::MoneyAtDisposal,
                L::LiquidityBuffer,
                format!(
                    "Medel till förfogande {} blir {}: medlemsbidragen {} och det ingående egna kapitalet {} räcker inte till de bundna kostnaderna {} och likviditetsbufferten {}.",
                    y.year,
                    amount(plan, m),
                    amount(plan, y.member_contributions),
                    amount(plan, y.equity_opening),
                    amount(plan, y.committed_costs),
                    amount(plan, plan.rules.liquidity_buffer.unwrap_or_default()),
                ),
            )
        })
        .collect()
}
