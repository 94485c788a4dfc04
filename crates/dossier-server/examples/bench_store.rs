//! Builds a store with at least N claims for benchmarking the server (docs/BENCHMARKS.md,
//! "Server").
//!
//! ```sh
//! cargo run --release -p dossier-server --example bench_store -- HOME [CLAIMS] [CORPUS_DIR]
//! ```
//!
//! Each text report in CORPUS_DIR (default ../shared/corpus/ukraine-news, else the repository's
//! example report) is extracted once; the store is then filled with variants of those records
//! (a distinct id and publication day each), so the store holds realistic claims at any size
//! without re-running extraction.

use dossier_gazetteer::Gazetteer;
use dossier_store::{Provenance, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let home = PathBuf::from(
        args.next()
            .ok_or("usage: bench_store HOME [CLAIMS] [CORPUS_DIR]")?,
    );
    let target: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/ukraine-news"));

    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    if corpus.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&corpus)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            inputs.push((p.display().to_string(), std::fs::read(&p)?));
        }
    }
    if inputs.is_empty() {
        let p = root.join("examples/reports/border-report.txt");
        inputs.push((p.display().to_string(), std::fs::read(&p)?));
    }

    let started = Instant::now();
    let gazetteer = Gazetteer::embedded();
    let templates: Vec<_> = inputs
        .iter()
        .filter_map(|(name, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let record =
                dossier_extract::extract_text(text, &dossier_model::document_id(bytes), gazetteer);
            (!record.claims.is_empty()).then(|| (name.clone(), record))
        })
        .collect();
    eprintln!(
        "extracted {} reports with claims in {:.1} s",
        templates.len(),
        started.elapsed().as_secs_f64()
    );
    if templates.is_empty() {
        return Err("no report gave any claim".into());
    }

    std::fs::create_dir_all(&home)?;
    let mut store = Store::open(home.join(dossier_server::STORE_FILE))?;
    let started = Instant::now();
    let (mut claims, mut documents) = (store.status()?.claims as usize, 0usize);
    let mut variant = 0usize;
    while claims < target {
        let (name, template) = &templates[variant % templates.len()];
        let mut record = template.clone();
        let mut id_input = template.document.text.as_bytes().to_vec();
        id_input.extend_from_slice(format!("\n#variant {variant}").as_bytes());
        record.document.id = dossier_model::document_id(&id_input);
        let day = variant % 1000;
        let source = record.document.source.get_or_insert_with(Default::default);
        source.published = Some(format!(
            "{}-{:02}-{:02}T12:00:00Z",
            2022 + day / 336,
            day / 28 % 12 + 1,
            day % 28 + 1
        ));
        source.path = Some(format!("{name}#{variant}"));
        store.insert(&record, &Provenance::default())?;
        claims += record.claims.len();
        documents += 1;
        variant += 1;
    }
    eprintln!(
        "stored {documents} documents, {claims} claims in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
