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
    #[error("the proof does not lead to the expected root")]
    RootMismatch,
}

/// `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut buf = [0u8; 65];
    buf[0] = 1;
    buf[1..33].copy_from_slice(left);
    buf[33..].copy_from_slice(right);
    Sha256::digest(buf).into()
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
    // The shape: the proof has the hashes of the decomposition described in RFC 9162; its
    // length follows from the sizes.
    let mut fnode = size1 - 1;
    let mut snode = size2 - 1;
    let shift = fnode.trailing_ones();
    fnode >>= shift;
    snode >>= shift;
    let inner = 64 - (fnode ^ snode).leading_zeros();
    let border = (fnode >> inner).count_ones();
    let starts_with_old_root = size1.is_power_of_two();
    let want = (inner + border) as usize + usize::from(!starts_with_old_root);
    if proof.len() != want {
        return Err(ProofError::WrongProofLength {
            got: proof.len(),
            want,
        });
    }
    let mut hashes = Vec::with_capacity(proof.len() + 1);
    if starts_with_old_root {
        hashes.push(root1);
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
    if snode != 0 || fr != root1 || sr != root2 {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
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
