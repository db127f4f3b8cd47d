//! The full-year forecast (actual to date + the rest of the budget, or the ekonom's own figure)
//! and where equity lands against the recommendation and the band.

use super::budget::{key_id, key_label};
use super::*;

/// One row of the full-year forecast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Prognosrad")]
pub struct ForecastRow {
    #[serde(rename = "nyckel")]
    pub key: String,
    #[serde(rename = "rad")]
    pub label: String,
    #[serde(rename = "kostnad")]
    pub is_cost: bool,
    /// Actual from the start of the fiscal year to the period's end (costs positive).
    #[serde(rename = "utfall_hittills")]
    pub actual_to_date: Money,
    /// Budget for the rest of the year.
    #[serde(rename = "aterstaende_budget")]
    pub remaining_budget: Money,
    /// The full-year budget.
    #[serde(rename = "arsbudget")]
    pub year_budget: Money,
    /// Actual to date + remaining budget.
    #[serde(rename = "beraknad")]
    pub computed: Money,
    /// The ekonom's own figure for the full year, if given.
    #[serde(rename = "justerad")]
    pub adjusted: Option<Money>,
    /// The adjusted figure, or else the computed one.
    #[serde(rename = "prognos")]
    pub forecast: Money,
}

/// The forecast for the full year and where equity lands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Helarsprognos")]
pub struct Forecast {
    #[serde(rename = "rader")]
    pub rows: Vec<ForecastRow>,
    #[serde(rename = "intakter")]
    pub income: Money,
    #[serde(rename = "kostnader")]
    pub costs: Money,
    /// Income − costs.
    #[serde(rename = "resultat")]
    pub result: Money,
    /// Equity at the start of the fiscal year, from the opening balances.
    #[serde(rename = "eget_kapital_ingaende")]
    pub opening_equity: Money,
    #[serde(rename = "eget_kapital_utgaende")]
    pub closing_equity: Money,
    /// The forecast member contributions × the recommendation's share.
    #[serde(rename = "rekommenderat_max")]
    pub recommended_max: Money,
    #[serde(rename = "eget_intervall")]
    pub band: Option<crate::plan::EquityBand>,
}

impl BudgetTable {
    pub(super) fn forecast(&self, input: &Input<'_>, sums: &Sums) -> Result<Forecast, Overflow> {
        let mut rows = Vec::new();
        let mut income = Money::ZERO;
        let mut costs = Money::ZERO;
        let mut contributions = Money::ZERO;
        for (k, cell) in &self.cells {
            let id = key_id(k);
            let computed = cell.actual_to_date.checked_add(cell.remaining_budget)?;
            let adjusted = input.adjustments.get(&id).copied();
            let forecast = adjusted.unwrap_or(computed);
            let is_cost = !k.0.is_income();
            if is_cost {
                add(&mut costs, forecast)?;
            } else {
                add(&mut income, forecast)?;
            }
            if k.0 == Category::MemberContribution {
                add(&mut contributions, forecast)?;
            }
            rows.push(ForecastRow {
                key: id,
                label: key_label(k),
                is_cost,
                actual_to_date: cell.actual_to_date,
                remaining_budget: cell.remaining_budget,
                year_budget: cell.year_budget,
                computed,
                adjusted,
                forecast,
            });
        }
        let mut opening_equity = Money::ZERO;
        for ((year, account), v) in &sums.opening {
            if *year == YearIndex::Current
                && input.mapping.chart.classify(account) == Class::Balance(BalanceRow::Equity)
            {
                add(&mut opening_equity, -*v)?;
            }
        }
        let result = income.checked_sub(costs)?;
        let rules = input.plan.map(|p| p.rules.clone()).unwrap_or_default();
        let share = rules.equity_recommendation;
        let recommended_max =
            contributions.mul_ratio(i128::from(share.hundredths()), 10_000, Rounding::Krona)?;
        Ok(Forecast {
            rows,
            income,
            costs,
            result,
            opening_equity,
            closing_equity: opening_equity.checked_add(result)?,
            recommended_max,
            band: rules.equity_band,
        })
    }
}

pub(super) fn forecast_notes(f: &Forecast, notes: &mut Vec<Finding>) {
    use crate::format::kr;
    if f.closing_equity > f.recommended_max && f.recommended_max.is_positive() {
        notes.push(Finding::at(
            FindingKind::EquityAboveRecommendation,
            Severity::Warning,
            Place::Whole,
            format!(
                "Prognosen ger ett eget kapital vid årets slut på {} kr, över rekommendationens {} kr.",
                kr(f.closing_equity),
                kr(f.recommended_max)
            )
        ));
    }
    if let Some(b) = f.band
        && (b.is_below(f.closing_equity) || b.is_above(f.closing_equity))
    {
        notes.push(Finding::at(
            FindingKind::EquityOutsideBand,
            Severity::Warning,
            Place::Whole,
            format!(
                "Prognosen ger ett eget kapital vid årets slut på {} kr, utanför förbundets \
                 intervall ({} kr).",
                kr(f.closing_equity),
                b.describe(kr)
            ),
        ));
    }
}
