//! A table as CSV: comma-separated, UTF-8, a heading row, then one record per row. Numbers are
//! plain machine numbers (a decimal point, no thousands separator, `-` for negatives) so that
//! scripts and any spreadsheet's import read them exactly; people who open files in Excel get
//! the XLSX, which has Swedish number formats. The same convention as `finsam budget --format
//! csv` (the CLI writes its CSV with this module).

use finsam_core::format::Unit;
use finsam_core::fraction::Fraction;
use finsam_core::money::Money;

use crate::sheet::{Cell, Sheet};

/// An amount as a machine number in `unit`: kronor with öre as two decimals when it has any;
/// thousands of kronor with up to three decimals (exact, trailing zeros left out).
pub fn machine(m: Money, unit: Unit) -> String {
    let ore = m.ore();
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    match unit {
        Unit::Kr if abs.is_multiple_of(100) => format!("{sign}{}", abs / 100),
        Unit::Kr => format!("{sign}{}.{:02}", abs / 100, abs % 100),
        Unit::Tkr => {
            // 1 tkr = 100 000 öre; the decimals are the kronor and öre below it.
            let (whole, rest) = (abs / 100_000, abs % 100_000);
            let decimals = format!("{rest:05}");
            let decimals = decimals.trim_end_matches('0');
            if decimals.is_empty() {
                format!("{sign}{whole}")
            } else {
                format!("{sign}{whole}.{decimals}")
            }
        }
    }
}

/// A share as a machine percentage with two decimals: `28.40` for 28,4 %, rounded half away
/// from zero.
pub fn machine_percent(f: Fraction) -> String {
    let h = f.basis_points();
    let sign = if h < 0 { "-" } else { "" };
    let abs = h.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn text(cell: &Cell, unit: Unit) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Money(m) => machine(*m, unit),
        Cell::Percent(f) => machine_percent(*f),
        Cell::Integer(n) => n.to_string(),
    }
}

/// The table as CSV bytes. An empty table is its heading row.
pub fn write(sheet: &Sheet) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a record of the wrong length cannot occur (every row has
    // one cell per column, `Sheet::push`).
    let _ = w.write_record(sheet.columns.iter().map(|c| c.heading.as_str()));
    for row in &sheet.rows {
        let _ = w.write_record(row.cells.iter().map(|c| text(c, sheet.unit)));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{Column, Style};

    #[test]
    fn amounts_are_exact_machine_numbers() {
        let m = Money::from_ore;
        assert_eq!(machine(m(360_000_000), Unit::Kr), "3600000");
        assert_eq!(machine(m(-10_832_550), Unit::Kr), "-108325.50");
        assert_eq!(machine(m(-5), Unit::Kr), "-0.05");
        assert_eq!(machine(m(360_000_000), Unit::Tkr), "3600");
        assert_eq!(machine(m(-10_832_500), Unit::Tkr), "-108.325");
        assert_eq!(machine(m(1), Unit::Tkr), "0.00001");
        assert_eq!(
            machine(Money::from_ore(i64::MIN), Unit::Kr),
            "-92233720368547758.08"
        );
    }

    #[test]
    fn an_empty_table_is_its_heading_row() {
        let sheet = Sheet::new(
            "Tom",
            "Ingenting",
            vec![Column::text("Rad"), Column::money("2024")],
        );
        assert_eq!(
            String::from_utf8(write(&sheet)).expect("utf-8"),
            "Rad,2024\n"
        );
        let mut sheet = sheet;
        sheet.push(
            Style::Normal,
            vec![
                Cell::text("Hyra, lokal"),
                Cell::Money(Money::from_ore(-100)),
            ],
        );
        assert_eq!(
            String::from_utf8(write(&sheet)).expect("utf-8"),
            "Rad,2024\n\"Hyra, lokal\",-1\n"
        );
    }
}
