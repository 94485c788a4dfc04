//! Attributed claims: who says (believes, plans, found) what.
//!
//! Rules work sentence by sentence on tokens, with the document's quotations at hand so a
//! quote can run across sentences or paragraphs. Each cue produces at most one claim:
//!
//! | rule | shape |
//! |---|---|
//! | `speaker-cue-content` | "X said (that) ...", "X believes ...", "X plans to ...", "X told reporters that ..." |
//! | `speaker-cue-quote` | "X said: “...”" (the quotation, however many sentences it spans) |
//! | `content-speaker-cue` | "“...,” X said", "..., X said on Tuesday" |
//! | `content-cue-speaker` | "“...,” said X", "..., said X, a spokesman" |
//! | `cue-speaker-quote` | "Said X, “...”", "But, added X, “...”" |
//! | `participle` | "X vetoed the bill, arguing ..." (the speaker is the main clause's subject) |
//! | `according-to` | "According to X, ...", "..., according to X" |
//! | `claim-noun` | "the allegation raised by X that ...", "X’s claim that ..." |
//! | `sources-include` | "Sources for the reports about ... include X and Y" (one claim, several sources) |
//! | `passive` | "it is believed that ...", "X is expected to ..." (no source) |
//! | `passive-by` | "C was first reported by X", "a practice criticized by X", "was asked by X whether C" |
//! | `as-put-it` | "As X put it, C", "C, as X said" |
//! | `name-colon` | "Trump: My plans aren't set in stone." (headlines, transcripts) |
//! | `asked` | "Asked whether he would run, ..." (the question, asked by whoever asks) |
//! | `appearance` | "Sanders appears to have a lead" (no source) |
//! | `in-poll` | "Trump leads Cruz by nine points in the latest CNN poll" (the poll is the source) |
//!
//! A quotation split by the attribution ("“A,” he said, “B.”") or continued by the next
//! sentence or paragraph ("“A,” he said. “B.”") becomes one claim with several content
//! segments. Content follows the PolNeAR conventions the evaluation uses: it excludes the
//! quotation marks and a trailing comma, the complementiser "that", and the final period of
//! reported speech (a quotation keeps its own punctuation). The kind comes from quotation
//! marks: the content is exactly quotations (direct), contains some (mixed), or none
//! (indirect).
//!
//! Cues inside a quotation are not attributions of the reporter's, and are skipped.

mod cues;
pub(crate) mod wordscan;

pub(crate) use cues::WordMap;

use crate::triggers::Triggers;
use crate::{ByteSpan, FoundClaim, FoundSpeaker};
use cues::{Cue, CueClass};
use dossier_model::{ClaimKind, Stance};
use dossier_text::{Quotation, Sentence, Token, TokenKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Finds every attribution in the text. Sentences `triggers` rules out are skipped.
pub fn find(text: &str, sentences: &[Sentence], triggers: &Triggers) -> Vec<FoundClaim> {
    let quotes = Quotes::new(text);
    let mut claims: Vec<Draft> = Vec::new();
    // The sentences' lowercase forms, one sentence at a time.
    let mut forms = String::new();
    for (index, s) in sentences.iter().enumerate() {
        if !triggers.claim(index) {
            continue;
        }
        let toks = dossier_text::tokens(text, (s.start, s.end));
        let lower = dossier_text::lowercase_forms(text, &toks, &mut forms);
        let sent = Sent::new(text, *s, index, &quotes, toks, lower);
        let before = claims.len();
        sentence_claims(&sent, &quotes, &mut claims);
        if claims.len() == before
            && let Some(d) = unsourced_report(&sent)
        {
            claims.push(d);
        }
        // Capped before trimming, which looks at every token of each content.
        cap_sentence_output(&mut claims, before, s.end - s.start);
        trim_to_next_attribution(&sent, &mut claims[before..]);
    }
    continue_quotes(text, sentences, &quotes, &mut claims);
    let mut out: Vec<FoundClaim> = Vec::with_capacity(claims.len());
    for d in claims {
        let segments: Vec<ByteSpan> = d
            .segments
            .iter()
            .map(|&s| trim_span(text, s))
            .filter(|s| s.0 < s.1)
            .collect();
        if segments.is_empty() {
            continue;
        }
        let claim = FoundClaim {
            kind: kind_of(text, &segments, &quotes),
            speakers: d
                .speakers
                .iter()
                // A lone adjective or function word is no speaker ("as soon as possible
                // shows", "in a scene captured on video and posted"); the claim stays,
                // without a source.
                .filter(|&&(a, b)| {
                    !is_adjective_like(&text[a..b]) && !is_function_word(&text[a..b])
                })
                .map(|&m| FoundSpeaker {
                    mention: Some(m),
                    entity: None,
                    name: None,
                })
                .collect(),
            cue: Some(d.cue),
            segments,
            stance: Stance::Asserted,
            hedges: Vec::new(),
            rule: d.rule,
        };
        // Duplicates come from the same sentence, so only recent claims are compared
        // (keeping this linear on a 200 MB line). The same content twice, once with a
        // speaker and once without ("X said in a statement that C" also reads as "a
        // statement that C"), is one claim, X's.
        let recent = out.len().saturating_sub(16);
        let same = out[recent..].iter().position(|c| {
            c.segments == claim.segments
                && (c.speakers == claim.speakers
                    || c.speakers.is_empty()
                    || claim.speakers.is_empty())
        });
        match same {
            None => out.push(claim),
            Some(at) if out[recent + at].speakers.is_empty() && !claim.speakers.is_empty() => {
                out[recent + at] = claim;
            }
            Some(_) => {}
        }
    }
    out
}

/// Every word some rule starts from (a cue, a claim noun, "according", "sources", "asked"):
/// a sentence without one (or a colon, for headlines and transcripts) produces no claim,
/// and [`crate::triggers`] spares it tokenisation.
pub(crate) fn trigger_words() -> impl Iterator<Item = &'static str> {
    cues::word_info_keys().chain(OTHER_TRIGGERS.iter().copied())
}

/// Words some rule starts from besides those [`cues::word_info`] knows.
const OTHER_TRIGGERS: &[&str] = &[
    "sources",
    "source",
    "asked",
    "put",
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "poll",
    "survey",
];

/// Adverbs that say a sentence reports what others claim, without naming them.
const REPORTING_ADVERBS: &[&str] = &["reportedly", "allegedly", "purportedly", "supposedly"];

/// First letters and lengths of every word a rule starts from: a bit test that spares most
/// tokens a hash lookup.
fn trigger_shapes() -> &'static wordscan::Shapes {
    static SHAPES: OnceLock<wordscan::Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| wordscan::Shapes::of(trigger_words()))
}

/// Keeps one sentence's claims while their contents add up to at most four times the
/// sentence (plus 1 kB), in the order found. A real sentence never comes near it; a
/// crafted run-on one ("Asked Asked Asked ...", thousands of cues each reporting the rest
/// of a 20 kB sentence) would otherwise turn kilobytes of input into gigabytes of output.
fn cap_sentence_output(claims: &mut Vec<Draft>, from: usize, sentence_len: usize) {
    let budget = 4 * sentence_len + 1024;
    let mut used = 0;
    let mut keep = claims.len();
    for (k, d) in claims.iter().enumerate().skip(from) {
        used += d
            .segments
            .iter()
            .map(|seg| seg.1.saturating_sub(seg.0))
            .sum::<usize>();
        if used > budget {
            keep = k;
            break;
        }
    }
    claims.truncate(keep);
}

/// A claim under construction.
#[derive(Debug, Clone)]
struct Draft {
    speakers: Vec<ByteSpan>,
    cue: ByteSpan,
    segments: Vec<ByteSpan>,
    /// Where the attribution (speaker or cue) starts, to cut an earlier claim's content.
    anchor: usize,
    /// Content runs forward from the cue to the sentence end (and may be cut).
    forward: bool,
    /// The last segment is a quotation that a following quotation may continue.
    open_quote: Option<usize>,
    /// The attribution sits in a subordinate clause ("While X said C, ..."): the content
    /// ends at the clause's comma.
    clause_only: bool,
    sentence: usize,
    rule: &'static str,
}

impl Draft {
    /// A claim of sentence `s` with no quotation left open and no clause limit; rules that
    /// need `forward`, `open_quote` or `clause_only` set them over this.
    fn new(
        s: &Sent,
        rule: &'static str,
        speakers: Vec<ByteSpan>,
        cue: ByteSpan,
        segments: Vec<ByteSpan>,
        anchor: usize,
    ) -> Draft {
        Draft {
            speakers,
            cue,
            segments,
            anchor,
            forward: false,
            open_quote: None,
            clause_only: false,
            sentence: s.index,
            rule,
        }
    }
}

/// The document's double quotations, indexed by their marks.
/// Hashes a byte offset with one multiplication. The quotation maps are asked about every
/// token the speaker search passes, and SipHash (the default) cost more than the search's
/// own work there. The maps are only ever looked up, never iterated, so the hash decides
/// nothing but speed.
#[derive(Default)]
struct OffsetHasher(u64);

impl std::hash::Hasher for OffsetHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        // Odd multiplier: distinct low bits (the bucket) stay distinct, and the high bits
        // (the table's tag) depend on all of them.
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

type OffsetMap = HashMap<usize, usize, std::hash::BuildHasherDefault<OffsetHasher>>;

struct Quotes<'a> {
    list: Vec<Quotation>,
    by_open: OffsetMap,
    by_close: OffsetMap,
    text: &'a str,
}

impl<'a> Quotes<'a> {
    fn new(text: &'a str) -> Self {
        let list: Vec<Quotation> = dossier_text::quotations(text)
            .into_iter()
            .filter(|q| !q.single)
            .collect();
        let by_open = list.iter().enumerate().map(|(i, q)| (q.open, i)).collect();
        let by_close = list
            .iter()
            .enumerate()
            .filter_map(|(i, q)| q.close.map(|c| (c, i)))
            .collect();
        Quotes {
            list,
            by_open,
            by_close,
            text,
        }
    }

    /// Whether byte `pos` lies inside quoted text.
    fn inside(&self, pos: usize) -> bool {
        let i = self.list.partition_point(|q| q.start <= pos);
        i > 0 && pos < self.list[i - 1].end
    }

    fn opening_at(&self, pos: usize) -> Option<usize> {
        self.by_open.get(&pos).copied()
    }

    fn closing_at(&self, pos: usize) -> Option<usize> {
        self.by_close.get(&pos).copied()
    }

    /// The quotation's content without a trailing comma or space.
    fn content(&self, i: usize) -> ByteSpan {
        let q = &self.list[i];
        let s = &self.text[q.start..q.end];
        let trimmed = s.trim_end().trim_end_matches([',', ';']).trim_end();
        (q.start, q.start + trimmed.len())
    }
}

/// One sentence's tokens with their lowercase forms.
struct Sent<'a> {
    text: &'a str,
    span: Sentence,
    index: usize,
    toks: Vec<Token>,
    /// Per token, its lowercase form ([`dossier_text::lowercase_forms`]): the rules ask for
    /// it over a million times per megabyte.
    lower: Vec<&'a str>,
    /// Per token: whether it lies inside a quotation.
    quoted: Vec<bool>,
}

impl<'a> Sent<'a> {
    fn new(
        text: &'a str,
        span: Sentence,
        index: usize,
        quotes: &Quotes,
        toks: Vec<Token>,
        lower: Vec<&'a str>,
    ) -> Self {
        // Tokens and quotations are both in text order: one binary search, then a merge.
        let list = &quotes.list;
        let mut next = toks
            .first()
            .map_or(0, |t| list.partition_point(|q| q.start <= t.start));
        // No quotation open at the first token and none starting by the last (most
        // sentences): no token is quoted.
        let unquoted = match (toks.first(), toks.last()) {
            (Some(first), Some(last)) => {
                (next == 0 || list[next - 1].end <= first.start)
                    && list.get(next).is_none_or(|q| q.start > last.start)
            }
            _ => true,
        };
        let quoted: Vec<bool> = if unquoted {
            vec![false; toks.len()]
        } else {
            toks.iter()
                .map(|t| {
                    while next < list.len() && list[next].start <= t.start {
                        next += 1;
                    }
                    next > 0 && t.start < list[next - 1].end
                })
                .collect()
        };
        Sent {
            text,
            span,
            index,
            toks,
            lower,
            quoted,
        }
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// Token `i`'s lowercase form ("" past the end). The rules compare punctuation through
    /// it too: no character lowercases to a punctuation mark (but ’, which becomes '), so a
    /// form is "," exactly when the token is, and the form needs no slicing of the text.
    fn lw(&self, i: usize) -> &str {
        self.lower.get(i).copied().unwrap_or("")
    }

    fn raw(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind != TokenKind::Punct)
    }

    fn is_capitalized(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        // An ASCII first byte (most tokens) by itself, without slicing the token out.
        match self.text.as_bytes().get(t.start) {
            Some(&b) if b < 0x80 => t.start < t.end && b.is_ascii_uppercase(),
            _ => self.raw(i).chars().next().is_some_and(char::is_uppercase),
        }
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.lw(i) == s
    }

    /// A quotation mark (any style) token.
    fn is_quote_mark(&self, i: usize) -> bool {
        // (Quotation marks are punctuation tokens: a word's text is not sliced out.)
        if self.toks.get(i).is_none_or(|t| t.kind != TokenKind::Punct) {
            return false;
        }
        let r = self.raw(i);
        let mut chars = r.chars();
        chars.next().is_some_and(dossier_text::is_quote_char) && chars.next().is_none() || r == "''"
    }

    /// A plural possessive's apostrophe ("Sanders' campaign", "the generals’ plan"): glued
    /// to a word ending in "s" and followed by a space.
    fn is_possessive_mark(&self, i: usize) -> bool {
        matches!(self.raw(i), "'" | "’")
            && i > 0
            && self.is_word(i - 1)
            && self.lw(i - 1).ends_with('s')
            && self.toks[i - 1].end == self.toks[i].start
            && self
                .toks
                .get(i + 1)
                .is_none_or(|t| t.start > self.toks[i].end)
    }

    /// Sentence-final punctuation and closing marks from token `i` on.
    fn only_closing_from(&self, i: usize) -> bool {
        (i..self.len()).all(|k| {
            let r = self.raw(k);
            matches!(r, "." | "!" | "?" | ")" | "]" | "…") || self.is_quote_mark(k)
        })
    }

    /// Byte end of the sentence without its final punctuation (for reported speech).
    fn content_end(&self) -> usize {
        let s = &self.text[self.span.start..self.span.end];
        let t = s.trim_end_matches(['.', '!', '?', ' ', ':', ';', ',']);
        self.span.start + t.len()
    }
}

/// A word list the rules ask about by membership, hashed on first use.
///
/// The speaker and content rules ask thousands of times a report whether a word is one of
/// a list of up to a hundred; scanning the list (a length test per entry and a `memcmp` per
/// same-length one) was most of the speaker search's instructions. `contains` has the
/// slice method's signature, so the rules read as before.
struct ListSet {
    words: &'static [&'static str],
    set: OnceLock<WordMap<()>>,
}

impl ListSet {
    const fn new(words: &'static [&'static str]) -> ListSet {
        ListSet {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is in the list.
    fn contains(&self, word: &&str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().map(|&w| (w, ())).collect())
            .contains_key(word)
    }
}

static DETERMINERS: ListSet = ListSet::new(&[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those",
    "some", "many", "most", "several", "all", "both", "each", "every", "no", "other", "another",
    "few", "one", "two", "three", "any",
]);

/// Words an NP walking left from a cue stops at (exclusive).
static BOUNDARY: ListSet = ListSet::new(&[
    "after",
    "before",
    "in",
    "on",
    "at",
    "during",
    "since",
    "until",
    "with",
    "without",
    "by",
    "from",
    "into",
    "about",
    "against",
    "despite",
    "amid",
    "amidst",
    "over",
    "under",
    "through",
    "when",
    "while",
    "because",
    "although",
    "though",
    "as",
    "if",
    "than",
    "then",
    "so",
    "but",
    "or",
    "nor",
    "yet",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "why",
    "how",
    "what",
    "there",
    "here",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "not",
    "to",
    "and",
    "also",
    "even",
    "once",
    "later",
    "again",
    "now",
    "it's",
    "whether",
    "said",
    "says",
    "say",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "like",
    "unlike",
    "among",
    "between",
    "whom",
    "whatever",
    "whoever",
    "upon",
    "onto",
    "per",
    "via",
    "just",
    "only",
    "still",
    "already",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "ago",
    "last",
    "next",
    "this",
    "for",
    "of",
]);

/// Auxiliaries and adverbs between a subject and its cue ("has also said").
static BETWEEN: ListSet = ListSet::new(&[
    "only",
    "merely",
    "essentially",
    "perhaps",
    "probably",
    "has",
    "have",
    "had",
    "also",
    "later",
    "earlier",
    "then",
    "previously",
    "recently",
    "repeatedly",
    "once",
    "again",
    "publicly",
    "privately",
    "would",
    "will",
    "could",
    "may",
    "might",
    "did",
    "does",
    "do",
    "not",
    "never",
    "never",
    "quickly",
    "simply",
    "often",
    "frequently",
    "flatly",
    "already",
    "still",
    "even",
    "first",
    "always",
    "initially",
    "further",
    "himself",
    "herself",
    "themselves",
    "had",
    "ultimately",
    "reportedly",
    "apparently",
    "allegedly",
    "now",
    "am",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "should",
    "must",
    "can",
    "cannot",
    "can't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "just",
    "long",
    "has",
    "ever",
    "openly",
    "explicitly",
    "clearly",
    "widely",
]);

/// What may follow a trailing attribution's comma: the sentence goes on with something
/// that is not the claim's content.
static AFTER_TRAILER: ListSet = ListSet::new(&[
    "although",
    "though",
    "while",
    "but",
    "as",
    "because",
    "when",
    "and",
    "whereas",
    "who",
    "which",
    "a",
    "an",
    "the",
    "according",
    "citing",
    "referring",
    "speaking",
    "before",
    "after",
    "in",
    "on",
    "at",
    "during",
    "where",
    "even",
    "so",
    // "…, one official said, such as in combined-arms warfare": the content goes on.
    "such",
    "including",
]);

/// Conjunctions that open a subordinate clause ("while he said ..., it is ...").
const SUBORDINATORS: &[&str] = &[
    "while", "although", "though", "as", "because", "when", "if", "since", "after", "before",
    "whereas", "unless", "once",
];

const PRONOUN_SUBJECTS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

static TIME_WORDS: ListSet = ListSet::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "earlier",
    "later",
    "recently",
    "repeatedly",
    "privately",
    "publicly",
    "last",
    "this",
    "then",
    "afterward",
    "afterwards",
    "again",
    "once",
    "frequently",
    "often",
    "late",
]);

const ADJUNCT_PREPS: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "during",
    "after",
    "before",
    "from",
    "via",
    "with",
    "through",
    "over",
    "of",
    "about",
    "for",
    "by",
    "outside",
    "inside",
    "while",
    "when",
    "last",
    "this",
    "earlier",
    "later",
    "afterward",
    "under",
    "as",
    "without",
];

/// Appended comments after reported content that are the writer's, not the speaker's.
const CONTENT_CUTS: &[&str] = &[
    "something",
    "whereas",
    "although",
    "though",
    "while",
    "but",
    "even",
    "despite",
    "when",
    "whom",
    "where",
];

const INSIDE_QUOTES: bool = false;

fn sentence_claims(s: &Sent, quotes: &Quotes, out: &mut Vec<Draft>) {
    let first = out.len();
    sentence_claims_by_rule(s, quotes, out);
    // "“C1,” X told reporters, adding that C2": a participle's speaker is the attribution
    // it continues, not whatever opens the sentence (here, words inside the quotation).
    for k in first + 1..out.len() {
        if out[k].rule == "participle"
            && let Some(before) = out[first..k].iter().rev().find(|d| {
                d.rule != "participle" && !d.speakers.is_empty() && d.anchor < out[k].anchor
            })
        {
            out[k].speakers = before.speakers.clone();
        }
        // "X told the BBC that C1, but insisted that C2": a second verb's subject found
        // before the first cue is that attribution's speaker, in full.
        if let [own] = out[k].speakers[..]
            && let Some(before) = out[first..k]
                .iter()
                .rev()
                .find(|d| d.speakers.len() == 1 && d.cue.1 <= out[k].cue.0 && own.1 <= d.cue.0)
            && before.speakers[0] != own
            && before.speakers[0].0 <= own.0
            && own.1 <= before.speakers[0].1
        {
            out[k].speakers = before.speakers.clone();
        }
    }
}

fn sentence_claims_by_rule(s: &Sent, quotes: &Quotes, out: &mut Vec<Draft>) {
    let shapes = trigger_shapes();
    let n = s.len();
    if n < 2 {
        return;
    }
    if let Some(d) = sources_include(s) {
        out.push(d);
        return;
    }
    if let Some(d) = colon_headline(s, quotes) {
        out.push(d);
    }
    if let Some(d) = asked(s) {
        out.push(d);
    }
    // A headline in title case ("Trump Says He Never Pledged ...") has capitalised cues;
    // counted only when a capitalised cue needs it.
    let mut title_case: Option<bool> = None;
    let mut is_title_case = || {
        *title_case.get_or_insert_with(|| {
            let words = (0..n).filter(|&k| s.is_word(k)).count();
            let capitalised = (0..n)
                .filter(|&k| s.is_word(k) && s.is_capitalized(k))
                .count();
            words >= 4 && capitalised * 10 >= words * 7
        })
    };
    let mut i = 0;
    while i < n {
        // Cues inside a quotation are the quoted speaker's, not the reporter's.
        if s.quoted[i] && !INSIDE_QUOTES {
            i += 1;
            continue;
        }
        // One lookup per token; most words are in no list.
        if s.lw(i) == "as"
            && let Some(d) = as_put_it(s, quotes, i)
        {
            // On past the cue, which has its claim now.
            let cue_end = d.cue.1;
            out.push(d);
            i = (i + 1..n)
                .find(|&k| s.toks[k].start >= cue_end)
                .unwrap_or(n);
            continue;
        }
        // A bit test first: most words are in no list.
        if !shapes.may_contain(s.lw(i).as_bytes()) {
            i += 1;
            continue;
        }
        let Some(info) = cues::word_info(s.lw(i)) else {
            i += 1;
            continue;
        };
        if info.appearance {
            if let Some(d) = seems(s, quotes, i) {
                out.push(d);
            }
            i += 1;
            continue;
        }
        if info.according && s.is(i + 1, "to") {
            if let Some(d) = according_to(s, i) {
                out.push(d);
            }
            i += 2;
            continue;
        }
        if info.claim_noun
            && let Some(d) = claim_noun(s, i)
        {
            out.push(d);
            i += 1;
            continue;
        }
        if let Some(cue) = info.cue
            && (!s.is_capitalized(i) || i == 0 || is_title_case())
            && let Some(d) = verb_cue(s, quotes, i, cue)
        {
            out.push(d);
        }
        i += 1;
    }
}

/// "Sources for the revelations about C include X and Y."
fn sources_include(s: &Sent) -> Option<Draft> {
    if !matches!(s.lw(0), "sources" | "source") {
        return None;
    }
    let about = (1..s.len().min(8))
        .find(|&k| matches!(s.lw(k), "about" | "on" | "regarding" | "that" | "of"))?;
    let include = (about + 2..s.len()).find(|&k| {
        matches!(
            s.lw(k),
            "include" | "includes" | "included" | "are" | "were" | "was" | "is"
        )
    })?;
    let content = (s.toks[about + 1].start, s.toks[include - 1].end);
    let mut speakers = Vec::new();
    let mut start: Option<usize> = None;
    let mut k = include + 1;
    while k < s.len() {
        let sep = matches!(s.lw(k), "," | ";" | "." | "!" | "?") || s.is(k, "and");
        if sep {
            if let Some(a) = start.take() {
                speakers.push((s.toks[a].start, s.toks[k - 1].end));
            }
        } else if start.is_none() {
            start = Some(k);
        }
        k += 1;
    }
    if let Some(a) = start {
        speakers.push((s.toks[a].start, s.toks[s.len() - 1].end));
    }
    if speakers.is_empty() {
        return None;
    }
    Some(Draft::new(
        s,
        "sources-include",
        speakers,
        (s.toks[0].start, s.toks[about - 1].end),
        vec![content],
        s.toks[0].start,
    ))
}

/// "Trump: My plans aren't set in stone." / "WSJ editorial: ‘Deport Nikki Haley.’" — a
/// short name before a colon at the start of a sentence (headlines, transcripts).
fn colon_headline(s: &Sent, quotes: &Quotes) -> Option<Draft> {
    let colon = (1..s.len().min(7)).find(|&k| s.lw(k) == ":")?;
    let first = (0..colon).find(|&k| !matches!(s.lw(k), "-" | "—" | "–"))?;
    if first >= colon || colon + 1 >= s.len() || !s.is_capitalized(first) {
        return None;
    }
    // Every word a name-like word; no verbs or clause words in a speaker label.
    let name_like = (first..colon).all(|k| {
        let w = s.lw(k);
        (s.is_word(k) || matches!(w, "." | "'" | "&"))
            && !BOUNDARY.contains(&w)
            && cues::lookup(w).is_none()
            && !matches!(
                w,
                "update"
                    | "note"
                    | "editor's"
                    | "correction"
                    | "related"
                    | "photo"
                    | "video"
                    | "watch"
                    | "read"
                    | "source"
                    | "sources"
            )
    });
    // A label's head is a name: "Lavrov: ...", not "Ukraine war: ..." or "Ukraine calms
    // down: ...".
    if !name_like || !s.is_capitalized(colon - 1) {
        return None;
    }
    let start = s.toks[colon + 1].start;
    let segment = match quotes.opening_at(start) {
        Some(q) => quotes.content(q),
        None => (start, s.content_end()),
    };
    Some(Draft {
        speakers: vec![(s.toks[first].start, s.toks[colon - 1].end)],
        cue: (s.toks[colon].start, s.toks[colon].end),
        segments: vec![segment],
        anchor: s.toks[first].start,
        forward: false,
        open_quote: quotes.opening_at(start),
        clause_only: false,
        sentence: s.index,
        rule: "name-colon",
    })
}

/// "Asked whether he would run, Smith said ...": the question is attributed (to whoever
/// asks, "by X" when named).
fn asked(s: &Sent) -> Option<Draft> {
    let k = if s.is(0, "asked") {
        0
    } else if s.is(0, "when") && s.is(1, "asked") {
        1
    } else {
        return None;
    };
    let mut start = k + 1;
    let mut speaker = None;
    if s.is(start, "by") {
        let mut e = start + 1;
        while e < s.len()
            && s.is_word(e)
            && !matches!(
                s.lw(e),
                "whether" | "if" | "about" | "on" | "what" | "why" | "how" | "which" | "who" | "to"
            )
            && e - start < 6
        {
            e += 1;
        }
        if e > start + 1 {
            speaker = Some((s.toks[start + 1].start, s.toks[e - 1].end));
        }
        start = e;
    }
    while matches!(s.lw(start), "on" | "in" | "at" | "during") && s.is_capitalized(start + 1) {
        // "Asked on Monday whether": skip a short time adjunct.
        start += 2;
    }
    let end = (start..s.len()).find(|&e| matches!(s.lw(e), "," | ";" | ":"))?;
    if end <= start {
        return None;
    }
    Some(Draft::new(
        s,
        "asked",
        speaker.into_iter().collect(),
        (s.toks[k].start, s.toks[k].end),
        vec![(s.toks[start].start, s.toks[end - 1].end)],
        s.toks[0].start,
    ))
}

/// "Sanders appears to have a slight lead", "it appears that ...": an appearance with no
/// source; the content is the subject and what it appears to be or do.
fn seems(s: &Sent, quotes: &Quotes, i: usize) -> Option<Draft> {
    let next = i + 1;
    if next >= s.len() || matches!(s.lw(next), "." | "," | ";" | ":") {
        return None;
    }
    // Appearing somewhere ("appeared in court", "appear on the ballot") is no appearance
    // of being something.
    if matches!(
        s.lw(next),
        "in" | "on"
            | "at"
            | "before"
            | "with"
            | "alongside"
            | "outside"
            | "inside"
            | "onstage"
            | "together"
            | "during"
            | "for"
            | "from"
            | "after"
            | "briefly"
            | "live"
    ) {
        return None;
    }
    let it = i > 0 && s.is(i - 1, "it");
    let mut segments = Vec::new();
    let mut start = next;
    if it {
        if s.is(next, "that") {
            start = next + 1;
        }
    } else if let Some((k, subject)) = speaker_left(s, quotes, i) {
        // A relative pronoun's antecedent is outside this clause.
        if matches!(s.lw(k), "that" | "which" | "who") {
            return None;
        }
        segments.push(subject);
    } else {
        return None;
    }
    if start >= s.len() {
        return None;
    }
    segments.push((s.toks[start].start, s.content_end()));
    Some(Draft {
        forward: true,
        ..Draft::new(
            s,
            "appearance",
            Vec::new(),
            (s.toks[i].start, s.toks[i].end),
            segments,
            s.toks[i].start,
        )
    })
}

/// "As X put it, C" / "As X said, C" / "C, as X put it.": the speaker between "as" and the
/// cue; the content the rest of the sentence after the comma (or before it, when the
/// attribution trails).
fn as_put_it(s: &Sent, quotes: &Quotes, i: usize) -> Option<Draft> {
    // "As reported by Reuters, C": the agent after "by".
    if i == 0
        && cues::lookup(s.lw(1)).is_some_and(|c| c.class == CueClass::Speech)
        && s.lw(1).ends_with("ed")
        && s.is(2, "by")
        && let Some((after, agent)) = np_after(s, 3)
        && s.lw(after) == ","
        && after + 1 < s.len()
    {
        return Some(Draft {
            forward: true,
            ..Draft::new(
                s,
                "as-put-it",
                vec![agent],
                (s.toks[0].start, s.toks[2].end),
                vec![(s.toks[after + 1].start, s.content_end())],
                s.toks[0].start,
            )
        });
    }
    // The cue within ten words: "put it", "said", "noted", "wrote", "told me" ...
    let cue_at = (i + 2..s.len().min(i + 20)).find(|&k| {
        s.is(k, "put") && s.is(k + 1, "it")
            || cues::lookup(s.lw(k))
                .is_some_and(|c| matches!(c.class, CueClass::Speech | CueClass::Tell))
                && !s.is_capitalized(k)
    })?;
    let cue_end = if s.is(cue_at, "put") {
        cue_at + 1
    } else {
        cue_at
    };
    // Only words between "as" and the cue (a name, a title, an apposition with commas).
    if (i + 1..cue_at).any(|k| !s.is_word(k) && !matches!(s.raw(k), "," | "." | "'" | "-")) {
        return None;
    }
    // The speaker is the noun phrase right after "as" ("As ISW has frequently reported":
    // auxiliaries and adverbs stepped over), not something later ("As early as 2002, X
    // recalls").
    let speaker = if let Some((np_start, speaker)) = speaker_left(s, quotes, cue_at)
        && np_start == i + 1
    {
        speaker
    } else {
        // "As Gen. Mark Milley, then chairman of the Joint Chiefs, told me": the name
        // before an apposition between commas.
        let comma = (i + 1..cue_at).find(|&k| s.lw(k) == ",")?;
        if comma == i + 1 || s.lw(cue_at - 1) != "," || !s.is_capitalized(i + 1) {
            return None;
        }
        (s.toks[i + 1].start, s.toks[comma - 1].end)
    };
    // After the cue: "me" and a short time ("told me a year ago, C").
    let mut after = cue_end + 1;
    if !s.is(cue_at, "put") {
        after = skip_adjunct(
            s,
            after,
            Cue {
                class: CueClass::Tell,
                participle: false,
            },
        )?;
        let comma = (after..s.len().min(after + 5)).find(|&k| !s.is_word(k));
        if let Some(c) = comma
            && s.lw(c) == ","
            && (after..c).all(|k| cues::lookup(s.lw(k)).is_none() && !s.is(k, "that"))
        {
            after = c;
        }
    }
    // ("But as X told me, C": a conjunction may come first.)
    let leading = i == 0 || i == 1 && matches!(s.lw(0), "but" | "and" | "yet" | "so");
    let segments = if leading && s.lw(after) == "," && after + 1 < s.len() {
        // Leading: "As X put it, C."
        match forward_content(
            s,
            quotes,
            after + 1,
            Cue {
                class: CueClass::Speech,
                participle: false,
            },
        ) {
            Some((segments, _)) => segments,
            None => vec![(s.toks[after + 1].start, s.content_end())],
        }
    } else if i > 1 && s.lw(i - 1) == "," && s.only_closing_from(after) {
        // Trailing: "C, as X put it."
        backward_content(s, quotes, i - 1)?.0
    } else {
        return None;
    };
    Some(Draft {
        forward: leading,
        ..Draft::new(
            s,
            "as-put-it",
            vec![speaker],
            (s.toks[cue_at].start, s.toks[cue_end].end),
            segments,
            s.toks[i].start,
        )
    })
}

/// "According to X, C." or "C, according to X."
fn according_to(s: &Sent, i: usize) -> Option<Draft> {
    let cue = (s.toks[i].start, s.toks[i + 1].end);
    // The source runs to the next comma or the sentence end.
    let sp_start = i + 2;
    let mut k = sp_start;
    while k < s.len() && !matches!(s.lw(k), "," | ";" | ":" | "." | "—" | "–") {
        k += 1;
    }
    if k == sp_start {
        return None;
    }
    let speaker = (s.toks[sp_start].start, s.toks[k - 1].end);
    // "... was asked whether, according to X, C": the content follows the source as at
    // the start of a sentence.
    let before = if i > 1 && s.lw(i - 1) == "," {
        i - 2
    } else {
        i.wrapping_sub(1)
    };
    let after_subordinator =
        i > 0 && matches!(s.lw(before), "whether" | "that" | "if") && k < s.len() && s.lw(k) == ",";
    let at_start =
        i == 0 || (i <= 2 && (0..i).all(|j| !s.is_word(j) || s.is(j, "but"))) || after_subordinator;
    let content = if at_start {
        // "According to the Institute for the Study of War, a U.S.-based think tank, C":
        // the source's apposition is no content.
        let mut k = k;
        if s.lw(k) == "," && matches!(s.lw(k + 1), "a" | "an" | "the") {
            let apposition_end = (k + 2..s.len().min(k + 12))
                .find(|&j| !s.is_word(j) && !matches!(s.raw(j), "-" | "." | "'" | "’"));
            if let Some(c) = apposition_end
                && s.lw(c) == ","
                && !(k + 1..c).any(|j| {
                    AUXILIARIES.contains(&s.lw(j))
                        || cues::lookup(s.lw(j)).is_some() && !s.is(j, "think")
                })
            {
                k = c;
            }
        }
        if k + 1 >= s.len() {
            return None;
        }
        (s.toks[k + 1].start, s.content_end())
    } else {
        let first = clause_start(s, i);
        let mut end = i;
        while end > first && matches!(s.lw(end - 1), "," | "—" | "–" | "(") {
            end -= 1;
        }
        if end <= first {
            return None;
        }
        (s.toks[first].start, s.toks[end - 1].end)
    };
    let mut segments = vec![content];
    // "G4S receives, according to the filing, $234 million a year": the content goes on.
    if !at_start && k < s.len() && s.lw(k) == "," && k + 1 < s.len() {
        let next = s.lw(k + 1);
        let writer_aside = is_participle(next)
            || matches!(
                next,
                "who" | "which" | "and" | "but" | "while" | "as" | "a" | "an"
            )
            || (k + 1..s.len()).any(|j| cues::lookup(s.lw(j)).is_some());
        if !writer_aside && !s.is_capitalized(k + 1) && s.toks[k + 1].start < s.content_end() {
            segments.push((s.toks[k + 1].start, s.content_end()));
        }
    }
    Some(Draft {
        forward: at_start,
        ..Draft::new(
            s,
            "according-to",
            vec![speaker],
            cue,
            segments,
            s.toks[i].start,
        )
    })
}

/// Where the clause that ends before token `i` starts: the sentence start, or just after
/// an earlier attribution's comma ("X said ..., and C, according to Y").
fn clause_start(_s: &Sent, _i: usize) -> usize {
    0
}

/// "the allegation raised by X that C", "X's claim that C", "claims that C".
/// An auxiliary or modal that can open a finite verb phrase ("hadn't", "will", "was").
fn is_finite_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "are"
            | "were"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "should"
            | "shall"
            | "did"
            | "does"
            | "do"
    ) || w.ends_with("n't")
        || w.ends_with("n’t")
}

/// Possessive pronouns: the owner of a claim noun is its source ("his suggestion that").
const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "their", "its", "our", "my", "your"];

fn claim_noun(s: &Sent, i: usize) -> Option<Draft> {
    // Must be a noun: after a determiner or a possessive.
    let prev = i.checked_sub(1)?;
    let possessive = s.lw(prev).ends_with("'s")
        || s.lw(prev).ends_with('\'')
        || POSSESSIVE_PRONOUNS.contains(&s.lw(prev));
    // ("no truth to claims that C": a plural needs no determiner after a preposition.)
    let bare_plural =
        s.lw(i).ends_with('s') && matches!(s.lw(prev), "to" | "of" | "about" | "denied" | "deny");
    let det = DETERMINERS.contains(&s.lw(prev)) || possessive || bare_plural;
    if !det {
        return None;
    }
    let mut k = i + 1;
    let mut speaker = possessive.then(|| (s.toks[prev].start, s.toks[prev].end));
    // Optional "raised/made/leveled by X".
    if k + 1 < s.len()
        && matches!(
            s.lw(k),
            "raised" | "made" | "leveled" | "levelled" | "voiced" | "put" | "issued" | "by"
        )
    {
        let by = if s.is(k, "by") {
            k
        } else if s.is(k + 1, "by") {
            k + 1
        } else {
            return None;
        };
        let sp = by + 1;
        let mut e = sp;
        while e < s.len() && !s.is(e, "that") && s.is_word(e) && e - sp < 8 {
            e += 1;
        }
        if e == sp || !s.is(e, "that") {
            return None;
        }
        speaker = Some((s.toks[sp].start, s.toks[e - 1].end));
        k = e;
    }
    if !s.is(k, "that") || k + 1 >= s.len() {
        return None;
    }
    // "a position that hadn't existed": a relative clause (a content clause has a subject
    // before its verb).
    if is_finite_auxiliary(s.lw(k + 1)) {
        return None;
    }
    let cue_start = if possessive || bare_plural { i } else { prev };
    let cue_end = s.toks[k - 1].end;
    let cue_end = if speaker.is_some() && !possessive {
        // Cue is "the allegation raised by": up to the "by".
        let by = (i..k).rev().find(|&j| s.is(j, "by")).unwrap_or(i);
        s.toks[by].end
    } else {
        cue_end.min(s.toks[i].end)
    };
    Some(Draft {
        forward: true,
        ..Draft::new(
            s,
            "claim-noun",
            speaker.into_iter().collect(),
            (s.toks[cue_start].start, cue_end),
            vec![(s.toks[k + 1].start, s.content_end())],
            s.toks[cue_start].start,
        )
    })
}

fn verb_cue(s: &Sent, quotes: &Quotes, i: usize, cue: Cue) -> Option<Draft> {
    let prev = i.checked_sub(1);
    let prev_lw = prev.map_or("", |p| s.lw(p));
    // A noun use ("the report", "his claims", "the growing fears"), unless the determiner
    // stands alone as the subject ("Some accused X of ...", "Many believe ...").
    let pronoun_subject = matches!(
        prev_lw,
        "some" | "many" | "most" | "several" | "all" | "both" | "one" | "another" | "others"
    ) && (i == 1
        || s.lw(i - 2) == ","
        // "One says C, while another says D".
        || matches!(s.lw(i - 2), "while" | "whereas" | "but" | "and"))
        // "Two in three said", "nine out of ten say": a proportion as the subject.
        || i >= 3 && is_number(s, i - 1) && matches!(s.lw(i - 2), "in" | "of") && is_number(s, i - 3)
        || i >= 4 && is_number(s, i - 1) && s.is(i - 2, "of") && s.is(i - 3, "out") && is_number(s, i - 4);
    // A form that is also a claim noun right after an adjective or a participle is the
    // noun, as a verb does not follow one: "make false claims", "disproven claims".
    let noun_after_modifier = prev.is_some_and(|p| s.is_word(p) && !s.is_capitalized(p))
        && (NOUN_MAKING_ADJECTIVES.contains(&prev_lw)
            || prev_lw.len() > 4 && (prev_lw.ends_with("ed") || prev_lw.ends_with("en")))
        && cues::word_info(s.lw(i)).is_some_and(|w| w.claim_noun);
    // ("A person familiar with the planning says": the noun phrase a source's postmodifier
    // ends with is no modifier of the cue.)
    let after_postmodifier = i >= 2 && source_postmodifier(s, i - 2).is_some();
    if DETERMINERS.contains(&prev_lw) && !pronoun_subject
        || noun_after_modifier
        || prev_lw.ends_with("'s")
        || (prev_lw.ends_with("ing") || NOUN_MAKING_ADJECTIVES.contains(&prev_lw))
            && i >= 2
            && (DETERMINERS.contains(&s.lw(i - 2)) || is_possessive_word(s.lw(i - 2)))
            && !after_postmodifier
    {
        return None;
    }
    // "Russians accused of war crimes": with no object before "of", the participle is
    // passive and the noun before it is the accused, not the accuser.
    if matches!(s.lw(i), "accused" | "charged" | "suspected") && s.is(i + 1, "of") {
        return None;
    }
    // An infinitive: "went on to say", "continued to insist" are attributions of the
    // subject; after anything else ("declined to say", "the right to say") it is not.
    if prev_lw == "to" {
        return infinitive_cue(s, quotes, i, cue);
    }
    // The word before the cue and any adverbs ("was first reported", "is now pledging").
    let mut j = i;
    while j > 1 && {
        let w = s.lw(j - 1);
        w.len() > 4 && w.ends_with("ly") || ADVERBS_BEFORE_CUE.contains(&w)
    } {
        j -= 1;
    }
    // "The newly announced deal", "the most widely cited reason": a determiner before the
    // adverbs makes the cue an adjective.
    let degree = j > 1 && matches!(s.lw(j - 1), "most" | "more" | "less" | "very");
    let before_adverbs = if degree { j - 1 } else { j };
    // (So does a preposition: "within internationally recognized borders".)
    if j < i
        && before_adverbs > 0
        && (DETERMINERS.contains(&s.lw(before_adverbs - 1))
            || s.lw(i).ends_with("ed")
                && (PREPOSITIONS.contains(&s.lw(before_adverbs - 1))
                    // "last summer's highly anticipated offensive".
                    || is_possessive_word(s.lw(before_adverbs - 1))))
    {
        return None;
    }
    let be = j > 0
        && matches!(
            s.lw(j - 1),
            "is" | "was" | "are" | "were" | "been" | "be" | "being" | "am"
        );
    // Passive: "it is believed that", "X is expected to".
    if be && j == i && prev_lw != "being" && cues::PASSIVE.contains(&s.lw(i)) {
        if let Some(d) = passive(s, quotes, i) {
            return Some(d);
        }
    }
    // "The move was first reported by the Herald": the agent is the source, the subject
    // the content.
    if be && let Some(d) = passive_by(s, quotes, i) {
        return Some(d);
    }
    // A progressive is active ("Sanders is pledging to", "she was telling reporters").
    // ... and so is a state of mind with its clause ("supporters were worried that C").
    if be && !s.lw(i).ends_with("ing") && !(cue.class == CueClass::Cognition && s.is(i + 1, "that"))
    {
        return None;
    }
    // "a practice criticized by civil rights groups": a reduced passive relative.
    if s.is(i + 1, "by")
        && s.lw(i).ends_with("ed")
        && let Some(d) = reduced_passive(s, quotes, i)
    {
        return Some(d);
    }
    // "A video posted on social media", "the views expressed in this article": a participle
    // after a thing that cannot speak modifies it.
    if s.lw(i).ends_with("ed")
        && i > 0
        && MEDIA_NOUNS.contains(&prev_lw)
        && (i == 1 || DETERMINERS.contains(&s.lw(i - 2)) || !s.is_word(i - 2))
    {
        return None;
    }
    // Any other participle before "by" is passive too ("a sentiment similar to that voiced
    // by X"): its subject is not the speaker.
    if s.is(i + 1, "by") && s.lw(i).ends_with("ed") {
        return None;
    }
    // Not attributions: "did not respond to a request for comment", a byline's "reported
    // from Kyiv".
    if s.lw(i).starts_with("respond")
        && (i + 1..s.len().min(i + 5)).any(|k| {
            matches!(
                s.lw(k),
                "request" | "requests" | "inquiry" | "inquiries" | "questions" | "comment"
            )
        })
        || s.lw(i) == "reported" && s.is(i + 1, "from") && s.is_capitalized(i + 2)
    {
        return None;
    }
    let cue_span = (s.toks[i].start, s.toks[i].end);
    // "told reporters that ...": the content follows; "“...,” he told reporters": it precedes.
    // ("told Reuters that same day" is a time, not a clause).
    // Only in the cue's own clause: in "told reporters, adding that", "that" is adding's.
    // (Within 40 tokens: a run-on sentence must not make this quadratic.)
    let horizon = s.len().min(i + 40);
    let clause_end = (i + 1..horizon)
        // (A token's lowercase form is "," only when it is one: no slicing of the text.)
        .find(|&k| s.lw(k) == ",")
        .unwrap_or(horizon);
    // (Not a "that" inside an adjunct clause: "told the AP after hinting that C".)
    let adjunct_at = (i + 1..clause_end)
        .find(|&k| {
            matches!(
                s.lw(k),
                "after" | "before" | "while" | "when" | "because" | "since" | "if"
            )
        })
        .unwrap_or(clause_end);
    let tell_forward = cue.class == CueClass::Tell
        && (i + 1..adjunct_at)
            .any(|k| s.is(k, "that") && !TIME_AFTER_THAT.contains(&s.lw(k + 1)) || s.lw(k) == ":");
    // A noun after all ("parliamentary support evidently was", "the plans were").
    let next = s.lw(i + 1);
    let past = s.lw(i).ends_with("ed")
        || matches!(
            s.lw(i),
            "said" | "told" | "thought" | "wrote" | "felt" | "sought" | "found" | "saw" | "knew"
        );
    let next_is_verb = !past
        && matches!(
            next,
            "is" | "was"
                | "are"
                | "were"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "could"
                | "should"
                | "may"
                | "might"
                | "must"
        )
        || next.ends_with("ly")
            && matches!(
                s.lw(i + 2),
                "is" | "was" | "are" | "were" | "has" | "have" | "had"
            );
    // "invasion fears crested": a plural noun before its own verb.
    let noun_before_verb = s.lw(i).ends_with('s')
        && !s.lw(i).ends_with("ss")
        && next.len() > 3
        && next.ends_with("ed")
        && i > 0
        && s.is_word(i - 1)
        && !s.is_capitalized(i - 1)
        && !PRONOUN_SUBJECTS.contains(&s.lw(i - 1));
    if next_is_verb || noun_before_verb {
        return None;
    }
    // "plans to", "decided to", "hopes that": intentions take an infinitive or a clause
    // ("Western plans prior to the war" is a noun); wanting may take an object.
    let takes_infinitive = matches!(next, "to" | "that") || next == "not" && s.is(i + 2, "to");
    if cue.class == CueClass::Intention && !takes_infinitive && !s.lw(i).starts_with("want") {
        return None;
    }
    // Topics need their preposition: "referring to X", "talked about X", "spoke of X"
    // ("spoke to reporters" is no claim).
    let needs = |lw: &str| -> Option<&'static [&'static str]> {
        if lw.starts_with("refer") {
            Some(&["to"])
        } else if lw.starts_with("talk") || lw.starts_with("spoke") || lw.starts_with("speak") {
            Some(&["about", "of", "out"])
        } else {
            None
        }
    };
    if let Some(preps) = needs(s.lw(i))
        && !preps.contains(&next)
    {
        return None;
    }
    // "add to", "added to the alliance": not speech; "a think tank" is a body.
    if matches!(s.lw(i), "add" | "adds" | "added" | "adding") && next == "to"
        || s.lw(i) == "think" && matches!(next, "tank" | "tanks")
    {
        return None;
    }

    // Participle after a comma: "..., saying C" — the subject is the main clause's.
    // ("..., pointedly saying C": adverbs may come between.)
    let mut before_adverbs = i;
    while before_adverbs > 0 && {
        let w = s.lw(before_adverbs - 1);
        w.len() > 4 && w.ends_with("ly") && !s.is_capitalized(before_adverbs - 1)
    } {
        before_adverbs -= 1;
    }
    // (A comma inside the closing quotation mark counts: `..."corrupt," noting that`.)
    let after_comma =
        |k: usize| s.lw(k) == "," || s.is_quote_mark(k) && k > 0 && s.lw(k - 1) == ",";
    if cue.participle
        && before_adverbs > 0
        && (after_comma(before_adverbs - 1)
            || before_adverbs < i && s.is(before_adverbs - 1, "and")
            // "rallied supporters by warning that C": the subject's means.
            || s.is(before_adverbs - 1, "by"))
    {
        let content = forward_content(s, quotes, i + 1, cue)?;
        let speaker = subject_of_sentence(s, i);
        return Some(Draft {
            speakers: speaker.into_iter().collect(),
            cue: cue_span,
            segments: content.0,
            anchor: s.toks[i].start,
            forward: true,
            open_quote: content.1,
            clause_only: false,
            sentence: s.index,
            rule: "participle",
        });
    }

    // Inverted leading attribution: "Said Comey, “C”", "But, said X, “C”", "Added X: “C”".
    let opens_sentence = prev.is_none_or(|p| {
        s.lw(p) == "," && (p == 1 && matches!(s.lw(0), "but" | "and" | "yet" | "still"))
            || p == 0 && matches!(s.lw(0), "but" | "and")
    });
    if cue.class == CueClass::Speech
        && opens_sentence
        && let Some((sp_end, sp)) = np_after(s, i + 1)
        && matches!(s.lw(sp_end), "," | ":")
        && sp_end + 1 < s.len()
        && quotes.opening_at(s.toks[sp_end + 1].start).is_some()
        && let Some((segments, open)) = forward_content(s, quotes, sp_end + 1, cue)
    {
        return Some(Draft {
            forward: true,
            open_quote: open,
            ..Draft::new(
                s,
                "cue-speaker-quote",
                vec![sp],
                cue_span,
                segments,
                s.toks[i].start,
            )
        });
    }

    // Inverted trailing attribution: "“C,” said X." / "C, said X, a spokesman."
    // (Not after a name and its apposition: "Ivan Sokol, a brigade spokesman, said the
    // troops held" is the forward attribution of the name.)
    // (Speech only: "“C,” told X" is rare, and on PolNeAR 3 of 13 such guesses were right.)
    if cue.class == CueClass::Speech
        && let Some(p) = prev
        && (matches!(s.lw(p), "," | "-" | "—" | "–") || closes_quote(s, quotes, p))
        && !name_and_apposition_before(s, p)
        && !content_follows(s, quotes, i + 1)
        && let Some((sp_end, sp)) = np_after(s, i + 1)
        && (trailer_after(s, sp_end)
            || matches!(s.lw(sp_end), "," | "(")
            // "..., said a handful of Democrats who point to ...": a relative clause on
            // the speaker.
            || matches!(s.lw(sp_end), "who" | "whose")
            || closes_quote(s, quotes, p)
            || short_adjunct_ends(s, sp_end)
            // (After a dash only, and not one closing a parenthesis: after a comma, "Mark
            // Cuban, …, says he's open to running" has an object and an infinitive there,
            // and so has "Rep. Lois Frankel — like Reid — recalled Grayson giving …".)
            || matches!(s.raw(p), "-" | "—" | "–")
                && !(1..p).any(|k| s.raw(k) == s.raw(p))
                && adjunct_ends(s, sp_end))
        && let Some((segments, open)) = backward_content(s, quotes, p)
    {
        let mut segments = segments;
        let open = continue_after(s, quotes, sp_end, &mut segments).or(open);
        if matches!(s.raw(p), "-" | "—" | "–")
            && let Some(earlier) = dash_quotation_before(s)
        {
            segments.insert(0, earlier);
        }
        return Some(Draft {
            speakers: vec![sp],
            cue: cue_span,
            segments,
            anchor: s.toks[p].start,
            forward: false,
            open_quote: open,
            clause_only: false,
            sentence: s.index,
            rule: "content-cue-speaker",
        });
    }

    let left = speaker_left(s, quotes, i);
    // "a rightful claim to Ukraine": after a singular noun phrase a verb would take "-s",
    // so a base form right after one is a noun.
    if let Some((np_start, np)) = left
        && matches!(s.lw(np_start), "a" | "an" | "each" | "every" | "another")
        && np.1 == s.toks[i - 1].end
        // ("A mere 9 percent say", "a majority of voters say", "a decision they say":
        // plural after all.)
        && !(np_start..i).any(|k| s.is(k, "percent") || s.is(k, "of") || s.lw(k) == "%")
        && !PRONOUN_SUBJECTS.contains(&s.lw(i - 1))
        && !s.lw(i).ends_with('s')
        && cues::lookup(&format!("{}s", s.lw(i))).is_some()
    {
        return None;
    }
    // Trailing attribution: "“C,” X said." / "C, X said on Tuesday." / "“C?” X said."
    // (the question mark ended the previous sentence).
    // A finding or belief closing the sentence trails too: "..., new reports show.",
    // "..., experts believe."
    let closes_sentence = s.only_closing_from(i + 1);
    // (What follows "told" and its addressee: `told "Fox and Friends" after ...`.)
    let addressed = if cue.class == CueClass::Tell {
        skip_addressee(s, i + 1)
    } else {
        i + 1
    };
    if let Some((np_start, np)) = left
        && (cue.class == CueClass::Speech
            || cue.class == CueClass::Tell && !tell_forward
            || matches!(cue.class, CueClass::Evidence | CueClass::Cognition) && closes_sentence)
        && let Some(after) = skip_adjunct(s, i + 1, cue)
        && let Some((segments, open)) = if np_start > 0
            && (matches!(s.lw(np_start - 1), "," | "-" | "—" | "–")
                || closes_quote(s, quotes, np_start - 1))
            // ("KYIV, Aug 4 (Wire) - The ministry said ...": a dateline is no content.)
            && dateline_end(s, i) != Some(np_start)
        {
            backward_content(s, quotes, np_start - 1)
        } else if np_start == 0 && (trailer_after(s, after) || !clause_from(s, after)) {
            // (`“C.” He said he had left.`: a clause after the cue is the content, and the
            // quotation before is someone else's or an earlier claim's.)
            quote_before_sentence(s, quotes).map(|q| (quote_chain(quotes, q), Some(q)))
        } else {
            None
        }
        && (trailer_after(s, after) || open.is_some() && !content_follows(s, quotes, addressed))
        && (open.is_some() || !quote_after_comma(s, quotes, i + 1))
    {
        let mut segments = segments;
        let open = continue_after(s, quotes, after, &mut segments).or(open);
        return Some(Draft {
            speakers: vec![np],
            cue: cue_span,
            segments,
            anchor: np.0,
            forward: false,
            open_quote: open,
            clause_only: false,
            sentence: s.index,
            rule: "content-speaker-cue",
        });
    }

    // "“C,” Trump, the front-runner in South Carolina, said": a speaker with an apposition
    // between the quotation and the cue.
    if (cue.class == CueClass::Speech || cue.class == CueClass::Tell && !tell_forward)
        && prev.is_some_and(|p| s.lw(p) == ",")
        && !content_follows(s, quotes, i + 1)
        && let Some(d) = appositive_after_quote(s, quotes, i, cue_span)
            .or_else(|| appositive_after_content(s, quotes, i, cue_span))
    {
        return Some(d);
    }

    // Forward: "X said (that) C", "X said: “C”".
    let speaker = match left {
        Some((_, np)) => Some(np),
        None => {
            // "X, who ..., said": the subject before the interruption. Nothing at all
            // before the cue (a headline verb, an imperative) is no attribution.
            // "X defended the route and said C": the subject of the first verb.
            // ("X paused, then said C": "then" after the comma.)
            let p = prev.map(|p| {
                if p > 0 && matches!(s.lw(p), "then" | "later" | "also") {
                    p - 1
                } else {
                    p
                }
            });
            // ("X — including Y and Z — said": a parenthesis between dashes too.)
            let closes_dashes =
                |p: usize| matches!(s.lw(p), "—" | "–") && (1..p).any(|k| s.raw(k) == s.raw(p));
            if p.is_none_or(|p| {
                !matches!(s.lw(p), ",") && !matches!(s.lw(p), "and" | "but") && !closes_dashes(p)
            }) {
                return None;
            }
            // "The escalation is a threat, said the chairman yesterday": a lone comma, then a
            // speech cue with a noun phrase and no clause after it, ends reported content; it
            // is no interruption after the subject (that takes a comma on each side).
            let inverted = cue.class == CueClass::Speech
                && p.is_some_and(|p| s.raw(p) == "," && !(0..p).any(|k| s.raw(k) == ","))
                && np_after(s, i + 1).is_some()
                && !clause_from(s, i + 1);
            if inverted {
                return None;
            }
            let subject = subject_of_sentence(s, i);
            // "Touring the country now to see its towns, feel the danger …": a base form
            // after a comma, with a gerund for subject or none, is one verb of a list, not
            // the subject's own verb (that would take "-s").
            let base_form = is_base_form(s.lw(i)) && p.is_some_and(|p| s.raw(p) == ",");
            if base_form && subject.is_none_or(|sp| is_gerund_subject(s, sp)) {
                return None;
            }
            subject
        }
    };
    // "Russian forces attacked several towns", "troops defended the city": a stance verb
    // whose subject is an armed force reports an act of war, not an attribution.
    if cue.class == CueClass::Stance && speaker.is_some_and(|sp| is_armed_force(s.text, sp)) {
        return None;
    }
    let (mut segments, open) = forward_content(s, quotes, i + 1, cue)?;
    // "Ukrainian forces denied Vladimir Putin one of his war aims": denying someone
    // something withholds it; it denies no claim.
    if s.lw(i).starts_with("den") && withholds_from_someone(s, i + 1) {
        return None;
    }
    // "Explosions reported in Melitopol", "said in a statement.": a phrase of place or time,
    // with no clause of its own, is where or when something was said, not what. (Other
    // prepositions introduce what: "warned against it", "agreed with the analysis".)
    if open.is_none()
        && cue.class == CueClass::Speech
        && let Some(first) = s.toks.iter().position(|t| t.start == segments[0].0)
        && PLACE_TIME_PREPOSITIONS.contains(&s.lw(first))
        && !clause_from(s, first)
    {
        return None;
    }
    // "Shelling continued overnight", "continued its advance": "continue" reports speech
    // forwards only before a quotation, a colon or an infinitive ("continued to insist").
    if matches!(
        s.lw(i),
        "continue" | "continues" | "continued" | "continuing"
    ) && open.is_none()
        && !(s.lw(i + 1) == ":" || s.is(i + 1, "to"))
    {
        return None;
    }
    // "post-traumatic stress syndrome": "stress" is a noun unless "that" or a quotation
    // follows.
    if matches!(s.lw(i), "stress" | "stresses")
        && open.is_none()
        && !(s.lw(i + 1) == ":" || s.is(i + 1, "that"))
    {
        return None;
    }
    // "Even then, he said, he's learned enough": a medial attribution splits the content.
    if let Some((np_start, _)) = left
        && np_start >= 4
        && s.lw(np_start - 1) == ","
        && s.lw(i + 1) == ","
        && open.is_none()
        && !BOUNDARY.contains(&s.lw(0))
        && quotes.closing_at(s.toks[np_start - 2].start).is_none()
    {
        segments.insert(0, (s.toks[0].start, s.toks[np_start - 2].end));
    }
    // A finding needs "that" or a source that finds things; "a WBUR poll last week showed"
    // has its source a few words before the noun phrase next to the cue.
    let speaker = match speaker {
        Some(sp) if cue.class == CueClass::Evidence && !s.is(i + 1, "that") => {
            if is_evidence_source(&s.text[sp.0..sp.1]) {
                Some(sp)
            } else {
                Some(evidence_source_before(s, sp)?)
            }
        }
        None if cue.class == CueClass::Evidence && !s.is(i + 1, "that") => return None,
        other => other,
    };
    let quoted = open.is_some();
    Some(Draft {
        anchor: speaker.map_or(cue_span.0, |sp| sp.0.min(cue_span.0)),
        speakers: speaker.into_iter().collect(),
        cue: cue_span,
        segments,
        forward: !quoted,
        open_quote: open,
        clause_only: left.is_some_and(|(k, _)| k > 0 && SUBORDINATORS.contains(&s.lw(k - 1))),
        sentence: s.index,
        rule: if quoted {
            "speaker-cue-quote"
        } else {
            "speaker-cue-content"
        },
    })
}

/// The noun phrase `np` widened leftwards to an evidence noun a few words before it in the
/// same clause ("a WBUR poll last week"), if there is one.
fn evidence_source_before(s: &Sent, np: ByteSpan) -> Option<ByteSpan> {
    let first = s.toks.iter().position(|t| t.start == np.0)?;
    let mut k = first;
    while k > 0 && first - k < 6 && s.is_word(k - 1) {
        k -= 1;
        if is_evidence_source(s.lw(k)) {
            // Include the determiner and modifiers before the evidence noun.
            let mut start = k;
            while start > 0
                && s.is_word(start - 1)
                && first - start < 8
                && !BOUNDARY.contains(&s.lw(start - 1))
            {
                start -= 1;
            }
            if start > 0 && DETERMINERS.contains(&s.lw(start - 1)) {
                start -= 1;
            }
            return Some((s.toks[start].start, np.1));
        }
    }
    None
}

/// Words naming evidence rather than someone who speaks ("poll", "footage", "statement"):
/// a noun phrase holding one anywhere (as a substring, lowercased) is a source of evidence.
const EVIDENCE_WORDS: &[&str] = &[
    "poll",
    "survey",
    "study",
    "data",
    "report",
    "analysis",
    "research",
    "numbers",
    "results",
    "figures",
    "records",
    "documents",
    "evidence",
    "investigation",
    "review",
    "audit",
    "statistics",
    "estimates",
    "count",
    "video",
    "footage",
    "image",
    "photo",
    "satellite",
    "email",
    "message",
    "memo",
    "letter",
    "filing",
    "transcript",
    "recording",
    "tape",
    "intelligence",
    "assessment",
    "findings",
    "tally",
    "paper",
    "article",
    "headline",
    "statement",
];

fn is_evidence_source(np: &str) -> bool {
    // `EVIDENCE_WORDS` by first letter, so that one walk over the phrase checks only the
    // words starting with each byte (instead of one substring search per word).
    static BY_FIRST: OnceLock<[Vec<&'static str>; 26]> = OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        let mut by_first: [Vec<&'static str>; 26] = Default::default();
        for &w in EVIDENCE_WORDS {
            by_first[usize::from(w.as_bytes()[0] - b'a')].push(w);
        }
        by_first
    });
    let l = np.to_lowercase();
    let b = l.as_bytes();
    (0..b.len()).any(|i| {
        b[i].is_ascii_lowercase()
            && by_first[usize::from(b[i] - b'a')]
                .iter()
                .any(|w| b[i..].starts_with(w.as_bytes()))
    })
}

/// Words after which "that" is a demonstrative of time ("that same day", "that night").
const TIME_AFTER_THAT: &[&str] = &[
    "same",
    "day",
    "night",
    "morning",
    "afternoon",
    "evening",
    "week",
    "weekend",
    "month",
    "year",
    "time",
];

/// Adverbs between an auxiliary and its cue that do not end in "-ly".
const ADVERBS_BEFORE_CUE: &[&str] = &[
    "first", "also", "then", "later", "earlier", "now", "once", "never", "not", "already", "still",
    "long", "often", "again", "widely",
];

/// Verbs after which "to" + cue continues the subject's own attribution.
static INFINITIVE_HOSTS: ListSet = ListSet::new(&[
    "went",
    "go",
    "goes",
    "going",
    "continued",
    "continue",
    "continues",
    "continuing",
    "tried",
    "try",
    "tries",
    "trying",
    "sought",
    "seeks",
    "seemed",
    "seem",
    "seems",
    "appeared",
    "appears",
    "began",
    "begin",
    "begins",
    "started",
    "start",
    "starts",
    "used",
    "wanted",
    "wants",
    "want",
    "decided",
    "decides",
    "moved",
    "rushed",
    "hastened",
    "hurried",
    "proceeded",
    "took",
    "take",
    "takes",
    "came",
    "come",
    "chose",
    "choose",
    "chooses",
    "dared",
    "managed",
    "planned",
    "plans",
    "plan",
    "intends",
    "intended",
    "hopes",
    "hoped",
    "vowed",
    "pledged",
    "promised",
    "promises",
    "refused",
    "refuses",
    "declined",
    "declines",
]);

/// "X went on to say C", "X continued to insist C": the cue is the host verb, "to" and
/// the cue; the speaker is the host verb's subject. A bare infinitive ("the right to say",
/// "declined to say" with nothing after) is no attribution.
fn infinitive_cue(s: &Sent, quotes: &Quotes, i: usize, cue: Cue) -> Option<Draft> {
    // The host verb: right before "to", or before "on to" ("went on to say").
    let to = i - 1;
    let host = match to.checked_sub(1) {
        Some(h) if s.is(h, "on") && h > 0 => h - 1,
        Some(h) => h,
        None => return None,
    };
    // A host that is a cue itself ("decided to believe") already makes the claim.
    if !INFINITIVE_HOSTS.contains(&s.lw(host)) || host == 0 || cues::lookup(s.lw(host)).is_some() {
        return None;
    }
    if cue.class == CueClass::Intention || cue.class == CueClass::Stance {
        return None;
    }
    let (segments, open) = forward_content(s, quotes, i + 1, cue)?;
    let left = speaker_left(s, quotes, host);
    let speaker = match left {
        Some((_, np)) => Some(np),
        None if matches!(s.lw(host - 1), ",") || matches!(s.lw(host - 1), "and" | "but") => {
            subject_of_sentence(s, host)
        }
        None => None,
    };
    let cue_span = (s.toks[host].start, s.toks[i].end);
    Some(Draft {
        anchor: speaker.map_or(cue_span.0, |sp| sp.0.min(cue_span.0)),
        speakers: speaker.into_iter().collect(),
        cue: cue_span,
        segments,
        forward: open.is_none(),
        open_quote: open,
        clause_only: left.is_some_and(|(k, _)| k > 0 && SUBORDINATORS.contains(&s.lw(k - 1))),
        sentence: s.index,
        rule: if open.is_some() {
            "speaker-cue-quote"
        } else {
            "speaker-cue-content"
        },
    })
}

/// "C was (first) reported by X", "C was found discriminatory by X": a passive cue with
/// its agent. The content is the subject noun phrase before the auxiliary.
fn passive_by(s: &Sent, quotes: &Quotes, i: usize) -> Option<Draft> {
    if !s.lw(i).ends_with("ed") && !matches!(s.lw(i), "said" | "told" | "found" | "shown" | "known")
    {
        return None;
    }
    // "by" right after the cue, or after a short complement ("found discriminatory by").
    let by = (i + 1..s.len().min(i + 4)).find(|&k| s.is(k, "by"))?;
    if (i + 1..by).any(|k| !s.is_word(k)) {
        return None;
    }
    if by_names_no_source(s, i, by) {
        return None;
    }
    let (agent_end, agent) = np_after(s, by + 1)?;
    // "Sanders was asked by the host whether C": the question is the content.
    if s.lw(i) == "asked"
        && by == i + 1
        && matches!(
            s.lw(agent_end),
            "whether" | "if" | "about" | "what" | "why" | "how" | "when" | "who"
        )
        && agent_end + 1 < s.len()
    {
        return Some(Draft {
            forward: true,
            ..Draft::new(
                s,
                "passive-by",
                vec![agent],
                (s.toks[i].start, s.toks[by].end),
                vec![(s.toks[agent_end].start, s.content_end())],
                s.toks[i].start,
            )
        });
    }
    // The auxiliary, then the subject before it (speaker_left steps over auxiliaries and
    // adverbs).
    let mut aux = i - 1;
    while aux > 0 && !matches!(s.lw(aux), "is" | "was" | "are" | "were" | "been" | "be") {
        aux -= 1;
    }
    // The subject: from the clause start to the auxiliaries ("has been reported").
    let mut subject_end = aux;
    while subject_end > 0
        && matches!(
            s.lw(subject_end - 1),
            "has" | "have" | "had" | "will" | "would" | "may" | "might" | "could"
        )
    {
        subject_end -= 1;
    }
    let mut start = (0..subject_end)
        .rev()
        .find(|&k| matches!(s.lw(k), "," | ";" | ":" | "(" | "—" | "–"))
        .map_or(0, |k| k + 1);
    while start < subject_end && (s.is_quote_mark(start) || matches!(s.lw(start), "and" | "but")) {
        start += 1;
    }
    if start >= subject_end || quotes.inside(s.toks[start].start) {
        return None;
    }
    let subject = (s.toks[start].start, s.toks[subject_end - 1].end);
    let mut segments = vec![subject];
    if by > i + 1 {
        segments.push((s.toks[i + 1].start, s.toks[by - 1].end));
    }
    Some(Draft::new(
        s,
        "passive-by",
        vec![agent],
        (s.toks[aux].start, s.toks[by].end),
        segments,
        subject.0,
    ))
}

/// "a practice criticized by X": the noun phrase before the participle is the content, the
/// agent after "by" the source.
/// Whether the "by" at `by` after the participle cue at `i` names no source. "Russia
/// responded by annexing": a manner, not an agent. "X was informed by Y": the subject of a
/// passive telling is the addressee, not what was said. "Separatists backed by Russia": the
/// backer of a thing, not the source of a statement (on PolNeAR 2 of 13 "backed by" and
/// "supported by" were attributions).
fn by_names_no_source(s: &Sent, i: usize, by: usize) -> bool {
    s.lw(by + 1).ends_with("ing")
        || cues::lookup(s.lw(i)).is_some_and(|c| c.class == CueClass::Tell)
        || matches!(s.lw(i), "backed" | "supported")
}

fn reduced_passive(s: &Sent, quotes: &Quotes, i: usize) -> Option<Draft> {
    let (np_start, np) = speaker_left(s, quotes, i)?;
    // "that voiced by X": a relative pronoun is no content.
    if matches!(s.lw(np_start), "that" | "which" | "who" | "it" | "this") && np_start + 1 == i {
        return None;
    }
    if np_start + 1 != i || !s.is_word(i - 1) {
        // Only right after the noun ("a practice criticized by"), not across auxiliaries.
        if np.1 != s.toks[i - 1].end {
            return None;
        }
    }
    if by_names_no_source(s, i, i + 1) {
        return None;
    }
    let (_, agent) = np_after(s, i + 2)?;
    Some(Draft::new(
        s,
        "passive-by",
        vec![agent],
        (s.toks[i].start, s.toks[i + 1].end),
        vec![np],
        np.0,
    ))
}

/// "it is believed that C", "X is expected to C" — no source named.
fn passive(s: &Sent, quotes: &Quotes, i: usize) -> Option<Draft> {
    let next = i + 1;
    if !(s.is(next, "that") || s.is(next, "to")) || next + 1 >= s.len() {
        return None;
    }
    // "It is said that C": content after "that". "X is expected to C": subject and infinitive.
    let it = i >= 2 && s.is(i - 2, "it");
    let start = if it || s.is(next, "that") {
        s.toks[next + 1].start
    } else {
        s.toks[next].start
    };
    // "The House is expected to pass": the subject is part of what is expected.
    let mut segments = Vec::new();
    if !it
        && s.is(next, "to")
        && let Some((_, subject)) = speaker_left(s, quotes, i)
    {
        segments.push(subject);
    }
    segments.push((start, s.content_end()));
    Some(Draft {
        forward: true,
        ..Draft::new(
            s,
            "passive",
            Vec::new(),
            (s.toks[i - 1].start, s.toks[i].end),
            segments,
            s.toks[i - 1].start,
        )
    })
}

/// Whether only a short place or time adjunct ("on Sunday", "in Budapest") and closing
/// punctuation follow token `k`.
/// Whether from token `k` only a time or a short phrase opened by a preposition is left
/// before the sentence ends, with no clause: "… - said the chairman yesterday in the
/// European Parliament.", "… - said a senior official to Reuters."
fn adjunct_ends(s: &Sent, k: usize) -> bool {
    let w = s.lw(k);
    let opens = TIME_WORDS.contains(&w) || is_preposition(w);
    let end = (k..s.len())
        .find(|&j| s.only_closing_from(j))
        .unwrap_or(s.len());
    opens
        && end - k <= 8
        && (k..end).all(|j| s.is_word(j) || matches!(s.raw(j), "." | "'" | "’" | "-"))
        && !clause_from(s, k)
}

fn short_adjunct_ends(s: &Sent, k: usize) -> bool {
    matches!(s.lw(k), "on" | "in" | "at" | "during")
        && (k + 2 >= s.len() || s.only_closing_from(k + 2) || s.only_closing_from(k + 3))
        || affiliation_ends(s, k)
}

/// "..., said Liana Fix at the Council on Foreign Relations, another think tank.": an
/// inverted speaker's affiliation ("at", "of", "from", "with" and a phrase, perhaps an
/// apposition after a comma) running to the end of the sentence with no verb of its own.
fn affiliation_ends(s: &Sent, k: usize) -> bool {
    if !matches!(s.lw(k), "at" | "of" | "from" | "with")
        || !s.is_capitalized(k + 1) && s.lw(k + 1) != "the"
    {
        return false;
    }
    let Some(end) = (k + 1..s.len().min(k + 16)).find(|&j| s.only_closing_from(j)) else {
        return false;
    };
    // The affiliation is a name: capitalised words and the words inside names. What
    // follows a comma is an apposition of a few words with no verb of its own.
    let comma = (k + 1..end).find(|&j| s.lw(j) == ",").unwrap_or(end);
    let name_like = (k + 1..comma).all(|j| {
        s.is_capitalized(j) || matches!(s.lw(j), "the" | "of" | "for" | "on" | "and" | "&")
    });
    let apposition = (comma + 1..end).all(|j| {
        !s.is_quote_mark(j)
            && (s.is_capitalized(j)
                || cues::lookup(s.lw(j)).is_none()
                || s.lw(j) == "think" && matches!(s.lw(j + 1), "tank" | "tanks"))
            && !AUXILIARIES.contains(&s.lw(j))
    });
    name_like && apposition && end - comma <= 8
}

/// "“C,” NAME, APPOSITION, said": the closing quotation mark before the cue with only
/// plain words and commas in between; the speaker runs to the first comma.
fn appositive_after_quote(s: &Sent, quotes: &Quotes, i: usize, cue: ByteSpan) -> Option<Draft> {
    let lo = i.saturating_sub(40);
    let close = (lo..i)
        .rev()
        .find(|&k| quotes.closing_at(s.toks[k].start).is_some())?;
    if (close + 1..i)
        .any(|k| s.is_quote_mark(k) && !s.is_possessive_mark(k) || matches!(s.lw(k), ";" | ":"))
    {
        return None;
    }
    let mut first = close + 1;
    if s.lw(first) == "," {
        first += 1;
    }
    let comma = (first..i).find(|&k| s.lw(k) == ",")?;
    if comma == first {
        return None;
    }
    let (segments, open) = backward_content(s, quotes, close)?;
    Some(Draft {
        speakers: vec![(s.toks[first].start, s.toks[comma - 1].end)],
        cue,
        segments,
        anchor: s.toks[first].start,
        forward: false,
        open_quote: open,
        clause_only: false,
        sentence: s.index,
        rule: "content-speaker-cue",
    })
}

/// The quotation that closes right before the sentence, on the same line.
fn quote_before_sentence(s: &Sent, quotes: &Quotes) -> Option<usize> {
    let before = s.text[..s.span.start].trim_end_matches([' ', '\t', '\u{a0}']);
    let c = before.chars().next_back()?;
    if !dossier_text::is_quote_char(c) {
        return None;
    }
    let at = before.len() - c.len_utf8();
    // `''` is one mark starting one byte earlier.
    quotes
        .closing_at(at)
        .or_else(|| at.checked_sub(1).and_then(|a| quotes.closing_at(a)))
}

/// "said, “...”": a comma and a quotation right after the cue.
fn quote_after_comma(s: &Sent, quotes: &Quotes, k: usize) -> bool {
    matches!(s.lw(k), "," | ":")
        && k + 1 < s.len()
        && quotes.opening_at(s.toks[k + 1].start).is_some()
}

/// Whether content starts at token `k` right after a cue: "that", a colon, or a quotation
/// opening at once.
fn content_follows(s: &Sent, quotes: &Quotes, k: usize) -> bool {
    k < s.len()
        // ("told reporters that same day": a time.)
        && (s.lw(k) == "that" && !TIME_AFTER_THAT.contains(&s.lw(k + 1))
            || s.lw(k) == ":"
            || quotes.opening_at(s.toks[k].start).is_some() && s.lw(k) != ",")
}

/// A day named as a time: a weekday, "yesterday", "today".
const DAY_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
];

/// "said on Thursday it had ...", "said last week the talks ...": past a short time that
/// opens the content at token `k` (the day, "yesterday", "last week"), if a clause follows.
fn after_time(s: &Sent, k: usize) -> usize {
    let mut t = k;
    if s.is(t, "on") {
        t += 1;
    }
    if DAY_WORDS.contains(&s.lw(t)) || s.is(t, "tonight") {
        t += 1;
    } else if !s.is(k, "on")
        && matches!(s.lw(t), "last" | "this" | "next")
        && matches!(
            s.lw(t + 1),
            "week" | "month" | "year" | "weekend" | "night" | "morning" | "evening"
        )
    {
        t += 2;
    } else {
        return k;
    }
    if t < s.len() && s.is_word(t) && !BOUNDARY.contains(&s.lw(t)) && clause_from(s, t) {
        t
    } else {
        k
    }
}

/// Whether the sentence up to the comma at `p` is a name and its apposition, in either
/// order, and nothing else: "Ivan Sokol, a brigade spokesman," / "The brigade's
/// spokesman, Captain Ivan Sokol,".
fn name_and_apposition_before(s: &Sent, p: usize) -> bool {
    if s.lw(p) != "," {
        return false;
    }
    let Some(c) = (1..p).rev().find(|&k| s.lw(k) == ",") else {
        return false;
    };
    let name = |a, b| is_name_span(s, a, b);
    let description = |a, b| is_description_span(s, a, b);
    name(0, c) && description(c + 1, p) || description(0, c) && name(c + 1, p)
}

/// Whether tokens `a..b` are a name: capitalised words (and a name's inner punctuation).
fn is_name_span(s: &Sent, a: usize, b: usize) -> bool {
    a < b
        && s.is_capitalized(a)
        && (a..b).all(|k| s.is_capitalized(k) || matches!(s.raw(k), "." | "-" | "'"))
}

/// Whether tokens `a..b` are a short description of someone: opened by an article or
/// holding a possessive, plain words with no verb or relative clause.
fn is_description_span(s: &Sent, a: usize, b: usize) -> bool {
    a < b
        && b - a <= 10
        && (matches!(s.lw(a), "a" | "an" | "the") || (a..b).any(|k| is_possessive_word(s.lw(k))))
        && (a..b).all(|k| {
            s.is_word(k) && !AUXILIARIES.contains(&s.lw(k)) || matches!(s.raw(k), "'" | "’" | "-")
        })
        && !(a..b).any(|k| matches!(s.lw(k), "that" | "who" | "which"))
}

/// "C, the NATO secretary general, Jens Stoltenberg, said in Berlin." / "C, Jens
/// Stoltenberg, NATO's secretary general, said.": a name and its description between commas
/// after reported content, and nothing but a time or a phrase after the cue. The speaker's
/// mention is the first of the two (coreference joins a description to the name after it).
fn appositive_after_content(s: &Sent, quotes: &Quotes, i: usize, cue: ByteSpan) -> Option<Draft> {
    let p = i.checked_sub(1).filter(|&p| s.raw(p) == ",")?;
    let c2 = (1..p).rev().find(|&k| s.raw(k) == ",")?;
    let c1 = (1..c2).rev().find(|&k| s.raw(k) == ",")?;
    let pair = is_name_span(s, c1 + 1, c2) && is_description_span(s, c2 + 1, p)
        || is_description_span(s, c1 + 1, c2) && is_name_span(s, c2 + 1, p);
    let trails = trailer_after(s, i + 1) || adjunct_ends(s, i + 1) || affiliation_ends(s, i + 1);
    if !pair || !trails || !clause_between(s, 0, c1) {
        return None;
    }
    let (segments, open) = backward_content(s, quotes, c1)?;
    Some(Draft {
        open_quote: open,
        ..Draft::new(
            s,
            "content-speaker-cue",
            vec![(s.toks[c1 + 1].start, s.toks[c2 - 1].end)],
            cue,
            segments,
            s.toks[c1 + 1].start,
        )
    })
}

/// Whether a verb (an auxiliary, or a past tense after the first word) lies in `a..b`.
fn clause_between(s: &Sent, a: usize, b: usize) -> bool {
    (a..b).any(|j| verb_like(s, j, j > a))
}

/// Whether a clause of its own (an auxiliary or a past-tense verb) follows from token `k`.
fn clause_from(s: &Sent, k: usize) -> bool {
    (k..s.len()).any(|j| verb_like(s, j, true))
}

/// Whether token `j` is an auxiliary or (`past`) looks like a lowercase past tense.
fn verb_like(s: &Sent, j: usize, past: bool) -> bool {
    let w = s.lw(j);
    AUXILIARIES.contains(&w)
        || is_contracted_auxiliary(w)
        || past && w.len() > 3 && w.ends_with("ed") && !s.is_capitalized(j)
}

/// "it's", "they’re", "there's": a subject with its auxiliary in one word.
fn is_contracted_auxiliary(w: &str) -> bool {
    let Some(apostrophe) = w.find(['\'', '’']) else {
        return false;
    };
    let (stem, ending) = w.split_at(apostrophe);
    let ending = ending.trim_start_matches(['\'', '’']);
    matches!(ending, "s" | "re" | "ll" | "ve" | "d" | "m")
        && (PRONOUN_SUBJECTS.contains(&stem) || matches!(stem, "that" | "there" | "what" | "who"))
}

/// A quotation with the parts it continues from earlier paragraphs, as content segments.
fn quote_chain(quotes: &Quotes, q: usize) -> Vec<ByteSpan> {
    let mut chain = vec![q];
    let mut c = q;
    while quotes.list[c].continues && c > 0 && chain.len() < 20 {
        c -= 1;
        chain.push(c);
    }
    chain.reverse();
    chain.into_iter().map(|c| quotes.content(c)).collect()
}

/// Whether token `p` is the closing mark of a quotation (directly, or a comma right after one).
fn closes_quote(s: &Sent, quotes: &Quotes, p: usize) -> bool {
    let t = s.toks[p];
    if quotes.closing_at(t.start).is_some() {
        return true;
    }
    s.lw(p) == "," && p > 0 && quotes.closing_at(s.toks[p - 1].start).is_some()
}

/// The noun phrase that ends right before the cue at `i` (after skipping auxiliaries and
/// adverbs): `(first token index, byte span)`.
/// If token `end` closes a time adjunct ("in the last three decades", "for two years",
/// "over the past week"), the index of its preposition.
fn time_adjunct_start(s: &Sent, end: usize) -> Option<usize> {
    let unit = s.lw(end).trim_end_matches('s');
    if !matches!(
        unit,
        "decade" | "year" | "month" | "week" | "day" | "hour" | "minute" | "centurie" | "century"
    ) {
        return None;
    }
    let mut k = end;
    while k > 0 && end - k < 5 {
        k -= 1;
        let w = s.lw(k);
        if matches!(
            w,
            "in" | "for" | "over" | "during" | "within" | "throughout"
        ) {
            return Some(k);
        }
        let filler = matches!(
            w,
            "the"
                | "last"
                | "past"
                | "next"
                | "few"
                | "several"
                | "recent"
                | "many"
                | "couple"
                | "of"
        ) || s.toks[k].kind == TokenKind::Number
            || NUMBER_WORDS.contains(&w);
        if !filler {
            return None;
        }
    }
    None
}

/// Small numbers in words, as in "for two years".
const NUMBER_WORDS: &[&str] = &[
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
    "fifteen", "twenty", "thirty",
];

fn speaker_left(s: &Sent, quotes: &Quotes, i: usize) -> Option<(usize, ByteSpan)> {
    let mut k = i;
    let mut after_adverb = false;
    while k > 0 {
        let w = s.lw(k - 1);
        let adverb = w.len() > 4 && w.ends_with("ly") && !s.is_capitalized(k - 1);
        // A capitalised "Will" or "May" inside a sentence is a name, not an auxiliary.
        let name = s.is_capitalized(k - 1) && k > 1 && matches!(w, "will" | "may");
        // "Biden most recently threatened": the degree word belongs to the adverb.
        let degree = after_adverb && matches!(w, "most" | "more" | "very" | "so" | "too" | "less");
        after_adverb = adverb;
        if BETWEEN.contains(&w) && !name || adverb || degree {
            k -= 1;
        } else if w == "doubt" && k > 1 && s.is(k - 2, "no") {
            // "He would no doubt claim": an adverb of two words.
            k -= 2;
        } else if let Some(p) = time_adjunct_start(s, k - 1) {
            // "Ukrainians, who in the last three decades have sought": a time between
            // the speaker and the cue.
            k = p;
        } else if k > 1
            && matches!(
                w,
                "week" | "month" | "year" | "weekend" | "night" | "morning" | "evening"
            )
            && matches!(s.lw(k - 2), "last" | "this" | "next" | "that" | "a")
        {
            // "Xi Jinping last week called": a time between the speaker and the cue.
            // ("Fiorina a month later announced": "later" was stepped over already.)
            k -= 2;
        } else if DAY_WORDS.contains(&w) && k > 1 {
            k -= if s.is(k - 2, "on") { 2 } else { 1 };
        } else {
            break;
        }
    }
    if k == 0 {
        return None;
    }
    let end = k;
    let w = s.lw(k - 1);
    if matches!(w, "who" | "which" | "that") {
        return Some((k - 1, (s.toks[k - 1].start, s.toks[k - 1].end)));
    }
    let mut start = end;
    while start > 0 && end - start < 10 {
        let j = start - 1;
        let t = s.toks[j];
        if quotes.closing_at(t.start).is_some() || quotes.opening_at(t.start).is_some() {
            break;
        }
        let w = s.lw(j);
        if w == ")" {
            // "Rep. Earl Blumenauer (D-Ore.)": step over the parenthesis.
            if let Some(open) = (j.saturating_sub(8)..j).rev().find(|&o| s.lw(o) == "(")
                && open > 0
            {
                start = open;
                continue;
            }
            break;
        }
        if t.kind == TokenKind::Punct {
            // "Sanders' campaign", "Gov. Smith", "Kharkiv-area", "26% say".
            // (A spaced dash, "Russia - Johnson", separates instead.)
            let inner = (matches!(w, "'" | "." | "-" | "&") && j > 0 && s.is_word(j - 1)
                || w == "%" && j > 0 && s.toks[j - 1].kind == TokenKind::Number)
                && s.toks[j - 1].end == t.start;
            if !inner {
                break;
            }
            start = j;
            continue;
        }
        // "the report said", "a new statement says": a word of the cue lexicon heading the
        // noun phrase right before the cue, after a determiner, is a noun here.
        let noun_head = j + 1 == end
            && !s.is_capitalized(j)
            && cues::lookup(w).is_some()
            && (j > 0 && DETERMINERS.contains(&s.lw(j - 1))
                || j > 1
                    && DETERMINERS.contains(&s.lw(j - 2))
                    && s.is_word(j - 1)
                    && cues::lookup(s.lw(j - 1)).is_none()
                    && !BOUNDARY.contains(&s.lw(j - 1)));
        if noun_head && !w.ends_with("ed") && !w.ends_with("ing") {
            start = j;
            continue;
        }
        // "the Study of War" inside "the Institute for the Study of War": an article after
        // a name's "of" or "for" is inside the name.
        // (And after a title's: "the head of the Pentagon", "a spokesperson for the
        // Pentagon".)
        let article_in_name = w == "the"
            && j >= 2
            && matches!(s.lw(j - 1), "of" | "for")
            && (s.is_capitalized(j - 2)
                || TITLE_BEFORE_OF.contains(&s.lw(j - 2))
                || s.lw(j - 1) == "for" && is_spokesperson(s.lw(j - 2)))
            && start < end
            && s.is_capitalized(start);
        if article_in_name {
            start = j;
            continue;
        }
        // A capitalised "This" inside a name ("CBS This Morning") is no determiner.
        if DETERMINERS.contains(&w) && (j == 0 || !s.is_capitalized(j)) {
            start = j;
            // ("one of the officials", "a majority of the voters": the part before.)
            if j >= 2
                && s.is(j - 1, "of")
                && (PARTITIVES.contains(&s.lw(j - 2)) || is_number(s, j - 2))
            {
                start = j - 2;
                if !DETERMINERS.contains(&s.lw(j - 2)) {
                    continue;
                }
            }
            break;
        }
        if w == "and" {
            // "Sweden and Finland said": only between capitalised names.
            if start < end && s.is_capitalized(start) && j > 0 && s.is_capitalized(j - 1) {
                start = j;
                continue;
            }
            // "current and former officials", "teachers and union officials": modifiers or
            // plural nouns joined inside a short noun phrase.
            if start < end
                && end - start <= 2
                && j > 0
                && !s.is_capitalized(start)
                && !PRONOUN_SUBJECTS.contains(&s.lw(start))
            {
                let before = s.lw(j - 1);
                let joined = COORDINATED_MODIFIERS.contains(&before)
                    || before.len() > 3
                        && before.ends_with('s')
                        && !before.ends_with("ss")
                        && !s.is_capitalized(j - 1)
                        && cues::lookup(before).is_none()
                        && !BOUNDARY.contains(&before);
                if joined {
                    start = j - 1;
                    continue;
                }
            }
            break;
        }
        // "the US secretary of state", "the head of the agency": a title's "of" is inside.
        // So is a name's "of" between capitalised words: "the General Staff of Ukraine's
        // Armed Forces", "the Bank of England".
        let name_after = start < end
            && (s.is_capitalized(start)
                || s.lw(start) == "the" && start + 1 < end && s.is_capitalized(start + 1));
        let in_name = name_after && j > 0 && s.is_capitalized(j - 1);
        // "a spokesperson for the Pentagon": a spokesperson's "for" too.
        let spokesperson_for = w == "for" && j > 0 && is_spokesperson(s.lw(j - 1));
        // ("one of the officials", "some of the residents", "two of them": a part of a
        // group.)
        let partitive = w == "of"
            && j > 0
            && (PARTITIVES.contains(&s.lw(j - 1)) || is_number(s, j - 1))
            && j + 1 < end;
        if (w == "of" && (j > 0 && TITLE_BEFORE_OF.contains(&s.lw(j - 1)) || in_name))
            || partitive
            || w == "for" && in_name
            || spokesperson_for
        {
            start = j;
            continue;
        }
        // "Local residents in Izium told": a place after a locative preposition belongs to
        // the plain noun before it.
        let place_of_noun = matches!(w, "in" | "from")
            && start < end
            && s.is_capitalized(start)
            && j > 0
            && PLACED_SPEAKERS.contains(&s.lw(j - 1));
        if place_of_noun {
            start = j;
            continue;
        }
        if BOUNDARY.contains(&w) || cues::lookup(w).is_some() && !s.is_capitalized(j) {
            break;
        }
        start = j;
    }
    // "Moscow-installed officials in the region said": a place after "in"/"from" (with its
    // article) belongs to the plain noun before it, as in the loop for names.
    if start >= 2
        && start < end
        && matches!(s.lw(start - 1), "in" | "from")
        && PLACED_SPEAKERS.contains(&s.lw(start - 2))
    {
        start -= 2;
        while start > 0 && end - start < 10 {
            let j = start - 1;
            let w = s.lw(j);
            let glued =
                matches!(w, "-" | "'" | "’") && j > 0 && s.toks[j - 1].end == s.toks[j].start;
            if !(s.is_word(j) || glued) || BOUNDARY.contains(&w) || cues::lookup(w).is_some() {
                break;
            }
            start = j;
            if DETERMINERS.contains(&w) {
                break;
            }
        }
    }
    // "Two in three said", "nine out of 10 say": a proportion of a polled group.
    if end - start == 1 && is_number(s, start) {
        if start >= 2 && s.is(start - 1, "in") && is_number(s, start - 2) {
            start -= 2;
        } else if start >= 3
            && s.is(start - 1, "of")
            && s.is(start - 2, "out")
            && is_number(s, start - 3)
        {
            start -= 3;
        }
    }
    // "a source close to him", "people familiar with the planning for the meeting",
    // "officials with knowledge of the talks": how a source knows, inside its noun phrase.
    if let Some(k) = source_postmodifier(s, start)
        && k > 0
        && !AUXILIARIES.contains(&s.lw(k - 1))
        && !matches!(
            s.lw(k - 1),
            "get" | "gets" | "got" | "getting" | "become" | "became"
        )
    {
        let mut head = k;
        while head > 0
            && k - head < 4
            && s.is_word(head - 1)
            && !BOUNDARY.contains(&s.lw(head - 1))
            && cues::lookup(s.lw(head - 1)).is_none()
        {
            head -= 1;
            if DETERMINERS.contains(&s.lw(head)) {
                break;
            }
        }
        if head < k {
            start = head;
        }
    }
    // "Officials who spoke with The Post said", "Officials who spoke on condition of
    // anonymity said": the noun phrase before the cue ends a relative clause, and the
    // speaker is what the clause describes.
    if let Some(rel) = (start.saturating_sub(7)..start)
        .rev()
        .find(|&r| s.is(r, "who"))
        && rel > 0
        && s.is_word(rel - 1)
        && (rel + 1..start).all(|k| s.is_word(k) && !s.is_quote_mark(k))
        && let Some(antecedent) = speaker_left(s, quotes, rel)
    {
        return Some(antecedent);
    }
    // A number alone ("released in 2005 suggest") is no speaker.
    if (start..end).all(|k| s.toks[k].kind == TokenKind::Number) {
        return None;
    }
    // A verb before the noun phrase is no part of it ("letting Putin believe").
    while start < end && !s.is_capitalized(start) && s.lw(start).ends_with("ing") && end - start > 1
    {
        start += 1;
    }
    if start == end {
        return None;
    }
    // A sentence-initial capitalised boundary word was lowercased ("In"): never part of it.
    Some((start, (s.toks[start].start, s.toks[end - 1].end)))
}

/// Whether from token `k` a name (capitalised words, a title's full stop) is followed by a
/// second object ("denied Vladimir Putin one of his aims", "denied Kyiv the right to").
fn withholds_from_someone(s: &Sent, k: usize) -> bool {
    let mut j = k;
    while j < s.len() && j < k + 6 && (s.is_capitalized(j) || s.raw(j) == "." && j > k) {
        j += 1;
    }
    j > k
        && !s.is_quote_mark(j)
        && matches!(
            s.lw(j),
            "one"
                | "a"
                | "an"
                | "the"
                | "any"
                | "access"
                | "entry"
                | "permission"
                | "his"
                | "her"
                | "their"
                | "its"
        )
}

/// Whether a cue word is a verb's base form ("feel", "say"): no "-s", "-ed" or "-ing", and
/// no irregular past ("said", "felt", "read" and "put" count as past).
fn is_base_form(w: &str) -> bool {
    let past_or_inflected = w.ends_with('s')
        || w.ends_with("ed")
        || w.ends_with("ing")
        || matches!(
            w,
            "said"
                | "told"
                | "thought"
                | "felt"
                | "knew"
                | "wrote"
                | "saw"
                | "made"
                | "held"
                | "spoke"
                | "heard"
                | "sought"
                | "found"
                | "meant"
                | "read"
                | "put"
                | "taught"
                | "understood"
                | "gave"
                | "led"
        );
    !past_or_inflected
}

/// Whether the noun phrase at `span` opens the sentence with a gerund ("Touring the
/// country …"): a long "-ing" word first.
fn is_gerund_subject(s: &Sent, span: ByteSpan) -> bool {
    s.toks.first().is_some_and(|t| t.start == span.0) && {
        let w = s.lw(0);
        w.len() > 5 && w.ends_with("ing")
    }
}

/// Words for a part of a group before its "of" ("one of the officials").
const PARTITIVES: &[&str] = &[
    "one",
    "some",
    "many",
    "most",
    "none",
    "each",
    "all",
    "several",
    "both",
    "few",
    "any",
    "either",
    "neither",
    "majority",
    "half",
    "third",
    "quarter",
    "dozens",
    "hundreds",
    "thousands",
    "number",
    "handful",
    "couple",
    "pair",
    "members",
];

/// Prepositions that open a noun phrase (an adjectival participle may follow one).
const PREPOSITIONS: &[&str] = &[
    "in",
    "within",
    "on",
    "at",
    "from",
    "into",
    "with",
    "without",
    "by",
    "for",
    "of",
    "under",
    "over",
    "across",
    "along",
    "beyond",
    "inside",
    "outside",
    "between",
    "among",
    "against",
    "despite",
    "amid",
    "amidst",
    "toward",
    "towards",
    "near",
    "around",
    "behind",
    "throughout",
    "upon",
    "onto",
];

/// The prepositions of [`PREPOSITIONS`] (and "during") that say where or when, not what:
/// "reported in Melitopol", but "warned against it".
const PLACE_TIME_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "on",
    "near",
    "across",
    "from",
    "along",
    "over",
    "inside",
    "outside",
    "within",
    "throughout",
    "around",
    "behind",
    "beyond",
    "into",
    "onto",
    "during",
];

/// Whether `w` is a preposition of either list: one that opens an adjunct after a cue
/// ([`ADJUNCT_PREPS`]) or a noun phrase ([`PREPOSITIONS`]).
fn is_preposition(w: &str) -> bool {
    ADJUNCT_PREPS.contains(&w) || PREPOSITIONS.contains(&w)
}

/// "spokesman", "spokeswoman", "spokesperson": whose "for" stays inside a speaker ("a
/// spokesperson for the Pentagon").
fn is_spokesperson(w: &str) -> bool {
    matches!(w, "spokesman" | "spokeswoman" | "spokesperson")
}

/// Modifiers joined by "and" before a speaker's noun ("current and former officials").
const COORDINATED_MODIFIERS: &[&str] = &[
    "current",
    "former",
    "past",
    "present",
    "senior",
    "junior",
    "local",
    "regional",
    "state",
    "federal",
    "military",
    "civilian",
    "western",
    "foreign",
    "domestic",
    "american",
    "european",
    "ukrainian",
    "russian",
    "israeli",
    "palestinian",
    "british",
    "french",
    "german",
    "chinese",
];

/// A word with a possessive ending ("Ukraine's", "summer’s").
fn is_possessive_word(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

/// A numeral, in digits or words ("10", "three").
fn is_number(s: &Sent, k: usize) -> bool {
    s.toks[k].kind == TokenKind::Number
        || matches!(
            s.lw(k),
            "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
        )
}

/// Where a postmodifier saying how a source knows ("close to", "familiar with", "briefed
/// on", "with knowledge of") begins, when the noun phrase starting at token `np_start`
/// ends it: the adjective's index (or the "with" of "with knowledge of").
/// The phrase in between holds only words ("the planning for Thursday's meeting").
fn source_postmodifier(s: &Sent, np_start: usize) -> Option<usize> {
    let lo = np_start.saturating_sub(8);
    let k = (lo..np_start).rev().find(|&k| {
        k + 1 < s.len()
            && matches!(
                (s.lw(k), s.lw(k + 1)),
                ("close" | "closest", "to")
                    | ("familiar", "with")
                    | ("briefed", "on")
                    | ("knowledge", "of")
                    | ("involved", "in")
            )
    })?;
    // Everything from the preposition to the noun phrase is words of a noun phrase.
    let plain = (k + 2..np_start).all(|j| {
        (s.is_word(j) || matches!(s.raw(j), "'" | "’" | "'s" | "’s" | "-"))
            && !matches!(s.lw(j), "that" | "who" | "which" | "and" | "but")
            && !AUXILIARIES.contains(&s.lw(j))
            // ("the planning": a cue word after a determiner is a noun.)
            && (cues::lookup(s.lw(j)).is_none() || DETERMINERS.contains(&s.lw(j - 1)))
    });
    if !plain {
        return None;
    }
    if s.lw(k) == "knowledge" {
        // "with knowledge of", "with direct knowledge of".
        return match k.checked_sub(1).map(|j| s.lw(j)) {
            Some("with") => Some(k - 1),
            Some(_) if k >= 2 && s.is(k - 2, "with") => Some(k - 2),
            _ => None,
        };
    }
    Some(k)
}

/// Titles and bodies that take an "of" inside a speaker's noun phrase.
static TITLE_BEFORE_OF: ListSet = ListSet::new(&[
    "secretary",
    "minister",
    "ministry",
    "head",
    "chief",
    "president",
    "leader",
    "director",
    "chairman",
    "chair",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "member",
    "members",
    "governor",
    "mayor",
    "commander",
    "department",
    "office",
    "secretary-general",
    "council",
    "representative",
    "ambassador",
    "chairwoman",
    "chairperson",
    "commissioner",
    "speaker",
    "prosecutor",
    "envoy",
    "editor",
    "founder",
    "official",
    "officials",
    "representatives",
    "leaders",
    "heads",
    "commanders",
    "ministers",
    "deputy",
]);

/// A preposition, conjunction, auxiliary or sentence adverb standing alone where a speaker
/// was looked for.
fn is_function_word(w: &str) -> bool {
    let w = w.trim();
    ADJUNCT_PREPS.iter().any(|p| w.eq_ignore_ascii_case(p))
        || [
            "and",
            "or",
            "but",
            "nor",
            "neither",
            "either",
            "having",
            "being",
            "as",
            "than",
            "according",
            "worth",
            // "..., said no."
            "no",
            "yes",
            "nothing",
            // Sentence adverbs: "Meanwhile, X, asked by ...", "X, then chairman of Y, told".
            "meanwhile",
            "however",
            "instead",
            "then",
            "moreover",
            "furthermore",
            "nevertheless",
            "therefore",
            "thus",
        ]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(p))
}

/// `hedged-report`, or else `in-poll`, for a sentence no other rule found a claim in: one
/// walk over its tokens finds the word each starts from (the first reporting adverb, and the
/// first "poll" or "survey" after the first token, outside quotations).
fn unsourced_report(s: &Sent) -> Option<Draft> {
    let (mut adverb, mut noun) = (None, None);
    for k in 0..s.len() {
        let w = s.lw(k);
        // Told apart by length first: most words have none of these lengths.
        let found = match w.len() {
            9..=11 => adverb.is_none() && REPORTING_ADVERBS.contains(&w),
            4 | 6 => noun.is_none() && k > 0 && matches!(w, "poll" | "survey"),
            _ => false,
        };
        if !found || s.quoted[k] {
            continue;
        }
        if w.len() >= 9 {
            adverb = Some(k);
        } else {
            noun = Some(k);
        }
        if adverb.is_some() && noun.is_some() {
            break;
        }
    }
    adverb
        .and_then(|k| reported_without_source(s, k))
        .or_else(|| noun.and_then(|noun| in_poll(s, noun)))
}

/// `hedged-report`: "A Russian drone reportedly hit a depot." — a sentence that reports a
/// claim without naming its source is a claim with no speaker; the adverb is its cue (and
/// the hedge stage makes it hedged). Only for a sentence no other rule found a claim in,
/// and never inside a quotation.
/// `k`: the first reporting adverb outside quotations.
fn reported_without_source(s: &Sent, k: usize) -> Option<Draft> {
    // "the allegedly deadly illness": inside a noun phrase the adverb doubts a description,
    // and the sentence reports nothing on anyone's word.
    if k > 0 && DETERMINERS.contains(&s.lw(k - 1)) {
        return None;
    }
    let cue = (s.toks[k].start, s.toks[k].end);
    let end = s.content_end();
    let mut segments = Vec::new();
    if k > 0 {
        segments.push((s.toks[0].start, s.toks[k - 1].end));
    }
    // "Reportedly, a drone hit ...": the comma after the adverb is no content.
    let after = if s.lw(k + 1) == "," { k + 2 } else { k + 1 };
    if after < s.len() && s.toks[after].start < end {
        segments.push((s.toks[after].start, end));
    }
    // A clause of two words or fewer ("It reportedly did.") says too little to be a claim.
    let words = (0..s.len()).filter(|&j| j != k && s.is_word(j)).count();
    if segments.is_empty() || words < 3 {
        return None;
    }
    Some(Draft::new(
        s,
        "hedged-report",
        Vec::new(),
        cue,
        segments,
        cue.0,
    ))
}

/// `in-poll`: "Trump leads Cruz by nine points in the latest CNN poll released Wednesday."
/// — a finding reported as a poll's: the clause before "in" is the content, the poll its
/// source. Only for a sentence no other rule found a claim in.
/// `noun`: the first "poll" or "survey" after the first token, outside quotations. (One poll:
/// "the polls" are as often the vote itself: "went to the polls".)
fn in_poll(s: &Sent, noun: usize) -> Option<Draft> {
    // "in" and the poll's name: words only ("the latest NBC News/Wall Street Journal poll").
    let p = (noun.saturating_sub(9)..noun)
        .rev()
        .find(|&k| s.is(k, "in"))?;
    let name_like = (p + 1..noun).all(|k| {
        s.is_word(k) || matches!(s.raw(k), "/" | "-" | "'" | "’" | "'s" | "’s" | "." | "&")
    });
    if !name_like || p < 3 {
        return None;
    }
    // The clause: from the sentence start (after "But", "And", a leading adverb and its
    // comma) or the last semicolon, to before "in" and its comma.
    let mut first = (0..p).rev().find(|&k| s.lw(k) == ";").map_or(0, |k| k + 1);
    if matches!(s.lw(first), "but" | "and" | "yet" | "so" | "still") {
        first += 1;
    }
    if s.lw(first) == "," {
        first += 1;
    }
    let mut last = p;
    while last > first && matches!(s.lw(last - 1), "," | "—" | "–") {
        last -= 1;
    }
    if (first..last).filter(|&k| s.is_word(k)).count() < 3 {
        return None;
    }
    // The source: the poll's name, and what says when it was taken ("released Wednesday").
    let mut end = noun + 1;
    if matches!(
        s.lw(end),
        "released" | "published" | "conducted" | "taken" | "out"
    ) {
        end += 1;
        while end < s.len() && end - noun < 5 && s.is_word(end) && !s.is(end, "that") {
            end += 1;
        }
    }
    // The poll closes the clause ("Fifteen percent of voters in the poll backed X": it
    // is inside the subject).
    if !(s.only_closing_from(end) || matches!(s.lw(end), "," | ";" | "—" | "–" | "(")) {
        return None;
    }
    let speaker = (s.toks[p + 1].start, s.toks[end - 1].end);
    Some(Draft::new(
        s,
        "in-poll",
        vec![speaker],
        (s.toks[p].start, s.toks[p].end),
        vec![(s.toks[first].start, s.toks[last - 1].end)],
        s.toks[first].start,
    ))
}

/// Abbreviated ranks and titles, whose full stop stays inside a name.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "lt", "col", "gen", "maj", "capt", "sgt", "cpl", "pvt", "adm", "brig", "cmdr", "dr", "mr",
    "mrs", "ms", "gov", "sen", "rep", "prof", "rev", "st",
];

/// Auxiliaries and modals, which never sit inside a noun phrase.
const AUXILIARIES: &[&str] = &[
    "is", "was", "are", "were", "has", "had", "have", "will", "would", "could", "should", "must",
    "can", "may", "might",
];

/// Things that carry statements but never make them: a participle after one is passive
/// ("a video posted on", "the views expressed in").
const MEDIA_NOUNS: &[&str] = &[
    "video",
    "videos",
    "footage",
    "photo",
    "photos",
    "image",
    "images",
    "picture",
    "pictures",
    "clip",
    "post",
    "posts",
    "message",
    "letter",
    "document",
    "documents",
    "article",
    "views",
    "opinions",
    "comments",
    "remarks",
    "words",
];

/// Nouns for people who speak, which a place may follow ("residents in Izium", "officials
/// from Kyiv").
const PLACED_SPEAKERS: &[&str] = &[
    "residents",
    "people",
    "officials",
    "authorities",
    "government",
    "sources",
    "analysts",
    "experts",
    "diplomats",
    "correspondents",
    "reporters",
    "journalists",
    "witnesses",
    "observers",
    "volunteers",
    "activists",
    "doctors",
    "police",
    "prosecutors",
    "commanders",
    "soldiers",
    "lawmakers",
    "leaders",
    "embassy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Whether the noun phrase at `span` is headed by a word for armed force ("Russian forces",
/// "the 92nd Brigade", "drones").
fn is_armed_force(text: &str, span: ByteSpan) -> bool {
    let head = text
        .get(span.0..span.1)
        .and_then(|np| np.split_whitespace().next_back())
        .unwrap_or("")
        .to_lowercase();
    ARMED_FORCE_HEADS.contains(&head.as_str())
}

/// Head nouns of armed force, in the singular and plural.
const ARMED_FORCE_HEADS: &[&str] = &[
    "forces",
    "troops",
    "army",
    "armies",
    "military",
    "militaries",
    "soldiers",
    "units",
    "fighters",
    "militants",
    "militia",
    "militias",
    "separatists",
    "rebels",
    "invaders",
    "occupiers",
    "battalion",
    "battalions",
    "brigade",
    "brigades",
    "regiment",
    "regiments",
    "division",
    "divisions",
    "navy",
    "drones",
    "missiles",
    "artillery",
    "jets",
    "aircraft",
    "warships",
];

/// Suffixes of adjectives, never of the nouns that speak ("possible", "dangerous").
fn is_adjective_like(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_lowercase())
        && ["ible", "able", "ous", "ful", "less"]
            .iter()
            .any(|suffix| w.ends_with(suffix))
}

/// Adjectives that put a cue word after them in noun position ("Russia's greatest fears",
/// "the latest claims").
static NOUN_MAKING_ADJECTIVES: ListSet = ListSet::new(&[
    "new",
    "growing",
    "widespread",
    "latest",
    "recent",
    "initial",
    "early",
    "earlier",
    "previous",
    "repeated",
    "public",
    "private",
    "fresh",
    "similar",
    "such",
    "same",
    "own",
    "main",
    "chief",
    "biggest",
    "greatest",
    "worst",
    "deepest",
    "alleged",
    "false",
    "baseless",
]);

/// The noun phrase starting at token `k` (an inverted speaker "said Smith, a ..."):
/// `(index after it, byte span)`.
fn np_after(s: &Sent, k: usize) -> Option<(usize, ByteSpan)> {
    // "..., the mayor wrote on Telegram": a phrase opening with a preposition is an adjunct,
    // not the speaker.
    // ("..., said speaking from Kyiv": nor does a participle.)
    // ("a “Level 4” warning against Ukraine": nor is the object of a noun's preposition.)
    if k < s.len() && (is_preposition(s.lw(k)) || s.lw(k).ends_with("ing")) && !s.is_capitalized(k)
    {
        return None;
    }
    let mut e = k;
    while e < s.len() && e - k < 10 {
        let w = s.lw(e);
        if !s.is_word(e) {
            let inner = matches!(w, "'" | "." | "-" | "&")
                && e > k
                && e + 1 < s.len()
                && s.is_word(e + 1)
                && s.toks[e].end == s.toks[e + 1].start;
            // "said Lt. Col. Yuriy Ignat": the full stop of a rank or title.
            let title_stop = w == "."
                && e > k
                && e + 1 < s.len()
                && TITLE_ABBREVIATIONS.contains(&s.lw(e - 1))
                && s.is_capitalized(e + 1);
            if !inner && !title_stop {
                break;
            }
            e += 1;
            continue;
        }
        // "the then German Chancellor": "then" as an adjective.
        let then_adjective = w == "then" && e > k && matches!(s.lw(e - 1), "the" | "a");
        if e > k && (BOUNDARY.contains(&w) && !matches!(w, "of" | "for")) && !then_adjective {
            break;
        }
        // "said Ukraine needed more", "said Kyiv would": a verb after a name makes a clause,
        // and the name its subject, not a speaker after the cue.
        let verb_after_name = e > k
            && s.is_capitalized(e - 1)
            && !s.is_capitalized(e)
            && (w.len() > 3 && w.ends_with("ed") || AUXILIARIES.contains(&w));
        if verb_after_name {
            break;
        }
        if cues::lookup(w).is_some() && !s.is_capitalized(e) && e > k {
            break;
        }
        e += 1;
    }
    if e == k {
        return None;
    }
    Some((e, (s.toks[k].start, s.toks[e - 1].end)))
}

/// Skips an adjunct after a cue ("on Tuesday", "in a statement", "reporters" after "told").
/// Returns the index after it, or `None` if what follows looks like content.
fn skip_adjunct(s: &Sent, mut k: usize, cue: Cue) -> Option<usize> {
    if cue.class == CueClass::Tell {
        k = skip_addressee(s, k);
    }
    // "to" followed by a verb is an infinitive, not an adjunct: only "to reporters" etc.
    let infinitive =
        s.is(k, "to") && !s.is_capitalized(k + 1) && !DETERMINERS.contains(&s.lw(k + 1));
    if k < s.len()
        && !infinitive
        && (ADJUNCT_PREPS.contains(&s.lw(k)) || TIME_WORDS.contains(&s.lw(k)))
    {
        let first = k;
        while k < s.len()
            && s.is_word(k)
            && !s.is(k, "that")
            && !(s.lw(k) == "and" && k + 1 < s.len() && s.is(k + 1, "that"))
            // ("on Wednesday after hinting that C": the "that" of another clause.)
            && !(k > first && matches!(s.lw(k), "after" | "before" | "while" | "when" | "because"))
        {
            k += 1;
        }
        // Within an adjunct a "that" means the content is after all.
        if s.is(k, "that") {
            return None;
        }
    }
    Some(k)
}

/// The addressee of "told" and friends: a pronoun, a capitalised name or a short NP.
fn skip_addressee(s: &Sent, k: usize) -> usize {
    let mut e = k;
    if matches!(
        s.lw(e),
        "him" | "her" | "them" | "me" | "us" | "you" | "reporters" | "journalists" | "supporters"
    ) {
        return e + 1;
    }
    if DETERMINERS.contains(&s.lw(e)) {
        e += 1;
        while e < s.len() && s.is_word(e) && e - k < 4 && !s.is(e, "that") {
            e += 1;
            if !s.is_capitalized(e) {
                break;
            }
        }
        // "a Senate panel": the head noun after capitalised modifiers.
        if e > k + 1
            && e < s.len()
            && s.is_capitalized(e - 1)
            && s.is_word(e)
            && !s.is_capitalized(e)
            && !s.is(e, "that")
            && !BOUNDARY.contains(&s.lw(e))
            && !AUXILIARIES.contains(&s.lw(e))
            && !DETERMINERS.contains(&s.lw(e))
            && !PRONOUN_SUBJECTS.contains(&s.lw(e))
            && !s.lw(e).contains(['\'', '’'])
            && cues::lookup(s.lw(e)).is_none()
        {
            e += 1;
        }
        return e;
    }
    while e < s.len() && s.is_capitalized(e) && s.is_word(e) && e - k < 5 {
        e += 1;
    }
    // "NBC's": the possessive's own tokens.
    if e > k && matches!(s.raw(e), "'s" | "’s") {
        e += 1;
    } else if e > k && matches!(s.raw(e), "'" | "’") && s.is(e + 1, "s") {
        e += 2;
    }
    quoted_title_end(s, e).unwrap_or(e)
}

/// `told "Fox and Friends"`, `NBC's “Today”`: where a programme's title in quotation marks
/// (a few capitalised words) starting at token `k` ends.
fn quoted_title_end(s: &Sent, k: usize) -> Option<usize> {
    if k >= s.len() || !s.is_quote_mark(k) {
        return None;
    }
    let close = (k + 1..s.len().min(k + 6)).find(|&j| s.is_quote_mark(j))?;
    let title = close > k + 1
        && (k + 1..close).all(|j| s.is_capitalized(j) || matches!(s.lw(j), "and" | "the" | "of"));
    title.then_some(close + 1)
}

/// Whether the attribution ends at token `k`: the sentence ends, or a comma introduces a
/// continued quotation, a participle, another clause or an apposition.
fn trailer_after(s: &Sent, k: usize) -> bool {
    if k >= s.len() || s.only_closing_from(k) {
        return true;
    }
    if matches!(s.lw(k), "," | ";" | "—" | "–" | "(") {
        let next = k + 1;
        if next >= s.len() || s.is_quote_mark(next) {
            return true;
        }
        let w = s.lw(next);
        // ("…, X told the media on Monday, BelTA has learned.": a second, short
        // attribution closing the sentence.)
        let end = (next..s.len())
            .find(|&j| s.only_closing_from(j))
            .unwrap_or(s.len());
        let short_attribution = end > next
            && end - next <= 5
            && (next..end).all(|j| s.is_word(j))
            && cues::lookup(s.lw(end - 1)).is_some()
            && !s.is_capitalized(end - 1);
        return AFTER_TRAILER.contains(&w)
            || (w.ends_with("ing") && w.len() > 5)
            || s.lw(k) != ","
            || short_attribution;
    }
    false
}

/// Content before the separator token `sep` (a comma or a closing quotation mark):
/// the quotation that closes there, or the sentence up to it.
/// "- Russia escalated. This is a threat - said X.": a quotation opened by a dialogue dash
/// at the start of the paragraph and closed by the dash before the cue takes in the
/// paragraph's earlier sentences. The span of those sentences, when the paragraph opens
/// with a dash, the sentence itself does not, and no other spaced dash lies between.
fn dash_quotation_before(s: &Sent) -> Option<ByteSpan> {
    // Only a few kilobytes back: a run-on line of megabytes must not be scanned again for
    // every dash attribution in it.
    let mut lo = s.span.start.saturating_sub(4096);
    while !s.text.is_char_boundary(lo) {
        lo -= 1;
    }
    let para_start = match s.text[lo..s.span.start].rfind('\n') {
        Some(n) => lo + n + 1,
        None if lo == 0 => 0,
        None => return None,
    };
    let before = &s.text[para_start..s.span.start];
    let body = before.trim_start();
    let rest = ["- ", "– ", "— "]
        .iter()
        .find_map(|d| body.strip_prefix(d))?;
    let own = s.text[s.span.start..s.span.end].trim_start();
    if own.starts_with(['-', '–', '—']) || [" - ", " – ", " — "].iter().any(|d| rest.contains(d))
    {
        return None;
    }
    let start = s.span.start - rest.len();
    let end = start + rest.trim_end().len();
    (end > start).then_some((start, end))
}

fn backward_content(
    s: &Sent,
    quotes: &Quotes,
    sep: usize,
) -> Option<(Vec<ByteSpan>, Option<usize>)> {
    let mut k = sep;
    // `”,` or `,”`: the quotation closing at or right before the separator.
    for j in [k, k.wrapping_sub(1)] {
        if j < s.len()
            && let Some(q) = quotes.closing_at(s.toks[j].start)
        {
            // A quotation that opens inside this sentence after other words is part of
            // the content ("Nothing he said “will assuage fears,” X said": mixed).
            // Only the clause the quotation is in: after the last comma before it
            // ("Although ..., Reuters “could not verify ...,” Reuters said" stays direct).
            let quote = &quotes.list[q];
            let before = &s.text[s.span.start..quote.open.max(s.span.start)];
            let clause_start = before
                .rfind(',')
                .map_or(s.span.start, |c| s.span.start + c + 1);
            let clause = &s.text[clause_start..quote.open.max(clause_start)];
            if quote.open > s.span.start && clause.split_whitespace().count() >= 2 {
                let start = clause_start + (clause.len() - clause.trim_start().len());
                let end = quotes.content(q).1;
                return Some((vec![(start, end)], None));
            }
            // A quotation continued from earlier paragraphs contributes all its parts.
            return Some((quote_chain(quotes, q), Some(q)));
        }
    }
    while k > 0 && matches!(s.lw(k - 1), "," | "-" | "—" | "–") {
        k -= 1;
    }
    if k < 2 {
        return None;
    }
    let first = dateline_end(s, k).unwrap_or(0);
    Some((vec![(s.toks[first].start, s.toks[k - 1].end)], None))
}

/// The first token after a wire dateline opening the sentence ("KYIV, March 3 (Reuters) -",
/// "BRUSSELS —"), if one does and content is left before token `limit`: a place in
/// capitals, perhaps a date after a comma and an agency in parentheses, then a dash.
fn dateline_end(s: &Sent, limit: usize) -> Option<usize> {
    let capitals = |k: usize| {
        let raw = s.raw(k);
        raw.chars().any(char::is_alphabetic) && !raw.chars().any(char::is_lowercase)
    };
    if s.len() < 2 || !capitals(0) || s.raw(0).chars().count() < 3 {
        return None;
    }
    // Within the first 12 tokens: the place, a date and an agency are short.
    let dash = (1..limit.min(12)).find(|&k| matches!(s.lw(k), "-" | "—" | "–" | "--"))?;
    let mut k = 1;
    while k < dash && capitals(k) {
        k += 1;
    }
    // What may follow the place: ", March 3", "(Reuters)".
    let rest_ok = (k..dash).all(|j| {
        let raw = s.raw(j);
        matches!(raw, "," | "(" | ")" | ".")
            || s.toks[j].kind == TokenKind::Number
            || s.is_capitalized(j)
    });
    (rest_ok && dash + 1 < limit).then_some(dash + 1)
}

/// After a trailing attribution: ", “B”" continues the quotation in the same sentence.
fn continue_after(
    s: &Sent,
    quotes: &Quotes,
    k: usize,
    segments: &mut Vec<ByteSpan>,
) -> Option<usize> {
    if s.lw(k) == "," && k + 1 < s.len() {
        if let Some(q) = quotes.opening_at(s.toks[k + 1].start) {
            segments.push(quotes.content(q));
            return Some(q);
        }
        // "In any case, he said, the industry was over-supplied": reported content split
        // by a medial attribution goes on after it (unless what follows is the writer's:
        // a participle, a relative clause, another attribution).
        let next = s.lw(k + 1);
        let reported = segments
            .last()
            .is_some_and(|seg| quotes.closing_at(seg.1).is_none() && !quotes.inside(seg.0));
        if reported
            && s.is_word(k + 1)
            && !s.is_capitalized(k + 1)
            && !is_participle(next)
            && !matches!(
                next,
                "who" | "which" | "according" | "as" | "while" | "whereas" | "and" | "but"
            )
            && (k + 1..s.len()).all(|j| cues::lookup(s.lw(j)).is_none())
            && s.toks[k + 1].start < s.content_end()
            // ("..., said Ivan Sokol, a brigade spokesman.": an apposition, no clause.)
            && (!matches!(next, "a" | "an" | "the") || clause_from(s, k + 1))
        {
            segments.push((s.toks[k + 1].start, s.content_end()));
        }
    }
    None
}

/// Content from token `k` after a cue: skips an addressee/adjunct and "that"/":"; a
/// quotation right there is the content (however far it runs); otherwise the rest of the
/// sentence. Returns the segments and the quotation index when quoted.
fn forward_content(
    s: &Sent,
    quotes: &Quotes,
    k: usize,
    cue: Cue,
) -> Option<(Vec<ByteSpan>, Option<usize>)> {
    let mut k = k;
    // "hoped for a win", "believes in journalism", "complained of ...": the preposition
    // belongs to the cue.
    let takes_object = !matches!(cue.class, CueClass::Speech | CueClass::Tell)
        || ["complain", "argu", "warn", "ask", "talk", "spoke", "speak"]
            .iter()
            .any(|p| s.lw(k - 1).starts_with(p));
    if takes_object && matches!(s.lw(k), "for" | "in" | "of" | "about") {
        k += 1;
        let end = inside_parenthesis_end(s, k);
        return (k < s.len() && s.toks[k].start < end)
            .then(|| (vec![(s.toks[k].start, end)], None));
    }
    if cue.class == CueClass::Tell {
        k = match (k..s.len().min(k + 15))
            .find(|&j| s.is(j, "that") || matches!(s.lw(j), "," | ":" | ";"))
        {
            // (Not the "that" of a clause already under way: "told reporters there was no
            // truth to claims that ...".)
            Some(j) if s.is(j, "that") && !clause_between(s, k, j) => j,
            _ => skip_addressee(s, k),
        };
    }
    // "said in a statement that", "said on Tuesday that": skip to the "that".
    if k < s.len()
        && (ADJUNCT_PREPS.contains(&s.lw(k)) || TIME_WORDS.contains(&s.lw(k)))
        && !matches!(s.lw(k), "to" | "of")
    {
        if let Some(t) = (k..s.len().min(k + 10)).find(|&j| s.is(j, "that") || s.lw(j) == ":") {
            k = t;
        } else if let Some(c) = (k..s.len().min(k + 8)).find(|&j| s.lw(j) == ",") {
            k = c;
        } else {
            k = after_time(s, k);
        }
    }
    if matches!(s.lw(k), "out") {
        // "pointed out", "spelled out".
        k += 1;
    }
    // "warning darkly that C": an adverb between the cue and its clause.
    if s.lw(k).len() > 4 && s.lw(k).ends_with("ly") && s.is(k + 1, "that") {
        k += 1;
    }
    if cue.class == CueClass::Stance {
        return object_content(s, k);
    }
    // "agreed, saying C": the participle makes its own claim; the cue has no content.
    if s.lw(k) == "," && is_participle(s.lw(k + 1)) {
        return None;
    }
    let mut skipped = 0;
    while k < s.len() && skipped < 2 && (matches!(s.lw(k), "that" | ":" | ",")) {
        k += 1;
        skipped += 1;
    }
    if k >= s.len() || s.only_closing_from(k) {
        // "X said:" at the end of a line: the quotation that follows.
        if s.text[s.span.start..s.span.end].trim_end().ends_with(':')
            && let Some(q) = next_quotation(s, quotes)
        {
            return Some((vec![quotes.content(q)], Some(q)));
        }
        return None;
    }
    let t = s.toks[k];
    if let Some(q) = quotes.opening_at(t.start) {
        let quote = &quotes.list[q];
        // The quotation is the whole content when it runs to the sentence end or beyond.
        let rest_closing = quote.outer_end >= s.span.end
            || s.only_closing_from(
                s.toks
                    .iter()
                    .position(|x| x.start >= quote.outer_end)
                    .unwrap_or(s.len()),
            );
        if rest_closing {
            return Some((vec![quotes.content(q)], Some(q)));
        }
    }
    let end = inside_parenthesis_end(s, k);
    if t.start >= end {
        return None;
    }
    Some((vec![(t.start, end)], None))
}

/// Where content from token `k` ends: the sentence's content end, or a closing
/// parenthesis when `k` lies inside one opened earlier in the sentence ("(Most Europeans
/// want to stand with Kyiv, poll suggests, 9 February), Goering's words …").
fn inside_parenthesis_end(s: &Sent, k: usize) -> usize {
    let end = s.content_end();
    let mut depth = 0usize;
    for j in 0..k.min(s.len()) {
        match s.lw(j) {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if depth == 0 {
        return end;
    }
    (k..s.len())
        .find(|&j| s.lw(j) == ")")
        .map_or(end, |j| s.toks[j].start.min(end))
}

/// The object of a stance verb ("endorsed Sanders in the primary", "called for a wall"):
/// up to the first punctuation or subordinate clause.
fn object_content(s: &Sent, k: usize) -> Option<(Vec<ByteSpan>, Option<usize>)> {
    let mut k = k;
    if matches!(s.lw(k), "for" | "on") {
        k += 1;
    }
    let mut e = k;
    while e < s.len() {
        let w = s.lw(e);
        // A period inside the sentence ends an abbreviation ("Gov. Rick Snyder").
        let final_stop = matches!(w, "." | "?" | "!") && e + 1 >= s.len();
        let stop = final_stop
            || matches!(w, "," | ";" | ":" | "—" | "–" | "--" | "(")
            || e > k && (SUBORDINATORS.contains(&w) || matches!(w, "but" | "who" | "which"));
        if stop {
            break;
        }
        e += 1;
    }
    if e == k {
        return None;
    }
    Some((vec![(s.toks[k].start, s.toks[e - 1].end)], None))
}

/// The first quotation opening after the sentence, if only whitespace lies between.
fn next_quotation(s: &Sent, quotes: &Quotes) -> Option<usize> {
    let rest = &s.text[s.span.end..];
    let gap = rest.len() - rest.trim_start().len();
    quotes.opening_at(s.span.end + gap)
}

/// The subject at the start of the sentence, for participles and interrupted subjects.
fn subject_of_sentence(s: &Sent, before: usize) -> Option<ByteSpan> {
    // A dateline is no subject ("BUENA PARK, Calif. — Hillary Clinton ...").
    let mut k = dateline_end(s, before).unwrap_or(0);
    let w = s.lw(k);
    // Skip a leading adverbial phrase ending in a comma ("On Tuesday, ...", "Separately,
    // ...", "Beyond the footage, ...", "Asked about the vote, ...", "Facing criticism,
    // ...").
    let adverb_first = w.len() > 4 && w.ends_with("ly") && s.lw(k + 1) == ",";
    // (Not a name: "United States", "Alfred Smith".)
    let participle_first =
        w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")) && !s.is_capitalized(k + 1);
    // ("On Thursday Li Wei, a spokesman, dismissed …": a time with no comma after it.)
    let time_end = after_time(s, k);
    if time_end > k && time_end < before && s.is_capitalized(time_end) {
        k = time_end;
    } else if BOUNDARY.contains(&w)
        || PREPOSITIONS.contains(&w)
        || TIME_WORDS.contains(&w)
        || w == "however"
        || adverb_first
        || participle_first
    {
        let c = (k..before).find(|&j| s.lw(j) == ",")?;
        k = c + 1;
    }
    while k < before && (s.is_quote_mark(k) || matches!(s.lw(k), "but" | "and" | "so")) {
        k += 1;
    }
    if k >= before {
        return None;
    }
    if PRONOUN_SUBJECTS.contains(&s.lw(k)) {
        return Some((s.toks[k].start, s.toks[k].end));
    }
    let start = k;
    let mut e = k;
    while e < before && e - start < 10 {
        let w = s.lw(e);
        let word = s.is_word(e);
        let inner_punct = matches!(w, "'" | "." | "-") && e > start;
        if !(word || inner_punct) {
            break;
        }
        // ("A spokesperson for the Southern Defence Forces": a spokesperson's "for" too.)
        let spokesperson_for = w == "for" && e > start && is_spokesperson(s.lw(e - 1));
        if e > start
            && (BOUNDARY.contains(&w) && !matches!(w, "of") && !spokesperson_for
                || BETWEEN.contains(&w))
        {
            break;
        }
        if e > start && cues::lookup(w).is_some() && !s.is_capitalized(e) {
            break;
        }
        if e > start && !s.is_capitalized(e) && !DETERMINERS.contains(&s.lw(start)) {
            // A capitalised name ends at the first lowercase word (unless "of", "'s", or
            // "the" inside a name: "Chairman of the Verkhovna Rada").
            let the_in_name = w == "the" && s.is(e - 1, "of") && s.is_capitalized(e + 1);
            // ("Ukraine's interior minister": a possessive's noun phrase goes on.)
            // (It ends after a plural head: "Zelensky's comments came ...".)
            let prev = s.lw(e - 1);
            let plural_head = prev.ends_with('s') && !is_possessive_word(prev);
            let after_possessive = !plural_head && (start..e).any(|k| is_possessive_word(s.lw(k)));
            if w != "of" && w != "'s" && !the_in_name && !after_possessive {
                break;
            }
        }
        // "the Ukrainian president requested ...": a noun phrase ends at a verb.
        if e > start + 1
            && !s.is_capitalized(e)
            && (AUXILIARIES.contains(&w) || w.len() > 4 && w.ends_with("ed"))
        {
            break;
        }
        e += 1;
    }
    if e == start {
        return None;
    }
    Some((s.toks[start].start, s.toks[e - 1].end))
}

/// Cuts forward content at the next attribution in the same sentence and at a writer's
/// appended comment (", something ...", ", while ...").
fn trim_to_next_attribution(s: &Sent, claims: &mut [Draft]) {
    // Sorted anchors and tokens found by binary search keep this linear in practice on a
    // run-on sentence with thousands of attributions.
    let mut anchors: Vec<usize> = claims.iter().map(|d| d.anchor).collect();
    anchors.sort_unstable();
    let token_at = |a: usize| s.toks.binary_search_by_key(&a, |t| t.start).ok();
    for d in claims.iter_mut() {
        if !d.forward {
            continue;
        }
        let Some(seg) = d.segments.last_mut() else {
            continue;
        };
        let mut end = seg.1;
        // The first coordinated attribution inside the content ends it ("C and others said
        // ..."); one nested inside it ("he believed that ...") does not.
        let from = anchors.partition_point(|&a| a <= seg.0);
        for &a in anchors[from..].iter().take_while(|&&a| a < end) {
            let coordinated = token_at(a).is_some_and(|k| {
                matches!(s.lw(k), "-" | "—" | "–")
                    || k > 0
                        && (matches!(s.lw(k - 1), "," | ";")
                            || matches!(s.lw(k - 1), "and" | "but")
                            || k > 1 && s.is_quote_mark(k - 1) && s.lw(k - 2) == ",")
            });
            if coordinated {
                end = a;
                break;
            }
        }
        // ", something Finland can count on", "; ...", ", while nine in 10 said ...".
        let first = s.toks.partition_point(|t| t.start <= seg.0);
        for (k, t) in s.toks.iter().enumerate().skip(first) {
            if t.start >= end {
                break;
            }
            // Inside a quotation (`s.quoted` is `quotes.inside` of each token's start).
            if s.quoted[k] {
                continue;
            }
            // Only punctuation is cut at, or ever is ",", ";" or a dash: a word's text is
            // not sliced out to be compared.
            let raw = if t.kind == TokenKind::Punct {
                s.raw(k)
            } else {
                ""
            };
            let cut = (raw == ","
                && (CONTENT_CUTS.contains(&s.lw(k + 1))
                    || is_participle(s.lw(k + 1))
                    || d.clause_only))
                || (matches!(raw, "—" | "–" | "--") && matches!(s.lw(k + 1), "a" | "an"))
                || (raw == "," && appended_comment(s, k + 1))
                || (s.lw(k) == "and" && CUT_AND && second_predicate(s, k + 1))
                || raw == ";";
            if cut {
                end = t.start;
                break;
            }
        }
        // Drop a dangling connector before the cut. (An empty or inverted segment is left
        // for the final trim to drop.)
        let Some(piece) = s.text.get(seg.0..end) else {
            continue;
        };
        let mut trimmed = piece.trim_end();
        for tail in [
            " and", " but", " while", " as", ",", " —", " –", " (", " or",
        ] {
            if let Some(t) = trimmed.strip_suffix(tail) {
                trimmed = t.trim_end();
            }
        }
        trimmed = trimmed.trim_end_matches([',', ' ']);
        seg.1 = seg.0 + trimmed.len();
    }
}

/// "“A,” she said. “B.”": a quotation opening a later sentence of the same paragraph
/// continues the direct claim that ended with a quotation.
fn continue_quotes(text: &str, sentences: &[Sentence], quotes: &Quotes, claims: &mut [Draft]) {
    for d in claims.iter_mut() {
        let Some(mut last_q) = d.open_quote else {
            continue;
        };
        let mut si = d.sentence + 1;
        // Skip the sentences the claim's own quotation already covers.
        let covered = quotes.list[last_q].outer_end.max(sentences[d.sentence].end);
        si = si.max(sentences.partition_point(|x| x.end <= covered));
        let mut added = 0;
        while si < sentences.len() && added < 10 {
            let next = sentences[si];
            let gap = &text[covered.max(sentences[si - 1].end).min(next.start)..next.start];
            if gap.contains('\n') && quotes.list[last_q].close.is_some() {
                break;
            }
            let Some(q) = quotes.opening_at(next.start) else {
                break;
            };
            let quote = &quotes.list[q];
            // Only a quotation that is a whole sentence (or several).
            let after = text[quote.outer_end.min(text.len())..].trim_start_matches([' ']);
            let ends_sentence =
                quote.outer_end >= next.end || after.is_empty() || after.starts_with(['\n', '\r']);
            if !ends_sentence || q == last_q {
                break;
            }
            d.segments.push(quotes.content(q));
            last_q = q;
            added += 1;
            si = si.max(sentences.partition_point(|x| x.start < quote.outer_end));
        }
    }
}

const CUT_AND: bool = true;

/// After a comma: the writer's comment on what was said (", remarks that ...", ", a move
/// that ...") or the subject's next verb (", tweeted that ...").
fn appended_comment(s: &Sent, k: usize) -> bool {
    let w = s.lw(k);
    if matches!(w, "remarks" | "comments" | "words" | "statements") {
        return true;
    }
    if matches!(w, "a" | "an") {
        return matches!(
            s.lw(k + 1),
            "move"
                | "claim"
                | "reference"
                | "sign"
                | "statement"
                | "charge"
                | "remark"
                | "comment"
                | "nod"
                | "view"
                | "position"
                | "suggestion"
                | "assertion"
                | "line"
                | "phrase"
                | "promise"
                | "pledge"
                | "message"
                | "point"
        );
    }
    cues::lookup(w).is_some_and(|c| !c.participle && w.ends_with("ed"))
}

/// After "and": a second predicate of the speaker ("and suspected ...", "and then said"),
/// not a coordination inside the content.
fn second_predicate(s: &Sent, k: usize) -> bool {
    let w = s.lw(k);
    if matches!(w, "then" | "also" | "later") {
        return true;
    }
    (w.ends_with("ed") && w.len() > 4 && !s.is_capitalized(k))
        || cues::lookup(w).is_some_and(|c| !c.participle)
}

/// A present participle opening an adjunct (", often guessing", ", citing").
fn is_participle(w: &str) -> bool {
    w.len() > 5
        && w.ends_with("ing")
        && !matches!(
            w,
            "nothing"
                | "something"
                | "anything"
                | "everything"
                | "during"
                | "including"
                | "regarding"
                | "concerning"
                | "following"
                | "according"
        )
}

/// Trims whitespace and a trailing comma from a span.
fn trim_span(text: &str, (s, e): ByteSpan) -> ByteSpan {
    // A rule may propose content that ends before it starts (a clause of nothing but
    // punctuation): that is an empty span, dropped by the caller.
    let Some(piece) = text.get(s..e) else {
        return (s, s);
    };
    // A dialogue dash opening the content ("- Oligarchs will have nowhere to hide") is
    // typography, not speech.
    let start = piece.trim_start();
    let start = ["- ", "– ", "— "]
        .iter()
        .find_map(|d| start.strip_prefix(d))
        .unwrap_or(start);
    let lead = piece.len() - start.trim_start().len();
    let t = piece.trim_end().trim_end_matches([',', ';']).trim_end();
    (s + lead, (s + t.len()).max(s + lead))
}

/// Whether `s` holds “, ” or `"`. Their UTF-8 bytes are looked for rather than every
/// character decoded: in UTF-8, E2 80 9C can only be “ and E2 80 9D only ”.
fn has_double_mark(s: &str) -> bool {
    // (With `memchr`'s vector search: every claim's content is looked through.)
    let b = s.as_bytes();
    memchr::memchr(b'"', b).is_some()
        || memchr::memchr_iter(0xE2, b)
            .any(|at| b.get(at + 1) == Some(&0x80) && matches!(b.get(at + 2), Some(0x9C | 0x9D)))
}

/// direct: every segment is exactly a quotation; mixed: some quotation mark inside;
/// indirect: none.
fn kind_of(text: &str, segments: &[ByteSpan], quotes: &Quotes) -> ClaimKind {
    let is_quote = |&(s, e): &ByteSpan| {
        let i = quotes.list.partition_point(|q| q.start < s);
        quotes
            .list
            .get(i)
            .is_some_and(|q| q.start == s && e <= q.end)
    };
    if segments.iter().all(is_quote) {
        return ClaimKind::Direct;
    }
    let has_marks = segments.iter().any(|&(s, e)| has_double_mark(&text[s..e]));
    if has_marks {
        ClaimKind::Mixed
    } else {
        ClaimKind::Indirect
    }
}

#[cfg(test)]
mod tests;
