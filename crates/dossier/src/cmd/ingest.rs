//! `dossier ingest`: files and directories into the archive and the store.
//!
//! The work per file is [`dossier_pipeline`]'s (the same as for a server upload): its bytes
//! go into the blob store and an entry into the log (unless the log already holds them,
//! which makes a rerun continue where an interrupted run stopped without logging anything
//! twice); then the documents in it are read, extracted and stored with the log index and
//! the blob's SHA-256. This command adds the files and directories, batches of
//! [`ARCHIVE_BATCH`] files per log append, the progress bar and the summary. A file that
//! cannot be read is reported with its reason and the batch goes on. Each document is stored
//! in one transaction, so an interruption loses nothing already reported as stored.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_ledger::{Ledger, LedgerReader};
use dossier_pipeline::{Archived, Pipeline, PipelineError, Source, StoredDocument};
use dossier_store::Store;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (read recursively; hidden files and the home directory itself
    /// are skipped).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = 1 << 30, value_name = "BYTES")]
    max_size: u64,
    /// Who collected the files, recorded in each log entry.
    #[arg(long)]
    collector: Option<String>,
    /// Print the outcome as JSON: counts, each document, each failure.
    #[arg(long)]
    json: bool,
}

/// What happened to one document.
#[derive(Serialize)]
struct DocumentOutcome {
    id: String,
    path: String,
    /// `inserted`, `new_version` or `duplicate`.
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_of: Option<String>,
    claims: usize,
    log_index: u64,
}

#[derive(Serialize)]
struct Failure {
    path: String,
    reason: String,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    /// Documents stored for the first time, new versions included.
    stored: usize,
    new_versions: usize,
    duplicates: usize,
    failed: usize,
    /// Items inside files that are not documents (images in a WARC, service messages...).
    skipped_items: u64,
    /// Files whose bytes were added to the log by this run.
    archived: usize,
    documents: Vec<DocumentOutcome>,
    failures: Vec<Failure>,
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    std::fs::create_dir_all(&home.dir)
        .with_context(|| format!("creating the home directory {}", home.dir.display()))?;
    let mut summary = Summary::default();
    let files = collect_files(&args.paths, &home.dir, &mut summary.failures);
    let db = home.dir.join("dossier.sqlite");
    let mut store = Store::open(&db).with_context(|| format!("opening {}", db.display()))?;
    // Create the log on first use. The writer lock is taken again only for each batch's
    // append, so a running server's uploads are not held up for the whole run. Blobs need no
    // lock (content-addressed, written by rename).
    drop(
        Ledger::open(&home.dir)
            .with_context(|| format!("opening the archive in {}", home.dir.display()))?,
    );
    let tool = format!("dossier {} ingest", env!("CARGO_PKG_VERSION"));
    let pipeline = Pipeline::new(&home.dir, tool.as_str()).with_max_size(args.max_size);

    let progress = (std::io::stderr().is_terminal() && !files.is_empty()).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files {per_sec} {wide_msg}",
            )
            .expect("static template"),
        );
        bar
    });
    let report = |line: String| match &progress {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    };
    for failure in &summary.failures {
        report(format!("error: {}: {}", failure.path, failure.reason));
    }

    let mut appended = std::collections::HashSet::new();
    for batch in files.chunks(ARCHIVE_BATCH) {
        // Archive the batch first (one signed checkpoint for all of it), then read, extract
        // and store each file.
        let sources: Vec<Source> = batch
            .iter()
            .map(|path| Source {
                collector: args.collector.clone(),
                ..Source::file(path)
            })
            .collect();
        let archived = pipeline.archive(&mut store, &sources);
        for (source, archived) in sources.iter().zip(archived) {
            summary.files += 1;
            let name = source.name.clone();
            if let Some(bar) = &progress {
                bar.set_message(name.clone());
            }
            let before = summary.documents.len();
            let result = archived.and_then(|archived| {
                // Identical files of a batch share the entry appended for them.
                if archived.appended && appended.insert(archived.log_index) {
                    summary.archived += 1;
                }
                store_source(&pipeline, &mut store, source, &archived, &mut summary)
            });
            if let Err(err) = result {
                // The readers name the input in their errors; the path is printed once.
                let full = match &err {
                    PipelineError::TooLarge { .. } => format!("{err} (--max-size)"),
                    _ => err.to_string(),
                };
                let reason = full
                    .strip_prefix(&format!("{name}: "))
                    .unwrap_or(&full)
                    .to_string();
                report(format!("error: {name}: {reason}"));
                summary.failures.push(Failure { path: name, reason });
            } else if progress.is_none() && !args.json {
                for d in &summary.documents[before..] {
                    eprintln!("{} {} {}", d.outcome, &d.id[..12], d.path);
                }
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    summary.failed = summary.failures.len();

    if args.json {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    }
    eprintln!(
        "{} files: {} documents stored ({} new versions), {} duplicates, {} failed, {} items skipped; {} files archived, log size {}",
        summary.files,
        summary.stored,
        summary.new_versions,
        summary.duplicates,
        summary.failed,
        summary.skipped_items,
        summary.archived,
        LedgerReader::open(&home.dir).map_or(0, |r| r.size())
    );
    Ok(if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Files archived per log append. Each append fsyncs and signs a checkpoint, which costs
/// far more than storing one document; batching makes that cost per batch, not per file.
const ARCHIVE_BATCH: usize = 64;

/// Reads, extracts and stores the documents of an archived file, counting each outcome.
fn store_source(
    pipeline: &Pipeline,
    store: &mut Store,
    source: &Source,
    archived: &Archived,
    summary: &mut Summary,
) -> Result<(), PipelineError> {
    let before = summary.documents.len();
    let documents = &mut summary.documents;
    let skipped = pipeline.read_and_store(store, source, archived, &mut |d: &StoredDocument| {
        documents.push(DocumentOutcome {
            id: d.id.clone(),
            path: d.path.clone(),
            outcome: d.outcome_label(),
            version_of: d.version_of().map(str::to_string),
            claims: d.claims,
            log_index: d.log_index,
        });
    });
    // Counted from the outcomes, so documents stored before a failure count too.
    for d in &summary.documents[before..] {
        match d.outcome {
            "duplicate" => summary.duplicates += 1,
            "new_version" => {
                summary.stored += 1;
                summary.new_versions += 1;
            }
            _ => summary.stored += 1,
        }
    }
    summary.skipped_items += skipped? as u64;
    Ok(())
}

/// Every file under `paths`, sorted within each directory; unreadable paths go to
/// `failures`. Skips hidden entries and anything inside the home directory (ingesting the
/// archive into itself would never end).
fn collect_files(paths: &[PathBuf], home: &Path, failures: &mut Vec<Failure>) -> Vec<PathBuf> {
    let home = home.canonicalize().unwrap_or_else(|_| home.to_path_buf());
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(path) = stack.pop() {
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                failures.push(Failure {
                    path: path.display().to_string(),
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        if path.canonicalize().is_ok_and(|p| p.starts_with(&home)) {
            continue;
        }
        if meta.is_dir() {
            // Do not follow directory symlinks below the given paths: no loops.
            let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
            if is_link && !paths.contains(&path) {
                continue;
            }
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(&path) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| {
                        !p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    })
                    .collect(),
                Err(e) => {
                    failures.push(Failure {
                        path: path.display().to_string(),
                        reason: format!("cannot list: {e}"),
                    });
                    continue;
                }
            };
            entries.sort();
            stack.extend(entries.into_iter().rev());
        } else {
            files.push(path);
        }
    }
    files
}
