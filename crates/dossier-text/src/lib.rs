//! Sentences, tokens and quotations in English news prose, as byte spans.
//!
//! Three independent, linear-time scanners:
//!
//! - [`sentences`] splits on terminal punctuation and paragraph breaks, but not after the
//!   abbreviations news prose is full of ("Lt. Col.", "Gov.", "Jan. 5", "U.S. and U.K.",
//!   initials such as "Donald J. Trump"), nor inside numbers ("2.5"), nor before a lowercase
//!   continuation (`“Is it?” she asked`);
//! - [`tokens`] cuts a span into words, numbers and punctuation, keeping "U.S.", "don’t",
//!   "Kharkiv-area" and "2.5" whole;
//! - [`quotations`] pairs curly, straight and doubled-apostrophe (`''`) quotation marks
//!   within a paragraph, and marks a quotation that continues one left open at the end of
//!   the previous paragraph, as news style does for multi-paragraph quotes.
//!
//! Everything here returns byte offsets into the `&str` it was given; conversion to code
//! points happens once, in `dossier-model::CharOffsets`, at the JSON boundary. No scanner
//! looks further ahead than the current line, so unbalanced quotation marks or a 200 MB
//! single line cost linear time and no extra memory per character.

pub mod ascii;
mod quotes;
mod sentence;
mod token;

pub use quotes::{Quotation, quotations};
pub use sentence::{MAX_SENTENCE_BYTES, Sentence, sentences};
pub use token::{Lowered, Token, TokenKind, lowercase_forms, tokens};

/// `char::is_alphanumeric`, without its Unicode table search for the General Punctuation
/// block (U+2000 to U+206F: curly quotes, dashes, ellipses), where news text has most of
/// its non-ASCII characters and no character is alphanumeric (tested over every `char`).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    // ASCII (most characters) by the ASCII test alone: the same answer, fewer branches.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
}

/// Whether `c` opens or closes a quotation (any style). Apostrophe-like marks are included
/// because `''` is a double quotation mark in some wire copy.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»' | '‹' | '›'
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_alphanumeric_agrees_with_char_for_every_char() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
