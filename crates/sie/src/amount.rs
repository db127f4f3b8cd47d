//! Amounts in öre, read from and written as SIE's decimal form (`-1234.50`).

use serde::{Serialize, Serializer};

/// An amount of money in öre (hundredths of a krona). SIE amounts have at most two decimals,
/// so every amount a file can hold is exact here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

/// Why a text is not an SIE amount; each has its Swedish explanation in [`AmountError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    TooManyDecimals,
    TooLarge,
}

impl AmountError {
    /// What to tell the user, given the text that was read.
    pub fn message(&self, text: &str) -> String {
        match self {
            AmountError::Empty => "beloppet saknas".to_owned(),
            AmountError::NotANumber => format!(
                "\"{text}\" är inget belopp; SIE skriver belopp med punkt som decimaltecken, till exempel -1234.50"
            ),
            AmountError::TooManyDecimals => format!(
                "beloppet \"{text}\" har fler än två decimaler; SIE tillåter högst två (öre)"
            ),
            AmountError::TooLarge => format!("beloppet \"{text}\" är för stort"),
        }
    }
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// Reads `123`, `-123.5`, `+0.05`, `1234.50`. Decimals after the second are refused unless
    /// they are zeros (`5000.000` is exact and some programs write it).
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.first() {
            None => return Err(AmountError::Empty),
            Some(b'-') => (true, &bytes[1..]),
            Some(b'+') => (false, &bytes[1..]),
            Some(_) => (false, bytes),
        };
        let (int_part, frac_part) = match rest.iter().position(|&b| b == b'.') {
            Some(p) => (&rest[..p], Some(&rest[p + 1..])),
            None => (rest, None),
        };
        let frac = frac_part.unwrap_or(&[]);
        if int_part.is_empty() && frac.is_empty() {
            return Err(AmountError::NotANumber);
        }
        if !int_part.iter().all(u8::is_ascii_digit) || !frac.iter().all(u8::is_ascii_digit) {
            return Err(AmountError::NotANumber);
        }
        if frac.len() > 2 && frac[2..].iter().any(|&b| b != b'0') {
            return Err(AmountError::TooManyDecimals);
        }
        // Summed in i128 so that every i64, i64::MIN among them, is reached without overflow.
        let mut ore: i128 = 0;
        for &d in int_part {
            ore = ore * 10 + i128::from(d - b'0');
            if ore > i128::from(i64::MAX) + 1 {
                return Err(AmountError::TooLarge);
            }
        }
        let tenths = frac.first().map_or(0, |d| i128::from(d - b'0'));
        let hundredths = frac.get(1).map_or(0, |d| i128::from(d - b'0'));
        ore = ore * 100 + tenths * 10 + hundredths;
        let signed = if negative { -ore } else { ore };
        i64::try_from(signed)
            .map(Amount)
            .map_err(|_| AmountError::TooLarge)
    }

    /// The sum, saturating at the ends of the range (no file comes near them; a hostile one
    /// must not make the reader panic).
    pub fn saturating_add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }

    /// The amount with its sign turned.
    pub fn saturating_neg(self) -> Amount {
        Amount(self.0.saturating_neg())
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl std::fmt::Display for Amount {
    /// SIE form: `-1234.50`, `0.00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_files_use() {
        assert_eq!(Amount::parse("123"), Ok(Amount(12300)));
        assert_eq!(Amount::parse("-123.5"), Ok(Amount(-12350)));
        assert_eq!(Amount::parse("+0.05"), Ok(Amount(5)));
        assert_eq!(Amount::parse("1234.50"), Ok(Amount(123450)));
        assert_eq!(Amount::parse("5000.000"), Ok(Amount(500000)));
        assert_eq!(Amount::parse("-.5"), Ok(Amount(-50)));
        assert_eq!(Amount::parse("7."), Ok(Amount(700)));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Amount::parse("12.345"), Err(AmountError::TooManyDecimals));
        assert_eq!(Amount::parse("1,50"), Err(AmountError::NotANumber));
        assert_eq!(Amount::parse("-"), Err(AmountError::NotANumber));
        assert_eq!(Amount::parse("."), Err(AmountError::NotANumber));
        assert_eq!(Amount::parse(""), Err(AmountError::Empty));
        assert_eq!(Amount::parse("1e5"), Err(AmountError::NotANumber));
        assert_eq!(
            Amount::parse("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert!(
            AmountError::TooManyDecimals
                .message("12.345")
                .contains("två decimaler")
        );
    }

    #[test]
    fn writes_the_sie_form() {
        assert_eq!(Amount(-123450).to_string(), "-1234.50");
        assert_eq!(Amount(5).to_string(), "0.05");
        assert_eq!(Amount(-5).to_string(), "-0.05");
        assert_eq!(Amount(i64::MIN).to_string(), "-92233720368547758.08");
        assert_eq!(Amount::parse("-92233720368547758.08"), Ok(Amount(i64::MIN)));
        assert_eq!(
            Amount::parse("92233720368547758.08"),
            Err(AmountError::TooLarge)
        );
    }
}
