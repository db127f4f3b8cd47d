//! The application form in the browser: an insatsägare applies for its own member (the
//! förbundschef may register an application for any member, e.g. one that came by post), with
//! its files; and files sent afterwards (a completion, the signed agreement). The form is a
//! multipart body whose CSRF token rides in the query (csrf.rs). A refused form comes back as
//! typed, with an error summary; files must be chosen again, and the page says so.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::Action;
use finsam_app::application_form::{
    BUDGET_ROWS, GOAL_ROWS, Messages, all, insats_fields, parse_application,
};
use finsam_app::insatser::{
    Attachment, InsatsError, MAX_FILE_BYTES, MAX_FILES, NewApplication, check_file,
};
use finsam_app::plan_edit::{Fields, get};
use finsam_core::insats::Kind;
use finsam_store::{ApplicationId, Association, AssociationId, Role, StoredApplication};

use super::{Here, Layout, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// A form's text fields and its files, each file checked (or the reason it was refused).
struct Received {
    fields: Fields,
    files: Vec<Result<Attachment, String>>,
}

/// Reads a multipart form: text fields as they are, files (field `bilagor`) streamed to disk
/// within their limit and then checked.
async fn receive(mut multipart: Multipart) -> Result<Received, AppError> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("Formuläret kunde inte tas emot; försök igen.".into()))?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == "bilagor" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let received = crate::upload::field_to_file(field, MAX_FILE_BYTES + 1).await;
            let checked = match received {
                // No file chosen: the browser sends an empty part without a name.
                Ok(r) if r.len == 0 && file_name.is_empty() => continue,
                Ok(r) => std::fs::read(r.file.path())
                    .map_err(|e| AppError::Internal(format!("uppladdningen kunde inte läsas: {e}")))
                    .map(|bytes| check_file(&file_name, &bytes))?,
                Err(AppError::TooLarge(_)) => Err(format!(
                    "Filen \"{file_name}\" är större än {} MB, som är mest för en bilaga.",
                    MAX_FILE_BYTES / (1024 * 1024)
                )),
                Err(e) => return Err(e),
            };
            files.push(checked);
        } else {
            let text = field.text().await.unwrap_or_default();
            fields.push((name, text));
        }
    }
    Ok(Received { fields, files })
}

/// A member the form offers: key and name.
type MemberChoice = (String, String);

#[derive(Template)]
#[template(path = "insatser/form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    /// What the page says first.
    intro: String,
    /// What its button says.
    submit_label: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    members: Vec<MemberChoice>,
    /// The member the applicant acts for, fixed (an insatsägare's own).
    own: Option<MemberChoice>,
    target_groups: Vec<String>,
    continuation_required: bool,
    rounds: Vec<String>,
    budget_rows: Vec<usize>,
    goal_rows: Vec<usize>,
    max_files: usize,
    max_mb: usize,
    fields: Fields,
    summary: Vec<(String, String)>,
}

impl FormPage {
    fn f(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn fnum(&self, stem: &str, n: &usize) -> &str {
        get(&self.fields, &format!("{stem}_{n}"))
    }

    fn checked(&self, name: &str, value: &str) -> bool {
        all(&self.fields, name).contains(&value)
    }

    fn err(&self, name: &str) -> Option<&str> {
        super::meetings::message(&self.summary, name)
    }

    fn errnum(&self, stem: &str, n: &usize) -> Option<&str> {
        self.err(&format!("{stem}_{n}"))
    }
}

/// Which form: a new application, or the completion of one (its owner fixed, its number).
enum Mode<'a> {
    New,
    Complete(&'a StoredApplication),
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    typed: (Fields, Messages, StatusCode),
) -> Result<Response, AppError> {
    let (association, role, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(a)?), Action::Edit)
        .await?;
    render_form(state, user, (&association, role, member), Mode::New, typed).await
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    (association, role, member): (&Association, Role, Option<String>),
    mode: Mode<'_>,
    (fields, summary, status): (Fields, Messages, StatusCode),
) -> Result<Response, AppError> {
    let today = state.app.today();
    let plan = state
        .app
        .plan_covering(association, &[today.year(), today.year() + 1])
        .await?;
    let members: Vec<MemberChoice> = plan
        .as_deref()
        .map(|p| {
            p.association
                .members
                .iter()
                .map(|m| (m.key.clone(), m.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let owner = match mode {
        Mode::Complete(stored) => Some(stored.insats.owner.clone()),
        Mode::New => member,
    };
    let own = owner.map(|key| {
        let name = members
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| key.clone(), |(_, n)| n.clone());
        (key, name)
    });
    let settings = state.app.settings(association).await?.settings;
    let rounds = match mode {
        Mode::New => settings
            .rounds
            .iter()
            .filter(|r| r.closes >= today)
            .map(|r| {
                format!(
                    "{}: sista ansökningsdag {}, beslut vid styrelsemötet {}",
                    r.name, r.closes, r.meeting
                )
            })
            .collect(),
        Mode::Complete(_) => Vec::new(),
    };
    let (title, intro, submit_label, path) = match mode {
        Mode::New => (
            "Ny ansökan".to_owned(),
            "Ansökan får ett diarienummer när du skickar in den. Förbundet svarar inom fristen i sina inställningar; du ser ärendets gång på ansökans sida.".to_owned(),
            "Skicka in ansökan",
            format!("/forbund/{}/insatser/ny", association.id.0),
        ),
        Mode::Complete(stored) => {
            let asked = stored.case.history.iter().rev().find_map(|t| match &t.event {
                finsam_core::insats::Event::RequestCompletion { missing, by } => {
                    Some(format!("Förbundet har begärt en komplettering senast {by}: {missing}"))
                }
                _ => None,
            });
            (
                format!("Komplettera ansökan {}", stored.case_number),
                format!(
                    "{} Ändra det som behövs och skicka kompletteringen; ansökan går då vidare till förbundet. Inriktning, uppföljningsmetod och ESF-finansiering kan inte ändras.",
                    asked.map(|a| format!("{a}.")).unwrap_or_default()
                ),
                "Skicka kompletteringen",
                format!("/forbund/{}/insatser/{}/komplettera", association.id.0, stored.id.0),
            )
        }
    };
    let layout = Layout::within(
        state,
        user,
        (association, role),
        None,
        Here::Insatser,
        title,
    )
    .await?
    .crumb(
        "Insatser",
        format!("/forbund/{}/insatser", association.id.0),
    );
    let page = FormPage {
        action: format!("{path}?_csrf={}", layout.csrf),
        layout,
        intro,
        submit_label,
        kinds: Kind::ALL.iter().map(|(k, w)| (*w, k.label())).collect(),
        members,
        own,
        target_groups: settings.target_groups,
        continuation_required: settings.continuation_required,
        rounds,
        budget_rows: (1..=BUDGET_ROWS).collect(),
        goal_rows: (1..=GOAL_ROWS).collect(),
        max_files: MAX_FILES,
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
        fields,
        summary,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The application's completion form, filled in with the application as it stands.
pub async fn complete_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (association, role, stored) = editable(&state, &user, (&a, &application)).await?;
    let mut fields = insats_fields(&stored.insats, stored.continuation.as_deref());
    fields.push(("row_version".into(), stored.row_version.to_string()));
    let typed = (fields, Vec::new(), StatusCode::OK);
    render_form(
        &state,
        &user,
        (&association, role, None),
        Mode::Complete(&stored),
        typed,
    )
    .await
}

/// The application, if the user may edit it (its applicant, or the förbundschef).
async fn editable(
    state: &AppState,
    user: &CurrentUser,
    (a, application): (&str, &str),
) -> Result<(Association, Role, StoredApplication), AppError> {
    Ok(state
        .app
        .authorize_application(
            user.user.id,
            AssociationId(id(a)?),
            ApplicationId(id(application)?),
            Action::Edit,
        )
        .await?)
}

/// Saves the completion: the application as changed, its files and the completion step, all or
/// nothing; the application's page when it was saved.
pub async fn complete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application)): Path<(String, String)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, role, stored) = editable(&state, &user, (&a, &application)).await?;
    let Received { fields, files } = receive(multipart).await?;
    let mode = Mode::Complete(&stored);
    let refuse = |errors: Vec<(String, String)>, status| {
        let mut errors = errors;
        errors.extend(file_errors(&files, true));
        (fields.clone(), errors, status)
    };
    let who = (&association, role, None);
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = parse_application(&fields, Some(&stored.insats.owner));
    let (insats, continuation) = match parsed {
        Ok(p) if !files.iter().any(Result::is_err) => p,
        Ok(_) => {
            return render_form(&state, &user, who, mode, refuse(Vec::new(), unprocessable)).await;
        }
        Err(errors) => {
            return render_form(&state, &user, who, mode, refuse(errors, unprocessable)).await;
        }
    };
    let expected: i64 = get(&fields, "row_version").parse().unwrap_or(-1);
    let new = NewApplication {
        insats,
        submitted: state.app.today(),
        continuation,
        files: files
            .iter()
            .filter_map(|f| f.as_ref().ok())
            .cloned()
            .collect(),
    };
    let refused = match state
        .app
        .complete_application(user.actor(), &association, (&stored, expected), new)
        .await
    {
        Ok(_) => {
            return Ok(Redirect::to(&format!("{}?sparat=1", page_of(&association, stored.id)))
                .into_response());
        }
        Err(InsatsError::Fields(errors)) => refuse(
            errors.into_iter().map(|(f, e)| (f.to_owned(), e)).collect(),
            unprocessable,
        ),
        Err(InsatsError::Step(why)) => refuse(vec![("namn".to_owned(), why)], unprocessable),
        Err(InsatsError::Conflict) => refuse(
            vec![(
                "namn".to_owned(),
                "Någon annan har ändrat ansökan sedan du öppnade formuläret, så kompletteringen sparades inte. Öppna ansökan igen och se hur den står nu.".to_owned(),
            )],
            StatusCode::CONFLICT,
        ),
        Err(InsatsError::NotFound) => return Err(AppError::NotFound),
        Err(InsatsError::Store(e)) => return Err(e.into()),
    };
    render_form(&state, &user, who, mode, refused).await
}

/// The empty form.
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    form_page(&state, &user, &a, (Vec::new(), Vec::new(), StatusCode::OK)).await
}

/// The files' reasons for refusal, under the form's file field; and, when anything is refused,
/// the reminder that files are chosen again.
fn file_errors(files: &[Result<Attachment, String>], any_error: bool) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| f.as_ref().err())
        .map(|e| ("bilagor".to_owned(), e.clone()))
        .collect();
    if (any_error || !out.is_empty()) && !files.is_empty() {
        out.push((
            "bilagor".to_owned(),
            "Inget sparades; välj filerna igen när du skickar på nytt.".to_owned(),
        ));
    }
    out
}

/// Submits the form: all or nothing; the new application's page when it was saved.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, role, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(&a)?), Action::Edit)
        .await?;
    let Received { fields, files } = receive(multipart).await?;
    let refuse = |errors: Vec<(String, String)>| {
        let mut errors = errors;
        errors.extend(file_errors(&files, true));
        (fields.clone(), errors, StatusCode::UNPROCESSABLE_ENTITY)
    };
    // An insatsägare applies for its own member; the förbundschef chooses.
    let owner = match role {
        Role::InsatsOwner => member.as_deref(),
        _ => None,
    };
    let parsed = parse_application(&fields, owner);
    let refused_files = files.iter().any(Result::is_err);
    let (insats, continuation) = match parsed {
        Ok(p) if !refused_files => p,
        Ok(_) => return form_page(&state, &user, &a, refuse(Vec::new())).await,
        Err(errors) => return form_page(&state, &user, &a, refuse(errors)).await,
    };
    let new = NewApplication {
        insats,
        submitted: state.app.today(),
        continuation,
        files: files
            .iter()
            .filter_map(|f| f.as_ref().ok())
            .cloned()
            .collect(),
    };
    match state
        .app
        .submit_application(user.actor(), &association, new)
        .await
    {
        Ok((stored, _)) => Ok(Redirect::to(&format!(
            "/forbund/{}/insatser/{}?inskickad=1",
            association.id.0, stored.id.0
        ))
        .into_response()),
        Err(InsatsError::Fields(errors)) => {
            let errors = errors.into_iter().map(|(f, e)| (f.to_owned(), e)).collect();
            form_page(&state, &user, &a, refuse(errors)).await
        }
        Err(InsatsError::Store(e)) => Err(e.into()),
        Err(InsatsError::NotFound) => Err(AppError::NotFound),
        Err(InsatsError::Conflict | InsatsError::Step(_)) => Err(AppError::Internal(
            "en ny ansökan kan inte krocka eller ta ett steg".into(),
        )),
    }
}

/// Sends files with an application: the applicant's own (a completion), or the kansli's (the
/// signed agreement). The application's page says what happened.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, application)): Path<(String, String)>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, _, stored) = state
        .app
        .authorize_application(
            user.user.id,
            AssociationId(id(&a)?),
            ApplicationId(id(&application)?),
            Action::Edit,
        )
        .await?;
    let Received { files, .. } = receive(multipart).await?;
    let here = page_of(&association, stored.id);
    let errors: Vec<String> = if files.is_empty() {
        vec!["Välj en fil att skicka.".to_owned()]
    } else if files.len() > MAX_FILES {
        vec![format!("Högst {MAX_FILES} filer åt gången.")]
    } else {
        files
            .iter()
            .filter_map(|f| f.as_ref().err())
            .cloned()
            .collect()
    };
    if !errors.is_empty() {
        return super::insatser::show_refused_files(&state, &user, (&a, &application), errors)
            .await;
    }
    for file in files.iter().filter_map(|f| f.as_ref().ok()) {
        state
            .app
            .add_application_file(user.actor(), &association, &stored, file)
            .await
            .map_err(|e| match e {
                InsatsError::Store(e) => AppError::from(e),
                _ => AppError::NotFound,
            })?;
    }
    Ok(Redirect::to(&format!("{here}?filer={}", files.len())).into_response())
}

fn page_of(a: &Association, id: ApplicationId) -> String {
    format!("/forbund/{}/insatser/{}", a.id.0, id.0)
}
