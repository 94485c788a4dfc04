//! Known-answer tests: the transparency-dev/merkle proof vectors and the C2SP / Go signed-note
//! vectors in `../shared/vectors`. They are skipped (with a message) when `../shared` is absent.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use dossier_ledger::merkle::{
    verify_consistency, verify_inclusion, verify_subtree_consistency, verify_subtree_inclusion,
};
use dossier_ledger::note::{Note, Signer, Verifier};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors");
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipped: ../shared not found");
        None
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
}

fn b64(v: &Value) -> Vec<u8> {
    B64.decode(v.as_str().unwrap_or(""))
        .expect("vector hash is base64")
}

fn hashes(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .map(|a| a.iter().map(b64).collect())
        .unwrap_or_default()
}

fn u(v: &Value) -> u64 {
    v.as_u64().expect("vector number is a u64")
}

/// Runs every vector of one family and returns (count, failures).
fn run_family(dir: &Path, check: impl Fn(&Value) -> bool) -> (usize, Vec<String>) {
    let mut files = Vec::new();
    json_files(dir, &mut files);
    let mut failures = Vec::new();
    for f in &files {
        let v: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        let want_err = v["wantErr"].as_bool().unwrap();
        let ok = check(&v);
        if ok == want_err {
            failures.push(format!(
                "{}: wantErr {want_err}, got ok={ok}",
                f.strip_prefix(dir).unwrap().display()
            ));
        }
    }
    (files.len(), failures)
}

#[test]
fn merkle_vectors_all_pass() {
    let Some(root) = shared() else { return };
    let t = root.join("merkle/testdata");
    let mut all = Vec::new();
    let mut total = 0;
    let (n, f) = run_family(&t.join("inclusion"), |v| {
        verify_inclusion(
            u(&v["leafIdx"]),
            u(&v["treeSize"]),
            &b64(&v["leafHash"]),
            &hashes(&v["proof"]),
            &b64(&v["root"]),
        )
        .is_ok()
    });
    total += n;
    all.extend(f);
    let (n, f) = run_family(&t.join("consistency"), |v| {
        verify_consistency(
            u(&v["size1"]),
            u(&v["size2"]),
            &hashes(&v["proof"]),
            &b64(&v["root1"]),
            &b64(&v["root2"]),
        )
        .is_ok()
    });
    total += n;
    all.extend(f);
    let (n, f) = run_family(&t.join("subtreeinclusion"), |v| {
        verify_subtree_inclusion(
            u(&v["leafIdx"]),
            u(&v["start"]),
            u(&v["end"]),
            &b64(&v["leafHash"]),
            &hashes(&v["proof"]),
            &b64(&v["root"]),
        )
        .is_ok()
    });
    total += n;
    all.extend(f);
    let (n, f) = run_family(&t.join("subtreeconsistency"), |v| {
        verify_subtree_consistency(
            u(&v["start"]),
            u(&v["end"]),
            u(&v["size"]),
            &hashes(&v["proof"]),
            &b64(&v["root1"]),
            &b64(&v["root2"]),
        )
        .is_ok()
    });
    total += n;
    all.extend(f);
    assert!(total > 500, "expected the full vector set, found {total}");
    assert!(
        all.is_empty(),
        "{} of {total} vectors failed:\n{}",
        all.len(),
        all.join("\n")
    );
}

const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

#[test]
fn go_note_is_reproduced_exactly() {
    let Some(root) = shared() else { return };
    let want = std::fs::read_to_string(root.join("note/go-peterneumann.note")).unwrap();
    let note = Note::parse(want.as_bytes()).unwrap();
    let verifier = Verifier::parse(GO_VKEY).unwrap();
    note.verify_by(&verifier).unwrap();
    let signer = Signer::parse(GO_SKEY).unwrap();
    assert_eq!(signer.verifier(), verifier);
    assert_eq!(signer.sign_note(&note.text).unwrap(), want);
    let altered = want.replacen(&note.text[..1], "X", 1);
    if altered != want {
        let n = Note::parse(altered.as_bytes()).unwrap();
        assert!(n.verify_by(&verifier).is_err());
    }
}

#[test]
fn c2sp_example_note_verifies() {
    let Some(root) = shared() else { return };
    let note = std::fs::read(root.join("note/c2sp-example.note")).unwrap();
    let vkey = std::fs::read_to_string(root.join("note/c2sp-example.vkey")).unwrap();
    let v = Verifier::parse(vkey.trim()).unwrap();
    let n = Note::parse(&note).unwrap();
    n.verify_by(&v).unwrap();
    let mut flipped = note.clone();
    flipped[0] ^= 1;
    let bad = Note::parse(&flipped).map(|n| n.verify_by(&v).is_ok());
    assert!(
        !matches!(bad, Ok(true)),
        "a flipped text byte must not verify"
    );
}

#[test]
fn bad_verifier_keys_are_rejected() {
    // Every proper prefix of the key (cut off), and each single-character change.
    for cut in 0..GO_VKEY.len() {
        assert!(
            Verifier::parse(&GO_VKEY[..cut]).is_err(),
            "accepted truncated key {:?}",
            &GO_VKEY[..cut]
        );
    }
    let mut rejected = 0;
    let bytes = GO_VKEY.as_bytes();
    for i in 0..bytes.len() {
        let mut b = bytes.to_vec();
        b[i] = if b[i] == b'A' { b'B' } else { b'A' };
        let s = String::from_utf8(b).unwrap();
        if Verifier::parse(&s).is_err() {
            rejected += 1;
        } else {
            panic!("accepted altered key {s:?}");
        }
    }
    assert_eq!(rejected, bytes.len());
    for bad in [
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ] {
        assert!(Verifier::parse(bad).is_err(), "accepted {bad}");
    }
}
