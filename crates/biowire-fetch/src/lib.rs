//! Gets the bytes of press releases, and nothing else.
//!
//! The fetcher is the only crate that reads sources: it turns paths, folders and `file://`
//! URLs into [`FetchedPage`]s, refusing what cannot be a press release (binary files, pages over
//! the size limit) with an error that names the file. It does not decode or parse; that is the
//! parser's job. HTTP crawling plugs in behind the same [`Fetch`] trait.
//!
//! ```no_run
//! use biowire_fetch::{discover, Fetch, LocalFetcher};
//! let found = discover(&["fixtures/newsroom".into()]).unwrap();
//! let fetcher = LocalFetcher::default();
//! for url in &found.urls {
//!     let page = fetcher.fetch(url).unwrap();
//!     println!("{} bytes from {}", page.bytes.len(), page.url);
//! }
//! ```

pub mod config;
pub mod http;
pub mod sources;
pub mod state;

use biowire_core::FetchedPage;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use url::Url;

/// Default largest page the fetcher accepts: press releases are a few tens of KB, so anything
/// this big is a mistake or an attack, and parsing it would cost seconds and gigabytes.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// File extensions that a folder walk treats as documents, also gzipped (`page.html.gz`).
pub const DOCUMENT_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "txt", "text"];

/// Errors of the fetcher; each names the path or URL it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist.
    #[error("`{}` does not exist", .0.display())]
    NotFound(PathBuf),
    /// Reading failed.
    #[error("cannot read `{}`: {cause}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// The page is bigger than the limit.
    #[error("`{}` is {size} bytes, over the {limit}-byte limit", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A gzipped file unpacks to more than the limit.
    #[error("`{}` unpacks to over the {limit}-byte limit", .path.display())]
    TooLargeUnpacked {
        /// The file.
        path: PathBuf,
        /// The limit in force.
        limit: u64,
    },
    /// A `.gz` file is not valid gzip.
    #[error("cannot unpack `{}`: {cause}", .path.display())]
    Gzip {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        cause: std::io::Error,
    },
    /// The file holds binary data, not a document.
    #[error("`{}` looks binary (NUL bytes), not HTML or text", .0.display())]
    Binary(PathBuf),
    /// The URL has a scheme this fetcher cannot read.
    #[error("cannot fetch `{0}`: only local paths and file:// URLs are supported")]
    UnsupportedUrl(String),
}

/// Result of the fetcher.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something that turns a URL into a page's bytes.
pub trait Fetch {
    /// Fetches one URL.
    fn fetch(&self, url: &str) -> Result<FetchedPage>;
}

/// Reads local files and `file://` URLs.
#[derive(Debug, Clone)]
pub struct LocalFetcher {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for LocalFetcher {
    fn default() -> Self {
        LocalFetcher { max_bytes: DEFAULT_MAX_BYTES }
    }
}

impl Fetch for LocalFetcher {
    fn fetch(&self, url: &str) -> Result<FetchedPage> {
        let path = url_to_path(url)?;
        let mut bytes = read_limited(&path, self.max_bytes)?;
        if is_gzip(&path) {
            bytes = gunzip_limited(&path, &bytes, self.max_bytes)?;
        }
        if looks_binary(&bytes) {
            return Err(Error::Binary(path));
        }
        Ok(FetchedPage {
            url: url.to_string(),
            content_type: content_type_for(&path).map(str::to_string),
            bytes,
        })
    }
}

/// What a walk over the given paths found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// `file://` URLs of the documents, sorted, without duplicates.
    pub urls: Vec<String>,
    /// Files inside folders that were passed over because their extension is not a document's.
    pub ignored: Vec<PathBuf>,
}

/// Walks files and folders and lists the documents in them.
///
/// A file named explicitly is always taken, whatever its extension; inside folders only
/// [`DOCUMENT_EXTENSIONS`] are, so expected-output JSON files beside fixtures are not ingested.
/// Hidden files and folders are skipped. Fails on the first path that does not exist.
pub fn discover(paths: &[PathBuf]) -> Result<Discovered> {
    let mut out = Discovered::default();
    for path in paths {
        let path = match path.to_str().filter(|s| s.starts_with("file://")) {
            Some(url) => url_to_path(url)?,
            None => path.clone(),
        };
        let meta = fs::metadata(&path).map_err(|e| io_error(&path, e))?;
        if meta.is_file() {
            out.urls.push(path_to_url(&path)?);
            continue;
        }
        let walker = walkdir::WalkDir::new(&path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            let entry = entry.map_err(|e| {
                let p = e.path().map(Path::to_path_buf).unwrap_or_else(|| path.clone());
                io_error(&p, e.into())
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            if has_document_extension(entry.path()) {
                out.urls.push(path_to_url(entry.path())?);
            } else {
                out.ignored.push(entry.path().to_path_buf());
            }
        }
    }
    out.urls.sort();
    out.urls.dedup();
    Ok(out)
}

/// Converts a `file://` URL or a plain path into a filesystem path.
pub fn url_to_path(url: &str) -> Result<PathBuf> {
    if !url.contains("://") {
        return Ok(PathBuf::from(url));
    }
    let parsed = Url::parse(url).map_err(|_| Error::UnsupportedUrl(url.to_string()))?;
    if parsed.scheme() != "file" {
        return Err(Error::UnsupportedUrl(url.to_string()));
    }
    parsed.to_file_path().map_err(|()| Error::UnsupportedUrl(url.to_string()))
}

/// Converts a path into an absolute `file://` URL.
pub fn path_to_url(path: &Path) -> Result<String> {
    let abs = fs::canonicalize(path).map_err(|e| io_error(path, e))?;
    Url::from_file_path(&abs).map(String::from).map_err(|()| Error::UnsupportedUrl(abs.display().to_string()))
}

/// The content type a file's extension suggests.
pub fn content_type_for(path: &Path) -> Option<&'static str> {
    let ext = inner_extension(path)?;
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Some("text/html"),
        "txt" | "text" | "md" => Some("text/plain"),
        _ => None,
    }
}

fn has_document_extension(path: &Path) -> bool {
    inner_extension(path).is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

/// True for a `.gz` file, which is read unpacked.
fn is_gzip(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The extension that says what a file holds, lowercased: `html` for `page.HTML` and for
/// `page.html.gz`.
fn inner_extension(path: &Path) -> Option<String> {
    let named = if is_gzip(path) { Path::new(path.file_stem()?) } else { path };
    Some(named.extension()?.to_str()?.to_ascii_lowercase())
}

/// Unpacks a gzipped file's bytes, refusing more than `limit` bytes unpacked (a small file can
/// unpack to gigabytes).
fn gunzip_limited(path: &Path, packed: &[u8], limit: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(packed)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|cause| Error::Gzip { path: path.to_path_buf(), cause })?;
    if out.len() as u64 > limit {
        return Err(Error::TooLargeUnpacked { path: path.to_path_buf(), limit });
    }
    Ok(out)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::NotFound(path.to_path_buf())
    } else {
        Error::Io { path: path.to_path_buf(), cause: e }
    }
}

/// Reads at most `limit` bytes; a file that is longer is refused without reading it all, so a
/// huge or endless file (a FIFO, `/dev/zero`) cannot exhaust memory.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut buf = Vec::new();
    file.take(limit + 1).read_to_end(&mut buf).map_err(|e| io_error(path, e))?;
    if buf.len() as u64 > limit {
        let size = fs::metadata(path).map(|m| m.len()).unwrap_or(limit + 1);
        return Err(Error::TooLarge { path: path.to_path_buf(), size: size.max(limit + 1), limit });
    }
    Ok(buf)
}

/// The heuristic git and ripgrep use: a NUL byte near the start means binary. UTF-16 text has
/// NULs too, so a UTF-16 byte-order mark exempts it.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(8192)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzipped_pages_are_found_and_read_unpacked() {
        let dir = tempfile::tempdir().unwrap();
        let page = b"<html><body><p>Acme doses its first patient.</p></body></html>";
        fs::write(dir.path().join("a.html.gz"), gzip(page)).unwrap();
        fs::write(dir.path().join("b.TXT.GZ"), gzip(b"Acme release")).unwrap();
        fs::write(dir.path().join("logs.tar.gz"), gzip(b"not a page")).unwrap();
        let found = discover(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(found.urls.len(), 2, "{found:?}");
        assert_eq!(found.ignored.len(), 1);
        let f = LocalFetcher::default();
        let a = f.fetch(&found.urls[0]).unwrap();
        assert_eq!(a.bytes, page);
        assert_eq!(a.content_type.as_deref(), Some("text/html"));
        let b = f.fetch(&found.urls[1]).unwrap();
        assert_eq!(b.bytes, b"Acme release");
        assert_eq!(b.content_type.as_deref(), Some("text/plain"));
    }

    #[test]
    fn a_bad_or_huge_gzip_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.html.gz");
        fs::write(&broken, b"this is not gzip at all").unwrap();
        let err = LocalFetcher::default().fetch(broken.to_str().unwrap()).unwrap_err().to_string();
        assert!(err.contains("cannot unpack") && err.contains("broken.html.gz"), "{err}");
        // 2 MB of spaces pack to a few kilobytes: the limit is on what it unpacks to.
        let bomb = dir.path().join("bomb.html.gz");
        fs::write(&bomb, gzip(&vec![b' '; 2_000_000])).unwrap();
        let f = LocalFetcher { max_bytes: 1_000_000 };
        let err = f.fetch(bomb.to_str().unwrap()).unwrap_err().to_string();
        assert!(
            err.contains("bomb.html.gz") && err.contains("unpacks to over the 1000000-byte limit"),
            "{err}"
        );
    }

    #[test]
    fn folder_walk_takes_documents_and_ignores_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.html"), "<p>b</p>").unwrap();
        fs::write(dir.path().join("a.txt"), "a").unwrap();
        fs::write(dir.path().join("a.expected.json"), "[]").unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join(".git/x.txt"), "x").unwrap();
        let found = discover(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(found.urls.len(), 2);
        assert!(found.urls[0].ends_with("/a.txt"), "{:?}", found.urls);
        assert!(found.urls[1].ends_with("/b.html"));
        assert_eq!(found.ignored.len(), 1);
    }

    #[test]
    fn missing_path_is_named() {
        let err = discover(&["/no/such/biowire/path".into()]).unwrap_err();
        assert!(matches!(err, Error::NotFound(_)));
        assert!(err.to_string().contains("/no/such/biowire/path"));
    }

    #[test]
    fn binary_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("x.html");
        fs::write(&bin, [0x89, b'P', b'N', b'G', 0, 0, 1]).unwrap();
        let big = dir.path().join("big.html");
        fs::write(&big, vec![b'a'; 2000]).unwrap();
        let f = LocalFetcher { max_bytes: 1000 };
        let url = path_to_url(&bin).unwrap();
        assert!(matches!(f.fetch(&url), Err(Error::Binary(_))));
        let url = path_to_url(&big).unwrap();
        match f.fetch(&url) {
            Err(Error::TooLarge { size, limit, .. }) => assert_eq!((size, limit), (2000, 1000)),
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }

    #[test]
    fn file_urls_round_trip_and_http_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a b.txt");
        fs::write(&p, "hello").unwrap();
        let url = path_to_url(&p).unwrap();
        assert!(url.starts_with("file://") && url.contains("a%20b.txt"));
        let page = LocalFetcher::default().fetch(&url).unwrap();
        assert_eq!(page.bytes, b"hello");
        assert_eq!(page.content_type.as_deref(), Some("text/plain"));
        assert!(matches!(
            LocalFetcher::default().fetch("https://example.com/"),
            Err(Error::UnsupportedUrl(_))
        ));
    }
}
