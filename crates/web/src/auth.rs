//! Who is asking: the session cookie, and the extractor that gives handlers the logged-in user
//! (the sessions themselves and the passwords are finsam-app's).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use finsam_store::{Session, User};

use crate::AppState;
use crate::error::AppError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "finsam_session";

/// The value of a cookie in the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with the attributes every Finsam cookie has.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user.
    pub user: User,
    /// The session, with its CSRF token.
    pub session: Session,
    /// The stored hash of the session token (for logging out); empty for an API token.
    pub token_hash: String,
    /// True when the request came with an API token (`Authorization: Bearer …`), not a session
    /// cookie: no CSRF token is asked for, since a browser never sends one by itself.
    pub bearer: bool,
}

impl CurrentUser {
    /// The store actor for changes this user makes.
    pub fn actor(&self) -> finsam_store::Actor {
        finsam_store::Actor::User(self.user.id)
    }
}

/// The API token of a request, from `Authorization: Bearer …`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Looks up who a request is: its session cookie, or, for the API (`api`), its API token. A
/// token that is not valid is no one, even when a cookie is there too.
pub async fn current_user(
    state: &AppState,
    headers: &HeaderMap,
    api: bool,
) -> Result<Option<CurrentUser>, AppError> {
    if api && let Some(token) = bearer(headers) {
        return Ok(state
            .app
            .api_token_user(token)
            .await?
            .map(|user| CurrentUser {
                session: finsam_store::Session {
                    user: user.id,
                    csrf_token: String::new(),
                    expires_at: i64::MAX,
                },
                user,
                token_hash: String::new(),
                bearer: true,
            }));
    }
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(state
        .app
        .session(token)
        .await?
        .map(|(session, user, token_hash)| CurrentUser {
            user,
            session,
            token_hash,
            bearer: false,
        }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<CurrentUser, AppError> {
        if let Some(u) = parts.extensions.get::<CurrentUser>() {
            return Ok(u.clone());
        }
        current_user(
            state,
            &parts.headers,
            crate::error::is_api(parts.uri.path()),
        )
        .await?
        .ok_or(AppError::Unauthenticated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_and_written() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; finsam_session=abc; b=2".parse().expect("header"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        assert_eq!(
            set_cookie("x", "y", 60, true),
            "x=y; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
    }
}
