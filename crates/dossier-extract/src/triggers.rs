//! Which sentences the claim and hedge rules need to look at, from one byte scan.
//!
//! Both stages start from closed word lists: every claim rule from a cue, a claim noun or a
//! few other words (or a colon, for "Name: ..." headlines), every hedge pattern from an
//! anchor word ([`crate::hedges`]). Most sentences of a report have none of them. One scan
//! of each sentence's runs of ASCII letters answers for both stages before either tokenises
//! anything, instead of a scan per stage.
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
const CLAIM: u8 = 1;
/// A hedge pattern may match.
const HEDGE: u8 = 2;

/// Per sentence, whether claim rules and hedge patterns need to look at it.
#[derive(Debug, Clone)]
pub struct Triggers(Vec<u8>);

impl Triggers {
    /// Scans every sentence once.
    pub fn scan(text: &str, sentences: &[Sentence]) -> Triggers {
        Triggers(
            sentences
                .iter()
                .map(|s| of_sentence(text.get(s.start..s.end).unwrap_or("")))
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
}

/// The listed words with what they may start, and the shapes of all of them and of the
/// hedge anchors alone (used once the sentence is known to hold a claim trigger).
struct Lists {
    words: WordMap<u8>,
    all: PairShapes,
    anchors: PairShapes,
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
        Lists {
            all: PairShapes::of(words.keys().copied()),
            anchors: PairShapes::of(hedges::anchor_words()),
            words,
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
