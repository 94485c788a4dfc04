//! Checkpoints (c2sp.org/tlog-checkpoint): the signed statement of a log's size and root.
//!
//! The note text is `<origin>\n<size>\n<base64 root>\n`; Dossier writes no extension lines
//! but accepts and keeps them when parsing.

use crate::merkle::Hash;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use thiserror::Error;

/// A checkpoint's body, before or after signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's unique name, a schema-less URL such as `dossier.example/log`.
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Optional extension lines (without newlines).
    pub extensions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("malformed checkpoint, line {line}: {why}")]
pub struct CheckpointError {
    pub line: usize,
    pub why: String,
}

impl Checkpoint {
    /// The note text to sign.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        );
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parses a checkpoint's note text (the part before the blank line).
    pub fn parse(text: &str) -> Result<Checkpoint, CheckpointError> {
        let err = |line: usize, why: &str| CheckpointError {
            line,
            why: why.to_string(),
        };
        let body = text
            .strip_suffix('\n')
            .ok_or_else(|| err(0, "the text does not end in a newline"))?;
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(err(1, "empty origin"));
        }
        let size_line = lines.next().ok_or_else(|| err(2, "missing tree size"))?;
        let size_ok = !size_line.is_empty()
            && size_line.bytes().all(|b| b.is_ascii_digit())
            && (size_line == "0" || !size_line.starts_with('0'));
        if !size_ok {
            return Err(err(
                2,
                "tree size is not a decimal number without leading zeros",
            ));
        }
        let size = size_line
            .parse::<u64>()
            .map_err(|_| err(2, "tree size out of range"))?;
        let root_line = lines.next().ok_or_else(|| err(3, "missing root hash"))?;
        let root_bytes = B64
            .decode(root_line)
            .map_err(|_| err(3, "root hash is not base64"))?;
        let root: Hash = root_bytes
            .as_slice()
            .try_into()
            .map_err(|_| err(3, "root hash is not 32 bytes"))?;
        let mut extensions = Vec::new();
        for (i, l) in lines.enumerate() {
            if l.is_empty() {
                return Err(err(4 + i, "empty extension line"));
            }
            extensions.push(l.to_string());
        }
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let c = Checkpoint {
            origin: "example.com/log".into(),
            size: 12,
            root: [7; 32],
            extensions: vec![],
        };
        assert_eq!(Checkpoint::parse(&c.to_text()).unwrap(), c);
        assert!(
            Checkpoint::parse(
                "example.com/log\n012\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"
            )
            .is_err()
        );
        assert!(Checkpoint::parse("example.com/log\n12\nBwcH\n").is_err());
        assert!(Checkpoint::parse("example.com/log\n12\n").is_err());
    }
}
