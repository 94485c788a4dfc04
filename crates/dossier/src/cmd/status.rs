//! `dossier status`: what the store and the archive hold.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_store::Store;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Print the counts as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let db = home.dir.join("dossier.sqlite");
    // A home where nothing was ingested yet has all-zero counts; status never creates files.
    let status = if db.exists() {
        Store::open_read_only(&db)
            .or_else(|_| Store::open(&db))
            .with_context(|| format!("opening {}", db.display()))?
            .status()?
    } else {
        Store::open_in_memory()?.status()?
    };
    let log_size = log_size(&home.dir)?;
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);

    // Written whole at the end, so a reader that stops early (`| head`) ends it quietly.
    let mut out: Vec<u8> = Vec::new();
    if args.json {
        let mut v = serde_json::to_value(&status)?;
        v["log_size"] = log_size.into();
        v["database"] = db.display().to_string().into();
        v["database_bytes"] = db_bytes.into();
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(out, "home       {}", home.dir.display())?;
        writeln!(
            out,
            "documents  {} ({} later versions, {} archived)",
            status.documents, status.versions, status.archived
        )?;
        let stances: Vec<String> = status
            .claims_by_stance
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        if stances.is_empty() {
            writeln!(out, "claims     {}", status.claims)?;
        } else {
            writeln!(out, "claims     {} ({})", status.claims, stances.join(", "))?;
        }
        writeln!(
            out,
            "entities   {} ({} distinct places)",
            status.entities, status.places
        )?;
        writeln!(out, "hedges     {}", status.hedges)?;
        writeln!(out, "events     {}", status.events)?;
        writeln!(out, "log size   {log_size}")?;
        writeln!(out, "database   {} ({} bytes)", db.display(), db_bytes)?;
    }
    crate::cmd::search::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The archive log's size from its checkpoint (`<home>/log/checkpoint`, second line), or 0
/// when there is no archive yet.
fn log_size(home: &Path) -> Result<u64> {
    let path = home.join("log").join("checkpoint");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    text.lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("{}: line 2 is not a log size", path.display()))
}
