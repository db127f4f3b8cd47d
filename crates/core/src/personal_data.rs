//! The guard against personal data (issue 14): Finsam counts participants and never registers
//! them, so an upload of participant figures is refused when a column looks like people rather
//! than counts: a header that names a person's data (namn, förnamn, efternamn, personnummer,
//! samordningsnummer), or a cell that is a Swedish personal identity number with a valid check
//! digit (ÅÅMMDD-NNNN or ÅÅÅÅMMDDNNNN, the `-` or `+` optional). The message says why nothing
//! personal may be stored.

/// Header words that name a person's data.
pub const PERSONAL_HEADERS: [&str; 6] = [
    "namn",
    "förnamn",
    "efternamn",
    "personnummer",
    "samordningsnummer",
    "personnr",
];

/// Whether a header names a person's data ("Förnamn", "deltagarens namn", "Personnummer").
pub fn is_personal_header(header: &str) -> bool {
    let h = header.trim().to_lowercase();
    h.split(|c: char| !c.is_alphanumeric())
        .any(|word| PERSONAL_HEADERS.contains(&word))
}

/// The Luhn check over ten digits (the personal identity number's last digit checks the nine
/// before it).
fn luhn_ok(digits: &[u8; 10]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether a cell is a personal identity number (or a coordination number, day + 60) with a
/// valid check digit.
pub fn is_identity_number(cell: &str) -> bool {
    let t = cell.trim();
    let digits: Vec<u8> = t
        .chars()
        .filter(|c| !matches!(c, '-' | '+'))
        .map(|c| c.to_digit(10).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<Vec<u8>>>()
        .unwrap_or_default();
    let separators = t.chars().filter(|c| matches!(c, '-' | '+')).count();
    if separators > 1 || !(digits.len() == 10 || digits.len() == 12) {
        return false;
    }
    let ten: [u8; 10] = match digits[digits.len() - 10..].try_into() {
        Ok(t) => t,
        Err(_) => return false,
    };
    let month = ten[2] * 10 + ten[3];
    let day = ten[4] * 10 + ten[5];
    let day = if day > 60 { day - 60 } else { day };
    (1..=12).contains(&month) && (1..=31).contains(&day) && luhn_ok(&ten)
}

/// Whether a free text (a narrative, an activity) holds a personal identity number: any of its
/// words, split at spaces and punctuation, that is one.
pub fn mentions_identity_number(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | '(' | ')' | ':'))
        .any(is_identity_number)
}

/// The Swedish message for a column that looks like people: where, and why nothing is saved.
pub fn refusal(column: &str, what: &str) -> String {
    format!(
        "Kolumnen {column} ser ut att innehålla {what}. Finsam räknar deltagare men registrerar dem aldrig: inga namn, inga personnummer. Ta bort kolumnen och ladda upp filen igen; ingenting har sparats."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn identity_numbers_with_a_valid_check_digit_are_found() {
        // Skatteverket's published test numbers.
        for n in [
            "811218-9876",
            "19811218-9876",
            "8112189876",
            "811218+9876",
            "870826-6641",
        ] {
            assert!(is_identity_number(n), "{n}");
        }
        for n in [
            "811218-9875",  // wrong check digit
            "811318-9876",  // month 13
            "103",          // a count
            "2024-06-30",   // a day
            "811218-98-76", // two separators
            "",
        ] {
            assert!(!is_identity_number(n), "{n}");
        }
    }

    #[test]
    fn headers_that_name_people_are_found() {
        for h in [
            "Namn",
            "Deltagarens namn",
            "Personnummer",
            " förnamn ",
            "Personnr.",
        ] {
            assert!(is_personal_header(h), "{h}");
        }
        for h in [
            "Totalt",
            "Kvinnor",
            "Män",
            "Utfall: arbete",
            "Namnlös period",
        ] {
            assert!(!is_personal_header(h), "{h}");
        }
        assert!(refusal("C", "personnummer").contains("ingenting har sparats"));
    }

    proptest! {
        /// No count a report holds (0–99 999) is ever taken for an identity number.
        #[test]
        fn counts_are_never_identity_numbers(n in 0u32..100_000) {
            prop_assert!(!is_identity_number(&n.to_string()));
        }

        /// Any ten digits made valid by their check digit, with a real month and day, are found.
        #[test]
        fn any_valid_number_is_found(yy in 0u8..100, mm in 1u8..13, dd in 1u8..29, serial in 0u16..1000) {
            let nine = format!("{yy:02}{mm:02}{dd:02}{serial:03}");
            let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
            let check = (0u8..10).find(|c| {
                let mut ten = [0u8; 10];
                ten[..9].copy_from_slice(&digits);
                ten[9] = *c;
                luhn_ok(&ten)
            }).expect("a check digit");
            let number = format!("{}-{}{check}", &nine[..6], &nine[6..]);
            prop_assert!(is_identity_number(&number), "{number}");
        }
    }
}
