//! Quotation spans and the pairing of their marks.

/// A quotation: the quoted text between an opening mark and its closing mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotation {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// `[start, end)`: the quoted text, without the marks.
    pub start: usize,
    pub end: usize,
    /// Byte offset of the closing mark; `None` when the paragraph ended first.
    pub close: Option<usize>,
    /// Just past the closing mark (or `end` when unclosed).
    pub outer_end: usize,
    /// Single quotation marks (‘…’), used for quotes inside quotes and in headlines.
    pub single: bool,
    /// This quotation continues one left open at the end of the previous paragraph (news
    /// style opens every paragraph of a long quote and closes only the last).
    pub continues: bool,
}

/// Most of a quotation a scanner will consider: a mark left open longer than this within a
/// paragraph is treated as unclosed, keeping the pairing local.
const MAX_QUOTE_BYTES: usize = 20_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// “ „ «
    Open,
    /// ” »
    Close,
    /// " or '' (two apostrophes): direction from context.
    Straight,
    /// ‘
    SingleOpen,
    /// ’ not inside a word
    SingleClose,
}

/// Finds quotations, pairing marks within each line (paragraph).
///
/// Curly marks have a direction; a straight `"` (or a doubled apostrophe `''`) opens when
/// nothing is open and closes otherwise. Single curly quotes pair only inside a double
/// quotation or when ‘ starts a word, and an ’ inside a word is an apostrophe. A double
/// quotation still open at the end of a line is closed there (`close: None`); if the next
/// non-blank line starts with an opening mark, that quotation gets `continues: true`.
pub fn quotations(text: &str) -> Vec<Quotation> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut previous_open = false;
    // Line by line, each with its '\n' (as `split_inclusive`), found by `memchr`'s vector
    // search.
    while let Some(rest) = text.get(line_start..).filter(|r| !r.is_empty()) {
        let len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |k| k + 1);
        let line = &rest[..len];
        if line.trim().is_empty() {
            line_start += line.len();
            continue;
        }
        let before = out.len();
        let left_open = scan_line(text, line_start, line_start + line.len(), &mut out);
        if previous_open
            && let Some(first) = out.get_mut(before)
            && !first.single
            && text[line_start..first.open].trim().is_empty()
        {
            first.continues = true;
        }
        previous_open = left_open;
        line_start += line.len();
    }
    out
}

/// Bytes that can begin a quotation mark: `"`, `'`, the lead byte of “ ” „ ‘ ’ (U+201x)
/// and of « » (U+00AB, U+00BB).
const MARK_LEADS: [u8; 4] = [b'"', b'\'', 0xE2, 0xC2];

/// Finds the bytes of a line that can begin a mark ([`MARK_LEADS`]) with `memchr`'s vector
/// search: a mark lead is about one byte in a hundred, and the search was a third of the
/// scan's work eight bytes at a time. `memchr3` takes three of the four leads; the fourth,
/// 0xC2 (« »), is rare and kept as the next one found.
struct MarkLeads<'b> {
    bytes: &'b [u8],
    to: usize,
    /// The first 0xC2 at or after where the search got to (`to`: none).
    next_c2: usize,
}

impl<'b> MarkLeads<'b> {
    fn new(bytes: &'b [u8], from: usize, to: usize) -> Self {
        MarkLeads {
            bytes,
            to,
            next_c2: Self::c2_from(bytes, from, to),
        }
    }

    fn c2_from(bytes: &[u8], from: usize, to: usize) -> usize {
        bytes
            .get(from..to)
            .and_then(|b| memchr::memchr(MARK_LEADS[3], b))
            .map_or(to, |k| from + k)
    }

    /// The first mark lead at or after `i` (before the line's end).
    fn next_from(&mut self, i: usize) -> Option<usize> {
        if i >= self.to {
            return None;
        }
        if self.next_c2 < i {
            self.next_c2 = Self::c2_from(self.bytes, i, self.to);
        }
        // Up to the next 0xC2 only: the search never reads past a lead it will return.
        let found = self
            .bytes
            .get(i..self.next_c2)
            .and_then(|b| memchr::memchr3(MARK_LEADS[0], MARK_LEADS[1], MARK_LEADS[2], b));
        match found {
            Some(k) => Some(i + k),
            None => (self.next_c2 < self.to).then_some(self.next_c2),
        }
    }
}

/// Pairs the marks of one line; returns whether a double quotation was left open.
fn scan_line(text: &str, from: usize, to: usize, out: &mut Vec<Quotation>) -> bool {
    let line = &text[from..to];
    let content_end = from + line.trim_end().len();
    let mut double: Option<(usize, usize)> = None; // (open mark offset, content start)
    let mut single: Option<(usize, usize)> = None;
    let bytes = text.as_bytes();
    let mut i = from;
    // Jump from one byte that can start a mark to the next: the text between marks is only
    // ever looked at as the character just before or after one.
    let mut leads = MarkLeads::new(bytes, from, to);
    while let Some(at) = leads.next_from(i) {
        let Some(c) = text[at..to].chars().next() else {
            break;
        };
        let next = text[at + c.len_utf8()..to].chars().next();
        let prev = text[from..at].chars().next_back();
        let mut width = c.len_utf8();
        let mark = match c {
            '“' | '„' | '«' => Some(Mark::Open),
            '”' | '»' => Some(Mark::Close),
            '"' => Some(Mark::Straight),
            '\'' if next == Some('\'') => {
                width = 2;
                Some(Mark::Straight)
            }
            '‘' if prev.is_none_or(|p| !p.is_alphanumeric()) => Some(Mark::SingleOpen),
            '’' if next.is_none_or(|n| !n.is_alphanumeric())
                && prev.is_some_and(|p| !p.is_whitespace()) =>
            {
                Some(Mark::SingleClose)
            }
            _ => None,
        };
        i = at + width;
        let prev_before = prev;
        let Some(mark) = mark else { continue };
        // A quotation left open too long is given up as unclosed.
        if let Some((o, s)) = double
            && at - s > MAX_QUOTE_BYTES
        {
            out.push(unclosed(text, o, s, at));
            double = None;
            single = None;
        }
        match mark {
            Mark::Open => {
                if let Some((o, s)) = double.take() {
                    // “ right after text while one is open: a misprinted closing mark.
                    if prev_before.is_some_and(|p| !p.is_whitespace()) && at > s {
                        out.push(closed(o, s, at, width, false));
                        single = None;
                        continue;
                    }
                    out.push(unclosed(text, o, s, at));
                }
                double = Some((at, at + width));
                single = None;
            }
            Mark::Close => {
                if let Some((o, s)) = double.take() {
                    out.push(closed(o, s, at, width, false));
                    single = None;
                }
            }
            Mark::Straight => {
                // After a space and before a space or the line end (`this, " he said`),
                // a straight mark can only close.
                let closing_context = next.is_none_or(|n| {
                    n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | ')' | '?' | '!')
                });
                let opening_context = prev_is_space_or_start(text, from, at) && !closing_context;
                match double.take() {
                    Some((o, s)) if !opening_context || at == s => {
                        out.push(closed(o, s, at, width, false));
                        single = None;
                    }
                    Some((o, s)) => {
                        // `"` after a space while one is open: most likely the previous
                        // quotation lost its closing mark. Close it and open a new one.
                        out.push(unclosed(text, o, s, at));
                        double = Some((at, at + width));
                    }
                    None => double = Some((at, at + width)),
                }
            }
            Mark::SingleOpen => single = Some((at, at + width)),
            Mark::SingleClose => {
                if let Some((o, s)) = single.take() {
                    out.push(closed(o, s, at, width, true));
                }
            }
        }
    }
    if let Some((o, s)) = double {
        out.push(unclosed(text, o, s, content_end.max(s)));
        return true;
    }
    false
}

fn prev_is_space_or_start(text: &str, line_from: usize, at: usize) -> bool {
    if at == line_from {
        return true;
    }
    text[line_from..at]
        .chars()
        .next_back()
        .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '/'))
}

fn closed(open: usize, start: usize, close: usize, width: usize, single: bool) -> Quotation {
    Quotation {
        open,
        start,
        end: close,
        close: Some(close),
        outer_end: close + width,
        single,
        continues: false,
    }
}

fn unclosed(text: &str, open: usize, start: usize, end: usize) -> Quotation {
    let end = start + text[start..end].trim_end().len();
    Quotation {
        open,
        start,
        end,
        close: None,
        outer_end: end,
        single: false,
        continues: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(t: &str) -> Vec<&str> {
        quotations(t).iter().map(|q| &t[q.start..q.end]).collect()
    }

    #[test]
    fn finds_marks_among_no_break_spaces_and_on_a_last_line_without_a_break() {
        // 0xC2 leads both the no-break space (no mark) and « » (marks).
        let t = "A\u{a0}«Oui»\u{a0}then \u{a0}\"no\"\n\n\u{a0}‘x’ and «last»";
        assert_eq!(quoted(t), ["Oui", "no", "x", "last"]);
        assert_eq!(quoted("«a»"), ["a"]);
        assert!(quotations("\u{a0}\u{a0}").is_empty());
    }

    #[test]
    fn pairs_curly_and_straight_marks() {
        let t = "“We won,” he said. \"They lost.\" ''Yes,'' she said.";
        assert_eq!(quoted(t), ["We won,", "They lost.", "Yes,"]);
        let q = quotations(t)[0];
        assert_eq!((q.open, q.close, q.outer_end), (0, Some(10), 13));
    }

    #[test]
    fn apostrophes_are_not_quotes_but_single_quotes_are() {
        let t = "Ukraine’s army said ‘Of Course’ and don’t.";
        let q = quotations(t);
        assert_eq!(q.len(), 1);
        assert!(q[0].single);
        assert_eq!(&t[q[0].start..q[0].end], "Of Course");
    }

    #[test]
    fn multi_paragraph_quotes_continue() {
        let t = "He said: “First part.\n\n“Second part.”\nNot quoted “x”";
        let q = quotations(t);
        assert_eq!(q.len(), 3);
        assert_eq!(&t[q[0].start..q[0].end], "First part.");
        assert_eq!(q[0].close, None);
        assert!(q[1].continues);
        assert_eq!(&t[q[1].start..q[1].end], "Second part.");
        assert!(!q[2].continues);
    }

    #[test]
    fn straight_mark_after_a_space_can_close() {
        let t = "\"It is a disgrace, \" Trump said.";
        assert_eq!(quoted(t), ["It is a disgrace, "]);
    }

    #[test]
    fn misprinted_closing_mark_closes() {
        let t = "“It is over,“ he said. “Next.”";
        assert_eq!(quoted(t), ["It is over,", "Next."]);
    }

    #[test]
    fn unbalanced_marks_stay_local() {
        let t = "“never closed\nnext line ” stray";
        let q = quotations(t);
        assert_eq!(q.len(), 1);
        assert_eq!(&t[q[0].start..q[0].end], "never closed");
        assert!(quotations("\"").len() == 1);
        assert!(quotations("”’").is_empty());
    }
}
