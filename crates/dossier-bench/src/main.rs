//! `dossier-bench extract`: extraction throughput, start-up time and peak memory, side by side
//! with spaCy `en_core_web_sm` + textacy's `direct_quotations` on the same texts.
//!
//! Run from the repository root, with ../shared beside it:
//!
//! ```sh
//! cargo build --release -p dossier -p dossier-bench
//! target/release/dossier-bench extract
//! ```
//!
//! Numbers go in docs/BENCHMARKS.md. This is a bench binary, not a test: nothing here asserts
//! a speed.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// mimalloc instead of the system allocator: extraction makes many small, short-lived
/// allocations, and glibc's malloc and free were about a fifth of its instructions
/// (docs/BENCHMARKS.md). The bench uses the same allocator as the binary it measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("extract") => extract(&args[1..]),
        _ => bail!(
            "usage: dossier-bench extract [--shared DIR] [--no-peer] [--seconds N] [--stages] [--big MB]"
        ),
    }
}

struct Options {
    shared: PathBuf,
    peer: bool,
    seconds: f64,
    /// Also time each pipeline stage separately.
    stages: bool,
    /// Also time one synthetic document of this many megabytes (the news articles
    /// concatenated), to catch stages that are not linear in one document's length.
    big_mb: Option<f64>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        shared: PathBuf::from("../shared"),
        peer: true,
        seconds: 5.0,
        stages: false,
        big_mb: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shared" => o.shared = it.next().context("--shared DIR")?.into(),
            "--no-peer" => o.peer = false,
            "--seconds" => o.seconds = it.next().context("--seconds N")?.parse()?,
            "--stages" => o.stages = true,
            "--big" => o.big_mb = Some(it.next().context("--big MB")?.parse()?),
            other => bail!("unknown option {other}"),
        }
    }
    Ok(o)
}

/// A named set of documents.
struct Corpus {
    name: &'static str,
    texts: Vec<String>,
}

impl Corpus {
    fn bytes(&self) -> usize {
        self.texts.iter().map(String::len).sum()
    }
}

fn load_corpora(shared: &Path) -> Result<Vec<Corpus>> {
    let news_dir = shared.join("corpus/ukraine-news");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&news_dir)
        .with_context(|| {
            format!(
                "{} (is ../shared beside the repository?)",
                news_dir.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let news = files
        .iter()
        .map(std::fs::read_to_string)
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut polnear = Vec::new();
    for split in ["train", "dev"] {
        let path = shared.join(format!("corpus/polnear/{split}.jsonl"));
        for line in std::fs::read_to_string(&path)
            .with_context(|| path.display().to_string())?
            .lines()
        {
            let v: serde_json::Value = serde_json::from_str(line)?;
            polnear.push(v["text"].as_str().unwrap_or_default().to_string());
        }
    }
    Ok(vec![
        Corpus {
            name: "ukraine-news",
            texts: news,
        },
        Corpus {
            name: "polnear",
            texts: polnear,
        },
    ])
}

/// Peak resident set size of this process, in MiB (Linux `VmHWM`).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

struct Throughput {
    mb_per_s: f64,
    docs_per_s: f64,
    claims: usize,
}

fn measure(corpus: &Corpus, min_time: Duration) -> Throughput {
    let gazetteer = dossier_gazetteer::Gazetteer::embedded();
    let mut rounds = 0u32;
    let mut claims = 0usize;
    let start = Instant::now();
    while rounds == 0 || start.elapsed() < min_time {
        for t in &corpus.texts {
            let r = dossier_extract::extract_text(t, "bench", gazetteer);
            claims += r.claims.len();
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    Throughput {
        mb_per_s: corpus.bytes() as f64 * rounds as f64 / secs / 1e6,
        docs_per_s: corpus.texts.len() as f64 * rounds as f64 / secs,
        claims: claims / rounds as usize,
    }
}

/// Pipeline stages in the order `dossier_extract::extract_text` runs them.
const STAGES: [&str; 7] = [
    "sentences",
    "entities",
    "claims",
    "coref",
    "hedges",
    "events",
    "assemble",
];

/// Seconds spent in each stage over one pass of `texts`, run the way `extract_text` runs
/// them.
fn stage_seconds(texts: &[String]) -> [f64; 7] {
    use dossier_extract::{assemble, claims, coref, entities, events, hedges};
    let gazetteer = dossier_gazetteer::Gazetteer::embedded();
    let mut secs = [0.0; 7];
    for text in texts {
        let mut t = Instant::now();
        let mut lap = |k: usize, t: &mut Instant| {
            secs[k] += t.elapsed().as_secs_f64();
            *t = Instant::now();
        };
        let sentences = dossier_text::sentences(text);
        lap(0, &mut t);
        // The entity scan's words also say which sentences the claim, hedge and event
        // rules look at: counted with entities.
        let (mut found, triggers) = entities::find_with_triggers(text, &sentences, gazetteer);
        lap(1, &mut t);
        let mut claims = claims::find(text, &sentences, &triggers);
        lap(2, &mut t);
        coref::resolve_speakers(text, &sentences, &mut claims, &mut found, gazetteer);
        lap(3, &mut t);
        let hedges = hedges::find(text, &sentences, &triggers, &mut claims);
        lap(4, &mut t);
        let events = events::find_with_triggers(text, &sentences, &found, &claims, &triggers);
        lap(5, &mut t);
        let record = assemble::record(text, "bench", &claims, &found, &hedges, &events);
        lap(6, &mut t);
        std::hint::black_box(record);
    }
    secs
}

/// Prints each stage's share of the time over `texts`, repeated for at least `min_time`.
fn print_stages(name: &str, texts: &[String], min_time: Duration) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let mut total = [0.0; 7];
    let mut rounds = 0u32;
    while rounds == 0 || start.elapsed() < min_time {
        for (k, s) in stage_seconds(texts).iter().enumerate() {
            total[k] += s;
        }
        rounds += 1;
    }
    let all: f64 = total.iter().sum();
    let line: Vec<String> = STAGES
        .iter()
        .zip(&total)
        .map(|(n, s)| format!("{n} {:.0}%", 100.0 * s / all))
        .collect();
    println!(
        "  {name}: {:.1} MB/s in stages; {}",
        bytes as f64 * f64::from(rounds) / all / 1e6,
        line.join(", ")
    );
}

/// One synthetic document of at least `mb` megabytes: the texts, blank-line separated,
/// repeated as needed.
fn big_document(texts: &[String], mb: f64) -> String {
    let want = (mb * 1e6) as usize;
    let mut doc = String::with_capacity(want + 100_000);
    while doc.len() < want && !texts.is_empty() {
        for t in texts {
            doc.push_str(t);
            doc.push_str("\n\n");
            if doc.len() >= want {
                break;
            }
        }
    }
    doc
}

/// Median wall time of `dossier read` on a one-line input: process start, gazetteer load,
/// extraction and exit.
fn startup_ms() -> Result<Option<f64>> {
    let exe = std::env::current_exe()?;
    let dossier = exe.with_file_name("dossier");
    if !dossier.exists() {
        return Ok(None);
    }
    let dir = std::env::temp_dir().join(format!("dossier-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let input = dir.join("one-line.txt");
    std::fs::write(
        &input,
        "The governor of Kharkiv said the bridge was open.\n",
    )?;
    let mut times = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        let status = Command::new(&dossier)
            .arg("read")
            .arg(&input)
            .output()?
            .status;
        anyhow::ensure!(status.success(), "dossier read failed");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::remove_dir_all(&dir).ok();
    times.sort_by(f64::total_cmp);
    Ok(Some(times[times.len() / 2]))
}

/// Runs tools/bench/spacy_textacy.py on the same texts, if spaCy is installed.
fn peer(shared: &Path, corpus: &str) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/bench/spacy_textacy.py");
    let out = Command::new("python3")
        .arg(script)
        .arg("--shared")
        .arg(shared)
        .arg("--corpus")
        .arg(corpus)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "peer skipped: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn extract(args: &[String]) -> Result<()> {
    let o = options(args)?;
    let t = Instant::now();
    let _ = dossier_gazetteer::Gazetteer::embedded();
    let gazetteer_ms = t.elapsed().as_secs_f64() * 1000.0;
    let corpora = load_corpora(&o.shared)?;
    println!(
        "machine: {} cores; one thread",
        std::thread::available_parallelism()?.get()
    );
    println!("gazetteer load: {gazetteer_ms:.1} ms");
    if let Some(ms) = startup_ms()? {
        println!("start-up (`dossier read` on a one-line file, median of 21): {ms:.1} ms");
    }
    println!();
    println!(
        "| corpus | docs | MB | dossier MB/s | dossier docs/s | claims/doc | spaCy+textacy MB/s | docs/s | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for c in &corpora {
        let ours = measure(c, Duration::from_secs_f64(o.seconds));
        let theirs = if o.peer {
            peer(&o.shared, c.name)
        } else {
            None
        };
        let (p_mbs, p_docs, ratio) = match &theirs {
            Some(v) => {
                let mbs = v["mb_per_s"].as_f64().unwrap_or(f64::NAN);
                (
                    format!("{mbs:.3}"),
                    format!("{:.1}", v["docs_per_s"].as_f64().unwrap_or(f64::NAN)),
                    format!("{:.0}×", ours.mb_per_s / mbs),
                )
            }
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {} | {} | {:.2} | {:.1} | {:.0} | {:.1} | {} | {} | {} |",
            c.name,
            c.texts.len(),
            c.bytes() as f64 / 1e6,
            ours.mb_per_s,
            ours.docs_per_s,
            ours.claims as f64 / c.texts.len() as f64,
            p_mbs,
            p_docs,
            ratio
        );
        if let Some(v) = theirs {
            println!(
                "  (spaCy peak RSS {:.0} MiB)",
                v["peak_rss_mib"].as_f64().unwrap_or(f64::NAN)
            );
        }
    }
    if o.stages {
        println!("\nper stage (one thread, time summed over documents):");
        for c in &corpora {
            print_stages(c.name, &c.texts, Duration::from_secs_f64(o.seconds));
        }
    }
    if let Some(mb) = o.big_mb {
        let doc = big_document(&corpora[0].texts, mb);
        println!(
            "\none synthetic document of {:.1} MB (the news articles concatenated):",
            doc.len() as f64 / 1e6
        );
        print_stages("big", std::slice::from_ref(&doc), Duration::ZERO);
    }
    if let Some(rss) = peak_rss_mib() {
        println!("\ndossier peak RSS (corpora in memory included): {rss:.0} MiB");
    }
    Ok(())
}
