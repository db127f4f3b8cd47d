//! Swedish messages for what the TOML reader and serde report in English.
//!
//! The TOML reader's messages are fixed phrases (`unclosed table, expected ']'`); serde's
//! follow a few patterns (`missing field`, `unknown field`, `invalid type`). Each known phrase
//! gets a Swedish sentence that says what is wrong and what to do; an unknown one gets a
//! general Swedish sentence with the original in parentheses, so nothing is lost.

/// TOML syntax phrases and what to tell the user.
const SYNTAX: &[(&str, &str)] = &[
    (
        "duplicate key",
        "nyckeln står redan tidigare i samma tabell; ta bort den ena",
    ),
    (
        "unclosed array table",
        "rubriken saknar avslutande ]], skriv t.ex. [[budget.section]]",
    ),
    (
        "unclosed table",
        "tabellrubriken saknar avslutande ], skriv t.ex. [budget]",
    ),
    (
        "unclosed inline table",
        "tabellen på raden saknar avslutande }",
    ),
    ("unclosed array", "listan saknar avslutande ]"),
    (
        "invalid basic string",
        "texten saknar avslutande citattecken \" (eller innehåller ett tecken som måste skrivas med \\)",
    ),
    (
        "invalid multi-line basic string",
        "den flerradiga texten saknar avslutande \"\"\"",
    ),
    (
        "invalid literal string",
        "texten saknar avslutande apostrof '",
    ),
    (
        "invalid multi-line literal string",
        "den flerradiga texten saknar avslutande '''",
    ),
    (
        "invalid string",
        "texten är felaktig; skriv den inom citattecken, t.ex. \"Coachingteamet\"",
    ),
    (
        "string values must be quoted",
        "värdet saknas eller står utan citattecken; skriv text inom citattecken, t.ex. name = \"Coachingteamet\"",
    ),
    (
        "key with no value",
        "nyckeln saknar värde; skriv t.ex. name = \"…\"",
    ),
    (
        "missing value for key",
        "nyckeln saknar värde; skriv t.ex. name = \"…\"",
    ),
    ("missing value", "ett värde saknas här"),
    (
        "missing assignment between key-value pairs",
        "likhetstecken saknas; skriv nyckel = värde",
    ),
    (
        "extra assignment between key-value pairs",
        "ett likhetstecken för mycket; skriv nyckel = värde",
    ),
    (
        "extra `=`",
        "ett likhetstecken för mycket; skriv nyckel = värde",
    ),
    (
        "missing comma between array elements",
        "komma saknas mellan värdena i listan",
    ),
    (
        "missing comma between key-value pairs",
        "komma saknas mellan nycklarna i tabellen { … }",
    ),
    ("extra comma in array", "ett komma för mycket i listan"),
    (
        "extra comma in inline table",
        "ett komma för mycket i tabellen { … }; TOML tillåter inget komma sist",
    ),
    (
        "missing key for inline table element",
        "en nyckel saknas i tabellen { … }",
    ),
    (
        "invalid inline table element",
        "tabellen { … } innehåller något som inte är nyckel = värde",
    ),
    (
        "invalid key-value pair",
        "raden är inte på formen nyckel = värde",
    ),
    (
        "unexpected key or value",
        "här väntades en ny rad; skriv en nyckel = värde per rad",
    ),
    (
        "unexpected content between comment and newline",
        "oväntad text efter kommentaren",
    ),
    (
        "unexpected content",
        "oväntad text; skriv en nyckel = värde per rad",
    ),
    (
        "unexpected `=` in array",
        "likhetstecken hör inte hemma i en lista",
    ),
    (
        "invalid unquoted key",
        "nyckeln innehåller tecken som kräver citattecken; nycklar skrivs med a–z, siffror, - och _",
    ),
    ("unquoted keys cannot be empty", "en nyckel saknas"),
    (
        "invalid key",
        "nyckeln är felaktig; nycklar skrivs med a–z, siffror, - och _",
    ),
    (
        "invalid table",
        "tabellrubriken är felaktig; skriv t.ex. [budget] eller [[budget.section]]",
    ),
    ("missing table open", "tabellrubriken saknar inledande ["),
    ("missing array opening", "listan saknar inledande ["),
    (
        "missing inline table opening",
        "tabellen saknar inledande {",
    ),
    (
        "invalid date-time",
        "datumet är felaktigt; skriv t.ex. 2023-11-17",
    ),
    (
        "invalid integer number",
        "talet är felaktigt; skriv belopp som text, t.ex. \"3 600 000\"",
    ),
    (
        "invalid float",
        "talet är felaktigt; skriv belopp som text, t.ex. \"1 234,50\"",
    ),
    (
        "invalid value",
        "värdet är felaktigt; text skrivs inom citattecken",
    ),
    ("invalid boolean", "skriv true eller false"),
    (
        "unexpected leading zero",
        "tal får inte börja med 0; skriv belopp som text, t.ex. \"0123\" blir \"123\"",
    ),
    (
        "`_` may only go between digits",
        "understreck får bara stå mellan siffror; skriv belopp som text, t.ex. \"3 600 000\"",
    ),
    (
        "cannot recurse further; max recursion depth met",
        "för djupt nästlade tabeller eller listor",
    ),
    (
        "carriage return must be followed by newline",
        "filen har ett ensamt vagnreturtecken; spara den med vanliga radslut",
    ),
    (
        "invalid comment character",
        "kommentaren innehåller ett otillåtet styrtecken",
    ),
    (
        "missing escaped value",
        "tecknet efter \\ saknas; skriv \\\\ för ett bakåtsnedstreck",
    ),
    (
        "too few unicode value digits",
        "\\u ska följas av fyra hexadecimala siffror",
    ),
];

/// Serde's words for what it found and expected, in Swedish.
const TYPES: &[(&str, &str)] = &[
    ("a string", "text inom citattecken"),
    ("string", "texten"),
    ("integer", "heltalet"),
    ("floating point", "decimaltalet"),
    ("boolean", "sanningsvärdet"),
    ("a boolean", "true eller false"),
    ("a sequence", "en lista [ … ]"),
    ("sequence", "en lista"),
    ("map", "en tabell"),
    ("a map", "en tabell"),
    ("i64", "ett heltal"),
    ("a TOML datetime", "ett datum som 2023-11-17"),
    ("datetime", "ett datum"),
    ("unit value", "ett tomt värde"),
];

fn swedish_type(t: &str) -> String {
    let t = t.trim();
    if t.starts_with("struct ") {
        return "en tabell".into();
    }
    // `string "abc"`, `integer `5``: translate the word, keep the value.
    let (word, value) = match t.find([' ']) {
        Some(i) if !t.starts_with("a ") => (&t[..i], Some(t[i..].trim().trim_matches('`'))),
        _ => (t, None),
    };
    let sv = TYPES
        .iter()
        .find(|(en, _)| *en == word)
        .map_or_else(|| word.to_owned(), |(_, sv)| (*sv).to_owned());
    match value {
        Some(v) => format!("{sv} {v}"),
        None => sv,
    }
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Translates a message from the TOML reader or serde into Swedish.
pub fn swedish(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    if let Some(rest) = first.strip_prefix("missing field ") {
        let field = rest.trim_matches('`');
        return format!("nyckeln {field} saknas här; lägg till den (se docs/planfil.md)");
    }
    if let Some(rest) = first.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let (field, allowed) = names.split_first().map_or(("", &[][..]), |(f, a)| (*f, a));
        return if allowed.is_empty() {
            format!("okänd nyckel {field}; här får inga nycklar stå")
        } else {
            format!(
                "okänd nyckel {field}; tillåtna här är {}. Kontrollera stavningen",
                allowed.join(", ")
            )
        };
    }
    if let Some(rest) = first.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "värdet har fel typ: {} står där det ska vara {}",
            swedish_type(found),
            swedish_type(expected)
        );
    }
    if let Some(rest) = first.strip_prefix("invalid length ") {
        return format!("fel antal värden ({rest})");
    }
    if first.starts_with("invalid value: ") {
        return format!("ogiltigt värde ({first})");
    }
    // Our own Swedish messages from inside the reader pass through untouched.
    if first == super::raw::FLOAT_MESSAGE {
        return first.to_owned();
    }
    let phrase = first.split(", expected").next().unwrap_or(first);
    if let Some((_, sv)) = SYNTAX.iter().find(|(en, _)| *en == phrase) {
        return (*sv).to_owned();
    }
    if first.is_ascii() {
        format!(
            "TOML-syntaxen stämmer inte här ({first}). Kontrollera citattecken, hakparenteser och likhetstecken"
        )
    } else {
        first.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::swedish;

    #[test]
    fn translates_serde_patterns() {
        assert_eq!(
            swedish("missing field `budget`"),
            "nyckeln budget saknas här; lägg till den (se docs/planfil.md)"
        );
        assert_eq!(
            swedish("unknown field `extra`, expected one of `key`, `name`"),
            "okänd nyckel extra; tillåtna här är key, name. Kontrollera stavningen"
        );
        assert_eq!(
            swedish("invalid type: integer `5`, expected a string"),
            "värdet har fel typ: heltalet 5 står där det ska vara text inom citattecken"
        );
        assert_eq!(
            swedish("invalid type: string \"2024\", expected a sequence"),
            "värdet har fel typ: texten \"2024\" står där det ska vara en lista [ … ]"
        );
    }

    #[test]
    fn translates_syntax_phrases_and_keeps_swedish() {
        assert_eq!(
            swedish("duplicate key"),
            "nyckeln står redan tidigare i samma tabell; ta bort den ena"
        );
        assert!(swedish("unclosed table, expected `]`").starts_with("tabellrubriken saknar"));
        assert!(swedish("something new").starts_with("TOML-syntaxen stämmer inte här"));
        assert_eq!(swedish("decimal på svenska"), "decimal på svenska");
        let float = crate::plan_file::raw::FLOAT_MESSAGE;
        assert_eq!(swedish(float), float);
    }
}
