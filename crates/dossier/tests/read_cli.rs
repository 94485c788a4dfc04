//! `dossier read` end to end: the real binary on files written by the test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dossier() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

fn run(args: &[&str]) -> Output {
    dossier().args(args).output().expect("run dossier")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports/border-report.txt")
}

fn schema_validator() -> jsonschema::Validator {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema/document@1.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("valid JSON Schema")
}

#[test]
fn json_output_matches_the_published_schema() {
    let out = run(&["read", example().to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = schema_validator();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}");
    let text = std::fs::read_to_string(example()).unwrap();
    assert_eq!(v["document"]["text"], text);
    assert_eq!(
        v["document"]["id"],
        dossier_model::document_id(text.as_bytes()),
        "id is the sha256 of the input bytes"
    );
}

#[test]
fn every_span_points_at_its_text() {
    let out = run(&["read", example().to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text: Vec<char> = v["document"]["text"].as_str().unwrap().chars().collect();
    let slice = |span: &serde_json::Value| -> String {
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        text[s..e].iter().collect()
    };
    let mut checked = 0;
    for e in v["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            assert_eq!(slice(&m["span"]), m["text"].as_str().unwrap());
            checked += 1;
        }
    }
    for c in v["claims"].as_array().unwrap() {
        if let Some(cue) = c["cue"].as_object() {
            assert_eq!(slice(&cue["span"]), cue["text"].as_str().unwrap());
            checked += 1;
        }
    }
    for h in v["hedges"].as_array().unwrap() {
        assert_eq!(slice(&h["span"]), h["text"].as_str().unwrap());
        checked += 1;
    }
    // The example report names people, places and quotes: a record with nothing in it would
    // make this test vacuous.
    assert!(
        checked >= 10,
        "only {checked} spans extracted from the example report"
    );
}

#[test]
fn stdin_gives_the_same_record_as_the_file() {
    let text = std::fs::read(example()).unwrap();
    let mut child = dossier()
        .args(["read", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let from_stdin: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let from_file: serde_json::Value =
        serde_json::from_slice(&run(&["read", example().to_str().unwrap(), "--json"]).stdout)
            .unwrap();
    assert_eq!(from_stdin["claims"], from_file["claims"]);
    assert_eq!(from_stdin["document"]["id"], from_file["document"]["id"]);
}

#[test]
fn bad_files_are_reported_by_name_and_position_and_the_rest_still_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a-good.txt");
    std::fs::write(&good, "The minister said the bridge was open.\n").unwrap();
    let bad_utf8 = dir.path().join("b-latin1.txt");
    std::fs::write(&bad_utf8, b"Caf\xe9 owners said prices rose.").unwrap();
    let binary = dir.path().join("c-binary.bin");
    std::fs::write(&binary, b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    let empty = dir.path().join("d-empty.txt");
    std::fs::write(&empty, b"").unwrap();

    let out = run(&["read", dir.path().to_str().unwrap(), "--jsonl"]);
    assert!(!out.status.success(), "failures give a non-zero exit");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b-latin1.txt: invalid UTF-8 at byte 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c-binary.bin: binary data (NUL byte) at byte 7"),
        "{stderr}"
    );
    assert!(
        stderr.contains("d-empty.txt: the input is empty"),
        "{stderr}"
    );
    assert!(stderr.contains("1 read, 3 failed"), "{stderr}");
    let lines: Vec<&[u8]> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "the good file is still processed");
    let v: serde_json::Value = serde_json::from_slice(lines[0]).unwrap();
    assert_eq!(v["document"]["source"]["path"], good.to_str().unwrap());
}

#[test]
fn lossy_mode_repairs_invalid_utf8_and_keeps_the_original_id() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("latin1.txt");
    let bytes = b"Caf\xe9 owners said prices rose.";
    std::fs::write(&f, bytes).unwrap();
    let out = run(&["read", f.to_str().unwrap(), "--json", "--lossy"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["document"]["text"],
        "Caf\u{fffd} owners said prices rose."
    );
    assert_eq!(v["document"]["id"], dossier_model::document_id(bytes));
}

#[test]
fn oversize_input_is_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.txt");
    std::fs::write(&f, "x".repeat(2000)).unwrap();
    let out = run(&["read", f.to_str().unwrap(), "--max-size", "1000"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("big.txt: the file is 2000 bytes, over the 1000-byte limit"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let out = run(&["read", "/nonexistent/report.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/report.txt: cannot open"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}
