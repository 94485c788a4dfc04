//! Paths of the static C2SP tlog-tiles layout.
//!
//! `tile/<L>/<N>[.p/<W>]` holds hashes of level `L` (tile height 8, so a full tile is 256
//! hashes, 8,192 bytes); `tile/entries/<N>[.p/<W>]` holds entry bundles: each entry as a
//! big-endian `u16` length followed by its bytes. `N` is written in groups of three digits,
//! all but the last prefixed with `x` (1234067 → `x001/x234/067`).

use std::path::PathBuf;

/// Hashes per full tile, and entries per full bundle.
pub const TILE_WIDTH: u64 = 256;
/// Tile height: a tile at level `L` holds tree nodes of height `8 * L`.
pub const TILE_HEIGHT: u8 = 8;

/// Which kind of tile: hashes at a level, or entry bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TileKind {
    Level(u8),
    Entries,
}

/// One tile file: its kind, index, and width (256 for a full tile, fewer for a partial one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub kind: TileKind,
    pub index: u64,
    pub width: u16,
}

/// `N` in the tlog-tiles path encoding.
pub fn encode_index(n: u64) -> String {
    let mut groups = Vec::new();
    let mut n = n;
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let last = groups.len() - 1;
    groups
        .iter()
        .rev()
        .enumerate()
        .map(|(i, g)| {
            if i < last {
                format!("x{g:03}")
            } else {
                format!("{g:03}")
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl TileId {
    /// The path relative to the log directory.
    pub fn path(&self) -> PathBuf {
        let kind = match self.kind {
            TileKind::Level(l) => l.to_string(),
            TileKind::Entries => "entries".to_string(),
        };
        let mut p = format!("tile/{kind}/{}", encode_index(self.index));
        if u64::from(self.width) < TILE_WIDTH {
            p.push_str(&format!(".p/{}", self.width));
        }
        PathBuf::from(p)
    }

    /// Parses a path relative to the log directory (with `/` separators).
    pub fn parse(path: &str) -> Option<TileId> {
        let rest = path.strip_prefix("tile/")?;
        let (kind, rest) = rest.split_once('/')?;
        let kind = if kind == "entries" {
            TileKind::Entries
        } else {
            if kind.len() > 1 && kind.starts_with('0') {
                return None;
            }
            TileKind::Level(kind.parse().ok()?)
        };
        let (index_part, width) = match rest.split_once(".p/") {
            Some((i, w)) => {
                let w: u16 = w.parse().ok()?;
                if w == 0 || u64::from(w) >= TILE_WIDTH {
                    return None;
                }
                (i, w)
            }
            None => (rest, TILE_WIDTH as u16),
        };
        let groups: Vec<&str> = index_part.split('/').collect();
        let mut n: u64 = 0;
        for (i, g) in groups.iter().enumerate() {
            let digits = if i + 1 < groups.len() {
                g.strip_prefix('x')?
            } else {
                g
            };
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            n = n
                .checked_mul(1000)?
                .checked_add(digits.parse::<u64>().ok()?)?;
        }
        let id = TileId {
            kind,
            index: n,
            width,
        };
        (id.path().to_str() == Some(path)).then_some(id)
    }
}

/// The tiles of `kind` that make up a tree of `size` leaves: full tiles then, if any, the
/// partial tile at the right edge, as (index, width).
pub fn tiles_for_size(kind: TileKind, size: u64) -> impl Iterator<Item = (u64, u16)> {
    let count = match kind {
        TileKind::Entries => size,
        TileKind::Level(l) => size.checked_shr(u32::from(l) * 8).unwrap_or(0),
    };
    let full = count / TILE_WIDTH;
    let partial = (count % TILE_WIDTH) as u16;
    (0..full)
        .map(|i| (i, TILE_WIDTH as u16))
        .chain((partial > 0).then_some((full, partial)))
}

/// The highest hash level that has tiles in a tree of `size` (size > 0).
pub fn top_level(size: u64) -> u8 {
    let mut l = 0u8;
    while size >> (8 * (u32::from(l) + 1)) > 0 {
        l += 1;
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_encoding() {
        assert_eq!(encode_index(0), "000");
        assert_eq!(encode_index(7), "007");
        assert_eq!(encode_index(1234067), "x001/x234/067");
        assert_eq!(encode_index(1000), "x001/000");
        let t = TileId {
            kind: TileKind::Level(1),
            index: 1234067,
            width: 5,
        };
        assert_eq!(t.path().to_str().unwrap(), "tile/1/x001/x234/067.p/5");
        assert_eq!(TileId::parse("tile/1/x001/x234/067.p/5"), Some(t));
        assert_eq!(
            TileId::parse("tile/entries/012"),
            Some(TileId {
                kind: TileKind::Entries,
                index: 12,
                width: 256
            })
        );
        assert_eq!(TileId::parse("tile/0/12"), None);
        assert_eq!(TileId::parse("tile/0/000.p/0"), None);
        assert_eq!(TileId::parse("tile/0/000.p/256"), None);
    }

    #[test]
    fn tiles_and_levels() {
        assert_eq!(top_level(1), 0);
        assert_eq!(top_level(256), 1);
        assert_eq!(top_level(65536), 2);
        let t: Vec<_> = tiles_for_size(TileKind::Level(0), 300).collect();
        assert_eq!(t, vec![(0, 256), (1, 44)]);
        let t: Vec<_> = tiles_for_size(TileKind::Level(1), 300).collect();
        assert_eq!(t, vec![(0, 1)]);
    }
}
