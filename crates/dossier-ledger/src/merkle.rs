//! RFC 6962 / RFC 9162 Merkle tree hashing, proof generation and proof verification.
//!
//! Hashing: a leaf is `SHA-256(0x00 || entry)`, an interior node `SHA-256(0x01 || left ||
//! right)`, and the empty tree `SHA-256("")`.
//!
//! Proofs are *generated* from a [`SubtreeSource`], anything that can give the hash of a
//! complete, aligned subtree (the tile store does this from its tiles), and *verified* with
//! [`verify_inclusion`] and [`verify_consistency`], which take hashes as raw byte slices so that
//! malformed input (empty or short hashes) can be rejected with a precise error.
//!
//! # Verification policy for the cases where verifiers disagree
//!
//! Implementations differ on a few edge cases (see the transparency-dev/merkle test vectors).
//! Dossier's policy, tested against every vector in `../shared/vectors/merkle`:
//!
//! - **Hash lengths.** The leaf hash, the root of an inclusion proof and every proof element
//!   must be exactly 32 bytes; anything else is [`ProofError::BadHashLength`]. Roots given to
//!   [`verify_consistency`] are compared byte for byte without a length check when the two sizes
//!   are equal (there is nothing to hash); when a proof is hashed, both roots must be 32 bytes.
//!   Checkpoints, the only place roots come from in Dossier, always carry 32-byte roots.
//! - **Size-0 trees.** No inclusion proof exists in an empty tree. A consistency proof *from*
//!   size 0 proves nothing (every tree extends the empty tree), so it is refused
//!   ([`ProofError::EmptyTree`]), including 0 → 0. Callers that hold a size-0 checkpoint
//!   need no proof.
//! - **Equal sizes.** For `size1 == size2 > 0` the proof must be empty and the roots equal.
//! - **Order.** `size1 > size2` is an error, as is an index at or beyond the tree size.
//! - **Garbage.** A proof with elements left over, or too few, is an error: the proof
//!   must have exactly the length the sizes imply.
//! - **Subtrees** (Merkle Tree Certificates subtree proofs, [`verify_subtree_inclusion`] and
//!   [`verify_subtree_consistency`]): the range must be a valid subtree and lie inside the
//!   tree. An empty subtree is contained in any tree exactly when its claimed hash is
//!   `SHA-256("")` and the proof is empty: unlike a size-0 *checkpoint*, whose root says nothing
//!   about the log, an empty subtree's hash is fixed by definition, so it can be checked.
//!   Subtree inclusion needs a non-empty subtree.

use sha2::{Digest, Sha256};
use thiserror::Error;

/// A SHA-256 hash: of a leaf, of an interior node, or of a whole tree.
pub type Hash = [u8; 32];

/// The size in bytes of every hash in the tree.
pub const HASH_SIZE: usize = 32;

/// Why a Merkle proof was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProofError {
    #[error("index {index} is not below tree size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("tree size {size1} is larger than tree size {size2}")]
    SizesReversed { size1: u64, size2: u64 },
    #[error("a proof about the empty tree proves nothing")]
    EmptyTree,
    #[error("{what} is {len} bytes, not 32")]
    BadHashLength { what: &'static str, len: usize },
    #[error("the proof has {got} hashes, the tree sizes need {want}")]
    WrongProofLength { got: usize, want: usize },
    #[error("{start}..{end} is not a valid subtree")]
    InvalidSubtree { start: u64, end: u64 },
    #[error("the proof does not lead to the expected root")]
    RootMismatch,
}

/// A hash in standard base64, as checkpoints and proofs write it.
pub fn encode_hash(hash: &Hash) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(hash)
}

/// Decodes a base64 hash as written in proofs (any length: checked where it is used).
pub fn decode_hash(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

/// `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
///
/// Why not `Sha256::digest`: proofs from tiles hash hundreds of interior nodes, and the 65-byte
/// message always pads to the same two blocks, so they are laid out here and fed straight to
/// the compression function, skipping the streaming API's buffering.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    use sha2::digest::generic_array::GenericArray;
    const IV: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut blocks = [GenericArray::default(), GenericArray::default()];
    blocks[0][0] = 1;
    blocks[0][1..33].copy_from_slice(left);
    blocks[0][33..64].copy_from_slice(&right[..31]);
    blocks[1][0] = right[31];
    blocks[1][1] = 0x80;
    // Message length in bits, big-endian, at the end of the last block: 65 * 8 = 520.
    blocks[1][62] = 0x02;
    blocks[1][63] = 0x08;
    let mut state = IV;
    sha2::compress256(&mut state, &blocks);
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// The root of the empty tree, `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The root of a tree given all of its leaf hashes (in memory; for small trees and tests).
pub fn root_of_leaves(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split_point(n as u64) as usize;
            node_hash(&root_of_leaves(&leaves[..k]), &root_of_leaves(&leaves[k..]))
        }
    }
}

/// The root of a complete subtree whose `2^h` leaf-level hashes are given (`hashes.len()` must
/// be a power of two).
pub fn perfect_root(hashes: &[Hash]) -> Hash {
    debug_assert!(hashes.len().is_power_of_two());
    if hashes.len() == 1 {
        return hashes[0];
    }
    let mut level: Vec<Hash> = hashes.chunks(2).map(|p| node_hash(&p[0], &p[1])).collect();
    while level.len() > 1 {
        level = level.chunks(2).map(|p| node_hash(&p[0], &p[1])).collect();
    }
    level[0]
}

/// The largest power of two strictly below `n` (`n >= 2`): where RFC 6962 splits a tree.
pub fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The decomposition of a tree of `size` leaves into complete subtrees, left to right, as
/// `(height, index)` pairs: the subtree covers leaves `index << height .. (index + 1) << height`.
pub fn right_edge(size: u64) -> Vec<(u8, u64)> {
    let mut out = Vec::new();
    let mut pos = 0u64;
    for h in (0..64u8).rev() {
        if size & (1u64 << h) != 0 {
            out.push((h, pos >> h));
            pos += 1u64 << h;
        }
    }
    out
}

/// Folds complete-subtree hashes (left to right) into the RFC 6962 root of their union.
pub fn fold_right_edge(subtrees: &[Hash]) -> Hash {
    match subtrees.split_last() {
        None => empty_root(),
        Some((last, rest)) => rest.iter().rev().fold(*last, |acc, s| node_hash(s, &acc)),
    }
}

/// Something that can give the hash of a complete subtree of the log: the subtree of height
/// `height` and index `index` covers leaves `index << height .. (index + 1) << height`.
pub trait SubtreeSource {
    type Error;
    fn subtree(&self, height: u8, index: u64) -> Result<Hash, Self::Error>;

    /// The RFC 6962 hash of leaves `start..end`, where `start` is a multiple of the largest
    /// power of two not above `end - start` (always the case for the ranges proofs use).
    fn range_hash(&self, start: u64, end: u64) -> Result<Hash, Self::Error> {
        let mut hashes = Vec::new();
        let mut pos = start;
        let n = end - start;
        for h in (0..64u8).rev() {
            if n & (1u64 << h) != 0 {
                hashes.push(self.subtree(h, pos >> h)?);
                pos += 1u64 << h;
            }
        }
        Ok(fold_right_edge(&hashes))
    }
}

/// An in-memory source over all leaf hashes (tests and small trees).
impl SubtreeSource for [Hash] {
    type Error = std::convert::Infallible;
    fn subtree(&self, height: u8, index: u64) -> Result<Hash, Self::Error> {
        let start = (index << height) as usize;
        Ok(perfect_root(&self[start..start + (1usize << height)]))
    }
}

/// The inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree of size `size`,
/// deepest sibling first. The caller checks `index < size`.
pub fn inclusion_proof<S: SubtreeSource + ?Sized>(
    source: &S,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, S::Error> {
    let mut proof = Vec::new();
    let (mut start, mut end) = (0u64, size);
    // Walk down from the root, remembering the sibling of each step; reverse at the end.
    while end - start > 1 {
        let k = split_point(end - start);
        if index < start + k {
            proof.push(source.range_hash(start + k, end)?);
            end = start + k;
        } else {
            proof.push(source.range_hash(start, start + k)?);
            start += k;
        }
    }
    proof.reverse();
    Ok(proof)
}

/// The consistency proof (RFC 9162 §2.1.4.1) between sizes `old` and `new`,
/// `0 < old <= new`. Equal sizes give an empty proof.
pub fn consistency_proof<S: SubtreeSource + ?Sized>(
    source: &S,
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, S::Error> {
    let mut proof = Vec::new();
    let (mut start, mut end, mut m) = (0u64, new, old);
    let mut complete = true;
    while m != end - start {
        let n = end - start;
        let k = split_point(n);
        if m <= k {
            proof.push(source.range_hash(start + k, end)?);
            end = start + k;
        } else {
            proof.push(source.range_hash(start, start + k)?);
            start += k;
            m -= k;
            complete = false;
        }
    }
    if !complete {
        proof.push(source.range_hash(start, end)?);
    }
    proof.reverse();
    Ok(proof)
}

fn hash32(what: &'static str, bytes: &[u8]) -> Result<Hash, ProofError> {
    bytes.try_into().map_err(|_| ProofError::BadHashLength {
        what,
        len: bytes.len(),
    })
}

/// The number of hashes an inclusion proof for `index` in a tree of `size` has.
fn inclusion_len(index: u64, size: u64) -> usize {
    let inner = 64 - (index ^ (size - 1)).leading_zeros();
    let border = (index >> inner).count_ones();
    (inner + border) as usize
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2) of `leaf_hash` at `index` in the tree of
/// `size` whose root is `root`. See the module docs for the policy on edge cases.
pub fn verify_inclusion<P: AsRef<[u8]>>(
    index: u64,
    size: u64,
    leaf_hash: &[u8],
    proof: &[P],
    root: &[u8],
) -> Result<(), ProofError> {
    let got = root_from_inclusion(index, size, leaf_hash, proof)?;
    let root = hash32("root", root)?;
    if got == root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

/// The root that an inclusion proof leads to (the proof is checked for shape, not for root).
pub fn root_from_inclusion<P: AsRef<[u8]>>(
    index: u64,
    size: u64,
    leaf_hash: &[u8],
    proof: &[P],
) -> Result<Hash, ProofError> {
    if size == 0 {
        return Err(ProofError::EmptyTree);
    }
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let want = inclusion_len(index, size);
    if proof.len() != want {
        return Err(ProofError::WrongProofLength {
            got: proof.len(),
            want,
        });
    }
    let mut r = hash32("leaf hash", leaf_hash)?;
    let (mut fnode, mut snode) = (index, size - 1);
    for p in proof {
        let p = hash32("proof hash", p.as_ref())?;
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(&p, &r);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, &p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    debug_assert_eq!(snode, 0);
    Ok(r)
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2) that the tree of `size2` with root `root2`
/// extends the tree of `size1` with root `root1`. See the module docs for the edge-case policy.
pub fn verify_consistency<P: AsRef<[u8]>>(
    size1: u64,
    size2: u64,
    proof: &[P],
    root1: &[u8],
    root2: &[u8],
) -> Result<(), ProofError> {
    if size1 > size2 {
        return Err(ProofError::SizesReversed { size1, size2 });
    }
    if size1 == 0 {
        return Err(ProofError::EmptyTree);
    }
    if size1 == size2 {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength {
                got: proof.len(),
                want: 0,
            });
        }
        return if root1 == root2 {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    let root1 = hash32("old root", root1)?;
    let root2 = hash32("new root", root2)?;
    if consistency_new_root(size1, size2, proof, &root1)? == root2 {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

/// The number of hashes in a consistency proof between `0 < size1 < size2`.
fn consistency_len(size1: u64, size2: u64) -> usize {
    let shift = (size1 - 1).trailing_ones();
    let fnode = (size1 - 1) >> shift;
    let snode = (size2 - 1) >> shift;
    let inner = 64 - (fnode ^ snode).leading_zeros();
    let border = (fnode >> inner).count_ones();
    (inner + border) as usize + usize::from(!size1.is_power_of_two())
}

/// Runs the RFC 9162 §2.1.4.2 consistency check for `0 < size1 < size2`: checks that the
/// proof leads to `root1` and returns the new root it leads to.
fn consistency_new_root<P: AsRef<[u8]>>(
    size1: u64,
    size2: u64,
    proof: &[P],
    root1: &Hash,
) -> Result<Hash, ProofError> {
    let want = consistency_len(size1, size2);
    if proof.len() != want {
        return Err(ProofError::WrongProofLength {
            got: proof.len(),
            want,
        });
    }
    let shift = (size1 - 1).trailing_ones();
    let mut fnode = (size1 - 1) >> shift;
    let mut snode = (size2 - 1) >> shift;
    let mut hashes = Vec::with_capacity(proof.len() + 1);
    if size1.is_power_of_two() {
        hashes.push(*root1);
    }
    for p in proof {
        hashes.push(hash32("proof hash", p.as_ref())?);
    }
    let (mut fr, mut sr) = (hashes[0], hashes[0]);
    for c in &hashes[1..] {
        if snode == 0 {
            return Err(ProofError::WrongProofLength {
                got: proof.len(),
                want,
            });
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 || fr != *root1 {
        return Err(ProofError::RootMismatch);
    }
    Ok(sr)
}

/// Whether `start..end` is a subtree in the sense of Merkle Tree Certificates
/// (draft-ietf-plants-merkle-tree-certs §4.1): `start <= end` and `start` is a multiple of the
/// smallest power of two not below `end - start`. The empty range is a (degenerate) subtree.
pub fn is_valid_subtree(start: u64, end: u64) -> bool {
    if start > end {
        return false;
    }
    let size = u128::from(end - start);
    let ceil = size.max(1).next_power_of_two();
    u128::from(start) % ceil == 0
}

/// Checks a proof that leaf `index` is in the subtree `start..end`, whose hash is `root`
/// (an inclusion proof inside the subtree). The subtree must be valid and non-empty.
pub fn verify_subtree_inclusion<P: AsRef<[u8]>>(
    index: u64,
    start: u64,
    end: u64,
    leaf_hash: &[u8],
    proof: &[P],
    root: &[u8],
) -> Result<(), ProofError> {
    if start >= end || !is_valid_subtree(start, end) {
        return Err(ProofError::InvalidSubtree { start, end });
    }
    if index < start || index >= end {
        return Err(ProofError::IndexOutOfRange { index, size: end });
    }
    verify_inclusion(index - start, end - start, leaf_hash, proof, root)
}

/// The steps from the root of a tree of `size` down to the node where subtree `start..end`
/// begins: (went left?) per step, top first, and the range `lo..hi` reached, with
/// `lo == start`. From there the proof is an ordinary consistency proof of `end - lo` leaves
/// in the `hi - lo` leaves of that node.
fn subtree_path(start: u64, end: u64, size: u64) -> (Vec<bool>, u64, u64) {
    let (mut lo, mut hi) = (0u64, size);
    let mut steps = Vec::new();
    while lo < start {
        let k = split_point(hi - lo);
        if end <= lo + k {
            steps.push(true);
            hi = lo + k;
        } else {
            steps.push(false);
            lo += k;
        }
    }
    (steps, lo, hi)
}

/// The proof that subtree `start..end` (valid, non-empty, `end <= size`) is part of the
/// tree of `size` leaves: a consistency proof inside the node where the subtree begins, then
/// the siblings on the way up to the root.
pub fn subtree_consistency_proof<S: SubtreeSource + ?Sized>(
    source: &S,
    start: u64,
    end: u64,
    size: u64,
) -> Result<Vec<Hash>, S::Error> {
    let (steps, lo, hi) = subtree_path(start, end, size);
    let shifted = Shifted { source, offset: lo };
    let mut proof = consistency_proof(&shifted, end - lo, hi - lo)?;
    // Siblings, deepest first.
    let (mut a, mut b) = (0u64, size);
    let mut siblings = Vec::new();
    for &left in &steps {
        let k = split_point(b - a);
        if left {
            siblings.push(source.range_hash(a + k, b)?);
            b = a + k;
        } else {
            siblings.push(source.range_hash(a, a + k)?);
            a += k;
        }
    }
    siblings.reverse();
    proof.extend(siblings);
    Ok(proof)
}

/// A source whose leaf 0 is leaf `offset` of another (`offset` aligned for every use here).
struct Shifted<'a, S: ?Sized> {
    source: &'a S,
    offset: u64,
}

impl<S: SubtreeSource + ?Sized> SubtreeSource for Shifted<'_, S> {
    type Error = S::Error;
    fn subtree(&self, height: u8, index: u64) -> Result<Hash, S::Error> {
        self.source.subtree(height, index + (self.offset >> height))
    }
}

/// Checks a subtree consistency proof: that the subtree `start..end` with hash `root1` is part
/// of the tree of `size` leaves with root `root2`. An empty subtree is vacuously contained
/// when its hash is the empty-tree hash and the proof is empty.
pub fn verify_subtree_consistency<P: AsRef<[u8]>>(
    start: u64,
    end: u64,
    size: u64,
    proof: &[P],
    root1: &[u8],
    root2: &[u8],
) -> Result<(), ProofError> {
    if !is_valid_subtree(start, end) {
        return Err(ProofError::InvalidSubtree { start, end });
    }
    if end > size {
        return Err(ProofError::SizesReversed {
            size1: end,
            size2: size,
        });
    }
    if start == end {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength {
                got: proof.len(),
                want: 0,
            });
        }
        return if root1 == empty_root() {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    let (steps, lo, hi) = subtree_path(start, end, size);
    let m = end - lo;
    let n = hi - lo;
    let inner_len = if m == n { 0 } else { consistency_len(m, n) };
    if proof.len() != inner_len + steps.len() {
        return Err(ProofError::WrongProofLength {
            got: proof.len(),
            want: inner_len + steps.len(),
        });
    }
    let (inner, siblings) = proof.split_at(inner_len);
    let mut node = if m == n {
        if steps.is_empty() {
            // The subtree is the whole tree: compare the roots as given.
            return if root1 == root2 {
                Ok(())
            } else {
                Err(ProofError::RootMismatch)
            };
        }
        hash32("subtree root", root1)?
    } else {
        let root1 = hash32("subtree root", root1)?;
        consistency_new_root(m, n, inner, &root1)?
    };
    for (sib, &left) in siblings.iter().zip(steps.iter().rev()) {
        let sib = hash32("proof hash", sib.as_ref())?;
        node = if left {
            node_hash(&node, &sib)
        } else {
            node_hash(&sib, &node)
        };
    }
    if node == hash32("tree root", root2)? {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn proofs_round_trip_for_every_small_tree() {
        for size in 1..=40u64 {
            let l = leaves(size as usize);
            let root = root_of_leaves(&l);
            for i in 0..size {
                let p = inclusion_proof(&l[..], i, size).unwrap();
                verify_inclusion(i, size, &l[i as usize], &p, &root)
                    .unwrap_or_else(|e| panic!("inclusion {i} of {size}: {e}"));
                let wrong = leaf_hash(b"other");
                assert!(verify_inclusion(i, size, &wrong, &p, &root).is_err());
            }
            for old in 1..=size {
                let old_root = root_of_leaves(&l[..old as usize]);
                let p = consistency_proof(&l[..], old, size).unwrap();
                verify_consistency(old, size, &p, &old_root, &root)
                    .unwrap_or_else(|e| panic!("consistency {old}->{size}: {e}"));
                if old < size {
                    assert!(verify_consistency(old, size, &p, &root, &root).is_err());
                }
            }
        }
    }

    #[test]
    fn node_hash_is_sha256_of_the_prefixed_pair() {
        let (l, r) = (leaf_hash(b"left"), leaf_hash(b"right"));
        let mut msg = vec![1u8];
        msg.extend_from_slice(&l);
        msg.extend_from_slice(&r);
        let want: Hash = Sha256::digest(&msg).into();
        assert_eq!(node_hash(&l, &r), want);
    }

    #[test]
    fn subtree_proofs_round_trip() {
        for size in 1..=40u64 {
            let l = leaves(size as usize);
            let root = root_of_leaves(&l);
            for start in 0..size {
                for end in start + 1..=size {
                    if !is_valid_subtree(start, end) {
                        continue;
                    }
                    let sub = root_of_leaves(&l[start as usize..end as usize]);
                    let p = subtree_consistency_proof(&l[..], start, end, size).unwrap();
                    verify_subtree_consistency(start, end, size, &p, &sub, &root)
                        .unwrap_or_else(|e| panic!("subtree {start}..{end} of {size}: {e}"));
                    assert!(
                        verify_subtree_consistency(start, end, size, &p, &root, &sub).is_err()
                            || sub == root
                    );
                }
            }
        }
    }

    #[test]
    fn right_edge_folds_to_the_root() {
        for size in 0..70u64 {
            let l = leaves(size as usize);
            let subtrees: Vec<Hash> = right_edge(size)
                .into_iter()
                .map(|(h, i)| l[..].subtree(h, i).unwrap())
                .collect();
            assert_eq!(
                fold_right_edge(&subtrees),
                root_of_leaves(&l),
                "size {size}"
            );
        }
    }
}
