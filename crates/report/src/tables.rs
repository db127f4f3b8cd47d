//! Each report struct laid out as the table (or tables) its page shows, once for every file
//! format: the columns, the rows and how each row stands out.

use finsam_core::actuals::followup::BudgetRow;
use finsam_core::actuals::{FollowUp, StatementLine};
use finsam_core::format::Unit;
use finsam_core::report::{
    AuditLine, BudgetTable, KeyFigures, KeyValue, MeasureRow, RowKind, VersionComparison,
};
use finsam_core::{Finding, Money};

use crate::sheet::{Cell, Column, Sheet, SheetRow, Style};

fn money_or_empty(m: Option<Money>) -> Cell {
    m.map_or(Cell::Empty, Cell::Money)
}

/// The multi-year budget as the budget page shows it: one row per heading, line, sum and
/// total, with the line's section and category in words.
pub fn budget(t: &BudgetTable, unit: Unit) -> Sheet {
    let mut columns = vec![
        Column::text("Rad"),
        Column::text("Typ"),
        Column::text("Avsnitt"),
        Column::text("Kategori"),
    ];
    columns.extend(t.years.iter().map(|y| Column::money(y.to_string())));
    let mut sheet = Sheet::new(
        "Budget",
        format!(
            "{}, {}: budget, belopp i {}",
            t.association,
            t.title,
            unit.label()
        ),
        columns,
    )
    .in_unit(unit);
    for row in &t.rows {
        let style = match row.kind {
            RowKind::Heading => Style::Heading,
            RowKind::Line => Style::Normal,
            RowKind::Sum => Style::Sum,
            RowKind::Total => Style::Total,
        };
        let mut cells = vec![
            Cell::text(&row.label),
            Cell::text(row.kind.word()),
            Cell::text_or_empty(row.section.as_deref()),
            Cell::text_or_empty(row.category.map(|c| c.label())),
        ];
        cells.extend(row.amounts.iter().copied().map(Cell::Money));
        sheet.push(style, cells);
    }
    sheet
}

/// The member contributions per member.
pub fn contributions(t: &BudgetTable, unit: Unit) -> Sheet {
    let mut columns = vec![Column::text("Medlem")];
    columns.extend(t.years.iter().map(|y| Column::money(y.to_string())));
    columns.push(Column::text("Not"));
    let mut sheet = Sheet::new(
        "Medlemsbidrag",
        format!("Medlemsbidrag per medlem, belopp i {}", unit.label()),
        columns,
    )
    .in_unit(unit);
    for c in &t.contributions {
        let mut cells = vec![Cell::text(&c.label)];
        cells.extend(c.amounts.iter().copied().map(Cell::Money));
        cells.push(Cell::text_or_empty(c.note.as_deref()));
        sheet.push(Style::Normal, cells);
    }
    sheet
}

/// The key figures per year: amounts, shares and band verdicts.
pub fn key_figures(k: &KeyFigures, unit: Unit) -> Sheet {
    let mut columns = vec![Column::text("Nyckeltal")];
    columns.extend(k.years.iter().map(|y| Column::money(y.to_string())));
    let mut sheet = Sheet::new(
        "Nyckeltal",
        format!("Nyckeltal per år, belopp i {}", unit.label()),
        columns,
    )
    .in_unit(unit);
    for row in &k.rows {
        let mut cells = vec![Cell::text(&row.label)];
        cells.extend(row.values.iter().map(|v| match v {
            KeyValue::Amount(m) => Cell::Money(*m),
            KeyValue::Share(f) => Cell::Percent(*f),
            KeyValue::Verdict(v) => Cell::text(v.word()),
            KeyValue::Missing => Cell::Empty,
        }));
        sheet.push(Style::Normal, cells);
    }
    sheet
}

/// Every finding, numbered, the consequences beneath their cause with its number.
pub fn findings(found: &[Finding]) -> Sheet {
    let mut sheet = Sheet::new(
        "Kontroller",
        "Kontrollernas fynd",
        vec![
            Column::integer("Nr"),
            Column::text("Nivå"),
            Column::text("Slag"),
            Column::text("Meddelande"),
            Column::integer("Följd av nr"),
        ],
    );
    let mut n = 0_i64;
    for f in found {
        n += 1;
        let root = n;
        sheet.push(
            Style::Normal,
            vec![
                Cell::Integer(root),
                Cell::text(f.severity.word()),
                Cell::text(f.kind.label()),
                Cell::text(&f.message),
                Cell::Empty,
            ],
        );
        for c in &f.consequences {
            n += 1;
            sheet.push(
                Style::Normal,
                vec![
                    Cell::Integer(n),
                    Cell::text(c.severity.word()),
                    Cell::text(c.kind.label()),
                    Cell::text(&c.message),
                    Cell::Integer(root),
                ],
            );
        }
    }
    sheet
}

/// The goals with their measurement points and assessments.
pub fn goals(rows: &[MeasureRow]) -> Sheet {
    let mut sheet = Sheet::new(
        "Mål",
        "Mål och måluppfyllelse",
        vec![
            Column::text("Område"),
            Column::text("Mål"),
            Column::text("Mätpunkt"),
            Column::text("Tröskelvärden"),
            Column::text("Värde"),
            Column::text("Bedömning"),
            Column::text("Bedömd av"),
            Column::text("Kommentar"),
        ],
    );
    for r in rows {
        sheet.push(
            Style::Normal,
            vec![
                Cell::text(&r.area),
                Cell::text(&r.goal),
                Cell::text(&r.measure),
                Cell::text_or_empty(r.thresholds.as_deref()),
                Cell::text_or_empty(r.value.as_deref()),
                Cell::text_or_empty(r.assessment.map(|a| a.word())),
                Cell::text(match (r.assessment, r.computed) {
                    (None, _) => "",
                    (Some(_), true) => "beräknad",
                    (Some(_), false) => "kansliet",
                }),
                Cell::text_or_empty(r.comment.as_deref()),
            ],
        );
    }
    sheet
}

/// Two versions side by side: per year the older, the newer and the difference.
pub fn comparison(c: &VersionComparison, from: &str, to: &str) -> Sheet {
    let mut columns = vec![
        Column::text("Rad"),
        Column::text("Avsnitt"),
        Column::text("Förändring"),
    ];
    for y in &c.years {
        columns.push(Column::money(format!("{y} från")));
        columns.push(Column::money(format!("{y} till")));
        columns.push(Column::money(format!("{y} skillnad")));
    }
    let mut sheet = Sheet::new(
        "Jämförelse",
        format!("Från {from} till {to}, belopp i kr"),
        columns,
    );
    for r in &c.rows {
        let mut cells = vec![
            Cell::text(&r.line),
            Cell::text(&r.section),
            Cell::text(r.change.word()),
        ];
        for cell in &r.cells {
            cells.push(money_or_empty(cell.left));
            cells.push(money_or_empty(cell.right));
            cells.push(money_or_empty(cell.difference));
        }
        sheet.push(Style::Normal, cells);
    }
    sheet
}

fn statement(name: &str, title: String, heads: [String; 2], lines: &[StatementLine]) -> Sheet {
    let [current, prior] = heads;
    let mut sheet = Sheet::new(
        name,
        title,
        vec![
            Column::text("Rad"),
            Column::money(current),
            Column::money(prior),
        ],
    );
    for l in lines {
        let style = match (l.is_heading, l.is_sum) {
            (true, _) => Style::Heading,
            (false, true) => Style::Sum,
            _ => Style::Normal,
        };
        sheet.push(
            style,
            vec![
                Cell::text(l.label),
                money_or_empty(l.current),
                money_or_empty(l.prior),
            ],
        );
    }
    sheet
}

fn budget_rows(name: &str, title: &str, first: &str, rows: &[BudgetRow]) -> Sheet {
    let mut sheet = Sheet::new(
        name,
        title,
        vec![
            Column::text(first),
            Column::text("Konton"),
            Column::money("Utfall"),
            Column::money("Budget"),
            Column::money("Avvikelse kr"),
            Column::percent("Avvikelse %"),
        ],
    );
    for r in rows {
        sheet.push(
            if r.level == 0 {
                Style::Sum
            } else {
                Style::Normal
            },
            vec![
                Cell::text(&r.label),
                Cell::text(r.accounts.join(" ")),
                Cell::Money(r.actual),
                Cell::Money(r.budget),
                money_or_empty(r.deviation),
                r.deviation_share.map_or(Cell::Empty, Cell::Percent),
            ],
        );
    }
    sheet
}

/// The follow-up of a period as its page shows it: income statement, balance sheet, the
/// prognosis table, budget against actual per line, the full-year forecast, and the findings.
pub fn follow_up(f: &FollowUp) -> Vec<Sheet> {
    let prior = f.prior_period;
    let income = statement(
        "Resultaträkning",
        format!("Resultaträkning {}, belopp i kr", f.period.label()),
        [
            f.period.label(),
            prior.map_or_else(|| "Föregående år".to_owned(), |p| p.label()),
        ],
        &f.income_statement,
    );
    let balance = statement(
        "Balansräkning",
        format!("Balansräkning {}, belopp i kr", f.period.end),
        [
            f.period.end.to_string(),
            prior.map_or_else(|| "Föregående år".to_owned(), |p| p.end.to_string()),
        ],
        &f.balance_sheet,
    );
    // The budget compared with, and a period not booked to its end, said in the titles.
    let about = [
        Some(f.budget_source.describe().to_owned()),
        f.coverage.note(&f.period, f.booked_through),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let summary = budget_rows(
        "Prognostabell",
        &format!(
            "Utfall och budget för perioden (kostnader positiva; avvikelse: pengar kvar är \
             positivt). {about}"
        ),
        "Grupp",
        &f.summary,
    );
    let lines = budget_rows(
        "Utfall mot budget",
        &format!("Utfall och budget per kategori och budgetrad (kostnader positiva). {about}"),
        "Kategori och rad",
        &f.lines,
    );
    let mut forecast = Sheet::new(
        "Helårsprognos",
        "Helårsprognos per rad, belopp i kr (kostnader positiva)",
        vec![
            Column::text("Rad"),
            Column::money("Utfall hittills"),
            Column::money("Budget resten av året"),
            Column::money("Årsbudget"),
            Column::money("Beräknad prognos"),
            Column::money("Egen prognos"),
            Column::money("Prognos"),
        ],
    );
    for r in &f.forecast.rows {
        forecast.push(
            Style::Normal,
            vec![
                Cell::text(&r.label),
                Cell::Money(r.actual_to_date),
                Cell::Money(r.remaining_budget),
                Cell::Money(r.year_budget),
                Cell::Money(r.computed),
                money_or_empty(r.adjusted),
                Cell::Money(r.forecast),
            ],
        );
    }
    vec![
        income,
        balance,
        summary,
        lines,
        forecast,
        findings(&f.notes),
        monthly_costs(f),
    ]
}

/// The year's costs per month, booked and budgeted, and summed from the start of the year: the
/// cost curve's figures.
fn monthly_costs(f: &FollowUp) -> Sheet {
    let mut sheet = Sheet::new(
        "Kostnader per månad",
        format!(
            "Årets kostnader per månad och från årets början, belopp i kr. {}",
            f.budget_source.describe()
        ),
        vec![
            Column::text("Månad"),
            Column::money("Bokfört"),
            Column::money("Budget"),
            Column::money("Bokfört från årets början"),
            Column::money("Budget från årets början"),
        ],
    );
    if let Some(curve) = finsam_core::actuals::cost_curve(f) {
        for (m, p) in f.monthly_costs.iter().zip(&curve.points) {
            sheet.push(
                Style::Normal,
                vec![
                    Cell::text(m.month.to_string()),
                    money_or_empty(m.actual),
                    Cell::Money(m.budget),
                    money_or_empty(p.actual),
                    Cell::Money(p.budget),
                ],
            );
        }
    }
    sheet
}

/// The audit log.
pub fn audit(lines: &[AuditLine]) -> Sheet {
    let mut sheet = Sheet::new(
        "Ändringslogg",
        "Ändringslogg, nyaste först, svensk tid",
        vec![
            Column::text("Tid"),
            Column::text("Användare"),
            Column::text("Händelse"),
            Column::text("Beskrivning"),
        ],
    );
    for l in lines {
        sheet.push(
            Style::Normal,
            vec![
                Cell::text(&l.at),
                Cell::text(&l.user),
                Cell::text(&l.action),
                Cell::text(&l.summary),
            ],
        );
    }
    sheet
}

/// A participant table for its audience (core's `participants::public::Table`): the counts per
/// row and gender ("< 5" where hidden in public), then the rates. `label` names a row key.
pub fn participants(
    t: &finsam_core::participants::public::Table,
    title: &str,
    label: &dyn Fn(&str) -> String,
) -> Vec<Sheet> {
    use finsam_core::participants::public::Cell as P;
    let genders = ["Totalt", "Kvinnor", "Män", "Annat eller ej angivet"];
    let mut counts = Sheet::new(
        "Deltagare",
        title,
        std::iter::once(Column::text("Rad"))
            .chain(genders.iter().map(|g| Column::integer(*g)))
            .collect(),
    );
    for (key, cells) in &t.rows {
        counts.rows.push(SheetRow {
            style: Style::Normal,
            cells: std::iter::once(Cell::text(label(key)))
                .chain(cells.iter().map(|c| match c {
                    P::Empty => Cell::Empty,
                    P::Count(n) => Cell::Integer(i64::from(*n)),
                    P::Hidden => Cell::text(t.hidden_words.clone()),
                }))
                .collect(),
        });
    }
    let mut rates = Sheet::new(
        "Andelar",
        format!("{title}: andelar av de avslutade"),
        std::iter::once(Column::text("Andel"))
            .chain(genders.iter().map(|g| Column::text(*g)))
            .collect(),
    );
    for (kind, words) in &t.rates {
        rates.rows.push(SheetRow {
            style: Style::Normal,
            cells: std::iter::once(Cell::text(kind.label()))
                .chain(words.iter().map(|w| Cell::text(w.clone())))
                .collect(),
        });
    }
    vec![counts, rates]
}
