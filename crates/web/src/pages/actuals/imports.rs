//! The follow-up overview: the imported fiscal years, and uploading an SIE file.

use super::*;

/// An import as listed.
pub struct ImportRow {
    pub year: i32,
    pub url: String,
    pub file_name: String,
    pub program: String,
    pub imported: String,
    pub rows: String,
    pub notes: Vec<String>,
    /// The accounts with money and no place in the follow-up ("8910 Skatt (1 234 kr)").
    pub unmapped: Vec<String>,
}

/// The day (UTC) of a stored time in seconds since 1970.
pub(super) fn day_of(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

pub(super) fn import_rows(a: &Association, imports: &[LedgerImport]) -> Vec<ImportRow> {
    imports
        .iter()
        .map(|i| ImportRow {
            year: i.fiscal_year,
            url: format!("{}/{}", base(a), i.fiscal_year),
            file_name: i.file_name.clone(),
            program: i.program.clone().unwrap_or_default(),
            imported: day_of(i.imported_at),
            rows: finsam_core::format::grouped(i128::from(i.row_count)),
            notes: i.notes.clone(),
            unmapped: Vec::new(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "actuals.html")]
pub(super) struct OverviewPage {
    layout: Layout,
    association: Association,
    base: String,
    imports: Vec<ImportRow>,
    can_import: bool,
    can_map: bool,
    /// After an import: what happened, and what the file noted.
    done: Option<(String, Vec<String>)>,
    errors: Vec<String>,
    mismatch: bool,
    year_value: String,
}

/// What the overview page reports above the list.
pub(super) enum Notice {
    None,
    /// An import's sentence and what the file noted.
    Done(String, Vec<String>),
    /// Why nothing was imported, and whether a confirmation would let it through.
    Refused(Vec<String>, bool),
}

pub(super) async fn overview_page(
    state: &AppState,
    user: &CurrentUser,
    a: &str,
    notice: Notice,
    year_value: String,
) -> Result<Response, AppError> {
    let (association, role) =
        association_for(state, user, a, Action::Read, Resource::Actuals).await?;
    let mut imports = import_rows(
        &association,
        &state.app.store().ledger_imports(association.id).await?,
    );
    // The same unmapped accounts the follow-up and the mapping page report.
    for row in &mut imports {
        if let Some(ctx) = state
            .app
            .follow_up_context(&association, row.year)
            .await
            .map_err(AppError::Internal)?
        {
            row.unmapped = ctx
                .unmapped()
                .map_err(AppError::Uncomputable)?
                .iter()
                .map(super::mapping::unmapped_label)
                .collect();
        }
    }
    let (status, done, errors, mismatch) = match notice {
        Notice::None => (StatusCode::OK, None, Vec::new(), false),
        Notice::Done(sentence, notes) => {
            (StatusCode::OK, Some((sentence, notes)), Vec::new(), false)
        }
        Notice::Refused(errors, mismatch) => {
            (StatusCode::UNPROCESSABLE_ENTITY, None, errors, mismatch)
        }
    };
    let page = OverviewPage {
        layout: Layout::within(
            state,
            user,
            (&association, role),
            None,
            Here::FollowUp,
            "Uppföljning",
        )
        .await?,
        base: base(&association),
        can_import: allows(role, Action::Import, Resource::Actuals),
        can_map: allows(role, Action::Read, Resource::Actuals),
        association,
        imports,
        done,
        errors,
        mismatch,
        year_value,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The imported fiscal years and the upload form.
pub async fn overview(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
) -> Result<Response, AppError> {
    overview_page(&state, &user, &a, Notice::None, String::new()).await
}

/// Imports an uploaded SIE file: all or nothing; a file of another organisation or year needs
/// the confirmation box.
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(a): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (association, _) =
        association_for(&state, &user, &a, Action::Import, Resource::Actuals).await?;
    let mut received = None;
    let mut file_name = String::from("fil.se");
    let mut year_text = String::new();
    let mut confirmed = false;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("fil") => {
                if let Some(n) = field.file_name() {
                    file_name = n.chars().filter(|c| !c.is_control()).take(200).collect();
                }
                received = Some(
                    crate::upload::field_to_file(field, finsam_app::actuals::MAX_UPLOAD).await?,
                );
            }
            Some("ar") => year_text = field.text().await.unwrap_or_default().trim().to_owned(),
            Some("bekrafta") => confirmed = true,
            _ => {}
        }
    }
    let fail = |msgs: Vec<String>, mismatch: bool, year: String| {
        let (state, user, a) = (state.clone(), user.clone(), a.clone());
        async move { overview_page(&state, &user, &a, Notice::Refused(msgs, mismatch), year).await }
    };
    let fiscal_year = if year_text.is_empty() {
        None
    } else {
        match year_text.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                return fail(
                    vec![format!("\"{year_text}\" är inget år; skriv till exempel 2024, eller lämna fältet tomt.")],
                    false,
                    year_text,
                )
                .await;
            }
        }
    };
    let Some(received) = received.filter(|r| r.len > 0) else {
        return fail(
            vec!["Välj en SIE-fil att ladda upp.".into()],
            false,
            year_text,
        )
        .await;
    };
    let upload = Upload {
        path: received.file.path().to_owned(),
        file_name,
        fiscal_year,
        confirmed,
    };
    match state
        .app
        .import_sie(
            user.actor(),
            &association,
            upload,
            Arc::new(|_: &str, _, _| {}),
        )
        .await
    {
        Ok(report) => {
            overview_page(
                &state,
                &user,
                &a,
                Notice::Done(report.sentence(), report.notes),
                String::new(),
            )
            .await
        }
        Err(ImportError::Store(e)) => Err(e.into()),
        Err(e) => {
            let mismatch = matches!(e, ImportError::Mismatch(_));
            fail(e.messages(), mismatch, year_text).await
        }
    }
}
