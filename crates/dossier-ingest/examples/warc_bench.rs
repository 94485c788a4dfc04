//! WARC.gz streaming bench: packs Mozilla Readability's 130 test pages as HTTP `response`
//! records (with `sha1` payload digests) into a gzip-per-record WARC, ROUNDS times over, then
//! reads it back with `read_file_with` and prints documents/s, uncompressed MB/s and peak RSS.
//! Peak RSS stays near one record's size however big the archive is, because the reader
//! streams.
//!
//! ```sh
//! cargo run --release -p dossier-ingest --example warc_bench [-- ROUNDS]
//! ```

use std::io::Write;
use std::time::Instant;

use sha1::{Digest, Sha1};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/readability/test/test-pages");
    if !root.is_dir() {
        println!("skipped: ../shared not found");
        return;
    }
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(4);
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("pages.warc.gz");
    let (records, uncompressed) = write_warc(&root, rounds, &path);
    let compressed = std::fs::metadata(&path).expect("written").len();
    let rss_before = peak_rss_kib();

    let started = Instant::now();
    let mut documents = 0usize;
    let mut text_bytes = 0usize;
    let summary = dossier_ingest::read_file_with(&path, &mut |document| {
        documents += 1;
        text_bytes += document.text.len();
    })
    .expect("readable WARC");
    let seconds = started.elapsed().as_secs_f64();
    let mismatches = summary
        .warnings
        .iter()
        .filter(|warning| warning.message.contains("Digest mismatch"))
        .count();
    println!(
        "WARC.gz: {records} response records, {:.1} MiB uncompressed, {:.1} MiB compressed",
        uncompressed as f64 / 1048576.0,
        compressed as f64 / 1048576.0
    );
    println!(
        "read {documents} documents ({:.1} MiB of text) in {seconds:.2} s: {:.0} documents/s, \
         {:.1} MB/s uncompressed; digest mismatches {mismatches}",
        text_bytes as f64 / 1048576.0,
        documents as f64 / seconds,
        uncompressed as f64 / seconds / 1e6
    );
    println!(
        "peak RSS {:.0} MiB (before reading: {:.0} MiB)",
        peak_rss_kib() as f64 / 1024.0,
        rss_before as f64 / 1024.0
    );
}

/// Writes the pages as WARC records, one gzip member each; returns the record count and
/// the uncompressed size.
fn write_warc(root: &std::path::Path, rounds: usize, path: &std::path::Path) -> (usize, usize) {
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .expect("pages")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|dir| dir.join("source.html").is_file())
        .collect();
    dirs.sort();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let (mut records, mut uncompressed) = (0, 0);
    for round in 0..rounds {
        for (index, dir) in dirs.iter().enumerate() {
            let body = std::fs::read(dir.join("source.html")).expect("source.html");
            let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
            block.extend_from_slice(&body);
            let digest = data_encoding::BASE32.encode(&Sha1::digest(&body));
            let name = dir.file_name().unwrap().to_string_lossy();
            let mut record = format!(
                "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{:012}>\r\n\
                 WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: http://fakehost/{round}/{name}/\r\n\
                 Content-Type: application/http; msgtype=response\r\nWARC-Payload-Digest: sha1:{digest}\r\n\
                 Content-Length: {}\r\n\r\n",
                round * dirs.len() + index,
                block.len()
            )
            .into_bytes();
            record.extend_from_slice(&block);
            record.extend_from_slice(b"\r\n\r\n");
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&record).expect("compress");
            out.write_all(&gz.finish().expect("compress"))
                .expect("write");
            records += 1;
            uncompressed += record.len();
        }
    }
    out.flush().expect("write");
    (records, uncompressed)
}

/// The process's peak resident set size so far (Linux `VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))?
                .to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}
