//! `dossier log`: the transparency log itself: raw entries, the verifier key, checkpoints,
//! consistency proofs and witness cosignatures.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_ledger::checkpoint::Checkpoint;
use dossier_ledger::merkle::{encode_hash, verify_consistency};
use dossier_ledger::note::{ALG_COSIGNATURE_V1, Note, Signer, Verifier};
use dossier_ledger::{Ledger, LedgerReader};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// The raw bytes of an entry (its leaf hash is SHA-256(0x00 || bytes)).
    Entry { index: u64 },
    /// The log's verifier key (vkey format).
    Vkey,
    /// The current signed checkpoint.
    Checkpoint,
    /// The consistency proof between two tree sizes, one base64 hash per line.
    Consistency { old: u64, new: u64 },
    /// Check offline that a newer checkpoint extends an older one (no store needed).
    VerifyConsistency {
        /// The older signed checkpoint (e.g. from a court package).
        old: PathBuf,
        /// The newer signed checkpoint.
        new: PathBuf,
        /// The consistency proof: base64 hashes, one per line (`dossier log consistency`).
        proof: PathBuf,
        /// The log's verifier key, or a file holding it.
        #[arg(long)]
        vkey: String,
    },
    /// Attach a witness cosignature line to the current checkpoint (checked first).
    AddCosignature {
        /// The cosignature line (`— <name> <base64>`).
        line: String,
        /// The witness's verifier key (type 0x04).
        #[arg(long)]
        witness: String,
    },
    /// Witness tools: make a cosigning key, or cosign this log's current checkpoint.
    Witness {
        #[command(subcommand)]
        command: WitnessCommand,
    },
}

#[derive(clap::Subcommand)]
enum WitnessCommand {
    /// Create a witness key; writes the private key (0600) and prints the verifier key.
    Keygen {
        name: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print a cosignature line for this log's current checkpoint.
    Cosign {
        /// The witness's private key file.
        #[arg(long)]
        key: PathBuf,
    },
}

pub fn run(args: Args, home: &Home) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let reader = || {
        LedgerReader::open(&home.dir)
            .with_context(|| format!("opening the ledger in {}", home.dir.display()))
    };
    match args.command {
        Command::Entry { index } => out.write_all(&reader()?.entry(index)?)?,
        Command::Vkey => {
            // Creates the ledger (and its key) on first use, like any writer would.
            let vkey = match reader() {
                Ok(r) => r.verifier().to_vkey(),
                Err(_) => Ledger::open(&home.dir)?.verifier_key(),
            };
            writeln!(out, "{vkey}")?;
        }
        Command::Checkpoint => out.write_all(reader()?.checkpoint_note().as_bytes())?,
        Command::Consistency { old, new } => {
            for h in reader()?.consistency(old, new)? {
                writeln!(out, "{}", encode_hash(&h))?;
            }
        }
        Command::VerifyConsistency {
            old,
            new,
            proof,
            vkey,
        } => {
            let key = crate::cmd::verify_proof::key_arg(&vkey)?;
            let (a, b) = (read_checkpoint(&old, &key)?, read_checkpoint(&new, &key)?);
            let text = std::fs::read_to_string(&proof)
                .with_context(|| format!("reading {}", proof.display()))?;
            let hashes = text
                .split_whitespace()
                .map(decode_hash)
                .collect::<Result<Vec<_>>>()
                .with_context(|| proof.display().to_string())?;
            verify_consistency(a.size, b.size, &hashes, &a.root, &b.root).with_context(|| {
                format!(
                    "{} (size {}) is not proven consistent with {} (size {})",
                    new.display(),
                    b.size,
                    old.display(),
                    a.size
                )
            })?;
            writeln!(
                out,
                "ok: {} at size {} extends size {}",
                b.origin, b.size, a.size
            )?;
        }
        Command::AddCosignature { line, witness } => {
            let v = Verifier::parse(&witness)?;
            let mut ledger = Ledger::open(&home.dir)?;
            ledger.add_cosignature(&line, &v)?;
            writeln!(out, "added a cosignature by {}", v.name())?;
        }
        Command::Witness { command } => match command {
            WitnessCommand::Keygen { name, out: path } => {
                let signer = Signer::generate(&name, ALG_COSIGNATURE_V1)?;
                write_private(&path, &signer.to_private_string())?;
                writeln!(out, "{}", signer.verifier().to_vkey())?;
            }
            WitnessCommand::Cosign { key } => {
                let text = std::fs::read_to_string(&key)
                    .with_context(|| format!("reading {}", key.display()))?;
                let signer = Signer::parse(text.trim())?;
                let r = reader()?;
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)?
                    .as_secs();
                writeln!(out, "{}", signer.cosign(&r.checkpoint().to_text(), now))?;
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a signed checkpoint file, checks it with `key` and returns its body.
fn read_checkpoint(path: &std::path::Path, key: &Verifier) -> Result<Checkpoint> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let note = Note::parse(&bytes).with_context(|| path.display().to_string())?;
    note.verify_by(key)
        .with_context(|| path.display().to_string())?;
    let cp = Checkpoint::parse(&note.text).with_context(|| path.display().to_string())?;
    if cp.origin != key.name() {
        anyhow::bail!(
            "{}: checkpoint of {:?}, not of {:?}",
            path.display(),
            cp.origin,
            key.name()
        );
    }
    Ok(cp)
}

fn decode_hash(s: &str) -> Result<Vec<u8>> {
    dossier_ledger::merkle::decode_hash(s).with_context(|| format!("{s:?} is not a base64 hash"))
}

fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("creating {} (it must not exist)", path.display()))?;
    writeln!(f, "{text}")?;
    f.sync_all()?;
    Ok(())
}
