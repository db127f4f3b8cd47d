//! A plan version: its dashboard, the board's adoption, revisions, export and comparison.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_core::format::kr;
use finsam_core::{Money, check, compute};
use finsam_store::{Adoption, Status, StoreError, VersionId};

use super::{Here, Layout, Loaded, PlanRequest, association_for, id, version_url};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::view::{self, Dashboard};
use finsam_app::plan_edit::{FieldErrors, Fields, get};
use finsam_app::{Action, Resource, allows};

/// Links and state shared by every page of a version.
pub struct VersionNav {
    /// The version's address.
    pub base: String,
    /// "Verksamhetsplan och budget 2024, version 2".
    pub label: String,
    /// True for a draft.
    pub is_draft: bool,
    /// "utkast" or "beslutad 2023-11-17 (…)".
    pub status: String,
    /// The user may edit this version.
    pub can_edit: bool,
}

/// The navigation for a loaded version.
pub fn nav(l: &Loaded) -> VersionNav {
    VersionNav {
        base: version_url(l.association.id, l.version.id),
        label: l.version.label(),
        is_draft: l.version.status == Status::Draft,
        status: match &l.version.adoption {
            Some(a) => format!("beslutad {} ({})", a.on, a.meeting),
            None => "utkast".into(),
        },
        can_edit: l.version.status == Status::Draft && allows(l.role, Action::Edit, Resource::Plan),
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    nav: VersionNav,
    d: std::sync::Arc<Dashboard>,
    can_adopt: bool,
    can_revise: bool,
    /// Next year's plan may be started from this version: the years it would cover.
    next_years: Option<String>,
    /// Said once after next year's plan was started here: what was done.
    started: Option<String>,
    row_version: i64,
    decision: Option<Adoption>,
    form: BTreeMap<String, String>,
    errors: FieldErrors,
    /// The units the figures can be shown in: (word, link, shown now).
    units: Vec<(&'static str, String, bool)>,
    /// The applications' deadlines that are overdue or due soon, for those who read them.
    due: Option<Vec<super::insatser::DueView>>,
    /// The reports overdue or due soon: the nearest, and how many in all.
    reports: Vec<super::grants::ReportView>,
    reports_total: usize,
    reports_url: String,
    /// Applications awaiting a decision, with what granting them does to equity.
    pending: Vec<super::grants::PendingView>,
    /// The insatser page.
    insatser_url: String,
    /// The meeting the adoption was decided at, when it is recorded.
    meeting_url: Option<String>,
    /// The förbund's recorded meetings for the adoption form: (day, title), the latest first.
    meetings: Vec<(String, String)>,
}

impl DashboardPage {
    /// A form field's value, or empty.
    fn f(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

async fn dashboard_page(
    state: &AppState,
    req: &PlanRequest,
    (form, errors): (BTreeMap<String, String>, FieldErrors),
    (unit, started): (Option<&String>, bool),
    status: StatusCode,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(state, Action::Read).await?;
    let unit = view_unit(&l.plan, unit);
    let started = match started {
        true => state
            .app
            .last_event(l.association.id, l.version.id, "plan.next")
            .await?
            .filter(|e| e.entry.user == Some(user.user.id))
            .map(|e| e.entry.summary),
        false => None,
    };
    // The key figures, findings and chart are the same for every user of a version.
    let d = state.dashboards[view::unit_index(unit)].get_or_build(
        l.version.id.0,
        l.version.row_version,
        || {
            let fig = compute(&l.plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
            let findings = check(&l.plan, &fig);
            view::dashboard(&l.plan, &fig, &findings, unit).map_err(AppError::Uncomputable)
        },
    )?;
    // The applications' deadlines move with the day: not part of the version's cached figures.
    // One audit stamp for the three panels kept at it.
    let (due, reports, reports_total, pending) =
        if allows(l.role, Action::Read, Resource::Application { own: false }) {
            let stamp = state.app.store().audit_stamp(l.association.id).await?;
            let today = state.app.today();
            let rows = state
                .app
                .deadlines_due_at(&l.association, None, today, stamp)
                .await?;
            let (r, n) =
                super::grants::reports_panel(state, &l.association, (today, stamp), 8).await?;
            (
                Some(super::insatser::due_views(rows, &l.association)),
                r,
                n,
                super::grants::pending_views(state, &l.association, stamp).await?,
            )
        } else {
            (None, Vec::new(), 0, Vec::new())
        };
    let can_adopt =
        l.version.status == Status::Draft && allows(l.role, Action::Adopt, Resource::Plan);
    let meeting_url = match &l.version.adoption {
        Some(a) => state
            .app
            .meeting_on(&l.association, a.on)
            .await?
            .map(|m| format!("/forbund/{}/moten/{}", l.association.id.0, m.meeting.on)),
        None => None,
    };
    let meetings = if can_adopt {
        super::meetings::choices(state, &l.association).await?
    } else {
        Vec::new()
    };
    let page = DashboardPage {
        meetings,
        due,
        reports,
        reports_total,
        pending,
        reports_url: super::grants::reports_url(l.association.id),
        insatser_url: format!("/forbund/{}/insatser", l.association.id.0),
        meeting_url,
        units: view::unit_choices(&version_url(l.association.id, l.version.id), unit),
        layout: Layout::version(state, user, &l, Here::Overview, l.version.title.clone())
            .await?
            .exports_in(&l, unit),
        d,
        can_adopt,
        can_revise: l.version.status == Status::Adopted
            && allows(l.role, Action::Revise, Resource::Plan),
        next_years: (l.version.status == Status::Adopted
            && allows(l.role, Action::Import, Resource::Plan))
        .then(|| next_years(&l.plan.budget.years))
        .flatten(),
        started,
        row_version: l.version.row_version,
        decision: l.version.adoption.clone(),
        nav: nav(&l),
        form,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Key figures per year, every finding, the equity chart, and the version's actions.
pub async fn dashboard(
    State(state): State<AppState>,
    req: PlanRequest,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    dashboard_page(
        &state,
        &req,
        (BTreeMap::new(), FieldErrors::new()),
        (q.get("enhet"), q.contains_key("startad")),
        StatusCode::OK,
    )
    .await
}

/// "2025–2027": the years next year's plan after one over `years` covers.
fn next_years(years: &[i32]) -> Option<String> {
    let (first, last) = (years.first()?, years.last()?);
    Some(if first == last {
        (first + 1).to_string()
    } else {
        format!("{}–{}", first + 1, last + 1)
    })
}

/// Where the förbund's navigation goes for a plan page outside a version: the newest version
/// of the newest plan (a förbundschef in November works on next year's draft; the versions page
/// lists the rest), or the versions page with its import form when there is no plan yet.
async fn current(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    page: &str,
) -> Result<Response, AppError> {
    let (association, _) = association_for(state, user, a, Action::Read, Resource::Plan).await?;
    let newest = state
        .app
        .store()
        .versions_page(association.id, finsam_store::PageRequest::new(1, 1))
        .await?;
    let to = match newest.items.first() {
        Some(v) => format!("{}{page}", version_url(association.id, v.id)),
        None => format!("/forbund/{}", association.id.0),
    };
    Ok(Redirect::to(&to).into_response())
}

/// Översikt in the förbund's navigation: the current version's dashboard.
pub async fn current_overview(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    current(&state, &user, &a, "").await
}

/// Budget in the förbund's navigation: the current version's budget.
pub async fn current_budget(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    current(&state, &user, &a, "/budget").await
}

/// Mål in the förbund's navigation: the current version's goals.
pub async fn current_goals(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    current(&state, &user, &a, "/mal").await
}

/// The tables of a plan version, in the order the exports offer them.
pub const PLAN_TABLES: [&str; 5] = ["Budget", "Nyckeltal", "Medlemsbidrag", "Kontroller", "Mål"];

/// The unit a view shows amounts in: `?enhet=kr|tkr` (`asked`), or the plan's own.
pub fn view_unit(plan: &finsam_core::Plan, asked: Option<&String>) -> finsam_core::format::Unit {
    asked
        .and_then(|w| finsam_core::format::Unit::from_word(w))
        .unwrap_or(plan.budget.unit)
}

/// A version's tables as files: `plan.xlsx` (every table) or one table as CSV
/// (`budget.csv`, `nyckeltal.csv`, `medlemsbidrag.csv`, `kontroller.csv`, `mal.csv`).
pub async fn export_tables(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, file)): Path<(String, String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let l = req.load(&state, Action::Export).await?;
    let unit = view_unit(&l.plan, q.get("enhet"));
    // Kept per version, unit and file while the förbund's audit stamp stays: the goals sheet
    // reads the books as well as the plan, and every change to either is audited.
    let stamp = state.app.store().audit_stamp(l.association.id).await?;
    let key = (l.version.id.0, unit.label(), file.clone());
    let bytes = match state.exports.get(&key, stamp) {
        Some(kept) => kept,
        None => {
            let fig = compute(&l.plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
            let table = finsam_core::report::budget_table(&l.plan, &fig);
            let values = super::members_goals::figure_values(&state, &l).await?;
            let sheets = [
                finsam_report::tables::budget(&table, unit),
                finsam_report::tables::key_figures(
                    &finsam_core::report::key_figures(&l.plan, &fig, unit),
                    unit,
                ),
                finsam_report::tables::contributions(&table, unit),
                finsam_report::tables::findings(&check(&l.plan, &fig)),
                finsam_report::tables::goals(&finsam_core::report::goals_table(&l.plan, &values)),
            ];
            let bytes = super::export::file_bytes(&sheets, "plan", &file)?;
            state.exports.put(&key, stamp, bytes)
        }
    };
    Ok(super::export::attachment(
        bytes.as_ref().clone(),
        super::export::content_type(&file),
        &file,
    ))
}

/// The plan file, exactly as stored.
pub async fn export(State(state): State<AppState>, req: PlanRequest) -> Result<Response, AppError> {
    // The text as stored, even when it no longer reads: it is what the user needs to fix it.
    let (association, _, version) = req.head(&state, Action::Export).await?;
    let name = format!(
        "plan-{}-version-{}.toml",
        association.org_number, version.number
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        state
            .app
            .store()
            .document(association.id, version.id)
            .await?,
    )
        .into_response())
}

/// The day written as `YYYY-MM-DD` (and only so), if it is one.
pub(crate) fn day(s: &str) -> Option<time::Date> {
    let b = s.as_bytes();
    if !(s.is_ascii() && s.len() == 10 && b[4] == b'-' && b[7] == b'-') {
        return None;
    }
    let month = time::Month::try_from(s[5..7].parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(s[0..4].parse().ok()?, month, s[8..10].parse().ok()?).ok()
}

/// Records the board's adoption: date, meeting and decision text. The version never changes
/// again.
pub async fn adopt(
    State(state): State<AppState>,
    req: PlanRequest,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Adopt).await?;
    let mut errors = FieldErrors::new();
    // A recorded meeting chosen gives the day and the meeting's words; otherwise they are
    // written by hand.
    let chosen = match get(&fields, "mote") {
        "" => None,
        d => {
            let meeting = match day(d) {
                Some(on) => state.app.meeting_on(&l.association, on).await?,
                None => None,
            };
            let paragraph = finsam_core::meeting::paragraph(get(&fields, "paragraf"));
            match (meeting, paragraph) {
                (Some(m), Some(p)) => Some((m.meeting.on, format!("{}, {p}", m.meeting.title()))),
                (None, _) => {
                    errors.insert("mote".into(), "Välj ett av förbundets möten.".into());
                    None
                }
                (Some(_), None) => {
                    errors.insert(
                        "paragraf".into(),
                        "Skriv paragrafen i protokollet, t.ex. § 45.".into(),
                    );
                    None
                }
            }
        }
    };
    let (day_of_decision, meeting) = match &chosen {
        Some((on, words)) => (Some(*on), words.clone()),
        None => (day(get(&fields, "on")), get(&fields, "meeting").to_owned()),
    };
    let by_hand = get(&fields, "mote").is_empty();
    if by_hand && day_of_decision.is_none() {
        errors.insert(
            "on".into(),
            "Skriv beslutsdagen som ÅÅÅÅ-MM-DD, t.ex. 2023-11-17.".into(),
        );
    }
    let meeting = meeting.as_str();
    if by_hand && meeting.is_empty() {
        errors.insert(
            "meeting".into(),
            "Välj mötet, eller skriv vilket möte som beslutade, t.ex. Styrelsemöte 2023-11-17, § 45."
                .into(),
        );
    }
    let decision = get(&fields, "decision");
    if decision.is_empty() {
        errors.insert(
            "decision".into(),
            "Skriv beslutet som det står i protokollet.".into(),
        );
    }
    let expected: i64 = get(&fields, "row_version").parse().unwrap_or(-1);
    let form: BTreeMap<String, String> = fields.iter().cloned().collect();
    let (Some(on), true) = (day_of_decision, errors.is_empty()) else {
        return dashboard_page(
            &state,
            &req,
            (form, errors),
            (None, false),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    // Check your answers: the decision and every finding, before anything is registered. "Ändra"
    // goes back to the form with what was written.
    let step = get(&fields, "steg");
    if step == "andra" {
        return dashboard_page(
            &state,
            &req,
            (form, FieldErrors::new()),
            (None, false),
            StatusCode::OK,
        )
        .await;
    }
    let fig = compute(&l.plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
    let findings = check(&l.plan, &fig);
    let errors_found: Vec<&finsam_core::Finding> = findings
        .iter()
        .filter(|f| f.severity == finsam_core::Severity::Error)
        .collect();
    let knowing = get(&fields, "kannedom") == "ja";
    if step != "bekrafta" || (!errors_found.is_empty() && !knowing) {
        let refused = step == "bekrafta";
        let page = AdoptCheckPage {
            layout: Layout::version(&state, user, &l, Here::Overview, "Kontrollera beslutet")
                .await?
                .crumb("Översikt", version_url(l.association.id, l.version.id)),
            nav: nav(&l),
            version: l.version.label(),
            on: on.to_string(),
            meeting: meeting.to_owned(),
            decision: decision.to_owned(),
            row_version: expected,
            findings: view::finding_views(&findings),
            errors: errors_found.len(),
            refused,
        };
        let status = if refused {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return Ok((status, Html(page.render()?)).into_response());
    }
    let acknowledged = (!errors_found.is_empty()).then(|| {
        format!(
            "Styrelsen beslutade med kännedom om {} fel i kontrollerna: {}",
            errors_found.len(),
            errors_found
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )
    });
    let adoption = Adoption {
        on,
        meeting: meeting.into(),
        decision: decision.into(),
        acknowledged,
    };
    match state
        .app
        .store()
        .adopt(
            user.actor(),
            l.association.id,
            l.version.id,
            expected,
            &adoption,
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&version_url(l.association.id, l.version.id)).into_response()),
        Err(StoreError::Conflict { .. }) => {
            let mut errors = FieldErrors::new();
            errors.insert(
                "on".into(),
                "Utkastet har ändrats sedan du öppnade sidan. Granska siffrorna och kontrollerna ovan och besluta igen.".into(),
            );
            dashboard_page(
                &state,
                &req,
                (form, errors),
                (None, false),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(StoreError::Adopted) => {
            Err(AppError::BadRequest("Versionen är redan beslutad.".into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// The "check your answers" step of registering the board's decision.
#[derive(Template)]
#[template(path = "adopt_check.html")]
struct AdoptCheckPage {
    layout: Layout,
    nav: VersionNav,
    version: String,
    on: String,
    meeting: String,
    decision: String,
    row_version: i64,
    findings: Vec<view::FindingView>,
    /// How many of the findings are errors.
    errors: usize,
    /// The registration was asked for without the statement the errors need.
    refused: bool,
}

/// Starts a revision: a new draft from an adopted version.
pub async fn revise(State(state): State<AppState>, req: PlanRequest) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Revise).await?;
    if l.version.status != Status::Adopted {
        return Err(AppError::BadRequest(
            "Bara en beslutad version kan revideras; ändra utkastet direkt.".into(),
        ));
    }
    let new = state
        .app
        .store()
        .start_revision(user.actor(), l.association.id, l.version.id)
        .await?;
    Ok(Redirect::to(&version_url(l.association.id, new.id)).into_response())
}

/// Starts next year's plan from an adopted version (the rule is core's `next_plan`) and shows
/// the new draft, saying what was done.
pub async fn start_next(
    State(state): State<AppState>,
    req: PlanRequest,
) -> Result<Response, AppError> {
    let l = req.load(&state, Action::Import).await?;
    let (new, _) = state
        .app
        .start_next_plan(req.user.actor(), &l.association, &l.version, &l.plan)
        .await
        .map_err(AppError::BadRequest)?;
    Ok(Redirect::to(&format!(
        "{}?startad=1",
        version_url(l.association.id, new.id)
    ))
    .into_response())
}

/// One row of a comparison.
pub struct CompareRow {
    /// Section and line.
    pub label: String,
    /// Per year: (left, right, difference) as text.
    pub cells: Vec<(String, String, String)>,
    /// "ändrad", "ny", "borttagen" or empty.
    pub change: &'static str,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    choices: Vec<(i64, String)>,
    left: i64,
    right: i64,
    years: Vec<i32>,
    rows: Vec<CompareRow>,
    changed: usize,
}

/// Two versions side by side, line by line, with differences marked.
pub async fn compare(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(&state, &user, &a, Action::Read, Resource::Plan).await?;
    let layout = Layout::within(
        &state,
        &user,
        (&association, role),
        None,
        Here::Versions,
        "Jämför versioner",
    )
    .await?;
    let versions = state.app.store().versions(association.id).await?;
    let choices: Vec<(i64, String)> = versions
        .iter()
        .map(|v| {
            (
                v.id.0,
                format!(
                    "{} ({})",
                    v.label(),
                    if v.status == Status::Draft {
                        "utkast"
                    } else {
                        "beslutad"
                    }
                ),
            )
        })
        .collect();
    let pick = |key: &str, default: Option<VersionId>| -> Result<Option<VersionId>, AppError> {
        match q.get(key) {
            Some(s) => Ok(Some(VersionId(id(s)?))),
            None => Ok(default),
        }
    };
    let left = pick("fran", versions.get(1).map(|v| v.id))?;
    let right = pick("till", versions.first().map(|v| v.id))?;
    let (Some(left), Some(right)) = (left, right) else {
        let page = ComparePage {
            layout,
            choices,
            left: 0,
            right: 0,
            years: Vec::new(),
            rows: Vec::new(),
            changed: 0,
        };
        return Ok(Html(page.render()?).into_response());
    };
    let c = comparison(&state, &versions, left, right)?;
    let rows: Vec<CompareRow> = c
        .rows
        .iter()
        .map(|r| CompareRow {
            label: format!("{} / {}", r.section, r.line),
            cells: r
                .cells
                .iter()
                .map(|c| {
                    let text = |m: Option<Money>| m.map(kr).unwrap_or_default();
                    (text(c.left), text(c.right), text(c.difference))
                })
                .collect(),
            change: r.change.word(),
        })
        .collect();
    let changed = c.changed;
    let years = c.years;
    let layout = layout.exports(
        &format!("/forbund/{}/jamfor/export", association.id.0),
        "jamforelse",
        &["Jämförelse"],
        &format!("fran={}&till={}", left.0, right.0),
    );
    let page = ComparePage {
        layout,
        choices,
        left: left.0,
        right: right.0,
        years,
        rows,
        changed,
    };
    Ok(Html(page.render()?).into_response())
}

/// The comparison of two of the förbund's versions.
fn comparison(
    state: &AppState,
    versions: &[finsam_store::PlanVersion],
    left: VersionId,
    right: VersionId,
) -> Result<finsam_core::report::VersionComparison, AppError> {
    let read = |id: VersionId| -> Result<(std::sync::Arc<finsam_core::Plan>, finsam_core::Figures), AppError> {
        let v = versions
            .iter()
            .find(|v| v.id == id)
            .ok_or(AppError::NotFound)?;
        let plan = state.app.plan_of(v).map_err(AppError::Uncomputable)?;
        let fig = compute(&plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
        Ok((plan, fig))
    };
    let (lp, lf) = read(left)?;
    let (rp, rf) = read(right)?;
    Ok(finsam_core::report::compare((&lp, &lf), (&rp, &rf)))
}

/// The comparison as a file: `jamforelse.xlsx` or `jamforelse.csv`, of `?fran=&till=`.
pub async fn export_comparison(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, file)): Path<(String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Export, Resource::Plan).await?;
    let versions = state.app.store().versions(association.id).await?;
    let pick = |key: &str| -> Result<VersionId, AppError> {
        Ok(VersionId(id(q.get(key).ok_or(AppError::NotFound)?)?))
    };
    let (left, right) = (pick("fran")?, pick("till")?);
    let label = |v: VersionId| {
        versions
            .iter()
            .find(|x| x.id == v)
            .map(|x| x.label())
            .unwrap_or_default()
    };
    let c = comparison(&state, &versions, left, right)?;
    let sheet = finsam_report::tables::comparison(&c, &label(left), &label(right));
    super::export::respond(&[sheet], "jamforelse", &file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_checked() {
        assert_eq!(
            super::day("2023-11-17"),
            time::Date::from_calendar_date(2023, time::Month::November, 17).ok()
        );
        assert!(super::day("2023-02-30").is_none());
        assert!(super::day("17/11/2023").is_none());
        assert!(super::day("").is_none());
        assert!(super::day("2023-1-017").is_none());
    }
}
