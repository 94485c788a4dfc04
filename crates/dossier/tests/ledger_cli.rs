//! `dossier archive`, `dossier log` and `dossier verify-proof` end to end through the binary.

use std::path::Path;
use std::process::{Command, Output};

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--home")
        .arg(home)
        .args(args)
        .output()
        .unwrap()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, args);
    assert!(
        out.status.success(),
        "dossier {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn add_prove_verify_tamper_export() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.html");
    std::fs::write(&a, "first report").unwrap();
    std::fs::write(&b, "<p>second</p>").unwrap();
    let printed = ok(
        &home,
        &[
            "archive",
            "add",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--url",
            "https://example.org/r",
            "--collector",
            "analyst",
            "--note",
            "seized copy",
        ],
    );
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("0 ") && lines[0].ends_with("a.txt"),
        "{printed}"
    );
    assert!(lines[1].starts_with("1 "), "{printed}");
    let shown = ok(&home, &["archive", "show", "1"]);
    assert!(shown.contains("\"media_type\": \"text/html\""), "{shown}");
    assert!(shown.contains("\"collector\": \"analyst\""), "{shown}");

    // A stand-alone proof check with only the proof, the entry and the key.
    let proof = dir.path().join("1.tlog-proof");
    std::fs::write(&proof, ok(&home, &["archive", "proof", "1"])).unwrap();
    let entry = dir.path().join("1.entry");
    std::fs::write(&entry, run(&home, &["log", "entry", "1"]).stdout).unwrap();
    let vkey = ok(&home, &["log", "vkey"]);
    assert!(!vkey.contains("PRIVATE"));
    let no_home = dir.path().join("nowhere");
    let verified = ok(
        &no_home,
        &[
            "verify-proof",
            proof.to_str().unwrap(),
            "--entry",
            entry.to_str().unwrap(),
            "--vkey",
            vkey.trim(),
            "--blob",
            b.to_str().unwrap(),
        ],
    );
    assert!(verified.starts_with("ok: entry 1 is in log"), "{verified}");
    assert!(!no_home.exists(), "verify-proof must not create a store");
    // The wrong file, or an altered entry, fails with a reason.
    let bad = run(
        &no_home,
        &[
            "verify-proof",
            proof.to_str().unwrap(),
            "--entry",
            entry.to_str().unwrap(),
            "--vkey",
            vkey.trim(),
            "--blob",
            a.to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("sha256"));
    let mut altered = std::fs::read(&entry).unwrap();
    altered[10] ^= 1;
    std::fs::write(&entry, altered).unwrap();
    let bad = run(
        &no_home,
        &[
            "verify-proof",
            proof.to_str().unwrap(),
            "--entry",
            entry.to_str().unwrap(),
            "--vkey",
            vkey.trim(),
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("inclusion proof of entry 1"));

    // Custody and export.
    assert_eq!(
        ok(
            &home,
            &[
                "archive", "custody", "0", "--event", "examined", "--actor", "lab"
            ]
        )
        .trim(),
        "2"
    );
    let out_dir = dir.path().join("bundle");
    let exported = ok(
        &home,
        &[
            "archive",
            "export",
            "0",
            "1",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert!(exported.contains("custody entry 3"), "{exported}");
    assert!(out_dir.join("items/0/blob").is_file());
    assert!(out_dir.join("README.txt").is_file());
    let v = ok(
        &no_home,
        &[
            "verify-proof",
            out_dir.join("items/3/proof.tlog-proof").to_str().unwrap(),
            "--entry",
            out_dir.join("items/3/entry").to_str().unwrap(),
            "--vkey",
            out_dir.join("vkey").to_str().unwrap(),
        ],
    );
    assert!(v.contains("entry 3"), "{v}");
    assert!(ok(&home, &["archive", "verify"]).contains(": ok"));

    // Consistency proofs between two sizes, checked offline against two signed checkpoints
    // (the package's, at size 4, and the current one after one more entry).
    ok(
        &home,
        &["archive", "custody", "1", "--event", "transferred"],
    );
    let new_cp = dir.path().join("new.checkpoint");
    std::fs::write(&new_cp, ok(&home, &["log", "checkpoint"])).unwrap();
    let cons = dir.path().join("4-5.proof");
    std::fs::write(&cons, ok(&home, &["log", "consistency", "4", "5"])).unwrap();
    let old_cp = out_dir.join("checkpoint");
    let check = |a: &Path, b: &Path| {
        run(
            &no_home,
            &[
                "log",
                "verify-consistency",
                a.to_str().unwrap(),
                b.to_str().unwrap(),
                cons.to_str().unwrap(),
                "--vkey",
                vkey.trim(),
            ],
        )
    };
    let good = check(&old_cp, &new_cp);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains("at size 5 extends size 4"));
    assert!(!check(&new_cp, &old_cp).status.success());
    assert_eq!(
        ok(&home, &["log", "consistency", "1", "4"]).lines().count(),
        2
    );
    assert!(
        !run(&home, &["log", "consistency", "0", "4"])
            .status
            .success()
    );

    // Flip a byte of the full entry bundle: verify names the file and entry, exits non-zero.
    let bundle = home.join("log/tile/entries/000.p/4");
    let mut bytes = std::fs::read(&bundle).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&bundle, bytes).unwrap();
    let out = run(&home, &["archive", "verify"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tile/entries/000.p/4") && err.contains("(entry 3)"),
        "{err}"
    );
}

#[test]
fn bad_input_gets_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let missing = dir.path().join("missing.txt");
    let out = run(&home, &["archive", "add", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    let out = run(&home, &["archive", "add", dir.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a file"));
    let out = run(&home, &["archive", "proof", "7"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("index 7 is not in the log"));
    let proof = dir.path().join("p");
    std::fs::write(&proof, "not a proof").unwrap();
    let out = run(
        &home,
        &[
            "verify-proof",
            proof.to_str().unwrap(),
            "--entry",
            proof.to_str().unwrap(),
            "--vkey",
            "x+00000000+AA==",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("verifier key"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn concurrent_writers_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let files: Vec<String> = (0..24)
        .map(|i| {
            let p = dir.path().join(format!("w{i}.txt"));
            std::fs::write(&p, format!("writer file {i}")).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect();
    // Four processes at once, each adding its six files one batch at a time.
    let children: Vec<_> = files
        .chunks(6)
        .map(|chunk| {
            Command::new(env!("CARGO_BIN_EXE_dossier"))
                .arg("--home")
                .arg(&home)
                .args(["archive", "add", "--batch", "1"])
                .args(chunk)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut indices = Vec::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success());
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            indices.push(line.split(' ').next().unwrap().parse::<u64>().unwrap());
        }
    }
    indices.sort_unstable();
    assert_eq!(indices, (0..24).collect::<Vec<u64>>());
    assert!(ok(&home, &["archive", "verify"]).contains("size 24: ok"));
}

#[test]
fn verify_reports_a_broken_checkpoint_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "kept").unwrap();
    ok(&home, &["archive", "add", a.to_str().unwrap()]);
    let cp = home.join("log/checkpoint");
    let text = std::fs::read_to_string(&cp).unwrap();
    std::fs::write(&cp, text.replacen("\n1\n", "\n2\n", 1)).unwrap();
    let blob = std::fs::read_dir(home.join("blobs/sha256"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let blob = std::fs::read_dir(blob)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&blob, "changed").unwrap();
    let out = run(&home, &["archive", "verify"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("log/checkpoint") && err.contains("signature"),
        "{err}"
    );
    assert!(
        err.contains("not to its name"),
        "the blob is checked too: {err}"
    );
}
