//! A real server on a free port for integration tests, shared by the test files.

use dossier_server::{ServerConfig, router, serve};
use std::net::SocketAddr;
use std::path::Path;

/// Runs `test` against a server built from `configure(ServerConfig::new(home))` in a fresh
/// home directory, then shuts the server down and checks it stopped cleanly.
pub fn with_server(
    configure: impl FnOnce(&mut ServerConfig),
    test: impl FnOnce(SocketAddr, &Path),
) {
    let home = tempfile::tempdir().unwrap();
    let mut config = ServerConfig::new(home.path());
    configure(&mut config);
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
    test(addr, home.path());
    let _ = stop.send(());
    runtime.block_on(server).unwrap().unwrap();
}
