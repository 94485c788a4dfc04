//! `dossier export`: what the filters select, as JSON, CSV, GeoJSON or ClaimReview JSON-LD.

use crate::cmd::search::{Filters, open_existing};
use crate::home::Home;
use anyhow::{Context, Result};
use dossier_store::ExportFormat;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// json (documents with provenance, lossless), csv (one row per claim), geojson (places
    /// with their claims), claimreview (schema.org ClaimReview for qualified claims).
    #[arg(long, value_parser = parse_format)]
    format: ExportFormat,
    /// Only claims matching these words.
    #[arg(long, short = 'q', value_name = "WORDS")]
    query: Option<String>,
    #[command(flatten)]
    filters: Filters,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    s.parse()
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let store = open_existing(home)?;
    let query = args.filters.to_query(&store, args.query.clone())?;
    let count = match &args.output {
        Some(path) => {
            // Write beside the target and rename, so a failed export leaves no half file.
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let n = store.export(args.format, &query, &mut w)?;
            w.flush()?;
            w.into_inner()
                .map_err(|e| e.into_error())?
                .sync_all()
                .with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path)
                .with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let written = store.export(args.format, &query, &mut w);
            let flushed = w.flush();
            // A reader that stops early (`| head`) is not an error; say nothing more.
            let pipe_closed = match (&written, &flushed) {
                (Err(e), _) => e.is_broken_pipe(),
                (Ok(_), Err(e)) => e.kind() == std::io::ErrorKind::BrokenPipe,
                _ => false,
            };
            if pipe_closed {
                return Ok(ExitCode::SUCCESS);
            }
            let n = written?;
            flushed?;
            n
        }
    };
    let unit = match args.format {
        ExportFormat::Json => "documents",
        ExportFormat::GeoJson => "places",
        ExportFormat::Csv | ExportFormat::ClaimReview => "claims",
    };
    eprintln!("exported {count} {unit}");
    Ok(ExitCode::SUCCESS)
}
