//! What a request can end in besides success, and how each is shown: a Swedish page (or JSON
//! for the API) that never contains internal error text. Internal errors go to the log with a
//! correlation id that the user sees, so a report can be matched to the log line.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_store::StoreError;

/// A request that did not succeed.
#[derive(Debug)]
pub enum AppError {
    /// Not logged in: go to the login page.
    Unauthenticated,
    /// No such thing (or not yours to know about).
    NotFound,
    /// Logged in, but the role does not allow it.
    Forbidden,
    /// The request itself is wrong; the message says what to do.
    BadRequest(String),
    /// Something failed inside; the detail goes to the log only.
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<finsam_app::Denied> for AppError {
    fn from(d: finsam_app::Denied) -> AppError {
        match d {
            finsam_app::Denied::NotFound => AppError::NotFound,
            finsam_app::Denied::Forbidden => AppError::Forbidden,
            finsam_app::Denied::Store(e) => e.into(),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> AppError {
        AppError::Internal(format!("mall: {e}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    correlation: Option<&'a str>,
}

/// The id that ties a user's error page to the log: the request's id (every log line of the
/// request carries it), or a fresh one outside a request.
pub fn correlation_id() -> String {
    crate::security::current_request_id()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| finsam_app::users::random_hex(6))
}

impl AppError {
    /// The status code and the Swedish title and message.
    pub fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "Logga in",
                "Du behöver logga in för att se sidan.".to_owned(),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Sidan finns inte",
                "Det du sökte finns inte, eller så har du inte tillgång till det. Gå tillbaka till startsidan.".to_owned(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Behörighet saknas",
                "Din roll i förbundet tillåter inte detta. Kontakta förbundschefen om du behöver behörighet.".to_owned(),
            ),
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Felaktig begäran", m.clone()),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Något gick fel",
                "Ett internt fel inträffade och ingenting sparades. Försök igen; kvarstår felet, kontakta supporten och uppge felkoden.".to_owned(),
            ),
        }
    }

    /// Logs an internal error and returns its correlation id.
    pub fn log(&self) -> Option<String> {
        match self {
            AppError::Internal(detail) => {
                let id = correlation_id();
                tracing::error!(correlation = %id, "{detail}");
                Some(id)
            }
            AppError::Forbidden => {
                tracing::warn!("nekad åtkomst");
                None
            }
            _ => None,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/logga-in").into_response();
        }
        let correlation = self.log();
        let (status, title, message) = self.parts();
        let page = ErrorPage {
            title,
            message: &message,
            correlation: correlation.as_deref(),
        };
        let body = page.render().unwrap_or_else(|_| {
            format!(
                "<!doctype html><html lang=\"sv\"><title>{title}</title><p>{message}</p></html>"
            )
        });
        (status, Html(body)).into_response()
    }
}
