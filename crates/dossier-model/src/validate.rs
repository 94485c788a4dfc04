//! Structural checks every record must pass, whoever produced it.

use crate::{DocumentRecord, Span, TextRef};

/// A record that breaks an invariant: which item, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRecord {
    pub item: String,
    pub problem: String,
}

impl std::fmt::Display for InvalidRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.item, self.problem)
    }
}

impl std::error::Error for InvalidRecord {}

impl DocumentRecord {
    /// Checks that every span lies inside `document.text`, that each `text` field is exactly
    /// the text at its span, and that every id a record refers to exists.
    pub fn validate(&self) -> Result<(), InvalidRecord> {
        let chars: Vec<char> = self.document.text.chars().collect();
        let bad = |item: &str, problem: String| InvalidRecord {
            item: item.to_string(),
            problem,
        };
        let span_ok = |item: &str, s: Span| -> Result<String, InvalidRecord> {
            if s.0 > s.1 || s.1 > chars.len() {
                return Err(bad(
                    item,
                    format!("span {s:?} outside text of {} chars", chars.len()),
                ));
            }
            Ok(chars[s.0..s.1].iter().collect())
        };
        let ref_ok = |item: &str, r: &TextRef| -> Result<(), InvalidRecord> {
            let at = span_ok(item, r.span)?;
            if at != r.text {
                return Err(bad(
                    item,
                    format!("text {:?} but span {:?} holds {at:?}", r.text, r.span),
                ));
            }
            Ok(())
        };
        let entity_ids: std::collections::HashSet<&str> =
            self.entities.iter().map(|e| e.id.as_str()).collect();
        let claim_ids: std::collections::HashSet<&str> =
            self.claims.iter().map(|c| c.id.as_str()).collect();
        let hedge_ids: std::collections::HashSet<&str> =
            self.hedges.iter().map(|h| h.id.as_str()).collect();
        let known = |item: &str, set: &std::collections::HashSet<&str>, id: &str| {
            if set.contains(id) {
                Ok(())
            } else {
                Err(bad(item, format!("refers to unknown id {id}")))
            }
        };
        for e in &self.entities {
            for m in &e.mentions {
                ref_ok(&e.id, m)?;
            }
            if let Some(p) = &e.parent {
                known(&e.id, &entity_ids, p)?;
            }
        }
        for c in &self.claims {
            span_ok(&c.id, c.content.span)?;
            if c.content.segments.is_empty() {
                return Err(bad(&c.id, "content has no segments".into()));
            }
            for s in &c.content.segments {
                span_ok(&c.id, *s)?;
                if s.0 < c.content.span.0 || s.1 > c.content.span.1 {
                    return Err(bad(&c.id, format!("segment {s:?} outside content span")));
                }
            }
            if let Some(cue) = &c.cue {
                ref_ok(&c.id, cue)?;
            }
            for s in c.speaker.iter().chain(&c.sources) {
                if let Some(m) = &s.mention {
                    ref_ok(&c.id, m)?;
                }
                if let Some(e) = &s.entity {
                    known(&c.id, &entity_ids, e)?;
                }
            }
            for h in &c.hedges {
                known(&c.id, &hedge_ids, h)?;
            }
        }
        for h in &self.hedges {
            ref_ok(
                &h.id,
                &TextRef {
                    text: h.text.clone(),
                    span: h.span,
                },
            )?;
            if let Some(c) = &h.claim {
                known(&h.id, &claim_ids, c)?;
            }
        }
        for v in &self.events {
            ref_ok(&v.id, &v.trigger)?;
            span_ok(&v.id, v.span)?;
            for e in v.actors.iter().chain(&v.targets).chain(&v.places) {
                known(&v.id, &entity_ids, e)?;
            }
            if let Some(w) = &v.when {
                ref_ok(&v.id, w)?;
            }
            if let Some(c) = &v.claim {
                known(&v.id, &claim_ids, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    fn record(text: &str) -> DocumentRecord {
        DocumentRecord {
            schema: DOCUMENT_SCHEMA.into(),
            document: DocumentInfo {
                id: document_id(text.as_bytes()),
                title: None,
                text: text.into(),
                language: "en".into(),
                source: None,
            },
            claims: vec![],
            entities: vec![],
            hedges: vec![],
            events: vec![],
        }
    }

    fn hedge(text: &str, span: Span, claim: Option<&str>) -> Hedge {
        Hedge {
            id: "h1".into(),
            text: text.into(),
            span,
            hedge_type: HedgeType::Hedge,
            claim: claim.map(Into::into),
            rule: "test".into(),
        }
    }

    #[test]
    fn accepts_matching_spans_in_code_points() {
        let mut r = record("Ізюм was evidently taken.");
        r.hedges.push(hedge("evidently", Span(9, 18), None));
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn rejects_text_that_does_not_match_its_span() {
        let mut r = record("Ізюм was evidently taken.");
        // Byte offsets instead of code points: the classic mistake this check exists for.
        r.hedges.push(hedge("evidently", Span(13, 22), None));
        let err = r.validate().unwrap_err();
        assert_eq!(err.item, "h1");
    }

    #[test]
    fn rejects_out_of_range_spans_and_dangling_ids() {
        let mut r = record("short");
        r.hedges.push(hedge("x", Span(4, 99), None));
        assert!(r.validate().unwrap_err().problem.contains("outside text"));
        let mut r = record("short");
        r.hedges.push(hedge("sh", Span(0, 2), Some("c9")));
        assert!(r.validate().unwrap_err().problem.contains("unknown id c9"));
    }
}
