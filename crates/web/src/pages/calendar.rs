//! The förbund's year in a calendar program (issue 13): a page to download the year as an ICS
//! file and to make or revoke one's own secret feed address, and the feed itself, read without
//! a cookie by that address. What the calendar holds follows the user's role (the meetings for
//! those who read the förbund, the reports due for those who read the applications, an
//! insatsägare's own only).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use finsam_app::Action;
use finsam_core::plan::Date;
use finsam_store::{Association, AssociationId, Role};

use super::audit::when;
use super::export::attachment;
use super::{Here, Layout, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// Calendars as ICS text per (förbund, with meetings, insatsägare's member, year (0: a feed's
/// range), day), at the förbund's audit stamp.
pub type CalendarFiles =
    finsam_app::cache::StampCache<(i64, bool, Option<String>, i32, Date), String>;

/// The ICS text of the calendar `key` names, kept at the förbund's audit stamp.
async fn ics_of(
    state: &AppState,
    association: &Association,
    (role, member): (Role, Option<String>),
    (year, range): (i32, (Date, Date)),
    today: Date,
) -> Result<std::sync::Arc<String>, AppError> {
    let stamp = state.app.store().audit_stamp(association.id).await?;
    let meetings = finsam_app::allows(role, Action::Read, finsam_app::Resource::Association);
    let key = (association.id.0, meetings, member.clone(), year, today);
    if let Some(kept) = state.calendars.get(&key, stamp) {
        return Ok(kept);
    }
    let calendar = state
        .app
        .calendar(association, (role, member.as_deref()), range, today)
        .await?;
    let text = finsam_report::ics::render(&calendar, finsam_app::users::now());
    Ok(state.calendars.put(&key, stamp, text))
}

/// The content type of an ICS file.
const ICS: &str = "text/calendar; charset=utf-8";

/// The address of the calendar page.
pub fn calendar_url(a: AssociationId) -> String {
    format!("/forbund/{}/kalender", a.0)
}

/// A feed as listed.
pub struct FeedRow {
    created: String,
    revoked: String,
    revoke_url: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    layout: Layout,
    here: String,
    /// The years to download: (year, address).
    downloads: Vec<(i32, String)>,
    feeds: Vec<FeedRow>,
    /// The new feed's address, shown once.
    created: Option<String>,
    revoked: bool,
    meetings: bool,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    (association, role): (Association, Role),
    created: Option<String>,
    revoked: bool,
) -> Result<Response, AppError> {
    let here = calendar_url(association.id);
    let year = state.app.today().year();
    let feeds = state
        .app
        .store()
        .feeds(user.user.id, association.id)
        .await?
        .into_iter()
        .map(|f| FeedRow {
            created: when(f.created_at),
            revoked: f.revoked_at.map(when).unwrap_or_default(),
            revoke_url: f
                .revoked_at
                .is_none()
                .then(|| format!("{here}/{}/aterkalla", f.id)),
        })
        .collect();
    let meetings = finsam_app::allows(role, Action::Read, finsam_app::Resource::Association);
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        if meetings {
            Here::Meetings
        } else {
            Here::Reports
        },
        "Kalender",
    )
    .await?;
    let page = CalendarPage {
        layout,
        downloads: [year, year + 1]
            .into_iter()
            .map(|y| {
                (
                    y,
                    format!("/forbund/{}/kalender.ics?ar={y}", association.id.0),
                )
            })
            .collect(),
        here,
        feeds,
        created,
        revoked,
        meetings,
    };
    Ok(Html(page.render()?).into_response())
}

/// The user's role where it may read the applications (every role may, an insatsägare its
/// own): the association, the role and an insatsägare's member.
async fn reader(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
) -> Result<(Association, Role, Option<String>), AppError> {
    Ok(state
        .app
        .authorize_applications(user.user.id, AssociationId(id(a)?), Action::Read)
        .await?)
}

/// The calendar page.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, role, _) = reader(&state, &user, &a).await?;
    page(
        &state,
        &user,
        (association, role),
        None,
        q.contains_key("aterkallad"),
    )
    .await
}

/// Makes a feed address of the user's own and shows it once.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    let (association, role, _) = reader(&state, &user, &a).await?;
    let (secret, _) = state
        .app
        .create_feed(user.actor(), user.user.id, &association)
        .await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    let address = format!("{scheme}://{host}/kalender/{secret}.ics");
    page(&state, &user, (association, role), Some(address), false).await
}

/// Revokes one of the user's feeds: its address answers "not found" from now on.
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, f)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (association, _, _) = reader(&state, &user, &a).await?;
    match state
        .app
        .revoke_feed(user.actor(), user.user.id, &association, id(&f)?)
        .await
    {
        Ok(()) => Ok(axum::response::Redirect::to(&format!(
            "{}?aterkallad=1",
            calendar_url(association.id)
        ))
        .into_response()),
        Err(finsam_store::StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// The year asked for in `?ar=`, else this year.
fn year_asked(
    q: &std::collections::BTreeMap<String, String>,
    today: Date,
) -> Result<i32, AppError> {
    match q.get("ar") {
        None => Ok(today.year()),
        Some(y) => y
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or(AppError::NotFound),
    }
}

/// The year's calendar as an ICS file.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, role, member) = reader(&state, &user, &a).await?;
    let today = state.app.today();
    let year = year_asked(&q, today)?;
    let range = (
        Date::from_calendar_date(year, time::Month::January, 1).map_err(|_| AppError::NotFound)?,
        Date::from_calendar_date(year, time::Month::December, 31)
            .map_err(|_| AppError::NotFound)?,
    );
    let text = ics_of(&state, &association, (role, member), (year, range), today).await?;
    Ok(attachment(
        text.as_bytes().to_vec(),
        ICS,
        &format!("kalender-{year}.ics"),
    ))
}

/// A subscribed feed: no cookie, the secret in the address. An unknown or revoked address,
/// or one whose user has no role there any more, is not found.
pub async fn feed(
    State(state): State<AppState>,
    Path(secret): Path<String>,
) -> Result<Response, AppError> {
    let secret = secret.strip_suffix(".ics").unwrap_or(&secret);
    let today = state.app.today();
    match state.app.feed_reader(secret).await? {
        None => Err(AppError::NotFound),
        Some((association, role, member)) => {
            let range = finsam_app::calendar::feed_range(today);
            let text = ics_of(&state, &association, (role, member), (0, range), today).await?;
            Ok((
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, ICS),
                    (header::CACHE_CONTROL, "private, max-age=900"),
                ],
                text.as_str().to_owned(),
            )
                .into_response())
        }
    }
}
