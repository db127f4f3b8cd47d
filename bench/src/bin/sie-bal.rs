//! Reads an SIE file (every record parsed and checked, #KSUMMA and voucher balance included) and
//! prints each account's total and its totals per month, as `ledger bal` and `hledger bal -M` do
//! for a journal: what bench/sie.sh times and compares. The vouchers are summed as they are read
//! (finsam_sie::read_streaming), as `ledger` sums postings.
//!   sie-bal FILE        account<TAB>total, then account<TAB>YYYY-MM<TAB>total
use std::io::Write;

fn main() {
    let path = std::env::args().nth(1).expect("användning: sie-bal FIL");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let mut acc = finsam_sie::Accumulator::default();
    let file = match finsam_sie::read_streaming(&bytes, &mut |_, _| {}, &mut |v| acc.add(&v)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut totals = std::collections::BTreeMap::new();
    acc.merge_into(&file, 0, &mut totals);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for (account, t) in &totals {
        let _ = writeln!(out, "{account}\t{}", t.movement());
    }
    for (account, t) in &totals {
        for (m, a) in &t.months {
            let _ = writeln!(out, "{account}\t{m}\t{a}");
        }
    }
}
