//! `dossier search | status | show | export` against a store in a temporary home. The store
//! is filled through the library with a record written for this test, so these tests do
//! not depend on what the extractor finds.

use dossier_model::{DocumentRecord, document_id};
use dossier_store::{Provenance, Store};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

const TEXT: &str = "Brigade Reaches Border, Governor Says\n\nGovernor Oleh Marchenko said troops had reached the border north of Kharkiv. The claim could not be independently verified. Residents of Izyum had allegedly been conscripted, Marchenko said.\n";

/// The code point span of `needle` in TEXT.
fn span(needle: &str) -> Value {
    let byte = TEXT.find(needle).expect("needle in text");
    let start = TEXT[..byte].chars().count();
    json!([start, start + needle.chars().count()])
}

fn record() -> DocumentRecord {
    let speaker = json!({
        "name": "Oleh Marchenko", "entity": "e1",
        "mention": {"text": "Oleh Marchenko", "span": span("Oleh Marchenko")}
    });
    let c1 = "troops had reached the border north of Kharkiv";
    let c2 = "Residents of Izyum had allegedly been conscripted";
    let v = json!({
        "schema": "dossier/document@1",
        "document": {
            "id": document_id(TEXT.as_bytes()),
            "title": "Brigade Reaches Border, Governor Says",
            "text": TEXT,
            "language": "en",
            "source": {"url": "https://news.example/border", "published": "2022-05-17T09:00:00Z"}
        },
        "claims": [
            {"id": "c1", "kind": "indirect", "speaker": speaker, "sources": [speaker],
             "cue": {"text": "said", "span": span("said")},
             "content": {"text": c1, "span": span(c1), "segments": [span(c1)]},
             "stance": "unverified", "hedges": ["h1"], "rule": "test"},
            {"id": "c2", "kind": "indirect", "speaker": speaker, "sources": [speaker],
             "cue": null,
             "content": {"text": c2, "span": span(c2), "segments": [span(c2)]},
             "stance": "hedged", "hedges": ["h2"], "rule": "test"}
        ],
        "entities": [
            {"id": "e1", "type": "person", "name": "Oleh Marchenko",
             "mentions": [{"text": "Oleh Marchenko", "span": span("Oleh Marchenko")}], "rule": "test"},
            {"id": "e2", "type": "place", "name": "Kharkiv",
             "mentions": [{"text": "Kharkiv", "span": span("Kharkiv")}],
             "place": {"geonameid": 706483, "lat": 49.98, "lon": 36.25, "country": "UA", "feature": "city"},
             "rule": "test"},
            {"id": "e3", "type": "place", "name": "Izium",
             "mentions": [{"text": "Izyum", "span": span("Izyum")}],
             "place": {"geonameid": 707292, "lat": 49.21, "lon": 37.26, "country": "UA", "feature": "city"},
             "rule": "test"}
        ],
        "hedges": [
            {"id": "h1", "text": "could not be independently verified",
             "span": span("could not be independently verified"), "type": "unverified",
             "claim": "c1", "rule": "test"},
            {"id": "h2", "text": "allegedly", "span": span("allegedly"), "type": "hedge",
             "claim": "c2", "rule": "test"}
        ],
        "events": []
    });
    serde_json::from_value(v).expect("a valid record")
}

fn dossier(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("DOSSIER_HOME")
        .output()
        .expect("run dossier")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn filled_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let mut store = Store::open(home.path().join("dossier.sqlite")).unwrap();
    store
        .insert(
            &record(),
            &Provenance {
                log_index: Some(0),
                ..Provenance::default()
            },
        )
        .unwrap();
    home
}

#[test]
fn status_counts_and_an_empty_home_stays_empty() {
    let empty = tempfile::tempdir().unwrap();
    let v: Value =
        serde_json::from_str(&stdout(&dossier(empty.path(), &["status", "--json"]))).expect("JSON");
    assert_eq!(v["documents"], 0);
    assert_eq!(v["log_size"], 0);
    assert!(!empty.path().join("dossier.sqlite").exists());

    let out = dossier(empty.path(), &["search", "border"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store at"));

    let home = filled_home();
    let v: Value =
        serde_json::from_str(&stdout(&dossier(home.path(), &["status", "--json"]))).unwrap();
    assert_eq!(v["documents"], 1);
    assert_eq!(v["claims"], 2);
    assert_eq!(v["entities"], 3);
    assert_eq!(v["claims_by_stance"]["unverified"], 1);
    let text = stdout(&dossier(home.path(), &["status"]));
    assert!(
        text.contains("claims     2 (1 hedged, 1 unverified)"),
        "{text}"
    );
}

#[test]
fn search_with_facets() {
    let home = filled_home();
    let out = stdout(&dossier(home.path(), &["search", "BORDER kharkiv"]));
    assert!(
        out.contains("c1  [unverified] Oleh Marchenko said: troops had reached"),
        "{out}"
    );
    assert!(
        out.contains("“could not be independently verified”"),
        "{out}"
    );
    assert!(!out.contains(" c2 "), "{out}");

    let json_hits = |args: &[&str]| -> Vec<String> {
        let v: Value = serde_json::from_str(&stdout(&dossier(home.path(), args))).unwrap();
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["claim"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        json_hits(&["search", "--json", "--stance", "hedged"]),
        ["c2"]
    );
    assert_eq!(
        json_hits(&["search", "--json", "--stance", "hedged,unverified"]).len(),
        2
    );
    // Izium is written "Izyum" in the text; the place filter finds it either way.
    assert_eq!(json_hits(&["search", "--json", "--place", "Izium"]), ["c2"]);
    assert_eq!(json_hits(&["search", "--json", "--place", "izyum"]), ["c2"]);
    assert_eq!(
        json_hits(&[
            "search",
            "--json",
            "--speaker",
            "marchenko",
            "--since",
            "2022-05"
        ])
        .len(),
        2
    );
    assert!(json_hits(&["search", "--json", "--until", "2022-04-30"]).is_empty());

    let out = dossier(home.path(), &["search", "--place", "Qwxzyville"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no place called \"Qwxzyville\""), "{err}");
    let out = dossier(home.path(), &["search", "--stance", "sure"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown stance"));
    let out = dossier(home.path(), &["search", "--since", "yesterday"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"yesterday\""));
}

#[test]
fn show_marks_claims_speakers_and_hedges() {
    let home = filled_home();
    let id = document_id(TEXT.as_bytes());
    let out = stdout(&dossier(home.path(), &["show", &id[..8]]));
    assert!(out.contains(&format!("id        {id}")), "{out}");
    assert!(out.contains("log index 0"), "{out}");
    assert!(
        out.contains(
            "{c1,c2: Oleh Marchenko} said [c1: troops had reached the border north of Kharkiv]"
        ),
        "{out}"
    );
    assert!(
        out.contains("<h1: could not be independently verified>"),
        "{out}"
    );
    assert!(
        out.contains("[c2: Residents of Izyum had <h2: allegedly> been conscripted]"),
        "{out}"
    );
    assert!(
        out.contains("c1 [unverified] Oleh Marchenko  — h1 “could not be independently verified”"),
        "{out}"
    );

    let v: Value =
        serde_json::from_str(&stdout(&dossier(home.path(), &["show", &id, "--json"]))).unwrap();
    let back: DocumentRecord = serde_json::from_value(v["record"].clone()).unwrap();
    assert_eq!(back, record());

    let out = dossier(home.path(), &["show", "ffffffff"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document with an id starting with"));
}

#[test]
fn exports_are_valid() {
    let home = filled_home();
    let v: Value = serde_json::from_str(&stdout(&dossier(
        home.path(),
        &["export", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);

    let csv_text = stdout(&dossier(
        home.path(),
        &["export", "--format", "csv", "--stance", "hedged"],
    ));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "c2");

    let v: Value = serde_json::from_str(&stdout(&dossier(
        home.path(),
        &["export", "--format", "geojson"],
    )))
    .unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 2);

    let out_file = home.path().join("reviews.jsonld");
    let out = dossier(
        home.path(),
        &[
            "export",
            "--format",
            "claimreview",
            "-o",
            out_file.to_str().unwrap(),
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("exported 2 claims"));
    let v: Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(v[0]["@type"], "ClaimReview");

    let out = dossier(home.path(), &["export", "--format", "xml"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown export format"));
}
