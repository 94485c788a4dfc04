//! The request deadline, in process: with a zero deadline every request that has to wait for
//! the store is answered 408 with a JSON error, while answers ready at once still go out.

use dossier_server::{ServerConfig, router, serve};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = raw.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

#[test]
fn requests_past_the_deadline_get_408_json() {
    let home = tempfile::tempdir().unwrap();
    let mut config = ServerConfig::new(home.path());
    config.request_timeout = Duration::ZERO;
    let app = router(config).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(serve(listener, app, async {
        let _ = stopped.await;
    }));

    let (status, body) = get(addr, "/api/status");
    assert_eq!(status, 408, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"]["status"], 408);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("longer than")
    );
    // The page is answered without waiting, so it beats even a zero deadline.
    assert_eq!(get(addr, "/").0, 200);

    let _ = stop.send(());
    runtime.block_on(server).unwrap().unwrap();
}
