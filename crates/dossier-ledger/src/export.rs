//! Court packages: selected items with everything a third party needs to verify them offline.
//!
//! ```text
//! <out>/README.txt                      how to verify, in plain words
//! <out>/vkey                            the log's verifier key
//! <out>/checkpoint                      the signed checkpoint all proofs refer to
//! <out>/SHA256SUMS                      sha256sum -c compatible list of every file
//! <out>/items/<index>/entry             the raw log entry (leaf hash = SHA-256(0x00 || entry))
//! <out>/items/<index>/proof.tlog-proof  c2sp.org/tlog-proof@v1 for that entry
//! <out>/items/<index>/blob              the archived file, if the entry has one
//! ```
//!
//! Exporting is itself a chain-of-custody event: an `exported` entry linking the items is
//! appended first, and it is part of the package, so the package proves when it was made.

use crate::entry::CustodyEvent;
use crate::error::{LedgerError, Result};
use crate::fsutil;
use crate::ledger::Ledger;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// What [`Ledger::export`] wrote.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub out: PathBuf,
    /// The index of the `exported` custody entry.
    pub custody_index: u64,
    /// Every item in the package (the requested ones, then the custody entry).
    pub items: Vec<u64>,
}

impl Ledger {
    /// Writes a court package for `indices` into `out` (which must not exist or be empty).
    pub fn export(
        &mut self,
        indices: &[u64],
        out: &Path,
        actor: Option<String>,
        note: Option<String>,
    ) -> Result<ExportSummary> {
        if indices.is_empty() {
            return Err(LedgerError::Invalid("nothing to export".into()));
        }
        if let Ok(mut rd) = fs::read_dir(out)
            && rd.next().is_some()
        {
            return Err(LedgerError::Invalid(format!(
                "{} exists and is not empty; choose a new directory",
                out.display()
            )));
        }
        let mut items: Vec<u64> = indices.to_vec();
        items.sort_unstable();
        items.dedup();
        let custody_index =
            self.record_custody(CustodyEvent::Exported, items.clone(), actor, note)?;
        items.push(custody_index);
        let reader = self.reader();
        let mut sums = Vec::new();
        let write = |sums: &mut Vec<String>, rel: String, bytes: &[u8]| -> Result<()> {
            let path = out.join(&rel);
            fsutil::write_atomic(&path, bytes).map_err(LedgerError::io(&path))?;
            sums.push(format!("{}  {rel}", hex::encode(Sha256::digest(bytes))));
            Ok(())
        };
        write(
            &mut sums,
            "vkey".into(),
            format!("{}\n", reader.verifier().to_vkey()).as_bytes(),
        )?;
        write(
            &mut sums,
            "checkpoint".into(),
            reader.checkpoint_note().as_bytes(),
        )?;
        let mut listing = String::new();
        for &i in &items {
            let entry = reader.entry(i)?;
            let record = reader.record(i)?;
            write(&mut sums, format!("items/{i}/entry"), &entry)?;
            write(
                &mut sums,
                format!("items/{i}/proof.tlog-proof"),
                reader.proof(i)?.as_bytes(),
            )?;
            let mut line = format!("  {i}: {:?}", record.kind).to_lowercase();
            if let Some(blob) = record.blob() {
                let rel = format!("items/{i}/blob");
                let dest = out.join(&rel);
                let src = reader.blobs().path_of(&blob.sha256)?;
                fs::copy(&src, &dest).map_err(LedgerError::io(&src))?;
                fs::File::open(&dest)
                    .and_then(|f| f.sync_all())
                    .map_err(LedgerError::io(&dest))?;
                sums.push(format!("{}  {rel}", blob.sha256));
                line.push_str(&format!(
                    ", file {} ({} bytes, sha256 {})",
                    record.file_name.as_deref().unwrap_or("(unnamed)"),
                    blob.size,
                    blob.sha256
                ));
            }
            if let Some(e) = record.event {
                line.push_str(&format!(", event {e:?}").to_lowercase());
            }
            listing.push_str(&line);
            listing.push('\n');
        }
        let readme = readme_text(reader.verifier().name(), reader.size(), &listing);
        let readme_path = out.join("README.txt");
        fsutil::write_atomic(&readme_path, readme.as_bytes())
            .map_err(LedgerError::io(&readme_path))?;
        sums.push(format!(
            "{}  README.txt",
            hex::encode(Sha256::digest(readme.as_bytes()))
        ));
        sums.sort_by(|a, b| a[66..].cmp(&b[66..]));
        let sums_path = out.join("SHA256SUMS");
        fsutil::write_atomic(&sums_path, (sums.join("\n") + "\n").as_bytes())
            .map_err(LedgerError::io(&sums_path))?;
        Ok(ExportSummary {
            out: out.to_path_buf(),
            custody_index,
            items,
        })
    }
}

fn readme_text(origin: &str, size: u64, listing: &str) -> String {
    format!(
        "Dossier evidence package
========================

This directory holds items preserved in the Dossier transparency log \"{origin}\",
with everything needed to check, without trusting Dossier, that each item was
recorded in that log and has not been altered since.

Items (log index: kind, file):
{listing}
The last item is the chain-of-custody record of this export.

What the files are
------------------
vkey                        the log's public verifier key (c2sp.org/signed-note format).
                            Obtain it independently too (e.g. from the log operator's
                            published statement) and check that it is the same.
checkpoint                  the log's signed statement of its size ({size} entries) and
                            Merkle root (c2sp.org/tlog-checkpoint, Ed25519), possibly with
                            witness cosignatures (c2sp.org/tlog-cosignature).
items/N/entry               the log entry of item N: a JSON record with the file's SHA-256,
                            size, media type, collection time, collector, origin URL, note.
items/N/proof.tlog-proof    an inclusion proof of that entry in the checkpoint's tree
                            (c2sp.org/tlog-proof@v1, RFC 6962/9162 Merkle hashing).
items/N/blob                the preserved file itself.
SHA256SUMS                  checksums of all files (`sha256sum -c SHA256SUMS`).

How to verify
-------------
1. The file is the one recorded: `sha256sum items/N/blob` must equal the \"sha256\"
   field in items/N/entry.
2. The entry is in the log: the leaf hash is SHA-256(0x00 || bytes of items/N/entry);
   combining it with the hashes in proof.tlog-proof as in RFC 9162 section 2.1.3.2 must
   give the root in the checkpoint. Any tlog-proof verifier does this, for example:
       dossier verify-proof items/N/proof.tlog-proof --entry items/N/entry --vkey \"$(cat vkey)\"
   or Go's golang.org/x/mod/sumdb/tlog (CheckRecord) and sumdb/note (Open), or the
   Python package tlog-scales.
3. The checkpoint is genuine: its signature line must verify with the key in vkey
   (Ed25519 over the text above the blank line; key ID = first 4 bytes of
   SHA-256(name || 0x0A || 0x01 || public key)).
4. Later checkpoints of the same log must be consistent with this one (RFC 9162
   consistency proofs): ask the log for a consistency proof from size {size}
   (`dossier log consistency {size} NEW`) and check it with
       dossier log verify-consistency checkpoint NEW.checkpoint PROOF --vkey \"$(cat vkey)\"
   or Go's tlog.CheckTree.
"
    )
}
