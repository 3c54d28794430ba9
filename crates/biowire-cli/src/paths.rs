//! Where a data folder keeps each of its parts; every command finds them here.

use std::path::{Path, PathBuf};

/// The tantivy index.
pub(crate) fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("index")
}

/// The document store that `reindex` rebuilds from.
pub(crate) fn store_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("documents")
}

/// The crawl state (validators, byte hashes, failures).
pub(crate) fn state_file(data_dir: &Path) -> PathBuf {
    data_dir.join("crawl-state.redb")
}
