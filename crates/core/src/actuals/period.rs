//! The period a follow-up covers: a month, a tertial, a half-year, the year to date or the whole
//! fiscal year, always inside one fiscal year.

use crate::budget::YearMonth;

use super::ledger::Span;
use crate::plan::Date;

/// How a period is asked for. The words are used in web addresses, the API and the CLI:
/// `helar`, `h1`, `h2`, `t1`–`t3`, `2024-06` (one month) and `tom-2024-06` (from the start of
/// the fiscal year to the end of June).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodSpec {
    FullYear,
    Half(u8),
    Tertial(u8),
    Month(YearMonth),
    ToDate(YearMonth),
}

/// Months `first..=last`, both inside the fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub first: YearMonth,
    pub last: YearMonth,
    /// The fiscal year's first day, which the period's balances count from.
    pub year_start: Date,
    /// The period's first and last day.
    pub start: Date,
    pub end: Date,
}

/// In JSON a period is its first and last day: `{"start": "2024-01-01", "slut": "2024-06-30"}`.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Period", 2)?;
        m.serialize_field("start", &self.start.to_string())?;
        m.serialize_field("slut", &self.end.to_string())?;
        m.end()
    }
}

/// The JSON Schema of a period, as its `Serialize` writes it.
impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "start": { "type": "string", "format": "date" },
                "slut": { "type": "string", "format": "date" }
            },
            "required": ["start", "slut"],
            "additionalProperties": false
        })
    }
}

impl Period {
    /// Whether a month lies in the period.
    pub fn contains(&self, m: YearMonth) -> bool {
        self.first <= m && m <= self.last
    }

    /// `2024-01-01 – 2024-06-30`, as a statement's column head.
    pub fn label(&self) -> String {
        format!("{} – {}", self.start, self.end)
    }

    /// The same months a year earlier, inside the prior fiscal year.
    pub fn a_year_earlier(&self, prior: Span) -> Option<Period> {
        let back = |m: YearMonth| YearMonth {
            year: m.year - 1,
            month: m.month,
        };
        let (first, last) = (back(self.first), back(self.last));
        let months = prior.months();
        if !months.contains(&first) || !months.contains(&last) {
            return None;
        }
        Some(Period {
            first,
            last,
            year_start: prior.start,
            start: month_start(first).max(prior.start),
            end: month_end(last).min(prior.end),
        })
    }

    /// The number of months.
    pub fn len(&self) -> usize {
        let a = i64::from(self.first.year) * 12 + i64::from(self.first.month);
        let b = i64::from(self.last.year) * 12 + i64::from(self.last.month);
        usize::try_from(b - a + 1).unwrap_or(0)
    }

    /// Never true: a period has at least one month.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The first day of a month.
pub fn month_start(m: YearMonth) -> Date {
    let month = time::Month::try_from(m.month).unwrap_or(time::Month::January);
    Date::from_calendar_date(m.year, month, 1).unwrap_or(Date::MIN)
}

/// The last day of a month.
pub fn month_end(m: YearMonth) -> Date {
    month_start(m.next()).previous_day().unwrap_or(Date::MAX)
}

impl PeriodSpec {
    /// Reads the words above; the error says which words there are.
    pub fn parse(text: &str) -> Result<PeriodSpec, String> {
        let t = text.trim().to_lowercase();
        let bad = || {
            format!(
                "\"{text}\" är ingen period; skriv helar, h1, h2, t1, t2, t3, en månad som \
                 2024-06 eller tom-2024-06 för året till och med juni"
            )
        };
        let month = |s: &str| -> Option<YearMonth> {
            let (y, m) = s.split_once('-')?;
            let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u8>().ok()?);
            (y.len() == 4 && (1..=12).contains(&month)).then_some(YearMonth { year, month })
        };
        match t.as_str() {
            "helar" | "helår" | "ar" | "år" => Ok(PeriodSpec::FullYear),
            "h1" => Ok(PeriodSpec::Half(1)),
            "h2" => Ok(PeriodSpec::Half(2)),
            "t1" => Ok(PeriodSpec::Tertial(1)),
            "t2" => Ok(PeriodSpec::Tertial(2)),
            "t3" => Ok(PeriodSpec::Tertial(3)),
            _ => {
                if let Some(rest) = t.strip_prefix("tom-") {
                    month(rest).map(PeriodSpec::ToDate).ok_or_else(bad)
                } else {
                    month(&t).map(PeriodSpec::Month).ok_or_else(bad)
                }
            }
        }
    }

    /// The word for the period.
    pub fn word(&self) -> String {
        match self {
            PeriodSpec::FullYear => "helar".to_owned(),
            PeriodSpec::Half(h) => format!("h{h}"),
            PeriodSpec::Tertial(t) => format!("t{t}"),
            PeriodSpec::Month(m) => m.to_string(),
            PeriodSpec::ToDate(m) => format!("tom-{m}"),
        }
    }

    /// The name shown to people.
    pub fn name(&self) -> String {
        match self {
            PeriodSpec::FullYear => "Helår".to_owned(),
            PeriodSpec::Half(h) => format!("Halvår {h}"),
            PeriodSpec::Tertial(t) => format!("Tertial {t}"),
            PeriodSpec::Month(m) => format!("Månad {m}"),
            PeriodSpec::ToDate(m) => format!("Året till och med {m}"),
        }
    }

    /// The period in the fiscal year `span`, or why there is none.
    pub fn resolve(&self, span: Span) -> Result<Period, String> {
        let months = span.months();
        let index_of = |m: &YearMonth| {
            months.iter().position(|x| x == m).ok_or_else(|| {
                format!(
                    "månaden {m} ligger utanför räkenskapsåret {} – {}",
                    span.start, span.end
                )
            })
        };
        let (a, b) = match *self {
            PeriodSpec::FullYear => (0, months.len().saturating_sub(1)),
            PeriodSpec::Half(h) => {
                let h = usize::from(h);
                ((h - 1) * 6, h * 6 - 1)
            }
            PeriodSpec::Tertial(t) => {
                let t = usize::from(t);
                ((t - 1) * 4, t * 4 - 1)
            }
            PeriodSpec::Month(m) => {
                let i = index_of(&m)?;
                (i, i)
            }
            PeriodSpec::ToDate(m) => (0, index_of(&m)?),
        };
        let (Some(first), Some(last)) = (months.get(a), months.get(b.min(months.len() - 1))) else {
            return Err("perioden ligger utanför räkenskapsåret".to_owned());
        };
        Ok(Period {
            first: *first,
            last: *last,
            year_start: span.start,
            start: month_start(*first).max(span.start),
            end: month_end(*last).min(span.end),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), day).unwrap()
    }

    fn year() -> Span {
        Span {
            start: d(2024, 1, 1),
            end: d(2024, 12, 31),
        }
    }

    #[test]
    fn periods_resolve_inside_the_year() {
        let h1 = PeriodSpec::parse("H1").unwrap().resolve(year()).unwrap();
        assert_eq!(h1.label(), "2024-01-01 – 2024-06-30");
        assert_eq!(h1.len(), 6);
        let t3 = PeriodSpec::parse("t3").unwrap().resolve(year()).unwrap();
        assert_eq!(t3.label(), "2024-09-01 – 2024-12-31");
        let feb = PeriodSpec::parse("2024-02")
            .unwrap()
            .resolve(year())
            .unwrap();
        assert_eq!(feb.label(), "2024-02-01 – 2024-02-29");
        let ytd = PeriodSpec::parse("tom-2024-05")
            .unwrap()
            .resolve(year())
            .unwrap();
        assert_eq!((ytd.len(), ytd.first.month), (5, 1));
        let prior = Span {
            start: d(2023, 1, 1),
            end: d(2023, 12, 31),
        };
        assert_eq!(
            h1.a_year_earlier(prior).unwrap().label(),
            "2023-01-01 – 2023-06-30"
        );
        assert!(
            PeriodSpec::parse("2025-01")
                .unwrap()
                .resolve(year())
                .is_err()
        );
        assert!(
            PeriodSpec::parse("q2")
                .unwrap_err()
                .contains("ingen period")
        );
        for w in ["helar", "h2", "t1", "2024-03", "tom-2024-03"] {
            assert_eq!(PeriodSpec::parse(w).unwrap().word(), w);
        }
    }

    #[test]
    fn a_broken_fiscal_year_counts_from_its_first_month() {
        let span = Span {
            start: d(2023, 7, 1),
            end: d(2024, 6, 30),
        };
        let t1 = PeriodSpec::Tertial(1).resolve(span).unwrap();
        assert_eq!(t1.label(), "2023-07-01 – 2023-10-31");
    }
}
