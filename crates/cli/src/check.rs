//! `finsam check FILE`: silent and exit 0 when the plan is clean; each finding with its place
//! and exit 1 otherwise; exit 2 when the file cannot be read.

use std::io::Write;
use std::path::Path;

use finsam_core::Severity;

use crate::cli::Outcome;
use crate::diagnostics::render;

/// Runs the command.
pub fn run(path: &Path, out: &mut impl Write) -> Outcome {
    let Some(input) = crate::input::load(path) else {
        return Outcome::Unreadable;
    };
    let findings = finsam_core::check(&input.loaded.plan, &input.figures);
    if findings.is_empty() {
        return Outcome::Clean;
    }
    for f in &findings {
        let span = f.location().and_then(|l| input.loaded.sources.span(l));
        let mut text = render(
            path,
            &input.source,
            span,
            f.severity,
            &format!("{} [{}]", f.message, f.kind.code()),
        );
        // What follows only from this finding stands beneath it, without a snippet of its own.
        if !f.consequences.is_empty() {
            text.push_str(&format!(
                "\n  Följder av samma skillnad ({}):",
                f.consequences.len()
            ));
            for c in &f.consequences {
                let at = c
                    .location()
                    .and_then(|l| input.loaded.sources.span(l))
                    .map(|s| {
                        let (line, col) = finsam_core::plan_file::line_col(&input.source, s.start);
                        format!(" (rad {line}, kolumn {col})")
                    })
                    .unwrap_or_default();
                text.push_str(&format!("\n  – {}{at} [{}]", c.message, c.kind.code()));
            }
        }
        let _ = writeln!(out, "{text}\n");
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, notices) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Notice),
    );
    let consequences: usize = findings.iter().map(|f| f.consequences.len()).sum();
    let mut summary = format!("{}: {errors} fel och {warnings} varningar", path.display());
    if consequences > 0 {
        summary.push_str(&format!(
            ", med {consequences} följder listade under sina orsaker"
        ));
    }
    if notices > 0 {
        summary.push_str(&format!(
            "; {notices} {}",
            if notices == 1 { "notis" } else { "notiser" }
        ));
    }
    let _ = writeln!(out, "{summary}.");
    if errors + warnings == 0 {
        // Notices alone are information, not findings to act on.
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}
