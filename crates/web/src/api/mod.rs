//! The JSON API: the same resources and the same authorization as the pages, documented as
//! OpenAPI at `/api/openapi.json`. Mutations carry the session's CSRF token in `X-CSRF-Token`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use finsam_core::actuals::FollowUp;
use finsam_core::{check, compute};
use finsam_store::{Association, AssociationId, Role, StoreError, VersionId};
use serde_json::{Value, json};

mod openapi;
mod responses;

use responses::*;

use crate::AppState;
use crate::auth::CurrentUser;
use finsam_app::plans::PlanImportError;
use finsam_app::{Action, Resource};

use crate::error::{AppError, ProblemItem};
use crate::pages::{PlanRequest, authorize};

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi::openapi))
        .route("/api/forbund", get(associations))
        .route("/api/forbund/{a}/versioner", get(versions))
        .route("/api/forbund/{a}/versioner/{v}", get(version))
        .route("/api/forbund/{a}/versioner/{v}/planfil", put(put_document))
        .route(
            "/api/forbund/{a}/uppfoljning",
            get(ledger_imports).post(import_sie),
        )
        .route("/api/forbund/{a}/uppfoljning/{y}", get(follow_up))
        .route("/api/forbund/{a}/kontokoppling", get(mapping))
        .route("/api/forbund/{a}/logg", get(audit_log))
        .route("/api/forbund/{a}/ansokningar", get(applications))
        .route("/api/forbund/{a}/ansokningar/{i}", get(application))
        .route("/api/forbund/{a}/installningar", get(settings))
        .route("/api/forbund/{a}/moten", get(meetings))
        .route("/api/forbund/{a}/moten/{d}", get(meeting))
        .route(
            "/api/forbund/{a}/ansokningar/{i}/utbetalningar",
            get(disbursements),
        )
        .route("/api/forbund/{a}/rapporter", get(reports_due))
        .route("/api/forbund/{a}/kalender", get(calendar))
        .route(
            "/api/forbund/{a}/uppfoljning/{y}/konto/{k}",
            get(account_rows),
        )
}

async fn ledger_imports(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let aid = AssociationId(id(&a)?);
    association(&state, &user, &a, Action::Read, Resource::Actuals).await?;
    let imports = state.app.store().ledger_imports(aid).await?;
    let items: Vec<ImportItem> = imports
        .iter()
        .map(|i| ImportItem {
            fiscal_year: i.fiscal_year,
            file_name: &i.file_name,
            sha256: &i.file_sha256,
            program: i.program.as_deref(),
            generated: i.generated.map(|d| d.to_string()),
            imported_at: i.imported_at,
            row_count: i.row_count,
            notes: &i.notes,
        })
        .collect();
    Ok(Json(json!(items)))
}

/// `?period=h1`.
#[derive(Debug, serde::Deserialize)]
struct PeriodQuery {
    period: Option<String>,
    /// `sie` or `plan`: the budget to compare with (the default as on the page).
    budget: Option<String>,
}

async fn follow_up(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((a, y)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<PeriodQuery>,
) -> Result<Json<FollowUp>, ApiError> {
    let (association, _) = association(&state, &user, &a, Action::Read, Resource::Actuals).await?;
    let year: i32 = y.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let ctx = state
        .app
        .follow_up_context(&association, year)
        .await
        .map_err(|e| ApiError(AppError::Internal(e)))?
        .ok_or(ApiError(AppError::NotFound))?;
    let (_, period) = ctx
        .resolve(q.period.as_deref())
        .map_err(|e| ApiError(AppError::BadRequest(e)))?;
    let budget = q
        .budget
        .as_deref()
        .and_then(finsam_core::actuals::BudgetSource::from_word);
    let f = ctx
        .follow_up(period, budget)
        .map_err(|e| ApiError(AppError::Uncomputable(e)))?;
    Ok(Json(f.as_ref().clone()))
}

/// `?sida=&per_sida=` and the list's own filters.
type ListQuery = axum::extract::Query<std::collections::BTreeMap<String, String>>;

fn page_of(
    q: &std::collections::BTreeMap<String, String>,
    default: u32,
) -> finsam_store::PageRequest {
    let per = q
        .get("per_sida")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default);
    finsam_store::PageRequest::new(crate::view::page_asked(q), per)
}

async fn audit_log(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
    axum::extract::Query(q): ListQuery,
) -> Result<Json<AuditPageReport>, ApiError> {
    let (association, _) = association(&state, &user, &a, Action::Read, Resource::AuditLog).await?;
    let filter = crate::pages::audit_filter(&q).map_err(|e| ApiError(AppError::BadRequest(e)))?;
    let found = state
        .app
        .store()
        .audit_page(
            association.id,
            &filter,
            page_of(&q, crate::pages::AUDIT_PER_PAGE),
        )
        .await?;
    Ok(Json(AuditPageReport {
        page: PageInfo::of(&found),
        items: found
            .items
            .into_iter()
            .map(|e| AuditItem {
                id: e.entry.id,
                at: e.entry.at,
                user: e.username,
                action: e.entry.action,
                summary: e.entry.summary,
            })
            .collect(),
    }))
}

/// The förbund's applications, newest first; an insatsägare's own only.
async fn applications(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
    axum::extract::Query(q): ListQuery,
) -> Result<Json<ApplicationPage>, ApiError> {
    let (association, _, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(&a)?), Action::Read)
        .await
        .map_err(|e| ApiError(e.into()))?;
    let found = state
        .app
        .applications(&association, member.as_deref(), page_of(&q, 50))
        .await?;
    Ok(Json(ApplicationPage {
        page: PageInfo::of(&found),
        items: found
            .items
            .into_iter()
            .map(|h| ApplicationItem {
                id: h.id.0,
                case_number: h.case_number,
                insats: h.insats,
                owner: h.owner,
                state: h.state,
                submitted: h.submitted.to_string(),
                row_version: h.row_version,
            })
            .collect(),
    }))
}

/// One application with its insats and history; another member's is not found for an
/// insatsägare.
async fn application(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((a, i)): Path<(String, String)>,
) -> Result<Json<ApplicationReport>, ApiError> {
    let (_, _, stored) = state
        .app
        .authorize_application(
            user.user.id,
            AssociationId(id(&a)?),
            finsam_store::ApplicationId(id(&i)?),
            Action::Read,
        )
        .await
        .map_err(|e| ApiError(e.into()))?;
    Ok(Json(ApplicationReport {
        id: stored.id.0,
        state: stored.case.state(),
        granted: stored
            .case
            .granted()
            .map(|m| m.iter().map(|(y, v)| (y.to_string(), *v)).collect()),
        case_number: stored.case_number,
        insats: stored.insats,
        case: stored.case,
        continuation: stored.continuation,
        row_version: stored.row_version,
    }))
}

async fn settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
) -> Result<Json<SettingsReport>, ApiError> {
    let (association, _) =
        association(&state, &user, &a, Action::Read, Resource::Association).await?;
    let stored = state.app.settings(&association).await?;
    Ok(Json(SettingsReport {
        settings: stored.settings,
        row_version: stored.row_version,
    }))
}

/// `?ar=2024`, and the reports' filters.
#[derive(Debug, Default, serde::Deserialize)]
struct YearQuery {
    ar: Option<i32>,
    insats: Option<i64>,
    rapport: Option<String>,
    status: Option<String>,
}

async fn disbursements(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((a, i)): Path<(String, String)>,
) -> Result<Json<DisbursementsReport>, ApiError> {
    let (association, _, stored, _) = state
        .app
        .authorize_application_at(
            user.user.id,
            AssociationId(id(&a)?),
            finsam_store::ApplicationId(id(&i)?),
            Action::Read,
        )
        .await
        .map_err(AppError::from)?;
    let money = state.app.grant_money(&association, &stored).await?;
    let s = &money.summary;
    let day = |d: Option<finsam_core::plan::Date>| d.map(|d| d.to_string());
    Ok(Json(DisbursementsReport {
        granted: s.granted,
        requested: s.requested,
        approved: s.approved,
        paid: s.paid,
        left: s.left(),
        years: s
            .years
            .iter()
            .map(|y| DisbursementYear {
                year: y.year,
                granted: y.granted,
                paid: y.paid,
            })
            .collect(),
        items: money
            .items
            .iter()
            .map(|d| DisbursementItem {
                id: d.id,
                requested: d.disbursement.requested.to_string(),
                amount: d.disbursement.amount,
                approved: day(d.disbursement.approved),
                paid: day(d.disbursement.paid),
                stage: d.disbursement.stage(),
                note: d.disbursement.note.clone(),
            })
            .collect(),
        warning: money.warning.map(|w| w.message),
    }))
}

async fn reports_due(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
    axum::extract::Query(q): axum::extract::Query<YearQuery>,
) -> Result<Json<ReportsDueReport>, ApiError> {
    use finsam_app::grants::{ReportFilter, ReportState};
    use finsam_core::insats::deadlines::Standing;
    let (association, _, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(&a)?), Action::Read)
        .await
        .map_err(AppError::from)?;
    let filter = ReportFilter {
        application: q.insats.map(finsam_store::ApplicationId),
        kind: q.rapport.filter(|k| !k.is_empty()),
        state: ReportState::from_word(q.status.as_deref().unwrap_or("")),
    };
    let rows = state
        .app
        .reports_filtered(&association, member.as_deref(), &filter, state.app.today())
        .await?;
    Ok(Json(ReportsDueReport {
        reports: rows
            .into_iter()
            .map(|r| {
                let (standing, days_late) = match r.standing {
                    Standing::Overdue(n) => ("forsenad", Some(n)),
                    Standing::DueSoon(n) => ("snart", Some(-n)),
                    Standing::Later => ("senare", None),
                    Standing::MetInTime => ("i-tid", None),
                    Standing::MetLate => ("sent", None),
                };
                ReportDueItem {
                    application: r.id.0,
                    case_number: r.case_number,
                    insats: r.insats,
                    kind: r.report.kind.clone(),
                    from: r.report.from.to_string(),
                    to: r.report.to.to_string(),
                    due: r.report.due.to_string(),
                    received: r.received.map(|d| d.to_string()),
                    standing,
                    days_late,
                }
            })
            .collect(),
    }))
}

async fn calendar(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
    axum::extract::Query(q): axum::extract::Query<YearQuery>,
) -> Result<Json<finsam_core::report::calendar::Calendar>, ApiError> {
    let (association, role, member) = state
        .app
        .authorize_applications(user.user.id, AssociationId(id(&a)?), Action::Read)
        .await
        .map_err(AppError::from)?;
    let today = state.app.today();
    let year = q.ar.unwrap_or(today.year());
    let day = |m, d| {
        finsam_core::plan::Date::from_calendar_date(year, m, d)
            .map_err(|_| ApiError(AppError::NotFound))
    };
    let range = (
        day(time::Month::January, 1)?,
        day(time::Month::December, 31)?,
    );
    Ok(Json(
        state
            .app
            .calendar(&association, (role, member.as_deref()), range, today)
            .await?,
    ))
}

async fn meetings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
) -> Result<Json<MeetingsReport>, ApiError> {
    let (association, _) =
        association(&state, &user, &a, Action::Read, Resource::Association).await?;
    let meetings = state.app.meetings(&association).await?;
    Ok(Json(MeetingsReport {
        meetings: meetings.iter().map(|m| m.meeting.clone()).collect(),
    }))
}

async fn meeting(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((a, d)): Path<(String, String)>,
) -> Result<Json<MeetingReport>, ApiError> {
    use finsam_app::settings::MeetingItem;
    let (association, _) =
        association(&state, &user, &a, Action::Read, Resource::Association).await?;
    let on = finsam_core::insats::serial::parse_day(&d).ok_or(ApiError(AppError::NotFound))?;
    let (meeting, items) = state
        .app
        .meeting_record(&association, on)
        .await?
        .ok_or(ApiError(AppError::NotFound))?;
    let decisions = items
        .into_iter()
        .map(|item| {
            let (paragraph, what) = (item.paragraph(), item.what());
            match item {
                MeetingItem::Application {
                    id,
                    case_number,
                    number,
                    decision,
                    ..
                } => MeetingDecision {
                    paragraph,
                    application: Some(id.0),
                    what,
                    case_number: Some(case_number),
                    number: Some(number),
                    decision: Some(decision),
                    version: None,
                },
                MeetingItem::Plan(v) => MeetingDecision {
                    paragraph,
                    application: None,
                    case_number: None,
                    number: None,
                    decision: None,
                    version: Some(v.head.id.0),
                    what,
                },
            }
        })
        .collect();
    Ok(Json(MeetingReport {
        meeting: meeting.meeting,
        decisions,
    }))
}

async fn account_rows(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((a, y, k)): Path<(String, String, String)>,
    axum::extract::Query(q): ListQuery,
) -> Result<Json<AccountRowsReport>, ApiError> {
    let (association, _) = association(&state, &user, &a, Action::Read, Resource::Actuals).await?;
    let year: i32 = y.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let found = state
        .app
        .store()
        .account_rows(
            association.id,
            year,
            &k,
            page_of(&q, crate::pages::ROWS_PER_PAGE),
        )
        .await?;
    Ok(Json(AccountRowsReport {
        account: k,
        sum: found.sum,
        page: PageInfo::of(&found.page),
        rows: found
            .page
            .items
            .into_iter()
            .map(|r| VoucherRowItem {
                date: r.date.to_string(),
                voucher: r.voucher,
                text: r.text,
                amount: r.amount,
            })
            .collect(),
    }))
}

async fn mapping(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (association, _) = association(&state, &user, &a, Action::Read, Resource::Actuals).await?;
    let (m, row_version, text) = state.app.mapping(&association).await?;
    Ok(Json(json!(MappingReport {
        chart: m.chart.word(),
        row_version,
        text: &text,
        rules: m
            .rules
            .iter()
            .map(|r| MappingRule {
                from: r.from,
                to: r.to,
                category: r.category.word(),
                line: r.line.as_deref(),
            })
            .collect(),
    })))
}

/// `?ar=2024&bekrafta=1&filnamn=x.se`.
#[derive(Debug, serde::Deserialize)]
struct ImportQuery {
    ar: Option<i32>,
    bekrafta: Option<String>,
    filnamn: Option<String>,
}

async fn import_sie(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ImportQuery>,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    let (association, _) =
        association(&state, &user, &a, Action::Import, Resource::Actuals).await?;
    let received = crate::upload::body_to_file(body, finsam_app::actuals::MAX_UPLOAD).await?;
    let upload = finsam_app::actuals::Upload {
        path: received.file.path().to_owned(),
        file_name: q.filnamn.unwrap_or_else(|| "api.se".into()),
        fiscal_year: q.ar,
        confirmed: q.bekrafta.is_some_and(|v| v == "1" || v == "ja"),
    };
    match state
        .app
        .import_sie(
            user.actor(),
            &association,
            upload,
            std::sync::Arc::new(|_: &str, _, _| {}),
        )
        .await
    {
        Ok(report) => {
            let (status, word) = match &report.outcome {
                finsam_store::ImportOutcome::Created(_) => (StatusCode::CREATED, "importerad"),
                finsam_store::ImportOutcome::Replaced { .. } => (StatusCode::CREATED, "ersatt"),
                finsam_store::ImportOutcome::Unchanged(_) => (StatusCode::OK, "oforandrad"),
            };
            Ok((
                status,
                Json(json!({
                    "resultat": word, "ar": report.fiscal_year,
                    "meddelande": report.sentence(), "att_notera": report.notes,
                })),
            )
                .into_response())
        }
        Err(finsam_app::actuals::ImportError::Store(e)) => Err(e.into()),
        Err(e) => Err(ApiError(AppError::Unprocessable {
            title: "SIE-filen importerades inte",
            message: "Ingenting har ändrats. Rätta filen, eller bekräfta med bekrafta=1 om den ändå gäller förbundet och året.".to_owned(),
            needs_confirmation: Some(matches!(e, finsam_app::actuals::ImportError::Mismatch(_))),
            items: e
                .messages()
                .into_iter()
                .map(|message| ProblemItem {
                    line: None,
                    column: None,
                    message,
                })
                .collect(),
        })),
    }
}

/// An API error: the same cases as the pages, as JSON.
struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.problem()
    }
}

/// Like [`CurrentUser`], but a missing login is a 401 JSON answer, not a redirect.
struct ApiUser(CurrentUser);

impl axum::extract::FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<ApiUser, ApiError> {
        CurrentUser::from_request_parts(parts, state)
            .await
            .map(ApiUser)
            .map_err(ApiError)
    }
}

/// Like [`PlanRequest`], but a missing login is a 401 JSON answer, not a redirect.
struct ApiPlanRequest(PlanRequest);

impl axum::extract::FromRequestParts<AppState> for ApiPlanRequest {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<ApiPlanRequest, ApiError> {
        PlanRequest::from_request_parts(parts, state)
            .await
            .map(ApiPlanRequest)
            .map_err(ApiError)
    }
}

/// The association in the path, if the user may do `action` on `resource` there.
async fn association(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    action: Action,
    resource: Resource,
) -> Result<(Association, Role), ApiError> {
    Ok(authorize(state, user, AssociationId(id(a)?), action, resource).await?)
}

/// `utkast` or `beslutad`.
fn status_word(v: &finsam_store::VersionHead) -> &'static str {
    if v.adoption.is_some() {
        "beslutad"
    } else {
        "utkast"
    }
}

fn id(s: &str) -> Result<i64, ApiError> {
    s.parse().map_err(|_| ApiError(AppError::NotFound))
}

async fn associations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let items = state.app.store().associations_for(user.user.id).await?;
    let list: Vec<AssociationItem> = items
        .iter()
        .map(|(a, r)| AssociationItem {
            id: a.id.0,
            name: &a.name,
            org_number: &a.org_number,
            role: r.word(),
        })
        .collect();
    Ok(Json(json!(list)))
}

/// Versions per page of `GET …/versioner` unless `per_sida` says otherwise.
const VERSIONS_PER_PAGE: u32 = 100;

async fn versions(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(a): Path<String>,
    axum::extract::Query(q): ListQuery,
) -> Result<Response, ApiError> {
    let aid = AssociationId(id(&a)?);
    association(&state, &user, &a, Action::Read, Resource::Plan).await?;
    let found = state
        .app
        .store()
        .versions_page(aid, page_of(&q, VERSIONS_PER_PAGE))
        .await?;
    let list: Vec<VersionItem> = found
        .items
        .iter()
        .map(|v| VersionItem {
            id: v.id.0,
            title: &v.title,
            number: v.number,
            status: status_word(v),
            row_version: v.row_version,
            decision: v.adoption.as_ref().map(|d| Decision {
                on: d.on.to_string(),
                meeting: &d.meeting,
                decision: &d.decision,
            }),
        })
        .collect();
    // A plain list, as before; the whole list's length in a header.
    let mut res = Json(json!(list)).into_response();
    res.headers_mut()
        .insert("x-total-count", axum::http::HeaderValue::from(found.total));
    Ok(res)
}

async fn version(
    State(state): State<AppState>,
    ApiPlanRequest(req): ApiPlanRequest,
) -> Result<Response, ApiError> {
    let l = req.load(&state, Action::Read).await.map_err(ApiError)?;
    // The same for every reader of the version until it changes (its row version with it).
    let body = state
        .version_json
        .get_or_build(l.version.id.0, l.version.row_version, || {
            version_report(&l.version, &l.plan).map(axum::body::Bytes::from)
        })
        .map_err(ApiError)?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        // A clone of the cached bytes is a reference count, not a copy.
        (*body).clone(),
    )
        .into_response())
}

/// The JSON of `GET …/versioner/{v}`.
fn version_report(
    version: &finsam_store::VersionHead,
    plan: &finsam_core::Plan,
) -> Result<String, AppError> {
    let fig = compute(plan).map_err(|e| AppError::Uncomputable(e.to_string()))?;
    let findings = check(plan, &fig);
    let sections = plan
        .budget
        .sections
        .iter()
        .zip(&fig.sections)
        .map(|(s, f)| Section {
            name: &s.name,
            sums: &f.sums,
            lines: s
                .lines
                .iter()
                .zip(&f.lines)
                .map(|(l, amounts)| SectionLine {
                    name: &l.name,
                    category: l.category.word(),
                    amounts,
                })
                .collect(),
        })
        .collect();
    let body = VersionReport {
        id: version.id.0,
        title: &version.title,
        number: version.number,
        status: status_word(version),
        row_version: version.row_version,
        unit: "öre",
        years: &fig.years,
        sections,
        key_figures: &fig.per_year,
        findings: &findings,
    };
    serde_json::to_string(&body).map_err(|e| AppError::Internal(e.to_string()))
}

/// Replaces a draft's whole plan file. `If-Match` must carry the row version the client read;
/// a newer save gives 409 with the current row version, never an overwrite.
async fn put_document(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((a, v)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    let (association, _) = association(&state, &user, &a, Action::Edit, Resource::Plan).await?;
    // Read only once the role allows it (the gate in csrf.rs has limited it).
    let bytes = axum::body::to_bytes(body, crate::MAX_BODY)
        .await
        .map_err(|_| crate::upload::too_large(crate::MAX_BODY))?;
    let body = String::from_utf8(bytes.to_vec())
        .map_err(|_| AppError::BadRequest("Planfilen ska vara text i UTF-8.".to_owned()))?;
    let vid = VersionId(id(&v)?);
    let expected: i64 = headers
        .get("if-match")
        .and_then(|h| h.to_str().ok())
        .and_then(|s| s.trim_matches('"').parse().ok())
        .ok_or_else(|| {
            ApiError(AppError::BadRequest(
                "Ange radversionen du utgick från i If-Match.".into(),
            ))
        })?;
    match state
        .app
        .replace_document(user.actor(), &association, vid, expected, body)
        .await
    {
        Ok(v) => Ok(Json(json!(Saved {
            id: v.id.0,
            row_version: v.row_version
        }))
        .into_response()),
        Err(PlanImportError::Unreadable(errors)) => Err(ApiError(AppError::Unprocessable {
            title: "Planfilen kunde inte läsas",
            message: "Ingenting har ändrats. Rätta felen och skicka planfilen igen.".to_owned(),
            items: errors
                .into_iter()
                .map(|e| ProblemItem {
                    line: e.at.map(|(l, _)| l),
                    column: e.at.map(|(_, c)| c),
                    message: e.message,
                })
                .collect(),
            needs_confirmation: None,
        })),
        Err(PlanImportError::OtherAssociation(m) | PlanImportError::NameOnly(m)) => {
            Err(ApiError(AppError::Unprocessable {
                title: "Planfilen gäller ett annat förbund",
                message: m,
                items: Vec::new(),
                needs_confirmation: None,
            }))
        }
        Err(PlanImportError::Store(StoreError::Adopted)) => Err(ApiError(AppError::BadRequest(
            "Versionen är beslutad och kan inte ändras.".into(),
        ))),
        Err(PlanImportError::Store(e)) => Err(e.into()),
    }
}
