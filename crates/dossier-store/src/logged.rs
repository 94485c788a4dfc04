//! Which blobs the archive log already holds as `source` entries.
//!
//! Ingesting the same bytes twice must reuse their log entry, not append another. Finding it
//! by reading the log costs a read of every entry bundle; this table answers "which entry
//! logs the blob with this SHA-256?" with one lookup. It is only a hint: the log is the
//! truth, so a caller checks the entry an answer names before relying on it (one bundle
//! read) and appends a new entry when it does not match.
//!
//! The table is complete up to a log size, [`Store::logged_sources_scanned`]: every source
//! entry below it is recorded. Entries appended later by another writer (a server upload, an
//! `archive add`, a run that was killed between its append and its record) are found by
//! scanning the log from that size on and recording what the scan finds.

use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};
use std::ops::Range;

impl Store {
    /// The log index recorded for the source blob `sha256` (lowercase hex), if any. Check the
    /// entry in the log before trusting it.
    pub fn logged_source(&self, sha256: &str) -> Result<Option<u64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT log_index FROM logged_sources WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get::<_, i64>(0))
            .optional()?
            .map(|index| index as u64))
    }

    /// The log size below which every source entry is recorded.
    pub fn logged_sources_scanned(&self) -> Result<u64, StoreError> {
        let size: i64 = self.conn.query_row(
            "SELECT size FROM logged_sources_scan WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(size as u64)
    }

    /// Records the source entries `sources` (blob SHA-256, log index), which are every source
    /// entry of the log indexes `covered`. A blob already recorded takes the new index (both
    /// are entries for the same bytes; the later one was just read from the log). When the
    /// table was complete up to `covered.start` or beyond, it is now complete up to
    /// `covered.end`; otherwise a gap remains and the scanned size stays.
    pub fn record_logged_sources(
        &mut self,
        sources: &[(String, u64)],
        covered: Range<u64>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO logged_sources (sha256, log_index) VALUES (?1, ?2)
                 ON CONFLICT (sha256) DO UPDATE SET log_index = excluded.log_index",
            )?;
            for (sha256, index) in sources {
                insert.execute(params![sha256, *index as i64])?;
            }
            tx.execute(
                "UPDATE logged_sources_scan SET size = max(size, ?2) WHERE id = 1 AND size >= ?1",
                params![covered.start as i64, covered.end as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets every recorded source, for a log that no longer extends the one they were
    /// recorded from (it is shorter than the scanned size).
    pub fn forget_logged_sources(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM logged_sources", [])?;
        tx.execute("UPDATE logged_sources_scan SET size = 0 WHERE id = 1", [])?;
        tx.commit()?;
        Ok(())
    }
}
