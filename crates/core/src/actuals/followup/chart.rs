//! Budget against actual per cost category, as the follow-up page draws it: the numbers and
//! the sentence that says them (the chart's text alternative), decided here once; the web only
//! lays the bars out.

use super::*;

/// One cost category's bar pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryBar {
    /// The category ("Insatser").
    pub label: String,
    /// The period's actual (costs positive).
    pub actual: Money,
    /// The budget it is compared with.
    pub budget: Money,
    /// Whether the actual is over the budget (a booked period only).
    pub over: bool,
}

/// The chart of a follow-up: a bar pair per cost category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryChart {
    /// What it shows, as a heading.
    pub title: String,
    /// Every bar's figures in words: the chart's text alternative.
    pub description: String,
    /// The bars, in the table's order.
    pub bars: Vec<CategoryBar>,
    /// The largest amount drawn (at least 1 öre).
    pub axis_max: Money,
}

/// The chart of `f`'s cost categories.
pub fn category_chart(f: &FollowUp) -> CategoryChart {
    let booked = f.coverage != Coverage::Unbooked;
    let bars: Vec<CategoryBar> = f
        .lines
        .iter()
        .filter(|r| r.level == 0 && r.is_cost)
        .map(|r| CategoryBar {
            label: r.label.clone(),
            actual: r.actual,
            budget: r.budget,
            over: booked && r.actual > r.budget,
        })
        .collect();
    let axis_max = bars
        .iter()
        .flat_map(|b| [b.actual, b.budget])
        .max()
        .unwrap_or_default()
        .max(Money::from_ore(1));
    let kr = crate::format::kr_with_unit;
    let said: Vec<String> = bars
        .iter()
        .map(|b| {
            format!(
                "{}: utfall {} mot budget {}{}",
                b.label,
                kr(b.actual),
                kr(b.budget),
                if b.over { ", över budget" } else { "" }
            )
        })
        .collect();
    let mut description = format!(
        "Kostnader per kategori {}, utfall mot budget. {}.",
        f.period.label(),
        said.join("; ")
    );
    if let Some(note) = f.coverage.note(&f.period, f.booked_through) {
        description.push(' ');
        description.push_str(&note);
    }
    CategoryChart {
        title: format!(
            "Utfall mot budget per kostnadskategori, {}",
            f.period.label()
        ),
        description,
        bars,
        axis_max,
    }
}

/// One month of the cost curve: the costs so far this year, booked and budgeted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurvePoint {
    /// The month.
    pub month: YearMonth,
    /// Booked costs from the start of the year through this month; none after the last booked
    /// month.
    pub actual: Option<Money>,
    /// The budget's costs from the start of the year through this month.
    pub budget: Money,
}

/// The year's costs month by month, summed from the start of the year, against the budget's
/// profile: where the year is heading, not only where one period ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostCurve {
    /// What it shows, as a heading.
    pub title: String,
    /// The figures in words: the chart's text alternative.
    pub description: String,
    /// Every month of the fiscal year.
    pub points: Vec<CurvePoint>,
    /// The largest amount drawn (at least 1 öre).
    pub axis_max: Money,
}

/// The cost curve of `f`'s fiscal year; `None` when the year has no costs and no budget.
pub fn cost_curve(f: &FollowUp) -> Option<CostCurve> {
    let mut points = Vec::with_capacity(f.monthly_costs.len());
    let (mut actual, mut budget) = (Money::ZERO, Money::ZERO);
    for m in &f.monthly_costs {
        budget = budget.checked_add(m.budget).ok()?;
        let booked = match m.actual {
            Some(a) => {
                actual = actual.checked_add(a).ok()?;
                Some(actual)
            }
            None => None,
        };
        points.push(CurvePoint {
            month: m.month,
            actual: booked,
            budget,
        });
    }
    let axis_max = points
        .iter()
        .flat_map(|p| [p.actual.unwrap_or_default(), p.budget])
        .max()?
        .max(Money::from_ore(1));
    if points
        .iter()
        .all(|p| p.budget.is_zero() && p.actual.is_none_or(Money::is_zero))
    {
        return None;
    }
    let kr = crate::format::kr_with_unit;
    let last_booked = points.iter().rev().find(|p| p.actual.is_some());
    let so_far = match last_booked {
        Some(p) => {
            let (a, b) = (p.actual.unwrap_or_default(), p.budget);
            let how = if a > b {
                "över"
            } else if a < b {
                "under"
            } else {
                "lika med"
            };
            format!(
                "Till och med {}: kostnader {} mot budgetens {}, {how} budget.",
                p.month,
                kr(a),
                kr(b)
            )
        }
        None => "Inga kostnader är bokförda ännu.".to_owned(),
    };
    let year_budget = points.last().map_or(Money::ZERO, |p| p.budget);
    Some(CostCurve {
        title: "Kostnader hittills i år mot budgeten, månad för månad".to_owned(),
        description: format!(
            "Linjer: heldragen för bokförda kostnader från årets början, streckad för budgetens \
             kostnader fördelade per månad enligt {}. {so_far} Helårsbudget {}.",
            f.budget_source
                .name()
                .to_lowercase()
                .replace("(sie)", "(SIE)"),
            kr(year_budget)
        ),
        points,
        axis_max,
    })
}
