//! Extraction: from a report's text to a `dossier/document@1` record.
//!
//! The pipeline ([`extract_text`]) runs in this order, each stage in its own module:
//!
//! 1. [`dossier_text::sentences`] splits the text;
//! 2. [`entities`] finds people, organisations, military units and places (geocoded with
//!    the gazetteer) and groups their mentions;
//! 3. [`claims`] finds attributions: speaker mention, cue, content, kind (in the sentences
//!    where [`triggers`], worked out for both claims and hedges from the entity scan's words,
//!    finds a word some rule starts from);
//! 4. [`coref`] resolves each speaker mention ("he", "the area governor") to an entity;
//! 5. [`hedges`] finds hedges and verification statements, links each to a claim and sets
//!    the claim's stance;
//! 6. [`events`] finds who did what to whom;
//! 7. [`assemble`] numbers everything and converts byte spans to code points.
//!
//! All stages work in byte offsets ([`ByteSpan`]); only [`assemble`] sees code points.
//! Every item records the rule that produced it, so an analyst can see why.

pub mod assemble;
pub mod claims;
pub mod coref;
pub mod entities;
pub mod events;
pub mod found;
pub(crate) mod fxhash;
pub mod hedges;
pub mod triggers;

use dossier_gazetteer::Gazetteer;
use dossier_model::DocumentRecord;
pub use found::*;

/// Why an input could not be read as text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("the input is empty")]
    Empty,
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { offset: usize },
    #[error("binary data (NUL byte) at byte {offset}")]
    Binary { offset: usize },
}

/// Decodes input bytes as UTF-8 text, refusing binary data, and extracts from it.
///
/// A leading byte-order mark is kept in `document.text` (the spec says the text is exactly
/// the input decoded), but it is whitespace to every stage.
pub fn extract_bytes(input: &[u8], gazetteer: &Gazetteer) -> Result<DocumentRecord, ExtractError> {
    let text = decode(input)?;
    Ok(extract_text(
        text,
        &dossier_model::document_id(input),
        gazetteer,
    ))
}

/// Checks that `input` is non-empty UTF-8 text without NUL bytes.
pub fn decode(input: &[u8]) -> Result<&str, ExtractError> {
    if input.is_empty() {
        return Err(ExtractError::Empty);
    }
    let text = std::str::from_utf8(input).map_err(|e| ExtractError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    if let Some(offset) = memchr_nul(input) {
        return Err(ExtractError::Binary { offset });
    }
    Ok(text)
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == 0)
}

/// Runs the whole pipeline on decoded text. `id` becomes `document.id`.
pub fn extract_text(text: &str, id: &str, gazetteer: &Gazetteer) -> DocumentRecord {
    let sentences = dossier_text::sentences(text);
    let (mut entities, triggers) = entities::find_with_triggers(text, &sentences, gazetteer);
    let mut claims = claims::find(text, &sentences, &triggers);
    coref::resolve_speakers(text, &sentences, &mut claims, &mut entities, gazetteer);
    let hedges = hedges::find(text, &sentences, &triggers, &mut claims);
    let events = events::find_with_triggers(text, &sentences, &entities, &claims, &triggers);
    assemble::record(text, id, &claims, &entities, &hedges, &events)
}

/// Helpers shared by the unit tests.
#[cfg(test)]
mod testing {
    /// A deterministic xorshift generator of numbers below `n` (no dependency needed for
    /// a test's generated inputs).
    pub(crate) fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_position_of_bad_bytes() {
        assert_eq!(decode(b""), Err(ExtractError::Empty));
        assert_eq!(
            decode(b"ab\xffcd"),
            Err(ExtractError::InvalidUtf8 { offset: 2 })
        );
        assert_eq!(decode(b"abc\0"), Err(ExtractError::Binary { offset: 3 }));
        assert_eq!(decode("Ізюм".as_bytes()), Ok("Ізюм"));
    }
}
