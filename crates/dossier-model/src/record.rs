//! The `dossier/document@1` record: one document and everything extracted from it.
//!
//! Spans here are always `[start, end)` in Unicode code points into [`DocumentInfo::text`].

use serde::{Deserialize, Serialize};

/// A half-open `[start, end)` range, serialised as a two-element JSON array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span(pub usize, pub usize);

impl Span {
    pub fn start(self) -> usize {
        self.0
    }
    pub fn end(self) -> usize {
        self.1
    }
    pub fn len(self) -> usize {
        self.1.saturating_sub(self.0)
    }
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
    /// Whether the two spans share at least one position.
    pub fn overlaps(self, other: Span) -> bool {
        self.0 < other.1 && other.0 < self.1
    }
}

/// A piece of the document's text and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRef {
    pub text: String,
    pub span: Span,
}

/// The whole `dossier/document@1` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Always [`crate::DOCUMENT_SCHEMA`].
    pub schema: String,
    pub document: DocumentInfo,
    pub claims: Vec<Claim>,
    pub entities: Vec<Entity>,
    pub hedges: Vec<Hedge>,
    /// Who did what to whom, where and when. Optional in the schema (older readers may
    /// ignore it); always present, possibly empty, in what Dossier writes.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// The document itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Lowercase hex SHA-256 of the input bytes (see [`crate::document_id`]).
    pub id: String,
    pub title: Option<String>,
    /// The text all spans point into. For plain-text input: the input decoded as UTF-8.
    pub text: String,
    /// BCP 47 language tag, e.g. `en`.
    pub language: String,
    /// Where the document came from, when the reader knows (HTML, feeds, archives...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceInfo>,
}

/// Provenance known to the reader of a document's format.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The path or name the document was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication (or capture, or message) time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The input's media type, e.g. `text/plain`, `text/html`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// The content is a quotation.
    Direct,
    /// Reported speech: the content is paraphrased, no quotation marks.
    Indirect,
    /// Part quoted, part paraphrased.
    Mixed,
}

/// How firmly the text presents a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Stated without qualification.
    Asserted,
    /// Qualified by a hedge: evidently, apparently, reportedly, allegedly...
    Hedged,
    /// Someone says it could not be verified / is unconfirmed.
    Unverified,
    /// Someone denies or contests it.
    Disputed,
    /// The text says it is false.
    Refuted,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserted => "asserted",
            Stance::Hedged => "hedged",
            Stance::Unverified => "unverified",
            Stance::Disputed => "disputed",
            Stance::Refuted => "refuted",
        }
    }
}

/// Who a claim is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The resolved canonical name (e.g. "Oleh Synehubov" for "the area governor").
    pub name: Option<String>,
    /// The id of the [`Entity`] the speaker resolved to.
    pub entity: Option<String>,
    /// The mention in the claim's own sentence; a pronoun stays a pronoun here.
    pub mention: Option<TextRef>,
}

/// What is claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub text: String,
    /// From the start of the first segment to the end of the last.
    pub span: Span,
    /// The pieces that make up the content, e.g. the two halves of a quote split by
    /// ", he said, ". One segment equal to `span` when the content is contiguous.
    pub segments: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub kind: ClaimKind,
    /// The (first) source; `null` when the text gives none.
    pub speaker: Option<Speaker>,
    /// Every source of this claim, `speaker` first ("sources include X and Y" is one claim
    /// with two sources). Empty when there is no speaker.
    #[serde(default)]
    pub sources: Vec<Speaker>,
    pub cue: Option<TextRef>,
    pub content: Content,
    pub stance: Stance,
    /// Ids of the [`Hedge`]s that qualify this claim.
    pub hedges: Vec<String>,
    /// The rule that produced this claim, for explanation.
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Person,
    Organization,
    Place,
    MilitaryUnit,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
            EntityType::MilitaryUnit => "military_unit",
        }
    }
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceInfo {
    pub geonameid: u32,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// What kind of place: `country`, `admin1`, `city` (GeoNames feature class/code where known).
    pub feature: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
}

/// One real-world thing, with every mention of it in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Canonical name.
    pub name: String,
    pub mentions: Vec<TextRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceInfo>,
    /// Title or role, e.g. "Governor of Kharkiv Oblast".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Id of the parent entity (a unit's higher unit, an organisation's parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The rule or lexicon that recognised it.
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HedgeType {
    /// evidently, apparently, reportedly, allegedly...
    Hedge,
    /// could not verify, unconfirmed...
    Unverified,
    /// X denied...
    Denial,
    /// false, there is no truth to, debunked...
    Refutation,
}

/// A word or phrase that qualifies how sure anyone is of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hedge {
    pub id: String,
    pub text: String,
    pub span: Span,
    #[serde(rename = "type")]
    pub hedge_type: HedgeType,
    /// The claim it qualifies.
    pub claim: Option<String>,
    pub rule: String,
}

/// Who did what to whom, where and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// PLOVER event type, e.g. `ASSAULT`, `COERCE`, `AGREE`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The word or phrase that signals the event.
    pub trigger: TextRef,
    /// The sentence it comes from.
    pub span: Span,
    /// Entity ids.
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    /// A date or time expression as written, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<TextRef>,
    /// The claim this event is reported in, if it is attributed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    pub rule: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_is_a_json_pair() {
        assert_eq!(serde_json::to_string(&Span(3, 9)).unwrap(), "[3,9]");
        let s: Span = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(s, Span(1, 2));
    }

    #[test]
    fn enums_are_snake_case() {
        assert_eq!(
            serde_json::to_string(&EntityType::MilitaryUnit).unwrap(),
            "\"military_unit\""
        );
        assert_eq!(
            serde_json::to_string(&Stance::Unverified).unwrap(),
            "\"unverified\""
        );
    }

    #[test]
    fn overlap_is_half_open() {
        assert!(Span(0, 5).overlaps(Span(4, 6)));
        assert!(!Span(0, 5).overlaps(Span(5, 6)));
    }
}
