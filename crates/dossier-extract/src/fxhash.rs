//! The hash of the extractor's word-keyed tables: the Fx hash of rustc, eight bytes per
//! multiply. Keys are short words looked up for every token or capitalised word, where
//! SipHash's DoS resistance buys nothing and its cost dominated; FNV's multiply per byte
//! was a tenth of the claim rules' instructions.

use std::hash::{BuildHasherDefault, Hasher};

/// Fx hasher for short string keys.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, v: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes at a time, then the rest in at most three steps (4, 2, 1 bytes) rather
        // than byte by byte: most keys are words shorter than eight bytes.
        let mut rest = bytes;
        while let Some((c, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*c));
            rest = tail;
        }
        if let Some((c, tail)) = rest.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*c)));
            rest = tail;
        }
        if let Some((c, tail)) = rest.split_first_chunk::<2>() {
            self.add(u64::from(u16::from_le_bytes(*c)));
            rest = tail;
        }
        if let Some(&b) = rest.first() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }
    fn finish(&self) -> u64 {
        // A product's low bits depend only on the input's low bits, and a table takes its
        // bucket from the low bits: rotate the well-mixed high bits down (as rustc-hash 2
        // does), or short words sharing a first letter would crowd the same buckets.
        self.0.rotate_left(26)
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;
