//! What the pages show, prepared from a plan and its figures: strings already in Swedish form,
//! so templates only lay them out.

use finsam_core::format::{self, kr};
use finsam_core::report::{RowKind, budget_table};
use finsam_core::{Figures, Finding, Plan, Severity};

/// Escapes text for HTML (used where markup is built in Rust, like the chart).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
}

/// A finding as shown.
#[derive(Debug, Clone)]
pub struct FindingView {
    /// `fel` or `varning`.
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// The stable code.
    pub code: &'static str,
}

/// The key figures, findings and chart of a plan.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// Column headings.
    pub years: Vec<String>,
    /// Key figures per year.
    pub key_rows: Vec<Row>,
    /// All findings.
    pub findings: Vec<FindingView>,
    /// How many findings are errors.
    pub errors: usize,
    /// The equity chart as SVG markup (built from numbers and escaped text only).
    pub chart: String,
}

/// The key figures of a plan.
pub fn dashboard(plan: &Plan, fig: &Figures, findings: &[Finding]) -> Dashboard {
    let years: Vec<String> = fig.years.iter().map(ToString::to_string).collect();
    let col = |f: &dyn Fn(&finsam_core::YearFigures) -> String| {
        fig.per_year.iter().map(f).collect::<Vec<_>>()
    };
    let row = |label: String, cells: Vec<String>| Row {
        label,
        cells,
        kind: "line",
        at: None,
        fingerprint: String::new(),
    };
    let mut key_rows = vec![
        row("Resultat".into(), col(&|y| kr(y.result))),
        row(
            "Eget kapital vid årets slut".into(),
            col(&|y| kr(y.equity_closing)),
        ),
        row(
            format!(
                "Rekommenderat högsta eget kapital ({} av medlemsbidragen)",
                plan.rules.equity_recommendation
            ),
            col(&|y| kr(y.equity_recommended_max)),
        ),
    ];
    if let Some(band) = plan.rules.equity_band {
        key_rows.push(row(
            format!("Förbundets intervall {}–{}", kr(band.min), kr(band.max)),
            col(&|y| {
                if y.equity_closing < band.min {
                    "under".into()
                } else if y.equity_closing > band.max {
                    "över".into()
                } else {
                    "inom".into()
                }
            }),
        ));
    }
    let goal = plan
        .rules
        .administration_share_max
        .map(|p| format!(" (mål högst {p})"))
        .unwrap_or_default();
    key_rows.push(row(
        format!("Administrationsandel{goal}"),
        col(&|y| {
            y.administration_share
                .map_or_else(|| "–".into(), |s| format::percent(s, 1))
        }),
    ));
    key_rows.push(row(
        "Kvarvarande beslutsutrymme".into(),
        col(&|y| kr(y.decision_room)),
    ));
    let findings = finding_views(findings);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error.word())
        .count();
    Dashboard {
        years,
        key_rows,
        findings,
        errors,
        chart: equity_chart(plan, fig),
    }
}

/// Findings as shown.
pub fn finding_views(findings: &[Finding]) -> Vec<FindingView> {
    findings
        .iter()
        .map(|f| FindingView {
            severity: f.severity.word(),
            message: f.message.clone(),
            code: f.kind.code(),
        })
        .collect()
}

/// The budget table with edit positions for lines.
pub fn budget_rows(plan: &Plan, fig: &Figures) -> Vec<Row> {
    let table = budget_table(plan, fig);
    let mut positions = Vec::new();
    for (si, s) in plan.budget.sections.iter().enumerate() {
        for li in 0..s.lines.len() {
            positions.push((si, li));
        }
    }
    let mut next = positions.into_iter();
    table
        .rows
        .iter()
        .map(|r| {
            let at = (r.kind == RowKind::Line).then(|| next.next()).flatten();
            Row {
                label: r.label.clone(),
                cells: r.amounts.iter().map(|m| kr(*m)).collect(),
                kind: match r.kind {
                    RowKind::Heading => "heading",
                    RowKind::Line => "line",
                    RowKind::Sum => "sum",
                    RowKind::Total => "total",
                },
                fingerprint: at
                    .and_then(|(s, l)| plan.budget.sections.get(s)?.lines.get(l))
                    .map(finsam_app::plan_edit::fingerprint)
                    .unwrap_or_default(),
                at,
            }
        })
        .collect()
}

/// Closing equity per year as bars, against the recommended maximum (a line) and the
/// association's own band (a shaded area). Presentation attributes only: the CSP allows no
/// inline styles.
pub fn equity_chart(plan: &Plan, fig: &Figures) -> String {
    let (w, h, left, bottom, top) = (640i64, 260i64, 90i64, 30i64, 20i64);
    let mut values: Vec<i64> = fig
        .per_year
        .iter()
        .flat_map(|y| {
            [
                y.equity_closing.ore(),
                y.equity_recommended_max.ore(),
                y.equity_opening.ore(),
            ]
        })
        .collect();
    if let Some(b) = plan.rules.equity_band {
        values.extend([b.min.ore(), b.max.ore()]);
    }
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let min = values.iter().copied().min().unwrap_or(0).min(0);
    let span = i128::from(max) - i128::from(min);
    let plot_h = h - bottom - top;
    let y_of = |ore: i64| -> i64 {
        let frac = (i128::from(max) - i128::from(ore)) * i128::from(plot_h) / span.max(1);
        top + i64::try_from(frac).unwrap_or(0)
    };
    let n = i64::try_from(fig.per_year.len()).unwrap_or(1).max(1);
    let slot = (w - left - 10) / n;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-title\">Eget kapital vid årets slut mot rekommendationen</title>\
         <desc id=\"chart-desc\">Staplar: eget kapital vid årets slut. Streck: rekommenderat högsta eget kapital. \
         Skuggat fält: förbundets eget intervall. Samma siffror finns i tabellen ovan.</desc>"
    );
    if let Some(b) = plan.rules.equity_band {
        let (y1, y2) = (y_of(b.max.ore()), y_of(b.min.ore()));
        svg.push_str(&format!(
            "<rect x=\"{left}\" y=\"{y1}\" width=\"{}\" height=\"{}\" fill=\"#dfeedd\"/>",
            w - left - 10,
            (y2 - y1).max(1)
        ));
    }
    let zero = y_of(0);
    svg.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{zero}\" x2=\"{}\" y2=\"{zero}\" stroke=\"#333\"/>",
        w - 10
    ));
    for (i, y) in fig.per_year.iter().enumerate() {
        let x = left + slot * i64::try_from(i).unwrap_or(0);
        let bar_w = slot / 2;
        let bx = x + slot / 4;
        let yv = y_of(y.equity_closing.ore());
        let (by, bh) = if yv < zero {
            (yv, zero - yv)
        } else {
            (zero, yv - zero)
        };
        let fill = if y.equity_closing > y.equity_recommended_max || y.equity_closing.is_negative()
        {
            "#b3261e"
        } else {
            "#1f5f99"
        };
        svg.push_str(&format!(
            "<rect x=\"{bx}\" y=\"{by}\" width=\"{bar_w}\" height=\"{}\" fill=\"{fill}\"><title>{}: {} kr</title></rect>",
            bh.max(1),
            y.year,
            escape(&kr(y.equity_closing))
        ));
        let ry = y_of(y.equity_recommended_max.ore());
        svg.push_str(&format!(
            "<line x1=\"{}\" y1=\"{ry}\" x2=\"{}\" y2=\"{ry}\" stroke=\"#000\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>",
            x + 4,
            x + slot - 4
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#000\">{}</text>",
            x + slot / 2,
            h - 8,
            y.year
        ));
    }
    for (ore, label) in [
        (max, kr(finsam_core::Money::from_ore(max))),
        (0, "0".to_owned()),
    ] {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"#000\">{}</text>",
            left - 6,
            y_of(ore) + 4,
            escape(&label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn the_chart_has_a_bar_per_year_and_a_text_alternative() {
        let plan = finsam_core::plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
            .expect("reads")
            .plan;
        let fig = finsam_core::compute(&plan).expect("computes");
        let svg = equity_chart(&plan, &fig);
        assert_eq!(svg.matches("<rect x=").count(), 4, "band + three bars");
        assert!(svg.contains("<title>2024: 340 175 kr</title>"));
        assert!(svg.contains("role=\"img\""));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }
}
