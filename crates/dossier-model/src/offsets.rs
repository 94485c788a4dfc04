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
        let mut marks = Vec::new();
        let mut extra = 0usize;
        for (i, c) in text.char_indices() {
            let n = c.len_utf8();
            if n > 1 {
                extra += n - 1;
                marks.push((i + n, extra));
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
    fn ascii_is_identity() {
        let off = CharOffsets::new("hello world");
        assert_eq!(off.to_char(5), 5);
        assert_eq!(off.to_byte(11), 11);
    }
}
