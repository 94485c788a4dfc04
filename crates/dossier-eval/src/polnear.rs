//! The PolNeAR corpus in JSON Lines: one document per line.
//!
//! ```json
//! {"id": "...", "text": "...", "attributions": [{"speaker": "he", "speaker_segments": [[3, 5]],
//!   "cue": "said", "content_segments": [[10, 42]], "kind": "indirect", "has_source": true}]}
//! ```
//! Offsets are Unicode code points into `text`, end-exclusive. Fields the scorer does not
//! need are ignored; missing optional fields default to empty.

use serde::Deserialize;
use std::io::BufRead;

/// One annotated document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub attributions: Vec<GoldAttribution>,
}

/// One gold attribution.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldAttribution {
    /// The source mention as written; `None` when the attribution has no source.
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_segments: Option<Vec<(usize, usize)>>,
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub content_segments: Option<Vec<(usize, usize)>>,
    /// direct, indirect or mixed (derived from quotation marks in PolNeAR).
    #[serde(default)]
    pub kind: Option<String>,
}

impl GoldAttribution {
    pub fn content(&self) -> &[(usize, usize)] {
        self.content_segments.as_deref().unwrap_or(&[])
    }

    pub fn speaker_spans(&self) -> &[(usize, usize)] {
        self.speaker_segments.as_deref().unwrap_or(&[])
    }

    /// Whether the attribution names a source.
    pub fn has_speaker(&self) -> bool {
        self.speaker.is_some() && !self.speaker_spans().is_empty()
    }
}

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("reading line {line}: {source}")]
    Io {
        line: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("line {line}: not a PolNeAR document: {source}")]
    Json {
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "line {line}: attribution {index} has a span {span:?} outside the text ({len} characters)"
    )]
    Span {
        line: usize,
        index: usize,
        span: (usize, usize),
        len: usize,
    },
}

/// Reads documents, one JSON object per non-blank line, checking every span lies in its text.
pub fn load_jsonl(reader: impl BufRead) -> Result<Vec<GoldDocument>, LoadError> {
    let mut docs = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line_no = i + 1;
        let line = line.map_err(|source| LoadError::Io {
            line: line_no,
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDocument = serde_json::from_str(&line).map_err(|source| LoadError::Json {
            line: line_no,
            source,
        })?;
        let len = doc.text.chars().count();
        for (index, a) in doc.attributions.iter().enumerate() {
            for &span in a.content().iter().chain(a.speaker_spans()) {
                if span.0 > span.1 || span.1 > len {
                    return Err(LoadError::Span {
                        line: line_no,
                        index,
                        span,
                        len,
                    });
                }
            }
        }
        docs.push(doc);
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_documents_and_reports_bad_lines() {
        let ok = r#"{"id":"a","text":"He said so.","attributions":[{"speaker":"He","speaker_segments":[[0,2]],"content_segments":[[8,10]]}]}

{"id":"b","text":"x"}"#;
        let docs = load_jsonl(ok.as_bytes()).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].attributions[0].content(), &[(8, 10)]);
        assert!(docs[0].attributions[0].has_speaker());
        assert!(docs[1].attributions.is_empty());

        let bad = "{\"id\":\"a\",\"text\":\"x\"}\nnot json";
        let err = load_jsonl(bad.as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");

        let out_of_range =
            r#"{"id":"a","text":"abc","attributions":[{"content_segments":[[1,9]]}]}"#;
        let err = load_jsonl(out_of_range.as_bytes()).unwrap_err();
        assert!(matches!(err, LoadError::Span { line: 1, .. }), "{err}");
    }
}
