//! Money as whole öre in an `i64`, with checked arithmetic and explicit rounding.
//!
//! Every operation that could overflow returns `Err(Overflow)` instead of wrapping: a budget that
//! does not fit in an `i64` of öre (±92 233 720 368 547 758 kr) is an input error, not a result.
#![warn(clippy::arithmetic_side_effects)]

use std::fmt;
use std::ops::Neg;
use std::str::FromStr;

use crate::decimal::{self, DecimalError};

/// An amount of Swedish money, counted in öre (1 kr = 100 öre).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// An amount grew beyond what an `i64` of öre can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("beloppet blir för stort (över 92 biljarder kronor)")]
pub struct Overflow;

/// How an amount is rounded. Every rounding in Finsam rounds half away from zero
/// (2,5 → 3 and −2,5 → −3), the rule Swedish accounting and Excel's AVRUNDA use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// To whole öre: nothing is lost.
    Ore,
    /// To whole kronor.
    #[default]
    Krona,
    /// To hundreds of kronor.
    Hundred,
    /// To thousands of kronor (tkr).
    Thousand,
}

impl Rounding {
    /// All roundings with the word the plan file uses for them.
    pub const ALL: [(Rounding, &'static str); 4] = [
        (Rounding::Ore, "öre"),
        (Rounding::Krona, "krona"),
        (Rounding::Hundred, "hundratal"),
        (Rounding::Thousand, "tusental"),
    ];

    /// The step in öre that this rounding rounds to.
    pub const fn step_ore(self) -> i64 {
        match self {
            Rounding::Ore => 1,
            Rounding::Krona => 100,
            Rounding::Hundred => 10_000,
            Rounding::Thousand => 100_000,
        }
    }

    /// The word used in plan files.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("krona", |(_, w)| w)
    }

    /// Reads the word used in plan files.
    pub fn from_word(word: &str) -> Option<Rounding> {
        Self::ALL.iter().find(|(_, w)| *w == word).map(|(r, _)| *r)
    }
}

/// Divides `num` by `den` and rounds half away from zero; `None` when `den` is zero or the
/// result does not fit.
pub(crate) fn div_round_half_away(num: i128, den: i128) -> Option<i128> {
    let (num, den) = if den < 0 {
        (num.checked_neg()?, den.checked_neg()?)
    } else {
        (num, den)
    };
    let q = num.checked_div(den)?;
    let r = num.checked_rem(den)?;
    if r.checked_abs()?.checked_mul(2)? >= den {
        q.checked_add(num.signum())
    } else {
        Some(q)
    }
}

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// An amount of whole öre.
    pub const fn from_ore(ore: i64) -> Money {
        Money(ore)
    }

    /// An amount of whole kronor.
    pub fn from_kr(kr: i64) -> Result<Money, Overflow> {
        kr.checked_mul(100).map(Money).ok_or(Overflow)
    }

    /// The amount in öre.
    pub const fn ore(self) -> i64 {
        self.0
    }

    /// True when below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// True when above zero.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// True when zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The sum, or `Overflow`.
    pub fn checked_add(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_add(other.0).map(Money).ok_or(Overflow)
    }

    /// The difference, or `Overflow`.
    pub fn checked_sub(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_sub(other.0).map(Money).ok_or(Overflow)
    }

    /// The amount times a whole number, or `Overflow`.
    pub fn checked_mul(self, factor: i64) -> Result<Money, Overflow> {
        self.0.checked_mul(factor).map(Money).ok_or(Overflow)
    }

    /// The amount without its sign, or `Overflow` for the one value that has no positive twin.
    pub fn checked_abs(self) -> Result<Money, Overflow> {
        self.0.checked_abs().map(Money).ok_or(Overflow)
    }

    /// The sum of many amounts, or `Overflow` as soon as it leaves the range.
    pub fn checked_sum<I: IntoIterator<Item = Money>>(amounts: I) -> Result<Money, Overflow> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }

    /// `self × num / den`, rounded half away from zero to `rounding`.
    pub fn mul_ratio(self, num: i128, den: i128, rounding: Rounding) -> Result<Money, Overflow> {
        if den == 0 {
            return Err(Overflow);
        }
        let step = i128::from(rounding.step_ore());
        let scaled = i128::from(self.0).checked_mul(num).ok_or(Overflow)?;
        let den_step = den.checked_mul(step).ok_or(Overflow)?;
        let units = div_round_half_away(scaled, den_step).ok_or(Overflow)?;
        let ore = units.checked_mul(step).ok_or(Overflow)?;
        i64::try_from(ore).map(Money).map_err(|_| Overflow)
    }

    /// Rounded half away from zero to `rounding`.
    pub fn round(self, rounding: Rounding) -> Result<Money, Overflow> {
        self.mul_ratio(1, 1, rounding)
    }

    /// Whole thousands of kronor, rounded half away from zero (3 708 325 kr → 3 708 tkr).
    pub fn tkr_rounded(self) -> i64 {
        // |öre| / 100 000 always fits in an i64, and the divisor is not zero.
        div_round_half_away(i128::from(self.0), 100_000)
            .and_then(|t| i64::try_from(t).ok())
            .unwrap_or_default()
    }

    /// Reads an amount written in `unit`: in kronor as [`Money::parse`], in tkr with at most
    /// three decimals (whole kronor): `"1 234,5"` tkr is 1 234 500 kr.
    pub fn parse_in(text: &str, unit: crate::format::Unit) -> Result<Money, AmountError> {
        if unit == crate::format::Unit::Kr {
            return Money::parse(text);
        }
        let mut body = text.trim();
        if let Some(rest) = body.strip_suffix("tkr") {
            body = rest.trim_end();
        }
        let kronor = decimal::parse(body, 3).map_err(AmountError::Decimal)?;
        kronor
            .checked_mul(100)
            .and_then(|o| i64::try_from(o).ok())
            .map(Money)
            .ok_or(AmountError::Overflow)
    }

    /// Reads an amount as people write it: `3 600 000`, `-108 325`, `−1 500`, `1 234,50`,
    /// `+1 500 kr`. See [`crate::decimal`] for the exact rules.
    pub fn parse(text: &str) -> Result<Money, AmountError> {
        let mut body = text.trim();
        if let Some(rest) = body.strip_suffix("kr") {
            body = rest.trim_end();
        }
        let value = decimal::parse(body, 2).map_err(AmountError::Decimal)?;
        i64::try_from(value)
            .map(Money)
            .map_err(|_| AmountError::Overflow)
    }
}

/// In JSON an amount is its whole number of öre: exact, never a float.
impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

/// The JSON Schema of an amount: a whole number of öre.
impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Belopp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "description": "Belopp i hela öre (100 öre = 1 kr)."
        })
    }
}

impl Neg for Money {
    type Output = Money;

    /// Negation saturates at the one value that has no positive twin (never reached by
    /// amounts that were read or summed with the checked operations).
    fn neg(self) -> Money {
        Money(self.0.checked_neg().unwrap_or(i64::MAX))
    }
}

impl FromStr for Money {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Money, AmountError> {
        Money::parse(s)
    }
}

impl fmt::Display for Money {
    /// Swedish form in kronor, e.g. `−108 325` or `1 234,50`; see [`crate::format`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::kr(*self))
    }
}

/// Why a written amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The number itself is malformed.
    #[error("{0}")]
    Decimal(DecimalError),
    /// It does not fit in an `i64` of öre.
    #[error("beloppet är för stort")]
    Overflow,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).expect(s)
    }

    #[test]
    fn parses_amounts_as_written() {
        assert_eq!(m("3 600 000"), Money::from_ore(360_000_000));
        assert_eq!(m("-108 325"), Money::from_ore(-10_832_500));
        assert_eq!(m("−108 325"), Money::from_ore(-10_832_500));
        assert_eq!(m("1 234,50"), Money::from_ore(123_450));
        assert_eq!(m("1234.5"), Money::from_ore(123_450));
        assert_eq!(m("+1 500 kr"), Money::from_ore(150_000));
        assert_eq!(m("0"), Money::ZERO);
        assert_eq!(m("3\u{a0}600\u{a0}000"), Money::from_ore(360_000_000));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in [
            "", "-", "12,345", "1 2345", "12 34", "1,2,3", "abc", "1-2", "--1", "1 000,", ",5",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(
            Money::parse("99 999 999 999 999 999 999"),
            Err(AmountError::Overflow)
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        let max = Money::from_ore(i64::MAX);
        assert_eq!(max.checked_add(Money::from_ore(1)), Err(Overflow));
        assert_eq!(
            Money::from_ore(i64::MIN).checked_sub(Money::from_ore(1)),
            Err(Overflow)
        );
        assert_eq!(Money::from_kr(i64::MAX), Err(Overflow));
        assert_eq!(Money::checked_sum([max, max]), Err(Overflow));
        assert_eq!(
            Money::checked_sum([m("1"), m("2,50")]),
            Ok(Money::from_ore(350))
        );
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(m("2,50").round(Rounding::Krona), Ok(m("3")));
        assert_eq!(m("-2,50").round(Rounding::Krona), Ok(m("-3")));
        assert_eq!(m("2,49").round(Rounding::Krona), Ok(m("2")));
        assert_eq!(m("360 706").round(Rounding::Hundred), Ok(m("360 700")));
        assert_eq!(m("360 750").round(Rounding::Hundred), Ok(m("360 800")));
        assert_eq!(m("3 708 325").tkr_rounded(), 3_708);
        assert_eq!(m("-108 500").tkr_rounded(), -109);
        assert_eq!(m("1 499").tkr_rounded(), 1);
    }

    #[test]
    fn multiplies_by_ratios() {
        // 434 000 split 3/5 and 2/5 between two municipalities.
        assert_eq!(
            m("434 000").mul_ratio(3, 5, Rounding::Ore),
            Ok(m("260 400"))
        );
        assert_eq!(
            m("434 000").mul_ratio(2, 5, Rounding::Ore),
            Ok(m("173 600"))
        );
        // 20 % of 3 742 000.
        assert_eq!(
            m("3 742 000").mul_ratio(20, 100, Rounding::Ore),
            Ok(m("748 400"))
        );
        assert_eq!(m("1").mul_ratio(1, 0, Rounding::Ore), Err(Overflow));
    }
}
