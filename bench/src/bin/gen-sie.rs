//! Writes generated SIE files.
//!   gen-sie demo                     the demo association's file (examples/sofint-2024-06.se)
//!   gen-sie bench DIR [TRANS] [SEED] a benchmark ledger of TRANS rows (default 1 000 000) in
//!                                    vouchers of four rows, from SEED (default 1), written as
//!                                    DIR/bench.se (SIE 4), DIR/bench.ledger (a ledger journal of
//!                                    the same transactions) and DIR/bench.csv (the voucher rows
//!                                    as Finsam stores them, for sqlite3's .import)
use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use finsam_bench::Lcg;

/// Result accounts the rows are booked on; each voucher balances against the bank (1930).
const ACCOUNTS: [(&str, &str); 12] = [
    ("3010", "Medlemsbidrag staten"),
    ("3011", "Medlemsbidrag regionen"),
    ("3012", "Medlemsbidrag kommunerna"),
    ("4010", "Coachingteamet"),
    ("4020", "Projektfinansiering"),
    ("4050", "Välfärdsguiden"),
    ("4610", "Köp av administrativa tjänster"),
    ("4620", "Köp av tjänst förbundschef"),
    ("5110", "Arvoden förtroendevalda"),
    ("6110", "Lokalhyra"),
    ("6410", "Revision"),
    ("8590", "Bankavgifter"),
];

fn amount(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        ore.unsigned_abs() / 100,
        ore.unsigned_abs() % 100
    )
}

fn bench(dir: &str, trans: usize, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut sie = BufWriter::new(std::fs::File::create(format!("{dir}/bench.se"))?);
    let mut led = BufWriter::new(std::fs::File::create(format!("{dir}/bench.ledger"))?);
    let mut csv = BufWriter::new(std::fs::File::create(format!("{dir}/bench.csv"))?);
    let mut rng = Lcg::new(seed);
    let mut head = String::new();
    head.push_str(
        "#FLAGGA 0\r\n#PROGRAM \"Finsam benchmark\" 1\r\n#FORMAT PC8\r\n#GEN 20250115\r\n",
    );
    head.push_str("#SIETYP 4\r\n#ORGNR 222000-1818\r\n#FNAMN \"Samordningsförbundet SOFINT\"\r\n");
    head.push_str("#RAR 0 20240101 20241231\r\n#KONTO 1930 Bank\r\n");
    for (no, name) in ACCOUNTS {
        let _ = write!(head, "#KONTO {no} \"{name}\"\r\n");
    }
    head.push_str("#IB 0 1930 0.00\r\n");
    sie.write_all(&finsam_sie::encode_cp437(&head))?;
    let vouchers = trans / 4;
    let days = [31usize, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut line = String::new();
    for n in 1..=vouchers {
        let month = rng.index(12);
        let day = 1 + rng.index(days[month]);
        let date = format!("2024{:02}{day:02}", month + 1);
        let iso = format!("2024-{:02}-{day:02}", month + 1);
        line.clear();
        let _ = write!(line, "#VER A {n} {date} \"Faktura {n}\"\r\n{{\r\n");
        let _ = writeln!(led, "{iso} * A {n} Faktura {n}");
        let mut sum = 0i64;
        for _ in 0..3 {
            let (no, _) = ACCOUNTS[rng.index(ACCOUNTS.len())];
            let mut ore = 100 + i64::try_from(rng.below(9_999_900)).unwrap_or(0);
            if no.starts_with('3') {
                ore = -ore;
            }
            sum += ore;
            let _ = write!(line, "#TRANS {no} {{}} {}\r\n", amount(ore));
            let _ = writeln!(led, "    {no}  {}", amount(ore));
            let _ = writeln!(csv, "A {n},{iso},{no},{ore},Faktura {n}");
        }
        let _ = write!(line, "#TRANS 1930 {{}} {}\r\n}}\r\n", amount(-sum));
        let _ = writeln!(led, "    1930  {}\n", amount(-sum));
        let _ = writeln!(csv, "A {n},{iso},1930,{},Faktura {n}", -sum);
        sie.write_all(line.as_bytes())?;
    }
    sie.flush()?;
    led.flush()?;
    csv.flush()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("demo") => std::io::stdout()
            .write_all(&finsam_bench::sie_demo::demo_bytes())
            .expect("standard output"),
        Some("bench") if args.len() >= 3 => {
            let trans = args
                .get(3)
                .and_then(|t| t.parse().ok())
                .unwrap_or(1_000_000);
            let seed = args.get(4).and_then(|t| t.parse().ok()).unwrap_or(1);
            bench(&args[2], trans, seed).expect("writes the files");
        }
        _ => {
            eprintln!("användning: gen-sie demo | gen-sie bench MAPP [RADER] [FRÖ]");
            std::process::exit(2);
        }
    }
}
