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

/// One row as shown.
pub struct EntryRow {
    /// `2024-06-14 10:32 UTC`.
    pub at: String,
    /// Who.
    pub user: String,
    /// The action code.
    pub action: String,
    /// What happened.
    pub summary: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<EntryRow>,
    actions: Vec<String>,
    filter: BTreeMap<String, String>,
    pager: crate::view::Pager,
    errors: Vec<String>,
}

/// Audit rows on one page.
pub const PER_PAGE: u32 = 100;

/// The filter of `?handling=&anvandare=&fran=ÅÅÅÅ-MM-DD&till=ÅÅÅÅ-MM-DD` (`till` counts the whole
/// day), or what is wrong with it.
pub fn audit_filter(q: &BTreeMap<String, String>) -> Result<AuditFilter, String> {
    let f = |k: &str| {
        q.get(k)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let day = |k: &str, label: &str| -> Result<Option<i64>, String> {
        f(k).map(|d| {
            crate::pages::plan::day(&d)
                .map(|d| d.midnight().assume_utc().unix_timestamp())
                .ok_or_else(|| format!("{label}: \"{d}\" är inget datum; skriv t.ex. 2024-06-14."))
        })
        .transpose()
    };
    Ok(AuditFilter {
        action: f("handling"),
        username: f("anvandare"),
        from: day("fran", "Från datum")?,
        until: day("till", "Till datum")?.map(|t| t + 86_400),
    })
}

pub(super) fn when(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at).map_or_else(
        |_| at.to_string(),
        |t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        },
    )
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
    let store = state.app.store();
    let found = store.audit_page(association.id, &parsed, asked).await?;
    let actions = store.audit_actions(association.id).await?;
    let here = format!("/forbund/{}/logg", association.id.0);
    let query: Vec<(String, String)> = filter.clone().into_iter().collect();
    let pager = crate::view::Pager::new(&found, &here, &query);
    let rows = found
        .items
        .into_iter()
        .map(|e| EntryRow {
            at: when(e.entry.at),
            user: e.username.unwrap_or_else(|| "systemet".to_owned()),
            action: e.entry.action,
            summary: e.entry.summary,
        })
        .collect();
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
