//! Signed notes (c2sp.org/signed-note) with Ed25519, and witness cosignatures
//! (c2sp.org/tlog-cosignature, signature type 0x04).
//!
//! A note is UTF-8 text ending in a newline, a blank line, then signature lines
//! `— <key name> <base64(4-byte key ID || signature)>` (em dash, U+2014). The key ID is the
//! first four bytes of `SHA-256(key name || 0x0A || signature type || public key)`.
//!
//! Keys travel as strings in Go's `sumdb/note` formats:
//! - verifier key: `<name>+<hex key ID>+<base64(type || public key)>`;
//! - signer key: `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || 32-byte seed)>`.
//!
//! Ed25519 is deterministic, so signing the same text with the same key gives the same note,
//! byte for byte, as Go's implementation (tested against `../shared/vectors/note`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Signature type byte of an Ed25519 note signature.
pub const ALG_ED25519: u8 = 0x01;
/// Signature type byte of an Ed25519 checkpoint cosignature (tlog-cosignature v1).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

/// Why a key, note or signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoteError {
    #[error("malformed verifier key: {0}")]
    BadVerifierKey(String),
    #[error("malformed signer key: {0}")]
    BadSignerKey(String),
    #[error("malformed note: {0}")]
    Malformed(String),
    #[error("invalid key name {0:?} (it must be non-empty, without spaces or '+')")]
    BadName(String),
    #[error("no valid signature by {0}")]
    Unsigned(String),
    #[error("the signature by {0} does not verify")]
    BadSignature(String),
    #[error("could not get randomness for a new key: {0}")]
    Random(String),
}

/// The key ID of a key: `SHA-256(name || 0x0A || alg || public key)[..4]`, big-endian.
pub fn key_id(name: &str, alg: u8, public_key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', alg]);
    h.update(public_key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

/// A private key that signs notes (the log's checkpoint key, or a witness's cosigning key).
pub struct Signer {
    name: String,
    alg: u8,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    // Never print key material, not even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id()))
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A new random key of type `alg` ([`ALG_ED25519`] or [`ALG_COSIGNATURE_V1`]).
    pub fn generate(name: &str, alg: u8) -> Result<Signer, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::BadName(name.to_string()));
        }
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| NoteError::Random(e.to_string()))?;
        Ok(Signer {
            name: name.to_string(),
            alg,
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<hex id>+<base64(alg || seed)>`.
    pub fn parse(text: &str) -> Result<Signer, NoteError> {
        let bad = |why: &str| NoteError::BadSignerKey(why.to_string());
        let rest = text
            .trim_end_matches('\n')
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| bad("it does not start with PRIVATE+KEY+"))?;
        let mut parts = rest.splitn(3, '+');
        let (name, id, key) = match (parts.next(), parts.next(), parts.next()) {
            (Some(n), Some(i), Some(k)) => (n, i, k),
            _ => return Err(bad("expected name+id+key")),
        };
        if !valid_name(name) {
            return Err(NoteError::BadName(name.to_string()));
        }
        let raw = B64.decode(key).map_err(|_| bad("key is not base64"))?;
        let (alg, seed) = raw.split_first().ok_or_else(|| bad("empty key"))?;
        if *alg != ALG_ED25519 && *alg != ALG_COSIGNATURE_V1 {
            return Err(bad("unknown algorithm"));
        }
        let seed: [u8; 32] = seed.try_into().map_err(|_| bad("seed is not 32 bytes"))?;
        let signer = Signer {
            name: name.to_string(),
            alg: *alg,
            key: SigningKey::from_bytes(&seed),
        };
        if id.len() != 8 || u32::from_str_radix(id, 16).ok() != Some(signer.key_id()) {
            return Err(bad("key ID does not match the key"));
        }
        Ok(signer)
    }

    /// The private key in Go's format, for storing in an owner-only file. Never print it.
    pub fn to_private_string(&self) -> String {
        let mut raw = vec![self.alg];
        raw.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.key_id(),
            B64.encode(raw)
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        key_id(&self.name, self.alg, self.key.verifying_key().as_bytes())
    }

    /// The public half, as a [`Verifier`].
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            alg: self.alg,
            id: self.key_id(),
            key: self.key.verifying_key(),
        }
    }

    /// Signs `text` (which must end in a newline) and returns the signature line, without the
    /// trailing newline. For a cosigning key, use [`Signer::cosign`] instead.
    pub fn sign_line(&self, text: &str) -> String {
        let sig = self.key.sign(text.as_bytes());
        let mut raw = self.key_id().to_be_bytes().to_vec();
        raw.extend_from_slice(&sig.to_bytes());
        format!("\u{2014} {} {}", self.name, B64.encode(raw))
    }

    /// A complete signed note: `text`, a blank line and this key's signature line.
    pub fn sign_note(&self, text: &str) -> Result<String, NoteError> {
        check_text(text)?;
        Ok(format!("{text}\n{}\n", self.sign_line(text)))
    }

    /// A tlog-cosignature/v1 line over a checkpoint's text at Unix time `timestamp`.
    pub fn cosign(&self, checkpoint_text: &str, timestamp: u64) -> String {
        let msg = cosigned_message(checkpoint_text, timestamp);
        let sig = self.key.sign(&msg);
        let mut raw = self.key_id().to_be_bytes().to_vec();
        raw.extend_from_slice(&timestamp.to_be_bytes());
        raw.extend_from_slice(&sig.to_bytes());
        format!("\u{2014} {} {}", self.name, B64.encode(raw))
    }
}

fn cosigned_message(checkpoint_text: &str, timestamp: u64) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{checkpoint_text}").into_bytes()
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::Malformed(
            "the text does not end in a newline".into(),
        ));
    }
    if text.contains("\n\n") || text.starts_with('\n') {
        return Err(NoteError::Malformed(
            "the text contains a blank line".into(),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(NoteError::Malformed(
            "the text contains control characters".into(),
        ));
    }
    Ok(())
}

/// A public key that checks note signatures (type 0x01) or cosignatures (type 0x04).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    alg: u8,
    id: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Parses `<name>+<hex key ID>+<base64(alg || public key)>`, rejecting a key whose ID does
    /// not match, whose key has the wrong length, or whose algorithm is unknown.
    pub fn parse(vkey: &str) -> Result<Verifier, NoteError> {
        let bad = |why: &str| NoteError::BadVerifierKey(format!("{why} in {vkey:?}"));
        let vkey_trim = vkey.trim_end_matches('\n');
        let mut parts = vkey_trim.splitn(3, '+');
        let (name, id, key) = match (parts.next(), parts.next(), parts.next()) {
            (Some(n), Some(i), Some(k)) => (n, i, k),
            _ => return Err(bad("expected name+id+key")),
        };
        if !valid_name(name) {
            return Err(NoteError::BadName(name.to_string()));
        }
        // Lowercase only, as written by every implementation: a key string has one spelling.
        if id.len() != 8 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(bad("key ID is not 8 lowercase hex digits"));
        }
        let id = u32::from_str_radix(id, 16).map_err(|_| bad("key ID is not hex"))?;
        let raw = B64.decode(key).map_err(|_| bad("key is not base64"))?;
        let (alg, public) = raw.split_first().ok_or_else(|| bad("empty key"))?;
        if *alg != ALG_ED25519 && *alg != ALG_COSIGNATURE_V1 {
            return Err(bad("unknown signature algorithm"));
        }
        let public: [u8; 32] = public
            .try_into()
            .map_err(|_| bad("public key is not 32 bytes"))?;
        if key_id(name, *alg, &public) != id {
            return Err(bad("key ID does not match name and key"));
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| bad("not an Ed25519 key"))?;
        Ok(Verifier {
            name: name.to_string(),
            alg: *alg,
            id,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.id
    }

    /// The signature type: [`ALG_ED25519`] or [`ALG_COSIGNATURE_V1`].
    pub fn alg(&self) -> u8 {
        self.alg
    }

    /// The key in vkey format.
    pub fn to_vkey(&self) -> String {
        let mut raw = vec![self.alg];
        raw.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.id, B64.encode(raw))
    }

    fn matches(&self, sig: &NoteSignature) -> bool {
        sig.name == self.name && sig.key_id == self.id
    }

    /// Checks one signature line's bytes (without the key ID) over `text`. For a cosignature
    /// the timestamp is returned.
    fn check(&self, text: &str, sig: &[u8]) -> Result<Option<u64>, NoteError> {
        let fail = || NoteError::BadSignature(self.name.clone());
        match self.alg {
            ALG_ED25519 => {
                let sig = Signature::from_slice(sig).map_err(|_| fail())?;
                self.key.verify(text.as_bytes(), &sig).map_err(|_| fail())?;
                Ok(None)
            }
            _ => {
                if sig.len() != 8 + 64 {
                    return Err(fail());
                }
                let ts = u64::from_be_bytes(sig[..8].try_into().expect("8 bytes"));
                let s = Signature::from_slice(&sig[8..]).map_err(|_| fail())?;
                self.key
                    .verify(&cosigned_message(text, ts), &s)
                    .map_err(|_| fail())?;
                Ok(Some(ts))
            }
        }
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The signature bytes after the key ID (for a cosignature: timestamp || signature).
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The line, without its trailing newline.
    pub fn to_line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.signature);
        format!("\u{2014} {} {}", self.name, B64.encode(raw))
    }

    /// Parses one `— name base64` line (without newline).
    pub fn parse_line(line: &str) -> Result<NoteSignature, NoteError> {
        let bad = |why: &str| NoteError::Malformed(format!("signature line {line:?}: {why}"));
        let rest = line
            .strip_prefix("\u{2014} ")
            .ok_or_else(|| bad("it does not start with an em dash and a space"))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or_else(|| bad("expected name and signature"))?;
        if !valid_name(name) {
            return Err(bad("invalid key name"));
        }
        let raw = B64
            .decode(b64)
            .map_err(|_| bad("signature is not base64"))?;
        if raw.len() < 5 {
            return Err(bad("signature too short"));
        }
        Ok(NoteSignature {
            name: name.to_string(),
            key_id: u32::from_be_bytes(raw[..4].try_into().expect("4 bytes")),
            signature: raw[4..].to_vec(),
        })
    }
}

/// A parsed signed note: its text and signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, ending in a newline.
    pub text: String,
    pub signatures: Vec<NoteSignature>,
}

/// A signature that verified: by whom, and (for a cosignature) when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    pub name: String,
    pub key_id: u32,
    pub alg: u8,
    pub timestamp: Option<u64>,
}

impl Note {
    /// Splits a note at its last blank line and parses the signature lines (at most 100).
    pub fn parse(bytes: &[u8]) -> Result<Note, NoteError> {
        let s = std::str::from_utf8(bytes)
            .map_err(|e| NoteError::Malformed(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
        let split = s
            .rfind("\n\n")
            .ok_or_else(|| NoteError::Malformed("no blank line before the signatures".into()))?;
        let text = &s[..split + 1];
        check_text(text)?;
        let sigs = &s[split + 2..];
        if !sigs.ends_with('\n') {
            return Err(NoteError::Malformed(
                "the last signature line does not end in a newline".into(),
            ));
        }
        let signatures = sigs[..sigs.len() - 1]
            .split('\n')
            .map(NoteSignature::parse_line)
            .collect::<Result<Vec<_>, _>>()?;
        if signatures.is_empty() {
            return Err(NoteError::Malformed("no signature lines".into()));
        }
        if signatures.len() > 100 {
            return Err(NoteError::Malformed("more than 100 signature lines".into()));
        }
        Ok(Note {
            text: text.to_string(),
            signatures,
        })
    }

    /// The note as bytes: text, blank line, signature lines.
    pub fn to_text(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for s in &self.signatures {
            out.push_str(&s.to_line());
            out.push('\n');
        }
        out
    }

    /// Checks the signature lines made by the given keys. Lines by unknown keys are ignored;
    /// a line by a known key that fails is an error (the note was altered). Returns the keys
    /// whose signatures verified.
    pub fn verify(&self, verifiers: &[&Verifier]) -> Result<Vec<VerifiedSignature>, NoteError> {
        let mut ok = Vec::new();
        for sig in &self.signatures {
            for v in verifiers.iter().filter(|v| v.matches(sig)) {
                let timestamp = v.check(&self.text, &sig.signature)?;
                if !ok.iter().any(|o: &VerifiedSignature| {
                    o.name == v.name && o.key_id == v.id && o.alg == v.alg
                }) {
                    ok.push(VerifiedSignature {
                        name: v.name.clone(),
                        key_id: v.id,
                        alg: v.alg,
                        timestamp,
                    });
                }
            }
        }
        Ok(ok)
    }

    /// Checks that `verifier` signed this note.
    pub fn verify_by(&self, verifier: &Verifier) -> Result<(), NoteError> {
        if self.verify(&[verifier])?.is_empty() {
            return Err(NoteError::Unsigned(verifier.name.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_and_tamper() {
        let s = Signer::generate("example.com/log", ALG_ED25519).unwrap();
        let note = s.sign_note("hello\nworld\n").unwrap();
        let parsed = Note::parse(note.as_bytes()).unwrap();
        assert_eq!(parsed.to_text(), note);
        parsed.verify_by(&s.verifier()).unwrap();
        let tampered = note.replacen("world", "w0rld", 1);
        assert!(
            Note::parse(tampered.as_bytes())
                .unwrap()
                .verify_by(&s.verifier())
                .is_err()
        );
        let round = Verifier::parse(&s.verifier().to_vkey()).unwrap();
        assert_eq!(round, s.verifier());
        let again = Signer::parse(&s.to_private_string()).unwrap();
        assert_eq!(again.verifier(), s.verifier());
    }

    #[test]
    fn debug_output_hides_the_private_key() {
        let s = Signer::generate("k", ALG_ED25519).unwrap();
        let private = s.to_private_string();
        // PRIVATE+KEY+<name>+<id>+<base64>; the base64 itself may contain '+'.
        let secret = private.splitn(5, '+').nth(4).unwrap();
        assert_eq!(secret.len(), 44);
        assert!(!format!("{s:?}").contains(secret));
    }

    #[test]
    fn cosignatures_verify_with_their_timestamp() {
        let w = Signer::generate("witness.example", ALG_COSIGNATURE_V1).unwrap();
        let log = Signer::generate("log.example", ALG_ED25519).unwrap();
        let text = "log.example\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
        let mut note = Note::parse(log.sign_note(text).unwrap().as_bytes()).unwrap();
        let line = w.cosign(text, 1_700_000_000);
        note.signatures
            .push(NoteSignature::parse_line(&line).unwrap());
        let ok = note.verify(&[&log.verifier(), &w.verifier()]).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].timestamp, Some(1_700_000_000));
    }
}
