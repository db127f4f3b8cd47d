//! The account mapping: which accounts go to which budget line or category.

use super::*;

/// An account as the mapping page lists it: where it goes now, and its own rule as the
/// per-account form's choice.
pub struct MappedAccount {
    /// The account's voucher rows in the latest year.
    pub url: String,
    pub account: String,
    pub name: String,
    pub category: String,
    pub line: String,
    pub rule: &'static str,
    /// The value of the account's own one-account rule among the choices, or empty.
    pub own: String,
    /// Money in the year and no place: in the list of unmapped accounts.
    pub unmapped: bool,
}

/// What an account can be mapped to, for the per-account forms: every category alone and every
/// budget line of the plan, as `(value, label)`; the value is `category|line`.
pub struct TargetChoices {
    pub categories: Vec<(String, String)>,
    pub lines: Vec<(String, String)>,
}

impl TargetChoices {
    pub(super) fn of(plan: Option<&finsam_core::Plan>) -> TargetChoices {
        let label = finsam_core::actuals::followup::category_label;
        let mut lines: Vec<(String, String)> = plan
            .iter()
            .flat_map(|p| p.budget.sections.iter().flat_map(|s| &s.lines))
            .map(|l| {
                (
                    format!("{}|{}", l.category.word(), l.name),
                    format!("{} ({})", l.name, label(l.category).to_lowercase()),
                )
            })
            .collect();
        lines.sort();
        lines.dedup();
        TargetChoices {
            categories: finsam_core::Category::ALL
                .iter()
                .map(|(c, w)| (format!("{w}|"), format!("{} (hela kategorin)", label(*c))))
                .collect(),
            lines,
        }
    }
}

/// The value of an account's own one-account rule among the choices, or empty.
pub(super) fn own_rule(mapping: &Mapping, account: &str) -> String {
    let Ok(no) = account.parse::<u32>() else {
        return String::new();
    };
    mapping
        .rules
        .iter()
        .rev()
        .find(|r| r.from == no && r.to == no)
        .map(|r| format!("{}|{}", r.category.word(), r.line.as_deref().unwrap_or("")))
        .unwrap_or_default()
}

/// An unmapped account as the notices name it: "8910 Skatt (1 234 kr)".
pub(super) fn unmapped_label(u: &finsam_core::actuals::Unmapped) -> String {
    match &u.name {
        Some(n) => format!("{} {n} ({} kr)", u.account, kr(u.amount)),
        None => format!("{} ({} kr)", u.account, kr(u.amount)),
    }
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
    /// The accounts with money and no place, as one sentence each.
    unmapped: Vec<(String, String)>,
    choices: TargetChoices,
    lines: Vec<String>,
    can_edit: bool,
    /// The error summary: the field each message links to, and the message.
    errors: Vec<(String, String)>,
    /// What was saved, said after a save.
    saved: Option<String>,
}

pub(super) async fn mapping_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    draft: Option<(String, String, i64)>,
    errors: Vec<(String, String)>,
    saved: Option<String>,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let (mapping, row_version, text) = state.app.mapping(&association).await?;
    let latest = latest_year(state, &association).await?;
    let mut accounts = Vec::new();
    let mut lines = Vec::new();
    let mut unmapped = Vec::new();
    let mut plan = None;
    if let Some(y) = latest {
        if let Some(ctx) = state
            .app
            .follow_up_context(&association, y)
            .await
            .map_err(AppError::Internal)?
        {
            let missing = ctx.unmapped().map_err(AppError::Uncomputable)?;
            unmapped = missing
                .iter()
                .map(|u| (u.account.clone(), unmapped_label(u)))
                .collect();
            for (no, name) in &ctx.ledger.accounts {
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
                    own: own_rule(&mapping, no),
                    unmapped: missing.iter().any(|u| u.account == *no),
                });
            }
        }
        plan = state.app.adopted_plan(&association, y).await?;
        if let Some(plan) = &plan {
            lines = plan_lines(plan).into_iter().collect();
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
        unmapped,
        choices: TargetChoices::of(plan.as_deref()),
        lines,
        can_edit: allows(role, Action::Edit, Resource::Actuals),
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `?sparad=1` after a save, `&konto=4010` after one account's.
#[derive(Debug, serde::Deserialize)]
pub struct SavedQuery {
    sparad: Option<String>,
    konto: Option<String>,
}

/// The account mapping: the chart, the rules, and where every account of the latest import goes.
pub async fn mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let saved = match (q.sparad, q.konto) {
        (Some(_), Some(account)) => Some(saved_account(&state, &user, &a, &account).await?),
        (Some(_), None) => Some("Kontokopplingen är sparad.".to_owned()),
        _ => None,
    };
    mapping_page(&state, &user, &a, None, Vec::new(), saved).await
}

/// The mapping form.
#[derive(Debug, serde::Deserialize)]
pub struct MappingForm {
    kontoplan: String,
    regler: String,
    row_version: String,
}

/// Reads a rules text as it would be saved: every line that does not read, or names a budget
/// line the adopted plan of the latest imported year does not have, as "Rad 2: …".
async fn check_rules(
    state: &AppState,
    association: &Association,
    text: &str,
) -> Result<Result<(), Vec<(String, String)>>, AppError> {
    let known = match latest_year(state, association).await? {
        Some(y) => state
            .app
            .adopted_plan(association, y)
            .await?
            .map(|p| plan_lines(&p)),
        None => None,
    };
    Ok(Mapping::parse_rules(text, known.as_ref())
        .map(|_| ())
        .map_err(|errs| {
            errs.iter()
                .map(|e| {
                    (
                        "regler".to_owned(),
                        format!("Rad {}: {}", e.line, e.message),
                    )
                })
                .collect()
        }))
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
            vec![(
                "kontoplan".into(),
                "Välj Kommun-Bas eller BAS som kontoplan.".into(),
            )],
            None,
        )
        .await;
    };
    // The rules are checked here and saved as written, comments included.
    if let Err(msgs) = check_rules(&state, &association, &form.regler).await? {
        return mapping_page(&state, &user, &a, draft, msgs, None).await;
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
                vec![("regler".into(), "Någon annan har sparat kontokopplingen medan du ändrade. Din text finns kvar nedan; jämför med den sparade (ladda om sidan i en ny flik) och spara igen.".into())],
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// "Sparat: konto 4010 hör nu till budgetraden Coachingteamet (insatser)." after one account's
/// rule was saved.
async fn saved_account(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    account: &str,
) -> Result<String, AppError> {
    let (association, _) = association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let (mapping, _, _) = state.app.mapping(&association).await?;
    Ok(where_it_goes(&mapping, account))
}

/// Where an account goes, in a sentence for the "Sparat" message.
pub(super) fn where_it_goes(mapping: &Mapping, account: &str) -> String {
    let label = finsam_core::actuals::followup::category_label;
    match mapping.target(account) {
        Some(t) => match t.line {
            Some(line) => format!(
                "Sparat: konto {account} hör nu till budgetraden {line} ({}).",
                label(t.category).to_lowercase()
            ),
            None => format!(
                "Sparat: konto {account} hör nu till kategorin {}{}.",
                label(t.category).to_lowercase(),
                if t.explicit {
                    ""
                } else {
                    " enligt kontoplanens standard"
                }
            ),
        },
        None => format!("Sparat: konto {account} hör inte till någon budgetrad eller kategori."),
    }
}

/// One account's rule from its form.
#[derive(Debug, serde::Deserialize)]
pub struct AccountRuleForm {
    /// `category|line`, `category|` for the category alone, empty for no rule of its own.
    mal: String,
    row_version: String,
    /// `konto` when sent from the account's page, which the answer goes back to.
    fran: Option<String>,
}

/// Sets (or removes) one account's own rule, chosen from a list, beside the rules text: the
/// text keeps every other line, the new rule is checked with the rest, and a change someone
/// else saved meanwhile is not overwritten.
pub async fn save_account_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((a, account)): Path<(String, String)>,
    Form(form): Form<AccountRuleForm>,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Edit, Resource::Actuals).await?;
    let no: u32 = account
        .parse()
        .ok()
        .filter(|n| (3000..=9999).contains(n))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "\"{account}\" är inget resultatkonto (3000–9999); välj kontot i listan."
            ))
        })?;
    let rule = match form.mal.split_once('|') {
        None if form.mal.is_empty() => None,
        None => {
            return Err(AppError::BadRequest(
                "Välj en kategori eller budgetrad i listan.".into(),
            ));
        }
        Some((word, line)) => Some(finsam_core::actuals::Rule {
            from: no,
            to: no,
            category: finsam_core::Category::from_word(word).ok_or_else(|| {
                AppError::BadRequest("Välj en kategori eller budgetrad i listan.".into())
            })?,
            line: Some(line.trim())
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        }),
    };
    let row_version: i64 = form.row_version.trim().parse().unwrap_or(-1);
    let (mapping, _, text) = state.app.mapping(&association).await?;
    let changed = Mapping::set_account_rule(&text, no, rule.as_ref());
    if let Err(msgs) = check_rules(&state, &association, &changed).await? {
        return mapping_page(&state, &user, &a, None, msgs, None).await;
    }
    let to_account = form.fran.as_deref() == Some("konto");
    match state
        .app
        .store()
        .save_mapping(user.actor(), association.id, row_version, mapping.chart.word(), &changed)
        .await
    {
        Ok(_) => {
            let to = match (to_account, latest_year(&state, &association).await?) {
                (true, Some(y)) => format!("{}/{y}/konto/{no}?kopplad=1", base(&association)),
                _ => format!(
                    "/forbund/{}/kontokoppling?sparad=1&konto={no}#konto-{no}",
                    association.id.0
                ),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(finsam_store::StoreError::Conflict { .. }) => mapping_page(
            &state,
            &user,
            &a,
            None,
            vec![(format!("mal-{no}"), format!("Någon annan har sparat kontokopplingen sedan du öppnade sidan, så konto {no} ändrades inte. Se hur kontot är kopplat nu och välj igen."))],
            None,
        )
        .await,
        Err(e) => Err(e.into()),
    }
}
