//! `finsam budget FILE [--format text|json|csv] [--unit kr|tkr]`: the multi-year table laid out
//! like the printed document, with the key figures below it.

use std::io::Write;
use std::path::Path;

use finsam_core::Money;
use finsam_core::format::{self, Unit};
use finsam_core::report::{
    BudgetTable, KeyFigure, KeyFigures, Row, RowKind, budget_table, key_figures,
};

use crate::cli::{Format, Outcome, UnitArg};

/// Runs the command.
pub fn run(path: &Path, fmt: Format, unit: Option<UnitArg>, out: &mut impl Write) -> Outcome {
    if fmt == Format::Json && unit == Some(UnitArg::Tkr) {
        eprintln!("fel: JSON anger alltid exakta belopp i öre; --unit gäller bara text och csv.");
        return Outcome::Unreadable;
    }
    let Some(input) = crate::input::load(path) else {
        return Outcome::Unreadable;
    };
    // Without --unit, the unit the plan's document writes.
    let unit = match unit {
        Some(UnitArg::Kr) => Unit::Kr,
        Some(UnitArg::Tkr) => Unit::Tkr,
        None => input.loaded.plan.budget.unit,
    };
    let table = budget_table(&input.loaded.plan, &input.figures);
    let written = match fmt {
        Format::Text => {
            let key = key_figures(&input.loaded.plan, &input.figures, unit);
            out.write_all(text(&table, &key, unit).as_bytes())
        }
        Format::Csv => out.write_all(csv(&table, unit).as_bytes()),
        Format::Json => crate::cli::write_json(out, &table),
    };
    match written {
        Ok(()) => Outcome::Clean,
        Err(e) => {
            eprintln!("fel: kunde inte skriva utdata: {e}");
            Outcome::Unreadable
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// True when, in tkr, a sum differs from the sum of the rounded rows it adds up.
fn rounding_differs(table: &BudgetTable, row: &Row, yi: usize) -> bool {
    if row.parts.is_empty() {
        return false;
    }
    let parts: i64 = row
        .parts
        .iter()
        .filter_map(|&p| table.rows[p].amounts.get(yi))
        .map(|m| m.tkr_rounded())
        .fold(0i64, i64::saturating_add);
    row.amounts
        .get(yi)
        .is_some_and(|m| m.tkr_rounded() != parts)
}

/// The table as text, columns aligned.
pub fn text(table: &BudgetTable, key: &KeyFigures, unit: Unit) -> String {
    let years: Vec<String> = table.years.iter().map(ToString::to_string).collect();
    let mut body: Vec<(String, Vec<String>, bool)> = Vec::new();
    let mut any_marked = false;
    for (ri, row) in table.rows.iter().enumerate() {
        if row.kind == RowKind::Heading && ri > 0 && row.depth == 1 {
            body.push((String::new(), Vec::new(), false));
        }
        if row.kind == RowKind::Total
            && table
                .rows
                .get(ri.wrapping_sub(1))
                .is_some_and(|r| r.kind != RowKind::Total)
        {
            body.push((String::new(), Vec::new(), false));
        }
        // Subsections are indented under their section, lines under their heading.
        let indent = "  ".repeat(row.depth.saturating_sub(1));
        let label = match row.kind {
            RowKind::Line => format!("{indent}  {}", row.label),
            RowKind::Total => row.label.clone(),
            _ => format!("{indent}{}", row.label),
        };
        let mut marked = false;
        let cells = row
            .amounts
            .iter()
            .enumerate()
            .map(|(yi, m)| {
                let mark = unit == Unit::Tkr
                    && matches!(row.kind, RowKind::Sum | RowKind::Total)
                    && rounding_differs(table, row, yi);
                marked |= mark;
                format!(
                    "{}{}",
                    format::amount(*m, unit),
                    if mark { "*" } else { " " }
                )
            })
            .collect();
        any_marked |= marked;
        body.push((label, cells, marked));
    }
    let key = key_figure_rows(key, unit);
    let label_w = body
        .iter()
        .map(|(l, _, _)| width(l))
        .chain(key.iter().map(|(l, _)| width(l)))
        .max()
        .unwrap_or(0)
        .max(24);
    let cell_w = body
        .iter()
        .flat_map(|(_, c, _)| c.iter().map(|s| width(s)))
        .chain(key.iter().flat_map(|(_, c)| c.iter().map(|s| width(s) + 1)))
        .chain(years.iter().map(|y| width(y) + 1))
        .max()
        .unwrap_or(0)
        + 2;
    let mut s = String::new();
    let line = |s: &mut String, label: &str, cells: &[String]| {
        s.push_str(label);
        s.push_str(&" ".repeat(label_w.saturating_sub(width(label))));
        for c in cells {
            s.push_str(&" ".repeat(cell_w.saturating_sub(width(c))));
            s.push_str(c);
        }
        while s.ends_with(' ') {
            s.pop();
        }
        s.push('\n');
    };
    s.push_str(&format!(
        "{}\n{}\nBelopp i {}\n\n",
        table.association,
        table.title,
        unit.label()
    ));
    let header: Vec<String> = years.iter().map(|y| format!("{y} ")).collect();
    line(&mut s, "", &header);
    for (label, cells, _) in &body {
        line(&mut s, label, cells);
    }
    if any_marked {
        s.push_str("\n* Summan är avrundad till tkr för sig och skiljer sig från summan av de avrundade raderna.\n");
    }
    s.push_str("\nNyckeltal\n");
    for (label, cells) in &key {
        let cells: Vec<String> = cells.iter().map(|c| format!("{c} ")).collect();
        line(&mut s, label, &cells);
    }
    if let Some(o) = &table.opening {
        s.push_str("\nIngående eget kapital\n");
        let one = |m: Money| vec![format!("{} ", format::amount(m, unit))];
        line(
            &mut s,
            &format!("  Eget kapital vid utgången av {} (bokslut)", o.closed_year),
            &one(o.closed),
        );
        line(
            &mut s,
            &format!("  Prognos för resultatet {}", o.forecast_year),
            &one(o.forecast),
        );
        line(
            &mut s,
            &format!("  Eget kapital vid ingången av {}", o.forecast_year + 1),
            &one(o.opening),
        );
    }
    if !table.contributions.is_empty() {
        s.push_str("\nMedlemsbidrag per medlem\n");
        for c in &table.contributions {
            let cells: Vec<String> = c
                .amounts
                .iter()
                .map(|m| format!("{} ", format::amount(*m, unit)))
                .collect();
            line(&mut s, &format!("  {}", c.label), &cells);
        }
        for note in table.contributions.iter().filter_map(|c| c.note.as_ref()) {
            s.push_str(&format!("  Not: {note}\n"));
        }
    }
    s
}

/// The key figures the printed table ends with.
const KEY_FIGURES: [KeyFigure; 7] = [
    KeyFigure::MemberContributions,
    KeyFigure::RecommendedMax,
    KeyFigure::Band,
    KeyFigure::AdministrationShare,
    KeyFigure::DecisionRoom,
    KeyFigure::RoomAboveBandMin,
    KeyFigure::MoneyAtDisposal,
];

fn key_figure_rows(key: &KeyFigures, unit: Unit) -> Vec<(String, Vec<String>)> {
    key.select(&KEY_FIGURES)
        .into_iter()
        .map(|r| {
            (
                r.label.clone(),
                r.values.iter().map(|v| v.text(unit)).collect(),
            )
        })
        .collect()
}

/// A plain machine number: kronor with a decimal point, or whole tkr.
fn machine(m: Money, unit: Unit) -> String {
    match unit {
        Unit::Tkr => m.tkr_rounded().to_string(),
        Unit::Kr => {
            let ore = m.ore();
            if ore % 100 == 0 {
                (ore / 100).to_string()
            } else {
                let sign = if ore < 0 { "-" } else { "" };
                format!(
                    "{sign}{}.{:02}",
                    (ore / 100).unsigned_abs(),
                    (ore % 100).unsigned_abs()
                )
            }
        }
    }
}

/// The table as CSV: one row per table row, plain numbers.
pub fn csv(table: &BudgetTable, unit: Unit) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "typ".to_owned(),
        "avsnitt".to_owned(),
        "rad".to_owned(),
        "kategori".to_owned(),
    ];
    header.extend(table.years.iter().map(ToString::to_string));
    let _ = w.write_record(&header);
    for row in &table.rows {
        let mut rec = vec![
            row.kind.word().to_owned(),
            row.section.clone().unwrap_or_default(),
            row.label.clone(),
            row.category
                .map(|c| c.word().to_owned())
                .unwrap_or_default(),
        ];
        if row.amounts.is_empty() {
            rec.extend(table.years.iter().map(|_| String::new()));
        } else {
            rec.extend(row.amounts.iter().map(|m| machine(*m, unit)));
        }
        let _ = w.write_record(&rec);
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}
