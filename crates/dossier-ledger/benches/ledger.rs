//! Ledger benchmarks (a plain bench binary):
//!
//! - SHA-256 throughput, the bound for everything that hashes;
//! - durable appends per second (each batch fsynced and signed before `append` returns), for
//!   several batch sizes;
//! - inclusion-proof generation from the tiles on disk at 1M entries (a real log built by
//!   durable appends) and at 10M entries (hash tiles written directly, without entries).
//!
//! Run: `cargo bench -p dossier-ledger --bench ledger` (add `-- --quick` for a smaller run).
//! `DOSSIER_BENCH_DIR` chooses where the logs are built (default: the system temp dir).

use dossier_ledger::merkle::{
    Hash, SubtreeSource, inclusion_proof, leaf_hash, perfect_root, verify_inclusion,
};
use dossier_ledger::tile::{TILE_WIDTH, TileId, TileKind};
use dossier_ledger::{CustodyEvent, EntryRecord, Ledger, TileCache, TileSource};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, Instant};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// A custody record of about 220 bytes, like a typical entry.
fn record(i: u64) -> EntryRecord {
    let mut r = EntryRecord::custody(CustodyEvent::Examined, vec![]);
    r.collected_at = Some("2026-11-24T17:00:00Z".into());
    r.collector = Some("bench".into());
    r.note = Some(format!(
        "examination {i} of the preserved item, with a note of ordinary length for an entry"
    ));
    r.tool = Some(dossier_ledger::tool_name());
    r
}

fn sha256_throughput() {
    let buf = vec![0x5au8; 1 << 20];
    let total_mib = 512;
    let (start, cpu) = (Instant::now(), thread_cpu_time());
    let mut h = Sha256::new();
    for _ in 0..total_mib {
        h.update(&buf);
    }
    std::hint::black_box(h.finalize());
    let s = start.elapsed().as_secs_f64();
    let c = (thread_cpu_time() - cpu).as_secs_f64();
    println!(
        "sha256: {:.0} MB/s wall, {:.0} MB/s per CPU-second ({total_mib} MiB in 1 MiB updates)",
        total_mib as f64 * 1.048_576 / s,
        total_mib as f64 * 1.048_576 / c
    );
    let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
    let n = 2_000_000u64;
    let cpu = thread_cpu_time();
    let mut h = a;
    for _ in 0..n {
        h = dossier_ledger::merkle::node_hash(std::hint::black_box(&h), &b);
    }
    std::hint::black_box(h);
    println!(
        "interior node hash: {:.0} ns of CPU time each",
        (thread_cpu_time() - cpu).as_secs_f64() * 1e9 / n as f64
    );
    // What an append costs in hashing alone: leaf hash + amortised interior nodes.
    let n = 1_000_000u64;
    let entry = record(0).encode().unwrap();
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(leaf_hash(std::hint::black_box(&entry)));
    }
    let s = start.elapsed().as_secs_f64();
    println!(
        "leaf hash of a {}-byte entry: {:.2} M/s (the hashing bound on appends)",
        entry.len(),
        n as f64 / s / 1e6
    );
}

fn appends(base: &Path, batch: usize, total: u64) -> (f64, Ledger) {
    let dir = base.join(format!("append-{batch}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut ledger = Ledger::open(&dir).unwrap();
    let start = Instant::now();
    let mut i = 0u64;
    while i < total {
        let n = (batch as u64).min(total - i);
        let records: Vec<EntryRecord> = (i..i + n).map(record).collect();
        ledger.append(&records).unwrap();
        i += n;
    }
    let rate = total as f64 / start.elapsed().as_secs_f64();
    (rate, ledger)
}

/// CPU time of the calling thread: unlike wall time, it does not count the time other
/// processes on this shared 2-core machine hold the CPU.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we pass and reads nothing else.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn stats(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mean = samples.iter().map(|d| us(*d)).sum::<f64>() / samples.len() as f64;
    format!(
        "mean {:.1} µs, p50 {:.1} µs, p99 {:.1} µs ({} proofs)",
        mean,
        us(samples[samples.len() / 2]),
        us(samples[samples.len() * 99 / 100]),
        samples.len()
    )
}

/// Writes the hash tiles of a log of `size` synthetic leaves (no entries, no fsync) and returns
/// the root; enough for proof generation, which only reads hash tiles.
fn synthetic_tiles(log_dir: &Path, size: u64) -> (Hash, Vec<Hash>) {
    let mut level: Vec<Hash> = (0..size).map(|i| leaf_hash(&i.to_be_bytes())).collect();
    let mut l = 0u8;
    let mut all_levels = Vec::new();
    while !level.is_empty() {
        for (t, chunk) in level.chunks(TILE_WIDTH as usize).enumerate() {
            let id = TileId {
                kind: TileKind::Level(l),
                index: t as u64,
                width: chunk.len() as u16,
            };
            let path = log_dir.join(id.path());
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, chunk.concat()).unwrap();
        }
        let next: Vec<Hash> = level
            .chunks_exact(TILE_WIDTH as usize)
            .map(perfect_root)
            .collect();
        all_levels.push(std::mem::replace(&mut level, next));
        l += 1;
    }
    // The root from the right edge of every level.
    let mut subtrees = Vec::new();
    for tile_level in all_levels.iter().rev() {
        let partial = &tile_level[tile_level.len() - tile_level.len() % TILE_WIDTH as usize..];
        let mut pos = 0;
        for bit in (0..8).rev() {
            let n = 1usize << bit;
            if partial.len() & n != 0 {
                subtrees.push(perfect_root(&partial[pos..pos + n]));
                pos += n;
            }
        }
    }
    (dossier_ledger::merkle::fold_right_edge(&subtrees), subtrees)
}

/// Proof generation for random indices, (cold, warm): cold starts every proof with an empty
/// tile cache (each tile it needs is read from disk and its inner nodes hashed); warm shares
/// one cache across proofs, as a server does.
fn proof_timing(
    log_dir: &Path,
    size: u64,
    root: &Hash,
    edge: &[Hash],
    samples: usize,
    rng: &mut Rng,
) -> (String, String, String) {
    let mut cold = Vec::with_capacity(samples);
    let mut cold_cpu = Vec::with_capacity(samples);
    for _ in 0..samples {
        let i = rng.next() % size;
        let cache = TileCache::default();
        let source = TileSource::new(log_dir, size).with_cache(&cache);
        let (start, cpu) = (Instant::now(), thread_cpu_time());
        let proof = inclusion_proof(&source, i, size).unwrap();
        cold.push(start.elapsed());
        cold_cpu.push(thread_cpu_time() - cpu);
        std::hint::black_box(&proof);
    }
    // What a fresh process (one `dossier archive proof`) does: an empty tile cache, but the
    // right edge of the tree from the writer's edge file.
    let mut edged = Vec::with_capacity(samples);
    let mut edged_cpu = Vec::with_capacity(samples);
    for _ in 0..samples {
        let i = rng.next() % size;
        let cache = TileCache::default();
        assert!(cache.set_edge(size, root, edge));
        let source = TileSource::new(log_dir, size).with_cache(&cache);
        let (start, cpu) = (Instant::now(), thread_cpu_time());
        let proof = inclusion_proof(&source, i, size).unwrap();
        edged.push(start.elapsed());
        edged_cpu.push(thread_cpu_time() - cpu);
        std::hint::black_box(&proof);
    }
    let cache = TileCache::default();
    assert!(cache.set_edge(size, root, edge));
    let source = TileSource::new(log_dir, size).with_cache(&cache);
    let mut warm = Vec::with_capacity(samples);
    let mut warm_cpu = Vec::with_capacity(samples);
    for _ in 0..samples {
        let i = rng.next() % size;
        let (start, cpu) = (Instant::now(), thread_cpu_time());
        let proof = inclusion_proof(&source, i, size).unwrap();
        warm.push(start.elapsed());
        warm_cpu.push(thread_cpu_time() - cpu);
        std::hint::black_box(&proof);
    }
    // One check that the proofs are right (outside the timing).
    let i = size - 1;
    let p = inclusion_proof(&source, i, size).unwrap();
    let leaf = if log_dir.join("tile/entries").exists() {
        leaf_hash(&source.entry(i).unwrap())
    } else {
        leaf_hash(&i.to_be_bytes())
    };
    verify_inclusion(i, size, &leaf, &p, root).unwrap();
    (
        format!("wall {}; CPU {}", stats(cold), stats(cold_cpu)),
        format!("wall {}; CPU {}", stats(edged), stats(edged_cpu)),
        format!("wall {}; CPU {}", stats(warm), stats(warm_cpu)),
    )
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let base = std::env::var_os("DOSSIER_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("dossier-ledger-bench-{}", std::process::id()));
    std::fs::create_dir_all(&base).unwrap();
    println!(
        "machine: {} CPUs; logs under {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        base.display()
    );
    sha256_throughput();
    let per_batch_total = if quick { 20_000 } else { 100_000 };
    for batch in [256usize, 1024, 4096, 16384] {
        let (rate, ledger) = appends(&base, batch, per_batch_total);
        println!(
            "durable appends, batches of {batch:>5}: {rate:>9.0} entries/s ({} entries)",
            ledger.size()
        );
        drop(ledger);
        let _ = std::fs::remove_dir_all(base.join(format!("append-{batch}")));
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // 1M entries, built by durable appends.
    let million = if quick { 100_000 } else { 1_000_000 };
    let (rate, ledger) = appends(&base, 16384, million);
    println!("durable appends building the {million}-entry log: {rate:.0} entries/s");
    let root = ledger.reader().checkpoint().root;
    let log_dir = ledger.reader().log_dir().to_path_buf();
    let edge: Vec<Hash> = dossier_ledger::merkle::right_edge(million)
        .into_iter()
        .map(|(h, i)| {
            TileSource::new(&log_dir, million)
                .with_cache(&TileCache::default())
                .subtree(h, i)
                .unwrap()
        })
        .collect();
    let (cold, edged, warm) = proof_timing(&log_dir, million, &root, &edge, 5000, &mut rng);
    println!("inclusion proof at {million} entries, cold tile cache: {cold}");
    println!("inclusion proof at {million} entries, cold tiles + edge file: {edged}");
    println!("inclusion proof at {million} entries, shared tile cache: {warm}");
    let (mut times, mut cpu_times) = (Vec::new(), Vec::new());
    for _ in 0..2000 {
        let i = rng.next() % million;
        let (start, cpu) = (Instant::now(), thread_cpu_time());
        std::hint::black_box(ledger.proof(i).unwrap());
        times.push(start.elapsed());
        cpu_times.push(thread_cpu_time() - cpu);
    }
    println!(
        "tlog-proof file via Ledger::proof (reader's tile cache) at {million}: wall {}; CPU {}",
        stats(times),
        stats(cpu_times)
    );
    drop(ledger);
    let _ = std::fs::remove_dir_all(base.join("append-16384"));
    // 10M entries: hash tiles only.
    let ten_million = if quick { 1_000_000 } else { 10_000_000 };
    let synth = base.join("synthetic");
    let start = Instant::now();
    let (root, edge) = synthetic_tiles(&synth, ten_million);
    println!(
        "wrote hash tiles for {ten_million} leaves in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let (cold, edged, warm) = proof_timing(&synth, ten_million, &root, &edge, 5000, &mut rng);
    println!("inclusion proof at {ten_million} entries, cold tile cache: {cold}");
    println!("inclusion proof at {ten_million} entries, cold tiles + edge file: {edged}");
    println!("inclusion proof at {ten_million} entries, shared tile cache: {warm}");
    let _ = std::fs::remove_dir_all(&base);
}
