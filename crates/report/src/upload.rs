//! Tables in: an uploaded CSV or XLSX file read into rows of text cells, the way back of
//! [`crate::csv`] and [`crate::xlsx`] (issue 14's participant template). What the cells mean is
//! core's (`participants::form`); here only what a file can be wrong in as a file.
//!
//! - **CSV**: UTF-8 (a byte-order mark allowed), separated by `;` (Swedish spreadsheets) or `,`,
//!   whichever the first line has more of; quotes as the csv crate reads them.
//! - **XLSX** (calamine): the first sheet; a number cell is written as the number (a whole
//!   number without decimals); a formula cell is read by the value the spreadsheet saved with
//!   it, and one saved without a value is an error naming the cell; merged cells are an error
//!   naming them, since a merged cell's value belongs to no one row and column.
//!
//! Every message is Swedish and says what to do.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use finsam_core::participants::form::cell_name;

/// The most rows and columns an upload is read to.
pub const MAX_ROWS: usize = 2_000;
/// The most columns.
pub const MAX_COLUMNS: usize = 50;

/// The file's kind, by its name's ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Text separated by `;` or `,`.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl Format {
    /// The kind by the file name (`deltagare.xlsx`), or none for any other ending.
    pub fn of_name(name: &str) -> Option<Format> {
        let lower = name.trim().to_lowercase();
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if lower.ends_with(".xlsx") {
            Some(Format::Xlsx)
        } else {
            None
        }
    }
}

/// The rows of the file's table as text, or every reason it cannot be read.
pub fn read_rows(bytes: &[u8], format: Format) -> Result<Vec<Vec<String>>, Vec<String>> {
    match format {
        Format::Csv => read_csv(bytes),
        Format::Xlsx => read_xlsx(bytes),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![
            "Filen är inte UTF-8. Spara den som \"CSV UTF-8\" i kalkylprogrammet, eller ladda upp den som XLSX.".into(),
        ]);
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(',').count() > first.matches(';').count() {
        b','
    } else {
        b';'
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if n >= MAX_ROWS {
            return Err(vec![format!(
                "Filen har fler än {MAX_ROWS} rader; en deltagarrapport har några tiotal."
            )]);
        }
        match record {
            Ok(r) => {
                if r.len() > MAX_COLUMNS {
                    return Err(vec![format!(
                        "Rad {} har fler än {MAX_COLUMNS} kolumner.",
                        n + 1
                    )]);
                }
                rows.push(r.iter().map(str::to_owned).collect());
            }
            Err(e) => {
                return Err(vec![format!(
                    "Rad {} går inte att läsa som CSV ({e}). Kontrollera citattecknen.",
                    n + 1
                )]);
            }
        }
    }
    Ok(rows)
}

/// A number cell as text: a whole number without decimals, else as written.
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, Vec<String>> {
    let unreadable = |e: &dyn std::fmt::Display| {
        vec![format!(
            "Filen går inte att läsa som XLSX ({e}). Spara den som Excel-arbetsbok (.xlsx) och ladda upp den igen."
        )]
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(vec!["Arbetsboken har inget blad.".into()]);
    };
    let values = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let formulas = book.worksheet_formula(&name).map_err(|e| unreadable(&e))?;
    let merged = book
        .merge_cells_by_sheet_name(&name)
        .map_err(|e| unreadable(&e))?;
    let mut errors = Vec::new();
    for d in &merged {
        let (r0, c0) = d.start;
        let (r1, c1) = d.end;
        errors.push(format!(
            "Cellerna {}:{} är sammanfogade. Dela upp dem så att varje värde har sin egen cell, och ladda upp filen igen.",
            cell_name(r0 as usize, c0 as usize),
            cell_name(r1 as usize, c1 as usize)
        ));
    }
    let Some((r0, c0)) = values.start().or(formulas.start()) else {
        return if errors.is_empty() {
            Ok(Vec::new())
        } else {
            Err(errors)
        };
    };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let end = values.end().unwrap_or((0, 0));
    let (height, width) = (end.0 as usize + 1, end.1 as usize + 1);
    if height > MAX_ROWS || width > MAX_COLUMNS {
        return Err(vec![format!(
            "Bladet {name} är större än {MAX_ROWS} rader eller {MAX_COLUMNS} kolumner; en deltagarrapport har några tiotal rader."
        )]);
    }
    let mut rows = vec![vec![String::new(); width]; height];
    for (r, c, v) in values.used_cells() {
        let (r, c) = (r + r0, c + c0);
        let text = match v {
            Data::Int(i) => i.to_string(),
            Data::Float(f) => number_text(*f),
            Data::String(s) => s.clone(),
            Data::Bool(b) => if *b { "SANT" } else { "FALSKT" }.to_owned(),
            Data::DateTime(d) => d.to_string(),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => {
                errors.push(format!(
                    "Cell {} visar felet {e}. Rätta cellen i kalkylprogrammet och ladda upp filen igen.",
                    cell_name(r, c)
                ));
                continue;
            }
            Data::Empty => continue,
        };
        if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
            *cell = text;
        }
    }
    if let Some((f0, g0)) = formulas.start() {
        for (r, c, formula) in formulas.used_cells() {
            let (r, c) = (r + f0 as usize, c + g0 as usize);
            let has_value = rows
                .get(r)
                .and_then(|row| row.get(c))
                .is_some_and(|v| !v.is_empty());
            if !formula.is_empty() && !has_value {
                errors.push(format!(
                    "Cell {} har formeln ={formula} men inget sparat värde. Öppna filen i kalkylprogrammet, låt det räkna och spara, eller skriv in talet.",
                    cell_name(r, c)
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// A template's rows (text cells) as a workbook: the heading row bold, a count as a number,
/// the key column marked for people not to change, widths to the words.
pub fn template_xlsx(rows: &[Vec<String>], title: &str) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    sheet.set_name(&name).map_err(|e| e.to_string())?;
    let bold = CellFormat::new().set_bold();
    let grey = CellFormat::new().set_font_color(rust_xlsxwriter::Color::RGB(0x00_4B_4B_4B));
    let mut widths = vec![8usize; rows.iter().map(Vec::len).max().unwrap_or(0)];
    for (r, row) in rows.iter().enumerate() {
        let rr = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, text) in row.iter().enumerate() {
            let cc = u16::try_from(c).map_err(|e| e.to_string())?;
            widths[c] = widths[c].max(text.chars().count() + 2);
            let written = if r == 0 {
                sheet.write_string_with_format(rr, cc, text, &bold)
            } else if c == 1 {
                sheet.write_string_with_format(rr, cc, text, &grey)
            } else if let Ok(n) = text.parse::<u32>() {
                sheet.write_number(rr, cc, f64::from(n))
            } else if text.is_empty() {
                continue;
            } else {
                sheet.write_string(rr, cc, text)
            };
            written.map_err(|e| e.to_string())?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let cc = u16::try_from(c).map_err(|e| e.to_string())?;
        let w = u32::try_from((*w).min(60)).unwrap_or(60);
        sheet
            .set_column_width(cc, f64::from(w))
            .map_err(|e| e.to_string())?;
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// A template's rows as CSV for a Swedish spreadsheet: `;`-separated UTF-8 with a byte-order
/// mark (so that Excel reads å, ä and ö).
pub fn template_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xef\xbb\xbf".to_vec());
    for row in rows {
        // Writing to memory fails only when out of memory.
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_a_bom_and_quotes() {
        let rows = read_rows(
            "\u{feff}Rad;Nyckel;Totalt\n\"Nya; i perioden\";nya;38\n".as_bytes(),
            Format::Csv,
        )
        .unwrap();
        assert_eq!(rows[1], ["Nya; i perioden", "nya", "38"]);
    }

    #[test]
    fn csv_not_in_utf8_says_how_to_save_it() {
        let e = read_rows(b"Rad;Nyckel\n\xe5r;x\n", Format::Csv).unwrap_err();
        assert!(e[0].contains("CSV UTF-8"), "{e:?}");
    }

    #[test]
    fn something_that_is_no_workbook_is_refused_in_words() {
        let e = read_rows(b"PK\x03\x04 nothing", Format::Xlsx).unwrap_err();
        assert!(
            e[0].starts_with("Filen går inte att läsa som XLSX"),
            "{e:?}"
        );
    }

    #[test]
    fn whole_numbers_lose_their_decimals_only() {
        assert_eq!(number_text(38.0), "38");
        assert_eq!(number_text(2.5), "2.5");
    }
}
