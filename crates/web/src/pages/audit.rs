//! The audit log: who changed what, when, from what to what. For förbundschef and revisor.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};

use super::{Layout, association_for};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use finsam_app::{Action, Resource};

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
    association_url: String,
    association: String,
    rows: Vec<EntryRow>,
    actions: Vec<String>,
    filter: BTreeMap<String, String>,
}

fn when(at: i64) -> String {
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
    let (association, _) =
        association_for(&state, &user, &a, Action::Read, Resource::AuditLog).await?;
    let entries = state.app.store().audit_log(association.id, 10_000).await?;
    let mut names: HashMap<i64, String> = HashMap::new();
    for e in &entries {
        if let Some(u) = e.user
            && !names.contains_key(&u.0)
        {
            let name = state
                .app
                .store()
                .user(u)
                .await
                .map_or_else(|_| format!("användare {}", u.0), |x| x.username);
            names.insert(u.0, name);
        }
    }
    let mut actions: Vec<String> = entries.iter().map(|e| e.action.clone()).collect();
    actions.sort();
    actions.dedup();
    let f = |k: &str| filter.get(k).map(String::as_str).filter(|s| !s.is_empty());
    let rows = entries
        .iter()
        .map(|e| EntryRow {
            at: when(e.at),
            user: e.user.map_or_else(
                || "systemet".to_owned(),
                |u| names.get(&u.0).cloned().unwrap_or_default(),
            ),
            action: e.action.clone(),
            summary: e.summary.clone(),
        })
        .filter(|r| f("handling").is_none_or(|x| r.action == x))
        .filter(|r| f("anvandare").is_none_or(|x| r.user == x))
        .filter(|r| f("fran").is_none_or(|x| r.at.as_str() >= x))
        .filter(|r| f("till").is_none_or(|x| r.at.get(..10).is_some_and(|d| d <= x)))
        .collect();
    let page = AuditPage {
        layout: Layout::new(&user, "Ändringslogg"),
        association_url: format!("/forbund/{}", association.id.0),
        association: association.name,
        rows,
        actions,
        filter,
    };
    Ok(Html(page.render()?).into_response())
}
