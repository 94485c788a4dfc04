//! Log entries: what each leaf of the log says.
//!
//! # Encoding (`dossier/entry@1`)
//!
//! An entry is one JSON object in canonical form: the fields below in this order, absent
//! optional fields omitted, no whitespace, UTF-8, at most 65,535 bytes (tlog-tiles bundles
//! store a 16-bit length). Decoding re-encodes and requires the same bytes, so every entry has
//! exactly one encoding and its leaf hash is a function of its content.
//!
//! ```json
//! {"v":1,"kind":"source","sha256":"…","size":1234,"media_type":"text/plain",
//!  "file_name":"report.txt","collected_at":"2026-11-24T16:55:00Z","collector":"analyst-1",
//!  "origin_url":"https://…","note":"…","links":[3,7]}
//! ```
//!
//! - `kind`: `source` (something read), `evidence` (a file an investigator adds) or
//!   `custody` (a chain-of-custody event about earlier entries).
//! - `sha256`/`size`: the blob in the archive (sources and evidence).
//! - `event`: for custody entries, `added`, `exported`, `transferred` or `examined`.
//! - `collected_at`: RFC 3339 UTC; for custody entries, when the event happened.
//! - `collector`: who collected the item, or who acted in a custody event.
//! - `links`: indices of earlier entries this one refers to (each below its own index).
//! - `tool`: the program and version that wrote the entry.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The largest entry a tlog-tiles bundle can hold.
pub const MAX_ENTRY_SIZE: usize = u16::MAX as usize;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Source,
    Evidence,
    Custody,
}

/// A chain-of-custody event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CustodyEvent {
    Added,
    Exported,
    Transferred,
    Examined,
}

impl std::str::FromStr for CustodyEvent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "added" => Ok(CustodyEvent::Added),
            "exported" => Ok(CustodyEvent::Exported),
            "transferred" => Ok(CustodyEvent::Transferred),
            "examined" => Ok(CustodyEvent::Examined),
            _ => Err(format!(
                "unknown custody event {s:?} (added, exported, transferred, examined)"
            )),
        }
    }
}

/// A blob in the archive: its SHA-256 (lowercase hex) and size in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BlobRef {
    pub sha256: String,
    pub size: u64,
}

/// One log entry (see the module docs for the encoding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRecord {
    pub v: u32,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub event: Option<CustodyEvent>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub media_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub collected_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub collector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub links: Vec<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tool: Option<String>,
}

/// Why an entry could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EntryError {
    #[error("entry is {0} bytes, over the 65,535-byte limit")]
    TooLarge(usize),
    #[error("entry is not a dossier/entry@1 record: {0}")]
    Invalid(String),
    #[error("entry is not in canonical form")]
    NotCanonical,
}

impl EntryRecord {
    /// An entry for a stored blob (`kind` source or evidence).
    pub fn for_blob(kind: Kind, blob: &BlobRef) -> EntryRecord {
        EntryRecord {
            sha256: Some(blob.sha256.clone()),
            size: Some(blob.size),
            ..EntryRecord::empty(kind)
        }
    }

    /// A custody event about earlier entries.
    pub fn custody(event: CustodyEvent, links: Vec<u64>) -> EntryRecord {
        EntryRecord {
            event: Some(event),
            links,
            ..EntryRecord::empty(Kind::Custody)
        }
    }

    fn empty(kind: Kind) -> EntryRecord {
        EntryRecord {
            v: 1,
            kind,
            event: None,
            sha256: None,
            size: None,
            media_type: None,
            file_name: None,
            collected_at: None,
            collector: None,
            origin_url: None,
            note: None,
            links: Vec::new(),
            tool: None,
        }
    }

    /// The blob this entry refers to, if any.
    pub fn blob(&self) -> Option<BlobRef> {
        match (&self.sha256, self.size) {
            (Some(s), Some(n)) => Some(BlobRef {
                sha256: s.clone(),
                size: n,
            }),
            _ => None,
        }
    }

    /// Checks the fields that must be consistent whatever the caller filled in.
    pub fn validate(&self) -> Result<(), EntryError> {
        let bad = |s: &str| Err(EntryError::Invalid(s.to_string()));
        if self.v != 1 {
            return bad("version must be 1");
        }
        if let Some(s) = &self.sha256
            && (s.len() != 64 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        {
            return bad("sha256 must be 64 lowercase hex digits");
        }
        if self.sha256.is_some() != self.size.is_some() {
            return bad("sha256 and size go together");
        }
        match self.kind {
            Kind::Custody if self.event.is_none() => bad("a custody entry needs an event"),
            Kind::Source | Kind::Evidence if self.event.is_some() => {
                bad("only custody entries have an event")
            }
            Kind::Source | Kind::Evidence if self.sha256.is_none() => {
                bad("a source or evidence entry needs a blob (sha256 and size)")
            }
            _ => Ok(()),
        }
    }

    /// The canonical bytes of this entry.
    pub fn encode(&self) -> Result<Vec<u8>, EntryError> {
        self.validate()?;
        let bytes = serde_json::to_vec(self).map_err(|e| EntryError::Invalid(e.to_string()))?;
        if bytes.len() > MAX_ENTRY_SIZE {
            return Err(EntryError::TooLarge(bytes.len()));
        }
        Ok(bytes)
    }

    /// Decodes and checks that `bytes` is the canonical encoding.
    pub fn decode(bytes: &[u8]) -> Result<EntryRecord, EntryError> {
        let rec: EntryRecord =
            serde_json::from_slice(bytes).map_err(|e| EntryError::Invalid(e.to_string()))?;
        rec.validate()?;
        if rec.encode()? != bytes {
            return Err(EntryError::NotCanonical);
        }
        Ok(rec)
    }
}

/// Formats Unix seconds as RFC 3339 UTC (`2026-11-24T16:55:00Z`).
pub fn rfc3339_utc(unix_secs: u64) -> String {
    let days = (unix_secs / 86_400) as i64;
    let rem = unix_secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm), valid for all dates after 1970.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// The current time as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339_utc(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_round_trip() {
        let blob = BlobRef {
            sha256: "ab".repeat(32),
            size: 5,
        };
        let mut e = EntryRecord::for_blob(Kind::Source, &blob);
        e.note = Some("line one\nline \"two\"".into());
        e.links = vec![1, 2];
        let bytes = e.encode().unwrap();
        assert!(bytes.starts_with(br#"{"v":1,"kind":"source","sha256":"#));
        assert_eq!(EntryRecord::decode(&bytes).unwrap(), e);
        let spaced = String::from_utf8(bytes).unwrap().replacen(':', ": ", 1);
        assert_eq!(
            EntryRecord::decode(spaced.as_bytes()),
            Err(EntryError::NotCanonical)
        );
    }

    #[test]
    fn too_large_and_invalid() {
        let mut e = EntryRecord::custody(CustodyEvent::Examined, vec![0]);
        e.note = Some("x".repeat(70_000));
        assert!(matches!(e.encode(), Err(EntryError::TooLarge(_))));
        let e = EntryRecord::empty(Kind::Source);
        assert!(e.encode().is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_539_300), "2026-11-24T16:55:00Z");
    }
}
