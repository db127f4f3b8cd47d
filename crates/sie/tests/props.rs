//! Properties over generated input: the reader never panics, and what the writer writes the
//! reader reads back unchanged, with its checksum verified.

use finsam_sie::{Account, Amount, ObjectRef, RowKind, SieFile, Transaction, Voucher, read, write};
use proptest::prelude::*;

/// Fragments real files are made of, and broken variants of them.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("#FLAGGA 0".to_owned()),
        Just("#KSUMMA".to_owned()),
        Just("#KSUMMA 123".to_owned()),
        Just("#RAR 0 20240101 20241231".to_owned()),
        Just("#VER A 1 20240115 \"Text\"".to_owned()),
        Just("#VER A 1 20240231".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("#TRANS 1930 {} 100.00".to_owned()),
        Just("#TRANS 1930 {1 \"2\"} -100.5 20240101 \"a\\\"b\"".to_owned()),
        Just("#RTRANS 1930 {} 5".to_owned()),
        Just("#BTRANS 1930 {} 5".to_owned()),
        Just("#TRANS 1930 {1 \"2\" -1".to_owned()),
        Just("#PSALDO 0 202401 3010 {} -1.00".to_owned()),
        Just("#PBUDGET 0 202413 3010 {} 1".to_owned()),
        Just("#IB 0 1930 1.999".to_owned()),
        Just("#OIB 0 1930 {1 \"2\"} 3".to_owned()),
        Just("#KONTO 1930 \"Bank".to_owned()),
        Just("#KTYP 1930 X".to_owned()),
        Just("#UNDERDIM 2 \"x\" -1".to_owned()),
        "#[A-Z]{1,8}( [-0-9.{}\" ]{0,12}){0,4}",
        "[ -~\u{e5}\u{e4}\u{f6}]{0,30}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 \u{e5}\u{e4}\u{f6}\u{c5}\u{c4}\u{d6}\"{}.,-]{0,20}"
}

fn voucher() -> impl Strategy<Value = Voucher> {
    let row = (
        prop::sample::select(vec!["1930", "3010", "4010", "5410"]),
        -100_000_000_000i64..100_000_000_000,
        prop::collection::vec((1u32..10, "[A-Za-z0-9]{1,4}"), 0..3),
        text(),
    );
    (
        "[A-Z]{0,2}",
        1u32..100_000,
        0u32..365,
        text(),
        prop::collection::vec(row, 1..6),
    )
        .prop_map(|(series, number, day, text, rows)| Voucher {
            line: 0,
            series,
            number: number.to_string(),
            date: time::Date::from_ordinal_date(2024, u16::try_from(day + 1).unwrap()).unwrap(),
            text,
            registered: None,
            sign: None,
            rows: rows
                .into_iter()
                .map(|(account, ore, objects, text)| Transaction {
                    line: 0,
                    kind: RowKind::Normal,
                    account: account.to_owned(),
                    objects: objects
                        .into_iter()
                        .map(|(dimension, object)| ObjectRef { dimension, object })
                        .collect(),
                    amount: Amount(ore),
                    date: None,
                    text,
                    quantity: None,
                    sign: None,
                })
                .collect(),
        })
}

/// A voucher as read, without line numbers.
fn strip(v: &Voucher) -> Voucher {
    let mut v = v.clone();
    v.line = 0;
    for r in &mut v.rows {
        r.line = 0;
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_are_read_or_refused_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read(&bytes);
    }

    #[test]
    fn any_mix_of_records_is_read_or_refused_with_lines(lines in prop::collection::vec(fragment(), 0..30)) {
        let text = lines.join("\r\n");
        match read(text.as_bytes()) {
            Ok(f) => {
                // Whatever was read survives being written and read again.
                let again = read(&write(&f, true)).expect("a written file is read");
                let a: Vec<Voucher> = f.vouchers.iter().map(strip).collect();
                let b: Vec<Voucher> = again.vouchers.iter().map(strip).collect();
                prop_assert_eq!(a, b);
            }
            Err(e) => {
                prop_assert!(!e.errors.is_empty());
                let last = u32::try_from(lines.len()).unwrap();
                prop_assert!(e.errors.iter().all(|d| d.line <= last && !d.message.is_empty()));
            }
        }
    }

    #[test]
    fn written_files_are_read_back_unchanged(
        names in prop::collection::btree_map("[0-9]{4}", text(), 0..6),
        vouchers in prop::collection::vec(voucher(), 0..6),
        checksum in any::<bool>(),
    ) {
        let mut file = read(b"#FLAGGA 0\r\n#SIETYP 4\r\n#RAR 0 20240101 20241231\r\n").unwrap();
        file.company_name = Some("F\u{f6}rbundet \"Test\"".to_owned());
        file.accounts = names
            .into_iter()
            .map(|(no, name)| (no, Account { name, ..Account::default() }))
            .collect();
        file.vouchers = vouchers;
        let again: SieFile = read(&write(&file, checksum)).expect("a written file is read");
        prop_assert_eq!(again.checksum.is_some(), checksum);
        prop_assert_eq!(&again.company_name, &file.company_name);
        prop_assert_eq!(&again.accounts, &file.accounts);
        let b: Vec<Voucher> = again.vouchers.iter().map(strip).collect();
        prop_assert_eq!(b, file.vouchers);
    }

    #[test]
    fn amounts_round_trip_through_their_sie_form(ore in any::<i64>()) {
        prop_assert_eq!(Amount::parse(&Amount(ore).to_string()), Ok(Amount(ore)));
    }
}

/// Found by the fuzzer (crates/sie/fuzz, sie_read): a name with a carriage return inside its
/// quotes is written with a space there, and the checksum must cover the text as written, not
/// as it was read; so must a name ending in a backslash, which is written with a space after it.
#[test]
fn the_checksum_covers_names_as_they_are_written() {
    let input = b"#FLAM \"Vism7\n#KONTO 100 \"Balan\rr\"\n#KONTO 200 \"Slut\\\\\"\n#VER A 1 20091231\n{\n#TRANS 103 {} 00\n\n}\n";
    let file = read(input).expect("reads");
    let written = write(&file, true);
    let again = read(&written).expect("a written file with its checksum reads back");
    assert!(again.checksum.is_some());
    assert_eq!(again.vouchers.len(), file.vouchers.len());
    assert_eq!(again.accounts["100"].name, "Balan r");
}
