//! `finsam sie …`: check an SIE file, summarise it, follow it up against a plan, import it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use finsam_core::Money;
use finsam_core::actuals::{Chart, FollowUp, Input, Ledger, Mapping, PeriodSpec, follow_up};
use finsam_core::format::{kr, percent};
use finsam_sie::{SieFile, Source, reconcile, totals};
use serde_json::json;

use crate::cli::{GoalsFormat as Format, Outcome};

fn read(path: &Path) -> Result<SieFile, Outcome> {
    finsam_sie::read_path(path).map_err(|rejected| refused(path, &rejected))
}

/// Prints why a file was refused, each error on its own line with the file's name.
fn refused(path: &Path, rejected: &finsam_sie::Rejected) -> Outcome {
    for line in rejected.to_string().lines() {
        eprintln!("{}: {line}", path.display());
    }
    eprintln!(
        "{}: filen lästes inte; ingenting har ändrats.",
        path.display()
    );
    Outcome::Unreadable
}

/// `finsam sie check FILE`: silent and 0 when the file is clean; warnings (and accounts whose
/// balances disagree with their movements) and 1; errors and 2.
pub fn check(path: &Path, out: &mut impl Write) -> Outcome {
    let file = match read(path) {
        Ok(f) => f,
        Err(o) => return o,
    };
    // Without #RAR 0 the file has no fiscal year: SIE 4B requires it in every file type but the
    // import file 4I, and `sie import` cannot use a file without it, so check refuses it too.
    if file.year(0).is_none() {
        eprintln!(
            "fel: {}: {}",
            path.display(),
            finsam_core::actuals::LedgerError::NoYear
        );
        return Outcome::Unreadable;
    }
    let mut lines: Vec<String> = file.warnings.iter().map(ToString::to_string).collect();
    for year in [0, -1] {
        for m in reconcile(&file, year) {
            lines.push(format!("räkenskapsår {year}: {m}"));
        }
    }
    if lines.is_empty() {
        return Outcome::Clean;
    }
    for l in &lines {
        let _ = writeln!(out, "{}: {l}", path.display());
    }
    let _ = writeln!(out, "{}: {} varningar.", path.display(), lines.len());
    Outcome::Findings
}

fn money(a: finsam_sie::Amount) -> Money {
    Money::from_ore(a.0)
}

/// `finsam sie summary FILE`: company, years, accounts with balances, result per month.
pub fn summary(path: &Path, format: Format, out: &mut impl Write) -> Outcome {
    let file = match read(path) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let (accounts, source) = totals(&file, 0);
    let mut results: BTreeMap<finsam_sie::YearMonth, Money> = BTreeMap::new();
    for (no, t) in &accounts {
        if no.starts_with(['3', '4', '5', '6', '7', '8']) {
            for (m, a) in &t.months {
                let e = results.entry(*m).or_default();
                *e = e.checked_add(-money(*a)).unwrap_or(*e);
            }
        }
    }
    let name = |no: &str| {
        file.accounts
            .get(no)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    match format {
        Format::Json => {
            let v = json!({
                "foretag": file.company_name,
                "organisationsnummer": file.org_number,
                "program": file.program.as_ref().map(|(n, v)| format!("{n} {v}").trim().to_owned()),
                "sietyp": file.sie_type,
                "kontrollsumma": file.checksum,
                "rakenskapsar": file.fiscal_years.iter().map(|y| json!({
                    "index": y.index, "start": y.start.to_string(), "slut": y.end.to_string()
                })).collect::<Vec<_>>(),
                "verifikationer": file.vouchers.len(),
                "konton": accounts.iter().map(|(no, t)| json!({
                    "konto": no,
                    "namn": name(no),
                    "ingaende_balans": t.opening.map(|a| a.0),
                    "utgaende_balans": t.closing.map(|a| a.0),
                    "resultat": t.result.map(|a| a.0),
                    "rorelse": t.movement().0,
                })).collect::<Vec<_>>(),
                "resultat_per_period": results.iter().map(|(m, r)| json!({
                    "period": m.to_string(), "resultat": r.ore()
                })).collect::<Vec<_>>(),
                "varningar": file.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        Format::Text => {
            let _ = writeln!(
                out,
                "Företag: {} ({})",
                file.company_name.as_deref().unwrap_or("namn saknas"),
                file.org_number
                    .as_deref()
                    .unwrap_or("organisationsnummer saknas")
            );
            if let Some((n, v)) = &file.program {
                let _ = writeln!(out, "Program: {n} {v}");
            }
            let _ = writeln!(
                out,
                "SIE-typ: {}; teckenkodning: {}; kontrollsumma: {}",
                file.sie_type
                    .map_or("anges inte".to_owned(), |t| t.to_string()),
                match file.encoding {
                    finsam_sie::Encoding::Cp437 => "PC8",
                    finsam_sie::Encoding::Utf8 => "UTF-8",
                },
                if file.checksum.is_some() {
                    "verifierad"
                } else {
                    "saknas"
                }
            );
            for y in &file.fiscal_years {
                let index = finsam_core::format::grouped(i128::from(y.index));
                let _ = writeln!(out, "Räkenskapsår {index}: {} – {}", y.start, y.end);
            }
            let _ = writeln!(
                out,
                "Verifikationer: {} med {} rader",
                file.vouchers.len(),
                file.transaction_count()
            );
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{:<8} {:<40} {:>16} {:>16}",
                "Konto", "Namn", "Ingående balans", "Utgående balans"
            );
            for (no, t) in &accounts {
                let closing = t.closing.map(money).or_else(|| {
                    (source != Source::None && t.opening.is_some())
                        .then(|| {
                            money(t.opening.unwrap_or_default())
                                .checked_add(money(t.movement()))
                                .ok()
                        })
                        .flatten()
                });
                if t.opening.is_none() && closing.is_none() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "{:<8} {:<40} {:>16} {:>16}",
                    no,
                    truncate(&name(no), 40),
                    t.opening.map(|a| kr(money(a))).unwrap_or_default(),
                    closing.map(kr).unwrap_or_default()
                );
            }
            if !results.is_empty() {
                let _ = writeln!(out);
                let _ = writeln!(out, "Resultat per period (räkenskapsår 0)");
                for (m, r) in &results {
                    let _ = writeln!(out, "{m}  {:>16}", kr(*r));
                }
            }
            for w in &file.warnings {
                let _ = writeln!(out, "varning: {w}");
            }
        }
    }
    Outcome::Clean
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// What `finsam sie uppfoljning` follows up with.
#[derive(Debug)]
pub struct FollowUpArgs<'a> {
    pub file: &'a Path,
    pub plan: Option<&'a Path>,
    pub mapping: Option<&'a Path>,
    pub chart: &'a str,
    pub period: &'a str,
    pub format: Format,
}

/// `finsam sie uppfoljning FILE`: the follow-up of a period, from files alone.
pub fn followup(args: &FollowUpArgs<'_>, out: &mut impl Write) -> Outcome {
    let file = match read(args.file) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let ledger = match Ledger::from_sie(&file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}: {e}", args.file.display());
            return Outcome::Unreadable;
        }
    };
    let plan = match args.plan {
        Some(p) => match crate::input::load(p) {
            Some(input) => Some(input.loaded.plan),
            None => return Outcome::Unreadable,
        },
        None => None,
    };
    let Some(chart) = Chart::from_word(args.chart) else {
        eprintln!(
            "fel: kontoplanen \"{}\" finns inte; välj kommunbas eller bas",
            args.chart
        );
        return Outcome::Unreadable;
    };
    let rules = match args.mapping {
        Some(p) => {
            let text = match std::fs::read_to_string(p) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{}: kan inte läsas: {e}", p.display());
                    return Outcome::Unreadable;
                }
            };
            let known = plan.as_ref().map(|p| {
                p.budget
                    .sections
                    .iter()
                    .flat_map(|s| s.lines.iter().map(|l| l.name.clone()))
                    .collect()
            });
            match Mapping::parse_rules(&text, known.as_ref()) {
                Ok(r) => r,
                Err(errors) => {
                    for e in errors {
                        eprintln!("{}: {e}", p.display());
                    }
                    return Outcome::Unreadable;
                }
            }
        }
        None => Vec::new(),
    };
    let mapping = Mapping { chart, rules };
    let period = match PeriodSpec::parse(args.period).and_then(|s| s.resolve(ledger.year)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("fel: {e}");
            return Outcome::Unreadable;
        }
    };
    let f = match follow_up(Input {
        ledger: &ledger,
        mapping: &mapping,
        plan: plan.as_ref(),
        period,
        adjustments: &BTreeMap::new(),
        budget: None,
    }) {
        Ok(f) => f,
        Err(_) => {
            eprintln!("fel: beloppen blir för stora att räkna med");
            return Outcome::Unreadable;
        }
    };
    match args.format {
        Format::Json => {
            let _ = crate::cli::write_json(out, &f);
        }
        Format::Text => write_follow_up(&f, out),
    }
    if f.notes.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

fn cell(m: Option<Money>) -> String {
    m.map(kr).unwrap_or_default()
}

/// The follow-up as text, laid out like the interim report.
pub fn write_follow_up(f: &FollowUp, out: &mut impl Write) {
    if let Some(note) = f.coverage.note(&f.period, f.booked_through) {
        let _ = writeln!(out, "OBS: {note}\n");
    }
    let prior = f.prior_period.map(|p| p.label()).unwrap_or_default();
    let prior_end = f
        .prior_period
        .map(|p| p.end.to_string())
        .unwrap_or_default();
    let statements = [
        (
            "Resultaträkning",
            f.period.label(),
            prior,
            &f.income_statement,
        ),
        (
            "Balansräkning",
            f.period.end.to_string(),
            prior_end,
            &f.balance_sheet,
        ),
    ];
    for (title, now, before, rows) in statements {
        let _ = writeln!(out, "{title}");
        let _ = writeln!(out, "{:<36} {now:>26} {before:>26}", "Belopp i kr");
        for r in rows {
            let (a, b) = (cell(r.current), cell(r.prior));
            let _ = writeln!(out, "{:<36} {a:>26} {b:>26}", r.label);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Prognos: utfall mot budget");
    let _ = writeln!(out, "{}", f.budget_source.describe());
    let _ = writeln!(
        out,
        "{:<40} {:>14} {:>14} {:>22}",
        "", "Utfall", "Budget", "Avvikelse kr (%)"
    );
    for r in &f.summary {
        let share = r.deviation_share.map(|s| percent(s, 1)).unwrap_or_default();
        let indent = if r.level == 1 { "  " } else { "" };
        let _ = writeln!(
            out,
            "{:<40} {:>14} {:>14} {:>22}",
            format!("{indent}{}", r.label),
            kr(r.actual),
            kr(r.budget),
            format!("{} ({share})", r.deviation.map(kr).unwrap_or_default())
        );
    }
    if let Some(s) = f.administration_share {
        let _ = writeln!(
            out,
            "Administrationens andel av kostnaderna: {}",
            percent(s, 0)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Helårsprognos");
    let fc = &f.forecast;
    for r in &fc.rows {
        let _ = writeln!(out, "{:<56} {:>14}", truncate(&r.label, 56), kr(r.forecast));
    }
    let _ = writeln!(out, "{:<56} {:>14}", "Resultat", kr(fc.result));
    let _ = writeln!(
        out,
        "{:<56} {:>14}",
        "Eget kapital vid årets början",
        kr(fc.opening_equity)
    );
    let _ = writeln!(
        out,
        "{:<56} {:>14}",
        "Eget kapital vid årets slut",
        kr(fc.closing_equity)
    );
    let _ = writeln!(
        out,
        "{:<56} {:>14}",
        "Rekommenderat högsta eget kapital",
        kr(fc.recommended_max)
    );
    if let Some(b) = fc.band {
        let _ = writeln!(out, "{:<56} {:>14}", "Förbundets intervall", b.range(kr));
    }
    for n in &f.notes {
        let _ = writeln!(out, "fynd [{}]: {}", n.kind.code(), n.message);
    }
}

/// `finsam sie import FILE --forbund ORGNR`: all or nothing, with progress on standard error.
pub fn import(db: &str, path: &Path, org: &str, year: Option<i32>, confirmed: bool) -> Outcome {
    let Some(rt) = crate::server::runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, app)) = crate::server::open(db).await else {
            return Outcome::Unreadable;
        };
        let association = match app.association_by_org(org).await {
            Ok(a) => a,
            Err(e) => {
                eprintln!("fel: {e}");
                return Outcome::Unreadable;
            }
        };
        let Some(association) = association else {
            eprintln!("fel: inget förbund har organisationsnummer {org}; skapa det med finsam association add");
            return Outcome::Unreadable;
        };
        let last = std::sync::Mutex::new((String::new(), 0usize));
        let progress: finsam_app::actuals::Progress = Arc::new(move |step: &str, done: usize, total: usize| {
            let pct = done.saturating_mul(100).checked_div(total).unwrap_or(100);
            let Ok(mut l) = last.lock() else { return };
            if l.0 != step || pct >= l.1 + 10 || (pct == 100 && l.1 != 100) {
                eprintln!("{step}: {pct} %");
                *l = (step.to_owned(), pct);
            }
        });
        let upload = finsam_app::actuals::Upload {
            path: path.to_owned(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            fiscal_year: year,
            confirmed,
        };
        match app.import_sie(
            finsam_store::Actor::System,
            &association,
            upload,
            progress,
        )
        .await
        {
            Ok(report) => {
                say!("{}", report.sentence());
                for n in &report.notes {
                    say!("obs: {n}");
                }
                Outcome::Clean
            }
            Err(e) => {
                for m in e.messages() {
                    eprintln!("{}: {m}", path.display());
                }
                if matches!(e, finsam_app::actuals::ImportError::Mismatch(_)) {
                    eprintln!("Importera ändå med --bekrafta om filen ändå är rätt.");
                }
                eprintln!("{}: ingenting importerades.", path.display());
                Outcome::Unreadable
            }
        }
    })
}
