//! The data model every Dossier crate shares.
//!
//! The central type is [`DocumentRecord`], the `dossier/document@1` JSON object that
//! `dossier read --json` prints, that the store keeps and that other tools read. Its
//! layout is documented in `docs/schema/document@1.md` and must stay stable: add
//! optional fields, never rename or remove one.
//!
//! **Offsets.** Inside Rust every crate works in byte offsets into UTF-8 text. At the JSON
//! boundary, all spans are `[start, end)` in Unicode code points (what Python's `str`
//! indexing and the gold files use). [`CharOffsets`] converts between the two; the
//! extractor converts once, when it builds a [`DocumentRecord`].

mod offsets;
mod record;
mod validate;

pub use offsets::CharOffsets;
pub use record::*;
pub use validate::InvalidRecord;

use sha2::{Digest, Sha256};

/// The schema tag written in every [`DocumentRecord`].
pub const DOCUMENT_SCHEMA: &str = "dossier/document@1";

/// A document's id: the lowercase hex SHA-256 of its input bytes, so the same bytes
/// always get the same id wherever they are read.
pub fn document_id(input: &[u8]) -> String {
    hex::encode(Sha256::digest(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_id_is_sha256_hex() {
        assert_eq!(
            document_id(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
