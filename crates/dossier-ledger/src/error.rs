//! The error type of the ledger: every variant says what went wrong and where.

use crate::blob::BlobError;
use crate::checkpoint::CheckpointError;
use crate::entry::EntryError;
use crate::merkle::ProofError;
use crate::note::NoteError;
use std::io;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum LedgerError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error("record {position} of the batch: {source}")]
    Record {
        position: usize,
        #[source]
        source: EntryError,
    },
    #[error("entry {index}: {source}")]
    Entry {
        index: u64,
        #[source]
        source: EntryError,
    },
    #[error("{path}: {source}")]
    Note {
        path: PathBuf,
        #[source]
        source: NoteError,
    },
    #[error("{path}: {source}")]
    Checkpoint {
        path: PathBuf,
        #[source]
        source: CheckpointError,
    },
    #[error(transparent)]
    Proof(#[from] ProofError),
    #[error("{path}: {why}")]
    Corrupt { path: PathBuf, why: String },
    #[error("index {index} is not in the log (it has {size} entries)")]
    NoSuchEntry { index: u64, size: u64 },
    #[error("another process holds the writer lock {0}")]
    Locked(PathBuf),
    #[error("refusing to sign a checkpoint inconsistent with the previous one: {0}")]
    Inconsistent(String),
    #[error("{0}")]
    Invalid(String),
}

impl LedgerError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> LedgerError {
        let path = path.into();
        move |source| LedgerError::Io { path, source }
    }
}

pub type Result<T, E = LedgerError> = std::result::Result<T, E>;
