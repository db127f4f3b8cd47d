//! The participant template as a real workbook and CSV file, read back as an upload (issue 14):
//! the round trip, and a workbook's own ways of being wrong (merged cells, a formula saved
//! without its value), each named by its cell.

use finsam_core::participants::form::{read_table, template_rows};
use finsam_core::participants::{Counted, ParticipantReport, ParticipantSettings};
use finsam_report::upload::{Format, read_rows, template_csv, template_xlsx};
use rust_xlsxwriter::{Formula, Workbook};

fn sofint() -> ParticipantReport {
    ParticipantReport {
        total: Counted::split(103, 56, 47, 0),
        new: Counted::split(38, 18, 20, 0),
        finished: Counted::split(35, 19, 16, 0),
        ongoing: Counted::total(65),
        // The seed gives the outcomes' totals; their split by gender is the demo's assumption
        // (the seed says women left early more often than men).
        outcomes: vec![
            ("program".into(), Counted::split(13, 5, 8, 0)),
            ("remittent".into(), Counted::split(22, 14, 8, 0)),
        ],
        ..Default::default()
    }
}

#[test]
fn the_template_round_trips_as_xlsx_and_csv() {
    let s = ParticipantSettings::default();
    let rows = template_rows(&sofint(), &s);
    let xlsx = template_xlsx(&rows, "Coachingteamet 2024-01-01–2024-06-30").expect("written");
    let back = read_rows(&xlsx, Format::Xlsx).expect("read");
    assert_eq!(read_table(&back, &s, ""), Ok(sofint()));
    let csv = template_csv(&rows);
    let back = read_rows(&csv, Format::Csv).expect("read");
    assert_eq!(read_table(&back, &s, ""), Ok(sofint()));
    // An empty template reads as an empty report.
    let empty = template_rows(&ParticipantReport::default(), &s);
    let back = read_rows(
        &template_xlsx(&empty, "Mall").expect("written"),
        Format::Xlsx,
    )
    .expect("read");
    assert_eq!(read_table(&back, &s, ""), Ok(ParticipantReport::default()));
}

fn workbook(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(["Rad", "Nyckel", "Totalt", "Kvinnor", "Män", "Annat"]) {
        sheet.write_string(0, c, h).expect("written");
    }
    sheet.write_string(1, 1, "totalt").expect("written");
    sheet.write_number(1, 2, 10.0).expect("written");
    build(sheet);
    book.save_to_buffer().expect("saved")
}

#[test]
fn merged_cells_are_named() {
    let bytes = workbook(|sheet| {
        sheet
            .merge_range(2, 3, 2, 4, "5", &rust_xlsxwriter::Format::new())
            .expect("merged");
    });
    let e = read_rows(&bytes, Format::Xlsx).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("Cellerna D3:E3 är sammanfogade"), "{e:?}");
}

#[test]
fn a_formula_is_read_by_its_saved_value_and_one_without_is_named() {
    let with = workbook(|sheet| {
        sheet.write_string(2, 1, "nya").expect("written");
        sheet
            .write_formula(2, 2, Formula::new("=2+2").set_result("4"))
            .expect("written");
    });
    let rows = read_rows(&with, Format::Xlsx).expect("read");
    assert_eq!(rows[2][2], "4");
    let without = workbook(|sheet| {
        sheet.set_formula_result_default("");
        sheet.write_string(2, 1, "nya").expect("written");
        sheet.write_formula(2, 2, "=C2-3").expect("written");
    });
    let e = read_rows(&without, Format::Xlsx).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("Cell C3 har formeln =C2-3 men inget sparat värde"),
        "{e:?}"
    );
}

/// The example upload (examples/deltagare, the demo's and the fuzzer's seed) is the template
/// with SOFINT's figures as printed; written again with FINSAM_UPDATE_EXPECTED=1.
#[test]
fn the_example_upload_is_sofints_report_as_printed() {
    let s = ParticipantSettings::default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/deltagare");
    let rows = template_rows(&sofint(), &s);
    let csv_path = dir.join("coachingteamet-2024-h1.csv");
    let xlsx_path = dir.join("coachingteamet-2024-h1.xlsx");
    if std::env::var_os("FINSAM_UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::write(&csv_path, template_csv(&rows)).expect("written");
        std::fs::write(
            &xlsx_path,
            template_xlsx(&rows, "Coachingteamet 2024 H1").expect("made"),
        )
        .expect("written");
    }
    for (path, format) in [(csv_path, Format::Csv), (xlsx_path, Format::Xlsx)] {
        let bytes = std::fs::read(&path).expect("the example exists");
        let back = read_rows(&bytes, format).expect("read");
        assert_eq!(
            read_table(&back, &s, ""),
            Ok(sofint()),
            "{}",
            path.display()
        );
    }
}
