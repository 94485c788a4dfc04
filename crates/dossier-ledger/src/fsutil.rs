//! Durable file writing: temp file, fsync, rename, directory fsync.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Names a temporary file next to `path`, unique to this process and call.
pub fn temp_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Creates `dir` and any missing parents, recording every directory whose entries changed
/// (the parents of created directories) in `dirty` so the caller can fsync them.
pub fn create_dirs(dir: &Path, dirty: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent, dirty)?;
        match fs::create_dir(dir) {
            Ok(()) => {
                dirty.insert(parent.to_path_buf());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes `bytes` to a temp file beside `path` and fsyncs it; returns the temp path. The caller
/// renames it into place (possibly after writing others) with [`commit_temp`].
pub fn write_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let tmp = temp_path(path);
    let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(tmp)
}

/// Renames a synced temp file into place and records its directory for fsync.
pub fn commit_temp(tmp: &Path, path: &Path, dirty: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    fs::rename(tmp, path)?;
    if let Some(parent) = path.parent() {
        dirty.insert(parent.to_path_buf());
    }
    Ok(())
}

/// Fsyncs a directory so that renames and creations in it survive a crash.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Fsyncs every directory in `dirty`, deepest first, and empties the set.
pub fn sync_dirs(dirty: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    for d in std::mem::take(dirty).iter().rev() {
        sync_dir(d)?;
    }
    Ok(())
}

/// Atomically replaces `path` with `bytes`, durably (temp, fsync, rename, dir fsync).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut dirty = BTreeSet::new();
    if let Some(parent) = path.parent() {
        create_dirs(parent, &mut dirty)?;
    }
    let tmp = write_temp(path, bytes)?;
    commit_temp(&tmp, path, &mut dirty)?;
    sync_dirs(&mut dirty)
}
