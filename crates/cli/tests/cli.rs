//! The `finsam` command as a user runs it: each case is a command line, its exit code and its
//! expected output, kept as plain files in tests/expected/ so that anyone can read them.
//! Set `FINSAM_UPDATE_EXPECTED=1` to rewrite the files after a deliberate change, and read the
//! diff before committing it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finsam(args: &[&str]) -> Run {
    let out = Command::cargo_bin("finsam")
        .expect("the finsam binary")
        .current_dir(root())
        .args(args)
        .output()
        .expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Compares `actual` with tests/expected/NAME, or writes it there when updating.
fn expect_file(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os("FINSAM_UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, actual).expect("writes expected output");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with FINSAM_UPDATE_EXPECTED=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

#[test]
fn check_is_silent_on_a_clean_plan() {
    let r = finsam(&["check", "tests/fixtures/clean.toml"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn check_reports_findings_with_their_places_and_exits_1() {
    let r = finsam(&["check", "examples/sofint-2024.toml"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "");
    expect_file("check-sofint.txt", &r.stdout);

    let r = finsam(&["check", "examples/alvdalen-2025.toml"]);
    assert_eq!(r.code, 1);
    expect_file("check-alvdalen.txt", &r.stdout);
    assert!(r.stdout.contains("examples/alvdalen-2025.toml:"));
    assert!(
        r.stdout
            .ends_with("examples/alvdalen-2025.toml: 5 fel och 9 varningar, med 2 följder listade under sina orsaker.\n")
    );
}

#[test]
fn check_exits_2_with_a_located_swedish_error_for_bad_files() {
    for (file, expected) in [
        ("bad-syntax.toml", "error-syntax.txt"),
        ("bad-kind.toml", "error-kind.txt"),
        ("bad-amounts.toml", "error-amounts.txt"),
        ("bad-unknown-key.toml", "error-unknown-key.txt"),
        ("bad-type.toml", "error-type.txt"),
        ("overflow.toml", "error-overflow.txt"),
        ("empty.toml", "error-empty.txt"),
        ("garbage.toml", "error-garbage.txt"),
        ("bad-fidelity.toml", "error-fidelity.txt"),
    ] {
        let r = finsam(&["check", &format!("tests/fixtures/{file}")]);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{file}");
        expect_file(expected, &r.stderr);
    }
}

#[test]
fn errors_name_file_line_and_column_and_show_a_caret() {
    let r = finsam(&["check", "tests/fixtures/bad-kind.toml"]);
    assert!(
        r.stderr.starts_with("fel: okänd medlemstyp \"landsting\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> tests/fixtures/bad-kind.toml:21:8"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("kind = \"landsting\"\n   |        ^^^^^^^^^^^"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_files_and_folders() {
    let r = finsam(&["check", "finns-inte.toml"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "fel: filen finns-inte.toml finns inte\n")
    );
    let r = finsam(&["check", "examples"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "fel: examples är en mapp, inte en planfil\n")
    );
}

#[test]
fn budget_is_laid_out_like_the_document() {
    let r = finsam(&["budget", "examples/sofint-2024.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file("budget-sofint.txt", &r.stdout);
    for row in [
        "Summa insatser                                               −2 656 000   −2 522 575   −2 500 575",
        "Rörelseresultat                                                −108 325        1 500        1 500",
        "Resultat                                                       −109 825            0            0",
        "Eget kapital UB                                                 340 175      340 175      340 175",
        "Administrationsandel (mål högst 29 %)                            28,4 %       29,9 %       30,5 %",
    ] {
        assert!(r.stdout.contains(row), "missing {row:?} in\n{}", r.stdout);
    }
}

#[test]
fn budget_in_tkr_marks_sums_that_differ_from_their_rounded_lines() {
    let r = finsam(&["budget", "examples/alvdalen-2025.toml", "--unit", "tkr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file("budget-alvdalen-tkr.txt", &r.stdout);
    assert!(r.stdout.contains("Belopp i tkr"));
    assert!(r.stdout.contains(
        "Summa kansli                                                   −514     −527*    −541"
    ));
    assert!(r.stdout.contains("* Summan är avrundad till tkr för sig"));
    // SOFINT 2025: 1 500 kr is 2 tkr, but the rounded rows give 3 600 − 3 599 = 1 tkr.
    let r = finsam(&["budget", "examples/sofint-2024.toml", "--unit", "tkr"]);
    let marked: Vec<&str> = r.stdout.lines().filter(|l| l.contains('*')).collect();
    assert_eq!(
        marked,
        [
            "Rörelseresultat                                                −108        2*       2*",
            "Resultat                                                       −110        0*       0*",
            "* Summan är avrundad till tkr för sig och skiljer sig från summan av de avrundade raderna.",
        ]
    );
}

#[test]
fn budget_as_csv_and_json() {
    let r = finsam(&["budget", "examples/sofint-2024.toml", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file("budget-sofint.csv", &r.stdout);
    assert!(
        r.stdout
            .contains("summa,Insatser,Summa insatser,,-2656000,-2522575,-2500575\n")
    );

    let r = finsam(&["budget", "examples/sofint-2024.toml", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    expect_file("budget-sofint.json", &r.stdout);
    assert_eq!(v["enhet"], "öre");
    assert_eq!(v["nyckeltal"][0]["resultat"], -10_982_500);
    assert_eq!(v["nyckeltal"][0]["eget_kapital_ub"], 34_017_500);
    assert_eq!(v["nyckeltal"][0]["administrationsandel"], "28,4 %");

    let r = finsam(&[
        "budget",
        "examples/sofint-2024.toml",
        "--format",
        "json",
        "--unit",
        "tkr",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("JSON anger alltid exakta belopp i öre"));
}

#[test]
fn goals_with_thresholds_and_assessments() {
    let r = finsam(&["goals", "examples/alvdalen-2025.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file("goals-alvdalen.txt", &r.stdout);
    assert!(
        r.stdout
            .contains("      Värde: 80 %\n      Bedömning: delvis uppfyllt (beräknad ur värdet)\n")
    );
    assert!(r.stdout.contains("      Bedömning: kan inte bedömas\n"));

    let r = finsam(&["goals", "examples/sofint-2024.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file("goals-sofint.txt", &r.stdout);

    let r = finsam(&["goals", "examples/sofint-2024.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    expect_file("goals-sofint.json", &r.stdout);
    assert_eq!(v[0]["omrade"], "Insats");
    assert_eq!(v[0]["troskelvarden"], "uppfyllt > 90 %, delvis >= 75 %");
}

#[test]
fn usage_errors_and_help_are_swedish() {
    let r = finsam(&["kontrollera"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "fel: okänt kommando: 'kontrollera'. Skriv finsam --help för hjälp.\n"
    );
    let r = finsam(&["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("fel: ett argument saknas"),
        "{}",
        r.stderr
    );
    let r = finsam(&["budget", "examples/sofint-2024.toml", "--unit", "mkr"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("fel: ett otillåtet värde: 'mkr'"),
        "{}",
        r.stderr
    );
    let r = finsam(&["--help"]);
    assert_eq!(r.code, 0);
    expect_file("help.txt", &r.stdout);
    assert!(r.stdout.contains("Kommandon:"));
}

const DEMO_SIE: &str = "examples/sofint-2024-06.se";

#[test]
fn sie_check_is_silent_on_a_clean_file() {
    let r = finsam(&["sie", "check", DEMO_SIE]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn sie_check_refuses_a_web_page_with_exit_2() {
    let r = finsam(&["sie", "check", "crates/sie/tests/corpus/BokSald.SE"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("rad 1: filen är inte en SIE-fil utan en webbsida (HTML)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("ingenting har ändrats"), "{}", r.stderr);
}

#[test]
fn sie_check_reports_warnings_with_exit_1() {
    let r = finsam(&["sie", "check", "crates/sie/tests/corpus/Sie4.se"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("rad 1041: ett citattecken avslutas inte"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("räkenskapsår 0: konto 2440"),
        "{}",
        r.stdout
    );
}

#[test]
fn sie_summary_shows_company_years_accounts_and_results() {
    let r = finsam(&["sie", "summary", DEMO_SIE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file("sie-summary-sofint.txt", &r.stdout);
    let j = finsam(&["sie", "summary", DEMO_SIE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("JSON");
    assert_eq!(v["organisationsnummer"], "222000-1818");
    let bank = v["konton"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["konto"] == "1930")
        .unwrap();
    assert_eq!(bank["utgaende_balans"], 256_348_200);
    assert_eq!(v["resultat_per_period"].as_array().unwrap().len(), 6);
}

#[test]
fn sie_followup_gives_the_interim_report() {
    let r = finsam(&[
        "sie",
        "uppfoljning",
        DEMO_SIE,
        "--plan",
        "examples/sofint-2024.toml",
        "--kontokoppling",
        "examples/sofint-kontokoppling.txt",
        "--period",
        "h1",
    ]);
    // One finding, so exit 1: the plan opened 2024 at the autumn's forecast, not the books'.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Planens ingående eget kapital för 2024 är 450 000 kr")
    );
    expect_file("sie-uppfoljning-sofint-h1.txt", &r.stdout);
    let j = finsam(&[
        "sie",
        "uppfoljning",
        DEMO_SIE,
        "--plan",
        "examples/sofint-2024.toml",
        "--kontokoppling",
        "examples/sofint-kontokoppling.txt",
        "--period",
        "h1",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("JSON");
    expect_file("sie-uppfoljning-sofint-h1.json", &j.stdout);
    let costs = v["prognostabell"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["nyckel"] == "kostnader")
        .unwrap();
    assert_eq!(
        (
            costs["utfall"].as_i64(),
            costs["budget"].as_i64(),
            costs["avvikelse"].as_i64()
        ),
        (Some(180_300_500), Some(181_182_800), Some(882_300))
    );
    assert_eq!(v["administrationsandel_hundradels_procent"], 2431);
}

#[test]
fn sie_followup_refuses_a_bad_period_and_bad_rules() {
    let r = finsam(&["sie", "uppfoljning", DEMO_SIE, "--period", "q5"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\"q5\" är ingen period"), "{}", r.stderr);
    let r = finsam(&[
        "sie",
        "uppfoljning",
        DEMO_SIE,
        "--kontokoppling",
        "tests/fixtures/clean.toml",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("rad "), "{}", r.stderr);
}

/// 140 000 bad years: the first hundred errors and a count, each shown as the words around it
/// on the megabyte-long line (rendering the whole line a hundred times took more than a minute).
#[test]
fn a_plan_with_thousands_of_errors_gets_a_short_report() {
    let dir = tempfile::tempdir().expect("a folder");
    let good = std::fs::read_to_string(root().join("examples/sofint-2024.toml")).expect("reads");
    let years: Vec<String> = (1..=140_000).map(|y| y.to_string()).collect();
    let text = good.replacen(
        "years = [2024, 2025, 2026]",
        &format!("years = [2024, 2025, 2026, {}]", years.join(", ")),
        1,
    );
    let path = dir.path().join("manga-fel.toml");
    std::fs::write(&path, text).expect("writes");
    let r = finsam(&["check", path.to_str().expect("a path")]);
    assert_eq!(r.code, 2);
    let report = r.stderr;
    assert!(report.len() < 100_000, "{} bytes", report.len());
    assert!(report.contains("(101 fel)"), "{report}");
    assert!(report.contains("och 138800 fel till"));
    assert!(
        report.contains(":58:415\n"),
        "the column on the long line: {report}"
    );
}

/// Every command whose output cannot be written (`> /dev/full`) says so in Swedish on standard
/// error and exits 3, never a panic, never a silent 0; what the command did is still done.
#[test]
fn a_full_disk_on_standard_output_is_reported_and_never_a_panic() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    let full = || std::fs::File::create("/dev/full").expect("/dev/full");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("finsam"))
            .current_dir(root())
            .args(args)
            .stdout(full())
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let plan = "examples/sofint-2024.toml";
    let sie_import = [
        "sie",
        "import",
        DEMO_SIE,
        "--forbund",
        "222000-1818",
        "--db",
        &db,
    ];
    // (`sie check` of a clean file writes nothing, so it has nothing to lose.)
    let cases: [&[&str]; 9] = [
        &["--help"],
        &["check", plan],
        &["budget", plan],
        &["goals", plan],
        &["sie", "summary", DEMO_SIE],
        &[
            "sie",
            "uppfoljning",
            DEMO_SIE,
            "--plan",
            plan,
            "--period",
            "h1",
        ],
        &["import", plan, "--db", &db],
        &sie_import,
        &["association", "add", "Kopia", "222000-1826", "--db", &db],
    ];
    for args in cases {
        let (code, err) = run(args);
        assert_eq!(code, Some(3), "{args:?}: {err}");
        assert!(
            err.contains("fel: utskriften kunde inte skrivas (disken är full)"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // The import was made even though its message was lost: a second one finds it.
    let again = finsam(&sie_import);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("redan"), "{}", again.stdout);
}

/// `sie check` and `sie import` agree on every file of the corpus: check refuses (exit 2)
/// exactly the files the import cannot use (no #RAR 0, or not SIE), and a file of type 1–3
/// that carries vouchers gets the same warning in both.
#[test]
fn sie_check_and_import_agree_on_every_file_of_the_corpus() {
    let corpus = root().join("crates/sie/tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the corpus")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    let mut refused = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("reads");
        let import = finsam_core::actuals::Ledger::read_sie(&bytes, &mut |_, _| {});
        let r = finsam(&["sie", "check", path.to_str().expect("a path")]);
        assert_eq!(
            r.code == 2,
            import.is_err(),
            "{}: check exit {}, import {:?}\n{}{}",
            path.display(),
            r.code,
            import.as_ref().err(),
            r.stdout,
            r.stderr
        );
        if let Ok(ledger) = import {
            let typed_with_vouchers = ledger
                .notes
                .iter()
                .any(|n| n.contains("hör #VER bara till typ 4"));
            assert_eq!(
                r.stdout.contains("hör #VER bara till typ 4"),
                typed_with_vouchers,
                "{}",
                path.display()
            );
        } else {
            refused += 1;
            assert!(
                !r.stderr.is_empty() && !r.stderr.contains("panicked"),
                "{}",
                r.stderr
            );
        }
    }
    assert!(
        refused > 0 && refused < files.len(),
        "{refused} of {}",
        files.len()
    );
}

/// A file of type 1 (year balances only) that carries vouchers, and one without #RAR: check
/// warns about the first and refuses the second, as the import does.
#[test]
fn sie_check_warns_of_vouchers_in_a_type_1_file_and_refuses_one_without_a_year() {
    let dir = tempfile::tempdir().expect("a folder");
    let head = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 1\n#FNAMN \"Test\"\n";
    let body = "#KONTO 1930 \"Bank\"\n#KONTO 3010 \"Bidrag\"\n\
                #VER A 1 20240105 \"Bidrag\"\n{\n#TRANS 1930 {} 100.00\n#TRANS 3010 {} -100.00\n}\n";
    let typed = dir.path().join("typ1.se");
    std::fs::write(&typed, format!("{head}#RAR 0 20240101 20241231\n{body}")).expect("writes");
    let r = finsam(&["sie", "check", typed.to_str().expect("a path")]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("filen är av typ 1 (#SIETYP 1) men har 1 verifikationer"),
        "{}",
        r.stdout
    );
    let ledger = finsam_core::actuals::Ledger::read_sie(
        &std::fs::read(&typed).expect("reads"),
        &mut |_, _| {},
    )
    .expect("the import reads it");
    assert!(
        ledger
            .notes
            .iter()
            .any(|n| n.contains("hör #VER bara till typ 4")),
        "{:?}",
        ledger.notes
    );

    let yearless = dir.path().join("utan-rar.se");
    std::fs::write(&yearless, format!("{head}{body}")).expect("writes");
    let r = finsam(&["sie", "check", yearless.to_str().expect("a path")]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("filen anger inget räkenskapsår (#RAR 0)"),
        "{}",
        r.stderr
    );
    assert!(
        finsam_core::actuals::Ledger::read_sie(
            &std::fs::read(&yearless).expect("reads"),
            &mut |_, _| {}
        )
        .is_err()
    );
}
