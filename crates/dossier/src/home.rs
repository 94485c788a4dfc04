//! The Dossier home directory: where the archive, the log and the database live.

use std::path::PathBuf;

/// The resolved `--home` (or `DOSSIER_HOME`, or the platform default).
#[derive(Debug, Clone)]
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    pub fn resolve(explicit: Option<PathBuf>) -> Home {
        let dir = explicit.unwrap_or_else(default_dir);
        Home { dir }
    }
}

fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("dossier");
    }
    match std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        Some(h) => PathBuf::from(h).join(".local/share/dossier"),
        None => PathBuf::from(".dossier"),
    }
}
