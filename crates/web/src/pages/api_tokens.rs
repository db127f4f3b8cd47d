//! API tokens for integrations: made, listed and revoked by the förbundschef. A token's text is
//! shown once, when it is made.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::plan_edit::{Fields, get};
use finsam_app::{Action, Resource};
use finsam_store::{Association, Role};

use super::audit::when;
use super::{Here, Layout, association_for, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// A token as listed.
pub struct TokenRow {
    name: String,
    role: String,
    created: String,
    revoked: String,
    revoke_url: Option<String>,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    layout: Layout,
    here: String,
    roles: Vec<(&'static str, &'static str)>,
    tokens: Vec<TokenRow>,
    created: Option<String>,
    errors: Vec<String>,
}

fn here(a: &Association) -> String {
    format!("/forbund/{}/api-nycklar", a.id.0)
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    (association, role): (Association, Role),
    created: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tokens = state
        .app
        .store()
        .api_tokens(association.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            revoke_url: t
                .revoked_at
                .is_none()
                .then(|| format!("{}/{}/aterkalla", here(&association), t.id)),
            name: t.name,
            role: t
                .role
                .map_or_else(|| "–".to_owned(), |r| r.word().to_owned()),
            created: when(t.created_at),
            revoked: t.revoked_at.map(when).unwrap_or_default(),
        })
        .collect();
    let body = TokensPage {
        layout: Layout::within(
            state,
            user,
            (&association, role),
            None,
            Here::Elsewhere,
            "API-nycklar",
        )
        .await?,
        here: here(&association),
        // The least that reads first: a script that only fetches needs no more.
        roles: [Role::Board, Role::Auditor, Role::Accountant, Role::Director]
            .iter()
            .map(|r| (r.word(), r.word()))
            .collect(),
        tokens,
        created,
        errors,
    }
    .render()?;
    Ok((status, Html(body)).into_response())
}

/// The list and the form.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    page(
        &state,
        &user,
        (association, role),
        None,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// Makes a token and shows its text, once.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, mine) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    let Some(role) = Role::from_word(get(&fields, "roll")) else {
        let e = vec!["Välj en roll för nyckeln.".to_owned()];
        return page(
            &state,
            &user,
            (association, mine),
            None,
            e,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state
        .app
        .create_api_token(user.actor(), association.id, get(&fields, "namn"), role)
        .await
    {
        Ok((token, _)) => {
            page(
                &state,
                &user,
                (association, mine),
                Some(token),
                Vec::new(),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            page(
                &state,
                &user,
                (association, mine),
                None,
                vec![e],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Revokes a token.
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, t)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Association).await?;
    state
        .app
        .store()
        .revoke_api_token(user.actor(), association.id, id(&t)?)
        .await?;
    Ok(Redirect::to(&here(&association)).into_response())
}
