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
        let _ = writeln!(
            out,
            "{}\n",
            render(
                path,
                &input.source,
                span,
                f.severity,
                &format!("{} [{}]", f.message, f.kind.code())
            )
        );
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "{}: {} fel och {} varningar.",
        path.display(),
        errors,
        findings.len() - errors
    );
    Outcome::Findings
}
