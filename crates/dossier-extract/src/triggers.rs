//! Which sentences the claim and hedge rules need to look at, from one byte scan.
//!
//! Both stages start from closed word lists: every claim rule from a cue, a claim noun or a
//! few other words (or a colon, for "Name: ..." headlines), every hedge pattern from an
//! anchor word ([`crate::hedges`]). Most sentences of a report have none of them. The
//! entity scan's words answer for both stages before either tokenises anything
//! ([`Collector`]: each word spelling's listed runs are looked up once, and a sentence's
//! answer is the union over its words); [`Triggers::scan`], one scan of each sentence's
//! runs of ASCII letters, gives the same answer and checks it.
//!
//! The answer is a superset: a sentence is let through whenever some rule could match it
//! (a word's lowercase form is what the rules compare, and every listed word is a run of
//! ASCII letters), so skipping the others changes no output.

use crate::claims;
use crate::claims::WordMap;
use crate::claims::wordscan::{PairShapes, has_ascii_lookalike, lowercase_in, scan_words};
use crate::hedges;
use dossier_text::Sentence;
use std::sync::OnceLock;

/// A claim rule may fire.
pub(crate) const CLAIM: u8 = 1;
/// A hedge pattern may match.
const HEDGE: u8 = 2;
/// Of a word spelling ([`word_bits`]): one of its runs is a hedge anchor, which lets a
/// hedge pattern match if the text after it is right ([`hedges::anchor_in_place`]).
pub(crate) const ANCHOR: u8 = 4;
/// A word an event rule starts from may be there ([`crate::events`]).
pub(crate) const EVENT: u8 = 8;

/// Per sentence, whether claim rules and hedge patterns need to look at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triggers(Vec<u8>);

impl Triggers {
    /// Scans every sentence once.
    pub fn scan(text: &str, sentences: &[Sentence]) -> Triggers {
        Triggers(
            sentences
                .iter()
                .map(|s| of_sentence(text.get(s.start..s.end).unwrap_or("")) | EVENT)
                .collect(),
        )
    }

    /// Whether some claim rule could fire in sentence `i`.
    pub fn claim(&self, i: usize) -> bool {
        self.0.get(i).is_some_and(|f| f & CLAIM != 0)
    }

    /// Whether some hedge pattern could match in sentence `i`.
    pub fn hedge(&self, i: usize) -> bool {
        self.0.get(i).is_some_and(|f| f & HEDGE != 0)
    }

    /// Whether sentence `i` may hold an event trigger word (always, from [`Triggers::scan`],
    /// which does not look for them).
    pub fn event(&self, i: usize) -> bool {
        self.0.get(i).is_some_and(|f| f & EVENT != 0)
    }
}

/// The listed words with what they may start, and the shapes of all of them and of the
/// hedge anchors alone (used once the sentence is known to hold a claim trigger).
struct Lists {
    words: WordMap<u8>,
    all: PairShapes,
    anchors: PairShapes,
    /// [`word_bits`] of "s": the entity scan leaves a possessive's "s" out of its word.
    possessive_s: u8,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut words: WordMap<u8> = WordMap::default();
        for w in claims::trigger_words() {
            *words.entry(w).or_default() |= CLAIM;
        }
        for w in hedges::anchor_words() {
            *words.entry(w).or_default() |= HEDGE;
        }
        let possessive_s = words.get("s").map_or(0, |&b| {
            (b & CLAIM) | if b & HEDGE != 0 { ANCHOR } else { 0 }
        });
        Lists {
            all: PairShapes::of(words.keys().copied()),
            anchors: PairShapes::of(hedges::anchor_words()),
            words,
            possessive_s,
        }
    })
}

/// What sentence text may hold: [`CLAIM`] and/or [`HEDGE`] bits.
fn of_sentence(sentence: &str) -> u8 {
    // A character that lowercases to ASCII (the Kelvin sign) would hide a word from the
    // byte scan.
    if has_ascii_lookalike(sentence) {
        return CLAIM | HEDGE;
    }
    let lists = lists();
    let mut found = if sentence.as_bytes().contains(&b':') {
        CLAIM
    } else {
        0
    };
    let mut buf = [0u8; 24];
    scan_words(sentence, |word, rest| {
        let shapes = if found & CLAIM != 0 {
            &lists.anchors
        } else {
            &lists.all
        };
        if !shapes.may_contain(word) {
            return false;
        }
        let Some(lower) = lowercase_in(word, &mut buf) else {
            return false;
        };
        let Some(&bits) = lists.words.get(lower) else {
            return false;
        };
        found |= bits & CLAIM;
        if bits & HEDGE != 0 && found & HEDGE == 0 && hedges::anchor_in_place(lower, rest) {
            found |= HEDGE;
        }
        found == CLAIM | HEDGE
    });
    found
}

/// The listed words a run of ASCII letters can be (at most 24 letters: [`lowercase_in`]),
/// each with [`CLAIM`] and/or [`ANCHOR`]: for a word of ASCII letters alone, its
/// [`word_bits`] are those of its lowercase form here, or none.
pub(crate) fn listed_words() -> impl Iterator<Item = (&'static str, u8)> {
    lists()
        .words
        .iter()
        .filter(|(w, _)| w.len() <= 24 && w.bytes().all(|b| b.is_ascii_lowercase()))
        .map(|(&w, &b)| (w, (b & CLAIM) | if b & HEDGE != 0 { ANCHOR } else { 0 }))
}

/// What the runs of ASCII letters of one word's spelling may start: [`CLAIM`], and
/// [`ANCHOR`] when one is a hedge anchor. The entity scan asks once per spelling, so that
/// [`Collector`] answers for a sentence from its words' spellings instead of scanning it.
pub(crate) fn word_bits(word: &str) -> u8 {
    if has_ascii_lookalike(word) {
        return CLAIM | HEDGE;
    }
    let lists = lists();
    let mut bits = 0;
    let mut buf = [0u8; 24];
    scan_words(word, |run, _| {
        if lists.all.may_contain(run)
            && let Some(lower) = lowercase_in(run, &mut buf)
            && let Some(&b) = lists.words.get(lower)
        {
            bits |= b & CLAIM;
            if b & HEDGE != 0 {
                bits |= ANCHOR;
            }
        }
        false
    });
    bits
}

/// [`Triggers`] from the words of a text as the entity scan finds them, each with its
/// spelling's [`word_bits`]: what [`Triggers::scan`] finds, without a scan of its own.
///
/// The entity scan's words cover every ASCII letter of the text but a possessive's "s"
/// (passed on its own), and a word holds whole runs of ASCII letters, so a sentence's runs
/// are the runs of the words inside it. A word that straddles a sentence's start or end
/// would split runs differently: such sentences (rare) are scanned as
/// [`Triggers::scan`] does.
pub(crate) struct Collector<'t> {
    text: &'t str,
    sentences: &'t [Sentence],
    bits: Vec<u8>,
    /// Sentences to scan as [`Triggers::scan`] does.
    rescan: Vec<usize>,
    /// The sentences are not in order without overlaps: scan them all.
    unordered: bool,
}

impl<'t> Collector<'t> {
    pub(crate) fn new(text: &'t str, sentences: &'t [Sentence]) -> Self {
        let unordered = sentences
            .windows(2)
            .any(|w| w[1].start < w[0].end || w[0].end < w[0].start)
            || sentences.last().is_some_and(|s| s.end < s.start);
        Collector {
            text,
            sentences,
            bits: vec![0; sentences.len()],
            rescan: Vec::new(),
            unordered,
        }
    }

    /// The word `[start, end)` with spelling bits `bits`; `sent` is the first sentence
    /// ending after `start` (the last one if none does).
    #[inline]
    pub(crate) fn word(&mut self, bits: u8, start: usize, end: usize, sent: usize) {
        let Some(s) = self.sentences.get(sent) else {
            return;
        };
        if start < s.start || end > s.end {
            self.straddling(start, end, sent);
            return;
        }
        if bits == 0 {
            return;
        }
        let found = &mut self.bits[sent];
        *found |= bits & (CLAIM | HEDGE | EVENT);
        if bits & ANCHOR != 0 && *found & HEDGE == 0 && anchor_in_word(self.text, start, end, s.end)
        {
            *found |= HEDGE;
        }
    }

    /// A possessive's "s" at byte `at`, after a word in sentence `sent`.
    #[inline]
    pub(crate) fn possessive_s(&mut self, at: usize, sent: usize) {
        self.word(lists().possessive_s, at, at + 1, sent);
    }

    /// A word not inside sentence `sent`: every sentence it overlaps is scanned whole.
    #[cold]
    fn straddling(&mut self, start: usize, end: usize, sent: usize) {
        // Sentences are in order, so the ones overlapping the word start at or before
        // `sent` (only `sent - 1` can reach past `start`, and then `sent` would be it).
        for k in sent..self.sentences.len() {
            let s = self.sentences[k];
            if s.start >= end {
                break;
            }
            if s.end > start {
                self.rescan.push(k);
            }
        }
    }

    /// The sentences' triggers: a colon lets a sentence through to the claim rules.
    pub(crate) fn finish(self) -> Triggers {
        if self.unordered {
            return Triggers::scan(self.text, self.sentences);
        }
        let mut bits = self.bits;
        let mut k = 0;
        for at in memchr::memchr_iter(b':', self.text.as_bytes()) {
            while k < self.sentences.len() && self.sentences[k].end <= at {
                k += 1;
            }
            match self.sentences.get(k) {
                Some(s) if s.start <= at => bits[k] |= CLAIM,
                Some(_) => {}
                None => break,
            }
        }
        for k in self.rescan {
            let s = self.sentences[k];
            bits[k] = of_sentence(self.text.get(s.start..s.end).unwrap_or("")) | EVENT;
        }
        Triggers(bits)
    }
}

/// Whether a run of ASCII letters in the word `[start, end)` is a hedge anchor in place,
/// judged on the sentence's text up to `sentence_end` (as [`of_sentence`] does).
fn anchor_in_word(text: &str, start: usize, end: usize, sentence_end: usize) -> bool {
    let bytes = text.as_bytes();
    let mut buf = [0u8; 24];
    let mut i = start;
    while i < end {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let run_start = i;
        i = dossier_text::ascii::letter_run_end(bytes, i);
        if let Some(lower) = lowercase_in(&bytes[run_start..i], &mut buf)
            && hedges::anchor_in_place(lower, &bytes[i..sentence_end])
        {
            return true;
        }
    }
    false
}

/// Whether a claim rule could fire in `sentence` (for tests of the claim rules' lists).
#[cfg(test)]
pub(crate) fn may_hold_claim(sentence: &str) -> bool {
    of_sentence(sentence) & CLAIM != 0
}

/// Whether a hedge pattern could match in `sentence` (for tests of the patterns).
#[cfg(test)]
pub(crate) fn may_hold_hedge(sentence: &str) -> bool {
    of_sentence(sentence) & HEDGE != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scan_answers_for_both_stages() {
        let text = "Troops reached the border. Officials said it was true. \
                    It was apparently shelled. The ministry evidently denied it.\n\
                    Headline: a convoy";
        let sentences = dossier_text::sentences(text);
        let t = Triggers::scan(text, &sentences);
        let got: Vec<(bool, bool)> = (0..sentences.len())
            .map(|i| (t.claim(i), t.hedge(i)))
            .collect();
        assert_eq!(
            got,
            [
                (false, false),
                (true, false),
                (false, true),
                (true, true),
                (true, false)
            ]
        );
        assert!(!t.claim(99) && !t.hedge(99));
    }

    /// What the entity scan's words give and what a scan of each sentence gives.
    fn both_ways(text: &str) -> (Triggers, Triggers) {
        let sentences = dossier_text::sentences(text);
        let gazetteer = dossier_gazetteer::Gazetteer::embedded();
        let (_, from_words) = crate::entities::find_with_triggers(text, &sentences, gazetteer);
        // A sentence left out of the event rules has no word they start from.
        for (i, s) in sentences.iter().enumerate() {
            if !from_words.event(i) {
                let mut words = Vec::new();
                crate::events::words_into(text, (s.start, s.end), &mut words);
                assert!(
                    words
                        .iter()
                        .all(|w| !crate::events::spelling_may_trigger(&text[w.0..w.1], false)),
                    "{text:?}: {:?}",
                    &text[s.start..s.end]
                );
            }
        }
        let without_events = |t: Triggers| Triggers(t.0.iter().map(|b| b & !EVENT).collect());
        (
            without_events(from_words),
            without_events(Triggers::scan(text, &sentences)),
        )
    }

    #[test]
    fn the_entity_scans_words_give_what_scanning_each_sentence_gives() {
        let texts = [
            "Officials said it was true. It was apparently shelled.",
            "Ukraine's army, the U.S. and NATO's chief: \"No.\" He didn't say2 it.",
            "Saidé told x2said and the ministry’s statement REPORTEDLY denied it.",
            "It could not be independently verified. Headline: a convoy\n\nThe \u{212A}elvin said",
            "  \"Asked whether...\" – he (allegedly) claimed; sources' doubts—could be.",
            "",
            "no sentence end and said",
        ];
        for text in texts {
            let (a, b) = both_ways(text);
            assert_eq!(a, b, "{text:?}");
        }
        // Generated texts from pieces that stress word and sentence edges.
        let pieces = [
            "said",
            "Said",
            "SAYS",
            "'s",
            "’s",
            "U.S.",
            ". ",
            "! ",
            "\n",
            ":",
            " ",
            "-",
            "could",
            "be",
            "verified",
            "not",
            "2",
            "é",
            "apparently",
            "\u{212A}",
            "\"",
            "according",
            "to",
            "sources",
            "told",
            "A.",
            "Mr.",
            "don't",
            "ʼ",
        ];
        let mut next = crate::testing::numbers(7);
        for _ in 0..500 {
            let text: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            let (a, b) = both_ways(&text);
            assert_eq!(a, b, "{text:?}");
        }
        // The real articles, when ../shared is there.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/ukraine-news");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: ../shared not found");
            return;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files.iter().take(60) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let (a, b) = both_ways(&text);
            assert_eq!(a, b, "{}", path.display());
        }
    }

    #[test]
    fn every_listed_word_lets_its_sentence_through_in_any_case() {
        for w in claims::trigger_words() {
            let s = format!("Officials {w} the report.");
            assert!(may_hold_claim(&s), "{s}");
            assert!(may_hold_claim(&s.to_uppercase()), "{s}");
        }
        assert!(!may_hold_claim("The convoy reached the border on Monday."));
    }
}
