//! The charts as SVG, drawn from core's chart structs (which decide every number and the text
//! alternative): the equity path against the recommendation and the band, budget against
//! actual per cost category, and the year's cost curve against the budget's profile.
//!
//! All three share one coordinate space, 400 units wide, with text of 12–15 units: on a phone
//! (about 360 px of width) the text is drawn at 11–14 px, on a desktop (the figure is at most
//! 34 rem wide) at most about 20 px. Presentation attributes only (the CSP allows no inline
//! styles); every text is escaped by the templates; colour is never the only carrier: amounts are
//! written beside bars and lines, line styles differ, and a legend names each mark.

use askama::Template;
use finsam_core::Money;
use finsam_core::format::{Unit, amount, exact_with_unit, kr_with_unit};
use finsam_core::report::EquityChart;

/// The width of every chart, in its own units.
const WIDTH: i64 = 400;
/// Blue for the bars and the booked line; red for a warning.
const BLUE: &str = "#1f5f99";
const RED: &str = "#b3261e";

/// A vertical axis from `min` to `max` (öre) drawn between `top` and `bottom` (SVG units), with
/// round ticks: 0 and steps of 1, 2 or 5 × 10ⁿ kronor, four or five of them.
struct Axis {
    min: i128,
    max: i128,
    top: i64,
    bottom: i64,
    step: i128,
}

impl Axis {
    fn new(min: Money, max: Money, (top, bottom): (i64, i64)) -> Axis {
        let (lo, hi) = (i128::from(min.ore().min(0)), i128::from(max.ore().max(1)));
        let step = nice_step((hi - lo) / 4);
        // Round the ends out to whole steps, so that the top tick is the top of the plot.
        let min = lo.div_euclid(step) * step;
        let max = (hi + step - 1).div_euclid(step) * step;
        Axis {
            min,
            max,
            top,
            bottom,
            step,
        }
    }

    /// The SVG y of an amount.
    fn y(&self, m: Money) -> i64 {
        self.y_ore(i128::from(m.ore()))
    }

    fn y_ore(&self, ore: i128) -> i64 {
        let span = (self.max - self.min).max(1);
        let frac =
            (self.max - ore.clamp(self.min, self.max)) * i128::from(self.bottom - self.top) / span;
        self.top + i64::try_from(frac).unwrap_or(0)
    }

    /// Each tick: its y and its amount written in `unit`.
    fn ticks(&self, unit: Unit) -> Vec<(i64, String)> {
        let mut out = Vec::new();
        let mut v = self.min;
        while v <= self.max && out.len() < 12 {
            let m = Money::from_ore(i64::try_from(v).unwrap_or(0));
            out.push((self.y_ore(v), amount(m, unit)));
            v += self.step;
        }
        out
    }
}

/// A round step (1, 2 or 5 × 10ⁿ kronor, in öre) at least `rough` öre.
fn nice_step(rough: i128) -> i128 {
    let mut base: i128 = 100;
    loop {
        for k in [1, 2, 5] {
            if base * k >= rough {
                return base * k;
            }
        }
        base = base.saturating_mul(10);
        if base > i128::from(i64::MAX) {
            return base;
        }
    }
}

/// A bar of the equity chart.
#[derive(Debug)]
struct EquityBarView {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
    fill: &'static str,
    tip: String,
    value: String,
    value_y: i64,
    line_x1: i64,
    line_x2: i64,
    line_y: i64,
    /// The recommended maximum, written above its line.
    line_text: String,
    label_x: i64,
    year: i32,
}

/// The equity chart laid out: closing equity per year as bars with their amounts, the
/// recommended maximum per year as a dashed line, the förbund's band as a shaded area, round
/// ticks with grid lines, and a legend.
#[derive(Template)]
#[template(path = "equity_chart.svg", escape = "html")]
struct EquityChartView<'a> {
    chart: &'a EquityChart,
    width: i64,
    height: i64,
    left: i64,
    right: i64,
    band: Option<(i64, i64)>,
    zero: i64,
    bars: Vec<EquityBarView>,
    ticks: Vec<(i64, String)>,
    unit: &'static str,
    label_y: i64,
    legend_y: i64,
    warning: bool,
}

/// The equity chart as SVG markup.
pub fn equity_chart_svg(chart: &EquityChart) -> Result<String, askama::Error> {
    let (left, right, top, plot_bottom) = (64i64, WIDTH - 8, 30i64, 240i64);
    let axis = Axis::new(chart.axis_min, chart.axis_max, (top, plot_bottom));
    let zero = axis.y(Money::ZERO);
    let n = i64::try_from(chart.bars.len()).unwrap_or(1).max(1);
    let slot = (right - left) / n;
    let bars = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let x = left + slot * i64::try_from(i).unwrap_or(0);
            let yv = axis.y(b.closing);
            let (y, height) = if yv < zero {
                (yv, zero - yv)
            } else {
                (zero, yv - zero)
            };
            EquityBarView {
                x: x + slot / 4,
                y,
                width: slot / 2,
                height: height.max(1),
                fill: if b.warning { RED } else { BLUE },
                tip: format!("{}: {}", b.year, exact_with_unit(b.closing, chart.unit)),
                value: amount(b.closing, chart.unit),
                // Above a bar that rises, below one that falls.
                value_y: if b.closing.is_negative() {
                    y + height + 14
                } else {
                    y - 5
                },
                line_x1: x + 4,
                line_x2: x + slot - 4,
                line_y: axis.y(b.recommended_max),
                line_text: format!("rek. {}", amount(b.recommended_max, chart.unit)),
                label_x: x + slot / 2,
                year: b.year,
            }
        })
        .collect();
    let band = chart.band.map(|b| {
        // A band with one end reaches the edge of the plot on the other side.
        let top = axis.y(b.max.unwrap_or(chart.axis_max.max(Money::ZERO)));
        let bottom = axis.y(b.min.unwrap_or(chart.axis_min.min(Money::ZERO)));
        (top, (bottom - top).max(1))
    });
    let legend_y = plot_bottom + 40;
    let legend_rows = if band.is_some() { 3 } else { 2 };
    EquityChartView {
        chart,
        width: WIDTH,
        height: legend_y + 18 * legend_rows,
        left,
        right,
        band,
        zero,
        bars,
        ticks: axis.ticks(chart.unit),
        unit: chart.unit.label(),
        label_y: plot_bottom + 18,
        legend_y,
        warning: chart.bars.iter().any(|b| b.warning),
    }
    .render()
}

/// One category's bars, in the SVG's own units.
#[derive(Debug)]
struct CategoryBarView {
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

/// The follow-up's chart per cost category laid out: a label, the budget's bar (light) and the
/// actual's (dark blue, red when over budget), each with its amount written beside it.
/// Horizontal, so that it reads on a phone.
#[derive(Template)]
#[template(path = "category_chart.svg", escape = "html")]
struct CategoryChartView<'a> {
    chart: &'a finsam_core::actuals::CategoryChart,
    width: i64,
    height: i64,
    bars: Vec<CategoryBarView>,
}

/// The chart per cost category as SVG markup.
pub fn category_chart_svg(
    chart: &finsam_core::actuals::CategoryChart,
) -> Result<String, askama::Error> {
    // Room on the right for the longest amount's words ("budget 1 189 496 kr").
    let (bar_room, per) = (200i64, 64i64);
    let max = i128::from(chart.axis_max.ore()).max(1);
    let w = |m: Money| -> i64 {
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
                budget_text: kr_with_unit(b.budget),
                actual_y: top + 40,
                actual_w: w(b.actual),
                actual_text: kr_with_unit(b.actual),
                fill: if b.over { RED } else { BLUE },
            }
        })
        .collect();
    let height = (per * i64::try_from(bars.len()).unwrap_or(0)).max(per) + 8;
    CategoryChartView {
        chart,
        width: WIDTH,
        height,
        bars,
    }
    .render()
}

/// A bar of a participant chart, in the SVG's own units.
#[derive(Debug)]
struct BarView {
    y: i64,
    w: i64,
    /// Where its words begin: beyond the bar and beyond a target line.
    text_x: i64,
    fill: &'static str,
    series: &'static str,
    text: String,
}

/// A group of a participant chart: its label, its bars and its target line (x, top, bottom,
/// words).
#[derive(Debug)]
struct GroupView {
    label: String,
    label_y: i64,
    bars: Vec<BarView>,
    target: Option<(i64, i64, i64, String)>,
}

/// A participant chart laid out: groups of horizontal bars, each bar's series and figure
/// written beside it, a target as a dashed line with its words.
#[derive(Template)]
#[template(path = "bar_chart.svg", escape = "html")]
struct BarChartView<'a> {
    chart: &'a finsam_core::participants::charts::BarChart,
    id: &'a str,
    width: i64,
    height: i64,
    groups: Vec<GroupView>,
}

/// A series' colour, each with at least 3:1 against white (WCAG 1.4.11).
fn series_fill(series: &str) -> &'static str {
    match series {
        "kvinnor" => BLUE,
        "män" => "#6b3fa0",
        "annat" => "#4d6b2f",
        _ => "#333333",
    }
}

/// A participant chart as SVG markup; `id` makes its title's and description's ids unique on
/// the page.
pub fn bar_chart_svg(
    chart: &finsam_core::participants::charts::BarChart,
    id: &str,
) -> Result<String, askama::Error> {
    let bar_room = 230i64;
    let max = i64::from(chart.max.max(1));
    let w = |v: u32| (i64::from(v) * bar_room / max).max(1);
    let mut y = 0i64;
    let mut groups = Vec::new();
    for g in &chart.groups {
        let label_y = y + 18;
        y += 26;
        let top = y;
        let target_x = g.target.as_ref().map_or(0, |(v, _)| w(*v));
        let bars = g
            .bars
            .iter()
            .map(|b| {
                let view = BarView {
                    y,
                    w: w(b.value),
                    text_x: w(b.value).max(target_x) + 14,
                    fill: series_fill(b.series),
                    series: b.series,
                    text: b.text.clone(),
                };
                y += 18;
                view
            })
            .collect();
        let target = g
            .target
            .as_ref()
            .map(|(v, text)| (8 + w(*v), top - 2, y, text.clone()));
        // (The target's words stand in the group's label.)
        y += 8;
        groups.push(GroupView {
            label: match &g.target {
                Some((_, words)) => format!("{} ({words})", g.label),
                None => g.label.clone(),
            },
            label_y,
            bars,
            target,
        });
    }
    BarChartView {
        chart,
        id,
        width: WIDTH,
        height: y.max(40) + 4,
        groups,
    }
    .render()
}

/// A month of the cost curve, in the SVG's own units.
#[derive(Debug)]
struct CurvePointView {
    x: i64,
    label: &'static str,
    actual: Option<(i64, String)>,
}

/// The cost curve laid out: the budget's costs so far as a dashed line, the booked costs so
/// far as a solid line with a dot per booked month (each dot's amount in its tooltip), the
/// last booked month's amount written beside its dot, round ticks in tkr and a legend.
#[derive(Template)]
#[template(path = "cost_curve.svg", escape = "html")]
struct CostCurveView<'a> {
    chart: &'a finsam_core::actuals::CostCurve,
    width: i64,
    height: i64,
    left: i64,
    right: i64,
    ticks: Vec<(i64, String)>,
    points: Vec<CurvePointView>,
    budget_line: String,
    actual_line: String,
    /// The last booked month's amount: x, y, text and which side of the dot it is written on.
    last: Option<(i64, i64, String, &'static str)>,
    label_y: i64,
    legend_y: i64,
}

/// Swedish month abbreviations, as the axis writes them.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// The cost curve as SVG markup.
pub fn cost_curve_svg(chart: &finsam_core::actuals::CostCurve) -> Result<String, askama::Error> {
    let (left, right, top, plot_bottom) = (56i64, WIDTH - 10, 30i64, 230i64);
    let axis = Axis::new(Money::ZERO, chart.axis_max, (top, plot_bottom));
    let n = i64::try_from(chart.points.len()).unwrap_or(1).max(1);
    let slot = (right - left) / n;
    let x_of = |i: usize| left + slot * i64::try_from(i).unwrap_or(0) + slot / 2;
    let points: Vec<CurvePointView> = chart
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| CurvePointView {
            x: x_of(i),
            label: MONTHS[usize::from(p.month.month.clamp(1, 12)) - 1],
            actual: p
                .actual
                .map(|a| (axis.y(a), format!("{}: {}", p.month, kr_with_unit(a)))),
        })
        .collect();
    let line = |ys: Vec<(i64, i64)>| {
        ys.iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let budget_line = line(
        chart
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (x_of(i), axis.y(p.budget)))
            .collect(),
    );
    let actual_line = line(
        points
            .iter()
            .filter_map(|p| p.actual.as_ref().map(|(y, _)| (p.x, *y)))
            .collect(),
    );
    let last = chart
        .points
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, p)| p.actual.map(|a| (i, a)))
        .map(|(i, a)| {
            let x = x_of(i);
            // Written above and to the left of the dot, clear of the budget's line that runs on
            // to the right; to the right only at the start of the year.
            let anchor_left = i >= 2;
            (
                if anchor_left { x - 8 } else { x + 8 },
                axis.y(a) - 10,
                amount(a, Unit::Tkr) + " tkr",
                if anchor_left { "end" } else { "start" },
            )
        });
    let legend_y = plot_bottom + 40;
    CostCurveView {
        chart,
        width: WIDTH,
        height: legend_y + 36,
        left,
        right,
        ticks: axis.ticks(Unit::Tkr),
        points,
        budget_line,
        actual_line,
        last,
        label_y: plot_bottom + 18,
        legend_y,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use finsam_core::report::equity_chart;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(1), 100);
        assert_eq!(nice_step(15_000_000), 20_000_000);
        assert_eq!(nice_step(18_000_000), 20_000_000);
        assert_eq!(nice_step(30_000_001), 50_000_000);
        let axis = Axis::new(Money::ZERO, Money::from_ore(72_000_000), (30, 230));
        let ticks: Vec<String> = axis.ticks(Unit::Kr).into_iter().map(|t| t.1).collect();
        assert_eq!(ticks, ["0", "200 000", "400 000", "600 000", "800 000"]);
        assert_eq!(axis.y(Money::ZERO), 230);
        assert_eq!(axis.y(Money::from_ore(80_000_000)), 30);
    }

    #[test]
    fn the_chart_escapes_its_text() {
        let chart = EquityChart {
            title: "<b>&'\"",
            description: String::new(),
            bars: Vec::new(),
            band: None,
            axis_max: Money::from_ore(1),
            axis_min: Money::ZERO,
            unit: Unit::Kr,
        };
        let svg = equity_chart_svg(&chart).expect("renders");
        assert!(svg.contains("&#60;b&#62;&#38;&#39;&#34;"), "{svg}");
    }

    #[test]
    fn the_equity_chart_has_a_labelled_bar_per_year_and_a_text_alternative() {
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
        assert_eq!(svg.matches("<title>20").count(), 3, "three bars");
        assert!(svg.contains("<title>2024: 340 175 kr</title>"));
        // Each bar's amount is written on the chart, and the legend names every mark.
        assert_eq!(svg.matches(">340 175</text>").count(), 3);
        for words in [
            "Eget kapital vid årets slut",
            "Rekommenderat högsta eget kapital",
            "Förbundets intervall",
        ] {
            assert!(svg.contains(words), "{words}");
        }
        assert_eq!(
            svg.matches(">rek. 720 000</text>").count(),
            3,
            "the recommendation written"
        );
        assert!(svg.contains("role=\"img\""));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }
}
