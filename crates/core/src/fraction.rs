//! Exact fractions and percentages: member shares (3/20), ratios (administration share) and
//! rates (20 %, 2,5 %). Nothing here is ever a float; comparisons are exact and only the
//! printed form is rounded (see [`crate::format::percent`]).

use std::cmp::Ordering;
use std::fmt;

use crate::decimal::{self, DecimalError};

/// A non-negative exact fraction, always kept in lowest terms with a positive denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fraction {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Fraction {
    /// Zero.
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };
    /// One whole.
    pub const ONE: Fraction = Fraction { num: 1, den: 1 };

    /// `num / den` in lowest terms; `None` when `den` is zero.
    pub fn new(num: i128, den: i128) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Some(Fraction {
            num: sign * num / g,
            den: sign * den / g,
        })
    }

    /// The numerator in lowest terms.
    pub const fn num(self) -> i128 {
        self.num
    }

    /// The denominator in lowest terms (always positive).
    pub const fn den(self) -> i128 {
        self.den
    }

    /// The share in hundredths of a percent, rounded half away from zero (0,2431 is 2431).
    pub fn basis_points(self) -> i64 {
        crate::money::div_round_half_away(self.num().saturating_mul(10_000), self.den())
            .and_then(|v| i64::try_from(v).ok())
            .unwrap_or(0)
    }

    /// The exact sum, or `None` when it no longer fits.
    pub fn checked_add(self, other: Fraction) -> Option<Fraction> {
        let num = self
            .num
            .checked_mul(other.den)?
            .checked_add(other.num.checked_mul(self.den)?)?;
        Fraction::new(num, self.den.checked_mul(other.den)?)
    }

    /// The exact product, or `None` when it no longer fits.
    pub fn checked_mul(self, other: Fraction) -> Option<Fraction> {
        Fraction::new(
            self.num.checked_mul(other.num)?,
            self.den.checked_mul(other.den)?,
        )
    }

    /// Reads a share as written in a plan file: `1/2`, `3/20`, `50 %` or `12,5 %`.
    pub fn parse_share(text: &str) -> Result<Fraction, ShareError> {
        let text = text.trim();
        if let Some((n, d)) = text.split_once('/') {
            let n = decimal::parse(n, 0).map_err(ShareError::Number)?;
            let d = decimal::parse(d, 0).map_err(ShareError::Number)?;
            if d <= 0 || n < 0 {
                return Err(ShareError::Range);
            }
            let f = Fraction::new(n, d).ok_or(ShareError::Range)?;
            if f > Fraction::ONE {
                return Err(ShareError::Range);
            }
            return Ok(f);
        }
        let p = Percent::parse(text).map_err(ShareError::Number)?;
        let f = p.as_fraction();
        if f.num < 0 || f > Fraction::ONE {
            return Err(ShareError::Range);
        }
        Ok(f)
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Fraction) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Fraction) -> Ordering {
        // Denominators are positive, so cross-multiplying keeps the order. Values come from
        // öre sums and small shares; saturating keeps the comparison total even at the edges.
        let l = self.num.saturating_mul(other.den);
        let r = other.num.saturating_mul(self.den);
        l.cmp(&r)
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

/// Why a share could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The number is malformed.
    #[error("{0}; skriv andelen som bråk (1/4) eller procent (25 %)")]
    Number(DecimalError),
    /// Not between 0 and 1.
    #[error("en andel ska ligga mellan 0 och 1 (0 % och 100 %)")]
    Range,
}

/// A percentage kept in hundredths of a percent (2,5 % is 250), read and shown in Swedish form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(i64);

impl Percent {
    /// A percentage from hundredths of a percent.
    pub const fn from_hundredths(h: i64) -> Percent {
        Percent(h)
    }

    /// A percentage from whole percent.
    pub const fn from_whole(p: i32) -> Percent {
        Percent(p as i64 * 100)
    }

    /// Hundredths of a percent.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The exact fraction (20 % is 1/5).
    pub fn as_fraction(self) -> Fraction {
        Fraction::new(i128::from(self.0), 10_000).unwrap_or(Fraction::ZERO)
    }

    /// Reads `20`, `20 %`, `2,5 %` or `-1,25`.
    pub fn parse(text: &str) -> Result<Percent, DecimalError> {
        let body = text.trim();
        let body = body.strip_suffix('%').unwrap_or(body);
        let v = decimal::parse(body, 2)?;
        i64::try_from(v)
            .map(Percent)
            .map_err(|_| DecimalError::Overflow)
    }
}

impl fmt::Display for Percent {
    /// `2,5 %`, `20 %`, `−1,25 %`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::hundredths_percent(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(n: i128, d: i128) -> Fraction {
        Fraction::new(n, d).expect("non-zero denominator")
    }

    #[test]
    fn shares_are_read_exactly() {
        assert_eq!(Fraction::parse_share("1/2"), Ok(fr(1, 2)));
        assert_eq!(Fraction::parse_share("6/40"), Ok(fr(3, 20)));
        assert_eq!(Fraction::parse_share("25 %"), Ok(fr(1, 4)));
        assert_eq!(Fraction::parse_share("12,5 %"), Ok(fr(1, 8)));
        assert_eq!(Fraction::parse_share("3/2"), Err(ShareError::Range));
        assert_eq!(Fraction::parse_share("1/0"), Err(ShareError::Range));
        assert!(Fraction::parse_share("en halv").is_err());
    }

    #[test]
    fn sums_and_orders_exactly() {
        let quarter = fr(3, 20).checked_add(fr(1, 10)).expect("fits");
        assert_eq!(quarter, fr(1, 4));
        assert!(fr(1052325, 3708325) < fr(29, 100));
        assert!(fr(29, 100) < fr(2_901, 10_000));
        assert_eq!(fr(2, 4), fr(1, 2));
    }

    #[test]
    fn percentages_read_and_show_in_swedish() {
        assert_eq!(Percent::parse("2,5 %"), Ok(Percent::from_hundredths(250)));
        assert_eq!(Percent::parse("20"), Ok(Percent::from_whole(20)));
        assert_eq!(Percent::from_hundredths(250).to_string(), "2,5 %");
        assert_eq!(Percent::from_whole(20).to_string(), "20 %");
        assert_eq!(Percent::from_whole(20).as_fraction(), fr(1, 5));
    }
}
