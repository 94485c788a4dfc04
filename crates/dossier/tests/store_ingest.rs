//! `dossier ingest` on a mixed folder generated here: a text file, an HTML page, an RSS
//! feed, a WARC, a Telegram export and a file that cannot be read. Checks the counts, each
//! document's provenance, that a rerun changes nothing, that a changed file becomes a new
//! version, and that the archive still verifies.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn dossier(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("DOSSIER_HOME")
        .output()
        .expect("run dossier")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const TEXT: &str = "Bridge Repaired Near Kharkiv\n\nThe regional governor said on Monday that engineers had reopened the bridge north of Kharkiv, though the claim could not be independently verified.\n";

const HTML: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Power Restored in Izium</title>
<meta property="og:site_name" content="Example Daily"><meta name="author" content="Olena Writer">
<link rel="canonical" href="https://daily.example/izium-power"></head><body>
<article><h1>Power Restored in Izium</h1>
<p>Electricity returned to most districts of Izium on Sunday, the city's mayor said in a statement, adding that repair crews had worked through the night to reconnect the hospital and the water station.</p>
<p>Officials reportedly plan to restore the remaining lines by the end of the week, although residents said several streets in the eastern part of the city were still without heating.</p>
<p>The regional energy company said it could not confirm when the damaged substation would be replaced.</p>
</article></body></html>"#;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Shelling reported in Kupiansk</title><link>https://wire.example/kupiansk</link>
<guid>kupiansk-1</guid><pubDate>Sat, 14 May 2022 12:00:00 GMT</pubDate>
<description>Local officials said shelling damaged two schools in Kupiansk overnight.</description></item>
<item><title>Evacuation train leaves Lyman</title><link>https://wire.example/lyman</link>
<guid>lyman-1</guid><pubDate>Sun, 15 May 2022 09:30:00 GMT</pubDate>
<description>A spokesman for the railway said the last evacuation train had left Lyman.</description></item>
</channel></rss>"#;

const TELEGRAM: &str = r#"{
 "name": "Example Front News", "type": "public_channel", "id": 1234567890,
 "messages": [
  {"id": 1, "type": "service", "date": "2022-05-14T14:00:00", "date_unixtime": "1652529600",
   "actor": "Example Front News", "action": "create_channel", "text": "", "text_entities": []},
  {"id": 2, "type": "message", "date": "2022-05-14T15:00:00", "date_unixtime": "1652533200",
   "from": "Example Front News", "from_id": "channel1234567890",
   "text": ["Air raid alert in ", {"type": "bold", "text": "Kharkiv"}, " oblast, the regional administration said."],
   "text_entities": []},
  {"id": 3, "type": "message", "date": "2022-05-14T16:00:00", "date_unixtime": "1652536800",
   "from": "Example Front News", "from_id": "channel1234567890", "forwarded_from": "Another Channel",
   "text": "The alert is over, officials said.", "text_entities": []}
 ]
}"#;

/// A WARC with a warcinfo record and one archived HTML response.
fn warc() -> Vec<u8> {
    let page = "<html><head><title>Dam Breach Reported</title></head><body><article>\
        <p>Water levels rose sharply downstream of the dam on Tuesday, regional officials said, \
        and residents of nearby villages were told to move to higher ground immediately.</p>\
        <p>The cause of the breach could not be independently verified, and both sides blamed \
        each other for the damage in statements issued the same morning.</p></article></body></html>";
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    );
    let record = |kind: &str, n: u32, uri: &str, content_type: &str, block: &[u8]| {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012}>\r\n\
             WARC-Date: 2022-06-07T08:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let mut out = record(
        "warcinfo",
        1,
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    out.extend(record(
        "response",
        2,
        "https://news.example/dam",
        "application/http; msgtype=response",
        http.as_bytes(),
    ));
    out
}

#[test]
fn a_mixed_folder_goes_in_once_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let home = dir.path().join("home");
    std::fs::create_dir_all(input.join("web")).unwrap();
    std::fs::create_dir_all(input.join("channels")).unwrap();
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = vec![
        (input.join("report.txt"), TEXT.as_bytes().to_vec()),
        (input.join("web/page.html"), HTML.as_bytes().to_vec()),
        (input.join("web/wire.rss"), RSS.as_bytes().to_vec()),
        (input.join("web/capture.warc"), warc()),
        (
            input.join("channels/result.json"),
            TELEGRAM.as_bytes().to_vec(),
        ),
        (input.join("broken.bin"), b"\x00\x01\x02 not text".to_vec()),
    ];
    for (path, bytes) in &files {
        std::fs::write(path, bytes).unwrap();
    }
    // A hidden file is not ingested.
    std::fs::write(input.join(".DS_Store"), b"\x00\x00").unwrap();

    let out = dossier(&home, &["ingest", input.to_str().unwrap(), "--json"]);
    assert!(
        !out.status.success(),
        "a failed file makes the exit non-zero"
    );
    let v = json_of(&out);
    assert_eq!(v["files"], 6);
    // text 1 + HTML 1 + feed 2 + WARC 1 + Telegram 2 (the service message is skipped).
    assert_eq!(v["stored"], 7, "{v:#}");
    assert_eq!(v["duplicates"], 0);
    assert_eq!(v["failed"], 1);
    assert_eq!(
        v["archived"], 6,
        "every file, the unreadable one too, is archived"
    );
    assert!(v["skipped_items"].as_u64().unwrap() >= 1);
    let failure = &v["failures"][0];
    assert!(failure["path"].as_str().unwrap().ends_with("broken.bin"));
    assert!(
        failure["reason"].as_str().unwrap().contains("byte 0"),
        "{failure}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("6 files: 7 documents stored (0 new versions), 0 duplicates, 1 failed"),
        "{stderr}"
    );

    // Provenance: every document names its file's log entry and blob.
    let docs = v["documents"].as_array().unwrap();
    for d in docs {
        let path = d["path"].as_str().unwrap();
        let file = files
            .iter()
            .find(|(p, _)| path.starts_with(p.to_str().unwrap()))
            .unwrap_or_else(|| panic!("{path} comes from no input file"));
        let shown = json_of(&dossier(
            &home,
            &["show", d["id"].as_str().unwrap(), "--json"],
        ));
        assert_eq!(
            shown["provenance"]["blob_sha256"].as_str().unwrap(),
            dossier_model::document_id(&file.1),
            "{path}"
        );
        assert_eq!(shown["provenance"]["log_index"], d["log_index"]);
    }
    let by_suffix = |suffix: &str| -> &Value {
        docs.iter()
            .find(|d| d["path"].as_str().unwrap().contains(suffix))
            .unwrap_or_else(|| panic!("no document at {suffix}"))
    };
    let text_doc = by_suffix("report.txt");
    assert_eq!(
        text_doc["id"].as_str().unwrap(),
        dossier_model::document_id(TEXT.as_bytes()),
        "a whole file's id is its SHA-256"
    );
    by_suffix("result.json#chat=1234567890&message=2");
    by_suffix("result.json#chat=1234567890&message=3");
    by_suffix("wire.rss#item=kupiansk-1");
    let warc_doc = by_suffix("capture.warc#record=2");
    let shown = json_of(&dossier(
        &home,
        &["show", warc_doc["id"].as_str().unwrap(), "--json"],
    ));
    assert_eq!(
        shown["record"]["document"]["source"]["url"],
        "https://news.example/dam"
    );
    let html_doc = by_suffix("page.html");
    let shown = json_of(&dossier(
        &home,
        &["show", html_doc["id"].as_str().unwrap(), "--json"],
    ));
    assert_eq!(
        shown["record"]["document"]["title"],
        "Power Restored in Izium"
    );

    let status = json_of(&dossier(&home, &["status", "--json"]));
    assert_eq!(status["documents"], 7);
    assert_eq!(status["archived"], 7);
    assert_eq!(status["log_size"], 6);
    // Search finds the feed item and the Telegram message.
    let hits = json_of(&dossier(&home, &["search", "Kupiansk", "--json"]));
    assert_eq!(hits["documents"].as_array().unwrap().len(), 1);

    // A rerun logs nothing again and stores nothing twice.
    let out = dossier(&home, &["ingest", input.to_str().unwrap(), "--json"]);
    let v = json_of(&out);
    assert_eq!(v["stored"], 0);
    assert_eq!(v["duplicates"], 7);
    assert_eq!(v["archived"], 0);
    assert_eq!(
        json_of(&dossier(&home, &["status", "--json"]))["log_size"],
        6
    );

    // A changed file is a new version of the old document, which stays.
    std::fs::remove_file(input.join("broken.bin")).unwrap();
    let changed = TEXT.replace("Monday", "Tuesday");
    std::fs::write(input.join("report.txt"), &changed).unwrap();
    let out = dossier(&home, &["ingest", input.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["stored"], 1);
    assert_eq!(v["new_versions"], 1);
    let new_doc = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["outcome"] == "new_version")
        .unwrap();
    assert_eq!(new_doc["version_of"], text_doc["id"]);
    assert_eq!(new_doc["log_index"], 6);
    let old = json_of(&dossier(
        &home,
        &["show", text_doc["id"].as_str().unwrap(), "--json"],
    ));
    assert_eq!(old["record"]["document"]["text"], TEXT);
    assert_eq!(old["provenance"]["later_versions"][0], new_doc["id"]);

    // The archive still verifies.
    let out = dossier(&home, &["archive", "verify"]);
    assert!(
        out.status.success(),
        "archive verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn missing_paths_are_reported_and_the_rest_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let report = dir.path().join("report.txt");
    std::fs::write(&report, TEXT).unwrap();
    let missing = dir.path().join("nowhere");
    let out = dossier(
        &home,
        &[
            "ingest",
            missing.to_str().unwrap(),
            report.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(!out.status.success());
    let v = json_of(&out);
    assert_eq!(v["stored"], 1);
    assert_eq!(v["failed"], 1);
    assert!(
        v["failures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("cannot read")
    );
    // Ingesting the home directory into itself is skipped, not looped over.
    let out = dossier(&home, &["ingest", dir.path().to_str().unwrap(), "--json"]);
    let v = json_of(&out);
    assert_eq!(v["files"], 1, "{v:#}");
    assert_eq!(v["duplicates"], 1);
}

#[test]
fn identical_files_in_one_batch_share_one_log_entry() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), TEXT).unwrap();
    std::fs::write(input.join("b.txt"), TEXT).unwrap();
    let v = json_of(&dossier(
        &home,
        &["ingest", input.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["archived"], 1);
    assert_eq!(v["stored"], 1);
    assert_eq!(v["duplicates"], 1);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs[0]["log_index"], docs[1]["log_index"]);
    assert_eq!(
        json_of(&dossier(&home, &["status", "--json"]))["log_size"],
        1
    );
}

#[test]
fn files_logged_by_another_writer_are_reused_by_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let report = dir.path().join("report.txt");
    std::fs::write(&report, TEXT).unwrap();
    // `archive add` logs the bytes as a source without telling the store.
    let out = dossier(
        &home,
        &[
            "archive",
            "add",
            "--kind",
            "source",
            report.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&dossier(
        &home,
        &["ingest", report.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["archived"], 0, "{v:#}");
    assert_eq!(v["stored"], 1);
    assert_eq!(v["documents"][0]["log_index"], 0);
    assert_eq!(
        json_of(&dossier(&home, &["status", "--json"]))["log_size"],
        1
    );
}

#[test]
fn an_ingest_killed_midway_continues_on_rerun_and_logs_nothing_twice() {
    use std::io::{BufRead, BufReader};
    const FILES: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..FILES {
        std::fs::write(
            input.join(format!("report-{i:03}.txt")),
            format!("Report {i}. The regional governor said on Monday that engineers reopened bridge number {i} near Kharkiv.\n"),
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--home")
        .arg(&home)
        .args(["ingest", input.to_str().unwrap()])
        .env_remove("DOSSIER_HOME")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once it has stored 100 documents: in its second batch of files.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut stored = 0;
    for line in stderr.lines() {
        if line.unwrap().starts_with("inserted ") {
            stored += 1;
            if stored == 100 {
                break;
            }
        }
    }
    child.kill().ok();
    child.wait().unwrap();
    let logged_before = json_of(&dossier(&home, &["status", "--json"]))["log_size"]
        .as_u64()
        .unwrap();
    assert!(logged_before >= 100, "every stored file was logged first");

    let v = json_of(&dossier(
        &home,
        &["ingest", input.to_str().unwrap(), "--json"],
    ));
    assert_eq!(v["failed"], 0, "{v:#}");
    assert_eq!(
        v["archived"].as_u64().unwrap(),
        FILES as u64 - logged_before,
        "the rerun logs only what the killed run did not"
    );
    let status = json_of(&dossier(&home, &["status", "--json"]));
    assert_eq!(status["log_size"], FILES, "one entry per file");
    assert_eq!(status["documents"], FILES);

    // A third run finds everything: nothing archived, nothing stored.
    let again = json_of(&dossier(
        &home,
        &["ingest", input.to_str().unwrap(), "--json"],
    ));
    assert_eq!(again["archived"], 0);
    assert_eq!(again["duplicates"], FILES);
    assert_eq!(
        json_of(&dossier(&home, &["status", "--json"]))["log_size"],
        FILES
    );
    let out = dossier(&home, &["archive", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
