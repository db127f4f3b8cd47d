//! Every export re-read gives the table back: an XLSX workbook through calamine (numbers as
//! numbers, exact to the öre), a CSV file through the csv crate. SOFINT's budget, key figures,
//! contributions and findings, Norrbygden's in tkr, and random amounts with öre.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use finsam_core::format::Unit;
use finsam_core::fraction::Fraction;
use finsam_core::report::{budget_table, key_figures};
use finsam_core::{Money, check, compute, plan_file};
use finsam_report::sheet::Kind;
use finsam_report::{Cell, Column, Sheet, Style, csv, tables, xlsx};
use proptest::prelude::*;

fn plan(name: &str) -> finsam_core::Plan {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the example plan");
    plan_file::read(&text).expect("reads").plan
}

fn sheets_of(plan: &finsam_core::Plan, unit: Unit) -> Vec<Sheet> {
    let fig = compute(plan).expect("computes");
    let table = budget_table(plan, &fig);
    vec![
        tables::budget(&table, unit),
        tables::key_figures(&key_figures(plan, &fig, unit), unit),
        tables::contributions(&table, unit),
        tables::findings(&check(plan, &fig)),
    ]
}

/// A workbook read back: per sheet its name and its cells by (row, column).
fn read_xlsx(bytes: Vec<u8>) -> Vec<(String, calamine::Range<Data>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens the workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("reads the sheet");
            (name, range)
        })
        .collect()
}

fn value(range: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    let (r, c) = (
        u32::try_from(row).expect("row"),
        u32::try_from(col).expect("col"),
    );
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn assert_same_cell(cell: &Cell, data: &Data, kind: Kind, at: &str) {
    match (cell, data) {
        (Cell::Empty, Data::Empty) => {}
        (Cell::Text(t), Data::String(s)) => assert_eq!(t, s, "{at}"),
        (Cell::Money(m), Data::Float(x)) => {
            assert_eq!(kind, Kind::Money, "{at}");
            assert_eq!(xlsx::amount_of(*x), Some(*m), "{at}: {x}");
        }
        (Cell::Percent(f), Data::Float(x)) => {
            #[allow(clippy::float_arithmetic, clippy::cast_possible_truncation)]
            let bp = (x * 10_000.0).round() as i64;
            assert_eq!(bp, f.basis_points(), "{at}");
        }
        (Cell::Integer(n), Data::Float(x)) => {
            // A whole number is written as a float and must come back as the same whole number.
            #[allow(clippy::cast_possible_truncation)]
            let back = x.round() as i64;
            assert_eq!(back, *n, "{at}: {x}");
            assert_eq!(x.fract().abs().to_bits(), 0, "{at}: {x}");
        }
        (Cell::Integer(n), Data::Int(x)) => assert_eq!(n, x, "{at}"),
        other => panic!("{at}: {other:?}"),
    }
}

fn assert_workbook_is(sheets: &[Sheet], bytes: Vec<u8>) {
    let read = read_xlsx(bytes);
    assert_eq!(read.len(), sheets.len(), "one sheet per table");
    for (sheet, (name, range)) in sheets.iter().zip(&read) {
        assert_eq!(name, &sheet.name);
        assert_eq!(value(range, 0, 0), Data::String(sheet.title.clone()));
        for (c, column) in sheet.columns.iter().enumerate() {
            assert_eq!(
                value(range, 1, c),
                Data::String(column.heading.clone()),
                "{name} heading {c}"
            );
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let at = format!("{name} row {r} column {c}");
                assert_same_cell(cell, &value(range, r + 2, c), sheet.columns[c].kind, &at);
            }
        }
        assert_eq!(
            value(range, sheet.rows.len() + 2, 0),
            Data::Empty,
            "{name}: nothing below the table"
        );
    }
}

/// The öre a CSV machine number stands for, read digit by digit (no float, no Finsam parser:
/// the file is checked against its own description).
fn ore_of(field: &str, unit: Unit) -> i64 {
    let (negative, digits) = field
        .strip_prefix('-')
        .map_or((false, field), |d| (true, d));
    let (whole, decimals) = digits.split_once('.').unwrap_or((digits, ""));
    let places = match unit {
        Unit::Kr => 2,
        Unit::Tkr => 5,
    };
    assert!(
        decimals.len() <= places,
        "{field}: at most {places} decimals"
    );
    let scaled = format!("{whole}{decimals:0<places$}");
    let magnitude: i128 = scaled.parse().expect("digits");
    let ore = if negative { -magnitude } else { magnitude };
    i64::try_from(ore).expect("fits")
}

fn assert_csv_is(sheet: &Sheet, bytes: &[u8]) {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let headings: Vec<String> = reader
        .headers()
        .expect("a heading row")
        .iter()
        .map(str::to_owned)
        .collect();
    let wanted: Vec<String> = sheet.columns.iter().map(|c| c.heading.clone()).collect();
    assert_eq!(headings, wanted);
    let records: Vec<::csv::StringRecord> =
        reader.records().map(|r| r.expect("a record")).collect();
    assert_eq!(records.len(), sheet.rows.len());
    for (row, rec) in sheet.rows.iter().zip(&records) {
        for (cell, field) in row.cells.iter().zip(rec.iter()) {
            match cell {
                Cell::Money(m) => assert_eq!(ore_of(field, sheet.unit), m.ore(), "{field}"),
                Cell::Empty => assert_eq!(field, ""),
                Cell::Text(t) => assert_eq!(field, t),
                Cell::Integer(n) => assert_eq!(field, n.to_string()),
                Cell::Percent(f) => assert_eq!(field, csv::machine_percent(*f)),
            }
        }
    }
}

#[test]
fn sofints_budget_exports_read_back_as_the_tables() {
    let sheets = sheets_of(&plan("sofint-2024.toml"), Unit::Kr);
    // The oracle figures are there, as numbers: member contributions 3 600 000 in 2024, the
    // result −109 825 (the seed's budget).
    let budget = &sheets[0];
    let row = |label: &str| {
        budget
            .rows
            .iter()
            .find(|r| r.cells[0] == Cell::text(label))
            .unwrap_or_else(|| panic!("a row {label}"))
    };
    assert_eq!(
        row("Summa intäkter").cells[4],
        Cell::Money(Money::from_ore(360_000_000))
    );
    assert_eq!(
        row("Resultat").cells[4],
        Cell::Money(Money::from_ore(-10_982_500))
    );
    assert_workbook_is(&sheets, xlsx::write(&sheets).expect("writes"));
    for sheet in &sheets {
        assert_csv_is(sheet, &csv::write(sheet));
    }
}

#[test]
fn a_plan_in_tkr_exports_exact_kronor_shown_in_thousands() {
    let sheets = sheets_of(&plan("norrby-2025.toml"), Unit::Tkr);
    assert!(
        sheets[0]
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| matches!(c, Cell::Money(_))))
    );
    assert_workbook_is(&sheets, xlsx::write(&sheets).expect("writes"));
    for sheet in &sheets {
        assert_csv_is(sheet, &csv::write(sheet));
    }
}

#[test]
fn an_empty_table_is_its_heading_row() {
    let sheet = Sheet::new(
        "Tom",
        "En tom tabell",
        vec![Column::text("Rad"), Column::money("2024")],
    );
    assert_workbook_is(
        std::slice::from_ref(&sheet),
        xlsx::write(std::slice::from_ref(&sheet)).expect("writes"),
    );
    assert_eq!(csv::write(&sheet), b"Rad,2024\n");
}

proptest! {
    #[test]
    fn any_amount_and_share_comes_back_exactly(
        ore in prop::collection::vec(-(1_i64 << 50)..(1_i64 << 50), 1..40),
        num in 0_i128..100_000,
    ) {
        let mut sheet = Sheet::new("Belopp", "Slumpade belopp", vec![
            Column::text("Rad"), Column::money("kr"), Column::percent("andel"),
        ]);
        for (i, o) in ore.iter().enumerate() {
            let share = Fraction::new(num, 10_000).expect("a share");
            sheet.push(Style::Normal, vec![
                Cell::text(format!("rad {i}")),
                Cell::Money(Money::from_ore(*o)),
                Cell::Percent(share),
            ]);
        }
        let tkr = Sheet { unit: Unit::Tkr, ..sheet.clone() };
        assert_workbook_is(std::slice::from_ref(&sheet), xlsx::write(std::slice::from_ref(&sheet)).expect("writes"));
        assert_csv_is(&sheet, &csv::write(&sheet));
        assert_csv_is(&tkr, &csv::write(&tkr));
    }
}
