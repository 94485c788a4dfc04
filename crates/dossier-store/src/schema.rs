//! The database layout and its migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. [`MIGRATIONS`] holds one SQL
//! script per version, applied in order inside one transaction each, so a database is always
//! at a whole version. Migrations are only ever appended: a released script is never edited,
//! because databases already at that version would not see the change.

use crate::StoreError;
use rusqlite::Connection;

/// One SQL script per schema version; `MIGRATIONS[0]` takes an empty database to version 1.
pub const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"
CREATE TABLE documents (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,          -- SHA-256 of the input bytes, lowercase hex
    title        TEXT,
    text         TEXT NOT NULL,
    language     TEXT NOT NULL,
    url          TEXT,
    published    TEXT,                          -- RFC 3339, as the reader found it
    byline       TEXT,
    site         TEXT,
    media_type   TEXT,
    source_path  TEXT,
    log_index    INTEGER,                       -- the archive log entry for the input bytes
    blob_sha256  TEXT,                          -- the archived blob
    version_of   TEXT REFERENCES documents(id), -- the previous version (same URL or path)
    ingested_at  TEXT NOT NULL,
    tool         TEXT,
    record_json  TEXT NOT NULL                  -- the whole dossier/document@1 record
);
CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX documents_source_path ON documents(source_path) WHERE source_path IS NOT NULL;
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_version_of ON documents(version_of) WHERE version_of IS NOT NULL;

CREATE TABLE claims (
    rowid            INTEGER PRIMARY KEY,
    document         INTEGER NOT NULL REFERENCES documents(rowid),
    claim_id         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    stance           TEXT NOT NULL,
    speaker_name     TEXT,
    speaker_entity   TEXT,
    speaker_mention  TEXT,
    speaker_start    INTEGER,
    speaker_end      INTEGER,
    cue              TEXT,
    cue_start        INTEGER,
    cue_end          INTEGER,
    content          TEXT NOT NULL,
    content_start    INTEGER NOT NULL,
    content_end      INTEGER NOT NULL,
    content_segments TEXT NOT NULL,             -- JSON array of [start, end]
    rule             TEXT NOT NULL,
    claim_json       TEXT NOT NULL,
    UNIQUE (document, claim_id)
);
CREATE INDEX claims_stance ON claims(stance);

CREATE TABLE entities (
    rowid      INTEGER PRIMARY KEY,
    document   INTEGER NOT NULL REFERENCES documents(rowid),
    entity_id  TEXT NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT,
    parent     TEXT,
    geonameid  INTEGER,
    lat        REAL,
    lon        REAL,
    country    TEXT,
    feature    TEXT,
    rule       TEXT NOT NULL,
    UNIQUE (document, entity_id)
);
CREATE INDEX entities_geonameid ON entities(geonameid) WHERE geonameid IS NOT NULL;
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

CREATE TABLE mentions (
    entity  INTEGER NOT NULL REFERENCES entities(rowid),
    text    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_text ON mentions(text COLLATE NOCASE);

CREATE TABLE hedges (
    rowid     INTEGER PRIMARY KEY,
    document  INTEGER NOT NULL REFERENCES documents(rowid),
    hedge_id  TEXT NOT NULL,
    type      TEXT NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    claim_id  TEXT,
    rule      TEXT NOT NULL,
    UNIQUE (document, hedge_id)
);

CREATE TABLE events (
    rowid          INTEGER PRIMARY KEY,
    document       INTEGER NOT NULL REFERENCES documents(rowid),
    event_id       TEXT NOT NULL,
    type           TEXT NOT NULL,
    trigger        TEXT NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    claim_id       TEXT,
    when_text      TEXT,
    actors         TEXT NOT NULL,               -- JSON arrays of entity ids
    targets        TEXT NOT NULL,
    places         TEXT NOT NULL,
    rule           TEXT NOT NULL,
    UNIQUE (document, event_id)
);
CREATE INDEX events_type ON events(type);

-- The places a claim is about: mentioned inside its content, or where an event it reports happened.
CREATE TABLE claim_places (
    claim      INTEGER NOT NULL REFERENCES claims(rowid),
    geonameid  INTEGER NOT NULL,
    PRIMARY KEY (claim, geonameid)
) WITHOUT ROWID;
CREATE INDEX claim_places_geonameid ON claim_places(geonameid, claim);

-- Full-text indexes. Case and accents fold (`remove_diacritics 2` also folds letters whose
-- accent Unicode does not decompose the usual way). claim_fts rowid = claims.rowid; it keeps
-- no copy of the text (contentless). document_fts reads its text from `documents`.
CREATE VIRTUAL TABLE claim_fts USING fts5(
    content, speaker, title,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE document_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
"#,
    // Version 2: claims carry their document's publication time, so "newest first" and
    // date ranges walk an index instead of sorting every claim; FTS5's `rank` is bm25 with
    // the document title weighted half.
    r#"
ALTER TABLE claims ADD COLUMN published TEXT;
UPDATE claims SET published = (SELECT d.published FROM documents d WHERE d.rowid = claims.document);
CREATE INDEX claims_newest ON claims(published DESC, document DESC);
DROP INDEX claims_stance;
CREATE INDEX claims_stance_newest ON claims(stance, published DESC, document DESC);
INSERT INTO claim_fts(claim_fts, rank) VALUES ('rank', 'bm25(1.0, 1.0, 0.5)');
"#,
    // Version 3: which blobs the archive log already holds as `source` entries, so an ingest
    // finds an entry to reuse without reading the whole log. A hint, checked against the log
    // before use; `logged_sources_scan.size` is the log size below which every source entry
    // is in the table (later entries are scanned from the log).
    r#"
CREATE TABLE logged_sources (
    sha256     TEXT PRIMARY KEY,                 -- the blob, lowercase hex
    log_index  INTEGER NOT NULL                  -- a source entry for it
) WITHOUT ROWID;
CREATE TABLE logged_sources_scan (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    size  INTEGER NOT NULL
);
INSERT INTO logged_sources_scan (id, size) VALUES (1, 0);
"#,
];

/// The schema version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings the database up to [`current_version`], refusing one written by a newer Dossier.
pub fn migrate(conn: &mut Connection) -> Result<u32, StoreError> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let current = current_version();
    if found > current {
        return Err(StoreError::NewerSchema { found, current });
    }
    for (i, script) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(script)
            .map_err(|error| StoreError::Migration { version, error })?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(current)
}
