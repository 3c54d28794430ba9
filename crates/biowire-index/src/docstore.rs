//! The document store: every parsed document as JSON, one file per content hash, beside the
//! index. It is the source `biowire reindex` rebuilds a damaged or outdated index from, so it
//! is written before the index and never rewritten.

use biowire_core::Document;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Errors of the document store; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file could not be read or written.
    #[error("document store `{}`: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A stored document is not valid JSON.
    #[error("document store file `{}` is damaged: {message}", .path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// A folder of documents keyed by content hash.
#[derive(Debug, Clone)]
pub struct DocStore {
    dir: PathBuf,
}

impl DocStore {
    /// Opens (and creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
        Ok(DocStore { dir: dir.to_path_buf() })
    }

    fn path_of(&self, sha: &str) -> PathBuf {
        let shard = sha.get(..2).unwrap_or("00");
        self.dir.join(shard).join(format!("{sha}.json"))
    }

    /// Stores a document unless its content is stored already. The file appears whole or not
    /// at all: it is written under a temporary name, synced, then renamed.
    pub fn put(&self, doc: &Document) -> Result<(), StoreError> {
        let path = self.path_of(&doc.content_sha256);
        if path.exists() {
            return Ok(());
        }
        let io = |source, path: &Path| StoreError::Io { path: path.to_path_buf(), source };
        let parent = path.parent().expect("store paths have a shard folder");
        fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
        let json = serde_json::to_vec(doc).expect("documents serialize");
        let mut f = fs::File::create(&tmp).map_err(|e| io(e, &tmp))?;
        f.write_all(&json).and_then(|()| f.sync_all()).map_err(|e| io(e, &tmp))?;
        fs::rename(&tmp, &path).map_err(|e| io(e, &path))
    }

    /// Every stored document, in a stable order (by content hash). Damaged files are reported
    /// one by one, not fatal to the rest.
    pub fn documents(&self) -> Result<Vec<Result<Document, StoreError>>, StoreError> {
        let mut files = Vec::new();
        for shard in
            fs::read_dir(&self.dir).map_err(|source| StoreError::Io { path: self.dir.clone(), source })?
        {
            let shard = shard.map_err(|source| StoreError::Io { path: self.dir.clone(), source })?.path();
            if !shard.is_dir() {
                continue;
            }
            for f in fs::read_dir(&shard).map_err(|source| StoreError::Io { path: shard.clone(), source })? {
                let f = f.map_err(|source| StoreError::Io { path: shard.clone(), source })?.path();
                if f.extension().is_some_and(|e| e == "json") {
                    files.push(f);
                }
            }
        }
        files.sort();
        Ok(files
            .into_iter()
            .map(|path| {
                let bytes =
                    fs::read(&path).map_err(|source| StoreError::Io { path: path.clone(), source })?;
                serde_json::from_slice(&bytes)
                    .map_err(|e| StoreError::Damaged { path, message: e.to_string() })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_is_idempotent_and_documents_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        let a = Document::new("file:///a", "alpha".into());
        let b = Document::new("file:///b", "beta".into());
        store.put(&a).unwrap();
        store.put(&a).unwrap();
        store.put(&b).unwrap();
        let docs: Vec<Document> = store.documents().unwrap().into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.len(), 2);
        assert!(docs.contains(&a) && docs.contains(&b));
    }

    #[test]
    fn a_damaged_file_is_named_and_the_rest_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        store.put(&Document::new("file:///a", "alpha".into())).unwrap();
        fs::create_dir_all(dir.path().join("zz")).unwrap();
        fs::write(dir.path().join("zz/zzzz.json"), b"{ not json").unwrap();
        let docs = store.documents().unwrap();
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_ok());
        let err = docs[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("zzzz.json") && err.contains("damaged"), "{err}");
    }
}
