//! Byte offset <-> Unicode code point offset conversion.

/// Converts byte offsets into a UTF-8 string to code point offsets and back.
///
/// Memory is proportional to the number of multi-byte characters, not to the text length,
/// so a 200 MB mostly-ASCII line costs almost nothing. Each lookup is a binary search.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// For every multi-byte character: the byte offset just past it, and the total number
    /// of continuation bytes seen up to and including it. Sorted by byte offset.
    marks: Vec<(usize, usize)>,
    len_bytes: usize,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut marks = Vec::new();
        let mut extra = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            // Every document passes through here whole, and most of its bytes are ASCII:
            // skip those 16 at a time instead of decoding character by character.
            if let Some(chunk) = bytes.get(i..i + 16)
                && chunk.is_ascii()
            {
                i += 16;
                continue;
            }
            // A UTF-8 lead byte says how long its character is; `text` is valid UTF-8.
            let n = match bytes[i] {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            i += n;
            if n > 1 {
                extra += n - 1;
                marks.push((i, extra));
            }
        }
        CharOffsets {
            marks,
            len_bytes: text.len(),
        }
    }

    /// The code point offset of a byte offset. `byte` must lie on a character boundary
    /// (or be the text length); offsets inside a character map to that character's start.
    pub fn to_char(&self, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        // Number of continuation bytes strictly before `byte`: the last mark whose end <= byte.
        let idx = self.marks.partition_point(|&(end, _)| end <= byte);
        let extra = if idx == 0 { 0 } else { self.marks[idx - 1].1 };
        byte - extra
    }

    /// The byte offset of a code point offset (clamped to the text length).
    pub fn to_byte(&self, ch: usize) -> usize {
        // Find the last mark whose char position (end - extra) <= ch.
        let idx = self
            .marks
            .partition_point(|&(end, extra)| end - extra <= ch);
        let extra = if idx == 0 { 0 } else { self.marks[idx - 1].1 };
        (ch + extra).min(self.len_bytes)
    }

    /// Converts a byte span to a code point span.
    pub fn span_to_chars(&self, (s, e): (usize, usize)) -> (usize, usize) {
        (self.to_char(s), self.to_char(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_on_mixed_text() {
        let text = "a’b Ізюм — x 𝄞 end";
        let off = CharOffsets::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(off.to_char(bi), ci, "byte {bi}");
            assert_eq!(off.to_byte(ci), bi, "char {ci}");
        }
        let n = text.chars().count();
        assert_eq!(off.to_char(text.len()), n);
        assert_eq!(off.to_byte(n), text.len());
    }

    #[test]
    fn long_runs_of_ascii_between_wide_characters_count_right() {
        // ASCII runs longer and shorter than the 16-byte skip, characters of every width
        // at every alignment.
        let mut text = String::new();
        for k in 0..40 {
            text.push_str(&"x".repeat(k));
            text.push(['é', '’', '𝄞', 'a'][k % 4]);
        }
        let off = CharOffsets::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(off.to_char(bi), ci, "byte {bi}");
        }
        assert_eq!(off.to_char(text.len()), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        let off = CharOffsets::new("hello world");
        assert_eq!(off.to_char(5), 5);
        assert_eq!(off.to_byte(11), 11);
    }
}
