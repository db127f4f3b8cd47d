//! What the pages show, prepared from a plan and its figures: strings already in Swedish form,
//! so templates only lay them out.

use askama::Template;
use finsam_core::format::Unit;
use finsam_core::report::{KeyFigure, RowKind, budget_table, equity_chart, key_figures};
use finsam_core::{Figures, Finding, Plan, Severity};

/// One row of a table with a label and a cell per year.
#[derive(Debug, Clone)]
pub struct Row {
    /// First column.
    pub label: String,
    /// One cell per year.
    pub cells: Vec<String>,
    /// `line`, `sum`, `total` or `heading`, for styling.
    pub kind: &'static str,
    /// For lines: the section and line index, for edit links.
    pub at: Option<(usize, usize)>,
    /// For lines: the line's fingerprint, which delete and move forms carry.
    pub fingerprint: String,
    /// How deep the row's section sits (1 at the top), for indentation.
    pub depth: usize,
    /// A hard concept's explanation beside its label, and its glossary anchor.
    pub help: Option<&'static crate::pages::Term>,
}

/// A finding as shown.
#[derive(Debug, Clone)]
pub struct FindingView {
    /// `fel` or `varning`.
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// The kind in words ("Eget kapital över rekommendationen").
    pub kind: &'static str,
    /// The severity as a heading word: "Fel", "Varning", "Notis".
    pub heading: &'static str,
    /// The messages of what follows only from this finding.
    pub consequences: Vec<String>,
}

/// The key figures, findings and chart of a plan, laid out once per version: the same for every
/// user, so a page only puts it in its place.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// How many findings are errors.
    pub errors: usize,
    /// The key figures table, the chart and the findings as HTML (escaped by the template).
    pub html: String,
}

/// The part of the dashboard that depends only on the version.
#[derive(Template)]
#[template(path = "dashboard_figures.html")]
struct DashboardFigures {
    /// Column headings.
    years: Vec<String>,
    /// Key figures per year.
    key_rows: Vec<Row>,
    /// All findings.
    findings: Vec<FindingView>,
    /// The equity chart as SVG markup (built from numbers and escaped text only).
    chart: String,
    /// Its caption: what it shows, the band only when the plan has one.
    caption: String,
    /// "kronor" or "tusental kronor (tkr)".
    unit_words: &'static str,
}

/// The key figures the dashboard shows.
const KEY_FIGURES: [KeyFigure; 7] = [
    KeyFigure::Result,
    KeyFigure::EquityClosing,
    KeyFigure::RecommendedMax,
    KeyFigure::Band,
    KeyFigure::AdministrationShare,
    KeyFigure::DecisionRoom,
    KeyFigure::MoneyAtDisposal,
];

/// The key figures of a plan.
pub fn dashboard(
    plan: &Plan,
    fig: &Figures,
    findings: &[Finding],
    unit: Unit,
) -> Result<Dashboard, String> {
    let years: Vec<String> = fig.years.iter().map(ToString::to_string).collect();
    // Shown in the unit asked for: by default the one the plan's document writes (kr or tkr).
    let key = key_figures(plan, fig, unit);
    let key_rows = key
        .select(&KEY_FIGURES)
        .into_iter()
        .map(|r| Row {
            label: r.label.clone(),
            cells: r.values.iter().map(|v| v.text(unit)).collect(),
            kind: "line",
            at: None,
            fingerprint: String::new(),
            depth: 1,
            help: crate::pages::term(match r.figure {
                KeyFigure::DecisionRoom => "beslutsutrymme",
                KeyFigure::RecommendedMax => "rekommendation",
                KeyFigure::AdministrationShare => "administrationsandel",
                KeyFigure::Band => "intervall",
                KeyFigure::MoneyAtDisposal => "medel-till-forfogande",
                _ => "",
            }),
        })
        .collect();
    let findings = finding_views(findings);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error.word())
        .count();
    let mut chart = equity_chart(plan, fig);
    chart.unit = unit;
    let html = DashboardFigures {
        years,
        key_rows,
        findings,
        chart: crate::charts::equity_chart_svg(&chart).map_err(|e| e.to_string())?,
        caption: unbroken(&chart.description),
        unit_words: unit_words(unit),
    }
    .render()
    .map_err(|e| e.to_string())?;
    Ok(Dashboard { errors, html })
}

/// The choice of unit on a page: each unit's word, link and whether it is shown now.
pub fn unit_choices(base: &str, shown: Unit) -> Vec<(&'static str, String, bool)> {
    [Unit::Kr, Unit::Tkr]
        .into_iter()
        .map(|u| {
            let join = if base.contains('?') { '&' } else { '?' };
            (
                u.label(),
                format!("{base}{join}enhet={}", u.label()),
                u == shown,
            )
        })
        .collect()
}

/// The index of a unit in per-unit caches.
pub fn unit_index(unit: Unit) -> usize {
    match unit {
        Unit::Kr => 0,
        Unit::Tkr => 1,
    }
}

/// The unit in a table's caption: "kronor" or "tusental kronor (tkr)".
pub fn unit_words(unit: Unit) -> &'static str {
    match unit {
        Unit::Kr => "kronor",
        Unit::Tkr => "tusental kronor (tkr)",
    }
}

/// Findings as shown.
pub fn finding_views(findings: &[Finding]) -> Vec<FindingView> {
    findings
        .iter()
        .map(|f| FindingView {
            severity: f.severity.word(),
            message: unbroken(&f.message),
            kind: f.kind.label(),
            heading: match f.severity {
                finsam_core::Severity::Error => "Fel",
                finsam_core::Severity::Warning => "Varning",
                finsam_core::Severity::Notice => "Notis",
            },
            consequences: f
                .consequences
                .iter()
                .map(|c| unbroken(&c.message))
                .collect(),
        })
        .collect()
}

/// A sentence with its amounts kept whole on a line: the space inside a number ("1 803 005")
/// and the one before its unit ("005 kr", "29,9 %") become no-break spaces, so that a narrow
/// screen never shows "1" at the end of one line and "803 005 kr" on the next. For prose only:
/// tables keep their cells from wrapping with CSS.
pub fn unbroken(text: &str) -> String {
    const UNITS: [&str; 3] = ["kr", "tkr", "%"];
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = None;
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        let next_is_number = rest.starts_with(|n: char| n.is_ascii_digit());
        let next_is_unit = UNITS.iter().any(|u| {
            rest.strip_prefix(u)
                .is_some_and(|after| after.chars().next().is_none_or(|n| !n.is_alphanumeric()))
        });
        let after_digit = previous.is_some_and(|p: char| p.is_ascii_digit());
        if c == ' ' && after_digit && (next_is_number || next_is_unit) {
            out.push('\u{a0}');
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// The budget table with edit positions for lines.
pub fn budget_rows(plan: &Plan, fig: &Figures, unit: Unit) -> Vec<Row> {
    let table = budget_table(plan, fig);
    table
        .rows
        .iter()
        .map(|r| Row {
            label: r.label.clone(),
            cells: r
                .amounts
                .iter()
                .map(|m| finsam_core::format::exact(*m, unit))
                .collect(),
            kind: match r.kind {
                RowKind::Heading => "heading",
                RowKind::Line => "line",
                RowKind::Sum => "sum",
                RowKind::Total => "total",
            },
            fingerprint: r
                .at
                .and_then(|(s, l)| plan.budget.sections.get(s)?.lines.get(l))
                .map(finsam_app::plan_edit::fingerprint)
                .unwrap_or_default(),
            at: r.at,
            depth: r.depth,
            help: None,
        })
        .collect()
}

/// The links between the pages of a long list (see `templates/pager.html`): `?sida=N` added to
/// the list's own address and query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// This page, from 1.
    pub page: u32,
    /// How many pages.
    pub pages: u32,
    /// Items in the whole list.
    pub total: i64,
    /// The previous page's address, if there is one.
    pub previous: Option<String>,
    /// The next page's address, if there is one.
    pub next: Option<String>,
}

impl Pager {
    /// The pager of `paged`, whose list is at `base` with the query `query` (without `sida`).
    pub fn new<T>(paged: &finsam_store::Paged<T>, base: &str, query: &[(String, String)]) -> Pager {
        let page = paged.request.page;
        let pages = paged.pages();
        let url = |n: u32| {
            let mut q: Vec<(String, String)> = query
                .iter()
                .filter(|(k, v)| k != "sida" && !v.is_empty())
                .cloned()
                .collect();
            q.push(("sida".into(), n.to_string()));
            format!(
                "{base}?{}",
                serde_urlencoded::to_string(&q).unwrap_or_default()
            )
        };
        Pager {
            page,
            pages,
            total: paged.total,
            previous: (page > 1).then(|| url(page - 1)),
            next: (page < pages).then(|| url(page + 1)),
        }
    }
}

/// The page asked for in `?sida=N` (1 when missing or not a number).
pub fn page_asked(query: &std::collections::BTreeMap<String, String>) -> u32 {
    query
        .get("sida")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod unbroken_tests {
    use super::unbroken;

    #[test]
    fn amounts_stay_whole_and_words_wrap() {
        assert_eq!(
            unbroken("kostnader 1 803 005 kr mot 29,9 % och 12 tkr, 2024 och 2025"),
            "kostnader 1\u{a0}803\u{a0}005\u{a0}kr mot 29,9\u{a0}% och 12\u{a0}tkr, 2024 och 2025"
        );
        // A year before a word, or "kr" starting a longer word, is left alone.
        assert_eq!(unbroken("2024 krävs"), "2024 krävs");
        assert_eq!(unbroken(""), "");
    }
}
