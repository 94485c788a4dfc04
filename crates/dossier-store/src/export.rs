//! Exports of what a [`Query`] selects, streamed to any writer.
//!
//! | format | one item per | shape |
//! |---|---|---|
//! | `json` | document | `{"schema":"dossier/export@1","documents":[{"record":…,"provenance":…}]}` |
//! | `csv` | claim | header row, then one row per claim (see [`CSV_HEADER`]) |
//! | `geojson` | place | a `FeatureCollection` of `Point`s with the claims about each place |
//! | `claimreview` | claim with a stance other than `asserted` | a JSON array of schema.org `ClaimReview` |
//!
//! The JSON export is lossless: every record exactly as stored, with its provenance; with
//! filters it holds the documents that have at least one matching claim.

use crate::query::{ClaimHit, PlaceSummary, Query};
use crate::{Store, StoreError, StoredProvenance, json_tag, time};
use dossier_model::{DocumentRecord, Speaker, Stance};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    GeoJson,
    ClaimReview,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            "geojson" => Ok(ExportFormat::GeoJson),
            "claimreview" => Ok(ExportFormat::ClaimReview),
            other => Err(format!(
                "unknown export format {other:?} (json, csv, geojson, claimreview)"
            )),
        }
    }
}

/// The columns of the CSV export, in order.
pub const CSV_HEADER: [&str; 18] = [
    "document_id",
    "claim_id",
    "published",
    "title",
    "url",
    "speaker",
    "speaker_entity",
    "speaker_mention",
    "cue",
    "content",
    "content_start",
    "content_end",
    "kind",
    "stance",
    "hedges",
    "places",
    "rule",
    "log_index",
];

/// The schema tag of the JSON export.
pub const EXPORT_SCHEMA: &str = "dossier/export@1";

impl Store {
    /// Writes what `q` selects in `format` to `out`; returns how many items (documents,
    /// claims or places) were written.
    pub fn export(
        &self,
        format: ExportFormat,
        q: &Query,
        out: &mut dyn Write,
    ) -> Result<u64, StoreError> {
        match format {
            ExportFormat::Json => self.export_json(q, out),
            ExportFormat::Csv => self.export_csv(q, out),
            ExportFormat::GeoJson => self.export_geojson(q, out),
            ExportFormat::ClaimReview => self.export_claimreview(q, out),
        }
    }

    fn export_json(&self, q: &Query, out: &mut dyn Write) -> Result<u64, StoreError> {
        write!(
            out,
            "{{\"schema\":\"{EXPORT_SCHEMA}\",\"exported_at\":\"{}\",\"documents\":[",
            time::now_rfc3339()
        )?;
        let mut n = 0u64;
        let mut write_doc =
            |record: &DocumentRecord, provenance: &StoredProvenance| -> Result<(), StoreError> {
                if n > 0 {
                    out.write_all(b",\n")?;
                } else {
                    out.write_all(b"\n")?;
                }
                let item = json!({ "record": record, "provenance": provenance });
                serde_json::to_writer(&mut *out, &item).map_err(std::io::Error::from)?;
                n += 1;
                Ok(())
            };
        if q.is_unfiltered() && q.limit.is_none() && q.offset == 0 {
            self.for_each_document(|record, provenance| write_doc(&record, &provenance))?;
        } else {
            let mut ids: Vec<String> = Vec::new();
            let mut seen: HashSet<String> = HashSet::new();
            self.for_each_claim(q, |hit| {
                if seen.insert(hit.document.id.clone()) {
                    ids.push(hit.document.id);
                }
                Ok(())
            })?;
            for id in ids {
                let doc = self.document(&id)?;
                write_doc(&doc.record, &doc.provenance)?;
            }
        }
        out.write_all(b"\n]}\n")?;
        Ok(n)
    }

    fn export_csv(&self, q: &Query, out: &mut dyn Write) -> Result<u64, StoreError> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_HEADER)?;
        let mut n = 0u64;
        self.for_each_claim(q, |hit| {
            let c = &hit.claim;
            let sp = c.speaker.as_ref();
            let hedges: Vec<String> = hit
                .hedges
                .iter()
                .map(|h| format!("{}: {}", json_tag(&h.hedge_type), h.text))
                .collect();
            let places: Vec<String> = hit
                .places
                .iter()
                .map(|p| format!("{} ({})", p.name, p.geonameid))
                .collect();
            w.write_record([
                hit.document.id.as_str(),
                &c.id,
                hit.document.published.as_deref().unwrap_or(""),
                hit.document.title.as_deref().unwrap_or(""),
                hit.document.url.as_deref().unwrap_or(""),
                sp.and_then(|s| s.name.as_deref()).unwrap_or(""),
                sp.and_then(|s| s.entity.as_deref()).unwrap_or(""),
                sp.and_then(|s| s.mention.as_ref())
                    .map_or("", |m| m.text.as_str()),
                c.cue.as_ref().map_or("", |m| m.text.as_str()),
                &c.content.text,
                &c.content.span.0.to_string(),
                &c.content.span.1.to_string(),
                &json_tag(&c.kind),
                c.stance.as_str(),
                &hedges.join("; "),
                &places.join("; "),
                &c.rule,
                &hit.document
                    .log_index
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
            ])?;
            n += 1;
            Ok(())
        })?;
        w.flush()?;
        Ok(n)
    }

    fn export_geojson(&self, q: &Query, out: &mut dyn Write) -> Result<u64, StoreError> {
        // Places in id order, each with the claims about it.
        let mut places: BTreeMap<u32, (PlaceSummary, Vec<Value>, HashSet<String>)> =
            BTreeMap::new();
        self.for_each_claim(q, |hit| {
            for p in &hit.places {
                let entry = places
                    .entry(p.geonameid)
                    .or_insert_with(|| (p.clone(), Vec::new(), HashSet::new()));
                entry.1.push(claim_brief(&hit));
                entry.2.insert(hit.document.id.clone());
            }
            Ok(())
        })?;
        let n = places.len() as u64;
        let features: Vec<Value> = places
            .into_values()
            .map(|(p, claims, docs)| {
                json!({
                    "type": "Feature",
                    "id": p.geonameid,
                    "geometry": { "type": "Point", "coordinates": [p.lon, p.lat] },
                    "properties": {
                        "geonameid": p.geonameid,
                        "name": p.name,
                        "country": p.country,
                        "feature": p.feature,
                        "claim_count": claims.len(),
                        "document_count": docs.len(),
                        "claims": claims,
                    }
                })
            })
            .collect();
        let collection = json!({ "type": "FeatureCollection", "features": features });
        serde_json::to_writer(&mut *out, &collection).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(n)
    }

    fn export_claimreview(&self, q: &Query, out: &mut dyn Write) -> Result<u64, StoreError> {
        let mut q = q.clone();
        if q.stances.is_empty() {
            // A review needs something to report: a hedge, a denial, a verification note.
            q.stances = vec![
                Stance::Hedged,
                Stance::Unverified,
                Stance::Disputed,
                Stance::Refuted,
            ];
        }
        out.write_all(b"[")?;
        let mut n = 0u64;
        self.for_each_claim(&q, |hit| {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &claim_review(&hit)).map_err(std::io::Error::from)?;
            n += 1;
            Ok(())
        })?;
        out.write_all(b"\n]\n")?;
        Ok(n)
    }
}

/// A claim as listed under a place in the GeoJSON export.
fn claim_brief(hit: &ClaimHit) -> Value {
    json!({
        "document": hit.document.id,
        "claim": hit.claim.id,
        "speaker": hit.claim.speaker.as_ref().and_then(speaker_label),
        "content": hit.claim.content.text,
        "stance": hit.claim.stance.as_str(),
        "published": hit.document.published,
    })
}

fn speaker_label(s: &Speaker) -> Option<String> {
    s.name
        .clone()
        .or_else(|| s.mention.as_ref().map(|m| m.text.clone()))
}

/// A schema.org ClaimReview for one claim: the claim, who made it where and when, and the
/// stance the report's own wording gives it as the rating's `alternateName`.
pub(crate) fn claim_review(hit: &ClaimHit) -> Value {
    let c = &hit.claim;
    // schema.org wants a Person or an Organization as author; units act as organisations.
    let author_type = match hit.speaker_type.as_deref() {
        Some("organization" | "military_unit") => "Organization",
        _ => "Person",
    };
    let author = c
        .speaker
        .as_ref()
        .and_then(speaker_label)
        .map(|name| json!({ "@type": author_type, "name": name }));
    let mut appearance = json!({ "@type": "CreativeWork" });
    if let Some(url) = &hit.document.url {
        appearance["url"] = json!(url);
    }
    if let Some(title) = &hit.document.title {
        appearance["headline"] = json!(title);
    }
    appearance["identifier"] = json!(format!("sha256:{}", hit.document.id));
    let mut item = json!({ "@type": "Claim", "appearance": appearance });
    if let Some(author) = author {
        item["author"] = author;
    }
    if let Some(published) = &hit.document.published {
        item["datePublished"] = json!(published);
    }
    let basis: Vec<&str> = hit.hedges.iter().map(|h| h.text.as_str()).collect();
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": format!("{}#{}", hit.document.id, c.id),
        "claimReviewed": c.content.text,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": c.stance.as_str(),
        },
    });
    if !basis.is_empty() {
        review["reviewBody"] = json!(format!("The report qualifies it: {}", basis.join("; ")));
    }
    review
}
