//! The HTTP API and the embedded web page behind `dossier serve`.
//!
//! One process serves, from one Dossier home directory:
//!
//! - a JSON API under `/api/` over the store ([`dossier_store`]) and the log
//!   ([`dossier_ledger`]) — claims with facets, documents, entities, places as GeoJSON, the
//!   log's checkpoint and inclusion proofs, and uploads of new reports;
//! - the log itself, read-only, under `/log/` (`/log/checkpoint`, `/log/tile/...`), so any
//!   C2SP tlog-tiles client can follow it over HTTP;
//! - the web page at `/` (claim board, document view, map, timeline), built from `web/` and
//!   embedded in the binary, so serving needs no npm and no network.
//!
//! [`openapi::document`] describes every route; a test checks that it lists exactly the
//! routes the router serves.
//!
//! # Example
//!
//! ```no_run
//! use dossier_server::{ServerConfig, serve_blocking};
//! let config = ServerConfig::new("/tmp/dossier-home");
//! serve_blocking(config, "127.0.0.1:8080".parse().unwrap(), |addr| {
//!     eprintln!("listening on http://{addr}/");
//! })?;
//! # Ok::<(), dossier_server::ServerError>(())
//! ```
//!
//! # Guarantees
//!
//! - **Reads are open, writes need a token.** `POST /api/documents` requires
//!   `Authorization: Bearer <token>` matching [`ServerConfig::token`]; without a configured
//!   token, writes are refused (401) rather than left open.
//! - **Every error is JSON** (`{"error": {"status", "message"}}`) with a 4xx or 5xx status:
//!   bad parameters, unknown routes, oversized bodies (413), slow requests (408), and even a
//!   panic in a handler (500) — the process keeps serving.
//! - **Bounded.** Request bodies are limited ([`ServerConfig::max_body_bytes`]), every request
//!   has a deadline ([`ServerConfig::request_timeout`]), and list answers are paged.
//! - **Stored text stays inert.** Every response carries a Content-Security-Policy that
//!   allows only the page's own scripts, and the page renders stored text as text, never as
//!   HTML, so a report containing `<script>` or `onerror=` shows as characters.
//! - **No lock is held between requests.** The store is SQLite in WAL mode (readers never
//!   block the writer) and the log's writer lock is taken only while an upload is archived,
//!   so `dossier ingest` can run beside the server.

mod api;
mod assets;
mod error;
pub mod ingest;
pub mod openapi;

pub use error::{ApiError, ServerError};

use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The store file inside a home directory (the same file the CLI uses).
pub const STORE_FILE: &str = "dossier.sqlite";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The Dossier home: `dossier.sqlite`, `blobs/`, `log/`, `keys/`.
    pub home: PathBuf,
    /// The bearer token that allows writes; `None` disables writes.
    pub token: Option<String>,
    /// The largest request body accepted (uploads included).
    pub max_body_bytes: usize,
    /// How long one request may take before it is answered 408.
    pub request_timeout: Duration,
}

impl ServerConfig {
    /// Defaults: no token (read-only), 32 MiB bodies, 30 s per request.
    pub fn new(home: impl Into<PathBuf>) -> ServerConfig {
        ServerConfig {
            home: home.into(),
            token: None,
            max_body_bytes: 32 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Builds the router over `config.home`, creating the home and the store if needed.
pub fn router(config: ServerConfig) -> Result<Router, ServerError> {
    std::fs::create_dir_all(&config.home).map_err(|source| ServerError::Home {
        path: config.home.display().to_string(),
        source,
    })?;
    // Opening once here creates the database and migrates it, so that request handlers can
    // assume it exists.
    let writer = dossier_store::Store::open(config.home.join(STORE_FILE))?;
    let state = Arc::new(api::AppState::new(config, writer));
    // Aggregates for the map and the lists take seconds on a large store: start now.
    api::refresh_overview_in_background(state.clone());
    Ok(api::router(state))
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Runs the server on `addr` in its own runtime until Ctrl-C (or SIGTERM), calling `ready`
/// with the bound address (useful with port 0) once it accepts connections.
pub fn serve_blocking(
    config: ServerConfig,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let router = router(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        ready(listener.local_addr()?);
        serve(listener, router, shutdown_signal()).await
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Every (method, path) the router serves, in the router's own path syntax (`{id}`,
/// `{*path}`); [`openapi::document`] must describe each of them.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    api::route_table()
}
