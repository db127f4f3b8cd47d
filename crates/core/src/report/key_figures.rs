//! The key figures per year with their verdicts: what a board reads first (result, equity against
//! the recommendation and the förbund's own band, the administration share against its goal, the
//! room left for decisions). Decided once here; the dashboard, the CLI and the documents only
//! choose which rows they show.

use serde::Serialize;

use crate::budget::Year;
use crate::calc::{Figures, YearFigures};
use crate::format::{self, Unit};
use crate::fraction::Fraction;
use crate::money::Money;
use crate::plan::{EquityBand, Plan};

/// Which key figure a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyFigure {
    /// The year's result.
    #[serde(rename = "resultat")]
    Result,
    /// Equity at the end of the year.
    #[serde(rename = "eget_kapital_ub")]
    EquityClosing,
    /// The year's member contributions.
    #[serde(rename = "medlemsbidrag")]
    MemberContributions,
    /// The recommended maximum equity.
    #[serde(rename = "rekommenderat_hogsta_eget_kapital")]
    RecommendedMax,
    /// Closing equity against the förbund's own band.
    #[serde(rename = "eget_intervall")]
    Band,
    /// Administration costs over all operating costs.
    #[serde(rename = "administrationsandel")]
    AdministrationShare,
    /// Kvarvarande beslutsutrymme.
    #[serde(rename = "beslutsutrymme")]
    DecisionRoom,
    /// How far closing equity lies above the band's minimum.
    #[serde(rename = "utrymme_ned_till_lagsta_nivan")]
    RoomAboveBandMin,
    /// Medel till förfogande: contributions + opening equity − committed costs − the buffer.
    #[serde(rename = "medel_till_forfogande")]
    MoneyAtDisposal,
}

/// Where closing equity lies against the förbund's own band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub enum BandVerdict {
    /// Below the band's minimum.
    #[serde(rename = "under")]
    Below,
    /// Within the band.
    #[serde(rename = "inom")]
    Within,
    /// Above the band's maximum.
    #[serde(rename = "över")]
    Above,
}

impl BandVerdict {
    /// The verdict for an amount.
    pub fn of(amount: Money, band: EquityBand) -> BandVerdict {
        if band.is_below(amount) {
            BandVerdict::Below
        } else if band.is_above(amount) {
            BandVerdict::Above
        } else {
            BandVerdict::Within
        }
    }

    /// The Swedish word.
    pub fn word(self) -> &'static str {
        match self {
            BandVerdict::Below => "under",
            BandVerdict::Within => "inom",
            BandVerdict::Above => "över",
        }
    }
}

/// One cell of a key figure row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum KeyValue {
    /// An amount (öre in JSON).
    Amount(Money),
    /// A share (hundredths of a percent in JSON).
    Share(
        #[serde(serialize_with = "super::serial::basis_points_of")]
        #[schemars(with = "i64")]
        Fraction,
    ),
    /// A verdict word.
    Verdict(BandVerdict),
    /// Nothing to show for the year (no costs, no band).
    Missing,
}

impl KeyValue {
    /// The cell as printed: amounts in `unit`, shares with one decimal, `–` when missing.
    pub fn text(self, unit: Unit) -> String {
        match self {
            KeyValue::Amount(m) => format::amount(m, unit),
            KeyValue::Share(f) => format::percent(f, 1),
            KeyValue::Verdict(v) => v.word().to_owned(),
            KeyValue::Missing => "–".to_owned(),
        }
    }
}

/// One key figure over the years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KeyFigureRow {
    /// Which figure.
    #[serde(rename = "nyckeltal")]
    pub figure: KeyFigure,
    /// The Swedish label, with the rule it is measured against.
    #[serde(rename = "rad")]
    pub label: String,
    /// One value per year.
    #[serde(rename = "varden")]
    pub values: Vec<KeyValue>,
}

/// The key figures of a plan, every figure it has, in the order a report shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KeyFigures {
    /// The years, as columns.
    #[serde(rename = "ar")]
    pub years: Vec<Year>,
    /// The rows.
    #[serde(rename = "rader")]
    pub rows: Vec<KeyFigureRow>,
}

impl KeyFigures {
    /// The rows of these figures, in this order (those the plan has).
    pub fn select(&self, figures: &[KeyFigure]) -> Vec<&KeyFigureRow> {
        figures
            .iter()
            .filter_map(|f| self.rows.iter().find(|r| r.figure == *f))
            .collect()
    }
}

/// Builds the key figures; amounts inside labels (the band) are written in `unit`.
pub fn key_figures(plan: &Plan, fig: &Figures, unit: Unit) -> KeyFigures {
    let per_year = |f: &dyn Fn(&YearFigures) -> KeyValue| fig.per_year.iter().map(f).collect();
    let row = |figure, label: String, values| KeyFigureRow {
        figure,
        label,
        values,
    };
    let mut rows = vec![
        row(
            KeyFigure::Result,
            "Resultat".into(),
            per_year(&|y| KeyValue::Amount(y.result)),
        ),
        row(
            KeyFigure::EquityClosing,
            "Eget kapital vid årets slut".into(),
            per_year(&|y| KeyValue::Amount(y.equity_closing)),
        ),
        row(
            KeyFigure::MemberContributions,
            "Medlemsbidrag".into(),
            per_year(&|y| KeyValue::Amount(y.member_contributions)),
        ),
        row(
            KeyFigure::RecommendedMax,
            format!(
                "Rekommenderat högsta eget kapital ({} av medlemsbidragen)",
                plan.rules.equity_recommendation
            ),
            per_year(&|y| KeyValue::Amount(y.equity_recommended_max)),
        ),
    ];
    if let Some(band) = plan.rules.equity_band {
        rows.push(row(
            KeyFigure::Band,
            match (band.min, band.max) {
                (Some(a), Some(b)) => format!(
                    "Eget kapital UB mot förbundets intervall {}–{}",
                    format::amount(a, unit),
                    format::amount(b, unit)
                ),
                _ => format!(
                    "Eget kapital UB mot förbundets nivå, {}",
                    band.describe(|m| format::amount(m, unit))
                ),
            },
            per_year(&|y| KeyValue::Verdict(BandVerdict::of(y.equity_closing, band))),
        ));
    }
    let goal = plan
        .rules
        .administration_share_max
        .map(|p| format!(" (mål högst {p})"))
        .unwrap_or_default();
    rows.push(row(
        KeyFigure::AdministrationShare,
        format!("Administrationsandel{goal}"),
        per_year(&|y| {
            y.administration_share
                .map_or(KeyValue::Missing, KeyValue::Share)
        }),
    ));
    rows.push(row(
        KeyFigure::DecisionRoom,
        "Kvarvarande beslutsutrymme".into(),
        per_year(&|y| KeyValue::Amount(y.decision_room)),
    ));
    if plan.rules.equity_band.is_some_and(|b| b.min.is_some()) {
        rows.push(row(
            KeyFigure::RoomAboveBandMin,
            "Utrymme ned till lägsta nivån".into(),
            per_year(&|y| {
                y.room_above_band_min
                    .map_or(KeyValue::Missing, KeyValue::Amount)
            }),
        ));
    }
    if let Some(buffer) = plan.rules.liquidity_buffer {
        rows.push(row(
            KeyFigure::MoneyAtDisposal,
            format!(
                "Medel till förfogande (efter bundna kostnader och buffert {})",
                format::amount(buffer, unit)
            ),
            per_year(&|y| {
                y.money_at_disposal
                    .map_or(KeyValue::Missing, KeyValue::Amount)
            }),
        ));
    }
    KeyFigures {
        years: fig.years.clone(),
        rows,
    }
}
