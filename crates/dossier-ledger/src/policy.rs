//! Witness policies (a subset of c2sp.org/tlog-policy): which cosignatures a checkpoint needs.
//!
//! ```text
//! witness alpha alpha.example+1234abcd+BAAA…      # name, cosignature vkey (type 0x04)
//! witness beta  beta.example+…
//! witness gamma gamma.example+…
//! group  trio 2 alpha beta gamma                  # k of n; `all` and `any` also work
//! quorum trio                                     # a witness or group name, or `none`
//! ```
//!
//! `log` lines are accepted and ignored (the log key is given separately). Blank lines and
//! `#` comments are ignored. A cosignature counts only if it verifies over the checkpoint's
//! exact text with the named key; a cosignature by a listed key that fails to verify is an
//! error, not merely uncounted, because it means the checkpoint was altered.

use crate::note::{ALG_COSIGNATURE_V1, Note, NoteError, VerifiedSignature, Verifier};
use std::collections::BTreeMap;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PolicyError {
    #[error("policy line {line}: {why}")]
    Malformed { line: usize, why: String },
    #[error("{0}")]
    Note(#[from] NoteError),
    #[error("quorum not met: {have} of the required witnesses cosigned, {need} needed ({detail})")]
    QuorumNotMet {
        have: usize,
        need: usize,
        detail: String,
    },
}

#[derive(Debug, Clone)]
enum Member {
    Witness(Verifier),
    Group { k: usize, members: Vec<String> },
}

/// A parsed witness policy.
#[derive(Debug, Clone)]
pub struct Policy {
    members: BTreeMap<String, Member>,
    quorum: Option<String>,
}

impl Policy {
    /// At least `k` of `witnesses` must cosign.
    pub fn k_of_n(witnesses: Vec<Verifier>, k: usize) -> Policy {
        let mut members = BTreeMap::new();
        let mut names = Vec::new();
        for w in witnesses {
            names.push(w.name().to_string());
            members.insert(w.name().to_string(), Member::Witness(w));
        }
        members.insert(
            "\u{0}quorum".to_string(),
            Member::Group { k, members: names },
        );
        Policy {
            members,
            quorum: Some("\u{0}quorum".to_string()),
        }
    }

    /// Parses a policy file.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let mut members = BTreeMap::new();
        let mut quorum = None;
        let mut saw_quorum = false;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let bad = |why: String| PolicyError::Malformed { line, why };
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let words: Vec<&str> = content.split_whitespace().collect();
            match words[0] {
                "log" => {}
                "witness" => {
                    if words.len() < 3 {
                        return Err(bad("expected `witness <name> <vkey> [url]`".into()));
                    }
                    let v = Verifier::parse(words[2]).map_err(|e| bad(e.to_string()))?;
                    if v.alg() != ALG_COSIGNATURE_V1 {
                        return Err(bad(
                            "a witness key must be a cosignature key (type 0x04)".into()
                        ));
                    }
                    if members
                        .insert(words[1].to_string(), Member::Witness(v))
                        .is_some()
                    {
                        return Err(bad(format!("{} defined twice", words[1])));
                    }
                }
                "group" => {
                    if words.len() < 4 {
                        return Err(bad("expected `group <name> <k|all|any> <member>...`".into()));
                    }
                    let names: Vec<String> = words[3..].iter().map(|s| s.to_string()).collect();
                    for n in &names {
                        if !members.contains_key(n) {
                            return Err(bad(format!("{n} is not defined above")));
                        }
                    }
                    let k = match words[2] {
                        "all" => names.len(),
                        "any" => 1,
                        n => n
                            .parse::<usize>()
                            .ok()
                            .filter(|k| (1..=names.len()).contains(k))
                            .ok_or_else(|| bad(format!("bad threshold {n:?}")))?,
                    };
                    if members
                        .insert(words[1].to_string(), Member::Group { k, members: names })
                        .is_some()
                    {
                        return Err(bad(format!("{} defined twice", words[1])));
                    }
                }
                "quorum" => {
                    if words.len() != 2 || saw_quorum {
                        return Err(bad("expected one `quorum <name|none>`".into()));
                    }
                    saw_quorum = true;
                    if words[1] != "none" {
                        if !members.contains_key(words[1]) {
                            return Err(bad(format!("{} is not defined", words[1])));
                        }
                        quorum = Some(words[1].to_string());
                    }
                }
                other => return Err(bad(format!("unknown keyword {other:?}"))),
            }
        }
        if !saw_quorum {
            return Err(PolicyError::Malformed {
                line: 0,
                why: "no quorum line".into(),
            });
        }
        Ok(Policy { members, quorum })
    }

    /// The witness keys the policy names.
    pub fn witnesses(&self) -> Vec<&Verifier> {
        self.members
            .values()
            .filter_map(|m| match m {
                Member::Witness(v) => Some(v),
                Member::Group { .. } => None,
            })
            .collect()
    }

    /// Checks the note's cosignatures against the policy; returns those that verified.
    pub fn check(&self, note: &Note) -> Result<Vec<VerifiedSignature>, PolicyError> {
        let verified = note.verify(&self.witnesses())?;
        let Some(q) = &self.quorum else {
            return Ok(verified);
        };
        let signed = |v: &Verifier| {
            verified
                .iter()
                .any(|s| s.name == v.name() && s.key_id == v.key_id())
        };
        let (have, need) = self.satisfied(q, &signed, 0);
        if have < need {
            let names: Vec<&str> = verified.iter().map(|s| s.name.as_str()).collect();
            return Err(PolicyError::QuorumNotMet {
                have,
                need,
                detail: format!("valid cosignatures from: {names:?}"),
            });
        }
        Ok(verified)
    }

    /// (members satisfied, members needed) for a name; witnesses count 1 of 1.
    fn satisfied(
        &self,
        name: &str,
        signed: &dyn Fn(&Verifier) -> bool,
        depth: usize,
    ) -> (usize, usize) {
        match self.members.get(name) {
            Some(Member::Witness(v)) => (usize::from(signed(v)), 1),
            Some(Member::Group { k, members }) if depth < 32 => {
                let have = members
                    .iter()
                    .filter(|m| {
                        let (h, n) = self.satisfied(m, signed, depth + 1);
                        h >= n
                    })
                    .count();
                (have, *k)
            }
            _ => (0, 1),
        }
    }
}
