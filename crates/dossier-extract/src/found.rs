//! What the stages find, before numbering: byte spans and indices into sibling vectors.

use dossier_model::{ClaimKind, EntityType, HedgeType, PlaceInfo, Stance};

/// `[start, end)` byte offsets into the document text.
pub type ByteSpan = (usize, usize);

#[derive(Debug, Clone, PartialEq)]
pub struct FoundEntity {
    pub kind: EntityType,
    /// Canonical name.
    pub name: String,
    /// Every mention, in text order.
    pub mentions: Vec<ByteSpan>,
    pub place: Option<PlaceInfo>,
    pub role: Option<String>,
    /// Index of the parent entity in the same vector.
    pub parent: Option<usize>,
    pub rule: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FoundSpeaker {
    /// The mention as written in the claim's sentence.
    pub mention: Option<ByteSpan>,
    /// Index into the entity vector, once resolved.
    pub entity: Option<usize>,
    /// Canonical name, once resolved (or the mention itself when no entity fits).
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundClaim {
    pub kind: ClaimKind,
    /// Every source, primary first. Empty: no speaker.
    pub speakers: Vec<FoundSpeaker>,
    pub cue: Option<ByteSpan>,
    /// Content pieces in text order (one when contiguous).
    pub segments: Vec<ByteSpan>,
    pub stance: Stance,
    /// Indices of the hedges that qualify it (filled by the hedge stage).
    pub hedges: Vec<usize>,
    pub rule: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundHedge {
    pub span: ByteSpan,
    pub kind: HedgeType,
    pub claim: Option<usize>,
    pub rule: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundEvent {
    /// PLOVER type.
    pub event_type: &'static str,
    pub trigger: ByteSpan,
    pub sentence: ByteSpan,
    pub actors: Vec<usize>,
    pub targets: Vec<usize>,
    pub places: Vec<usize>,
    pub when: Option<ByteSpan>,
    pub claim: Option<usize>,
    pub rule: &'static str,
}
