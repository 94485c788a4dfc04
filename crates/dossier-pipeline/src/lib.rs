//! One source through Dossier's chain of custody: archive, read, extract, store.
//!
//! Every way a report enters Dossier — `dossier ingest` over files, `POST /api/documents`
//! with uploaded bytes — goes through this crate, so they archive, name and store documents
//! the same way:
//!
//! 1. **Archive** ([`Pipeline::archive`]): the bytes go into the blob store and a `source`
//!    entry (name, media type, origin URL, collector, time, tool) into the log — unless the
//!    log already holds a source entry for those bytes, which is then reused. All the sources
//!    of one call share one append (one signed checkpoint), and identical bytes within a call
//!    share one entry.
//! 2. **Read** with [`dossier_ingest`]: one document for a text or HTML file, one per feed
//!    item, archived HTML response or Telegram message (files are streamed).
//! 3. **Extract** with [`dossier_extract::extract_text`]; the reader's title and language
//!    replace the extractor's guesses, and its URL, date, byline, site and media type fill
//!    `document.source`.
//! 4. **Store** with [`dossier_store::Store::insert`], the log index and blob SHA-256 as
//!    provenance ([`Pipeline::read_and_store`]).
//!
//! A document's id is the SHA-256 of its own bytes (the whole source, or an item's bytes
//! inside a container). Its `source.path` is the source's name plus, for an item, where it
//! sits (`capture.warc#record=2`, `wire.rss#item=<guid>`, `result.json#chat=1&message=7`),
//! so the items of one file are not taken for versions of each other.
//!
//! # Finding bytes already logged
//!
//! The store keeps which blob each source entry logs ([`Store::logged_source`]), complete up
//! to a log size; entries appended since (by another process) are scanned from the log and
//! recorded, so a run reads only the part of the log it has not seen. The store's answer is a
//! hint: before reusing entry N, its bytes are read from the log (one entry bundle) and its
//! SHA-256 compared; when they differ, the bytes are logged again. The lookup is repeated
//! under the log's writer lock just before appending, so a concurrent writer's entry for the
//! same bytes is reused rather than duplicated.
//!
//! # Example
//!
//! ```no_run
//! use dossier_pipeline::{Pipeline, Source};
//! use dossier_store::Store;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let home = std::path::Path::new("/var/lib/dossier");
//! let mut store = Store::open(home.join("dossier.sqlite"))?;
//! let pipeline = Pipeline::new(home, "example 0.1");
//! let source = Source::file(std::path::Path::new("report.html"));
//! let archived = pipeline.archive(&mut store, std::slice::from_ref(&source)).remove(0)?;
//! pipeline.read_and_store(&mut store, &source, &archived, &mut |stored| {
//!     println!("{} {}", stored.outcome_label(), stored.path);
//! })?;
//! # Ok(()) }
//! ```

use dossier_gazetteer::Gazetteer;
use dossier_ingest::{Format, IngestError, Locator, SourceDocument};
use dossier_ledger::tile::TILE_WIDTH;
use dossier_ledger::{
    BlobRef, BlobStore, EntryRecord, Kind, Ledger, LedgerError, LedgerReader, TileSource,
};
use dossier_model::SourceInfo;
use dossier_store::{InsertOutcome, Provenance, Store, StoreError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a source could not be archived, read or stored.
///
/// Each message includes the underlying error's text, so no variant also reports it as
/// `source()` (an error chain would print it twice).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("cannot read: {error}")]
    Io { error: std::io::Error },
    #[error("the input is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: u64, limit: u64 },
    /// The blob store or the log could not be opened or read.
    #[error("archiving the bytes: {error}")]
    Archive { error: LedgerError },
    /// The append failed.
    #[error("logging the bytes: {error}")]
    Log { error: LedgerError },
    /// A failure of a whole [`Pipeline::archive`] call (the append, or reading the log),
    /// given to each source it concerns.
    #[error("{error}")]
    Batch { error: Arc<PipelineError> },
    /// The reader refused the input (its message names the input and the position).
    #[error("{error}")]
    Read { error: IngestError },
    #[error("{name} holds no document with text ({skipped} items skipped)")]
    NoDocuments { name: String, skipped: usize },
    #[error("storing {path}: {error}")]
    Store { path: String, error: StoreError },
    #[error("looking up logged sources in the store: {error}")]
    Index { error: StoreError },
}

impl PipelineError {
    /// The log error behind an archive or log failure (for example
    /// [`LedgerError::Locked`]), if that is what went wrong.
    pub fn ledger_error(&self) -> Option<&LedgerError> {
        match self {
            PipelineError::Archive { error } => Some(error),
            PipelineError::Log { error } => Some(error),
            PipelineError::Batch { error } => error.ledger_error(),
            _ => None,
        }
    }
}

fn archive_error(error: impl Into<LedgerError>) -> PipelineError {
    PipelineError::Archive {
        error: error.into(),
    }
}

fn index_error(error: StoreError) -> PipelineError {
    PipelineError::Index { error }
}

/// Where a source's bytes are.
#[derive(Debug, Clone, Copy)]
pub enum Bytes<'a> {
    /// A file, streamed (never read whole into memory); its format is detected.
    File(&'a Path),
    /// Bytes in memory, in `format` or, if `None`, the format detected from the name and the
    /// bytes.
    Memory {
        bytes: &'a [u8],
        format: Option<Format>,
    },
}

/// One source: its bytes and what is known about where they came from.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub bytes: Bytes<'a>,
    /// Recorded as the log entry's `file_name`, used to detect the format, and the start of
    /// every document's `source.path`.
    pub name: String,
    /// The media type the sender declared, recorded in the log entry.
    pub media_type: Option<String>,
    /// Where the bytes were fetched from: recorded in the log entry, and the `source.url` of
    /// documents whose reader found none.
    pub origin_url: Option<String>,
    /// Who collected the bytes, recorded in the log entry.
    pub collector: Option<String>,
}

impl<'a> Source<'a> {
    /// A file, named by its path as given.
    pub fn file(path: &'a Path) -> Source<'a> {
        Source {
            bytes: Bytes::File(path),
            name: path.display().to_string(),
            media_type: None,
            origin_url: None,
            collector: None,
        }
    }

    /// Bytes received under `name`.
    pub fn memory(name: impl Into<String>, bytes: &'a [u8], format: Option<Format>) -> Source<'a> {
        Source {
            bytes: Bytes::Memory { bytes, format },
            name: name.into(),
            media_type: None,
            origin_url: None,
            collector: None,
        }
    }
}

/// Where a source's bytes are in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archived {
    /// SHA-256 (lowercase hex) of the archived bytes.
    pub sha256: String,
    /// The source entry that logs them.
    pub log_index: u64,
    /// Whether this call appended that entry (`false`: an existing entry was reused).
    pub appended: bool,
}

/// What happened to one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: String,
    /// `source.path`: the source's name, plus where the item sits inside it.
    pub path: String,
    pub outcome: InsertOutcome,
    pub title: Option<String>,
    pub claims: usize,
    /// The log entry of the source's bytes.
    pub log_index: u64,
}

impl StoredDocument {
    /// `inserted`, `new_version` or `duplicate`.
    pub fn outcome_label(&self) -> &'static str {
        match self.outcome {
            InsertOutcome::Inserted => "inserted",
            InsertOutcome::NewVersion { .. } => "new_version",
            InsertOutcome::Duplicate => "duplicate",
        }
    }

    /// For a new version: the id of the version it follows.
    pub fn version_of(&self) -> Option<&str> {
        match &self.outcome {
            InsertOutcome::NewVersion { of } => Some(of),
            _ => None,
        }
    }
}

/// What [`Pipeline::ingest`] did with one source.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub archived: Archived,
    pub documents: Vec<StoredDocument>,
    /// Items of the source that are not documents (images in a WARC, service messages...).
    pub skipped_items: usize,
}

/// The pipeline for one Dossier home (`blobs/`, `log/`, `keys/`). The caller owns the
/// [`Store`] (normally `<home>/dossier.sqlite`) and passes it in.
#[derive(Debug)]
pub struct Pipeline {
    home: PathBuf,
    blobs: BlobStore,
    gazetteer: &'static Gazetteer,
    tool: String,
    max_size: u64,
}

impl Pipeline {
    /// A pipeline archiving into `home`; `tool` (e.g. `dossier 0.1.0 ingest`) is recorded in
    /// every log entry and stored document.
    pub fn new(home: impl Into<PathBuf>, tool: impl Into<String>) -> Pipeline {
        let home = home.into();
        Pipeline {
            blobs: BlobStore::new(home.join(dossier_ledger::layout::BLOBS)),
            home,
            gazetteer: Gazetteer::embedded(),
            tool: tool.into(),
            max_size: u64::MAX,
        }
    }

    /// Refuses sources larger than `bytes` ([`PipelineError::TooLarge`]).
    pub fn with_max_size(mut self, bytes: u64) -> Pipeline {
        self.max_size = bytes;
        self
    }

    /// Puts every source's bytes in the blob store and logs those the log does not already
    /// hold, in one append; gives, per source and in order, where its bytes are or why they
    /// could not be archived. The log's writer lock is held only for the append.
    pub fn archive(
        &self,
        store: &mut Store,
        sources: &[Source<'_>],
    ) -> Vec<Result<Archived, PipelineError>> {
        /// Where a source's log index comes from.
        enum Plan {
            Logged(u64),
            /// Position in this call's new entries.
            New(usize),
        }
        // What the log holds now. Without a log yet, nothing can be reused; the append
        // below creates it. The store's scanned size is read first: a writer records its
        // entries after appending them, so the log read next is at least that long (unless
        // it went back).
        let scanned = store.logged_sources_scanned().map_err(index_error);
        let reader = LedgerReader::open(&self.home).ok();
        let caught_up = match (scanned, &reader) {
            (Ok(scanned), Some(reader)) => self.catch_up(store, reader, scanned),
            (Ok(_), None) => Ok(()),
            (Err(e), _) => Err(e),
        };
        if let Err(e) = caught_up {
            let error = Arc::new(e);
            return sources
                .iter()
                .map(|_| {
                    Err(PipelineError::Batch {
                        error: Arc::clone(&error),
                    })
                })
                .collect();
        }
        let mut bundles = BundleCache::default();
        let mut entries: Vec<EntryRecord> = Vec::new();
        let mut pending: HashMap<String, usize> = HashMap::new();
        let planned: Vec<Result<(String, Plan), PipelineError>> = sources
            .iter()
            .map(|source| {
                let sha256 = self.hash(source)?;
                if let Some(index) = store.logged_source(&sha256).map_err(index_error)?
                    && let Some(reader) = &reader
                    && bundles.logs_source(reader, index, &sha256)
                {
                    return Ok((sha256, Plan::Logged(index)));
                }
                if let Some(&position) = pending.get(&sha256) {
                    return Ok((sha256, Plan::New(position)));
                }
                // What was archived is the truth, should a file have changed since hashing.
                let blob = self.put(source)?;
                let position = entries.len();
                pending.insert(blob.sha256.clone(), position);
                entries.push(self.entry_for(source, &blob));
                Ok((blob.sha256, Plan::New(position)))
            })
            .collect();
        let appended = if entries.is_empty() {
            Ok(Vec::new())
        } else {
            self.append(store, &entries).map_err(Arc::new)
        };
        planned
            .into_iter()
            .map(|plan| {
                let (sha256, plan) = plan?;
                let (log_index, appended) = match plan {
                    Plan::Logged(index) => (index, false),
                    Plan::New(position) => match &appended {
                        Ok(indices) => indices[position],
                        Err(error) => {
                            return Err(PipelineError::Batch {
                                error: Arc::clone(error),
                            });
                        }
                    },
                };
                Ok(Archived {
                    sha256,
                    log_index,
                    appended,
                })
            })
            .collect()
    }

    /// Reads the documents of an archived source, extracts and stores each, handing each
    /// outcome to `on_document` as it is stored. The first store error stops the source.
    /// Gives the number of items skipped (not documents).
    pub fn read_and_store(
        &self,
        store: &mut Store,
        source: &Source<'_>,
        archived: &Archived,
        on_document: &mut dyn FnMut(&StoredDocument),
    ) -> Result<usize, PipelineError> {
        let mut store_error: Option<PipelineError> = None;
        let mut each = |document: SourceDocument| {
            if store_error.is_some() {
                return;
            }
            match self.store_document(store, source, archived, &document) {
                Ok(stored) => on_document(&stored),
                Err(e) => store_error = Some(e),
            }
        };
        let reading = match source.bytes {
            Bytes::File(path) => dossier_ingest::read_file_with(path, &mut each),
            Bytes::Memory { bytes, format } => {
                dossier_ingest::read_bytes_with(&source.name, bytes, format, &mut each)
            }
        };
        if let Some(e) = store_error {
            return Err(e);
        }
        let summary = reading.map_err(|error| PipelineError::Read { error })?;
        Ok(summary.skipped_total())
    }

    /// The whole pipeline for one source, refusing input that cannot be read *before*
    /// anything is archived (for a client that can resend: it is told, and nothing is kept).
    /// Reads in memory: for large files use [`Pipeline::archive`] then
    /// [`Pipeline::read_and_store`], which stream.
    pub fn ingest(
        &self,
        store: &mut Store,
        source: &Source<'_>,
    ) -> Result<Ingested, PipelineError> {
        let reading = match source.bytes {
            Bytes::File(path) => dossier_ingest::read_file(path),
            Bytes::Memory { bytes, format } => {
                dossier_ingest::read_bytes(&source.name, bytes, format)
            }
        }
        .map_err(|error| PipelineError::Read { error })?;
        let skipped_items = reading.summary.skipped_total();
        if reading.documents.is_empty() {
            return Err(PipelineError::NoDocuments {
                name: source.name.clone(),
                skipped: skipped_items,
            });
        }
        let archived = self
            .archive(store, std::slice::from_ref(source))
            .pop()
            .expect("one result per source")?;
        let documents = reading
            .documents
            .iter()
            .map(|document| self.store_document(store, source, &archived, document))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Ingested {
            archived,
            documents,
            skipped_items,
        })
    }

    /// Extracts one document read from `source` and stores it.
    fn store_document(
        &self,
        store: &mut Store,
        source: &Source<'_>,
        archived: &Archived,
        document: &SourceDocument,
    ) -> Result<StoredDocument, PipelineError> {
        let id = match &document.raw {
            Some(raw) => dossier_model::document_id(raw),
            None => archived.sha256.clone(),
        };
        let path = item_path(&source.name, &document.provenance.locator);
        let provenance = Provenance {
            log_index: Some(archived.log_index),
            blob_sha256: Some(archived.sha256.clone()),
            tool: Some(self.tool.clone()),
        };
        // Bytes stored before (a rerun, a resent upload) are not extracted again: storing
        // them would change nothing but missing provenance.
        let stored =
            store
                .note_duplicate(&id, &provenance)
                .map_err(|error| PipelineError::Store {
                    path: path.clone(),
                    error,
                })?;
        if let Some(stored) = stored {
            return Ok(StoredDocument {
                id,
                path,
                outcome: InsertOutcome::Duplicate,
                title: stored.title,
                claims: stored.claims,
                log_index: archived.log_index,
            });
        }
        let mut record = dossier_extract::extract_text(&document.text, &id, self.gazetteer);
        if document.title.is_some() {
            record.document.title = document.title.clone();
        }
        if let Some(language) = &document.language {
            record.document.language = language.clone();
        }
        record.document.source = Some(SourceInfo {
            path: Some(path.clone()),
            url: document.url.clone().or_else(|| source.origin_url.clone()),
            published: document.published.clone(),
            byline: document.byline.clone(),
            site_name: document.site_name.clone(),
            media_type: Some(document.media_type.clone()),
        });
        match store.insert(&record, &provenance) {
            Ok(outcome) => Ok(StoredDocument {
                id,
                path,
                outcome,
                title: record.document.title,
                claims: record.claims.len(),
                log_index: archived.log_index,
            }),
            Err(error) => Err(PipelineError::Store { path, error }),
        }
    }

    /// The SHA-256 of a source's bytes, refusing one over the size limit.
    fn hash(&self, source: &Source<'_>) -> Result<String, PipelineError> {
        let (size, sha256) = match source.bytes {
            Bytes::File(path) => {
                let size = std::fs::metadata(path)
                    .map_err(|error| PipelineError::Io { error })?
                    .len();
                self.check_size(size)?;
                let (sha256, size) = BlobStore::hash_file(path).map_err(|e| PipelineError::Io {
                    error: std::io::Error::other(e.to_string()),
                })?;
                (size, sha256)
            }
            Bytes::Memory { bytes, .. } => (bytes.len() as u64, dossier_model::document_id(bytes)),
        };
        self.check_size(size)?;
        Ok(sha256)
    }

    fn check_size(&self, size: u64) -> Result<(), PipelineError> {
        if size > self.max_size {
            return Err(PipelineError::TooLarge {
                size,
                limit: self.max_size,
            });
        }
        Ok(())
    }

    /// Streams a source's bytes into the blob store.
    fn put(&self, source: &Source<'_>) -> Result<BlobRef, PipelineError> {
        match source.bytes {
            Bytes::File(path) => {
                let file =
                    std::fs::File::open(path).map_err(|error| PipelineError::Io { error })?;
                self.blobs.put(file).map_err(archive_error)
            }
            Bytes::Memory { bytes, .. } => self.blobs.put(bytes).map_err(archive_error),
        }
    }

    fn entry_for(&self, source: &Source<'_>, blob: &BlobRef) -> EntryRecord {
        let mut entry = EntryRecord::for_blob(Kind::Source, blob);
        entry.file_name = Some(source.name.clone());
        entry.media_type = source.media_type.clone();
        entry.collected_at = Some(dossier_ledger::entry::now_rfc3339());
        entry.collector = source.collector.clone();
        entry.origin_url = source.origin_url.clone();
        entry.tool = Some(self.tool.clone());
        entry
    }

    /// Appends `entries` under the writer lock, reusing instead an entry for the same bytes
    /// that another writer logged since [`Pipeline::archive`] looked (the lookup is repeated
    /// with the log as it is under the lock); gives each entry's log index and whether it was
    /// appended.
    fn append(
        &self,
        store: &mut Store,
        entries: &[EntryRecord],
    ) -> Result<Vec<(u64, bool)>, PipelineError> {
        let log_error = |error: LedgerError| PipelineError::Log { error };
        let mut ledger = Ledger::open(&self.home).map_err(log_error)?;
        let scanned = store.logged_sources_scanned().map_err(index_error)?;
        self.catch_up(store, ledger.reader(), scanned)?;
        let mut bundles = BundleCache::default();
        let mut result: Vec<(u64, bool)> = Vec::with_capacity(entries.len());
        let mut new: Vec<EntryRecord> = Vec::new();
        for entry in entries {
            let sha256 = entry.sha256.as_deref().unwrap_or_default();
            let logged = store
                .logged_source(sha256)
                .map_err(index_error)?
                .filter(|&index| bundles.logs_source(ledger.reader(), index, sha256));
            match logged {
                Some(index) => result.push((index, false)),
                None => {
                    result.push((u64::MAX, true));
                    new.push(entry.clone());
                }
            }
        }
        if new.is_empty() {
            return Ok(result);
        }
        let start = ledger.size();
        let indices = ledger.append(&new).map_err(log_error)?;
        let mut indices = indices.into_iter();
        let mut recorded = Vec::with_capacity(new.len());
        for ((index, appended), entry) in result.iter_mut().zip(entries) {
            if *appended {
                *index = indices.next().expect("one index per appended entry");
                recorded.push((entry.sha256.clone().unwrap_or_default(), *index));
            }
        }
        // The entries are durable now. Should recording them fail, the next lookup scans
        // them from the log instead; the sources are archived either way.
        let _ = store.record_logged_sources(&recorded, start..start + new.len() as u64);
        Ok(result)
    }

    /// Records the source entries the log gained since the store last looked (every entry
    /// from `scanned`, [`Store::logged_sources_scanned`] read before `reader` was opened, to
    /// the log's size), the latest entry of each blob (any of them would do: they hold the
    /// same bytes). A log shorter than what the store has
    /// seen is not the log it recorded from: the store forgets its record and the whole log
    /// is scanned.
    fn catch_up(
        &self,
        store: &mut Store,
        reader: &LedgerReader,
        scanned: u64,
    ) -> Result<(), PipelineError> {
        let size = reader.size();
        let mut from = scanned;
        if from > size {
            store.forget_logged_sources().map_err(index_error)?;
            from = 0;
        }
        if from == size {
            return Ok(());
        }
        let mut found: HashMap<String, u64> = HashMap::new();
        let tiles = TileSource::new(reader.log_dir(), size);
        for bundle_index in from / TILE_WIDTH..size.div_ceil(TILE_WIDTH) {
            let bundle = tiles.read_bundle(bundle_index).map_err(archive_error)?;
            for (i, entry) in bundle.iter().enumerate() {
                let index = bundle_index * TILE_WIDTH + i as u64;
                if index < from {
                    continue;
                }
                if let Some(sha256) = source_sha256(entry) {
                    found.entry(sha256).or_insert(index);
                }
            }
        }
        let list: Vec<(String, u64)> = found.iter().map(|(s, &i)| (s.clone(), i)).collect();
        store
            .record_logged_sources(&list, from..size)
            .map_err(index_error)
    }
}

/// The blob a `source` entry logs. Entries that are not source records (custody events,
/// other tools' records) give `None`.
fn source_sha256(entry: &[u8]) -> Option<String> {
    match EntryRecord::decode(entry) {
        Ok(record) if record.kind == Kind::Source => record.sha256,
        _ => None,
    }
}

/// Entry bundles read during one [`Pipeline::archive`] call, so checking many sources that
/// sit in the same bundle reads it once.
#[derive(Default)]
struct BundleCache {
    bundles: HashMap<u64, Vec<Vec<u8>>>,
}

impl BundleCache {
    /// Whether log entry `index` is a source entry for the blob `sha256`. Any failure to read
    /// it counts as no: the bytes are then logged again rather than trusted.
    fn logs_source(&mut self, reader: &LedgerReader, index: u64, sha256: &str) -> bool {
        if index >= reader.size() {
            return false;
        }
        let bundle_index = index / TILE_WIDTH;
        let bundle = match self.bundles.entry(bundle_index) {
            std::collections::hash_map::Entry::Occupied(cached) => cached.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let tiles = TileSource::new(reader.log_dir(), reader.size());
                match tiles.read_bundle(bundle_index) {
                    Ok(bundle) => slot.insert(bundle),
                    Err(_) => return false,
                }
            }
        };
        bundle
            .get((index % TILE_WIDTH) as usize)
            .and_then(|entry| source_sha256(entry))
            .is_some_and(|logged| logged == sha256)
    }
}

/// A document's path: the source's name, plus where inside it the item is, so items of one
/// source are told apart (and a changed item is a new version of the same item, not of its
/// neighbour).
pub fn item_path(name: &str, locator: &Locator) -> String {
    match locator {
        Locator::WholeFile => name.to_string(),
        Locator::WarcRecord {
            member,
            record_number,
            ..
        } => match member {
            Some(m) => format!("{name}#{m}#record={record_number}"),
            None => format!("{name}#record={record_number}"),
        },
        Locator::FeedItem { guid, .. } => format!("{name}#item={guid}"),
        Locator::TelegramMessage {
            chat_id,
            message_id,
            ..
        } => match chat_id {
            Some(chat) => format!("{name}#chat={chat}&message={message_id}"),
            None => format!("{name}#message={message_id}"),
        },
    }
}
