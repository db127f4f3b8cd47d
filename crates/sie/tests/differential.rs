//! Our reading of the corpus compared with the `sie-parser` crate's (a test oracle only): on
//! every file that crate reads, the company, accounts, balances, results, period balances and
//! every voucher row must agree.

use std::collections::BTreeMap;
use std::path::PathBuf;

use finsam_sie::{Amount, Encoding, read};

fn ore(d: &impl ToString) -> i64 {
    Amount::parse(&d.to_string())
        .expect("the oracle's amount")
        .0
}

#[test]
fn our_reading_agrees_with_sie_parser() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut compared = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(src) = sie_parser::read_file(&path) else {
            continue;
        };
        let Ok(theirs) = sie_parser::document::read(&src) else {
            continue;
        };
        let Ok(ours) = read(&std::fs::read(&path).unwrap()) else {
            // Only the HTML pages are refused by us; the oracle must not have read one of them
            // into something with accounts or vouchers.
            assert!(
                theirs.accounts.is_empty() && theirs.vouchers.is_empty(),
                "{name}: refused by us, read by sie-parser"
            );
            continue;
        };
        // sie-parser trusts `#FORMAT PC8` and so reads the one UTF-8 file's letters as
        // codepage 437; we recognise UTF-8. Names are compared only in codepage-437 files.
        let same_encoding = ours.encoding == Encoding::Cp437;
        if same_encoding {
            assert_eq!(
                ours.company_name.clone().unwrap_or_default(),
                theirs.company.name,
                "{name}: company"
            );
        }
        let our_accounts: BTreeMap<u32, &str> = ours
            .accounts
            .iter()
            .filter_map(|(no, a)| Some((no.parse::<u32>().ok()?, a.name.as_str())))
            .filter(|(_, name)| !name.is_empty())
            .collect();
        let their_accounts: BTreeMap<u32, &str> = theirs
            .accounts
            .iter()
            .map(|(no, a)| (*no, a.name.as_str()))
            .filter(|(_, name)| !name.is_empty())
            .collect();
        if same_encoding {
            assert_eq!(our_accounts, their_accounts, "{name}: accounts");
        } else {
            assert!(
                our_accounts.keys().eq(their_accounts.keys()),
                "{name}: account numbers"
            );
        }
        for (label, our_list, their_map) in [
            ("#IB", &ours.opening, &theirs.ib),
            ("#UB", &ours.closing, &theirs.ub),
            ("#RES", &ours.results, &theirs.res),
        ] {
            let our_map: BTreeMap<(i32, u32), i64> = our_list
                .iter()
                .map(|b| ((b.year, b.account.parse::<u32>().unwrap()), b.amount.0))
                .collect();
            let their_map: BTreeMap<(i32, u32), i64> =
                their_map.iter().map(|(k, v)| (*k, ore(v))).collect();
            assert_eq!(our_map, their_map, "{name}: {label}");
        }
        let our_periods: Vec<(i32, String, i64)> = ours
            .period_balances
            .iter()
            .map(|p| (p.year, p.account.clone(), p.amount.0))
            .collect();
        let their_periods: Vec<(i32, String, i64)> = theirs
            .period_balances
            .iter()
            .map(|p| (p.year, p.account.to_string(), ore(&p.amount)))
            .collect();
        assert_eq!(our_periods, their_periods, "{name}: #PSALDO");
        let our_rows: Vec<Vec<(String, i64)>> = ours
            .vouchers
            .iter()
            .map(|v| {
                v.rows
                    .iter()
                    .map(|r| (r.account.clone(), r.amount.0))
                    .collect()
            })
            .collect();
        let their_rows: Vec<Vec<(String, i64)>> = theirs
            .vouchers
            .iter()
            .map(|v| {
                v.rows
                    .iter()
                    .map(|r| (r.account.to_string(), ore(&r.amount)))
                    .collect()
            })
            .collect();
        assert_eq!(our_rows, their_rows, "{name}: voucher rows");
        compared.push(name);
    }
    assert!(
        compared.len() >= 20,
        "sie-parser read only {} files: {compared:?}",
        compared.len()
    );
}
