//! `dossier ingest`: files and directories into the archive and the store.
//!
//! For each file, in this order (the chain of custody): its bytes go into the blob store
//! and an entry into the log (unless the log already holds them, which makes a rerun
//! continue where an interrupted run stopped without logging anything twice); then
//! `dossier_ingest` reads the documents in it (one for a text or HTML file, one per feed
//! item, archived response or Telegram message); each is extracted and stored with the log
//! index and the blob's SHA-256. A file that cannot be read is reported with its reason and
//! the batch goes on. Each document is stored in one transaction, so an interruption loses
//! nothing already reported as stored.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_gazetteer::Gazetteer;
use dossier_ingest::{Locator, SourceDocument};
use dossier_ledger::{BlobStore, EntryRecord, Kind, Ledger, LedgerReader, TileSource};
use dossier_model::SourceInfo;
use dossier_store::{InsertOutcome, Provenance, Store};
use serde::Serialize;
use std::collections::HashMap;
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
    // Open (creating on first use) to learn what the log holds, then let go of the writer
    // lock: it is taken again only for each batch's append, so a running server's uploads
    // are not held up for the whole run. Blobs need no lock (content-addressed, written by
    // rename).
    let mut logged = {
        let ledger = Ledger::open(&home.dir)
            .with_context(|| format!("opening the archive in {}", home.dir.display()))?;
        logged_blobs(&ledger)?
    };
    let blobs = BlobStore::new(home.dir.join(dossier_ledger::layout::BLOBS));
    let gazetteer = Gazetteer::embedded();
    let tool = format!("dossier {} ingest", env!("CARGO_PKG_VERSION"));

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

    for batch in files.chunks(ARCHIVE_BATCH) {
        // Archive the batch first (one signed checkpoint for all of it), then read, extract
        // and store each file.
        let archived = archive_batch(
            batch,
            &args,
            &home.dir,
            &blobs,
            &mut logged,
            &tool,
            &mut summary,
        );
        for (path, archived) in batch.iter().zip(archived) {
            summary.files += 1;
            let name = path.display().to_string();
            if let Some(bar) = &progress {
                bar.set_message(name.clone());
            }
            let before = summary.documents.len();
            let result = archived.and_then(|(sha256, log_index)| {
                let provenance = Provenance {
                    log_index: Some(log_index),
                    blob_sha256: Some(sha256),
                    tool: Some(tool.clone()),
                };
                store_file(path, &provenance, &mut store, gazetteer, &mut summary)
            });
            if let Err(err) = result {
                // The readers name the input in their errors; the path is printed once.
                let full = format!("{err:#}");
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

/// The log index of every source blob already in the log, so a rerun reuses entries
/// instead of appending the same bytes again.
fn logged_blobs(ledger: &Ledger) -> Result<HashMap<String, u64>> {
    let reader = ledger.reader();
    let source = TileSource {
        log_dir: reader.log_dir(),
        size: reader.size(),
    };
    let mut logged = HashMap::new();
    let width = dossier_ledger::tile::TILE_WIDTH;
    for bundle_index in 0..reader.size().div_ceil(width) {
        let bundle = source
            .read_bundle(bundle_index)
            .with_context(|| format!("reading log entries bundle {bundle_index}"))?;
        for (i, entry) in bundle.iter().enumerate() {
            let index = bundle_index * width + i as u64;
            // Entries this command did not write (custody events, other tools' records)
            // may not decode as a source record; they are simply not sources.
            if let Ok(record) = EntryRecord::decode(entry)
                && record.kind == Kind::Source
                && let Some(sha256) = record.sha256
            {
                logged.entry(sha256).or_insert(index);
            }
        }
    }
    Ok(logged)
}

/// Files archived per log append. Each append fsyncs and signs a checkpoint, which costs
/// far more than storing one document; batching makes that cost per batch, not per file.
const ARCHIVE_BATCH: usize = 64;

/// Puts each file of `batch` in the blob store and logs the new ones in one append; gives,
/// per file, its SHA-256 and log index, or why it could not be archived. Bytes the log
/// already holds (an earlier run, an identical file) reuse their entry.
fn archive_batch(
    batch: &[PathBuf],
    args: &Args,
    home: &Path,
    blobs: &BlobStore,
    logged: &mut HashMap<String, u64>,
    tool: &str,
    summary: &mut Summary,
) -> Vec<Result<(String, u64)>> {
    /// Where a file's log index comes from.
    enum Logged {
        Already(u64),
        /// Position in this batch's new entries.
        New(usize),
    }
    let mut entries: Vec<EntryRecord> = Vec::new();
    let mut pending: HashMap<String, usize> = HashMap::new();
    let planned: Vec<Result<(String, Logged)>> = batch
        .iter()
        .map(|path| {
            let size = std::fs::metadata(path).context("cannot read")?.len();
            anyhow::ensure!(
                size <= args.max_size,
                "the file is {size} bytes, over the {}-byte limit (--max-size)",
                args.max_size
            );
            let (sha256, _) = BlobStore::hash_file(path).context("cannot read")?;
            if let Some(&index) = logged.get(&sha256) {
                return Ok((sha256, Logged::Already(index)));
            }
            if let Some(&position) = pending.get(&sha256) {
                return Ok((sha256, Logged::New(position)));
            }
            let file = std::fs::File::open(path).context("cannot open")?;
            let blob = blobs.put(file).context("archiving the bytes")?;
            let mut entry = EntryRecord::for_blob(Kind::Source, &blob);
            entry.file_name = Some(path.display().to_string());
            entry.collected_at = Some(dossier_ledger::entry::now_rfc3339());
            entry.collector = args.collector.clone();
            entry.tool = Some(tool.to_string());
            // What was archived is the truth, should the file have changed since hashing.
            let position = entries.len();
            pending.insert(blob.sha256.clone(), position);
            entries.push(entry);
            Ok((blob.sha256, Logged::New(position)))
        })
        .collect();
    let appended: Result<Vec<u64>, String> = if entries.is_empty() {
        Ok(Vec::new())
    } else {
        Ledger::open(home)
            .and_then(|mut ledger| ledger.append(&entries))
            .map_err(|e| format!("logging the bytes: {e}"))
    };
    if let Ok(indices) = &appended {
        summary.archived += indices.len();
        for (sha256, &position) in &pending {
            logged.insert(sha256.clone(), indices[position]);
        }
    }
    planned
        .into_iter()
        .map(|plan| {
            let (sha256, source) = plan?;
            let index = match source {
                Logged::Already(index) => index,
                Logged::New(position) => match &appended {
                    Ok(indices) => indices[position],
                    Err(e) => anyhow::bail!("{e}"),
                },
            };
            Ok((sha256, index))
        })
        .collect()
}

/// Reads the documents of an archived file, extracts and stores each.
fn store_file(
    path: &Path,
    provenance: &Provenance,
    store: &mut Store,
    gazetteer: &Gazetteer,
    summary: &mut Summary,
) -> Result<()> {
    let sha256 = provenance.blob_sha256.clone().unwrap_or_default();
    let log_index = provenance.log_index.unwrap_or_default();
    // Read, extract and store each document as the reader hands it over (archives are
    // streamed); the first store error stops this file.
    let mut store_error: Option<anyhow::Error> = None;
    let reading = dossier_ingest::read_file_with(path, &mut |source: SourceDocument| {
        if store_error.is_some() {
            return;
        }
        let id = match &source.raw {
            Some(raw) => dossier_model::document_id(raw),
            None => sha256.clone(),
        };
        let mut record = dossier_extract::extract_text(&source.text, &id, gazetteer);
        if source.title.is_some() {
            record.document.title = source.title.clone();
        }
        if let Some(language) = &source.language {
            record.document.language = language.clone();
        }
        let item_path = item_path(path, &source.provenance.locator);
        record.document.source = Some(SourceInfo {
            path: Some(item_path.clone()),
            url: source.url.clone(),
            published: source.published.clone(),
            byline: source.byline.clone(),
            site_name: source.site_name.clone(),
            media_type: Some(source.media_type.clone()),
        });
        match store.insert(&record, provenance) {
            Ok(outcome) => {
                let (label, version_of) = match outcome {
                    InsertOutcome::Inserted => ("inserted", None),
                    InsertOutcome::NewVersion { of } => ("new_version", Some(of)),
                    InsertOutcome::Duplicate => ("duplicate", None),
                };
                match label {
                    "duplicate" => summary.duplicates += 1,
                    "new_version" => {
                        summary.stored += 1;
                        summary.new_versions += 1;
                    }
                    _ => summary.stored += 1,
                }
                summary.documents.push(DocumentOutcome {
                    id,
                    path: item_path,
                    outcome: label,
                    version_of,
                    claims: record.claims.len(),
                    log_index,
                });
            }
            Err(e) => {
                store_error = Some(anyhow::Error::new(e).context(format!("storing {item_path}")))
            }
        }
    });
    if let Some(e) = store_error {
        return Err(e);
    }
    let reading = reading.map_err(|e| anyhow::anyhow!("{e}"))?;
    summary.skipped_items += reading.skipped_total() as u64;
    Ok(())
}

/// The document's path: the file's, plus where inside it the item is, so items of one file
/// are told apart (and a changed item is a new version of the same item, not of its
/// neighbour).
fn item_path(file: &Path, locator: &Locator) -> String {
    let file = file.display();
    match locator {
        Locator::WholeFile => file.to_string(),
        Locator::WarcRecord {
            member,
            record_number,
            ..
        } => match member {
            Some(m) => format!("{file}#{m}#record={record_number}"),
            None => format!("{file}#record={record_number}"),
        },
        Locator::FeedItem { guid, .. } => format!("{file}#item={guid}"),
        Locator::TelegramMessage {
            chat_id,
            message_id,
            ..
        } => match chat_id {
            Some(chat) => format!("{file}#chat={chat}&message={message_id}"),
            None => format!("{file}#message={message_id}"),
        },
    }
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
