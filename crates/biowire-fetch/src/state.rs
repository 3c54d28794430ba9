//! Crawl state in an embedded store (redb): for every URL, its validators, the hash of the bytes
//! last seen, the last status, and failures with the time of the next retry. Every update is
//! its own ACID transaction, so a crawl killed at any moment resumes from what it had done.

use crate::http::Validators;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
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
    recovered: Option<PathBuf>,
}

impl CrawlState {
    /// Opens or creates the store; fails clearly when another crawl has it open. The state is
    /// a cache of what the index and the document store know, so a damaged file is moved
    /// aside (see [`CrawlState::recovered`]) and the crawl starts over from an empty state:
    /// every page is fetched once more, and pages already indexed come back unchanged.
    pub fn open(path: &Path) -> Result<Self, StateError> {
        let err = |e: &dyn std::fmt::Display| StateError::Store {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
        }
        match open_checked(path) {
            Ok(db) => Ok(CrawlState { db, path: path.to_path_buf(), recovered: None }),
            Err(Damage::Busy) => Err(err(&"another biowire crawl is using it; try again when it ends")),
            Err(Damage::Damaged(why)) => {
                let aside = path.with_extension(format!("redb.damaged-{}", now()));
                std::fs::rename(path, &aside)
                    .map_err(|e| err(&format!("damaged ({why}) and cannot be moved aside: {e}")))?;
                let db = match open_checked(path) {
                    Ok(db) => db,
                    Err(Damage::Busy) => return Err(err(&"another biowire crawl is using it")),
                    Err(Damage::Damaged(e)) => return Err(err(&e)),
                };
                tracing::warn!(path = %path.display(), aside = %aside.display(), cause = %why, "crawl state damaged");
                Ok(CrawlState { db, path: path.to_path_buf(), recovered: Some(aside) })
            }
        }
    }

    /// Where a damaged state file was moved when [`CrawlState::open`] started over.
    pub fn recovered(&self) -> Option<&Path> {
        self.recovered.as_deref()
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

    /// Forgets a URL, durably: the next crawl treats it as never seen.
    pub fn remove(&self, url: &str) -> Result<(), StateError> {
        let txn = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = txn.open_table(PAGES).map_err(|e| self.err(e))?;
            table.remove(url).map_err(|e| self.err(e))?;
        }
        txn.commit().map_err(|e| self.err(e))
    }

    /// The number of URLs known and the latest time (seconds since the epoch) one was fetched.
    pub fn summary(&self) -> Result<(usize, Option<u64>), StateError> {
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = match txn.open_table(PAGES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok((0, None)),
            Err(e) => return Err(self.err(e)),
        };
        let (mut n, mut last) = (0, None::<u64>);
        for entry in table.iter().map_err(|e| self.err(e))? {
            let (_, v) = entry.map_err(|e| self.err(e))?;
            n += 1;
            if let Ok(s) = serde_json::from_str::<PageState>(v.value()) {
                if s.fetched_at > 0 {
                    last = Some(last.map_or(s.fetched_at, |l| l.max(s.fetched_at)));
                }
            }
        }
        Ok((n, last))
    }
}

/// Why a state file could not be used.
enum Damage {
    /// Another process holds it.
    Busy,
    /// It cannot be read: what went wrong.
    Damaged(String),
}

/// Opens the database and reads every entry once, so damage shows now and not mid-crawl;
/// redb panics on some damage, which is caught here.
fn open_checked(path: &Path) -> Result<Database, Damage> {
    let attempt = std::panic::catch_unwind(|| -> Result<Database, Damage> {
        let db = Database::create(path).map_err(|e| match e {
            redb::DatabaseError::DatabaseAlreadyOpen => Damage::Busy,
            other => Damage::Damaged(other.to_string()),
        })?;
        let txn = db.begin_read().map_err(|e| Damage::Damaged(e.to_string()))?;
        match txn.open_table(PAGES) {
            Ok(table) => {
                for entry in table.iter().map_err(|e| Damage::Damaged(e.to_string()))? {
                    let (_, v) = entry.map_err(|e| Damage::Damaged(e.to_string()))?;
                    serde_json::from_str::<PageState>(v.value())
                        .map_err(|e| Damage::Damaged(e.to_string()))?;
                }
            }
            Err(redb::TableError::TableDoesNotExist(_)) => {}
            Err(e) => return Err(Damage::Damaged(e.to_string())),
        }
        drop(txn);
        Ok(db)
    });
    attempt.unwrap_or_else(|_| Err(Damage::Damaged("the store's own checks failed".into())))
}

/// How long a URL waits before it is asked for again after `failures` failed fetches in a
/// row: an hour, doubling per failure, at most a week (the local crawl state and the shared
/// store use the same rule).
pub fn retry_wait(failures: u32) -> std::time::Duration {
    std::time::Duration::from_secs(3600u64.saturating_mul(1 << failures.min(7)).min(7 * 24 * 3600))
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

    #[test]
    fn a_damaged_state_file_is_moved_aside_and_the_crawl_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.redb");
        {
            let store = CrawlState::open(&path).unwrap();
            store.put("https://x/1", &PageState { status: "ok".into(), ..PageState::default() }).unwrap();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        for b in bytes.iter_mut().take(64) {
            *b = b'#';
        }
        std::fs::write(&path, &bytes).unwrap();
        let store = CrawlState::open(&path).expect("a damaged state is replaced");
        let aside = store.recovered().expect("the damaged file was kept").to_path_buf();
        assert!(aside.exists() && aside.to_string_lossy().contains("damaged"), "{}", aside.display());
        assert_eq!(store.get("https://x/1").unwrap(), None);
        store.put("https://x/2", &PageState::default()).unwrap();
    }

    #[test]
    fn a_state_in_use_is_not_taken_for_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.redb");
        let _first = CrawlState::open(&path).unwrap();
        let err = CrawlState::open(&path).err().expect("second open refused").to_string();
        assert!(err.contains("another biowire crawl"), "{err}");
        assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "nothing moved aside");
    }
}
