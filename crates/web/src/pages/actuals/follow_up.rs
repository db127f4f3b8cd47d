//! The follow-up of a period, laid out like the interim report, and the forecast figures.

use super::*;
use finsam_core::format::{Unit, amount};

/// A statement row for the page.
pub struct StatementView {
    pub label: &'static str,
    pub class: &'static str,
    pub heading: bool,
    pub current: String,
    pub prior: String,
}

pub(super) fn statement_views(rows: &[StatementLine], unit: Unit) -> Vec<StatementView> {
    let kr = |m| amount(m, unit);
    rows.iter()
        .map(|r| StatementView {
            label: r.label,
            class: if r.is_sum {
                "sum"
            } else if r.is_heading {
                "heading"
            } else {
                ""
            },
            heading: r.is_heading,
            current: r.current.map(kr).unwrap_or_default(),
            prior: r.prior.map(kr).unwrap_or_default(),
        })
        .collect()
}

/// A budget row for the page.
pub struct BudgetView {
    pub label: String,
    /// Links to the accounts behind a line: number and address.
    pub accounts: Vec<(String, String)>,
    pub sub: bool,
    pub actual: String,
    pub budget: String,
    pub deviation: String,
    pub share: String,
}

pub(super) fn budget_views(
    rows: &[finsam_core::actuals::BudgetRow],
    accounts_base: &str,
    unit: Unit,
) -> Vec<BudgetView> {
    let kr = |m| amount(m, unit);
    rows.iter()
        .map(|r| BudgetView {
            label: r.label.clone(),
            accounts: r
                .accounts
                .iter()
                .map(|a| (a.clone(), format!("{accounts_base}/{a}")))
                .collect(),
            sub: r.level == 1,
            actual: kr(r.actual),
            budget: kr(r.budget),
            // A period without bookkeeping has no deviation: a dash, never a zero.
            deviation: r.deviation.map_or_else(|| "–".to_owned(), kr),
            share: r.deviation_share.map(|s| percent(s, 1)).unwrap_or_default(),
        })
        .collect()
}

/// A forecast row for the page and its form.
pub struct ForecastView {
    pub key: String,
    pub label: String,
    pub kind: &'static str,
    pub actual: String,
    pub remaining: String,
    pub year_budget: String,
    pub computed: String,
    pub adjusted: String,
    /// The row's value was refused: its field is marked and described by its message.
    pub invalid: bool,
    pub forecast: String,
}

/// The follow-up page: the frame, and the body (the same for every user with the same rights,
/// kept rendered at the förbund's audit stamp).
#[derive(Template)]
#[template(path = "followup.html")]
pub(super) struct FollowUpPage {
    layout: Layout,
    body: String,
}

/// The body of the follow-up page. The CSRF token of the forecast form is written as
/// [`CSRF_SLOT`] and put in per request, so that the rendered body is the same for everyone.
#[derive(Template)]
#[template(path = "followup_body.html")]
pub(super) struct FollowUpBody {
    csrf: &'static str,
    association: Association,
    base: String,
    year: i32,
    period_word: String,
    period_name: String,
    periods: Vec<(String, String)>,
    period_label: String,
    prior_label: String,
    period_end: String,
    prior_end: String,
    file_note: String,
    /// "Ingen bokföring efter 2024-06-30 …" for a period not booked to its end.
    coverage_note: Option<String>,
    /// The last day the actual to date counts.
    actual_through: String,
    budget_source: &'static str,
    /// The budget compared with, and the ones to choose from: (word, name).
    budget_word: &'static str,
    budget_choices: Vec<(&'static str, &'static str)>,
    /// The chart of budget against actual per cost category, as SVG, and its caption.
    chart: String,
    /// The year's cost curve, as SVG, and its caption.
    curve: Option<(String, String)>,
    /// The unit the amounts are shown in: its label, its words, and the switch.
    unit: &'static str,
    unit_words: &'static str,
    units: Vec<(&'static str, String, bool)>,
    income: Vec<StatementView>,
    balance: Vec<StatementView>,
    balance_ok: bool,
    summary: Vec<BudgetView>,
    lines: Vec<BudgetView>,
    admin_share: String,
    admin_goal: String,
    forecast: Vec<ForecastView>,
    totals: Vec<(&'static str, String)>,
    notes: Vec<(String, String)>,
    can_edit: bool,
    /// The error summary: the field each message links to, and the message.
    errors: Vec<(String, String)>,
}

use crate::pages::budget::CSRF_SLOT;

/// Rendered follow-up bodies per (förbund, year, period, budget, unit, may edit), at the
/// förbund's audit stamp.
pub type Bodies =
    finsam_app::cache::StampCache<(i64, i32, String, &'static str, &'static str, bool), String>;

/// The forecast form as typed, when it was refused: each row's value by key, and the messages,
/// each with the row key it concerns (none for one that concerns the form).
#[derive(Debug, Default)]
pub struct TypedForecast {
    pub values: std::collections::BTreeMap<String, String>,
    pub errors: Vec<(Option<String>, String)>,
}

/// `?period=h1&budget=plan`.
#[derive(Debug, serde::Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
    budget: Option<String>,
    /// `kr` or `tkr`; kronor, as the interim report, unless asked.
    enhet: Option<String>,
}

impl PeriodQuery {
    /// The budget asked for; a word that names none is the default.
    fn budget(&self) -> Option<BudgetSource> {
        self.budget.as_deref().and_then(BudgetSource::from_word)
    }

    /// The unit asked for; kronor when none or an unknown word.
    fn unit(&self) -> Unit {
        self.enhet
            .as_deref()
            .and_then(Unit::from_word)
            .unwrap_or(Unit::Kr)
    }
}

pub(super) fn period_choices(ctx: &Context) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        PeriodSpec::FullYear,
        PeriodSpec::Half(1),
        PeriodSpec::Half(2),
        PeriodSpec::Tertial(1),
        PeriodSpec::Tertial(2),
        PeriodSpec::Tertial(3),
    ]
    .iter()
    .map(|s| (s.word(), s.name()))
    .collect();
    for m in ctx.ledger.year.months() {
        let s = PeriodSpec::ToDate(m);
        out.push((s.word(), s.name()));
    }
    for m in ctx.ledger.year.months() {
        let s = PeriodSpec::Month(m);
        out.push((s.word(), s.name()));
    }
    out
}

/// The follow-up's tables, in the order the exports offer them.
pub const TABLES: [&str; 7] = [
    "Resultaträkning",
    "Balansräkning",
    "Prognostabell",
    "Utfall mot budget",
    "Helårsprognos",
    "Kontroller",
    "Kostnader per månad",
];

/// A period's tables as files: `uppfoljning.xlsx` (every table) or one table as CSV.
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, year, file)): Path<(String, String, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Export, Resource::Actuals).await?;
    let (ctx, _) = load_context(&state, &association, &year).await?;
    let (_, period) = ctx
        .resolve(q.period.as_deref())
        .map_err(AppError::BadRequest)?;
    let f = ctx
        .follow_up(period, q.budget())
        .map_err(AppError::Uncomputable)?;
    super::super::export::respond(&finsam_report::tables::follow_up(&f), "uppfoljning", &file)
}

pub(super) async fn follow_up_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    year: &str,
    q: &PeriodQuery,
    typed: TypedForecast,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let (ctx, year) = load_context(state, &association, year).await?;
    let (spec, period) = ctx
        .resolve(q.period.as_deref())
        .map_err(AppError::BadRequest)?;
    let f = ctx
        .follow_up(period, q.budget())
        .map_err(AppError::Uncomputable)?;
    let status = if typed.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let layout = layout(
        state,
        user,
        (&association, role),
        format!("Uppföljning {year}"),
    )
    .await?
    .exports(
        &format!("{}/{year}/export", base(&association)),
        "uppfoljning",
        &TABLES,
        &format!("period={}&budget={}", spec.word(), f.budget_source.word()),
    );
    let unit = q.unit();
    let render = |typed: &TypedForecast| {
        build_body(&ctx, &f, (&association, role), (year, spec, unit), typed).render()
    };
    // A page with the form's errors is said once; every other is the same until the data changes.
    let body =
        if typed.errors.is_empty() {
            let key = (
                association.id.0,
                year,
                spec.word(),
                f.budget_source.word(),
                unit.label(),
                allows(role, Action::Edit, Resource::Actuals),
            );
            state
                .follow_up_bodies
                .get_or_build(&key, ctx.stamp, || render(&TypedForecast::default()))?
        } else {
            std::sync::Arc::new(render(&typed)?)
        };
    let page = FollowUpPage {
        body: body.replace(CSRF_SLOT, &layout.csrf),
        layout,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) fn build_body(
    ctx: &Context,
    f: &FollowUp,
    (association, role): (&Association, Role),
    (year, spec, unit): (i32, PeriodSpec, Unit),
    typed: &TypedForecast,
) -> FollowUpBody {
    // A refused row's field, by its place in the forecast table (`belopp-N`, from 1).
    let field_of = |key: &Option<String>| {
        key.as_ref()
            .and_then(|k| f.forecast.rows.iter().position(|r| r.key == *k))
            .map_or_else(|| "prognos".to_owned(), |i| format!("belopp-{}", i + 1))
    };
    let errors = typed
        .errors
        .iter()
        .map(|(k, e)| (field_of(k), e.clone()))
        .collect();
    let kr = |m| amount(m, unit);
    let fc = &f.forecast;
    let mut totals = vec![
        ("Intäkter", kr(fc.income)),
        ("Kostnader", kr(fc.costs)),
        ("Resultat", kr(fc.result)),
        ("Eget kapital vid årets början", kr(fc.opening_equity)),
        ("Eget kapital vid årets slut", kr(fc.closing_equity)),
        ("Rekommenderat högsta eget kapital", kr(fc.recommended_max)),
    ];
    if let Some(b) = fc.band {
        totals.push(("Förbundets intervall", b.range(kr)));
    }
    FollowUpBody {
        csrf: CSRF_SLOT,
        association: association.clone(),
        base: base(association),
        year,
        period_word: spec.word(),
        period_name: spec.name(),
        periods: period_choices(ctx),
        period_label: f.period.label(),
        prior_label: f
            .prior_period
            .map(|p| p.label())
            .unwrap_or_else(|| "Föregående år".into()),
        period_end: f.period.end.to_string(),
        prior_end: f
            .prior_period
            .map(|p| p.end.to_string())
            .unwrap_or_else(|| "Föregående år".into()),
        file_note: format!(
            "Från {} ({}), importerad {}.",
            ctx.import.file_name,
            ctx.import
                .program
                .clone()
                .unwrap_or_else(|| "okänt program".into()),
            day_of(ctx.import.imported_at)
        ),
        coverage_note: f
            .coverage
            .note(&f.period, f.booked_through)
            .map(|n| crate::view::unbroken(&n)),
        actual_through: f
            .booked_through
            .map(|d| d.min(f.period.end))
            .map_or_else(|| "–".to_owned(), |d| d.to_string()),
        budget_source: f.budget_source.describe(),
        chart: crate::charts::category_chart_svg(&finsam_core::actuals::category_chart(f))
            .unwrap_or_default(),
        curve: finsam_core::actuals::cost_curve(f).map(|c| {
            crate::charts::cost_curve_svg(&c)
                .map(|svg| (svg, crate::view::unbroken(&c.description)))
                .unwrap_or_default()
        }),
        budget_word: f.budget_source.word(),
        budget_choices: f
            .budget_sources
            .iter()
            .map(|b| (b.word(), b.name()))
            .collect(),
        unit: unit.label(),
        unit_words: crate::view::unit_words(unit),
        units: crate::view::unit_choices(
            &format!(
                "{}/{year}?period={}&budget={}",
                base(association),
                spec.word(),
                f.budget_source.word()
            ),
            unit,
        ),
        income: statement_views(&f.income_statement, unit),
        balance: statement_views(&f.balance_sheet, unit),
        balance_ok: f.balance_difference.is_zero(),
        summary: budget_views(&f.summary, "", unit),
        lines: budget_views(
            &f.lines,
            &format!("{}/{year}/konto", base(association)),
            unit,
        ),
        admin_share: f
            .administration_share
            .map(|s| percent(s, 0))
            .unwrap_or_else(|| "–".into()),
        admin_goal: f
            .administration_share_max
            .map(|p| format!("Förbundets mål: högst {p}."))
            .unwrap_or_default(),
        forecast: fc
            .rows
            .iter()
            .map(|r| ForecastView {
                key: r.key.clone(),
                label: r.label.clone(),
                kind: if r.is_cost { "kostnad" } else { "intäkt" },
                actual: kr(r.actual_to_date),
                remaining: kr(r.remaining_budget),
                year_budget: kr(r.year_budget),
                computed: kr(r.computed),
                // The form takes kronor whatever the page shows; a refused form keeps what was
                // typed.
                adjusted: typed
                    .values
                    .get(&r.key)
                    .cloned()
                    .unwrap_or_else(|| r.adjusted.map(finsam_core::format::kr).unwrap_or_default()),
                invalid: typed
                    .errors
                    .iter()
                    .any(|(k, _)| k.as_deref() == Some(r.key.as_str())),
                forecast: kr(r.forecast),
            })
            .collect(),
        totals,
        notes: f
            .notes
            .iter()
            .map(|n| {
                (
                    capitalized(n.severity.word()),
                    crate::view::unbroken(&n.message),
                )
            })
            .collect(),
        can_edit: allows(role, Action::Edit, Resource::Actuals),
        errors,
    }
}

/// The follow-up of a fiscal year for a period.
pub async fn follow_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, year)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    follow_up_page(&state, &user, &a, &year, &q, TypedForecast::default()).await
}

/// Saves the ekonom's full-year figures: pairs of `rad` (the row key) and `belopp` (kronor,
/// empty for the computed figure). A value that is not an amount is refused next to the form
/// and nothing is saved.
pub async fn save_forecast(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, year)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Actuals).await?;
    let (ctx, y) = load_context(&state, &association, &year).await?;
    let known: BTreeSet<String> = ctx
        .follow_up(
            finsam_core::actuals::PeriodSpec::FullYear
                .resolve(ctx.ledger.year)
                .map_err(AppError::BadRequest)?,
            None,
        )
        .map_err(AppError::Uncomputable)?
        .forecast
        .rows
        .iter()
        .map(|r| r.key.clone())
        .collect();
    let period = fields
        .iter()
        .find(|(k, _)| k == "period")
        .map(|(_, v)| v.clone());
    let keys = fields.iter().filter(|(k, _)| k == "rad").map(|(_, v)| v);
    let values = fields.iter().filter(|(k, _)| k == "belopp").map(|(_, v)| v);
    let mut typed = TypedForecast::default();
    let mut out = Vec::new();
    for (key, value) in keys.zip(values) {
        if !known.contains(key) {
            typed.errors.push((
                None,
                format!("Raden \"{key}\" finns inte i prognosen; ladda om sidan."),
            ));
            continue;
        }
        typed.values.insert(key.clone(), value.clone());
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        let row = key
            .split(':')
            .nth(1)
            .filter(|s| !s.is_empty())
            .unwrap_or(key);
        match Money::parse(v) {
            Ok(m) if !m.is_negative() => out.push((key.clone(), m.ore())),
            Ok(_) => typed.errors.push((
                Some(key.clone()),
                format!(
                    "{row}: skriv helårsbeloppet utan minustecken (kostnader som positiva belopp), inte {v}."
                ),
            )),
            Err(e) => typed
                .errors
                .push((Some(key.clone()), format!("{row}: \"{v}\" {e}"))),
        }
    }
    if !typed.errors.is_empty() {
        let q = PeriodQuery {
            period: period.clone(),
            budget: None,
            enhet: None,
        };
        return follow_up_page(&state, &user, &a, &year, &q, typed).await;
    }
    state
        .app
        .store()
        .save_forecast_adjustments(user.actor(), association.id, y, &out)
        .await?;
    let q = period
        .filter(|p| PeriodSpec::parse(p).is_ok())
        .map(|p| format!("?period={p}"))
        .unwrap_or_default();
    Ok(Redirect::to(&format!("{}/{y}{q}#prognos", base(&association))).into_response())
}

/// "varning" as the start of a sentence: "Varning".
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
