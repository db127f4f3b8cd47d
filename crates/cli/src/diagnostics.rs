//! Errors and findings with their place in the file: `file:line:col`, the line, a caret under
//! the spot and the Swedish message (rendered by annotate-snippets, with Swedish level names).

use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use finsam_core::Severity;

/// How much of a long line is shown on either side of the spot (bytes): a plan written on one
/// line of a megabyte is shown as the few words around each error, so that a hundred errors
/// cost no more to show than a hundred short lines.
const AROUND: usize = 160;

/// Renders one message about `span` of `source`: only the line it is on (its part around the
/// spot, when the line is long) is given to the renderer, with the place in the whole file.
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
        Severity::Notice => Level::NOTE.with_name("notis"),
    };
    let path = path.display().to_string();
    let title = level.primary_title(message);
    let group = match span {
        Some(span) => {
            let span = clamp(source, span);
            let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = source[span.end..]
                .find('\n')
                .map_or(source.len(), |i| span.end + i);
            let from = boundary(
                source,
                line_start.max(span.start.saturating_sub(AROUND)),
                false,
            );
            let to = boundary(source, line_end.min(span.end.saturating_add(AROUND)), true);
            let (line, column) = finsam_core::plan_file::line_col(source, span.start);
            let snippet = Snippet::source(&source[from..to])
                .line_start(line)
                .annotation(AnnotationKind::Primary.span(span.start - from..span.end - from));
            if from == line_start {
                // The whole line: the renderer counts the column itself.
                title.element(snippet.path(path))
            } else {
                // Part of a long line: the place is written here, as the renderer would.
                let rendered = Renderer::plain().render(&[title.element(snippet)]);
                let (head, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
                let indent = " ".repeat(line.to_string().len());
                return format!("{head}\n{indent}--> {path}:{line}:{column}\n{rest}");
            }
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

/// `at` moved to a character boundary: back when `up` is false, forward when it is true.
fn boundary(source: &str, mut at: usize, up: bool) -> usize {
    at = at.min(source.len());
    while !source.is_char_boundary(at) {
        if up {
            at += 1;
        } else {
            at -= 1;
        }
    }
    at
}
