//! Storing a document record: one transaction per document.

use crate::{Store, StoreError, json_tag, time};
use dossier_model::{Claim, DOCUMENT_SCHEMA, DocumentRecord, Span, Speaker};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{BTreeSet, HashMap};

/// What the caller knows about where a document's bytes went before extraction: the
/// chain-of-custody facts that are not part of the extracted record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The archive log entry that holds the input bytes.
    pub log_index: Option<u64>,
    /// The SHA-256 (hex) of the archived blob.
    pub blob_sha256: Option<String>,
    /// What stored it, e.g. `dossier 0.1.0 ingest`.
    pub tool: Option<String>,
}

/// What [`Store::insert`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    /// A new document.
    Inserted,
    /// The same bytes were already stored; nothing changed (except archive provenance the
    /// stored copy was missing, which is filled in).
    Duplicate,
    /// A new document that is a later version of `of` (same URL or path, other bytes).
    NewVersion { of: String },
}

impl Store {
    /// Stores a record with its provenance, all or nothing. See the crate docs for
    /// idempotence and versions.
    pub fn insert(
        &mut self,
        record: &DocumentRecord,
        provenance: &Provenance,
    ) -> Result<InsertOutcome, StoreError> {
        validate(record)?;
        let tx = self.conn.transaction()?;
        let outcome = insert_in(&tx, record, provenance)?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// A stored document, as [`Store::note_duplicate`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSummary {
    pub title: Option<String>,
    pub claims: usize,
}

impl Store {
    /// For bytes already stored under `id`: fills in archive provenance the stored copy was
    /// missing, exactly as [`Store::insert`] does for a duplicate, and gives the stored
    /// title and claim count. `None` when no document has this id. Lets a caller skip
    /// extracting a document whose bytes it stored before (inserting it again would change
    /// nothing else).
    pub fn note_duplicate(
        &mut self,
        id: &str,
        provenance: &Provenance,
    ) -> Result<Option<StoredSummary>, StoreError> {
        let tx = self.conn.transaction()?;
        let found: Option<(i64, Option<String>)> = tx
            .prepare_cached("SELECT rowid, title FROM documents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((rowid, title)) = found else {
            return Ok(None);
        };
        fill_provenance(&tx, rowid, provenance)?;
        let claims: i64 = tx
            .prepare_cached("SELECT count(*) FROM claims WHERE document = ?1")?
            .query_row([rowid], |r| r.get(0))?;
        tx.commit()?;
        Ok(Some(StoredSummary {
            title,
            claims: usize::try_from(claims).unwrap_or(0),
        }))
    }
}

/// Fills in archive provenance a first, archive-less insert could not know; never
/// overwrites what is there.
fn fill_provenance(
    tx: &Transaction,
    rowid: i64,
    provenance: &Provenance,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE documents SET log_index = coalesce(log_index, ?2),
                              blob_sha256 = coalesce(blob_sha256, ?3)
         WHERE rowid = ?1",
    )?
    .execute(params![
        rowid,
        provenance.log_index.map(|i| i as i64),
        provenance.blob_sha256
    ])?;
    Ok(())
}

fn validate(record: &DocumentRecord) -> Result<(), StoreError> {
    let bad = |m: String| Err(StoreError::InvalidRecord(m));
    if record.schema != DOCUMENT_SCHEMA {
        return bad(format!(
            "schema is {:?}, expected {DOCUMENT_SCHEMA:?}",
            record.schema
        ));
    }
    let id = &record.document.id;
    if id.len() != 64 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return bad(format!("document id {id:?} is not a lowercase hex SHA-256"));
    }
    let len = record.document.text.chars().count();
    let check = |what: &str, s: Span| {
        if s.start() > s.end() || s.end() > len {
            Err(StoreError::InvalidRecord(format!(
                "{what} span [{}, {}) lies outside the text ({len} code points)",
                s.start(),
                s.end()
            )))
        } else {
            Ok(())
        }
    };
    for c in &record.claims {
        check(&format!("claim {} content", c.id), c.content.span)?;
        for s in &c.content.segments {
            check(&format!("claim {} content segment", c.id), *s)?;
        }
    }
    for e in &record.entities {
        for m in &e.mentions {
            check(&format!("entity {} mention", e.id), m.span)?;
        }
    }
    for h in &record.hedges {
        check(&format!("hedge {}", h.id), h.span)?;
    }
    Ok(())
}

fn insert_in(
    tx: &Transaction,
    record: &DocumentRecord,
    provenance: &Provenance,
) -> Result<InsertOutcome, StoreError> {
    let doc = &record.document;
    let log_index = provenance.log_index.map(|i| i as i64);
    let existing: Option<i64> = tx
        .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
        .query_row([&doc.id], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = existing {
        fill_provenance(tx, rowid, provenance)?;
        return Ok(InsertOutcome::Duplicate);
    }

    let source = doc.source.clone().unwrap_or_default();
    // The previous version: the latest document from the same URL, or without a URL, the
    // same path — but not one read from the same archived file: items of one container
    // (messages of one export, items of one feed) share a path and are siblings, not
    // versions of each other.
    let previous: Option<String> = if let Some(url) = &source.url {
        tx.prepare_cached("SELECT id FROM documents WHERE url = ?1 ORDER BY rowid DESC LIMIT 1")?
            .query_row([url], |r| r.get(0))
            .optional()?
    } else if let Some(path) = &source.path {
        tx.prepare_cached(
            "SELECT id FROM documents WHERE url IS NULL AND source_path = ?1
                 AND (?2 IS NULL OR blob_sha256 IS NULL OR blob_sha256 <> ?2)
             ORDER BY rowid DESC LIMIT 1",
        )?
        .query_row(params![path, provenance.blob_sha256], |r| r.get(0))
        .optional()?
    } else {
        None
    };

    let record_json = serde_json::to_string(record).map_err(|error| StoreError::Corrupt {
        what: format!("serialising document {}", doc.id),
        error,
    })?;
    tx.prepare_cached(
        "INSERT INTO documents (id, title, text, language, url, published, byline, site,
             media_type, source_path, log_index, blob_sha256, version_of, ingested_at, tool,
             record_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        doc.id,
        doc.title,
        doc.text,
        doc.language,
        source.url,
        source.published,
        source.byline,
        source.site_name,
        source.media_type,
        source.path,
        log_index,
        provenance.blob_sha256,
        previous,
        time::now_rfc3339(),
        provenance.tool,
        record_json,
    ])?;
    let doc_row = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO document_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![doc_row, doc.title, doc.text])?;

    // Entities first: claims need to know which places their content mentions.
    let mut place_of_entity: HashMap<&str, u32> = HashMap::new();
    let mut place_mentions: Vec<(Span, u32)> = Vec::new();
    {
        let mut ins_entity = tx.prepare_cached(
            "INSERT INTO entities (document, entity_id, type, name, role, parent, geonameid,
                 lat, lon, country, feature, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut ins_mention = tx.prepare_cached(
            "INSERT INTO mentions (entity, text, start, end) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for e in &record.entities {
            let p = e.place.as_ref();
            ins_entity.execute(params![
                doc_row,
                e.id,
                e.entity_type.as_str(),
                e.name,
                e.role,
                e.parent,
                p.map(|p| p.geonameid),
                p.map(|p| p.lat),
                p.map(|p| p.lon),
                p.map(|p| &p.country),
                p.map(|p| &p.feature),
                e.rule,
            ])?;
            let entity_row = tx.last_insert_rowid();
            for m in &e.mentions {
                ins_mention.execute(params![
                    entity_row,
                    m.text,
                    m.span.0 as i64,
                    m.span.1 as i64
                ])?;
                if let Some(p) = p {
                    place_mentions.push((m.span, p.geonameid));
                }
            }
            if let Some(p) = p {
                place_of_entity.insert(e.id.as_str(), p.geonameid);
            }
        }
    }

    // Places of events reported in a claim count as that claim's places.
    let mut event_places: HashMap<&str, BTreeSet<u32>> = HashMap::new();
    for ev in &record.events {
        if let Some(claim) = &ev.claim {
            let set = event_places.entry(claim.as_str()).or_default();
            set.extend(
                ev.places
                    .iter()
                    .filter_map(|p| place_of_entity.get(p.as_str()).copied()),
            );
        }
    }

    {
        let mut ins_claim = tx.prepare_cached(
            "INSERT INTO claims (document, claim_id, kind, stance, speaker_name, speaker_entity,
                 speaker_mention, speaker_start, speaker_end, cue, cue_start, cue_end, content,
                 content_start, content_end, content_segments, rule, claim_json, published)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19)",
        )?;
        let mut ins_fts = tx.prepare_cached(
            "INSERT INTO claim_fts (rowid, content, speaker, title) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut ins_place = tx.prepare_cached(
            "INSERT OR IGNORE INTO claim_places (claim, geonameid) VALUES (?1, ?2)",
        )?;
        for c in &record.claims {
            let sp = c.speaker.as_ref();
            let mention = sp.and_then(|s| s.mention.as_ref());
            ins_claim.execute(params![
                doc_row,
                c.id,
                kind_str(c),
                c.stance.as_str(),
                sp.and_then(|s| s.name.as_deref()),
                sp.and_then(|s| s.entity.as_deref()),
                mention.map(|m| &m.text),
                mention.map(|m| m.span.0 as i64),
                mention.map(|m| m.span.1 as i64),
                c.cue.as_ref().map(|m| &m.text),
                c.cue.as_ref().map(|m| m.span.0 as i64),
                c.cue.as_ref().map(|m| m.span.1 as i64),
                c.content.text,
                c.content.span.0 as i64,
                c.content.span.1 as i64,
                to_json(&c.content.segments, &c.id)?,
                c.rule,
                to_json(c, &c.id)?,
                source.published,
            ])?;
            let claim_row = tx.last_insert_rowid();
            ins_fts.execute(params![
                claim_row,
                c.content.text,
                speaker_text(c),
                doc.title
            ])?;

            let mut places: BTreeSet<u32> =
                event_places.get(c.id.as_str()).cloned().unwrap_or_default();
            let segments: &[Span] = if c.content.segments.is_empty() {
                std::slice::from_ref(&c.content.span)
            } else {
                &c.content.segments
            };
            for (span, geonameid) in &place_mentions {
                if segments.iter().any(|s| s.overlaps(*span)) {
                    places.insert(*geonameid);
                }
            }
            for geonameid in places {
                ins_place.execute(params![claim_row, geonameid])?;
            }
        }
    }

    {
        let mut ins_hedge = tx.prepare_cached(
            "INSERT INTO hedges (document, hedge_id, type, text, start, end, claim_id, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for h in &record.hedges {
            ins_hedge.execute(params![
                doc_row,
                h.id,
                json_tag(&h.hedge_type),
                h.text,
                h.span.0 as i64,
                h.span.1 as i64,
                h.claim,
                h.rule,
            ])?;
        }
        let mut ins_event = tx.prepare_cached(
            "INSERT INTO events (document, event_id, type, trigger, trigger_start, trigger_end,
                 start, end, claim_id, when_text, actors, targets, places, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for ev in &record.events {
            ins_event.execute(params![
                doc_row,
                ev.id,
                ev.event_type,
                ev.trigger.text,
                ev.trigger.span.0 as i64,
                ev.trigger.span.1 as i64,
                ev.span.0 as i64,
                ev.span.1 as i64,
                ev.claim,
                ev.when.as_ref().map(|w| &w.text),
                to_json(&ev.actors, &ev.id)?,
                to_json(&ev.targets, &ev.id)?,
                to_json(&ev.places, &ev.id)?,
                ev.rule,
            ])?;
        }
    }

    Ok(match previous {
        Some(of) => InsertOutcome::NewVersion { of },
        None => InsertOutcome::Inserted,
    })
}

/// Every name and mention of every source of a claim, for full-text search by speaker.
pub(crate) fn speaker_text(c: &Claim) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let speakers: Vec<&Speaker> = if c.sources.is_empty() {
        c.speaker.iter().collect()
    } else {
        c.sources.iter().collect()
    };
    for s in speakers {
        for t in [
            s.name.as_deref(),
            s.mention.as_ref().map(|m| m.text.as_str()),
        ]
        .into_iter()
        .flatten()
        {
            if !parts.contains(&t) {
                parts.push(t);
            }
        }
    }
    parts.join(" ; ")
}

fn kind_str(c: &Claim) -> String {
    json_tag(&c.kind)
}

/// JSON-encodes a piece of a record for a column, naming the item in any error.
fn to_json(v: &impl serde::Serialize, item: &str) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|error| StoreError::Corrupt {
        what: format!("serialising {item}"),
        error,
    })
}
