//! CSRF protection for every state-changing request, in one middleware so that no handler can
//! forget it. A request that changes something must carry the session's CSRF token: in the
//! `X-CSRF-Token` header (API, scripts), in the `_csrf` form field (ordinary forms), or in the
//! `_csrf` query parameter (file upload forms, whose multipart body is left to the handler).
//! The login form, which has no session yet, uses a double-submit cookie instead.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{self, cookie};
use crate::error::AppError;
use crate::{AppState, MAX_BODY};

/// The cookie that carries the login form's token.
pub const LOGIN_COOKIE: &str = "finsam_login_csrf";

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

fn query_field(req: &Request, name: &str) -> Option<String> {
    field(req.uri().query()?.as_bytes(), name)
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

fn refused() -> Response {
    let e = AppError::BadRequest(
        "Formuläret har gått ut eller kom inte från Finsam. Ladda om sidan och försök igen."
            .to_owned(),
    );
    let mut r = e.into_response();
    *r.status_mut() = StatusCode::FORBIDDEN;
    r
}

/// The middleware.
pub async fn protect(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_mutation(req.method()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let is_form = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // SIE files are the one upload that may be large.
    let path = parts.uri.path();
    let limit = if path.ends_with("/uppfoljning/importera")
        || (path.starts_with("/api/") && path.ends_with("/uppfoljning"))
    {
        finsam_app::actuals::MAX_UPLOAD
    } else {
        MAX_BODY
    };
    // A body that says it is too large is refused before a byte of it is read; one that does
    // not say (chunked) is cut off at the limit as it streams.
    let declared = parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return crate::upload::too_large(limit).into_response();
    }
    let body = Body::new(http_body_util::Limited::new(body, limit));
    // Only a form's own fields are read here (small, and the token may be among them); files
    // carry the token in the query or a header and stream on to the handler untouched.
    let (bytes, body) = if is_form {
        match axum::body::to_bytes(body, limit).await {
            Ok(b) => (b.clone(), Body::from(b)),
            Err(_) => return crate::upload::too_large(limit).into_response(),
        }
    } else {
        (axum::body::Bytes::new(), body)
    };
    let req_for_query = Request::from_parts(parts.clone(), Body::empty());
    let given = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| is_form.then(|| field(&bytes, "_csrf")).flatten())
        .or_else(|| query_field(&req_for_query, "_csrf"));

    if parts.uri.path() == "/logga-in" {
        let expected = cookie(&parts.headers, LOGIN_COOKIE);
        if !matches!((given.as_deref(), expected), (Some(g), Some(e)) if same(g, e)) {
            return refused();
        }
    } else {
        let user = match auth::current_user(&state, &parts.headers).await {
            Ok(Some(u)) => u,
            Ok(None) => return AppError::Unauthenticated.into_response(),
            Err(e) => return e.into_response(),
        };
        if !given
            .as_deref()
            .is_some_and(|g| same(g, &user.session.csrf_token))
        {
            tracing::warn!(
                user = user.user.id.0,
                path = parts.uri.path(),
                "CSRF-token saknas eller är fel"
            );
            return refused();
        }
        parts.extensions.insert(user);
    }
    next.run(Request::from_parts(parts, body)).await
}
