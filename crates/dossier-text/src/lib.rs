//! Sentences, tokens and quotations in English news prose, as byte spans.
//!
//! Everything here returns byte offsets into the `&str` it was given; conversion to code
//! points happens once, in `dossier-model::CharOffsets`, at the JSON boundary.

/// A sentence: `[start, end)` byte offsets into the text, trimmed of surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Splits text into sentences.
///
/// First version: splits on `.`, `!` or `?` followed by whitespace and an uppercase letter or
/// an opening quote, and on blank lines. To be replaced by the news-aware splitter.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    let push = |s: usize, e: usize, out: &mut Vec<Sentence>| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if s + lead < e - trail {
            out.push(Sentence {
                start: s + lead,
                end: e - trail,
            });
        }
    };
    let mut i = 0;
    for (pos, c) in text.char_indices() {
        if pos < i {
            continue;
        }
        if start.is_none() && !c.is_whitespace() {
            start = Some(pos);
        }
        let Some(s) = start else { continue };
        if c == '\n' && text[pos + 1..].starts_with('\n') {
            push(s, pos, &mut out);
            start = None;
            i = pos + 2;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            let mut j = pos + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
                j += 1;
            }
            let rest = &text[j..];
            if rest.starts_with(char::is_whitespace) {
                let next = rest.trim_start().chars().next();
                if next.is_none_or(|n| n.is_uppercase() || "\"“‘'".contains(n)) {
                    push(s, j, &mut out);
                    start = None;
                }
            }
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_simple_sentences() {
        let t = "One two. Three four! Five?";
        let s: Vec<&str> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(s, ["One two.", "Three four!", "Five?"]);
    }
}
