//! The reader on small files written for each case: what it keeps, and how it refuses bad input
//! (with the line and a Swedish message, and nothing returned but the errors).

use finsam_sie::{Amount, RowKind, read, read_path, reconcile, write};

const GOOD: &str = "#FLAGGA 0\r
#PROGRAM \"Test\" 1.0\r
#FORMAT PC8\r
#GEN 20240701\r
#SIETYP 4\r
#ORGNR 222000-1818\r
#FNAMN \"Samordningsf\u{f6}rbundet SOFINT\"\r
#RAR 0 20240101 20241231\r
#RAR -1 20230101 20231231\r
#KONTO 1930 \"Bank\"\r
#KONTO 3010 \"Medlemsbidrag\"\r
#KONTO 4010 \"Insats\"\r
#IB 0 1930 1000.00\r
#UB 0 1930 1500.50\r
#RES 0 3010 -900000.00\r
#RES 0 4010 899499.50\r
#PBUDGET 0 202401 4010 {} 100.00\r
#VER A 1 20240115 \"Bidrag\"\r
{\r
#TRANS 1930 {} 900000.00\r
#TRANS 3010 {} -900000.00\r
}\r
#VER A 2 20240120 \"Betalning \\\"coaching\\\"\" 20240121\r
{\r
#TRANS 4010 {1 \"100\"} 899499.50 20240120 \"Coachingteamet\"\r
#TRANS 1930 {} -899499.50\r
}\r
";

/// A voucher without the line numbers, which differ between a file and its rewritten form.
type Shape = (String, String, String, Vec<(String, i64, String)>);

fn shape(f: &finsam_sie::SieFile) -> Vec<Shape> {
    f.vouchers
        .iter()
        .map(|v| {
            (
                v.number.clone(),
                v.date.to_string(),
                v.text.clone(),
                v.rows
                    .iter()
                    .map(|r| (r.account.clone(), r.amount.0, r.text.clone()))
                    .collect(),
            )
        })
        .collect()
}

/// Bytes as text one char per byte, so that codepage-437 bytes survive a string replace.
fn as_chars(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn as_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

fn lines_of(err: &finsam_sie::Rejected) -> Vec<u32> {
    err.errors.iter().map(|e| e.line).collect()
}

#[test]
fn a_good_file_is_read_whole() {
    let f = read(GOOD.as_bytes()).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.org_number.as_deref(), Some("222000-1818"));
    assert_eq!(
        f.company_name.as_deref(),
        Some("Samordningsförbundet SOFINT")
    );
    assert_eq!(f.fiscal_years.len(), 2);
    assert_eq!(f.vouchers.len(), 2);
    assert_eq!(f.vouchers[1].text, "Betalning \"coaching\"");
    assert_eq!(f.vouchers[1].rows[0].objects[0].object, "100");
    assert_eq!(f.vouchers[1].rows[0].amount, Amount(89_949_950));
    assert_eq!(f.period_budgets[0].amount, Amount(10_000));
    assert!(reconcile(&f, 0).is_empty());
}

#[test]
fn lf_line_ends_and_tabs_read_the_same() {
    let lf = GOOD.replace("\r\n", "\n").replace("#TRANS ", "#TRANS\t");
    let a = read(GOOD.as_bytes()).unwrap();
    let mut b = read(lf.as_bytes()).unwrap();
    b.encoding = a.encoding;
    assert_eq!(a.vouchers, b.vouchers);
}

#[test]
fn a_truncated_file_is_refused_at_its_open_voucher() {
    let cut = &GOOD[..GOOD.rfind("#TRANS 1930").unwrap()];
    let err = read(cut.as_bytes()).unwrap_err();
    assert_eq!(lines_of(&err), vec![23]);
    assert!(err.errors[0].message.contains("avkortad"), "{err}");
}

#[test]
fn a_transaction_outside_a_voucher_is_refused() {
    let bad = GOOD.replace("#RES 0 3010", "#TRANS 3010 {} 5\r\n#RES 0 3010");
    let err = read(bad.as_bytes()).unwrap_err();
    assert_eq!(lines_of(&err), vec![15]);
    assert!(
        err.to_string()
            .contains("rad 15: #TRANS utanför en verifikation"),
        "{err}"
    );
}

#[test]
fn unbalanced_braces_are_refused() {
    let missing_close = GOOD.replacen("}\r\n", "", 1);
    let err = read(missing_close.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("avslutande }"), "{err}");
    let extra_close = GOOD.replace("#RES 0 3010", "}\r\n#RES 0 3010");
    let err = read(extra_close.as_bytes()).unwrap_err();
    assert_eq!(lines_of(&err), vec![15]);
    let open_list = GOOD.replace("{1 \"100\"}", "{1 \"100\"");
    let err = read(open_list.as_bytes()).unwrap_err();
    assert_eq!(lines_of(&err), vec![25]);
    assert!(err.to_string().contains("objektlistan"), "{err}");
}

#[test]
fn impossible_dates_and_three_decimals_are_refused() {
    let bad = GOOD
        .replace("20240115", "20240231")
        .replace("-899499.50", "-899499.505");
    let err = read(bad.as_bytes()).unwrap_err();
    assert_eq!(lines_of(&err), vec![18, 26]);
    assert!(
        err.errors[0]
            .message
            .contains("\"20240231\" är inget giltigt datum"),
        "{err}"
    );
    assert!(err.errors[1].message.contains("två decimaler"), "{err}");
}

#[test]
fn an_empty_file_and_a_text_file_are_refused() {
    assert!(read(b"").unwrap_err().to_string().contains("tom"));
    assert!(read(b" \r\n\n").unwrap_err().to_string().contains("tom"));
    let err = read(b"Hej, har kommer budgeten\n").unwrap_err();
    assert!(err.to_string().contains("inte en SIE-fil"), "{err}");
    let err = read(b"#!/bin/sh\necho hej\n").unwrap_err();
    assert!(err.to_string().contains("SIE"), "{err}");
}

#[test]
fn a_file_in_windows_1252_is_refused_with_its_line() {
    let err = read(&as_bytes(GOOD)).unwrap_err();
    assert_eq!(lines_of(&err), vec![7]);
    assert!(err.to_string().contains("PC8"), "{err}");
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile_dir();
    let path = dir.join("stor.se");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024).unwrap(); // sparse: no disk is used
    let err = read_path(&path).unwrap_err();
    assert!(err.to_string().contains("2048 MB"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("finsam-sie-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_unbalanced_voucher_and_an_unknown_record_are_warnings() {
    let bad = GOOD
        .replace("#TRANS 3010 {} -900000.00", "#TRANS 3010 {} -899000.00")
        .replace("#KONTO 1930", "#NYPOST 1 2\r\n#KONTO 1930");
    let f = read(bad.as_bytes()).unwrap();
    let text: Vec<String> = f.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        vec![
            "rad 10: posten #NYPOST ingår inte i SIE 4B och hoppas över",
            "rad 19: verifikationen A 1 är inte i balans: raderna summerar till 1000.00 i stället för 0",
        ]
    );
}

#[test]
fn added_and_removed_rows_count_as_the_specification_says() {
    let text = GOOD.replace(
        "#TRANS 1930 {} -899499.50\r\n",
        "#BTRANS 1930 {} -5.00 20240301 \"\" \"\" \"Anna\"\r\n#RTRANS 1930 {} -899499.50 20240301 \"\" \"\" \"Anna\"\r\n#TRANS 1930 {} -899499.50\r\n",
    );
    let f = read(text.as_bytes()).unwrap();
    let kinds: Vec<RowKind> = f.vouchers[1].rows.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            RowKind::Normal,
            RowKind::Removed,
            RowKind::Added,
            RowKind::Normal
        ]
    );
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert!(reconcile(&f, 0).is_empty());
}

#[test]
fn a_right_checksum_is_accepted() {
    let f = read(GOOD.as_bytes()).unwrap();
    let bytes = write(&f, true);
    let again = read(&bytes).unwrap();
    assert!(again.checksum.is_some());
    assert_eq!(shape(&again), shape(&f));
}

#[test]
fn a_wrong_checksum_is_refused() {
    let f = read(GOOD.as_bytes()).unwrap();
    let text = as_chars(&write(&f, true));
    let tampered = text.replace("899499.50", "899499.60");
    let err = read(&as_bytes(&tampered)).unwrap_err();
    assert!(err.to_string().contains("kontrollsumman"), "{err}");
}

#[test]
fn an_announced_checksum_that_is_missing_is_refused() {
    let f = read(GOOD.as_bytes()).unwrap();
    let text = as_chars(&write(&f, true));
    let cut = &text[..text.rfind("#KSUMMA").unwrap()];
    let err = read(&as_bytes(cut)).unwrap_err();
    assert_eq!(lines_of(&err), vec![2]);
    assert!(err.to_string().contains("avslutande #KSUMMA"), "{err}");
}

#[test]
fn a_checksum_without_its_opening_is_refused() {
    let text = format!("{GOOD}#KSUMMA 12345\r\n");
    let err = read(text.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("inledande #KSUMMA"), "{err}");
}
