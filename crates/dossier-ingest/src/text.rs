//! Turning bytes into text: byte order marks, UTF-8, a declared charset, or a detected
//! legacy encoding (`chardetng`), and refusing binary data with the offset of the first
//! byte that gave it away.

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::IngestError;

/// How much of the input the binary check looks at: enough to see a file's nature, small
/// enough to stay cheap on big inputs.
const BINARY_PROBE_LEN: usize = 64 * 1024;

/// Control characters above this share of the probed bytes mark the input as binary. Text
/// files do carry an odd form feed or escape; two in a hundred bytes is no longer text.
const MAX_CONTROL_PERCENT: usize = 2;

/// Bytes decoded to text, and the encoding they were in.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
}

/// Decodes `bytes` read under `name`.
///
/// The order is: a byte order mark (UTF-8, UTF-16LE/BE) wins; then binary data is refused;
/// then valid UTF-8 is taken as UTF-8; then `declared` (an HTML `<meta charset>` or HTTP
/// `Content-Type` charset) if the bytes decode cleanly in it; then the encoding `chardetng`
/// guesses. Bytes that are malformed in the chosen encoding are refused with their offset.
pub(crate) fn decode(
    name: &str,
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<Decoded, IngestError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_strict(name, &bytes[bom_len..], encoding, bom_len as u64)?;
        return Ok(Decoded { text, encoding });
    }
    check_not_binary(name, bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
        });
    }
    if let Some(encoding) = declared.filter(|encoding| *encoding != UTF_8)
        && let Ok(text) = decode_strict(name, bytes, encoding, 0)
    {
        return Ok(Decoded { text, encoding });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    let text = decode_strict(name, bytes, encoding, 0)?;
    Ok(Decoded { text, encoding })
}

/// Refuses `bytes` that look binary: a NUL byte, or a high share of control characters.
pub(crate) fn check_not_binary(name: &str, bytes: &[u8]) -> Result<(), IngestError> {
    let probe = &bytes[..bytes.len().min(BINARY_PROBE_LEN)];
    if let Some(offset) = probe.iter().position(|&byte| byte == 0) {
        return Err(IngestError::Binary {
            name: name.to_owned(),
            offset: offset as u64,
            what: "a NUL byte (text files have none; UTF-16 text needs a byte order mark)".into(),
        });
    }
    let is_control = |byte: &u8| matches!(byte, 0x01..=0x08 | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f);
    let controls = probe.iter().filter(|byte| is_control(byte)).count();
    if controls > 0 && controls * 100 > probe.len() * MAX_CONTROL_PERCENT {
        let offset = probe.iter().position(is_control).unwrap_or(0);
        return Err(IngestError::Binary {
            name: name.to_owned(),
            offset: offset as u64,
            what: format!(
                "{controls} control characters in the first {} bytes",
                probe.len()
            ),
        });
    }
    Ok(())
}

/// Decodes `bytes` in `encoding` without replacement characters; `base` is the offset of
/// `bytes` in the input, for the error message.
fn decode_strict(
    name: &str,
    bytes: &[u8],
    encoding: &'static Encoding,
    base: u64,
) -> Result<String, IngestError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            let offset = read as u64 - u64::from(bad) - u64::from(after);
            Err(IngestError::Encoding {
                name: name.to_owned(),
                encoding: encoding.name().to_owned(),
                offset: base + offset,
                what: format!("{bad} byte(s) that are not valid {}", encoding.name()),
            })
        }
        // The buffer was sized for the worst case, so it cannot run out.
        DecoderResult::OutputFull => Err(IngestError::Encoding {
            name: name.to_owned(),
            encoding: encoding.name().to_owned(),
            offset: base + read as u64,
            what: "decoder output buffer too small".into(),
        }),
    }
}

/// Finds the charset an HTML document declares in its first 1024 bytes (`<meta
/// charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">`), as the
/// HTML standard's prescan does.
pub(crate) fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = find(&lower[from..], b"charset") {
        let mut at = from + found + b"charset".len();
        from = at;
        while lower.get(at).is_some_and(|byte| byte.is_ascii_whitespace()) {
            at += 1;
        }
        if lower.get(at) != Some(&b'=') {
            continue;
        }
        if let Some(encoding) = charset_value(&head[at + 1..]) {
            // A page that says UTF-16 in ASCII cannot be UTF-16 (HTML standard rule).
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                return Some(UTF_8);
            }
            return Some(encoding);
        }
    }
    None
}

/// The encoding named by a `charset=` value in an HTTP `Content-Type` header.
pub(crate) fn content_type_charset(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..]
        .trim_start()
        .strip_prefix('=')?;
    charset_value(rest.as_bytes())
}

/// Reads a charset token (optionally quoted) and looks it up as a WHATWG label.
fn charset_value(bytes: &[u8]) -> Option<&'static Encoding> {
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|byte| {
            matches!(
                byte,
                b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'
            )
        })
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Tidies extracted text: trailing spaces off each line, at most one blank line between
/// blocks, no blank lines at either end.
pub(crate) fn tidy_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_found_in_both_forms() {
        assert_eq!(
            html_declared_charset(b"<html><head><meta charset=\"windows-1251\">"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            html_declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\">"
            ),
            Some(encoding_rs::KOI8_R)
        );
        assert_eq!(html_declared_charset(b"<p>no charset here</p>"), None);
    }

    #[test]
    fn content_type_charset_reads_quoted_and_bare_values() {
        assert_eq!(
            content_type_charset("text/html; charset=\"ISO-8859-1\""),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(content_type_charset("text/html;charset=utf-8"), Some(UTF_8));
        assert_eq!(content_type_charset("text/html"), None);
    }

    #[test]
    fn malformed_bytes_are_reported_at_their_offset() {
        let err = decode_strict("x", b"abc\xffdef", encoding_rs::UTF_8, 10).unwrap_err();
        match err {
            IngestError::Encoding { offset, .. } => assert_eq!(offset, 13),
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn tidy_blocks_keeps_single_blank_lines_between_blocks() {
        assert_eq!(tidy_blocks("\n\n a  \n\n\n\nb\nc \n\n"), " a\n\nb\nc");
    }
}
