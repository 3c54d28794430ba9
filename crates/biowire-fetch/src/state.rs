//! Crawl state in an embedded store (redb): for every URL, its validators, the hash of the bytes
//! last seen, the last status, and failures with the time of the next retry. Every update is
//! its own ACID transaction, so a crawl killed at any moment resumes from what it had done.

use crate::http::Validators;
use redb::{Database, ReadableDatabase, TableDefinition};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const PAGES: TableDefinition<&str, &str> = TableDefinition::new("pages");

/// Errors of the state store; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The store cannot be opened, read or written (or another crawl holds it).
    #[error("crawl state `{}`: {message}", .path.display())]
    Store {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

/// What the crawl knows of one URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageState {
    /// Validators for the next conditional GET.
    pub validators: Validators,
    /// SHA-256 of the bytes last fetched: the same bytes are not parsed again.
    pub bytes_sha256: Option<String>,
    /// `ok`, `not_modified`, `disallowed`, or the last error.
    pub status: String,
    /// When it was last fetched, in seconds since the Unix epoch.
    pub fetched_at: u64,
    /// Failures in a row.
    pub failures: u32,
    /// Before this time (seconds since the epoch) a failed URL is not retried.
    pub retry_after: u64,
}

/// The crawl state of one data folder.
pub struct CrawlState {
    db: Database,
    path: PathBuf,
}

impl CrawlState {
    /// Opens or creates the store; fails clearly when another crawl has it open.
    pub fn open(path: &Path) -> Result<Self, StateError> {
        let err = |e: &dyn std::fmt::Display| StateError::Store {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
        }
        let db = Database::create(path).map_err(|e| err(&e))?;
        Ok(CrawlState { db, path: path.to_path_buf() })
    }

    fn err(&self, e: impl std::fmt::Display) -> StateError {
        StateError::Store { path: self.path.clone(), message: e.to_string() }
    }

    /// What is known of a URL.
    pub fn get(&self, url: &str) -> Result<Option<PageState>, StateError> {
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = match txn.open_table(PAGES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(self.err(e)),
        };
        let Some(v) = table.get(url).map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        serde_json::from_str(v.value()).map(Some).map_err(|e| self.err(format!("entry for `{url}`: {e}")))
    }

    /// Records what happened to a URL, durably.
    pub fn put(&self, url: &str, state: &PageState) -> Result<(), StateError> {
        let json = serde_json::to_string(state).expect("page state serializes");
        let txn = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = txn.open_table(PAGES).map_err(|e| self.err(e))?;
            table.insert(url, json.as_str()).map_err(|e| self.err(e))?;
        }
        txn.commit().map_err(|e| self.err(e))
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.redb");
        let s = PageState { status: "ok".into(), failures: 2, ..PageState::default() };
        {
            let store = CrawlState::open(&path).unwrap();
            assert_eq!(store.get("https://x/1").unwrap(), None);
            store.put("https://x/1", &s).unwrap();
        }
        let store = CrawlState::open(&path).unwrap();
        assert_eq!(store.get("https://x/1").unwrap(), Some(s));
    }

    #[test]
    fn a_second_opener_gets_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.redb");
        let _held = CrawlState::open(&path).unwrap();
        let err = CrawlState::open(&path).err().unwrap().to_string();
        assert!(err.starts_with(&format!("crawl state `{}`", path.display())), "{err}");
    }
}
