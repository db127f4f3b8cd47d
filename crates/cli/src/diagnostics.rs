//! Errors and findings with their place in the file: `file:line:col`, the line, a caret under
//! the spot and the Swedish message (rendered by annotate-snippets, with Swedish level names).

use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use finsam_core::Severity;

/// Renders one message about `span` of `source`.
pub fn render(
    path: &Path,
    source: &str,
    span: Option<Range<usize>>,
    severity: Severity,
    message: &str,
) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR.with_name("fel"),
        Severity::Warning => Level::WARNING.with_name("varning"),
    };
    let path = path.display().to_string();
    let title = level.primary_title(message);
    let group = match span {
        Some(span) => {
            let span = clamp(source, span);
            title.element(
                Snippet::source(source)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        // Without a place (a file that is not text) there is no line to show.
        None => return format!("{}: {message}\n --> {path}", severity.word()),
    };
    Renderer::plain().render(&[group])
}

/// Keeps a span inside the text and on character boundaries, and at least one character wide
/// where there is one, so that the caret has something to stand under.
fn clamp(source: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    if end == start
        && let Some(c) = source[start..].chars().next().filter(|c| *c != '\n')
    {
        end = start + c.len_utf8();
    }
    start..end
}
