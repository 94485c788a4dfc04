//! Speaker resolution: links each claim's speaker mention to an entity.

use crate::{FoundClaim, FoundEntity};
use dossier_text::Sentence;

/// Resolves speaker mentions ("he", "the area governor", "Synehubov") to entities, adding
/// an entity when a named speaker is not yet known.
pub fn resolve_speakers(
    _text: &str,
    _sentences: &[Sentence],
    _claims: &mut [FoundClaim],
    _entities: &mut Vec<FoundEntity>,
) {
}
