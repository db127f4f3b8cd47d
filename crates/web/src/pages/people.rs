//! The förbund's people, managed by its förbundschef: the list with each role, a new person,
//! a role changed or taken away, a one-time link to set a password. And, for everyone, the
//! page to set a password through such a link and the page to change one's own password.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::people::NewPerson;
use finsam_app::plan_edit::{Fields, get};
use finsam_app::users::random_hex;
use finsam_app::{Action, Resource};
use finsam_store::{Association, Role, UserId};

use super::{Here, Layout, association_for, id};
use crate::AppState;
use crate::auth::{self, CurrentUser};
use crate::csrf::LOGIN_COOKIE;
use crate::error::AppError;

/// A person as listed.
pub struct PersonRow {
    name: String,
    username: String,
    role: Role,
    url: String,
    is_me: bool,
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    layout: Layout,
    here: String,
    roles: Vec<(&'static str, &'static str)>,
    people: Vec<PersonRow>,
    /// What was just done, and a link to hand over when one was made.
    done: Option<(String, Option<String>)>,
    /// The new-person form as typed, and its errors per field.
    form: NewPerson,
    role_word: String,
    errors: Vec<(&'static str, String)>,
}

/// The message for `field` among a form's errors.
pub fn error_of<'e>(errors: &'e [(&'static str, String)], field: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, e)| e.as_str())
}

impl PeoplePage {
    fn err(&self, field: &str) -> Option<&str> {
        error_of(&self.errors, field)
    }
}

fn here(a: &Association) -> String {
    format!("/forbund/{}/anvandare", a.id.0)
}

/// The address a password link is handed over as: absolute, from the request's Host.
fn link_url(headers: &HeaderMap, secure: bool, token: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}/nytt-losenord/{token}")
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    user: &CurrentUser,
    (association, role): (Association, Role),
    done: Option<(String, Option<String>)>,
    (form, role_word): (NewPerson, String),
    errors: Vec<(&'static str, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let people = state
        .app
        .people(association.id)
        .await?
        .into_iter()
        .map(|m| PersonRow {
            url: format!("{}/{}", here(&association), m.user.id.0),
            is_me: m.user.id == user.user.id,
            name: m.user.display_name,
            username: m.user.username,
            role: m.role,
        })
        .collect();
    let body = PeoplePage {
        layout: Layout::within(
            state,
            user,
            (&association, role),
            None,
            Here::Elsewhere,
            "Användare och roller",
        )
        .await?,
        here: here(&association),
        roles: Role::ALL.iter().map(|(r, w)| (*w, role_name(*r))).collect(),
        people,
        done,
        form,
        role_word,
        errors,
    }
    .render()?;
    Ok((status, Html(body)).into_response())
}

/// The list after a change, with what was done (and a link to hand over).
async fn done_page(
    state: &AppState,
    user: &CurrentUser,
    found: (Association, Role),
    done: (String, Option<String>),
) -> Result<Response, AppError> {
    page(
        state,
        user,
        found,
        Some(done),
        (NewPerson::default(), String::new()),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// A field exactly as typed: a password is never trimmed.
fn raw<'f>(fields: &'f Fields, k: &str) -> &'f str {
    fields
        .iter()
        .find(|(f, _)| f == k)
        .map_or("", |(_, v)| v.as_str())
}

/// A role as people read it in a list of choices.
fn role_name(r: Role) -> &'static str {
    match r {
        Role::Director => "förbundschef (allt, även användare)",
        Role::Accountant => "ekonom (budget och bokföring)",
        Role::Board => "styrelse (läser och laddar ned)",
        Role::Auditor => "revisor (läser, även ändringsloggen)",
        Role::InsatsOwner => "insatsägare (sina egna insatser)",
    }
}

/// The list and the form for a new person.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    let found = association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    page(
        &state,
        &user,
        found,
        None,
        (NewPerson::default(), String::new()),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// Adds a person; a new user gets a one-time link to set its password, shown once.
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let found = association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let role_word = get(&fields, "roll").to_owned();
    let new = NewPerson {
        username: get(&fields, "anvandarnamn").to_owned(),
        display_name: get(&fields, "namn").to_owned(),
        role: Role::from_word(&role_word),
    };
    match state.app.add_person(user.actor(), found.0.id, &new).await {
        Ok((_, link)) => {
            let done = match link {
                Some(token) => (
                    format!(
                        "{} ({}) lades till. Ge personen länken nedan; den sätter lösenordet en gång och gäller i tre dagar.",
                        new.display_name.trim(),
                        new.username
                    ),
                    Some(link_url(&headers, state.secure_cookies, &token)),
                ),
                None => (
                    format!(
                        "{} fanns redan i Finsam och har nu en roll i förbundet; lösenordet är personens eget.",
                        new.username
                    ),
                    None,
                ),
            };
            done_page(&state, &user, found, done).await
        }
        Err(errors) => {
            page(
                &state,
                &user,
                found,
                None,
                (new, role_word),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Changes a person's role (`roll`), takes it away (`roll=ingen`), or makes a password link
/// (`atgard=losenordslank`).
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((a, u)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let found = association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let person = UserId(id(&u)?);
    let actor = user.actor();
    let outcome = if get(&fields, "atgard") == "losenordslank" {
        state
            .app
            .password_link(actor, found.0.id, person)
            .await
            .map(|token| {
                (
                    "En engångslänk för nytt lösenord skapades. Ge personen länken; den gäller i tre dagar och personens inloggningar avslutas när den används.".to_owned(),
                    Some(link_url(&headers, state.secure_cookies, &token)),
                )
            })
    } else {
        let word = get(&fields, "roll");
        let role = match word {
            "ingen" => Ok(None),
            w => Role::from_word(w)
                .map(Some)
                .ok_or_else(|| "Välj en roll.".to_owned()),
        };
        match role {
            Ok(role) => state
                .app
                .set_person_role(actor, found.0.id, person, role)
                .await
                .map(|()| {
                    (
                        match role {
                            Some(r) => format!("Rollen ändrades till {r}."),
                            None => "Personen har inte längre någon roll i förbundet.".to_owned(),
                        },
                        None,
                    )
                }),
            Err(e) => Err(e),
        }
    };
    match outcome {
        Ok(done) => done_page(&state, &user, found, done).await,
        Err(e) => {
            page(
                &state,
                &user,
                found,
                None,
                (NewPerson::default(), String::new()),
                vec![("lista", e)],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "password_link.html")]
struct LinkPage {
    layout: Layout,
    action: String,
    who: Option<String>,
    error: Option<String>,
    done: bool,
}

fn link_page(
    state: &AppState,
    token: &str,
    (who, error, done): (Option<String>, Option<String>, bool),
    status: StatusCode,
) -> Result<Response, AppError> {
    let csrf = random_hex(16);
    let body = LinkPage {
        layout: Layout::anonymous(csrf.clone(), "Välj lösenord"),
        action: format!("/nytt-losenord/{token}"),
        who,
        error,
        done,
    }
    .render()?;
    let cookie = auth::set_cookie(LOGIN_COOKIE, &csrf, 3600, state.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], Html(body)).into_response())
}

/// The form behind a one-time link: whose password it sets, or why the link does not work.
pub async fn link_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    match state.app.password_link_user(&token).await {
        Ok(u) => link_page(
            &state,
            &token,
            (
                Some(format!("{} ({})", u.display_name, u.username)),
                None,
                false,
            ),
            StatusCode::OK,
        ),
        Err(e) => link_page(
            &state,
            &token,
            (None, Some(e), false),
            StatusCode::NOT_FOUND,
        ),
    }
}

/// Sets the password through the link, once.
pub async fn link_submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (password, again) = (raw(&fields, "losenord"), raw(&fields, "igen"));
    let who = state
        .app
        .password_link_user(&token)
        .await
        .ok()
        .map(|u| format!("{} ({})", u.display_name, u.username));
    if password != again {
        return link_page(
            &state,
            &token,
            (
                who,
                Some("Lösenorden är inte lika. Skriv samma lösenord två gånger.".into()),
                false,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match state.app.use_password_link(&token, password).await {
        Ok(_) => link_page(&state, &token, (who, None, true), StatusCode::OK),
        Err(e) => link_page(
            &state,
            &token,
            (who, Some(e), false),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    errors: Vec<(&'static str, String)>,
}

impl AccountPage {
    fn err(&self, field: &str) -> Option<&str> {
        error_of(&self.errors, field)
    }
}

/// The page to change one's own password.
pub async fn account(user: CurrentUser) -> Result<Response, AppError> {
    let body = AccountPage {
        layout: Layout::new(&user, "Byt lösenord"),
        errors: Vec::new(),
    }
    .render()?;
    Ok(Html(body).into_response())
}

/// Changes one's own password; the user logs in again with it.
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let result = if raw(&fields, "nytt") == raw(&fields, "igen") {
        state
            .app
            .change_own_password(&user.user, raw(&fields, "nuvarande"), raw(&fields, "nytt"))
            .await
    } else {
        Err(vec![(
            "igen",
            "Lösenorden är inte lika. Skriv det nya lösenordet två gånger.".to_owned(),
        )])
    };
    match result {
        Ok(()) => Ok(Redirect::to("/logga-in?byttlosenord=1").into_response()),
        Err(errors) => {
            let body = AccountPage {
                layout: Layout::new(&user, "Byt lösenord"),
                errors,
            }
            .render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response())
        }
    }
}
