//! Fuzzes the whole extraction pipeline on arbitrary bytes: it must never panic, and every
//! record it returns must pass `DocumentRecord::validate` (spans inside the text, on code
//! point boundaries, each `text` exactly the text at its span, no dangling ids).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let gazetteer = dossier_gazetteer::Gazetteer::embedded();
    if let Ok(record) = dossier_extract::extract_bytes(data, gazetteer) {
        if let Err(e) = record.validate() {
            panic!("invalid record: {e}");
        }
    }
});
