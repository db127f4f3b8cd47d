//! Goals with measurement points, and their assessment (måluppfyllelse).

use std::fmt;

use crate::decimal::{self, DecimalError};

/// How far a measurement point is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Assessment {
    /// Uppfyllt.
    Fulfilled,
    /// Delvis uppfyllt.
    Partly,
    /// Ej uppfyllt.
    NotFulfilled,
    /// Kan inte bedömas.
    CannotAssess,
}

impl Assessment {
    /// Every assessment with its Swedish words.
    pub const ALL: [(Assessment, &'static str); 4] = [
        (Assessment::Fulfilled, "uppfyllt"),
        (Assessment::Partly, "delvis uppfyllt"),
        (Assessment::NotFulfilled, "ej uppfyllt"),
        (Assessment::CannotAssess, "kan inte bedömas"),
    ];

    /// The Swedish words.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the Swedish words.
    pub fn from_word(word: &str) -> Option<Assessment> {
        Self::ALL
            .iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(a, _)| *a)
    }
}

impl fmt::Display for Assessment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A measured or threshold value with at most two decimals, kept in hundredths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(i64);

impl Quantity {
    /// A quantity from hundredths.
    pub const fn from_hundredths(h: i64) -> Quantity {
        Quantity(h)
    }

    /// The value in hundredths.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// Reads `92`, `92,5` or `92,5 %`.
    pub fn parse(text: &str) -> Result<Quantity, DecimalError> {
        let t = text.trim();
        let t = t.strip_suffix('%').unwrap_or(t);
        let v = decimal::parse(t, 2)?;
        i64::try_from(v)
            .map(Quantity)
            .map_err(|_| DecimalError::Overflow)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::hundredths(self.0))
    }
}

/// A comparison such as `> 90` or `<= 60`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The comparison.
    pub op: Comparison,
    /// The bound.
    pub bound: Quantity,
}

/// The comparison of a [`Condition`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `>`
    Above,
    /// `>=`
    AtLeast,
    /// `<`
    Below,
    /// `<=`
    AtMost,
}

impl Comparison {
    fn symbol(self) -> &'static str {
        match self {
            Comparison::Above => ">",
            Comparison::AtLeast => ">=",
            Comparison::Below => "<",
            Comparison::AtMost => "<=",
        }
    }

    /// True for `>` and `>=`: higher values are better.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Comparison::Above | Comparison::AtLeast)
    }
}

/// Why a condition could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConditionError {
    /// No comparison sign in front.
    #[error("villkoret ska börja med >, >=, < eller <=, t.ex. \"> 90\"")]
    NoComparison,
    /// The bound is not a number.
    #[error("gränsen i villkoret: {0}")]
    Bound(DecimalError),
}

impl Condition {
    /// Reads `> 90`, `>= 75`, `≥ 75`, `< 10`, `<= 60` (a trailing `%` is allowed).
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let t = text.trim();
        let (op, rest) = [
            (">=", Comparison::AtLeast),
            ("≥", Comparison::AtLeast),
            ("<=", Comparison::AtMost),
            ("≤", Comparison::AtMost),
            (">", Comparison::Above),
            ("<", Comparison::Below),
        ]
        .into_iter()
        .find_map(|(sym, op)| t.strip_prefix(sym).map(|rest| (op, rest)))
        .ok_or(ConditionError::NoComparison)?;
        let bound = Quantity::parse(rest).map_err(ConditionError::Bound)?;
        Ok(Condition { op, bound })
    }

    /// True when `value` meets the condition.
    pub fn holds(self, value: Quantity) -> bool {
        match self.op {
            Comparison::Above => value > self.bound,
            Comparison::AtLeast => value >= self.bound,
            Comparison::Below => value < self.bound,
            Comparison::AtMost => value <= self.bound,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.op.symbol(), self.bound)
    }
}

/// The thresholds of a numeric measurement point: what counts as fulfilled and, if the plan
/// has such a band, as partly fulfilled; anything else is not fulfilled.
/// SOFINT: fulfilled `> 90`, partly `>= 75`; administration share: fulfilled `<= 29`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Thresholds {
    /// Uppfyllt when this holds.
    pub fulfilled: Condition,
    /// Delvis uppfyllt when this holds (and `fulfilled` does not).
    pub partly: Option<Condition>,
}

impl Thresholds {
    /// The assessment a measured value earns.
    pub fn assess(self, value: Quantity) -> Assessment {
        if self.fulfilled.holds(value) {
            Assessment::Fulfilled
        } else if self.partly.is_some_and(|p| p.holds(value)) {
            Assessment::Partly
        } else {
            Assessment::NotFulfilled
        }
    }

    /// True when the partly-fulfilled band lies on the right side of the fulfilled one: both
    /// point the same way and `partly` is the looser of the two.
    pub fn are_consistent(self) -> bool {
        let Some(p) = self.partly else {
            return true;
        };
        let f = self.fulfilled;
        if f.op.higher_is_better() != p.op.higher_is_better() {
            return false;
        }
        if f.op.higher_is_better() {
            p.bound <= f.bound
        } else {
            p.bound >= f.bound
        }
    }
}

/// A measurement point (mätpunkt) of a goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    /// What is measured, as the plan words it.
    pub text: String,
    /// Thresholds, for a numeric measurement point.
    pub thresholds: Option<Thresholds>,
    /// The unit of the measured value (`%`, `dagar`).
    pub unit: Option<String>,
    /// The measured value, when one has been measured.
    pub value: Option<Quantity>,
    /// An assessment written by the office (textual points, or to overrule).
    pub assessment: Option<Assessment>,
    /// The office's comment.
    pub comment: Option<String>,
    /// A figure the product computes, whose value for a period this point is assessed by
    /// (instead of a written value).
    pub figure: Option<crate::computed::FigureRef>,
}

impl Measure {
    /// The assessment that follows from the measured value, if the point is numeric and measured.
    pub fn computed_assessment(&self) -> Option<Assessment> {
        Some(self.thresholds?.assess(self.value?))
    }

    /// The assessment to report: the computed one when there is one, else the written one.
    pub fn assessment(&self) -> Option<Assessment> {
        self.computed_assessment().or(self.assessment)
    }
}

/// A goal with its measurement points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    /// The goal as the plan words it.
    pub text: String,
    /// Its measurement points.
    pub measures: Vec<Measure>,
}

/// An area of goals, named by the association (Insats, Organisation, Kommunikation, Ekonomi).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalArea {
    /// The area's name.
    pub name: String,
    /// Its goals.
    pub goals: Vec<Goal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).expect(s)
    }

    fn sofint() -> Thresholds {
        Thresholds {
            fulfilled: Condition::parse("> 90").expect("condition"),
            partly: Some(Condition::parse(">= 75").expect("condition")),
        }
    }

    #[test]
    fn assesses_by_sofint_thresholds() {
        let t = sofint();
        assert_eq!(t.assess(q("95")), Assessment::Fulfilled);
        assert_eq!(t.assess(q("90,01")), Assessment::Fulfilled);
        assert_eq!(t.assess(q("90")), Assessment::Partly);
        assert_eq!(t.assess(q("75")), Assessment::Partly);
        assert_eq!(t.assess(q("74,99")), Assessment::NotFulfilled);
        assert!(t.are_consistent());
    }

    #[test]
    fn lower_is_better_works_too() {
        let t = Thresholds {
            fulfilled: Condition::parse("<= 60").expect("c"),
            partly: Some(Condition::parse("≤ 75").expect("c")),
        };
        assert_eq!(t.assess(q("45")), Assessment::Fulfilled);
        assert_eq!(t.assess(q("70")), Assessment::Partly);
        assert_eq!(t.assess(q("80")), Assessment::NotFulfilled);
        assert!(t.are_consistent());
        let wrong = Thresholds {
            fulfilled: Condition::parse("> 90").expect("c"),
            partly: Some(Condition::parse(">= 95").expect("c")),
        };
        assert!(!wrong.are_consistent());
        let single = Thresholds {
            fulfilled: Condition::parse("<= 29").expect("c"),
            partly: None,
        };
        assert_eq!(single.assess(q("28,4")), Assessment::Fulfilled);
        assert_eq!(single.assess(q("29,1")), Assessment::NotFulfilled);
        assert!(single.are_consistent());
    }

    #[test]
    fn conditions_are_read_and_written() {
        assert_eq!(
            Condition::parse("> 90 %").map(|c| c.to_string()),
            Ok("> 90".into())
        );
        assert_eq!(Condition::parse("90"), Err(ConditionError::NoComparison));
        assert!(Condition::parse("> nittio").is_err());
        for (a, w) in Assessment::ALL {
            assert_eq!(Assessment::from_word(w), Some(a));
        }
    }
}
