//! The minimal ingest pipeline behind `POST /api/documents`: archive, read, extract, store.
//!
//! The order matters for the chain of custody: the uploaded bytes go into the blob store and
//! the log *first*, so every stored document can name the log entry that proves what was
//! received; only then are they read ([`dossier_ingest`]), extracted ([`dossier_extract`])
//! and stored ([`dossier_store`]). A document already stored (same bytes) is reported as a
//! duplicate and left as it was.
//!
//! This lives in the server because, when it was written, the `dossier ingest` command had no
//! library function to call; it should move to a shared crate once one exists.

use crate::error::ApiError;
use axum::http::StatusCode;
use dossier_gazetteer::Gazetteer;
use dossier_ingest::{Format, SourceDocument};
use dossier_ledger::{EntryRecord, Kind, Ledger};
use dossier_model::SourceInfo;
use dossier_store::{InsertOutcome, Provenance, Store};
use serde::Serialize;
use std::path::Path;

/// One upload as received.
#[derive(Debug)]
pub struct Upload {
    /// The file name given by the client (or a default such as `upload.txt`); used to detect
    /// the format and kept as the document's path.
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
    // Read first, without side effects, so that input nobody can read is refused before it
    // is archived.
    let reading = dossier_ingest::read_bytes(&upload.name, &upload.bytes, upload.format)
        .map_err(|e| ApiError::bad_request(format!("cannot read {:?}: {e}", upload.name)))?;
    if reading.documents.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{:?} holds no document with text ({} items skipped)",
                upload.name,
                reading.summary.skipped_total()
            ),
        ));
    }

    let mut ledger = Ledger::open(home)?;
    let blob = ledger
        .store_blob(&upload.bytes[..])
        .map_err(ApiError::from)?;
    let mut entry = EntryRecord::for_blob(Kind::Source, &blob);
    entry.file_name = Some(upload.name.clone());
    entry.media_type = upload.media_type.clone();
    entry.origin_url = upload.url.clone();
    let log_index = *ledger
        .append(&[entry])?
        .first()
        .ok_or_else(|| ApiError::internal("the log returned no index for the new entry"))?;
    drop(ledger); // release the writer lock before the slower extraction

    let gazetteer = Gazetteer::embedded();
    let provenance = Provenance {
        log_index: Some(log_index),
        blob_sha256: Some(blob.sha256.clone()),
        tool: Some(tool.to_string()),
    };
    let mut documents = Vec::with_capacity(reading.documents.len());
    for source in &reading.documents {
        let id_bytes: &[u8] = source.raw.as_deref().unwrap_or(&upload.bytes);
        let id = dossier_model::document_id(id_bytes);
        let mut record = dossier_extract::extract_text(&source.text, &id, gazetteer);
        record.document.title = source.title.clone();
        record.document.source = Some(source_info(upload, source));
        let outcome = store.insert(&record, &provenance)?;
        let (outcome, version_of) = match outcome {
            InsertOutcome::Inserted => ("inserted", None),
            InsertOutcome::Duplicate => ("duplicate", None),
            InsertOutcome::NewVersion { of } => ("new_version", Some(of)),
        };
        documents.push(IngestedDocument {
            id,
            outcome,
            version_of,
            title: record.document.title.clone(),
            claims: record.claims.len(),
        });
    }
    Ok(IngestReport {
        log_index,
        sha256: blob.sha256,
        documents,
    })
}

fn source_info(upload: &Upload, source: &SourceDocument) -> SourceInfo {
    SourceInfo {
        path: Some(upload.name.clone()),
        url: source.url.clone().or_else(|| upload.url.clone()),
        published: source.published.clone(),
        byline: source.byline.clone(),
        site_name: source.site_name.clone(),
        media_type: Some(source.media_type.clone()),
    }
}
