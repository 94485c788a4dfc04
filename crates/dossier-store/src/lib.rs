//! The embedded Dossier store: every `dossier/document@1` record in one SQLite file, with
//! full-text search over claims and documents.
//!
//! # Example
//!
//! ```no_run
//! use dossier_store::{Provenance, Query, Store};
//! # fn main() -> Result<(), dossier_store::StoreError> {
//! # let record: dossier_model::DocumentRecord = unimplemented!();
//! let mut store = Store::open("dossier.sqlite")?;
//! store.insert(&record, &Provenance::default())?;
//! let hits = store.search(&Query {
//!     text: Some("border Kharkiv".into()),
//!     ..Query::default()
//! })?;
//! for hit in hits {
//!     println!("{}: {}", hit.document.id, hit.claim.content.text);
//! }
//! # Ok(()) }
//! ```
//!
//! # Layout
//!
//! One row per document (with its whole record as JSON, so nothing the extractor produced is
//! lost), and one row per claim, entity, mention, hedge and event so they can be filtered in
//! SQL. Two FTS5 indexes fold case and accents: `claim_fts` (claim content, speakers and the
//! document title) answers [`Store::search`]; `document_fts` (title and text) answers
//! [`Store::search_documents`]. The schema is versioned ([`schema`]) and migrated on open.
//!
//! # Guarantees
//!
//! - **Idempotent.** A document's id is the SHA-256 of its input bytes; inserting the same id
//!   again changes nothing and answers [`InsertOutcome::Duplicate`].
//! - **Versions.** Different bytes from a URL (or, without a URL, a path) already stored
//!   become a new document whose `version_of` names the latest earlier one
//!   ([`InsertOutcome::NewVersion`]). Earlier versions stay as they were.
//! - **Atomic.** Each insert is one transaction: a document is stored with everything
//!   extracted from it, or not at all. The database runs in WAL mode, so a crash or a kill
//!   loses at most the insert in flight, and readers never block the writer.
//!
//! Offsets in the tables are Unicode code points, as in the record.

mod export;
mod insert;
mod logged;
mod query;
pub mod schema;
mod time;

pub use export::ExportFormat;
pub use insert::{InsertOutcome, Provenance, StoredSummary};
pub use query::{ClaimHit, DocumentHit, DocumentSummary, PlaceSummary, Query, RANK_WINDOW};

use dossier_model::DocumentRecord;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything that can go wrong in the store.
///
/// Each message includes the underlying error's text, so `to_string()` says everything;
/// for that reason no variant also reports it as `source()` (an error chain would print it
/// twice).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("cannot open the database {path}: {error}")]
    Open {
        path: String,
        error: rusqlite::Error,
    },
    #[error(
        "the database is at schema version {found}, newer than this build understands ({current}); use a newer dossier"
    )]
    NewerSchema { found: u32, current: u32 },
    #[error(
        "the database is at schema version {found}, older than this build's ({current}); open it for writing once to migrate it"
    )]
    OlderSchema { found: u32, current: u32 },
    #[error("migrating the database to schema version {version} failed: {error}")]
    Migration {
        version: u32,
        error: rusqlite::Error,
    },
    #[error("invalid document record: {0}")]
    InvalidRecord(String),
    #[error("stored data is damaged ({what}): {error}")]
    Corrupt {
        what: String,
        error: serde_json::Error,
    },
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("no document with an id starting with {0:?}")]
    NotFound(String),
    #[error("{count} documents have ids starting with {prefix:?}; give more characters")]
    Ambiguous { prefix: String, count: usize },
    #[error("writing the export failed: {0}")]
    Write(std::io::Error),
    #[error("writing the CSV export failed: {0}")]
    Csv(csv::Error),
}

impl StoreError {
    /// Whether an export failed only because its reader went away (a closed pipe, as with
    /// `| head`), which a command line treats as a normal end.
    pub fn is_broken_pipe(&self) -> bool {
        let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
        match self {
            StoreError::Write(e) => broken(e),
            StoreError::Csv(e) => matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)),
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Write(e)
    }
}

impl From<csv::Error> for StoreError {
    fn from(e: csv::Error) -> Self {
        StoreError::Csv(e)
    }
}

/// The store: one SQLite connection. Open one per thread; SQLite (in WAL mode) lets many
/// readers work beside one writer.
pub struct Store {
    conn: Connection,
}

/// How many of each thing the store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub documents: u64,
    /// Documents that are a later version of another.
    pub versions: u64,
    pub claims: u64,
    pub entities: u64,
    /// Distinct GeoNames places mentioned.
    pub places: u64,
    pub hedges: u64,
    pub events: u64,
    /// Documents whose input bytes are in the archive log.
    pub archived: u64,
    pub claims_by_stance: BTreeMap<String, u64>,
    pub schema_version: u32,
}

/// Where a stored document came from and how it relates to other versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredProvenance {
    pub log_index: Option<u64>,
    pub blob_sha256: Option<String>,
    /// RFC 3339, UTC.
    pub ingested_at: String,
    pub tool: Option<String>,
    /// The previous version's id.
    pub version_of: Option<String>,
    /// Ids of the later versions, oldest first.
    pub later_versions: Vec<String>,
}

/// A document as stored: the record and its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    pub record: DocumentRecord,
    pub provenance: StoredProvenance,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, and migrates it to the current
    /// schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|error| StoreError::Open {
            path: path.display().to_string(),
            error,
        })?;
        Self::setup(conn, true)
    }

    /// Opens an existing database for reading only (it must already be at the current
    /// schema version).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| StoreError::Open {
            path: path.display().to_string(),
            error,
        })?;
        Self::setup(conn, false)
    }

    /// A store in memory, gone when dropped (for tests and experiments).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?, true)
    }

    fn setup(mut conn: Connection, writable: bool) -> Result<Store, StoreError> {
        // A writer holding the lock briefly (one insert) should delay readers, not fail them.
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if writable {
            // WAL: readers do not block the writer, and a crash loses at most the open
            // transaction. NORMAL sync is durable in WAL mode except for the last commits
            // before a power loss (never corrupting).
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            schema::migrate(&mut conn)?;
        } else {
            let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let current = schema::current_version();
            if found > current {
                return Err(StoreError::NewerSchema { found, current });
            }
            if found < current {
                return Err(StoreError::OlderSchema { found, current });
            }
        }
        Ok(Store { conn })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Counts of everything stored.
    pub fn status(&self) -> Result<Status, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let mut claims_by_stance = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT stance, count(*) FROM claims GROUP BY stance ORDER BY stance")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (stance, n) = row?;
            claims_by_stance.insert(stance, n as u64);
        }
        Ok(Status {
            documents: count("SELECT count(*) FROM documents")?,
            versions: count("SELECT count(*) FROM documents WHERE version_of IS NOT NULL")?,
            claims: count("SELECT count(*) FROM claims")?,
            entities: count("SELECT count(*) FROM entities")?,
            places: count(
                "SELECT count(DISTINCT geonameid) FROM entities WHERE geonameid IS NOT NULL",
            )?,
            hedges: count("SELECT count(*) FROM hedges")?,
            events: count("SELECT count(*) FROM events")?,
            archived: count("SELECT count(*) FROM documents WHERE log_index IS NOT NULL")?,
            claims_by_stance,
            schema_version: self.schema_version()?,
        })
    }

    /// The full id of the one document whose id starts with `prefix` (at least 4 hex
    /// characters, to keep accidental matches away).
    pub fn resolve_id(&self, prefix: &str) -> Result<String, StoreError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < 4 || prefix.len() > 64 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::InvalidQuery(format!(
                "a document id is 4 to 64 hex characters, got {prefix:?}"
            )));
        }
        // Hex ids sort like strings, so a prefix is a range: [prefix, prefix + 'g').
        let upper = format!("{prefix}g");
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
        let ids: Vec<String> = stmt
            .query_map([&prefix, &upper], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.len() {
            0 => Err(StoreError::NotFound(prefix)),
            1 => Ok(ids.into_iter().next().expect("one id")),
            _ => {
                let count: i64 = self.conn.query_row(
                    "SELECT count(*) FROM documents WHERE id >= ?1 AND id < ?2",
                    [&prefix, &upper],
                    |r| r.get(0),
                )?;
                Err(StoreError::Ambiguous {
                    prefix,
                    count: count as usize,
                })
            }
        }
    }

    /// The document whose id is `id` or starts with it, with its provenance.
    pub fn document(&self, id: &str) -> Result<StoredDocument, StoreError> {
        let id = self.resolve_id(id)?;
        let row = self
            .conn
            .query_row(
                "SELECT record_json, log_index, blob_sha256, ingested_at, tool, version_of
                 FROM documents WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.clone()))?;
        let (json, log_index, blob_sha256, ingested_at, tool, version_of) = row;
        let record = parse_record(&id, &json)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE version_of = ?1 ORDER BY rowid")?;
        let mut later_versions = Vec::new();
        // Follow the chain forward: each version names only its predecessor.
        let mut current = id.clone();
        loop {
            let next: Option<String> = stmt.query_row([&current], |r| r.get(0)).optional()?;
            match next {
                Some(n) if !later_versions.contains(&n) && n != id => {
                    later_versions.push(n.clone());
                    current = n;
                }
                _ => break,
            }
        }
        Ok(StoredDocument {
            record,
            provenance: StoredProvenance {
                log_index: log_index.map(|i| i as u64),
                blob_sha256,
                ingested_at,
                tool,
                version_of,
                later_versions,
            },
        })
    }

    /// Whether a document with exactly this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([id])?)
    }
}

fn parse_record(id: &str, json: &str) -> Result<DocumentRecord, StoreError> {
    serde_json::from_str(json).map_err(|error| StoreError::Corrupt {
        what: format!("record of document {id}"),
        error,
    })
}

/// The snake_case JSON name of a unit enum variant (`ClaimKind::Direct` → `direct`).
pub(crate) fn json_tag(v: &impl serde::Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}
