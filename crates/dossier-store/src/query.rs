//! Searching claims and documents: full text plus facets.

use crate::{Store, StoreError, parse_record, time};
use dossier_model::{Claim, Hedge, Span, Stance};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A claim search. Every field narrows the result; the default matches every claim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Words that must all occur in the claim's content, its speakers or its document's
    /// title (case and accents folded). `"a phrase"` in double quotes must occur as written;
    /// a trailing `*` matches a prefix (`mobili*`).
    pub text: Option<String>,
    /// Words that must all occur in a name or mention of one of the claim's sources.
    pub speaker: Option<String>,
    /// GeoNames ids; the claim must be about one of them (a place mentioned in its content,
    /// or where an event it reports happened). `Some(vec![])` matches nothing: the caller
    /// asked for a place nobody could find.
    pub places: Option<Vec<u32>>,
    /// The claim's stance must be one of these (empty: any stance).
    pub stances: Vec<Stance>,
    /// Document published on or after this date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or RFC
    /// 3339). Documents without a date never match a date filter.
    pub since: Option<String>,
    /// Document published on or before this date (the whole day, month or year given).
    pub until: Option<String>,
    /// At most this many hits (`None`: all).
    pub limit: Option<usize>,
    /// Skip this many hits first.
    pub offset: usize,
}

impl Query {
    /// Whether the query narrows claims at all (exports of "everything" read documents
    /// directly).
    pub fn is_unfiltered(&self) -> bool {
        self.text.is_none()
            && self.speaker.is_none()
            && self.places.is_none()
            && self.stances.is_empty()
            && self.since.is_none()
            && self.until.is_none()
    }
}

/// The document a hit comes from, without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
    pub log_index: Option<u64>,
}

/// A geocoded place, as the document that mentions it named it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceSummary {
    pub geonameid: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
    pub feature: Option<String>,
}

/// One claim found by [`Store::search`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimHit {
    pub document: DocumentSummary,
    pub claim: Claim,
    /// The hedges and verification statements that qualify the claim.
    pub hedges: Vec<Hedge>,
    /// The places the claim is about.
    pub places: Vec<PlaceSummary>,
    /// The entity type (`person`, `organization`, ...) the speaker resolved to, if any.
    pub speaker_type: Option<String>,
}

/// One document found by [`Store::search_documents`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentHit {
    pub document: DocumentSummary,
    /// A piece of the text around the match, matched words in `[` `]`.
    pub snippet: String,
    pub claims: u64,
}

/// Turns what a person typed into a safe FTS5 expression: every word or `"phrase"` quoted
/// (so FTS5 operators and punctuation are just text), all of them required. `None` when
/// there is nothing to search for.
pub(crate) fn fts_expression(input: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |raw: &str, phrase: bool| {
        let prefix = !phrase && raw.ends_with('*');
        let body = raw.trim_end_matches('*');
        if !body.chars().any(char::is_alphanumeric) {
            return;
        }
        let quoted = format!("\"{}\"", body.replace('"', ""));
        terms.push(if prefix { quoted + "*" } else { quoted });
    };
    // Alternate outside / inside double quotes; an unclosed quote runs to the end.
    for (i, part) in input.split('"').enumerate() {
        if i % 2 == 1 {
            push(part, true);
        } else {
            for word in part.split_whitespace() {
                push(word, false);
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The FTS5 MATCH expression for a query's text and speaker, if either is set.
fn match_expression(q: &Query) -> Result<Option<String>, StoreError> {
    let text = match &q.text {
        Some(t) => Some(fts_expression(t).ok_or_else(|| {
            StoreError::InvalidQuery(format!("the search {t:?} has no words to look for"))
        })?),
        None => None,
    };
    let speaker = match &q.speaker {
        Some(s) => Some(fts_expression(s).ok_or_else(|| {
            StoreError::InvalidQuery(format!("the speaker {s:?} has no words to look for"))
        })?),
        None => None,
    };
    Ok(match (text, speaker) {
        (None, None) => None,
        (Some(t), None) => Some(t),
        (None, Some(s)) => Some(format!("speaker : ({s})")),
        (Some(t), Some(s)) => Some(format!("({t}) AND speaker : ({s})")),
    })
}

fn check_date(what: &str, d: &Option<String>) -> Result<(), StoreError> {
    match d {
        Some(d) if !time::is_date_prefix(d) => Err(StoreError::InvalidQuery(format!(
            "{what} date {d:?} is not YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time"
        ))),
        _ => Ok(()),
    }
}

/// SQL conditions on a publication time column for the date filters.
fn date_conditions(q: &Query, column: &str, conditions: &mut Vec<String>, params: &mut Vec<Value>) {
    if let Some(since) = &q.since {
        conditions.push(format!("{column} >= ?"));
        params.push(Value::Text(since.clone()));
    }
    if let Some(until) = &q.until {
        // Everything that starts with the date given sorts below it followed by the highest
        // code point, so "2022-05" includes all of May, and an index can bound the range.
        conditions.push(format!("{column} < ?"));
        params.push(Value::Text(format!("{until}\u{10ffff}")));
    }
}

/// How many of the most recently stored matches of a word search are ranked. Ranking costs
/// a few microseconds per match, so without a bound a word in every third claim of a large
/// store would take a tenth of a second; with it a search stays within milliseconds, and
/// for a very common word the best matches are those among its newest RANK_WINDOW.
pub const RANK_WINDOW: usize = 2000;

/// How many hits share one hedge query and one place query (see `complete_hits`). A page
/// of up to this many claims is one batch; longer walks (exports) go batch by batch.
const HIT_BATCH: usize = 256;

/// A hit as read from its row, before its hedges and places are added.
struct HitRow {
    claim_row: i64,
    doc_row: i64,
    document: DocumentSummary,
    claim: Claim,
    speaker_type: Option<String>,
}

/// Row ids as a JSON array, for `json_each` (one statement for any number of ids).
fn id_list(ids: &[i64]) -> String {
    let mut s = String::from("[");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s += &id.to_string();
    }
    s.push(']');
    s
}

const HIT_COLUMNS: &str = "c.rowid, c.claim_json, d.rowid, d.id, d.title, d.url, d.published, \
     d.site, d.log_index, (SELECT e.type FROM entities e \
     WHERE e.document = d.rowid AND e.entity_id = c.speaker_entity)";

impl Store {
    /// Claims matching `q`: best text matches first when there is text to match, else the
    /// most recently published documents first, claims in document order.
    pub fn search(&self, q: &Query) -> Result<Vec<ClaimHit>, StoreError> {
        let mut hits = Vec::new();
        self.for_each_claim(q, |hit| {
            hits.push(hit);
            Ok(())
        })?;
        Ok(hits)
    }

    /// Calls `f` with every claim matching `q`, in [`Store::search`] order, without holding
    /// them all in memory.
    pub fn for_each_claim(
        &self,
        q: &Query,
        mut f: impl FnMut(ClaimHit) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        check_date("since", &q.since)?;
        check_date("until", &q.until)?;
        if matches!(&q.places, Some(p) if p.is_empty()) {
            return Ok(());
        }
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if !q.stances.is_empty() {
            let marks = vec!["?"; q.stances.len()].join(", ");
            conditions.push(format!("c.stance IN ({marks})"));
            params.extend(q.stances.iter().map(|s| Value::Text(s.as_str().into())));
        }
        if let Some(places) = &q.places {
            let marks = vec!["?"; places.len()].join(", ");
            conditions.push(format!(
                "c.rowid IN (SELECT claim FROM claim_places WHERE geonameid IN ({marks}))"
            ));
            params.extend(places.iter().map(|p| Value::Integer(i64::from(*p))));
        }
        date_conditions(q, "c.published", &mut conditions, &mut params);
        let page = q.limit.is_some() || q.offset > 0;
        let page_params = [
            Value::Integer(q.limit.map_or(-1, |l| l as i64)),
            Value::Integer(q.offset as i64),
        ];

        let sql = match match_expression(q)? {
            // Words: FTS5 walks the matches newest first (its rowid order, which the facets
            // narrow), ranks at most RANK_WINDOW of them with bm25, and the page is cut from
            // that ranking. The window bounds the cost of a common word; see RANK_WINDOW.
            Some(expr) => {
                let mut inner =
                    String::from("SELECT f.rowid AS hit, f.rank AS score FROM claim_fts f");
                if !conditions.is_empty() {
                    inner += " JOIN claims c ON c.rowid = f.rowid";
                }
                inner += " WHERE claim_fts MATCH ?";
                for c in &conditions {
                    inner += " AND ";
                    inner += c;
                }
                inner += &format!(" ORDER BY f.rowid DESC LIMIT {RANK_WINDOW}");
                params.insert(0, Value::Text(expr));
                // Rank and cut the page before joining, so only the page's rows are read.
                let mut ranked = format!("SELECT hit, score FROM ({inner}) ORDER BY score, hit");
                if page {
                    ranked += " LIMIT ? OFFSET ?";
                    params.extend(page_params);
                }
                format!(
                    "SELECT {HIT_COLUMNS} FROM ({ranked}) w JOIN claims c ON c.rowid = w.hit \
                     JOIN documents d ON d.rowid = c.document ORDER BY w.score, w.hit"
                )
            }
            // Facets only: newest documents first, claims in document order; the order is
            // an index's, so a page stops early.
            None => {
                let mut sql = format!(
                    "SELECT {HIT_COLUMNS} FROM claims c JOIN documents d ON d.rowid = c.document"
                );
                if !conditions.is_empty() {
                    sql += " WHERE ";
                    sql += &conditions.join(" AND ");
                }
                sql += " ORDER BY c.published DESC, c.document DESC, c.rowid";
                if page {
                    sql += " LIMIT ? OFFSET ?";
                    params.extend(page_params);
                }
                sql
            }
        };

        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        // Hits are gathered in batches so that their hedges and places take one query per
        // batch, not two per hit: a page is one batch.
        let mut batch: Vec<HitRow> = Vec::with_capacity(HIT_BATCH);
        while let Some(row) = rows.next()? {
            let claim_row: i64 = row.get(0)?;
            let claim_json: String = row.get(1)?;
            let claim: Claim =
                serde_json::from_str(&claim_json).map_err(|error| StoreError::Corrupt {
                    what: format!("claim row {claim_row}"),
                    error,
                })?;
            batch.push(HitRow {
                claim_row,
                doc_row: row.get(2)?,
                document: DocumentSummary {
                    id: row.get(3)?,
                    title: row.get(4)?,
                    url: row.get(5)?,
                    published: row.get(6)?,
                    site: row.get(7)?,
                    log_index: row.get::<_, Option<i64>>(8)?.map(|i| i as u64),
                },
                claim,
                speaker_type: row.get(9)?,
            });
            if batch.len() == HIT_BATCH {
                self.complete_hits(std::mem::take(&mut batch), &mut f)?;
            }
        }
        if !batch.is_empty() {
            self.complete_hits(batch, &mut f)?;
        }
        Ok(())
    }

    /// Adds their hedges and places to a batch of hits (one query each for the whole
    /// batch) and hands them to `f` in order.
    fn complete_hits(
        &self,
        batch: Vec<HitRow>,
        f: &mut impl FnMut(ClaimHit) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut doc_rows: Vec<i64> = batch.iter().map(|h| h.doc_row).collect();
        doc_rows.sort_unstable();
        doc_rows.dedup();
        let claim_rows: Vec<i64> = batch.iter().map(|h| h.claim_row).collect();
        let mut hedges = self.hedges_of_documents(&doc_rows)?;
        let mut places = self.places_of_claims(&claim_rows)?;
        for h in batch {
            f(ClaimHit {
                hedges: hedges
                    .remove(&(h.doc_row, h.claim.id.clone()))
                    .unwrap_or_default(),
                places: places.remove(&h.claim_row).unwrap_or_default(),
                document: h.document,
                claim: h.claim,
                speaker_type: h.speaker_type,
            })?;
        }
        Ok(())
    }

    /// The hedges that qualify a claim in any of these documents, by (document row, claim
    /// id), each list in text order.
    fn hedges_of_documents(
        &self,
        doc_rows: &[i64],
    ) -> Result<HashMap<(i64, String), Vec<Hedge>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT document, claim_id, hedge_id, type, text, start, end, rule FROM hedges
             WHERE document IN (SELECT value FROM json_each(?1)) AND claim_id IS NOT NULL
             ORDER BY document, claim_id, start",
        )?;
        let mut rows = stmt.query([id_list(doc_rows)])?;
        let mut hedges: HashMap<(i64, String), Vec<Hedge>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let doc_row: i64 = r.get(0)?;
            let claim_id: String = r.get(1)?;
            let id: String = r.get(2)?;
            let kind: String = r.get(3)?;
            let hedge_type =
                serde_json::from_value(serde_json::Value::String(kind)).map_err(|error| {
                    StoreError::Corrupt {
                        what: format!("type of hedge {id}"),
                        error,
                    }
                })?;
            let hedge = Hedge {
                id,
                text: r.get(4)?,
                span: Span(r.get::<_, i64>(5)? as usize, r.get::<_, i64>(6)? as usize),
                hedge_type,
                claim: Some(claim_id.clone()),
                rule: r.get(7)?,
            };
            hedges.entry((doc_row, claim_id)).or_default().push(hedge);
        }
        Ok(hedges)
    }

    /// The places each of these claims is about, by claim row, each list by GeoNames id.
    fn places_of_claims(
        &self,
        claim_rows: &[i64],
    ) -> Result<HashMap<i64, Vec<PlaceSummary>>, StoreError> {
        // The claim's document's own entity gives the name as written there.
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.claim, p.geonameid, min(e.name), min(e.lat), min(e.lon), min(e.country),
                    min(e.feature)
             FROM claim_places p JOIN claims c ON c.rowid = p.claim
               JOIN entities e ON e.document = c.document AND e.geonameid = p.geonameid
             WHERE p.claim IN (SELECT value FROM json_each(?1))
             GROUP BY p.claim, p.geonameid ORDER BY p.claim, p.geonameid",
        )?;
        let mut rows = stmt.query([id_list(claim_rows)])?;
        let mut places: HashMap<i64, Vec<PlaceSummary>> = HashMap::new();
        while let Some(r) = rows.next()? {
            places.entry(r.get(0)?).or_default().push(PlaceSummary {
                geonameid: r.get(1)?,
                name: r.get(2)?,
                lat: r.get(3)?,
                lon: r.get(4)?,
                country: r.get(5)?,
                feature: r.get(6)?,
            });
        }
        Ok(places)
    }

    /// How many claims are about each place (GeoNames id → claims), over the whole store.
    /// Reads only the claim–place index, so it takes milliseconds where walking every claim
    /// with [`Store::for_each_claim`] takes seconds on a large store.
    pub fn place_claim_counts(&self) -> Result<BTreeMap<u32, u64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT geonameid, count(*) FROM claim_places GROUP BY geonameid ORDER BY geonameid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Documents whose title or text contains all the words of `q.text` (best matches
    /// first), narrowed by the date and place filters of `q` (a place: mentioned anywhere in
    /// the document). Speaker and stance filters do not apply to documents.
    pub fn search_documents(&self, q: &Query) -> Result<Vec<DocumentHit>, StoreError> {
        check_date("since", &q.since)?;
        check_date("until", &q.until)?;
        if matches!(&q.places, Some(p) if p.is_empty()) {
            return Ok(Vec::new());
        }
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let fts = match &q.text {
            Some(t) => Some(fts_expression(t).ok_or_else(|| {
                StoreError::InvalidQuery(format!("the search {t:?} has no words to look for"))
            })?),
            None => None,
        };
        if let Some(places) = &q.places {
            let marks = vec!["?"; places.len()].join(", ");
            conditions.push(format!(
                "d.rowid IN (SELECT document FROM entities WHERE geonameid IN ({marks}))"
            ));
            params.extend(places.iter().map(|p| Value::Integer(i64::from(*p))));
        }
        date_conditions(q, "d.published", &mut conditions, &mut params);
        let page = [
            Value::Integer(q.limit.map_or(-1, |l| l as i64)),
            Value::Integer(q.offset as i64),
        ];
        let columns = "d.id, d.title, d.url, d.published, d.site, d.log_index";
        let claims = "(SELECT count(*) FROM claims c WHERE c.document = d.rowid)";
        let sql = match fts {
            // As for claims: rank the newest RANK_WINDOW matches, cut the page, then join;
            // the snippet is made for the page's documents only. Parameters follow the
            // text order: snippet, match, conditions, page.
            Some(expr) => {
                let mut inner = String::from(
                    "SELECT f.rowid AS hit, bm25(document_fts, 2.0, 1.0) AS score \
                     FROM document_fts f JOIN documents d ON d.rowid = f.rowid \
                     WHERE document_fts MATCH ?",
                );
                for c in &conditions {
                    inner += " AND ";
                    inner += c;
                }
                inner += &format!(" ORDER BY f.rowid DESC LIMIT {RANK_WINDOW}");
                params.insert(0, Value::Text(expr.clone()));
                params.insert(0, Value::Text(expr));
                params.extend(page);
                format!(
                    "SELECT {columns}, (SELECT snippet(document_fts, 1, '[', ']', '…', 16) \
                         FROM document_fts WHERE document_fts MATCH ? AND rowid = w.hit), \
                         {claims} \
                     FROM (SELECT hit, score FROM ({inner}) ORDER BY score, hit \
                           LIMIT ? OFFSET ?) w \
                     JOIN documents d ON d.rowid = w.hit ORDER BY w.score, w.hit"
                )
            }
            None => {
                let mut sql =
                    format!("SELECT {columns}, substr(d.text, 1, 120), {claims} FROM documents d");
                if !conditions.is_empty() {
                    sql += " WHERE ";
                    sql += &conditions.join(" AND ");
                }
                sql += " ORDER BY d.published DESC, d.rowid DESC LIMIT ? OFFSET ?";
                params.extend(page);
                sql
            }
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(DocumentHit {
                document: DocumentSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    published: r.get(3)?,
                    site: r.get(4)?,
                    log_index: r.get::<_, Option<i64>>(5)?.map(|i| i as u64),
                },
                snippet: r.get::<_, String>(6)?.replace('\n', " "),
                claims: r.get::<_, i64>(7)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// GeoNames ids of stored places that some document names `name` (its canonical name or
    /// a mention, ASCII case folded). Complements the gazetteer for spellings seen in the
    /// store.
    pub fn places_named(&self, name: &str) -> Result<Vec<u32>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT geonameid FROM entities WHERE geonameid IS NOT NULL
                 AND name = ?1 COLLATE NOCASE
             UNION
             SELECT e.geonameid FROM mentions m JOIN entities e ON e.rowid = m.entity
             WHERE e.geonameid IS NOT NULL AND m.text = ?1 COLLATE NOCASE
             ORDER BY 1",
        )?;
        let ids = stmt.query_map([name.trim()], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Calls `f` with every stored document record, oldest first, with its log index.
    pub fn for_each_document(
        &self,
        mut f: impl FnMut(
            dossier_model::DocumentRecord,
            crate::StoredProvenance,
        ) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, record_json, log_index, blob_sha256, ingested_at, tool, version_of
             FROM documents ORDER BY rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let record = parse_record(&id, &r.get::<_, String>(1)?)?;
            f(
                record,
                crate::StoredProvenance {
                    log_index: r.get::<_, Option<i64>>(2)?.map(|i| i as u64),
                    blob_sha256: r.get(3)?,
                    ingested_at: r.get(4)?,
                    tool: r.get(5)?,
                    version_of: r.get(6)?,
                    later_versions: Vec::new(),
                },
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_expression_quotes_everything() {
        assert_eq!(
            fts_expression("border Kharkiv").as_deref(),
            Some("\"border\" \"Kharkiv\"")
        );
        assert_eq!(
            fts_expression("\"border line\" mobili*").as_deref(),
            Some("\"border line\" \"mobili\"*")
        );
        // Operators and punctuation are text, never syntax.
        assert_eq!(
            fts_expression("NOT x OR y: (z)").as_deref(),
            Some("\"NOT\" \"x\" \"OR\" \"y:\" \"(z)\"")
        );
        assert_eq!(fts_expression("  !!  ** "), None);
        assert_eq!(
            fts_expression("\"unclosed phrase").as_deref(),
            Some("\"unclosed phrase\"")
        );
    }
}
