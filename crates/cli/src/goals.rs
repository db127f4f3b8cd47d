//! `finsam goals FILE`: the goals by area with their measurement points and assessments.

use std::io::Write;
use std::path::Path;

use finsam_core::report::goals_table;

use crate::cli::{GoalsFormat, Outcome};

/// Runs the command.
pub fn run(path: &Path, fmt: GoalsFormat, out: &mut impl Write) -> Outcome {
    let Some(input) = crate::input::load(path) else {
        return Outcome::Unreadable;
    };
    let values = finsam_core::computed::FigureValues::of_plan(&input.figures);
    let rows = goals_table(&input.loaded.plan, &values);
    let mut s = String::new();
    match fmt {
        GoalsFormat::Json => {
            s = serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
        }
        GoalsFormat::Text => {
            let (mut area, mut goal) = (None, None);
            for r in &rows {
                if area != Some(&r.area) {
                    s.push_str(&format!(
                        "{}{}\n",
                        if area.is_some() { "\n" } else { "" },
                        r.area
                    ));
                    area = Some(&r.area);
                    goal = None;
                }
                if goal != Some(&r.goal) {
                    s.push_str(&format!("  Mål: {}\n", r.goal));
                    goal = Some(&r.goal);
                }
                if r.measure.is_empty() {
                    // A goal without measurement points: its notice instead.
                    if let Some(c) = &r.comment {
                        s.push_str(&format!("    ({c})\n"));
                    }
                    continue;
                }
                s.push_str(&format!("    – {}\n", r.measure));
                if let Some(f) = &r.figure {
                    s.push_str(&format!("      Räknas fram: {f}\n"));
                }
                if let Some(t) = &r.thresholds {
                    s.push_str(&format!("      Gränser: {t}\n"));
                }
                if let Some(v) = &r.value {
                    s.push_str(&format!("      Värde: {v}\n"));
                }
                let how = if r.computed {
                    " (beräknad ur värdet)"
                } else {
                    ""
                };
                let a = r.assessment.map_or("ej bedömd", |a| a.word());
                s.push_str(&format!("      Bedömning: {a}{how}\n"));
                if let Some(c) = &r.comment {
                    s.push_str(&format!("      Kommentar: {c}\n"));
                }
            }
        }
    }
    match out.write_all(s.as_bytes()) {
        Ok(()) => Outcome::Clean,
        Err(e) => {
            eprintln!("fel: kunde inte skriva utdata: {e}");
            Outcome::Unreadable
        }
    }
}
