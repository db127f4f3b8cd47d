//! The list of the user's associations, an association's plans, and importing a plan file.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::plans::PlanImportError;
use finsam_store::{Association, Role, Status, VersionHead};

use super::{Here, Layout, association_for, version_url};
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
            layout: Layout::new(&user, "Dina förbund"),
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

fn rows(versions: &[VersionHead]) -> Vec<VersionRow> {
    versions
        .iter()
        .map(|v| VersionRow {
            url: version_url(v.association, v.id),
            label: v.label(),
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
    pager: crate::view::Pager,
    can_import: bool,
    can_audit: bool,
    can_tokens: bool,
    import_errors: Vec<String>,
    /// The refused file named no organisationsnummer, only this förbund's name: the form asks
    /// for a confirmation.
    confirm_name: bool,
}

/// Versions on one page of the förbund's page.
pub const VERSIONS_PER_PAGE: u32 = 50;

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    page: u32,
    (import_errors, confirm_name): (Vec<String>, bool),
    status: StatusCode,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Association).await?;
    let asked = finsam_store::PageRequest::new(page, VERSIONS_PER_PAGE);
    let found = state
        .app
        .store()
        .versions_page(association.id, asked)
        .await?;
    let pager = crate::view::Pager::new(&found, &format!("/forbund/{}", association.id.0), &[]);
    let versions = rows(&found.items);
    let page = ShowPage {
        pager,
        layout: Layout::within(
            state,
            user,
            (&association, role),
            None,
            Here::Versions,
            "Planer och versioner",
        )
        .await?,
        can_import: allows(role, Action::Import, Resource::Plan),
        can_audit: allows(role, Action::Read, Resource::AuditLog),
        can_tokens: allows(role, Action::Edit, Resource::Association),
        association,
        role,
        versions,
        import_errors,
        confirm_name,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// An association: its plans and versions, and the import form.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    show_page(
        &state,
        &user,
        &a,
        crate::view::page_asked(&q),
        (Vec::new(), false),
        StatusCode::OK,
    )
    .await
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
    let mut name_confirmed = false;
    let mut version_name = String::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("namn") {
            version_name = field.text().await.unwrap_or_default();
        } else if field.name() == Some("bekrafta_namn") {
            name_confirmed = field.text().await.is_ok_and(|t| t == "ja");
        } else if field.name() == Some("fil") {
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
    let fail = |msgs: Vec<String>| {
        show_page(
            &state,
            &user,
            &a,
            1,
            (msgs, false),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return fail(vec!["Välj en planfil (.toml) att ladda upp.".into()]).await;
    };
    let v = match state
        .app
        .import_plan(
            user.actor(),
            &association,
            &bytes,
            name_confirmed,
            Some(&version_name),
        )
        .await
    {
        Ok(v) => v,
        Err(PlanImportError::NameOnly(m)) => {
            return show_page(
                &state,
                &user,
                &a,
                1,
                (vec![m], true),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(PlanImportError::Unreadable(msgs)) => {
            return fail(msgs.iter().map(ToString::to_string).collect()).await;
        }
        Err(PlanImportError::OtherAssociation(m)) => return fail(vec![m]).await,
        Err(PlanImportError::Store(e)) => return Err(e.into()),
    };
    Ok(Redirect::to(&version_url(association.id, v.id)).into_response())
}
