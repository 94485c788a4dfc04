//! Uploads through a real server on a free port: identical bytes reuse their log entry, and
//! the items of a container are named like `dossier ingest` names them. The example texts
//! are written for these tests.

mod common;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

const TOKEN: &str = "t0ken";

const REPORT: &str = "The regional governor said on Tuesday that shelling damaged a school \
in Kharkiv. Officials said the claim could not be verified.\n";

const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><guid>a-1</guid><title>Bridge closed</title>
<description>The mayor said the bridge near Izium was closed after an attack.</description></item>
<item><guid>b-2</guid><title>Aid arrives</title>
<description>A spokesman said that aid convoys reached Kharkiv on Monday.</description></item>
</channel></rss>"#;

/// A server with the upload token, on a free port, for the duration of `test`.
fn with_server(test: impl FnOnce(SocketAddr, &std::path::Path)) {
    common::with_server(|config| config.token = Some(TOKEN.into()), test);
}

/// One HTTP/1.1 request on its own connection; gives the status and the JSON body.
fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    content_type: &str,
    body: &[u8],
) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn log_size(addr: SocketAddr) -> u64 {
    let (status, v) = request(addr, "GET", "/api/status", "text/plain", b"");
    assert_eq!(status, 200, "{v}");
    v["log_size"].as_u64().unwrap()
}

#[test]
fn uploading_the_same_bytes_twice_logs_them_once() {
    with_server(|addr, _home| {
        let (status, first) = request(
            addr,
            "POST",
            "/api/documents?name=report.txt",
            "text/plain",
            REPORT.as_bytes(),
        );
        assert_eq!(status, 201, "{first}");
        assert_eq!(log_size(addr), 1);

        let (status, second) = request(
            addr,
            "POST",
            "/api/documents?name=copy.txt",
            "text/plain",
            REPORT.as_bytes(),
        );
        assert_eq!(status, 200, "{second}");
        assert_eq!(second["documents"][0]["outcome"], "duplicate");
        assert_eq!(log_size(addr), 1, "the second upload reuses the entry");
        assert_eq!(second["log_index"], first["log_index"]);
        assert_eq!(second["sha256"], first["sha256"]);
        assert_eq!(second["documents"][0]["id"], first["documents"][0]["id"]);
        assert_eq!(
            second["document"]["provenance"]["log_index"],
            first["log_index"]
        );

        // Other bytes are a new entry.
        let (status, other) = request(
            addr,
            "POST",
            "/api/documents?name=other.txt",
            "text/plain",
            b"A different report, an official said on Monday.",
        );
        assert_eq!(status, 201, "{other}");
        assert_eq!(other["log_index"], 1);
        assert_eq!(log_size(addr), 2);
    });
}

#[test]
fn feed_items_are_named_by_where_they_sit_and_logged_with_the_upload() {
    with_server(|addr, home| {
        let (status, v) = request(
            addr,
            "POST",
            "/api/documents?name=wire.rss&url=https://wire.example/rss",
            "application/rss+xml",
            FEED.as_bytes(),
        );
        assert_eq!(status, 201, "{v}");
        assert_eq!(v["documents"].as_array().unwrap().len(), 2, "{v}");
        assert_eq!(
            v["document"]["record"]["document"]["source"]["path"],
            "wire.rss#item=a-1"
        );
        let (_, second) = request(
            addr,
            "GET",
            &format!(
                "/api/documents/{}",
                v["documents"][1]["id"].as_str().unwrap()
            ),
            "text/plain",
            b"",
        );
        assert_eq!(
            second["record"]["document"]["source"]["path"],
            "wire.rss#item=b-2"
        );
        // The entry says what was received, when, from where and by what.
        let entry = dossier_ledger::LedgerReader::open(home)
            .unwrap()
            .record(0)
            .unwrap();
        assert_eq!(entry.file_name.as_deref(), Some("wire.rss"));
        assert_eq!(entry.media_type.as_deref(), Some("application/rss+xml"));
        assert_eq!(
            entry.origin_url.as_deref(),
            Some("https://wire.example/rss")
        );
        assert!(entry.collected_at.is_some());
        assert!(entry.tool.as_deref().unwrap().contains("dossier-server"));
    });
}

#[test]
fn unreadable_uploads_are_refused_and_nothing_is_logged() {
    with_server(|addr, _home| {
        let (status, v) = request(
            addr,
            "POST",
            "/api/documents?name=blob.bin",
            "application/octet-stream",
            b"\x00\x01\x02 not text",
        );
        assert!(status == 400 || status == 422, "{status} {v}");
        assert_eq!(v["error"]["status"], status);
        assert_eq!(log_size(addr), 0);
    });
}
