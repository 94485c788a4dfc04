//! Byte-level word scans that let a stage skip sentences before tokenising them.
//!
//! Claims and hedges both start from a closed list of trigger words ([`crate::triggers`]). Most sentences contain
//! none, and finding that out on raw bytes (runs of ASCII letters, lowercased into a stack
//! buffer, a bit test on first letter and length before any hash lookup) costs a fraction
//! of tokenising and lowercasing the sentence. The scans are supersets: every token a rule
//! can match is, or contains, a run of ASCII letters found here.

/// Whether the text has a character whose lowercase form is an ASCII letter, so that a
/// token's lowercase form (what the rules match) can differ from its ASCII runs here: the
/// Kelvin sign (U+212A) lowercases to "k". A prefilter lets such a sentence through.
pub(crate) fn has_ascii_lookalike(text: &str) -> bool {
    text.contains('\u{212A}')
}

/// Visits the runs of ASCII letters of `text` in order, each with the bytes after it, until
/// `visit` returns true; returns whether it did. The prefilters' whole loop, run over every
/// sentence of every report: nothing decoded.
pub(crate) fn scan_words(text: &str, mut visit: impl FnMut(&[u8], &[u8]) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Gaps between words are short (a space, a comma and a space): byte by byte.
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        // Words eight bytes at a time.
        i = dossier_text::ascii::letter_run_end(bytes, i);
        if visit(&bytes[start..i], &bytes[i..]) {
            return true;
        }
    }
    false
}

/// The first run of ASCII letters in `rest`.
pub(crate) fn next_ascii_word(rest: &[u8]) -> Option<&[u8]> {
    ascii_words(rest).next()
}

/// Runs of ASCII letters.
pub(crate) fn ascii_words(bytes: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    bytes
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
}

/// `word` (ASCII letters) lowercased into `buf`, if it fits.
pub(crate) fn lowercase_in<'b>(word: &[u8], buf: &'b mut [u8; 24]) -> Option<&'b str> {
    let out = buf.get_mut(..word.len())?;
    for (b, c) in out.iter_mut().zip(word) {
        *b = c.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Per first letter, a bit for each word length present in a word list: a cheap "surely
/// not in the list" test.
pub(crate) struct Shapes([u64; 26]);

impl Shapes {
    /// The shapes of `words`, each taken as its first run of ASCII letters (so a listed
    /// "don't" is looked for as "don").
    pub(crate) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Shapes {
        let mut bits = [0u64; 26];
        for w in words {
            if let Some(run) = ascii_words(w.as_bytes()).next()
                && run.len() < 64
            {
                bits[usize::from(run[0].to_ascii_lowercase() - b'a')] |= 1u64 << run.len();
            }
        }
        Shapes(bits)
    }

    /// Whether some listed word has this word's first letter and length.
    pub(crate) fn may_contain(&self, word: &[u8]) -> bool {
        match word.first() {
            Some(&first) if first.is_ascii_alphabetic() && word.len() < 64 => {
                self.0[usize::from(first.to_ascii_lowercase() - b'a')] & (1u64 << word.len()) != 0
            }
            _ => false,
        }
    }
}

/// Per first two letters, a bit for each word length present in a word list: a finer "surely
/// not in the list" test than [`Shapes`], for whole runs of ASCII letters. On news text
/// half of all words share first letter and length with some claim trigger, and a tenth
/// or so share the first two letters too.
pub(crate) struct PairShapes(Box<[u64; 26 * 27]>);

impl PairShapes {
    /// The shapes of `words`, each taken as its first run of ASCII letters.
    pub(crate) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> PairShapes {
        let mut bits = Box::new([0u64; 26 * 27]);
        for w in words {
            if let Some(run) = ascii_words(w.as_bytes()).next()
                && run.len() < 64
            {
                bits[pair_index(run)] |= 1u64 << run.len();
            }
        }
        PairShapes(bits)
    }

    /// Whether some listed word has this run's first two letters and length. `run` is a
    /// run of ASCII letters, as [`scan_words`] gives.
    pub(crate) fn may_contain(&self, run: &[u8]) -> bool {
        !run.is_empty() && run.len() < 64 && self.0[pair_index(run)] & (1u64 << run.len()) != 0
    }
}

/// Index of a run of ASCII letters by its first letter and its second (26: none).
fn pair_index(run: &[u8]) -> usize {
    let letter = |b: u8| usize::from(b.to_ascii_lowercase().wrapping_sub(b'a')).min(25);
    letter(run[0]) * 27 + run.get(1).map_or(26, |&b| letter(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_shapes_and_lowercasing() {
        let words: Vec<&[u8]> = ascii_words(b"He SAID, \xe2\x80\x9cno\xe2\x80\x9d U.S.").collect();
        assert_eq!(words, [&b"He"[..], b"SAID", b"no", b"U", b"S"]);
        let shapes = Shapes::of(["said", "don't"]);
        assert!(shapes.may_contain(b"SAID"));
        assert!(shapes.may_contain(b"dog"));
        assert!(!shapes.may_contain(b"sad"));
        assert!(!shapes.may_contain(b"told"));
        let mut buf = [0u8; 24];
        assert_eq!(lowercase_in(b"SaiD", &mut buf), Some("said"));
        assert_eq!(lowercase_in(&[b'a'; 30], &mut buf), None);
    }

    #[test]
    fn pair_shapes_tell_words_apart_by_their_first_two_letters() {
        let shapes = PairShapes::of(["said", "a", "don't"]);
        assert!(shapes.may_contain(b"SAID"));
        assert!(!shapes.may_contain(b"sa"));
        assert!(shapes.may_contain(b"sAys"));
        assert!(!shapes.may_contain(b"sold"));
        assert!(shapes.may_contain(b"A"));
        assert!(!shapes.may_contain(b"I"));
        assert!(shapes.may_contain(b"Don"));
        assert!(!shapes.may_contain(b""));
    }
}
