//! The list of the user's associations, an association's plans, and importing a plan file.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::plans::PlanImportError;
use finsam_store::{Association, PlanVersion, Role, Status};

use super::{Layout, association_for, version_url};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use finsam_app::{Action, Resource, allows};

#[derive(Template)]
#[template(path = "associations.html")]
struct ListPage {
    layout: Layout,
    items: Vec<(Association, Role)>,
}

/// The associations where the user has a role.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, AppError> {
    let items = state.app.store().associations_for(user.user.id).await?;
    Ok(Html(
        ListPage {
            layout: Layout::new(&user, "Förbund"),
            items,
        }
        .render()?,
    ))
}

/// A version as the association page lists it.
pub struct VersionRow {
    /// Link to the version.
    pub url: String,
    /// Title and number.
    pub label: String,
    /// utkast / beslutad datum.
    pub status: String,
}

fn rows(versions: &[PlanVersion]) -> Vec<VersionRow> {
    versions
        .iter()
        .map(|v| VersionRow {
            url: version_url(v.association, v.id),
            label: format!("{}, version {}", v.title, v.number),
            status: match (&v.status, &v.adoption) {
                (Status::Adopted, Some(a)) => format!("beslutad {}", a.on),
                (Status::Adopted, None) => "beslutad".into(),
                (Status::Draft, _) => "utkast".into(),
            },
        })
        .collect()
}

#[derive(Template)]
#[template(path = "association.html")]
struct ShowPage {
    layout: Layout,
    association: Association,
    role: Role,
    versions: Vec<VersionRow>,
    can_import: bool,
    can_audit: bool,
    import_errors: Vec<String>,
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    import_errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Association).await?;
    let versions = rows(&state.app.store().versions(association.id).await?);
    let page = ShowPage {
        layout: Layout::new(user, association.name.clone()),
        can_import: allows(role, Action::Import, Resource::Plan),
        can_audit: allows(role, Action::Read, Resource::AuditLog),
        association,
        role,
        versions,
        import_errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// An association: its plans and versions, and the import form.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    show_page(&state, &user, &a, Vec::new(), StatusCode::OK).await
}

/// Imports an uploaded plan file as a new plan (a first draft). Refused, with the reasons on
/// the page, when the file is not a plan file or belongs to another organisationsnummer.
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Import, Resource::Plan).await?;
    let mut bytes = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("fil") {
            // A plan file is small: it is read whole, within the request's limit.
            bytes = Some(field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    crate::upload::too_large(crate::MAX_BODY)
                } else {
                    AppError::BadRequest("Filen kunde inte tas emot; försök igen.".into())
                }
            })?);
        }
    }
    let fail =
        |msgs: Vec<String>| show_page(&state, &user, &a, msgs, StatusCode::UNPROCESSABLE_ENTITY);
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return fail(vec!["Välj en planfil (.toml) att ladda upp.".into()]).await;
    };
    let v = match state
        .app
        .import_plan(user.actor(), &association, &bytes)
        .await
    {
        Ok(v) => v,
        Err(PlanImportError::Unreadable(msgs)) => {
            return fail(msgs.iter().map(ToString::to_string).collect()).await;
        }
        Err(PlanImportError::OtherAssociation(m)) => return fail(vec![m]).await,
        Err(PlanImportError::Store(e)) => return Err(e.into()),
    };
    Ok(Redirect::to(&version_url(association.id, v.id)).into_response())
}
