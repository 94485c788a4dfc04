//! # dossier-ingest
//!
//! Format readers: they turn the files a newsroom meets into [`SourceDocument`]s — plain text
//! with metadata and a precise [`Provenance`] — ready for the extractor.
//!
//! | format | what becomes a document |
//! |---|---|
//! | plain text | the whole file (UTF-8, UTF-16 with a BOM, or a detected legacy encoding such as windows-1251) |
//! | HTML | the main content found by `dom_smoothie` (Mozilla Readability), with title, byline, date, site name |
//! | RSS 2.0, Atom, JSON Feed | each item, text from its content or summary with the HTML stripped |
//! | WARC, WARC.gz | each `response` record with HTTP status 200 and an HTML or plain-text body |
//! | WACZ | the WARCs under `archive/`, after every resource's SHA-256 is checked against `datapackage.json` |
//! | Telegram Desktop `result.json` | each `message` with text, in one chat or in a full export |
//!
//! ## Using it
//!
//! ```no_run
//! use std::path::Path;
//!
//! // Everything at once:
//! let reading = dossier_ingest::read_file(Path::new("capture.warc.gz"))?;
//! for document in &reading.documents {
//!     println!("{:?} {}", document.url, document.text.len());
//! }
//! println!("skipped {}", reading.summary.skipped_total());
//!
//! // One document at a time, for big archives (the WARC is streamed, never held whole):
//! let summary = dossier_ingest::read_file_with(Path::new("capture.warc.gz"), &mut |document| {
//!     let _ = document; // archive, extract, store...
//! })?;
//! # Ok::<(), dossier_ingest::IngestError>(())
//! ```
//!
//! [`read_bytes`] does the same for bytes already in memory (standard input, a blob), and
//! [`detect`] tells the [`Format`] from a name and the first bytes.
//!
//! ## Guarantees
//!
//! - Bad input is an [`IngestError`] that names the input and the place (byte offset, WARC
//!   record, zip member, Telegram message, JSON line/column), never a panic: the tests feed
//!   every reader hostile HTML (50,000-deep nesting, 4 MB attributes, tag soup) and damaged
//!   copies of every format.
//! - [`SourceDocument::text`] is plain text with a blank line between blocks (paragraphs,
//!   headings, list items), so sentence splitting downstream never joins two paragraphs.
//! - Items inside a container that are not documents (images in a WARC, Telegram service
//!   messages) are counted in [`Summary::skipped`], not reported as errors; problems that do
//!   not stop reading (a WARC payload digest mismatch) are [`Summary::warnings`] and are also
//!   recorded in the document's [`Locator`].
//! - A WACZ whose resources do not match their declared SHA-256 is refused whole: a package
//!   that was altered is not evidence.
//! - With [`read_file_with`], documents handed over before an error stay valid; the error
//!   says where reading stopped.

mod document;
mod error;
mod feed;
mod html;
mod telegram;
mod text;
mod wacz;
mod warc;

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use document::{
    DigestCheck, Locator, Provenance, Reading, SkipCount, SkipReason, SourceDocument, Summary,
    Warning,
};
pub use error::{IngestError, Location};

/// How many leading bytes [`detect`] needs to see to recognise every format.
pub const SNIFF_LEN: usize = 4096;

/// The formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text in any encoding.
    Text,
    /// An HTML page.
    Html,
    /// An RSS 2.0, Atom or JSON Feed file.
    Feed,
    /// A WARC web archive, gzip-compressed or not.
    Warc,
    /// A WACZ package (a zip of WARCs, indexes and a `datapackage.json`).
    Wacz,
    /// A Telegram Desktop export (`result.json`).
    Telegram,
}

impl Format {
    /// Every format, in the order [`detect`] considers them.
    pub const ALL: [Format; 6] = [
        Format::Wacz,
        Format::Warc,
        Format::Telegram,
        Format::Feed,
        Format::Html,
        Format::Text,
    ];

    /// The format's short name, as used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
            Format::Wacz => "wacz",
            Format::Telegram => "telegram",
        }
    }

    /// Looks a format up by its [`name`](Format::name).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "plain text",
            Format::Html => "HTML",
            Format::Feed => "feed",
            Format::Warc => "WARC",
            Format::Wacz => "WACZ",
            Format::Telegram => "Telegram export",
        })
    }
}

/// Tells the format of an input from its name (a path or file name; may be empty) and its
/// first bytes (at least [`SNIFF_LEN`] of them when the input is that long).
///
/// The content decides when it is distinctive (gzip or zip magic, `WARC/`, a JSON object
/// with `messages` or a JSON Feed `version`, an `<rss>`/`<feed>`/`<rdf:RDF>` root, HTML
/// tags); otherwise the extension does; otherwise it is [`Format::Text`], whose reader
/// refuses binary data.
pub fn detect(name: &str, first_bytes: &[u8]) -> Format {
    let lower_name = name.to_ascii_lowercase();
    let has_ext = |exts: &[&str]| exts.iter().any(|ext| lower_name.ends_with(ext));
    if first_bytes.starts_with(b"PK\x03\x04") {
        return Format::Wacz;
    }
    if first_bytes.starts_with(&[0x1f, 0x8b]) {
        // Only WARCs are read compressed; look inside to be sure.
        if has_ext(&[".warc.gz"]) || warc::gunzip_prefix(first_bytes).starts_with(b"WARC/") {
            return Format::Warc;
        }
        return Format::Text;
    }
    let (_, bom_len) =
        encoding_rs::Encoding::for_bom(first_bytes).unwrap_or((encoding_rs::UTF_8, 0));
    let body = &first_bytes[bom_len..];
    if body.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let start = body
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = body[start..].to_ascii_lowercase();
    if head.starts_with(b"{") {
        if contains(&head, b"jsonfeed.org/version") {
            return Format::Feed;
        }
        // A full export opens with "about" and "personal_information"; its "chats" can come
        // after megabytes of contacts.
        if contains(&head, b"\"messages\"")
            || contains(&head, b"\"chats\"")
            || contains(&head, b"\"personal_information\"")
        {
            return Format::Telegram;
        }
    }
    if head.starts_with(b"<") {
        // Skip an XML declaration, comments and a doctype to the first real element.
        let root = first_element_name(&head);
        match root.as_deref() {
            Some("rss" | "feed" | "rdf:rdf") => return Format::Feed,
            Some(_) if contains(&head, b"<html") || contains(&head, b"<body") => {
                return Format::Html;
            }
            Some(
                "html" | "head" | "body" | "div" | "p" | "meta" | "title" | "article" | "span"
                | "table" | "a" | "link" | "script" | "style",
            ) => return Format::Html,
            _ => {}
        }
        if head.starts_with(b"<!doctype html") {
            return Format::Html;
        }
    }
    if has_ext(&[".wacz"]) {
        return Format::Wacz;
    }
    if has_ext(&[".warc", ".warc.gz"]) {
        return Format::Warc;
    }
    if has_ext(&[".html", ".htm", ".xhtml", ".shtml"]) {
        return Format::Html;
    }
    if has_ext(&[".rss", ".atom", ".xml"]) {
        return Format::Feed;
    }
    if has_ext(&["result.json"]) {
        return Format::Telegram;
    }
    Format::Text
}

/// The lowercase name of the first element in `head`, past `<?xml ...?>`, comments and
/// `<!DOCTYPE ...>`.
fn first_element_name(head: &[u8]) -> Option<String> {
    let mut at = 0;
    loop {
        let rest = &head[at..];
        let offset = rest.iter().position(|&byte| byte == b'<')?;
        let tag = &rest[offset + 1..];
        if tag.starts_with(b"?") || tag.starts_with(b"!") {
            let close: &[u8] = if tag.starts_with(b"!--") {
                b"-->"
            } else {
                b">"
            };
            let end = find(tag, close)?;
            at += offset + 1 + end + close.len();
            continue;
        }
        let len = tag
            .iter()
            .position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b':' || byte == b'-'))
            .unwrap_or(tag.len());
        return (len > 0).then(|| String::from_utf8_lossy(&tag[..len]).into_owned());
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Converts an HTML fragment to plain text exactly as the readers do for article content:
/// markup removed, whitespace collapsed, a blank line between blocks. Useful to compare
/// extracted text with a reference (the readability evaluation does) or to show a snippet.
pub fn html_to_text(html: &str) -> String {
    html::fragment_text(html)
}

/// Reads the file at `path`, detecting its format, and returns all its documents.
pub fn read_file(path: &Path) -> Result<Reading, IngestError> {
    let mut documents = Vec::new();
    let summary = read_file_with(path, &mut |document| documents.push(document))?;
    Ok(Reading { documents, summary })
}

/// Reads the file at `path`, handing each document to `on_document` as soon as it is read.
///
/// WARC and WACZ files are streamed record by record, so memory stays bounded by the largest
/// record, not the file. Other formats are read whole.
pub fn read_file_with(
    path: &Path,
    on_document: &mut dyn FnMut(SourceDocument),
) -> Result<Summary, IngestError> {
    let name = path.display().to_string();
    let io_error = |source| IngestError::Io {
        name: name.clone(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let mut first_bytes = Vec::with_capacity(SNIFF_LEN);
    (&mut file)
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut first_bytes)
        .map_err(io_error)?;
    let format = detect(&name, &first_bytes);
    let mut sink = Sink::new(on_document);
    match format {
        Format::Warc => {
            let file = std::fs::File::open(path).map_err(io_error)?;
            warc::read(&name, file, None, &mut sink)?;
        }
        Format::Wacz => {
            let file = std::fs::File::open(path).map_err(io_error)?;
            wacz::read(&name, file, &mut sink)?;
        }
        _ => {
            let bytes = std::fs::read(path).map_err(io_error)?;
            read_in_memory(&name, &bytes, format, &mut sink)?;
        }
    }
    Ok(sink.finish())
}

/// Reads `bytes` received under `name` (a file name, `-` for standard input, or empty), in
/// `format` or, if `None`, the format [`detect`] finds, and returns all its documents.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Reading, IngestError> {
    let mut documents = Vec::new();
    let summary = read_bytes_with(name, bytes, format, &mut |document| {
        documents.push(document)
    })?;
    Ok(Reading { documents, summary })
}

/// Like [`read_bytes`], handing each document to `on_document` as soon as it is read.
pub fn read_bytes_with(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    on_document: &mut dyn FnMut(SourceDocument),
) -> Result<Summary, IngestError> {
    let format = format.unwrap_or_else(|| detect(name, &bytes[..bytes.len().min(SNIFF_LEN)]));
    let mut sink = Sink::new(on_document);
    read_in_memory(name, bytes, format, &mut sink)?;
    Ok(sink.finish())
}

fn read_in_memory(
    name: &str,
    bytes: &[u8],
    format: Format,
    sink: &mut Sink<'_>,
) -> Result<(), IngestError> {
    match format {
        Format::Text => read_text(name, bytes, sink),
        Format::Html => read_html(name, bytes, sink),
        Format::Feed => feed::read(name, bytes, sink),
        Format::Warc => warc::read(name, bytes, None, sink),
        Format::Wacz => wacz::read(name, std::io::Cursor::new(bytes), sink),
        Format::Telegram => telegram::read(name, bytes, sink),
    }
}

/// Collects a reader's documents and its summary.
pub(crate) struct Sink<'a> {
    on_document: &'a mut dyn FnMut(SourceDocument),
    summary: Summary,
}

impl<'a> Sink<'a> {
    fn new(on_document: &'a mut dyn FnMut(SourceDocument)) -> Self {
        Sink {
            on_document,
            summary: Summary::default(),
        }
    }

    pub(crate) fn document(&mut self, document: SourceDocument) {
        self.summary.documents += 1;
        (self.on_document)(document);
    }

    pub(crate) fn skip(&mut self, reason: SkipReason) {
        self.summary.skip(reason);
    }

    pub(crate) fn warn(&mut self, location: impl ToString, message: impl ToString) {
        self.summary.warnings.push(Warning {
            location: location.to_string(),
            message: message.to_string(),
        });
    }

    fn finish(self) -> Summary {
        self.summary
    }
}

/// A plain-text file: one document, the whole text.
fn read_text(name: &str, bytes: &[u8], sink: &mut Sink<'_>) -> Result<(), IngestError> {
    if let Some(kind) = known_binary_kind(bytes) {
        return Err(IngestError::Unsupported {
            name: name.to_owned(),
            reason: format!("{kind}, not a text, HTML, feed, WARC, WACZ or Telegram file"),
        });
    }
    let decoded = text::decode(name, bytes, None)?;
    if decoded.text.trim().is_empty() {
        return Err(IngestError::Empty {
            name: name.to_owned(),
        });
    }
    sink.document(SourceDocument {
        text: decoded.text,
        title: None,
        byline: None,
        published: None,
        modified: None,
        url: None,
        site_name: None,
        excerpt: None,
        media_type: "text/plain".into(),
        language: None,
        encoding: decoded.encoding.name().to_owned(),
        provenance: Provenance {
            source_name: name.to_owned(),
            container: Format::Text,
            locator: Locator::WholeFile,
        },
        raw: None,
    });
    Ok(())
}

/// Names common binary formats by their magic bytes, so that a user who hands over a PDF
/// or a photo is told what it is rather than where its first NUL byte is.
fn known_binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"BZh", "bzip2-compressed data"),
        (b"\xfd7zXZ\x00", "xz-compressed data"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"\x7fELF", "an executable"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old Microsoft Office document",
        ),
    ];
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("an MP4/QuickTime video or HEIC image");
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// An HTML file: one document, the page's main content.
fn read_html(name: &str, bytes: &[u8], sink: &mut Sink<'_>) -> Result<(), IngestError> {
    let decoded = text::decode(name, bytes, text::html_declared_charset(bytes))?;
    let article = html::extract(&decoded.text, None);
    if article.text.trim().is_empty() {
        return Err(IngestError::Empty {
            name: name.to_owned(),
        });
    }
    if article.used_whole_body {
        sink.warn(
            Location::Whole,
            "no main content found; the whole page text was used",
        );
    }
    sink.document(html_document(
        article,
        decoded.encoding.name(),
        Provenance {
            source_name: name.to_owned(),
            container: Format::Html,
            locator: Locator::WholeFile,
        },
        None,
        None,
    ));
    Ok(())
}

/// Builds the document for an HTML page; `url` is the capture address when the page came
/// from an archive (it wins over the page's own canonical link, which can lie).
pub(crate) fn html_document(
    article: html::HtmlArticle,
    encoding: &str,
    provenance: Provenance,
    url: Option<String>,
    raw: Option<Vec<u8>>,
) -> SourceDocument {
    SourceDocument {
        text: article.text,
        title: article.title,
        byline: article.byline,
        published: article.published.map(|date| normalise_date(&date)),
        modified: article.modified.map(|date| normalise_date(&date)),
        url: url.or(article.url),
        site_name: article.site_name,
        excerpt: article.excerpt,
        media_type: "text/html".into(),
        language: article.language,
        encoding: encoding.to_owned(),
        provenance,
        raw,
    }
}

/// RFC 3339 in UTC when `date` parses as RFC 3339 or RFC 2822; otherwise `date` unchanged.
pub(crate) fn normalise_date(date: &str) -> String {
    let date = date.trim();
    chrono::DateTime::parse_from_rfc3339(date)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(date))
        .map(|parsed| rfc3339_utc(parsed.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| date.to_owned())
}

/// `2022-05-14T12:00:00Z`: seconds precision, `Z` for UTC.
pub(crate) fn rfc3339_utc(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_uses_content_before_extension() {
        assert_eq!(detect("a.txt", b"WARC/1.1\r\n"), Format::Warc);
        assert_eq!(detect("x", b"PK\x03\x04rest"), Format::Wacz);
        assert_eq!(
            detect(
                "feed.txt",
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
            ),
            Format::Feed
        );
        assert_eq!(
            detect(
                "",
                b"<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">"
            ),
            Format::Feed
        );
        assert_eq!(detect("", b"<!DOCTYPE html><html><p>x"), Format::Html);
        assert_eq!(detect("", b"  <div>x</div>"), Format::Html);
        assert_eq!(
            detect(
                "",
                b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"
            ),
            Format::Feed
        );
        assert_eq!(
            detect(
                "",
                b"{\n \"name\": \"C\", \"type\": \"public_channel\", \"id\": 1, \"messages\": []}"
            ),
            Format::Telegram
        );
        assert_eq!(detect("page.htm", b"Hello"), Format::Html);
        assert_eq!(detect("notes", b"Hello <b>"), Format::Text);
    }

    #[test]
    fn dates_become_rfc3339_utc_when_they_parse() {
        assert_eq!(
            normalise_date("2022-05-14T15:00:00+03:00"),
            "2022-05-14T12:00:00Z"
        );
        assert_eq!(
            normalise_date("Sat, 14 May 2022 12:00:00 GMT"),
            "2022-05-14T12:00:00Z"
        );
        assert_eq!(normalise_date("yesterday"), "yesterday");
    }

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
    }
}
