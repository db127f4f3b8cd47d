//! The insats model in JSON, both ways: the API's vocabulary (Swedish words, amounts in öre,
//! days `YYYY-MM-DD`, months `YYYY-MM`), and the form the store keeps an insats and an
//! application's history in. Reading checks what it reads: a word that names nothing, a day that
//! is no day, is an error, never a default.

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serializer};

use crate::budget::YearMonth;
use crate::money::Money;
use crate::plan::Date;

/// A day as `YYYY-MM-DD`.
pub mod day {
    use super::*;

    /// Writes it.
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    /// Reads it.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        parse_day(&text).ok_or_else(|| D::Error::custom(format!("\"{text}\" är inget datum")))
    }
}

/// A month as `YYYY-MM`.
pub mod month {
    use super::*;

    /// Writes it.
    pub fn serialize<S: Serializer>(m: &YearMonth, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(m)
    }

    /// Reads it.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<YearMonth, D::Error> {
        let text = String::deserialize(d)?;
        YearMonth::parse(&text)
            .ok_or_else(|| D::Error::custom(format!("\"{text}\" är ingen månad (ÅÅÅÅ-MM)")))
    }
}

/// Amounts per year, an object keyed by the year (`{"2024": 233000000}`). Read through serde's
/// own map of strings, since a tagged enum (an event) hands its fields on as text.
pub mod years {
    use std::collections::BTreeMap;

    use super::*;
    use crate::budget::Year;

    /// Writes it.
    pub fn serialize<S: Serializer>(m: &BTreeMap<Year, Money>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(y, v)| (y.to_string(), v)))
    }

    /// Reads it.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<Year, Money>, D::Error> {
        BTreeMap::<String, Money>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| {
                k.trim()
                    .parse::<Year>()
                    .map(|y| (y, v))
                    .map_err(|_| D::Error::custom(format!("\"{k}\" är inget år")))
            })
            .collect()
    }
}

/// `YYYY-MM-DD` as a day.
pub fn parse_day(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 10 || t.as_bytes().get(4) != Some(&b'-') || t.as_bytes().get(7) != Some(&b'-') {
        return None;
    }
    let year: i32 = t.get(0..4)?.parse().ok()?;
    let month: u8 = t.get(5..7)?.parse().ok()?;
    let day: u8 = t.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

impl<'de> Deserialize<'de> for Money {
    /// A whole number of öre, as it is written.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        i64::deserialize(d).map(Money::from_ore)
    }
}

/// A value with a Swedish word, read and written as that word.
macro_rules! worded {
    ($t:ty, $what:literal, $schema:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.word())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let text = String::deserialize(d)?;
                <$t>::from_word(&text).ok_or_else(|| {
                    D::Error::custom(format!("\"{text}\" är ingen {} som Finsam känner", $what))
                })
            }
        }

        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $schema.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let words: Vec<&str> = <$t>::ALL.iter().map(|(_, w)| *w).collect();
                schemars::json_schema!({ "type": "string", "enum": words })
            }
        }
    };
}

worded!(super::Kind, "insatstyp", "Insatstyp");
worded!(super::workflow::State, "ärendestatus", "Arendestatus");
worded!(crate::meeting::Kind, "mötestyp", "Motestyp");
worded!(
    super::reports::Interval,
    "rapportintervall",
    "Rapportintervall"
);
worded!(
    super::disbursements::Stage,
    "utbetalningsstatus",
    "Utbetalningsstatus"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_strictly() {
        assert_eq!(
            parse_day("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        for bad in ["2023-02-29", "2024-2-29", "20240229", "2024-02-29x", ""] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
