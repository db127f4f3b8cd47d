//! Every file of the corpus (real exports from many bookkeeping programs, collected by the
//! MIT-licensed jsisie project; see corpus/README.md) is read, and its balances agree with its
//! movements; the four HTML pages saved under SIE names are refused as not SIE.

use std::path::PathBuf;

use finsam_sie::{Encoding, read, reconcile};

/// Files whose balances and vouchers disagree as written by their programs: the reader reports
/// the differences (and the test insists it keeps doing so) rather than hiding them.
/// Sie4.se: one voucher of 60 000 kr (accounts 2440, 2640, 4010) is not in the file.
/// Sie4.si: an import file with a selection of the year's vouchers next to full-year #UB.
const KNOWN_UNBALANCED: [&str; 2] = ["Sie4.se", "Sie4.si"];

const IMPOSTORS: [&str; 4] = ["BokSald.SE", "ObjSald.SE", "PerSald.SE", "TRANSAK.SE"];

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_genuine_file_is_read_and_its_balances_agree() {
    let files = corpus();
    assert_eq!(files.len(), 41, "the corpus has 41 files");
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, bytes) in files
        .iter()
        .filter(|(n, _)| !IMPOSTORS.contains(&n.as_str()))
    {
        let file = match read(bytes) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        assert!(
            !file.accounts.is_empty() || !file.vouchers.is_empty(),
            "{name}: neither accounts nor vouchers"
        );
        for year in [0, -1] {
            let mismatches = reconcile(&file, year);
            if KNOWN_UNBALANCED.contains(&name.as_str()) {
                if year == 0 && mismatches.is_empty() {
                    failures.push(format!("{name}: the known differences were not found"));
                }
                continue;
            }
            if !mismatches.is_empty() {
                failures.push(format!(
                    "{name}, year {year}: {}",
                    mismatches
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
        if !reconcile_has_nothing_to_check(&file) {
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked >= 15,
        "only {checked} files had balances and movements to check"
    );
}

fn reconcile_has_nothing_to_check(file: &finsam_sie::SieFile) -> bool {
    let (_, source) = finsam_sie::totals(file, 0);
    source == finsam_sie::Source::None || (file.closing.is_empty() && file.results.is_empty())
}

#[test]
fn the_html_pages_are_refused_as_not_sie() {
    for (name, bytes) in corpus()
        .iter()
        .filter(|(n, _)| IMPOSTORS.contains(&n.as_str()))
    {
        let err = read(bytes).expect_err(name);
        assert_eq!(err.errors.len(), 1, "{name}");
        let msg = err.errors[0].to_string();
        assert!(msg.contains("inte en SIE-fil"), "{name}: {msg}");
        assert!(msg.contains("HTML"), "{name}: {msg}");
    }
}

#[test]
fn the_checksum_of_sie1_is_verified() {
    let bytes =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/Sie1.se"))
            .unwrap();
    let file = read(&bytes).unwrap();
    assert_eq!(file.checksum, Some(909_685_525));
    assert_eq!(file.company_name.as_deref(), Some("Övningsbolaget AB"));
}

#[test]
fn the_utf8_file_is_read_as_utf8() {
    let bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/SIE4_Exempelfil_med_underdim.SE"),
    )
    .unwrap();
    let file = read(&bytes).unwrap();
    assert_eq!(file.encoding, Encoding::Utf8);
    assert!(
        file.dimensions.values().any(|d| d.parent.is_some()),
        "#UNDERDIM is kept"
    );
}
