//! The plan file as TOML sees it: plain structs that mirror the file one to one, with the
//! source position of every value that a message may need to point at. Unknown keys are
//! refused everywhere (`deny_unknown_fields`).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;

/// A number as written: an integer or a string such as `"3 600 000"` or `"2,5 %"`. Floats are
/// refused so that no amount ever passes through binary floating point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawNum(pub String);

impl Serialize for RawNum {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

struct RawNumVisitor;

/// The message for a TOML float where a number was expected.
pub const FLOAT_MESSAGE: &str =
    "decimaltal skrivs som text med decimalkomma, t.ex. \"1 234,50\" eller \"2,5 %\"";

impl Visitor<'_> for RawNumVisitor {
    type Value = RawNum;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ett tal, t.ex. 3600000 eller \"3 600 000\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNum, E> {
        Ok(RawNum(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNum, E> {
        Ok(RawNum(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawNum, E> {
        Err(E::custom(FLOAT_MESSAGE))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNum, E> {
        Ok(RawNum(v.to_owned()))
    }
}

impl<'de> Deserialize<'de> for RawNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNum, D::Error> {
        d.deserialize_any(RawNumVisitor)
    }
}

/// Amounts per year: `{ 2024 = "900 000", 2025 = "900 000" }`.
pub type YearTable = BTreeMap<String, Spanned<RawNum>>;

/// One amount for every year, or a table of amounts per year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawYearly {
    /// The same every year.
    All(RawNum),
    /// Per year.
    PerYear(YearTable),
}

impl Serialize for RawYearly {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RawYearly::All(n) => n.serialize(s),
            RawYearly::PerYear(t) => t.serialize(s),
        }
    }
}

struct RawYearlyVisitor;

impl<'de> Visitor<'de> for RawYearlyVisitor {
    type Value = RawYearly;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ett belopp eller en tabell med belopp per år")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawYearly, E> {
        RawNumVisitor.visit_i64(v).map(RawYearly::All)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawYearly, E> {
        RawNumVisitor.visit_u64(v).map(RawYearly::All)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawYearly, E> {
        RawNumVisitor.visit_f64(v).map(RawYearly::All)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawYearly, E> {
        RawNumVisitor.visit_str(v).map(RawYearly::All)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawYearly, A::Error> {
        let mut table = YearTable::new();
        while let Some((k, v)) = map.next_entry::<String, Spanned<RawNum>>()? {
            table.insert(k, v);
        }
        Ok(RawYearly::PerYear(table))
    }
}

impl<'de> Deserialize<'de> for RawYearly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawYearly, D::Error> {
        d.deserialize_any(RawYearlyVisitor)
    }
}

/// The whole file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub title: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<Spanned<toml::value::Datetime>>,
    pub association: Spanned<RawAssociation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Spanned<RawRules>>,
    pub budget: Spanned<RawBudget>,
    #[serde(default, rename = "goal_area", skip_serializing_if = "Vec::is_empty")]
    pub goal_areas: Vec<Spanned<RawGoalArea>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssociation {
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_number: Option<Spanned<String>>,
    #[serde(default, rename = "member")]
    pub members: Vec<Spanned<RawMember>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    pub key: Spanned<String>,
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board: Option<Spanned<RawBoard>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoard {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_recommendation: Option<Spanned<RawNum>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administration_share_max: Option<Spanned<RawNum>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administration_categories: Option<Vec<Spanned<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_band: Option<Spanned<RawBand>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liquidity_buffer: Option<Spanned<RawNum>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_goal: Option<Spanned<RawEquityGoal>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Spanned<RawNum>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEquityGoal {
    pub year: Spanned<i64>,
    pub level: Spanned<RawNum>,
}

/// The opening equity: an amount, or its two parts before the year is closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawOpening {
    /// The amount.
    Amount(RawNum),
    /// Closed equity plus the current year's forecast result.
    Parts(RawOpeningParts),
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOpeningParts {
    pub closed: Spanned<RawNum>,
    pub forecast: Spanned<RawNum>,
}

impl Serialize for RawOpening {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RawOpening::Amount(n) => n.serialize(s),
            RawOpening::Parts(p) => p.serialize(s),
        }
    }
}

struct RawOpeningVisitor;

impl<'de> Visitor<'de> for RawOpeningVisitor {
    type Value = RawOpening;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ett belopp eller { closed = \"…\", forecast = \"…\" }")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawOpening, E> {
        RawNumVisitor.visit_i64(v).map(RawOpening::Amount)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawOpening, E> {
        RawNumVisitor.visit_u64(v).map(RawOpening::Amount)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawOpening, E> {
        RawNumVisitor.visit_f64(v).map(RawOpening::Amount)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawOpening, E> {
        RawNumVisitor.visit_str(v).map(RawOpening::Amount)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawOpening, A::Error> {
        RawOpeningParts::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(RawOpening::Parts)
    }
}

impl<'de> Deserialize<'de> for RawOpening {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawOpening, D::Error> {
        d.deserialize_any(RawOpeningVisitor)
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Spanned<String>>,
    pub years: Spanned<Vec<Spanned<i64>>>,
    pub opening_equity: Spanned<RawOpening>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contributions: Option<Spanned<RawYearly>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_allocation: Option<Spanned<RawYearly>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed_outdated: Option<Spanned<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed: Option<Spanned<RawPrinted>>,
    #[serde(default, rename = "section")]
    pub sections: Vec<Spanned<RawSection>>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrinted {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_result: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_net: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_opening: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_closing: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_ratio: Option<Spanned<YearTable>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<Spanned<YearTable>>,
    #[serde(default, rename = "line", skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Spanned<RawLine>>,
    #[serde(default, rename = "section", skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Spanned<RawSection>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLine {
    pub name: Spanned<String>,
    pub category: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Spanned<RawNum>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Spanned<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts: Option<Spanned<YearTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly: Option<Spanned<RawMonthly>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed: Option<Spanned<RawIndexed>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonthly {
    pub amount: Spanned<RawNum>,
    pub from: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Spanned<RawNum>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndexed {
    pub base: Spanned<RawNum>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_year: Option<Spanned<i64>>,
    pub percent: Spanned<RawNum>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Spanned<YearTable>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoalArea {
    pub name: Spanned<String>,
    #[serde(default, rename = "goal")]
    pub goals: Vec<Spanned<RawGoal>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    pub text: Spanned<String>,
    #[serde(default, rename = "measure")]
    pub measures: Vec<Spanned<RawMeasure>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub text: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fulfilled: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partly: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<RawNum>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
