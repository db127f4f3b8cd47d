//! Report structs built from a plan and its figures by pure functions; renderers (text, CSV,
//! HTML, JSON, later PDF, DOCX and XLSX) only lay them out. Their `Serialize` is the one JSON
//! vocabulary of the API and the CLI: Swedish keys, amounts in öre.

pub mod calendar;
mod chart;
mod compare;
mod key_figures;
pub mod serial;

pub use chart::{EquityBar, EquityChart, equity_chart};
pub use compare::{Change, CompareCell, CompareRow, VersionComparison, compare};
pub use key_figures::{BandVerdict, KeyFigure, KeyFigureRow, KeyFigures, KeyValue, key_figures};

use crate::budget::{Category, Total, Year};
use crate::calc::{Figures, YearFigures};
use crate::fraction::Percent;
use crate::money::Money;
use crate::plan::{EquityBand, Plan};

/// What a row of the budget table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// A section heading, without amounts.
    #[serde(rename = "rubrik")]
    Heading,
    /// A budget line.
    #[serde(rename = "rad")]
    Line,
    /// A section's sum.
    #[serde(rename = "summa")]
    Sum,
    /// A total below the sections.
    #[serde(rename = "total")]
    Total,
}

impl RowKind {
    /// The Swedish word, as in CSV and JSON.
    pub fn word(self) -> &'static str {
        match self {
            RowKind::Heading => "rubrik",
            RowKind::Line => "rad",
            RowKind::Sum => "summa",
            RowKind::Total => "total",
        }
    }
}

/// One row of the budget table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Row {
    /// What the row is.
    #[serde(rename = "typ")]
    pub kind: RowKind,
    /// The text in the first column.
    #[serde(rename = "rad")]
    pub label: String,
    /// The section the row belongs to, if any.
    #[serde(rename = "avsnitt")]
    pub section: Option<String>,
    /// The line's category, for line rows.
    #[serde(rename = "kategori", serialize_with = "serial::word_opt")]
    #[schemars(with = "Option<String>")]
    pub category: Option<Category>,
    /// Amounts aligned with the years (empty for headings).
    #[serde(rename = "belopp")]
    pub amounts: Vec<Money>,
    /// Rows (by index) that this sum adds up; empty when it is not a plain sum of rows shown.
    #[serde(skip)]
    pub parts: Vec<usize>,
    /// How deep the row's section sits: 1 for a top-level section (and the totals), 2 for a
    /// subsection, 3 for one below that.
    #[serde(rename = "niva")]
    pub depth: usize,
    /// The line's place in the plan (section, line), for line rows.
    #[serde(skip)]
    pub at: Option<(usize, usize)>,
}

/// Member contributions of one member (or of a group whose split is not stated).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct ContributionLine {
    /// The member's name.
    #[serde(rename = "rad")]
    pub label: String,
    /// Amounts aligned with the years.
    #[serde(rename = "belopp")]
    pub amounts: Vec<Money>,
    /// A note on the row: what it got from rounding a line for all members to whole kronor.
    #[serde(rename = "not")]
    pub note: Option<String>,
}

/// The opening equity from its parts, when the plan states them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct OpeningEquity {
    /// The last closed year.
    #[serde(rename = "bokslutsar")]
    pub closed_year: Year,
    /// Equity at its end.
    #[serde(rename = "eget_kapital_bokslut")]
    pub closed: Money,
    /// The current year, whose result is forecast.
    #[serde(rename = "prognosar")]
    pub forecast_year: Year,
    /// Its forecast result.
    #[serde(rename = "prognos_resultat")]
    pub forecast: Money,
    /// The sum: the budget's opening equity.
    #[serde(rename = "eget_kapital_ib")]
    pub opening: Money,
}

/// The multi-year budget table, laid out like the printed document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct BudgetTable {
    /// The association's name.
    #[serde(rename = "forbund")]
    pub association: String,
    /// The document's title.
    #[serde(rename = "titel")]
    pub title: String,
    /// The unit of every amount in JSON: always `öre`.
    #[serde(rename = "enhet")]
    pub unit: &'static str,
    /// The years, as columns.
    #[serde(rename = "ar")]
    pub years: Vec<Year>,
    /// The rows, top to bottom.
    #[serde(rename = "rader")]
    pub rows: Vec<Row>,
    /// The key figures per year.
    #[serde(rename = "nyckeltal")]
    pub key_figures: Vec<YearFigures>,
    /// The equity recommendation used.
    #[serde(skip)]
    pub equity_recommendation: Percent,
    /// The association's own equity band.
    #[serde(skip)]
    pub equity_band: Option<EquityBand>,
    /// The administration share goal.
    #[serde(skip)]
    pub administration_share_max: Option<Percent>,
    /// Member contributions per member.
    #[serde(rename = "medlemsbidrag_per_medlem")]
    pub contributions: Vec<ContributionLine>,
    /// The opening equity from its parts, when the plan states them.
    #[serde(rename = "ingaende_eget_kapital")]
    pub opening: Option<OpeningEquity>,
    /// The unit the document writes its amounts in (`kr` or `tkr`), the default for showing
    /// them; JSON amounts are öre whatever it is.
    #[serde(rename = "dokumentets_enhet")]
    pub document_unit: &'static str,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Which rows of the table add up to the totals.
#[derive(Default)]
struct Parts {
    operating_income: Vec<usize>,
    operating_costs: Vec<usize>,
    financial: Vec<usize>,
}

/// A section's rows: its heading, its own lines, its subsections, and its sum (which adds up its
/// lines and its subsections' sums).
fn section_rows(plan: &Plan, fig: &Figures, si: usize, rows: &mut Vec<Row>, parts: &mut Parts) {
    let section = &plan.budget.sections[si];
    let depth = plan.budget.depth(si);
    rows.push(Row {
        kind: RowKind::Heading,
        label: section.name.clone(),
        section: Some(section.name.clone()),
        category: None,
        amounts: Vec::new(),
        parts: Vec::new(),
        depth,
        at: None,
    });
    let mut own = Vec::new();
    for (li, line) in section.lines.iter().enumerate() {
        let idx = rows.len();
        match (line.category.is_financial(), line.category.is_income()) {
            (true, _) => parts.financial.push(idx),
            (false, true) => parts.operating_income.push(idx),
            (false, false) => parts.operating_costs.push(idx),
        }
        own.push(idx);
        rows.push(Row {
            kind: RowKind::Line,
            label: line.name.clone(),
            section: Some(section.name.clone()),
            category: Some(line.category),
            amounts: fig.sections[si].lines[li].clone(),
            parts: Vec::new(),
            depth,
            at: Some((si, li)),
        });
    }
    for child in plan.budget.children(Some(si)).collect::<Vec<_>>() {
        section_rows(plan, fig, child, rows, parts);
        // The child's sum row is the last row it pushed.
        own.push(rows.len() - 1);
    }
    rows.push(Row {
        kind: RowKind::Sum,
        label: format!("Summa {}", lower_first(&section.name)),
        section: Some(section.name.clone()),
        category: None,
        amounts: fig.sections[si].sums.clone(),
        parts: own,
        depth,
        at: None,
    });
}

/// Builds the budget table of a plan.
pub fn budget_table(plan: &Plan, fig: &Figures) -> BudgetTable {
    let mut rows = Vec::new();
    let mut parts = Parts::default();
    for si in plan.budget.children(None).collect::<Vec<_>>() {
        section_rows(plan, fig, si, &mut rows, &mut parts);
    }
    let Parts {
        operating_income,
        operating_costs,
        financial,
    } = parts;
    let total = |t: Total, pick: fn(&YearFigures) -> Money, parts: Vec<usize>| Row {
        kind: RowKind::Total,
        label: t.label().to_owned(),
        section: None,
        category: None,
        amounts: fig.per_year.iter().map(pick).collect(),
        parts,
        depth: 1,
        at: None,
    };
    let all_operating: Vec<usize> = operating_income
        .iter()
        .chain(&operating_costs)
        .copied()
        .collect();
    let all: Vec<usize> = all_operating.iter().chain(&financial).copied().collect();
    rows.push(total(Total::Income, |y| y.income, operating_income));
    rows.push(total(Total::Costs, |y| y.costs, operating_costs));
    rows.push(total(
        Total::OperatingResult,
        |y| y.operating_result,
        all_operating,
    ));
    rows.push(total(Total::FinancialNet, |y| y.financial_net, financial));
    rows.push(total(Total::Result, |y| y.result, all));
    rows.push(total(
        Total::EquityOpening,
        |y| y.equity_opening,
        Vec::new(),
    ));
    rows.push(total(
        Total::EquityClosing,
        |y| y.equity_closing,
        Vec::new(),
    ));

    let contributions = fig
        .contributions
        .iter()
        .map(|row| {
            let label = match row.member {
                Some(i) => plan.association.members[i].name.clone(),
                None => format!(
                    "{} gemensamt (fördelning ej angiven)",
                    capitalise(row.party.word())
                ),
            };
            let rounded: Vec<String> = fig
                .years
                .iter()
                .zip(&row.remainder)
                .filter(|(_, r)| !r.is_zero())
                .map(|(y, r)| format!("{y}: {}", crate::format::kr_with_unit(*r)))
                .collect();
            ContributionLine {
                label,
                amounts: row.amounts.clone(),
                note: (!rounded.is_empty()).then(|| {
                    format!(
                        "Medlemsbidraget för alla medlemmar är fördelat i hela kronor; det som avrundningen lämnade gick till den största andelen ({}).",
                        rounded.join(", ")
                    )
                }),
            }
        })
        .collect();
    let opening = plan.budget.opening_parts.map(|p| {
        let first = fig.years.first().copied().unwrap_or_default();
        OpeningEquity {
            closed_year: first.saturating_sub(2),
            closed: p.closed,
            forecast_year: first.saturating_sub(1),
            forecast: p.forecast,
            opening: plan.budget.opening_equity,
        }
    });

    BudgetTable {
        association: plan.association.name.clone(),
        title: plan.title.clone(),
        unit: "öre",
        years: fig.years.clone(),
        rows,
        key_figures: fig.per_year.clone(),
        equity_recommendation: plan.rules.equity_recommendation,
        equity_band: plan.rules.equity_band,
        administration_share_max: plan.rules.administration_share_max,
        contributions,
        opening,
        document_unit: plan.budget.unit.label(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One measurement point as a goals report shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct MeasureRow {
    /// Area name.
    #[serde(rename = "omrade")]
    pub area: String,
    /// Goal text.
    #[serde(rename = "mal")]
    pub goal: String,
    /// Measure text.
    #[serde(rename = "matpunkt")]
    pub measure: String,
    /// Thresholds as text (`> 90 %; delvis >= 75 %`), when numeric.
    #[serde(rename = "troskelvarden")]
    pub thresholds: Option<String>,
    /// Measured value as text, with its unit.
    #[serde(rename = "varde")]
    pub value: Option<String>,
    /// The assessment: computed from the value, or written.
    #[serde(rename = "bedomning", serialize_with = "serial::word_opt")]
    #[schemars(with = "Option<String>")]
    pub assessment: Option<crate::goals::Assessment>,
    /// True when the assessment was computed from the value.
    #[serde(rename = "beraknad")]
    pub computed: bool,
    /// The office's comment.
    #[serde(rename = "kommentar")]
    pub comment: Option<String>,
    /// The computed figure the point is assessed by, with its period.
    #[serde(rename = "beraknat_tal")]
    pub figure: Option<String>,
}

/// Every measurement point of the plan's goals, in order, assessed by the one assessment
/// (a point that refers to a computed figure takes its value from `values`). A goal without
/// measurement points is a row of its own, with a notice, never left out.
pub fn goals_table(plan: &Plan, values: &crate::computed::FigureValues) -> Vec<MeasureRow> {
    let mut out = Vec::new();
    for area in &plan.goal_areas {
        for goal in &area.goals {
            if goal.measures.is_empty() {
                out.push(MeasureRow {
                    area: area.name.clone(),
                    goal: goal.text.clone(),
                    measure: String::new(),
                    thresholds: None,
                    value: None,
                    assessment: None,
                    computed: false,
                    comment: Some(
                        "Målet har inga mätpunkter och kan inte följas upp; lägg till minst en."
                            .to_owned(),
                    ),
                    figure: None,
                });
                continue;
            }
            for m in &goal.measures {
                let assessed = crate::computed::assess(m, values);
                // A point measured by a computed figure has the figure's unit.
                let unit = m
                    .unit
                    .as_deref()
                    .or(m.figure.map(|r| r.figure.unit()))
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                out.push(MeasureRow {
                    area: area.name.clone(),
                    goal: goal.text.clone(),
                    measure: m.text.clone(),
                    thresholds: m.thresholds.map(|t| match t.partly {
                        Some(p) => format!("uppfyllt {}{unit}, delvis {p}{unit}", t.fulfilled),
                        None => format!("uppfyllt {}{unit}", t.fulfilled),
                    }),
                    value: assessed.value.map(|v| match m.figure {
                        Some(r) if r.figure.unit() == "kr" => crate::format::kr_with_unit(
                            crate::money::Money::from_ore(v.hundredths()),
                        ),
                        Some(r) => format!("{v} {}", r.figure.unit()),
                        None => format!("{v}{unit}"),
                    }),
                    assessment: assessed.assessment,
                    computed: assessed.value.is_some()
                        && matches!(
                            assessed.source,
                            crate::computed::Source::Written | crate::computed::Source::Computed
                        ),
                    comment: m.comment.clone(),
                    figure: m.figure.map(|r| r.to_string()),
                });
            }
        }
    }
    out
}

/// One row of a delårsrapport's goal table: the goal, what was done (the activity), and the
/// assessment as the report writes it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Malrad")]
pub struct GoalTableRow {
    /// The goal (with its measurement point when it has several).
    #[serde(rename = "mal")]
    pub goal: String,
    /// What was done and measured: the office's comment, and the measured value with its
    /// figure.
    #[serde(rename = "aktivitet")]
    pub activity: String,
    /// "Målet bedöms vara uppfyllt." and the like; empty when nothing is assessed yet.
    #[serde(rename = "bedomning")]
    pub assessment: String,
}

/// A goal area's table in the delårsrapport (goal | activity | assessment), ready for the
/// documents.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "Maltabell")]
pub struct GoalTable {
    /// The area ("Målområde 1 – Individ").
    #[serde(rename = "omrade")]
    pub area: String,
    /// Its rows, in the plan's order.
    #[serde(rename = "rader")]
    pub rows: Vec<GoalTableRow>,
}

/// The goal tables of an interim or annual report from the plan's assessed measurement points
/// ([`goals_table`]), one per goal area.
pub fn goal_tables(rows: &[MeasureRow]) -> Vec<GoalTable> {
    let mut out: Vec<GoalTable> = Vec::new();
    for r in rows {
        let goal = if r.measure.is_empty() || r.measure == r.goal {
            r.goal.clone()
        } else {
            format!("{} ({})", r.goal, r.measure)
        };
        let measured = r.value.as_ref().map(|v| match &r.figure {
            Some(f) => format!("Uppmätt: {v} ({f})."),
            None => format!("Uppmätt: {v}."),
        });
        let activity = [r.comment.clone(), measured]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let assessment = r.assessment.map_or_else(String::new, |a| match a {
            crate::goals::Assessment::CannotAssess => "Målet kan inte bedömas ännu.".to_owned(),
            a => format!("Målet bedöms vara {}.", a.word()),
        });
        let row = GoalTableRow {
            goal,
            activity,
            assessment,
        };
        match out.last_mut() {
            Some(t) if t.area == r.area => t.rows.push(row),
            _ => out.push(GoalTable {
                area: r.area.clone(),
                rows: vec![row],
            }),
        }
    }
    out
}

/// One event of the audit log as people read it: the store keeps the event, the application
/// words it (local time, the user's name); the page, the CSV export and the API show this.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct AuditLine {
    /// When, Swedish local time (`2024-06-30 14:05:09`).
    #[serde(rename = "tid")]
    pub at: String,
    /// Who: the user's name and login, or "systemet".
    #[serde(rename = "anvandare")]
    pub user: String,
    /// What kind of change, in words ("Budgetrad ändrad").
    #[serde(rename = "handelse")]
    pub action: String,
    /// The change in a sentence, with its details.
    #[serde(rename = "beskrivning")]
    pub summary: String,
}
