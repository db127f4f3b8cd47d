//! Any file given as a participant upload, read as CSV and as XLSX, is read or refused with
//! messages, never a panic; a report that was read is written to the template and read back to
//! the same report.
#![no_main]

use finsam_core::participants::ParticipantSettings;
use finsam_core::participants::form::{read_table, template_rows};
use finsam_report::upload::{Format, read_rows, template_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let settings = ParticipantSettings::default();
    for format in [Format::Csv, Format::Xlsx] {
        match read_rows(data, format) {
            Ok(rows) => match read_table(&rows, &settings, "") {
                Ok(report) => {
                    let again = read_rows(&template_csv(&template_rows(&report, &settings)), Format::Csv)
                        .expect("the template reads");
                    assert_eq!(read_table(&again, &settings, "").expect("reads back"), report);
                }
                Err(messages) => assert!(!messages.is_empty()),
            },
            Err(messages) => assert!(!messages.is_empty()),
        }
    }
});
