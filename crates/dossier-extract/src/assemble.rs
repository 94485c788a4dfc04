//! Numbers what the stages found and converts byte spans to code points.

use crate::{ByteSpan, FoundClaim, FoundEntity, FoundEvent, FoundHedge};
use dossier_model::{
    CharOffsets, Claim, Content, DOCUMENT_SCHEMA, DocumentInfo, DocumentRecord, Entity, Event,
    Hedge, Span, Speaker, TextRef,
};

/// Builds the `dossier/document@1` record.
pub fn record(
    text: &str,
    id: &str,
    claims: &[FoundClaim],
    entities: &[FoundEntity],
    hedges: &[FoundHedge],
    events: &[FoundEvent],
) -> DocumentRecord {
    let off = CharOffsets::new(text);
    let span = |s: ByteSpan| {
        let (a, b) = off.span_to_chars(s);
        Span(a, b)
    };
    let text_ref = |s: ByteSpan| TextRef {
        text: text[s.0..s.1].to_string(),
        span: span(s),
    };
    let entity_id = |i: usize| numbered_id('e', i);
    let claim_id = |i: usize| numbered_id('c', i);
    let hedge_id = |i: usize| numbered_id('h', i);

    let speaker = |s: &crate::FoundSpeaker| Speaker {
        name: s
            .name
            .clone()
            .or_else(|| s.entity.map(|e| entities[e].name.clone())),
        entity: s.entity.map(entity_id),
        mention: s.mention.map(text_ref),
    };

    let claims_out = claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let sources: Vec<Speaker> = c.speakers.iter().map(speaker).collect();
            let first = c.segments.first().map_or(0, |s| s.0);
            let last = c.segments.last().map_or(first, |s| s.1);
            // The segments joined by an ellipsis, built in place.
            const JOIN: &str = " … ";
            let len: usize = c.segments.iter().map(|s| s.1 - s.0).sum();
            let joins = c.segments.len().saturating_sub(1);
            let mut content_text = String::with_capacity(len + joins * JOIN.len());
            for (k, s) in c.segments.iter().enumerate() {
                if k > 0 {
                    content_text.push_str(JOIN);
                }
                content_text.push_str(&text[s.0..s.1]);
            }
            Claim {
                id: claim_id(i),
                kind: c.kind,
                speaker: sources.first().cloned(),
                sources,
                cue: c.cue.map(text_ref),
                content: Content {
                    text: content_text,
                    span: span((first, last)),
                    segments: c.segments.iter().map(|&s| span(s)).collect(),
                },
                stance: c.stance,
                hedges: c.hedges.iter().map(|&h| hedge_id(h)).collect(),
                rule: c.rule.to_string(),
            }
        })
        .collect();

    let entities_out = entities
        .iter()
        .enumerate()
        .map(|(i, e)| Entity {
            id: entity_id(i),
            entity_type: e.kind,
            name: e.name.clone(),
            mentions: e.mentions.iter().map(|&m| text_ref(m)).collect(),
            place: e.place.clone(),
            role: e.role.clone(),
            parent: e.parent.map(entity_id),
            rule: e.rule.to_string(),
        })
        .collect();

    let hedges_out = hedges
        .iter()
        .enumerate()
        .map(|(i, h)| Hedge {
            id: hedge_id(i),
            text: text[h.span.0..h.span.1].to_string(),
            span: span(h.span),
            hedge_type: h.kind,
            claim: h.claim.map(claim_id),
            rule: h.rule.to_string(),
        })
        .collect();

    let events_out = events
        .iter()
        .enumerate()
        .map(|(i, ev)| Event {
            id: numbered_id('v', i),
            event_type: ev.event_type.to_string(),
            trigger: text_ref(ev.trigger),
            span: span(ev.sentence),
            actors: ev.actors.iter().map(|&e| entity_id(e)).collect(),
            targets: ev.targets.iter().map(|&e| entity_id(e)).collect(),
            places: ev.places.iter().map(|&e| entity_id(e)).collect(),
            when: ev.when.map(text_ref),
            claim: ev.claim.map(claim_id),
            rule: ev.rule.to_string(),
        })
        .collect();

    DocumentRecord {
        schema: DOCUMENT_SCHEMA.to_string(),
        document: DocumentInfo {
            id: id.to_string(),
            title: title(text),
            text: text.to_string(),
            language: "en".to_string(),
            source: None,
        },
        claims: claims_out,
        entities: entities_out,
        hedges: hedges_out,
        events: events_out,
    }
}

/// The id of the `index`-th item (from 0) of a kind: `prefix` and the 1-based number, as
/// in "e1", "c12". A record has one per item and reference, so this skips `format!`.
fn numbered_id(prefix: char, index: usize) -> String {
    let mut digits = [0u8; 20];
    let mut n = index + 1;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + digits.len() - at);
    id.push(prefix);
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

/// A plain-text report's title: its first line, when that line stands alone (followed by
/// a blank line or the end of the text) and reads like a headline rather than a sentence.
pub fn title(text: &str) -> Option<String> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let first = first.trim();
    let stands_alone =
        rest.is_empty() || rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
    // At most 30 words; counting stops at the 31st, as a text without a line break is
    // one long first line.
    let few_words = first.split_whitespace().nth(30).is_none();
    let headline = !first.is_empty() && few_words && !first.ends_with(['.', ',', ';', ':']);
    (stands_alone && headline).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_count_from_one() {
        for i in [0, 8, 9, 99, 12_344, usize::MAX - 1] {
            assert_eq!(numbered_id('e', i), format!("e{}", i + 1));
        }
    }

    #[test]
    fn title_is_a_standalone_first_line() {
        assert_eq!(
            title("Troops Reach Border\n\nBody text here.").as_deref(),
            Some("Troops Reach Border")
        );
        assert_eq!(title("A sentence that ends.\n\nBody."), None);
        assert_eq!(title("First line\nsecond line of a paragraph"), None);
        let words = |n: usize| vec!["word"; n].join(" ");
        assert_eq!(title(&words(30)), Some(words(30)));
        assert_eq!(title(&words(31)), None);
    }
}
