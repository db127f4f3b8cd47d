//! What a request can end in besides success, and the one place that shows it: a Swedish page
//! for the pages, RFC 9457 problem details (`application/problem+json`, Swedish `title` and
//! `detail`) for the API. Neither ever contains internal error text: internal errors go to the
//! log with a correlation id that the user sees, so a report can be matched to the log line.
//!
//! Rejections that axum's extractors and router make on their own (a form that does not
//! deserialize, a malformed multipart boundary, a path that is not UTF-8, an unknown route, a
//! wrong method) are plain English text; [`humane`] replaces them by the same Swedish answers.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_store::StoreError;
use schemars::JsonSchema;
use serde::Serialize;

/// A request that did not succeed.
#[derive(Debug)]
pub enum AppError {
    /// Not logged in: the pages go to the login page, the API answers 401.
    Unauthenticated,
    /// No such thing (or not yours to know about).
    NotFound,
    /// Logged in, but the role does not allow it.
    Forbidden,
    /// Refused for the reason given (a form without its CSRF token, from another site).
    Refused(String),
    /// The request itself is wrong; the message says what to do.
    BadRequest(String),
    /// Someone else changed it first; the current row version when known.
    Conflict {
        /// What happened and what to do.
        message: String,
        /// The row version to start from again.
        current: Option<i64>,
    },
    /// What is stored cannot be read or computed (a plan stored before Finsam refused such plans,
    /// a bookkeeping whose sums overflow with the plan's): the reason, and what to do.
    Uncomputable(String),
    /// The body is larger than the route takes.
    TooLarge(String),
    /// The request was understood but its content cannot be used (a plan file with errors).
    Unprocessable {
        /// The title, e.g. "Planfilen kunde inte läsas".
        title: &'static str,
        /// What to do.
        message: String,
        /// Each error, with its place when it has one.
        items: Vec<ProblemItem>,
        /// True when the same request with a confirmation would be accepted.
        needs_confirmation: Option<bool>,
    },
    /// Too many at once or too many tries: try again after this many seconds.
    TooMany {
        /// What happened.
        message: String,
        /// Seconds to wait.
        retry_after: i64,
    },
    /// A status that has no case of its own (405, 415…), with a general Swedish text.
    Other(StatusCode),
    /// Something failed inside; the detail goes to the log only.
    Internal(String),
}

/// One error of a problem, with its place in the request's file when it has one.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Felpost")]
pub struct ProblemItem {
    /// The line (1-based).
    #[serde(rename = "rad", skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column (1-based).
    #[serde(rename = "kolumn", skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in Swedish.
    #[serde(rename = "meddelande")]
    pub message: String,
}

/// RFC 9457 problem details, as the API answers every refusal and error.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Problem")]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's Swedish title.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What happened and what to do, in Swedish.
    pub detail: String,
    /// The correlation id of an internal error, to give to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub felkod: Option<String>,
    /// The errors one by one (a plan file's, an SIE file's).
    // `default`: not required in the schema, since it is left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fel: Vec<ProblemItem>,
    /// After a conflict: the row version saved now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radversion: Option<i64>,
    /// After a refused import: whether a confirmation would let it through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bekraftelse_kravs: Option<bool>,
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { current } => AppError::Conflict {
                message:
                    "Någon annan har sparat en nyare version. Hämta den och gör ändringen igen."
                        .to_owned(),
                current: Some(current),
            },
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
    layout: crate::pages::Layout,
    message: &'a str,
    items: &'a [ProblemItem],
    correlation: Option<&'a str>,
}

/// The id that ties a user's error page to the log: the request's id (every log line of the
/// request carries it), or a fresh one outside a request.
pub fn correlation_id() -> String {
    crate::security::current_request_id()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| finsam_app::users::random_hex(6))
}

/// The Swedish title and general text of a status that has no case of its own.
fn general(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "Metoden stöds inte",
            "Adressen finns, men inte för den här sortens begäran. Gå tillbaka och använd sidans knappar och länkar.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "Fel innehållstyp",
            "Innehållet skickades i en form som adressen inte tar emot. Ange rätt Content-Type och försök igen.",
        ),
        StatusCode::NOT_ACCEPTABLE => (
            "Kan inte svara i den formen",
            "Adressen kan inte svara i den form som begärdes.",
        ),
        s if s.is_server_error() => (
            "Något gick fel",
            "Ett internt fel inträffade och ingenting sparades. Försök igen; kvarstår felet, kontakta supporten.",
        ),
        _ => (
            "Felaktig begäran",
            "Begäran kunde inte tas emot. Ladda om sidan och försök igen.",
        ),
    }
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
            AppError::Refused(m) => (StatusCode::FORBIDDEN, "Nekad", m.clone()),
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Felaktig begäran", m.clone()),
            AppError::Conflict { message, .. } => (StatusCode::CONFLICT, "Konflikt", message.clone()),
            AppError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "För stort", m.clone()),
            AppError::Uncomputable(why) => (
                StatusCode::CONFLICT,
                "Kan inte räknas",
                format!("Det sparade går inte att räkna med: {why}. Ladda ner planfilen (eller ta fram SIE-filen), rätta den och läs in den igen."),
            ),
            AppError::Unprocessable { title, message, .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, title, message.clone())
            }
            AppError::TooMany { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Försök igen strax",
                message.clone(),
            ),
            AppError::Other(status) => {
                let (title, text) = general(*status);
                (*status, title, text.to_owned())
            }
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

    fn items(&self) -> &[ProblemItem] {
        match self {
            AppError::Unprocessable { items, .. } => items,
            _ => &[],
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            AppError::TooMany { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// The answer: problem details for the API, a page otherwise.
    pub fn respond(self, api: bool) -> Response {
        if api { self.problem() } else { self.page() }
    }

    /// The answer as a Swedish page (a missing login goes to the login page).
    pub fn page(self) -> Response {
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/logga-in").into_response();
        }
        let correlation = self.log();
        let (status, title, message) = self.parts();
        let page = ErrorPage {
            layout: crate::pages::Layout::anonymous(String::new(), title),
            message: &message,
            items: self.items(),
            correlation: correlation.as_deref(),
        };
        let body = page.render().unwrap_or_else(|_| {
            format!(
                "<!doctype html><html lang=\"sv\"><title>{title}</title><p>{message}</p></html>"
            )
        });
        let retry = self.retry_after();
        finish((status, Html(body)).into_response(), retry)
    }

    /// The answer as RFC 9457 problem details.
    pub fn problem(self) -> Response {
        let felkod = self.log();
        let (status, title, detail) = self.parts();
        let retry = self.retry_after();
        let (radversion, bekraftelse_kravs, fel) = match self {
            AppError::Conflict { current, .. } => (current, None, Vec::new()),
            AppError::Unprocessable {
                items,
                needs_confirmation,
                ..
            } => (None, needs_confirmation, items),
            _ => (None, None, Vec::new()),
        };
        let problem = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail,
            felkod,
            fel,
            radversion,
            bekraftelse_kravs,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        finish(res, retry)
    }
}

/// Adds `Retry-After` when there is a wait.
fn finish(mut res: Response, retry_after: Option<i64>) -> Response {
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    }
    res
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.page()
    }
}

/// Whether a request is the API's (its answers are JSON).
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The case of an error status that axum's own rejections answer with.
fn from_status(status: StatusCode) -> AppError {
    match status {
        StatusCode::UNAUTHORIZED => AppError::Unauthenticated,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(
            "Det som skickades är för stort. Ingenting har ändrats.".to_owned(),
        ),
        StatusCode::BAD_REQUEST => AppError::BadRequest(
            "Begäran kunde inte läsas: adressen, ett fält eller filens inramning har fel form. Ladda om sidan och försök igen."
                .to_owned(),
        ),
        StatusCode::UNPROCESSABLE_ENTITY => AppError::Unprocessable {
            title: "Formuläret kunde inte läsas",
            message: "Ett fält saknas eller har ett värde av fel slag. Ladda om sidan och försök igen; ingenting har ändrats."
                .to_owned(),
            items: Vec::new(),
            needs_confirmation: None,
        },
        StatusCode::INTERNAL_SERVER_ERROR => {
            AppError::Internal("ett fel utan egen text från ramverket".to_owned())
        }
        other => AppError::Other(other),
    }
}

/// The middleware that makes every error answer ours: an error status whose body is not one of
/// Finsam's (axum's rejections are `text/plain`, an unknown route or a wrong method has no
/// body at all) is answered again in Swedish, as a page or as problem details. What axum said
/// goes to the debug log.
pub async fn humane(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    // A page asked for without a login comes back after it (only a GET: a form's post is not
    // a place to return to).
    let back = (req.method() == axum::http::Method::GET && !api)
        .then(|| req.uri().path_and_query().map(|p| p.as_str().to_owned()))
        .flatten();
    let mut res = next.run(req).await;
    if let Some(back) = back
        && res.status().is_redirection()
        && res
            .headers()
            .get(header::LOCATION)
            .is_some_and(|l| l == "/logga-in")
        && let Ok(to) = HeaderValue::from_str(&crate::pages::login_to(&back))
    {
        res.headers_mut().insert(header::LOCATION, to);
    }
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !plain {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let (_, body) = res.into_parts();
    if let Ok(text) = axum::body::to_bytes(body, 4096).await {
        tracing::debug!(status = status.as_u16(), said = %String::from_utf8_lossy(&text), "ramverkets avvisning ersatt");
    }
    let mut mine = from_status(status).respond(api);
    if let Some(allow) = allow {
        mine.headers_mut().insert(header::ALLOW, allow);
    }
    mine
}
