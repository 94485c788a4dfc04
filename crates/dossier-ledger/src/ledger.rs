//! The ledger: blob store + tlog-tiles log + signing key under one home directory.

use crate::blob::BlobStore;
use crate::checkpoint::Checkpoint;
use crate::entry::{BlobRef, CustodyEvent, EntryRecord, MAX_ENTRY_SIZE, now_rfc3339};
use crate::error::{LedgerError, Result};
use crate::fsutil;
use crate::merkle::{
    self, Hash, SubtreeSource, empty_root, fold_right_edge, leaf_hash, perfect_root,
};
use crate::note::{ALG_ED25519, Note, NoteSignature, Signer, Verifier};
use crate::proof::TlogProof;
use crate::tile::{TILE_HEIGHT, TILE_WIDTH, TileId, TileKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// File and directory names under the home directory.
pub mod layout {
    /// The blob store.
    pub const BLOBS: &str = "blobs";
    /// The static tlog-tiles log directory (servable as is).
    pub const LOG: &str = "log";
    /// The checkpoint, inside [`LOG`].
    pub const CHECKPOINT: &str = "checkpoint";
    /// Keys: `log.key` (private, 0600) and `log.vkey`.
    pub const KEYS: &str = "keys";
    pub const PRIVATE_KEY: &str = "log.key";
    pub const VERIFIER_KEY: &str = "log.vkey";
    /// The writer lock file.
    pub const LOCK: &str = "ledger.lock";
    /// Where files found beyond the checkpoint are moved when a writer opens the ledger.
    pub const RECOVERED: &str = "recovered";
    /// The right edge of the current tree, a cache for proofs (checked before use).
    pub const EDGE_CACHE: &str = "cache/edge";
}

/// Read access to a log directory at one committed size: gives complete subtree hashes from
/// the tiles (for proofs) and entries from the bundles.
#[derive(Debug, Clone)]
pub struct TileSource<'a> {
    pub log_dir: &'a Path,
    pub size: u64,
}

/// A [`TileSource`] that keeps the tiles it reads, with their inner nodes, in a [`TileCache`]
/// (see there for why). Proofs from it are the same, only faster.
#[derive(Debug, Clone)]
pub struct CachedTileSource<'a> {
    pub source: TileSource<'a>,
    pub cache: &'a TileCache,
}

/// A hash tile with every complete inner node: `levels[r]` holds the nodes of height `r`
/// within the tile (so `levels[0]` is the stored hashes).
#[derive(Debug)]
struct TileTree {
    levels: Vec<Vec<Hash>>,
}

impl TileTree {
    fn build(hashes: Vec<Hash>) -> TileTree {
        let mut levels = vec![hashes];
        while levels.last().expect("non-empty").len() > 1 {
            let next: Vec<Hash> = levels
                .last()
                .expect("non-empty")
                .chunks_exact(2)
                .map(|p| merkle::node_hash(&p[0], &p[1]))
                .collect();
            levels.push(next);
        }
        TileTree { levels }
    }
}

/// A bounded cache of hash tiles and their inner nodes, for proof generation. Committed tiles
/// never change (a tile file is keyed by level, index and width), so entries never go stale.
/// Why: a proof needs up to eight sibling subtrees per tile level, each the root of up to 128
/// stored hashes; reading each tile once and keeping its inner nodes turns that into lookups.
#[derive(Debug, Default)]
pub struct TileCache {
    tiles: std::sync::Mutex<std::collections::HashMap<(u8, u64, u16), std::sync::Arc<TileTree>>>,
    edge: std::sync::Mutex<Option<RightEdge>>,
}

/// The complete subtrees at the right edge of the tree of `size`, as ((height, index), hash).
#[derive(Debug)]
struct RightEdge {
    size: u64,
    subtrees: Vec<((u8, u64), Hash)>,
}

impl TileCache {
    /// At most this many tiles (about 16 KiB each) are kept; the cache is emptied when full.
    pub const CAPACITY: usize = 4096;

    /// Remembers the right-edge subtree hashes of the tree of `size` whose root is `root`,
    /// if they are exactly that tree's right edge and fold to that root; returns whether they
    /// were accepted. Why: every proof for that size needs hashes of ranges that end at the
    /// edge, which would otherwise be recomputed from the partial tiles at every level.
    pub fn set_edge(&self, size: u64, root: &Hash, subtrees: &[Hash]) -> bool {
        let positions = merkle::right_edge(size);
        if positions.len() != subtrees.len() || merkle::fold_right_edge(subtrees) != *root {
            return false;
        }
        let subtrees = positions
            .into_iter()
            .zip(subtrees.iter().copied())
            .collect();
        *self.edge.lock().expect("cache lock") = Some(RightEdge { size, subtrees });
        true
    }

    fn edge_hash(&self, size: u64, height: u8, index: u64) -> Option<Hash> {
        let edge = self.edge.lock().expect("cache lock");
        let edge = edge.as_ref().filter(|e| e.size == size)?;
        edge.subtrees
            .iter()
            .find(|(pos, _)| *pos == (height, index))
            .map(|(_, h)| *h)
    }
}

impl<'a> TileSource<'a> {
    /// A source reading the tiles of the tree of `size` entries under `log_dir`.
    pub fn new(log_dir: &'a Path, size: u64) -> TileSource<'a> {
        TileSource { log_dir, size }
    }

    /// The same source, keeping tiles in `cache`.
    pub fn with_cache(self, cache: &'a TileCache) -> CachedTileSource<'a> {
        CachedTileSource {
            source: self,
            cache,
        }
    }
}

impl CachedTileSource<'_> {
    /// Hash tile `index` at `level`, with inner nodes, from the cache or the disk.
    fn tile_tree(&self, level: u8, index: u64) -> Result<std::sync::Arc<TileTree>> {
        let src = &self.source;
        let kind = TileKind::Level(level);
        let width = src.width(kind, index).ok_or_else(|| LedgerError::Corrupt {
            path: src.log_dir.to_path_buf(),
            why: format!("no tile {index} at level {level} in a tree of {}", src.size),
        })?;
        let key = (level, index, width);
        if let Some(t) = self.cache.tiles.lock().expect("cache lock").get(&key) {
            return Ok(t.clone());
        }
        let hashes = src.read_hashes(level, index, 0, usize::from(width))?;
        let tree = std::sync::Arc::new(TileTree::build(hashes));
        let mut tiles = self.cache.tiles.lock().expect("cache lock");
        if tiles.len() >= TileCache::CAPACITY {
            tiles.clear();
        }
        tiles.insert(key, tree.clone());
        Ok(tree)
    }

    /// The raw bytes of entry `index`.
    pub fn entry(&self, index: u64) -> Result<Vec<u8>> {
        self.source.entry(index)
    }
}

impl SubtreeSource for CachedTileSource<'_> {
    type Error = LedgerError;
    fn subtree(&self, height: u8, index: u64) -> Result<Hash> {
        if let Some(h) = self.cache.edge_hash(self.source.size, height, index) {
            return Ok(h);
        }
        let r = height % TILE_HEIGHT;
        let first = index << r;
        let tree = self.tile_tree(height / TILE_HEIGHT, first / TILE_WIDTH)?;
        let node = ((first % TILE_WIDTH) >> r) as usize;
        tree.levels
            .get(usize::from(r))
            .and_then(|l| l.get(node))
            .copied()
            .ok_or_else(|| LedgerError::Corrupt {
                path: self.source.log_dir.to_path_buf(),
                why: format!("subtree {index} of height {height} is not complete in its tile"),
            })
    }
}

impl TileSource<'_> {
    /// The width of tile `index` at `kind` for this tree size.
    fn width(&self, kind: TileKind, index: u64) -> Option<u16> {
        let count = match kind {
            TileKind::Entries => self.size,
            TileKind::Level(l) => self.size.checked_shr(u32::from(l) * 8).unwrap_or(0),
        };
        let full = count / TILE_WIDTH;
        if index < full {
            Some(TILE_WIDTH as u16)
        } else if index == full && count % TILE_WIDTH > 0 {
            Some((count % TILE_WIDTH) as u16)
        } else {
            None
        }
    }

    /// The path of the committed tile `index` of `kind`.
    pub fn tile_path(&self, kind: TileKind, index: u64) -> Option<PathBuf> {
        let width = self.width(kind, index)?;
        Some(self.log_dir.join(TileId { kind, index, width }.path()))
    }

    /// Reads `count` hashes from position `offset` of hash tile `index` at `level`.
    fn read_hashes(&self, level: u8, index: u64, offset: usize, count: usize) -> Result<Vec<Hash>> {
        let kind = TileKind::Level(level);
        let width = self
            .width(kind, index)
            .ok_or_else(|| LedgerError::Corrupt {
                path: self.log_dir.to_path_buf(),
                why: format!(
                    "no tile {index} at level {level} in a tree of {}",
                    self.size
                ),
            })?;
        let path = self.tile_path(kind, index).expect("width exists");
        if offset + count > usize::from(width) {
            return Err(LedgerError::Corrupt {
                path,
                why: format!("hashes {offset}..{} are beyond the tile", offset + count),
            });
        }
        let mut f = File::open(&path).map_err(LedgerError::io(&path))?;
        f.seek(SeekFrom::Start(offset as u64 * 32))
            .map_err(LedgerError::io(&path))?;
        let mut buf = vec![0u8; count * 32];
        f.read_exact(&mut buf).map_err(|e| LedgerError::Corrupt {
            path: path.clone(),
            why: format!("tile shorter than expected: {e}"),
        })?;
        Ok(buf
            .chunks_exact(32)
            .map(|c| c.try_into().expect("32 bytes"))
            .collect())
    }

    /// Reads the entry bundle `index` and splits it into entries.
    pub fn read_bundle(&self, index: u64) -> Result<Vec<Vec<u8>>> {
        let width =
            self.width(TileKind::Entries, index)
                .ok_or_else(|| LedgerError::NoSuchEntry {
                    index: index * TILE_WIDTH,
                    size: self.size,
                })?;
        let path = self
            .tile_path(TileKind::Entries, index)
            .expect("width exists");
        let bytes = fs::read(&path).map_err(LedgerError::io(&path))?;
        parse_bundle(&bytes, usize::from(width)).map_err(|why| LedgerError::Corrupt { path, why })
    }

    /// The raw bytes of entry `index`.
    pub fn entry(&self, index: u64) -> Result<Vec<u8>> {
        if index >= self.size {
            return Err(LedgerError::NoSuchEntry {
                index,
                size: self.size,
            });
        }
        let mut bundle = self.read_bundle(index / TILE_WIDTH)?;
        Ok(bundle.swap_remove((index % TILE_WIDTH) as usize))
    }
}

impl SubtreeSource for TileSource<'_> {
    type Error = LedgerError;
    fn subtree(&self, height: u8, index: u64) -> Result<Hash> {
        let level = height / TILE_HEIGHT;
        let r = height % TILE_HEIGHT;
        let first = index << r;
        let hashes = self.read_hashes(
            level,
            first / TILE_WIDTH,
            (first % TILE_WIDTH) as usize,
            1usize << r,
        )?;
        Ok(perfect_root(&hashes))
    }
}

/// Splits an entry bundle into exactly `count` entries (big-endian u16 length + bytes each).
pub fn parse_bundle(bytes: &[u8], count: usize) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::with_capacity(count);
    let mut pos = 0usize;
    while pos < bytes.len() {
        if pos + 2 > bytes.len() {
            return Err(format!("truncated length at byte {pos}"));
        }
        let len = usize::from(u16::from_be_bytes([bytes[pos], bytes[pos + 1]]));
        pos += 2;
        if pos + len > bytes.len() {
            return Err(format!(
                "entry {} (bundle position) truncated at byte {}",
                out.len(),
                bytes.len()
            ));
        }
        out.push(bytes[pos..pos + len].to_vec());
        pos += len;
    }
    if out.len() != count {
        return Err(format!("holds {} entries, expected {count}", out.len()));
    }
    Ok(out)
}

/// A read-only view of a ledger (for servers and verification): no lock, no private key.
/// [`LedgerReader::refresh`] picks up appends made by the writer since opening.
#[derive(Debug, Clone)]
pub struct LedgerReader {
    home: PathBuf,
    log_dir: PathBuf,
    blobs: BlobStore,
    vkey: Verifier,
    checkpoint_note: String,
    checkpoint: Checkpoint,
    tile_cache: std::sync::Arc<TileCache>,
}

impl LedgerReader {
    /// Opens an existing ledger read-only. The checkpoint must verify with `keys/log.vkey`.
    pub fn open(home: impl AsRef<Path>) -> Result<LedgerReader> {
        let home = home.as_ref().to_path_buf();
        let vkey_path = home.join(layout::KEYS).join(layout::VERIFIER_KEY);
        let vkey_text = fs::read_to_string(&vkey_path).map_err(LedgerError::io(&vkey_path))?;
        let vkey = Verifier::parse(vkey_text.trim()).map_err(|source| LedgerError::Note {
            path: vkey_path.clone(),
            source,
        })?;
        let log_dir = home.join(layout::LOG);
        let (checkpoint_note, checkpoint) = read_checkpoint(&log_dir, &vkey)?;
        let reader = LedgerReader {
            blobs: BlobStore::new(home.join(layout::BLOBS)),
            home,
            log_dir,
            vkey,
            checkpoint_note,
            checkpoint,
            tile_cache: Default::default(),
        };
        reader.load_edge_file();
        Ok(reader)
    }

    /// Loads `<home>/cache/edge` (written by the writer after each append) into the tile cache
    /// when it matches the current checkpoint; otherwise proofs compute the edge from tiles.
    fn load_edge_file(&self) {
        if let Ok(text) = fs::read_to_string(self.home.join(layout::EDGE_CACHE)) {
            let mut lines = text.lines();
            if lines.next().and_then(|l| l.parse::<u64>().ok()) == Some(self.checkpoint.size) {
                let hashes: Option<Vec<Hash>> = lines
                    .map(|l| {
                        use base64::Engine;
                        base64::engine::general_purpose::STANDARD
                            .decode(l)
                            .ok()
                            .and_then(|b| b.try_into().ok())
                    })
                    .collect();
                if let Some(h) = hashes {
                    self.tile_cache
                        .set_edge(self.checkpoint.size, &self.checkpoint.root, &h);
                }
            }
        }
    }

    /// Re-reads the checkpoint; refuses one that is not a consistent extension of the last.
    pub fn refresh(&mut self) -> Result<()> {
        let (note, cp) = read_checkpoint(&self.log_dir, &self.vkey)?;
        if cp.size < self.checkpoint.size {
            return Err(LedgerError::Inconsistent(format!(
                "the checkpoint went back from {} to {} entries",
                self.checkpoint.size, cp.size
            )));
        }
        if self.checkpoint.size > 0 {
            let src = TileSource::new(&self.log_dir, cp.size);
            let proof = merkle::consistency_proof(&src, self.checkpoint.size, cp.size)?;
            merkle::verify_consistency(
                self.checkpoint.size,
                cp.size,
                &proof,
                &self.checkpoint.root,
                &cp.root,
            )
            .map_err(|e| LedgerError::Inconsistent(e.to_string()))?;
        }
        self.checkpoint_note = note;
        self.checkpoint = cp;
        self.load_edge_file();
        Ok(())
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn log_dir(&self) -> &Path {
        &self.log_dir
    }

    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// The log's verifier key.
    pub fn verifier(&self) -> &Verifier {
        &self.vkey
    }

    /// The number of entries in the log (at the last checkpoint).
    pub fn size(&self) -> u64 {
        self.checkpoint.size
    }

    /// The current checkpoint body.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// The current signed checkpoint note, with any cosignatures, as stored.
    pub fn checkpoint_note(&self) -> &str {
        &self.checkpoint_note
    }

    fn source(&self) -> CachedTileSource<'_> {
        TileSource::new(&self.log_dir, self.checkpoint.size).with_cache(&self.tile_cache)
    }

    /// The raw bytes of entry `index` (its leaf hash is `SHA-256(0x00 || bytes)`).
    pub fn entry(&self, index: u64) -> Result<Vec<u8>> {
        self.source().entry(index)
    }

    /// Entry `index`, decoded.
    pub fn record(&self, index: u64) -> Result<EntryRecord> {
        let bytes = self.entry(index)?;
        EntryRecord::decode(&bytes).map_err(|source| LedgerError::Entry { index, source })
    }

    /// The inclusion proof hashes of `index` in the tree of `size` (`index < size <= self.size()`).
    pub fn inclusion_hashes(&self, index: u64, size: u64) -> Result<Vec<Hash>> {
        if size > self.size() || index >= size {
            return Err(LedgerError::NoSuchEntry { index, size });
        }
        merkle::inclusion_proof(&self.source(), index, size)
    }

    /// A c2sp.org/tlog-proof@v1 file proving entry `index` against the current checkpoint.
    pub fn proof(&self, index: u64) -> Result<String> {
        let hashes = self.inclusion_hashes(index, self.size())?;
        Ok(TlogProof {
            extra: None,
            index,
            hashes,
            checkpoint: self.checkpoint_note.clone(),
        }
        .to_text())
    }

    /// The consistency proof between tree sizes `old` and `new` (`0 < old <= new <= size`).
    pub fn consistency(&self, old: u64, new: u64) -> Result<Vec<Hash>> {
        if old == 0 || old > new || new > self.size() {
            return Err(LedgerError::Invalid(format!(
                "a consistency proof needs 0 < OLD <= NEW <= {} (got {old} and {new})",
                self.size()
            )));
        }
        merkle::consistency_proof(&self.source(), old, new)
    }

    /// The root hash of the tree of the first `size` entries (`size <= self.size()`).
    pub fn root_at(&self, size: u64) -> Result<Hash> {
        if size > self.size() {
            return Err(LedgerError::Invalid(format!(
                "the log has {} entries, not {size}",
                self.size()
            )));
        }
        if size == 0 {
            return Ok(empty_root());
        }
        self.source().range_hash(0, size)
    }

    /// Checks every blob, entry, tile and the checkpoint; see [`crate::verify`].
    pub fn verify(&self) -> crate::verify::Report {
        crate::verify::verify_home(&self.home, &self.vkey)
    }
}

fn read_checkpoint(log_dir: &Path, vkey: &Verifier) -> Result<(String, Checkpoint)> {
    let path = log_dir.join(layout::CHECKPOINT);
    let bytes = fs::read(&path).map_err(LedgerError::io(&path))?;
    let note = Note::parse(&bytes).map_err(|source| LedgerError::Note {
        path: path.clone(),
        source,
    })?;
    note.verify_by(vkey).map_err(|source| LedgerError::Note {
        path: path.clone(),
        source,
    })?;
    let cp = Checkpoint::parse(&note.text).map_err(|source| LedgerError::Checkpoint {
        path: path.clone(),
        source,
    })?;
    if cp.origin != vkey.name() {
        return Err(LedgerError::Corrupt {
            path,
            why: format!(
                "origin {:?} is not the key name {:?}",
                cp.origin,
                vkey.name()
            ),
        });
    }
    Ok((String::from_utf8(bytes).expect("parsed as UTF-8"), cp))
}

/// Options for creating a ledger on first use.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The log's origin (and key name) when the ledger is created; default
    /// `dossier.local/log-<8 random hex digits>`. Ignored for an existing ledger.
    pub origin: Option<String>,
    /// Fail with [`LedgerError::Locked`] instead of waiting for another writer.
    pub no_wait: bool,
}

/// The right edge of the tree: the partial tile at each level and the partial entry bundle.
#[derive(Debug, Clone, Default)]
struct Edge {
    levels: Vec<Vec<Hash>>,
    bundle: Vec<u8>,
}

impl Edge {
    fn root(&self) -> Hash {
        fold_right_edge(&self.subtrees())
    }

    /// The complete subtrees of the tree, left to right (see [`merkle::right_edge`]).
    fn subtrees(&self) -> Vec<Hash> {
        let mut subtrees = Vec::new();
        for tile in self.levels.iter().rev() {
            let mut pos = 0usize;
            for bit in (0..8).rev() {
                let n = 1usize << bit;
                if tile.len() & n != 0 {
                    subtrees.push(perfect_root(&tile[pos..pos + n]));
                    pos += n;
                }
            }
        }
        subtrees
    }
}

/// The writer: owns the lock and the signing key. Reads go through [`Ledger::reader`].
///
/// Every append is durable when it returns: new tiles and bundles are written to temp files,
/// fsynced and renamed into place, their directories fsynced, and only then is the new
/// checkpoint signed (after checking it is consistent with the previous one) and atomically
/// replaced. Files covered by a signed checkpoint are never modified. A crash leaves at most
/// unreferenced tiles beyond the checkpoint, which the next writer moves to `recovered/` when
/// it opens the ledger.
#[derive(Debug)]
pub struct Ledger {
    reader: LedgerReader,
    signer: Signer,
    edge: Edge,
    _lock: File,
}

impl Ledger {
    /// Opens (creating on first use) the ledger in `home`, waiting for the writer lock.
    pub fn open(home: impl AsRef<Path>) -> Result<Ledger> {
        Ledger::open_with(home, &OpenOptions::default())
    }

    pub fn open_with(home: impl AsRef<Path>, options: &OpenOptions) -> Result<Ledger> {
        use fs4::fs_std::FileExt;
        let home = home.as_ref();
        fs::create_dir_all(home).map_err(LedgerError::io(home))?;
        let lock_path = home.join(layout::LOCK);
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(LedgerError::io(&lock_path))?;
        if options.no_wait {
            match lock.try_lock_exclusive() {
                Ok(true) => {}
                Ok(false) => return Err(LedgerError::Locked(lock_path)),
                Err(e) => return Err(LedgerError::io(&lock_path)(e)),
            }
        } else {
            lock.lock_exclusive().map_err(LedgerError::io(&lock_path))?;
        }
        let signer = load_or_create_key(home, options)?;
        let log_dir = home.join(layout::LOG);
        let checkpoint_path = log_dir.join(layout::CHECKPOINT);
        if !checkpoint_path.exists() {
            if log_dir.join("tile").exists() {
                return Err(LedgerError::Corrupt {
                    path: checkpoint_path,
                    why: "missing, but the log has tiles (deleted checkpoint?)".into(),
                });
            }
            let cp = Checkpoint {
                origin: signer.name().to_string(),
                size: 0,
                root: empty_root(),
                extensions: vec![],
            };
            let note = signer
                .sign_note(&cp.to_text())
                .map_err(|e| LedgerError::Invalid(e.to_string()))?;
            fsutil::write_atomic(&checkpoint_path, note.as_bytes())
                .map_err(LedgerError::io(&checkpoint_path))?;
        }
        let reader = LedgerReader::open(home)?;
        let mut ledger = Ledger {
            reader,
            signer,
            edge: Edge::default(),
            _lock: lock,
        };
        ledger.load_edge()?;
        ledger.set_aside_uncommitted()?;
        let (size, root) = (ledger.size(), ledger.reader.checkpoint.root);
        ledger
            .reader
            .tile_cache
            .set_edge(size, &root, &ledger.edge.subtrees());
        Ok(ledger)
    }

    /// Moves aside what an interrupted append left beyond the signed checkpoint: tiles and
    /// bundles past the committed size (which the next append would otherwise mix with new
    /// ones) and temp files, into `<home>/recovered/` (see [`quarantine`]). Only the right edge
    /// is examined, so this costs a few directory reads.
    fn set_aside_uncommitted(&mut self) -> Result<()> {
        let size = self.size();
        let log_dir = self.reader.log_dir.clone();
        let home = self.reader.home.clone();
        let mut dirty = BTreeSet::new();
        let mut kinds = vec![TileKind::Entries];
        kinds.extend((0..64u8).map(TileKind::Level));
        for kind in kinds {
            let kind_dir = log_dir.join(
                TileId {
                    kind,
                    index: 0,
                    width: 1,
                }
                .path(),
            );
            let kind_dir = kind_dir
                .ancestors()
                .nth(2)
                .expect("tile paths have a kind directory")
                .to_path_buf();
            if !kind_dir.is_dir() {
                if matches!(kind, TileKind::Level(_)) {
                    break;
                }
                continue;
            }
            let count = match kind {
                TileKind::Entries => size,
                TileKind::Level(l) => size.checked_shr(u32::from(l) * 8).unwrap_or(0),
            };
            let (edge, committed_width) = (count / TILE_WIDTH, (count % TILE_WIDTH) as u16);
            let mut index = edge;
            loop {
                let full = log_dir.join(
                    TileId {
                        kind,
                        index,
                        width: TILE_WIDTH as u16,
                    }
                    .path(),
                );
                let partial_dir = full.with_file_name(format!(
                    "{}.p",
                    full.file_name().expect("named").to_string_lossy()
                ));
                let keep_width = if index == edge { committed_width } else { 0 };
                let mut found = false;
                if full.exists() {
                    found = true;
                    // A full tile at the edge is uncommitted (the edge tile is partial or absent).
                    quarantine(&home, &log_dir, &full, &mut dirty)?;
                }
                if let Ok(rd) = fs::read_dir(&partial_dir) {
                    found = true;
                    for e in rd.flatten() {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let stale = match name.parse::<u16>() {
                            Ok(w) => w > keep_width,
                            Err(_) => name.contains(".tmp-"),
                        };
                        if stale {
                            quarantine(&home, &log_dir, &e.path(), &mut dirty)?;
                        }
                    }
                }
                if !found && index > edge {
                    break;
                }
                index += 1;
            }
        }
        fsutil::sync_dirs(&mut dirty).map_err(LedgerError::io(&log_dir))?;
        Ok(())
    }

    /// Reads the right edge of the committed tree and checks it against the checkpoint.
    fn load_edge(&mut self) -> Result<()> {
        let size = self.reader.size();
        let src = TileSource::new(&self.reader.log_dir, size);
        let mut edge = Edge::default();
        if size > 0 {
            for level in 0..=crate::tile::top_level(size) {
                let count = size >> (8 * u32::from(level));
                let width = (count % TILE_WIDTH) as usize;
                let hashes = if width > 0 {
                    src.read_hashes(level, count / TILE_WIDTH, 0, width)?
                } else {
                    Vec::new()
                };
                edge.levels.push(hashes);
            }
            let width = (size % TILE_WIDTH) as usize;
            if width > 0 {
                let entries = src.read_bundle(size / TILE_WIDTH)?;
                let path = src
                    .tile_path(TileKind::Entries, size / TILE_WIDTH)
                    .expect("partial bundle exists");
                for (i, e) in entries.iter().enumerate() {
                    if leaf_hash(e) != edge.levels[0][i] {
                        return Err(LedgerError::Corrupt {
                            path,
                            why: format!(
                                "entry {} does not match its hash in tile level 0",
                                size - width as u64 + i as u64
                            ),
                        });
                    }
                    push_bundle(&mut edge.bundle, e);
                }
            }
        }
        if edge.root() != self.reader.checkpoint.root {
            return Err(LedgerError::Corrupt {
                path: self.reader.log_dir.join(layout::CHECKPOINT),
                why: "the tiles at the right edge of the log do not match the signed root".into(),
            });
        }
        self.edge = edge;
        Ok(())
    }

    /// Read access (proofs, entries, verification) at the writer's current checkpoint.
    pub fn reader(&self) -> &LedgerReader {
        &self.reader
    }

    /// The number of entries in the log.
    pub fn size(&self) -> u64 {
        self.reader.size()
    }

    /// The log's verifier key in vkey format.
    pub fn verifier_key(&self) -> String {
        self.reader.vkey.to_vkey()
    }

    /// The current signed checkpoint note.
    pub fn checkpoint(&self) -> &str {
        self.reader.checkpoint_note()
    }

    /// A tlog-proof@v1 file for entry `index` against the current checkpoint.
    pub fn proof(&self, index: u64) -> Result<String> {
        self.reader.proof(index)
    }

    /// Checks everything under the home directory.
    pub fn verify(&self) -> crate::verify::Report {
        self.reader.verify()
    }

    /// Streams a file into the blob store (constant memory; durable when it returns).
    pub fn store_blob(&self, reader: impl Read) -> Result<BlobRef> {
        Ok(self.reader.blobs.put(reader)?)
    }

    /// Streams several files into the blob store, syncing them together (much faster than
    /// one [`Ledger::store_blob`] each on disks where fsync is slow); durable when it returns.
    pub fn store_blobs<R: Read>(
        &self,
        readers: impl IntoIterator<Item = R>,
    ) -> Result<Vec<BlobRef>> {
        Ok(self.reader.blobs.put_batch(readers)?)
    }

    /// Appends entries as one batch and returns their indices. Durable when it returns: the
    /// entries are in tiles on disk and under a signed checkpoint. Each record is validated:
    /// its blob must be in the store with the recorded size, and links must point to earlier
    /// entries.
    pub fn append(&mut self, records: &[EntryRecord]) -> Result<Vec<u64>> {
        let start = self.size();
        let mut encoded = Vec::with_capacity(records.len());
        for (position, r) in records.iter().enumerate() {
            let index = start + position as u64;
            if let Some(&bad) = r.links.iter().find(|&&l| l >= index) {
                return Err(LedgerError::Invalid(format!(
                    "record {position} of the batch (index {index}) links to {bad}, which is not an earlier entry"
                )));
            }
            if let Some(blob) = r.blob() {
                let path = self.reader.blobs.path_of(&blob.sha256)?;
                match fs::metadata(&path) {
                    Ok(m) if m.len() == blob.size => {}
                    Ok(m) => {
                        return Err(LedgerError::Invalid(format!(
                            "record {position} of the batch: blob {} is {} bytes in the store, the record says {}",
                            blob.sha256,
                            m.len(),
                            blob.size
                        )));
                    }
                    Err(_) => {
                        return Err(LedgerError::Invalid(format!(
                            "record {position} of the batch: blob {} is not in the store (store_blob first)",
                            blob.sha256
                        )));
                    }
                }
            }
            encoded.push(
                r.encode()
                    .map_err(|source| LedgerError::Record { position, source })?,
            );
        }
        self.append_raw(&encoded)
    }

    /// Appends already-encoded entries (each at most 65,535 bytes) without interpreting them.
    pub fn append_raw(&mut self, entries: &[Vec<u8>]) -> Result<Vec<u64>> {
        for (position, e) in entries.iter().enumerate() {
            if e.len() > MAX_ENTRY_SIZE {
                return Err(LedgerError::Record {
                    position,
                    source: crate::entry::EntryError::TooLarge(e.len()),
                });
            }
        }
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let result = self.append_inner(entries);
        if result.is_err() {
            // The in-memory edge may be ahead of the disk; go back to the committed state.
            if let Ok(r) = LedgerReader::open(&self.reader.home) {
                self.reader = r;
            }
            let _ = self.load_edge();
        }
        result
    }

    fn append_inner(&mut self, entries: &[Vec<u8>]) -> Result<Vec<u64>> {
        let old_size = self.size();
        let old_root = self.reader.checkpoint.root;
        let mut files: BTreeMap<TileId, Vec<u8>> = BTreeMap::new();
        let mut size = old_size;
        for e in entries {
            push_bundle(&mut self.edge.bundle, e);
            size += 1;
            if size % TILE_WIDTH == 0 {
                files.insert(
                    TileId {
                        kind: TileKind::Entries,
                        index: size / TILE_WIDTH - 1,
                        width: TILE_WIDTH as u16,
                    },
                    std::mem::take(&mut self.edge.bundle),
                );
            }
            let mut hash = leaf_hash(e);
            let mut level = 0usize;
            loop {
                if self.edge.levels.len() <= level {
                    self.edge.levels.push(Vec::new());
                }
                self.edge.levels[level].push(hash);
                if self.edge.levels[level].len() < TILE_WIDTH as usize {
                    break;
                }
                let tile = std::mem::take(&mut self.edge.levels[level]);
                let count = size >> (8 * level);
                files.insert(
                    TileId {
                        kind: TileKind::Level(level as u8),
                        index: count / TILE_WIDTH - 1,
                        width: TILE_WIDTH as u16,
                    },
                    tile.concat(),
                );
                hash = perfect_root(&tile);
                level += 1;
            }
        }
        for (level, tile) in self.edge.levels.iter().enumerate() {
            if !tile.is_empty() {
                let count = size >> (8 * level);
                files.insert(
                    TileId {
                        kind: TileKind::Level(level as u8),
                        index: count / TILE_WIDTH,
                        width: tile.len() as u16,
                    },
                    tile.concat(),
                );
            }
        }
        if size % TILE_WIDTH != 0 {
            files.insert(
                TileId {
                    kind: TileKind::Entries,
                    index: size / TILE_WIDTH,
                    width: (size % TILE_WIDTH) as u16,
                },
                self.edge.bundle.clone(),
            );
        }
        // 1. Tiles and bundles: temp files, fsynced, renamed, directories fsynced.
        let log_dir = self.reader.log_dir.clone();
        let mut dirty = BTreeSet::new();
        let mut temps = Vec::with_capacity(files.len());
        for (id, bytes) in &files {
            let path = log_dir.join(id.path());
            let parent = path.parent().expect("tile paths have parents");
            fsutil::create_dirs(parent, &mut dirty).map_err(LedgerError::io(parent))?;
            let tmp = fsutil::write_temp_unsynced(&path, bytes).map_err(LedgerError::io(&path))?;
            temps.push((tmp, path));
        }
        let temp_paths: Vec<PathBuf> = temps.iter().map(|(t, _)| t.clone()).collect();
        fsutil::sync_paths(&temp_paths).map_err(LedgerError::io(&log_dir))?;
        for (tmp, path) in &temps {
            fsutil::commit_temp(tmp, path, &mut dirty).map_err(LedgerError::io(path))?;
        }
        fsutil::sync_dirs(&mut dirty).map_err(LedgerError::io(&log_dir))?;
        // 2. Never sign a tree that does not extend the previous one: prove it from disk.
        let new_root = self.edge.root();
        if old_size > 0 {
            let src = TileSource::new(&log_dir, size);
            let proof = merkle::consistency_proof(&src, old_size, size)?;
            merkle::verify_consistency(old_size, size, &proof, &old_root, &new_root)
                .map_err(|e| LedgerError::Inconsistent(e.to_string()))?;
        }
        // 3. The new checkpoint, atomically.
        let cp = Checkpoint {
            origin: self.signer.name().to_string(),
            size,
            root: new_root,
            extensions: vec![],
        };
        let note = self
            .signer
            .sign_note(&cp.to_text())
            .map_err(|e| LedgerError::Invalid(e.to_string()))?;
        let cp_path = log_dir.join(layout::CHECKPOINT);
        fsutil::write_atomic(&cp_path, note.as_bytes()).map_err(LedgerError::io(&cp_path))?;
        self.reader.checkpoint = cp;
        self.reader.checkpoint_note = note;
        self.publish_edge();
        Ok((old_size..size).collect())
    }

    /// Hands the right edge of the new tree to readers: this process's reader directly, other
    /// processes through `<home>/cache/edge`. The file is only a cache (not synced; readers
    /// check it against the signed root and ignore it when it does not match), so failing to
    /// write it is not an error.
    fn publish_edge(&mut self) {
        let size = self.size();
        let root = self.reader.checkpoint.root;
        let subtrees = self.edge.subtrees();
        self.reader.tile_cache.set_edge(size, &root, &subtrees);
        let mut text = format!("{size}\n");
        for h in &subtrees {
            text.push_str(&merkle::encode_hash(h));
            text.push('\n');
        }
        let path = self.reader.home.join(layout::EDGE_CACHE);
        let _ = path
            .parent()
            .map(fs::create_dir_all)
            .transpose()
            .and_then(|_| {
                let tmp = fsutil::write_temp_unsynced(&path, text.as_bytes())?;
                fs::rename(tmp, &path)
            });
    }

    /// Logs a chain-of-custody event about earlier entries and returns its index.
    pub fn record_custody(
        &mut self,
        event: CustodyEvent,
        subjects: Vec<u64>,
        actor: Option<String>,
        note: Option<String>,
    ) -> Result<u64> {
        for &s in &subjects {
            if s >= self.size() {
                return Err(LedgerError::NoSuchEntry {
                    index: s,
                    size: self.size(),
                });
            }
        }
        let mut rec = EntryRecord::custody(event, subjects);
        rec.collected_at = Some(now_rfc3339());
        rec.collector = actor;
        rec.note = note;
        rec.tool = Some(tool_name());
        Ok(self.append(&[rec])?[0])
    }

    /// Adds a witness cosignature line to the current checkpoint after checking it with the
    /// witness's key. The checkpoint file is replaced atomically; its signed text is unchanged.
    pub fn add_cosignature(&mut self, line: &str, witness: &Verifier) -> Result<()> {
        let cp_path = self.reader.log_dir.join(layout::CHECKPOINT);
        let sig = NoteSignature::parse_line(line.trim_end_matches('\n')).map_err(|source| {
            LedgerError::Note {
                path: PathBuf::from("<cosignature>"),
                source,
            }
        })?;
        let mut note = Note::parse(self.reader.checkpoint_note.as_bytes()).map_err(|source| {
            LedgerError::Note {
                path: cp_path.clone(),
                source,
            }
        })?;
        let mut trial = note.clone();
        trial.signatures = vec![sig.clone()];
        let ok = trial
            .verify(&[witness])
            .map_err(|source| LedgerError::Note {
                path: PathBuf::from("<cosignature>"),
                source,
            })?;
        if ok.is_empty() {
            return Err(LedgerError::Invalid(format!(
                "the cosignature is not by {}",
                witness.to_vkey()
            )));
        }
        if !note.signatures.contains(&sig) {
            note.signatures.push(sig);
        }
        let text = note.to_text();
        fsutil::write_atomic(&cp_path, text.as_bytes()).map_err(LedgerError::io(&cp_path))?;
        self.reader.checkpoint_note = text;
        Ok(())
    }
}

/// Moves a file left beyond the checkpoint out of the log into
/// `<home>/recovered/<unix seconds>-<pid>/<path in the log>`. Why not delete: in an evidence store
/// nothing is destroyed; if the checkpoint was rolled back by someone rather than an append
/// interrupted, the newer tiles are kept for examination.
fn quarantine(
    home: &Path,
    log_dir: &Path,
    path: &Path,
    dirty: &mut BTreeSet<PathBuf>,
) -> Result<()> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let rel = path.strip_prefix(log_dir).unwrap_or(path);
    let dest = home
        .join(layout::RECOVERED)
        .join(format!("{secs}-{}", std::process::id()))
        .join(rel);
    let parent = dest.parent().expect("recovered paths have parents");
    fsutil::create_dirs(parent, dirty).map_err(LedgerError::io(parent))?;
    fs::rename(path, &dest).map_err(LedgerError::io(path))?;
    dirty.insert(parent.to_path_buf());
    dirty.insert(
        path.parent()
            .expect("tile paths have parents")
            .to_path_buf(),
    );
    Ok(())
}

/// `dossier-ledger <version>`, recorded as the tool in entries the ledger writes itself.
pub fn tool_name() -> String {
    format!("dossier-ledger {}", env!("CARGO_PKG_VERSION"))
}

fn push_bundle(bundle: &mut Vec<u8>, entry: &[u8]) {
    bundle.extend_from_slice(&(entry.len() as u16).to_be_bytes());
    bundle.extend_from_slice(entry);
}

fn load_or_create_key(home: &Path, options: &OpenOptions) -> Result<Signer> {
    let keys = home.join(layout::KEYS);
    let private = keys.join(layout::PRIVATE_KEY);
    let public = keys.join(layout::VERIFIER_KEY);
    if private.exists() {
        let text = fs::read_to_string(&private).map_err(LedgerError::io(&private))?;
        let signer = Signer::parse(text.trim()).map_err(|source| LedgerError::Note {
            path: private.clone(),
            source,
        })?;
        match fs::read_to_string(&public) {
            Ok(vkey) if vkey.trim() == signer.verifier().to_vkey() => {}
            Ok(_) => {
                return Err(LedgerError::Corrupt {
                    path: public,
                    why: format!("is not the verifier key of {}", private.display()),
                });
            }
            // Key creation was interrupted after the private key was in place.
            Err(_) => fsutil::write_atomic(
                &public,
                format!("{}\n", signer.verifier().to_vkey()).as_bytes(),
            )
            .map_err(LedgerError::io(&public))?,
        }
        return Ok(signer);
    }
    // Never replace the key of an existing log: its checkpoints and everyone's proofs are
    // bound to it. (Creation writes the private key first, so a crash cannot get here with a
    // verifier key or checkpoint already written.)
    let checkpoint = home.join(layout::LOG).join(layout::CHECKPOINT);
    if public.exists() || checkpoint.exists() {
        return Err(LedgerError::Corrupt {
            path: private,
            why: "missing, but the log already exists; restore the signing key from a backup \
                  (a new key would not match the log's checkpoints)"
                .into(),
        });
    }
    let origin = match &options.origin {
        Some(o) => o.clone(),
        None => {
            let mut r = [0u8; 4];
            getrandom::fill(&mut r).map_err(|e| LedgerError::Invalid(e.to_string()))?;
            format!("dossier.local/log-{}", hex::encode(r))
        }
    };
    let signer = Signer::generate(&origin, ALG_ED25519)
        .map_err(|e| LedgerError::Invalid(format!("log origin {origin:?}: {e}")))?;
    create_private_dir(&keys)?;
    write_private_file(
        &private,
        format!("{}\n", signer.to_private_string()).as_bytes(),
    )?;
    fsutil::write_atomic(
        &public,
        format!("{}\n", signer.verifier().to_vkey()).as_bytes(),
    )
    .map_err(LedgerError::io(&public))?;
    Ok(signer)
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(LedgerError::io(dir))
}

/// Writes a file readable only by its owner, atomically and durably.
fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = fsutil::temp_path(path);
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(LedgerError::io(&tmp))?;
    f.write_all(bytes).map_err(LedgerError::io(&tmp))?;
    f.sync_all().map_err(LedgerError::io(&tmp))?;
    fs::rename(&tmp, path).map_err(LedgerError::io(path))?;
    let parent = path.parent().expect("key files have a parent");
    fsutil::sync_dir(parent).map_err(LedgerError::io(parent))
}
