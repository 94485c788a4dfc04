//! Hedges and verification statements, and the stance they give claims.

use crate::{FoundClaim, FoundHedge};
use dossier_text::Sentence;

/// Finds hedges, links each to the claim it qualifies and updates claim stances.
pub fn find(_text: &str, _sentences: &[Sentence], _claims: &mut [FoundClaim]) -> Vec<FoundHedge> {
    Vec::new()
}
