//! One account's voucher rows in a fiscal year.

use super::*;

#[derive(Template)]
#[template(path = "account_rows.html")]
pub(super) struct AccountPage {
    layout: Layout,
    back: String,
    rows: Vec<(String, String, String, String)>,
    sum: String,
    pager: crate::view::Pager,
}

/// Voucher rows on one page of an account.
pub const ROWS_PER_PAGE: u32 = 200;

/// The voucher rows of one account in the fiscal year: where a deviation comes from.
pub async fn account(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, year, account)): Path<(String, String, String)>,
    axum::extract::Query(query): axum::extract::Query<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(&state, &user, &a, Action::Read, Resource::Actuals).await?;
    let y: i32 = year.parse().map_err(|_| AppError::NotFound)?;
    let Some((_, ledger)) = state.app.store().ledger(association.id, y).await? else {
        return Err(AppError::NotFound);
    };
    let name = ledger.accounts.get(&account).cloned().unwrap_or_default();
    let asked = finsam_store::PageRequest::new(crate::view::page_asked(&query), ROWS_PER_PAGE);
    let rows = state
        .app
        .store()
        .account_rows(association.id, y, &account, asked)
        .await?;
    let here = format!("{}/{y}/konto/{account}", base(&association));
    let pager = crate::view::Pager::new(&rows.page, &here, &[]);
    let page = AccountPage {
        layout: layout(
            &state,
            &user,
            (&association, role),
            format!("Konto {account} {name}, {y}"),
        )
        .await?
        .crumb(
            format!("Uppföljning {y}"),
            format!("{}/{y}", base(&association)),
        ),
        back: format!("{}/{y}", base(&association)),
        rows: rows
            .page
            .items
            .into_iter()
            .map(|r| (r.date.to_string(), r.voucher, r.text, kr(r.amount)))
            .collect(),
        sum: kr(rows.sum),
        pager,
    };
    Ok(Html(page.render()?).into_response())
}
