//! The seed report's attributions: every one in `kharkiv-border.gold.json` must be found
//! with its content (character Jaccard ≥ 0.5), speaker mention, cue, kind and, where the
//! gold gives one, stance. Speaker names are checked too once coreference resolves them.
//!
//! Reads `../shared/corpus/seed/` beside the repository; skipped when it is absent.

use dossier_gazetteer::Gazetteer;
use dossier_model::{Claim, DocumentRecord};
use serde_json::Value;
use std::path::PathBuf;

fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed")
}

fn jaccard(a: (usize, usize), segments: &[(usize, usize)]) -> f64 {
    let gold: std::collections::HashSet<usize> = (a.0..a.1).collect();
    let pred: std::collections::HashSet<usize> = segments.iter().flat_map(|&(s, e)| s..e).collect();
    let inter = gold.intersection(&pred).count();
    let union = gold.union(&pred).count();
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn load() -> Option<(DocumentRecord, Value)> {
    let dir = seed_dir();
    let (Ok(text), Ok(gold)) = (
        std::fs::read_to_string(dir.join("kharkiv-border.txt")),
        std::fs::read_to_string(dir.join("kharkiv-border.gold.json")),
    ) else {
        println!("skipped: ../shared not found");
        return None;
    };
    let record = dossier_extract::extract_text(&text, "seed", Gazetteer::embedded());
    Some((record, serde_json::from_str(&gold).expect("gold JSON")))
}

/// The claim matching a gold attribution: content overlap ≥ 0.5 and one of its sources
/// mentioned exactly as the gold speaker mention.
fn find_match<'a>(record: &'a DocumentRecord, gold: &Value) -> Option<(&'a Claim, usize, f64)> {
    let span = &gold["content_span"];
    let content = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    let mention = gold["speaker_mention"].as_str().unwrap();
    record
        .claims
        .iter()
        .filter_map(|c| {
            let segments: Vec<(usize, usize)> =
                c.content.segments.iter().map(|s| (s.0, s.1)).collect();
            let j = jaccard(content, &segments);
            let source = c
                .sources
                .iter()
                .position(|s| s.mention.as_ref().is_some_and(|m| m.text == mention))?;
            (j >= 0.5).then_some((c, source, j))
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
}

#[test]
fn every_seed_attribution_is_found() {
    let Some((record, gold)) = load() else {
        return;
    };
    let names_resolved = record
        .claims
        .iter()
        .any(|c| c.sources.iter().any(|s| s.name.is_some()));
    let mut failures = Vec::new();
    for g in gold["attributions"].as_array().unwrap() {
        let label = format!(
            "{} {{{}}} <{}>",
            g["speaker_mention"].as_str().unwrap(),
            g["cue"].as_str().unwrap(),
            g["content"].as_str().unwrap()
        );
        let Some((claim, source, _)) = find_match(&record, g) else {
            failures.push(format!("not found: {label}"));
            continue;
        };
        let cue = claim.cue.as_ref().map(|c| c.text.as_str()).unwrap_or("");
        if cue != g["cue"].as_str().unwrap() {
            failures.push(format!("cue {cue:?}: {label}"));
        }
        let kind = serde_json::to_value(claim.kind).unwrap();
        if kind != g["kind"] {
            failures.push(format!("kind {kind}: {label}"));
        }
        if let Some(stance) = g.get("stance") {
            let got = serde_json::to_value(claim.stance).unwrap();
            if &got != stance {
                failures.push(format!("stance {got}: {label}"));
            }
        }
        if names_resolved {
            let name = claim.sources[source].name.as_deref().unwrap_or("");
            if name != g["speaker"].as_str().unwrap() {
                failures.push(format!("speaker name {name:?}: {label}"));
            }
        }
    }
    if !names_resolved {
        println!("speaker names not checked: no speaker is resolved to a name yet");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_hedges_are_found_and_linked() {
    let Some((record, gold)) = load() else {
        return;
    };
    for h in gold["hedges"].as_array().unwrap() {
        let text = h["text"].as_str().unwrap();
        let found = record.hedges.iter().find(|x| x.text == text);
        let Some(found) = found else {
            panic!("hedge {text:?} not found in {:?}", record.hedges);
        };
        assert!(
            found.claim.is_some(),
            "hedge {text:?} is linked to no claim"
        );
    }
}
