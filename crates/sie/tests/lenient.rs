//! Fields the SIE specification lets a program leave empty, or that only inform (they change no
//! amount), are warnings, not a refusal of the whole file: each file in tests/lenient/ (written
//! from the specification) reads, its amounts are all there, and it gives its warning on its
//! line. Fields that carry amounts, accounts or dates of the books still refuse.

use std::path::PathBuf;

use finsam_sie::{read, reconcile};

/// Each lenient case: the file, the line of the warning, and what the warning says.
const CASES: [(&str, u32, &str); 17] = [
    (
        "sru-utan-kod.se",
        12,
        "#SRU för konto 2010 saknar SRU-kod; posten hoppas över",
    ),
    (
        "sru-utan-konto.se",
        11,
        "#SRU saknar fält 1 (kontonummer); posten hoppas över",
    ),
    (
        "program-utan-namn.se",
        2,
        "#PROGRAM saknar programnamn; posten hoppas över",
    ),
    (
        "format-utan-varde.se",
        3,
        "#FORMAT saknar värde; filen läses som PC8",
    ),
    (
        "gen-utan-datum.se",
        4,
        "#GEN: #GEN saknar fält 1 (datum); posten hoppas över",
    ),
    (
        "fnamn-tomt.se",
        6,
        "#FNAMN saknar företagsnamn; posten hoppas över",
    ),
    (
        "omfattn-fel-datum.se",
        8,
        "#OMFATTN: \"2024\" är inget giltigt datum",
    ),
    (
        "taxar-tomt.se",
        8,
        "#TAXAR saknar fält 1 (taxeringsår); posten hoppas över",
    ),
    (
        "valuta-tom.se",
        8,
        "#VALUTA saknar valutakod; posten hoppas över",
    ),
    (
        "kptyp-tom.se",
        8,
        "#KPTYP saknar kontoplanstyp; posten hoppas över",
    ),
    (
        "ktyp-okand.se",
        12,
        "kontotypen \"X\" för konto 1930 finns inte (den är T, S, K eller I); posten hoppas över",
    ),
    ("ktyp-utan-typ.se", 12, "#KTYP utan kontotyp hoppas över"),
    (
        "enhet-utan-konto.se",
        12,
        "#ENHET saknar fält 1 (kontonummer); posten hoppas över",
    ),
    (
        "dim-utan-nummer.se",
        12,
        "fält 1 (dimensionsnumret) i #DIM ska vara ett heltal, inte \"\"; posten hoppas över",
    ),
    (
        "underdim-utan-overordnad.se",
        13,
        "#UNDERDIM saknar fält 3 (den överordnade dimensionen); dimension 21 läses som en egen dimension",
    ),
    (
        "objekt-utan-kod.se",
        13,
        "#OBJEKT i dimension 1 saknar objektkod; posten hoppas över",
    ),
    (
        "rar-utan-datum.se",
        8,
        "#RAR utan start- och slutdatum hoppas över",
    ),
];

fn file(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/lenient")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_lenient_case_reads_with_its_warning_and_all_its_amounts() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lenient");
    let on_disk = std::fs::read_dir(&dir)
        .expect("the folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "se"))
        })
        .count();
    assert_eq!(on_disk, CASES.len(), "every file has its case");
    for (name, line, says) in CASES {
        let f = read(&file(name)).unwrap_or_else(|e| panic!("{name} is refused: {e}"));
        assert!(
            f.warnings
                .iter()
                .any(|w| w.line == line && w.message.starts_with(says)),
            "{name}: {:#?}",
            f.warnings
        );
        // Nothing of the books is lost: the balances and the voucher are all read, and agree.
        assert_eq!(f.opening.len(), 2, "{name}");
        assert_eq!(f.vouchers.len(), 1, "{name}");
        assert!(
            reconcile(&f, 0).is_empty(),
            "{name}: {:?}",
            reconcile(&f, 0)
        );
    }
}

#[test]
fn fields_that_carry_the_books_still_refuse_the_file() {
    let base = String::from_utf8(file("sru-utan-kod.se")).expect("ascii");
    for (from, to, says) in [
        (
            "#IB 0 1930 1000.00",
            "#IB 0 1930",
            "#IB saknar fält 3 (belopp)",
        ),
        ("#UB 0 1930 1500.00", "#UB 0 1930 15,00", "\"15,00\""),
        (
            "#VER A 1 20240115",
            "#VER A 1 2024",
            "\"2024\" är inget giltigt datum",
        ),
        ("#TRANS 1930 {} 500.00", "#TRANS {} 500.00", ""),
        ("#SIETYP 4", "#SIETYP 7", "#SIETYP 7 finns inte"),
        (
            "#RAR 0 20240101 20241231",
            "#RAR 0 20241231 20240101",
            "slutar före det börjar",
        ),
    ] {
        assert!(base.contains(from), "{from}");
        let bad = base.replacen(from, to, 1);
        let err = read(bad.as_bytes()).expect_err(to);
        let all: Vec<String> = err.errors.iter().map(ToString::to_string).collect();
        assert!(all.iter().any(|e| e.contains(says)), "{to}: {all:?}");
    }
}
