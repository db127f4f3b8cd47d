//! Deltagare (issue 14): the participant reports of the förbund's insatser. The list shows every
//! granted insats's reports with where they stand (an insatsägare sees its own insatser only)
//! and starts a report for a period of an insats's schedule; a report's page holds its figures
//! as a form (or an upload of the template), its findings linked to their cells, and the steps:
//! the insatsägare sends it in, the kansli returns it with a comment, approves it (locked) or
//! opens it again. Who may take which step is the policy's: `Edit` on the application sends in
//! and changes figures, `Adopt` is the kansli's.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::participants::{
    Analysis, InsatsReports, ReportView, TARGET_FIELDS, analysis, period_words, target_fields,
};
use finsam_app::plan_edit::{Fields, get};
use finsam_app::settings::FormError;
use finsam_app::{Action, Resource, allows};
use finsam_core::location::Place;
use finsam_core::participants::form::{
    NNS_CELLS, column_words, fields_of, row_keys, template_rows,
};
use finsam_core::participants::{Approval, ApprovalStep, COLUMNS, GROUPS, ParticipantSettings};
use finsam_store::{ApplicationId, Association, AssociationId, Role, StoredApplication};

use super::meetings::message;
use super::{Here, Layout, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::view::{FindingView, finding_views};

/// The address of the förbund's participant reports.
pub fn list_url(a: AssociationId) -> String {
    format!("/forbund/{}/deltagare", a.0)
}

/// The address of one report.
pub fn report_url(a: AssociationId, r: i64) -> String {
    format!("/forbund/{}/deltagare/{r}", a.0)
}

/// The largest template upload, in bytes.
const MAX_UPLOAD: usize = 1024 * 1024;

/// A report as a row of the list.
pub struct ReportRowView {
    url: String,
    insats: String,
    period: String,
    kind: String,
    state: &'static str,
    findings: usize,
}

/// A period a report can be started for: (value, words).
type Choice = (String, String);

#[derive(Template)]
#[template(path = "participants/list.html")]
struct ListPage {
    layout: Layout,
    here: String,
    rows: Vec<ReportRowView>,
    choices: Vec<Choice>,
    can_start: bool,
    insatser: usize,
    filter: Option<String>,
    /// The activity log, for those who read the förbund's own pages.
    activities: Option<String>,
    /// The fields of an indicator's year: (name, words, input mode).
    indicator_fields: [(&'static str, &'static str, &'static str); 4],
    /// The filtered insats's targets: where to save them (when the user may), their row
    /// version, and (field, words, value) per target.
    targets: Option<TargetsView>,
    fields: Fields,
    summary: Vec<(String, String)>,
    saved: Option<String>,
}

/// An insats's targets and staffing on the list page.
pub struct TargetsView {
    action: Option<String>,
    row_version: i64,
    rows: Vec<(&'static str, &'static str, String)>,
    /// Where a staffing entry is added, when the user may.
    staffing_action: Option<String>,
    /// (from, role, full-time equivalents).
    staffing: Vec<(String, String, String)>,
    /// The total on the page's day, in words.
    staffing_now: String,
    /// The files for Uppföljning Finsam: (year, address).
    register: Vec<(i32, String)>,
    /// Where an indicator is added, when the user may.
    indicator_action: Option<String>,
    /// The insats's indicators.
    indicators: Vec<IndicatorView>,
    /// Its participants over its reported periods by gender, as SVG.
    over_time: Option<String>,
}

/// An indicator on the list page.
pub struct IndicatorView {
    /// Where a year is set, when the user may.
    action: Option<String>,
    /// The prefix of its form's field ids (`ind3`).
    prefix: String,
    name: String,
    caution: String,
    row_version: i64,
    /// (year, value, target, met, note, change from the year before).
    rows: Vec<(i32, String, String, &'static str, String, String)>,
}

impl ListPage {
    fn typed(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn chosen(&self, value: &str) -> bool {
        get(&self.fields, "period") == value
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

/// A refused form: as typed, its messages by field, and the answer's status.
type Typed = (Fields, Vec<(String, String)>, StatusCode);

fn state_words(a: &Approval) -> &'static str {
    a.label()
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    filter: Option<ApplicationId>,
    typed: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(a)?), Action::Read)
        .await?;
    let today = state.app.today();
    let overview: Vec<InsatsReports> = state
        .app
        .participant_overview(&association, member.as_deref(), today)
        .await?
        .into_iter()
        .filter(|i| filter.is_none_or(|f| f == i.application.id))
        .collect();
    let may_edit = |a: &StoredApplication| {
        let own = member.as_deref().is_none_or(|m| m == a.insats.owner);
        allows(role, Action::Edit, Resource::Application { own })
    };
    let mut rows = Vec::new();
    let mut choices = Vec::new();
    for i in &overview {
        for v in &i.reports {
            rows.push(ReportRowView {
                url: report_url(association.id, v.stored.id),
                insats: i.application.insats.name.clone(),
                period: period_words(v.stored.from, v.stored.to),
                kind: v.stored.kind.clone(),
                state: state_words(&v.stored.approval),
                findings: v.findings.len(),
            });
        }
        if may_edit(&i.application) {
            for p in &i.open {
                choices.push((
                    format!("{}|{}|{}", i.application.id.0, p.kind, p.to),
                    format!("{}: {} ({})", i.application.insats.name, p.period(), p.kind),
                ));
            }
        }
    }
    let (fields, summary, status) =
        typed.unwrap_or_else(|| (Vec::new(), Vec::new(), StatusCode::OK));
    let filter_name = filter.and_then(|f| {
        overview
            .iter()
            .find(|i| i.application.id == f)
            .map(|i| i.application.insats.name.clone())
    });
    let targets = match overview.first().filter(|_| filter.is_some()) {
        Some(i) => {
            let (t, row_version) = state
                .app
                .participant_targets_of(&association, &i.application)
                .await?;
            let shown = if summary.iter().any(|(f, _)| f.starts_with("mal_")) {
                fields.clone()
            } else {
                target_fields(&t)
            };
            let staffing = state.app.staffing_of(&association, &i.application).await?;
            use finsam_core::participants::activity::{fte_words, total_on};
            Some(TargetsView {
                staffing_action: may_edit(&i.application).then(|| {
                    format!(
                        "/forbund/{}/insatser/{}/bemanning",
                        association.id.0, i.application.id.0
                    )
                }),
                staffing_now: fte_words(total_on(&staffing, today)),
                over_time: if i.reports.is_empty() {
                    None
                } else {
                    let periods: Vec<(String, &finsam_core::participants::ParticipantReport)> = i
                        .reports
                        .iter()
                        .map(|v| (period_words(v.stored.from, v.stored.to), &v.stored.report))
                        .collect();
                    Some(crate::charts::bar_chart_svg(
                        &finsam_core::participants::charts::over_time(
                            &i.application.insats.name,
                            &periods,
                        ),
                        "over-tid-diagram",
                    )?)
                },
                indicator_action: may_edit(&i.application).then(|| {
                    format!(
                        "/forbund/{}/insatser/{}/indikatorer",
                        association.id.0, i.application.id.0
                    )
                }),
                indicators: state
                    .app
                    .indicators_of(&association, &i.application)
                    .await?
                    .into_iter()
                    .map(|stored| {
                        let ind = &stored.indicator;
                        let number = |n: Option<u64>| {
                            n.map_or_else(
                                || "–".to_owned(),
                                |n| finsam_core::format::grouped(i128::from(n)),
                            )
                        };
                        IndicatorView {
                            action: may_edit(&i.application).then(|| {
                                format!(
                                    "/forbund/{}/insatser/{}/indikatorer/{}",
                                    association.id.0, i.application.id.0, stored.id
                                )
                            }),
                            prefix: format!("ind{}", stored.id),
                            name: ind.name.clone(),
                            caution: ind.caution.clone(),
                            row_version: stored.row_version,
                            rows: ind
                                .years
                                .iter()
                                .map(|y| {
                                    (
                                        y.year,
                                        number(y.value),
                                        number(y.target),
                                        match ind.met(y.year) {
                                            Some(true) => "ja",
                                            Some(false) => "nej",
                                            None => "–",
                                        },
                                        y.note.clone(),
                                        ind.change(y.year).unwrap_or_else(|| "–".to_owned()),
                                    )
                                })
                                .collect(),
                        }
                    })
                    .collect(),
                register: i
                    .application
                    .insats
                    .period
                    .years()
                    .into_iter()
                    .map(|y| {
                        (
                            y,
                            format!(
                                "/forbund/{}/insatser/{}/uppfoljning-finsam.csv?ar={y}",
                                association.id.0, i.application.id.0
                            ),
                        )
                    })
                    .collect(),
                staffing: staffing
                    .iter()
                    .map(|s| (s.from.to_string(), s.role.clone(), fte_words(s.fte)))
                    .collect(),
                action: may_edit(&i.application).then(|| {
                    format!(
                        "/forbund/{}/insatser/{}/deltagarmal",
                        association.id.0, i.application.id.0
                    )
                }),
                row_version,
                rows: TARGET_FIELDS
                    .iter()
                    .map(|(name, words, _)| (*name, *words, get(&shown, name).to_owned()))
                    .collect(),
            })
        }
        None => None,
    };
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Participants,
        "Deltagare",
    )
    .await?;
    let page = ListPage {
        layout,
        here: list_url(association.id),
        can_start: !choices.is_empty(),
        insatser: overview.len(),
        rows,
        choices,
        filter: filter_name,
        indicator_fields: [
            ("ar", "År", "numeric"),
            ("varde", "Värde", "numeric"),
            ("mal", "Mål (minst), valfritt", "numeric"),
            ("anmarkning", "Anmärkning, t.ex. t.o.m. augusti", "text"),
        ],
        activities: allows(role, Action::Read, Resource::Association)
            .then(|| activities_url(association.id)),
        targets,
        fields,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The förbund's participant reports, `?insats=` one insats's.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let saved = q.get("sparat").map(|w| {
        if w == "bemanning" {
            "Bemanningen är sparad.".to_owned()
        } else if w == "indikator" {
            "Indikatorn är sparad.".to_owned()
        } else {
            "Insatsens mål är sparade.".to_owned()
        }
    });
    let filter = q
        .get("insats")
        .filter(|v| !v.is_empty())
        .map(|v| id(v).map(ApplicationId))
        .transpose()?;
    list_page(&state, &user, &a, filter, None, saved).await
}

/// Saves an insats's participant targets (those who may change the application may).
pub async fn save_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, stored) = insats_to_edit(&state, &user, (&a, &i)).await?;
    let expected = get(&fields, "row_version").parse().unwrap_or(-1);
    match state
        .app
        .save_participant_targets(user.actor(), &association, (&stored, expected), &fields)
        .await
    {
        Ok(_) => Ok(back_to_insats(&association, &stored, "mal")),
        Err(e) => {
            let (errors, status) = refused(e, "mal_totalt")?;
            list_page(
                &state,
                &user,
                &a,
                Some(stored.id),
                Some((fields, errors, status)),
                None,
            )
            .await
        }
    }
}

/// What a refused form says: the fields' messages, or the conflict at `field`.
fn refused(e: FormError, field: &str) -> Result<(Vec<(String, String)>, StatusCode), AppError> {
    super::refused_form(
        e,
        field,
        "Någon annan har ändrat rapporten sedan du öppnade sidan. Se rapporten som den är nu och gör om; ingenting har sparats.",
    )
}

/// Starts a report for the chosen insats and period (`period`: `insats|kind|last day`).
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let chosen = get(&fields, "period").to_owned();
    let (insats, rest) = chosen.split_once('|').unwrap_or(("", ""));
    let Ok(insats) = insats.parse::<i64>() else {
        let errors = vec![(
            "period".to_owned(),
            "Välj insatsen och perioden rapporten gäller i listan.".to_owned(),
        )];
        return list_page(
            &state,
            &user,
            &a,
            None,
            Some((fields, errors, StatusCode::UNPROCESSABLE_ENTITY)),
            None,
        )
        .await;
    };
    let (association, _, stored, _) = state
        .app
        .authorize_application_at(
            user.user.id,
            AssociationId(id(&a)?),
            ApplicationId(insats),
            Action::Edit,
        )
        .await?;
    let period = vec![("period".to_owned(), rest.to_owned())];
    match state
        .app
        .start_participant_report(
            user.actor(),
            &association,
            &stored,
            &period,
            state.app.today(),
        )
        .await
    {
        Ok(made) => Ok(Redirect::to(&report_url(association.id, made.id)).into_response()),
        Err(e) => {
            let (errors, status) = refused(e, "period")?;
            list_page(
                &state,
                &user,
                &a,
                None,
                Some((fields, errors, status)),
                None,
            )
            .await
        }
    }
}

/// A row of the report's table: its key, words, and per column (field, value).
pub struct FigureRow {
    key: String,
    words: String,
    /// Per column: (field, value, column).
    cells: Vec<(String, String, &'static str)>,
    /// The group's heading, on the group's first row.
    heading: Option<&'static str>,
}

/// A step button: (value, words).
type StepButton = (&'static str, &'static str);

#[derive(Template)]
#[template(path = "participants/report.html")]
struct ReportPage {
    layout: Layout,
    here: String,
    insats: String,
    insats_url: String,
    case_number: String,
    period: String,
    kind: String,
    state: &'static str,
    returned: Option<String>,
    row_version: i64,
    rows: Vec<FigureRow>,
    nns: Vec<(String, String, String)>,
    narrative: String,
    columns: Vec<(&'static str, &'static str)>,
    findings: Vec<FindingView>,
    /// Each finding's cell, to link it to its field.
    finding_cells: Vec<String>,
    /// Per rate: (words, per column, the target, reached in words).
    rates: Vec<(&'static str, Vec<String>, String, &'static str)>,
    /// The year so far: (row, so far, projected, target, on track in words).
    projections: Vec<(&'static str, u32, u32, u32, &'static str)>,
    months: u32,
    early: Option<String>,
    /// The outcomes by gender and the rates against their targets, as SVG.
    charts: Vec<String>,
    may_edit: bool,
    upload: Option<String>,
    submit: bool,
    kansli: Vec<StepButton>,
    can_return: bool,
    approve_blocked: bool,
    nns_reported: bool,
    fields: Fields,
    summary: Vec<(String, String)>,
    saved: Option<String>,
}

impl ReportPage {
    fn typed(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

/// The table's rows for a report with the förbund's lists: the four rows, then each group's
/// rows under its heading; only the rows with a figure unless `all` (the form shows every row).
fn figure_rows(fields: &Fields, settings: &ParticipantSettings, all: bool) -> Vec<FigureRow> {
    let mut seen_groups: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (key, words) in row_keys(settings) {
        let cells: Vec<(String, String, &'static str)> = COLUMNS
            .iter()
            .map(|c| {
                let name = format!("{key}.{c}");
                let v = get(fields, &name).to_owned();
                (name, v, *c)
            })
            .collect();
        let grouped = key.split_once(':').map(|(prefix, _)| prefix.to_owned());
        if !all && grouped.is_some() && cells.iter().all(|(_, v, _)| v.is_empty()) {
            continue;
        }
        let heading = grouped.and_then(|prefix| {
            if seen_groups.contains(&prefix) {
                return None;
            }
            let heading = GROUPS
                .iter()
                .find(|(p, _, _)| *p == prefix)
                .map(|(_, h, _)| *h);
            seen_groups.push(prefix);
            heading
        });
        let short = words
            .split_once(": ")
            .filter(|_| key.contains(':'))
            .map_or(words.clone(), |(_, n)| n.to_owned());
        out.push(FigureRow {
            key,
            words: short,
            cells,
            heading,
        });
    }
    out
}

async fn report_page(
    state: &AppState,
    user: &CurrentUser,
    (a, r): (&str, &str),
    typed: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role, stored, view) = state
        .app
        .authorize_participant_report(user.user.id, AssociationId(id(a)?), id(r)?, Action::Read)
        .await?;
    let settings = state
        .app
        .settings(&association)
        .await?
        .settings
        .participants;
    render_report(
        state,
        user,
        (&association, role),
        &stored,
        view,
        &settings,
        typed,
        saved,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_report(
    state: &AppState,
    user: &CurrentUser,
    (association, role): (&Association, Role),
    stored: &StoredApplication,
    view: ReportView,
    settings: &ParticipantSettings,
    typed: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    // Whoever reached the report may read its application: an insatsägare only its own.
    let own = true;
    let edits = allows(role, Action::Edit, Resource::Application { own });
    let kansli = allows(role, Action::Adopt, Resource::Application { own });
    let r = &view.stored;
    let shown = fields_of(&r.report, settings);
    let (typed_fields, summary, status) =
        typed.unwrap_or_else(|| (Vec::new(), Vec::new(), StatusCode::OK));
    let values = if summary.is_empty() {
        shown.clone()
    } else {
        typed_fields.clone()
    };
    let editable = r.approval.editable();
    let here = report_url(association.id, r.id);
    let period = period_words(r.from, r.to);
    let insats_url = format!("/forbund/{}/insatser/{}", association.id.0, stored.id.0);
    let layout = Layout::within(
        state,
        user,
        (association, role),
        None,
        Here::Participants,
        format!("{}: {period}", stored.insats.name),
    )
    .await?
    .crumb("Deltagare", list_url(association.id))
    .crumb(
        stored.insats.name.clone(),
        format!("{}?insats={}", list_url(association.id), stored.id.0),
    );
    let (targets, _) = state
        .app
        .participant_targets_of(association, stored)
        .await?;
    let Analysis {
        rates,
        projections,
        months,
        early,
    } = analysis(r, &targets, &settings.outcomes);
    let mut charts = Vec::new();
    if !r.report.outcomes.is_empty() {
        use finsam_core::participants::charts;
        charts.push(crate::charts::bar_chart_svg(
            &charts::outcomes(&r.report, &settings.outcomes),
            "utfall-diagram",
        )?);
        charts.push(crate::charts::bar_chart_svg(
            &charts::rates(&r.report, &settings.outcomes, &targets),
            "andelar-diagram",
        )?);
    }
    let rates = rates
        .iter()
        .map(|(kind, rate, target, reached)| {
            (
                kind.label(),
                COLUMNS.iter().map(|c| rate.words(c)).collect(),
                target.map_or_else(|| "–".to_owned(), |t| format!("{t} %")),
                match reached {
                    Some(true) => "ja",
                    Some(false) => "nej",
                    None => "–",
                },
            )
        })
        .collect();
    let projections = projections
        .iter()
        .map(|p| {
            (
                p.label,
                p.so_far,
                p.projected,
                p.target,
                if p.on_track { "ja" } else { "nej" },
            )
        })
        .collect();
    let finding_cells = view
        .findings
        .iter()
        .map(|f| match &f.place {
            Place::Row(cell) => cell.clone(),
            _ => String::new(),
        })
        .collect();
    let mut kansli_steps = Vec::new();
    if kansli {
        match r.approval {
            Approval::Submitted if view.findings.is_empty() => {
                kansli_steps.push(("godkann", "Godkänn rapporten"));
            }
            Approval::Approved => kansli_steps.push(("oppna", "Öppna rapporten igen")),
            _ => {}
        }
    }
    let can_return = kansli && r.approval == Approval::Submitted;
    let approve_blocked = can_return && !view.findings.is_empty();
    let page = ReportPage {
        layout,
        upload: (edits && editable)
            .then(|| format!("{here}/fil?_csrf={}", user.session.csrf_token)),
        here,
        insats: stored.insats.name.clone(),
        insats_url,
        case_number: stored.case_number.clone(),
        period,
        kind: r.kind.clone(),
        state: state_words(&r.approval),
        returned: match &r.approval {
            Approval::Returned { comment } => Some(comment.clone()),
            _ => None,
        },
        row_version: r.row_version,
        rows: figure_rows(&values, settings, edits && editable),
        nns: NNS_CELLS
            .iter()
            .map(|(name, words)| {
                (
                    (*name).to_owned(),
                    (*words).to_owned(),
                    get(&values, name).to_owned(),
                )
            })
            .collect(),
        narrative: get(&values, "berattelse").to_owned(),
        columns: COLUMNS.iter().map(|c| (*c, column_words(c))).collect(),
        findings: finding_views(&view.findings),
        finding_cells,
        rates,
        projections,
        months,
        early,
        charts,
        may_edit: edits && editable,
        submit: edits && editable,
        kansli: kansli_steps,
        can_return,
        approve_blocked,
        nns_reported: r.report.nns.is_some(),
        fields: typed_fields,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// A report as authorized: the förbund, the user's role, the application and the report.
type Opened = (
    Association,
    Role,
    std::sync::Arc<StoredApplication>,
    ReportView,
);

/// The report page again after a refused form: the form as typed (`fields`) with the
/// messages, nothing saved.
async fn show_refused(
    state: &AppState,
    user: &CurrentUser,
    (association, role, stored, view): Opened,
    (e, field): (FormError, &str),
    fields: Fields,
) -> Result<Response, AppError> {
    let (errors, status) = refused(e, field)?;
    let settings = state
        .app
        .settings(&association)
        .await?
        .settings
        .participants;
    render_report(
        state,
        user,
        (&association, role),
        &stored,
        view,
        &settings,
        Some((fields, errors, status)),
        None,
    )
    .await
}

/// A participant report.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, r)): Path<(String, String)>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let saved = q.get("sparat").map(|w| {
        match w.as_str() {
            "fil" => "Siffrorna från filen är sparade.",
            "inskickad" => "Rapporten är inskickad till förbundet.",
            "atersand" => "Rapporten är skickad tillbaka till insatsägaren med din kommentar.",
            "godkand" => "Rapporten är godkänd och låst.",
            "utkast" => "Rapporten är öppnad igen och kan ändras.",
            _ => "Siffrorna är sparade.",
        }
        .to_owned()
    });
    report_page(&state, &user, (&a, &r), None, saved).await
}

/// Saves the report's figures from its form.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, r)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, role, stored, view) = state
        .app
        .authorize_participant_report(user.user.id, AssociationId(id(&a)?), id(&r)?, Action::Edit)
        .await?;
    let expected = get(&fields, "row_version").parse().unwrap_or(-1);
    match state
        .app
        .save_participant_figures(
            user.actor(),
            &association,
            (&stored, view.stored.id, expected),
            &fields,
        )
        .await
    {
        Ok(saved) => Ok(Redirect::to(&format!(
            "{}?sparat=siffror",
            report_url(association.id, saved.id)
        ))
        .into_response()),
        Err(e) => {
            let opened = (association, role, stored, view);
            show_refused(&state, &user, opened, (e, "totalt.totalt"), fields).await
        }
    }
}

/// Saves the figures of an uploaded template.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, r)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, role, stored, view) = state
        .app
        .authorize_participant_report(user.user.id, AssociationId(id(&a)?), id(&r)?, Action::Edit)
        .await?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut expected = -1;
    let mut too_large = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("Formuläret kunde inte tas emot; försök igen.".into()))?
    {
        match field.name().unwrap_or("") {
            "fil" => {
                let name = field.file_name().unwrap_or("").to_owned();
                match crate::upload::field_to_file(field, MAX_UPLOAD).await {
                    Ok(received) => {
                        let bytes = std::fs::read(received.file.path()).map_err(|e| {
                            AppError::Internal(format!("uppladdningen kunde inte läsas: {e}"))
                        })?;
                        file = Some((name, bytes));
                    }
                    Err(AppError::TooLarge(_)) => too_large = true,
                    Err(e) => return Err(e),
                }
            }
            "row_version" => {
                expected = field.text().await.unwrap_or_default().parse().unwrap_or(-1);
            }
            _ => {}
        }
    }
    let result = if too_large {
        Err(FormError::Fields(vec![(
            "fil".into(),
            format!(
                "Filen är större än {} kB; mallen är några kB. Ladda upp mallen med förbundets siffror.",
                MAX_UPLOAD / 1024
            ),
        )]))
    } else {
        let (name, bytes) = file.unwrap_or_default();
        state
            .app
            .upload_participant_figures(
                user.actor(),
                &association,
                (&stored, view.stored.id, expected),
                (&name, &bytes),
            )
            .await
    };
    match result {
        Ok(saved) => Ok(Redirect::to(&format!(
            "{}?sparat=fil",
            report_url(association.id, saved.id)
        ))
        .into_response()),
        Err(e) => {
            let opened = (association, role, stored, view);
            show_refused(&state, &user, opened, (e, "fil"), Vec::new()).await
        }
    }
}

/// A step of the report's way: `steg` is `skicka` (the insatsägare's, `Edit`), or `tillbaka`
/// (with `kommentar`), `godkann`, `oppna` (the kansli's, `Adopt`).
pub async fn step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, r)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let step = match get(&fields, "steg") {
        "skicka" => ApprovalStep::Submit,
        "tillbaka" => ApprovalStep::Return(get(&fields, "kommentar").to_owned()),
        "godkann" => ApprovalStep::Approve,
        "oppna" => ApprovalStep::Reopen,
        _ => return Err(AppError::BadRequest("Okänt steg.".into())),
    };
    let action = if step == ApprovalStep::Submit {
        Action::Edit
    } else {
        Action::Adopt
    };
    let (association, role, stored, view) = state
        .app
        .authorize_participant_report(user.user.id, AssociationId(id(&a)?), id(&r)?, action)
        .await?;
    let expected = get(&fields, "row_version").parse().unwrap_or(-1);
    match state
        .app
        .step_participant_report(
            user.actor(),
            &association,
            (&stored, view.stored.id, expected),
            &step,
            state.app.today(),
        )
        .await
    {
        Ok(next) => Ok(Redirect::to(&format!(
            "{}?sparat={}",
            report_url(association.id, next.id),
            next.approval.word()
        ))
        .into_response()),
        Err(e) => {
            let opened = (association, role, stored, view);
            show_refused(&state, &user, opened, (e, "steg"), fields).await
        }
    }
}

/// Every output of participant figures marked public: the report's public summary as a
/// workbook and as CSV, small numbers hidden (a test walks them).
pub const PUBLIC_FILES: [&str; 2] = ["offentlig.xlsx", "offentlig.csv"];

/// The report's public summary: counts below the förbund's threshold shown as "< 5", with the
/// cells that would give them away, and the rates built on them.
async fn public_file(
    association: &Association,
    stored: &StoredApplication,
    view: &ReportView,
    settings: &ParticipantSettings,
    file: &str,
) -> Result<Response, AppError> {
    use finsam_core::participants::public::{Audience, table};
    let t = table(
        &view.stored.report,
        &settings.outcomes,
        Audience::Public {
            threshold: settings.small_numbers,
        },
    );
    let labels = |key: &str| {
        finsam_core::participants::row_label(key, &|prefix, item| {
            settings
                .items(prefix)
                .into_iter()
                .find(|(k, _)| k == item)
                .map(|(_, n)| n)
        })
    };
    let title = format!(
        "{} {}, {}: deltagare (offentlig sammanställning, antal under {} visas inte)",
        association.name,
        stored.insats.name,
        period_words(view.stored.from, view.stored.to),
        settings.small_numbers
    );
    let sheets = finsam_report::tables::participants(&t, &title, &labels);
    let stem = format!(
        "deltagare-offentlig-{}-{}",
        finsam_core::participants::item_key(&stored.insats.name),
        view.stored.to
    );
    let bytes = if file.ends_with(".xlsx") {
        finsam_report::xlsx::write(&sheets).map_err(AppError::Internal)?
    } else {
        finsam_report::csv::write(&sheets[0])
    };
    let name = format!("{stem}{}", &file[file.find('.').unwrap_or(0)..]);
    Ok(super::export::attachment(
        bytes,
        super::export::content_type(&name),
        &name,
    ))
}

/// The report as the template to fill in (`mall.xlsx`, `mall.csv`), its figures in it, or its
/// public summary (`offentlig.xlsx`, `offentlig.csv`).
pub async fn template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, r, file)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (association, _, stored, view) = state
        .app
        .authorize_participant_report(user.user.id, AssociationId(id(&a)?), id(&r)?, Action::Read)
        .await?;
    let settings = state
        .app
        .settings(&association)
        .await?
        .settings
        .participants;
    let rows = template_rows(&view.stored.report, &settings);
    let stem = format!(
        "deltagare-{}-{}",
        finsam_core::participants::item_key(&stored.insats.name),
        view.stored.to
    );
    if PUBLIC_FILES.contains(&file.as_str()) {
        return public_file(&association, &stored, &view, &settings, &file).await;
    }
    let (bytes, name) = match file.as_str() {
        "mall.xlsx" => (
            finsam_report::upload::template_xlsx(
                &rows,
                &format!("{} {}", stored.insats.name, view.stored.to),
            )
            .map_err(AppError::Internal)?,
            format!("{stem}.xlsx"),
        ),
        "mall.csv" => (
            finsam_report::upload::template_csv(&rows),
            format!("{stem}.csv"),
        ),
        _ => return Err(AppError::NotFound),
    };
    Ok(super::export::attachment(
        bytes,
        super::export::content_type(&name),
        &name,
    ))
}

#[derive(Template)]
#[template(path = "participants/activities.html")]
struct ActivitiesPage {
    layout: Layout,
    here: String,
    year: i32,
    /// (id, day, kind, insats or "Förbundet", text).
    rows: Vec<(i64, String, &'static str, String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    insatser: Vec<(i64, String)>,
    can_edit: bool,
    today: String,
    fields: Fields,
    summary: Vec<(String, String)>,
    saved: Option<String>,
}

impl ActivitiesPage {
    fn f(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

/// The address of the activity log.
pub fn activities_url(a: AssociationId) -> String {
    format!("/forbund/{}/aktiviteter", a.0)
}

async fn activities_page(
    state: &AppState,
    user: &CurrentUser,
    (a, year): (&str, Option<i32>),
    typed: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role) = super::authorize(
        state,
        user,
        AssociationId(id(a)?),
        Action::Read,
        Resource::Association,
    )
    .await?;
    let today = state.app.today();
    let year = year.unwrap_or(today.year());
    let log = state.app.activities_of(&association, year).await?;
    let insatser: Vec<(i64, String)> = state
        .app
        .participant_overview(&association, None, today)
        .await?
        .into_iter()
        .map(|i| (i.application.id.0, i.application.insats.name))
        .collect();
    let name_of = |i: Option<i64>| {
        i.and_then(|i| {
            insatser
                .iter()
                .find(|(id, _)| *id == i)
                .map(|(_, n)| n.clone())
        })
        .unwrap_or_else(|| "Förbundet".to_owned())
    };
    let (fields, summary, status) =
        typed.unwrap_or_else(|| (Vec::new(), Vec::new(), StatusCode::OK));
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Participants,
        format!("Aktiviteter {year}"),
    )
    .await?
    .crumb("Deltagare", list_url(association.id));
    let page = ActivitiesPage {
        layout,
        here: activities_url(association.id),
        year,
        rows: log
            .iter()
            .map(|s| {
                let a = &s.activity;
                (
                    s.id,
                    a.on.to_string(),
                    a.kind.label(),
                    name_of(a.insats),
                    a.text.clone(),
                )
            })
            .collect(),
        kinds: finsam_core::participants::activity::ActivityKind::ALL
            .iter()
            .map(|(k, w)| (*w, k.label()))
            .collect(),
        insatser,
        can_edit: allows(role, Action::Edit, Resource::Association),
        today: today.to_string(),
        fields,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn year_asked(q: &std::collections::BTreeMap<String, String>) -> Result<Option<i32>, AppError> {
    q.get("ar")
        .filter(|v| !v.is_empty())
        .map(|v| v.parse::<i32>().map_err(|_| AppError::NotFound))
        .transpose()
}

/// The förbund's activity log of a year (`?ar=`; this year by default).
pub async fn activities(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let saved = q.get("sparat").map(|w| {
        if w == "bort" {
            "Aktiviteten är borttagen.".to_owned()
        } else {
            "Aktiviteten är loggad.".to_owned()
        }
    });
    activities_page(&state, &user, (&a, year_asked(&q)?), None, saved).await
}

/// Logs an activity (the kansli's: `Edit` on the förbund).
pub async fn add_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, _) = super::authorize(
        &state,
        &user,
        AssociationId(id(&a)?),
        Action::Edit,
        Resource::Association,
    )
    .await?;
    match state
        .app
        .add_activity(user.actor(), &association, &fields)
        .await
    {
        Ok(added) => Ok(Redirect::to(&format!(
            "{}?ar={}&sparat=ny",
            activities_url(association.id),
            added.activity.on.year()
        ))
        .into_response()),
        Err(e) => {
            let (errors, status) = refused(e, "dag")?;
            let year =
                finsam_core::insats::serial::parse_day(get(&fields, "dag")).map(|d| d.year());
            activities_page(
                &state,
                &user,
                (&a, year),
                Some((fields, errors, status)),
                None,
            )
            .await
        }
    }
}

/// Takes an activity out of the log.
pub async fn remove_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, n)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (association, _) = super::authorize(
        &state,
        &user,
        AssociationId(id(&a)?),
        Action::Edit,
        Resource::Association,
    )
    .await?;
    state
        .app
        .remove_activity(user.actor(), &association, id(&n)?)
        .await?;
    Ok(Redirect::to(&format!("{}?sparat=bort", activities_url(association.id))).into_response())
}

/// Adds a staffing entry to an insats (those who change the application may).
pub async fn add_staffing(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, stored) = insats_to_edit(&state, &user, (&a, &i)).await?;
    match state
        .app
        .add_staffing(user.actor(), &association, &stored, &fields)
        .await
    {
        Ok(_) => Ok(back_to_insats(
            &association,
            &stored,
            "bemanning#bemanning-rubrik",
        )),
        Err(e) => {
            let (errors, status) = refused(e, "fran")?;
            list_page(
                &state,
                &user,
                &a,
                Some(stored.id),
                Some((fields, errors, status)),
                None,
            )
            .await
        }
    }
}

/// The insats's file for Uppföljning Finsam of a year (`?ar=`), as CSV for a Swedish
/// spreadsheet: the förbund's columns, the year's counts from the approved reports.
pub async fn register_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, _, stored, _) = state
        .app
        .authorize_application_at(
            user.user.id,
            AssociationId(id(&a)?),
            ApplicationId(id(&i)?),
            Action::Export,
        )
        .await?;
    let year = year_asked(&q)?.unwrap_or(state.app.today().year());
    let rows = state.app.register_file(&association, &stored, year).await?;
    let name = format!(
        "uppfoljning-finsam-{}-{year}.csv",
        finsam_core::participants::item_key(&stored.insats.name)
    );
    Ok(super::export::attachment(
        finsam_report::upload::template_csv(&rows),
        super::export::content_type(&name),
        &name,
    ))
}

/// Adds an indicator to an insats.
pub async fn add_indicator(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, stored) = insats_to_edit(&state, &user, (&a, &i)).await?;
    match state
        .app
        .add_indicator(user.actor(), &association, &stored, &fields)
        .await
    {
        Ok(_) => Ok(back_to_insats(
            &association,
            &stored,
            "indikator#indikatorer-rubrik",
        )),
        Err(e) => {
            let (errors, status) = refused(e, "namn")?;
            let opened = Some((fields, errors, status));
            list_page(&state, &user, &a, Some(stored.id), opened, None).await
        }
    }
}

/// Sets a year of an insats's indicator.
pub async fn set_indicator_year(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i, n)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, stored) = insats_to_edit(&state, &user, (&a, &i)).await?;
    let indicator = id(&n)?;
    let expected = get(&fields, "row_version").parse().unwrap_or(-1);
    match state
        .app
        .set_indicator_year(
            user.actor(),
            &association,
            (&stored, indicator, expected),
            &fields,
        )
        .await
    {
        Ok(_) => Ok(back_to_insats(
            &association,
            &stored,
            "indikator#indikatorer-rubrik",
        )),
        Err(e) => {
            let (errors, status) = refused(e, "ar")?;
            // The messages belong to this indicator's own fields.
            let prefix = format!("ind{indicator}-");
            let errors = errors
                .into_iter()
                .map(|(f, m)| (format!("{prefix}{f}"), m))
                .collect();
            let fields = fields
                .into_iter()
                .map(|(f, v)| (format!("{prefix}{f}"), v))
                .collect();
            let opened = Some((fields, errors, status));
            list_page(&state, &user, &a, Some(stored.id), opened, None).await
        }
    }
}

/// The insats whose targets, staffing or indicators the user changes: the application must be
/// the user's to change (`Edit`).
async fn insats_to_edit(
    state: &AppState,
    user: &CurrentUser,
    (a, i): (&str, &str),
) -> Result<(Association, std::sync::Arc<StoredApplication>), AppError> {
    let (association, _, stored, _) = state
        .app
        .authorize_application_at(
            user.user.id,
            AssociationId(id(a)?),
            ApplicationId(id(i)?),
            Action::Edit,
        )
        .await?;
    Ok((association, stored))
}

/// Back to the insats's Deltagare page after a save, with what was saved and where.
fn back_to_insats(association: &Association, stored: &StoredApplication, saved: &str) -> Response {
    Redirect::to(&format!(
        "{}?insats={}&sparat={saved}",
        list_url(association.id),
        stored.id.0
    ))
    .into_response()
}
