//! `dossier serve`: the HTTP API and the web page over the home directory.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_server::{ServerConfig, serve_blocking};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The environment variable holding the write token.
const TOKEN_ENV: &str = "DOSSIER_API_TOKEN";

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on. The default is localhost only; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A file whose first line is the bearer token that allows POST /api/documents
    /// (instead of the environment variable DOSSIER_API_TOKEN). Without either, writes are
    /// disabled. There is no --token option: command lines are visible to other users.
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024, value_name = "BYTES")]
    max_body: usize,
    /// Seconds one request may take before it is answered 408.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    timeout: u64,
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let token = match &args.token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the token file {}", path.display()))?;
            let token = text.lines().next().unwrap_or("").trim().to_string();
            anyhow::ensure!(
                !token.is_empty(),
                "the token file {} is empty",
                path.display()
            );
            Some(token)
        }
        None => std::env::var(TOKEN_ENV)
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
    };
    let writes = if token.is_some() {
        "enabled"
    } else {
        "disabled: no token"
    };
    let mut config = ServerConfig::new(home.dir.clone());
    config.token = token;
    config.max_body_bytes = args.max_body;
    config.request_timeout = Duration::from_secs(args.timeout.max(1));
    serve_blocking(config, args.addr, |addr| {
        // One line on stdout, flushed, so that scripts (and the tests) can learn the port.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "dossier: serving {} on http://{addr}/ (writes {writes})",
            home.dir.display()
        );
        let _ = out.flush();
    })
    .with_context(|| format!("serving {}", home.dir.display()))?;
    Ok(ExitCode::SUCCESS)
}
