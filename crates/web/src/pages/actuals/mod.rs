//! The follow-up pages: the association's imported fiscal years and the SIE upload, the
//! follow-up of a period, an account's voucher rows, the forecast figures and the account mapping.

use std::collections::BTreeSet;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use finsam_core::Money;
use finsam_core::actuals::{BudgetSource, Chart, FollowUp, Mapping, PeriodSpec, StatementLine};
use finsam_core::format::{kr, percent};
use finsam_store::{Association, LedgerImport, Role};

use super::{Here, Layout, association_for};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use finsam_app::actuals::{Context, ImportError, Upload};
use finsam_app::{Action, Resource, allows};

mod account;
pub use account::ROWS_PER_PAGE;
mod follow_up;
mod imports;
mod mapping;

pub use account::account;
pub use follow_up::{Bodies as FollowUpBodies, export, follow_up, save_forecast};
use imports::day_of;
pub use imports::{import, overview};
pub use mapping::{mapping, save_account_rule, save_mapping};

pub(super) fn base(a: &Association) -> String {
    format!("/forbund/{}/uppfoljning", a.id.0)
}

/// The frame of a follow-up page below the overview: under Uppföljning in the navigation and
/// in the breadcrumbs.
pub(super) async fn layout(
    state: &AppState,
    user: &CurrentUser,
    (association, role): (&Association, Role),
    title: impl Into<String>,
) -> Result<Layout, AppError> {
    Ok(Layout::within(
        state,
        user,
        (association, role),
        None,
        Here::FollowUp,
        title,
    )
    .await?
    .crumb("Uppföljning", base(association)))
}

pub(super) async fn load_context(
    state: &AppState,
    association: &Association,
    year: &str,
) -> Result<(std::sync::Arc<Context>, i32), AppError> {
    let year: i32 = year.parse().map_err(|_| AppError::NotFound)?;
    let ctx = state
        .app
        .follow_up_context(association, year)
        .await
        .map_err(AppError::Internal)?
        .ok_or(AppError::NotFound)?;
    Ok((ctx, year))
}

/// The newest imported fiscal year, if any.
pub(super) async fn latest_year(
    state: &AppState,
    association: &Association,
) -> Result<Option<i32>, AppError> {
    Ok(state
        .app
        .store()
        .ledger_imports(association.id)
        .await?
        .first()
        .map(|i| i.fiscal_year))
}

pub(super) fn plan_lines(plan: &finsam_core::Plan) -> BTreeSet<String> {
    plan.budget
        .sections
        .iter()
        .flat_map(|s| s.lines.iter().map(|l| l.name.clone()))
        .collect()
}
