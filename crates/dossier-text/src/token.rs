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
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            let mut digits_only = c.is_ascii_digit();
            let mut dotted = false;
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphanumeric() {
                    digits_only &= d.is_ascii_digit();
                    end = j + d.len_utf8();
                    iter.next();
                    continue;
                }
                // Joiners: only inside the token, between two alphanumerics.
                let joiner = matches!(d, '\'' | '’' | '-' | '.' | ',' | ':' | '\u{2011}');
                if !joiner {
                    break;
                }
                let after = s[j + d.len_utf8()..].chars().next();
                let Some(a) = after else { break };
                let joins = match d {
                    '.' => {
                        if digits_only {
                            a.is_ascii_digit()
                        } else {
                            // "U.S", "a.m": a single letter before the dot.
                            a.is_alphabetic() && end - last_segment_start(s, start, end) <= 2
                        }
                    }
                    ',' | ':' => digits_only && a.is_ascii_digit(),
                    _ => a.is_alphanumeric() && !digits_only,
                };
                if !joins {
                    break;
                }
                if d == '.' && !digits_only {
                    dotted = true;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            // Keep the final period of a dotted acronym ("U.S.").
            if dotted && let Some(&(j, '.')) = iter.peek() {
                end = j + 1;
                iter.next();
            }
            out.push(Token {
                start: from + start,
                end: from + end,
                kind: if digits_only {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            });
        } else {
            // A doubled apostrophe is one quotation mark in some wire copy.
            if c == '\'' && s[end..].starts_with('\'') {
                end += 1;
                iter.next();
            }
            out.push(Token {
                start: from + start,
                end: from + end,
                kind: TokenKind::Punct,
            });
        }
    }
    out
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
    fn offsets_are_into_the_whole_text() {
        let t = "ab cd ef";
        let k = tokens(t, (3, 8));
        assert_eq!((k[0].start, k[0].end, k[0].kind), (3, 5, TokenKind::Word));
        assert_eq!(k.len(), 2);
    }
}
