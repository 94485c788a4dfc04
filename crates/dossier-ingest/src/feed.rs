//! RSS 2.0, Atom and JSON Feed files (`feed-rs`): each item becomes a document, its text
//! taken from the item's content or, failing that, its summary (RSS `<description>`), with
//! the HTML stripped.

use crate::document::{Locator, Provenance, SkipReason, SourceDocument};
use crate::error::{IngestError, Location};
use crate::{Format, Sink, html, rfc3339_utc};

pub(crate) fn read(name: &str, bytes: &[u8], sink: &mut Sink<'_>) -> Result<(), IngestError> {
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|error| IngestError::Malformed {
            name: name.to_owned(),
            format: Format::Feed,
            location: error_location(&error),
            reason: error.to_string(),
        })?;
    let encoding = source_encoding(bytes);
    let feed_title = feed
        .title
        .as_ref()
        .map(|title| title.content.trim().to_owned());
    let feed_language = feed.language.clone();
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let (raw, media_type) = match (&entry.content, &entry.summary) {
            (Some(content), _)
                if content
                    .body
                    .as_deref()
                    .is_some_and(|b| !b.trim().is_empty()) =>
            {
                (
                    content.body.clone().unwrap_or_default(),
                    content.content_type.to_string(),
                )
            }
            (_, Some(summary)) => (summary.content.clone(), summary.content_type.to_string()),
            _ => (String::new(), "text/plain".to_owned()),
        };
        let text = if media_type.contains("html") || looks_like_html(&raw) {
            html::fragment_text(&raw)
        } else {
            crate::text::tidy_blocks(&raw)
        };
        if text.trim().is_empty() {
            sink.skip(SkipReason::EmptyText);
            continue;
        }
        let link = entry.links.first().map(|link| link.href.clone());
        let byline = entry
            .authors
            .iter()
            .filter_map(|person| person.name.as_deref().map(str::trim))
            .filter(|name| !name.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let excerpt = entry
            .summary
            .as_ref()
            .filter(|_| entry.content.is_some())
            .map(|summary| html::fragment_text(&summary.content))
            .filter(|summary| !summary.is_empty());
        sink.document(SourceDocument {
            text,
            title: entry
                .title
                .as_ref()
                .map(|title| html::fragment_text(&title.content))
                .filter(|title| !title.is_empty()),
            byline: (!byline.is_empty()).then_some(byline),
            published: entry.published.or(entry.updated).map(rfc3339_utc),
            modified: entry.updated.map(rfc3339_utc),
            url: link.clone(),
            site_name: feed_title.clone().filter(|title| !title.is_empty()),
            excerpt,
            media_type,
            language: entry.language.clone().or_else(|| feed_language.clone()),
            encoding: encoding.to_owned(),
            provenance: Provenance {
                source_name: name.to_owned(),
                container: Format::Feed,
                locator: Locator::FeedItem {
                    index,
                    guid: entry.id.clone(),
                    link,
                },
            },
            raw: Some(raw.into_bytes()),
        });
    }
    Ok(())
}

/// The encoding feed-rs decoded the feed from: a byte order mark, else the XML
/// declaration's `encoding`, else UTF-8 (which JSON Feed always is).
fn source_encoding(bytes: &[u8]) -> &'static str {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.name();
    }
    let head = &bytes[..bytes.len().min(200)];
    if head.starts_with(b"<?xml")
        && let Some(declaration_end) = head.iter().position(|&byte| byte == b'>')
        && let Some(at) = crate::find(&head[..declaration_end], b"encoding")
    {
        let value = &head[at + b"encoding".len()..declaration_end];
        let value: Vec<u8> = value
            .iter()
            .copied()
            .skip_while(|byte| matches!(byte, b'=' | b' ' | b'"' | b'\''))
            .take_while(|byte| !matches!(byte, b'"' | b'\'' | b' ' | b'?'))
            .collect();
        if let Some(encoding) = encoding_rs::Encoding::for_label(&value) {
            return encoding.name();
        }
    }
    "UTF-8"
}

/// RSS descriptions are often HTML without saying so.
fn looks_like_html(text: &str) -> bool {
    text.contains("</") || text.contains("<br") || text.contains("<p>") || text.contains("&lt;")
}

fn error_location(error: &feed_rs::parser::ParseFeedError) -> Location {
    match error {
        feed_rs::parser::ParseFeedError::JsonSerde(json) => Location::LineColumn {
            line: json.line(),
            column: json.column(),
        },
        _ => Location::Whole,
    }
}
