//! The ledger end to end through its public API: appends across tile boundaries, proofs,
//! consistency, reopening, tamper evidence, the writer lock, cosignatures and export.

use dossier_ledger::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use dossier_ledger::note::{ALG_COSIGNATURE_V1, Signer, Verifier};
use dossier_ledger::policy::Policy;
use dossier_ledger::proof::verify_tlog_proof;
use dossier_ledger::{
    CustodyEvent, EntryRecord, Kind, Ledger, LedgerError, LedgerReader, OpenOptions, layout,
};
use std::fs;
use std::path::Path;

fn add_sources(ledger: &mut Ledger, from: usize, n: usize) -> Vec<u64> {
    let texts: Vec<String> = (from..from + n)
        .map(|i| format!("document number {i}"))
        .collect();
    let blobs = ledger
        .store_blobs(texts.iter().map(|t| t.as_bytes()))
        .unwrap();
    let records: Vec<EntryRecord> = blobs
        .iter()
        .zip(from..from + n)
        .map(|(blob, i)| {
            let mut r = EntryRecord::for_blob(Kind::Source, blob);
            r.file_name = Some(format!("doc-{i}.txt"));
            r
        })
        .collect();
    ledger.append(&records).unwrap()
}

fn vkey(ledger: &Ledger) -> Verifier {
    Verifier::parse(&ledger.verifier_key()).unwrap()
}

#[test]
fn appends_proofs_and_consistency_across_tile_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    assert_eq!(ledger.size(), 0);
    let mut roots = vec![];
    // Batches of odd sizes so that partial tiles at levels 0 and 1 occur.
    let mut total = 0;
    for n in [1usize, 2, 255, 1, 300, 7] {
        let idx = add_sources(&mut ledger, total, n);
        assert_eq!(idx, (total as u64..(total + n) as u64).collect::<Vec<_>>());
        total += n;
        roots.push((ledger.size(), ledger.reader().checkpoint().root));
    }
    assert_eq!(ledger.size(), 566);
    let key = vkey(&ledger);
    for i in (0..566).step_by(37).chain([255, 256, 511, 512, 565]) {
        let proof = ledger.proof(i).unwrap();
        let entry = ledger.reader().entry(i).unwrap();
        let ok = verify_tlog_proof(&proof, &entry, &key, None).unwrap();
        assert_eq!(ok.index, i);
        assert!(verify_tlog_proof(&proof, b"not the entry", &key, None).is_err());
    }
    let reader = ledger.reader();
    for &(old, old_root) in &roots {
        for &(new, new_root) in &roots {
            if old <= new {
                let p = reader.consistency(old, new).unwrap();
                verify_consistency(old, new, &p, &old_root, &new_root).unwrap();
                assert_eq!(reader.root_at(old).unwrap(), old_root);
            }
        }
    }
    // Inclusion in an older tree.
    let h = reader.inclusion_hashes(3, 259).unwrap();
    verify_inclusion(
        3,
        259,
        &leaf_hash(&reader.entry(3).unwrap()),
        &h,
        &roots[3].1,
    )
    .unwrap();
    assert!(reader.consistency(0, 5).is_err());
    assert!(reader.entry(566).is_err());
    drop(ledger);
    // Reopen: same state, further appends continue the tree.
    let mut again = Ledger::open(dir.path()).unwrap();
    assert_eq!(again.size(), 566);
    add_sources(&mut again, 566, 3);
    let report = again.verify();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.entries_checked, 569);
    assert_eq!(report.blobs_checked, 569);
}

#[test]
fn the_log_directory_has_the_tlog_tiles_layout() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    add_sources(&mut ledger, 0, 258);
    let log = dir.path().join(layout::LOG);
    for p in [
        "checkpoint",
        "tile/0/000",
        "tile/0/001.p/2",
        "tile/1/000.p/1",
        "tile/entries/000",
        "tile/entries/001.p/2",
    ] {
        assert!(log.join(p).is_file(), "missing {p}");
    }
    assert_eq!(fs::metadata(log.join("tile/0/000")).unwrap().len(), 8192);
    let cp = fs::read_to_string(log.join("checkpoint")).unwrap();
    let lines: Vec<&str> = cp.lines().collect();
    assert_eq!(lines[1], "258");
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with("\u{2014} dossier.local/log-"));
}

#[cfg(unix)]
#[test]
fn the_private_key_is_owner_only_and_stable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let v1 = Ledger::open(dir.path()).unwrap().verifier_key();
    let key = dir.path().join(layout::KEYS).join(layout::PRIVATE_KEY);
    let mode = fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let v2 = Ledger::open(dir.path()).unwrap().verifier_key();
    assert_eq!(v1, v2);
}

#[test]
fn a_second_writer_is_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Ledger::open(dir.path()).unwrap();
    let second = Ledger::open_with(
        dir.path(),
        &OpenOptions {
            no_wait: true,
            ..OpenOptions::default()
        },
    );
    assert!(matches!(second, Err(LedgerError::Locked(_))));
    // Readers need no lock.
    assert_eq!(LedgerReader::open(dir.path()).unwrap().size(), 0);
}

#[test]
fn records_are_validated_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let blob = ledger.store_blob(&b"x"[..]).unwrap();
    let mut r = EntryRecord::for_blob(Kind::Evidence, &blob);
    r.links = vec![0];
    let err = ledger.append(&[r]).unwrap_err().to_string();
    assert!(err.contains("links to 0"), "{err}");
    let mut missing = EntryRecord::for_blob(Kind::Evidence, &blob);
    missing.sha256 = Some("0".repeat(64));
    let err = ledger.append(&[missing]).unwrap_err().to_string();
    assert!(err.contains("not in the store"), "{err}");
    assert_eq!(ledger.size(), 0);
    assert!(ledger.verify().is_ok());
}

fn flip_byte(path: &Path, at: usize) {
    let mut b = fs::read(path).unwrap();
    let at = at.min(b.len() - 1);
    b[at] ^= 0x01;
    fs::write(path, b).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A copy of a ledger with 300 entries (appended as 5 + 295), built once per test run.
fn sample() -> tempfile::TempDir {
    static TEMPLATE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        add_sources(&mut ledger, 0, 5);
        add_sources(&mut ledger, 5, 295);
        dir
    });
    let dir = tempfile::tempdir().unwrap();
    copy_tree(template.path(), dir.path());
    dir
}

fn problems_after(damage: impl FnOnce(&Path)) -> Vec<String> {
    let dir = sample();
    damage(dir.path());
    let key_text =
        fs::read_to_string(dir.path().join(layout::KEYS).join(layout::VERIFIER_KEY)).unwrap();
    let key = Verifier::parse(key_text.trim()).unwrap();
    let report = dossier_ledger::verify::verify_home(dir.path(), &key);
    report.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn tampering_is_found_with_file_and_index() {
    let log = |home: &Path, p: &str| home.join(layout::LOG).join(p);
    // An entry byte inside entry 7 of the full bundle.
    let p = problems_after(|h| {
        let path = log(h, "tile/entries/000");
        let bundle = fs::read(&path).unwrap();
        // Skip 7 entries (length-prefixed) and flip a byte inside the 8th.
        let mut pos = 0;
        for _ in 0..7 {
            pos += 2 + usize::from(u16::from_be_bytes([bundle[pos], bundle[pos + 1]]));
        }
        flip_byte(&path, pos + 20);
    });
    assert!(
        p.iter()
            .any(|s| s.contains("tile/entries/000") && s.contains("(entry 7)")),
        "{p:#?}"
    );
    // A hash in a level-0 tile.
    let p = problems_after(|h| flip_byte(&log(h, "tile/0/000"), 32 * 9 + 3));
    assert!(
        p.iter()
            .any(|s| s.contains("tile/0/000") && s.contains("(entry 9)")),
        "{p:#?}"
    );
    // A hash in the level-1 tile.
    let p = problems_after(|h| flip_byte(&log(h, "tile/1/000.p/1"), 0));
    assert!(p.iter().any(|s| s.contains("tile/1/000.p/1")), "{p:#?}");
    // An older partial tile kept for older checkpoints.
    let p = problems_after(|h| flip_byte(&log(h, "tile/0/000.p/5"), 70));
    assert!(
        p.iter()
            .any(|s| s.contains("tile/0/000.p/5") && s.contains("(entry 2)")),
        "{p:#?}"
    );
    // The checkpoint.
    let p = problems_after(|h| flip_byte(&log(h, "checkpoint"), 25));
    assert!(p.iter().any(|s| s.contains("checkpoint")), "{p:#?}");
    // A blob.
    let p = problems_after(|h| {
        let blobs = h.join(layout::BLOBS).join("sha256");
        let sub = fs::read_dir(&blobs)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let f = fs::read_dir(&sub).unwrap().next().unwrap().unwrap().path();
        flip_byte(&f, 3);
    });
    assert!(
        p.iter()
            .any(|s| s.contains("blobs/sha256") && s.contains("not to its name")),
        "{p:#?}"
    );
    // A deleted blob.
    let p = problems_after(|h| {
        let blobs = h.join(layout::BLOBS).join("sha256");
        let sub = fs::read_dir(&blobs)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let f = fs::read_dir(&sub).unwrap().next().unwrap().unwrap().path();
        fs::remove_file(f).unwrap();
    });
    assert!(
        p.iter()
            .any(|s| s.contains("blob missing") && s.contains("(entry ")),
        "{p:#?}"
    );
    // A deleted tile and a truncated bundle.
    let p = problems_after(|h| fs::remove_file(log(h, "tile/entries/001.p/44")).unwrap());
    assert!(
        p.iter()
            .any(|s| s.contains("tile/entries/001.p/44") && s.contains("(entry 256)")),
        "{p:#?}"
    );
    let p = problems_after(|h| {
        let path = log(h, "tile/entries/000");
        let len = fs::metadata(&path).unwrap().len();
        fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(len - 10)
            .unwrap();
    });
    assert!(p.iter().any(|s| s.contains("tile/entries/000")), "{p:#?}");
    // Nothing damaged: nothing reported.
    assert!(problems_after(|_| {}).is_empty());
}

#[test]
fn opening_a_damaged_log_refuses_to_append() {
    let dir = sample();
    flip_byte(&dir.path().join(layout::LOG).join("tile/0/001.p/44"), 5);
    let err = Ledger::open(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("tile/"),
        "the error names the damaged file: {err}"
    );
}

#[test]
fn cosignatures_count_toward_a_k_of_n_policy() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    add_sources(&mut ledger, 0, 3);
    let witnesses: Vec<Signer> = ["w1.example", "w2.example", "w3.example"]
        .iter()
        .map(|n| Signer::generate(n, ALG_COSIGNATURE_V1).unwrap())
        .collect();
    let text = ledger.reader().checkpoint().to_text();
    for w in &witnesses[..2] {
        ledger
            .add_cosignature(&w.cosign(&text, 1_800_000_000), &w.verifier())
            .unwrap();
    }
    // A cosignature over something else is refused.
    let bad = witnesses[2].cosign("other\n1\nAAAA\n", 1);
    assert!(
        ledger
            .add_cosignature(&bad, &witnesses[2].verifier())
            .is_err()
    );
    let proof = ledger.proof(1).unwrap();
    let entry = ledger.reader().entry(1).unwrap();
    let key = vkey(&ledger);
    let all: Vec<Verifier> = witnesses.iter().map(|w| w.verifier()).collect();
    let two = Policy::k_of_n(all.clone(), 2);
    let ok = verify_tlog_proof(&proof, &entry, &key, Some(&two)).unwrap();
    assert_eq!(ok.signatures.len(), 3);
    let three = Policy::k_of_n(all.clone(), 3);
    let err = verify_tlog_proof(&proof, &entry, &key, Some(&three)).unwrap_err();
    assert!(err.to_string().contains("quorum not met"), "{err}");
    let file = format!(
        "log {}\nwitness a {}\nwitness b {}\nwitness c {}\ngroup g 2 a b c\nquorum g\n",
        key.to_vkey(),
        all[0].to_vkey(),
        all[1].to_vkey(),
        all[2].to_vkey()
    );
    let policy = Policy::parse(&file).unwrap();
    verify_tlog_proof(&proof, &entry, &key, Some(&policy)).unwrap();
    // Cosignatures survive in the checkpoint file and the ledger still verifies.
    assert!(ledger.verify().is_ok());
    // The next append signs a fresh checkpoint (without the old cosignatures).
    add_sources(&mut ledger, 3, 1);
    let proof = ledger.proof(1).unwrap();
    assert!(verify_tlog_proof(&proof, &entry, &key, Some(&two)).is_err());
}

#[test]
fn export_writes_a_verifiable_package_and_logs_custody() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    add_sources(&mut ledger, 0, 4);
    let pkg = out.path().join("bundle");
    let summary = ledger
        .export(&[1, 3], &pkg, Some("clerk".into()), None)
        .unwrap();
    assert_eq!(summary.custody_index, 4);
    assert_eq!(summary.items, vec![1, 3, 4]);
    let custody = ledger.reader().record(4).unwrap();
    assert_eq!(custody.event, Some(CustodyEvent::Exported));
    assert_eq!(custody.links, vec![1, 3]);
    let key = Verifier::parse(fs::read_to_string(pkg.join("vkey")).unwrap().trim()).unwrap();
    for i in [1, 3, 4] {
        let entry = fs::read(pkg.join(format!("items/{i}/entry"))).unwrap();
        let proof = fs::read_to_string(pkg.join(format!("items/{i}/proof.tlog-proof"))).unwrap();
        verify_tlog_proof(&proof, &entry, &key, None).unwrap();
    }
    let blob = fs::read(pkg.join("items/3/blob")).unwrap();
    assert_eq!(blob, b"document number 3");
    let readme = fs::read_to_string(pkg.join("README.txt")).unwrap();
    assert!(readme.contains("verify-proof"));
    let sums = fs::read_to_string(pkg.join("SHA256SUMS")).unwrap();
    assert!(sums.contains("items/3/blob"));
    // Refuses to write into a non-empty directory.
    assert!(ledger.export(&[1], &pkg, None, None).is_err());
}

#[test]
fn leftovers_of_an_interrupted_append_are_moved_aside_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    add_sources(&mut ledger, 0, 5);
    drop(ledger);
    let log = dir.path().join(layout::LOG);
    // What a writer killed between writing tiles and signing would leave behind.
    for p in [
        "tile/0/000.p/7",
        "tile/entries/000.p/7",
        "tile/0/001",
        "tile/1/000.p/1",
    ] {
        let path = log.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, b"uncommitted").unwrap();
    }
    let key = Verifier::parse(
        fs::read_to_string(dir.path().join(layout::KEYS).join(layout::VERIFIER_KEY))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let before = dossier_ledger::verify::verify_home(dir.path(), &key);
    assert!(before.is_ok(), "{:?}", before.problems);
    assert_eq!(before.notes.len(), 4, "{:?}", before.notes);
    let mut ledger = Ledger::open(dir.path()).unwrap();
    for p in [
        "tile/0/000.p/7",
        "tile/entries/000.p/7",
        "tile/0/001",
        "tile/1/000.p/1",
    ] {
        assert!(!log.join(p).exists(), "{p} should be gone");
    }
    add_sources(&mut ledger, 5, 3);
    let after = ledger.verify();
    assert!(after.is_ok() && after.notes.is_empty(), "{after:?}");
}

#[test]
fn readers_see_only_whole_states_while_a_writer_appends() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    add_sources(&mut ledger, 0, 1);
    let key = vkey(&ledger);
    let home = dir.path().to_path_buf();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut checks = 0u32;
            let mut reader = LedgerReader::open(&home).unwrap();
            while !done.load(std::sync::atomic::Ordering::Relaxed) || checks < 5 {
                reader.refresh().unwrap();
                let size = reader.size();
                let last = size - 1;
                let proof = reader.proof(last).unwrap();
                let entry = reader.entry(last).unwrap();
                verify_tlog_proof(&proof, &entry, &key, None).unwrap();
                // A fresh reader sees a state that is whole, too.
                let fresh = LedgerReader::open(&home).unwrap();
                assert!(fresh.size() >= size);
                fresh.proof(fresh.size() - 1).unwrap();
                checks += 1;
            }
            checks
        })
    };
    // Uneven batches so that partial tiles are replaced while the reader works.
    let mut total = 1;
    for n in [3usize, 40, 1, 250, 7, 9, 120] {
        add_sources(&mut ledger, total, n);
        total += n;
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let checks = reader.join().expect("the reader saw no torn state");
    assert!(checks >= 5);
    assert_eq!(ledger.size(), total as u64);
}

#[test]
fn a_wrong_edge_cache_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    add_sources(&mut ledger, 0, 300);
    let key = vkey(&ledger);
    let edge = dir.path().join(layout::EDGE_CACHE);
    let good = fs::read_to_string(&edge).unwrap();
    assert!(good.starts_with("300\n"));
    drop(ledger);
    // Same size, wrong hashes: a reader must not build proofs from it.
    let bad: String = good
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".to_string()
            }
        })
        .collect();
    fs::write(&edge, bad).unwrap();
    let reader = LedgerReader::open(dir.path()).unwrap();
    for i in [0, 100, 255, 256, 299] {
        let proof = reader.proof(i).unwrap();
        verify_tlog_proof(&proof, &reader.entry(i).unwrap(), &key, None).unwrap();
    }
}

#[test]
fn a_lost_signing_key_is_not_silently_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let vkey_before = Ledger::open(dir.path()).unwrap().verifier_key();
    let keys = dir.path().join(layout::KEYS);
    fs::remove_file(keys.join(layout::PRIVATE_KEY)).unwrap();
    let err = Ledger::open(dir.path()).unwrap_err().to_string();
    assert!(err.contains("restore the signing key"), "{err}");
    let vkey_after = fs::read_to_string(keys.join(layout::VERIFIER_KEY)).unwrap();
    assert_eq!(vkey_after.trim(), vkey_before);
}

/// Every file under `dir`, recursively.
fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_flipped_byte_is_reported_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    // Three batches, so older partial tiles and bundles exist beside the current ones.
    add_sources(&mut ledger, 0, 2);
    add_sources(&mut ledger, 2, 3);
    add_sources(&mut ledger, 5, 1);
    let key = vkey(&ledger);
    drop(ledger);
    let mut files = Vec::new();
    all_files(&dir.path().join(layout::LOG), &mut files);
    all_files(&dir.path().join(layout::BLOBS), &mut files);
    files.retain(|f| f.is_file());
    assert!(files.len() > 12, "{files:?}");
    let mut flips = 0;
    for file in &files {
        let original = fs::read(file).unwrap();
        // About 30 positions per file, always including the first and last byte (every byte
        // and both bits were checked once: 4,944 flips, all reported, but ~2 minutes in a
        // debug build).
        let stride = (original.len() / 30).max(1);
        let positions = (0..original.len())
            .step_by(stride)
            .chain([original.len() - 1]);
        for at in positions {
            // The low bit at even positions, the high bit at odd ones.
            let bit = if at % 2 == 0 { 0u8 } else { 7 };
            let mut b = original.clone();
            b[at] ^= 1 << bit;
            fs::write(file, &b).unwrap();
            let report = dossier_ledger::verify::verify_home(dir.path(), &key);
            assert!(
                report.problems.iter().any(|p| p.path == *file),
                "flipping bit {bit} of byte {at} in {} went unreported: {:?}",
                file.display(),
                report.problems
            );
            flips += 1;
        }
        fs::write(file, &original).unwrap();
    }
    assert!(dossier_ledger::verify::verify_home(dir.path(), &key).is_ok());
    println!("{flips} flips in {} files, all reported", files.len());
}
