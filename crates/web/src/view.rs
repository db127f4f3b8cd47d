//! What the pages show, prepared from a plan and its figures: strings already in Swedish form,
//! so templates only lay them out.

use askama::Template;
use finsam_core::format::Unit;
use finsam_core::report::{
    EquityChart, KeyFigure, RowKind, budget_table, equity_chart, key_figures,
};
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
        chart: equity_chart_svg(&chart).map_err(|e| e.to_string())?,
        caption: chart.description.clone(),
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
            message: f.message.clone(),
            kind: f.kind.label(),
            heading: match f.severity {
                finsam_core::Severity::Error => "Fel",
                finsam_core::Severity::Warning => "Varning",
                finsam_core::Severity::Notice => "Notis",
            },
            consequences: f.consequences.iter().map(|c| c.message.clone()).collect(),
        })
        .collect()
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

/// A bar of the drawn chart, in the SVG's own units.
#[derive(Debug)]
pub struct BarView {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
    fill: &'static str,
    tip: String,
    line_x1: i64,
    line_x2: i64,
    line_y: i64,
    label_x: i64,
    year: i32,
}

/// The equity chart laid out for SVG: closing equity per year as bars, against the recommended
/// maximum (a dashed line) and the association's own band (a shaded area). Presentation
/// attributes only: the CSP allows no inline styles. Text is escaped by the template.
#[derive(Template)]
#[template(path = "equity_chart.svg", escape = "html")]
struct ChartView<'a> {
    chart: &'a EquityChart,
    width: i64,
    height: i64,
    left: i64,
    band: Option<(i64, i64, i64)>,
    zero: i64,
    bars: Vec<BarView>,
    ticks: Vec<(i64, String)>,
    baseline_end: i64,
    label_y: i64,
}

/// The chart as SVG markup.
pub fn equity_chart_svg(chart: &EquityChart) -> Result<String, askama::Error> {
    let (w, h, left, bottom, top) = (640i64, 260i64, 90i64, 30i64, 20i64);
    let (max, min) = (chart.axis_max.ore(), chart.axis_min.ore());
    let span = i128::from(max) - i128::from(min);
    let plot_h = h - bottom - top;
    let y_of = |ore: i64| -> i64 {
        let frac = (i128::from(max) - i128::from(ore)) * i128::from(plot_h) / span.max(1);
        top + i64::try_from(frac).unwrap_or(0)
    };
    let n = i64::try_from(chart.bars.len()).unwrap_or(1).max(1);
    let slot = (w - left - 10) / n;
    let zero = y_of(0);
    let bars = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let x = left + slot * i64::try_from(i).unwrap_or(0);
            let yv = y_of(b.closing.ore());
            let (y, height) = if yv < zero {
                (yv, zero - yv)
            } else {
                (zero, yv - zero)
            };
            BarView {
                x: x + slot / 4,
                y,
                width: slot / 2,
                height: height.max(1),
                fill: if b.warning { "#b3261e" } else { "#1f5f99" },
                tip: format!(
                    "{}: {}",
                    b.year,
                    finsam_core::format::exact_with_unit(b.closing, chart.unit)
                ),
                line_x1: x + 4,
                line_x2: x + slot - 4,
                line_y: y_of(b.recommended_max.ore()),
                label_x: x + slot / 2,
                year: b.year,
            }
        })
        .collect();
    ChartView {
        chart,
        width: w,
        height: h,
        left,
        band: chart.band.map(|b| {
            // A band with one end reaches the edge of the chart on the other side.
            let top = b.max.unwrap_or(chart.axis_max);
            let bottom = b.min.unwrap_or(chart.axis_min);
            let (y1, y2) = (y_of(top.ore()), y_of(bottom.ore()));
            (y1, w - left - 10, (y2 - y1).max(1))
        }),
        zero,
        bars,
        ticks: vec![
            (
                y_of(max) + 4,
                finsam_core::format::exact(chart.axis_max, chart.unit),
            ),
            (zero + 4, "0".to_owned()),
        ],
        baseline_end: w - 10,
        label_y: h - 8,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_escapes_its_text() {
        let chart = EquityChart {
            title: "<b>&'\"",
            description: String::new(),
            bars: Vec::new(),
            band: None,
            axis_max: finsam_core::Money::from_ore(1),
            axis_min: finsam_core::Money::ZERO,
            unit: Unit::Kr,
        };
        let svg = equity_chart_svg(&chart).expect("renders");
        assert!(svg.contains("&#60;b&#62;&#38;&#39;&#34;"), "{svg}");
    }

    #[test]
    fn the_chart_has_a_bar_per_year_and_a_text_alternative() {
        let plan = finsam_core::plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
            .expect("reads")
            .plan;
        let fig = finsam_core::compute(&plan).expect("computes");
        let svg = equity_chart_svg(&equity_chart(&plan, &fig)).expect("renders");
        // The drawing itself, kept as a file so that a change to it is seen in review.
        let expected = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/expected/equity-chart-sofint.svg");
        if std::env::var_os("FINSAM_UPDATE_EXPECTED").is_some() {
            std::fs::write(&expected, &svg).expect("writes");
        }
        assert_eq!(
            svg,
            std::fs::read_to_string(&expected).expect("reads the expected chart"),
            "differs from {}",
            expected.display()
        );
        assert_eq!(svg.matches("<rect x=").count(), 4, "band + three bars");
        assert!(svg.contains("<title>2024: 340 175 kr</title>"));
        assert!(svg.contains("role=\"img\""));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }
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

/// One category's bars, in the SVG's own units.
#[derive(Debug)]
pub struct CategoryBarView {
    label: String,
    label_y: i64,
    budget_y: i64,
    budget_w: i64,
    budget_text: String,
    actual_y: i64,
    actual_w: i64,
    actual_text: String,
    fill: &'static str,
}

/// The follow-up's chart laid out: per cost category a label, the budget's bar (light) and the
/// actual's (dark blue, red when over budget), each with its amount written beside it, so that
/// colour is never the only carrier. Horizontal, so that it reads on a phone.
#[derive(Template)]
#[template(path = "category_chart.svg", escape = "html")]
struct CategoryChartView<'a> {
    chart: &'a finsam_core::actuals::CategoryChart,
    width: i64,
    height: i64,
    bars: Vec<CategoryBarView>,
}

/// The follow-up's chart as SVG markup.
pub fn category_chart_svg(
    chart: &finsam_core::actuals::CategoryChart,
) -> Result<String, askama::Error> {
    // Room on the right for the longest amount's words ("utfall 1 189 503 kr").
    let (width, bar_room, per) = (640i64, 420i64, 64i64);
    let max = i128::from(chart.axis_max.ore()).max(1);
    let w = |m: finsam_core::Money| -> i64 {
        let scaled = i128::from(m.ore().max(0)) * i128::from(bar_room) / max;
        i64::try_from(scaled).unwrap_or(bar_room).max(1)
    };
    let bars: Vec<CategoryBarView> = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let top = per * i64::try_from(i).unwrap_or(0);
            CategoryBarView {
                label: b.label.clone(),
                label_y: top + 16,
                budget_y: top + 22,
                budget_w: w(b.budget),
                budget_text: finsam_core::format::kr_with_unit(b.budget),
                actual_y: top + 40,
                actual_w: w(b.actual),
                actual_text: finsam_core::format::kr_with_unit(b.actual),
                fill: if b.over { "#b3261e" } else { "#1f5f99" },
            }
        })
        .collect();
    let height = (per * i64::try_from(bars.len()).unwrap_or(0)).max(per) + 8;
    CategoryChartView {
        chart,
        width,
        height,
        bars,
    }
    .render()
}
