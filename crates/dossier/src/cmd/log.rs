//! `dossier log`: the transparency log itself: raw entries, the verifier key, checkpoints,
//! consistency proofs and witness cosignatures.

use crate::home::Home;
use anyhow::{Context, Result};
use dossier_ledger::merkle::encode_hash;
use dossier_ledger::note::{ALG_COSIGNATURE_V1, Signer, Verifier};
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
