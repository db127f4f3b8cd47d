//! The gate every state-changing request passes, in one middleware so that no handler can forget
//! it. In order, before a byte of the body is read:
//!
//! 1. a body that says it is larger than the route takes is refused (one that does not say is
//!    cut off at the limit as it streams);
//! 2. a request whose `Origin` (or, without one, `Referer`) names another site is refused;
//! 3. the session is looked up: none is a redirect to the login page (a 401 for the API);
//! 4. an upload waits for nothing: when [`MAX_UPLOADS`] are being received already it is
//!    answered "försök igen strax" (429 with `Retry-After`);
//!
//! and then the request must carry the session's CSRF token: in the `X-CSRF-Token` header (API,
//! scripts), in the `_csrf` form field (ordinary forms, whose small body is read for it only now),
//! or in the `_csrf` query parameter (file upload forms, whose multipart body streams on to the
//! handler). The login form, which has no session yet, uses a double-submit cookie instead, and
//! its body may be no larger than [`MAX_LOGIN_BODY`]. An API request with an API token
//! (`Authorization: Bearer …`) needs neither the token nor the origin check: a browser never
//! sends that header by itself.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::{self, cookie};
use crate::error::{AppError, is_api};
use crate::{AppState, MAX_BODY};

/// The cookie that carries the login form's token.
pub const LOGIN_COOKIE: &str = "finsam_login_csrf";

/// The largest login form: a name, a password and a token.
pub const MAX_LOGIN_BODY: usize = 8 * 1024;

/// Uploads received at once; one more is asked to come back shortly. Each is streamed to a
/// file and then read by the import, which holds the file's content in memory (about twice its
/// size while it is decoded): two 60 MB files at once keep the server near 300 MB, and the
/// imports are CPU work that two cores do no faster side by side.
pub const MAX_UPLOADS: usize = 2;

fn is_mutation(m: &Method) -> bool {
    matches!(
        *m,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

fn field(bytes: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

fn refused() -> AppError {
    AppError::Refused(
        "Formuläret har gått ut eller kom inte från Finsam. Ladda om sidan och försök igen."
            .to_owned(),
    )
}

/// The SIE uploads, the one kind of body that may be large.
fn is_large_upload(path: &str) -> bool {
    path.ends_with("/uppfoljning/importera") || (is_api(path) && path.ends_with("/uppfoljning"))
}

/// The application form and an application's files: a few office files each.
fn is_application_upload(path: &str) -> bool {
    path.ends_with("/insatser/ny")
        || (path.contains("/insatser/")
            && (path.ends_with("/filer") || path.ends_with("/komplettera")))
}

/// What an application's form or file upload may carry: its files and the form's fields.
const APPLICATION_BODY: usize =
    finsam_app::insatser::MAX_FILE_BYTES * finsam_app::insatser::MAX_FILES + MAX_BODY;

/// Every route that receives a file.
fn is_upload(path: &str) -> bool {
    is_large_upload(path)
        || is_application_upload(path)
        || path.ends_with("/importera")
        || path.ends_with("/planfil")
}

/// The host and port an `Origin` or `Referer` names (`https://finsam.example:8443/x` →
/// `finsam.example:8443`).
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether the request says it comes from a page of another site. A browser sends `Origin` with
/// every cross-site POST; without it, `Referer` is asked; a request with neither (a script with
/// the token in a header) is left to the token.
fn from_elsewhere(parts: &Parts) -> bool {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let named = parts
        .headers
        .get(header::ORIGIN)
        .or_else(|| parts.headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (named, host) {
        (None, _) => false,
        // A sandboxed page or a privacy setting sends "null": not Finsam's own page.
        (Some(named), Some(host)) => authority(named).is_none_or(|a| !a.eq_ignore_ascii_case(host)),
        (Some(_), None) => true,
    }
}

/// The middleware.
pub async fn protect(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_mutation(req.method()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let api = is_api(&path);
    // Forms for people who are not logged in: the login, and setting a password through a
    // one-time link. They carry the double-submit cookie's token instead of a session's.
    let login = path == "/logga-in" || path.starts_with("/nytt-losenord/");
    let limit = if is_large_upload(&path) {
        finsam_app::actuals::MAX_UPLOAD
    } else if is_application_upload(&path) {
        APPLICATION_BODY
    } else if login {
        MAX_LOGIN_BODY
    } else {
        MAX_BODY
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return crate::upload::too_large(limit).respond(api);
    }
    if from_elsewhere(&parts) && !(api && auth::bearer(&parts.headers).is_some()) {
        tracing::warn!(path, "ändring från en annan webbplats nekad");
        return refused().respond(api);
    }
    let user = if login {
        None
    } else {
        match auth::current_user(&state, &parts.headers, api).await {
            Ok(Some(u)) => Some(u),
            Ok(None) => return AppError::Unauthenticated.respond(api),
            Err(e) => return e.respond(api),
        }
    };
    let permit = if is_upload(&path) {
        match state.uploads.clone().try_acquire_owned() {
            Ok(p) => Some(p),
            Err(_) => {
                return AppError::TooMany {
                    message: "Servern tar emot många filer just nu. Försök igen strax; ingenting har ändrats.".to_owned(),
                    retry_after: 5,
                }
                .respond(api);
            }
        }
    } else {
        None
    };
    let body = Body::new(http_body_util::Limited::new(body, limit));
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // Only a form's own fields are read here (small, and the token may be among them); files
    // carry the token in the query or a header and stream on to the handler untouched.
    let (bytes, body) = if is_form {
        match axum::body::to_bytes(body, limit).await {
            Ok(b) => (b.clone(), Body::from(b)),
            Err(_) => return crate::upload::too_large(limit).respond(api),
        }
    } else {
        (axum::body::Bytes::new(), body)
    };
    let given = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| is_form.then(|| field(&bytes, "_csrf")).flatten())
        .or_else(|| field(parts.uri.query()?.as_bytes(), "_csrf"));
    match user {
        None => {
            let expected = cookie(&parts.headers, LOGIN_COOKIE);
            if !matches!((given.as_deref(), expected), (Some(g), Some(e)) if same(g, e)) {
                return refused().respond(api);
            }
        }
        // An API token is no cookie: a browser never sends it by itself, so no CSRF token.
        Some(user) if user.bearer => {
            parts.extensions.insert(user);
        }
        Some(user) => {
            if !given
                .as_deref()
                .is_some_and(|g| same(g, &user.session.csrf_token))
            {
                tracing::warn!(
                    user = user.user.id.0,
                    path,
                    "CSRF-token saknas eller är fel"
                );
                return refused().respond(api);
            }
            parts.extensions.insert(user);
        }
    }
    let res = next.run(Request::from_parts(parts, body)).await;
    drop(permit);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut b = axum::http::Request::builder().method("POST").uri("/x");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).expect("a request").into_parts().0
    }

    #[test]
    fn only_requests_from_finsams_own_pages_pass_the_origin_check() {
        let host = ("host", "finsam.example:8443");
        assert!(!from_elsewhere(&parts(&[host])), "a script sends neither");
        assert!(!from_elsewhere(&parts(&[
            host,
            ("origin", "https://finsam.example:8443")
        ])));
        assert!(!from_elsewhere(&parts(&[
            host,
            ("referer", "https://FINSAM.example:8443/forbund/1?x=1")
        ])));
        assert!(from_elsewhere(&parts(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(from_elsewhere(&parts(&[host, ("origin", "null")])));
        assert!(from_elsewhere(&parts(&[
            host,
            ("referer", "https://finsam.example:8443.evil.example/")
        ])));
        // Origin decides over Referer.
        assert!(from_elsewhere(&parts(&[
            host,
            ("origin", "https://evil.example"),
            ("referer", "https://finsam.example:8443/")
        ])));
        assert!(from_elsewhere(&parts(&[("origin", "https://a.example")])));
    }
}
