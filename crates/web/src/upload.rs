//! Uploads are streamed: the body goes to a temporary file as it arrives and is refused as soon as
//! it passes the limit, so that the server's memory never grows with the size of an upload. The
//! import then reads the file.

use std::io::Write;

use axum::body::Body;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use http_body_util::BodyExt;

use crate::error::AppError;

/// A received upload, on disk until it is dropped.
#[derive(Debug)]
pub struct Received {
    /// The file.
    pub file: tempfile::NamedTempFile,
    /// How many bytes it has.
    pub len: u64,
}

/// The Swedish message for a body over `limit` bytes.
pub fn too_large(limit: usize) -> AppError {
    AppError::TooLarge(format!(
        "Det som skickades är för stort (högst {} kB). Ingenting har ändrats.",
        limit / 1024
    ))
}

fn not_received() -> AppError {
    AppError::BadRequest("Filen kunde inte tas emot; försök igen.".into())
}

fn new_file() -> Result<tempfile::NamedTempFile, AppError> {
    tempfile::NamedTempFile::new()
        .map_err(|e| AppError::Internal(format!("temporär fil för uppladdning: {e}")))
}

fn append(r: &mut Received, chunk: &[u8], limit: usize) -> Result<(), AppError> {
    r.len += chunk.len() as u64;
    if r.len > limit as u64 {
        return Err(too_large(limit));
    }
    r.file
        .write_all(chunk)
        .map_err(|e| AppError::Internal(format!("uppladdningen kunde inte skrivas: {e}")))
}

/// A multipart field to a file, refused past `limit` bytes.
pub async fn field_to_file(mut field: Field<'_>, limit: usize) -> Result<Received, AppError> {
    let mut r = Received {
        file: new_file()?,
        len: 0,
    };
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => append(&mut r, &chunk, limit)?,
            Ok(None) => return Ok(r),
            // The request's own limit (see csrf.rs) ends the body early.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE || is_length_limit(&e) => {
                return Err(too_large(limit));
            }
            Err(_) => return Err(not_received()),
        }
    }
}

/// A whole request body to a file, refused past `limit` bytes.
pub async fn body_to_file(mut body: Body, limit: usize) -> Result<Received, AppError> {
    let mut r = Received {
        file: new_file()?,
        len: 0,
    };
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            if is_length_limit(&e) {
                too_large(limit)
            } else {
                not_received()
            }
        })?;
        if let Some(chunk) = frame.data_ref() {
            append(&mut r, chunk, limit)?;
        }
    }
    Ok(r)
}

/// Whether an error comes from the request's length limit, however deep it was wrapped.
pub fn is_length_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}
