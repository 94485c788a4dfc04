//! WARC and WARC.gz web archives, read record by record.
//!
//! Each record's header block is parsed by the `warc` crate's parser; the framing around it
//! (finding header blocks, reading or skipping `Content-Length` body bytes) is done here so
//! that the reader streams, knows each record's byte offset, and never panics on a header
//! that is not UTF-8 (the `warc` crate's `Record::header` unwraps).
//!
//! Every `response` (or `resource`) record whose HTTP status is 200 and whose body is HTML
//! or plain text becomes a document, located by record number, offset, `WARC-Record-ID`,
//! `WARC-Target-URI` and `WARC-Date`. Other records are counted as skipped.
//! `WARC-Payload-Digest` (`sha1:` base32, as Heritrix and most crawlers write it, or
//! `sha256:`) is checked where present; a mismatch is a warning and is recorded in the
//! document's [`DigestCheck`].

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use data_encoding::BASE32;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::document::{DigestCheck, Locator, Provenance, SkipReason, SourceDocument};
use crate::error::{IngestError, Location};
use crate::{Format, Sink, html, html_document, normalise_date, text};

/// Largest header block accepted; real ones are well under 4 KiB.
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// Largest record body read into memory to make a document; bigger HTML or text responses
/// (which no article is) are skipped with a warning rather than exhausting memory.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Decompresses the start of a gzip stream, for format detection; empty if it is not gzip.
pub(crate) fn gunzip_prefix(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = flate2::read::MultiGzDecoder::new(bytes)
        .take(64)
        .read_to_end(&mut out);
    out
}

/// A buffered reader that counts the bytes its user has consumed, shared through `position`
/// so the count can be read while the reader is borrowed.
struct Counting<R> {
    inner: R,
    position: Rc<Cell<u64>>,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.position.set(self.position.get() + read as u64);
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.position.set(self.position.get() + amount as u64);
        self.inner.consume(amount);
    }
}

/// Reads the WARC (compressed or not) from `input`. `member` is its path inside a WACZ.
pub(crate) fn read<R: Read>(
    name: &str,
    input: R,
    member: Option<&str>,
    sink: &mut Sink<'_>,
) -> Result<(), IngestError> {
    let mut buffered = BufReader::with_capacity(256 * 1024, input);
    let is_gzip = buffered
        .fill_buf()
        .map_err(|source| io_error(name, source))?
        .starts_with(&[0x1f, 0x8b]);
    if is_gzip {
        let members = GzipMembers::new(buffered);
        let starts = Rc::clone(&members.starts);
        let decoder = BufReader::with_capacity(256 * 1024, members);
        read_records(name, decoder, member, Some(starts), sink)
    } else {
        read_records(name, buffered, member, None, sink)
    }
}

/// Where gzip members begin: (offset in the uncompressed stream, offset in the file).
type MemberStarts = Rc<RefCell<VecDeque<(u64, u64)>>>;

/// Decompresses a multi-member gzip stream (as `MultiGzDecoder` does) while noting where
/// each member starts in both streams, so that a record that begins a member can be given
/// its offset in the compressed file — the offset CDX indexes and replay tools use.
struct GzipMembers<R: BufRead> {
    /// The member being decompressed, if any.
    decoder: Option<flate2::bufread::GzDecoder<Counting<R>>>,
    /// The compressed input between members.
    input: Option<Counting<R>>,
    compressed: Rc<Cell<u64>>,
    uncompressed: u64,
    starts: MemberStarts,
}

impl<R: BufRead> GzipMembers<R> {
    fn new(input: R) -> Self {
        let compressed = Rc::new(Cell::new(0));
        GzipMembers {
            decoder: None,
            input: Some(Counting {
                inner: input,
                position: Rc::clone(&compressed),
            }),
            compressed,
            uncompressed: 0,
            starts: Rc::default(),
        }
    }
}

impl<R: BufRead> Read for GzipMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(decoder) = self.decoder.as_mut() {
                let read = decoder.read(buf)?;
                if read > 0 || buf.is_empty() {
                    self.uncompressed += read as u64;
                    return Ok(read);
                }
                // The member ended; the input is positioned at the next one.
                self.input = self.decoder.take().map(|decoder| decoder.into_inner());
                continue;
            }
            let Some(mut input) = self.input.take() else {
                return Ok(0);
            };
            if input.fill_buf()?.is_empty() {
                self.input = Some(input);
                return Ok(0);
            }
            self.starts
                .borrow_mut()
                .push_back((self.uncompressed, self.compressed.get()));
            self.decoder = Some(flate2::bufread::GzDecoder::new(input));
        }
    }
}

/// The file offset of the gzip member that starts exactly at uncompressed `offset`, if one
/// does; forgets members that start before it.
fn member_start(starts: &MemberStarts, offset: u64) -> Option<u64> {
    let mut starts = starts.borrow_mut();
    while starts
        .front()
        .is_some_and(|&(uncompressed, _)| uncompressed < offset)
    {
        starts.pop_front();
    }
    starts
        .front()
        .filter(|&&(uncompressed, _)| uncompressed == offset)
        .map(|&(_, compressed)| compressed)
}

fn io_error(name: &str, source: io::Error) -> IngestError {
    IngestError::Io {
        name: name.to_owned(),
        source,
    }
}

/// One record's header fields, as parsed.
struct Header {
    fields: Vec<(String, Vec<u8>)>,
    content_length: u64,
}

impl Header {
    fn get(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| String::from_utf8_lossy(value).trim().to_owned())
    }
}

fn read_records<R: BufRead>(
    name: &str,
    input: R,
    member: Option<&str>,
    member_starts: Option<MemberStarts>,
    sink: &mut Sink<'_>,
) -> Result<(), IngestError> {
    let position = Rc::new(Cell::new(0u64));
    let mut reader = Counting {
        inner: input,
        position: Rc::clone(&position),
    };
    let display_name = match member {
        Some(member) => format!("{name}!{member}"),
        None => name.to_owned(),
    };
    let malformed = |location: Location, reason: String| IngestError::Malformed {
        name: display_name.clone(),
        format: Format::Warc,
        location,
        reason,
    };
    // A decompression failure is damage at a place in the file, not an I/O failure.
    let read_error = |number: u64, offset: u64, source: io::Error| match source.kind() {
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput | io::ErrorKind::UnexpectedEof => {
            IngestError::Malformed {
                name: display_name.clone(),
                format: Format::Warc,
                location: Location::Record { number, offset },
                reason: format!("damaged compressed data: {source}"),
            }
        }
        _ => io_error(&display_name, source),
    };
    let mut number = 0u64;
    let mut block = Vec::with_capacity(4096);
    loop {
        // Find the next header block, skipping the blank lines that end the previous record.
        block.clear();
        let mut start = position.get();
        loop {
            // Bounded, so a file with no line breaks is refused instead of read into memory.
            let room = (MAX_HEADER_BYTES + 1).saturating_sub(block.len()) as u64;
            let read = (&mut reader)
                .take(room)
                .read_until(b'\n', &mut block)
                .map_err(|source| read_error(number + 1, start, source))?;
            if read == 0 {
                if block.is_empty() {
                    return Ok(());
                }
                return Err(malformed(
                    Location::Record {
                        number: number + 1,
                        offset: start,
                    },
                    "the input ends inside a header block".into(),
                ));
            }
            let line = &block[block.len() - read..];
            if line == b"\r\n" || line == b"\n" {
                if block.len() == read {
                    // A blank line before a header block: the end of the previous record.
                    block.clear();
                    start = position.get();
                    continue;
                }
                break;
            }
            if block.len() > MAX_HEADER_BYTES {
                return Err(malformed(
                    Location::Record {
                        number: number + 1,
                        offset: start,
                    },
                    format!("header block longer than {MAX_HEADER_BYTES} bytes"),
                ));
            }
        }
        number += 1;
        let location = Location::Record {
            number,
            offset: start,
        };
        let header = parse_header(&block).map_err(|reason| malformed(location.clone(), reason))?;
        let record_type = header
            .get("WARC-Type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let wanted = matches!(record_type.as_str(), "response" | "resource");
        let mut body_reader = (&mut reader).take(header.content_length);
        if !wanted || header.content_length > MAX_BODY_BYTES {
            let skipped = io::copy(&mut body_reader, &mut io::sink())
                .map_err(|source| read_error(number, start, source))?;
            if skipped < header.content_length {
                return Err(truncated(
                    &display_name,
                    location,
                    header.content_length,
                    skipped,
                ));
            }
            if !wanted {
                sink.skip(SkipReason::NotAResponse);
            } else {
                sink.skip(SkipReason::TooLarge);
                sink.warn(
                    &location,
                    format!(
                        "record of {} bytes is over the {MAX_BODY_BYTES}-byte limit; skipped",
                        header.content_length
                    ),
                );
            }
            continue;
        }
        let mut body = Vec::with_capacity(header.content_length as usize);
        body_reader
            .read_to_end(&mut body)
            .map_err(|source| read_error(number, start, source))?;
        if (body.len() as u64) < header.content_length {
            return Err(truncated(
                &display_name,
                location,
                header.content_length,
                body.len() as u64,
            ));
        }
        let record = RecordInfo {
            name,
            member,
            number,
            offset: start,
            compressed_offset: member_starts
                .as_ref()
                .and_then(|starts| member_start(starts, start)),
            header: &header,
            is_response: record_type == "response",
        };
        record.to_document(body, sink);
    }
}

fn truncated(name: &str, location: Location, expected: u64, found: u64) -> IngestError {
    IngestError::Malformed {
        name: name.to_owned(),
        format: Format::Warc,
        location,
        reason: format!(
            "truncated record: Content-Length is {expected} but only {found} bytes follow"
        ),
    }
}

fn parse_header(block: &[u8]) -> Result<Header, String> {
    match warc::parser::headers(block) {
        Ok((_, (_version, fields, content_length))) => Ok(Header {
            fields: fields
                .into_iter()
                .map(|(field, value)| (field.to_owned(), value.to_vec()))
                .collect(),
            content_length: content_length as u64,
        }),
        Err(_) => {
            let first_line = block
                .split(|&byte| byte == b'\n')
                .next()
                .unwrap_or_default();
            let shown: String = String::from_utf8_lossy(first_line)
                .chars()
                .take(60)
                .collect();
            Err(format!(
                "not a WARC header block (it starts {:?}; expected `WARC/1.x` and `Name: value` lines)",
                shown.trim_end()
            ))
        }
    }
}

/// One record that may become a document.
struct RecordInfo<'a> {
    name: &'a str,
    member: Option<&'a str>,
    number: u64,
    offset: u64,
    compressed_offset: Option<u64>,
    header: &'a Header,
    /// A `response` carries an HTTP message; a `resource` carries the content itself.
    is_response: bool,
}

impl RecordInfo<'_> {
    fn location(&self) -> Location {
        Location::Record {
            number: self.number,
            offset: self.offset,
        }
    }

    fn to_document(&self, block: Vec<u8>, sink: &mut Sink<'_>) {
        let (status, content_type, transfer_chunked, content_encoding, payload_start) =
            if self.is_response {
                match parse_http_head(&block) {
                    Some(head) => head,
                    None => {
                        sink.skip(SkipReason::NotAResponse);
                        sink.warn(
                            self.location(),
                            "response record without an HTTP status line",
                        );
                        return;
                    }
                }
            } else {
                (200, self.header.get("Content-Type"), false, None, 0)
            };
        if status != 200 {
            sink.skip(SkipReason::HttpStatusNot200);
            return;
        }
        let payload = &block[payload_start..];
        let media_type = content_type.as_deref().map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        let is_html = match media_type.as_deref() {
            Some("text/html" | "application/xhtml+xml") => true,
            Some("text/plain") => false,
            Some(_) => {
                sink.skip(SkipReason::NotTextOrHtml);
                return;
            }
            None => {
                crate::detect("", &payload[..payload.len().min(crate::SNIFF_LEN)]) == Format::Html
            }
        };

        let digest = self.check_payload_digest(payload, transfer_chunked);
        if let DigestCheck::Mismatch { declared, computed } = &digest {
            sink.warn(
                self.location(),
                format!("WARC-Payload-Digest mismatch: declared {declared}, computed {computed}"),
            );
        }

        let mut body = if transfer_chunked {
            dechunk(payload).unwrap_or_else(|| payload.to_vec())
        } else {
            payload.to_vec()
        };
        match content_encoding.as_deref() {
            None | Some("identity") => {}
            Some("gzip" | "x-gzip" | "deflate") => {
                let encoding = content_encoding.as_deref().unwrap_or_default();
                match inflate(&body, encoding) {
                    Ok(inflated) => body = inflated,
                    Err(error) => {
                        sink.skip(SkipReason::Undecodable);
                        sink.warn(
                            self.location(),
                            format!("cannot undo Content-Encoding {encoding}: {error}"),
                        );
                        return;
                    }
                }
            }
            Some(other) => {
                sink.skip(SkipReason::Undecodable);
                sink.warn(
                    self.location(),
                    format!("unsupported Content-Encoding {other}"),
                );
                return;
            }
        }

        let item_name = format!("{} {}", self.name, self.location());
        let declared = content_type
            .as_deref()
            .and_then(text::content_type_charset)
            .or_else(|| {
                is_html
                    .then(|| text::html_declared_charset(&body))
                    .flatten()
            });
        let decoded = match text::decode(&item_name, &body, declared) {
            Ok(decoded) => decoded,
            Err(error) => {
                sink.skip(SkipReason::Undecodable);
                sink.warn(self.location(), error.to_string());
                return;
            }
        };
        let target_uri = self.header.get("WARC-Target-URI").map(|uri| {
            // WARC 1.0 writers put the URI in angle brackets.
            uri.trim_start_matches('<').trim_end_matches('>').to_owned()
        });
        let provenance = Provenance {
            source_name: self.name.to_owned(),
            container: if self.member.is_some() {
                Format::Wacz
            } else {
                Format::Warc
            },
            locator: Locator::WarcRecord {
                member: self.member.map(str::to_owned),
                record_number: self.number,
                offset: self.offset,
                compressed_offset: self.compressed_offset,
                record_id: self.header.get("WARC-Record-ID").unwrap_or_default(),
                target_uri: target_uri.clone(),
                capture_date: self
                    .header
                    .get("WARC-Date")
                    .map(|date| normalise_date(&date))
                    .unwrap_or_default(),
                http_status: status,
                payload_digest: digest,
            },
        };
        let document = if is_html {
            let article = html::extract(&decoded.text, target_uri.as_deref());
            if article.used_whole_body && !article.text.trim().is_empty() {
                sink.warn(
                    self.location(),
                    "no main content found; the whole page text was used",
                );
            }
            html_document(
                article,
                decoded.encoding.name(),
                provenance,
                target_uri,
                Some(body),
            )
        } else {
            SourceDocument {
                text: decoded.text,
                title: None,
                byline: None,
                published: None,
                modified: None,
                url: target_uri,
                site_name: None,
                excerpt: None,
                media_type: "text/plain".into(),
                language: None,
                encoding: decoded.encoding.name().to_owned(),
                provenance,
                raw: Some(body),
            }
        };
        if document.text.trim().is_empty() {
            sink.skip(SkipReason::EmptyText);
            return;
        }
        sink.document(document);
    }

    /// Checks `WARC-Payload-Digest` against the payload as stored; for a chunked response
    /// the de-chunked payload also counts as a match, since writers disagree on which one
    /// the digest covers.
    fn check_payload_digest(&self, payload: &[u8], chunked: bool) -> DigestCheck {
        let Some(declared) = self.header.get("WARC-Payload-Digest") else {
            return DigestCheck::Absent;
        };
        let Some((algorithm, value)) = declared.split_once(':') else {
            return DigestCheck::Unchecked { declared };
        };
        let compute = |bytes: &[u8]| -> Option<String> {
            let digest: Vec<u8> = match algorithm.trim().to_ascii_lowercase().as_str() {
                "sha1" | "sha-1" => Sha1::digest(bytes).to_vec(),
                "sha256" | "sha-256" => Sha256::digest(bytes).to_vec(),
                _ => return None,
            };
            // Same encoding as declared: hex if it is as long as hex would be, else base32.
            Some(if value.trim().len() == digest.len() * 2 {
                hex::encode(&digest)
            } else {
                BASE32.encode(&digest)
            })
        };
        let Some(computed) = compute(payload) else {
            return DigestCheck::Unchecked { declared };
        };
        let matches = |computed: &str| computed.eq_ignore_ascii_case(value.trim());
        if matches(&computed)
            || chunked
                && dechunk(payload)
                    .and_then(|body| compute(&body))
                    .is_some_and(|c| matches(&c))
        {
            return DigestCheck::Matched { declared };
        }
        let computed = format!("{algorithm}:{computed}");
        DigestCheck::Mismatch { declared, computed }
    }
}

/// The HTTP status, `Content-Type`, whether `Transfer-Encoding` is chunked, the
/// `Content-Encoding`, and where the payload starts, of an archived HTTP response.
type HttpHead = (u16, Option<String>, bool, Option<String>, usize);

fn parse_http_head(block: &[u8]) -> Option<HttpHead> {
    let (head_len, payload_start) = match find(block, b"\r\n\r\n") {
        Some(at) => (at, at + 4),
        None => {
            let at = find(block, b"\n\n")?;
            (at, at + 2)
        }
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    let mut parts = status_line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = parts.next()?.parse().ok()?;
    let mut content_type = None;
    let mut chunked = false;
    let mut content_encoding = None;
    for line in lines {
        let Some((field, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match field.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => content_encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    Some((
        status,
        content_type,
        chunked,
        content_encoding,
        payload_start,
    ))
}

/// Undoes HTTP chunked transfer encoding; `None` if `bytes` are not well-formed chunks.
fn dechunk(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    loop {
        let line_end = at + find(&bytes[at..], b"\r\n")?;
        let size_text = std::str::from_utf8(&bytes[at..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            return Some(out);
        }
        let chunk = bytes.get(at..at.checked_add(size)?)?;
        out.extend_from_slice(chunk);
        at += size;
        if bytes.get(at..at + 2) == Some(b"\r\n") {
            at += 2;
        }
    }
}

fn inflate(bytes: &[u8], encoding: &str) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let limit = MAX_BODY_BYTES + 1;
    match encoding {
        "deflate" => {
            // Servers send either zlib-wrapped or raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(bytes)
                .take(limit)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(bytes)
                    .take(limit)
                    .read_to_end(&mut out)?;
            }
        }
        _ => {
            flate2::read::MultiGzDecoder::new(bytes)
                .take(limit)
                .read_to_end(&mut out)?;
        }
    }
    if out.len() as u64 > MAX_BODY_BYTES {
        return Err(io::Error::other("decompressed body over the size limit"));
    }
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunk_joins_chunks_and_refuses_garbage() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"zz\r\nno"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }

    #[test]
    fn http_head_gives_status_type_and_payload_start() {
        let block = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\nbody";
        let (status, content_type, chunked, encoding, start) = parse_http_head(block).unwrap();
        assert_eq!(status, 404);
        assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert!(chunked);
        assert_eq!(encoding, None);
        assert_eq!(&block[start..], b"body");
    }
}
