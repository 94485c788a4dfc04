//! The content-addressed blob store: every file once, under its SHA-256.
//!
//! Layout: `<root>/sha256/<first two hex digits>/<64 hex digits>`. A blob is streamed into a
//! temp file under `<root>/tmp/` while hashing (constant memory), fsynced, and renamed into
//! place; the directories are fsynced. A blob that already exists is never rewritten: its size
//! is checked and the new copy discarded.

use crate::entry::BlobRef;
use crate::fsutil;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum BlobError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: stored blob is {stored} bytes but the same hash arrived with {new} bytes")]
    SizeMismatch {
        path: PathBuf,
        stored: u64,
        new: u64,
    },
    #[error("{0:?} is not a SHA-256 in lowercase hex")]
    BadHash(String),
    #[error("reading input {position} of the batch: {source}")]
    Read { position: usize, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> BlobError + '_ {
    move |source| BlobError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The blob store rooted at a directory (normally `<home>/blobs`).
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

/// Whether `s` is 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl BlobStore {
    pub fn new(root: impl Into<PathBuf>) -> BlobStore {
        BlobStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the blob with this hash lives (whether or not it exists).
    pub fn path_of(&self, sha256: &str) -> Result<PathBuf, BlobError> {
        if !is_sha256_hex(sha256) {
            return Err(BlobError::BadHash(sha256.to_string()));
        }
        Ok(self.root.join("sha256").join(&sha256[..2]).join(sha256))
    }

    /// Streams `reader` into the store and returns its hash and size. Durable when it returns.
    pub fn put(&self, reader: impl Read) -> Result<BlobRef, BlobError> {
        Ok(self.put_batch([reader])?.remove(0))
    }

    /// Stores several files at once, durable when it returns. Why a batch: each durable file
    /// costs fsyncs of milliseconds on a virtual disk; a batch syncs all its files together
    /// (see `fsutil::sync_paths`). On error nothing of the batch is left behind except blobs
    /// that were already complete.
    pub fn put_batch<R: Read>(
        &self,
        readers: impl IntoIterator<Item = R>,
    ) -> Result<Vec<BlobRef>, BlobError> {
        let mut staged: Vec<(Option<PathBuf>, BlobRef)> = Vec::new();
        let result = (|| {
            for (position, r) in readers.into_iter().enumerate() {
                staged.push(self.stage(r, position)?);
            }
            self.commit(&staged)
        })();
        if result.is_err() {
            for (tmp, _) in &staged {
                if let Some(t) = tmp {
                    let _ = fs::remove_file(t);
                }
            }
        }
        result?;
        Ok(staged.into_iter().map(|(_, b)| b).collect())
    }

    /// Streams one file into an unsynced temp file while hashing it. Returns the temp path,
    /// or `None` when the blob is already stored (after checking its size).
    fn stage(
        &self,
        mut reader: impl Read,
        position: usize,
    ) -> Result<(Option<PathBuf>, BlobRef), BlobError> {
        let tmp_dir = self.root.join("tmp");
        let mut dirty = BTreeSet::new();
        fsutil::create_dirs(&tmp_dir, &mut dirty).map_err(io_err(&tmp_dir))?;
        let tmp = fsutil::temp_path(&tmp_dir.join("blob"));
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io_err(&tmp))?;
        let result = (|| {
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 256 * 1024];
            let mut size = 0u64;
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(source) => return Err(BlobError::Read { position, source }),
                };
                hasher.update(&buf[..n]);
                file.write_all(&buf[..n]).map_err(io_err(&tmp))?;
                size += n as u64;
            }
            let sha256 = hex::encode(hasher.finalize());
            let dest = self.path_of(&sha256)?;
            if let Ok(meta) = fs::metadata(&dest) {
                if meta.len() != size {
                    return Err(BlobError::SizeMismatch {
                        path: dest,
                        stored: meta.len(),
                        new: size,
                    });
                }
                let _ = fs::remove_file(&tmp);
                return Ok((None, BlobRef { sha256, size }));
            }
            Ok((Some(tmp.clone()), BlobRef { sha256, size }))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Syncs staged temp files together, renames them into place and syncs the directories.
    fn commit(&self, staged: &[(Option<PathBuf>, BlobRef)]) -> Result<(), BlobError> {
        let temps: Vec<PathBuf> = staged.iter().filter_map(|(t, _)| t.clone()).collect();
        fsutil::sync_paths(&temps).map_err(io_err(&self.root))?;
        let mut dirty = BTreeSet::new();
        for (tmp, blob) in staged {
            let Some(tmp) = tmp else { continue };
            let dest = self.path_of(&blob.sha256)?;
            if dest.exists() {
                // The same content twice in one batch: the first copy is already in place.
                let _ = fs::remove_file(tmp);
                continue;
            }
            let parent = dest.parent().expect("blob paths have parents");
            fsutil::create_dirs(parent, &mut dirty).map_err(io_err(parent))?;
            fsutil::commit_temp(tmp, &dest, &mut dirty).map_err(io_err(&dest))?;
        }
        // The temp directory needs no fsync: a crash can at worst leave a stray temp file.
        fsutil::sync_dirs(&mut dirty).map_err(io_err(&self.root))
    }

    /// Opens a stored blob for reading.
    pub fn open(&self, sha256: &str) -> Result<File, BlobError> {
        let p = self.path_of(sha256)?;
        File::open(&p).map_err(io_err(&p))
    }

    /// Re-hashes a stored file; returns its (sha256, size).
    pub fn hash_file(path: &Path) -> Result<(String, u64), BlobError> {
        let mut f = File::open(path).map_err(io_err(path))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        loop {
            let n = f.read(&mut buf).map_err(io_err(path))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            size += n as u64;
        }
        Ok((hex::encode(hasher.finalize()), size))
    }

    /// Every stored blob file, as (sha256 from its name, path), sorted; files whose names are
    /// not hashes are listed with `None`.
    pub fn list(&self) -> Result<Vec<(Option<String>, PathBuf)>, BlobError> {
        let mut out = Vec::new();
        let base = self.root.join("sha256");
        let Ok(dirs) = fs::read_dir(&base) else {
            return Ok(out);
        };
        for d in dirs {
            let d = d.map_err(io_err(&base))?;
            let dp = d.path();
            if !dp.is_dir() {
                out.push((None, dp));
                continue;
            }
            for f in fs::read_dir(&dp).map_err(io_err(&dp))? {
                let f = f.map_err(io_err(&dp))?;
                let name = f.file_name().to_string_lossy().into_owned();
                let ok = is_sha256_hex(&name) && name[..2] == *d.file_name().to_string_lossy();
                out.push((ok.then_some(name), f.path()));
            }
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_is_content_addressed_and_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::new(dir.path());
        let a = store.put(&b"hello"[..]).unwrap();
        assert_eq!(
            a.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(a.size, 5);
        let p = store.path_of(&a.sha256).unwrap();
        let before = fs::metadata(&p).unwrap().modified().unwrap();
        let b = store.put(&b"hello"[..]).unwrap();
        assert_eq!(a, b);
        assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before);
        assert_eq!(fs::read(&p).unwrap(), b"hello");
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }

    #[test]
    fn a_batch_stores_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::new(dir.path());
        let refs = store
            .put_batch([&b"one"[..], &b"two"[..], &b"one"[..]])
            .unwrap();
        assert_eq!(refs[0], refs[2]);
        assert_ne!(refs[0], refs[1]);
        for r in &refs {
            assert_eq!(
                fs::metadata(store.path_of(&r.sha256).unwrap())
                    .unwrap()
                    .len(),
                3
            );
        }
        assert_eq!(store.list().unwrap().len(), 2);
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }
}
