//! Members and their shares; goals and their assessments.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use finsam_core::report::goals_table;

use super::plan::{VersionNav, nav};
use super::{Here, Layout, Loaded, PlanRequest, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use finsam_app::Action;
use finsam_app::plan_edit::{self, FieldErrors, Fields, get};

/// A member as the page shows it.
pub struct MemberRow {
    /// Index, for the form's address.
    pub index: usize,
    /// Name.
    pub name: String,
    /// Kind word.
    pub kind: &'static str,
    /// Share as written (`1/4`), or empty.
    pub share: String,
    /// Share as a percentage, or empty.
    pub percent: String,
    /// Ordinary board member and deputy.
    pub board: String,
    /// The member's fingerprint for optimistic locking.
    pub fingerprint: String,
    /// A message for this member's form.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    layout: Layout,
    nav: VersionNav,
    members: Vec<MemberRow>,
    /// What the user's last save changed ("Sparat: …").
    saved: Option<String>,
    /// The error summary: (field id, message).
    summary: Vec<(String, String)>,
}

async fn members_page(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    (error, saved): (Option<(usize, String)>, bool),
) -> Result<String, AppError> {
    let summary = error
        .iter()
        .filter_map(|(i, e)| {
            let name = &l.plan.association.members.get(*i)?.name;
            Some((format!("share-{i}"), format!("{name}: {e}")))
        })
        .collect();
    let saved = match saved {
        true => Some(super::budget::what_was_saved(state, user, l).await?),
        false => None,
    };
    let members = l
        .plan
        .association
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| MemberRow {
            index: i,
            name: m.name.clone(),
            kind: m.kind.word(),
            share: m
                .share
                .map(|s| format!("{}/{}", s.num(), s.den()))
                .unwrap_or_default(),
            percent: m
                .share
                .map(|s| finsam_core::format::percent(s, 1))
                .unwrap_or_default(),
            board: m
                .board
                .as_ref()
                .map(|b| {
                    format!(
                        "{} / {}",
                        b.member.as_deref().unwrap_or("–"),
                        b.deputy.as_deref().unwrap_or("–")
                    )
                })
                .unwrap_or_default(),
            fingerprint: plan_edit::member_fingerprint(m),
            error: error
                .as_ref()
                .filter(|(j, _)| *j == i)
                .map(|(_, e)| e.clone()),
        })
        .collect();
    Ok(MembersPage {
        layout: Layout::version(state, user, l, Here::Elsewhere, "Medlemmar och andelar").await?,
        nav: nav(l),
        members,
        saved,
        summary,
    }
    .render()?)
}

/// The members and their shares.
pub async fn members(
    State(state): State<AppState>,
    req: PlanRequest,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Read).await?;
    let saved = q.contains_key("sparat");
    Ok(Html(members_page(&state, user, &l, (None, saved)).await?).into_response())
}

/// Saves one member's share.
pub async fn save_share(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, m)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Edit).await?;
    let mi = usize::try_from(id(&m)?).map_err(|_| AppError::NotFound)?;
    l.plan
        .association
        .members
        .get(mi)
        .ok_or(AppError::NotFound)?;
    let seen = get(&fields, "fingerprint").to_owned();
    let then = format!("{}/medlemmar?sparat=1", nav(&l).base);
    let show = |s: Option<finsam_core::fraction::Fraction>| {
        s.map_or_else(|| "ingen".to_owned(), |s| s.to_string())
    };
    let edited = super::budget::apply(&state, user, &l, &then, |plan| {
        let member = plan.association.members.get(mi).ok_or(None)?;
        if plan_edit::member_fingerprint(member) != seen {
            return Err(None);
        }
        let mut changed = plan.clone();
        plan_edit::set_share(&mut changed, mi, get(&fields, "share")).map_err(Some)?;
        let summary = format!(
            "Andelen för {}: {} → {}",
            member.name,
            show(member.share),
            show(changed.association.members[mi].share)
        );
        Ok((changed, summary, ()))
    })
    .await?;
    match edited {
        Ok(done) => Ok(done),
        // The share as typed does not read.
        Err(Some(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(members_page(&state, user, &l, (Some((mi, e)), false)).await?),
        )
            .into_response()),
        // Someone else changed the share: show it as it is now.
        Err(None) => {
            let l = req.load(&state, Action::Edit).await?;
            let msg = "Andelen har ändrats av någon annan sedan du öppnade sidan; den visas nu som den är. Ändra igen om du vill.".to_owned();
            Ok((
                StatusCode::CONFLICT,
                Html(members_page(&state, user, &l, (Some((mi, msg)), false)).await?),
            )
                .into_response())
        }
    }
}

/// A measurement point as the goals page shows it.
pub struct MeasureRow {
    /// Area, goal, measure indices joined for the form's address.
    pub path: String,
    /// The report row.
    pub row: finsam_core::report::MeasureRow,
    /// The fields as typed or stored.
    pub form: HashMap<String, String>,
    /// Messages for this measure's form.
    pub errors: FieldErrors,
    /// False for a goal without measurement points: nothing to edit.
    pub editable: bool,
    /// True when the value comes from a computed figure, not the form.
    pub from_figure: bool,
}

impl MeasureRow {
    /// A form field's value, or empty.
    pub fn v(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    /// The measure's path as an HTML id part.
    pub fn anchor(&self) -> String {
        self.path.replace('/', "-")
    }
}

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    layout: Layout,
    nav: VersionNav,
    measures: Vec<MeasureRow>,
    assessments: Vec<&'static str>,
    /// What the user's last save changed ("Sparat: …").
    saved: Option<String>,
    /// The error summary: (field id, message).
    summary: Vec<(String, String)>,
}

/// The computed figures the goals are assessed by: the plan's, and the follow-up's half-years.
pub(super) async fn figure_values(
    state: &AppState,
    l: &Loaded,
) -> Result<finsam_core::computed::FigureValues, AppError> {
    state
        .app
        .figure_values(&l.association, &l.plan)
        .await
        .map_err(AppError::Uncomputable)
}

/// A measurement point's form as typed: its path, the fields and their errors.
type Typed = (String, HashMap<String, String>, FieldErrors);

async fn goals_page(
    state: &AppState,
    user: &CurrentUser,
    l: &Loaded,
    values: &finsam_core::computed::FigureValues,
    (typed, saved): (Option<Typed>, bool),
) -> Result<String, AppError> {
    let saved = match saved {
        true => Some(super::budget::what_was_saved(state, user, l).await?),
        false => None,
    };
    let table = goals_table(&l.plan, values);
    // One entry per row of the table: a goal without measurement points has a row of its own
    // and nothing to edit.
    let mut paths = Vec::new();
    for (ai, a) in l.plan.goal_areas.iter().enumerate() {
        for (gi, g) in a.goals.iter().enumerate() {
            if g.measures.is_empty() {
                paths.push(None);
            }
            for (mi, m) in g.measures.iter().enumerate() {
                paths.push(Some((format!("{ai}/{gi}/{mi}"), m)));
            }
        }
    }
    let measures: Vec<MeasureRow> = table
        .into_iter()
        .zip(paths)
        .enumerate()
        .map(|(i, (row, at))| {
            let Some((path, m)) = at else {
                return MeasureRow {
                    path: format!("mal-{i}"),
                    row,
                    form: HashMap::new(),
                    errors: FieldErrors::new(),
                    editable: false,
                    from_figure: false,
                };
            };
            let (form, errors) = match &typed {
                Some((p, f, e)) if *p == path => (f.clone(), e.clone()),
                _ => (
                    HashMap::from([
                        (
                            "value".to_owned(),
                            m.value.map(|v| v.to_string()).unwrap_or_default(),
                        ),
                        (
                            "assessment".to_owned(),
                            m.assessment
                                .map(|a| a.word().to_owned())
                                .unwrap_or_default(),
                        ),
                        ("comment".to_owned(), m.comment.clone().unwrap_or_default()),
                        ("fingerprint".to_owned(), plan_edit::measure_fingerprint(m)),
                    ]),
                    FieldErrors::new(),
                ),
            };
            MeasureRow {
                path,
                row,
                form,
                errors,
                editable: true,
                from_figure: m.figure.is_some(),
            }
        })
        .collect();
    // The error summary links each message to its field (a value computed from a figure has no
    // field: the link goes to the point's heading).
    let summary = measures
        .iter()
        .filter(|m| !m.errors.is_empty())
        .flat_map(|m| {
            let p = m.anchor();
            m.errors.iter().map(move |(k, e)| {
                let id = if k == "value" && m.from_figure {
                    format!("m-{p}")
                } else {
                    format!("{k}-{p}")
                };
                (id, format!("{}: {e}", m.row.measure))
            })
        })
        .collect();
    Ok(GoalsPage {
        layout: Layout::version(state, user, l, Here::Goals, "Mål och måluppfyllelse").await?,
        nav: nav(l),
        saved,
        summary,
        measures,
        assessments: finsam_core::goals::Assessment::ALL
            .iter()
            .map(|(_, w)| *w)
            .collect(),
    }
    .render()?)
}

/// The goals with their measurement points and assessments.
pub async fn goals(
    State(state): State<AppState>,
    req: PlanRequest,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Read).await?;
    let values = figure_values(&state, &l).await?;
    let saved = q.contains_key("sparat");
    Ok(Html(goals_page(&state, user, &l, &values, (None, saved)).await?).into_response())
}

/// Saves a measurement point's value, assessment and comment.
pub async fn save_measure(
    State(state): State<AppState>,
    req: PlanRequest,
    Path((_, _, ai, gi, mi)): Path<(String, String, String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let user = &req.user;
    let l = req.load(&state, Action::Edit).await?;
    let at = (
        usize::try_from(id(&ai)?).map_err(|_| AppError::NotFound)?,
        usize::try_from(id(&gi)?).map_err(|_| AppError::NotFound)?,
        usize::try_from(id(&mi)?).map_err(|_| AppError::NotFound)?,
    );
    let path = format!("{}/{}/{}", at.0, at.1, at.2);
    let find = |plan: &finsam_core::Plan| {
        plan.goal_areas
            .get(at.0)
            .and_then(|x| x.goals.get(at.1))
            .and_then(|g| g.measures.get(at.2))
            .cloned()
    };
    find(&l.plan).ok_or(AppError::NotFound)?;
    let typed: HashMap<String, String> = fields.iter().cloned().collect();
    let seen = get(&fields, "fingerprint").to_owned();
    let then = format!("{}/mal?sparat=1", nav(&l).base);
    let edited = super::budget::apply(&state, user, &l, &then, |plan| {
        let measure = find(plan).ok_or(None)?;
        if plan_edit::measure_fingerprint(&measure) != seen {
            return Err(None);
        }
        let mut changed = plan.clone();
        plan_edit::set_measure(&mut changed, at, &fields).map_err(Some)?;
        let summary = format!(
            "Mätpunkten \"{}\": värde, bedömning eller kommentar ändrad",
            measure.text
        );
        Ok((changed, summary, ()))
    })
    .await?;
    match edited {
        Ok(done) => Ok(done),
        Err(Some(e)) => {
            let values = figure_values(&state, &l).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(goals_page(&state, user, &l, &values, (Some((path, typed, e)), false)).await?),
            )
                .into_response())
        }
        Err(None) => {
            // Someone else changed the point: what the user typed is kept, the point's
            // fingerprint is now's, so saving again is a deliberate overwrite.
            let l = req.load(&state, Action::Edit).await?;
            let now = find(&l.plan).ok_or(AppError::NotFound)?;
            let mut e = FieldErrors::new();
            e.insert("value".into(), "Mätpunkten har ändrats av någon annan sedan du öppnade sidan. Det du skrev finns kvar; spara igen för att skriva över.".into());
            let mut typed = typed;
            typed.insert("fingerprint".into(), plan_edit::measure_fingerprint(&now));
            let values = figure_values(&state, &l).await?;
            Ok((
                StatusCode::CONFLICT,
                Html(goals_page(&state, user, &l, &values, (Some((path, typed, e)), false)).await?),
            )
                .into_response())
        }
    }
}
