//! Scores Dossier's attributions against gold annotations.
//!
//! Two parts:
//!
//! - [`polnear`] reads the PolNeAR corpus in its JSON Lines form (one document per line,
//!   with its attributions; spans in Unicode code points, possibly discontinuous);
//! - [`score`] matches predicted claims to gold attributions and counts.
//!
//! **Matching.** A predicted attribution matches a gold one when the character-level
//! Jaccard overlap of their contents (the union of each side's segments, as sets of
//! code-point positions) reaches a threshold. Matching is one-to-one and greedy, best
//! overlap first (ties: earlier gold, then earlier prediction). Precision, recall and F1
//! are reported per threshold (0.3, 0.5 and 0.8 by default).
//!
//! **Several sources.** A claim with N sources ("sources include X and Y") counts as N
//! predicted attributions with the same content, one per source, because the gold side
//! annotates one attribution per source. A claim with no source counts once.
//!
//! **Speaker accuracy**, among matched pairs: the predicted speaker mention overlaps one of
//! the gold speaker's segments; when the gold attribution has no source, the prediction is
//! right only if it has none either.

pub mod polnear;
pub mod score;

pub use polnear::{GoldAttribution, GoldDocument, LoadError, load_jsonl};
pub use score::{
    DEFAULT_THRESHOLDS, DocumentMatches, Prediction, Report, Tally, ThresholdScore, jaccard,
    match_document, predictions_from_record,
};
