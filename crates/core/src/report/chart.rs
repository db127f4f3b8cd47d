//! The equity chart as data: closing equity per year against the recommended maximum and the
//! förbund's own band. A renderer (SVG in the web, later the PDF) only draws it.

use serde::Serialize;

use crate::budget::Year;
use crate::calc::Figures;
use crate::money::Money;
use crate::plan::{EquityBand, Plan};

/// One year of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EquityBar {
    /// The year.
    #[serde(rename = "ar")]
    pub year: Year,
    /// Equity at the end of the year: the bar.
    #[serde(rename = "eget_kapital_ub")]
    pub closing: Money,
    /// The recommended maximum: a reference line.
    #[serde(rename = "rekommenderat_hogsta_eget_kapital")]
    pub recommended_max: Money,
    /// True when closing equity is above the recommendation or negative: drawn as a warning.
    #[serde(rename = "varning")]
    pub warning: bool,
}

/// The chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EquityChart {
    /// The title.
    #[serde(rename = "titel")]
    pub title: &'static str,
    /// The text alternative: what the chart shows, for those who cannot see it.
    #[serde(rename = "beskrivning")]
    pub description: String,
    /// One bar per year.
    #[serde(rename = "ar")]
    pub bars: Vec<EquityBar>,
    /// The förbund's own band: a shaded area.
    #[serde(rename = "eget_intervall")]
    pub band: Option<EquityBand>,
    /// The axis: the highest value shown (at least one öre) and the lowest (at most zero).
    #[serde(rename = "axel_max")]
    pub axis_max: Money,
    /// See `axis_max`.
    #[serde(rename = "axel_min")]
    pub axis_min: Money,
    /// The unit a drawing labels its amounts in: the plan's.
    #[serde(skip)]
    #[schemars(skip)]
    pub unit: crate::format::Unit,
}

/// Builds the equity chart of a plan.
pub fn equity_chart(plan: &Plan, fig: &Figures) -> EquityChart {
    let band = plan.rules.equity_band;
    let mut values: Vec<Money> = fig
        .per_year
        .iter()
        .flat_map(|y| [y.equity_closing, y.equity_recommended_max, y.equity_opening])
        .collect();
    if let Some(b) = band {
        values.extend([b.min, b.max].into_iter().flatten());
    }
    let axis_max = values
        .iter()
        .copied()
        .max()
        .unwrap_or_default()
        .max(Money::from_ore(1));
    let axis_min = values
        .iter()
        .copied()
        .min()
        .unwrap_or_default()
        .min(Money::ZERO);
    EquityChart {
        title: "Eget kapital vid årets slut mot rekommendationen",
        description: format!(
            "Staplar: eget kapital vid årets slut, röda när det är över rekommendationen eller \
             negativt. Streckat: rekommenderat högsta eget kapital.{} Samma siffror finns i \
             tabellen ovan.",
            match band {
                Some(b) if b.min.is_some() && b.max.is_some() =>
                    " Grönt fält: förbundets eget intervall.",
                Some(b) if b.min.is_some() => " Grönt fält: över förbundets lägsta nivå.",
                Some(_) => " Grönt fält: under förbundets högsta nivå.",
                None => "",
            }
        ),
        bars: fig
            .per_year
            .iter()
            .map(|y| EquityBar {
                year: y.year,
                closing: y.equity_closing,
                recommended_max: y.equity_recommended_max,
                warning: y.equity_closing > y.equity_recommended_max
                    || y.equity_closing.is_negative(),
            })
            .collect(),
        band,
        axis_max,
        axis_min,
        unit: plan.budget.unit,
    }
}
