//! GeoNames gazetteer: finds places by any of their spellings.
//!
//! Placeholder until the compact GeoNames artifact lands.

/// A place in the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonameid: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    pub feature: String,
    pub population: u64,
}

/// The loaded gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    pub fn embedded() -> &'static Gazetteer {
        static EMPTY: Gazetteer = Gazetteer {};
        &EMPTY
    }

    /// Every place one of whose names is exactly `name` (case- and accent-folded).
    pub fn lookup(&self, _name: &str) -> Vec<Place> {
        Vec::new()
    }
}
