//! The pages: server-rendered Swedish HTML that works without JavaScript.

mod actuals;
mod api_tokens;

mod application_form;
mod association;
mod audit;
mod budget;
mod calendar;
mod export;
mod grants;
mod help;
mod insatser;
mod layout;
mod login;
mod meetings;
mod members_goals;
mod participants;
mod people;
mod plan;

pub use actuals::{FollowUpBodies, ROWS_PER_PAGE};
pub use audit::{PER_PAGE as AUDIT_PER_PAGE, audit_filter};
pub use budget::{BudgetTables, EditorParts};
pub use calendar::CalendarFiles;
pub use grants::ReportBodies;
pub use help::{Term, term};
pub use insatser::{ApplicationBodies, ListBodies};
pub use layout::{Here, Layout};
pub use login::login_to;
pub use participants::PUBLIC_FILES;

use axum::Router;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use finsam_app::{Action, Resource};
use finsam_store::{Association, AssociationId, Role, VersionAccess, VersionHead, VersionId};

use crate::AppState;
use crate::auth::{self, CurrentUser};
use crate::error::AppError;

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/static/style.css", get(style))
        .route("/logga-in", get(login::form).post(login::submit))
        .route("/ordlista", get(help::glossary))
        .route("/tillganglighet", get(help::accessibility))
        .route("/logga-ut", post(login::logout))
        .route(
            "/nytt-losenord/{token}",
            get(people::link_form).post(people::link_submit),
        )
        .route("/konto", get(people::account).post(people::change_password))
        .route(
            "/forbund/{a}/anvandare",
            get(people::list).post(people::add),
        )
        .route("/forbund/{a}/anvandare/{u}", post(people::change))
        .route("/", get(association::list))
        .route("/forbund/{a}", get(association::show))
        .route("/forbund/{a}/importera", post(association::import))
        .route("/forbund/{a}/oversikt", get(plan::current_overview))
        .route("/forbund/{a}/budget", get(plan::current_budget))
        .route("/forbund/{a}/mal", get(plan::current_goals))
        .route("/forbund/{a}/logg", get(audit::log))
        .route("/forbund/{a}/logg/export/{file}", get(audit::export))
        .route(
            "/forbund/{a}/api-nycklar",
            get(api_tokens::list).post(api_tokens::create),
        )
        .route(
            "/forbund/{a}/api-nycklar/{t}/aterkalla",
            post(api_tokens::revoke),
        )
        .route("/forbund/{a}/uppfoljning", get(actuals::overview))
        .route("/forbund/{a}/uppfoljning/importera", post(actuals::import))
        .route("/forbund/{a}/uppfoljning/{y}", get(actuals::follow_up))
        .route(
            "/forbund/{a}/uppfoljning/{y}/prognos",
            post(actuals::save_forecast),
        )
        .route(
            "/forbund/{a}/uppfoljning/{y}/export/{file}",
            get(actuals::export),
        )
        .route(
            "/forbund/{a}/uppfoljning/{y}/konto/{k}",
            get(actuals::account),
        )
        .route(
            "/forbund/{a}/kontokoppling",
            get(actuals::mapping).post(actuals::save_mapping),
        )
        .route(
            "/forbund/{a}/kontokoppling/konto/{k}",
            post(actuals::save_account_rule),
        )
        .route("/forbund/{a}/insatser", get(insatser::list))
        .route(
            "/forbund/{a}/insatser/ny",
            get(application_form::form).post(application_form::submit),
        )
        .route("/forbund/{a}/insatser/{i}", get(insatser::show))
        .route("/forbund/{a}/insatser/{i}/steg", post(insatser::step))
        .route(
            "/forbund/{a}/insatser/{i}/pengar",
            get(grants::money).post(grants::add_disbursement),
        )
        .route(
            "/forbund/{a}/insatser/{i}/pengar/budgetrad",
            post(grants::create_line),
        )
        .route(
            "/forbund/{a}/insatser/{i}/pengar/{d}",
            post(grants::advance_disbursement),
        )
        .route(
            "/forbund/{a}/kalender",
            get(calendar::show).post(calendar::create),
        )
        .route("/forbund/{a}/kalender.ics", get(calendar::download))
        .route(
            "/forbund/{a}/kalender/{f}/aterkalla",
            post(calendar::revoke),
        )
        .route("/kalender/{secret}", get(calendar::feed))
        .route(
            "/forbund/{a}/rapporter",
            get(grants::reports).post(grants::receive),
        )
        .route(
            "/forbund/{a}/insatser/{i}/filer",
            post(application_form::upload),
        )
        .route(
            "/forbund/{a}/insatser/{i}/komplettera",
            get(application_form::complete_form).post(application_form::complete),
        )
        .route("/forbund/{a}/insatser/{i}/filer/{f}", get(insatser::file))
        .route(
            "/forbund/{a}/insatser/{i}/beslut/{n}",
            get(insatser::extract),
        )
        .route(
            "/forbund/{a}/deltagare",
            get(participants::list).post(participants::start),
        )
        .route(
            "/forbund/{a}/deltagare/{r}",
            get(participants::show).post(participants::save),
        )
        .route("/forbund/{a}/deltagare/{r}/fil", post(participants::upload))
        .route(
            "/forbund/{a}/insatser/{i}/deltagarmal",
            post(participants::save_targets),
        )
        .route(
            "/forbund/{a}/insatser/{i}/bemanning",
            post(participants::add_staffing),
        )
        .route(
            "/forbund/{a}/insatser/{i}/uppfoljning-finsam.csv",
            get(participants::register_file),
        )
        .route(
            "/forbund/{a}/insatser/{i}/indikatorer",
            post(participants::add_indicator),
        )
        .route(
            "/forbund/{a}/insatser/{i}/indikatorer/{n}",
            post(participants::set_indicator_year),
        )
        .route(
            "/forbund/{a}/aktiviteter",
            get(participants::activities).post(participants::add_activity),
        )
        .route(
            "/forbund/{a}/aktiviteter/{n}/ta-bort",
            post(participants::remove_activity),
        )
        .route("/forbund/{a}/deltagare/{r}/steg", post(participants::step))
        .route(
            "/forbund/{a}/deltagare/{r}/{file}",
            get(participants::template),
        )
        .route(
            "/forbund/{a}/installningar",
            get(meetings::settings).post(meetings::save_settings),
        )
        .route(
            "/forbund/{a}/moten",
            get(meetings::list).post(meetings::add),
        )
        .route("/forbund/{a}/moten/nasta-ar", post(meetings::copy_year))
        .route("/forbund/{a}/moten/{d}", get(meetings::show))
        .route(
            "/forbund/{a}/moten/{d}/dagordning",
            post(meetings::add_agenda_item),
        )
        .route(
            "/forbund/{a}/moten/{d}/dagordning/{p}/ta-bort",
            post(meetings::remove_agenda_item),
        )
        .route("/forbund/{a}/jamfor", get(plan::compare))
        .route(
            "/forbund/{a}/jamfor/export/{file}",
            get(plan::export_comparison),
        )
        .route("/forbund/{a}/versioner/{v}", get(plan::dashboard))
        .route("/forbund/{a}/versioner/{v}/planfil.toml", get(plan::export))
        .route(
            "/forbund/{a}/versioner/{v}/export/{file}",
            get(plan::export_tables),
        )
        .route("/forbund/{a}/versioner/{v}/besluta", post(plan::adopt))
        .route("/forbund/{a}/versioner/{v}/revidera", post(plan::revise))
        .route(
            "/forbund/{a}/versioner/{v}/nasta-ar",
            post(plan::start_next),
        )
        .route("/forbund/{a}/versioner/{v}/budget", get(budget::editor))
        .route(
            "/forbund/{a}/versioner/{v}/budget/summor",
            post(budget::update_printed),
        )
        .route(
            "/forbund/{a}/versioner/{v}/budget/ingaende",
            post(budget::update_opening),
        )
        .route(
            "/forbund/{a}/versioner/{v}/budget/angra",
            post(budget::undo_delete),
        )
        .route(
            "/forbund/{a}/versioner/{v}/budget/ny-rad",
            post(budget::add),
        )
        .route(
            "/forbund/{a}/versioner/{v}/budget/rad/{s}/{l}",
            get(budget::edit_form).post(budget::save),
        )
        .route(
            "/forbund/{a}/versioner/{v}/budget/rad/{s}/{l}/ta-bort",
            get(budget::delete_confirm).post(budget::delete),
        )
        .route(
            "/forbund/{a}/versioner/{v}/budget/rad/{s}/{l}/flytta",
            post(budget::move_line),
        )
        .route(
            "/forbund/{a}/versioner/{v}/medlemmar",
            get(members_goals::members),
        )
        .route(
            "/forbund/{a}/versioner/{v}/medlemmar/{m}",
            post(members_goals::save_share),
        )
        .route("/forbund/{a}/versioner/{v}/mal", get(members_goals::goals))
        .route(
            "/forbund/{a}/versioner/{v}/mal/{ai}/{gi}/{mi}",
            post(members_goals::save_measure),
        )
}

async fn healthz() -> &'static str {
    "ok"
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
}

/// An id from the path; anything that is not a number is simply not found.
pub fn id(s: &str) -> Result<i64, AppError> {
    s.parse().map_err(|_| AppError::NotFound)
}

/// What a refused form says: the fields' messages (422), or `conflict` at `field` when someone
/// saved in between (409); a store failure is the error page.
pub fn refused_form(
    e: finsam_app::settings::FormError,
    field: &str,
    conflict: &str,
) -> Result<(Vec<(String, String)>, axum::http::StatusCode), AppError> {
    use axum::http::StatusCode;
    use finsam_app::settings::FormError;
    match e {
        FormError::Fields(errors) => Ok((errors, StatusCode::UNPROCESSABLE_ENTITY)),
        FormError::Conflict => Ok((
            vec![(field.to_owned(), conflict.to_owned())],
            StatusCode::CONFLICT,
        )),
        FormError::Store(e) => Err(e.into()),
    }
}

/// Asks the policy whether the user may do `action` on `resource` in the association; the
/// association and the user's role there when so.
pub async fn authorize(
    state: &AppState,
    user: &CurrentUser,
    association: AssociationId,
    action: Action,
    resource: Resource,
) -> Result<(Association, Role), AppError> {
    Ok(state
        .app
        .authorize(user.user.id, association, action, resource)
        .await?)
}

/// An association (by its id in the path) the user may act on, with the user's role there.
pub async fn association_for(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    action: Action,
    resource: Resource,
) -> Result<(Association, Role), AppError> {
    authorize(state, user, AssociationId(id(a)?), action, resource).await
}

/// A plan version the user may act on, read into a plan.
pub struct Loaded {
    /// The association.
    pub association: Association,
    /// The user's role there.
    pub role: Role,
    /// The stored version, without its text (the plan is below; `App::plan_at`).
    pub version: VersionHead,
    /// The plan in it.
    pub plan: std::sync::Arc<finsam_core::Plan>,
}

/// A request to one plan version's page (a route with `{a}` and `{v}`): the logged-in user and,
/// when the session was not yet looked up, the user's access to that version found in the same
/// query (one round trip to a database server instead of two).
pub struct PlanRequest {
    /// The logged-in user.
    pub user: CurrentUser,
    association: String,
    version: String,
    /// Found with the session; taken by the first [`PlanRequest::load`].
    access: std::sync::Mutex<Option<VersionAccess>>,
}

impl FromRequestParts<AppState> for PlanRequest {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<PlanRequest, AppError> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_owned())
        };
        let (association, version) = (
            param("a").ok_or(AppError::NotFound)?,
            param("v").ok_or(AppError::NotFound)?,
        );
        let ids = id(&association).ok().zip(id(&version).ok());
        // An API token is looked up by `CurrentUser` below; the one-step read is the cookie's.
        let token = auth::cookie(&parts.headers, auth::SESSION_COOKIE)
            .filter(|_| auth::bearer(&parts.headers).is_none());
        let (user, access) = match (parts.extensions.get::<CurrentUser>(), token, ids) {
            // A form's post: the CSRF check has looked up the session already.
            (Some(user), _, _) => (user.clone(), None),
            (None, Some(token), Some((a, v))) => {
                let (session, user, token_hash, access) = state
                    .app
                    .session_version(token, AssociationId(a), VersionId(v))
                    .await?
                    .ok_or(AppError::Unauthenticated)?;
                let user = CurrentUser {
                    user,
                    session,
                    token_hash,
                    bearer: false,
                };
                (user, Some(access))
            }
            _ => (CurrentUser::from_request_parts(parts, state).await?, None),
        };
        Ok(PlanRequest {
            user,
            association,
            version,
            access: std::sync::Mutex::new(access),
        })
    }
}

impl PlanRequest {
    /// The förbund, the role and the version's head for `action` on the plan; the access found
    /// with the session is used once, a later call (e.g. after a conflict) asks the store again.
    pub async fn head(
        &self,
        state: &AppState,
        action: Action,
    ) -> Result<(Association, Role, VersionHead), AppError> {
        let a = AssociationId(id(&self.association)?);
        let v = VersionId(id(&self.version)?);
        let found = self.access.lock().ok().and_then(|mut f| f.take());
        Ok(match found {
            Some(access) => {
                state
                    .app
                    .decide_version(self.user.user.id, a, access, action)
                    .await?
            }
            None => {
                state
                    .app
                    .authorize_version(self.user.user.id, a, v, action)
                    .await?
            }
        })
    }

    /// [`PlanRequest::head`] and the version's plan. A stored plan that no longer reads is
    /// shown as the reason (never a 500).
    pub async fn load(&self, state: &AppState, action: Action) -> Result<Loaded, AppError> {
        let (association, role, version) = self.head(state, action).await?;
        let plan = state
            .app
            .plan_at(&version)
            .await
            .map_err(AppError::Uncomputable)?;
        Ok(Loaded {
            association,
            role,
            version,
            plan,
        })
    }
}

/// The address of a version's page.
pub fn version_url(a: AssociationId, v: VersionId) -> String {
    format!("/forbund/{}/versioner/{}", a.0, v.0)
}
