//! Attributed claims: who says what.

use crate::FoundClaim;
use dossier_text::Sentence;

/// Finds every attribution in the text.
pub fn find(_text: &str, _sentences: &[Sentence]) -> Vec<FoundClaim> {
    Vec::new()
}
