//! Hedges and verification statements, and the stance they give claims.
//!
//! A phrase list, matched on lowercase tokens sentence by sentence, finds four kinds of
//! qualifier: hedges ("evidently", "reportedly", "is said to"), verification statements
//! ("could not immediately verify", "unconfirmed"), denials ("denied") and refutations
//! ("there is no truth to the allegation", "debunked", "is false").
//!
//! Each is linked to the claim it qualifies, in this order:
//!
//! 1. a refutation or denial followed in its sentence by a claim's cue qualifies that claim
//!    ("there is no truth to the allegation raised by X that ...");
//! 2. a qualifier inside a claim's content, on its cue or between the two ("claimed
//!    without evidence that ...") qualifies that claim (the narrowest one: Reuters "could
//!    not immediately verify ..." makes Reuters' claim unverified);
//! 3. a verification statement or refutation that speaks of something said before ("The
//!    figures could not be independently verified.", "Reuters could not verify the
//!    video.") qualifies the last claim of the two sentences before it;
//! 4. otherwise, the claim within the next few sentences (or earlier in the paragraph)
//!    whose content shares the most content words with the qualifier's sentence — a lead
//!    that says troops "have evidently reached the border" is sourced later by "sources for
//!    the revelations about ... troops reaching the border include ...".
//!
//! A claim's stance is the strongest of its qualifiers: refuted > disputed > unverified >
//! hedged > asserted.

use crate::claims::WordMap;
use crate::claims::wordscan::{lowercase_in, next_ascii_word};
use crate::triggers::Triggers;
use crate::{ByteSpan, FoundClaim, FoundHedge};
use dossier_model::{HedgeType, Stance};
use dossier_text::{Lowered, Sentence, TokenKind};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Patterns: space-separated token slots; `a|b` alternatives; a leading `?` makes a slot
/// optional.
const PATTERNS: &[(&str, HedgeType, &str)] = &[
    ("evidently", HedgeType::Hedge, "hedge-adverb"),
    ("apparently", HedgeType::Hedge, "hedge-adverb"),
    ("reportedly", HedgeType::Hedge, "hedge-adverb"),
    ("allegedly", HedgeType::Hedge, "hedge-adverb"),
    ("purportedly", HedgeType::Hedge, "hedge-adverb"),
    ("supposedly", HedgeType::Hedge, "hedge-adverb"),
    ("seemingly", HedgeType::Hedge, "hedge-adverb"),
    ("ostensibly", HedgeType::Hedge, "hedge-adverb"),
    (
        "is|are|was|were said|believed|thought to",
        HedgeType::Hedge,
        "hedge-passive",
    ),
    (
        "could|can|cannot|did not ?immediately|independently verify|confirm",
        HedgeType::Unverified,
        "could-not-verify",
    ),
    (
        "was|were unable to ?immediately|independently verify|confirm",
        HedgeType::Unverified,
        "could-not-verify",
    ),
    (
        "could|can|cannot not ?be ?immediately|independently verified|confirmed",
        HedgeType::Unverified,
        "could-not-verify",
    ),
    (
        "has|have|had not ?been ?independently verified|confirmed",
        HedgeType::Unverified,
        "not-verified",
    ),
    // "The BBC has not been able to verify the claim", "those figures cannot be
    // independently verified".
    (
        "has|have|had|was|were not ?been able to ?immediately|independently verify|confirm",
        HedgeType::Unverified,
        "could-not-verify",
    ),
    (
        "cannot ?be ?immediately|independently verified|confirmed",
        HedgeType::Unverified,
        "could-not-verify",
    ),
    // "Neither side's claims could be independently verified": negated earlier in the
    // sentence (checked by `context_allows`).
    (
        "could|can be ?immediately|independently verified|confirmed",
        HedgeType::Unverified,
        "negated-verify",
    ),
    ("unverified", HedgeType::Unverified, "unverified"),
    ("unconfirmed", HedgeType::Unverified, "unverified"),
    (
        "it|that is|was not ?yet clear",
        HedgeType::Unverified,
        "not-clear",
    ),
    ("denied|denies|deny|denying", HedgeType::Denial, "denial"),
    (
        "rejected|dismissed the claim|claims|allegation|allegations|report|reports",
        HedgeType::Denial,
        "denial",
    ),
    // "..., a claim Ukrainian officials rejected": a claim noun shortly before (checked by
    // `context_allows`).
    (
        "rejected|rejects|dismissed|dismisses|disputed|disputes",
        HedgeType::Denial,
        "denial-of-claim",
    ),
    (
        "there is|was no truth to ?the|this|that|these ?allegation|allegations|claim|claims|report|reports|suggestion|assertion",
        HedgeType::Refutation,
        "no-truth",
    ),
    ("no truth to", HedgeType::Refutation, "no-truth"),
    (
        "is|was|are|were false|untrue|baseless|unfounded|fake|fabricated|nonsense|lies|fabrications",
        HedgeType::Refutation,
        "is-false",
    ),
    // (A noun after the article: "is a lie", not "is a false concept".)
    (
        "is|was|are|were a lie|fake|fabrication",
        HedgeType::Refutation,
        "is-false",
    ),
    ("falsely", HedgeType::Refutation, "is-false"),
    (
        "called|calling|calls|call the|these|those|such report|reports|claim|claims|allegation|allegations|accusations ?a fabrication|fabrications|lies|lie|fake|false|nonsense|baseless|unfounded|propaganda",
        HedgeType::Refutation,
        "called-false",
    ),
    ("debunked", HedgeType::Refutation, "debunked"),
    ("no evidence", HedgeType::Refutation, "no-evidence"),
    // "claimed without evidence that ...": the writer marks the claim as unsupported.
    (
        "without ?providing|offering|citing|presenting|giving ?any evidence|proof",
        HedgeType::Unverified,
        "without-evidence",
    ),
];

struct Pattern {
    slots: Vec<(bool, Vec<&'static str>)>,
    kind: HedgeType,
    rule: &'static str,
}

fn patterns() -> Vec<Pattern> {
    PATTERNS
        .iter()
        .map(|&(p, kind, rule)| Pattern {
            slots: p
                .split(' ')
                .map(|slot| {
                    let optional = slot.starts_with('?');
                    (optional, slot.trim_start_matches('?').split('|').collect())
                })
                .collect(),
            kind,
            rule,
        })
        .collect()
}

/// Matches `slots` at `words[at..]`; returns the number of tokens consumed.
fn match_at(slots: &[(bool, Vec<&str>)], words: &Lowered, at: usize) -> Option<usize> {
    let Some(((optional, alts), rest)) = slots.split_first() else {
        return Some(0);
    };
    if at < words.len()
        && alts.contains(&words.get(at))
        && let Some(n) = match_inside(rest, words, at + 1)
    {
        return Some(n + 1);
    }
    if *optional {
        return match_at(rest, words, at);
    }
    None
}

/// [`match_at`] after a pattern's first word, where a quotation mark may stand between
/// two of its words ("there was “no truth” to").
fn match_inside(slots: &[(bool, Vec<&str>)], words: &Lowered, at: usize) -> Option<usize> {
    if !slots.is_empty()
        && at < words.len()
        && matches!(words.get(at), "\"" | "“" | "”" | "‘" | "’" | "''")
    {
        return match_inside(slots, words, at + 1).map(|n| n + 1);
    }
    match_at(slots, words, at)
}

/// Whether the words before a match at token `k` let pattern `rule` stand: "could be
/// verified" needs a negation earlier in the sentence ("Neither side's claims could be
/// ..."), a bare "rejected" a claim noun within the five words before ("a claim Kyiv
/// rejected"). Other patterns stand anywhere.
fn context_allows(rule: &str, words: &Lowered, k: usize) -> bool {
    let before = |from: usize, list: &[&str]| (from..k).any(|j| list.contains(&words.get(j)));
    match rule {
        "negated-verify" => before(
            0,
            &["neither", "nor", "none", "no", "never", "nobody", "nothing"],
        ),
        "denial-of-claim" => before(
            k.saturating_sub(5),
            &[
                "claim",
                "claims",
                "allegation",
                "allegations",
                "charge",
                "charges",
            ],
        ),
        _ => true,
    }
}

fn stance_of(kind: HedgeType) -> Stance {
    match kind {
        HedgeType::Hedge => Stance::Hedged,
        HedgeType::Unverified => Stance::Unverified,
        HedgeType::Denial => Stance::Disputed,
        HedgeType::Refutation => Stance::Refuted,
    }
}

/// Finds hedges, links each to the claim it qualifies and updates claim stances.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    triggers: &Triggers,
    claims: &mut [FoundClaim],
) -> Vec<FoundHedge> {
    let (patterns, by_first) = compiled();
    let index = ClaimIndex::new(claims);
    let mut hedges = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        // Most sentences hold no hedge: a byte scan for the words every pattern needs
        // ([`anchor_words`]) spares them tokenisation.
        if !triggers.hedge(si) {
            continue;
        }
        let toks: Vec<_> = dossier_text::tokens(text, (s.start, s.end));
        let words = Lowered::new(text, &toks);
        let mut k = 0;
        while k < toks.len() {
            let found = by_first.get(words.get(k)).and_then(|candidates| {
                candidates.iter().find_map(|&i| {
                    let p = &patterns[i];
                    match_at(&p.slots, &words, k)
                        .filter(|&n| n > 0 && context_allows(p.rule, &words, k))
                        .map(|n| (p, n))
                })
            });
            let Some((p, n)) = found else {
                k += 1;
                continue;
            };
            let span = (toks[k].start, toks[k + n - 1].end);
            // "calling the reports fabrications": the refutation names the claim it is
            // about, made before.
            let claim = if p.rule == "called-false" {
                last_claim_before(sentences, si, claims, &index)
            } else {
                link(text, sentences, si, span, p.kind, claims, &index)
            };
            if let Some(c) = claim {
                claims[c].stance = claims[c].stance.max(stance_of(p.kind));
                claims[c].hedges.push(hedges.len());
            }
            hedges.push(FoundHedge {
                span,
                kind: p.kind,
                claim,
                rule: p.rule,
            });
            k += n;
        }
    }
    hedges
}

/// What must follow an anchor word for its pattern to match.
#[derive(Debug, Clone, PartialEq)]
enum Follow {
    /// Anything: the anchor alone lets the sentence through.
    Any,
    /// The next word must be one of these ("said" only before "to").
    Next(Vec<&'static str>),
}

/// For each pattern, the alternatives of its most selective required slot (the one whose
/// shortest word is longest: "verify|confirm" rather than "could|can"), and, when a
/// required slot follows right after it, that slot's words. A sentence without any anchor
/// in place matches no pattern.
fn anchors() -> &'static WordMap<Follow> {
    static ANCHORS: OnceLock<WordMap<Follow>> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        let mut map: WordMap<Follow> = WordMap::default();
        for p in compiled().0.iter() {
            let Some(k) = (0..p.slots.len())
                .filter(|&k| !p.slots[k].0)
                .max_by_key(|&k| p.slots[k].1.iter().map(|w| w.len()).min().unwrap_or(0))
            else {
                continue;
            };
            let follow = match p.slots.get(k + 1) {
                Some((false, next)) => Follow::Next(next.clone()),
                _ => Follow::Any,
            };
            for &w in &p.slots[k].1 {
                let merged = match (map.get(w), &follow) {
                    (None, f) => f.clone(),
                    (Some(Follow::Next(a)), Follow::Next(b)) => {
                        Follow::Next(a.iter().chain(b).copied().collect())
                    }
                    _ => Follow::Any,
                };
                map.insert(w, merged);
            }
        }
        map
    })
}

/// The anchor words: a sentence without any of them in place matches no pattern
/// ([`crate::triggers`] scans for them).
pub(crate) fn anchor_words() -> impl Iterator<Item = &'static str> {
    anchors().keys().copied()
}

/// Whether the anchor word `lower` is in place: followed by a run of ASCII letters its
/// pattern can continue with, when the pattern needs one. A superset test: every word a
/// pattern matches is a run of ASCII letters in the text, and the next token after an
/// anchor is the next run of letters.
pub(crate) fn anchor_in_place(lower: &str, rest: &[u8]) -> bool {
    match anchors().get(lower) {
        None => false,
        Some(Follow::Any) => true,
        Some(Follow::Next(wanted)) => {
            let mut buf = [0u8; 24];
            next_ascii_word(rest)
                .and_then(|n| lowercase_in(n, &mut buf))
                .is_some_and(|n| wanted.contains(&n))
        }
    }
}

/// The patterns, and for each possible first word the patterns starting with it (every
/// pattern starts with a required slot), so most tokens cost one hash lookup.
fn compiled() -> &'static (Vec<Pattern>, WordMap<Vec<usize>>) {
    static COMPILED: OnceLock<(Vec<Pattern>, WordMap<Vec<usize>>)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let patterns = patterns();
        let mut by_first: WordMap<Vec<usize>> = WordMap::default();
        for (i, p) in patterns.iter().enumerate() {
            for &w in &p.slots[0].1 {
                by_first.entry(w).or_default().push(i);
            }
        }
        (patterns, by_first)
    })
}

/// Claims ordered by where their content or cue starts, so a qualifier only looks at the
/// claims near it (linear time on long texts).
struct ClaimIndex {
    /// (first byte of content or cue, claim index), sorted.
    starts: Vec<(usize, usize)>,
}

/// How many claims before a position a qualifier may look back over.
const LOOK_BACK: usize = 64;

impl ClaimIndex {
    fn new(claims: &[FoundClaim]) -> Self {
        let mut starts: Vec<(usize, usize)> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let content = c.segments.first().map_or(usize::MAX, |s| s.0);
                (content.min(c.cue.map_or(usize::MAX, |q| q.0)), i)
            })
            .collect();
        starts.sort_unstable();
        ClaimIndex { starts }
    }

    /// Claims starting in `[lo, hi)`, plus up to [`LOOK_BACK`] starting earlier (whose
    /// content may run over `lo`).
    fn near(&self, lo: usize, hi: usize) -> impl Iterator<Item = usize> + '_ {
        let a = self.starts.partition_point(|&(s, _)| s < lo);
        let b = self.starts.partition_point(|&(s, _)| s < hi);
        self.starts[a.saturating_sub(LOOK_BACK)..b]
            .iter()
            .map(|&(_, i)| i)
    }
}

fn inside(span: ByteSpan, outer: ByteSpan) -> bool {
    outer.0 <= span.0 && span.1 <= outer.1
}

/// The claim a qualifier at `span` (in sentence `si`) qualifies (see the module docs).
fn link(
    text: &str,
    sentences: &[Sentence],
    si: usize,
    span: ByteSpan,
    kind: HedgeType,
    claims: &[FoundClaim],
    index: &ClaimIndex,
) -> Option<usize> {
    let sentence = (sentences[si].start, sentences[si].end);
    let nearby: Vec<usize> = index.near(sentence.0, sentence.1).collect();
    // 1. A refutation or denial that is a claim's cue ("Moscow denied it was planning an
    // assault, insisting ..."), or else before a claim's cue in the same sentence.
    if matches!(kind, HedgeType::Refutation | HedgeType::Denial) {
        let after = nearby
            .iter()
            .filter_map(|&i| claims[i].cue.map(|cue| (i, cue)))
            .filter(|&(_, cue)| {
                cue.0 >= span.0 && (cue.1 > span.1 || cue == span) && inside(cue, sentence)
            })
            .min_by_key(|&(_, cue)| cue.0);
        if let Some((i, _)) = after {
            return Some(i);
        }
    }
    // 2a. "The Kremlin said the allegations were false": a refutation of "the allegations"
    // (or "it", "this") inside a claim's content is the speaker's about a claim made
    // before, which it qualifies, not the claim it stands in.
    if kind == HedgeType::Refutation
        && names_a_claim_before(text, sentence, span)
        && let Some(before) = last_claim_before(sentences, si, claims, index)
    {
        return Some(before);
    }
    // 2. Inside a claim's content or on its cue: the narrowest.
    let holder = nearby
        .iter()
        .copied()
        .filter(|&i| {
            let c = &claims[i];
            c.segments.iter().any(|&seg| inside(span, seg))
                || c.cue.is_some_and(|cue| {
                    inside(span, cue)
                        || inside(cue, span)
                        // Between the cue and its content: "claimed without evidence
                        // that C".
                        || c.segments.first().is_some_and(|seg| {
                            cue.1 <= span.0 && span.1 <= seg.0 && inside(*seg, sentence)
                        })
                })
        })
        .min_by_key(|&i| claims[i].segments.iter().map(|s| s.1 - s.0).sum::<usize>());
    if let Some(i) = holder {
        return Some(i);
    }
    // 3. A verification statement or refutation about "the figures", "this" or "it" on
    // its own: the last claim of the two sentences before it.
    if matches!(kind, HedgeType::Unverified | HedgeType::Refutation)
        && refers_back(text, sentence, span)
        && let Some(before) = last_claim_before(sentences, si, claims, index)
    {
        return Some(before);
    }
    // 4. The claim nearby whose content best shares the sentence's content words. (Not
    // for a hedge inside a noun phrase, "a supposedly united alliance", "the allegedly
    // deadly illness": it doubts that phrase, not a claim made elsewhere.)
    if kind == HedgeType::Hedge && after_determiner(text, sentence.0, span.0) {
        return None;
    }
    let words = content_words(text, sentence);
    if words.len() < 3 {
        return None;
    }
    let lo = sentences[si.saturating_sub(2)].start;
    let hi = sentences[(si + 3).min(sentences.len() - 1)].end;
    let mut best: Option<(usize, usize)> = None;
    for i in index.near(lo, hi) {
        let c = &claims[i];
        let Some(&first) = c.segments.first() else {
            continue;
        };
        if first.0 < lo || first.1 > hi {
            continue;
        }
        let mut shared = HashSet::new();
        for &seg in &c.segments {
            for w in content_words(text, seg) {
                if words.contains(&w) {
                    shared.insert(w);
                }
            }
        }
        if shared.len() >= 3 && best.is_none_or(|b| shared.len() > b.1) {
            best = Some((i, shared.len()));
        }
    }
    best.map(|b| b.0)
}

/// Whether the word before byte `at` (within the sentence from `from`) is an article or a
/// possessive determiner.
fn after_determiner(text: &str, from: usize, at: usize) -> bool {
    let before = text[from..at].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        word.to_ascii_lowercase().as_str(),
        "a" | "an" | "the" | "its" | "his" | "her" | "their" | "our" | "this" | "that"
    )
}

/// The claim whose content ends last within the two sentences before sentence `si`.
fn last_claim_before(
    sentences: &[Sentence],
    si: usize,
    claims: &[FoundClaim],
    index: &ClaimIndex,
) -> Option<usize> {
    let lo = sentences[si.saturating_sub(2)].start;
    let start = sentences[si].start;
    index
        .near(lo, start)
        .filter(|&i| {
            claims[i]
                .segments
                .first()
                .is_some_and(|first| first.0 >= lo && first.1 <= start)
        })
        .max_by_key(|&i| (claims[i].segments.last().map_or(0, |s| s.1), i))
}

/// Whether the two or three words right before a refutation at `span` name a claim made
/// before: "the allegations", "these reports", "such claims", "it", "this".
fn names_a_claim_before(text: &str, sentence: ByteSpan, span: ByteSpan) -> bool {
    let before: Vec<String> = text
        .get(sentence.0..span.0)
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    match before.as_slice() {
        [.., det, noun] => {
            matches!(
                det.as_str(),
                "the" | "these" | "those" | "such" | "that" | "this"
            ) && matches!(
                noun.as_str(),
                "allegation"
                    | "allegations"
                    | "claim"
                    | "claims"
                    | "report"
                    | "reports"
                    | "accusation"
                    | "accusations"
                    | "statement"
                    | "statements"
                    | "assertion"
                    | "assertions"
            ) || matches!(noun.as_str(), "it" | "this")
        }
        [.., only] => matches!(only.as_str(), "it" | "this"),
        [] => false,
    }
}

/// Whether a qualifier at `span` speaks of something said before: its sentence's subject
/// ("The figures could not be independently verified", "This is false") or the object
/// after it ("Reuters could not verify the video") is a definite or demonstrative phrase
/// or a pronoun, and the sentence says little else.
fn refers_back(text: &str, sentence: ByteSpan, span: ByteSpan) -> bool {
    let words = |a: usize, b: usize| -> Vec<String> {
        text.get(a..b)
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let anaphor = |w: &String| {
        matches!(
            w.as_str(),
            "the"
                | "these"
                | "those"
                | "this"
                | "that"
                | "such"
                | "it"
                | "they"
                | "them"
                | "neither"
                | "none"
                | "its"
                | "their"
        )
    };
    let mut before = words(sentence.0, span.0);
    // "But the claims could not be verified."
    if before
        .first()
        .is_some_and(|w| matches!(w.as_str(), "but" | "however" | "yet" | "still"))
    {
        before.remove(0);
    }
    let after = words(span.1, sentence.1);
    // ("Neither side's battlefield claims could be verified": "neither" and "none" reach
    // back over longer subjects.)
    let longest = if before
        .first()
        .is_some_and(|w| matches!(w.as_str(), "neither" | "none"))
    {
        5
    } else {
        3
    };
    let subject = (1..=longest).contains(&before.len()) && before.first().is_some_and(anaphor);
    // "no evidence of these statements": the object may follow a preposition.
    let object_at = usize::from(
        after
            .first()
            .is_some_and(|w| matches!(w.as_str(), "of" | "for" | "about" | "to")),
    );
    // (The subject counts from the last "and" or "but": "There was no comment from Kyiv,
    // and the BBC has not been able to verify the claim.")
    let clause_before = before
        .iter()
        .rposition(|w| matches!(w.as_str(), "and" | "but"))
        .map_or(before.len(), |k| before.len() - k - 1);
    let object = clause_before <= 4
        && after.len() <= 4 + object_at
        && after.get(object_at).is_some_and(anaphor);
    subject || object
}

/// Lowercase words of four letters or more, with a crude stem (reach/reached/reaching).
fn content_words(text: &str, span: ByteSpan) -> HashSet<String> {
    dossier_text::tokens(text, span)
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.end - t.start >= 4)
        .map(|t| {
            let w = t.text(text).to_lowercase();
            let w = w.trim_end_matches("’s").trim_end_matches("'s");
            let stem = ["ing", "ed", "es", "s"]
                .iter()
                .find_map(|suf| w.strip_suffix(suf).filter(|r| r.len() >= 4))
                .unwrap_or(w);
            stem.to_string()
        })
        .filter(|w| {
            !matches!(
                w.as_str(),
                "that" | "this" | "with" | "have" | "been" | "from" | "which" | "were" | "their"
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims;
    use crate::triggers::may_hold_hedge;

    fn run(text: &str) -> (Vec<FoundClaim>, Vec<FoundHedge>) {
        let sentences = dossier_text::sentences(text);
        let triggers = Triggers::scan(text, &sentences);
        let mut c = claims::find(text, &sentences, &triggers);
        let h = find(text, &sentences, &triggers, &mut c);
        (c, h)
    }

    #[test]
    fn the_prefilter_passes_every_pattern_and_skips_plain_sentences() {
        for p in compiled().0.iter() {
            // Every combination of required alternatives would be too many; each slot's
            // alternatives in turn, the others at their first.
            for (k, (_, alts)) in p.slots.iter().enumerate() {
                for alt in alts {
                    let phrase: Vec<&str> = p
                        .slots
                        .iter()
                        .enumerate()
                        .filter(|(_, (optional, _))| !optional)
                        .map(|(j, (_, a))| if j == k { *alt } else { a[0] })
                        .collect();
                    let sentence = format!("Officials {} the report.", phrase.join(" "));
                    let upper = sentence.to_uppercase();
                    assert!(may_hold_hedge(&sentence), "{sentence}");
                    assert!(may_hold_hedge(&upper), "{upper}");
                }
            }
        }
        assert!(!may_hold_hedge("The convoy reached the border on Monday."));
    }

    #[test]
    fn verification_inside_a_quote_makes_the_claim_unverified() {
        let t = "“We could not immediately verify the account,” the agency said.";
        let (c, h) = run(t);
        assert_eq!(h.len(), 1);
        assert_eq!(&t[h[0].span.0..h[0].span.1], "could not immediately verify");
        assert_eq!(h[0].kind, HedgeType::Unverified);
        assert_eq!(h[0].claim, Some(0));
        assert_eq!(c[0].stance, Stance::Unverified);
        assert_eq!(c[0].hedges, [0]);
    }

    #[test]
    fn refutation_qualifies_the_allegation_that_follows() {
        let t =
            "But there is no truth to the allegation raised by the envoy that the dam was mined.";
        let (c, h) = run(t);
        assert_eq!(
            &t[h[0].span.0..h[0].span.1],
            "there is no truth to the allegation"
        );
        assert_eq!(h[0].kind, HedgeType::Refutation);
        assert_eq!(c[0].stance, Stance::Refuted);
    }

    #[test]
    fn a_lead_hedge_links_to_the_claim_that_sources_it() {
        let t = "Soldiers have evidently reached the river north of the city.\n\nSources for the reports about soldiers reaching the river north of the city include the army.";
        let (c, h) = run(t);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].claim, Some(0));
        assert_eq!(c[0].stance, Stance::Hedged);
    }

    #[test]
    fn a_verification_statement_about_what_was_said_before() {
        for statement in [
            "The figures could not be independently verified.",
            "But this could not be confirmed.",
            "Neither side's battlefield claims could be independently verified.",
            "A news agency could not immediately verify the video.",
            "There is simply no evidence of these statements.",
        ] {
            let text = format!(
                "Rain fell. The mayor said the depot was destroyed. Trains ran late. {statement}"
            );
            let (c, h) = run(&text);
            assert_eq!(c.len(), 1, "{statement}");
            assert_eq!(h.len(), 1, "{statement}");
            assert_eq!(h[0].claim, Some(0), "{statement}");
            assert_eq!(c[0].stance, stance_of(h[0].kind), "{statement}");
            assert_ne!(c[0].stance, Stance::Asserted, "{statement}");
        }
        // Neither a statement with its own subject matter nor a claim three sentences back.
        for text in [
            "The mayor said the depot was destroyed. The number of dead could not be verified.",
            "The mayor said the depot was destroyed. Rain fell. Trains ran. This could not be \
             confirmed.",
            "The mayor said the depot was destroyed. It is not yet clear whether trains run.",
        ] {
            let (_, h) = run(text);
            assert_eq!(h.len(), 1, "{text}");
            assert_eq!(h[0].claim, None, "{text}");
        }
        // "could be verified" says nothing without a negation before it.
        let (_, h) = run("The mayor said the depot was destroyed. Claims could be verified.");
        assert!(h.is_empty(), "{h:?}");
    }

    #[test]
    fn claimed_without_evidence_is_unverified() {
        let (c, h) = run("The commander claimed without providing evidence that the town fell.");
        assert_eq!(c.len(), 1);
        assert_eq!(
            &"The commander claimed without providing evidence that the town fell."
                [c[0].segments[0].0..c[0].segments[0].1],
            "the town fell"
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].claim, Some(0));
        assert_eq!(c[0].stance, Stance::Unverified);
    }

    #[test]
    fn a_claim_someone_rejected_is_disputed() {
        let (c, h) = run(
            "The ministry claimed its forces had taken the village, a claim local officials \
             rejected.",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].claim, Some(0));
        assert_eq!(c[0].stance, Stance::Disputed);
        // Rejecting a proposal disputes no claim.
        let (_, h) = run("The council rejected the proposal to close the bridge.");
        assert!(h.is_empty(), "{h:?}");
    }

    #[test]
    fn unrelated_hedges_link_to_nothing() {
        let (c, h) = run("The vote evidently was not required.");
        assert!(c.is_empty());
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].claim, None);
        assert!(run("The bridge is intact.").1.is_empty());
    }

    #[test]
    fn a_denial_that_is_a_cue_qualifies_its_own_claim() {
        let text = "Moscow has repeatedly denied it is planning an assault, insisting instead \
                    that the drills are routine.";
        let (c, h) = run(text);
        assert_eq!(h.len(), 1);
        let denied = h[0].claim.expect("linked to a claim");
        let cue = c[denied].cue.expect("a cue");
        assert_eq!(&text[cue.0..cue.1], "denied");
        assert_eq!(c[denied].stance, Stance::Disputed);
    }

    #[test]
    fn a_refutation_with_quotation_marks_inside_and_bare_plural_claims() {
        let text = "The spokesman told reporters there was “no truth” to claims that the \
                    front was collapsing.";
        let (c, h) = run(text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, HedgeType::Refutation);
        let refuted = h[0].claim.expect("linked");
        let cue = c[refuted].cue.expect("a cue");
        assert_eq!(&text[cue.0..cue.1], "claims");
        assert_eq!(c[refuted].stance, Stance::Refuted);
        // The spokesman's own statement is not refuted.
        let told = c
            .iter()
            .find(|x| x.cue.is_some_and(|q| &text[q.0..q.1] == "told"));
        assert_eq!(told.expect("told").stance, Stance::Asserted);
    }

    #[test]
    fn a_refutation_of_the_allegations_qualifies_the_claim_made_before() {
        let text = "Officials said the strike killed twelve people. The Kremlin said the \
                    allegations were “a lie”.";
        let (c, h) = run(text);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].kind, HedgeType::Refutation);
        let refuted = h[0].claim.expect("linked");
        assert!(text[c[refuted].segments[0].0..].starts_with("the strike killed"));
        assert_eq!(c[refuted].stance, Stance::Refuted);
    }

    #[test]
    fn not_able_to_verify_and_cannot_be_verified_are_verification_statements() {
        let text = "The ministry said its troops took the village. There was no comment from \
                    Kyiv, and the agency has not been able to verify the claim.";
        let (c, h) = run(text);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].kind, HedgeType::Unverified);
        assert_eq!(c[h[0].claim.expect("linked")].stance, Stance::Unverified);
        let (_, h) = run(
            "Officials believe 300 soldiers died, though the figures cannot be \
                          independently verified.",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, HedgeType::Unverified);
    }

    #[test]
    fn calling_the_reports_fabrications_refutes_them() {
        let text = "The governor said the brigade had reached the border. A ministry \
                    spokesman denied any losses, calling the reports “fabrications.”";
        let (c, h) = run(text);
        let called = h
            .iter()
            .find(|x| x.rule == "called-false")
            .expect("the refutation");
        let refuted = called.claim.expect("linked");
        assert!(text[c[refuted].segments[0].0..].starts_with("the brigade had reached"));
        assert_eq!(c[refuted].stance, Stance::Refuted);
    }

    #[test]
    fn a_hedge_inside_a_noun_phrase_qualifies_no_claim_elsewhere() {
        let text = "The mayor said the supply of water to the eastern district was restored. \
                    Residents queue for the supposedly restored supply of water to the district.";
        let (c, h) = run(text);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].claim, None);
    }
}
