//! The follow-up pages: the association's imported fiscal years and the SIE upload, the
//! follow-up of a period, an account's voucher rows, the forecast figures and the account mapping.

use std::collections::BTreeSet;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_core::Money;
use finsam_core::actuals::{Chart, FollowUp, Mapping, PeriodSpec, StatementLine};
use finsam_core::format::{kr, percent};
use finsam_store::{Association, LedgerImport, Role};

use super::{Layout, association_for};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use finsam_app::actuals::{Context, ImportError, Upload};
use finsam_app::{Action, Resource, allows};

fn base(a: &Association) -> String {
    format!("/forbund/{}/uppfoljning", a.id.0)
}

/// An import as listed.
pub struct ImportRow {
    pub year: i32,
    pub url: String,
    pub file_name: String,
    pub program: String,
    pub imported: String,
    pub rows: String,
    pub notes: Vec<String>,
}

/// The day (UTC) of a stored time in seconds since 1970.
fn day_of(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

fn import_rows(a: &Association, imports: &[LedgerImport]) -> Vec<ImportRow> {
    imports
        .iter()
        .map(|i| ImportRow {
            year: i.fiscal_year,
            url: format!("{}/{}", base(a), i.fiscal_year),
            file_name: i.file_name.clone(),
            program: i.program.clone().unwrap_or_default(),
            imported: day_of(i.imported_at),
            rows: finsam_core::format::grouped(i128::from(i.row_count)),
            notes: i.notes.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "actuals.html")]
struct OverviewPage {
    layout: Layout,
    association: Association,
    base: String,
    imports: Vec<ImportRow>,
    can_import: bool,
    can_map: bool,
    /// After an import: what happened, and what the file noted.
    done: Option<(String, Vec<String>)>,
    errors: Vec<String>,
    mismatch: bool,
    year_value: String,
}

/// What the overview page reports above the list.
enum Notice {
    None,
    /// An import's sentence and what the file noted.
    Done(String, Vec<String>),
    /// Why nothing was imported, and whether a confirmation would let it through.
    Refused(Vec<String>, bool),
}

async fn overview_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    notice: Notice,
    year_value: String,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let imports = import_rows(
        &association,
        &state.app.store().ledger_imports(association.id).await?,
    );
    let (status, done, errors, mismatch) = match notice {
        Notice::None => (StatusCode::OK, None, Vec::new(), false),
        Notice::Done(sentence, notes) => {
            (StatusCode::OK, Some((sentence, notes)), Vec::new(), false)
        }
        Notice::Refused(errors, mismatch) => {
            (StatusCode::UNPROCESSABLE_ENTITY, None, errors, mismatch)
        }
    };
    let page = OverviewPage {
        layout: Layout::new(user, format!("Uppföljning – {}", association.name)),
        base: base(&association),
        can_import: allows(role, Action::Import, Resource::Actuals),
        can_map: allows(role, Action::Read, Resource::Actuals),
        association,
        imports,
        done,
        errors,
        mismatch,
        year_value,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The imported fiscal years and the upload form.
pub async fn overview(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    overview_page(&state, &user, &a, Notice::None, String::new()).await
}

/// Imports an uploaded SIE file: all or nothing; a file of another organisation or year needs
/// the confirmation box.
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Import, Resource::Actuals).await?;
    let mut bytes = None;
    let mut file_name = String::from("fil.se");
    let mut year_text = String::new();
    let mut confirmed = false;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("fil") => {
                if let Some(n) = field.file_name() {
                    file_name = n.chars().filter(|c| !c.is_control()).take(200).collect();
                }
                bytes = Some(field.bytes().await.map_err(|_| {
                    AppError::BadRequest("Filen kunde inte tas emot; försök igen.".into())
                })?);
            }
            Some("ar") => year_text = field.text().await.unwrap_or_default().trim().to_owned(),
            Some("bekrafta") => confirmed = true,
            _ => {}
        }
    }
    let fail = |msgs: Vec<String>, mismatch: bool, year: String| {
        let (state, user, a) = (state.clone(), user.clone(), a.clone());
        async move { overview_page(&state, &user, &a, Notice::Refused(msgs, mismatch), year).await }
    };
    let fiscal_year = if year_text.is_empty() {
        None
    } else {
        match year_text.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                return fail(
                    vec![format!("\"{year_text}\" är inget år; skriv till exempel 2024, eller lämna fältet tomt.")],
                    false,
                    year_text,
                )
                .await;
            }
        }
    };
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return fail(
            vec!["Välj en SIE-fil att ladda upp.".into()],
            false,
            year_text,
        )
        .await;
    };
    let upload = Upload {
        bytes: bytes.to_vec(),
        file_name,
        fiscal_year,
        confirmed,
    };
    match state
        .app
        .import_sie(
            user.actor(),
            &association,
            upload,
            Arc::new(|_: &str, _, _| {}),
        )
        .await
    {
        Ok(report) => {
            overview_page(
                &state,
                &user,
                &a,
                Notice::Done(report.sentence(), report.notes),
                String::new(),
            )
            .await
        }
        Err(ImportError::Store(e)) => Err(e.into()),
        Err(e) => {
            let mismatch = matches!(e, ImportError::Mismatch(_));
            fail(e.messages(), mismatch, year_text).await
        }
    }
}

/// A statement row for the page.
pub struct StatementView {
    pub label: &'static str,
    pub class: &'static str,
    pub heading: bool,
    pub current: String,
    pub prior: String,
}

fn statement_views(rows: &[StatementLine]) -> Vec<StatementView> {
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

fn budget_views(rows: &[finsam_core::actuals::BudgetRow], accounts_base: &str) -> Vec<BudgetView> {
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
            deviation: kr(r.deviation),
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
    pub computed: String,
    pub adjusted: String,
    pub forecast: String,
}

#[derive(Template)]
#[template(path = "followup.html")]
struct FollowUpPage {
    layout: Layout,
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
    budget_source: &'static str,
    income: Vec<StatementView>,
    balance: Vec<StatementView>,
    balance_ok: bool,
    summary: Vec<BudgetView>,
    lines: Vec<BudgetView>,
    admin_share: String,
    admin_goal: String,
    forecast: Vec<ForecastView>,
    totals: Vec<(&'static str, String)>,
    notes: Vec<(&'static str, String)>,
    can_edit: bool,
    errors: Vec<String>,
}

/// `?period=h1`.
#[derive(Debug, serde::Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

fn period_choices(ctx: &Context) -> Vec<(String, String)> {
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

async fn load_context(
    state: &AppState,
    association: &Association,
    year: &str,
) -> Result<(Context, i32), AppError> {
    let year: i32 = year.parse().map_err(|_| AppError::NotFound)?;
    let ctx = state
        .app
        .follow_up_context(association, year)
        .await
        .map_err(AppError::Internal)?
        .ok_or(AppError::NotFound)?;
    Ok((ctx, year))
}

async fn follow_up_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    year: &str,
    period: Option<&str>,
    errors: Vec<String>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let (ctx, year) = load_context(state, &association, year).await?;
    let (spec, period) = ctx.resolve(period).map_err(AppError::BadRequest)?;
    let f = ctx.follow_up(period).map_err(AppError::Internal)?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = build_page(&ctx, &f, &association, role, year, spec, user, errors);
    Ok((status, Html(page.render()?)).into_response())
}

#[allow(clippy::too_many_arguments)]
fn build_page(
    ctx: &Context,
    f: &FollowUp,
    association: &Association,
    role: Role,
    year: i32,
    spec: PeriodSpec,
    user: &CurrentUser,
    errors: Vec<String>,
) -> FollowUpPage {
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
        totals.push((
            "Förbundets intervall",
            format!("{} – {}", kr(b.min), kr(b.max)),
        ));
    }
    FollowUpPage {
        layout: Layout::new(user, format!("Uppföljning {year} – {}", association.name)),
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
        budget_source: f.budget_source.describe(),
        income: statement_views(&f.income_statement),
        balance: statement_views(&f.balance_sheet),
        balance_ok: f.balance_difference.is_zero(),
        summary: budget_views(&f.summary, ""),
        lines: budget_views(&f.lines, &format!("{}/{year}/konto", base(association))),
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
                computed: kr(r.computed),
                adjusted: r.adjusted.map(kr).unwrap_or_default(),
                forecast: kr(r.forecast),
            })
            .collect(),
        totals,
        notes: f
            .notes
            .iter()
            .map(|n| (n.kind.code(), n.message.clone()))
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
    follow_up_page(&state, &user, &a, &year, q.period.as_deref(), Vec::new()).await
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
        )
        .map_err(AppError::Internal)?
        .forecast
        .rows
        .into_iter()
        .map(|r| r.key)
        .collect();
    let period = fields
        .iter()
        .find(|(k, _)| k == "period")
        .map(|(_, v)| v.clone());
    let keys = fields.iter().filter(|(k, _)| k == "rad").map(|(_, v)| v);
    let values = fields.iter().filter(|(k, _)| k == "belopp").map(|(_, v)| v);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (key, value) in keys.zip(values) {
        if !known.contains(key) {
            errors.push(format!(
                "Raden \"{key}\" finns inte i prognosen; ladda om sidan."
            ));
            continue;
        }
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        match Money::parse(v) {
            Ok(m) if !m.is_negative() => out.push((key.clone(), m.ore())),
            Ok(_) => errors.push(format!(
                "{v}: skriv helårsbeloppet utan minustecken (kostnader som positiva belopp)."
            )),
            Err(e) => errors.push(format!(
                "\"{v}\" för {}: {e}",
                key.split(':')
                    .nth(1)
                    .filter(|s| !s.is_empty())
                    .unwrap_or(key)
            )),
        }
    }
    if !errors.is_empty() {
        return follow_up_page(&state, &user, &a, &year, period.as_deref(), errors).await;
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

#[derive(Template)]
#[template(path = "account_rows.html")]
struct AccountPage {
    layout: Layout,
    back: String,
    account: String,
    name: String,
    rows: Vec<(String, String, String, String)>,
    sum: String,
}

/// The voucher rows of one account in the fiscal year: where a deviation comes from.
pub async fn account(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, year, account)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Read, Resource::Actuals).await?;
    let y: i32 = year.parse().map_err(|_| AppError::NotFound)?;
    let Some((_, data)) = state.app.store().ledger(association.id, y).await? else {
        return Err(AppError::NotFound);
    };
    let name = data
        .accounts
        .iter()
        .find(|(no, _)| *no == account)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let rows = state
        .app
        .store()
        .ledger_rows(association.id, y, &account)
        .await?;
    let sum =
        Money::checked_sum(rows.iter().map(|r| Money::from_ore(r.amount))).unwrap_or_default();
    let page = AccountPage {
        layout: Layout::new(&user, format!("Konto {account} {y} – {}", association.name)),
        back: format!("{}/{y}", base(&association)),
        account,
        name,
        rows: rows
            .into_iter()
            .map(|r| (r.day, r.voucher, r.text, kr(Money::from_ore(r.amount))))
            .collect(),
        sum: kr(sum),
    };
    Ok(Html(page.render()?).into_response())
}

/// An account as the mapping page lists it: where it goes now.
pub struct MappedAccount {
    /// The account's voucher rows in the latest year.
    pub url: String,
    pub account: String,
    pub name: String,
    pub category: String,
    pub line: String,
    pub rule: &'static str,
}

#[derive(Template)]
#[template(path = "mapping.html")]
struct MappingPage {
    layout: Layout,
    association: Association,
    action: String,
    chart: String,
    charts: Vec<(&'static str, &'static str)>,
    rules: String,
    row_version: i64,
    accounts: Vec<MappedAccount>,
    lines: Vec<String>,
    can_edit: bool,
    errors: Vec<String>,
    saved: bool,
}

async fn mapping_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    draft: Option<(String, String, i64)>,
    errors: Vec<String>,
    saved: bool,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let (mapping, row_version, text) = state.app.mapping(&association).await?;
    let latest = latest_year(state, &association).await?;
    let mut accounts = Vec::new();
    let mut lines = Vec::new();
    if let Some(y) = latest {
        if let Some((_, data)) = state.app.store().ledger(association.id, y).await? {
            for (no, name) in &data.accounts {
                if matches!(
                    mapping.chart.classify(no),
                    finsam_core::actuals::mapping::Class::Balance(_)
                ) {
                    continue;
                }
                let t = mapping.target(no);
                accounts.push(MappedAccount {
                    url: format!("{}/{y}/konto/{no}", base(&association)),
                    account: no.clone(),
                    name: name.clone(),
                    category: t
                        .as_ref()
                        .map(|t| {
                            finsam_core::actuals::followup::category_label(t.category).to_owned()
                        })
                        .unwrap_or_else(|| "Okopplat".into()),
                    line: t.as_ref().and_then(|t| t.line.clone()).unwrap_or_default(),
                    rule: match &t {
                        Some(t) if t.explicit => "egen regel",
                        Some(_) => "kontoplanens standard",
                        None => "saknas",
                    },
                });
            }
        }
        if let Some(plan) = state.app.adopted_plan(&association, y).await? {
            lines = plan_lines(&plan).into_iter().collect();
        }
    }
    let (chart, rules, row_version) =
        draft.unwrap_or((mapping.chart.word().to_owned(), text, row_version));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MappingPage {
        layout: Layout::new(user, format!("Kontokoppling – {}", association.name)),
        action: format!("/forbund/{}/kontokoppling", association.id.0),
        association,
        chart,
        charts: vec![
            (Chart::KommunBas.word(), Chart::KommunBas.label()),
            (Chart::Bas.word(), Chart::Bas.label()),
        ],
        rules,
        row_version,
        accounts,
        lines,
        can_edit: allows(role, Action::Edit, Resource::Actuals),
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The newest imported fiscal year, if any.
async fn latest_year(state: &AppState, association: &Association) -> Result<Option<i32>, AppError> {
    Ok(state
        .app
        .store()
        .ledger_imports(association.id)
        .await?
        .first()
        .map(|i| i.fiscal_year))
}

fn plan_lines(plan: &finsam_core::Plan) -> BTreeSet<String> {
    plan.budget
        .sections
        .iter()
        .flat_map(|s| s.lines.iter().map(|l| l.name.clone()))
        .collect()
}

/// `?sparad=1` after a save.
#[derive(Debug, serde::Deserialize)]
pub struct SavedQuery {
    sparad: Option<String>,
}

/// The account mapping: the chart, the rules, and where every account of the latest import goes.
pub async fn mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    mapping_page(&state, &user, &a, None, Vec::new(), q.sparad.is_some()).await
}

/// The mapping form.
#[derive(Debug, serde::Deserialize)]
pub struct MappingForm {
    kontoplan: String,
    regler: String,
    row_version: String,
}

/// Saves the mapping; rules that do not read are refused line by line and the text is kept.
pub async fn save_mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(form): Form<MappingForm>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Actuals).await?;
    let row_version: i64 = form.row_version.trim().parse().unwrap_or(-1);
    let draft = Some((form.kontoplan.clone(), form.regler.clone(), row_version));
    let Some(chart) = Chart::from_word(&form.kontoplan) else {
        return mapping_page(
            &state,
            &user,
            &a,
            draft,
            vec!["Välj Kommun-Bas eller BAS som kontoplan.".into()],
            false,
        )
        .await;
    };
    let latest = latest_year(&state, &association).await?;
    let known = match latest {
        Some(y) => state
            .app
            .adopted_plan(&association, y)
            .await?
            .map(|p| plan_lines(&p)),
        None => None,
    };
    // The rules are checked here and saved as written, comments included.
    if let Err(errs) = Mapping::parse_rules(&form.regler, known.as_ref()) {
        let msgs = errs
            .iter()
            .map(|e| format!("Rad {}: {}", e.line, e.message))
            .collect();
        return mapping_page(&state, &user, &a, draft, msgs, false).await;
    }
    let text = form.regler.replace("\r\n", "\n");
    match state
        .app
        .store()
        .save_mapping(user.actor(), association.id, row_version, chart.word(), &text)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/forbund/{}/kontokoppling?sparad=1", association.id.0)).into_response()),
        Err(finsam_store::StoreError::Conflict { current }) => {
            mapping_page(
                &state,
                &user,
                &a,
                Some((form.kontoplan, form.regler, current)),
                vec!["Någon annan har sparat kontokopplingen medan du ändrade. Din text finns kvar nedan; jämför med den sparade (ladda om sidan i en ny flik) och spara igen.".into()],
                false,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
