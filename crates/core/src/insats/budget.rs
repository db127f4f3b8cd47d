//! An insats's budget as the applicant wrote it, per calendar year or per project year, and
//! the same money per calendar year, which the förbund's budget and accounts are kept in.
//!
//! A project year is twelve months from the period's first month (the last one may be
//! shorter): an insats from February 2024 has project year 1 = February 2024 – January 2025. Its
//! amount is spread evenly over its months, in whole kronor with the rounding carried forward so
//! that nothing is lost (as `calc::month_profile`), and the months are summed per calendar year.

use std::collections::BTreeMap;

use super::months::Period;
use crate::budget::Year;
use crate::money::{Money, Rounding};

/// What the förbund is asked for.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "InsatsBudget")]
pub enum Budget {
    /// An amount per calendar year.
    #[serde(rename = "per_kalenderar", with = "super::serial::years")]
    #[schemars(with = "BTreeMap<String, Money>")]
    CalendarYears(BTreeMap<Year, Money>),
    /// An amount per project year, from the period's first month.
    #[serde(rename = "per_projektar")]
    ProjectYears(Vec<Money>),
}

/// Why a budget does not fit its insats.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// A calendar year the period does not touch.
    #[error(
        "budgeten har ett belopp för {year}, men insatsen pågår {from}–{to}; ta bort året eller ändra perioden"
    )]
    YearOutsidePeriod {
        /// The year.
        year: Year,
        /// The period's first month, as text.
        from: String,
        /// Its last month.
        to: String,
    },
    /// More project years than the period has.
    #[error(
        "budgeten har {given} projektår, men perioden på {months} månader har {has}; ta bort de sista åren eller förläng perioden"
    )]
    TooManyProjectYears {
        /// Project years written.
        given: usize,
        /// Project years the period has.
        has: usize,
        /// The period's months.
        months: i64,
    },
    /// A negative amount: the förbund is asked for money, never the other way round.
    #[error(
        "beloppet för {year} är negativt ({amount} kr); skriv det belopp som söks, utan minustecken"
    )]
    Negative {
        /// The year ("2025" or "projektår 2").
        year: String,
        /// The amount, as written.
        amount: String,
    },
    /// Nothing asked for.
    #[error("budgeten saknar belopp; skriv vad som söks för minst ett år")]
    Empty,
    /// Beyond an `i64` of öre.
    #[error("beloppen blir för stora att räkna med")]
    Overflow,
}

impl Budget {
    /// The budget checked against its period: every amount zero or more, at least one above
    /// zero, every year within the period.
    pub fn check(&self, period: Period) -> Result<(), BudgetError> {
        let negative = |year: String, m: Money| BudgetError::Negative {
            year,
            amount: crate::format::kr(m),
        };
        match self {
            Budget::CalendarYears(map) => {
                for (y, m) in map {
                    if period.months_in(*y) == 0 {
                        return Err(BudgetError::YearOutsidePeriod {
                            year: *y,
                            from: period.from.to_string(),
                            to: period.to.to_string(),
                        });
                    }
                    if m.is_negative() {
                        return Err(negative(y.to_string(), *m));
                    }
                }
            }
            Budget::ProjectYears(amounts) => {
                let has = project_years(period);
                if amounts.len() > has {
                    return Err(BudgetError::TooManyProjectYears {
                        given: amounts.len(),
                        has,
                        months: period.months(),
                    });
                }
                for (i, m) in amounts.iter().enumerate() {
                    if m.is_negative() {
                        return Err(negative(format!("projektår {}", i + 1), *m));
                    }
                }
            }
        }
        if self.amounts().all(|m| m.is_zero()) {
            return Err(BudgetError::Empty);
        }
        Ok(())
    }

    fn amounts(&self) -> Box<dyn Iterator<Item = Money> + '_> {
        match self {
            Budget::CalendarYears(map) => Box::new(map.values().copied()),
            Budget::ProjectYears(v) => Box::new(v.iter().copied()),
        }
    }

    /// Everything asked for.
    pub fn total(&self) -> Result<Money, BudgetError> {
        Money::checked_sum(self.amounts()).map_err(|_| BudgetError::Overflow)
    }

    /// The money per calendar year the period touches (a year without money is zero). A
    /// project year's amount is spread over its months in whole kronor, the rounding carried
    /// forward, so the calendar years always sum to the total.
    pub fn per_calendar_year(&self, period: Period) -> Result<BTreeMap<Year, Money>, BudgetError> {
        self.check(period)?;
        let mut out: BTreeMap<Year, Money> = period
            .years()
            .into_iter()
            .map(|y| (y, Money::ZERO))
            .collect();
        match self {
            Budget::CalendarYears(map) => {
                for (y, m) in map {
                    out.insert(*y, *m);
                }
            }
            Budget::ProjectYears(amounts) => {
                let months = period.each_month();
                for (amount, chunk) in amounts.iter().zip(months.chunks(12)) {
                    let n = i128::try_from(chunk.len()).map_err(|_| BudgetError::Overflow)?;
                    let mut given = Money::ZERO;
                    for (k, month) in chunk.iter().enumerate() {
                        let k = i128::try_from(k + 1).map_err(|_| BudgetError::Overflow)?;
                        let cumulative = if k == n {
                            *amount
                        } else {
                            amount
                                .mul_ratio(k, n, Rounding::Krona)
                                .map_err(|_| BudgetError::Overflow)?
                        };
                        let share = cumulative
                            .checked_sub(given)
                            .map_err(|_| BudgetError::Overflow)?;
                        given = cumulative;
                        let year = out.entry(month.year).or_default();
                        *year = year.checked_add(share).map_err(|_| BudgetError::Overflow)?;
                    }
                }
            }
        }
        Ok(out)
    }
}

/// How many project years a period has: a started twelve months counts.
pub fn project_years(period: Period) -> usize {
    usize::try_from((period.months() + 11) / 12).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::YearMonth;

    fn p(from: &str, to: &str) -> Period {
        Period::new(
            YearMonth::parse(from).expect("from"),
            YearMonth::parse(to).expect("to"),
        )
        .expect("a period")
    }

    fn kr(n: i64) -> Money {
        Money::from_kr(n).expect("fits")
    }

    #[test]
    fn project_years_are_spread_over_calendar_years() {
        // February 2024 – January 2027: three project years of 12 months; 11 + 12 + 12 + 1.
        let period = p("2024-02", "2027-01");
        let budget = Budget::ProjectYears(vec![kr(1_200_000), kr(1_200_000), kr(600_000)]);
        let per_year = budget.per_calendar_year(period).expect("fits");
        assert_eq!(
            per_year.into_iter().collect::<Vec<_>>(),
            vec![
                (2024, kr(1_100_000)),
                (2025, kr(100_000).checked_add(kr(1_100_000)).expect("fits")),
                (2026, kr(100_000).checked_add(kr(550_000)).expect("fits")),
                (2027, kr(50_000)),
            ]
        );
        assert_eq!(budget.total(), Ok(kr(3_000_000)));
    }

    #[test]
    fn amounts_outside_the_period_or_negative_are_refused() {
        let period = p("2024-03", "2025-12");
        let outside = Budget::CalendarYears([(2026, kr(1))].into());
        assert!(matches!(
            outside.check(period),
            Err(BudgetError::YearOutsidePeriod { year: 2026, .. })
        ));
        let negative = Budget::CalendarYears([(2024, kr(-5))].into());
        assert_eq!(
            negative.check(period).map_err(|e| e.to_string()),
            Err("beloppet för 2024 är negativt (−5 kr); skriv det belopp som söks, utan minustecken".into())
        );
        let too_many = Budget::ProjectYears(vec![kr(1), kr(1), kr(1)]);
        assert!(matches!(
            too_many.check(period),
            Err(BudgetError::TooManyProjectYears {
                given: 3,
                has: 2,
                months: 22
            })
        ));
        assert_eq!(
            Budget::ProjectYears(vec![]).check(period),
            Err(BudgetError::Empty)
        );
        // A calendar budget is kept as written, years without money shown as zero.
        let written = Budget::CalendarYears([(2025, kr(7))].into());
        assert_eq!(
            written.per_calendar_year(period).expect("fits"),
            [(2024, Money::ZERO), (2025, kr(7))].into()
        );
    }
}
