//! Crash safety: the real binary appends in a loop and is killed with SIGKILL at random
//! moments; after every kill the ledger must open, verify, and hold every entry whose index
//! the CLI had printed (an acknowledged append).

#![cfg(unix)]

use dossier_ledger::{Ledger, LedgerReader};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// xorshift64*: enough randomness for kill timing and batch sizes, without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_entry() {
    let seed = std::env::var("DOSSIER_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("crash test seed {seed} (set DOSSIER_CRASH_SEED to replay)");
    let mut rng = Rng(seed);
    let work = tempfile::tempdir().unwrap();
    let home = work.path().join("home");
    let files: Vec<PathBuf> = (0..120)
        .map(|i| {
            let p = work.path().join(format!("item-{i}.txt"));
            std::fs::write(&p, format!("evidence item {i}\n").repeat(1 + i % 7)).unwrap();
            p
        })
        .collect();
    // index -> sha256 of every acknowledged entry, across all trials.
    let mut acknowledged: BTreeMap<u64, String> = BTreeMap::new();
    let trials = 36;
    let mut killed_mid_run = 0;
    let mut max_sleep_ms = 400;
    for trial in 0..trials {
        let batch = 1 + rng.below(6);
        let start = rng.below(files.len() as u64) as usize;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.arg("--home")
            .arg(&home)
            .args(["archive", "add", "--batch", &batch.to_string()])
            .args(&files[start..])
            .args(&files[..start])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("spawn dossier");
        let stdout = child.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(rng.below(max_sleep_ms)));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        } else {
            // It finished before the kill: aim earlier next time, so most kills land mid-run.
            max_sleep_ms = (max_sleep_ms / 2).max(5);
        }
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        for line in lines.join().unwrap() {
            let mut parts = line.split(' ');
            let index: u64 = parts.next().unwrap().parse().unwrap();
            let sha = parts.next().unwrap().to_string();
            acknowledged.insert(index, sha);
        }
        // The store must open (with its writer lock free again) and verify.
        let reader = match LedgerReader::open(&home) {
            Ok(r) => r,
            // Killed before the ledger was ever created: nothing can have been acknowledged.
            Err(_) if acknowledged.is_empty() => continue,
            Err(e) => panic!("trial {trial}: the ledger does not open: {e}"),
        };
        let report = reader.verify();
        assert!(
            report.is_ok(),
            "trial {trial} (seed {seed}): {:#?}",
            report.problems
        );
        for (&i, sha) in &acknowledged {
            let record = reader
                .record(i)
                .unwrap_or_else(|e| panic!("trial {trial}: acknowledged entry {i} lost: {e}"));
            assert_eq!(record.sha256.as_deref(), Some(sha.as_str()), "entry {i}");
        }
        drop(reader);
        // A writer can take over after the crash.
        drop(Ledger::open(&home).expect("reopen for writing"));
    }
    println!(
        "{trials} trials, {killed_mid_run} killed while appending, {} acknowledged entries",
        acknowledged.len()
    );
    assert!(!acknowledged.is_empty());
    // And the CLI agrees.
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--home")
        .arg(&home)
        .args(["archive", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
