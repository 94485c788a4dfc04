//! The request deadline, in process: a client that sends its headers and then stalls (a
//! "slowloris" upload) gets a 408 JSON error instead of holding a worker for ever.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[test]
fn a_stalled_upload_gets_408_json() {
    common::with_server(
        |config| {
            config.token = Some("t0ken".into());
            config.request_timeout = Duration::from_millis(300);
        },
        |addr, home| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(60)))
                .unwrap();
            // Promise 1000 bytes, send 10, then wait.
            write!(
                stream,
                "POST /api/documents HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer t0ken\r\n\
         Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\nTen bytes."
            )
            .unwrap();
            let mut raw = Vec::new();
            let mut buf = [0u8; 4096];
            // Read until the answer's body is complete (the connection may stay open).
            while !String::from_utf8_lossy(&raw).contains("}}") {
                let n = stream.read(&mut buf).unwrap();
                assert!(
                    n > 0,
                    "closed without an answer: {}",
                    String::from_utf8_lossy(&raw)
                );
                raw.extend_from_slice(&buf[..n]);
            }
            let raw = String::from_utf8_lossy(&raw);
            assert!(raw.starts_with("HTTP/1.1 408"), "{raw}");
            let body = raw.split("\r\n\r\n").nth(1).unwrap();
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(v["error"]["status"], 408);
            assert!(
                v["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("longer than")
            );
            // Nothing was stored.
            let store = dossier_store::Store::open(home.join(dossier_server::STORE_FILE)).unwrap();
            assert_eq!(store.status().unwrap().documents, 0);
            drop(stream);
        },
    );
}
