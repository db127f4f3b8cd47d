//! Tables as an XLSX workbook (rust_xlsxwriter): one sheet per table, the table's title on the
//! first row, the heading row below it, frozen so that headings and row labels stay in view,
//! numbers as numbers with Swedish-looking formats, and columns as wide as their contents.
//!
//! **The one place Finsam's money becomes `f64`**: a spreadsheet cell holds an IEEE double.
//! Whole kronor (what budgets hold) convert exactly up to 2^53 kr; an amount with öre becomes
//! the double nearest to it, and `öre = round(value × 100)` gives the exact öre back for every
//! amount below 2^50 öre, eleven thousand billion kronor (tested both ways, `tests/roundtrip.rs`). Shares are written as their
//! fraction (0.284 shown as 28,4 %).
//!
//! Number formats are written in Excel's own notation (`#,##0`): Excel and LibreOffice show
//! them with the reader's separators, so a Swedish installation shows `3 600 000` and `28,4 %`.
//! Negative amounts show with a true minus sign (`−108 325`); in tkr the format divides by a
//! thousand for display (`#,##0,`) while the cell keeps the exact kronor.

use std::collections::BTreeSet;

use finsam_core::format::Unit;
use finsam_core::fraction::Fraction;
use finsam_core::money::Money;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::sheet::{Cell, Kind, Sheet, Style};

/// The longest name a sheet may have.
const MAX_NAME: usize = 31;

/// An amount as the spreadsheet's number: kronor (see the module's note on exactness).
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
pub fn kronor(m: Money) -> f64 {
    let ore = m.ore();
    if ore % 100 == 0 {
        (ore / 100) as f64
    } else {
        ore as f64 / 100.0
    }
}

/// A share as the spreadsheet's number (0.284).
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
pub fn share(f: Fraction) -> f64 {
    f.num() as f64 / f.den() as f64
}

/// The amount a spreadsheet number of kronor stands for, to the öre; `None` for a number that
/// is no amount (not finite, or beyond what öre in an `i64` can hold).
#[allow(
    clippy::float_arithmetic,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss
)]
pub fn amount_of(kronor: f64) -> Option<Money> {
    let ore = (kronor * 100.0).round();
    (ore.is_finite() && ore.abs() < i64::MAX as f64).then(|| Money::from_ore(ore as i64))
}

struct Formats {
    title: Format,
    heading: Format,
    text: [Format; 4],
    kr: [Format; 4],
    ore: [Format; 4],
    tkr: [Format; 4],
    tkr_exact: [Format; 4],
    percent: [Format; 4],
    integer: [Format; 4],
}

fn styled(base: Format) -> [Format; 4] {
    [
        base.clone(),
        base.clone()
            .set_bold()
            .set_background_color(Color::RGB(0x00F3_F5F8)),
        base.clone().set_bold(),
        base.set_bold().set_border_top(FormatBorder::Medium),
    ]
}

fn index(style: Style) -> usize {
    match style {
        Style::Normal => 0,
        Style::Heading => 1,
        Style::Sum => 2,
        Style::Total => 3,
    }
}

impl Formats {
    fn new() -> Formats {
        let number = |f: &str| styled(Format::new().set_num_format(f));
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            heading: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0x00F3_F5F8))
                .set_border_bottom(FormatBorder::Medium),
            text: styled(Format::new()),
            kr: number("#,##0;\"−\"#,##0;0"),
            ore: number("#,##0.00;\"−\"#,##0.00;0.00"),
            tkr: number("#,##0,;\"−\"#,##0,;0"),
            tkr_exact: number("#,##0.000,;\"−\"#,##0.000,;0"),
            percent: number("0.0%;\"−\"0.0%;0.0%"),
            integer: number("0"),
        }
    }

    fn money(&self, m: Money, unit: Unit, style: Style) -> &Format {
        let set = match unit {
            Unit::Kr if m.ore() % 100 == 0 => &self.kr,
            Unit::Kr => &self.ore,
            Unit::Tkr if m.ore() % 100_000 == 0 => &self.tkr,
            Unit::Tkr => &self.tkr_exact,
        };
        &set[index(style)]
    }
}

/// A name Excel accepts, unique in the workbook: no `[]:*?/\`, at most 31 characters.
fn sheet_name(wanted: &str, taken: &mut BTreeSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Tabell" } else { clean }
        .chars()
        .take(MAX_NAME)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name.to_lowercase()) {
        let suffix = format!(" {n}");
        name = base
            .chars()
            .take(MAX_NAME - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    taken.insert(name.to_lowercase());
    name
}

/// How wide a cell's text shows, in characters.
fn shown_width(cell: &Cell, unit: Unit) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(s) => s.chars().count(),
        Cell::Money(m) => finsam_core::format::exact(*m, unit).chars().count(),
        Cell::Percent(_) => 7,
        Cell::Integer(n) => n.to_string().len(),
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, &sheet.title, &f.title)?;
    for (c, column) in sheet.columns.iter().enumerate() {
        let col =
            u16::try_from(c).map_err(|_| XlsxError::ParameterError("för många kolumner".into()))?;
        ws.write_string_with_format(1, col, &column.heading, &f.heading)?;
        let widest = sheet
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .get(c)
                    .map_or(0, |cell| shown_width(cell, sheet.unit))
            })
            .chain([column.heading.chars().count().min(24)])
            .max()
            .unwrap_or(0);
        let width = u16::try_from(widest.clamp(6, 60)).unwrap_or(60) + 2;
        ws.set_column_width(col, width)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let at = u32::try_from(r + 2)
            .map_err(|_| XlsxError::ParameterError("för många rader".into()))?;
        let s = index(row.style);
        for (c, cell) in row.cells.iter().enumerate() {
            let col = u16::try_from(c)
                .map_err(|_| XlsxError::ParameterError("för många kolumner".into()))?;
            match cell {
                Cell::Empty if row.style == Style::Normal => {}
                Cell::Empty => {
                    ws.write_blank(at, col, &f.text[s])?;
                }
                Cell::Text(t) => {
                    ws.write_string_with_format(at, col, t, &f.text[s])?;
                }
                Cell::Money(m) => {
                    ws.write_number_with_format(
                        at,
                        col,
                        kronor(*m),
                        f.money(*m, sheet.unit, row.style),
                    )?;
                }
                Cell::Percent(p) => {
                    ws.write_number_with_format(at, col, share(*p), &f.percent[s])?;
                }
                Cell::Integer(n) => {
                    // Counts and years: far below 2^53, exact.
                    #[allow(clippy::cast_precision_loss)]
                    let n = *n as f64;
                    ws.write_number_with_format(at, col, n, &f.integer[s])?;
                }
            }
        }
    }
    let first_is_label = sheet.columns.first().is_some_and(|c| c.kind == Kind::Text);
    ws.set_freeze_panes(2, u16::from(first_is_label))?;
    Ok(())
}

/// The workbook of `sheets`, in order, as XLSX bytes. An empty table is its title and heading
/// row. The error is the writer's, in its words (it cannot fail for the tables Finsam makes).
pub fn write(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let mut taken = BTreeSet::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.name, &mut taken))
            .map_err(|e| e.to_string())?;
        write_sheet(ws, sheet, &formats).map_err(|e| e.to_string())?;
    }
    if sheets.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_ones_excel_accepts_and_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(sheet_name("Budget", &mut taken), "Budget");
        assert_eq!(sheet_name("budget", &mut taken), "budget 2");
        assert_eq!(
            sheet_name("Utfall/budget [h1]", &mut taken),
            "Utfall-budget -h1-"
        );
        let long = "Verksamhetsplan och budget 2024 med revidering";
        let a = sheet_name(long, &mut taken);
        let b = sheet_name(long, &mut taken);
        assert_eq!(a.chars().count(), 31);
        assert_eq!(b.chars().count(), 31);
        assert_ne!(a, b);
        assert_eq!(sheet_name("''", &mut taken), "Tabell");
    }

    #[test]
    fn whole_kronor_are_exact_and_ore_come_back() {
        assert!((kronor(Money::from_ore(360_000_000)) - 3_600_000.0).abs() == 0.0);
        for ore in [1, -1, 5, 99, 10_832_550, -10_832_549, 1_125_899_906_842_623] {
            assert_eq!(
                amount_of(kronor(Money::from_ore(ore))),
                Some(Money::from_ore(ore))
            );
        }
        assert_eq!(amount_of(f64::NAN), None);
        assert_eq!(amount_of(1e300), None);
    }
}
