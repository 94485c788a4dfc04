//! `dossier serve` end to end: a real server on a free port, a real HTTP client.

mod serve_support;

use serde_json::Value;
use serve_support::{Server, TOKEN, example_report, multipart, request};

const EXAMPLE_DATE_HTML: &str = r#"<!doctype html><html><head>
<title>Governor reports advance near Izium</title>
<meta property="article:published_time" content="2022-05-16T10:00:00Z">
<meta property="og:site_name" content="Example Wire">
</head><body><article><h1>Governor reports advance near Izium</h1>
<p>"Our units pushed the enemy back from two villages near Izium," the regional governor Petro Hordiienko said on Monday, adding that the claim could not be independently verified.</p>
<p>Officials in Kharkiv said a humanitarian corridor would open later in the week, and a spokesman for the defense ministry denied that any positions had been lost.</p>
</article></body></html>"#;

fn ingest_example(server: &Server) -> String {
    let res = server.upload(
        "/api/documents?name=border-report.txt",
        "text/plain",
        &example_report(),
    );
    assert_eq!(res.status, 201, "{}", res.text());
    res.json()["documents"][0]["id"]
        .as_str()
        .expect("a document id")
        .to_string()
}

fn claims(server: &Server, query: &str) -> Vec<Value> {
    let res = server.get(&format!("/api/claims?{query}"));
    assert_eq!(res.status, 200, "{query}: {}", res.text());
    res.json()["claims"].as_array().expect("claims").clone()
}

#[test]
fn uploads_need_the_token_and_answer_201_with_the_document() {
    let server = Server::start(Some(TOKEN), &[]);
    let report = example_report();

    let none = request(
        server.addr,
        "POST",
        "/api/documents",
        &[("Content-Type", "text/plain")],
        &report,
    );
    assert!(none.expect_error(401).contains("Authorization"));
    let wrong = request(
        server.addr,
        "POST",
        "/api/documents",
        &[
            ("Content-Type", "text/plain"),
            ("Authorization", "Bearer not-the-token"),
        ],
        &report,
    );
    wrong.expect_error(401);
    // Nothing was stored by the refused requests.
    assert_eq!(server.get("/api/status").json()["documents"], 0);

    let created = server.upload(
        "/api/documents?name=border-report.txt",
        "text/plain",
        &report,
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let body = created.json();
    let id = body["documents"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 64);
    assert_eq!(body["documents"][0]["outcome"], "inserted");
    assert_eq!(body["log_index"], 0);
    assert_eq!(
        body["sha256"], id,
        "a whole-file document's id is its bytes' SHA-256"
    );
    assert_eq!(
        created.header("location"),
        Some(format!("/api/documents/{id}").as_str())
    );
    let record = &body["document"]["record"];
    assert_eq!(record["document"]["id"], id);
    assert_eq!(
        record["document"]["text"].as_str().unwrap().as_bytes(),
        &report[..]
    );
    assert!(!record["claims"].as_array().unwrap().is_empty());
    assert_eq!(body["document"]["provenance"]["log_index"], 0);

    let again = server.upload("/api/documents", "text/plain", &report);
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json()["documents"][0]["outcome"], "duplicate");
    assert_eq!(server.get("/api/status").json()["documents"], 1);
}

#[test]
fn writes_are_disabled_without_a_configured_token() {
    let server = Server::start(None, &[]);
    let res = server.upload("/api/documents", "text/plain", b"Anything at all.");
    assert!(res.expect_error(401).contains("disabled"));
    assert_eq!(server.get("/api/status").json()["writes_enabled"], false);
}

#[test]
fn a_token_file_enables_writes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    let server = Server::start(None, &["--token-file", file.to_str().unwrap()]);
    let res = server.upload("/api/documents", "text/plain", &example_report());
    assert_eq!(res.status, 201, "{}", res.text());
}

#[test]
fn claims_filter_by_words_speaker_place_and_stance() {
    let server = Server::start(Some(TOKEN), &[]);
    let id = ingest_example(&server);

    let all = claims(&server, "");
    assert!(all.len() >= 3, "{all:?}");
    for hit in &all {
        assert_eq!(hit["document"]["id"], id);
        let span = hit["claim"]["content"]["span"].as_array().unwrap();
        assert!(span[0].as_u64() < span[1].as_u64());
    }

    // Izyum is how the gazetteer spells what the report calls Izium.
    let izium = claims(&server, "place=Izyum");
    assert!(!izium.is_empty(), "no claim about Izium");
    for hit in &izium {
        let places: Vec<u64> = hit["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["geonameid"].as_u64().unwrap())
            .collect();
        assert!(places.contains(&707292), "{hit}");
    }
    assert_eq!(claims(&server, "place=707292").len(), izium.len());
    assert!(claims(&server, "place=Atlantis").is_empty());

    let mut stances: Vec<String> = all
        .iter()
        .map(|h| h["claim"]["stance"].as_str().unwrap().to_string())
        .collect();
    stances.sort();
    stances.dedup();
    for stance in &stances {
        let hits = claims(&server, &format!("stance={stance}"));
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h["claim"]["stance"] == stance.as_str()));
    }

    let hordiienko = claims(&server, "speaker=Hordiienko");
    assert!(!hordiienko.is_empty());
    for hit in &hordiienko {
        assert!(hit.to_string().contains("Hordiienko"), "{hit}");
    }

    let border = claims(&server, "q=border");
    assert!(!border.is_empty() && border.len() < all.len() + 1);

    // Paging: one at a time walks the same claims.
    let first = server.get("/api/claims?limit=1").json();
    assert_eq!(first["claims"].as_array().unwrap().len(), 1);
    assert_eq!(first["next_offset"], 1);
    let second = server.get("/api/claims?limit=1&offset=1").json();
    assert_ne!(first["claims"][0], second["claims"][0]);
}

#[test]
fn documents_entities_places_and_timeline() {
    let server = Server::start(Some(TOKEN), &[]);
    let id = ingest_example(&server);
    // Aggregates are cached; a write must still show in the next answer.
    assert_eq!(server.get("/api/documents").json()["total"], 1);
    let html = server.upload(
        "/api/documents?name=advance.html&url=https://example.org/advance",
        "text/html",
        EXAMPLE_DATE_HTML.as_bytes(),
    );
    assert_eq!(html.status, 201, "{}", html.text());
    let html_doc = &html.json()["document"]["record"]["document"];
    assert_eq!(html_doc["title"], "Governor reports advance near Izium");
    assert_eq!(html_doc["source"]["url"], "https://example.org/advance");

    let doc = server.get(&format!("/api/documents/{}", &id[..10])).json();
    assert_eq!(doc["record"]["document"]["id"], id);
    assert_eq!(doc["provenance"]["log_index"], 0);
    assert!(
        doc["record"]["document"]["text"]
            .as_str()
            .unwrap()
            .contains("Izium")
    );

    let docs = server.get("/api/documents").json();
    assert_eq!(docs["total"], 2);
    assert_eq!(
        docs["documents"][0]["title"],
        "Governor reports advance near Izium"
    );

    let entities = server.get("/api/entities").json();
    let entities = entities["entities"].as_array().unwrap();
    assert!(
        entities.iter().any(|e| e["type"] == "person"),
        "{entities:?}"
    );
    assert!(entities.iter().any(|e| e["geonameid"] == 706483), "Kharkiv");

    let places = server.get("/api/places");
    assert_eq!(places.header("content-type"), Some("application/geo+json"));
    let places = places.json();
    assert_eq!(places["type"], "FeatureCollection");
    let izium = places["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == 707292)
        .expect("Izium on the map");
    assert_eq!(izium["geometry"]["type"], "Point");
    assert!(izium["properties"]["claim_count"].as_u64().unwrap() >= 1);
    assert!(izium["properties"]["document_count"].as_u64().unwrap() >= 1);

    // Filtered places: only those the matching claims are about.
    let filtered = server.get("/api/places?place=Izyum").json();
    assert!(
        filtered["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == 707292)
    );

    let published = html_doc["source"]["published"].as_str().map(str::to_string);
    let timeline = server.get("/api/timeline").json();
    match published {
        Some(p) => assert_eq!(timeline["days"][0]["date"], p[..10]),
        None => assert!(timeline["days"].as_array().unwrap().is_empty()),
    }

    let missing = server.get(&format!("/api/documents/{}", "0".repeat(64)));
    missing.expect_error(404);
}

#[test]
fn multipart_uploads_are_ingested() {
    let server = Server::start(Some(TOKEN), &[]);
    let (content_type, body) = multipart("file", "border-report.txt", &example_report());
    let res = server.upload("/api/documents", &content_type, &body);
    assert_eq!(res.status, 201, "{}", res.text());
    let v = res.json();
    assert_eq!(
        v["document"]["record"]["document"]["source"]["path"],
        "border-report.txt"
    );

    let no_file =
        b"--b\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\nhello\r\n--b--\r\n";
    let without_file = server.upload("/api/documents", "multipart/form-data; boundary=b", no_file);
    assert!(without_file.expect_error(400).contains("file"));
}

#[test]
fn bad_requests_get_json_errors_never_a_crash() {
    let server = Server::start(Some(TOKEN), &[]);
    ingest_example(&server);
    let cases: &[(&str, u16)] = &[
        ("/api/claims?stance=bogus", 400),
        ("/api/claims?limit=0", 400),
        ("/api/claims?limit=100000", 400),
        ("/api/claims?limit=ten", 400),
        ("/api/claims?since=yesterday", 400),
        ("/api/claims?q=%22%22", 400),
        ("/api/claims?colour=red", 400),
        ("/api/documents/zz", 400),
        ("/api/documents/abcd", 404),
        ("/api/archive/x/proof", 400),
        ("/api/archive/-1/proof", 400),
        ("/api/archive/99/proof", 404),
        ("/api/places?limit=5", 400),
        ("/api/nothing-here", 404),
        ("/log/tile/../../keys/log.key", 404),
        ("/log/tile/..%2F..%2Fkeys%2Flog.key", 404),
        ("/assets/..%2F..%2FCargo.toml", 404),
    ];
    for (path, status) in cases {
        let res = server.get(path);
        let message = res.expect_error(*status);
        assert!(!message.contains("PRIVATE"), "{path}: {message}");
    }
    request(server.addr, "DELETE", "/api/claims", &[], b"").expect_error(405);
    // Malformed multipart: a boundary that never appears.
    server
        .upload(
            "/api/documents",
            "multipart/form-data; boundary=xyz",
            b"not multipart at all",
        )
        .expect_error(400);
    server
        .upload("/api/documents", "text/plain", b"")
        .expect_error(400);
    // Binary junk declared as text.
    let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 256) as u8).collect();
    let res = server.upload("/api/documents", "text/plain", &junk);
    assert!(
        res.status == 400 || res.status == 422 || res.status == 201,
        "{}",
        res.text()
    );
    // The server is still up.
    assert_eq!(server.get("/api/status").status, 200);
}

#[test]
fn oversized_bodies_are_refused_with_413() {
    let server = Server::start(Some(TOKEN), &["--max-body", "1000"]);
    let big = vec![b'a'; 50_000];
    server
        .upload("/api/documents", "text/plain", &big)
        .expect_error(413);
    let (content_type, body) = multipart("file", "big.txt", &big);
    server
        .upload("/api/documents", &content_type, &body)
        .expect_error(413);
    assert_eq!(server.get("/api/status").json()["documents"], 0);
}

#[test]
fn the_log_is_served_and_proofs_verify_offline() {
    let server = Server::start(Some(TOKEN), &[]);
    assert!(
        server
            .get("/log/checkpoint")
            .expect_error(404)
            .contains("empty")
    );
    server.get("/api/log/checkpoint").expect_error(404);
    let report = example_report();
    ingest_example(&server);

    let checkpoint = server.get("/api/log/checkpoint").json();
    assert_eq!(checkpoint["size"], 1);
    let static_checkpoint = server.get("/log/checkpoint");
    assert_eq!(static_checkpoint.status, 200);
    assert_eq!(
        static_checkpoint.text(),
        checkpoint["note"].as_str().unwrap()
    );

    let proof = server.get("/api/archive/0/proof");
    assert_eq!(proof.status, 200);
    let proof_text = proof.text();
    assert!(
        proof_text.starts_with("c2sp.org/tlog-proof@v1\n"),
        "{proof_text}"
    );
    assert!(proof_text.contains("\nindex 0\n"));
    assert!(proof_text.ends_with(checkpoint["note"].as_str().unwrap()));

    // A tlog-tiles client reads the entry from the static tiles: big-endian u16 length, bytes.
    let tile = server.get("/log/tile/entries/000.p/1");
    assert_eq!(tile.status, 200);
    let len = u16::from_be_bytes([tile.body[0], tile.body[1]]) as usize;
    let entry = &tile.body[2..2 + len];

    // And the CLI verifies the proof offline with what came over HTTP.
    let dir = tempfile::tempdir().unwrap();
    let (proof_path, entry_path, blob_path) = (
        dir.path().join("0.tlog-proof"),
        dir.path().join("entry"),
        dir.path().join("blob"),
    );
    std::fs::write(&proof_path, &proof_text).unwrap();
    std::fs::write(&entry_path, entry).unwrap();
    std::fs::write(&blob_path, &report).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("verify-proof")
        .arg(&proof_path)
        .arg("--entry")
        .arg(&entry_path)
        .arg("--vkey")
        .arg(checkpoint["verifier_key"].as_str().unwrap())
        .arg("--blob")
        .arg(&blob_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "verify-proof failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_openapi_document_describes_what_is_served() {
    let server = Server::start(Some(TOKEN), &[]);
    let id = ingest_example(&server);
    let doc = server.get("/api/openapi.json").json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 14);
    for (path, item) in paths {
        let concrete = path
            .replace("{id}", &id)
            .replace("{index}", "0")
            .replace("{file}", "missing.js")
            .replace("{path}", "entries/000.p/1");
        for method in item.as_object().unwrap().keys() {
            let res = request(server.addr, &method.to_uppercase(), &concrete, &[], b"");
            assert_ne!(res.status, 405, "{method} {path}");
            assert!(
                !res.text().contains("no route for"),
                "{method} {path} is described but not routed"
            );
        }
    }
}

#[test]
fn the_page_is_embedded_and_guarded_by_a_csp() {
    let server = Server::start(None, &[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let html = page.text();
    assert!(!html.contains("<script>"), "no inline script in the page");
    let script = html
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page loads a script");
    assert!(script.starts_with("/assets/"), "{script}");
    let js = server.get(script);
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    // The API answers carry the CSP too.
    assert!(
        server
            .get("/api/status")
            .header("content-security-policy")
            .is_some()
    );
}
