//! Insatser and applications: the förbund's list with what is overdue or due soon, one
//! application with its insats, history and deadlines, and the files sent with it. An
//! insatsägare sees only its own member's; another member's application is not found.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use finsam_app::{Action, Resource, allows};
use finsam_core::format::kr_with_unit;
use finsam_core::insats::deadlines::{self, Standing};
use finsam_core::insats::workflow::{DecidedBy, Event, Outcome};
use finsam_store::{ApplicationId, Association, StoredApplication};

use super::{Here, Layout, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

fn base(a: &Association) -> String {
    format!("/forbund/{}/insatser", a.id.0)
}

/// The Swedish words for a deadline's standing, and the class that marks it.
pub(super) fn standing_words(s: Standing) -> (String, &'static str) {
    match s {
        Standing::MetInTime => ("i tid".into(), "ok"),
        Standing::MetLate => ("försenad".into(), "late"),
        Standing::Overdue(1) => ("försenad 1 dag".into(), "late"),
        Standing::Overdue(n) => (format!("försenad {n} dagar"), "late"),
        Standing::DueSoon(0) => ("i dag".into(), "soon"),
        Standing::DueSoon(1) => ("om 1 dag".into(), "soon"),
        Standing::DueSoon(n) => (format!("om {n} dagar"), "soon"),
        Standing::Later => ("inte ännu".into(), ""),
    }
}

/// A member's name in the förbund's adopted plan, or its key.
fn member_name(plan: Option<&finsam_core::Plan>, key: &str) -> String {
    plan.and_then(|p| p.association.member(key))
        .map_or_else(|| key.to_owned(), |m| m.name.clone())
}

/// A row of the list.
pub struct ListRow {
    url: String,
    case_number: String,
    insats: String,
    owner: String,
    state: &'static str,
    submitted: String,
}

/// The deadline table's rows, each linked to its application.
pub fn due_views(rows: Vec<finsam_app::insatser::DueRow>, a: &Association) -> Vec<DueView> {
    let here = base(a);
    rows.into_iter()
        .map(|r| {
            let (standing, class) = standing_words(r.standing);
            DueView {
                url: format!("{here}/{}", r.id.0),
                case_number: r.case_number,
                insats: r.insats,
                kind: r.kind.label(),
                due: r.due.to_string(),
                standing,
                class,
            }
        })
        .collect()
}

/// A deadline row.
pub struct DueView {
    pub(super) url: String,
    pub(super) case_number: String,
    pub(super) insats: String,
    pub(super) kind: &'static str,
    pub(super) due: String,
    pub(super) standing: String,
    pub(super) class: &'static str,
}

#[derive(Template)]
#[template(path = "insatser/list.html")]
struct ListPage {
    layout: Layout,
    body: std::sync::Arc<String>,
}

#[derive(Template)]
#[template(path = "insatser/list_body.html")]
struct ListBody {
    rows: Vec<ListRow>,
    due: Vec<DueView>,
    pager: crate::view::Pager,
    own_only: bool,
    can_apply: bool,
    can_see_settings: bool,
    new_url: String,
    settings_url: String,
}

/// The förbund's applications, newest first, with the deadlines that are overdue or due soon.
/// The same for every user of a role (and an insatsägare's member) until the förbund's data
/// changes: kept rendered at its audit stamp.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, role, member) = state
        .app
        .authorize_applications(
            user.user.id,
            finsam_store::AssociationId(id(&a)?),
            Action::Read,
        )
        .await?;
    let today = state.app.today();
    let asked = crate::view::page_asked(&q);
    let stamp = state.app.store().audit_stamp(association.id).await?;
    let key = (association.id.0, member.clone(), asked, today, role);
    let body = match state.application_lists.get(&key, stamp) {
        Some(b) => b,
        None => {
            let b = list_body(
                &state,
                (&association, role),
                member.as_deref(),
                asked,
                today,
            )
            .await?
            .render()?;
            state.application_lists.put(&key, stamp, b)
        }
    };
    let layout = Layout::within(
        &state,
        &user,
        (&association, role),
        None,
        Here::Insatser,
        "Insatser och ansökningar",
    )
    .await?;
    Ok(Html(ListPage { layout, body }.render()?).into_response())
}

async fn list_body(
    state: &AppState,
    (association, role): (&Association, finsam_store::Role),
    member: Option<&str>,
    asked: u32,
    today: finsam_core::plan::Date,
) -> Result<ListBody, AppError> {
    let plan = state.app.adopted_plan(association, today.year()).await?;
    let asked = finsam_store::PageRequest::new(asked, 50);
    let page = state.app.applications(association, member, asked).await?;
    let here = base(association);
    let rows = page
        .items
        .iter()
        .map(|h| ListRow {
            url: format!("{here}/{}", h.id.0),
            case_number: h.case_number.clone(),
            insats: h.insats.clone(),
            owner: member_name(plan.as_deref(), &h.owner),
            state: h.state.label(),
            submitted: h.submitted.to_string(),
        })
        .collect();
    let due = due_views(
        state.app.deadlines_due(association, member, today).await?,
        association,
    );
    Ok(ListBody {
        rows,
        due,
        pager: crate::view::Pager::new(&page, &here, &[]),
        own_only: member.is_some(),
        can_apply: allows(role, Action::Edit, Resource::Application { own: true }),
        can_see_settings: allows(role, Action::Read, Resource::Association),
        new_url: format!("{here}/ny"),
        settings_url: format!("/forbund/{}/installningar", association.id.0),
    })
}

/// The application named by the path (förbund and application ids), if the user may do
/// `action` on it; another member's is not found for an insatsägare.
async fn application_for(
    state: &AppState,
    user: &CurrentUser,
    (a, application): (&str, &str),
    action: Action,
) -> Result<(Association, finsam_store::Role, StoredApplication), AppError> {
    Ok(state
        .app
        .authorize_application(
            user.user.id,
            finsam_store::AssociationId(id(a)?),
            ApplicationId(id(application)?),
            action,
        )
        .await?)
}

/// A step of the history as shown.
pub struct StepView {
    day: String,
    what: String,
    details: Vec<(&'static str, String)>,
    /// The decision's protocol extract, for a decision or a tillägg.
    extract: Option<String>,
}

pub use finsam_app::insatser::years_words;

/// Who decided, in words.
fn decided_by(b: &DecidedBy) -> String {
    match b {
        DecidedBy::Board { paragraph } => format!("styrelsen, {paragraph}"),
        DecidedBy::Delegation => "förbundschefen på delegation".to_owned(),
    }
}

fn step_view(t: &finsam_core::insats::Transition) -> StepView {
    let by = decided_by;
    let years = years_words;
    let mut details = Vec::new();
    let what = match &t.event {
        Event::RequestCompletion { missing, by } => {
            details.push(("Saknas", missing.clone()));
            details.push(("Senast", by.to_string()));
            "Komplettering begärd".to_owned()
        }
        Event::Complete => "Ansökan kompletterad".to_owned(),
        Event::Prepare { opinion } => {
            if let Some(o) = opinion {
                details.push(("Yttrande", o.clone()));
            }
            "Ansökan beredd".to_owned()
        }
        Event::Decide(d) | Event::Amend(d) => {
            details.push(("Beslutsdag", d.on.to_string()));
            details.push(("Beslutat av", by(&d.by)));
            let word = if matches!(t.event, Event::Amend(_)) {
                "Tilläggsbeslut"
            } else {
                "Beslut"
            };
            match &d.outcome {
                Outcome::Granted {
                    amounts,
                    conditions,
                } => {
                    details.push(("Beviljat", years(amounts)));
                    if let Some(c) = conditions {
                        details.push(("Villkor", c.clone()));
                    }
                    format!("{word}: beviljad")
                }
                Outcome::Rejected { motivation } => {
                    details.push(("Motivering", motivation.clone()));
                    format!("{word}: avslagen")
                }
            }
        }
        Event::SignAgreement { forbund, owner } => {
            details.push(("Förbundet", forbund.to_string()));
            details.push(("Insatsägaren", owner.to_string()));
            "Avtal undertecknat".to_owned()
        }
        Event::Start => "Insatsen startade".to_owned(),
        Event::Close { final_report } => {
            details.push(("Slutrapport", final_report.to_string()));
            "Insatsen avslutad".to_owned()
        }
        Event::Withdraw => "Ansökan återkallad".to_owned(),
    };
    StepView {
        extract: None,
        day: t.at.to_string(),
        what,
        details: details
            .into_iter()
            .map(|(k, v)| (k, crate::view::unbroken(&v)))
            .collect(),
    }
}

/// The rendered application pages' bodies, per (förbund, application, day, role) at the
/// förbund's audit stamp: the same for every user of a role until something in the förbund
/// changes (a step, a file, the settings, a meeting, the plan).
pub type ApplicationBodies =
    finsam_app::cache::StampCache<(i64, i64, finsam_core::plan::Date, finsam_store::Role), String>;

/// The rendered lists, per (förbund, the insatsägare's member, page, day, role) at the stamp.
pub type ListBodies = finsam_app::cache::StampCache<
    (
        i64,
        Option<String>,
        u32,
        finsam_core::plan::Date,
        finsam_store::Role,
    ),
    String,
>;

#[derive(Template)]
#[template(path = "insatser/show.html")]
struct ShowPage {
    layout: Layout,
    saved: Option<String>,
    body: String,
}

#[derive(Template)]
#[template(path = "insatser/show_body.html")]
struct ShowBody {
    /// Written as the slot the page puts the user's token in.
    csrf: &'static str,
    a: StoredApplication,
    state: &'static str,
    kind: &'static str,
    owner: String,
    parties: Vec<String>,
    budget: Vec<(i32, String)>,
    granted: Vec<(i32, String)>,
    steps: Vec<StepView>,
    deadlines: Vec<(&'static str, String, String, String, &'static str)>,
    files: Vec<(String, String, String)>,
    /// The steps the user may take now: (word, button, form open).
    steps_now: Vec<(&'static str, &'static str, bool)>,
    /// The calendar years the insats runs, for the amounts of a decision.
    years: Vec<i32>,
    /// A refused step's form as typed, and the error summary: (field id, message).
    typed: std::collections::HashMap<String, String>,
    errors: Vec<(String, String)>,
    csrf_action: String,
    /// Where files are sent (with the CSRF token in the query), if the user may send them.
    upload: Option<String>,
    /// The completion form, while a completion is asked for and the user may give it.
    complete_url: Option<String>,
    /// The board's meetings for a decision's form: (day, title), the latest first.
    meetings: Vec<(String, String)>,
    /// The förbund's meetings page.
    meetings_url: String,
    /// The 7 § guard's warnings over the application's texts.
    warnings: Vec<String>,
    /// The application round it belongs to, in words.
    round: String,
    /// The deadline rule, in words.
    deadline_rule: String,
    /// The equity path with and without it, while it awaits its decision.
    what_if: Option<super::grants::WhatIfView>,
    /// The insats's money and its reports, once granted.
    money_url: String,
    reports_url: String,
}

impl ShowBody {
    /// What was typed in a field of the refused step's form.
    fn t(&self, name: &str) -> &str {
        self.typed.get(name).map_or("", String::as_str)
    }

    /// The message for a field of a step's form, if it was refused.
    fn err(&self, word: &str, field: &str) -> Option<&str> {
        super::meetings::message(&self.errors, &format!("{word}-{field}"))
    }
}

/// A step's form as typed and its errors by field name (none: the page as it stands).
type Typed = (
    std::collections::HashMap<String, String>,
    Vec<(String, String)>,
);

/// A refused step: its form as typed, the errors by field name, and the answer's status.
type Refused = (
    std::collections::HashMap<String, String>,
    Vec<(String, String)>,
    axum::http::StatusCode,
);

/// One application: the insats, where it stands, its history and deadlines, its files, and
/// the steps the user may take now.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application)): Path<(String, String)>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let refused = (
        std::collections::HashMap::new(),
        Vec::new(),
        axum::http::StatusCode::OK,
    );
    let notice = if q.contains_key("sparat") {
        Notice::Step
    } else if q.contains_key("inskickad") {
        Notice::Submitted
    } else if let Some(n) = q.get("filer").and_then(|n| n.parse().ok()) {
        Notice::Files(n)
    } else {
        Notice::None
    };
    show_page(&state, &user, (&a, &application), refused, notice).await
}

/// What the page says on top after a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Nothing.
    None,
    /// A step was saved.
    Step,
    /// The application was sent.
    Submitted,
    /// This many files were kept.
    Files(usize),
}

/// The page again after files were refused, with the reasons on top.
pub async fn show_refused_files(
    state: &AppState,
    user: &CurrentUser,
    (a, application): (&str, &str),
    errors: Vec<String>,
) -> Result<Response, AppError> {
    let errors = errors
        .into_iter()
        .map(|e| ("bilagor".to_owned(), e))
        .collect();
    let refused = (
        std::collections::HashMap::new(),
        errors,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
    );
    show_page(state, user, (a, application), refused, Notice::None).await
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    (a, application): (&str, &str),
    (typed, errors, status): Refused,
    notice: Notice,
) -> Result<Response, AppError> {
    let (association, role, stored, stamp) = state
        .app
        .authorize_application_at(
            user.user.id,
            finsam_store::AssociationId(id(a)?),
            ApplicationId(id(application)?),
            Action::Read,
        )
        .await?;
    let today = state.app.today();
    let saved = match notice {
        Notice::None => None,
        Notice::Step => stored
            .case
            .history
            .last()
            .map(|t| format!("Sparat: {}.", step_view(t).what)),
        Notice::Submitted => Some(format!(
            "Ansökan är inskickad och har diarienummer {}.",
            stored.case_number
        )),
        Notice::Files(1) => Some("Filen är bifogad ansökan.".to_owned()),
        Notice::Files(n) => Some(format!("{n} filer är bifogade ansökan.")),
    };
    let title = format!("{} ({})", stored.insats.name, stored.case_number);
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Insatser,
        title,
    )
    .await?
    .crumb("Insatser", base(&association));
    // A refused step's page is said once; every other is the same for the role until the
    // förbund's data changes.
    let body = if typed.is_empty() && errors.is_empty() {
        let key = (association.id.0, stored.id.0, today, role);
        match state.application_bodies.get(&key, stamp) {
            Some(b) => b,
            None => {
                let b = show_body(
                    state,
                    (&association, role),
                    &stored,
                    Typed::default(),
                    today,
                )
                .await?
                .render()?;
                state.application_bodies.put(&key, stamp, b)
            }
        }
    } else {
        std::sync::Arc::new(
            show_body(state, (&association, role), &stored, (typed, errors), today)
                .await?
                .render()?,
        )
    };
    let page = ShowPage {
        body: body.replace(super::budget::CSRF_SLOT, &layout.csrf),
        saved,
        layout,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The application's page below its title: the insats, where it stands, its history and
/// deadlines, its files, and the steps `role` may take now (with a refused step's form as typed).
async fn show_body(
    state: &AppState,
    (association, role): (&Association, finsam_store::Role),
    stored: &StoredApplication,
    (typed, errors): Typed,
    today: finsam_core::plan::Date,
) -> Result<ShowBody, AppError> {
    // The members as the plan of the year it was applied in names them, else of the year it
    // starts (an application in the autumn is for next year's plan), else today's.
    let years = [
        stored.case.submitted.year(),
        stored.insats.period.from.year,
        today.year(),
    ];
    let plan = state.app.plan_covering(association, &years).await?;
    let here = format!("{}/{}", base(association), stored.id.0);
    let files = state
        .app
        .store()
        .files(association.id, stored.id)
        .await?
        .into_iter()
        .map(|f| {
            (
                format!("{here}/filer/{}", f.id),
                f.name,
                format!("{} kB", (f.size + 1023) / 1024),
            )
        })
        .collect();
    let budget = stored
        .insats
        .budget
        .per_calendar_year(stored.insats.period)
        .map(|m| m.into_iter().map(|(y, v)| (y, kr_with_unit(v))).collect())
        .unwrap_or_default();
    let granted = stored
        .case
        .granted()
        .map(|m| m.iter().map(|(y, v)| (*y, kr_with_unit(*v))).collect())
        .unwrap_or_default();
    let settings = state.app.settings(association).await?.settings;
    let rules = settings.rules();
    let deadlines = deadlines::deadlines(&stored.case, rules)
        .into_iter()
        .map(|d| {
            let (standing, class) = standing_words(d.standing(today));
            (
                d.kind.label(),
                d.due.to_string(),
                d.met.map(|m| m.to_string()).unwrap_or_else(|| "–".into()),
                standing,
                class,
            )
        })
        .collect();
    let own = Resource::Application { own: true };
    let open = typed.get("steg").cloned().unwrap_or_default();
    let steps_now: Vec<(&str, &str, bool)> = finsam_app::insatser::steps_now(&stored.case)
        .into_iter()
        .filter(|(_, _, applicants)| {
            let action = if *applicants {
                Action::Edit
            } else {
                Action::Adopt
            };
            allows(role, action, own)
        })
        .map(|(w, label, _)| (w, label, w == open))
        .collect();
    let may_send = allows(role, Action::Edit, own);
    let meetings = if steps_now
        .iter()
        .any(|(w, _, _)| *w == "beslut" || *w == "tillagg")
    {
        super::meetings::choices(state, association).await?
    } else {
        Vec::new()
    };
    let mut steps: Vec<StepView> = stored.case.history.iter().map(step_view).collect();
    let mut number = 0;
    for (view, t) in steps.iter_mut().zip(&stored.case.history) {
        if matches!(t.event, Event::Decide(_) | Event::Amend(_)) {
            number += 1;
            view.extract = Some(format!("{here}/beslut/{number}"));
        }
    }
    let warnings =
        finsam_app::insatser::guard(&stored.insats, stored.continuation.as_deref(), &settings)
            .into_iter()
            .map(|f| f.message)
            .collect();
    let round = match settings.round_for(stored.case.submitted) {
        finsam_core::insats::settings::RoundPlace::In(r) => format!(
            "{} (sista ansökningsdag {}, beslut vid styrelsemötet {})",
            r.name, r.closes, r.meeting
        ),
        finsam_core::insats::settings::RoundPlace::Outside if settings.rounds.is_empty() => {
            String::new()
        }
        finsam_core::insats::settings::RoundPlace::Outside => {
            "utanför ansökningsomgångarna: till närmaste styrelsemöte eller på delegation"
                .to_owned()
        }
    };
    let months = |n: i32| {
        if n == 1 {
            "en månad".to_owned()
        } else {
            format!("{n} månader")
        }
    };
    let deadline_rule = format!(
        "Svar inom {} från ansökan, avtal inom {} från beslut",
        months(rules.answer_months),
        months(rules.agreement_months)
    );
    let what_if = if stored.case.state().awaits_decision() {
        state
            .app
            .what_if(association, stored)
            .await?
            .as_ref()
            .map(super::grants::what_if_view)
    } else {
        None
    };
    Ok(ShowBody {
        what_if,
        csrf: super::budget::CSRF_SLOT,
        steps_now,
        years: stored.insats.period.years(),
        typed,
        errors,
        csrf_action: format!("{here}/steg"),
        upload: may_send.then(|| format!("{here}/filer?_csrf={}", super::budget::CSRF_SLOT)),
        complete_url: (may_send
            && stored.case.state() == finsam_core::insats::State::CompletionRequested)
            .then(|| format!("{here}/komplettera")),
        meetings,
        meetings_url: format!("/forbund/{}/moten", association.id.0),
        warnings,
        round,
        deadline_rule,
        money_url: super::grants::money_url(association.id, stored.id),
        reports_url: format!(
            "{}?insats={}&status=alla",
            super::grants::reports_url(association.id),
            stored.id.0
        ),
        state: stored.case.state().label(),
        kind: stored.insats.kind.label(),
        owner: member_name(plan.as_deref(), &stored.insats.owner),
        parties: stored
            .insats
            .members
            .iter()
            .map(|k| member_name(plan.as_deref(), k))
            .collect(),
        budget,
        granted,
        steps,
        deadlines,
        files,
        a: stored.clone(),
    })
}

/// Takes a step of an application's way from its form: the applicant's own steps need the
/// right to edit its own application, the kansli's the right to record decisions. A refused
/// step shows the page again with the form as typed and an error summary; nothing is saved.
pub async fn step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application)): Path<(String, String)>,
    axum::Form(fields): axum::Form<finsam_app::plan_edit::Fields>,
) -> Result<Response, AppError> {
    use finsam_app::insatser::{InsatsError, applicants_step, parse_step};
    use finsam_app::plan_edit::get;
    let word = get(&fields, "steg").to_owned();
    let action = if applicants_step(&word) {
        Action::Edit
    } else {
        Action::Adopt
    };
    let (association, _, stored) =
        application_for(&state, &user, (&a, &application), action).await?;
    let typed: std::collections::HashMap<String, String> = fields.iter().cloned().collect();
    let refuse = |errors: Vec<(String, String)>, status| {
        let errors = errors
            .into_iter()
            .map(|(f, e)| (format!("{word}-{f}"), e))
            .collect();
        (typed.clone(), errors, status)
    };
    let unprocessable = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    let event = match parse_step(&fields, &stored.insats.period.years()) {
        Ok(e) => e,
        Err(errors) => {
            let refused = refuse(errors, unprocessable);
            return show_page(&state, &user, (&a, &application), refused, Notice::None).await;
        }
    };
    let expected: i64 = get(&fields, "row_version").trim().parse().unwrap_or(-1);
    let here = format!("{}/{}", base(&association), stored.id.0);
    match state
        .app
        .application_step(
            user.actor(),
            &association,
            (&stored, expected),
            event,
            state.app.today(),
        )
        .await
    {
        Ok(_) => Ok(axum::response::Redirect::to(&format!("{here}?sparat=1")).into_response()),
        Err(InsatsError::Step(why)) => {
            let refused = refuse(vec![("steg".to_owned(), why)], unprocessable);
            show_page(&state, &user, (&a, &application), refused, Notice::None).await
        }
        Err(InsatsError::Conflict) => {
            let why = "Någon annan har ändrat ansökan sedan du öppnade sidan, så steget sparades inte. Se hur ärendet står nu och gör om steget om det fortfarande behövs.".to_owned();
            let refused = refuse(
                vec![("steg".to_owned(), why)],
                axum::http::StatusCode::CONFLICT,
            );
            show_page(&state, &user, (&a, &application), refused, Notice::None).await
        }
        Err(InsatsError::NotFound) => Err(AppError::NotFound),
        Err(InsatsError::Store(e)) => Err(e.into()),
        Err(InsatsError::Fields(errors)) => {
            let errors = errors.into_iter().map(|(f, e)| (f.to_owned(), e)).collect();
            let refused = refuse(errors, unprocessable);
            show_page(&state, &user, (&a, &application), refused, Notice::None).await
        }
    }
}

#[derive(Template)]
#[template(path = "insatser/extract.html")]
struct ExtractPage {
    layout: Layout,
    forbund: String,
    /// "Styrelsemöte 2024-04-18, § 9", or the delegation decision's day.
    heading: String,
    paragraph: Option<String>,
    case_number: String,
    insats: String,
    owner: String,
    amended: bool,
    decision: String,
    amounts: Vec<(i32, String)>,
    total: String,
    conditions: Option<String>,
    motivation: Option<String>,
    back: String,
}

/// A decision's protocol extract: the decision, its motivation or conditions, the meeting and
/// paragraph (or the delegation); a page to print.
pub async fn extract(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application, n)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (association, role, stored) =
        application_for(&state, &user, (&a, &application), Action::Read).await?;
    let number: usize = n.parse().map_err(|_| AppError::NotFound)?;
    let decision = stored
        .case
        .decisions()
        .nth(number.checked_sub(1).ok_or(AppError::NotFound)?)
        .ok_or(AppError::NotFound)?
        .clone();
    let plan = state
        .app
        .plan_covering(
            &association,
            &[decision.on.year(), stored.case.submitted.year()],
        )
        .await?;
    let (heading, paragraph) = match &decision.by {
        DecidedBy::Board { paragraph } => {
            let meeting = state
                .app
                .store()
                .meeting_on(association.id, decision.on)
                .await?;
            let title = meeting.map_or_else(
                || format!("Styrelsens sammanträde {}", decision.on),
                |m| m.meeting.title(),
            );
            (title, Some(paragraph.clone()))
        }
        DecidedBy::Delegation => (
            format!("Delegationsbeslut av förbundschefen {}", decision.on),
            None,
        ),
    };
    let who = match decision.by {
        DecidedBy::Board { .. } => "Styrelsen beslutar",
        DecidedBy::Delegation => "Förbundschefen beslutar på delegation",
    };
    let amended = number > 1;
    let (words, amounts, total, conditions, motivation) = match &decision.outcome {
        Outcome::Granted {
            amounts,
            conditions,
        } => {
            let sum = finsam_core::Money::checked_sum(amounts.values().copied())
                .map_err(|_| AppError::Internal("beviljade belopp för stora".into()))?;
            let verb = if amended {
                "att ändra beviljade medel till"
            } else {
                "att bevilja"
            };
            (
                format!(
                    "{who} {verb} {} för insatsen {}.",
                    kr_with_unit(sum),
                    stored.insats.name
                ),
                amounts
                    .iter()
                    .map(|(y, m)| (*y, kr_with_unit(*m)))
                    .collect(),
                kr_with_unit(sum),
                conditions.clone(),
                None,
            )
        }
        Outcome::Rejected { motivation } => (
            format!(
                "{who} att avslå ansökan om insatsen {}.",
                stored.insats.name
            ),
            Vec::new(),
            String::new(),
            None,
            Some(motivation.clone()),
        ),
    };
    let here = format!("{}/{}", base(&association), stored.id.0);
    let title = format!("Protokollsutdrag, {}", stored.case_number);
    let layout = Layout::within(
        &state,
        &user,
        (&association, role),
        None,
        Here::Insatser,
        title,
    )
    .await?
    .crumb("Insatser", base(&association))
    .crumb(stored.case_number.clone(), here.clone());
    let page = ExtractPage {
        layout,
        forbund: association.name.clone(),
        heading,
        paragraph,
        case_number: stored.case_number.clone(),
        insats: stored.insats.name.clone(),
        owner: member_name(plan.as_deref(), &stored.insats.owner),
        amended,
        decision: words,
        amounts,
        total,
        conditions,
        motivation,
        back: here,
    };
    Ok(Html(page.render()?).into_response())
}

/// A file sent with an application, as it was sent.
pub async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application, file)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (association, _, stored) =
        application_for(&state, &user, (&a, &application), Action::Export).await?;
    let (head, bytes) = state
        .app
        .store()
        .file(association.id, stored.id, id(&file)?)
        .await?;
    let content_type = match head.content_type.as_str() {
        "application/pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
    Ok(super::export::attachment(bytes, content_type, &head.name))
}
