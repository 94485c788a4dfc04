//! `dossier verify-proof`: check a c2sp.org/tlog-proof@v1 file offline, with no store.

use anyhow::{Context, Result, bail};
use dossier_ledger::merkle::encode_hash;
use dossier_ledger::note::Verifier;
use dossier_ledger::policy::Policy;
use dossier_ledger::proof::verify_tlog_proof;
use dossier_ledger::{BlobStore, EntryRecord};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The .tlog-proof file.
    proof: PathBuf,
    /// The entry's raw bytes (`dossier log entry N`, or items/N/entry in a package).
    #[arg(long)]
    entry: PathBuf,
    /// The log's verifier key, or a file holding it.
    #[arg(long)]
    vkey: String,
    /// A witness verifier key (or file); repeat for several.
    #[arg(long = "witness")]
    witnesses: Vec<String>,
    /// How many of the --witness keys must have cosigned (default: all given).
    #[arg(long)]
    quorum: Option<usize>,
    /// A c2sp.org/tlog-policy file naming witnesses, groups and the quorum.
    #[arg(long, conflicts_with_all = ["witnesses", "quorum"])]
    policy: Option<PathBuf>,
    /// The archived file: also check that its SHA-256 and size are the entry's.
    #[arg(long)]
    blob: Option<PathBuf>,
}

/// A key given inline, or the path of a file holding it.
pub fn key_arg(s: &str) -> Result<Verifier> {
    let text = if Path::new(s).is_file() {
        std::fs::read_to_string(s).with_context(|| format!("reading {s}"))?
    } else {
        s.to_string()
    };
    Ok(Verifier::parse(text.trim())?)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let proof = std::fs::read_to_string(&args.proof)
        .with_context(|| format!("reading {}", args.proof.display()))?;
    let entry =
        std::fs::read(&args.entry).with_context(|| format!("reading {}", args.entry.display()))?;
    let log_key = key_arg(&args.vkey)?;
    let policy = if let Some(p) = &args.policy {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        Some(Policy::parse(&text).with_context(|| p.display().to_string())?)
    } else if !args.witnesses.is_empty() {
        let keys = args
            .witnesses
            .iter()
            .map(|w| key_arg(w))
            .collect::<Result<Vec<_>>>()?;
        let k = args.quorum.unwrap_or(keys.len());
        if k == 0 || k > keys.len() {
            bail!("--quorum must be between 1 and the number of --witness keys");
        }
        Some(Policy::k_of_n(keys, k))
    } else {
        None
    };
    let verified = verify_tlog_proof(&proof, &entry, &log_key, policy.as_ref())
        .with_context(|| format!("{} does not verify", args.proof.display()))?;
    if let Some(blob) = &args.blob {
        let record = EntryRecord::decode(&entry).context("the entry is not a Dossier entry")?;
        let want = record.blob().context("the entry records no file")?;
        let (sha, size) = BlobStore::hash_file(blob)?;
        if sha != want.sha256 || size != want.size {
            bail!(
                "{} has sha256 {sha} ({size} bytes); the entry records {} ({} bytes)",
                blob.display(),
                want.sha256,
                want.size
            );
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "ok: entry {} is in log {} at tree size {} (root {})",
        verified.index,
        verified.checkpoint.origin,
        verified.checkpoint.size,
        encode_hash(&verified.checkpoint.root)
    )?;
    for s in verified.signatures.iter().skip(1) {
        writeln!(
            out,
            "cosigned by {} at {}",
            s.name,
            s.timestamp
                .map(dossier_ledger::entry::rfc3339_utc)
                .unwrap_or_default()
        )?;
    }
    if args.blob.is_some() {
        writeln!(out, "the file matches the entry")?;
    }
    Ok(ExitCode::SUCCESS)
}
