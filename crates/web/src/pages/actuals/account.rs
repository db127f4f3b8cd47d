//! One account's voucher rows in a fiscal year.

use super::*;

#[derive(Template)]
#[template(path = "account_rows.html")]
pub(super) struct AccountPage {
    layout: Layout,
    association: Association,
    back: String,
    /// Where the account's money goes in the follow-up, in words.
    goes_to: String,
    /// "Kontot har 1 234 kr …" when it has money and no place.
    unmapped: Option<String>,
    /// After the account's rule was saved here.
    saved: Option<String>,
    /// The per-account mapping form, for those who may edit the mapping.
    can_edit: bool,
    row_version: i64,
    choices: super::mapping::TargetChoices,
    acct: String,
    own: String,
    from_account: bool,
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
    let (mapping, row_version, _) = state.app.mapping(&association).await?;
    let ctx = state
        .app
        .follow_up_context(&association, y)
        .await
        .map_err(AppError::Internal)?
        .ok_or(AppError::NotFound)?;
    let unmapped = ctx
        .unmapped()
        .map_err(AppError::Uncomputable)?
        .into_iter()
        .find(|u| u.account == account)
        .map(|u| {
            format!(
                "Kontot har {} kr under året men hör inte till någon budgetrad eller kategori, så beloppet saknas i uppföljningen mot budget.",
                kr(u.amount)
            )
        });
    let label = finsam_core::actuals::followup::category_label;
    let goes_to = match mapping.target(&account) {
        Some(t) => {
            let how = if t.explicit {
                "egen regel"
            } else {
                "kontoplanens standard"
            };
            match t.line {
                Some(line) => format!(
                    "Budgetraden {line} ({}), enligt {how}.",
                    label(t.category).to_lowercase()
                ),
                None => format!(
                    "Kategorin {}, enligt {how}.",
                    label(t.category).to_lowercase()
                ),
            }
        }
        None => "Ingen budgetrad eller kategori.".to_owned(),
    };
    let plan = state.app.adopted_plan(&association, y).await?;
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
        goes_to,
        unmapped,
        saved: query
            .contains_key("kopplad")
            .then(|| super::mapping::where_it_goes(&mapping, &account)),
        can_edit: allows(role, Action::Edit, Resource::Actuals),
        row_version,
        choices: super::mapping::TargetChoices::of(plan.as_deref()),
        own: super::mapping::own_rule(&mapping, &account),
        acct: account.clone(),
        from_account: true,
        association: association.clone(),
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
