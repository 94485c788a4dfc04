//! Shared by the `serve_*` tests: a `dossier serve` child process on a free port with a
//! temporary home, and a minimal HTTP/1.1 client (std only, one request per connection).

#![allow(dead_code)] // each test file uses a different part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const TOKEN: &str = "test-token-5f1c";

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The report the tests ingest: the seed from ../shared when present, otherwise the
/// example written for this repository. Both name Kharkiv and Izium.
pub fn report() -> (String, Vec<u8>) {
    let seed = repo_root().join("../shared/corpus/seed/kharkiv-border.txt");
    let path = if seed.is_file() {
        seed
    } else {
        repo_root().join("examples/reports/border-report.txt")
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    (
        path.file_name().unwrap().to_string_lossy().into_owned(),
        bytes,
    )
}

/// The example report in the repository (always present).
pub fn example_report() -> Vec<u8> {
    std::fs::read(repo_root().join("examples/reports/border-report.txt"))
        .expect("the example report")
}

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub home: tempfile::TempDir,
}

impl Server {
    /// Starts `dossier --home <temp> serve --addr 127.0.0.1:0 <extra>`, with the write token
    /// in the environment when `token` is given.
    pub fn start(token: Option<&str>, extra: &[&str]) -> Server {
        let home = tempfile::tempdir().expect("a temp home");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.arg("--home")
            .arg(home.path())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("DOSSIER_API_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(t) = token {
            cmd.env("DOSSIER_API_TOKEN", t);
        }
        let mut child = cmd.spawn().expect("starting dossier serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reading the first line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("dossier serve did not say where it listens: {line:?}")
            });
        Server { child, addr, home }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path, &[], b"")
    }

    /// POSTs `body` with the right token.
    pub fn upload(&self, path: &str, content_type: &str, body: &[u8]) -> Response {
        let auth = format!("Bearer {TOKEN}");
        request(
            self.addr,
            "POST",
            path,
            &[("Content-Type", content_type), ("Authorization", &auth)],
            body,
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text()))
    }

    /// Asserts a JSON error with `status` and a message, and returns the message.
    pub fn expect_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "body: {}", self.text());
        assert!(
            self.header("content-type")
                .unwrap_or("")
                .starts_with("application/json"),
            "error without JSON content type: {:?}",
            self.headers
        );
        let v = self.json();
        assert_eq!(v["error"]["status"], status, "{v}");
        let message = v["error"]["message"].as_str().unwrap_or("").to_string();
        assert!(!message.is_empty(), "error without a message: {v}");
        message
    }
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connecting to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (401, 413) before reading a large body and close: that is fine.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .expect("a chunk size");
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// A multipart/form-data body with one file field; returns (content type, body).
pub fn multipart(field: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "dossier-test-boundary-7d1a";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
