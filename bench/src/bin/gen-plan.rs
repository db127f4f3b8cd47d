//! Writes a large, clean plan file: `gen-plan LINES YEARS > plan.toml`.
//!
//! Lines are spread over sections and given in every way the format allows (per year, fixed,
//! monthly, indexed); member contributions are derived and sized so that every year's result is
//! zero, so `finsam check` has nothing to report and the benchmark measures reading, computing
//! and checking rather than printing.

use std::fmt::Write;

use finsam_bench::{Lcg, grouped};

fn main() {
    let mut args = std::env::args().skip(1);
    let lines: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let years: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    print!("{}", generate(lines, years, 2024));
}

fn generate(lines: usize, years: i64, first: i64) -> String {
    let ys: Vec<i64> = (first..first + years).collect();
    let mut rng = Lcg::new(20_241_117);
    let mut body = String::new();
    let mut totals = vec![0i64; ys.len()];
    let sections = (lines / 100).max(1);
    for s in 0..sections {
        let _ = writeln!(body, "\n[[budget.section]]\nname = \"Avsnitt {s}\"");
        for l in 0..lines / sections {
            let category = [
                "insats",
                "strukturell",
                "administration",
                "styrelse-revision",
                "övrig-kostnad",
            ][usize::try_from(rng.below(5)).unwrap_or(0)];
            let _ = writeln!(
                body,
                "\n[[budget.section.line]]\nname = \"Rad {s}.{l}\"\ncategory = \"{category}\""
            );
            match rng.below(4) {
                0 => {
                    let a = -(1_000 + rng.below(100_000) as i64);
                    let _ = writeln!(body, "amount = \"{}\"", grouped(a));
                    totals.iter_mut().for_each(|t| *t += a);
                }
                1 => {
                    let per_month = -(100 + rng.below(10_000) as i64);
                    let _ = writeln!(
                        body,
                        "monthly = {{ amount = \"{}\", from = \"{}-01\" }}",
                        grouped(per_month),
                        first
                    );
                    totals.iter_mut().for_each(|t| *t += per_month * 12);
                }
                2 => {
                    // +0 % keeps the generator's arithmetic exact; the work is the same.
                    let base = -(1_000 + rng.below(100_000) as i64);
                    let _ = writeln!(
                        body,
                        "indexed = {{ base = \"{}\", percent = \"0 %\", rounding = \"krona\" }}",
                        grouped(base)
                    );
                    totals.iter_mut().for_each(|t| *t += base);
                }
                _ => {
                    let cells: Vec<String> = ys
                        .iter()
                        .zip(totals.iter_mut())
                        .map(|(y, t)| {
                            let a = -(rng.below(200_000) as i64);
                            *t += a;
                            format!("{y} = \"{}\"", grouped(a))
                        })
                        .collect();
                    let _ = writeln!(body, "amounts = {{ {} }}", cells.join(", "));
                }
            }
        }
    }
    // Contributions cover the costs exactly. Amounts are whole kronor, so each derived share
    // (1/2, 1/4, 1/4) is a whole number of öre and every year's result is zero.
    let contributions: Vec<i64> = totals.iter().map(|t| -t).collect();
    let mut head = String::new();
    let _ = writeln!(
        head,
        "title = \"Riktmärke\"\n\n[association]\nname = \"Riktmärkesförbundet\"\norg_number = \"222000-1818\""
    );
    for (key, name, kind, share) in [
        ("fk", "Försäkringskassan", "försäkringskassan", Some("1/2")),
        ("af", "Arbetsförmedlingen", "arbetsförmedlingen", None),
        ("region", "Regionen", "region", Some("1/4")),
        ("kommun", "Kommunen", "kommun", Some("1/4")),
    ] {
        let _ = writeln!(
            head,
            "\n[[association.member]]\nkey = \"{key}\"\nname = \"{name}\"\nkind = \"{kind}\""
        );
        if let Some(s) = share {
            let _ = writeln!(head, "share = \"{s}\"");
        }
    }
    let years_list: Vec<String> = ys.iter().map(ToString::to_string).collect();
    let contrib: Vec<String> = ys
        .iter()
        .zip(&contributions)
        .map(|(y, c)| format!("{y} = \"{}\"", grouped(*c)))
        .collect();
    let _ = writeln!(
        head,
        "\n[budget]\nyears = [{}]\nopening_equity = \"0\"\ncontributions = {{ {} }}\n\n[[budget.section]]\nname = \"Intäkter\"",
        years_list.join(", "),
        contrib.join(", ")
    );
    for payer in ["fk", "region", "kommun"] {
        let _ = writeln!(
            head,
            "\n[[budget.section.line]]\nname = \"Medlemsbidrag {payer}\"\ncategory = \"medlemsbidrag\"\npayer = \"{payer}\"\nderived = true"
        );
    }
    head + &body
}
