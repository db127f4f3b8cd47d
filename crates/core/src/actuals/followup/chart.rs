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
