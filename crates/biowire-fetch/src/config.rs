//! The crawl configuration (`config/biowire.toml`): where to crawl and how politely.
//!
//! A bad file is refused before anything runs, with the file, line and key named: syntax and
//! type errors come from the TOML parser with their position; the checks serde cannot make
//! (regexes, CSS selectors, URLs, required keys per source kind) use the values' spans.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Errors of the configuration; each names the file and, where it can, the line and key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read `{}`: {cause}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// The file is not valid TOML or has a wrong key or type.
    #[error("{}: {message}", .path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A value is of the right type but unusable.
    #[error("{}:{line}: `{key}`: {message}", .path.display())]
    Value {
        /// The file.
        path: PathBuf,
        /// One-based line.
        line: usize,
        /// The key, as `source.<name>.<key>`.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// Kinds of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// An RSS feed.
    Rss,
    /// An Atom feed.
    Atom,
    /// A sitemap or sitemap index.
    Sitemap,
    /// A newsroom page listing releases, with CSS selectors for links and the next page.
    Listing,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    crawl: RawCrawl,
    #[serde(default)]
    source: Vec<RawSource>,
    store: Option<RawStore>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    url: Spanned<String>,
    lease_secs: Option<u64>,
    refetch_after_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrawl {
    data_dir: Option<String>,
    user_agent: Option<String>,
    concurrency: Option<usize>,
    delay_ms: Option<u64>,
    schedule: Option<Spanned<String>>,
    timeout_secs: Option<u64>,
    retries: Option<u32>,
    commit_secs: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Spanned<String>,
    kind: SourceKind,
    url: Spanned<String>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    keywords: Vec<String>,
    delay_ms: Option<u64>,
    max_pages: Option<usize>,
    link_selector: Option<Spanned<String>>,
    next_selector: Option<Spanned<String>>,
}

/// The crawl settings.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// Data folder, resolved against the configuration's folder when relative.
    pub data_dir: Option<PathBuf>,
    /// User agent sent with every request.
    pub user_agent: String,
    /// Pages fetched at once.
    pub concurrency: usize,
    /// Default delay between two requests to one host, in milliseconds.
    pub delay_ms: u64,
    /// Cron expression for `biowire schedule` (checked to parse).
    pub schedule: Option<String>,
    /// Longest wait for one HTTP request.
    pub timeout: std::time::Duration,
    /// Retries of a request after a timeout, 429 or 5xx.
    pub retries: u32,
    /// Longest time fetched pages wait for an index commit: a killed crawl loses at most this.
    pub commit_every: std::time::Duration,
    /// The sources, in file order.
    pub sources: Vec<Source>,
    /// The shared store (`[store]`), when many workers crawl into one PostgreSQL database.
    pub store: Option<StoreConfig>,
}

/// `[store]`: the PostgreSQL database that workers on many machines share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// `postgres://…` connection URL.
    pub url: String,
    /// How long a worker holds a claimed URL; a dead worker's claims go back after this.
    pub lease: std::time::Duration,
    /// A release fetched this recently is not fetched again when listed again.
    pub refetch_after: std::time::Duration,
}

impl StoreConfig {
    /// The settings for a store URL, with the default lease and refetch times.
    pub fn new(url: String) -> Self {
        StoreConfig {
            url,
            lease: std::time::Duration::from_secs(300),
            refetch_after: std::time::Duration::from_secs(1800),
        }
    }
}

/// One configured source.
#[derive(Debug, Clone)]
pub struct Source {
    /// Unique name.
    pub name: String,
    /// What the URL points at.
    pub kind: SourceKind,
    /// Absolute URL (`https://…` or `file://…`).
    pub url: String,
    /// A release URL must match one of these, when any are given.
    pub include: Vec<regex::Regex>,
    /// A release URL matching one of these is skipped.
    pub exclude: Vec<regex::Regex>,
    /// A release must mention one of these words (any case), when any are given.
    pub keywords: Vec<String>,
    /// Delay between requests to this source's host, in milliseconds.
    pub delay_ms: u64,
    /// Most releases taken from this source in one pass.
    pub max_pages: usize,
    /// For listings: CSS selector of release links.
    pub link_selector: Option<String>,
    /// For listings: CSS selector of the next-page link.
    pub next_selector: Option<String>,
}

impl Source {
    /// True when a release URL passes the include and exclude patterns.
    pub fn wants_url(&self, url: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|r| r.is_match(url)))
            && !self.exclude.iter().any(|r| r.is_match(url))
    }

    /// True when a release's text passes the keyword filter.
    pub fn wants_text(&self, text: &str) -> bool {
        if self.keywords.is_empty() {
            return true;
        }
        let lower = text.to_lowercase();
        self.keywords.iter().any(|k| lower.contains(&k.to_lowercase()))
    }
}

/// Reads and checks a configuration file.
pub fn load(path: &Path) -> Result<CrawlConfig, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ConfigError::Read { path: path.to_path_buf(), cause: source })?;
    parse(&text, path)
}

/// Parses a configuration; `path` names it in errors and anchors relative paths.
pub fn parse(text: &str, path: &Path) -> Result<CrawlConfig, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
        path: path.to_path_buf(),
        message: e.to_string().trim().to_string(),
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let line_of = |span: std::ops::Range<usize>| text[..span.start.min(text.len())].matches('\n').count() + 1;
    let bad = |span: std::ops::Range<usize>, key: String, message: String| ConfigError::Value {
        path: path.to_path_buf(),
        line: line_of(span),
        key,
        message,
    };
    if let Some(s) = &raw.crawl.schedule {
        if let Err(e) = s.get_ref().parse::<croner::Cron>() {
            let message = format!("not a cron expression (minute hour day month weekday): {e}");
            return Err(bad(s.span(), "crawl.schedule".into(), message));
        }
    }
    let mut sources: Vec<Source> = Vec::new();
    for s in raw.source {
        let name = s.name.get_ref().clone();
        let key = |k: &str| format!("source.{name}.{k}");
        if name.trim().is_empty() {
            return Err(bad(s.name.span(), "source.name".into(), "must not be empty".into()));
        }
        if sources.iter().any(|o| o.name == name) {
            return Err(bad(s.name.span(), key("name"), "another source has this name".into()));
        }
        let url = resolve_url(s.url.get_ref(), &base).map_err(|m| bad(s.url.span(), key("url"), m))?;
        let compile = |list: &[Spanned<String>], k: &str| -> Result<Vec<regex::Regex>, ConfigError> {
            list.iter()
                .map(|p| {
                    regex::Regex::new(p.get_ref())
                        .map_err(|e| bad(p.span(), key(k), format!("invalid regex: {e}")))
                })
                .collect()
        };
        let selector = |v: &Option<Spanned<String>>, k: &str| -> Result<Option<String>, ConfigError> {
            match v {
                Some(sel) => {
                    scraper::Selector::parse(sel.get_ref()).map_err(|_| {
                        bad(sel.span(), key(k), format!("invalid CSS selector `{}`", sel.get_ref()))
                    })?;
                    Ok(Some(sel.get_ref().clone()))
                }
                None => Ok(None),
            }
        };
        let link_selector = selector(&s.link_selector, "link_selector")?;
        if s.kind == SourceKind::Listing && link_selector.is_none() {
            return Err(bad(
                s.name.span(),
                key("link_selector"),
                "a listing source needs link_selector".into(),
            ));
        }
        sources.push(Source {
            include: compile(&s.include, "include")?,
            exclude: compile(&s.exclude, "exclude")?,
            next_selector: selector(&s.next_selector, "next_selector")?,
            link_selector,
            name,
            kind: s.kind,
            url,
            keywords: s.keywords,
            delay_ms: s.delay_ms.or(raw.crawl.delay_ms).unwrap_or(1000),
            max_pages: s.max_pages.unwrap_or(200),
        });
    }
    let store = match raw.store {
        Some(st) => {
            let url = st.url.get_ref();
            if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
                let message = "must be a postgres:// URL".to_string();
                return Err(bad(st.url.span(), "store.url".into(), message));
            }
            let defaults = StoreConfig::new(url.clone());
            Some(StoreConfig {
                lease: st.lease_secs.map_or(defaults.lease, |s| std::time::Duration::from_secs(s.max(1))),
                refetch_after: st
                    .refetch_after_secs
                    .map_or(defaults.refetch_after, std::time::Duration::from_secs),
                ..defaults
            })
        }
        None => None,
    };
    Ok(CrawlConfig {
        store,
        data_dir: raw.crawl.data_dir.map(|d| base.join(d)),
        user_agent: raw.crawl.user_agent.unwrap_or_else(|| format!("biowire/{}", env!("CARGO_PKG_VERSION"))),
        concurrency: raw.crawl.concurrency.unwrap_or(4).max(1),
        delay_ms: raw.crawl.delay_ms.unwrap_or(1000),
        schedule: raw.crawl.schedule.map(Spanned::into_inner),
        timeout: std::time::Duration::from_secs(raw.crawl.timeout_secs.unwrap_or(30).max(1)),
        retries: raw.crawl.retries.unwrap_or(3),
        commit_every: std::time::Duration::from_secs(raw.crawl.commit_secs.unwrap_or(10)),
        sources,
    })
}

/// `http(s)://` and `file://` URLs as written; anything else is a path relative to the
/// configuration's folder.
fn resolve_url(raw: &str, base: &Path) -> Result<String, String> {
    if raw.starts_with("http://") || raw.starts_with("https://") || raw.starts_with("file://") {
        return url::Url::parse(raw).map(String::from).map_err(|e| format!("invalid URL: {e}"));
    }
    if raw.contains("://") {
        return Err(format!("unsupported URL scheme in `{raw}` (use http, https, file or a path)"));
    }
    let path = base.join(raw);
    let abs = std::fs::canonicalize(&path).map_err(|e| format!("`{}`: {e}", path.display()))?;
    url::Url::from_file_path(&abs)
        .map(String::from)
        .map_err(|()| format!("`{}` is not an absolute path", abs.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, Path::new("/etc/biowire.toml")).unwrap_err().to_string()
    }

    #[test]
    fn a_good_config_with_defaults() {
        let c = parse(
            "[crawl]\nconcurrency = 2\n\n[[source]]\nname = \"wire\"\nkind = \"rss\"\nurl = \"https://wire.example/feed.xml\"\ninclude = [\"/news/\"]\nkeywords = [\"CAR-T\"]\n",
            Path::new("/etc/biowire.toml"),
        )
        .unwrap();
        assert_eq!(c.concurrency, 2);
        assert_eq!(c.store, None);
        let s = &c.sources[0];
        assert_eq!((s.kind, s.delay_ms, s.max_pages), (SourceKind::Rss, 1000, 200));
        assert!(s.wants_url("https://wire.example/news/1") && !s.wants_url("https://wire.example/jobs/1"));
        assert!(s.wants_text("an allogeneic car-t") && !s.wants_text("quarterly results"));
    }

    #[test]
    fn a_store_section_names_the_database_and_its_lease() {
        let c =
            parse("[store]\nurl = \"postgres://db/biowire\"\nlease_secs = 20\n", Path::new("/etc/b.toml"))
                .unwrap();
        let store = c.store.unwrap();
        assert_eq!(store.url, "postgres://db/biowire");
        assert_eq!(store.lease, std::time::Duration::from_secs(20));
        assert_eq!(store.refetch_after, std::time::Duration::from_secs(1800));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = err(
            "[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https://x/f\"\ninclude = [\"(unclosed\"]\n",
        );
        assert!(e.starts_with("/etc/biowire.toml:5: `source.a.include`: invalid regex"), "{e}");
        let e = err("[[source]]\nname = \"a\"\nkind = \"listing\"\nurl = \"https://x/\"\n");
        assert!(e.contains(":2: `source.a.link_selector`: a listing source needs link_selector"), "{e}");
        let e = err("[[source]]\nname = \"a\"\nkind = \"gopher\"\nurl = \"https://x/\"\n");
        assert!(e.starts_with("/etc/biowire.toml: ") && e.contains("line 3") && e.contains("gopher"), "{e}");
        let e = err("[crawl]\nschedule = \"every hour\"\n");
        assert!(e.contains(":2: `crawl.schedule`: not a cron expression"), "{e}");
        let e = err("[crawl]\ncolour = 1\n");
        assert!(e.contains("unknown field `colour`"), "{e}");
        let e = err("[store]\nurl = \"mysql://db/biowire\"\n");
        assert!(e.contains(":2: `store.url`: must be a postgres:// URL"), "{e}");
        let e = err("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"ftp://x/f\"\n");
        assert!(e.contains(":4: `source.a.url`: unsupported URL scheme"), "{e}");
    }
}
