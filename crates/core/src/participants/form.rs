//! A participant report from its form's fields or from an uploaded table (issue 14).
//!
//! Every cell is a field named `rad.kolumn` (`totalt.totalt`, `nya.kvinnor`,
//! `utfall:arbete.man`, `nns.erbjudna`), the narrative `berattelse`. A row whose cells are all
//! empty is not reported; a row with a total and no gender is reported as a total alone; a gender
//! cell left empty beside others filled is 0. A count is a whole number from 0 to
//! [`MAX_COUNT`], spaces allowed ("1 200").
//!
//! An uploaded table (CSV or XLSX, read into text cells by `finsam-report`) has a heading row
//! with the columns Nyckel, Totalt, Kvinnor, Män and Annat (the template also has Rad, the
//! row's words, which is not read), and a row per report row by its key. Before anything is
//! read, a column whose heading names a person's data, or a cell that is a personal identity
//! number, refuses the whole file ([`crate::personal_data`]). Every cell that cannot be read
//! is named as a spreadsheet names it (`C4`).

use std::collections::BTreeMap;

use super::{COLUMNS, Counted, GROUPS, Nns, ParticipantReport, ParticipantSettings, ROWS};
use crate::personal_data::{
    is_identity_number, is_personal_header, mentions_identity_number, refusal,
};

/// The largest count a cell may hold.
pub const MAX_COUNT: u32 = 1_000_000;

/// The longest narrative, in characters.
pub const MAX_NARRATIVE: usize = 5_000;

/// The NNS cells: the field and its words.
pub const NNS_CELLS: [(&str, &str); 2] = [
    ("nns.erbjudna", "Erbjudna NNS-formulären"),
    ("nns.besvarade", "Besvarade NNS-formulären"),
];

/// The rows a report of this förbund has, in the form's order: (key, words).
pub fn row_keys(settings: &ParticipantSettings) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ROWS
        .iter()
        .map(|(k, l)| ((*k).to_owned(), (*l).to_owned()))
        .collect();
    for (prefix, heading, _) in GROUPS {
        for (key, name) in settings.items(prefix) {
            out.push((format!("{prefix}:{key}"), format!("{heading}: {name}")));
        }
    }
    out
}

/// A column's words in the form and the template.
pub fn column_words(column: &str) -> &'static str {
    match column {
        "totalt" => "Totalt",
        "kvinnor" => "Kvinnor",
        "man" => "Män",
        _ => "Annat eller ej angivet",
    }
}

/// The report as its form shows it: (field, value).
pub fn fields_of(
    report: &ParticipantReport,
    settings: &ParticipantSettings,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, _) in row_keys(settings) {
        let c = report.row(&key);
        for column in COLUMNS {
            let v = c.and_then(|c| c.column(column)).map(|n| n.to_string());
            out.push((format!("{key}.{column}"), v.unwrap_or_default()));
        }
    }
    let nns = report.nns;
    out.push((
        "nns.erbjudna".into(),
        nns.map(|n| n.offered.to_string()).unwrap_or_default(),
    ));
    out.push((
        "nns.besvarade".into(),
        nns.map(|n| n.answered.to_string()).unwrap_or_default(),
    ));
    out.push(("berattelse".into(), report.narrative.clone()));
    out
}

/// A count from a cell's text, or why not (in words that follow "Cellen X: ").
pub fn count(text: &str) -> Result<Option<u32>, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let negative = t.starts_with('-') || t.starts_with('−');
    let digits = t.trim_start_matches(['-', '−']);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        if negative {
            return Err(format!(
                "\"{}\" är negativt; ett antal deltagare är 0 eller mer.",
                text.trim()
            ));
        }
        return match digits.parse::<u32>() {
            Ok(n) if n <= MAX_COUNT => Ok(Some(n)),
            _ => Err(format!(
                "\"{}\" är för stort; högst {MAX_COUNT} deltagare.",
                text.trim()
            )),
        };
    }
    Err(format!(
        "\"{}\" är inget antal; skriv ett heltal, t.ex. 12, eller lämna tomt.",
        text.trim()
    ))
}

/// The report the fields describe, or each field's message by field name. A narrative with a
/// personal identity number in it is refused (nothing personal is stored).
pub fn read_fields(
    fields: &[(String, String)],
    settings: &ParticipantSettings,
) -> Result<ParticipantReport, Vec<(String, String)>> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut errors = Vec::new();
    let mut report = ParticipantReport::default();
    for (key, label) in row_keys(settings) {
        let mut cells = [None; 4];
        for (i, column) in COLUMNS.iter().enumerate() {
            let name = format!("{key}.{column}");
            match count(get(&name)) {
                Ok(v) => cells[i] = v,
                Err(e) => errors.push((
                    name,
                    format!("{label}, {}: {e}", column_words(column).to_lowercase()),
                )),
            }
        }
        let split_given = cells[1..].iter().any(Option::is_some);
        if cells.iter().all(Option::is_none) {
            continue;
        }
        let split = split_given.then(|| [cells[1], cells[2], cells[3]].map(|c| c.unwrap_or(0)));
        let total = match cells[0] {
            Some(t) => t,
            None => {
                errors.push((
                    format!("{key}.totalt"),
                    format!("{label}: totalen saknas; skriv den även när könen är ifyllda."),
                ));
                continue;
            }
        };
        if let Some([w, m, o]) = split {
            let sum = u64::from(w) + u64::from(m) + u64::from(o);
            if sum > u64::from(total) {
                errors.push((
                    format!("{key}.totalt"),
                    format!(
                        "{label}: kvinnor {w} + män {m} + annat {o} = {sum} är fler än totalt {total}. Rätta totalen eller fördelningen."
                    ),
                ));
                continue;
            }
        }
        if let Some(c) = report.row_mut(&key) {
            *c = Counted { total, split };
        }
    }
    let mut nns = [None, None];
    for (i, (name, label)) in NNS_CELLS.iter().enumerate() {
        match count(get(name)) {
            Ok(v) => nns[i] = v,
            Err(e) => errors.push(((*name).to_owned(), format!("{label}: {e}"))),
        }
    }
    report.nns = match nns {
        [None, None] => None,
        [o, a] => Some(Nns {
            offered: o.unwrap_or(0),
            answered: a.unwrap_or(0),
        }),
    };
    let narrative = get("berattelse").trim();
    if narrative.chars().count() > MAX_NARRATIVE {
        errors.push((
            "berattelse".into(),
            format!("Berättelsen är längre än {MAX_NARRATIVE} tecken; korta den."),
        ));
    } else if mentions_identity_number(narrative) {
        errors.push((
            "berattelse".into(),
            "Berättelsen innehåller något som ser ut som ett personnummer. Finsam räknar deltagare men registrerar dem aldrig; ta bort numret. Ingenting har sparats.".into(),
        ));
    }
    report.narrative = narrative.to_owned();
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    }
}

/// A spreadsheet's name of a cell: column letters and row number from 1 (`C4`).
pub fn cell_name(row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// A table's fields as the form names them, and each field's cell (`C4`).
pub type TableFields = (Vec<(String, String)>, BTreeMap<String, String>);

/// An uploaded table's fields, with each field's cell name for the messages; or every reason it
/// cannot be read (a column that looks like people refuses the whole file first).
pub fn fields_of_table(
    rows: &[Vec<String>],
    settings: &ParticipantSettings,
) -> Result<TableFields, Vec<String>> {
    // Nothing personal, before anything else is looked at.
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for c in 0..width {
        let column = cell_name(0, c)
            .trim_end_matches(char::is_numeric)
            .to_owned();
        let header = rows
            .first()
            .and_then(|r| r.get(c))
            .map_or("", String::as_str);
        if is_personal_header(header) {
            return Err(vec![refusal(
                &format!("{column} (\"{}\")", header.trim()),
                "uppgifter om personer",
            )]);
        }
        if rows
            .iter()
            .filter_map(|r| r.get(c))
            .any(|cell| is_identity_number(cell))
        {
            return Err(vec![refusal(&column, "personnummer")]);
        }
    }
    let Some(head) = rows.first() else {
        return Err(vec![
            "Filen är tom. Ladda ned mallen, fyll i den och ladda upp den igen.".into(),
        ]);
    };
    let find = |words: &[&str]| {
        head.iter().position(|h| {
            let h = h.trim().to_lowercase();
            words.iter().any(|w| h == *w)
        })
    };
    let key_col = find(&["nyckel"]);
    let cols: Vec<Option<usize>> = vec![
        find(&["totalt"]),
        find(&["kvinnor"]),
        find(&["män", "man"]),
        find(&["annat eller ej angivet", "annat"]),
    ];
    let Some(key_col) = key_col else {
        return Err(vec![
            "Rad 1 saknar kolumnen Nyckel. Använd mallen: den har kolumnerna Rad, Nyckel, Totalt, Kvinnor, Män och Annat eller ej angivet.".into(),
        ]);
    };
    if cols[0].is_none() {
        return Err(vec![
            "Rad 1 saknar kolumnen Totalt. Använd mallen: den har kolumnerna Rad, Nyckel, Totalt, Kvinnor, Män och Annat eller ej angivet.".into(),
        ]);
    }
    let known: Vec<String> = row_keys(settings).into_iter().map(|(k, _)| k).collect();
    let mut fields = Vec::new();
    let mut cells = BTreeMap::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        let key = row.get(key_col).map_or("", |k| k.trim());
        let values: Vec<(usize, &str)> = cols
            .iter()
            .flatten()
            .map(|&c| (c, row.get(c).map_or("", |v| v.trim())))
            .collect();
        if key.is_empty() {
            if let Some((c, v)) = values.iter().find(|(_, v)| !v.is_empty()) {
                errors.push(format!(
                    "Cell {}: \"{v}\" står på en rad utan nyckel; skriv radens nyckel i {} eller ta bort värdet.",
                    cell_name(r, *c),
                    cell_name(r, key_col)
                ));
            }
            continue;
        }
        let is_nns = NNS_CELLS.iter().any(|(n, _)| *n == key);
        if !is_nns && !known.iter().any(|k| k == key) {
            errors.push(format!(
                "Cell {}: nyckeln \"{key}\" finns inte i förbundets deltagarrapport. Använd mallen från sidan.",
                cell_name(r, key_col)
            ));
            continue;
        }
        if !seen.insert(key.to_owned()) {
            errors.push(format!(
                "Cell {}: raden \"{key}\" finns redan längre upp; varje rad en gång.",
                cell_name(r, key_col)
            ));
            continue;
        }
        if is_nns {
            if let Some(c) = cols[0] {
                let v = row.get(c).map_or("", |v| v.trim());
                fields.push((key.to_owned(), v.to_owned()));
                cells.insert(key.to_owned(), cell_name(r, c));
            }
            continue;
        }
        for (i, column) in COLUMNS.iter().enumerate() {
            let Some(c) = cols[i] else { continue };
            let v = row.get(c).map_or("", |v| v.trim());
            let name = format!("{key}.{column}");
            fields.push((name.clone(), v.to_owned()));
            cells.insert(name, cell_name(r, c));
        }
    }
    if errors.is_empty() {
        Ok((fields, cells))
    } else {
        Err(errors)
    }
}

/// The report an uploaded table describes, or every message, each naming its cell.
pub fn read_table(
    rows: &[Vec<String>],
    settings: &ParticipantSettings,
    narrative: &str,
) -> Result<ParticipantReport, Vec<String>> {
    let (mut fields, cells) = fields_of_table(rows, settings)?;
    fields.push(("berattelse".into(), narrative.to_owned()));
    read_fields(&fields, settings).map_err(|errors| {
        errors
            .into_iter()
            .map(|(field, message)| match cells.get(&field) {
                Some(cell) => format!("Cell {cell}: {message}"),
                None => message,
            })
            .collect()
    })
}

/// The template's rows for a report (empty for a new one): the heading, then a row per report
/// row and the NNS cells, each with its words, key and counts.
pub fn template_rows(
    report: &ParticipantReport,
    settings: &ParticipantSettings,
) -> Vec<Vec<String>> {
    let mut out = vec![
        ["Rad", "Nyckel"]
            .into_iter()
            .map(str::to_owned)
            .chain(COLUMNS.iter().map(|c| column_words(c).to_owned()))
            .collect(),
    ];
    for (key, words) in row_keys(settings) {
        let c = report.row(&key);
        let mut row = vec![words, key.clone()];
        for column in COLUMNS {
            row.push(
                c.and_then(|c| c.column(column))
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            );
        }
        out.push(row);
    }
    for (key, words) in NNS_CELLS {
        let v = report.nns.map(|n| {
            if key == "nns.erbjudna" {
                n.offered
            } else {
                n.answered
            }
        });
        out.push(vec![
            words.to_owned(),
            key.to_owned(),
            v.map(|n| n.to_string()).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn settings() -> ParticipantSettings {
        ParticipantSettings {
            age_groups: vec!["16–29".into(), "30–64".into()],
            ..Default::default()
        }
    }

    fn sofint() -> ParticipantReport {
        ParticipantReport {
            nns: Some(Nns {
                offered: 30,
                answered: 21,
            }),
            narrative: "Teamet har arbetat med uppsökande.".into(),
            ..crate::testing::sofint_half_year()
        }
    }

    #[test]
    fn the_form_reads_back_what_it_shows() {
        let s = settings();
        let fields = fields_of(&sofint(), &s);
        assert_eq!(read_fields(&fields, &s), Ok(sofint()));
    }

    #[test]
    fn bad_cells_are_named_and_nothing_is_read() {
        let s = settings();
        let mut fields = fields_of(&sofint(), &s);
        for (name, value) in [
            ("nya.kvinnor", "-3"),
            ("totalt.man", "fyrtio"),
            ("nns.besvarade", "2,5"),
        ] {
            fields.iter_mut().find(|(n, _)| n == name).unwrap().1 = value.into();
        }
        let errors = read_fields(&fields, &s).unwrap_err();
        let names: Vec<&str> = errors.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["totalt.man", "nya.kvinnor", "nns.besvarade"],
            "{errors:?}"
        );
        assert!(errors[1].1.contains("negativt"), "{errors:?}");
        assert!(
            errors[0].1.contains("\"fyrtio\" är inget antal"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_split_larger_than_its_total_is_refused_at_the_total() {
        let s = settings();
        let mut fields = fields_of(&sofint(), &s);
        fields.iter_mut().find(|(n, _)| n == "nya.man").unwrap().1 = "25".into();
        let errors = read_fields(&fields, &s).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "nya.totalt");
        assert!(
            errors[0]
                .1
                .contains("kvinnor 18 + män 25 + annat 0 = 43 är fler än totalt 38"),
            "{errors:?}"
        );
        // A split smaller than the total is read; the checks find it (beside SOFINT's 65).
        fields.iter_mut().find(|(n, _)| n == "nya.man").unwrap().1 = "15".into();
        let read = read_fields(&fields, &s).expect("reads");
        let found = read.check();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|f| {
            f.message
                .starts_with("Nya deltagare: totalt 38 men kvinnor 18 + män 15")
        }));
    }

    #[test]
    fn a_personal_identity_number_in_the_narrative_is_refused() {
        let s = settings();
        let mut fields = fields_of(&sofint(), &s);
        fields.last_mut().unwrap().1 = "Deltagaren 811218-9876 fick jobb.".into();
        let errors = read_fields(&fields, &s).unwrap_err();
        assert!(errors[0].1.contains("personnummer"), "{errors:?}");
    }

    #[test]
    fn the_template_round_trips_and_bad_cells_are_named_as_a_spreadsheet_does() {
        let s = settings();
        let rows = template_rows(&sofint(), &s);
        let narrative = sofint().narrative;
        assert_eq!(read_table(&rows, &s, &narrative), Ok(sofint()));
        let mut bad = rows.clone();
        bad[2][3] = "arton".into();
        let errors = read_table(&bad, &s, "").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("Cell D3: Nya deltagare, kvinnor: \"arton\""),
            "{errors:?}"
        );
    }

    #[test]
    fn columns_that_look_like_people_refuse_the_file() {
        let s = settings();
        let mut rows = template_rows(&sofint(), &s);
        rows[0].push("Förnamn".into());
        let e = read_table(&rows, &s, "").unwrap_err();
        assert!(e[0].starts_with("Kolumnen G (\"Förnamn\")"), "{e:?}");
        assert!(e[0].contains("ingenting har sparats"), "{e:?}");
        let mut rows = template_rows(&sofint(), &s);
        rows[0].push("Deltagare".into());
        rows[3].push("19811218-9876".into());
        let e = read_table(&rows, &s, "").unwrap_err();
        assert!(
            e[0].starts_with("Kolumnen G ser ut att innehålla personnummer"),
            "{e:?}"
        );
    }

    #[test]
    fn cell_names_are_a_spreadsheets() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(3, 2), "C4");
        assert_eq!(cell_name(9, 26), "AA10");
    }

    proptest! {
        /// Any report the template can hold comes back from it exactly.
        #[test]
        fn any_report_round_trips_through_the_template(
            counts in prop::collection::vec((0u32..500, prop::option::of(prop::array::uniform3(0u32..200))), 4),
            nns in prop::option::of((0u32..100, 0u32..100)),
        ) {
            let s = settings();
            let mut r = ParticipantReport::default();
            for ((key, _), (total, split)) in ROWS.iter().zip(counts) {
                // A split never larger than its total (a larger one is refused as typed).
                let total = total.max(split.map_or(0, |s| s.iter().sum()));
                *r.row_mut(key).unwrap() = Counted { total, split };
            }
            r.nns = nns.map(|(offered, answered)| Nns { offered, answered });
            let rows = template_rows(&r, &s);
            prop_assert_eq!(read_table(&rows, &s, ""), Ok(r));
        }

        /// No table, however odd, makes the reader panic.
        #[test]
        fn no_table_panics(rows in prop::collection::vec(prop::collection::vec(".{0,12}", 0..8), 0..12)) {
            let _ = read_table(&rows, &settings(), "");
        }
    }
}
