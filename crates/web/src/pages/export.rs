//! Every table of a page as a file: the whole page's tables as one XLSX workbook, each table as
//! CSV. The tables are laid out by finsam-report from the same report structs the page shows.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use finsam_report::{Sheet, csv, xlsx};

use crate::error::AppError;

/// A link to one export, as pages list them.
#[derive(Debug, Clone)]
pub struct ExportLink {
    /// What it says ("Alla tabeller (Excel)").
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// The links to a page's exports: the workbook `{stem}.xlsx` and one CSV per table, under
/// `base` (the page's export address, ending in `/export`), keeping `query` (the page's
/// period, unit or filter).
pub fn links(base: &str, stem: &str, tables: &[&str], query: &str) -> Vec<ExportLink> {
    let q = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let mut out = vec![ExportLink {
        label: "Alla tabeller som Excel (XLSX)".into(),
        url: format!("{base}/{stem}.xlsx{q}"),
    }];
    out.extend(tables.iter().map(|t| ExportLink {
        label: format!("{t} som CSV"),
        url: format!("{base}/{}.csv{q}", finsam_report::sheet::slug(t)),
    }));
    out
}

/// The file `file` of `sheets`: `{stem}.xlsx` is the workbook of all of them, `{slug}.csv` one
/// table; anything else is not found.
pub fn respond(sheets: &[Sheet], stem: &str, file: &str) -> Result<Response, AppError> {
    let bytes = file_bytes(sheets, stem, file)?;
    Ok(attachment(bytes, content_type(file), file))
}

/// The bytes of the file `file` of `sheets` (see [`respond`]).
pub fn file_bytes(sheets: &[Sheet], stem: &str, file: &str) -> Result<Vec<u8>, AppError> {
    if file == format!("{stem}.xlsx") {
        return xlsx::write(sheets).map_err(AppError::Internal);
    }
    let slug = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
    let sheet = sheets
        .iter()
        .find(|s| s.slug() == slug)
        .ok_or(AppError::NotFound)?;
    Ok(csv::write(sheet))
}

/// The content type of one of our files, by its name.
pub fn content_type(file: &str) -> &'static str {
    if file.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv; charset=utf-8"
    }
}

/// The bytes as a download named `file`.
pub fn attachment(bytes: Vec<u8>, content_type: &'static str, file: &str) -> Response {
    // `file` is one of our own names (checked above): ASCII letters, digits, `-` and `.`.
    let name: String = file
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
