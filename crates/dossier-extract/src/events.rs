//! Events: who did what to whom, where and when (PLOVER types).

use crate::{FoundClaim, FoundEntity, FoundEvent};
use dossier_text::Sentence;

/// Finds events.
pub fn find(
    _text: &str,
    _sentences: &[Sentence],
    _entities: &[FoundEntity],
    _claims: &[FoundClaim],
) -> Vec<FoundEvent> {
    Vec::new()
}
