//! The audit log: who changed what, when, from what to what. For förbundschef and revisor.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};

use super::{Here, Layout, association_for};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use finsam_app::{Action, Resource};
use finsam_store::{AuditFilter, PageRequest};

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<finsam_core::report::AuditLine>,
    /// The filter's choices: (code, words).
    actions: Vec<(String, String)>,
    filter: BTreeMap<String, String>,
    pager: crate::view::Pager,
    errors: Vec<String>,
}

/// Audit rows on one page.
pub const PER_PAGE: u32 = 100;

/// The filter of `?handling=&anvandare=&fran=ÅÅÅÅ-MM-DD&till=ÅÅÅÅ-MM-DD` (`till` counts the whole
/// day, in Swedish time), or what is wrong with it.
pub fn audit_filter(q: &BTreeMap<String, String>) -> Result<AuditFilter, String> {
    let f = |k: &str| {
        q.get(k)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    // The first second of a Swedish day; `next` asks for the day after, whose start ends the
    // day asked for (23 or 25 hours later on the days the clocks change).
    let day = |k: &str, label: &str, next: bool| -> Result<Option<i64>, String> {
        f(k).map(|text| {
            crate::pages::plan::day(&text)
                .and_then(|d| if next { d.next_day() } else { Some(d) })
                .and_then(|d| {
                    finsam_app::clock::start_of_local_day(
                        i16::try_from(d.year()).ok()?,
                        i8::try_from(u8::from(d.month())).ok()?,
                        i8::try_from(d.day()).ok()?,
                    )
                })
                .ok_or_else(|| {
                    format!("{label}: \"{text}\" är inget datum; skriv t.ex. 2024-06-14.")
                })
        })
        .transpose()
    };
    Ok(AuditFilter {
        action: f("handling"),
        username: f("anvandare"),
        from: day("fran", "Från datum", false)?,
        until: day("till", "Till datum", true)?,
    })
}

pub(super) fn when(at: i64) -> String {
    finsam_app::clock::local_minute(at)
}

/// The log, newest first, filtered by action, user and dates (`YYYY-MM-DD`).
pub async fn log(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(filter): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(&state, &user, &a, Action::Read, Resource::AuditLog).await?;
    let layout = Layout::within(
        &state,
        &user,
        (&association, role),
        None,
        Here::Log,
        "Ändringslogg",
    )
    .await?;
    let (parsed, errors) = match audit_filter(&filter) {
        Ok(f) => (f, Vec::new()),
        Err(e) => (AuditFilter::default(), vec![e]),
    };
    let asked = PageRequest::new(crate::view::page_asked(&filter), PER_PAGE);
    let found = state
        .app
        .audit_lines(association.id, &parsed, asked)
        .await?;
    let actions = state
        .app
        .store()
        .audit_actions(association.id)
        .await?
        .into_iter()
        .map(|code| {
            let words = finsam_app::audit::action_words(&code).to_owned();
            (code, words)
        })
        .collect();
    let here = format!("/forbund/{}/logg", association.id.0);
    let query: Vec<(String, String)> = filter
        .iter()
        .filter(|(k, v)| k.as_str() != "sida" && !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let pager = crate::view::Pager::new(&found, &here, &query);
    let layout = layout.exports(
        &format!("{here}/export"),
        "logg",
        &["Ändringslogg"],
        &serde_urlencoded::to_string(&query).unwrap_or_default(),
    );
    let rows = found.items;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::BAD_REQUEST
    };
    let page = AuditPage {
        layout,
        rows,
        actions,
        filter,
        pager,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The filtered log as a file: `logg.xlsx` or `andringslogg.csv`, with the page's filter. A
/// filter with a wrong date is refused as on the page, never exported as the whole log.
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, file)): Path<(String, String)>,
    Query(filter): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Export, Resource::AuditLog).await?;
    let parsed = audit_filter(&filter).map_err(AppError::BadRequest)?;
    let lines = state.app.audit_export(association.id, &parsed).await?;
    super::export::respond(&[finsam_report::tables::audit(&lines)], "logg", &file)
}
