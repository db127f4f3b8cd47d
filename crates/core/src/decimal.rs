//! Reading decimal numbers the way Swedes write them, into scaled integers.
//!
//! Accepted: an optional sign (`-`, `+`, the minus sign `−` or the dash `–` that word processors
//! put in), digits grouped in threes by spaces (also no-break and thin spaces) or not grouped at
//! all, and a decimal comma (or point) followed by at most `scale` digits.
//! `3 600 000`, `-108 325`, `1 234,50` and `2.5` are numbers; `12 34`, `1,2,3` and `1,234`
//! with `scale` 2 are not.

/// Why a written number could not be read. The messages are shown to users.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Nothing was written.
    #[error("talet saknas")]
    Empty,
    /// A character that has no place in a number.
    #[error("tecknet {found:?} hör inte hemma i ett tal; skriv t.ex. 3 600 000 eller 1 234,50")]
    Unexpected {
        /// The offending character.
        found: char,
    },
    /// Only a sign, or a separator without digits on both sides.
    #[error("siffror saknas; skriv t.ex. 3 600 000 eller 1 234,50")]
    NoDigits,
    /// More decimals than the value allows.
    #[error("högst {max} decimaler är tillåtna")]
    TooManyDecimals {
        /// How many decimals are allowed.
        max: u32,
    },
    /// Groups of digits that are not threes.
    #[error("siffrorna ska grupperas tre och tre med mellanslag, t.ex. 3 600 000")]
    Grouping,
    /// Too large to hold.
    #[error("talet är för stort")]
    Overflow,
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Reads `text` as a number with at most `scale` decimals and returns it times 10^scale.
pub fn parse(text: &str, scale: u32) -> Result<i128, DecimalError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DecimalError::Empty);
    }
    let mut chars = text.chars().peekable();
    let negative = match chars.peek() {
        Some('-' | '−' | '–') => {
            chars.next();
            true
        }
        Some('+') => {
            chars.next();
            false
        }
        _ => false,
    };

    let mut int: i128 = 0;
    let mut group_len: usize = 0;
    let mut groups: usize = 0;
    let mut int_digits = 0usize;
    let mut in_fraction = false;
    let mut frac_digits: u32 = 0;
    let mut frac: i128 = 0;
    let mut last_was_separator = false;

    for c in chars {
        if let Some(d) = c.to_digit(10) {
            if in_fraction {
                frac_digits += 1;
                if frac_digits > scale {
                    return Err(DecimalError::TooManyDecimals { max: scale });
                }
                frac = frac * 10 + i128::from(d);
            } else {
                int = int
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i128::from(d)))
                    .ok_or(DecimalError::Overflow)?;
                group_len += 1;
                int_digits += 1;
            }
            last_was_separator = false;
        } else if is_group_separator(c) && !in_fraction {
            if last_was_separator || group_len == 0 {
                return Err(DecimalError::Grouping);
            }
            if (groups == 0 && group_len > 3) || (groups > 0 && group_len != 3) {
                return Err(DecimalError::Grouping);
            }
            groups += 1;
            group_len = 0;
            last_was_separator = true;
        } else if (c == ',' || c == '.') && !in_fraction {
            if int_digits == 0 || last_was_separator {
                return Err(DecimalError::NoDigits);
            }
            in_fraction = true;
            last_was_separator = false;
        } else {
            return Err(DecimalError::Unexpected { found: c });
        }
    }
    if int_digits == 0 || last_was_separator || (in_fraction && frac_digits == 0) {
        return Err(DecimalError::NoDigits);
    }
    if groups > 0 && group_len != 3 {
        return Err(DecimalError::Grouping);
    }
    let mut value = int;
    for _ in 0..scale {
        value = value.checked_mul(10).ok_or(DecimalError::Overflow)?;
    }
    let mut frac_scaled = frac;
    for _ in frac_digits..scale {
        frac_scaled *= 10;
    }
    value = value
        .checked_add(frac_scaled)
        .ok_or(DecimalError::Overflow)?;
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scaled_values() {
        assert_eq!(parse("2,5", 2), Ok(250));
        assert_eq!(parse("20", 2), Ok(2000));
        assert_eq!(parse("-0,05", 2), Ok(-5));
        assert_eq!(parse("1 234 567", 0), Ok(1_234_567));
        assert_eq!(parse("1234567", 0), Ok(1_234_567));
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(
            parse("1,234", 2),
            Err(DecimalError::TooManyDecimals { max: 2 })
        );
        assert_eq!(parse("12 34", 2), Err(DecimalError::Grouping));
        assert_eq!(parse("1234 567", 2), Err(DecimalError::Grouping));
        assert_eq!(parse("1  234", 2), Err(DecimalError::Grouping));
        assert_eq!(parse("", 2), Err(DecimalError::Empty));
        assert_eq!(parse("+", 2), Err(DecimalError::NoDigits));
        assert_eq!(
            parse("12x", 2),
            Err(DecimalError::Unexpected { found: 'x' })
        );
        assert_eq!(
            parse("1,5", 0),
            Err(DecimalError::TooManyDecimals { max: 0 })
        );
    }
}
