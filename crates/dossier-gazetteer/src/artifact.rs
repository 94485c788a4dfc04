//! Reading the artifact written by `tools/gazetteer/build.py` (layout documented there).
//!
//! Every read is bounds-checked: corrupt bytes give `None` or an error, never a panic.

use crate::{GazetteerError, Place};

const MAGIC: &[u8; 4] = b"DGAZ";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 44;
const RECORD_LEN: usize = 24;

/// Two-byte key prefixes (a missing second byte counts as 0, which sorts first).
const PREFIXES: usize = 1 << 16;

fn prefix_of(key: &[u8]) -> usize {
    let first = key.first().map_or(0, |&b| usize::from(b));
    let second = key.get(1).map_or(0, |&b| usize::from(b));
    first << 8 | second
}

/// For every two-byte prefix `p`, the number of blocks whose first key's prefix is below
/// `p`: a key with prefix `p` lies in a block between `starts[p] - 1` and `starts[p + 1]`,
/// so a lookup searches those few blocks instead of all of them.
///
/// It also keeps the first eight bytes of every block's first key in one dense array, so
/// the binary search compares integers in a small array rather than touching each probed
/// block (scattered over megabytes, a cache miss each).
#[derive(Debug)]
pub(crate) struct PrefixTable {
    starts: Vec<u32>,
    heads: Vec<u64>,
    /// Rules out most keys that are not there before any block is read.
    filter: KeyFilter,
}

/// A blocked Bloom filter over every key of the artifact: each key sets three bits of one
/// 64-bit word chosen by its hash, so asking costs one hash and one load.
///
/// Most lookups are misses (a capitalised word or a span of words that names no place),
/// and a miss otherwise costs a binary search and the decoding of a block scattered over
/// the 5 MB artifact (a cache miss or more). With 2^16 words (512 KiB) for the ~240,000 keys
/// a word holds three or four keys, and about one miss in 200 gets through to the search.
/// It never rejects a key that is there (tested over every key).
#[derive(Debug)]
pub(crate) struct KeyFilter {
    words: Vec<u64>,
}

const FILTER_WORDS: usize = 1 << 16;

/// The hash of a key's bytes before its final mix ([`finish_hash`]): FNV-1a, one byte at a
/// time, so that the filter's build can carry the hash of a front-coded key's shared prefix
/// over from the key before and hash only the bytes it adds.
const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

fn hash_step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The murmur3 finaliser: every bit of `h` reaches every bit of the result (FNV leaves the
/// high bits, which pick the filter's word, poorly mixed).
fn finish_hash(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

fn key_hash(key: &[u8]) -> u64 {
    finish_hash(key.iter().fold(HASH_START, |h, &b| hash_step(h, b)))
}

impl KeyFilter {
    /// The word a hash picks and the three bits it sets there.
    fn slot(h: u64) -> (usize, u64) {
        let word = (h >> 48) as usize & (FILTER_WORDS - 1);
        let mask = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63)) | (1u64 << ((h >> 12) & 63));
        (word, mask)
    }

    fn new() -> KeyFilter {
        KeyFilter {
            words: vec![0; FILTER_WORDS],
        }
    }

    /// A filter that lets every key through.
    fn everything() -> KeyFilter {
        KeyFilter {
            words: vec![u64::MAX; FILTER_WORDS],
        }
    }

    /// Adds the key whose [`key_hash`] is `h`.
    fn insert_hash(&mut self, h: u64) {
        let (w, mask) = Self::slot(h);
        self.words[w] |= mask;
    }

    /// False: `key` is certainly not in the artifact. True: it may be.
    fn may_contain(&self, key: &[u8]) -> bool {
        let (w, mask) = Self::slot(key_hash(key));
        self.words.get(w).is_some_and(|&bits| bits & mask == mask)
    }
}

/// The first eight bytes of a key as a big-endian integer, zero-padded: integers order as
/// the keys do, except that keys sharing eight bytes compare equal.
fn head_of(key: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = key.len().min(8);
    b[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(b)
}

impl PrefixTable {
    /// The entry for `key` in `artifact` (the one this table was built from).
    pub(crate) fn entry<'a>(&self, artifact: &Artifact<'a>, key: &[u8]) -> Option<Entry<'a>> {
        if !self.filter.may_contain(key) {
            return None;
        }
        let p = prefix_of(key);
        let at = |i: usize| self.starts.get(i).map_or(usize::MAX, |&s| s as usize);
        artifact.entry_between(key, at(p), at(p + 1), &self.heads)
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Artifact<'a> {
    places: &'a [u8],
    names: &'a [u8],
    block_index: &'a [u8],
    keys: &'a [u8],
    n_places: usize,
    n_blocks: usize,
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn varint(b: &[u8], pos: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

impl<'a> Artifact<'a> {
    pub(crate) fn parse(b: &'a [u8]) -> Result<Self, GazetteerError> {
        if b.len() < 4 || &b[..4] != MAGIC {
            return Err(GazetteerError::BadMagic);
        }
        let field = |i: usize| {
            u32_at(b, 4 + 4 * i)
                .map(|v| v as usize)
                .ok_or(GazetteerError::Corrupt("header"))
        };
        let version = field(0)? as u32;
        if version != VERSION {
            return Err(GazetteerError::Version(version));
        }
        let (n_places, _n_keys, n_blocks) = (field(1)?, field(2)?, field(3)?);
        let (places_off, names_off, block_off, keys_off, total) =
            (field(4)?, field(5)?, field(6)?, field(7)?, field(8)?);
        let ordered = HEADER_LEN <= places_off
            && places_off <= names_off
            && names_off <= block_off
            && block_off <= keys_off
            && keys_off <= total
            && total == b.len();
        if !ordered
            || names_off - places_off != n_places * RECORD_LEN
            || keys_off - block_off != n_blocks * 4
        {
            return Err(GazetteerError::Corrupt("section offsets"));
        }
        Ok(Artifact {
            places: &b[places_off..names_off],
            names: &b[names_off..block_off],
            block_index: &b[block_off..keys_off],
            keys: &b[keys_off..total],
            n_places,
            n_blocks,
        })
    }

    pub(crate) fn n_places(&self) -> usize {
        self.n_places
    }

    pub(crate) fn place(&self, index: usize) -> Option<PlaceRef<'a>> {
        let rec = self
            .places
            .get(index * RECORD_LEN..(index + 1) * RECORD_LEN)?;
        // The name is read when asked for: most callers want only the record's fields,
        // and reading (and checking) every candidate's name cost a cache miss and a UTF-8
        // check each.
        Some(PlaceRef {
            rec,
            names: self.names,
            index: index as u32,
        })
    }

    fn block(&self, i: usize) -> Option<&'a [u8]> {
        let start = u32_at(self.block_index, i * 4)? as usize;
        let end = if i + 1 < self.n_blocks {
            u32_at(self.block_index, (i + 1) * 4)? as usize
        } else {
            self.keys.len()
        };
        self.keys.get(start..end)
    }

    /// The first key of block `i` (stored whole).
    fn block_first_key(&self, i: usize) -> Option<&'a [u8]> {
        let b = self.block(i)?;
        let len = *b.get(1)? as usize;
        b.get(2..2 + len)
    }

    /// The entry for `key`, knowing that the last block whose first key is <= `key` is
    /// one of `lo - 1 .. hi`, with `heads` the blocks' [`head_of`] (or empty).
    pub(crate) fn entry_between(
        &self,
        key: &[u8],
        lo: usize,
        hi: usize,
        heads: &[u64],
    ) -> Option<Entry<'a>> {
        let head = head_of(key);
        // The last block whose first key is <= key.
        let (mut lo, mut hi) = (lo, hi.min(self.n_blocks));
        while lo < hi {
            let mid = (lo + hi) / 2;
            let below = match heads.get(mid) {
                Some(&h) if h != head => h < head,
                _ => self.block_first_key(mid)? <= key,
            };
            if below {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == 0 {
            return None;
        }
        self.find_in_block(lo - 1, key)
    }

    /// The entry for `key` in block `i`, if there.
    ///
    /// Keys are front-coded (each shares a prefix with the one before), so the search
    /// tracks `matched`, how long a prefix the previous key shares with `key`, and compares
    /// only the bytes a new key changes, never rebuilding keys.
    fn find_in_block(&self, i: usize, key: &[u8]) -> Option<Entry<'a>> {
        let mut matched = 0usize;
        let mut records = self.records(i)?;
        while let Some(r) = records.next() {
            if r.shared < matched {
                // This key leaves the previous one (which was below `key` and agreed with
                // it up to `matched`) earlier, upwards: it is above `key`.
                return None;
            }
            if r.shared > matched {
                // It agrees with the previous key beyond where that one fell below `key`.
                continue;
            }
            let rest = key.get(matched..)?;
            let common = r
                .suffix
                .iter()
                .zip(rest)
                .take_while(|(a, b)| a == b)
                .count();
            matched += common;
            match (r.suffix.get(common), rest.get(common)) {
                (None, None) => return records.entry(&r),
                // This key is a prefix of `key`, or below it at the first difference.
                (None, Some(_)) => {}
                (Some(x), Some(y)) if x < y => {}
                _ => return None,
            }
        }
        None
    }

    /// The key records of block `i` in order, decoded one at a time; they end at the
    /// block's end or at a malformed record.
    fn records(&self, i: usize) -> Option<KeyRecords<'a>> {
        Some(KeyRecords {
            block: self.block(i)?,
            pos: 0,
            artifact: *self,
        })
    }

    /// Builds the table of where blocks start by the first two bytes of their first key.
    pub(crate) fn prefix_table(&self) -> PrefixTable {
        let mut starts = vec![0u32; PREFIXES + 1];
        let mut block = 0usize;
        let firsts: Vec<usize> = (0..self.n_blocks)
            .map(|i| self.block_first_key(i).map_or(0, prefix_of))
            .collect();
        for (p, slot) in starts.iter_mut().enumerate() {
            while block < firsts.len() && firsts[block] < p {
                block += 1;
            }
            *slot = block as u32;
        }
        let heads = (0..self.n_blocks)
            .map(|i| self.block_first_key(i).map_or(0, head_of))
            .collect();
        // Every key, read once: about 5 ms for the embedded artifact, at the first lookup.
        // A block that does not read whole (corrupt bytes) turns the filter off rather than
        // have it disagree with the search.
        let mut filter = KeyFilter::new();
        // A key is at most 255 shared bytes and 255 more (both lengths are a u8). Entry 0
        // is never written, so one array serves every block.
        let mut prefix_hashes = [HASH_START; 511];
        for i in 0..self.n_blocks {
            if self
                .insert_block_keys(i, &mut prefix_hashes, &mut filter)
                .is_none()
            {
                filter = KeyFilter::everything();
                break;
            }
        }
        PrefixTable {
            starts,
            heads,
            filter,
        }
    }

    /// Adds every key of block `i` to `filter`; `None` if the block is corrupt.
    ///
    /// Keys are never rebuilt: `prefix_hashes[k]` is the unfinished hash of the current key's
    /// first `k` bytes, so a key hashes only the bytes it does not share with the one before
    /// (this keeps the filter's build, at the first lookup, to a few milliseconds).
    fn insert_block_keys(
        &self,
        i: usize,
        prefix_hashes: &mut [u64; 511],
        filter: &mut KeyFilter,
    ) -> Option<()> {
        let mut key_len = 0usize;
        for r in self.records(i)? {
            if r.shared > key_len {
                return None;
            }
            key_len = r.shared + r.suffix.len();
            let (before, after) = prefix_hashes.split_at_mut(r.shared + 1);
            let mut h = before[r.shared];
            for (slot, &b) in after.iter_mut().zip(r.suffix) {
                h = hash_step(h, b);
                *slot = h;
            }
            filter.insert_hash(finish_hash(h));
        }
        Some(())
    }

    /// Calls `f` with each key of block `i` and its entry until `f` returns false.
    fn scan_block(&self, i: usize, mut f: impl FnMut(&[u8], Entry<'a>) -> bool) -> Option<()> {
        // Keys are at most 255 bytes (the suffix length is a u8), so a stack buffer holds any.
        let mut key = [0u8; 512];
        let mut key_len = 0usize;
        let mut records = self.records(i)?;
        while let Some(r) = records.next() {
            if r.shared > key_len {
                return None;
            }
            key[r.shared..r.shared + r.suffix.len()].copy_from_slice(r.suffix);
            key_len = r.shared + r.suffix.len();
            if !f(&key[..key_len], records.entry(&r)?) {
                break;
            }
        }
        Some(())
    }

    pub(crate) fn iter_keys(&self) -> impl Iterator<Item = (String, Entry<'a>)> + '_ {
        (0..self.n_blocks).flat_map(move |i| {
            let mut out = Vec::new();
            self.scan_block(i, |k, e| {
                out.push((String::from_utf8_lossy(k).into_owned(), e));
                true
            });
            out
        })
    }
}

/// One front-coded key of a block: how many bytes it shares with the key before it and
/// its own bytes after those. Its entry is built only when asked for ([`KeyRecord::entry`]):
/// a search passes over most records.
struct KeyRecord<'a> {
    shared: usize,
    suffix: &'a [u8],
    flags: KeyFlags,
    count: u32,
    /// The postings' `[start, end)` in the block.
    postings: (usize, usize),
}

/// The key records of one block ([`Artifact::records`]).
struct KeyRecords<'a> {
    block: &'a [u8],
    pos: usize,
    artifact: Artifact<'a>,
}

impl<'a> KeyRecords<'a> {
    /// The entry of a record this iterator gave.
    fn entry(&self, r: &KeyRecord<'a>) -> Option<Entry<'a>> {
        Some(Entry {
            flags: r.flags,
            postings: Postings {
                bytes: self.block.get(r.postings.0..r.postings.1)?,
                pos: 0,
                left: r.count,
            },
            artifact: self.artifact,
        })
    }
}

impl<'a> Iterator for KeyRecords<'a> {
    type Item = KeyRecord<'a>;

    // Every gazetteer lookup runs this loop: inlined into `find_in_block` it costs what the
    // hand-written loop there did (callgrind: +0.4 % for the whole pipeline, +3 % without).
    #[inline(always)]
    fn next(&mut self) -> Option<KeyRecord<'a>> {
        let b = self.block;
        let mut pos = self.pos;
        if pos >= b.len() {
            return None;
        }
        let shared = *b.get(pos)? as usize;
        let len = *b.get(pos + 1)? as usize;
        let suffix = b.get(pos + 2..pos + 2 + len)?;
        pos += 2 + len;
        let flags = KeyFlags(*b.get(pos)?);
        pos += 1;
        let count = varint(b, &mut pos)?;
        let start = pos;
        // Skip the postings: `count` varints, each ending in a byte below 0x80.
        let mut left = count;
        while left > 0 {
            if *b.get(pos)? < 0x80 {
                left -= 1;
            }
            pos += 1;
        }
        self.pos = pos;
        Some(KeyRecord {
            shared,
            suffix,
            flags,
            count,
            postings: (start, pos),
        })
    }
}

/// What a key says about the word besides its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyFlags(u8);

impl KeyFlags {
    /// The folded name is also an English word ("human", "mobile", "march").
    pub fn english_word(self) -> bool {
        self.0 & 1 != 0
    }
    /// The folded name is a common given name ("austin", "florence").
    pub fn given_name(self) -> bool {
        self.0 & 2 != 0
    }
    /// A demonym or national adjective ("ukrainian"): names a country's context, not a place.
    pub fn demonym(self) -> bool {
        self.0 & 4 != 0
    }
    /// The folded name is a common surname ("kennedy", "clinton").
    pub fn surname(self) -> bool {
        self.0 & 8 != 0
    }
}

/// Everything filed under one folded key.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub flags: KeyFlags,
    postings: Postings<'a>,
    artifact: Artifact<'a>,
}

impl<'a> Entry<'a> {
    /// The places with this name, in gazetteer order.
    pub fn places(&self) -> impl Iterator<Item = PlaceRef<'a>> + 'a {
        let artifact = self.artifact;
        self.postings
            .filter_map(move |(i, main)| artifact.place(i as usize).map(|p| p.with_main(main)))
    }
}

/// Postings of a key: (place index, whether the key is the place's main name).
#[derive(Debug, Clone, Copy)]
pub struct Postings<'a> {
    bytes: &'a [u8],
    pos: usize,
    left: u32,
}

impl Iterator for Postings<'_> {
    type Item = (u32, bool);
    fn next(&mut self) -> Option<(u32, bool)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let v = varint(self.bytes, &mut self.pos)?;
        Some((v >> 1, v & 1 == 1))
    }
}

/// What kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    City,
    Admin1,
    Country,
}

impl Feature {
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::City => "city",
            Feature::Admin1 => "admin1",
            Feature::Country => "country",
        }
    }
}

/// A place, borrowed from the artifact.
#[derive(Debug, Clone, Copy)]
pub struct PlaceRef<'a> {
    rec: &'a [u8],
    /// The artifact's name section, where the record's name offset points.
    names: &'a [u8],
    index: u32,
}

impl<'a> PlaceRef<'a> {
    fn with_main(self, main: bool) -> Self {
        // The flag lives in the posting, not the record; keep it in the index's top bit.
        PlaceRef {
            index: self.index | if main { 1 << 31 } else { 0 },
            ..self
        }
    }
    fn field(&self, at: usize) -> u32 {
        u32::from_le_bytes([
            self.rec[at],
            self.rec[at + 1],
            self.rec[at + 2],
            self.rec[at + 3],
        ])
    }
    /// Index of this place in the gazetteer.
    pub fn index(&self) -> u32 {
        self.index & !(1 << 31)
    }
    /// Whether it was found by its main name (not an alternate), when it came from a lookup.
    pub fn by_main_name(&self) -> bool {
        self.index & (1 << 31) != 0
    }
    pub fn geonameid(&self) -> u32 {
        self.field(0)
    }
    pub fn lat(&self) -> f64 {
        f64::from(self.field(4) as i32) / 1e5
    }
    pub fn lon(&self) -> f64 {
        f64::from(self.field(8) as i32) / 1e5
    }
    pub fn population(&self) -> u64 {
        u64::from(self.field(12))
    }
    /// Its name ("" if the artifact's bytes for it are corrupt: the crate's tests check
    /// that every name in the embedded artifact reads).
    pub fn name(&self) -> &'a str {
        let at = self.field(16) as usize;
        let bytes = self
            .names
            .get(at)
            .and_then(|&len| self.names.get(at + 1..at + 1 + usize::from(len)));
        bytes
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
    /// ISO 3166-1 alpha-2 code.
    pub fn country(&self) -> &'a str {
        std::str::from_utf8(&self.rec[20..22]).unwrap_or("??")
    }
    pub fn feature(&self) -> Feature {
        match self.rec[22] {
            2 => Feature::Country,
            1 => Feature::Admin1,
            _ => Feature::City,
        }
    }
    pub fn to_place(&self) -> Place {
        Place {
            geonameid: self.geonameid(),
            name: self.name().to_string(),
            lat: self.lat(),
            lon: self.lon(),
            country: self.country().to_string(),
            feature: self.feature().as_str().to_string(),
            population: self.population(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> Artifact<'static> {
        Artifact::parse(crate::ARTIFACT).unwrap()
    }

    #[test]
    fn the_key_filter_lets_every_key_through() {
        let a = embedded();
        let table = a.prefix_table();
        let mut n = 0;
        for (key, _) in a.iter_keys() {
            assert!(table.filter.may_contain(key.as_bytes()), "{key:?}");
            n += 1;
        }
        assert!(n > 200_000, "{n} keys");
    }

    #[test]
    fn the_key_filter_rejects_most_strings_that_are_not_keys() {
        let a = embedded();
        let table = a.prefix_table();
        let keys: std::collections::HashSet<String> = a.iter_keys().map(|(k, _)| k).collect();
        // Keys with a letter added: near misses, as spans of words that name no place are.
        let probes: Vec<String> = keys
            .iter()
            .map(|k| format!("{k}x"))
            .filter(|p| !keys.contains(p))
            .collect();
        let passed = probes
            .iter()
            .filter(|p| table.filter.may_contain(p.as_bytes()))
            .count();
        assert!(
            passed * 50 < probes.len(),
            "{passed} of {} non-keys got through",
            probes.len()
        );
        // And the search behind it still says no to them.
        for p in probes.iter().step_by(97) {
            assert!(table.entry(&a, p.as_bytes()).is_none(), "{p:?}");
        }
    }

    #[test]
    fn the_open_filter_passes_everything_and_an_empty_one_nothing() {
        let filter = KeyFilter::everything();
        assert!(filter.may_contain(b"anything at all"));
        assert!(!KeyFilter::new().may_contain(b"kharkiv"));
    }
}
