//! `POST /api/documents`: an upload through [`dossier_pipeline`], the same archive, read,
//! extract and store as `dossier ingest`, with HTTP status codes for what goes wrong.
//!
//! Unlike the command, an upload is read *before* it is archived, so input nobody can read is
//! refused (400, 422) and nothing is kept: the client is told and can send something else.
//! Bytes the log already holds reuse their entry; a document already stored is reported as a
//! duplicate and left as it was.

use crate::error::ApiError;
use axum::http::StatusCode;
use dossier_ingest::Format;
use dossier_pipeline::{Pipeline, PipelineError, Source};
use dossier_store::Store;
use serde::Serialize;
use std::path::Path;

/// One upload as received.
#[derive(Debug)]
pub struct Upload {
    /// The file name given by the client (or a default such as `upload.txt`); used to detect
    /// the format, logged as the entry's file name and the start of each document's path.
    pub name: String,
    /// The media type the client declared, if any.
    pub media_type: Option<String>,
    /// The format, when the content type decides it (`text/plain`, `text/html`); `None`
    /// lets [`dossier_ingest::detect`] look at the name and the bytes.
    pub format: Option<Format>,
    /// A source URL the client gave (`?url=`), kept as provenance.
    pub url: Option<String>,
    pub bytes: Vec<u8>,
}

/// What happened to one document of an upload.
#[derive(Debug, Clone, Serialize)]
pub struct IngestedDocument {
    pub id: String,
    /// `inserted`, `duplicate` or `new_version`.
    pub outcome: &'static str,
    /// For a new version: the id of the version it follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_of: Option<String>,
    pub title: Option<String>,
    pub claims: usize,
}

/// What an upload produced.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    /// The log entry that archives the uploaded bytes.
    pub log_index: u64,
    /// SHA-256 (hex) of the uploaded bytes.
    pub sha256: String,
    pub documents: Vec<IngestedDocument>,
}

impl IngestReport {
    /// Whether any document was new (the answer is then 201 Created).
    pub fn created_any(&self) -> bool {
        self.documents.iter().any(|d| d.outcome != "duplicate")
    }
}

/// Archives, reads, extracts and stores `upload` under `home`. The caller serialises calls
/// (one writer at a time).
pub fn ingest(
    home: &Path,
    store: &mut Store,
    upload: &Upload,
    tool: &str,
) -> Result<IngestReport, ApiError> {
    if upload.bytes.is_empty() {
        return Err(ApiError::bad_request("the request body is empty"));
    }
    let source = Source {
        media_type: upload.media_type.clone(),
        origin_url: upload.url.clone(),
        ..Source::memory(upload.name.clone(), &upload.bytes, upload.format)
    };
    let ingested = Pipeline::new(home, tool)
        .ingest(store, &source)
        .map_err(|e| api_error(upload, e))?;
    Ok(IngestReport {
        log_index: ingested.archived.log_index,
        sha256: ingested.archived.sha256,
        documents: ingested
            .documents
            .into_iter()
            .map(|d| IngestedDocument {
                outcome: d.outcome_label(),
                version_of: d.version_of().map(str::to_string),
                id: d.id,
                title: d.title,
                claims: d.claims,
            })
            .collect(),
    })
}

/// The answer for a failed upload: the client's fault (400, 422), a busy log (503), or ours.
fn api_error(upload: &Upload, error: PipelineError) -> ApiError {
    let status = match &error {
        PipelineError::Read { .. } => {
            return ApiError::bad_request(format!("cannot read {:?}: {error}", upload.name));
        }
        PipelineError::NoDocuments { .. } | PipelineError::TooLarge { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        // A record the extractor built and the store refused is our bug, not the client's.
        PipelineError::Store { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        _ => match error.ledger_error() {
            Some(ledger) => ApiError::from_ledger(ledger).status,
            None => StatusCode::INTERNAL_SERVER_ERROR,
        },
    };
    ApiError::new(status, error.to_string())
}
