//! News-aware sentence splitting.

/// A sentence: `[start, end)` byte offsets into the text, trimmed of surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Abbreviations that are followed by a name or a number and so never end a sentence
/// ("Lt. Col. Smith", "Gov. Hochul", "Jan. 5", "No. 2", "vs. Trump"). Lowercase, no dot.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "rev", "fr", "hon", "pres", "gov", "govs",
    "sen", "sens", "rep", "reps", "lt", "col", "gen", "gens", "maj", "capt", "cpt", "cmdr", "adm",
    "sgt", "cpl", "pvt", "brig", "lieut", "supt", "det", "insp", "atty", "gov", "amb", "st", "mt",
    "ft", "no", "nos", "vs", "v", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "e.g", "i.e", "cf", "approx", "est", "gov’t", "dept", "univ", "assn",
    "ave", "blvd", "rd", "op", "pp", "p", "vol", "fig", "art", "sec", "ch", "para",
];

/// Abbreviations that may end a sentence ("... in the U.S. The president ...") but usually
/// do not ("the U.S. and U.K.", "U.S. President"). After one of these, a sentence ends only
/// when the next word is a typical sentence opener. Lowercase, no final dot.
const MAYBE_FINAL: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "jr", "sr", "etc", "bros", "ala", "ariz", "ark", "calif",
    "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass",
    "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "penn", "tenn", "tex",
    "va", "vt", "wash", "wis", "wyo", "mins", "hrs", "yrs",
];

/// Words that start a new sentence after an ambiguous abbreviation.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "Some",
    "Many",
    "Most",
    "Meanwhile",
    "However",
    "Still",
    "Now",
    "Then",
    "Since",
    "For",
    "Although",
    "What",
    "Why",
    "How",
    "Who",
    "One",
    "Two",
    "No",
    "Not",
    "Officials",
    "According",
];

/// Longest sentence, in bytes, before it is cut at the next space.
pub const MAX_SENTENCE_BYTES: usize = 20_000;

/// Bytes that change nothing once a sentence has started: ASCII other than line breaks,
/// spaces, tabs and terminators, and UTF-8 bytes other than the lead byte 0xE2 of `…`
/// (U+2026). A continuation byte or another lead byte only ever belongs to a character that
/// is text, and whitespace among them (a no-break space) matters only before a sentence
/// starts.
const INERT_IN_SENTENCE: [bool; 256] = {
    let mut t = [true; 256];
    let mut k = 0;
    let special = [b'\n', b'.', b'!', b'?', b' ', b'\t', b'\r', 0xE2];
    while k < special.len() {
        t[special[k] as usize] = false;
        k += 1;
    }
    t
};

/// Splits text into sentences.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotation marks or brackets
/// right after it) when whitespace and then something other than a lowercase letter
/// follows, unless the period ends an abbreviation or an initial; and always at a blank
/// line. A single line break ends a sentence unless the next line starts in lowercase
/// (hard-wrapped prose). Colons, semicolons and dashes never split. A sentence longer than
/// [`MAX_SENTENCE_BYTES`] is cut at the next space.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    // The first '!' or '?' at or after where the skip below got to (`bytes.len()`: none).
    let mut next_bang = 0;
    while i < bytes.len() {
        // Inside a sentence, most bytes are letters: skip them without a closer look.
        // Spaces and tabs are inert too until the sentence reaches its longest, where the
        // first one cuts it.
        if let Some(s) = start {
            let blanks_until = (s + MAX_SENTENCE_BYTES).min(bytes.len());
            // Before `blanks_until` the only bytes that are not inert are '\n', '.', '!', '?'
            // and 0xE2: skip to the first of them (or to `blanks_until`), then go on byte by
            // byte. `memchr`'s vector search takes the three common ones; the rare '!' and
            // '?' are kept as the next one found.
            if next_bang < i {
                next_bang = memchr::memchr2(b'!', b'?', &bytes[i..]).map_or(bytes.len(), |k| i + k);
            }
            let until = blanks_until.min(next_bang).max(i);
            i = memchr::memchr3(b'\n', b'.', 0xE2, &bytes[i..until]).map_or(until, |k| i + k);
            while i < bytes.len() {
                let b = bytes[i];
                if INERT_IN_SENTENCE[usize::from(b)]
                    || i < blanks_until && matches!(b, b' ' | b'\t' | b'\r')
                {
                    i += 1;
                } else {
                    break;
                }
            }
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        // Multi-byte characters: only U+2026 (…) matters as a terminator; the rest are text.
        if b >= 0x80 {
            let c = text[i..].chars().next().unwrap_or(' ');
            let n = c.len_utf8();
            if start.is_none() && !is_space(c) {
                start = Some(i);
            }
            if c == '…'
                && let Some(s) = start
                && let Some(end) = terminator_end(text, i, i + n)
            {
                push(text, s, end, &mut out);
                start = None;
                i = end;
                continue;
            }
            i += n;
            continue;
        }
        match b {
            b'\n' => {
                if let Some(s) = start {
                    let next = next_line_start(bytes, i + 1);
                    let blank = next.1;
                    let next_lower = next.0 < bytes.len() && bytes[next.0].is_ascii_lowercase();
                    if blank || !next_lower {
                        push(text, s, i, &mut out);
                        start = None;
                    }
                }
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                let Some(s) = start else {
                    start = Some(i);
                    i += 1;
                    continue;
                };
                // A run of terminators ("?!", "...") acts as one.
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                    j += 1;
                }
                let single_period = b == b'.' && j == i + 1;
                // The word the period follows, found once for both tests.
                let word = if single_period {
                    word_before(text, i)
                } else {
                    ""
                };
                if single_period && is_abbreviation(word) {
                    i = j;
                    continue;
                }
                if let Some(end) = terminator_end(text, i, j) {
                    if single_period && is_maybe_final(word) && !next_word_opens(text, end) {
                        i = j;
                        continue;
                    }
                    push(text, s, end, &mut out);
                    start = None;
                    i = end;
                } else {
                    i = j;
                }
            }
            b' ' | b'\t' | b'\r' => {
                // A run-on "sentence" (a 200 MB line without punctuation) is cut at a space
                // once it is this long, so later stages never hold one huge sentence.
                if let Some(s) = start
                    && i - s >= MAX_SENTENCE_BYTES
                {
                    push(text, s, i, &mut out);
                    start = None;
                }
                i += 1;
            }
            _ => {
                if start.is_none() {
                    start = Some(i);
                }
                i += 1;
            }
        }
    }
    if let Some(s) = start {
        push(text, s, text.len(), &mut out);
    }
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Pushes `[s, e)` trimmed, if anything is left.
fn push(text: &str, s: usize, e: usize, out: &mut Vec<Sentence>) {
    let piece = &text[s..e];
    let trimmed_start = piece.trim_start_matches(is_space);
    let lead = piece.len() - trimmed_start.len();
    let trail = trimmed_start.len() - trimmed_start.trim_end_matches(is_space).len();
    if s + lead < e - trail {
        out.push(Sentence {
            start: s + lead,
            end: e - trail,
        });
    }
}

/// Where the line after a newline starts (skipping horizontal space) and whether a blank
/// line lies in between.
fn next_line_start(bytes: &[u8], mut j: usize) -> (usize, bool) {
    let mut blank = false;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
        if bytes[j] == b'\n' {
            blank = true;
        }
        j += 1;
    }
    (j, blank)
}

/// If the terminator run `[i, j)` ends a sentence, the byte offset just past it and any
/// closing quotation marks or brackets that follow it.
fn terminator_end(text: &str, i: usize, j: usize) -> Option<usize> {
    let mut end = j;
    for c in text[j..].chars() {
        if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    let rest = &text[end..];
    let mut chars = rest.chars();
    match chars.next() {
        None => Some(end),
        Some(c) if is_space(c) => {
            // The next visible character decides: lowercase means the sentence goes on
            // (`“Why?” she asked`, `etc. and`). Stay on this line.
            let next = rest
                .char_indices()
                .find(|&(_, c)| !matches!(c, ' ' | '\t' | '\u{a0}'))
                .map(|(_, c)| c);
            match next {
                Some(n) if n.is_lowercase() => None,
                _ => Some(end),
            }
        }
        // Scraped copy often loses the space between paragraphs: `the edge."He said`,
        // `a sanction.Russia responds`, `invasion.- Oligarchs`. A lowercase word before
        // the terminator and a capitalised word (or a dialogue dash) right after it is a
        // boundary, and so are two digits before it (`on March 23.The talks`); "U.S.A",
        // "St.Petersburg" and "Gov.Smith" are not (no lowercase pair before the dot, or an
        // abbreviation, which the caller checks first).
        Some(c) => {
            let before = text.as_bytes()[..i].iter().rev().take(2);
            let lower_before = before.len() == 2
                && (before.clone().all(u8::is_ascii_lowercase)
                    || before.into_iter().all(u8::is_ascii_digit));
            let next = chars.next();
            // (An opening quotation mark can only start something: `has learned.“The`.)
            let word_after = c.is_uppercase() && next.is_some_and(char::is_lowercase)
                || matches!(c, '“' | '«') && next.is_some_and(char::is_uppercase);
            let dash_after = matches!(c, '-' | '–' | '—') && next.is_some_and(|n| n == ' ');
            (lower_before && (word_after || dash_after)).then_some(end)
        }
    }
}

/// The word (letters and inner dots) that ends just before the period at `dot`.
fn word_before(text: &str, dot: usize) -> &str {
    let bytes = text.as_bytes();
    let mut k = dot;
    while k > 0 {
        let b = bytes[k - 1];
        if b.is_ascii_alphabetic() || b == b'.' {
            k -= 1;
        } else if b >= 0x80 {
            // Step back over one multi-byte character if it is a letter or ’.
            let mut m = k - 1;
            while m > 0 && !text.is_char_boundary(m) {
                m -= 1;
            }
            let c = text[m..].chars().next().unwrap_or(' ');
            if c.is_alphabetic() || c == '’' {
                k = m;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    &text[k..dot]
}

/// A period after `word` ([`word_before`]) ends an abbreviation which never ends a
/// sentence, or an initial.
fn is_abbreviation(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    // An initial: one uppercase letter, possibly after other initials ("J.", "J.K.").
    let last = word.rsplit('.').next().unwrap_or(word);
    if one_char(last) && last.chars().all(|c| c.is_uppercase()) {
        // "U.S." and friends (several initials) may end a sentence: decided later.
        return !word.contains('.');
    }
    // The list is lowercase: compare ignoring ASCII case rather than allocate.
    listed(NEVER_FINAL, &NEVER_FINAL_SHAPES, word)
}

/// Whether `s` is one character (without counting all of them).
fn one_char(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// A period after `word` ([`word_before`]) that only sometimes ends a sentence: dotted
/// acronyms ("U.S.", "a.m.", "D.C.") and the words in [`MAYBE_FINAL`].
fn is_maybe_final(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true;
    }
    listed(MAYBE_FINAL, &MAYBE_FINAL_SHAPES, word)
}

/// Per first letter, a bit for each length (below 8) of the words of a list of short
/// lowercase ASCII words.
const fn shapes(list: &[&str]) -> [u8; 26] {
    let mut bits = [0u8; 26];
    let mut k = 0;
    while k < list.len() {
        let w = list[k].as_bytes();
        assert!(!w.is_empty() && w.len() < 8 && w[0].is_ascii_lowercase());
        bits[(w[0] - b'a') as usize] |= 1 << w.len();
        k += 1;
    }
    bits
}

const NEVER_FINAL_SHAPES: [u8; 26] = shapes(NEVER_FINAL);
const MAYBE_FINAL_SHAPES: [u8; 26] = shapes(MAYBE_FINAL);

/// Whether `word` is in `list` ignoring ASCII case. Every period asks twice; a bit test on
/// the first letter and the length ([`shapes`] of the list) answers most without
/// comparing `word` with each entry.
fn listed(list: &[&str], shapes: &[u8; 26], word: &str) -> bool {
    let Some(first) = word.as_bytes().first().map(u8::to_ascii_lowercase) else {
        return false;
    };
    first.is_ascii_lowercase()
        && word.len() < 8
        && shapes[usize::from(first - b'a')] & (1 << word.len()) != 0
        && list.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Whether the word after `from` (skipping spaces and an opening quotation mark) is a typical
/// sentence opener, or the text ends / a new line starts.
fn next_word_opens(text: &str, from: usize) -> bool {
    let rest = text[from..].trim_start_matches([' ', '\t', '\u{a0}']);
    if rest.is_empty() || rest.starts_with(['\n', '\r']) {
        return true;
    }
    if rest.starts_with(['"', '“', '‘', '(', '[']) {
        return true;
    }
    let word: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    OPENERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn splits_where_scraping_lost_the_space() {
        assert_eq!(
            split("He called it \"the edge.\"He left. Then a sanction.Russia responds.- Yes."),
            [
                "He called it \"the edge.\"",
                "He left.",
                "Then a sanction.",
                "Russia responds.",
                "- Yes."
            ]
        );
        // An opening quotation mark after the full stop: `has learned.“The …`.
        assert_eq!(
            split("The agency has learned.“The topic was peace,” he said. It is “a.“B”."),
            [
                "The agency has learned.",
                "“The topic was peace,” he said.",
                "It is “a.“B”."
            ]
        );
        assert_eq!(
            split("It ended on March 23.The talks resumed. Version 2.0.5 shipped."),
            [
                "It ended on March 23.",
                "The talks resumed.",
                "Version 2.0.5 shipped."
            ]
        );
        // Abbreviations and capitals before the dot stay whole.
        assert_eq!(
            split("The U.S.A is big. St.Petersburg too."),
            ["The U.S.A is big.", "St.Petersburg too."]
        );
    }

    #[test]
    fn splits_simple_sentences() {
        assert_eq!(
            split("One two. Three four! Five?"),
            ["One two.", "Three four!", "Five?"]
        );
    }

    #[test]
    fn keeps_titles_dates_and_numbers() {
        assert_eq!(
            split(
                "Lt. Col. Ann Smith met Gov. Hochul on Jan. 5 at 2.5 p.m. in St. Louis. It rained."
            ),
            [
                "Lt. Col. Ann Smith met Gov. Hochul on Jan. 5 at 2.5 p.m. in St. Louis.",
                "It rained."
            ]
        );
    }

    #[test]
    fn dotted_acronyms_end_sentences_only_before_an_opener() {
        assert_eq!(
            split("The U.S. and U.K. agreed. U.S. President Joe Biden spoke in the U.S. The end."),
            [
                "The U.S. and U.K. agreed.",
                "U.S. President Joe Biden spoke in the U.S.",
                "The end."
            ]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            split("Donald J. Trump and J.K. Rowling met. Then they left."),
            ["Donald J. Trump and J.K. Rowling met.", "Then they left."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let t = "“We will win. They will lose,” he said. “Is it over?” she asked. \"Yes.\" No.";
        assert_eq!(
            split(t),
            [
                "“We will win.",
                "They will lose,” he said.",
                "“Is it over?” she asked.",
                "\"Yes.\"",
                "No."
            ]
        );
    }

    #[test]
    fn paragraphs_and_lines_split_but_hard_wraps_do_not() {
        let t = "Headline Without Period\n\nFirst para goes\non here. Second\nLine two";
        assert_eq!(
            split(t),
            [
                "Headline Without Period",
                "First para goes\non here.",
                "Second",
                "Line two"
            ]
        );
    }

    #[test]
    fn em_dashes_and_ellipses() {
        assert_eq!(
            split("Izyum — which they occupy — fell. Wait… What? Yes… and no."),
            [
                "Izyum — which they occupy — fell.",
                "Wait…",
                "What?",
                "Yes… and no."
            ]
        );
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        let t = "word ".repeat(3 * MAX_SENTENCE_BYTES / 5);
        let s = sentences(&t);
        assert!(s.len() >= 3, "{}", s.len());
        assert!(s.iter().all(|x| x.end - x.start <= MAX_SENTENCE_BYTES + 8));
        assert_eq!(s.last().unwrap().end, t.trim_end().len());
        // Cut at the first blank at or past the limit, whichever blank it is.
        for blank in [" ", "\t", "\r"] {
            let t = format!(
                "{}x",
                format!("abcdefg{blank}").repeat(MAX_SENTENCE_BYTES / 4)
            );
            let s = sentences(&t);
            let first_end = s[0].end;
            assert_eq!(first_end, MAX_SENTENCE_BYTES + 7, "{blank:?}");
            assert_eq!(s[1].start, first_end + 1, "{blank:?}");
        }
    }

    #[test]
    fn unbalanced_and_empty_inputs_do_not_panic() {
        assert!(sentences("").is_empty());
        assert!(sentences("   \n\n  ").is_empty());
        assert_eq!(split("“unclosed. Then"), ["“unclosed.", "Then"]);
        assert_eq!(split("...!?"), ["...!?"]);
        assert_eq!(split("a.\u{feff}"), ["a."]);
    }
}
