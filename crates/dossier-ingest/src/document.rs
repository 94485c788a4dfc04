//! What a reader produces: [`SourceDocument`]s with their [`Provenance`], and a
//! [`Summary`] of what was skipped or looked wrong along the way.

use serde::{Deserialize, Serialize};

use crate::Format;

/// One readable document taken out of an input file: a plain-text file, an HTML page, one
/// feed item, one archived HTTP response, one Telegram message.
///
/// `text` is what the extractor reads, and every extraction span points into it. It is plain
/// text with blocks (paragraphs, headings, list items) separated by a blank line, so that
/// sentence splitting downstream does not run two paragraphs together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDocument {
    /// The main text, decoded to UTF-8 (without a byte order mark).
    pub text: String,
    /// The headline or page title, when the format has one.
    pub title: Option<String>,
    /// The author as the source names them ("By Jane Doe", a Telegram post's signature).
    pub byline: Option<String>,
    /// When the item was published, RFC 3339 in UTC (`2022-05-14T12:00:00Z`) when the source
    /// gave a parseable date; otherwise the source's own string, unchanged.
    pub published: Option<String>,
    /// When the item was last changed (HTML `article:modified_time`, feed `updated`,
    /// Telegram `edited_unixtime`), in the same form as `published`.
    pub modified: Option<String>,
    /// The item's own address (canonical URL, feed item link, WARC target URI).
    pub url: Option<String>,
    /// The publication or channel name (`og:site_name`, the feed title, the Telegram chat).
    pub site_name: Option<String>,
    /// A short description the source gives (HTML meta description, feed summary).
    pub excerpt: Option<String>,
    /// The media type of the item as read (`text/plain`, `text/html`, `application/json`).
    pub media_type: String,
    /// The language the source declares (`<html lang>`, feed language), if any; not guessed.
    pub language: Option<String>,
    /// The character encoding the bytes were decoded from (`UTF-8`, `UTF-16LE`,
    /// `windows-1251`), as named by the WHATWG Encoding Standard.
    pub encoding: String,
    /// Where the document came from, precisely enough to find it again.
    pub provenance: Provenance,
    /// The item's own bytes when it is one item inside a container (the HTTP body of a WARC
    /// response, a Telegram message's JSON, a feed item's content); `None` when the document
    /// is the whole input file, whose bytes the caller already has.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_bytes")]
    pub raw: Option<Vec<u8>>,
}

/// Where a [`SourceDocument`] came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The name the input was read under (a file path, or the name given to
    /// [`read_bytes`](crate::read_bytes)).
    pub source_name: String,
    /// The format of the input file as a whole (the container).
    pub container: Format,
    /// Where inside the container the item is.
    pub locator: Locator,
}

/// The position of an item inside its container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Locator {
    /// The document is the whole file (plain text, HTML).
    WholeFile,
    /// A record of a WARC file (alone, or inside a WACZ package).
    WarcRecord {
        /// The path of the WARC file inside a WACZ package (`archive/data.warc.gz`); `None`
        /// for a WARC read on its own.
        member: Option<String>,
        /// 1-based position of the record in the WARC file.
        record_number: u64,
        /// Byte offset of the record's first header line in the uncompressed WARC stream.
        offset: u64,
        /// For a WARC.gz whose record starts a gzip member (one member per record, as
        /// crawlers write them): the member's byte offset in the compressed file, the offset
        /// CDX indexes and replay tools use. `None` for an uncompressed WARC.
        compressed_offset: Option<u64>,
        /// `WARC-Record-ID`, e.g. `<urn:uuid:...>`.
        record_id: String,
        /// `WARC-Target-URI`: the address that was captured.
        target_uri: Option<String>,
        /// `WARC-Date`: when it was captured, RFC 3339 UTC.
        capture_date: String,
        /// The HTTP status of the captured response.
        http_status: u16,
        /// The outcome of checking `WARC-Payload-Digest`.
        payload_digest: DigestCheck,
    },
    /// An item of an RSS, Atom or JSON Feed file.
    FeedItem {
        /// 0-based position of the item in the feed.
        index: usize,
        /// The item's id or guid (feed-rs derives one when the feed has none).
        guid: String,
        /// The item's first link.
        link: Option<String>,
    },
    /// A message of a Telegram Desktop export (`result.json`).
    TelegramMessage {
        /// The chat or channel name.
        chat_name: Option<String>,
        /// The chat or channel id.
        chat_id: Option<i64>,
        /// The chat type (`public_channel`, `private_supergroup`, ...).
        chat_type: Option<String>,
        /// The message id, unique within its chat.
        message_id: i64,
        /// 0-based position of the message in the chat's `messages` array.
        index: usize,
        /// The sender's display name (`from`).
        from: Option<String>,
        /// The sender's id (`from_id`, e.g. `channel1234` or `user5678`).
        from_id: Option<String>,
        /// The post's signature in a channel with signatures (`author`).
        author: Option<String>,
        /// Where a forwarded message was first posted (`forwarded_from`).
        forwarded_from: Option<String>,
        /// The message this one replies to.
        reply_to_message_id: Option<i64>,
    },
}

/// The outcome of checking a WARC record's `WARC-Payload-Digest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DigestCheck {
    /// The record has no payload digest.
    Absent,
    /// The digest uses an algorithm this crate does not compute (only `sha1` and `sha256`
    /// are checked); the declared value is kept.
    Unchecked {
        /// The declared digest, as written.
        declared: String,
    },
    /// The payload matches the declared digest.
    Matched {
        /// The declared digest, as written.
        declared: String,
    },
    /// The payload does not match the declared digest.
    Mismatch {
        /// The declared digest, as written.
        declared: String,
        /// The digest of the payload as stored, in the same algorithm and encoding.
        computed: String,
    },
}

/// Everything a reader returns for one input: the documents and a [`Summary`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// The documents, in the order they appear in the input.
    pub documents: Vec<SourceDocument>,
    /// Counts of what was skipped, and warnings.
    pub summary: Summary,
}

/// What a reader skipped and what it found suspicious, for one input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents produced.
    pub documents: usize,
    /// Items that were skipped, by reason, with how many of each.
    pub skipped: Vec<SkipCount>,
    /// Problems that did not stop reading (a WARC payload digest mismatch, an HTML page whose
    /// main content could not be found so the whole body text was used).
    pub warnings: Vec<Warning>,
}

impl Summary {
    /// Counts one skipped item.
    pub(crate) fn skip(&mut self, reason: SkipReason) {
        match self.skipped.iter_mut().find(|count| count.reason == reason) {
            Some(count) => count.count += 1,
            None => self.skipped.push(SkipCount { reason, count: 1 }),
        }
    }

    /// How many items were skipped for `reason`.
    pub fn skipped(&self, reason: SkipReason) -> usize {
        self.skipped
            .iter()
            .find(|count| count.reason == reason)
            .map_or(0, |count| count.count)
    }

    /// How many items were skipped in all.
    pub fn skipped_total(&self) -> usize {
        self.skipped.iter().map(|count| count.count).sum()
    }
}

/// How many items were skipped for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipCount {
    /// Why.
    pub reason: SkipReason,
    /// How many.
    pub count: usize,
}

/// Why an item inside a container did not become a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A WARC record that is not a `response` (request, metadata, warcinfo, revisit...).
    NotAResponse,
    /// An archived HTTP response whose status is not 200.
    HttpStatusNot200,
    /// An archived response that is neither HTML nor plain text (images, scripts, CSS...).
    NotTextOrHtml,
    /// An item whose text is empty once markup is removed.
    EmptyText,
    /// An archived response whose bytes could not be decoded (unknown content encoding,
    /// binary data labelled as text).
    Undecodable,
    /// An archived response over the size limit for one document.
    TooLarge,
    /// A Telegram service message (joins, pins, title changes).
    ServiceMessage,
}

/// A problem that did not stop reading the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Where: `record 12 (offset 40961)`, `message 4 (id 117)`, `item 3`.
    pub location: String,
    /// What.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Raw bytes serialise as lowercase hex: exact for any bytes, and plain text in any JSON tool
/// (serde's default, an array of numbers, is four times bigger).
mod opt_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => s.serialize_some(&hex::encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let encoded: Option<String> = Option::deserialize(d)?;
        encoded
            .map(|hex_text| hex::decode(hex_text).map_err(serde::de::Error::custom))
            .transpose()
    }
}
