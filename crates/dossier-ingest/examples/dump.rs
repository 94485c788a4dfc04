//! Prints the documents dossier-ingest reads from each file, one JSON object per line
//! (without `raw`, which can be large), and each file's summary on standard error.
//!
//! ```sh
//! cargo run -p dossier-ingest --example dump -- FILE...
//! ```

fn main() {
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let result = dossier_ingest::read_file_with(path, &mut |mut document| {
            document.raw = None;
            println!(
                "{}",
                serde_json::to_string(&document).expect("serialisable")
            );
        });
        match result {
            Ok(summary) => eprintln!(
                "{arg}: {}",
                serde_json::to_string(&summary).expect("serialisable")
            ),
            Err(error) => {
                eprintln!("{error}");
                failed = true;
            }
        }
    }
    std::process::exit(i32::from(failed));
}
