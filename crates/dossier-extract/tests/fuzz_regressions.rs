//! Replays every input kept in fuzz/regressions/extract/: inputs that once crashed the
//! extractor or produced an invalid record, plus hostile shapes written by hand (unbalanced
//! and deeply nested quotes, a long single line, combining characters).

use std::path::Path;

#[test]
fn every_kept_input_gives_a_valid_record_or_a_clean_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions/extract");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions/extract exists") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let gazetteer = dossier_gazetteer::Gazetteer::embedded();
        match dossier_extract::extract_bytes(&bytes, gazetteer) {
            Ok(record) => {
                if let Err(e) = record.validate() {
                    panic!("{}: invalid record: {e}", path.display());
                }
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{}", path.display()),
        }
        n += 1;
    }
    assert!(n >= 7, "expected the kept inputs, found {n}");
}
