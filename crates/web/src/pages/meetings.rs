//! The förbund's settings for insatser and applications, and the board's meetings: the list
//! with a form to add one, and one meeting's record (what was decided there, by paragraph, each
//! with its protocol extract). The förbundschef edits; the kansli's other roles and the board
//! read.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::application_form::Messages;
use finsam_app::plan_edit::{Fields, get};
use finsam_app::settings::{FormError, MeetingItem, settings_fields};
use finsam_app::{Action, Resource, allows};
use finsam_core::insats::serial::parse_day;
use finsam_core::insats::workflow::Outcome;
use finsam_core::meeting::Kind;
use finsam_store::Association;

use super::{Here, Layout, association_for};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

fn settings_url(a: &Association) -> String {
    format!("/forbund/{}/installningar", a.id.0)
}

/// The address of the meetings, or of one meeting by its day.
pub fn meetings_url(a: &Association) -> String {
    format!("/forbund/{}/moten", a.id.0)
}

/// A refused form: as typed, its messages by field, and the answer's status.
type Typed = (Fields, Messages, StatusCode);

/// The message for `field` among a form's messages by field name.
pub(super) fn message<'e>(errors: &'e [(String, String)], field: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, e)| e.as_str())
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    here: String,
    fields: Fields,
    row_version: i64,
    can_edit: bool,
    summary: Vec<(String, String)>,
    saved: Option<String>,
}

impl SettingsPage {
    fn f(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

async fn settings_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    form: Option<Typed>,
    saved: bool,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Association).await?;
    let stored = state.app.settings(&association).await?;
    let (fields, summary, status) = form.unwrap_or_else(|| {
        (
            settings_fields(&stored.settings),
            Vec::new(),
            StatusCode::OK,
        )
    });
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Insatser,
        "Inställningar för ansökningar",
    )
    .await?
    .crumb(
        "Insatser",
        format!("/forbund/{}/insatser", association.id.0),
    );
    let page = SettingsPage {
        layout,
        here: settings_url(&association),
        fields,
        row_version: stored.row_version,
        can_edit: allows(role, Action::Edit, Resource::Association),
        summary,
        saved: saved.then(|| "Inställningarna är sparade.".to_owned()),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The settings, as a form for the förbundschef and as text for the others.
pub async fn settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    settings_page(&state, &user, &a, None, q.contains_key("sparat")).await
}

/// Saves the settings: all or nothing, against the row version the form was read at.
pub async fn save_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let expected: i64 = get(&fields, "row_version").parse().unwrap_or(-1);
    let refused = match state
        .app
        .save_settings(user.actor(), &association, &fields, expected)
        .await
    {
        Ok(_) => {
            return Ok(
                Redirect::to(&format!("{}?sparat=1", settings_url(&association))).into_response(),
            );
        }
        Err(FormError::Fields(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(FormError::Conflict) => (
            vec![(
                "malgrupper".to_owned(),
                "Någon annan har sparat inställningarna sedan du öppnade sidan. Ladda om sidan, se deras ändringar och gör om dina; ingenting har sparats.".to_owned(),
            )],
            StatusCode::CONFLICT,
        ),
        Err(FormError::Store(e)) => return Err(e.into()),
    };
    settings_page(
        &state,
        &user,
        &a,
        Some((fields, refused.0, refused.1)),
        false,
    )
    .await
}

/// The förbund's meetings as a form offers them: (day, title), the latest first.
pub async fn choices(
    state: &AppState,
    association: &Association,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .app
        .meetings(association)
        .await?
        .iter()
        .rev()
        .filter(|m| m.meeting.kind.is_board())
        .map(|m| (m.meeting.on.to_string(), m.meeting.title()))
        .collect())
}

/// A meeting as the list shows it.
pub struct MeetingRow {
    /// The meeting's record, for the board's meetings.
    url: Option<String>,
    day: String,
    kind: &'static str,
    times: String,
    note: String,
    past: bool,
}

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
];

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    layout: Layout,
    here: String,
    year: i32,
    /// The year's meetings by month: (month, its meetings).
    months: Vec<(&'static str, Vec<MeetingRow>)>,
    /// The next year has no meetings yet: they may be made from this year's.
    can_copy: bool,
    kinds: Vec<(&'static str, &'static str)>,
    can_add: bool,
    calendar_url: String,
    fields: Fields,
    summary: Vec<(String, String)>,
    saved: Option<String>,
}

impl MeetingsPage {
    fn f(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

async fn meetings_page(
    state: &AppState,
    user: &CurrentUser,
    (a, year): (&str, Option<i32>),
    form: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Association).await?;
    let today = state.app.today();
    let year = year.unwrap_or(today.year());
    let here = meetings_url(&association);
    let all = state.app.meetings(&association).await?;
    let mut months: Vec<(&'static str, Vec<MeetingRow>)> = Vec::new();
    for m in all.iter().filter(|m| m.meeting.on.year() == year) {
        let month = MONTHS[usize::from(u8::from(m.meeting.on.month())) - 1];
        let row = MeetingRow {
            url: m
                .meeting
                .kind
                .is_board()
                .then(|| format!("{here}/{}", m.meeting.on)),
            day: m.meeting.on.to_string(),
            kind: m.meeting.kind.label(),
            times: m
                .meeting
                .times
                .map(|(s, e)| format!("{s}–{e}"))
                .unwrap_or_default(),
            note: m.meeting.note.clone().unwrap_or_default(),
            past: m.meeting.on <= today,
        };
        match months.last_mut() {
            Some((name, rows)) if *name == month => rows.push(row),
            _ => months.push((month, vec![row])),
        }
    }
    let can_copy = !months.is_empty() && !all.iter().any(|m| m.meeting.on.year() == year + 1);
    let (fields, summary, status) =
        form.unwrap_or_else(|| (Vec::new(), Vec::new(), StatusCode::OK));
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Meetings,
        "Förbundets möten",
    )
    .await?;
    let page = MeetingsPage {
        layout,
        here,
        year,
        months,
        can_copy,
        kinds: Kind::ALL.iter().map(|(k, w)| (*w, k.label())).collect(),
        can_add: allows(role, Action::Edit, Resource::Association),
        calendar_url: super::calendar::calendar_url(association.id),
        fields,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The board's meetings, the latest first, with the form to add one.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let year = q.get("ar").and_then(|y| y.trim().parse().ok());
    let saved = if q.contains_key("sparat") {
        Some("Mötet är inlagt.".to_owned())
    } else {
        q.get("gjorda")
            .map(|n| format!("{n} möten är gjorda av förra årets."))
    };
    meetings_page(&state, &user, (&a, year), None, saved).await
}

/// Makes next year's meetings from this year's.
pub async fn copy_year(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let year: i32 = get(&fields, "ar").parse().map_err(|_| AppError::NotFound)?;
    match state
        .app
        .next_years_meetings(user.actor(), &association, year)
        .await
    {
        Ok(n) => Ok(Redirect::to(&format!(
            "{}?ar={}&gjorda={n}",
            meetings_url(&association),
            year + 1
        ))
        .into_response()),
        Err(FormError::Fields(errors)) => {
            let form = (fields, errors, StatusCode::UNPROCESSABLE_ENTITY);
            meetings_page(&state, &user, (&a, Some(year)), Some(form), None).await
        }
        Err(FormError::Conflict) => Err(AppError::NotFound),
        Err(FormError::Store(e)) => Err(e.into()),
    }
}

/// Adds a meeting.
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    match state
        .app
        .add_meeting(user.actor(), &association, &fields)
        .await
    {
        Ok(m) => Ok(Redirect::to(&format!(
            "{}?ar={}&sparat=1",
            meetings_url(&association),
            m.meeting.on.year()
        ))
        .into_response()),
        Err(FormError::Fields(errors)) => {
            let year =
                finsam_core::insats::serial::parse_day(get(&fields, "dag")).map(|d| d.year());
            let form = (fields, errors, StatusCode::UNPROCESSABLE_ENTITY);
            meetings_page(&state, &user, (&a, year), Some(form), None).await
        }
        Err(FormError::Conflict) => Err(AppError::NotFound),
        Err(FormError::Store(e)) => Err(e.into()),
    }
}

/// A decision of the meeting as its record shows it.
pub struct ItemView {
    paragraph: String,
    what: String,
    outcome: String,
    url: String,
    extract: Option<String>,
}

/// An item of the agenda as the meeting's page shows it.
pub struct AgendaView {
    id: i64,
    /// Its form value, for what refers to something (`ansokan-3`).
    value: Option<String>,
    number: usize,
    title: String,
    url: Option<String>,
    what_if: Option<super::grants::WhatIfView>,
    wi_id: String,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    layout: Layout,
    here: String,
    note: Option<String>,
    items: Vec<ItemView>,
    agenda: Vec<AgendaView>,
    /// What can be put on the agenda, for the förbundschef: (value, title).
    choices: Vec<(String, String)>,
    can_edit: bool,
    fields: Fields,
    summary: Vec<(String, String)>,
    saved: Option<String>,
}

impl MeetingPage {
    fn f(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

/// The address an agenda item leads to.
fn agenda_url(a: &Association, kind: finsam_core::meeting::AgendaKind) -> Option<String> {
    use finsam_core::meeting::AgendaKind as K;
    match kind {
        K::Application(id) => Some(format!("/forbund/{}/insatser/{id}", a.id.0)),
        K::PlanVersion(id) => Some(super::version_url(a.id, finsam_store::VersionId(id))),
        K::Reports(id) => Some(format!(
            "{}?insats={id}&status=alla",
            super::grants::reports_url(a.id)
        )),
        K::Other => None,
    }
}

/// One meeting: its agenda (a pending application with its what-if), and what was decided
/// there, by paragraph.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, day)): Path<(String, String)>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let saved = q
        .contains_key("sparat")
        .then(|| "Dagordningen är ändrad.".to_owned());
    meeting_page(&state, &user, (&a, &day), None, saved).await
}

async fn meeting_page(
    state: &AppState,
    user: &CurrentUser,
    (a, day): (&str, &str),
    form: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Association).await?;
    let on = parse_day(day).ok_or(AppError::NotFound)?;
    let (meeting, items) = state
        .app
        .meeting_record(&association, on)
        .await?
        .ok_or(AppError::NotFound)?;
    let insatser = format!("/forbund/{}/insatser", association.id.0);
    let items = items
        .into_iter()
        .map(|item| {
            let (paragraph, what) = (item.paragraph(), item.what());
            match item {
                MeetingItem::Application {
                    id,
                    number,
                    decision,
                    ..
                } => {
                    let url = format!("{insatser}/{}", id.0);
                    ItemView {
                        paragraph,
                        what,
                        outcome: match &decision.outcome {
                            Outcome::Granted { amounts, .. } => {
                                format!("beviljad: {}", super::insatser::years_words(amounts))
                            }
                            Outcome::Rejected { .. } => "avslagen".to_owned(),
                        },
                        extract: Some(format!("{url}/beslut/{number}")),
                        url,
                    }
                }
                MeetingItem::Plan(v) => ItemView {
                    paragraph,
                    what,
                    outcome: v
                        .head
                        .adoption
                        .as_ref()
                        .map(|a| a.decision.clone())
                        .unwrap_or_default(),
                    url: super::version_url(v.head.association, v.head.id),
                    extract: None,
                },
            }
        })
        .collect();
    let agenda = state
        .app
        .agenda(&association, &meeting)
        .await?
        .into_iter()
        .enumerate()
        .map(|(n, e)| AgendaView {
            id: e.stored.id,
            value: e
                .stored
                .item
                .kind
                .reference()
                .map(|r| format!("{}-{r}", e.stored.item.kind.word())),
            number: n + 1,
            url: agenda_url(&association, e.stored.item.kind),
            title: e.stored.item.title,
            what_if: e.what_if.as_ref().map(super::grants::what_if_view),
            wi_id: format!("punkt-{}", e.stored.id),
        })
        .collect::<Vec<AgendaView>>();
    let can_edit = allows(role, Action::Edit, Resource::Association);
    // What is on the agenda already is not offered again.
    let on_agenda: Vec<String> = agenda
        .iter()
        .filter_map(|p: &AgendaView| p.value.clone())
        .collect();
    let choices = if can_edit {
        let mut c = state.app.agenda_choices(&association).await?;
        c.retain(|(v, _)| !on_agenda.contains(v));
        c
    } else {
        Vec::new()
    };
    let (fields, summary, status) =
        form.unwrap_or_else(|| (Vec::new(), Vec::new(), StatusCode::OK));
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Meetings,
        // The day's hyphens do not break: "2024-04-18" stays on one line on a phone.
        meeting.meeting.title().replace('-', "\u{2011}"),
    )
    .await?
    .crumb("Möten", meetings_url(&association));
    let page = MeetingPage {
        layout,
        here: format!("{}/{on}", meetings_url(&association)),
        note: meeting.meeting.note,
        items,
        agenda,
        choices,
        can_edit,
        fields,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Adds an item to a meeting's agenda; the form kept with its message when it is wrong.
pub async fn add_agenda_item(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, day)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let on = parse_day(&day).ok_or(AppError::NotFound)?;
    match state
        .app
        .add_agenda_item(user.actor(), &association, on, &fields)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}/{on}?sparat=1#dagordning",
            meetings_url(&association)
        ))
        .into_response()),
        Err(FormError::Fields(errors)) => {
            let form = (fields, errors, StatusCode::UNPROCESSABLE_ENTITY);
            meeting_page(&state, &user, (&a, &day), Some(form), None).await
        }
        Err(FormError::Conflict) => Err(AppError::NotFound),
        Err(FormError::Store(e)) => Err(e.into()),
    }
}

/// Takes an item off a meeting's agenda.
pub async fn remove_agenda_item(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, day, item)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let on = parse_day(&day).ok_or(AppError::NotFound)?;
    match state
        .app
        .remove_agenda_item(user.actor(), &association, on, super::id(&item)?)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}/{on}?sparat=1#dagordning",
            meetings_url(&association)
        ))
        .into_response()),
        Err(finsam_store::StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}
