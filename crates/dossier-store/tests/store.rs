//! The store on real SQLite files in temporary directories. The example texts are written
//! for these tests.

use dossier_model::{
    Claim, ClaimKind, Content, DOCUMENT_SCHEMA, DocumentInfo, DocumentRecord, Entity, EntityType,
    Event, Hedge, HedgeType, PlaceInfo, SourceInfo, Span, Speaker, Stance, TextRef,
};
use dossier_store::{ExportFormat, InsertOutcome, Provenance, Query, Store, StoreError};

const IZIUM: u32 = 707292;
const KHARKIV: u32 = 706483;

/// The code point span of the first occurrence of `needle` in `text`.
fn span_of(text: &str, needle: &str) -> Span {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    Span(start, start + needle.chars().count())
}

fn text_ref(text: &str, needle: &str) -> TextRef {
    TextRef {
        text: needle.to_string(),
        span: span_of(text, needle),
    }
}

fn claim(text: &str, id: &str, speaker: &str, content: &str, stance: Stance) -> Claim {
    let sp = Speaker {
        name: Some(speaker.to_string()),
        entity: Some("e1".into()),
        mention: Some(text_ref(text, speaker)),
    };
    let span = span_of(text, content);
    Claim {
        id: id.into(),
        kind: ClaimKind::Indirect,
        speaker: Some(sp.clone()),
        sources: vec![sp],
        cue: Some(text_ref(text, "said")),
        content: Content {
            text: content.to_string(),
            span,
            segments: vec![span],
        },
        stance,
        hedges: vec![],
        rule: "test".into(),
    }
}

fn place(text: &str, id: &str, name: &str, mention: &str, geonameid: u32) -> Entity {
    Entity {
        id: id.into(),
        entity_type: EntityType::Place,
        name: name.into(),
        mentions: vec![text_ref(text, mention)],
        place: Some(PlaceInfo {
            geonameid,
            lat: 49.2,
            lon: 37.3,
            country: "UA".into(),
            feature: "city".into(),
            population: None,
        }),
        role: None,
        parent: None,
        rule: "gazetteer".into(),
    }
}

fn person(text: &str, name: &str) -> Entity {
    Entity {
        id: "e1".into(),
        entity_type: EntityType::Person,
        name: name.into(),
        mentions: vec![text_ref(text, name)],
        place: None,
        role: Some("governor".into()),
        parent: None,
        rule: "test".into(),
    }
}

fn bare(text: &str, url: Option<&str>, published: Option<&str>) -> DocumentRecord {
    DocumentRecord {
        schema: DOCUMENT_SCHEMA.into(),
        document: DocumentInfo {
            id: dossier_model::document_id(text.as_bytes()),
            title: text.lines().next().map(str::to_string),
            text: text.to_string(),
            language: "en".into(),
            source: Some(SourceInfo {
                url: url.map(str::to_string),
                published: published.map(str::to_string),
                media_type: Some("text/plain".into()),
                ..Default::default()
            }),
        },
        claims: vec![],
        entities: vec![],
        hedges: vec![],
        events: vec![],
    }
}

/// A report with a hedged claim about Izium (spelt "Izyum"), an unverified one about the
/// border near Kharkiv, and an event.
fn izyum_report() -> DocumentRecord {
    let text = "Governor Says Brigade Reached the Border\n\n\
        Governor Oleh Marchenko said troops had reached the border north of Kharkiv. \
        The claim could not be independently verified. \
        Oleh Marchenko also said residents of Izyum had allegedly been conscripted.\n";
    let mut r = bare(
        text,
        Some("https://news.example/border"),
        Some("2022-05-17T09:00:00Z"),
    );
    let mut c1 = claim(
        text,
        "c1",
        "Oleh Marchenko",
        "troops had reached the border north of Kharkiv",
        Stance::Unverified,
    );
    c1.hedges = vec!["h1".into()];
    let mut c2 = claim(
        text,
        "c2",
        "Oleh Marchenko",
        "residents of Izyum had allegedly been conscripted",
        Stance::Hedged,
    );
    c2.hedges = vec!["h2".into()];
    r.claims = vec![c1, c2];
    r.entities = vec![
        person(text, "Oleh Marchenko"),
        place(text, "e2", "Kharkiv", "Kharkiv", KHARKIV),
        place(text, "e3", "Izium", "Izyum", IZIUM),
    ];
    r.hedges = vec![
        Hedge {
            id: "h1".into(),
            text: "could not be independently verified".into(),
            span: span_of(text, "could not be independently verified"),
            hedge_type: HedgeType::Unverified,
            claim: Some("c1".into()),
            rule: "test".into(),
        },
        Hedge {
            id: "h2".into(),
            text: "allegedly".into(),
            span: span_of(text, "allegedly"),
            hedge_type: HedgeType::Hedge,
            claim: Some("c2".into()),
            rule: "test".into(),
        },
    ];
    r.events = vec![Event {
        id: "v1".into(),
        event_type: "MOBILIZE".into(),
        trigger: text_ref(text, "conscripted"),
        span: span_of(text, "residents of Izyum had allegedly been conscripted"),
        actors: vec![],
        targets: vec![],
        places: vec!["e3".into()],
        when: None,
        claim: Some("c2".into()),
        rule: "test".into(),
    }];
    r
}

/// A Ukrainian-spelled report with accents in the speaker's name.
fn accented_report() -> DocumentRecord {
    let text =
        "Évacuation terminée\n\nMayor Valérie Lozová said the evacuation of Ізюм was complete.\n";
    let mut r = bare(text, None, Some("2023-02-01T12:00:00Z"));
    r.claims = vec![claim(
        text,
        "c1",
        "Valérie Lozová",
        "the evacuation of Ізюм was complete",
        Stance::Asserted,
    )];
    r.entities = vec![
        person(text, "Valérie Lozová"),
        place(text, "e2", "Izium", "Ізюм", IZIUM),
    ];
    r
}

fn temp_store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.sqlite");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

fn text_query(q: &str) -> Query {
    Query {
        text: Some(q.into()),
        ..Query::default()
    }
}

#[test]
fn round_trip_is_lossless_across_reopen() {
    let (_dir, path, mut store) = temp_store();
    let record = izyum_report();
    let prov = Provenance {
        log_index: Some(7),
        blob_sha256: Some("ab".repeat(32)),
        tool: Some("test".into()),
    };
    assert_eq!(
        store.insert(&record, &prov).unwrap(),
        InsertOutcome::Inserted
    );
    drop(store);

    let store = Store::open(&path).unwrap();
    let stored = store.document(&record.document.id[..10]).unwrap();
    assert_eq!(stored.record, record);
    assert_eq!(stored.provenance.log_index, Some(7));
    assert_eq!(stored.provenance.blob_sha256, Some("ab".repeat(32)));
    assert!(stored.provenance.ingested_at.ends_with('Z'));
    let status = store.status().unwrap();
    assert_eq!(
        (
            status.documents,
            status.claims,
            status.entities,
            status.hedges,
            status.events
        ),
        (1, 2, 3, 2, 1)
    );
    assert_eq!(status.places, 2);
    assert_eq!(status.claims_by_stance.get("hedged"), Some(&1));
}

#[test]
fn same_bytes_twice_is_one_document() {
    let (_dir, _path, mut store) = temp_store();
    let record = izyum_report();
    assert_eq!(
        store.insert(&record, &Provenance::default()).unwrap(),
        InsertOutcome::Inserted
    );
    // The second time archive provenance is known: it fills the gap, nothing else changes.
    let with_log = Provenance {
        log_index: Some(3),
        ..Provenance::default()
    };
    assert_eq!(
        store.insert(&record, &with_log).unwrap(),
        InsertOutcome::Duplicate
    );
    let again = Provenance {
        log_index: Some(99),
        ..Provenance::default()
    };
    assert_eq!(
        store.insert(&record, &again).unwrap(),
        InsertOutcome::Duplicate
    );
    let status = store.status().unwrap();
    assert_eq!((status.documents, status.claims), (1, 2));
    let stored = store.document(&record.document.id).unwrap();
    assert_eq!(stored.provenance.log_index, Some(3), "never overwritten");
}

#[test]
fn noting_a_duplicate_fills_provenance_like_inserting_it() {
    let (_dir, _path, mut store) = temp_store();
    let record = izyum_report();
    let id = &record.document.id;
    let with_log = Provenance {
        log_index: Some(3),
        ..Provenance::default()
    };
    assert_eq!(store.note_duplicate(id, &with_log).unwrap(), None);
    assert!(
        !store.contains(id).unwrap(),
        "nothing stored for an unknown id"
    );
    store.insert(&record, &Provenance::default()).unwrap();
    let noted = store.note_duplicate(id, &with_log).unwrap().unwrap();
    assert_eq!(noted.claims, record.claims.len());
    assert_eq!(noted.title, record.document.title);
    let later = Provenance {
        log_index: Some(99),
        ..Provenance::default()
    };
    store.note_duplicate(id, &later).unwrap();
    let stored = store.document(id).unwrap();
    assert_eq!(
        stored.provenance.log_index,
        Some(3),
        "filled once, never overwritten"
    );
    assert_eq!(store.status().unwrap().documents, 1);
}

#[test]
fn changed_page_is_a_new_version_linked_to_the_old() {
    let (_dir, _path, mut store) = temp_store();
    let url = Some("https://news.example/live");
    let v1 = bare("Live: day one\n\nShelling reported.\n", url, None);
    let v2 = bare(
        "Live: day one\n\nShelling reported. Update: calm.\n",
        url,
        None,
    );
    let v3 = bare("Live: day one\n\nCorrected.\n", url, None);
    let other = bare("Another page\n", Some("https://news.example/other"), None);
    assert_eq!(
        store.insert(&v1, &Provenance::default()).unwrap(),
        InsertOutcome::Inserted
    );
    assert_eq!(
        store.insert(&other, &Provenance::default()).unwrap(),
        InsertOutcome::Inserted
    );
    assert_eq!(
        store.insert(&v2, &Provenance::default()).unwrap(),
        InsertOutcome::NewVersion {
            of: v1.document.id.clone()
        }
    );
    assert_eq!(
        store.insert(&v3, &Provenance::default()).unwrap(),
        InsertOutcome::NewVersion {
            of: v2.document.id.clone()
        }
    );
    // Earlier versions are untouched and know their successors.
    let first = store.document(&v1.document.id).unwrap();
    assert_eq!(first.record, v1);
    assert_eq!(first.provenance.version_of, None);
    assert_eq!(
        first.provenance.later_versions,
        vec![v2.document.id.clone(), v3.document.id.clone()]
    );
    assert_eq!(store.status().unwrap().versions, 2);
}

#[test]
fn search_folds_case_and_accents() {
    let (_dir, _path, mut store) = temp_store();
    store
        .insert(&izyum_report(), &Provenance::default())
        .unwrap();
    store
        .insert(&accented_report(), &Provenance::default())
        .unwrap();

    let hits = store.search(&text_query("BORDER kharkiv")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].claim.id, "c1");
    assert_eq!(
        hits[0].hedges[0].text,
        "could not be independently verified"
    );

    // "valerie lozova" finds "Valérie Lozová" (speaker column), "ІЗЮМ" finds "Ізюм".
    let hits = store.search(&text_query("valerie lozova")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].document.title.as_deref(),
        Some("Évacuation terminée")
    );
    assert_eq!(store.search(&text_query("ІЗЮМ")).unwrap().len(), 1);
    // Title words match claims too: "evacuation" is in the title and the content.
    assert_eq!(store.search(&text_query("evacuation")).unwrap().len(), 1);
    // Prefix and phrase.
    assert_eq!(store.search(&text_query("conscript*")).unwrap().len(), 1);
    assert_eq!(
        store
            .search(&text_query("\"north of Kharkiv\""))
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .search(&text_query("\"Kharkiv north\""))
            .unwrap()
            .is_empty()
    );
    // FTS5 syntax in user input is just text, never an error.
    assert!(
        store
            .search(&text_query("NOT (border OR\" x:"))
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.search(&text_query(" !? ")),
        Err(StoreError::InvalidQuery(_))
    ));

    let docs = store
        .search_documents(&text_query("independently"))
        .unwrap();
    assert_eq!(docs.len(), 1);
    assert!(
        docs[0].snippet.contains("[independently]"),
        "{}",
        docs[0].snippet
    );
    assert_eq!(docs[0].claims, 2);
    // Without words: filters only, newest first; the place filter counts any mention.
    let docs = store
        .search_documents(&Query {
            places: Some(vec![IZIUM]),
            ..Query::default()
        })
        .unwrap();
    let titles: Vec<_> = docs
        .iter()
        .map(|d| d.document.title.clone().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Évacuation terminée",
            "Governor Says Brigade Reached the Border"
        ]
    );
    let docs = store
        .search_documents(&Query {
            text: Some("evacuation".into()),
            since: Some("2024".into()),
            ..Query::default()
        })
        .unwrap();
    assert!(docs.is_empty());
}

#[test]
fn facets_narrow_claims() {
    let (_dir, _path, mut store) = temp_store();
    store
        .insert(&izyum_report(), &Provenance::default())
        .unwrap();
    store
        .insert(&accented_report(), &Provenance::default())
        .unwrap();
    let ids = |q: Query| -> Vec<String> {
        let mut v: Vec<String> = store
            .search(&q)
            .unwrap()
            .into_iter()
            .map(|h| format!("{}:{}", &h.document.id[..4], h.claim.id))
            .collect();
        v.sort();
        v
    };
    let izyum = &izyum_report().document.id[..4];
    let accented = &accented_report().document.id[..4];

    assert_eq!(ids(Query::default()).len(), 3);
    // Place: the claim about Izyum and the one about Ізюм, not the Kharkiv one.
    assert_eq!(
        ids(Query {
            places: Some(vec![IZIUM]),
            ..Query::default()
        }),
        vec![format!("{accented}:c1"), format!("{izyum}:c2")]
    );
    assert!(
        ids(Query {
            places: Some(vec![]),
            ..Query::default()
        })
        .is_empty()
    );
    assert_eq!(
        ids(Query {
            stances: vec![Stance::Unverified],
            ..Query::default()
        }),
        vec![format!("{izyum}:c1")]
    );
    assert_eq!(
        ids(Query {
            speaker: Some("lozova".into()),
            ..Query::default()
        }),
        vec![format!("{accented}:c1")]
    );
    assert_eq!(
        ids(Query {
            text: Some("Izyum".into()),
            speaker: Some("Marchenko".into()),
            ..Query::default()
        }),
        vec![format!("{izyum}:c2")]
    );
    // Dates: until is inclusive of the whole period given.
    assert_eq!(
        ids(Query {
            since: Some("2023".into()),
            ..Query::default()
        }),
        vec![format!("{accented}:c1")]
    );
    assert_eq!(
        ids(Query {
            until: Some("2022-05-17".into()),
            ..Query::default()
        })
        .len(),
        2
    );
    assert!(
        ids(Query {
            until: Some("2022-05-16".into()),
            ..Query::default()
        })
        .is_empty()
    );
    assert!(matches!(
        store.search(&Query {
            since: Some("last week".into()),
            ..Query::default()
        }),
        Err(StoreError::InvalidQuery(m)) if m.contains("last week")
    ));
    // Limit and offset page through results.
    let page = store
        .search(&Query {
            limit: Some(1),
            offset: 1,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(page.len(), 1);
    // Places named in the store, any ASCII case, canonical name or mention.
    assert_eq!(store.places_named("izyum").unwrap(), vec![IZIUM]);
    assert_eq!(store.places_named("Izium").unwrap(), vec![IZIUM]);
    assert!(store.places_named("Atlantis").unwrap().is_empty());
}

#[test]
fn id_prefixes_must_be_unique_and_hex() {
    let (_dir, _path, mut store) = temp_store();
    store
        .insert(&izyum_report(), &Provenance::default())
        .unwrap();
    assert!(matches!(
        store.document("zzzz"),
        Err(StoreError::InvalidQuery(_))
    ));
    assert!(matches!(
        store.document("abc"),
        Err(StoreError::InvalidQuery(_))
    ));
    let missing = if izyum_report().document.id.starts_with("0000") {
        "1111"
    } else {
        "0000"
    };
    assert!(matches!(
        store.document(missing),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn bad_records_are_refused_without_damage() {
    let (_dir, _path, mut store) = temp_store();
    store
        .insert(&izyum_report(), &Provenance::default())
        .unwrap();
    let mut bad = accented_report();
    bad.claims[0].content.span = Span(0, 10_000);
    let err = store.insert(&bad, &Provenance::default()).unwrap_err();
    assert!(err.to_string().contains("claim c1 content"), "{err}");
    let mut bad = accented_report();
    bad.document.id = "not-a-hash".into();
    assert!(store.insert(&bad, &Provenance::default()).is_err());
    // Duplicate claim ids violate a constraint: the whole document is rolled back.
    let mut bad = accented_report();
    bad.claims.push(bad.claims[0].clone());
    assert!(store.insert(&bad, &Provenance::default()).is_err());
    let status = store.status().unwrap();
    assert_eq!((status.documents, status.claims), (1, 2));
    assert!(!store.contains(&bad.document.id).unwrap());
}

#[test]
fn exports_parse() {
    let (_dir, _path, mut store) = temp_store();
    store
        .insert(
            &izyum_report(),
            &Provenance {
                log_index: Some(0),
                ..Provenance::default()
            },
        )
        .unwrap();
    store
        .insert(&accented_report(), &Provenance::default())
        .unwrap();
    let export = |format, q: &Query| -> (u64, Vec<u8>) {
        let mut out = Vec::new();
        let n = store.export(format, q, &mut out).unwrap();
        (n, out)
    };

    // JSON: every record back, losslessly.
    let (n, out) = export(ExportFormat::Json, &Query::default());
    assert_eq!(n, 2);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema"], "dossier/export@1");
    let first: DocumentRecord =
        serde_json::from_value(v["documents"][0]["record"].clone()).unwrap();
    assert_eq!(first, izyum_report());
    assert_eq!(v["documents"][0]["provenance"]["log_index"], 0);
    // With a filter, only documents with a matching claim.
    let (n, _) = export(ExportFormat::Json, &text_query("evacuation"));
    assert_eq!(n, 1);

    // CSV: a header and one row per claim; commas and quotes survive.
    let (n, out) = export(ExportFormat::Csv, &Query::default());
    assert_eq!(n, 3);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[9], "content");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| &r[13] == "unverified"
        && &r[9] == "troops had reached the border north of Kharkiv"
        && &r[17] == "0"));
    assert!(rows.iter().any(|r| r[15].contains("(707292)")));

    // GeoJSON: Kharkiv with one claim, Izium with two from two documents.
    let (n, out) = export(ExportFormat::GeoJson, &Query::default());
    assert_eq!(n, 2);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let izium = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["geonameid"] == IZIUM)
        .unwrap();
    assert_eq!(izium["geometry"]["type"], "Point");
    assert_eq!(izium["geometry"]["coordinates"][0], 37.3);
    assert_eq!(izium["properties"]["claim_count"], 2);
    assert_eq!(izium["properties"]["document_count"], 2);

    // ClaimReview: the two qualified claims, not the asserted one.
    let (n, out) = export(ExportFormat::ClaimReview, &Query::default());
    assert_eq!(n, 2);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let reviews = v.as_array().unwrap();
    let unverified = reviews
        .iter()
        .find(|r| r["reviewRating"]["alternateName"] == "unverified")
        .unwrap();
    assert_eq!(unverified["@context"], "https://schema.org");
    assert_eq!(unverified["@type"], "ClaimReview");
    assert_eq!(
        unverified["claimReviewed"],
        "troops had reached the border north of Kharkiv"
    );
    let item = &unverified["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["author"]["@type"], "Person");
    assert_eq!(item["author"]["name"], "Oleh Marchenko");
    assert_eq!(item["datePublished"], "2022-05-17T09:00:00Z");
    assert_eq!(item["appearance"]["url"], "https://news.example/border");
    // Asking for asserted claims explicitly includes them.
    let (n, _) = export(
        ExportFormat::ClaimReview,
        &Query {
            stances: vec![Stance::Asserted],
            ..Query::default()
        },
    );
    assert_eq!(n, 1);

    // An empty store exports valid, empty documents.
    let (_d, _p, empty) = temp_store();
    for format in [
        ExportFormat::Json,
        ExportFormat::GeoJson,
        ExportFormat::ClaimReview,
    ] {
        let mut out = Vec::new();
        assert_eq!(
            empty.export(format, &Query::default(), &mut out).unwrap(),
            0
        );
        let _: serde_json::Value = serde_json::from_slice(&out).unwrap();
    }
}

#[test]
fn newer_schema_is_refused() {
    let (_dir, path, store) = temp_store();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("refused");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 999, .. }),
        "{err}"
    );
}

#[test]
fn readers_see_committed_documents_beside_a_writer() {
    let (_dir, path, mut writer) = temp_store();
    let reader = Store::open_read_only(&path).unwrap();
    writer
        .insert(&izyum_report(), &Provenance::default())
        .unwrap();
    assert_eq!(reader.status().unwrap().documents, 1);
    assert_eq!(reader.search(&text_query("Izyum")).unwrap().len(), 1);
}

#[test]
fn a_version_1_database_is_migrated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.sqlite");
    let record = izyum_report();
    {
        // A store as the first release wrote it: schema 1, one document with one claim.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(dossier_store::schema::MIGRATIONS[0])
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let d = &record.document;
        conn.execute(
            "INSERT INTO documents (id, title, text, language, published, ingested_at, record_json)
             VALUES (?1, ?2, ?3, 'en', '2022-05-17T09:00:00Z', '2026-01-01T00:00:00Z', ?4)",
            rusqlite::params![
                d.id,
                d.title,
                d.text,
                serde_json::to_string(&record).unwrap()
            ],
        )
        .unwrap();
        let c = &record.claims[0];
        conn.execute(
            "INSERT INTO claims (document, claim_id, kind, stance, content, content_start,
                 content_end, content_segments, rule, claim_json)
             VALUES (1, 'c1', 'indirect', 'unverified', ?1, 0, 1, '[]', 'test', ?2)",
            rusqlite::params![c.content.text, serde_json::to_string(c).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO claim_fts (rowid, content, speaker, title) VALUES (1, ?1, '', '')",
            [&c.content.text],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        dossier_store::schema::current_version()
    );
    // The claim got its document's date, so date filters and newest-first see it.
    let hits = store
        .search(&Query {
            since: Some("2022-05".into()),
            until: Some("2022-05".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].claim, record.claims[0]);
    assert_eq!(store.search(&text_query("Kharkiv")).unwrap().len(), 1);
}

#[test]
fn common_words_rank_within_the_newest_window() {
    // More matches than the rank window: the search still answers a full page, from the
    // newest matches.
    let (_dir, _path, mut store) = temp_store();
    let n = dossier_store::RANK_WINDOW + 50;
    for i in 0..n {
        let text = format!("Report {i}\n\nAn official said shelling continued in sector {i}.\n");
        let mut r = bare(&text, None, Some("2024-01-01T00:00:00Z"));
        r.claims = vec![claim(
            &text,
            "c1",
            "An official",
            &format!("shelling continued in sector {i}"),
            Stance::Asserted,
        )];
        r.claims[0].speaker.as_mut().unwrap().entity = None;
        store.insert(&r, &Provenance::default()).unwrap();
    }
    let hits = store
        .search(&Query {
            text: Some("shelling".into()),
            limit: Some(20),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 20);
    let oldest_ranked = n - dossier_store::RANK_WINDOW;
    for h in &hits {
        let sector: usize = h
            .claim
            .content
            .text
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            sector >= oldest_ranked,
            "sector {sector} is outside the window"
        );
    }
    // Without words, every claim is reachable.
    assert_eq!(store.search(&Query::default()).unwrap().len(), n);
}

#[test]
fn items_of_one_archived_file_are_not_versions_of_each_other() {
    let (_dir, _path, mut store) = temp_store();
    let from_export = |text: &str| {
        let mut r = bare(text, None, None);
        r.document.source.as_mut().unwrap().path = Some("result.json".into());
        r
    };
    let export_v1 = Provenance {
        blob_sha256: Some("aa".repeat(32)),
        ..Provenance::default()
    };
    let m1 = from_export("Message one\n");
    let m2 = from_export("Message two\n");
    assert_eq!(
        store.insert(&m1, &export_v1).unwrap(),
        InsertOutcome::Inserted
    );
    assert_eq!(
        store.insert(&m2, &export_v1).unwrap(),
        InsertOutcome::Inserted
    );
    // A later export at the same path is another file, so a new item there is a version
    // (of the latest document of that path: callers that put an item locator in the path,
    // as `dossier ingest` does, get the item's own previous version).
    let export_v2 = Provenance {
        blob_sha256: Some("bb".repeat(32)),
        ..Provenance::default()
    };
    let m2_edited = from_export("Message two, edited\n");
    assert_eq!(
        store.insert(&m2_edited, &export_v2).unwrap(),
        InsertOutcome::NewVersion {
            of: m2.document.id.clone()
        }
    );
}

#[test]
fn hits_beyond_one_batch_keep_their_own_hedges_and_places() {
    // More claims than one hedge/place lookup batch: every hit still gets exactly its own
    // hedges and places, and the place counts agree with the hits.
    let (_dir, _path, mut store) = temp_store();
    let copies = 300;
    for i in 0..copies {
        let mut r = izyum_report();
        r.document.id = dossier_model::document_id(format!("copy {i}").as_bytes());
        r.document.source.as_mut().unwrap().url = None;
        store.insert(&r, &Provenance::default()).unwrap();
    }
    store
        .insert(&accented_report(), &Provenance::default())
        .unwrap();
    let hits = store.search(&Query::default()).unwrap();
    assert_eq!(hits.len(), 2 * copies + 1);
    let mut counted: std::collections::BTreeMap<u32, u64> = Default::default();
    for h in &hits {
        let hedges: Vec<&str> = h.hedges.iter().map(|x| x.id.as_str()).collect();
        let places: Vec<u32> = h.places.iter().map(|p| p.geonameid).collect();
        let expected: (&[&str], &[u32]) = match h.claim.content.text.as_str() {
            "troops had reached the border north of Kharkiv" => (&["h1"], &[KHARKIV]),
            "residents of Izyum had allegedly been conscripted" => (&["h2"], &[IZIUM]),
            "the evacuation of Ізюм was complete" => (&[], &[IZIUM]),
            other => panic!("unexpected claim {other:?}"),
        };
        assert_eq!((hedges.as_slice(), places.as_slice()), expected);
        for p in places {
            *counted.entry(p).or_default() += 1;
        }
    }
    assert_eq!(store.place_claim_counts().unwrap(), counted);
    assert_eq!(counted[&IZIUM], copies as u64 + 1);
}

#[test]
fn logged_sources_answer_by_blob_and_track_the_scanned_log_size() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.logged_sources_scanned().unwrap(), 0);
    assert_eq!(store.logged_source("aa").unwrap(), None);

    // A scan of entries 0..3 finds two sources.
    store
        .record_logged_sources(&[("aa".into(), 0), ("bb".into(), 2)], 0..3)
        .unwrap();
    assert_eq!(store.logged_source("aa").unwrap(), Some(0));
    assert_eq!(store.logged_source("bb").unwrap(), Some(2));
    assert_eq!(store.logged_sources_scanned().unwrap(), 3);

    // An append at 5..6 that leaves a gap (3..5 not scanned) is recorded, but the scanned
    // size stays, so the gap is scanned later.
    store
        .record_logged_sources(&[("cc".into(), 5)], 5..6)
        .unwrap();
    assert_eq!(store.logged_source("cc").unwrap(), Some(5));
    assert_eq!(store.logged_sources_scanned().unwrap(), 3);
    store
        .record_logged_sources(&[("aa".into(), 4)], 3..6)
        .unwrap();
    assert_eq!(store.logged_sources_scanned().unwrap(), 6);
    assert_eq!(
        store.logged_source("aa").unwrap(),
        Some(4),
        "the newer entry wins"
    );

    store.forget_logged_sources().unwrap();
    assert_eq!(store.logged_source("bb").unwrap(), None);
    assert_eq!(store.logged_sources_scanned().unwrap(), 0);
}
