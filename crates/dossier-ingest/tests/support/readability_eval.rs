//! Scoring HTML extraction against Mozilla Readability's test pages
//! (`../shared/corpus/readability/test/test-pages/*/`): word-level F1 of our text against
//! the text of `expected.html` (both converted by the same `html_to_text`), and whether the
//! title and byline equal `expected-metadata.json`'s. Shared by the test and the bench.

#![allow(dead_code)] // each includer uses part of it

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The test-pages folder, if `../shared` is present beside the repository.
pub fn pages_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/readability/test/test-pages");
    root.is_dir().then_some(root)
}

/// The page folders, sorted by name.
pub fn page_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("readable test-pages folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.join("source.html").is_file() && path.join("expected.html").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Word-level precision, recall and F1 of `ours` against `expected`, over multisets of
/// whitespace-separated words.
pub fn word_f1(ours: &str, expected: &str) -> (f64, f64, f64) {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    let expected_words: Vec<&str> = expected.split_whitespace().collect();
    let our_words: Vec<&str> = ours.split_whitespace().collect();
    if expected_words.is_empty() && our_words.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    for word in &expected_words {
        *counts.entry(word).or_default() += 1;
    }
    let mut overlap = 0usize;
    for word in &our_words {
        if let Some(count) = counts.get_mut(word)
            && *count > 0
        {
            *count -= 1;
            overlap += 1;
        }
    }
    if overlap == 0 {
        return (0.0, 0.0, 0.0);
    }
    let precision = overlap as f64 / our_words.len() as f64;
    let recall = overlap as f64 / expected_words.len() as f64;
    (
        precision,
        recall,
        2.0 * precision * recall / (precision + recall),
    )
}

/// What one page scored.
#[derive(Debug, Clone)]
pub struct PageScore {
    pub page: String,
    pub f1: f64,
    pub title_matches: bool,
    pub byline_matches: bool,
    pub has_expected_byline: bool,
}

/// The reference for one page: expected text and metadata.
pub struct Reference {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
}

pub fn reference(dir: &Path) -> Reference {
    let expected_html = std::fs::read_to_string(dir.join("expected.html")).expect("expected.html");
    let metadata: serde_json::Value = std::fs::read(dir.join("expected-metadata.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let field = |name: &str| {
        metadata[name]
            .as_str()
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    Reference {
        text: dossier_ingest::html_to_text(&expected_html),
        title: field("title"),
        byline: field("byline"),
    }
}

/// Whitespace runs collapsed to one space, ends trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores extracted `text`, `title` and `byline` for the page in `dir`.
pub fn score(
    dir: &Path,
    reference: &Reference,
    text: &str,
    title: Option<&str>,
    byline: Option<&str>,
) -> PageScore {
    let (_, _, f1) = word_f1(text, &reference.text);
    PageScore {
        page: dir.file_name().unwrap().to_string_lossy().into_owned(),
        f1,
        title_matches: title.map(collapse) == reference.title,
        byline_matches: byline.map(collapse) == reference.byline,
        has_expected_byline: reference.byline.is_some(),
    }
}

/// Reads the page's `source.html` with dossier-ingest and scores it.
pub fn evaluate_ours(dir: &Path) -> PageScore {
    let reference = reference(dir);
    let bytes = std::fs::read(dir.join("source.html")).expect("source.html");
    let reading =
        dossier_ingest::read_bytes("source.html", &bytes, Some(dossier_ingest::Format::Html))
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    let document = &reading.documents[0];
    score(
        dir,
        &reference,
        &document.text,
        document.title.as_deref(),
        document.byline.as_deref(),
    )
}

/// Mean F1, title match rate and byline match rate (over pages that expect a byline).
pub fn summarise(scores: &[PageScore]) -> (f64, f64, f64) {
    let n = scores.len().max(1) as f64;
    let mean_f1 = scores.iter().map(|score| score.f1).sum::<f64>() / n;
    let titles = scores.iter().filter(|score| score.title_matches).count() as f64 / n;
    let with_byline: Vec<&PageScore> = scores.iter().filter(|s| s.has_expected_byline).collect();
    let bylines = with_byline
        .iter()
        .filter(|score| score.byline_matches)
        .count() as f64
        / with_byline.len().max(1) as f64;
    (mean_f1, titles, bylines)
}
