//! The web page in a real browser: starts `dossier serve`, ingests a report naming Kharkiv
//! and Izium and two hostile documents, then runs `web/tests/page.test.mjs` (playwright-core
//! driving Debian's chromium, offline).
//!
//! Without node, chromium or `web/node_modules` the test prints "skipped: ..." and passes —
//! unless the environment variable CI is set, where it fails: CI installs them (.ci/run).

mod serve_support;

use serve_support::{Server, TOKEN, repo_root, report};
use std::path::Path;
use std::process::Command;

/// Markup that would run if the page ever rendered stored text as HTML.
const HOSTILE_TEXT: &str = "Hostile report <script>window.__pwned = 1; alert('script')</script>\n\n\
\"The bridge at <img src=x onerror=\"window.__pwned=2;alert('img')\"> was destroyed overnight,\" \
said John Smith, a spokesman for the <a href=\"javascript:window.__pwned=3\">regional council</a>.\n\n\
Officials said the <svg onload=\"window.__pwned=4\"> shelling continued near Kharkiv.\n";

const HOSTILE_HTML: &str = r#"<!doctype html><html><head>
<title>&lt;img src=x onerror="window.__pwned=5"&gt; Hostile page</title></head><body><article>
<h1>&lt;script&gt;window.__pwned=6&lt;/script&gt; headline</h1>
<p>"Troops crossed the river near Izium on Monday &lt;img src=x onerror=alert(7)&gt;," said Maria Ivanova, a military analyst.
She added that <a href="javascript:alert(8)">the javascript: link</a> was reported by locals.</p>
<p>"The column was seen &lt;iframe src=javascript:alert(9)&gt; near the border," officials said on Tuesday.
More sentences follow so that the reader keeps this article as the main content of the page.</p>
<script>window.__pwned = 10;</script>
</article></body></html>"#;

fn missing_tools(root: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} not found (apt-get install chromium)"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node not found".into());
    }
    if !root.join("web/node_modules/playwright-core").is_dir() {
        return Some("web/node_modules not found (npm ci in web/)".into());
    }
    None
}

fn ingest(server: &Server, name: &str, content_type: &str, body: &[u8]) -> String {
    let res = server.upload(&format!("/api/documents?name={name}"), content_type, body);
    assert!(
        res.status == 201 || res.status == 200,
        "{name}: {}",
        res.text()
    );
    let v = res.json();
    assert!(
        v["documents"][0]["claims"].as_u64().unwrap_or(0) > 0,
        "{name} gave no claims: {v}"
    );
    v["documents"][0]["id"].as_str().unwrap().to_string()
}

#[test]
fn the_page_works_in_a_real_browser() {
    let root = repo_root();
    if let Some(why) = missing_tools(&root) {
        if std::env::var_os("CI").is_some() {
            panic!("the browser test cannot run in CI: {why}");
        }
        println!("skipped: {why}");
        return;
    }
    let server = Server::start(Some(TOKEN), &[]);
    let (name, bytes) = report();
    let seed = ingest(&server, &name, "text/plain", &bytes);
    let hostile_text = ingest(
        &server,
        "hostile.txt",
        "text/plain",
        HOSTILE_TEXT.as_bytes(),
    );
    let hostile_html = ingest(
        &server,
        "hostile.html",
        "text/html",
        HOSTILE_HTML.as_bytes(),
    );

    let out = Command::new("node")
        .arg("tests/page.test.mjs")
        .current_dir(root.join("web"))
        .env("DOSSIER_URL", server.base())
        .env("SEED_DOC", &seed)
        .env("HOSTILE_DOCS", format!("{hostile_text},{hostile_html}"))
        .env("DOSSIER_TOKEN", TOKEN)
        .output()
        .expect("running node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("ok - the map has a marker for Izium"),
        "{stdout}"
    );
    assert!(stdout.contains("ok - no hostile code ran"), "{stdout}");
}
