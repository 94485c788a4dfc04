//! Interoperability: our log directory, checkpoints, cosignatures and proofs are checked by
//! independent implementations: PyPI tlog-scales (`tlog-tiles`) and Go's
//! golang.org/x/mod/sumdb/{note,tlog} (Debian golang-golang-x-mod-dev, built in GOPATH mode).
//! Each check is skipped with a message when its tool is missing, except under CI (env `CI`),
//! where a missing tool fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn dossier(home: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--home")
        .arg(home)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dossier {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether a tool is usable; under CI a missing tool is a failure, elsewhere a skip.
fn available(what: &str, ok: bool) -> bool {
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} is missing, but CI is set: .ci/run must install it"
        );
        println!("skipped: {what} not found");
    }
    ok
}

fn runs(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

struct Fixture {
    _dir: tempfile::TempDir,
    home: PathBuf,
    work: PathBuf,
    size: u64,
}

/// A log of 600 entries, appended in uneven batches (partial tiles at two levels), with one
/// witness cosignature on the final checkpoint; proofs, entries and consistency proofs saved.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let files: Vec<PathBuf> = (0..600)
        .map(|i| {
            let p = work.join(format!("f{i}.txt"));
            std::fs::write(&p, format!("interop file {i}")).unwrap();
            p
        })
        .collect();
    let mut start = 0;
    for n in [1usize, 36, 219, 44, 300] {
        let mut args: Vec<String> = ["archive", "add", "--kind", "source"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(
            files[start..start + n]
                .iter()
                .map(|p| p.to_string_lossy().into_owned()),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        dossier(&home, &args);
        start += n;
    }
    let wkey = work.join("witness.key");
    let wvkey = dossier(
        &home,
        &[
            "log",
            "witness",
            "keygen",
            "witness.example",
            "--out",
            wkey.to_str().unwrap(),
        ],
    );
    std::fs::write(work.join("witness.vkey"), &wvkey).unwrap();
    let line = dossier(
        &home,
        &["log", "witness", "cosign", "--key", wkey.to_str().unwrap()],
    );
    let line = String::from_utf8(line).unwrap();
    let wvkey = String::from_utf8(wvkey).unwrap();
    dossier(
        &home,
        &[
            "log",
            "add-cosignature",
            line.trim(),
            "--witness",
            wvkey.trim(),
        ],
    );
    std::fs::write(work.join("vkey"), dossier(&home, &["log", "vkey"])).unwrap();
    for i in [0u64, 1, 255, 256, 300, 511, 599] {
        let s = i.to_string();
        std::fs::write(
            work.join(format!("p{i}")),
            dossier(&home, &["archive", "proof", &s]),
        )
        .unwrap();
        std::fs::write(
            work.join(format!("e{i}")),
            dossier(&home, &["log", "entry", &s]),
        )
        .unwrap();
    }
    for (old, new) in [
        (1u64, 600u64),
        (37, 256),
        (256, 300),
        (300, 600),
        (599, 600),
    ] {
        let (o, n) = (old.to_string(), new.to_string());
        std::fs::write(
            work.join(format!("c{old}-{new}")),
            dossier(&home, &["log", "consistency", &o, &n]),
        )
        .unwrap();
    }
    Fixture {
        _dir: dir,
        home,
        work,
        size: 600,
    }
}

const PROOF_INDICES: [u64; 7] = [0, 1, 255, 256, 300, 511, 599];
const CONSISTENCY: [(u64, u64); 5] = [(1, 600), (37, 256), (256, 300), (300, 600), (599, 600)];

#[test]
fn tlog_scales_reads_our_log() {
    if !available(
        "tlog-tiles (pip install tlog-scales)",
        runs("tlog-tiles", "--help"),
    ) {
        return;
    }
    let f = fixture();
    let log = f.home.join("log");
    for i in PROOF_INDICES {
        // get-leaf -c: fetch the entry from our bundles and check its inclusion via our tiles.
        let out = Command::new("tlog-tiles")
            .args(["get-leaf", "-c"])
            .arg(&log)
            .arg(i.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "get-leaf {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.stdout,
            std::fs::read(f.work.join(format!("e{i}"))).unwrap()
        );
        // gen-proof builds a tlog-proof from our tiles: it must be ours, byte for byte.
        let out = Command::new("tlog-tiles")
            .arg("gen-proof")
            .arg(&log)
            .arg(i.to_string())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            std::fs::read_to_string(f.work.join(format!("p{i}"))).unwrap(),
            "proof of {i}"
        );
    }
    // Signatures (log and witness) and consistency proofs, through the library.
    let mut commands = String::new();
    for (old, new) in CONSISTENCY {
        commands.push_str(&format!(
            "consistency {old} {new} {}\n",
            f.work.join(format!("c{old}-{new}")).display()
        ));
    }
    let out = run_with_stdin(
        Command::new("python3")
            .arg(repo_root().join(".ci/interop/tlog_scales_check.py"))
            .arg(&log)
            .arg(f.work.join("vkey"))
            .arg(f.work.join("witness.vkey")),
        &commands,
    );
    assert!(
        out.contains(&format!("size {}, 1 cosignatures", f.size)),
        "{out}"
    );
    assert_eq!(
        out.matches("ok consistency").count(),
        CONSISTENCY.len(),
        "{out}"
    );
}

fn run_with_stdin(cmd: &mut Command, input: &str) -> String {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}{}",
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn go_sumdb_note_and_tlog_accept_our_log() {
    let gocode = Path::new("/usr/share/gocode");
    let have = runs("go", "version") && gocode.join("src/golang.org/x/mod/sumdb/tlog").is_dir();
    if !available("go + golang-golang-x-mod-dev (/usr/share/gocode)", have) {
        return;
    }
    let f = fixture();
    let bin = f.work.join("goverify");
    let build = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(repo_root().join(".ci/interop/goverify/main.go"))
        .env("GO111MODULE", "off")
        .env("GOPATH", gocode)
        .env("GOCACHE", f.work.join("gocache"))
        .env("GOFLAGS", "")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "go build: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut commands = String::new();
    for i in PROOF_INDICES {
        let p = f.work.join(format!("p{i}"));
        let e = f.work.join(format!("e{i}"));
        commands.push_str(&format!("proof {} {}\n", p.display(), e.display()));
        commands.push_str(&format!("entry {i} {}\n", e.display()));
    }
    for (old, new) in CONSISTENCY {
        commands.push_str(&format!(
            "consistency {old} {new} {}\n",
            f.work.join(format!("c{old}-{new}")).display()
        ));
    }
    let out = run_with_stdin(
        Command::new(&bin)
            .arg(f.home.join("log"))
            .arg(f.work.join("vkey")),
        &commands,
    );
    assert!(out.contains("tiles authenticated"), "{out}");
    assert_eq!(
        out.matches("ok proof").count(),
        PROOF_INDICES.len(),
        "{out}"
    );
    assert_eq!(
        out.matches("ok entry").count(),
        PROOF_INDICES.len(),
        "{out}"
    );
    assert_eq!(
        out.matches("ok consistency").count(),
        CONSISTENCY.len(),
        "{out}"
    );
}
