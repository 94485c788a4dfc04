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
    for line in text.split_inclusive('\n') {
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
    // (Eight bytes at a time: most of a line is letters.)
    while let Some(at) = crate::ascii::find_any(bytes, i, to, MARK_LEADS) {
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
