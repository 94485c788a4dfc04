//! Dossier's preservation layer: a content-addressed archive and a tamper-evident log that
//! outside tools can check.
//!
//! Everything Dossier reads, and every evidence file an investigator adds, is stored once
//! under its SHA-256 in a [blob store](blob), and described by an [`entry`] appended to
//! an RFC 6962 Merkle tree log kept in the static [C2SP tlog-tiles] layout, with
//! [signed checkpoints](note) (C2SP signed-note, Ed25519), offline [inclusion proofs](proof)
//! (c2sp.org/tlog-proof@v1), consistency proofs between any two sizes, and witness
//! cosignatures checked against a [k-of-n policy](policy). Chain-of-custody events (added,
//! exported, transferred, examined) are entries too.
//!
//! [C2SP tlog-tiles]: https://c2sp.org/tlog-tiles
//!
//! # Layout of a home directory
//!
//! ```text
//! <home>/blobs/sha256/ab/ab12…      every file, under its SHA-256
//! <home>/log/checkpoint             the signed checkpoint
//! <home>/log/tile/<L>/<N>[.p/<W>]   Merkle tree hash tiles
//! <home>/log/tile/entries/<N>[.p/<W>]  entry bundles
//! <home>/keys/log.key               the signing key (0600, never printed)
//! <home>/keys/log.vkey              the verifier key
//! <home>/ledger.lock                the writer lock
//! <home>/cache/edge                 right edge of the tree (a checked cache for proofs)
//! <home>/recovered/                 leftovers of interrupted appends, moved aside
//! ```
//!
//! `<home>/log/` can be served as static files; tlog-tiles clients read it as it is.
//!
//! # Using it
//!
//! ```
//! use dossier_ledger::{EntryRecord, Kind, Ledger};
//! # let dir = tempfile::tempdir().unwrap();
//! let mut ledger = Ledger::open(dir.path())?;           // creates keys and layout on first use
//! let blob = ledger.store_blob(&b"report text"[..])?;    // streamed, fsynced, content-addressed
//! let mut record = EntryRecord::for_blob(Kind::Source, &blob);
//! record.origin_url = Some("https://example.org/report".into());
//! let indices = ledger.append(&[record])?;              // durable and signed when it returns
//! let proof = ledger.proof(indices[0])?;                // c2sp.org/tlog-proof@v1 text
//! let entry = ledger.reader().entry(indices[0])?;
//! let key = dossier_ledger::note::Verifier::parse(&ledger.verifier_key())?;
//! dossier_ledger::proof::verify_tlog_proof(&proof, &entry, &key, None)?;
//! assert!(ledger.verify().is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A server opens the same home read-only with [`LedgerReader::open`], which takes no lock
//! and needs no private key; [`LedgerReader::refresh`] follows the writer.
//!
//! # Guarantees
//!
//! - An append is durable when [`Ledger::append`] returns; a crash at any moment leaves a
//!   log that opens and verifies, holding every acknowledged entry.
//! - One writer at a time (an exclusive lock on `ledger.lock`); readers never see a partly
//!   written file (every file is written to a temp name and renamed).
//! - A checkpoint is signed only after a consistency proof from the previous checkpoint,
//!   computed from the tiles on disk, verifies.
//! - Files covered by a signed checkpoint are never modified; blobs are never rewritten.

pub mod blob;
pub mod checkpoint;
pub mod entry;
mod error;
pub mod export;
mod fsutil;
mod ledger;
pub mod merkle;
pub mod note;
pub mod policy;
pub mod proof;
pub mod tile;
pub mod verify;

pub use blob::BlobStore;
pub use entry::{BlobRef, CustodyEvent, EntryRecord, Kind};
pub use error::{LedgerError, Result};
pub use export::ExportSummary;
pub use ledger::{
    CachedTileSource, Ledger, LedgerReader, OpenOptions, TileCache, TileSource, layout,
    parse_bundle, tool_name,
};
pub use verify::{Problem, Report};
