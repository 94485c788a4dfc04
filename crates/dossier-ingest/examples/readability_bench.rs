//! HTML extraction bench on Mozilla Readability's 130 test pages: quality (mean word-F1
//! against `expected.html`, title and byline match) and speed (pages/s, median ms per page,
//! peak RSS) of dossier-ingest, side by side with trafilatura when Python has it.
//!
//! ```sh
//! cargo run --release -p dossier-ingest --example readability_bench [-- ROUNDS]
//! ```
//!
//! Runs single-threaded. Needs ../shared beside the repository; trafilatura is optional
//! (`pip install trafilatura lxml_html_clean`).

#[path = "../tests/support/readability_eval.rs"]
mod eval;

use std::process::Command;
use std::time::Instant;

fn main() {
    let Some(root) = eval::pages_root() else {
        println!("skipped: ../shared not found");
        return;
    };
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(5);
    let dirs = eval::page_dirs(&root);
    let sources: Vec<Vec<u8>> = dirs
        .iter()
        .map(|dir| std::fs::read(dir.join("source.html")).expect("source.html"))
        .collect();
    let references: Vec<eval::Reference> = dirs.iter().map(|dir| eval::reference(dir)).collect();
    let total_bytes: usize = sources.iter().map(Vec::len).sum();

    // Quality (one pass), then speed (ROUNDS passes, every page each round).
    let mut scores = Vec::with_capacity(dirs.len());
    for ((dir, source), reference) in dirs.iter().zip(&sources).zip(&references) {
        let reading =
            dossier_ingest::read_bytes("source.html", source, Some(dossier_ingest::Format::Html))
                .expect("readable page");
        let document = &reading.documents[0];
        scores.push(eval::score(
            dir,
            reference,
            &document.text,
            document.title.as_deref(),
            document.byline.as_deref(),
        ));
    }
    let mut per_page_ms = Vec::with_capacity(dirs.len() * rounds);
    let started = Instant::now();
    for _ in 0..rounds {
        for source in &sources {
            let page_started = Instant::now();
            let reading = dossier_ingest::read_bytes(
                "source.html",
                source,
                Some(dossier_ingest::Format::Html),
            )
            .expect("readable page");
            std::hint::black_box(reading);
            per_page_ms.push(page_started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    per_page_ms.sort_by(f64::total_cmp);
    let pages_timed = per_page_ms.len();
    let ours = Row {
        name: "dossier-ingest (dom_smoothie)".into(),
        scores,
        pages_per_second: pages_timed as f64 / elapsed,
        median_ms: per_page_ms[pages_timed / 2],
        peak_rss_mib: peak_rss_kib().map(|kib| kib as f64 / 1024.0),
    };

    println!(
        "{} pages, {:.1} MiB of HTML, {rounds} timed rounds, one thread",
        dirs.len(),
        total_bytes as f64 / 1048576.0
    );
    println!(
        "| extractor | mean word-F1 | exact pages | title match | byline match | pages/s | median ms/page | peak RSS MiB |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    ours.print();
    match trafilatura(&root, &dirs, &references) {
        Ok(row) => row.print(),
        Err(reason) => println!("trafilatura not run: {reason}"),
    }
}

struct Row {
    name: String,
    scores: Vec<eval::PageScore>,
    pages_per_second: f64,
    median_ms: f64,
    peak_rss_mib: Option<f64>,
}

impl Row {
    fn print(&self) {
        let (mean_f1, titles, bylines) = eval::summarise(&self.scores);
        let exact = self
            .scores
            .iter()
            .filter(|score| score.f1 >= 0.9999)
            .count();
        println!(
            "| {} | {mean_f1:.4} | {exact}/{} | {:.1}% | {:.1}% | {:.0} | {:.2} | {} |",
            self.name,
            self.scores.len(),
            titles * 100.0,
            bylines * 100.0,
            self.pages_per_second,
            self.median_ms,
            self.peak_rss_mib
                .map_or("?".to_owned(), |mib| format!("{mib:.0}")),
        );
    }
}

/// The process's peak resident set size so far (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn trafilatura(
    root: &std::path::Path,
    dirs: &[std::path::PathBuf],
    references: &[eval::Reference],
) -> Result<Row, String> {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/trafilatura_pages.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(root)
        .output()
        .map_err(|error| format!("cannot run python3: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.lines().last().unwrap_or("python3 failed").to_owned());
    }
    let mut scores = Vec::new();
    let mut seconds = Vec::new();
    let mut peak_rss_mib = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if let Some(kib) = value["peak_rss_kib"].as_f64() {
            peak_rss_mib = Some(kib / 1024.0);
            continue;
        }
        let page = value["page"].as_str().unwrap_or_default();
        let Some(index) = dirs
            .iter()
            .position(|dir| dir.file_name().is_some_and(|name| name == page))
        else {
            continue;
        };
        seconds.push(value["seconds"].as_f64().unwrap_or_default());
        scores.push(eval::score(
            &dirs[index],
            &references[index],
            value["text"].as_str().unwrap_or_default(),
            value["title"].as_str(),
            value["byline"].as_str(),
        ));
    }
    if scores.is_empty() {
        return Err("no pages in its output".into());
    }
    let total: f64 = seconds.iter().sum();
    seconds.sort_by(f64::total_cmp);
    Ok(Row {
        name: "trafilatura (Python)".into(),
        pages_per_second: scores.len() as f64 / total,
        median_ms: seconds[seconds.len() / 2] * 1000.0,
        scores,
        peak_rss_mib,
    })
}
