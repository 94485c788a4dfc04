//! The `dossier` command line. Library crates never print or exit; this binary owns the
//! terminal, turns library errors into messages (anyhow) and chooses exit codes.

mod cmd;
mod home;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction makes many small, short-lived
/// allocations, and glibc's malloc and free were about a fifth of its instructions
/// (docs/BENCHMARKS.md). The bench uses the same allocator as the binary it measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Sourced, verifiable, mapped knowledge from conflict reporting"
)]
struct Cli {
    /// Where the archive, log and database live (default: $XDG_DATA_HOME/dossier or ~/.local/share/dossier).
    #[arg(long, global = true, env = "DOSSIER_HOME")]
    home: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract claims, hedges and entities from reports (no store needed).
    Read(cmd::read::Args),
    /// Score the extractor against gold annotations (PolNeAR attributions).
    Eval(cmd::eval::Args),
    /// Search stored claims by words, speaker, place, stance and date.
    Search(cmd::search::Args),
    /// Counts of stored documents, claims, entities and the archive log size.
    Status(cmd::status::Args),
    /// One stored document with its claims, speakers and hedges marked.
    Show(cmd::show::Args),
    /// Export stored claims as JSON, CSV, GeoJSON or ClaimReview JSON-LD.
    Export(cmd::export::Args),
    /// Archive, read, extract and store files and directories (text, HTML, feeds, WARC/WACZ,
    /// Telegram exports).
    Ingest(cmd::ingest::Args),
    /// Preserve files in the archive and its transparency log; prove, verify, export them.
    Archive(cmd::archive::Args),
    /// The transparency log: raw entries, verifier key, checkpoint, consistency proofs.
    Log(cmd::log::Args),
    /// Serve the HTTP API and the web page (claim board, documents, map, timeline).
    Serve(cmd::serve::Args),
    /// Check a .tlog-proof file offline against an entry and the log's key (no store needed).
    VerifyProof(cmd::verify_proof::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Resolving the home only computes a path; commands without state ignore it.
    let home = home::Home::resolve(cli.home);
    let result = match cli.command {
        Command::Read(args) => cmd::read::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Search(args) => cmd::search::run(args, &home),
        Command::Status(args) => cmd::status::run(args, &home),
        Command::Show(args) => cmd::show::run(args, &home),
        Command::Export(args) => cmd::export::run(args, &home),
        Command::Ingest(args) => cmd::ingest::run(args, &home),
        Command::Archive(args) => cmd::archive::run(args, &home),
        Command::Log(args) => cmd::log::run(args, &home),
        Command::Serve(args) => cmd::serve::run(args, &home),
        Command::VerifyProof(args) => cmd::verify_proof::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
