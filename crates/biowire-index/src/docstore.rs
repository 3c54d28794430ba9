//! The document store: every parsed document as JSON, one file per content hash, beside the
//! index. It is the source `biowire reindex` rebuilds a damaged or outdated index from, so it
//! is written before the index and never rewritten.
//!
//! The store keeps every version a URL ever showed; its catalog (`catalog.jsonl`, one line
//! appended per change: "this URL now shows this content") says which version is current, so
//! a rebuild restores what the index held: the latest version per URL, with the other URLs
//! of the same release as its `also_at`.

use biowire_core::Document;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The catalog's file name, inside the store folder.
const CATALOG: &str = "catalog.jsonl";

/// One catalog line: `url` now shows the document whose content hash is `sha`.
#[derive(Debug, Serialize, Deserialize)]
struct CatalogLine {
    url: String,
    sha: String,
}

/// A current document as the catalog sees it: its content hash, the URL it was first seen at,
/// and the other URLs that show it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    /// Content hash of the document.
    pub sha: String,
    /// The first URL that showed this content and still does.
    pub url: String,
    /// Other URLs showing the same content now.
    pub also_at: Vec<String>,
}

/// Errors of the document store; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file could not be read or written.
    #[error("document store `{}`: {cause}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// The catalog names a document whose file is gone.
    #[error(
        "document store: the current version of `{url}` ({sha}) is missing; a crawl fetches the page again"
    )]
    Missing {
        /// Content hash of the missing document.
        sha: String,
        /// The URL it was current at.
        url: String,
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
        fs::create_dir_all(dir)
            .map_err(|source| StoreError::Io { path: dir.to_path_buf(), cause: source })?;
        Ok(DocStore { dir: dir.to_path_buf() })
    }

    /// Opens the store for writing: as [`DocStore::open`], and removes the half-written
    /// temporary files a killed writer left behind (`*.json.tmpPID` of a process that is gone).
    pub fn open_for_writing(dir: &Path) -> Result<Self, StoreError> {
        let store = Self::open(dir)?;
        for shard in
            fs::read_dir(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), cause: source })?
        {
            let Ok(shard) = shard.map(|e| e.path()) else { continue };
            let Ok(files) = fs::read_dir(&shard) else { continue };
            for f in files.flatten().map(|e| e.path()) {
                let orphan = f
                    .extension()
                    .and_then(|e| e.to_str())
                    .and_then(|e| e.strip_prefix("tmp"))
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| pid != std::process::id() && !process_alive(pid));
                if orphan {
                    fs::remove_file(&f)
                        .map_err(|source| StoreError::Io { path: f.clone(), cause: source })?;
                }
            }
        }
        Ok(store)
    }

    fn path_of(&self, sha: &str) -> PathBuf {
        let shard = sha.get(..2).unwrap_or("00");
        self.dir.join(shard).join(format!("{sha}.json"))
    }

    /// Stores a document unless its content is stored already (and reads back), durably: a
    /// batch of one. The file appears whole or not at all.
    pub fn put(&self, doc: &Document) -> Result<(), StoreError> {
        let mut batch = self.batch();
        batch.put(doc)?;
        batch.commit()
    }

    /// Starts a batch of documents and catalog lines that become durable together, with one
    /// file-system sync for the files and one for the names, instead of two per document.
    pub fn batch(&self) -> Batch<'_> {
        Batch { store: self, staged: Vec::new(), notes: Vec::new() }
    }

    /// The stored document with content hash `sha`, if there is one.
    pub fn get(&self, sha: &str) -> Result<Option<Document>, StoreError> {
        read(&self.path_of(sha))
    }

    /// Notes, durably, that `url` now shows the document with content hash `sha`.
    pub fn note(&self, url: &str, sha: &str) -> Result<(), StoreError> {
        let path = self.dir.join(CATALOG);
        let io = |source| StoreError::Io { path: path.clone(), cause: source };
        let mut line = serde_json::to_vec(&CatalogLine { url: url.to_string(), sha: sha.to_string() })
            .expect("catalog lines serialize");
        line.push(b'\n');
        let mut f = fs::OpenOptions::new().create(true).append(true).open(&path).map_err(io)?;
        f.write_all(&line).and_then(|()| f.sync_data()).map_err(io)
    }

    /// Notes, durably, that `url` shows nothing any more: the current documents leave it out
    /// until it is noted again. The document's file stays (it may be another URL's too).
    pub fn forget(&self, url: &str) -> Result<(), StoreError> {
        self.note(url, "")
    }

    /// The current document at `url` (its first URL or one of its others), if there is one.
    pub fn current_at(&self, url: &str) -> Result<Option<Current>, StoreError> {
        Ok(self
            .current()?
            .unwrap_or_default()
            .into_iter()
            .find(|c| c.url == url || c.also_at.iter().any(|u| u == url)))
    }

    /// The current documents by the catalog, in the order their content was first noted, or
    /// `None` for a store written before the catalog existed. A line cut short by a crash is
    /// skipped; each URL counts with the last content noted for it.
    pub fn current(&self) -> Result<Option<Vec<Current>>, StoreError> {
        if !self.dir.join(CATALOG).exists() {
            return Ok(None);
        }
        let mut latest: HashMap<String, (String, usize)> = HashMap::new();
        for (n, l) in self.catalog_lines()?.into_iter().enumerate() {
            // A URL seen again with the same content keeps its first place.
            match latest.get(&l.url) {
                Some((sha, _)) if *sha == l.sha => {}
                _ => {
                    latest.insert(l.url, (l.sha, n));
                }
            }
        }
        // A URL whose last line names no content was forgotten (`DocStore::forget`).
        let mut by_url: Vec<(String, String, usize)> = latest
            .into_iter()
            .filter(|(_, (sha, _))| !sha.is_empty())
            .map(|(url, (sha, n))| (url, sha, n))
            .collect();
        by_url.sort_by_key(|(_, _, n)| *n);
        let mut out: Vec<Current> = Vec::new();
        for (url, sha, _) in by_url {
            match out.iter_mut().find(|c| c.sha == sha) {
                Some(c) => c.also_at.push(url),
                None => out.push(Current { sha, url, also_at: Vec::new() }),
            }
        }
        Ok(Some(out))
    }

    /// The content hashes and URLs the catalog ever named (current or superseded).
    pub fn noted(&self) -> Result<Noted, StoreError> {
        let lines = self.catalog_lines()?;
        let shas = lines.iter().map(|l| l.sha.clone()).collect();
        let urls = lines.into_iter().map(|l| l.url).collect();
        Ok(Noted { shas, urls })
    }

    /// The catalog's lines in order; a line cut short by a crash is skipped.
    fn catalog_lines(&self) -> Result<Vec<CatalogLine>, StoreError> {
        let path = self.dir.join(CATALOG);
        match fs::read_to_string(&path) {
            Ok(t) => Ok(t.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(source) => Err(StoreError::Io { path, cause: source }),
        }
    }

    /// Every stored document, in a stable order (by content hash). Damaged files are reported
    /// one by one, not fatal to the rest.
    pub fn documents(&self) -> Result<Vec<Result<Document, StoreError>>, StoreError> {
        Ok(self.files()?.into_iter().map(|(_, path)| read_listed(path)).collect())
    }

    /// The content hashes stored, in order, without reading the documents.
    pub fn shas(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.files()?.into_iter().map(|(sha, _)| sha).collect())
    }

    /// The document files with their content hashes, sorted.
    fn files(&self) -> Result<Vec<(String, PathBuf)>, StoreError> {
        let mut files = Vec::new();
        for shard in fs::read_dir(&self.dir)
            .map_err(|source| StoreError::Io { path: self.dir.clone(), cause: source })?
        {
            let shard =
                shard.map_err(|source| StoreError::Io { path: self.dir.clone(), cause: source })?.path();
            if !shard.is_dir() {
                continue;
            }
            for f in fs::read_dir(&shard)
                .map_err(|source| StoreError::Io { path: shard.clone(), cause: source })?
            {
                let f = f.map_err(|source| StoreError::Io { path: shard.clone(), cause: source })?.path();
                if f.extension().is_some_and(|e| e == "json") {
                    if let Some(sha) = f.file_stem().and_then(|s| s.to_str()) {
                        files.push((sha.to_string(), f.clone()));
                    }
                }
            }
        }
        files.sort();
        Ok(files)
    }
}

/// Documents and catalog lines written since [`DocStore::batch`], durable once
/// [`Batch::commit`] returns. Until then each document sits under a temporary name, so a crash
/// leaves either nothing of the batch or orphaned temporary files that
/// [`DocStore::open_for_writing`] removes, never a half-written document under its real name.
pub struct Batch<'a> {
    store: &'a DocStore,
    /// (temporary file, final path) of each document written by this batch.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Catalog lines, appended at commit.
    notes: Vec<u8>,
}

impl Batch<'_> {
    /// Writes a document under a temporary name unless its content is stored already (and
    /// reads back) or this batch holds it. Not durable until [`Batch::commit`].
    pub fn put(&mut self, doc: &Document) -> Result<(), StoreError> {
        let path = self.store.path_of(&doc.content_sha256);
        if self.staged.iter().any(|(_, p)| *p == path) || read(&path).is_ok_and(|d| d.is_some()) {
            return Ok(());
        }
        let io = |source, path: &Path| StoreError::Io { path: path.to_path_buf(), cause: source };
        let parent = path.parent().expect("store paths have a shard folder");
        fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
        let json = serde_json::to_vec(doc).expect("documents serialize");
        fs::write(&tmp, json).map_err(|e| io(e, &tmp))?;
        self.staged.push((tmp, path));
        Ok(())
    }

    /// Notes that `url` now shows the document with content hash `sha` (see
    /// [`DocStore::note`]), at commit.
    pub fn note(&mut self, url: &str, sha: &str) {
        let line = serde_json::to_vec(&CatalogLine { url: url.to_string(), sha: sha.to_string() })
            .expect("catalog lines serialize");
        self.notes.extend_from_slice(&line);
        self.notes.push(b'\n');
    }

    /// Number of documents this batch wrote.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    /// True when the batch wrote no document and noted nothing.
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty() && self.notes.is_empty()
    }

    /// Makes the batch durable: syncs the documents' contents, gives them their names and
    /// appends the catalog lines, then syncs again, so a name never points at unsynced bytes.
    /// The batch is then empty, ready for the next documents.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.is_empty() {
            return Ok(());
        }
        let io = |source, path: &Path| StoreError::Io { path: path.to_path_buf(), cause: source };
        sync_files(&self.store.dir, self.staged.iter().map(|(tmp, _)| tmp.as_path()))?;
        for (tmp, path) in &self.staged {
            fs::rename(tmp, path).map_err(|e| io(e, path))?;
        }
        let catalog = self.store.dir.join(CATALOG);
        if !self.notes.is_empty() {
            let mut f = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&catalog)
                .map_err(|e| io(e, &catalog))?;
            f.write_all(&self.notes).map_err(|e| io(e, &catalog))?;
        }
        let mut changed: Vec<&Path> = self.staged.iter().filter_map(|(_, p)| p.parent()).collect();
        changed.sort();
        changed.dedup();
        changed.push(&self.store.dir);
        if !self.notes.is_empty() {
            changed.push(&catalog);
        }
        sync_files(&self.store.dir, changed.into_iter())?;
        self.staged.clear();
        self.notes.clear();
        Ok(())
    }
}

/// Makes the given files and folders durable. On Linux, one `syncfs` of the store's file
/// system does it for all of them at the cost of one journal commit; elsewhere each is synced.
fn sync_files<'p>(dir: &Path, paths: impl Iterator<Item = &'p Path>) -> Result<(), StoreError> {
    let io = |source, path: &Path| StoreError::Io { path: path.to_path_buf(), cause: source };
    #[cfg(target_os = "linux")]
    {
        let _ = paths;
        let d = fs::File::open(dir).map_err(|e| io(e, dir))?;
        rustix::fs::syncfs(&d).map_err(|e| io(e.into(), dir))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        for p in paths {
            fs::File::open(p).and_then(|f| f.sync_all()).map_err(|e| io(e, p))?;
        }
        Ok(())
    }
}

/// What the catalog ever named: see [`DocStore::noted`].
pub struct Noted {
    shas: std::collections::HashSet<String>,
    urls: std::collections::HashSet<String>,
}

impl Noted {
    /// True when the catalog named this content hash.
    pub fn has_sha(&self, sha: &str) -> bool {
        self.shas.contains(sha)
    }

    /// True when the catalog named the document's content hash or its URL.
    pub fn has(&self, d: &Document) -> bool {
        self.has_sha(&d.content_sha256) || self.urls.contains(&d.url)
    }
}

/// A file listed a moment ago: gone now is an I/O error, not an absent document.
fn read_listed(path: PathBuf) -> Result<Document, StoreError> {
    read(&path)?
        .ok_or_else(|| StoreError::Io { cause: std::io::Error::from(std::io::ErrorKind::NotFound), path })
}

/// The document stored at `path`; `None` when there is no such file.
fn read(path: &Path) -> Result<Option<Document>, StoreError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::Io { path: path.to_path_buf(), cause: source }),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| StoreError::Damaged { path: path.to_path_buf(), message: e.to_string() })
}

/// True when a process with this id runs (or may run: where it cannot be told, it is assumed).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
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

    #[test]
    fn the_catalog_gives_the_latest_version_per_url_and_shared_urls() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        assert_eq!(store.current().unwrap(), None);
        store.note("file:///a", "v1").unwrap();
        store.note("file:///b", "other").unwrap();
        store.note("file:///a", "v2").unwrap();
        store.note("file:///c", "v2").unwrap();
        store.note("file:///a", "v2").unwrap();
        // A kill mid-append leaves half a line.
        let mut f = fs::OpenOptions::new().append(true).open(dir.path().join(CATALOG)).unwrap();
        f.write_all(b"{\"url\":\"file:///d\",\"sh").unwrap();
        let current = store.current().unwrap().unwrap();
        assert_eq!(
            current,
            [
                Current { sha: "other".into(), url: "file:///b".into(), also_at: vec![] },
                Current { sha: "v2".into(), url: "file:///a".into(), also_at: vec!["file:///c".into()] },
            ]
        );
    }

    #[test]
    fn a_batch_is_invisible_until_committed_and_then_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        let a = Document::new("file:///a", "alpha".into());
        let b = Document::new("file:///b", "beta".into());
        store.put(&a).unwrap();
        let mut batch = store.batch();
        batch.put(&a).unwrap();
        batch.put(&b).unwrap();
        batch.put(&b).unwrap();
        batch.note("file:///b", &b.content_sha256);
        assert_eq!(batch.len(), 1, "a stored document and a repeat are not written again");
        assert_eq!(store.get(&b.content_sha256).unwrap(), None);
        assert_eq!(store.current().unwrap(), None);
        batch.commit().unwrap();
        assert_eq!(store.get(&b.content_sha256).unwrap(), Some(b.clone()));
        let current = store.current().unwrap().unwrap();
        assert_eq!(
            current,
            [Current { sha: b.content_sha256.clone(), url: "file:///b".into(), also_at: vec![] }]
        );
        let leftovers: Vec<_> = walk(dir.path())
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(".tmp")))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_batch_dropped_before_commit_leaves_only_orphans_that_the_next_writer_removes() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        let mut batch = store.batch();
        batch.put(&Document::new("file:///a", "alpha".into())).unwrap();
        batch.note("file:///a", "x");
        drop(batch);
        assert_eq!(store.documents().unwrap().len(), 0);
        assert_eq!(store.current().unwrap(), None);
        // The temporary names carry this process's id; a writer after a crash has another.
        let tmp: Vec<_> = walk(dir.path())
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(".tmp")))
            .collect();
        assert_eq!(tmp.len(), 1);
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.path());
            }
        }
        out
    }

    #[test]
    fn a_forgotten_url_leaves_the_current_documents_until_noted_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        store.note("file:///a", "v1").unwrap();
        store.note("file:///b", "v1").unwrap();
        store.forget("file:///a").unwrap();
        let current = store.current().unwrap().unwrap();
        assert_eq!(current, [Current { sha: "v1".into(), url: "file:///b".into(), also_at: vec![] }]);
        assert_eq!(store.current_at("file:///a").unwrap(), None);
        store.forget("file:///b").unwrap();
        assert!(store.current().unwrap().unwrap().is_empty());
        store.note("file:///a", "v2").unwrap();
        assert_eq!(store.current_at("file:///a").unwrap().unwrap().sha, "v2");
    }

    #[test]
    fn orphaned_temporary_files_are_removed_when_opened_for_writing() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocStore::open(dir.path()).unwrap();
        store.put(&Document::new("file:///a", "alpha".into())).unwrap();
        let shard = fs::read_dir(dir.path()).unwrap().flatten().find(|e| e.path().is_dir()).unwrap().path();
        // No process has pid 4194999: Linux pids stop at 2^22 (4194304).
        let orphan = shard.join("abc.json.tmp4194999");
        fs::write(&orphan, b"{").unwrap();
        DocStore::open_for_writing(dir.path()).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!orphan.exists());
        }
        assert_eq!(store.documents().unwrap().len(), 1);
    }
}
