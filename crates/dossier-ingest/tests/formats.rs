//! Every format reader on fixtures the tests write themselves: WARC and WARC.gz, WACZ with
//! good and bad hashes, Telegram exports with text-entity arrays, RSS/Atom/JSON Feed, and
//! plain text in windows-1251, UTF-16 and binary junk.

use std::io::Write;

use data_encoding::BASE32;
use dossier_ingest::{
    DigestCheck, Format, IngestError, Location, Locator, SkipReason, detect, read_bytes, read_file,
    read_file_with,
};
use sha1::{Digest, Sha1};

/// A made-up article long enough for Readability to treat it as one.
fn article_html(title: &str, charset: &str) -> String {
    let paragraph = "Residents of the eastern district said the shelling began before dawn and \
        lasted for several hours, damaging a school, two apartment blocks and the bridge that \
        links the district to the city centre. Local officials said they were still counting \
        the damage and could not immediately verify reports of casualties.";
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"{charset}\"><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"Example Courier\">\
         <meta property=\"article:published_time\" content=\"2022-05-14T15:00:00+03:00\">\
         </head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{title}</h1><p class=\"byline\">By Olena Example</p>\
         <p>{paragraph}</p><p>{paragraph} The second paragraph repeats it.</p>\
         <p>{paragraph} The third paragraph ends it.</p></article>\
         <footer>Copyright Example Courier</footer></body></html>"
    )
}

fn http_response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn sha1_base32(bytes: &[u8]) -> String {
    format!("sha1:{}", BASE32.encode(&Sha1::digest(bytes)))
}

/// One WARC record; `payload_digest` is written as given when `Some`.
fn warc_record(
    kind: &str,
    number: u32,
    uri: &str,
    content_type: &str,
    block: &[u8],
    payload_digest: Option<String>,
) -> Vec<u8> {
    let mut head = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012}>\r\n\
         WARC-Date: 2022-05-14T12:00:0{}Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n",
        number % 10
    );
    if let Some(digest) = payload_digest {
        head.push_str(&format!("WARC-Payload-Digest: {digest}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

const HTTP: &str = "application/http; msgtype=response";

/// A WARC with every kind of record a crawl produces; returns the records separately so
/// tests can compute offsets and compress them one by one.
fn sample_warc_records() -> Vec<Vec<u8>> {
    let html = article_html("Shelling hits eastern district", "utf-8");
    let ok_payload = html.as_bytes();
    let ok = http_response(
        "200 OK",
        &[("Content-Type", "text/html; charset=utf-8")],
        ok_payload,
    );

    let cyrillic = "Мешканці району повідомили про обстріл. Місцева влада не змогла одразу \
                    підтвердити дані про постраждалих.";
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(cyrillic);
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzipped.write_all(&cp1251).unwrap();
    let gzipped = gzipped.finish().unwrap();
    let mut chunked = Vec::new();
    for chunk in gzipped.chunks(40) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let chunked_response = http_response(
        "200 OK",
        &[
            ("Content-Type", "text/plain; charset=windows-1251"),
            ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"),
        ],
        &chunked,
    );

    vec![
        warc_record(
            "warcinfo",
            1,
            "",
            "application/warc-fields",
            b"software: test\r\n",
            None,
        ),
        warc_record(
            "request",
            2,
            "https://news.example/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
            None,
        ),
        warc_record(
            "response",
            3,
            "https://news.example/a",
            HTTP,
            &ok,
            Some(sha1_base32(ok_payload)),
        ),
        warc_record(
            "response",
            4,
            "https://news.example/missing",
            HTTP,
            &http_response(
                "404 Not Found",
                &[("Content-Type", "text/html")],
                b"<p>gone</p>",
            ),
            None,
        ),
        warc_record(
            "response",
            5,
            "https://news.example/logo.png",
            HTTP,
            &http_response(
                "200 OK",
                &[("Content-Type", "image/png")],
                b"\x89PNG\r\n\x1a\n\0\0",
            ),
            None,
        ),
        warc_record(
            "response",
            6,
            "https://news.example/tampered",
            HTTP,
            &ok,
            Some(sha1_base32(b"something else")),
        ),
        warc_record(
            "response",
            7,
            "https://news.example/ua.txt",
            HTTP,
            &chunked_response,
            Some(sha1_base32(&chunked)),
        ),
        warc_record(
            "metadata",
            8,
            "https://news.example/a",
            "application/warc-fields",
            b"outlink: https://news.example/b\r\n",
            None,
        ),
    ]
}

#[test]
fn warc_responses_become_documents_with_capture_provenance() {
    let records = sample_warc_records();
    let warc: Vec<u8> = records.concat();
    let reading = read_bytes("crawl.warc", &warc, None).expect("readable WARC");

    assert_eq!(reading.documents.len(), 3, "{:#?}", reading.summary);
    assert_eq!(reading.summary.skipped(SkipReason::NotAResponse), 3);
    assert_eq!(reading.summary.skipped(SkipReason::HttpStatusNot200), 1);
    assert_eq!(reading.summary.skipped(SkipReason::NotTextOrHtml), 1);

    let page = &reading.documents[0];
    assert_eq!(
        page.title.as_deref(),
        Some("Shelling hits eastern district")
    );
    assert_eq!(page.url.as_deref(), Some("https://news.example/a"));
    assert_eq!(page.site_name.as_deref(), Some("Example Courier"));
    assert_eq!(page.published.as_deref(), Some("2022-05-14T12:00:00Z"));
    assert_eq!(page.media_type, "text/html");
    assert!(page.text.contains("could not immediately verify"));
    assert!(
        !page.text.contains("Copyright"),
        "boilerplate removed: {}",
        page.text
    );
    assert!(
        page.text.contains(".\n\nResidents"),
        "paragraphs separated: {}",
        page.text
    );
    let expected_payload = article_html("Shelling hits eastern district", "utf-8");
    assert_eq!(page.raw.as_deref(), Some(expected_payload.as_bytes()));
    assert_eq!(page.provenance.container, Format::Warc);
    let offset_of_record_3 = records[..2].iter().map(Vec::len).sum::<usize>() as u64;
    match &page.provenance.locator {
        Locator::WarcRecord {
            member,
            record_number,
            offset,
            compressed_offset,
            record_id,
            target_uri,
            capture_date,
            http_status,
            payload_digest,
        } => {
            assert_eq!(*member, None);
            assert_eq!(*compressed_offset, None);
            assert_eq!(*record_number, 3);
            assert_eq!(*offset, offset_of_record_3);
            assert!(warc[*offset as usize..].starts_with(b"WARC/1.1\r\nWARC-Type: response"));
            assert_eq!(record_id, "<urn:uuid:00000000-0000-4000-8000-000000000003>");
            assert_eq!(target_uri.as_deref(), Some("https://news.example/a"));
            assert_eq!(capture_date, "2022-05-14T12:00:03Z");
            assert_eq!(*http_status, 200);
            assert!(
                matches!(payload_digest, DigestCheck::Matched { .. }),
                "{payload_digest:?}"
            );
        }
        other => panic!("unexpected locator {other:?}"),
    }

    let tampered = &reading.documents[1];
    match &tampered.provenance.locator {
        Locator::WarcRecord {
            record_number: 6,
            payload_digest: DigestCheck::Mismatch { declared, computed },
            ..
        } => {
            assert_eq!(declared, &sha1_base32(b"something else"));
            assert_eq!(computed, &sha1_base32(expected_payload.as_bytes()));
        }
        other => panic!("expected a digest mismatch on record 6, got {other:?}"),
    }
    assert!(
        reading
            .summary
            .warnings
            .iter()
            .any(|w| w.location.starts_with("record 6 (byte ")
                && w.message.contains("WARC-Payload-Digest mismatch")),
        "{:?}",
        reading.summary.warnings
    );

    let ukrainian = &reading.documents[2];
    assert_eq!(ukrainian.media_type, "text/plain");
    assert_eq!(ukrainian.encoding, "windows-1251");
    assert!(
        ukrainian
            .text
            .starts_with("Мешканці району повідомили про обстріл.")
    );
    match &ukrainian.provenance.locator {
        Locator::WarcRecord { payload_digest, .. } => {
            assert!(
                matches!(payload_digest, DigestCheck::Matched { .. }),
                "{payload_digest:?}"
            )
        }
        other => panic!("unexpected locator {other:?}"),
    }
}

#[test]
fn a_gzipped_warc_reads_like_the_plain_one_and_streams_from_disk() {
    let records = sample_warc_records();
    let plain = read_bytes("crawl.warc", &records.concat(), None).unwrap();
    let mut gz = Vec::new();
    let mut member_offsets = Vec::new();
    for record in &records {
        // One gzip member per record, as crawlers write them.
        member_offsets.push(gz.len() as u64);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(record).unwrap();
        gz.extend(encoder.finish().unwrap());
    }
    assert_eq!(detect("x", &gz), Format::Warc);
    let mut damaged = gz.clone();
    damaged.truncate(member_offsets[3] as usize + 30);
    let error = read_bytes("cut.warc.gz", &damaged, None).unwrap_err();
    assert!(
        matches!(
            error,
            IngestError::Malformed {
                location: Location::Record { number: 4, .. },
                ..
            }
        ),
        "{error}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, &gz).unwrap();

    let mut streamed = Vec::new();
    let summary = read_file_with(&path, &mut |document| streamed.push(document)).unwrap();
    assert_eq!(summary.documents, plain.documents.len());
    assert_eq!(summary.skipped, plain.summary.skipped);
    for (from_gz, from_plain) in streamed.iter().zip(&plain.documents) {
        assert_eq!(from_gz.text, from_plain.text);
        assert_eq!(from_gz.provenance.source_name, path.display().to_string());
        let (
            Locator::WarcRecord {
                record_number,
                compressed_offset,
                offset,
                ..
            },
            Locator::WarcRecord {
                compressed_offset: None,
                offset: plain_offset,
                ..
            },
        ) = (&from_gz.provenance.locator, &from_plain.provenance.locator)
        else {
            panic!("unexpected locators {from_gz:?} {from_plain:?}");
        };
        assert_eq!(offset, plain_offset, "uncompressed offsets agree");
        let member = member_offsets[*record_number as usize - 1];
        assert_eq!(*compressed_offset, Some(member), "record {record_number}");
        // The offset is where a gzip member holding exactly this record begins.
        let mut one_record = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&gz[member as usize..]),
            &mut one_record,
        )
        .unwrap();
        assert_eq!(one_record, records[*record_number as usize - 1]);
    }
}

#[test]
fn a_broken_warc_is_refused_with_the_record_and_offset() {
    let records = sample_warc_records();
    let mut truncated = records[..3].concat();
    truncated.truncate(truncated.len() - 100);
    let error = read_bytes("cut.warc", &truncated, None).unwrap_err();
    match &error {
        IngestError::Malformed {
            format: Format::Warc,
            location: Location::Record { number: 3, offset },
            ..
        } => {
            assert_eq!(*offset, (records[0].len() + records[1].len()) as u64);
        }
        other => panic!("unexpected error {other}"),
    }
    assert!(
        error
            .to_string()
            .contains("cut.warc: malformed WARC at record 3"),
        "{error}"
    );

    let mut endless_line = b"WARC/1.1\r\nWARC-Type: ".to_vec();
    endless_line.resize(3 * 1024 * 1024, b'x');
    let error = read_bytes("long.warc", &endless_line, None).unwrap_err();
    assert!(
        error.to_string().contains("header block longer than"),
        "{error}"
    );

    let mut garbage = records[..2].concat();
    garbage.extend_from_slice(b"this is not a header\r\n\r\n");
    let error = read_bytes("junk.warc", &garbage, None).unwrap_err();
    assert!(
        matches!(
            error,
            IngestError::Malformed {
                location: Location::Record { number: 3, .. },
                ..
            }
        ),
        "{error}"
    );
}

fn zip_with(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn datapackage(resources: &[(&str, &str)]) -> Vec<u8> {
    let resources: Vec<serde_json::Value> = resources
        .iter()
        .map(|(path, hash)| serde_json::json!({"name": path.rsplit('/').next(), "path": path, "hash": hash}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "profile": "data-package",
        "wacz_version": "1.1.1",
        "resources": resources,
    }))
    .unwrap()
}

#[test]
fn a_wacz_with_good_hashes_yields_its_pages_and_a_bad_hash_refuses_it() {
    let warc = sample_warc_records().concat();
    let pages = b"{\"format\": \"json-pages-1.0\", \"id\": \"pages\"}\n";
    let good = zip_with(&[
        ("archive/data.warc", &warc),
        ("pages/pages.jsonl", pages),
        (
            "datapackage.json",
            &datapackage(&[
                (
                    "archive/data.warc",
                    &format!("sha256:{}", sha256_hex(&warc)),
                ),
                (
                    "pages/pages.jsonl",
                    &format!("sha256:{}", sha256_hex(pages)),
                ),
            ]),
        ),
    ]);
    assert_eq!(detect("capture.wacz", &good), Format::Wacz);
    let reading = read_bytes("capture.wacz", &good, None).expect("good WACZ");
    assert_eq!(reading.documents.len(), 3);
    let page = &reading.documents[0];
    assert_eq!(page.provenance.container, Format::Wacz);
    match &page.provenance.locator {
        Locator::WarcRecord {
            member,
            record_number,
            ..
        } => {
            assert_eq!(member.as_deref(), Some("archive/data.warc"));
            assert_eq!(*record_number, 3);
        }
        other => panic!("unexpected locator {other:?}"),
    }

    let wrong = format!("sha256:{}", sha256_hex(b"not the warc"));
    let bad = zip_with(&[
        ("archive/data.warc", &warc),
        (
            "datapackage.json",
            &datapackage(&[("archive/data.warc", &wrong)]),
        ),
    ]);
    let error = read_bytes("tampered.wacz", &bad, None).unwrap_err();
    match &error {
        IngestError::WaczHashMismatch {
            member,
            declared,
            computed,
            ..
        } => {
            assert_eq!(member, "archive/data.warc");
            assert_eq!(declared, &wrong);
            assert_eq!(computed, &format!("sha256:{}", sha256_hex(&warc)));
        }
        other => panic!("unexpected error {other}"),
    }

    let no_package = zip_with(&[("archive/data.warc", &warc)]);
    let error = read_bytes("bare.wacz", &no_package, None).unwrap_err();
    assert!(error.to_string().contains("datapackage.json"), "{error}");
}

const CHANNEL_EXPORT: &str = r#"{
 "name": "Example Front News",
 "type": "public_channel",
 "id": 1234567890,
 "messages": [
  {
   "id": 1,
   "type": "service",
   "date": "2022-05-14T14:00:00",
   "date_unixtime": "1652529600",
   "actor": "Example Front News",
   "action": "create_channel",
   "text": "",
   "text_entities": []
  },
  {
   "id": 2,
   "type": "message",
   "date": "2022-05-14T15:00:00",
   "date_unixtime": "1652529600",
   "edited": "2022-05-14T15:10:00",
   "edited_unixtime": "1652530200",
   "from": "Example Front News",
   "from_id": "channel1234567890",
   "author": "Ivan Example",
   "text": [
    "Shelling reported near ",
    {"type": "bold", "text": "Izium"},
    " this morning, ",
    {"type": "text_link", "text": "the mayor said", "href": "https://example.org/post/1"},
    ". Details: ",
    {"type": "link", "text": "https://example.org/a"},
    " ",
    {"type": "mention", "text": "@examplechannel"}
   ],
   "text_entities": []
  },
  {
   "id": 3,
   "type": "message",
   "date": "2022-05-14T16:00:00",
   "date_unixtime": "1652533200",
   "from": "Example Front News",
   "from_id": "channel1234567890",
   "forwarded_from": "Another Channel",
   "reply_to_message_id": 2,
   "text": "Air raid alert in Kharkiv oblast.",
   "text_entities": [{"type": "plain", "text": "Air raid alert in Kharkiv oblast."}]
  },
  {
   "id": 4,
   "type": "message",
   "date": "2022-05-14T17:00:00",
   "date_unixtime": "1652536800",
   "from": "Example Front News",
   "photo": "photos/photo_1.jpg",
   "text": "",
   "text_entities": []
  }
 ]
}"#;

#[test]
fn telegram_messages_flatten_entities_and_keep_forwarding_provenance() {
    assert_eq!(
        detect("result.json", CHANNEL_EXPORT.as_bytes()),
        Format::Telegram
    );
    let reading = read_bytes("result.json", CHANNEL_EXPORT.as_bytes(), None).unwrap();
    assert_eq!(reading.documents.len(), 2);
    assert_eq!(reading.summary.skipped(SkipReason::ServiceMessage), 1);
    assert_eq!(reading.summary.skipped(SkipReason::EmptyText), 1);

    let first = &reading.documents[0];
    assert_eq!(
        first.text,
        "Shelling reported near Izium this morning, the mayor said. Details: https://example.org/a @examplechannel"
    );
    assert_eq!(first.published.as_deref(), Some("2022-05-14T12:00:00Z"));
    assert_eq!(first.modified.as_deref(), Some("2022-05-14T12:10:00Z"));
    assert_eq!(first.byline.as_deref(), Some("Ivan Example"));
    assert_eq!(first.site_name.as_deref(), Some("Example Front News"));
    let raw = std::str::from_utf8(first.raw.as_deref().unwrap()).unwrap();
    assert!(raw.starts_with('{') && raw.contains("\"id\": 2,") && CHANNEL_EXPORT.contains(raw));

    let second = &reading.documents[1];
    match &second.provenance.locator {
        Locator::TelegramMessage {
            chat_name,
            chat_id,
            chat_type,
            message_id,
            index,
            from_id,
            forwarded_from,
            reply_to_message_id,
            author,
            ..
        } => {
            assert_eq!(chat_name.as_deref(), Some("Example Front News"));
            assert_eq!(*chat_id, Some(1234567890));
            assert_eq!(chat_type.as_deref(), Some("public_channel"));
            assert_eq!(*message_id, 3);
            assert_eq!(*index, 2);
            assert_eq!(from_id.as_deref(), Some("channel1234567890"));
            assert_eq!(forwarded_from.as_deref(), Some("Another Channel"));
            assert_eq!(*reply_to_message_id, Some(2));
            assert_eq!(*author, None);
        }
        other => panic!("unexpected locator {other:?}"),
    }
}

#[test]
fn a_full_telegram_export_reads_every_chat() {
    let chat: serde_json::Value = serde_json::from_str(CHANNEL_EXPORT).unwrap();
    let mut other = chat.clone();
    other["name"] = "Second Channel".into();
    other["id"] = 42.into();
    // As Telegram Desktop writes it: personal information and contacts (here 10 KiB of them)
    // come before the chats, so detection cannot wait for "chats".
    let contacts: Vec<serde_json::Value> = (0..100)
        .map(|i| serde_json::json!({"first_name": format!("Contact {i}"), "phone_number": "+000000000", "date": "2020-01-01T00:00:00"}))
        .collect();
    let full = format!(
        "{{\n \"about\": \"Here is the data you requested.\",\n \"personal_information\": {{\"user_id\": 1}},\n \
         \"contacts\": {{\"list\": {}}},\n \"chats\": {{\"about\": \"All chats.\", \"list\": [{}, {}]}}\n}}",
        serde_json::to_string(&contacts).unwrap(),
        chat,
        other
    );
    let bytes = full.into_bytes();
    assert!(
        !bytes[..dossier_ingest::SNIFF_LEN]
            .windows(7)
            .any(|w| w == b"\"chats\"")
    );
    assert_eq!(detect("export.json", &bytes), Format::Telegram);
    let reading = read_bytes("export.json", &bytes, None).unwrap();
    assert_eq!(reading.documents.len(), 4);
    let chats: Vec<Option<String>> = reading
        .documents
        .iter()
        .map(|d| d.site_name.clone())
        .collect();
    assert_eq!(chats[0].as_deref(), Some("Example Front News"));
    assert_eq!(chats[3].as_deref(), Some("Second Channel"));
}

#[test]
fn broken_telegram_json_is_refused_with_line_and_column() {
    let broken = CHANNEL_EXPORT.replace("\"id\": 3,", "\"id\": 3,,");
    let error = read_bytes("result.json", broken.as_bytes(), Some(Format::Telegram)).unwrap_err();
    match &error {
        IngestError::Malformed {
            format: Format::Telegram,
            location: Location::LineColumn { line, .. },
            ..
        } => {
            let expected_line = broken
                .lines()
                .position(|l| l.contains("\"id\": 3,,"))
                .unwrap()
                + 1;
            assert_eq!(*line, expected_line, "{error}");
        }
        other => panic!("unexpected error {other}"),
    }
    let not_export =
        read_bytes("result.json", b"{\"hello\": 1}", Some(Format::Telegram)).unwrap_err();
    assert!(
        not_export
            .to_string()
            .contains("not a Telegram Desktop export"),
        "{not_export}"
    );
}

#[test]
fn rss_items_become_documents_with_link_date_and_stripped_text() {
    let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Courier</title><link>https://news.example/</link>
<language>en</language>
<item><title>Bridge damaged</title><link>https://news.example/bridge</link>
<guid isPermaLink="false">bridge-1</guid><pubDate>Sat, 14 May 2022 12:00:00 GMT</pubDate>
<author>desk@news.example (Olena Example)</author>
<description>&lt;p&gt;The bridge was hit overnight.&lt;/p&gt;&lt;p&gt;Officials &lt;b&gt;could not&lt;/b&gt; confirm casualties.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://news.example/empty</link><description></description></item>
</channel></rss>"#;
    assert_eq!(detect("feed.xml", rss.as_bytes()), Format::Feed);
    let reading = read_bytes("feed.xml", rss.as_bytes(), None).unwrap();
    assert_eq!(reading.documents.len(), 1);
    assert_eq!(reading.summary.skipped(SkipReason::EmptyText), 1);
    let item = &reading.documents[0];
    assert_eq!(
        item.text,
        "The bridge was hit overnight.\n\nOfficials could not confirm casualties."
    );
    assert_eq!(item.title.as_deref(), Some("Bridge damaged"));
    assert_eq!(item.url.as_deref(), Some("https://news.example/bridge"));
    assert_eq!(item.published.as_deref(), Some("2022-05-14T12:00:00Z"));
    assert_eq!(item.site_name.as_deref(), Some("Example Courier"));
    assert_eq!(item.language.as_deref(), Some("en"));
    match &item.provenance.locator {
        Locator::FeedItem { index, guid, link } => {
            assert_eq!(*index, 0);
            assert_eq!(guid, "bridge-1");
            assert_eq!(link.as_deref(), Some("https://news.example/bridge"));
        }
        other => panic!("unexpected locator {other:?}"),
    }
}

#[test]
fn atom_and_json_feed_entries_use_content_and_authors() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Front Notes</title><id>urn:x:feed</id>
<updated>2022-05-15T08:00:00Z</updated>
<entry><title>Evacuation continues</title><id>urn:x:1</id>
<link href="https://notes.example/1"/><published>2022-05-15T09:30:00+03:00</published>
<updated>2022-05-15T10:00:00+03:00</updated><author><name>Petro Example</name></author>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;Buses left at noon.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Route one&lt;/li&gt;&lt;/ul&gt;</content></entry>
</feed>"#;
    let reading = read_bytes("notes.atom", atom.as_bytes(), None).unwrap();
    assert_eq!(reading.documents.len(), 1);
    let entry = &reading.documents[0];
    assert_eq!(entry.text, "Buses left at noon.\n\nRoute one");
    assert_eq!(entry.byline.as_deref(), Some("Petro Example"));
    assert_eq!(entry.published.as_deref(), Some("2022-05-15T06:30:00Z"));
    assert_eq!(entry.modified.as_deref(), Some("2022-05-15T07:00:00Z"));
    assert_eq!(entry.excerpt.as_deref(), Some("Short summary."));
    assert_eq!(entry.site_name.as_deref(), Some("Front Notes"));

    let json_feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Desk",
      "items": [
        {"id": "j1", "url": "https://json.example/1", "title": "Convoy seen",
         "content_html": "<p>A convoy was seen.</p><p>It moved north.</p>",
         "date_published": "2022-05-16T10:00:00Z", "authors": [{"name": "Desk"}]},
        {"id": "j2", "url": "https://json.example/2", "content_text": "Plain update."}
      ]}"#;
    assert_eq!(detect("feed.json", json_feed.as_bytes()), Format::Feed);
    let reading = read_bytes("feed.json", json_feed.as_bytes(), None).unwrap();
    let texts: Vec<&str> = reading.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        ["A convoy was seen.\n\nIt moved north.", "Plain update."]
    );
    assert_eq!(
        reading.documents[0].published.as_deref(),
        Some("2022-05-16T10:00:00Z")
    );
    assert_eq!(reading.documents[0].byline.as_deref(), Some("Desk"));

    let cyrillic_rss = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\">\
        <channel><title>Новини</title><item><title>Обстріл</title>\
        <description>Мешканці району повідомили про обстріл.</description></item></channel></rss>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(cyrillic_rss);
    let reading = read_bytes("ua.rss", &bytes, None).unwrap();
    assert_eq!(
        reading.documents[0].text,
        "Мешканці району повідомили про обстріл."
    );
    assert_eq!(reading.documents[0].site_name.as_deref(), Some("Новини"));
    assert_eq!(reading.documents[0].encoding, "windows-1251");

    let error = read_bytes(
        "broken.xml",
        b"<rss><channel><item><title>x</rss>",
        Some(Format::Feed),
    )
    .unwrap_err();
    assert!(
        error.to_string().starts_with("broken.xml: malformed feed"),
        "{error}"
    );
}

#[test]
fn text_in_legacy_and_utf16_encodings_is_decoded() {
    let ukrainian = "Російські війська обстріляли околиці Харкова вночі. Місцева влада повідомила \
                     про пошкодження житлових будинків і школи, але не змогла одразу підтвердити \
                     кількість постраждалих.\n";
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(ukrainian);
    let reading = read_bytes("report.txt", &cp1251, None).unwrap();
    assert_eq!(reading.documents[0].text, ukrainian);
    assert_eq!(reading.documents[0].encoding, "windows-1251");

    let french = "Le café du village a rouvert après l'évacuation, a déclaré le maire.\n";
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(french);
    let reading = read_bytes("fr.txt", &cp1252, None).unwrap();
    assert_eq!(reading.documents[0].text, french);
    assert_eq!(reading.documents[0].encoding, "windows-1252");

    let english = "Officials said the bridge was “badly damaged”.";
    let mut utf16le = vec![0xff, 0xfe];
    utf16le.extend(english.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xfe, 0xff];
    utf16be.extend(english.encode_utf16().flat_map(u16::to_be_bytes));
    for (bytes, encoding) in [(utf16le, "UTF-16LE"), (utf16be, "UTF-16BE")] {
        let reading = read_bytes("u16.txt", &bytes, None).unwrap();
        assert_eq!(reading.documents[0].text, english);
        assert_eq!(reading.documents[0].encoding, encoding);
    }

    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(english.as_bytes());
    assert_eq!(
        read_bytes("bom.txt", &with_bom, None).unwrap().documents[0].text,
        english
    );
}

#[test]
fn binary_and_empty_inputs_are_refused_with_positions() {
    let error = read_bytes("photo.txt", b"abcde\0fgh", Some(Format::Text)).unwrap_err();
    assert!(
        matches!(error, IngestError::Binary { offset: 5, .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("photo.txt: binary data at byte 5"),
        "{error}"
    );

    let mut noisy = b"text ".to_vec();
    noisy.extend((0..200u32).map(|i| [0x01u8, 0x02, 0x1b, b'x'][(i % 4) as usize]));
    let error = read_bytes("noise", &noisy, None).unwrap_err();
    assert!(
        matches!(error, IngestError::Binary { offset: 5, .. }),
        "{error}"
    );

    let error = read_bytes("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", None).unwrap_err();
    assert!(matches!(error, IngestError::Unsupported { .. }), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("scan.pdf: unsupported input: a PDF document"),
        "{error}"
    );
    let error = read_bytes("notes.gz", &[0x1f, 0x8b, 8, 0, 0, 0], None).unwrap_err();
    assert!(
        error.to_string().contains("gzip-compressed data"),
        "{error}"
    );

    let error = read_bytes("blank.txt", b" \n\t\n", None).unwrap_err();
    assert!(matches!(error, IngestError::Empty { .. }), "{error}");

    let mut bad_utf16 = vec![0xff, 0xfe];
    bad_utf16.extend_from_slice(&[0x41, 0x00, 0x00, 0xdc]); // "A" then a lone low surrogate
    let error = read_bytes("bad16.txt", &bad_utf16, None).unwrap_err();
    assert!(
        matches!(error, IngestError::Encoding { offset: 4, .. }),
        "{error}"
    );
}

#[test]
fn html_files_get_metadata_and_a_windows_1251_page_decodes_by_its_meta() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, article_html("Eastern district", "utf-8")).unwrap();
    let reading = read_file(&path).unwrap();
    let page = &reading.documents[0];
    assert_eq!(page.title.as_deref(), Some("Eastern district"));
    assert_eq!(page.byline.as_deref(), Some("By Olena Example"));
    assert_eq!(page.language.as_deref(), Some("en"));
    assert_eq!(page.provenance.locator, Locator::WholeFile);
    assert_eq!(page.raw, None);

    let cyrillic = article_html("Обстріл району", "windows-1251");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&cyrillic);
    let reading = read_bytes("ua.html", &bytes, None).unwrap();
    assert_eq!(
        reading.documents[0].title.as_deref(),
        Some("Обстріл району")
    );
    assert_eq!(reading.documents[0].encoding, "windows-1251");

    let missing = read_file(&dir.path().join("absent.html")).unwrap_err();
    assert!(
        missing.to_string().contains("absent.html: cannot read"),
        "{missing}"
    );
}

/// A small deterministic generator, so the fuzz-ish inputs are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn hostile_html_never_panics() {
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        (
            "deep nesting".into(),
            format!(
                "{}deep text{}",
                "<div>".repeat(50_000),
                "</div>".repeat(50_000)
            )
            .into_bytes(),
        ),
        (
            "deep inline nesting".into(),
            format!("<p>{}x", "<b><i>".repeat(20_000)).into_bytes(),
        ),
        (
            "huge attribute".into(),
            format!(
                "<html><body><p title=\"{}\">Visible text.</p></body></html>",
                "a".repeat(4_000_000)
            )
            .into_bytes(),
        ),
        (
            "unclosed everything".into(),
            b"<html><body><p>one<p>two<div><span>three<table><tr><td>four".to_vec(),
        ),
        (
            "stray closers".into(),
            b"</p></div></body></html><p>text</p></html></html>".to_vec(),
        ),
        (
            "unterminated script".into(),
            b"<html><body><p>before</p><script>var a = '<p>".to_vec(),
        ),
        (
            "angle soup".into(),
            b"<<<>>><!--<!-- -- --><![CDATA[<p>]]><p>after".to_vec(),
        ),
        ("only a doctype".into(), b"<!DOCTYPE html>".to_vec()),
        (
            "nul bytes".into(),
            b"<html><body><p>a\0b</p></body></html>".to_vec(),
        ),
        (
            "many siblings".into(),
            "<p>word</p>".repeat(100_000).into_bytes(),
        ),
    ];
    let tokens = [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<a href='x'>",
        "</a>",
        "<script>",
        "</script>",
        "<table>",
        "<td>",
        "<tr>",
        "</table>",
        "<!--",
        "-->",
        "<br>",
        "<h1>",
        "</h1>",
        "text ",
        "more words ",
        "&amp;",
        "&#x0;",
        "&#xD800;",
        "<svg><path d='M0'/>",
        "<math>",
        "<template>",
        "<pre>",
        "<select><option>",
        "\u{feff}",
        "é",
        "<meta charset=koi8-r>",
        "<title>",
        "</title>",
        "<",
        ">",
        "\"",
        "<img src=x onerror=y>",
        "<article>",
        "<noscript>",
        "<style>",
        "</style>",
    ];
    let mut rng = Lcg(2022);
    for case in 0..300 {
        let len = 1 + rng.next() as usize % 200;
        let soup: String = (0..len)
            .map(|_| tokens[rng.next() as usize % tokens.len()])
            .collect();
        inputs.push((format!("soup {case}"), soup.into_bytes()));
    }
    for (what, bytes) in &inputs {
        let outcome = std::panic::catch_unwind(|| read_bytes(what, bytes, Some(Format::Html)));
        match outcome {
            Ok(Ok(reading)) => assert!(!reading.documents[0].text.trim().is_empty(), "{what}"),
            Ok(Err(error)) => assert!(
                matches!(
                    error,
                    IngestError::Empty { .. } | IngestError::Binary { .. }
                ),
                "{what}: {error}"
            ),
            Err(_) => panic!("{what}: the HTML reader panicked"),
        }
    }
}

/// Damaged copies of every fixture — bytes flipped, cut short, spliced — go through every
/// reader: each must return documents or an error, never panic.
#[test]
fn damaged_inputs_never_panic_any_reader() {
    let warc = sample_warc_records().concat();
    let mut warc_gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    warc_gz.write_all(&warc).unwrap();
    let warc_gz = warc_gz.finish().unwrap();
    let wacz = zip_with(&[
        ("archive/data.warc", &warc),
        (
            "datapackage.json",
            &datapackage(&[(
                "archive/data.warc",
                &format!("sha256:{}", sha256_hex(&warc)),
            )]),
        ),
    ]);
    let rss = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item>\
        <title>A</title><link>https://x.example/a</link><description>&lt;p&gt;Text&lt;/p&gt;</description>\
        <pubDate>Sat, 14 May 2022 12:00:00 GMT</pubDate></item></channel></rss>"
        .to_vec();
    let json_feed = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "content_text": "Hello"}]}"#.to_vec();
    let fixtures: Vec<(&str, Vec<u8>, Format)> = vec![
        ("warc", warc, Format::Warc),
        ("warc.gz", warc_gz, Format::Warc),
        ("wacz", wacz, Format::Wacz),
        (
            "telegram",
            CHANNEL_EXPORT.as_bytes().to_vec(),
            Format::Telegram,
        ),
        ("rss", rss, Format::Feed),
        ("json feed", json_feed, Format::Feed),
        (
            "html",
            article_html("Title", "utf-8").into_bytes(),
            Format::Html,
        ),
    ];
    let mut rng = Lcg(4);
    for (what, original, format) in &fixtures {
        for case in 0..200 {
            let mut bytes = original.clone();
            match case % 4 {
                0 => {
                    for _ in 0..1 + rng.next() % 8 {
                        let at = rng.next() as usize % bytes.len();
                        bytes[at] = rng.next() as u8;
                    }
                }
                1 => bytes.truncate(rng.next() as usize % bytes.len()),
                2 => {
                    let from = rng.next() as usize % bytes.len();
                    let to = rng.next() as usize % bytes.len();
                    let piece = bytes[from.min(to)..from.max(to)].to_vec();
                    let at = rng.next() as usize % bytes.len();
                    bytes.splice(at..at, piece);
                }
                _ => {
                    let at = rng.next() as usize % bytes.len();
                    let len = (rng.next() as usize % 64).min(bytes.len() - at);
                    bytes.drain(at..at + len);
                }
            }
            for forced in [None, Some(*format)] {
                let outcome = std::panic::catch_unwind(|| read_bytes(what, &bytes, forced));
                assert!(
                    outcome.is_ok(),
                    "{what} case {case} ({forced:?}): a reader panicked"
                );
            }
        }
    }
}
