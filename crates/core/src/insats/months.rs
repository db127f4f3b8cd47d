//! Month arithmetic for deadlines and periods: a month on from a date (31 January + 1 month is
//! 29 February in a leap year), and an insats's period by whole months with its months per
//! calendar year.

use crate::budget::{Year, YearMonth};
use crate::plan::Date;

/// `date` moved `months` calendar months on (or back, for a negative number), the day kept
/// where the month has it and otherwise the month's last day: 2024-01-31 + 1 = 2024-02-29,
/// 2023-01-31 + 1 = 2023-02-28, 2024-03-31 − 1 = 2024-02-29. `None` only beyond the calendar
/// `time` knows (year ±9999).
pub fn add_months(date: Date, months: i32) -> Option<Date> {
    let index = date.year().checked_mul(12)? + i32::from(u8::from(date.month())) - 1;
    let target = index.checked_add(months)?;
    let (year, month0) = (target.div_euclid(12), target.rem_euclid(12));
    let month = time::Month::try_from(u8::try_from(month0 + 1).ok()?).ok()?;
    let last = month.length(year);
    Date::from_calendar_date(year, month, date.day().min(last)).ok()
}

/// An insats's period by whole months, first and last included: February 2024 to January 2027
/// is 36 months, 11 + 12 + 12 + 1 by calendar year.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Period {
    /// The first month.
    #[serde(rename = "fran", with = "super::serial::month")]
    #[schemars(with = "String")]
    pub from: YearMonth,
    /// The last month.
    #[serde(rename = "till", with = "super::serial::month")]
    #[schemars(with = "String")]
    pub to: YearMonth,
}

/// Why a period cannot be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// It ends before it starts.
    #[error("perioden slutar ({to}) före den börjar ({from}); ange första och sista månaden")]
    EndsBeforeStart {
        /// The first month given.
        from: YearMonth,
        /// The last month given.
        to: YearMonth,
    },
    /// It is longer than an insats may run.
    #[error("perioden är {months} månader; en insats kan beviljas för högst {max} månader")]
    TooLong {
        /// Its length.
        months: i64,
        /// The longest allowed.
        max: i64,
    },
}

impl Period {
    /// The longest period an insats is registered for: ten years. Insatser run for one to four
    /// years; a longer period is more likely a mistyped year.
    pub const MAX_MONTHS: i64 = 120;

    /// A period from `from` to `to`, both included.
    pub fn new(from: YearMonth, to: YearMonth) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::EndsBeforeStart { from, to });
        }
        let p = Period { from, to };
        let months = p.months();
        if months > Period::MAX_MONTHS {
            return Err(PeriodError::TooLong {
                months,
                max: Period::MAX_MONTHS,
            });
        }
        Ok(p)
    }

    /// How many months it runs.
    pub fn months(self) -> i64 {
        let index = |m: YearMonth| i64::from(m.year) * 12 + i64::from(m.month);
        index(self.to) - index(self.from) + 1
    }

    /// The calendar years it touches, in order.
    pub fn years(self) -> Vec<Year> {
        (self.from.year..=self.to.year).collect()
    }

    /// How many of its months fall in `year`.
    pub fn months_in(self, year: Year) -> i64 {
        YearMonth::months_in_year(self.from, Some(self.to), year)
    }

    /// Whether `month` lies in it.
    pub fn contains(self, month: YearMonth) -> bool {
        self.from <= month && month <= self.to
    }

    /// Its months, in order.
    pub fn each_month(self) -> Vec<YearMonth> {
        let mut out = Vec::new();
        let mut m = self.from;
        while m <= self.to && out.len() < 1200 {
            out.push(m);
            m = m.next();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), day).expect("date")
    }

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).expect(s)
    }

    #[test]
    fn a_month_on_keeps_the_day_or_takes_the_months_last() {
        assert_eq!(add_months(d(2024, 1, 31), 1), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2023, 1, 31), 1), Some(d(2023, 2, 28)));
        assert_eq!(add_months(d(2024, 3, 31), -1), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2024, 11, 30), 2), Some(d(2025, 1, 30)));
        assert_eq!(add_months(d(2024, 12, 31), 2), Some(d(2025, 2, 28)));
        assert_eq!(add_months(d(2024, 8, 31), 1), Some(d(2024, 9, 30)));
        assert_eq!(add_months(d(2024, 5, 15), 0), Some(d(2024, 5, 15)));
        assert_eq!(add_months(d(2000, 2, 29), 12), Some(d(2001, 2, 28)));
        assert_eq!(add_months(d(9999, 12, 1), 1), None);
    }

    #[test]
    fn a_period_counts_its_months_per_calendar_year() {
        let p = Period::new(ym("2024-02"), ym("2027-01")).expect("a period");
        assert_eq!(p.months(), 36);
        let per_year: Vec<i64> = p.years().into_iter().map(|y| p.months_in(y)).collect();
        assert_eq!(per_year, vec![11, 12, 12, 1]);
        assert_eq!(p.each_month().len(), 36);
        assert!(p.contains(ym("2026-12")) && !p.contains(ym("2027-02")));
        assert_eq!(
            Period::new(ym("2024-05"), ym("2024-04")),
            Err(PeriodError::EndsBeforeStart {
                from: ym("2024-05"),
                to: ym("2024-04")
            })
        );
        assert!(matches!(
            Period::new(ym("2024-01"), ym("2044-01")),
            Err(PeriodError::TooLong { .. })
        ));
        assert_eq!(
            Period::new(ym("2024-03"), ym("2024-03")).map(Period::months),
            Ok(1)
        );
    }
}
