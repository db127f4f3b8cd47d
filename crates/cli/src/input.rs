//! Reading a plan file for a command: the file, the plan in it and its figures, or the
//! errors, printed with their places.

use std::path::Path;

use finsam_core::plan_file::{self, LoadedPlan};
use finsam_core::{Figures, Severity};

use crate::diagnostics::render;

/// A plan file that was read, with its text and figures.
pub struct Input {
    /// The file's text.
    pub source: String,
    /// The plan and its source map.
    pub loaded: LoadedPlan,
    /// The computed figures.
    pub figures: Figures,
}

/// Plan files are small; anything larger than this is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads and computes the plan in `path`, or prints why it cannot and returns `None`.
pub fn load(path: &Path) -> Option<Input> {
    let fail = |msg: String| {
        eprintln!("fel: {msg}");
        None
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return fail(format!("{} är en mapp, inte en planfil", path.display()));
        }
        Ok(m) if m.len() > MAX_BYTES => {
            return fail(format!(
                "{} är för stor för en planfil ({} byte; högst {MAX_BYTES})",
                path.display(),
                m.len()
            ));
        }
        _ => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(format!("filen {} finns inte", path.display()));
        }
        Err(e) => return fail(format!("kan inte läsa {}: {e}", path.display())),
    };
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let loaded = match plan_file::read_bytes(&bytes) {
        Ok(l) => l,
        Err(errors) => {
            // Text that is not UTF-8 would only show as noise under the caret.
            let is_text = std::str::from_utf8(&bytes).is_ok();
            for e in &errors {
                let span = is_text.then(|| e.span.clone());
                eprintln!(
                    "{}\n",
                    render(path, &source, span, Severity::Error, &e.message)
                );
            }
            eprintln!(
                "{} kunde inte läsas ({} fel).",
                path.display(),
                errors.len()
            );
            return None;
        }
    };
    let figures = match finsam_core::compute(&loaded.plan) {
        Ok(f) => f,
        Err(e) => {
            let span = loaded.sources.span(e.location);
            eprintln!(
                "{}",
                render(path, &source, span, Severity::Error, &e.to_string())
            );
            return None;
        }
    };
    Some(Input {
        source,
        loaded,
        figures,
    })
}
