//! The one place that writes numbers for people: Swedish digit grouping, the minus sign `−`,
//! decimal comma, kronor and tkr, percentages.
//!
//! Digits are grouped in threes with a plain space (`3 600 000`) so that terminal tables and
//! text files line up and can be searched; negative numbers use the typographic minus `−`
//! (U+2212) as Swedish print does. Machine formats (JSON, CSV) never go through this module.

use crate::fraction::Fraction;
use crate::money::{Money, div_round_half_away};

/// The minus sign used in everything people read.
pub const MINUS: char = '−';

/// The unit amounts are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Kronor, with öre only when there are any.
    #[default]
    Kr,
    /// Thousands of kronor, rounded half away from zero.
    Tkr,
}

impl Unit {
    /// Both units with the word a plan file uses for them.
    pub const ALL: [(Unit, &'static str); 2] = [(Unit::Kr, "kr"), (Unit::Tkr, "tkr")];

    /// Reads `kr` or `tkr`.
    pub fn from_word(word: &str) -> Option<Unit> {
        Self::ALL.iter().find(|(_, w)| *w == word).map(|(u, _)| *u)
    }

    /// The unit's abbreviation: `kr` or `tkr`.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Kr => "kr",
            Unit::Tkr => "tkr",
        }
    }
}

/// A whole number with Swedish grouping: `−3 600 000`.
pub fn grouped(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if n < 0 {
        out.push(MINUS);
    }
    let first = digits.len() % 3;
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 3 == first {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// An amount in kronor: `−108 325`, `1 234,50`.
pub fn kr(m: Money) -> String {
    let ore = i128::from(m.ore());
    let whole = ore / 100;
    let cents = (ore % 100).abs();
    let mut s = if whole == 0 && ore < 0 {
        format!("{MINUS}0")
    } else {
        grouped(whole)
    };
    if cents != 0 {
        s.push_str(&format!(",{cents:02}"));
    }
    s
}

/// An amount with its unit: `3 600 000 kr`.
pub fn kr_with_unit(m: Money) -> String {
    format!("{} kr", kr(m))
}

/// An amount in whole tkr, rounded half away from zero: `3 708`.
pub fn tkr(m: Money) -> String {
    grouped(i128::from(m.tkr_rounded()))
}

/// An amount in tkr without rounding: whole kronor as up to three decimals, `1 234,5` for
/// 1 234 500 kr; öre, which tkr cannot hold, are dropped toward zero.
pub fn tkr_exact(m: Money) -> String {
    let kronor = i128::from(m.ore()) / 100;
    let whole = kronor / 1000;
    let part = (kronor % 1000).abs();
    let mut s = if whole == 0 && kronor < 0 {
        format!("{MINUS}0")
    } else {
        grouped(whole)
    };
    if part != 0 {
        let mut frac = format!("{part:03}");
        while frac.ends_with('0') {
            frac.pop();
        }
        s.push(',');
        s.push_str(&frac);
    }
    s
}

/// An amount in `unit` without rounding and without the unit: `3 600 000`, in tkr `3 600,5`.
pub fn exact(m: Money, unit: Unit) -> String {
    match unit {
        Unit::Kr => kr(m),
        Unit::Tkr => tkr_exact(m),
    }
}

/// An amount with its unit, exactly: `3 600 000 kr`, or in tkr `3 600,5 tkr`.
pub fn exact_with_unit(m: Money, unit: Unit) -> String {
    format!("{} {}", exact(m, unit), unit.label())
}

/// An amount in the given unit, without the unit.
pub fn amount(m: Money, unit: Unit) -> String {
    match unit {
        Unit::Kr => kr(m),
        Unit::Tkr => tkr(m),
    }
}

/// A fraction as a percentage with `decimals` decimals, rounded half away from zero:
/// 1 052 325 / 3 708 325 with one decimal is `28,4 %`.
pub fn percent(f: Fraction, decimals: u32) -> String {
    let scale = 10i128.pow(decimals);
    let scaled =
        div_round_half_away(f.num().saturating_mul(100 * scale), f.den()).unwrap_or_default();
    fixed(scaled, decimals) + " %"
}

/// Hundredths of a percent as a percentage, trailing zeros dropped: 250 is `2,5 %`.
pub fn hundredths_percent(h: i64) -> String {
    hundredths(h) + " %"
}

/// A number kept in hundredths, trailing zeros dropped: 9 250 is `92,5`.
pub fn hundredths(h: i64) -> String {
    let mut s = fixed(i128::from(h), 2);
    if s.contains(',') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with(',') {
            s.pop();
        }
    }
    s
}

/// `scaled / 10^decimals` written with a decimal comma.
fn fixed(scaled: i128, decimals: u32) -> String {
    if decimals == 0 {
        return grouped(scaled);
    }
    let scale = 10i128.pow(decimals);
    let whole = scaled / scale;
    let frac = (scaled % scale).abs();
    let int = if whole == 0 && scaled < 0 {
        format!("{MINUS}0")
    } else {
        grouped(whole)
    };
    format!("{int},{frac:0width$}", width = decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_in_threes() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1 000");
        assert_eq!(grouped(3_600_000), "3 600 000");
        assert_eq!(grouped(-108_325), "−108 325");
        assert_eq!(grouped(123_456), "123 456");
    }

    #[test]
    fn writes_kronor_and_tkr() {
        assert_eq!(kr(Money::from_ore(-10_832_500)), "−108 325");
        assert_eq!(kr(Money::from_ore(123_450)), "1 234,50");
        assert_eq!(kr(Money::from_ore(-5)), "−0,05");
        assert_eq!(kr_with_unit(Money::from_ore(360_000_000)), "3 600 000 kr");
        assert_eq!(tkr(Money::from_ore(370_832_500)), "3 708");
        assert_eq!(amount(Money::from_ore(-10_832_500), Unit::Tkr), "−108");
    }

    #[test]
    fn writes_percentages() {
        let admin = Fraction::new(1_052_325, 3_708_325).expect("non-zero");
        assert_eq!(percent(admin, 1), "28,4 %");
        assert_eq!(percent(admin, 0), "28 %");
        let half = Fraction::new(1, 200).expect("non-zero");
        assert_eq!(percent(half, 0), "1 %");
        assert_eq!(hundredths_percent(2_000), "20 %");
        assert_eq!(hundredths_percent(-125), "−1,25 %");
    }
}
