//! What follows a grant (issue 13): an insats's money (the grant per year beside what was paid,
//! the disbursements, a form to record one and to move one on), and the förbund's table of the
//! reports its insatser owe, filterable, where the kansli marks a report received. Whoever
//! reads the application reads its money (an insatsägare its own); the förbundschef and the
//! ekonom record disbursements; the förbundschef marks reports received.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_app::grants::{ReportFilter, ReportRow, ReportState};
use finsam_app::plan_edit::{Fields, get};
use finsam_app::settings::FormError;
use finsam_app::{Action, Resource, allows};
use finsam_core::format::kr_with_unit;
use finsam_store::{ApplicationId, Association, AssociationId, StoredApplication};

use super::insatser::standing_words;
use super::meetings::message;
use super::{Here, Layout, id};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The address of an application's money.
pub fn money_url(a: AssociationId, application: ApplicationId) -> String {
    format!("/forbund/{}/insatser/{}/pengar", a.0, application.0)
}

/// The address of the förbund's reports due.
pub fn reports_url(a: AssociationId) -> String {
    format!("/forbund/{}/rapporter", a.0)
}

/// A disbursement as the table shows it.
pub struct DisbursementRow {
    id: i64,
    requested: String,
    amount: String,
    approved: String,
    paid: String,
    stage: &'static str,
    note: String,
    /// The next stage's word and button, if there is one.
    next: Option<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "grants/money.html")]
struct MoneyPage {
    layout: Layout,
    here: String,
    application_url: String,
    a: StoredApplication,
    /// Per year: (year, granted, paid, booked on the insats's object).
    years: Vec<(i32, String, String, String)>,
    /// The object the booked cost is read from, in words, with the last day booked.
    booked: Option<String>,
    granted: String,
    requested: String,
    approved: String,
    paid: String,
    left: String,
    warning: Option<String>,
    rows: Vec<DisbursementRow>,
    can_record: bool,
    fields: Fields,
    summary: Vec<(String, String)>,
    saved: Option<String>,
    today: String,
    /// The grant beside the förbund's budget.
    budget: Option<BudgetView>,
}

/// The grant beside the budget, as the money page shows it.
pub struct BudgetView {
    plan_title: String,
    plan_url: String,
    lines: String,
    /// (year, granted, in the budget, difference, class).
    rows: Vec<(i32, String, String, String, &'static str)>,
    /// The draft where the line can be made, for those who edit plans.
    create_in: Option<i64>,
}

impl MoneyPage {
    fn f(&self, name: &str) -> &str {
        get(&self.fields, name)
    }

    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

/// A refused form: as typed, its messages by field, and the answer's status.
type Typed = (Fields, Vec<(String, String)>, StatusCode);

async fn money_page(
    state: &AppState,
    user: &CurrentUser,
    (a, i): (&str, &str),
    form: Option<Typed>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role, stored, _) = state
        .app
        .authorize_application_at(
            user.user.id,
            AssociationId(id(a)?),
            ApplicationId(id(i)?),
            Action::Read,
        )
        .await?;
    let money = state.app.grant_money(&association, &stored).await?;
    let can_record = allows(role, Action::Edit, Resource::Disbursements);
    let (fields, summary, status) = form.unwrap_or_default_ok();
    let application_url = format!("/forbund/{}/insatser/{}", association.id.0, stored.id.0);
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Insatser,
        format!("Utbetalningar: {}", stored.insats.name),
    )
    .await?
    .crumb(
        "Insatser",
        format!("/forbund/{}/insatser", association.id.0),
    )
    .crumb(stored.insats.name.clone(), application_url.clone());
    let budget = state
        .app
        .grant_in_budget(&association, &stored)
        .await?
        .map(|b| BudgetView {
            plan_url: super::version_url(association.id, b.version),
            plan_title: b.plan_title,
            lines: b.lines.join(", "),
            rows: b
                .rows
                .iter()
                .map(|r| {
                    let d = r.difference();
                    (
                        r.year,
                        kr_with_unit(r.granted),
                        kr_with_unit(r.in_budget),
                        kr_with_unit(d),
                        if d.is_negative() { "late" } else { "" },
                    )
                })
                .collect(),
            create_in: b
                .draft
                .filter(|_| {
                    stored.case.granted().is_some() && allows(role, Action::Edit, Resource::Plan)
                })
                .map(|v| v.0),
        });
    let s = &money.summary;
    let page = MoneyPage {
        budget,
        layout,
        here: money_url(association.id, stored.id),
        application_url,
        years: s
            .years
            .iter()
            .map(|y| {
                let booked = money
                    .booked
                    .iter()
                    .find(|(year, _)| *year == y.year)
                    .map_or_else(String::new, |(_, o)| kr_with_unit(o.cost));
                (
                    y.year,
                    kr_with_unit(y.granted),
                    kr_with_unit(y.paid),
                    booked,
                )
            })
            .collect(),
        booked: money.booked.last().map(|(_, o)| {
            format!(
                "Bokfört: kostnaderna på objektet {} ({} i dimension {}){}.",
                o.name,
                o.code,
                o.dimension,
                o.last_day
                    .map_or_else(String::new, |d| format!(", senast bokfört {d}"))
            )
        }),
        granted: kr_with_unit(s.granted),
        requested: kr_with_unit(s.requested),
        approved: kr_with_unit(s.approved),
        paid: kr_with_unit(s.paid),
        left: kr_with_unit(s.left()),
        warning: money.warning.map(|w| w.message),
        rows: money
            .items
            .iter()
            .map(|d| {
                use finsam_core::insats::disbursements::Stage;
                let x = &d.disbursement;
                let day =
                    |d: Option<finsam_core::plan::Date>| d.map_or(String::new(), |d| d.to_string());
                DisbursementRow {
                    id: d.id,
                    requested: x.requested.to_string(),
                    amount: kr_with_unit(x.amount),
                    approved: day(x.approved),
                    paid: day(x.paid),
                    stage: x.stage().label(),
                    note: x.note.clone().unwrap_or_default(),
                    next: match x.stage() {
                        Stage::Requested => Some(("godkand", "Godkänn")),
                        Stage::Approved => Some(("utbetald", "Markera utbetald")),
                        Stage::Paid => None,
                    },
                }
            })
            .collect(),
        a: (*stored).clone(),
        can_record,
        fields,
        summary,
        saved,
        today: state.app.today().to_string(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// A form not yet typed: nothing, no messages, 200.
trait OrBlank {
    fn unwrap_or_default_ok(self) -> Typed;
}

impl OrBlank for Option<Typed> {
    fn unwrap_or_default_ok(self) -> Typed {
        self.unwrap_or_else(|| (Vec::new(), Vec::new(), StatusCode::OK))
    }
}

/// An insats's money: the grant beside what was paid, and its disbursements.
pub async fn money(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let saved = q.get("sparat").map(|w| match w.as_str() {
        "godkand" => "Utbetalningen är godkänd.".to_owned(),
        "utbetald" => "Utbetalningen är markerad som utbetald.".to_owned(),
        "rad" => "Raden är inlagd i utkastet.".to_owned(),
        _ => "Utbetalningen är registrerad.".to_owned(),
    });
    money_page(&state, &user, (&a, &i), None, saved).await
}

/// What a refused disbursement form says at the top: the fields' messages, or the conflict.
fn refused(e: FormError, field: &str) -> Result<(Vec<(String, String)>, StatusCode), AppError> {
    super::refused_form(
        e,
        field,
        "Någon annan har ändrat ansökan eller dess utbetalningar sedan du öppnade sidan. Se sidan som den är nu och gör om; ingenting har sparats.",
    )
}

/// The application whose disbursements the user records, and the row version the form was
/// read at.
async fn recorder(
    state: &AppState,
    user: &CurrentUser,
    (a, i): (&str, &str),
    fields: &Fields,
) -> Result<(Association, std::sync::Arc<StoredApplication>, i64), AppError> {
    let (association, _, stored) = state
        .app
        .authorize_disbursements(
            user.user.id,
            AssociationId(id(a)?),
            ApplicationId(id(i)?),
            Action::Edit,
        )
        .await?;
    Ok((
        association,
        stored,
        get(fields, "row_version").parse().unwrap_or(-1),
    ))
}

/// Records a disbursement: checked against the grant, the agreement and those before it;
/// nothing saved and the form kept when anything is wrong.
pub async fn add_disbursement(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, stored, expected) = recorder(&state, &user, (&a, &i), &fields).await?;
    match state
        .app
        .add_disbursement(user.actor(), &association, (&stored, expected), &fields)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?sparat=ny",
            money_url(association.id, stored.id)
        ))
        .into_response()),
        Err(e) => {
            let (errors, status) = refused(e, "begard")?;
            money_page(
                &state,
                &user,
                (&a, &i),
                Some((fields, errors, status)),
                None,
            )
            .await
        }
    }
}

/// Makes the insats's line in a draft from what is granted.
pub async fn create_line(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let association_id = AssociationId(id(&a)?);
    // Editing the draft is the plan's right; reading the application, the application's.
    let (association, _) =
        super::authorize(&state, &user, association_id, Action::Edit, Resource::Plan).await?;
    let (_, _, stored, _) = state
        .app
        .authorize_application_at(
            user.user.id,
            association_id,
            ApplicationId(id(&i)?),
            Action::Read,
        )
        .await?;
    let version = finsam_store::VersionId(id(get(&fields, "version"))?);
    match state
        .app
        .create_grant_line(user.actor(), &association, &stored, version)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}?sparat=rad",
            money_url(association.id, stored.id)
        ))
        .into_response()),
        Err(e) => {
            let (errors, status) = refused(e, "rad")?;
            money_page(
                &state,
                &user,
                (&a, &i),
                Some((Vec::new(), errors, status)),
                None,
            )
            .await
        }
    }
}

/// Moves a disbursement on: approved, or paid.
pub async fn advance_disbursement(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, i, d)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (association, stored, expected) = recorder(&state, &user, (&a, &i), &fields).await?;
    match state
        .app
        .advance_disbursement(
            user.actor(),
            &association,
            (&stored, expected),
            id(&d)?,
            &fields,
        )
        .await
    {
        Ok(next) => Ok(Redirect::to(&format!(
            "{}?sparat={}",
            money_url(association.id, stored.id),
            next.disbursement.stage().word()
        ))
        .into_response()),
        Err(e) => {
            let (errors, status) = refused(e, &format!("dag-{d}"))?;
            // The message belongs to the row's own day field.
            let errors = errors
                .into_iter()
                .map(|(f, m)| {
                    if f == "dag" || f == "steg" {
                        (format!("dag-{d}"), m)
                    } else {
                        (f, m)
                    }
                })
                .collect();
            money_page(
                &state,
                &user,
                (&a, &i),
                Some((Vec::new(), errors, status)),
                None,
            )
            .await
        }
    }
}

/// A report row as the table shows it.
pub struct ReportView {
    pub(super) url: String,
    pub(super) id: i64,
    pub(super) case_number: String,
    pub(super) insats: String,
    pub(super) kind: String,
    pub(super) period: String,
    pub(super) period_end: String,
    pub(super) due: String,
    pub(super) received: String,
    pub(super) standing: String,
    pub(super) class: &'static str,
}

/// The report rows as the tables show them.
pub fn report_views(rows: &[ReportRow], a: &Association) -> Vec<ReportView> {
    rows.iter()
        .map(|r| {
            let (standing, class) = standing_words(r.standing);
            ReportView {
                url: format!("/forbund/{}/insatser/{}", a.id.0, r.id.0),
                id: r.id.0,
                case_number: r.case_number.clone(),
                insats: r.insats.clone(),
                kind: r.report.kind.clone(),
                period: r.report.period(),
                period_end: r.report.to.to_string(),
                due: r.report.due.to_string(),
                received: r.received.map_or_else(|| "–".to_owned(), |d| d.to_string()),
                standing,
                class,
            }
        })
        .collect()
}

/// The reports page: the layout around the table's body, which is kept rendered.
#[derive(Template)]
#[template(path = "grants/reports.html")]
struct ReportsPage {
    layout: Layout,
    summary: Vec<(String, String)>,
    saved: Option<String>,
    body: std::sync::Arc<String>,
}

/// The reports table with its filter: the same for every user of a role (and an insatsägare's
/// member) on a day until the förbund's data changes, so kept rendered at its audit stamp, the
/// CSRF token's place marked (`CSRF_SLOT`).
#[derive(Template)]
#[template(path = "grants/reports_body.html")]
struct ReportsBody {
    csrf: &'static str,
    here: String,
    rows: Vec<ReportView>,
    /// The filter's choices: (value, label, chosen).
    insatser: Vec<(String, String, bool)>,
    kinds: Vec<(String, bool)>,
    states: Vec<(&'static str, &'static str, bool)>,
    /// The filter as a query, to come back to after a receipt.
    query: String,
    can_receive: bool,
    today: String,
    total: usize,
    pager: crate::view::Pager,
    settings_url: String,
    calendar_url: String,
    /// A refused receipt's messages, by the row's field.
    summary: Vec<(String, String)>,
}

impl ReportsBody {
    fn err(&self, name: &str) -> Option<&str> {
        message(&self.summary, name)
    }
}

/// Rendered reports tables per (förbund, member, day, filter, page, may receive), at the
/// förbund's audit stamp.
pub type ReportBodies = finsam_app::cache::StampCache<
    (
        i64,
        Option<String>,
        finsam_core::plan::Date,
        ReportFilter,
        u32,
        bool,
    ),
    String,
>;

/// Reports per page of the table.
const REPORTS_PER_PAGE: u32 = 50;

/// The table's body: the filter, one page of rows, the pager.
async fn reports_body(
    state: &AppState,
    association: &Association,
    member: Option<&str>,
    (filter, asked, can_receive): (&ReportFilter, u32, bool),
    (today, stamp): (finsam_core::plan::Date, i64),
    summary: Vec<(String, String)>,
) -> Result<String, AppError> {
    let all = state.app.reports_due_at(association, today, stamp).await?;
    let mine = |r: &&ReportRow| member.is_none_or(|m| r.owner == m);
    let mut insatser: Vec<(String, String, bool)> = Vec::new();
    for r in all.iter().filter(mine) {
        let value = r.id.0.to_string();
        if !insatser.iter().any(|(v, _, _)| *v == value) {
            insatser.push((
                value,
                format!("{} {}", r.case_number, r.insats),
                filter.application == Some(r.id),
            ));
        }
    }
    let kinds = state
        .app
        .settings(association)
        .await?
        .settings
        .report_kinds
        .into_iter()
        .map(|k| {
            let chosen = filter.kind.as_deref() == Some(k.name.as_str());
            (k.name, chosen)
        })
        .collect();
    let rows: Vec<&ReportRow> = all
        .iter()
        .filter(mine)
        .filter(|r| filter.holds(r))
        .collect();
    let request = finsam_store::PageRequest::new(asked, REPORTS_PER_PAGE);
    let shown: Vec<ReportRow> = rows
        .iter()
        .skip(usize::try_from(request.offset()).unwrap_or(0))
        .take(usize::try_from(request.limit()).unwrap_or(0))
        .map(|r| (*r).clone())
        .collect();
    let query = vec![
        (
            "insats".to_owned(),
            filter
                .application
                .map_or(String::new(), |i| i.0.to_string()),
        ),
        (
            "rapport".to_owned(),
            filter.kind.clone().unwrap_or_default(),
        ),
        ("status".to_owned(), filter.state.word().to_owned()),
    ];
    let here = reports_url(association.id);
    let paged = finsam_store::Paged::<()> {
        items: Vec::new(),
        total: i64::try_from(rows.len()).unwrap_or(0),
        request,
    };
    let pager = crate::view::Pager::new(&paged, &here, &query);
    let mut back = query.clone();
    back.push(("sida".to_owned(), request.page.to_string()));
    let body = ReportsBody {
        csrf: super::budget::CSRF_SLOT,
        rows: report_views(&shown, association),
        insatser,
        kinds,
        states: ReportState::ALL
            .iter()
            .map(|(s, w, l)| (*w, *l, *s == filter.state))
            .collect(),
        query: serde_urlencoded::to_string(&back).unwrap_or_default(),
        can_receive,
        today: today.to_string(),
        total: rows.len(),
        pager,
        settings_url: format!("/forbund/{}/installningar", association.id.0),
        calendar_url: super::calendar::calendar_url(association.id),
        here,
        summary,
    };
    Ok(body.render()?)
}

async fn reports_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    q: &std::collections::BTreeMap<String, String>,
    form: Option<(Vec<(String, String)>, StatusCode)>,
) -> Result<Response, AppError> {
    let (association, role, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(a)?), Action::Read)
        .await?;
    let today = state.app.today();
    let filter = ReportFilter {
        application: q
            .get("insats")
            .and_then(|v| v.parse().ok())
            .map(ApplicationId),
        kind: q.get("rapport").filter(|k| !k.is_empty()).cloned(),
        state: ReportState::from_word(q.get("status").map_or("", String::as_str)),
    };
    let asked = crate::view::page_asked(q);
    let can_receive = allows(role, Action::Adopt, Resource::Application { own: false });
    let stamp = state.app.store().audit_stamp(association.id).await?;
    let (summary, status) = form.unwrap_or((Vec::new(), StatusCode::OK));
    let body = if summary.is_empty() {
        let key = (
            association.id.0,
            member.clone(),
            today,
            filter.clone(),
            asked,
            can_receive,
        );
        match state.report_bodies.get(&key, stamp) {
            Some(b) => b,
            None => {
                let b = reports_body(
                    state,
                    &association,
                    member.as_deref(),
                    (&filter, asked, can_receive),
                    (today, stamp),
                    Vec::new(),
                )
                .await?;
                state.report_bodies.put(&key, stamp, b)
            }
        }
    } else {
        std::sync::Arc::new(
            reports_body(
                state,
                &association,
                member.as_deref(),
                (&filter, asked, can_receive),
                (today, stamp),
                summary.clone(),
            )
            .await?,
        )
    };
    let layout = Layout::within(
        state,
        user,
        (&association, role),
        None,
        Here::Reports,
        "Rapporter från insatserna",
    )
    .await?;
    let body = std::sync::Arc::new(body.replace(super::budget::CSRF_SLOT, &layout.csrf));
    let page = ReportsPage {
        layout,
        summary,
        saved: q
            .contains_key("sparat")
            .then(|| "Rapporten är markerad som inkommen.".to_owned()),
        body,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Every report the förbund's insatser owe, filtered by insats, kind and state.
pub async fn reports(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    reports_page(&state, &user, &a, &q, None).await
}

/// Marks a report received; back to the table as it was filtered.
pub async fn receive(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    // The row's button names it: application, the period's last day, the kind.
    let mut fields = fields;
    let row = get(&fields, "rad").to_owned();
    if !row.is_empty() {
        let mut parts = row.splitn(3, '|');
        for name in ["ansokan", "period_slut", "rapport"] {
            let value = parts.next().unwrap_or_default().to_owned();
            fields.retain(|(k, _)| k != name);
            fields.push((name.to_owned(), value));
        }
    }
    let (association, _, stored) = state
        .app
        .authorize_application(
            user.user.id,
            AssociationId(id(&a)?),
            ApplicationId(id(get(&fields, "ansokan"))?),
            Action::Adopt,
        )
        .await?;
    let today = state.app.today();
    match state
        .app
        .receive_report(user.actor(), &association, &stored, &fields, today)
        .await
    {
        Ok(_) => {
            let kept: Vec<(&String, &String)> = q.iter().filter(|(k, _)| *k != "sparat").collect();
            let back = serde_urlencoded::to_string(&kept).unwrap_or_default();
            Ok(Redirect::to(&format!(
                "{}?{back}{}sparat=1",
                reports_url(association.id),
                if back.is_empty() { "" } else { "&" }
            ))
            .into_response())
        }
        Err(e) => {
            let (errors, status) = match e {
                FormError::Fields(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
                FormError::Conflict => (Vec::new(), StatusCode::CONFLICT),
                FormError::Store(e) => return Err(e.into()),
            };
            // The messages point at the day field.
            let errors = errors
                .into_iter()
                .map(|(_, m)| ("inkom".to_owned(), m))
                .collect();
            reports_page(&state, &user, &a, &q, Some((errors, status))).await
        }
    }
}

/// The overview's panel: the reports overdue or due within two weeks, at most `limit`, and how
/// many there are in all.
pub async fn reports_panel(
    state: &AppState,
    association: &Association,
    (today, stamp): (finsam_core::plan::Date, i64),
    limit: usize,
) -> Result<(Vec<ReportView>, usize), AppError> {
    let filter = ReportFilter::default();
    let all = state.app.reports_due_at(association, today, stamp).await?;
    let rows: Vec<ReportRow> = all.iter().filter(|r| filter.holds(r)).cloned().collect();
    let n = rows.len();
    Ok((report_views(&rows[..n.min(limit)], association), n))
}

/// A plan year of a what-if as the table shows it.
pub struct WhatIfRow {
    pub(super) year: i32,
    pub(super) asked: String,
    pub(super) without: String,
    pub(super) with: String,
    pub(super) recommended: String,
    pub(super) room_without: String,
    pub(super) room_with: String,
    /// `late` when the equity with the application falls below the floor.
    pub(super) class: &'static str,
}

/// A pending application's what-if as the pages show it.
pub struct WhatIfView {
    pub(super) plan_title: String,
    pub(super) floor: String,
    pub(super) band: String,
    pub(super) rows: Vec<WhatIfRow>,
    /// In one sentence: whether it fits, and where it does not.
    pub(super) verdict: String,
    pub(super) fits: bool,
    /// Years the application runs outside the plan, in words.
    pub(super) outside: String,
}

/// The what-if in words and rows.
pub fn what_if_view(p: &finsam_app::grants::PendingWhatIf) -> WhatIfView {
    let w = &p.what_if;
    let floor = w
        .years
        .first()
        .map_or(finsam_core::Money::ZERO, |y| y.floor);
    let below: Vec<String> = w
        .years
        .iter()
        .filter(|y| !y.within_floor())
        .map(|y| format!("{} ({})", y.year, kr_with_unit(y.with)))
        .collect();
    let verdict = if below.is_empty() {
        format!(
            "Beviljas ansökan som sökt stannar eget kapital på eller över {} alla planår.",
            kr_with_unit(floor)
        )
    } else {
        format!(
            "Beviljas ansökan som sökt hamnar eget kapital under {}: {}.",
            kr_with_unit(floor),
            below.join(", ")
        )
    };
    WhatIfView {
        plan_title: p.plan_title.clone(),
        floor: kr_with_unit(floor),
        band: w
            .band
            .map_or_else(String::new, |b| b.describe(kr_with_unit)),
        rows: w
            .years
            .iter()
            .map(|y| WhatIfRow {
                year: y.year,
                asked: kr_with_unit(y.asked),
                without: kr_with_unit(y.without),
                with: kr_with_unit(y.with),
                recommended: kr_with_unit(y.recommended_max),
                room_without: kr_with_unit(y.room_without),
                room_with: kr_with_unit(y.room_with),
                class: if y.within_floor() { "" } else { "late" },
            })
            .collect(),
        verdict,
        fits: w.fits(),
        outside: w
            .outside
            .iter()
            .map(|(y, m)| format!("{y}: {}", kr_with_unit(*m)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A pending application on the overview: its page, its name, and the what-if's verdict.
pub struct PendingView {
    pub(super) url: String,
    pub(super) what: String,
    pub(super) verdict: String,
    pub(super) fits: bool,
}

/// The overview's pending applications with their what-if.
pub async fn pending_views(
    state: &AppState,
    association: &Association,
    stamp: i64,
) -> Result<Vec<PendingView>, AppError> {
    Ok(state
        .app
        .pending_what_ifs_at(association, stamp)
        .await?
        .iter()
        .map(|p| {
            let v = what_if_view(&p.what_if);
            PendingView {
                url: format!("/forbund/{}/insatser/{}", association.id.0, p.id.0),
                what: format!("{} ({})", p.insats, p.case_number),
                verdict: v.verdict,
                fits: v.fits,
            }
        })
        .collect())
}
