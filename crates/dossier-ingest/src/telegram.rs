//! Telegram Desktop exports (`result.json`), of one chat (`{name, type, id, messages}`) or of
//! a whole account (`{chats: {list: [...]}, left_chats: {list: [...]}}`).
//!
//! Each `message` (not `service`) with text becomes a document. Its date is `date_unixtime`
//! (seconds since the epoch, as a string), because `date` is the exporting computer's local
//! time with no zone. Its text is `text` flattened: a string, or an array of strings and
//! `{type, text}` entities (links, bold, mentions, `text_link` keeping its visible text).
//! The message's own JSON is kept byte for byte as the document's `raw`.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::document::{Locator, Provenance, SkipReason, SourceDocument};
use crate::error::{IngestError, Location};
use crate::{Format, Sink, rfc3339_utc};

/// The top level: a single chat's fields, or the lists of a full export. (Not `flatten`:
/// serde cannot hand out borrowed raw JSON through a flattened field.)
#[derive(Deserialize)]
struct Export<'a> {
    #[serde(borrow)]
    chats: Option<ChatList<'a>>,
    #[serde(borrow)]
    left_chats: Option<ChatList<'a>>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<i64>,
    #[serde(borrow)]
    messages: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct ChatList<'a> {
    #[serde(borrow, default)]
    list: Vec<Chat<'a>>,
}

#[derive(Deserialize)]
struct Chat<'a> {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<i64>,
    #[serde(borrow)]
    messages: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Message {
    id: Option<i64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    date: Option<String>,
    date_unixtime: Option<UnixTime>,
    edited_unixtime: Option<UnixTime>,
    from: Option<String>,
    from_id: Option<serde_json::Value>,
    author: Option<String>,
    forwarded_from: Option<String>,
    reply_to_message_id: Option<i64>,
    #[serde(default)]
    text: TextField,
    #[serde(default)]
    text_entities: Vec<Entity>,
}

/// `date_unixtime` is a string in exports, but be lenient about a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum UnixTime {
    Text(String),
    Number(i64),
}

impl UnixTime {
    fn seconds(&self) -> Option<i64> {
        match self {
            UnixTime::Text(text) => text.trim().parse().ok(),
            UnixTime::Number(number) => Some(*number),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum TextField {
    #[default]
    Missing,
    Plain(String),
    Parts(Vec<TextPart>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextPart {
    Plain(String),
    Entity(Entity),
    /// Anything else (a number, null): contributes no text.
    Other(#[allow(dead_code)] serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct Entity {
    #[serde(default)]
    text: String,
}

impl TextField {
    fn flatten(&self) -> String {
        match self {
            TextField::Missing => String::new(),
            TextField::Plain(text) => text.clone(),
            TextField::Parts(parts) => parts
                .iter()
                .map(|part| match part {
                    TextPart::Plain(text) => text.as_str(),
                    TextPart::Entity(entity) => entity.text.as_str(),
                    TextPart::Other(_) => "",
                })
                .collect(),
        }
    }
}

pub(crate) fn read(name: &str, bytes: &[u8], sink: &mut Sink<'_>) -> Result<(), IngestError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let export: Export = serde_json::from_slice(bytes).map_err(|error| json_error(name, &error))?;
    let mut chats: Vec<Chat> = Vec::new();
    if export.messages.is_some() {
        chats.push(Chat {
            name: export.name,
            kind: export.kind,
            id: export.id,
            messages: export.messages,
        });
    }
    for list in [export.chats, export.left_chats].into_iter().flatten() {
        chats.extend(list.list);
    }
    if chats.is_empty() {
        return Err(IngestError::Malformed {
            name: name.to_owned(),
            format: Format::Telegram,
            location: Location::Whole,
            reason: "no `messages` array and no `chats.list`: not a Telegram Desktop export".into(),
        });
    }
    for chat in &chats {
        read_chat(name, bytes, chat, sink)?;
    }
    Ok(())
}

fn read_chat(
    name: &str,
    export_bytes: &[u8],
    chat: &Chat<'_>,
    sink: &mut Sink<'_>,
) -> Result<(), IngestError> {
    for (index, raw) in chat.messages.iter().flatten().enumerate() {
        let message: Message = serde_json::from_str(raw.get()).map_err(|error| {
            let (line, column) = line_column_of(export_bytes, raw.get());
            IngestError::Malformed {
                name: name.to_owned(),
                format: Format::Telegram,
                location: Location::Message { index, id: None },
                reason: format!("{error} (message starts at line {line}, column {column})"),
            }
        })?;
        if message
            .kind
            .as_deref()
            .is_some_and(|kind| kind != "message")
        {
            sink.skip(SkipReason::ServiceMessage);
            continue;
        }
        let mut text = message.text.flatten();
        if text.trim().is_empty() && !message.text_entities.is_empty() {
            text = message
                .text_entities
                .iter()
                .map(|entity| entity.text.as_str())
                .collect();
        }
        if text.trim().is_empty() {
            sink.skip(SkipReason::EmptyText);
            continue;
        }
        let Some(message_id) = message.id else {
            return Err(IngestError::Malformed {
                name: name.to_owned(),
                format: Format::Telegram,
                location: Location::Message { index, id: None },
                reason: "message without an `id`".into(),
            });
        };
        let timestamp = |time: &Option<UnixTime>| {
            time.as_ref()
                .and_then(UnixTime::seconds)
                .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
                .map(rfc3339_utc)
        };
        let published = timestamp(&message.date_unixtime);
        if published.is_none() {
            sink.warn(
                Location::Message {
                    index,
                    id: Some(message_id),
                },
                format!(
                    "no usable date_unixtime; local date {:?} not used (it has no time zone)",
                    message.date.as_deref().unwrap_or("")
                ),
            );
        }
        let from_id = message.from_id.as_ref().map(|id| match id {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        });
        sink.document(SourceDocument {
            text,
            title: None,
            byline: message.author.clone().or_else(|| message.from.clone()),
            published,
            modified: timestamp(&message.edited_unixtime),
            url: None,
            site_name: chat.name.clone(),
            excerpt: None,
            media_type: "text/plain".into(),
            language: None,
            encoding: "UTF-8".into(),
            provenance: Provenance {
                source_name: name.to_owned(),
                container: Format::Telegram,
                locator: Locator::TelegramMessage {
                    chat_name: chat.name.clone(),
                    chat_id: chat.id,
                    chat_type: chat.kind.clone(),
                    message_id,
                    index,
                    from: message.from,
                    from_id,
                    author: message.author,
                    forwarded_from: message.forwarded_from,
                    reply_to_message_id: message.reply_to_message_id,
                },
            },
            raw: Some(raw.get().as_bytes().to_vec()),
        });
    }
    Ok(())
}

/// Where a borrowed slice of the export starts, as line and column, for error messages.
fn line_column_of(export: &[u8], part: &str) -> (usize, usize) {
    let offset = (part.as_ptr() as usize).saturating_sub(export.as_ptr() as usize);
    let before = &export[..offset.min(export.len())];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let column = before.len()
        - before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

fn json_error(name: &str, error: &serde_json::Error) -> IngestError {
    IngestError::Malformed {
        name: name.to_owned(),
        format: Format::Telegram,
        location: Location::LineColumn {
            line: error.line(),
            column: error.column(),
        },
        reason: error.to_string(),
    }
}
