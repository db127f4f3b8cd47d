//! Equity: against the national recommendation, the förbund's own band, and below zero.

use super::*;

pub(super) fn equity_recommendation(plan: &Plan, fig: &Figures) -> Vec<Finding> {
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

pub(super) fn equity_band(plan: &Plan, fig: &Figures) -> Vec<Finding> {
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

pub(super) fn negative_equity(_: &Plan, fig: &Figures) -> Vec<Finding> {
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
