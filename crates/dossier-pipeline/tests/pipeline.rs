//! The pipeline on real homes in temporary directories: entries are reused, never trusted
//! blindly, and items are named by where they sit. The example texts are written for these
//! tests.

use dossier_ledger::{BlobStore, EntryRecord, Kind, Ledger, LedgerReader};
use dossier_pipeline::{Pipeline, PipelineError, Source};
use dossier_store::{InsertOutcome, Store};
use std::path::Path;

const REPORT: &str = "The regional governor said on Tuesday that shelling damaged a school \
in Kharkiv. Officials said the claim could not be verified.\n";

const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><guid>a-1</guid><title>Bridge closed</title>
<description>The mayor said the bridge near Izium was closed after an attack.</description></item>
<item><guid>b-2</guid><title>Aid arrives</title>
<description>A spokesman said that aid convoys reached Kharkiv on Monday.</description></item>
</channel></rss>"#;

fn open(home: &Path) -> (Pipeline, Store) {
    let store = Store::open(home.join("dossier.sqlite")).unwrap();
    (Pipeline::new(home, "pipeline test"), store)
}

fn log_size(home: &Path) -> u64 {
    LedgerReader::open(home).unwrap().size()
}

#[test]
fn the_same_bytes_are_logged_once_across_calls_and_pipelines() {
    let home = tempfile::tempdir().unwrap();
    let (pipeline, mut store) = open(home.path());
    let source = Source::memory("report.txt", REPORT.as_bytes(), None);

    let first = pipeline.ingest(&mut store, &source).unwrap();
    assert!(first.archived.appended);
    assert_eq!(first.documents[0].outcome, InsertOutcome::Inserted);
    assert_eq!(log_size(home.path()), 1);

    // Again, and from a fresh pipeline and store connection (another process, a rerun).
    let again = pipeline.ingest(&mut store, &source).unwrap();
    let (fresh, mut fresh_store) = open(home.path());
    let rerun = fresh.ingest(&mut fresh_store, &source).unwrap();
    for later in [&again, &rerun] {
        assert!(!later.archived.appended);
        assert_eq!(later.archived.log_index, first.archived.log_index);
        assert_eq!(later.archived.sha256, first.archived.sha256);
        assert_eq!(later.documents[0].outcome, InsertOutcome::Duplicate);
        assert_eq!(later.documents[0].id, first.documents[0].id);
        // Answered from the store without extracting again: the same summary.
        assert_eq!(later.documents[0].claims, first.documents[0].claims);
        assert_eq!(later.documents[0].title, first.documents[0].title);
        assert_eq!(later.documents[0].path, first.documents[0].path);
    }
    assert!(first.documents[0].claims > 0);
    assert_eq!(log_size(home.path()), 1);
}

#[test]
fn identical_bytes_in_one_batch_share_one_entry() {
    let home = tempfile::tempdir().unwrap();
    let (pipeline, mut store) = open(home.path());
    let sources = [
        Source::memory("a.txt", REPORT.as_bytes(), None),
        Source::memory("b.txt", REPORT.as_bytes(), None),
        Source::memory("c.txt", b"Another report, said a witness.", None),
    ];
    let archived: Vec<_> = pipeline
        .archive(&mut store, &sources)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(archived[0].log_index, archived[1].log_index);
    assert_ne!(archived[0].log_index, archived[2].log_index);
    assert_eq!(log_size(home.path()), 2);
}

#[test]
fn entries_another_writer_appended_are_found_in_the_log_and_reused() {
    let home = tempfile::tempdir().unwrap();
    // `archive add` style: blob and entry written straight through the ledger, which does
    // not tell the store.
    let index = {
        let mut ledger = Ledger::open(home.path()).unwrap();
        let blob = ledger.store_blob(REPORT.as_bytes()).unwrap();
        let custody = EntryRecord::for_blob(Kind::Evidence, &blob);
        ledger.append(&[custody]).unwrap();
        ledger
            .append(&[EntryRecord::for_blob(Kind::Source, &blob)])
            .unwrap()[0]
    };
    assert_eq!(index, 1);
    let (pipeline, mut store) = open(home.path());
    let ingested = pipeline
        .ingest(
            &mut store,
            &Source::memory("report.txt", REPORT.as_bytes(), None),
        )
        .unwrap();
    assert_eq!(
        ingested.archived.log_index, 1,
        "the source entry, not the evidence one"
    );
    assert!(!ingested.archived.appended);
    assert_eq!(log_size(home.path()), 2);
    assert_eq!(store.logged_sources_scanned().unwrap(), 2);
}

#[test]
fn a_stored_index_that_the_log_contradicts_is_not_trusted() {
    let home = tempfile::tempdir().unwrap();
    let (pipeline, mut store) = open(home.path());
    let other = pipeline
        .ingest(
            &mut store,
            &Source::memory("other.txt", b"A different report, an official said.", None),
        )
        .unwrap();
    assert_eq!(other.archived.log_index, 0);
    // The store claims entry 0 logs REPORT's bytes; the log says otherwise.
    let sha256 = dossier_model::document_id(REPORT.as_bytes());
    store
        .record_logged_sources(&[(sha256.clone(), 0)], 0..1)
        .unwrap();
    let ingested = pipeline
        .ingest(
            &mut store,
            &Source::memory("report.txt", REPORT.as_bytes(), None),
        )
        .unwrap();
    assert!(ingested.archived.appended);
    assert_eq!(ingested.archived.log_index, 1);
    let reader = LedgerReader::open(home.path()).unwrap();
    assert_eq!(reader.record(1).unwrap().sha256.as_deref(), Some(&*sha256));
    // The store now names the right entry.
    assert_eq!(store.logged_source(&sha256).unwrap(), Some(1));

    // An index past the end of the log (a store beside a replaced, shorter log) is no
    // better: the store's record is dropped and the log scanned again.
    store
        .record_logged_sources(&[("ab".repeat(32), 9)], 2..10)
        .unwrap();
    assert_eq!(store.logged_sources_scanned().unwrap(), 10);
    let again = pipeline
        .ingest(
            &mut store,
            &Source::memory("report.txt", REPORT.as_bytes(), None),
        )
        .unwrap();
    assert_eq!(again.archived.log_index, 1);
    assert!(!again.archived.appended);
    assert_eq!(store.logged_sources_scanned().unwrap(), 2);
    assert_eq!(store.logged_source(&"ab".repeat(32)).unwrap(), None);
}

#[test]
fn items_of_a_feed_are_named_by_their_guid_and_share_the_feed_entry() {
    let home = tempfile::tempdir().unwrap();
    let (pipeline, mut store) = open(home.path());
    let mut source = Source::memory("wire.rss", FEED.as_bytes(), None);
    source.origin_url = Some("https://wire.example/rss".into());
    let ingested = pipeline.ingest(&mut store, &source).unwrap();
    let paths: Vec<&str> = ingested.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["wire.rss#item=a-1", "wire.rss#item=b-2"]);
    for d in &ingested.documents {
        let stored = store.document(&d.id).unwrap();
        assert_eq!(stored.provenance.log_index, Some(0));
        assert_eq!(
            stored.provenance.blob_sha256.as_deref(),
            Some(&*ingested.archived.sha256)
        );
        let info = stored.record.document.source.unwrap();
        assert_eq!(info.path.as_deref(), Some(d.path.as_str()));
    }
    let entry = LedgerReader::open(home.path()).unwrap().record(0).unwrap();
    assert_eq!(entry.file_name.as_deref(), Some("wire.rss"));
    assert_eq!(
        entry.origin_url.as_deref(),
        Some("https://wire.example/rss")
    );
    assert_eq!(entry.tool.as_deref(), Some("pipeline test"));
    assert!(entry.collected_at.is_some());
}

#[test]
fn unreadable_uploads_are_refused_before_anything_is_archived() {
    let home = tempfile::tempdir().unwrap();
    let (pipeline, mut store) = open(home.path());
    let binary = [0u8, 159, 146, 150, 0, 0, 1, 2];
    let err = pipeline
        .ingest(&mut store, &Source::memory("blob.txt", &binary, None))
        .unwrap_err();
    assert!(
        matches!(
            err,
            PipelineError::Read { .. } | PipelineError::NoDocuments { .. }
        ),
        "{err}"
    );
    assert!(
        BlobStore::new(home.path().join("blobs"))
            .list()
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.status().unwrap().documents, 0);
}

#[test]
fn files_are_archived_even_when_they_then_cannot_be_read() {
    let home = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let good = input.path().join("good.txt");
    let bad = input.path().join("bad.txt");
    std::fs::write(&good, REPORT).unwrap();
    std::fs::write(&bad, [0u8, 0, 0, 7, 8, 9]).unwrap();
    let (pipeline, mut store) = open(home.path());
    let sources = [Source::file(&good), Source::file(&bad)];
    let archived: Vec<_> = pipeline
        .archive(&mut store, &sources)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(log_size(home.path()), 2);
    let mut paths = Vec::new();
    pipeline
        .read_and_store(&mut store, &sources[0], &archived[0], &mut |d| {
            paths.push(d.path.clone())
        })
        .unwrap();
    assert_eq!(paths, [good.display().to_string()]);
    assert!(
        pipeline
            .read_and_store(&mut store, &sources[1], &archived[1], &mut |_| {})
            .is_err()
    );

    // A rerun finds both in the store's record of the log: nothing is appended.
    let (rerun, mut rerun_store) = open(home.path());
    for result in rerun.archive(&mut rerun_store, &sources) {
        assert!(!result.unwrap().appended);
    }
    assert_eq!(log_size(home.path()), 2);
}

#[test]
fn sources_over_the_size_limit_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let (pipeline, mut store) = open(home.path());
    let pipeline = pipeline.with_max_size(10);
    let err = pipeline
        .ingest(
            &mut store,
            &Source::memory("report.txt", REPORT.as_bytes(), None),
        )
        .unwrap_err();
    assert!(
        matches!(err, PipelineError::TooLarge { limit: 10, .. }),
        "{err}"
    );
}
