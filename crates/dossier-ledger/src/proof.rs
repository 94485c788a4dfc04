//! Offline proofs of inclusion: c2sp.org/tlog-proof@v1 files.
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! [extra <base64>]
//! index <n>
//! <base64 hash>          (one line per inclusion-proof hash, deepest first)
//!
//! <signed checkpoint, with any witness cosignatures>
//! ```
//!
//! [`verify_tlog_proof`] needs only the proof, the entry bytes and the log's verifier key (plus
//! witness keys and a policy if cosignatures are required).

use crate::checkpoint::Checkpoint;
use crate::merkle::{Hash, ProofError, leaf_hash, verify_inclusion};
use crate::note::{Note, NoteError, VerifiedSignature, Verifier};
use crate::policy::{Policy, PolicyError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use thiserror::Error;

/// The first line of every proof file.
pub const PROOF_HEADER: &str = "c2sp.org/tlog-proof@v1";

/// A parsed tlog-proof@v1 file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    pub extra: Option<Vec<u8>>,
    pub index: u64,
    pub hashes: Vec<Hash>,
    /// The signed checkpoint note, verbatim.
    pub checkpoint: String,
}

#[derive(Debug, Error)]
pub enum ProofFileError {
    #[error("malformed tlog-proof, line {line}: {why}")]
    Malformed { line: usize, why: String },
    #[error("checkpoint in the proof: {0}")]
    Note(#[from] NoteError),
    #[error("checkpoint in the proof: {0}")]
    Checkpoint(#[from] crate::checkpoint::CheckpointError),
    #[error("the checkpoint is for log {origin:?}, but the verifier key is for {key:?}")]
    WrongLog { origin: String, key: String },
    #[error("inclusion proof of entry {index} in tree size {size}: {source}")]
    Inclusion {
        index: u64,
        size: u64,
        #[source]
        source: ProofError,
    },
    #[error("witness policy: {0}")]
    Policy(#[from] PolicyError),
}

impl TlogProof {
    pub fn to_text(&self) -> String {
        let mut s = format!("{PROOF_HEADER}\n");
        if let Some(extra) = &self.extra {
            s.push_str(&format!("extra {}\n", B64.encode(extra)));
        }
        s.push_str(&format!("index {}\n", self.index));
        for h in &self.hashes {
            s.push_str(&B64.encode(h));
            s.push('\n');
        }
        s.push('\n');
        s.push_str(&self.checkpoint);
        s
    }

    pub fn parse(text: &str) -> Result<TlogProof, ProofFileError> {
        let bad = |line: usize, why: &str| ProofFileError::Malformed {
            line,
            why: why.to_string(),
        };
        let (head, checkpoint) = text
            .split_once("\n\n")
            .ok_or_else(|| bad(0, "no blank line before the checkpoint"))?;
        let mut lines = head.split('\n').enumerate().map(|(i, l)| (i + 1, l));
        match lines.next() {
            Some((_, PROOF_HEADER)) => {}
            _ => return Err(bad(1, "the first line is not c2sp.org/tlog-proof@v1")),
        }
        let (mut n, mut line) = lines.next().ok_or_else(|| bad(2, "missing index"))?;
        let mut extra = None;
        if let Some(b) = line.strip_prefix("extra ") {
            extra = Some(B64.decode(b).map_err(|_| bad(n, "extra is not base64"))?);
            (n, line) = lines.next().ok_or_else(|| bad(n + 1, "missing index"))?;
        }
        let idx = line
            .strip_prefix("index ")
            .ok_or_else(|| bad(n, "expected `index <n>`"))?;
        if idx.is_empty()
            || !idx.bytes().all(|b| b.is_ascii_digit())
            || (idx.len() > 1 && idx.starts_with('0'))
        {
            return Err(bad(n, "index is not a decimal number"));
        }
        let index = idx.parse().map_err(|_| bad(n, "index out of range"))?;
        let mut hashes = Vec::new();
        for (n, l) in lines {
            let raw = B64.decode(l).map_err(|_| bad(n, "hash is not base64"))?;
            let h: Hash = raw
                .as_slice()
                .try_into()
                .map_err(|_| bad(n, "hash is not 32 bytes"))?;
            hashes.push(h);
        }
        if hashes.len() > 63 {
            return Err(bad(0, "more than 63 proof hashes"));
        }
        Ok(TlogProof {
            extra,
            index,
            hashes,
            checkpoint: checkpoint.to_string(),
        })
    }
}

/// What a successful verification established.
#[derive(Debug, Clone)]
pub struct VerifiedProof {
    pub index: u64,
    pub checkpoint: Checkpoint,
    /// The log signature and any witness cosignatures that verified.
    pub signatures: Vec<VerifiedSignature>,
}

/// Checks a tlog-proof against the entry bytes and the log's verifier key; with a policy, also
/// checks the witness cosignatures it requires. The checkpoint's origin must equal the key name.
pub fn verify_tlog_proof(
    proof_text: &str,
    entry: &[u8],
    log_key: &Verifier,
    policy: Option<&Policy>,
) -> Result<VerifiedProof, ProofFileError> {
    let proof = TlogProof::parse(proof_text)?;
    let note = Note::parse(proof.checkpoint.as_bytes())?;
    note.verify_by(log_key)?;
    let checkpoint = Checkpoint::parse(&note.text)?;
    if checkpoint.origin != log_key.name() {
        return Err(ProofFileError::WrongLog {
            origin: checkpoint.origin,
            key: log_key.name().to_string(),
        });
    }
    verify_inclusion(
        proof.index,
        checkpoint.size,
        &leaf_hash(entry),
        &proof.hashes,
        &checkpoint.root,
    )
    .map_err(|source| ProofFileError::Inclusion {
        index: proof.index,
        size: checkpoint.size,
        source,
    })?;
    let mut signatures = note.verify(&[log_key])?;
    if let Some(policy) = policy {
        signatures.extend(policy.check(&note)?);
    }
    Ok(VerifiedProof {
        index: proof.index,
        checkpoint,
        signatures,
    })
}
