//! Matching predictions to gold attributions, and the counts.

use crate::GoldAttribution;
use dossier_model::DocumentRecord;
use serde::Serialize;

/// The overlaps the report uses unless told otherwise.
pub const DEFAULT_THRESHOLDS: [f64; 3] = [0.3, 0.5, 0.8];

/// One predicted attribution: content segments and the speaker mention, in code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub content: Vec<(usize, usize)>,
    pub speaker: Option<(usize, usize)>,
}

/// One prediction per source of every claim (one for a claim with no source).
pub fn predictions_from_record(record: &DocumentRecord) -> Vec<Prediction> {
    let mut out = Vec::new();
    for claim in &record.claims {
        let content: Vec<(usize, usize)> = claim
            .content
            .segments
            .iter()
            .map(|s| (s.start(), s.end()))
            .collect();
        let mentions: Vec<Option<(usize, usize)>> = if claim.sources.is_empty() {
            vec![
                claim
                    .speaker
                    .as_ref()
                    .and_then(|s| s.mention.as_ref())
                    .map(|m| (m.span.start(), m.span.end())),
            ]
        } else {
            claim
                .sources
                .iter()
                .map(|s| s.mention.as_ref().map(|m| (m.span.start(), m.span.end())))
                .collect()
        };
        for speaker in mentions {
            out.push(Prediction {
                content: content.clone(),
                speaker,
            });
        }
    }
    out
}

/// Sorted, merged copy of possibly overlapping spans.
fn normalise(spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = spans.iter().copied().filter(|s| s.0 < s.1).collect();
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for s in v {
        match out.last_mut() {
            Some(last) if s.0 <= last.1 => last.1 = last.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

/// Character-level Jaccard overlap of two sets of spans: |A ∩ B| / |A ∪ B|, 0 when both
/// are empty.
pub fn jaccard(a: &[(usize, usize)], b: &[(usize, usize)]) -> f64 {
    let a = normalise(a);
    let b = normalise(b);
    let size = |v: &[(usize, usize)]| v.iter().map(|s| s.1 - s.0).sum::<usize>();
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        let lo = a[i].0.max(b[j].0);
        let hi = a[i].1.min(b[j].1);
        if lo < hi {
            inter += hi - lo;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    let union = size(&a) + size(&b) - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether the predicted speaker agrees with the gold one (see the crate docs).
fn speaker_agrees(gold: &GoldAttribution, pred: &Prediction) -> bool {
    match (gold.has_speaker(), pred.speaker) {
        (false, None) => true,
        (true, Some(p)) => gold.speaker_spans().iter().any(|&g| overlaps(g, p)),
        _ => false,
    }
}

/// The matching of one document at one threshold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentMatches {
    /// `(gold index, prediction index, overlap, speaker agrees)`.
    pub pairs: Vec<(usize, usize, f64, bool)>,
    pub unmatched_gold: Vec<usize>,
    pub unmatched_predictions: Vec<usize>,
}

/// Greedy one-to-one matching, best overlap first, of pairs overlapping at least `threshold`.
pub fn match_document(
    gold: &[GoldAttribution],
    predictions: &[Prediction],
    threshold: f64,
) -> DocumentMatches {
    let mut candidates = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in predictions.iter().enumerate() {
            let j = jaccard(g.content(), &p.content);
            if j > 0.0 && j >= threshold {
                candidates.push((gi, pi, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; predictions.len()];
    let mut pairs = Vec::new();
    for (gi, pi, j) in candidates {
        if gold_used[gi] || pred_used[pi] {
            continue;
        }
        gold_used[gi] = true;
        pred_used[pi] = true;
        pairs.push((gi, pi, j, speaker_agrees(&gold[gi], &predictions[pi])));
    }
    DocumentMatches {
        pairs,
        unmatched_gold: (0..gold.len()).filter(|&i| !gold_used[i]).collect(),
        unmatched_predictions: (0..predictions.len()).filter(|&i| !pred_used[i]).collect(),
    }
}

/// Counts at one threshold, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub speaker_correct: usize,
}

/// The scores at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ThresholdScore {
    pub threshold: f64,
    #[serde(flatten)]
    pub tally: Tally,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Among matched pairs.
    pub speaker_accuracy: f64,
}

/// Scores of a whole gold set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub documents: usize,
    pub scores: Vec<ThresholdScore>,
}

impl Report {
    /// Scores `(gold, predictions)` per document at every threshold.
    pub fn new<'a>(
        documents: impl IntoIterator<Item = (&'a [GoldAttribution], &'a [Prediction])>,
        thresholds: &[f64],
    ) -> Report {
        let mut tallies = vec![Tally::default(); thresholds.len()];
        let mut count = 0;
        for (gold, predictions) in documents {
            count += 1;
            for (t, tally) in thresholds.iter().zip(tallies.iter_mut()) {
                let m = match_document(gold, predictions, *t);
                tally.gold += gold.len();
                tally.predicted += predictions.len();
                tally.matched += m.pairs.len();
                tally.speaker_correct += m.pairs.iter().filter(|p| p.3).count();
            }
        }
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let scores = thresholds
            .iter()
            .zip(tallies)
            .map(|(&threshold, tally)| {
                let precision = ratio(tally.matched, tally.predicted);
                let recall = ratio(tally.matched, tally.gold);
                let f1 = if precision + recall == 0.0 {
                    0.0
                } else {
                    2.0 * precision * recall / (precision + recall)
                };
                ThresholdScore {
                    threshold,
                    tally,
                    precision,
                    recall,
                    f1,
                    speaker_accuracy: ratio(tally.speaker_correct, tally.matched),
                }
            })
            .collect();
        Report {
            documents: count,
            scores,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(content: &[(usize, usize)], speaker: Option<(usize, usize)>) -> GoldAttribution {
        GoldAttribution {
            speaker: speaker.map(|_| "x".to_string()),
            speaker_segments: speaker.map(|s| vec![s]),
            content_segments: Some(content.to_vec()),
            ..Default::default()
        }
    }

    fn pred(content: &[(usize, usize)], speaker: Option<(usize, usize)>) -> Prediction {
        Prediction {
            content: content.to_vec(),
            speaker,
        }
    }

    #[test]
    fn jaccard_counts_characters_across_segments() {
        assert_eq!(jaccard(&[(0, 10)], &[(0, 10)]), 1.0);
        assert_eq!(jaccard(&[(0, 10)], &[(5, 15)]), 5.0 / 15.0);
        // Segments: {0..4, 6..10} vs {0..10}: 8 / 10.
        assert_eq!(jaccard(&[(0, 4), (6, 10)], &[(0, 10)]), 0.8);
        // Overlapping segments on one side are merged, not double counted.
        assert_eq!(jaccard(&[(0, 6), (4, 10)], &[(0, 10)]), 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&[(0, 5)], &[(5, 9)]), 0.0);
    }

    #[test]
    fn greedy_matching_is_one_to_one_best_first() {
        // Gold g0 = 0..10, g1 = 8..20. Prediction p0 = 0..10 (1.0 with g0), p1 = 0..12
        // (0.83 with g0, 0.2 with g1). Best first: g0-p0; p1 then has only g1 at 0.2.
        let g = [gold(&[(0, 10)], Some((30, 32))), gold(&[(8, 20)], None)];
        let p = [pred(&[(0, 10)], Some((31, 33))), pred(&[(0, 12)], None)];
        let m = match_document(&g, &p, 0.5);
        assert_eq!(m.pairs, vec![(0, 0, 1.0, true)]);
        assert_eq!(m.unmatched_gold, vec![1]);
        assert_eq!(m.unmatched_predictions, vec![1]);
        let m = match_document(&g, &p, 0.1);
        assert_eq!(m.pairs.len(), 2);
        assert_eq!((m.pairs[1].0, m.pairs[1].1), (1, 1));
        // No gold speaker and no predicted speaker agree.
        assert!(m.pairs[1].3);
    }

    #[test]
    fn report_computes_precision_recall_f1_and_speaker_accuracy() {
        let g = [
            gold(&[(0, 10)], Some((20, 25))),
            gold(&[(30, 40)], Some((50, 55))),
        ];
        let p = [
            pred(&[(0, 10)], Some((20, 22))),  // match, right speaker
            pred(&[(30, 39)], Some((60, 62))), // match at 0.9, wrong speaker
            pred(&[(70, 80)], None),           // false positive
        ];
        let r = Report::new([(&g[..], &p[..])], &[0.5, 0.95]);
        let s = r.scores[0];
        assert_eq!(s.tally.matched, 2);
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall - 1.0).abs() < 1e-9);
        assert!((s.f1 - 0.8).abs() < 1e-9);
        assert!((s.speaker_accuracy - 0.5).abs() < 1e-9);
        assert_eq!(r.scores[1].tally.matched, 1);
        assert_eq!(r.documents, 1);
    }

    #[test]
    fn a_claim_with_two_sources_is_two_predictions() {
        let json = r#"{"schema":"dossier/document@1","document":{"id":"x","title":null,"text":"abcdefghij","language":"en"},
          "claims":[{"id":"c1","kind":"indirect","speaker":null,"sources":[
             {"name":null,"entity":null,"mention":{"text":"a","span":[0,1]}},
             {"name":null,"entity":null,"mention":{"text":"b","span":[1,2]}}],
           "cue":null,"content":{"text":"cdef","span":[2,6],"segments":[[2,6]]},
           "stance":"asserted","hedges":[],"rule":"r"}],
          "entities":[],"hedges":[]}"#;
        let record: DocumentRecord = serde_json::from_str(json).unwrap();
        let p = predictions_from_record(&record);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].speaker, Some((0, 1)));
        assert_eq!(p[1].speaker, Some((1, 2)));
        assert_eq!(p[1].content, vec![(2, 6)]);
    }
}
