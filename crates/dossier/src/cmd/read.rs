//! `dossier read`: extraction without a store.

use anyhow::{Context, Result};
use dossier_extract::ExtractError;
use dossier_gazetteer::Gazetteer;
use dossier_model::{DocumentRecord, SourceInfo};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Report files or directories (read recursively); `-` reads standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Print the full `dossier/document@1` record as JSON (an array for several documents).
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,
    /// Print one JSON record per line.
    #[arg(long)]
    jsonl: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024, value_name = "BYTES")]
    max_size: u64,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file. The document id is
    /// still the SHA-256 of the original bytes; spans point into the repaired text.
    #[arg(long)]
    lossy: bool,
}

/// One input to read: a file or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut failures: Vec<(String, String)> = Vec::new();
    let inputs = collect_inputs(&args.inputs, &mut failures);
    let gazetteer = Gazetteer::embedded();
    let progress = (inputs.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}")
                .expect("static template"),
        );
        bar
    });

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut records: Vec<DocumentRecord> = Vec::new();
    let mut ok = 0usize;
    for input in &inputs {
        let name = input.name();
        match read_one(input, &args, gazetteer) {
            Ok(record) => {
                ok += 1;
                if args.jsonl {
                    serde_json::to_writer(&mut out, &record)?;
                    out.write_all(b"\n")?;
                } else if args.json {
                    records.push(record);
                } else {
                    if inputs.len() > 1 {
                        writeln!(out, "== {name}")?;
                    }
                    crate::cmd::summary::write(&mut out, &record)?;
                }
            }
            Err(reason) => {
                if let Some(bar) = &progress {
                    bar.suspend(|| eprintln!("error: {name}: {reason}"));
                } else {
                    eprintln!("error: {name}: {reason}");
                }
                failures.push((name, reason));
            }
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if args.json {
        if records.len() == 1 && inputs.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &records[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &records)?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if inputs.len() > 1 || !failures.is_empty() {
        eprintln!("{} read, {} failed", ok, failures.len());
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read_one(input: &Input, args: &Args, gazetteer: &Gazetteer) -> Result<DocumentRecord, String> {
    let bytes = read_bytes(input, args.max_size).map_err(|e| format!("{e:#}"))?;
    let mut record = match dossier_extract::extract_bytes(&bytes, gazetteer) {
        Ok(r) => r,
        Err(ExtractError::InvalidUtf8 { .. }) if args.lossy => {
            let text = String::from_utf8_lossy(&bytes);
            dossier_extract::extract_text(&text, &dossier_model::document_id(&bytes), gazetteer)
        }
        Err(e @ ExtractError::InvalidUtf8 { .. }) => {
            return Err(format!("{e} (use --lossy to replace invalid bytes)"));
        }
        Err(e) => return Err(e.to_string()),
    };
    record.document.source = Some(SourceInfo {
        path: match input {
            Input::Stdin => None,
            Input::File(p) => Some(p.display().to_string()),
        },
        media_type: Some("text/plain".to_string()),
        ..Default::default()
    });
    Ok(record)
}

fn read_bytes(input: &Input, max: u64) -> Result<Vec<u8>> {
    let reader: Box<dyn Read> = match input {
        Input::Stdin => Box::new(std::io::stdin().lock()),
        Input::File(p) => {
            let f = std::fs::File::open(p).context("cannot open")?;
            let len = f.metadata().map(|m| m.len()).unwrap_or(0);
            anyhow::ensure!(
                len <= max,
                "the file is {len} bytes, over the {max}-byte limit (--max-size)"
            );
            Box::new(f)
        }
    };
    let mut bytes = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .context("cannot read")?;
    anyhow::ensure!(
        bytes.len() as u64 <= max,
        "the input is over the {max}-byte limit (--max-size)"
    );
    Ok(bytes)
}

/// Expands directories (recursively, in name order, skipping hidden entries).
fn collect_inputs(paths: &[PathBuf], failures: &mut Vec<(String, String)>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut out, failures);
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Input>, failures: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            failures.push((dir.display().to_string(), e.to_string()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, failures);
        } else {
            out.push(Input::File(p));
        }
    }
}
