//! Logging in and out.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_store::{Actor, Session, StoreError};

use super::Layout;
use crate::AppState;
use crate::auth::{
    self, CurrentUser, MAX_FAILURES, SESSION_COOKIE, SESSION_SECONDS, THROTTLE_WINDOW,
};
use crate::csrf::LOGIN_COOKIE;
use crate::error::AppError;
use crate::plan_edit::{Fields, get};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    username: String,
    error: Option<String>,
}

fn page(
    state: &AppState,
    csrf: String,
    username: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let body = LoginPage {
        layout: Layout {
            user: None,
            csrf: csrf.clone(),
            title: "Logga in".into(),
        },
        username,
        error,
    }
    .render()?;
    let cookie = auth::set_cookie(LOGIN_COOKIE, &csrf, 3600, state.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], Html(body)).into_response())
}

/// The login form, with a fresh token for its double-submit cookie.
pub async fn form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if auth::current_user(&state, &headers).await?.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    page(
        &state,
        auth::random_hex(16),
        String::new(),
        None,
        StatusCode::OK,
    )
}

/// Checks the password; a session on success, the form again with a message otherwise. Too
/// many failures for one name within the window refuse further tries for a while.
pub async fn submit(
    State(state): State<AppState>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let username = get(&fields, "username").to_owned();
    let password = get(&fields, "password").to_owned();
    let csrf = get(&fields, "_csrf").to_owned();
    let now = auth::now();
    let failures = state
        .store
        .login_failures_since(&username, now - THROTTLE_WINDOW)
        .await?;
    if failures >= MAX_FAILURES {
        tracing::warn!(username, "inloggning spärrad efter för många försök");
        let msg =
            "För många misslyckade inloggningar. Vänta 15 minuter och försök igen.".to_owned();
        return page(
            &state,
            csrf,
            username,
            Some(msg),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let user = match state.store.user_by_username(&username).await {
        Ok(u) => Some(u),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    // Verify even for unknown names, so the answer takes as long either way.
    let ok = auth::verify_password(
        &password,
        user.as_ref()
            .map_or(auth::dummy_hash(), |u| u.password_hash.as_str()),
    );
    let Some(user) = user.filter(|_| ok) else {
        state.store.record_login_failure(&username, now).await?;
        let msg = "Fel användarnamn eller lösenord.".to_owned();
        return page(&state, csrf, username, Some(msg), StatusCode::UNAUTHORIZED);
    };
    let token = auth::random_hex(32);
    let session = Session {
        user: user.id,
        csrf_token: auth::random_hex(32),
        expires_at: now + SESSION_SECONDS,
    };
    state
        .store
        .create_session(&auth::token_hash(&token), &session)
        .await?;
    state
        .store
        .log_event(
            Actor::User(user.id),
            "session.login",
            &format!("{} loggade in", user.username),
        )
        .await?;
    let cookie = auth::set_cookie(
        SESSION_COOKIE,
        &token,
        SESSION_SECONDS,
        state.secure_cookies,
    );
    let clear = auth::set_cookie(LOGIN_COOKIE, "", 0, state.secure_cookies);
    let mut res = Redirect::to("/").into_response();
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
    state.store.delete_session(&user.token_hash).await?;
    state
        .store
        .log_event(
            user.actor(),
            "session.logout",
            &format!("{} loggade ut", user.user.username),
        )
        .await?;
    let clear = auth::set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies);
    Ok(([(header::SET_COOKIE, clear)], Redirect::to("/logga-in")).into_response())
}
