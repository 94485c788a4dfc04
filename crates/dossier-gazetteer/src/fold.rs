//! Name folding: the one spelling under which every variant of a name is filed.
//!
//! Folding lowercases, removes accents and other combining marks (after canonical
//! decomposition), drops apostrophes (`'`, `’`, `ʼ`...) and full stops, maps a few letters
//! that do not decompose (`ł` → `l`, `ß` → `ss`), and turns every run of other non-alphanumeric
//! characters (spaces, hyphens) into one space. "Kharkiv", "KHARKIV", "Khárkiv" fold alike,
//! as do "Mar'inka" and "Marinka", "U.S." and "US", "Ivano-Frankivsk" and "Ivano Frankivsk".
//!
//! Cyrillic stays Cyrillic; the gazetteer stores romanised keys (Ukrainian KMU 2010 and
//! Russian BGN/PCGN) for its Cyrillic names at build time, so query text needs no
//! transliteration. `tools/gazetteer/build.py` implements the same function; the two must
//! agree, which the `every_key_is_folded` test checks over the whole artifact.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´' | 'ʹ' | '.')
}

fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' => "l",
        'ø' => "o",
        'đ' => "d",
        'ħ' => "h",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ı' => "i",
        'ŀ' => "l",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    })
}

/// Folds `name` into `out` (cleared first).
pub fn fold_into(name: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    if name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // A plain word (the common case): its lowercase form.
        out.push_str(name);
        out.make_ascii_lowercase();
        return;
    }
    // ASCII, perhaps with typographic apostrophes ("don’t", "Mar’inka": common in news):
    // decomposition changes nothing, and the apostrophes are dropped as in the full path
    // below, so character by character gives the same result without normalising.
    if name.chars().all(|c| c.is_ascii() || is_apostrophe(c)) {
        for c in name.chars() {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c.to_ascii_lowercase());
            } else {
                space = true;
            }
        }
        return;
    }
    fold_unicode(name, out);
}

/// The full fold, for any text (the fast paths above give the same result for theirs).
fn fold_unicode(name: &str, out: &mut String) {
    let mut space = false;
    for ch in name.nfd() {
        if canonical_combining_class(ch) != 0 || is_apostrophe(ch) {
            continue;
        }
        for c in ch.to_lowercase() {
            if canonical_combining_class(c) != 0 {
                continue;
            }
            let keep = c.is_alphanumeric() || special(c).is_some();
            if !keep {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            match special(c) {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        }
    }
}

/// Folds `name` into a new string.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_apostrophes_and_separators() {
        assert_eq!(fold("Khárkiv"), "kharkiv");
        assert_eq!(fold("Mar’inka"), "marinka");
        assert_eq!(fold("Mar'inka"), "marinka");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("Ivano-Frankivsk"), "ivano frankivsk");
        assert_eq!(fold("  Staryi   Saltiv "), "staryi saltiv");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Ізюм"), "ізюм");
        assert_eq!(fold("Київ"), "киів");
    }

    #[test]
    fn fast_paths_fold_as_the_full_fold_does() {
        for name in [
            "Kharkiv",
            "don’t",
            "Mar’inka",
            "Ukraine’s",
            "O‘Brien",
            "ʼYes´",
            "it`s",
            "U.S.",
            "Ivano-Frankivsk",
            " ’ lead’ - trail ",
            "’’",
            "a’-’b",
            "Ізюм’s",
            "Khárkiv’s",
        ] {
            let mut full = String::new();
            fold_unicode(name, &mut full);
            assert_eq!(fold(name), full, "{name:?}");
        }
    }
}
