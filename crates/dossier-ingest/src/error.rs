//! [`IngestError`]: why an input could not be read, and where in it.

use std::fmt;

use crate::Format;

/// Where in an input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A byte offset into the input (for a WARC.gz, into the uncompressed stream).
    Byte(u64),
    /// A 1-based WARC record, with the byte offset where it starts.
    Record {
        /// 1-based record number.
        number: u64,
        /// Offset of its first header line.
        offset: u64,
    },
    /// A member of a zip (WACZ) package.
    Member(String),
    /// A 0-based Telegram message, with its id when it has one.
    Message {
        /// 0-based index in the chat's `messages` array.
        index: usize,
        /// The message's `id`.
        id: Option<i64>,
    },
    /// A 1-based line and column of a JSON or XML text.
    LineColumn {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Nowhere in particular (the whole input).
    Whole,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Byte(offset) => write!(f, "byte {offset}"),
            Location::Record { number, offset } => write!(f, "record {number} (byte {offset})"),
            Location::Member(path) => write!(f, "member {path}"),
            Location::Message {
                index,
                id: Some(id),
            } => write!(f, "message {index} (id {id})"),
            Location::Message { index, id: None } => write!(f, "message {index}"),
            Location::LineColumn { line, column } => write!(f, "line {line}, column {column}"),
            Location::Whole => f.write_str("the whole input"),
        }
    }
}

/// Why an input could not be read. Every variant names the input and, where it applies, the
/// position of the problem, so the message alone tells a user what to look at.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("{name}: cannot read: {source}")]
    Io {
        /// The input's name (path).
        name: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The input is empty (or only a byte order mark and whitespace).
    #[error("{name}: empty input")]
    Empty {
        /// The input's name.
        name: String,
    },
    /// The input looks like binary data, not text.
    #[error("{name}: binary data at byte {offset}: {what}")]
    Binary {
        /// The input's name.
        name: String,
        /// Offset of the first offending byte.
        offset: u64,
        /// What was found ("a NUL byte", "many control characters").
        what: String,
    },
    /// The text's encoding could not be determined or the bytes are not valid in it.
    #[error("{name}: cannot decode as {encoding} at byte {offset}: {what}")]
    Encoding {
        /// The input's name.
        name: String,
        /// The encoding tried.
        encoding: String,
        /// Offset of the first byte that does not decode.
        offset: u64,
        /// What went wrong.
        what: String,
    },
    /// The input is in a format this crate recognises but is broken.
    #[error("{name}: malformed {format} at {location}: {reason}")]
    Malformed {
        /// The input's name.
        name: String,
        /// The format it was read as.
        format: Format,
        /// Where the problem is.
        location: Location,
        /// What is wrong.
        reason: String,
    },
    /// A WACZ resource does not match the SHA-256 its `datapackage.json` declares: the package
    /// was altered or damaged after it was made.
    #[error(
        "{name}: WACZ member {member} does not match datapackage.json: declared {declared}, computed {computed}"
    )]
    WaczHashMismatch {
        /// The input's name.
        name: String,
        /// The resource's path in the package.
        member: String,
        /// The declared `hash`.
        declared: String,
        /// `sha256:` and the hex digest of the member as stored.
        computed: String,
    },
    /// The input is of a kind this crate does not read.
    #[error("{name}: unsupported input: {reason}")]
    Unsupported {
        /// The input's name.
        name: String,
        /// What it seems to be.
        reason: String,
    },
}
