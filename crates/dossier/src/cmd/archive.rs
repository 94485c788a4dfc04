//! `dossier archive`: preserve files in the content-addressed archive and its transparency log,
//! prove, verify and export them.

use crate::home::Home;
use anyhow::{Context, Result, bail};
use dossier_ledger::entry::now_rfc3339;
use dossier_ledger::{CustodyEvent, EntryRecord, Kind, Ledger, LedgerReader, tool_name};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Store files and log them; prints each entry's index and SHA-256 once it is durable.
    Add(AddArgs),
    /// Print the c2sp.org/tlog-proof@v1 proof of an entry against the current checkpoint.
    Proof {
        /// The entry's index in the log.
        index: u64,
    },
    /// Check every blob, entry, tile and the checkpoint; exit non-zero on any problem.
    Verify,
    /// Write a court package (files, entries, proofs, checkpoint, key, README) for entries.
    Export {
        /// Entry indices to include.
        #[arg(required = true)]
        indices: Vec<u64>,
        /// A new or empty directory for the package.
        #[arg(long)]
        out: PathBuf,
        /// Who is exporting (recorded in the custody log; default $USER).
        #[arg(long)]
        actor: Option<String>,
        /// Why, or for whom (recorded in the custody log).
        #[arg(long)]
        note: Option<String>,
    },
    /// Record a chain-of-custody event (transferred, examined, ...) about entries.
    Custody {
        /// Entry indices the event is about.
        #[arg(required = true)]
        indices: Vec<u64>,
        /// added, exported, transferred or examined.
        #[arg(long)]
        event: CustodyEvent,
        /// Who acted (default $USER).
        #[arg(long)]
        actor: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Print an entry as JSON.
    Show { index: u64 },
    /// Write an entry's archived file to stdout or --out.
    Get {
        index: u64,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct AddArgs {
    /// Files to preserve.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where the file came from.
    #[arg(long)]
    url: Option<String>,
    /// Who collected it (default $USER).
    #[arg(long)]
    collector: Option<String>,
    /// A note kept with the entry.
    #[arg(long)]
    note: Option<String>,
    /// source (something read) or evidence (a file an investigator adds).
    #[arg(long, default_value = "evidence", value_parser = parse_kind)]
    kind: Kind,
    /// Media type (default: guessed from the file extension).
    #[arg(long)]
    media_type: Option<String>,
    /// When it was collected, RFC 3339 (default: now).
    #[arg(long)]
    collected_at: Option<String>,
    /// Earlier entries this one relates to.
    #[arg(long = "link")]
    links: Vec<u64>,
    /// Log this many files per durable batch (each batch's indices are printed when it is
    /// committed); default and maximum: 256.
    #[arg(long)]
    batch: Option<usize>,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    match s {
        "source" => Ok(Kind::Source),
        "evidence" => Ok(Kind::Evidence),
        _ => Err(format!("{s:?}: expected source or evidence")),
    }
}

/// The user running the command, as a default collector or actor.
pub fn default_actor(explicit: Option<String>) -> Option<String> {
    explicit.or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
}

fn guess_media_type(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let t = match ext.as_str() {
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "warc" => "application/warc",
        "wacz" => "application/wacz",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "zip" => "application/zip",
        _ => return None,
    };
    Some(t.to_string())
}

fn open_writer(home: &Home) -> Result<Ledger> {
    Ledger::open(&home.dir).with_context(|| format!("opening the ledger in {}", home.dir.display()))
}

fn open_reader(home: &Home) -> Result<LedgerReader> {
    LedgerReader::open(&home.dir)
        .with_context(|| format!("opening the ledger in {}", home.dir.display()))
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.command {
        Command::Add(a) => add(a, home, &mut out),
        Command::Proof { index } => {
            let proof = open_reader(home)?.proof(index)?;
            out.write_all(proof.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify => {
            // Straight to the verifier rather than through a reader, which would stop at the
            // first problem with the checkpoint: this reports every problem it can find.
            let vkey_path = home
                .dir
                .join(dossier_ledger::layout::KEYS)
                .join(dossier_ledger::layout::VERIFIER_KEY);
            let vkey_text = std::fs::read_to_string(&vkey_path).with_context(|| {
                format!("reading the log's verifier key {}", vkey_path.display())
            })?;
            let vkey = dossier_ledger::note::Verifier::parse(vkey_text.trim())
                .with_context(|| vkey_path.display().to_string())?;
            let report = dossier_ledger::verify::verify_home(&home.dir, &vkey);
            for n in &report.notes {
                writeln!(out, "note: {n}")?;
            }
            for p in &report.problems {
                eprintln!("problem: {p}");
            }
            writeln!(
                out,
                "checked {} entries, {} tiles, {} blobs against checkpoint of size {}: {}",
                report.entries_checked,
                report.tiles_checked,
                report.blobs_checked,
                report.size,
                if report.is_ok() {
                    "ok".to_string()
                } else {
                    format!("{} problems", report.problems.len())
                }
            )?;
            Ok(if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Export {
            indices,
            out: dir,
            actor,
            note,
        } => {
            let mut ledger = open_writer(home)?;
            let s = ledger.export(&indices, &dir, default_actor(actor), note)?;
            writeln!(
                out,
                "exported entries {:?} to {} (custody entry {})",
                &s.items[..s.items.len() - 1],
                s.out.display(),
                s.custody_index
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Custody {
            indices,
            event,
            actor,
            note,
        } => {
            let mut ledger = open_writer(home)?;
            let i = ledger.record_custody(event, indices, default_actor(actor), note)?;
            writeln!(out, "{i}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { index } => {
            let record = open_reader(home)?.record(index)?;
            serde_json::to_writer_pretty(&mut out, &record)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Get { index, out: dest } => {
            let reader = open_reader(home)?;
            let record = reader.record(index)?;
            let Some(blob) = record.blob() else {
                bail!("entry {index} is a {:?} entry without a file", record.kind);
            };
            let mut src = reader.blobs().open(&blob.sha256)?;
            match dest {
                Some(p) => {
                    let mut f =
                        File::create(&p).with_context(|| format!("creating {}", p.display()))?;
                    std::io::copy(&mut src, &mut f)?;
                }
                None => {
                    std::io::copy(&mut src, &mut out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn add(a: AddArgs, home: &Home, out: &mut impl Write) -> Result<ExitCode> {
    let mut ledger = open_writer(home)?;
    let collector = default_actor(a.collector);
    let batch = a.batch.unwrap_or(256).clamp(1, 256);
    // Files are opened and stored a few hundred at a time (their fsyncs run together).
    for chunk in a.files.chunks(batch) {
        let opened = chunk
            .iter()
            .map(|path| {
                let meta = std::fs::metadata(path)
                    .with_context(|| format!("opening {}", path.display()))?;
                if !meta.is_file() {
                    bail!("{} is not a file", path.display());
                }
                File::open(path).with_context(|| format!("opening {}", path.display()))
            })
            .collect::<Result<Vec<File>>>()?;
        let blobs = ledger.store_blobs(opened).with_context(|| {
            format!(
                "storing {} … {}",
                chunk[0].display(),
                chunk[chunk.len() - 1].display()
            )
        })?;
        let mut records = Vec::with_capacity(chunk.len());
        for (path, blob) in chunk.iter().zip(&blobs) {
            let mut r = EntryRecord::for_blob(a.kind, blob);
            r.media_type = a.media_type.clone().or_else(|| guess_media_type(path));
            r.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            r.collected_at = Some(a.collected_at.clone().unwrap_or_else(now_rfc3339));
            r.collector = collector.clone();
            r.origin_url = a.url.clone();
            r.note = a.note.clone();
            r.links = a.links.clone();
            r.tool = Some(tool_name());
            records.push(r);
        }
        let indices = ledger.append(&records)?;
        for ((i, r), path) in indices.iter().zip(&records).zip(chunk) {
            writeln!(
                out,
                "{i} {} {}",
                r.sha256.as_deref().unwrap_or(""),
                path.display()
            )?;
        }
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
