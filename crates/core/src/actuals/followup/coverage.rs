//! How much of a period the bookkeeping covers, so that a period without bookkeeping is never
//! shown as if it were complete; and the plan's opening equity against the books'.

use super::forecast::Forecast;
use super::*;
use crate::format::kr;

/// How much of the period is booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Bokforing")]
pub enum Coverage {
    /// Booked through the period's last month.
    #[serde(rename = "hel")]
    Complete,
    /// Booked through `through`, a month inside the period before its last.
    #[serde(rename = "delvis")]
    Partial {
        #[serde(rename = "till_och_med", serialize_with = "month")]
        #[schemars(with = "String")]
        through: YearMonth,
    },
    /// Nothing booked in the period: its actual is no result, its deviation no deviation.
    #[serde(rename = "ingen")]
    Unbooked,
}

fn month<S: serde::Serializer>(m: &YearMonth, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.to_string())
}

impl Coverage {
    /// The coverage of `period` by books whose last month with movements is `booked`.
    pub fn of(period: &Period, booked: Option<YearMonth>) -> Coverage {
        match booked {
            Some(b) if b >= period.last => Coverage::Complete,
            Some(b) if b >= period.first => Coverage::Partial { through: b },
            _ => Coverage::Unbooked,
        }
    }

    /// The last month the comparison counts: the period's last, the last booked month of a
    /// partly booked period, nothing for an unbooked one.
    pub fn compared_through(self, period: &Period) -> Option<YearMonth> {
        match self {
            Coverage::Complete => Some(period.last),
            Coverage::Partial { through } => Some(through),
            Coverage::Unbooked => None,
        }
    }

    /// What the page says above the figures, or `None` for a period booked to its end:
    /// "Ingen bokföring efter 2024-06-30 …".
    pub fn note(
        self,
        period: &Period,
        booked_through: Option<crate::plan::Date>,
    ) -> Option<String> {
        let after = booked_through.map_or_else(
            || "Ingen bokföring i räkenskapsåret ännu".to_owned(),
            |d| format!("Ingen bokföring efter {d}"),
        );
        match self {
            Coverage::Complete => None,
            Coverage::Partial { through } => Some(format!(
                "{after}: perioden {} är inte hel. Utfall och budget jämförs till och med {}; \
                 resten av perioden är inte bokförd.",
                period.label(),
                crate::actuals::period::month_end(through)
            )),
            Coverage::Unbooked => Some(format!(
                "{after}: perioden {} har ingen bokföring. Budgeten visas, men ingen avvikelse \
                 och ingen kontroll av perioden.",
                period.label()
            )),
        }
    }
}

/// The plan's opening equity for the fiscal year against the books' (the opening balances of
/// the equity accounts): a difference means the equity path starts from the wrong figure.
pub(super) fn opening_equity_note(
    input: &Input<'_>,
    forecast: &Forecast,
    notes: &mut Vec<Finding>,
) -> Result<(), Overflow> {
    let year = input.ledger.year.start.year();
    let Some(plan) = input.plan else {
        return Ok(());
    };
    let Ok(figures) = crate::calc::compute(plan) else {
        return Ok(());
    };
    let Some(planned) = figures.year(year).map(|y| y.equity_opening) else {
        return Ok(());
    };
    let books = forecast.opening_equity;
    if planned == books {
        return Ok(());
    }
    let difference = books.checked_sub(planned)?;
    notes.push(Finding::at(
        FindingKind::OpeningEquity,
        Severity::Warning,
        Place::Whole,
        format!(
            "Planens ingående eget kapital för {year} är {} kr men bokföringens är {} kr \
             ({} kr {}). Rekommendationen och intervallet prövas mot planens väg; uppdatera \
             planens ingående eget kapital när bokslutet är klart.",
            kr(planned),
            kr(books),
            kr(difference.checked_abs()?),
            if difference.is_positive() {
                "mer i bokföringen"
            } else {
                "mindre i bokföringen"
            }
        ),
    ));
    Ok(())
}
