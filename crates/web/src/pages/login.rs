//! Logging in and out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::plan_edit::{Fields, get};
use finsam_app::throttle;
use finsam_app::users::{LoginError, SESSION_SECONDS, random_hex};

use super::Layout;
use crate::AppState;
use crate::auth::{self, CurrentUser, SESSION_COOKIE};
use crate::client::ClientAddr;
use crate::csrf::LOGIN_COOKIE;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    /// Where to go after logging in (a path of ours, checked by [`safe_next`]), or empty.
    next: String,
    username: String,
    error: Option<String>,
}

/// Where a login may send the user on: only a path of this app (`/forbund/1/budget?x=1`),
/// never another site (`//evil.example`, `/\\evil.example`, `https://…`), never the login or
/// logout itself, nothing with control characters or a backslash.
pub fn safe_next(next: &str) -> Option<&str> {
    let ours = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 2000
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        && !next.starts_with("/logga-in")
        && !next.starts_with("/logga-ut");
    ours.then_some(next)
}

/// The login page's address that comes back to `path` (a page's path and query) afterwards.
pub fn login_to(path: &str) -> String {
    match safe_next(path) {
        Some(p) if p != "/" => serde_urlencoded::to_string([("next", p)])
            .map_or_else(|_| "/logga-in".to_owned(), |q| format!("/logga-in?{q}")),
        _ => "/logga-in".to_owned(),
    }
}

fn page(
    state: &AppState,
    csrf: String,
    next: &str,
    username: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let body = LoginPage {
        layout: Layout::anonymous(csrf.clone(), "Logga in"),
        next: safe_next(next).unwrap_or_default().to_owned(),
        username,
        error,
    }
    .render()?;
    let cookie = auth::set_cookie(LOGIN_COOKIE, &csrf, 3600, state.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], Html(body)).into_response())
}

/// The login form, with a fresh token for its double-submit cookie.
pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let next = query.get("next").map_or("", String::as_str);
    if auth::current_user(&state, &headers, false).await?.is_some() {
        return Ok(Redirect::to(safe_next(next).unwrap_or("/")).into_response());
    }
    page(
        &state,
        random_hex(16),
        next,
        String::new(),
        None,
        StatusCode::OK,
    )
}

/// Checks the password; a session on success, the form again with a message otherwise. Failed
/// tries from the client's address make further tries from there wait (429 with `Retry-After`).
pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let username = get(&fields, "username").to_owned();
    // Exactly as typed: a password is never trimmed (see `check_password`).
    let password = fields
        .iter()
        .find(|(k, _)| k == "password")
        .map_or("", |(_, v)| v.as_str());
    let csrf = get(&fields, "_csrf").to_owned();
    let next = get(&fields, "next");
    let token = match state.app.log_in(&username, password, &client).await {
        Ok(logged_in) => logged_in.token,
        Err(LoginError::Throttled(wait)) => {
            let msg = format!(
                "För många misslyckade inloggningar härifrån. Försök igen {}.",
                throttle::wait_text(wait)
            );
            let mut res = page(
                &state,
                csrf,
                next,
                username,
                Some(msg),
                StatusCode::TOO_MANY_REQUESTS,
            )?;
            res.headers_mut().insert(header::RETRY_AFTER, wait.into());
            return Ok(res);
        }
        Err(LoginError::Wrong) => {
            let msg = "Fel användarnamn eller lösenord.".to_owned();
            return page(
                &state,
                csrf,
                next,
                username,
                Some(msg),
                StatusCode::UNAUTHORIZED,
            );
        }
        Err(LoginError::Store(e)) => return Err(e.into()),
    };
    let cookie = auth::set_cookie(
        SESSION_COOKIE,
        &token,
        SESSION_SECONDS,
        state.secure_cookies,
    );
    let clear = auth::set_cookie(LOGIN_COOKIE, "", 0, state.secure_cookies);
    let mut res = Redirect::to(safe_next(next).unwrap_or("/")).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie
            .parse()
            .map_err(|_| AppError::Internal("cookie".into()))?,
    );
    res.headers_mut().append(
        header::SET_COOKIE,
        clear
            .parse()
            .map_err(|_| AppError::Internal("cookie".into()))?,
    );
    Ok(res)
}

/// Ends the session.
pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    state.app.log_out(&user.user, &user.token_hash).await?;
    let clear = auth::set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies);
    Ok(([(header::SET_COOKIE, clear)], Redirect::to("/logga-in")).into_response())
}
