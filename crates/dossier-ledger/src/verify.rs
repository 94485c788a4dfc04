//! Full verification of a ledger home: every blob, entry, tile and the checkpoint.
//!
//! Nothing is trusted: the checkpoint's signature is checked with `keys/log.vkey`; every entry
//! is re-hashed and the tree recomputed level by level from the entries, each stored tile
//! (full, partial, and older partial versions) compared with the recomputation, and the
//! recomputed root compared with the signed one; every blob file is re-hashed against its name
//! and every blob an entry refers to must exist with the recorded size. Each problem names the
//! file and, where there is one, the entry index.

use crate::blob::BlobStore;
use crate::checkpoint::Checkpoint;
use crate::entry::EntryRecord;
use crate::ledger::{layout, parse_bundle};
use crate::merkle::{Hash, fold_right_edge, leaf_hash, perfect_root};
use crate::note::{Note, Verifier};
use crate::tile::{TILE_WIDTH, TileId, TileKind};
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// The entry index concerned, when there is one.
    pub index: Option<u64>,
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(i) = self.index {
            write!(f, " (entry {i})")?;
        }
        write!(f, ": {}", self.what)
    }
}

/// The outcome of [`verify_home`].
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The tree size of the signed checkpoint (0 if it could not be read).
    pub size: u64,
    pub entries_checked: u64,
    pub tiles_checked: u64,
    pub blobs_checked: u64,
    pub problems: Vec<Problem>,
    /// Harmless observations (e.g. leftovers of an interrupted append beyond the checkpoint).
    pub notes: Vec<String>,
    /// Stored hashes that differ from the recomputation, with their tree level; attributed at
    /// the end to the tile or to the entries, depending on which side the signed root backs.
    hash_mismatches: Vec<(u8, Problem)>,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, path: impl Into<PathBuf>, index: Option<u64>, what: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            index,
            what: what.into(),
        });
    }
}

/// Verifies the ledger under `home` against the log key `vkey`.
pub fn verify_home(home: &Path, vkey: &Verifier) -> Report {
    let mut report = Report::default();
    let log_dir = home.join(layout::LOG);
    let blobs = BlobStore::new(home.join(layout::BLOBS));
    let mut referenced: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    if let Some(cp) = check_checkpoint(&log_dir, vkey, &mut report) {
        report.size = cp.size;
        check_log(&log_dir, &cp, &mut report, &mut referenced);
    }
    check_blobs(&blobs, &referenced, &mut report);
    report
}

fn check_checkpoint(log_dir: &Path, vkey: &Verifier, report: &mut Report) -> Option<Checkpoint> {
    let path = log_dir.join(layout::CHECKPOINT);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            report.problem(&path, None, format!("cannot read the checkpoint: {e}"));
            return None;
        }
    };
    let note = match Note::parse(&bytes) {
        Ok(n) => n,
        Err(e) => {
            report.problem(&path, None, e.to_string());
            return None;
        }
    };
    if let Err(e) = note.verify_by(vkey) {
        report.problem(&path, None, format!("signature check failed: {e}"));
        return None;
    }
    match Checkpoint::parse(&note.text) {
        Ok(cp) if cp.origin == vkey.name() => Some(cp),
        Ok(cp) => {
            report.problem(
                &path,
                None,
                format!("origin {:?} is not the log's", cp.origin),
            );
            None
        }
        Err(e) => {
            report.problem(&path, None, e.to_string());
            None
        }
    }
}

/// Lists the files of a tile directory tree as parsed ids (unparseable paths are problems).
fn list_tiles(log_dir: &Path, report: &mut Report) -> BTreeMap<TileId, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![log_dir.join("tile")];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(log_dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.contains(".tmp-") {
                report.notes.push(format!(
                    "{}: temp file of an interrupted append",
                    p.display()
                ));
                continue;
            }
            match TileId::parse(&rel) {
                Some(id) => {
                    out.insert(id, p);
                }
                None => report.problem(&p, None, "not a tlog-tiles file name"),
            }
        }
    }
    out
}

fn check_log(
    log_dir: &Path,
    cp: &Checkpoint,
    report: &mut Report,
    referenced: &mut BTreeMap<String, (u64, u64)>,
) {
    let size = cp.size;
    let mut files = list_tiles(log_dir, report);
    // Level by level, each level's hashes computed from the one below, starting from the entries.
    let mut edge_subtrees: Vec<Vec<Hash>> = Vec::new();
    // Entries → level 0.
    let bundles = size.div_ceil(TILE_WIDTH);
    let mut level0_partial = Vec::new();
    let mut next_level: Vec<Hash> = Vec::new();
    for b in 0..bundles {
        let width = if (b + 1) * TILE_WIDTH <= size {
            TILE_WIDTH
        } else {
            size % TILE_WIDTH
        } as u16;
        let id = TileId {
            kind: TileKind::Entries,
            index: b,
            width,
        };
        let path = log_dir.join(id.path());
        files.remove(&id);
        let first = b * TILE_WIDTH;
        let level0 = TileId {
            kind: TileKind::Level(0),
            index: b,
            width,
        };
        // When the bundle is damaged, carry on with the stored level-0 hashes (or zeros) so
        // that the levels above are still checked and every problem is reported.
        let fallback = |next_level: &mut Vec<Hash>, partial: &mut Vec<Hash>| {
            let stored = read_hash_file(&log_dir.join(level0.path()), width)
                .unwrap_or_else(|| vec![[0u8; 32]; usize::from(width)]);
            push_level0(&stored, width, next_level, partial);
        };
        let bytes = match fs::read(&path) {
            Ok(x) => x,
            Err(e) => {
                report.problem(
                    &path,
                    Some(first),
                    format!(
                        "entries {first}..{} unreadable: {e}",
                        first + u64::from(width)
                    ),
                );
                fallback(&mut next_level, &mut level0_partial);
                continue;
            }
        };
        let entries = match parse_bundle(&bytes, usize::from(width)) {
            Ok(e) => e,
            Err(why) => {
                report.problem(&path, Some(first), why);
                fallback(&mut next_level, &mut level0_partial);
                continue;
            }
        };
        let mut hashes = Vec::with_capacity(entries.len());
        for (k, e) in entries.iter().enumerate() {
            let index = first + k as u64;
            report.entries_checked += 1;
            hashes.push(leaf_hash(e));
            match EntryRecord::decode(e) {
                Ok(rec) => {
                    if let Some(blob) = rec.blob() {
                        referenced.entry(blob.sha256).or_insert((index, blob.size));
                    }
                    if let Some(l) = rec.links.iter().find(|&&l| l >= index) {
                        report.problem(&path, Some(index), format!("links to later entry {l}"));
                    }
                }
                Err(err) => {
                    report.problem(&path, Some(index), format!("entry does not decode: {err}"))
                }
            }
        }
        check_older_partials(
            TileKind::Entries,
            b,
            &bytes_prefixes(&entries),
            &mut files,
            report,
        );
        push_level0(&hashes, width, &mut next_level, &mut level0_partial);
        // Compare with the stored level-0 tile.
        check_hash_tile(log_dir, level0, &hashes, first, 0, &mut files, report);
    }
    edge_subtrees.push(level0_partial);
    // Upper levels.
    let mut level = 1u8;
    let mut current = next_level;
    loop {
        let count = size.checked_shr(8 * u32::from(level)).unwrap_or(0);
        if count == 0 {
            break;
        }
        let mut above = Vec::new();
        let mut partial = Vec::new();
        for (t, chunk) in current.chunks(TILE_WIDTH as usize).enumerate() {
            let id = TileId {
                kind: TileKind::Level(level),
                index: t as u64,
                width: chunk.len() as u16,
            };
            let first_entry = (t as u64 * TILE_WIDTH) << (8 * u32::from(level));
            check_hash_tile(log_dir, id, chunk, first_entry, level, &mut files, report);
            if chunk.len() as u64 == TILE_WIDTH {
                above.push(perfect_root(chunk));
            } else {
                partial = chunk.to_vec();
            }
        }
        edge_subtrees.push(partial);
        current = above;
        level += 1;
    }
    // The root recomputed from the entries must be the signed one.
    let mut subtrees = Vec::new();
    for tile in edge_subtrees.iter().rev() {
        let mut pos = 0usize;
        for bit in (0..8).rev() {
            let n = 1usize << bit;
            if tile.len() & n != 0 {
                subtrees.push(perfect_root(&tile[pos..pos + n]));
                pos += n;
            }
        }
    }
    let root_ok = fold_right_edge(&subtrees) == cp.root;
    attribute_mismatches(log_dir, size, root_ok, report);
    if !root_ok {
        report.problem(
            log_dir.join(layout::CHECKPOINT),
            None,
            "the root recomputed from the entries differs from the signed root (entries altered, removed or added)",
        );
    }
    // Whatever is left was not expected for this size.
    for (id, path) in files {
        let beyond = match id.kind {
            TileKind::Entries => id.index * TILE_WIDTH + u64::from(id.width) > size,
            TileKind::Level(l) => {
                let count = size.checked_shr(8 * u32::from(l)).unwrap_or(0);
                id.index * TILE_WIDTH + u64::from(id.width) > count
            }
        };
        if beyond {
            report.notes.push(format!(
                "{}: beyond the signed tree (left by an interrupted append)",
                path.display()
            ));
        } else {
            report.problem(&path, None, "unexpected tile for this tree size");
        }
    }
}

fn push_level0(hashes: &[Hash], width: u16, next_level: &mut Vec<Hash>, partial: &mut Vec<Hash>) {
    if u64::from(width) == TILE_WIDTH {
        next_level.push(perfect_root(hashes));
    } else {
        *partial = hashes.to_vec();
    }
}

/// The bundle bytes for the first `w` entries, for every `w` (to compare older partial bundles).
fn bytes_prefixes(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        out.extend_from_slice(e);
    }
    out
}

fn read_hash_file(path: &Path, width: u16) -> Option<Vec<Hash>> {
    let bytes = fs::read(path).ok()?;
    (bytes.len() == usize::from(width) * 32).then(|| {
        bytes
            .chunks_exact(32)
            .map(|c| c.try_into().expect("32"))
            .collect()
    })
}

/// Compares a stored hash tile (and its older partial versions) with the recomputed hashes.
fn check_hash_tile(
    log_dir: &Path,
    id: TileId,
    hashes: &[Hash],
    first_entry: u64,
    level: u8,
    files: &mut BTreeMap<TileId, PathBuf>,
    report: &mut Report,
) {
    let path = log_dir.join(id.path());
    files.remove(&id);
    report.tiles_checked += 1;
    let leaves_per_hash = 1u64 << (8 * u32::from(level));
    match fs::read(&path) {
        Err(e) => report.problem(&path, Some(first_entry), format!("tile unreadable: {e}")),
        Ok(bytes) if bytes.len() != hashes.len() * 32 => report.problem(
            &path,
            Some(first_entry),
            format!(
                "tile is {} bytes, expected {}",
                bytes.len(),
                hashes.len() * 32
            ),
        ),
        Ok(bytes) => {
            for (k, (stored, want)) in bytes.chunks_exact(32).zip(hashes).enumerate() {
                if stored != want {
                    report.hash_mismatches.push((
                        level,
                        Problem {
                            path: path.clone(),
                            index: Some(first_entry + k as u64 * leaves_per_hash),
                            what: format!(
                                "hash {k} differs from the one computed from the entries"
                            ),
                        },
                    ));
                }
            }
        }
    }
    let flat: Vec<u8> = hashes.concat();
    let mut per_width = Vec::new();
    for w in 1..=hashes.len() {
        per_width.push(w * 32);
    }
    check_older_partials_with(
        id.kind,
        id.index,
        &flat,
        &per_width,
        first_entry,
        leaves_per_hash,
        files,
        report,
    );
}

/// Attributes stored-hash mismatches: if the entries recompute to the signed root, the tiles
/// are wrong; otherwise the entries are, and the level-0 mismatches say which.
fn attribute_mismatches(log_dir: &Path, size: u64, root_ok: bool, report: &mut Report) {
    let mismatches = std::mem::take(&mut report.hash_mismatches);
    let at_level0: Vec<&Problem> = mismatches
        .iter()
        .filter(|(l, _)| *l == 0)
        .map(|(_, p)| p)
        .collect();
    if root_ok || at_level0.is_empty() {
        report
            .problems
            .extend(mismatches.iter().map(|(_, p)| p.clone()));
        return;
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in at_level0 {
        let index = p.index.expect("level-0 mismatches have an index");
        if !seen.insert(index) {
            continue;
        }
        let bundle = index / TILE_WIDTH;
        let width = if (bundle + 1) * TILE_WIDTH <= size {
            TILE_WIDTH
        } else {
            size % TILE_WIDTH
        } as u16;
        let path = log_dir.join(
            TileId {
                kind: TileKind::Entries,
                index: bundle,
                width,
            }
            .path(),
        );
        report.problem(
            path,
            Some(index),
            format!(
                "entry altered: it no longer hashes to the signed leaf kept in {}",
                p.path.display()
            ),
        );
    }
}

fn check_older_partials(
    kind: TileKind,
    index: u64,
    bundle: &[u8],
    files: &mut BTreeMap<TileId, PathBuf>,
    report: &mut Report,
) {
    // Byte length of the bundle prefix holding the first w entries.
    let mut ends = Vec::new();
    let mut pos = 0usize;
    while pos + 2 <= bundle.len() {
        let len = usize::from(u16::from_be_bytes([bundle[pos], bundle[pos + 1]]));
        pos += 2 + len;
        ends.push(pos);
    }
    check_older_partials_with(
        kind,
        index,
        bundle,
        &ends,
        index * TILE_WIDTH,
        1,
        files,
        report,
    );
}

/// Older partial versions `index.p/<w>` must be prefixes of the current content:
/// `ends[w-1]` is the byte length of the first `w` items of `content`.
#[allow(clippy::too_many_arguments)]
fn check_older_partials_with(
    kind: TileKind,
    index: u64,
    content: &[u8],
    ends: &[usize],
    first_entry: u64,
    leaves_per_item: u64,
    files: &mut BTreeMap<TileId, PathBuf>,
    report: &mut Report,
) {
    let older: Vec<TileId> = files
        .range(
            TileId {
                kind,
                index,
                width: 0,
            }..TileId {
                kind,
                index,
                width: u16::MAX,
            },
        )
        .map(|(id, _)| *id)
        .filter(|id| usize::from(id.width) < ends.len())
        .collect();
    for id in older {
        let path = files.remove(&id).expect("listed");
        report.tiles_checked += 1;
        let want = &content[..ends[usize::from(id.width) - 1]];
        match fs::read(&path) {
            Err(e) => report.problem(&path, Some(first_entry), format!("unreadable: {e}")),
            Ok(bytes) if bytes == want => {}
            Ok(bytes) => {
                let at = bytes
                    .iter()
                    .zip(want)
                    .position(|(a, b)| a != b)
                    .unwrap_or(bytes.len().min(want.len()));
                let item = ends.iter().position(|&e| e > at).unwrap_or(0) as u64;
                let problem = Problem {
                    path: path.clone(),
                    index: Some(first_entry + item * leaves_per_item),
                    what: format!("older partial tile differs from the current tile at byte {at}"),
                };
                match kind {
                    TileKind::Level(l) => report.hash_mismatches.push((l, problem)),
                    TileKind::Entries => report.problems.push(problem),
                }
            }
        }
    }
}

fn check_blobs(blobs: &BlobStore, referenced: &BTreeMap<String, (u64, u64)>, report: &mut Report) {
    let listed = match blobs.list() {
        Ok(l) => l,
        Err(e) => {
            report.problem(blobs.root(), None, e.to_string());
            return;
        }
    };
    let mut present = BTreeMap::new();
    for (name, path) in listed {
        let Some(name) = name else {
            report.problem(&path, None, "not a blob file name");
            continue;
        };
        report.blobs_checked += 1;
        let index = referenced.get(&name).map(|r| r.0);
        match BlobStore::hash_file(&path) {
            Ok((sha, size)) => {
                if sha != name {
                    report.problem(
                        &path,
                        index,
                        format!("content hashes to {sha}, not to its name"),
                    );
                } else if let Some(&(i, want)) = referenced.get(&name)
                    && want != size
                {
                    report.problem(&path, Some(i), format!("{size} bytes, entry says {want}"));
                }
            }
            Err(e) => report.problem(&path, index, e.to_string()),
        }
        present.insert(name, ());
    }
    for (sha, (index, _)) in referenced {
        if !present.contains_key(sha) {
            let path = blobs
                .path_of(sha)
                .unwrap_or_else(|_| blobs.root().join(sha));
            report.problem(path, Some(*index), "blob missing");
        }
    }
    if let Ok(rd) = fs::read_dir(blobs.root().join("tmp")) {
        for e in rd.flatten() {
            report.notes.push(format!(
                "{}: temp file of an interrupted store",
                e.path().display()
            ));
        }
    }
}
