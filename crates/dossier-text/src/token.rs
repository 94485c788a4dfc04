//! Word, number and punctuation tokens.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or dots ("don’t", "Kharkiv-area",
    /// "U.S."), and digits mixed with letters ("227th").
    Word,
    /// Digits with inner `.`, `,` or `:` ("2.5", "10,000", "9:30").
    Number,
    /// Any other single non-space character.
    Punct,
}

/// A token: `[start, end)` byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    /// The token's text.
    // Inlined across crates: the claim rules ask for it about a million times a pass.
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Tokenises `text[span.0..span.1]`; offsets are into the whole `text`.
///
/// A trailing possessive stays in the word ("Ukraine’s"). A period joins a word only when
/// it is followed by a letter and another period follows later ("U.S." and "a.m." stay
/// whole, while a sentence-final period is its own token); an abbreviation's final period is
/// kept with it when the word is a dotted acronym.
pub fn tokens(text: &str, span: (usize, usize)) -> Vec<Token> {
    let (from, to) = (span.0.min(text.len()), span.1.min(text.len()));
    let s = &text[from..to];
    let bytes = s.as_bytes();
    // The character at byte `i` (ASCII without decoding).
    let char_at = |i: usize| -> Option<char> {
        match bytes.get(i) {
            None => None,
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => s[i..].chars().next(),
        }
    };
    // News averages some five bytes a token: a quarter of the length (and a few) seldom
    // needs regrowing.
    let mut out = Vec::with_capacity(s.len() / 4 + 4);
    let mut i = 0;
    loop {
        // Most gaps between tokens are single ASCII spaces.
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        let Some(c) = char_at(i) else { break };
        let start = i;
        i += c.len_utf8();
        // An ASCII letter or digit (most tokens start with one) is neither whitespace nor
        // punctuation: the character tests below are for the others.
        let ascii_alphanumeric = c.is_ascii_alphanumeric();
        if !ascii_alphanumeric && c.is_whitespace() {
            continue;
        }
        if !ascii_alphanumeric && !crate::is_alphanumeric(c) {
            // A doubled apostrophe is one quotation mark in some wire copy.
            if c == '\'' && bytes.get(i) == Some(&b'\'') {
                i += 1;
            }
            out.push(Token {
                start: from + start,
                end: from + i,
                kind: TokenKind::Punct,
            });
            continue;
        }
        let mut digits_only = c.is_ascii_digit();
        let mut dotted = false;
        loop {
            // Fast path: a run of ASCII letters and digits, eight bytes at a time; the token
            // stays a number only if the run is all digits.
            let run_end = crate::ascii::alphanumeric_run_end(bytes, i);
            if digits_only && crate::ascii::digit_run_end(bytes, i) < run_end {
                digits_only = false;
            }
            i = run_end;
            // ASCII other than a joiner ends the token (most words end at a space or a
            // punctuation mark): no decoding, no character tests.
            if bytes
                .get(i)
                .is_some_and(|&b| b < 0x80 && !matches!(b, b'\'' | b'-' | b'.' | b',' | b':'))
            {
                break;
            }
            let Some(d) = char_at(i) else { break };
            if crate::is_alphanumeric(d) {
                digits_only &= d.is_ascii_digit();
                i += d.len_utf8();
                continue;
            }
            // Joiners: only inside the token, between two alphanumerics.
            if !matches!(d, '\'' | '’' | '-' | '.' | ',' | ':' | '\u{2011}') {
                break;
            }
            let Some(a) = char_at(i + d.len_utf8()) else {
                break;
            };
            let joins = match d {
                '.' => {
                    if digits_only {
                        a.is_ascii_digit()
                    } else {
                        // "U.S", "a.m": a single letter before the dot.
                        a.is_alphabetic() && i - last_segment_start(s, start, i) <= 2
                    }
                }
                ',' | ':' => digits_only && a.is_ascii_digit(),
                _ => crate::is_alphanumeric(a) && !digits_only,
            };
            if !joins {
                break;
            }
            if d == '.' && !digits_only {
                dotted = true;
            }
            i += d.len_utf8();
        }
        // Keep the final period of a dotted acronym ("U.S.").
        if dotted && bytes.get(i) == Some(&b'.') {
            i += 1;
        }
        out.push(Token {
            start: from + start,
            end: from + i,
            kind: if digits_only {
                TokenKind::Number
            } else {
                TokenKind::Word
            },
        });
    }
    out
}

/// Lowercase forms of a run of tokens, kept in one buffer (no allocation per token).
/// The typographic apostrophe ’ is folded to `'` so "Ukraine’s" and "Ukraine's" compare
/// equal.
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    buf: String,
    /// Per token, its `[start, end)` in `buf`.
    spans: Vec<(usize, usize)>,
}

impl Lowered {
    /// Lowercases `tokens` (which point into `text`).
    ///
    /// Tokens of a sentence lie close together, so the stretch of text they cover is
    /// copied and ASCII-lowercased in one pass and each ASCII token points into it; a
    /// token with other characters is lowercased on its own after that stretch.
    pub fn new(text: &str, tokens: &[Token]) -> Lowered {
        let (from, stretch) = covered_stretch(text, tokens);
        let mut buf = String::with_capacity(stretch.len() + 16);
        buf.push_str(stretch);
        buf.make_ascii_lowercase();
        let all_ascii = stretch.is_ascii();
        let mut spans = Vec::with_capacity(tokens.len());
        // The first non-ASCII byte of the stretch at or after `after` (both relative to
        // the stretch): tokens come in order, so one search serves the tokens before it.
        let (mut non_ascii, mut after) = (0, usize::MAX);
        for t in tokens {
            let in_stretch =
                !stretch.is_empty() && t.start >= from && t.end <= from + stretch.len();
            // A token of ASCII in the stretch (all of an all-ASCII sentence, most of the
            // others) is never sliced: its offsets say where its lowercase form is.
            if in_stretch && all_ascii {
                spans.push((t.start - from, t.end - from));
                continue;
            }
            if in_stretch {
                let (s, e) = (t.start - from, t.end - from);
                if s < after || non_ascii < s {
                    non_ascii = crate::ascii::next_non_ascii(stretch.as_bytes(), s);
                    after = s;
                }
                if non_ascii >= e {
                    spans.push((s, e));
                    continue;
                }
            }
            let s = text.get(t.start..t.end).unwrap_or("");
            if in_stretch && s.is_ascii() {
                spans.push((t.start - from, t.end - from));
                continue;
            }
            let at = buf.len();
            push_lowercase(&mut buf, s);
            spans.push((at, buf.len()));
        }
        Lowered { buf, spans }
    }

    /// The lowercase form of token `i`; empty past the end.
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        match self.spans.get(i) {
            Some(&(a, b)) => self.buf.get(a..b).unwrap_or(""),
            None => "",
        }
    }

    /// Every token's lowercase form, in order: what [`Lowered::get`] gives for each index,
    /// without looking each span up by index.
    pub fn forms(&self) -> Vec<&str> {
        self.spans
            .iter()
            .map(|&(a, b)| self.buf.get(a..b).unwrap_or(""))
            .collect()
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// Appends `s` lowercased to `buf`, with the typographic apostrophe as a straight one (so
/// "Russia’s" and "Russia's" have one form).
fn push_lowercase(buf: &mut String, s: &str) {
    let at = buf.len();
    if s.is_ascii() {
        buf.push_str(s);
        buf[at..].make_ascii_lowercase();
    } else {
        for c in s.chars() {
            if c == '’' {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

/// The stretch of `text` from the first token's start to the last one's end, with its
/// start offset; empty when the tokens lie so far apart that copying what lies between
/// them would cost more than lowercasing each on its own. One pass over the tokens.
fn covered_stretch<'t>(text: &'t str, tokens: &[Token]) -> (usize, &'t str) {
    let (covered, from, to) =
        tokens
            .iter()
            .fold((0usize, usize::MAX, 0usize), |(covered, from, to), t| {
                (
                    covered + t.end.saturating_sub(t.start),
                    from.min(t.start),
                    to.max(t.end),
                )
            });
    let from = if tokens.is_empty() { 0 } else { from };
    let stretch = text
        .get(from..to)
        .filter(|s| s.len() <= 2 * covered + 64)
        .unwrap_or("");
    (from, stretch)
}

/// Every token's lowercase form, in order: what [`Lowered::get`] gives for each index,
/// the forms kept in `buf` (cleared first).
///
/// [`Lowered`] followed by [`Lowered::forms`] walks the tokens twice more and keeps a span
/// per token; the claim rules, which want the forms as a list, tokenise every sentence with
/// a trigger word, and those two walks cost almost as much as tokenising. Here the
/// stretch of text the tokens cover is copied and ASCII-lowercased once, only tokens with
/// other characters get a form of their own (after the stretch), and each ASCII token's
/// form is its place in the stretch.
pub fn lowercase_forms<'b>(text: &str, tokens: &[Token], buf: &'b mut String) -> Vec<&'b str> {
    buf.clear();
    let (from, stretch) = covered_stretch(text, tokens);
    buf.push_str(stretch);
    buf.make_ascii_lowercase();
    let stretch_bytes = stretch.as_bytes();
    if !stretch.is_empty() && stretch.is_ascii() {
        // Every token lies in the stretch, all ASCII (most sentences): its form is its
        // place there.
        let buf: &'b String = buf;
        return tokens
            .iter()
            .map(|t| {
                buf.get(t.start - from..t.end.wrapping_sub(from))
                    .unwrap_or("")
            })
            .collect();
    }
    // Tokens with a form of their own: (index, start and end in `buf`), in index order.
    let mut own: Vec<(usize, usize, usize)> = Vec::new();
    // The first non-ASCII byte of the stretch at or after `after` (both relative to the
    // stretch): tokens come in order, so one search serves the tokens before it.
    let (mut non_ascii, mut after) = (0, usize::MAX);
    for (k, t) in tokens.iter().enumerate() {
        let in_stretch = !stretch.is_empty() && t.start >= from && t.end <= from + stretch.len();
        if in_stretch {
            let (s, e) = (t.start - from, t.end - from);
            if s < after || non_ascii < s {
                non_ascii = crate::ascii::next_non_ascii(stretch_bytes, s);
                after = s;
            }
            if non_ascii >= e {
                continue;
            }
        }
        let s = text.get(t.start..t.end).unwrap_or("");
        if in_stretch && s.is_ascii() {
            continue;
        }
        let at = buf.len();
        push_lowercase(buf, s);
        own.push((k, at, buf.len()));
    }
    let buf: &'b String = buf;
    let mut own = own.into_iter().peekable();
    tokens
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let (a, b) = match own.next_if(|&(i, _, _)| i == k) {
                Some((_, a, b)) => (a, b),
                // Only tokens inside the stretch have none of their own.
                None => (t.start - from, t.end - from),
            };
            buf.get(a..b).unwrap_or("")
        })
        .collect()
}

/// Start of the last dot-separated segment of `s[start..end]`.
fn last_segment_start(s: &str, start: usize, end: usize) -> usize {
    s[start..end].rfind('.').map_or(start, |p| start + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokens(t, (0, t.len())).iter().map(|k| k.text(t)).collect()
    }

    #[test]
    fn forms_are_each_index_lowercased() {
        for text in [
            "Ukraine’s DEFENSE ministry said 10,000 troops (U.S.-trained) left Kharkiv-area",
            "Зеленський said: «МИ ТУТ» – don’t 9:30 a.m.",
            "",
        ] {
            let toks = tokens(text, (0, text.len()));
            let lowered = Lowered::new(text, &toks);
            let by_index: Vec<&str> = (0..toks.len()).map(|i| lowered.get(i)).collect();
            assert_eq!(lowered.forms(), by_index, "{text:?}");
            assert_eq!(lowered.forms().len(), toks.len());
        }
    }

    #[test]
    fn lowercase_forms_are_what_lowered_gives() {
        let t = format!(
            "The “MAYOR” said: Kyiv’s ARMY — and Ізюм’s — HELD. ΣΊΣΥΦΟΣ NATO, U.S.{}Said NO",
            " ".repeat(300)
        );
        let all = tokens(&t, (0, t.len()));
        let mut orders = vec![
            all.clone(),
            all.iter().rev().copied().collect::<Vec<_>>(),
            all[..5].to_vec(),
            vec![],
        ];
        orders.push(interleaved(&all));
        // Spans that are empty, reversed, past the end or inside a character.
        let odd = |start, end| Token {
            start,
            end,
            kind: TokenKind::Word,
        };
        orders.push(vec![
            all[0],
            odd(5, 3),
            odd(2, 2),
            odd(1, 1_000),
            odd(13, 15),
            all[1],
        ]);
        let mut buf = String::new();
        for order in orders {
            let lowered = Lowered::new(&t, &order);
            assert_eq!(lowercase_forms(&t, &order, &mut buf), lowered.forms());
        }
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            toks("The U.S. and Kharkiv-area Gov. Oleh’s 2.5 km, 10,000 troops."),
            [
                "The",
                "U.S.",
                "and",
                "Kharkiv-area",
                "Gov",
                ".",
                "Oleh’s",
                "2.5",
                "km",
                ",",
                "10,000",
                "troops",
                "."
            ]
        );
    }

    #[test]
    fn quotes_and_dashes_are_punctuation() {
        assert_eq!(
            toks("“Don’t,” he said — ok"),
            ["“", "Don’t", ",", "”", "he", "said", "—", "ok"]
        );
        assert_eq!(toks("''Yes,'' he"), ["''", "Yes", ",", "''", "he"]);
    }

    #[test]
    fn lowered_forms_fold_case_and_apostrophes() {
        let t = "Ukraine’s ARMY Ізюм";
        let k = tokens(t, (0, t.len()));
        let l = Lowered::new(t, &k);
        assert_eq!(
            (l.get(0), l.get(1), l.get(2), l.get(3)),
            ("ukraine's", "army", "ізюм", "")
        );
        assert_eq!(l.len(), 3);
    }

    /// Every third token, then every second from the second: an order with repeats and
    /// jumps back.
    fn interleaved(all: &[Token]) -> Vec<Token> {
        all.iter()
            .step_by(3)
            .chain(all.iter().skip(1).step_by(2))
            .copied()
            .collect()
    }

    #[test]
    fn lowered_forms_are_each_tokens_own_lowercase_in_any_order() {
        let t = "The “MAYOR” said: Kyiv’s ARMY — and Ізюм’s — HELD. Then NATO, U.S. and “Ok”.";
        let all = tokens(t, (0, t.len()));
        let own = |k: &Token| k.text(t).to_lowercase().replace('’', "'");
        let mut orders = vec![all.clone(), all.iter().rev().copied().collect::<Vec<_>>()];
        orders.push(interleaved(&all));
        for order in orders {
            let l = Lowered::new(t, &order);
            for (i, k) in order.iter().enumerate() {
                assert_eq!(l.get(i), own(k), "{:?}", k.text(t));
            }
        }
    }

    #[test]
    fn lowered_forms_of_far_apart_or_unordered_tokens() {
        let t = format!("Kyiv’s MAYOR{}Said NO", " ".repeat(500));
        let all = tokens(&t, (0, t.len()));
        let picked = [all[3], all[0], all[1]];
        let l = Lowered::new(&t, &picked);
        assert_eq!((l.get(0), l.get(1), l.get(2)), ("no", "kyiv's", "mayor"));
        let l = Lowered::new(&t, &all[1..3]);
        assert_eq!((l.get(0), l.get(1), l.len()), ("mayor", "said", 2));
        assert!(Lowered::new(&t, &[]).is_empty());
    }

    #[test]
    fn offsets_are_into_the_whole_text() {
        let t = "ab cd ef";
        let k = tokens(t, (3, 8));
        assert_eq!((k[0].start, k[0].end, k[0].kind), (3, 5, TokenKind::Word));
        assert_eq!(k.len(), 2);
    }
}
