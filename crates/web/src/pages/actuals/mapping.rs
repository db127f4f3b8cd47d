//! The account mapping: which accounts go to which budget line or category.

use super::*;

/// An account as the mapping page lists it: where it goes now.
pub struct MappedAccount {
    /// The account's voucher rows in the latest year.
    pub url: String,
    pub account: String,
    pub name: String,
    pub category: String,
    pub line: String,
    pub rule: &'static str,
}

#[derive(Template)]
#[template(path = "mapping.html")]
pub(super) struct MappingPage {
    layout: Layout,
    association: Association,
    action: String,
    chart: String,
    charts: Vec<(&'static str, &'static str)>,
    rules: String,
    row_version: i64,
    accounts: Vec<MappedAccount>,
    lines: Vec<String>,
    can_edit: bool,
    errors: Vec<String>,
    saved: bool,
}

pub(super) async fn mapping_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    draft: Option<(String, String, i64)>,
    errors: Vec<String>,
    saved: bool,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let (mapping, row_version, text) = state.app.mapping(&association).await?;
    let latest = latest_year(state, &association).await?;
    let mut accounts = Vec::new();
    let mut lines = Vec::new();
    if let Some(y) = latest {
        if let Some((_, data)) = state.app.store().ledger(association.id, y).await? {
            for (no, name) in &data.accounts {
                if matches!(
                    mapping.chart.classify(no),
                    finsam_core::actuals::mapping::Class::Balance(_)
                ) {
                    continue;
                }
                let t = mapping.target(no);
                accounts.push(MappedAccount {
                    url: format!("{}/{y}/konto/{no}", base(&association)),
                    account: no.clone(),
                    name: name.clone(),
                    category: t
                        .as_ref()
                        .map(|t| {
                            finsam_core::actuals::followup::category_label(t.category).to_owned()
                        })
                        .unwrap_or_else(|| "Okopplat".into()),
                    line: t.as_ref().and_then(|t| t.line.clone()).unwrap_or_default(),
                    rule: match &t {
                        Some(t) if t.explicit => "egen regel",
                        Some(_) => "kontoplanens standard",
                        None => "saknas",
                    },
                });
            }
        }
        if let Some(plan) = state.app.adopted_plan(&association, y).await? {
            lines = plan_lines(&plan).into_iter().collect();
        }
    }
    let (chart, rules, row_version) =
        draft.unwrap_or((mapping.chart.word().to_owned(), text, row_version));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MappingPage {
        layout: layout(state, user, (&association, role), "Kontokoppling").await?,
        action: format!("/forbund/{}/kontokoppling", association.id.0),
        association,
        chart,
        charts: vec![
            (Chart::KommunBas.word(), Chart::KommunBas.label()),
            (Chart::Bas.word(), Chart::Bas.label()),
        ],
        rules,
        row_version,
        accounts,
        lines,
        can_edit: allows(role, Action::Edit, Resource::Actuals),
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `?sparad=1` after a save.
#[derive(Debug, serde::Deserialize)]
pub struct SavedQuery {
    sparad: Option<String>,
}

/// The account mapping: the chart, the rules, and where every account of the latest import goes.
pub async fn mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    mapping_page(&state, &user, &a, None, Vec::new(), q.sparad.is_some()).await
}

/// The mapping form.
#[derive(Debug, serde::Deserialize)]
pub struct MappingForm {
    kontoplan: String,
    regler: String,
    row_version: String,
}

/// Saves the mapping; rules that do not read are refused line by line and the text is kept.
pub async fn save_mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Form(form): Form<MappingForm>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Actuals).await?;
    let row_version: i64 = form.row_version.trim().parse().unwrap_or(-1);
    let draft = Some((form.kontoplan.clone(), form.regler.clone(), row_version));
    let Some(chart) = Chart::from_word(&form.kontoplan) else {
        return mapping_page(
            &state,
            &user,
            &a,
            draft,
            vec!["Välj Kommun-Bas eller BAS som kontoplan.".into()],
            false,
        )
        .await;
    };
    let latest = latest_year(&state, &association).await?;
    let known = match latest {
        Some(y) => state
            .app
            .adopted_plan(&association, y)
            .await?
            .map(|p| plan_lines(&p)),
        None => None,
    };
    // The rules are checked here and saved as written, comments included.
    if let Err(errs) = Mapping::parse_rules(&form.regler, known.as_ref()) {
        let msgs = errs
            .iter()
            .map(|e| format!("Rad {}: {}", e.line, e.message))
            .collect();
        return mapping_page(&state, &user, &a, draft, msgs, false).await;
    }
    let text = form.regler.replace("\r\n", "\n");
    match state
        .app
        .store()
        .save_mapping(user.actor(), association.id, row_version, chart.word(), &text)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/forbund/{}/kontokoppling?sparad=1", association.id.0)).into_response()),
        Err(finsam_store::StoreError::Conflict { current }) => {
            mapping_page(
                &state,
                &user,
                &a,
                Some((form.kontoplan, form.regler, current)),
                vec!["Någon annan har sparat kontokopplingen medan du ändrade. Din text finns kvar nedan; jämför med den sparade (ladda om sidan i en ny flik) och spara igen.".into()],
                false,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
