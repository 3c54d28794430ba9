//! The tantivy index of biowire: schema, ingest, search and export.
//!
//! This is the only crate that knows tantivy. Every release is one tantivy document of kind
//! `document`, and each of its records one more of kind `record`; search returns records, and
//! the releases that announced nothing (so free-text search still finds them).
//! Each unit stores the full record and document JSON, so export and a future reindex read the
//! index alone. Writes go through one [`Writer`] that holds tantivy's lock; a commit is atomic,
//! so a crash or a failed file never loses what an earlier commit made searchable.
//!
//! ```no_run
//! use biowire_index::{query_lang, Index, Query};
//! let index = Index::open_or_create(std::path::Path::new("biowire-data/index")).unwrap();
//! let expr = query_lang::parse("antigen:CD19 disease:\"lupus nephritis\" date:>=2026-01").unwrap();
//! let hits = index.search(&Query { expr, ..Query::default() }).unwrap();
//! for hit in hits {
//!     println!("{:?} {}", hit.document.title, hit.snippet);
//! }
//! ```

pub mod company;
pub mod docstore;
pub mod query_lang;
mod readonly;
mod schema;
mod stem;

use biowire_core::{Document, DocumentRef, Mention, Record};
use query_lang::{Cmp, Expr};
use schema::Fields;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::directory::Directory;
use tantivy::index::SegmentComponent;
use tantivy::query::{AllQuery, BooleanQuery, Occur, PhraseQuery, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term,
};

/// A boxed tantivy query.
type BoxQuery = Box<dyn tantivy::query::Query>;

/// The field name of an exact disease filter in an [`Expr`]: a canonical name that callers
/// resolved through the dictionaries (`disease:` also matches the words inside names). The
/// query language does not accept it from users.
pub const EXACT_DISEASE: &str = "disease_exact";

/// The field name of a filter on a term no dictionary knows: no record matches it, and a
/// document whose headline holds its words matches as a mention. Callers put it beside
/// the literal `antigen:`/`disease:` filter so an unknown term is still found where a
/// headline names it, without every body that happens to use the words. Internal too.
pub const HEADLINE_MENTION: &str = "headline_mention";

/// Errors of the index; each names the index folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Another process holds the writer lock.
    #[error("the index at `{}` is locked by another biowire process (an ingest is running); try again when it ends", .0.display())]
    Locked(PathBuf),
    /// The index folder cannot be written to: it can be searched and exported, not changed.
    #[error("the index at `{}` is read-only for this user: search, export and serve work; ingest, crawl and reindex need a data folder you can write to", .0.display())]
    ReadOnly(PathBuf),
    /// There is no index yet.
    #[error("no index at `{}`: run `biowire ingest` first", .0.display())]
    Missing(PathBuf),
    /// The index exists but cannot be read.
    #[error("the index at `{}` cannot be opened (damaged or written by another version): {cause}; `biowire reindex` rebuilds it from the stored documents", .path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// The cause (said in the message, so not chained as a source).
        cause: TantivyError,
    },
    /// The free-text query does not parse.
    #[error("invalid query `{query}`: {message}")]
    Query {
        /// The query.
        query: String,
        /// What is wrong.
        message: String,
    },
    /// Another tantivy or I/O error.
    #[error("index error at `{}`: {cause}", .path.display())]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// The cause (said in the message, so not chained as a source).
        cause: TantivyError,
    },
    /// Segment files of the index are damaged or missing: their checksums do not match.
    #[error("the index at `{}` is damaged ({}): `biowire reindex` rebuilds it from the stored documents", .path.display(), .files.join(", "))]
    Checksum {
        /// The index folder.
        path: PathBuf,
        /// The damaged or missing files, with what is wrong.
        files: Vec<String>,
    },
    /// The folder holds index files but no readable `meta.json`: it is not overwritten.
    #[error("`{}` holds index files but no `meta.json` (deleted or lost): it is left as it is; `biowire reindex` rebuilds the index from the stored documents", .0.display())]
    NoMeta(PathBuf),
    /// Reading the index failed inside tantivy (a damaged file it did not catch itself).
    #[error("the index at `{}` failed while reading ({message}): it is likely damaged; `biowire check` tells, `biowire reindex` rebuilds it", .path.display())]
    ReadFailed {
        /// The index folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Writing to the index failed; what earlier commits hold is kept.
    #[error("writing to the index at `{}` failed (is the disk full, or the folder not writable?); this batch was not committed, everything committed before is kept", .0.display())]
    WriteFailed(PathBuf),
    /// A stored value could not be read back.
    #[error("index at `{}` holds an unreadable stored value: {message}", .path.display())]
    Corrupt {
        /// The index folder.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Result of the index.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open index.
pub struct Index {
    path: PathBuf,
    index: tantivy::Index,
    fields: Fields,
    reader: IndexReader,
    read_only: bool,
    /// `meta.json` as it was when `reader` last reloaded (see [`Index::searcher`]).
    loaded_meta: Mutex<Option<Vec<u8>>>,
    /// Exact totals of recent queries, valid for one searcher generation.
    totals: Mutex<Totals>,
}

/// Most queries a [`Totals`] cache holds before it starts again: a dashboard asks the same few
/// queries over and over, and 1,024 keys of a few hundred bytes each stay small.
const TOTALS_KEPT: usize = 1_024;

/// The exact totals counted at one searcher generation, by query expression and whether it asked
/// for records only. Counting visits every matching unit and every mentioning release, which
/// costs far more than the page of 20 itself for a broad query; the count only changes when a
/// commit does, and a commit gives the searcher a new generation.
#[derive(Default)]
struct Totals {
    generation: u64,
    counts: HashMap<(Option<Expr>, bool), usize>,
}

impl Totals {
    /// The total of `q` counted at `generation`, if it was.
    fn get(&self, generation: u64, q: &Query) -> Option<usize> {
        if self.generation != generation {
            return None;
        }
        // Cloning the expression to look it up costs less than a microsecond; the key type
        // stays simple.
        self.counts.get(&(q.expr.clone(), q.records_only)).copied()
    }

    /// Keeps the total of `q` counted at `generation`, forgetting every total of another.
    fn put(&mut self, generation: u64, q: &Query, total: usize) {
        if self.generation != generation || self.counts.len() >= TOTALS_KEPT {
            self.counts.clear();
            self.generation = generation;
        }
        self.counts.insert((q.expr.clone(), q.records_only), total);
    }
}

/// What adding a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// The document was not in the index.
    New,
    /// The same content was already indexed at this URL; nothing was added.
    Unchanged,
    /// The same content was indexed at another URL: one document now lists both URLs.
    Merged,
    /// The URL was indexed with other content; the old version was replaced.
    Updated,
}

/// A search: a parsed query ([`query_lang`]) plus paging and order. Antigen and disease values
/// must already be canonical (the caller normalizes them through the extraction dictionaries).
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The query; `None` matches everything.
    pub expr: Option<Expr>,
    /// Largest number of hits.
    pub limit: Option<usize>,
    /// Result order.
    pub sort: Sort,
    /// Only records: no documents that merely mention a filtered antigen or disease.
    pub records_only: bool,
}

/// Why a hit matched an antigen or disease filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Match {
    /// A record of the document carries the value (or the query has no entity filter).
    #[default]
    Record,
    /// The document's headline or lead mentions it, but no record was made of it.
    Mention,
}

impl Match {
    /// `record` or `mention`, as the JSON outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Record => "record",
            Match::Mention => "mention",
        }
    }
}

/// Order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most relevant first when the query has words, else newest first.
    #[default]
    Best,
    /// Newest first.
    Date,
}

/// Facet counts: for each facet, values and how many matching records carry them, most first.
pub type Facets = std::collections::BTreeMap<String, Vec<(String, u64)>>;

/// One hit as the CLI and the API print it in JSON: one shape for both.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JsonHit {
    /// The release's id (its content hash): `biowire show` and `/doc/{id}` show it.
    pub id: String,
    /// Relevance score (0 without query words).
    pub score: f32,
    /// The release's title.
    pub title: Option<String>,
    /// Where the release was found.
    pub url: String,
    /// Publication date, as the page gave it.
    pub published: Option<String>,
    /// A passage of the main text, on word boundaries.
    pub snippet: String,
    /// Character ranges of the query's words in the snippet.
    pub highlights: Vec<(usize, usize)>,
    /// The matching record, if the hit is one.
    pub record: Option<Record>,
    /// `record`, or `mention` for a document whose headline or lead names a filtered antigen
    /// or disease without a record for it.
    #[serde(rename = "match")]
    pub matched: &'static str,
}

impl From<Hit> for JsonHit {
    fn from(h: Hit) -> Self {
        JsonHit {
            id: h.document.content_sha256.clone(),
            score: h.score,
            title: h.document.title,
            url: h.document.url,
            published: h.document.published,
            snippet: h.snippet,
            highlights: h.highlights,
            record: h.record,
            matched: h.matched.as_str(),
        }
    }
}

/// Values a search's answer lists per facet, on the CLI and the API alike.
pub const FACET_VALUES: usize = 10;

/// A search's facets: the first [`FACET_VALUES`] values of each, and the names of the facets
/// that had more.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    /// The facets, each cut to its first values.
    pub facets: Facets,
    /// Facets that had more values than are listed.
    pub cut: Vec<String>,
}

impl Listed {
    /// Cuts facets counted with one value more than are listed, which tells which had more.
    fn from_counted(mut facets: Facets) -> Self {
        let mut cut = Vec::new();
        for (name, values) in facets.iter_mut() {
            if values.len() > FACET_VALUES {
                values.truncate(FACET_VALUES);
                cut.push(name.clone());
            }
        }
        Listed { facets, cut }
    }
}

/// Facets counted by [`Index::facets`], with the field each is read from.
const FACETS: &[(&str, &str)] = &[
    ("antigen", "antigen_facet"),
    ("disease", "disease"),
    ("milestone", "milestone"),
    ("company", "company_facet"),
];

/// Spellings of company names counted for an index without the folded company field, before
/// they are folded into companies.
const COMPANY_FORMS: usize = 10_000;

/// Company facet buckets, one per spelling, merged by [`company::company_key`]: each company
/// is labelled with its most common spelling; the `size` companies with most records, most
/// first.
fn fold_companies(forms: Vec<(String, u64)>, size: usize) -> Vec<(String, u64)> {
    let mut companies: Vec<(String, (String, u64), u64)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (form, count) in forms {
        let key = company::company_key(&form);
        match at.get(&key) {
            Some(&i) => {
                let c = &mut companies[i];
                c.2 += count;
                if count > c.1 .1 {
                    c.1 = (form, count);
                }
            }
            None => {
                at.insert(key.clone(), companies.len());
                companies.push((key, (form, count), count));
            }
        }
    }
    let mut out: Vec<(String, u64)> = companies.into_iter().map(|(_, (label, _), n)| (label, n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.truncate(size);
    out
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Relevance score (0 when ordered by date).
    pub score: f32,
    /// The record, for announcements; `None` for a release without one.
    pub record: Option<Record>,
    /// The release.
    pub document: DocumentRef,
    /// A passage of the main text around the query's words.
    pub snippet: String,
    /// Where the query's words are in the snippet, as character (not byte) ranges.
    pub highlights: Vec<(usize, usize)>,
    /// Whether a record or only a mention matched.
    pub matched: Match,
}

impl Index {
    /// Opens the index in `dir`, creating it (and the folder) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Tantivy { path: dir.to_path_buf(), cause: e.into() })?;
        if !dir.join("meta.json").exists() {
            // tantivy would garbage-collect the segment files of the index that was there.
            if holds_index_files(dir) {
                return Err(Error::NoMeta(dir.to_path_buf()));
            }
            let schema = schema::build();
            let index = tantivy::Index::create_in_dir(dir, schema)
                .map_err(|e| Error::Tantivy { path: dir.to_path_buf(), cause: e })?;
            return Self::from_index(dir, index);
        }
        Self::open(dir)
    }

    /// Opens an existing index.
    pub fn open(dir: &Path) -> Result<Self> {
        if !dir.join("meta.json").exists() {
            if holds_index_files(dir) {
                return Err(Error::NoMeta(dir.to_path_buf()));
            }
            return Err(Error::Missing(dir.to_path_buf()));
        }
        let index = guard(dir, || tantivy::Index::open_in_dir(dir))?
            .map_err(|e| Error::Damaged { path: dir.to_path_buf(), cause: e })?;
        // Before any reader opens a segment: a damaged fast-field or term file can fail
        // that opening with a message that names no file.
        check_files(dir, &index)?;
        let index = match Self::from_index(dir, index) {
            // A folder we cannot write to is searched without the reader's lock file.
            Err(Error::Damaged { cause: TantivyError::LockFailure(LockError::IoError(io), _), .. })
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
                ) =>
            {
                let mmap = tantivy::directory::MmapDirectory::open(dir)
                    .map_err(|e| Error::Damaged { path: dir.to_path_buf(), cause: e.into() })?;
                let index = guard(dir, || tantivy::Index::open(readonly::ReadOnly(mmap)))?
                    .map_err(|e| Error::Damaged { path: dir.to_path_buf(), cause: e })?;
                Index { read_only: true, ..Self::from_index(dir, index)? }
            }
            other => other?,
        };
        index.check()?;
        Ok(index)
    }

    /// Verifies every file of every segment: present, and its footer checksum matches its
    /// content. Damage in a file tantivy reads lazily would otherwise show as a crash or as
    /// wrong results much later.
    pub fn check(&self) -> Result<()> {
        check_files(&self.path, &self.index)
    }

    /// One indexed release by its content hash (or a unique prefix of at least 8 hex digits):
    /// the document, its records and its mentions. `None` when nothing matches.
    pub fn document(&self, id: &str) -> Result<Option<Units>> {
        guard(&self.path, || self.document_unguarded(id))?
    }

    fn document_unguarded(&self, id: &str) -> Result<Option<Units>> {
        let id = id.trim().to_ascii_lowercase();
        if id.len() < 8 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let searcher = self.searcher()?;
        let f = &self.fields;
        let sha = if id.len() == 64 {
            id
        } else {
            // A prefix: the document units whose hash starts with it.
            let q = tantivy::query::RegexQuery::from_pattern(&format!("{id}[0-9a-f]*"), f.doc_sha)
                .map_err(|e| self.err(e))?;
            let both = BooleanQuery::new(vec![
                (Occur::Must, Box::new(q) as BoxQuery),
                (Occur::Must, self.kind_query(schema::KIND_DOCUMENT)),
            ]);
            let found =
                searcher.search(&both, &TopDocs::with_limit(2).order_by_score()).map_err(|e| self.err(e))?;
            if found.len() != 1 {
                return Ok(None);
            }
            let d: TantivyDocument = searcher.doc(found[0].1).map_err(|e| self.err(e))?;
            match d.get_first(f.doc_sha).and_then(|v| v.as_str().map(str::to_string)) {
                Some(sha) => sha,
                None => return Ok(None),
            }
        };
        read_units(self, &searcher, &sha)
    }

    /// True when the index holds a document with this content hash.
    pub fn has_document(&self, sha: &str) -> Result<bool> {
        let searcher = self.searcher()?;
        let q = TermQuery::new(Term::from_field_text(self.fields.doc_sha, sha), IndexRecordOption::Basic);
        Ok(guard(&self.path, || searcher.search(&q, &Count))?.map_err(|e| self.err(e))? > 0)
    }

    fn from_index(dir: &Path, index: tantivy::Index) -> Result<Self> {
        index.tokenizers().register(stem::NAME, stem::analyzer());
        let fields = Fields::from_schema(&index.schema()).map_err(|message| Error::Corrupt {
            path: dir.to_path_buf(),
            message: format!("{message}; `biowire reindex` rebuilds it from the stored documents"),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::Damaged { path: dir.to_path_buf(), cause: e })?;
        Ok(Index {
            path: dir.to_path_buf(),
            index,
            fields,
            reader,
            read_only: false,
            loaded_meta: Mutex::new(None),
            totals: Mutex::new(Totals::default()),
        })
    }

    /// Takes the index's writer lock. Fails with [`Error::Locked`] while another writer holds it.
    pub fn writer(&self) -> Result<Writer<'_>> {
        if self.read_only {
            return Err(Error::ReadOnly(self.path.clone()));
        }
        // One indexing thread: the machine is small and releases are small; 50 MB of buffer
        // holds thousands of them before tantivy flushes a segment.
        let writer = self.index.writer_with_num_threads(1, 50_000_000).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(self.path.clone()),
            other => self.err(other),
        })?;
        Ok(Writer { index: self, writer, pending: HashMap::new(), pending_urls: HashSet::new() })
    }

    fn err(&self, source: TantivyError) -> Error {
        match source {
            // tantivy's writer threads stop on an I/O error and report only that they stopped.
            TantivyError::ErrorInThread(_) => Error::WriteFailed(self.path.clone()),
            TantivyError::IoError(io) if io.kind() == std::io::ErrorKind::StorageFull => {
                Error::WriteFailed(self.path.clone())
            }
            source => Error::Tantivy { path: self.path.clone(), cause: source },
        }
    }

    /// A searcher over everything committed so far, by this process or another. Reloading
    /// opens every segment again (and drops the document store's cache), which costs more
    /// than most queries, so it happens only when a commit has rewritten `meta.json`. The
    /// file is read before reloading: a commit between the two only reloads once more.
    fn searcher(&self) -> Result<Searcher> {
        let meta = self.index.directory().atomic_read(Path::new("meta.json")).ok();
        let mut loaded = self.loaded_meta.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if meta.is_none() || *loaded != meta {
            *loaded = None;
            self.reader.reload().map_err(|e| self.err(e))?;
            *loaded = meta;
        }
        Ok(self.reader.searcher())
    }

    /// Number of indexed releases and records.
    pub fn counts(&self) -> Result<(usize, usize)> {
        guard(&self.path, || self.counts_unguarded())?
    }

    fn counts_unguarded(&self) -> Result<(usize, usize)> {
        let searcher = self.searcher()?;
        let count = |kind: &str| searcher.search(&self.kind_query(kind), &Count).map_err(|e| self.err(e));
        Ok((count(schema::KIND_DOCUMENT)?, count(schema::KIND_RECORD)?))
    }

    /// Announcements matching the query, best first (by relevance with free text, else newest
    /// first).
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>> {
        guard(&self.path, || self.search_unguarded(q, false).map(|(hits, _)| hits))?
    }

    /// [`Index::search`] and [`Index::count`] together, both from the same commit: what
    /// `/api/search` answers. Ordered by date, the page and the count come from one pass over
    /// the matching units and one over the mentioning releases, instead of a pass more each.
    /// The total of a query asked again before the next commit is remembered, not recounted.
    pub fn search_with_total(&self, q: &Query) -> Result<(Vec<Hit>, usize)> {
        guard(&self.path, || {
            let (hits, total) = self.search_unguarded(q, true)?;
            Ok((hits, total.expect("the total was asked for")))
        })?
    }

    /// The hits, and with `with_total` the count of every hit (see [`Index::count`]).
    fn search_unguarded(&self, q: &Query, with_total: bool) -> Result<(Vec<Hit>, Option<usize>)> {
        let searcher = self.searcher()?;
        let generation = searcher.generation().generation_id();
        let cached = if with_total { self.totals().get(generation, q) } else { None };
        let with_total = with_total && cached.is_none();
        let limit = q.limit.unwrap_or(20).max(1);
        let (query, text_query) = self.compile(q.expr.as_ref())?;
        let by_score = text_query.is_some() && q.sort == Sort::Best;
        let docs = self.mention_docs(q)?;
        // Ranking by score alone lets tantivy skip what cannot make the page, so a total is
        // counted apart then; so is one that needs stored documents (an index without keys).
        let joined = with_total && !by_score && (docs.is_none() || self.fields.doc_key.is_some());
        let mut units_and_keys = None;
        let addrs: Vec<(f32, DocAddress)> = if by_score {
            searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).map_err(|e| self.err(e))?
        } else {
            let top = TopDocs::with_limit(limit).order_by_fast_field::<i64>(schema::DATE_KEY, Order::Desc);
            let top = if joined {
                let keys = DocKeys { wanted: docs.is_some() };
                let (top, units, matched) =
                    searcher.search(&query, &(top, Count, keys)).map_err(|e| self.err(e))?;
                units_and_keys = Some((units, matched));
                top
            } else {
                searcher.search(&query, &top).map_err(|e| self.err(e))?
            };
            top.into_iter().map(|(_, a)| (0.0, a)).collect()
        };
        let snippets = match &text_query {
            Some(t) => Some(
                SnippetGenerator::create(&searcher, t.as_ref(), self.fields.body).map_err(|e| self.err(e))?,
            ),
            None => None,
        };
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let (document, record) = self.stored(&doc)?;
            let body = doc.get_first(self.fields.body).and_then(|v| v.as_str()).unwrap_or_default();
            let (snippet, highlights) = match &snippets {
                Some(g) => {
                    let s = g.snippet(body);
                    if s.fragment().is_empty() {
                        (lead(body), Vec::new())
                    } else {
                        let at = s.fragment_range().start;
                        let marks: Vec<_> =
                            s.highlighted().iter().map(|r| r.start + at..r.end + at).collect();
                        passage(body, s.fragment_range(), &marks)
                    }
                }
                None => (lead(body), Vec::new()),
            };
            hits.push(Hit { score, record, document, snippet, highlights, matched: Match::Record });
        }
        let mut mentioned = None;
        if let Some(docs) = &docs {
            let keys = DocKeys { wanted: true };
            // Where records run out, documents whose headline or lead mention the antigen or
            // disease come after them: every record match is already in `hits` then.
            if hits.len() < limit {
                let seen: Vec<String> = hits.iter().map(|h| h.document.content_sha256.clone()).collect();
                let top = TopDocs::with_limit(limit + seen.len())
                    .order_by_fast_field::<i64>(schema::DATE_KEY, Order::Desc);
                let extra = if joined {
                    let (extra, keys) = searcher.search(docs, &(top, keys)).map_err(|e| self.err(e))?;
                    mentioned = Some(keys);
                    extra
                } else {
                    searcher.search(docs, &top).map_err(|e| self.err(e))?
                };
                for (_, addr) in extra {
                    if hits.len() >= limit {
                        break;
                    }
                    let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
                    let (document, _) = self.stored(&doc)?;
                    if seen.contains(&document.content_sha256) {
                        continue;
                    }
                    let body = doc.get_first(self.fields.body).and_then(|v| v.as_str()).unwrap_or_default();
                    hits.push(Hit {
                        score: 0.0,
                        record: None,
                        document,
                        snippet: lead(body),
                        highlights: Vec::new(),
                        matched: Match::Mention,
                    });
                }
            } else if joined {
                mentioned = Some(searcher.search(docs, &keys).map_err(|e| self.err(e))?);
            }
        }
        let total = match units_and_keys {
            Some((units, matched)) => Some(units + mentioned.map_or(0, |m| count_missing(&m, &matched))),
            None if with_total => Some(self.count_in(&searcher, q)?),
            None => cached,
        };
        if let (true, Some(total)) = (with_total, total) {
            self.totals().put(generation, q, total);
        }
        Ok((hits, total))
    }

    /// The totals cache; a panic while it was held leaves nothing half-written in it.
    fn totals(&self) -> std::sync::MutexGuard<'_, Totals> {
        self.totals.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many hits the query has without its limit: what [`Index::search`] returns with a
    /// limit large enough for all of them (records, or records and releases without one for
    /// words alone, then the releases found only by a mention).
    pub fn count(&self, q: &Query) -> Result<usize> {
        guard(&self.path, || {
            let searcher = self.searcher()?;
            let generation = searcher.generation().generation_id();
            if let Some(total) = self.totals().get(generation, q) {
                return Ok(total);
            }
            let total = self.count_in(&searcher, q)?;
            self.totals().put(generation, q, total);
            Ok(total)
        })?
    }

    fn count_in(&self, searcher: &Searcher, q: &Query) -> Result<usize> {
        let f = &self.fields;
        let (query, _) = self.compile(q.expr.as_ref())?;
        let Some(docs) = self.mention_docs(q)? else {
            return searcher.search(&query, &Count).map_err(|e| self.err(e));
        };
        if f.doc_key.is_some() {
            // A release is a mention hit when none of its units matched: joined on the
            // release key, one pass each, where reading every release's stored JSON costs
            // a block decompression apiece (over 100 ms for thousands of them). A release
            // that announced nothing has no record, so its key is never among the matched.
            let keys = DocKeys { wanted: true };
            let (units, matched) = searcher.search(&query, &(Count, keys)).map_err(|e| self.err(e))?;
            let mentioned = searcher.search(&docs, &keys).map_err(|e| self.err(e))?;
            return Ok(units + count_missing(&mentioned, &matched));
        }
        let units = searcher.search(&query, &Count).map_err(|e| self.err(e))?;
        let term = |field, value: &str| -> BoxQuery {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        // A release that announced nothing has no record that could have matched instead.
        let without =
            BooleanQuery::new(vec![(Occur::Must, docs.box_clone()), (Occur::Must, term(f.announces, "no"))]);
        let mut total = units + searcher.search(&without, &Count).map_err(|e| self.err(e))?;
        // One with records is a mention hit only when none of its records matched.
        let with = BooleanQuery::new(vec![(Occur::Must, docs), (Occur::MustNot, term(f.announces, "no"))]);
        for addr in searcher.search(&with, &DocSetCollector).map_err(|e| self.err(e))? {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let Some(sha) = doc.get_first(f.doc_sha).and_then(|v| v.as_str().map(str::to_string)) else {
                continue;
            };
            let own = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, term(f.doc_sha, &sha)),
            ]);
            if searcher.search(&own, &Count).map_err(|e| self.err(e))? == 0 {
                total += 1;
            }
        }
        Ok(total)
    }

    /// The document units the query finds through mentions (see [`Index::mention_query`]);
    /// `None` when it finds none that way or asks for records only.
    fn mention_docs(&self, q: &Query) -> Result<Option<BoxQuery>> {
        if q.records_only {
            return Ok(None);
        }
        let Some(mq) = q.expr.as_ref().map(|e| self.mention_query(e)).transpose()?.flatten() else {
            return Ok(None);
        };
        // Mention fields are on document units only (see `compile` for why that matters).
        let mentions_only = |name: &str| matches!(name, "antigen" | "disease" | EXACT_DISEASE);
        if q.expr.as_ref().is_some_and(|e| requires(e, &mentions_only)) {
            return Ok(Some(mq));
        }
        Ok(Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, mq),
            (Occur::Must, self.kind_query(schema::KIND_DOCUMENT)),
        ]))))
    }

    /// The query over document units that matches mentions instead of records: antigen and
    /// disease filters read the headline and lead mentions; words, dates, publisher and title
    /// keep their meaning. `None` when the query has no antigen or disease filter, or filters
    /// on what only records carry (milestone, company, product, modality, cell source), or
    /// the index predates mentions.
    fn mention_query(&self, e: &Expr) -> Result<Option<BoxQuery>> {
        fn has_entity(e: &Expr) -> bool {
            match e {
                Expr::And(v) | Expr::Or(v) => v.iter().any(has_entity),
                Expr::Not(_) => false,
                Expr::Field(n, _) => {
                    n == "antigen" || n == "disease" || n == EXACT_DISEASE || n == HEADLINE_MENTION
                }
                _ => false,
            }
        }
        if !has_entity(e) {
            return Ok(None);
        }
        self.lower_mentions(e)
    }

    fn lower_mentions(&self, e: &Expr) -> Result<Option<BoxQuery>> {
        let f = &self.fields;
        Ok(Some(match e {
            Expr::And(items) | Expr::Or(items) => {
                let occur = if matches!(e, Expr::And(_)) { Occur::Must } else { Occur::Should };
                let mut clauses = Vec::with_capacity(items.len() + 1);
                for item in items {
                    let (occur, inner) = match item {
                        Expr::Not(inner) if occur == Occur::Must => (Occur::MustNot, inner.as_ref()),
                        other => (occur, other),
                    };
                    let Some(q) = self.lower_mentions(inner)? else { return Ok(None) };
                    clauses.push((occur, q));
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Not(inner) => {
                let Some(q) = self.lower_mentions(inner)? else { return Ok(None) };
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as BoxQuery),
                    (Occur::MustNot, q),
                ]))
            }
            Expr::Field(name, value) if name == "antigen" || name == "disease" || name == EXACT_DISEASE => {
                let field = if name == "antigen" { f.mention_antigen } else { f.mention_disease };
                let Some(field) = field else { return Ok(None) };
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &value.to_lowercase()),
                    IndexRecordOption::Basic,
                ))
            }
            Expr::Field(name, value) if name == HEADLINE_MENTION => self.phrase(&[f.title], value)?,
            Expr::Field(name, _) if !matches!(name.as_str(), "publisher" | "title") => return Ok(None),
            other => self.lower(other, &mut Vec::new(), &mut false)?,
        }))
    }

    /// Every record matching the query, oldest first, then by id: a stable order for export.
    pub fn records(&self, q: &Query) -> Result<Vec<Record>> {
        guard(&self.path, || self.records_unguarded(q))?
    }

    fn records_unguarded(&self, q: &Query) -> Result<Vec<Record>> {
        let searcher = self.searcher()?;
        let query = self.records_query(q)?;
        let total = searcher.search(&query, &Count).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(total);
        if total == 0 {
            return Ok(out);
        }
        for (_, addr) in
            searcher.search(&query, &TopDocs::with_limit(total).order_by_score()).map_err(|e| self.err(e))?
        {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            if let (_, Some(r)) = self.stored(&doc)? {
                out.push(r);
            }
        }
        out.sort_by(|a, b| (a.milestone.date.as_deref(), &a.id).cmp(&(b.milestone.date.as_deref(), &b.id)));
        Ok(out)
    }

    /// How many matching records carry each antigen, disease, milestone kind and company.
    pub fn facets(&self, q: &Query, size: usize) -> Result<Facets> {
        guard(&self.path, || self.facets_unguarded(q, size))?
    }

    fn facets_unguarded(&self, q: &Query, size: usize) -> Result<Facets> {
        let query = self.records_query(q)?;
        self.count_terms(&query, FACETS, size)
    }

    /// Releases whose headline or lead mention each antigen and disease, among those the
    /// query matches as documents (`antigen` and `disease` then read mentions too): the
    /// mention layer's counts beside the records' [`Index::facets`]. A query on what only
    /// records carry (milestone, company, product, modality, cell source) is refused.
    pub fn mention_facets(&self, q: &Query, size: usize) -> Result<Facets> {
        guard(&self.path, || self.mention_facets_unguarded(q, size))?
    }

    /// The facets a search's answer lists, of records or (`mentions`) of mentioning releases:
    /// [`FACET_VALUES`] values each, saying which lists were cut.
    pub fn listed_facets(&self, q: &Query, mentions: bool) -> Result<Listed> {
        let counted = if mentions {
            self.mention_facets(q, FACET_VALUES + 1)?
        } else {
            self.facets(q, FACET_VALUES + 1)?
        };
        Ok(Listed::from_counted(counted))
    }

    fn mention_facets_unguarded(&self, q: &Query, size: usize) -> Result<Facets> {
        if self.fields.mention_antigen_facet.is_none() || self.fields.mention_disease_facet.is_none() {
            return Err(Error::Query {
                query: "mention facets".into(),
                message: "this index was built before mention facets; `biowire reindex` adds them".into(),
            });
        }
        let matching: BoxQuery = match &q.expr {
            None => Box::new(AllQuery),
            Some(e) => self.lower_mentions(e)?.ok_or_else(|| Error::Query {
                query: "a count of mentions".into(),
                message: "mentions can be counted by antigen, disease, words, date, publisher and title; \
                          milestone, company, product, modality and cell source are record fields"
                    .into(),
            })?,
        };
        let documents = BooleanQuery::new(vec![
            (Occur::Must, matching),
            (Occur::Must, self.kind_query(schema::KIND_DOCUMENT)),
        ]);
        self.count_terms(
            &documents,
            &[("antigen", "mention_antigen_facet"), ("disease", "mention_disease_facet")],
            size,
        )
    }

    /// Top `size` values of each named fast field among the units `query` matches.
    fn count_terms(
        &self,
        query: &dyn tantivy::query::Query,
        fields: &[(&str, &str)],
        size: usize,
    ) -> Result<Facets> {
        let searcher = self.searcher()?;
        let folded = self.fields.company_key.is_some();
        let request: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|(name, field)| {
                let agg = match *name {
                    // One bucket per folded name, labelled with its most common spelling.
                    "company" if folded => serde_json::json!({
                        "terms": {"field": "company_key", "size": size},
                        "aggs": {"form": {"terms": {"field": field, "size": 1}}},
                    }),
                    // An index without the folded field: every spelling, folded below.
                    "company" => serde_json::json!({"terms": {"field": field, "size": COMPANY_FORMS}}),
                    _ => serde_json::json!({"terms": {"field": field, "size": size}}),
                };
                ((*name).to_string(), agg)
            })
            .collect();
        let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(request)).map_err(|e| {
            Error::Corrupt { path: self.path.clone(), message: format!("facet request: {e}") }
        })?;
        let params =
            AggContextParams::new(AggregationLimitsGuard::default(), self.index.tokenizers().clone());
        let collector = AggregationCollector::from_aggs(aggs, params);
        let result = searcher.search(query, &collector).map_err(|e| self.err(e))?;
        let json = serde_json::to_value(&result)
            .map_err(|e| Error::Corrupt { path: self.path.clone(), message: format!("facet result: {e}") })?;
        let mut out = Facets::new();
        for (name, _) in fields {
            let buckets = json[*name]["buckets"].as_array().cloned().unwrap_or_default();
            let values: Vec<(String, u64)> = buckets
                .iter()
                .filter_map(|b| {
                    let label = b["form"]["buckets"][0]["key"].as_str().or(b["key"].as_str())?;
                    Some((label.to_string(), b["doc_count"].as_u64()?))
                })
                .collect();
            let values = if *name == "company" && !folded { fold_companies(values, size) } else { values };
            out.insert((*name).to_string(), values);
        }
        Ok(out)
    }

    /// The units of one kind (`document` or `record`).
    fn kind_query(&self, kind: &str) -> BoxQuery {
        Box::new(TermQuery::new(Term::from_field_text(self.fields.kind, kind), IndexRecordOption::Basic))
    }

    fn records_query(&self, q: &Query) -> Result<Box<dyn tantivy::query::Query>> {
        let (query, _) = self.compile(q.expr.as_ref())?;
        Ok(Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, self.kind_query(schema::KIND_RECORD)),
        ])))
    }

    fn stored(&self, doc: &TantivyDocument) -> Result<(DocumentRef, Option<Record>)> {
        let corrupt = |message: String| Error::Corrupt { path: self.path.clone(), message };
        if let Some(json) = doc.get_first(self.fields.record_json).and_then(|v| v.as_str()) {
            let record: Record = serde_json::from_str(json).map_err(|e| corrupt(format!("record: {e}")))?;
            return Ok((record.document.clone(), Some(record)));
        }
        let json = doc
            .get_first(self.fields.doc_json)
            .and_then(|v| v.as_str())
            .ok_or_else(|| corrupt("document without stored JSON".into()))?;
        let document: Document = serde_json::from_str(json).map_err(|e| corrupt(format!("document: {e}")))?;
        Ok((document.to_ref(), None))
    }

    /// The tantivy query for an expression, and the query of its free-text words (for
    /// snippets and relevance). Queries with a filter return records only; a query of words
    /// alone also returns the releases that announced nothing.
    fn compile(&self, expr: Option<&Expr>) -> Result<(BoxQuery, Option<BoxQuery>)> {
        let f = &self.fields;
        let term = |field, value: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let mut words = Vec::new();
        let mut has_filter = false;
        let main = match expr {
            Some(e) => self.lower(e, &mut words, &mut has_filter)?,
            None => Box::new(AllQuery),
        };
        let units: Box<dyn tantivy::query::Query> = if has_filter {
            term(f.kind, schema::KIND_RECORD)
        } else {
            // Announcements, plus the releases that announced nothing; never a release twice.
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(f.kind, schema::KIND_RECORD)),
                (Occur::Should, term(f.announces, "no")),
            ]))
        };
        let text = match words.len() {
            0 => None,
            1 => words.pop(),
            _ => Some(Box::new(BooleanQuery::new(words.into_iter().map(|w| (Occur::Should, w)).collect()))
                as Box<dyn tantivy::query::Query>),
        };
        // A filter on what only records carry already keeps to records; one more clause would
        // only be one more posting list to step through for every match.
        if has_filter && expr.is_some_and(|e| requires(e, &|name| RECORD_FIELDS.contains(&name))) {
            return Ok((main, text));
        }
        Ok((Box::new(BooleanQuery::new(vec![(Occur::Must, main), (Occur::Must, units)])), text))
    }

    fn lower(
        &self,
        e: &Expr,
        words: &mut Vec<Box<dyn tantivy::query::Query>>,
        has_filter: &mut bool,
    ) -> Result<Box<dyn tantivy::query::Query>> {
        let f = &self.fields;
        let term = |field, value: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &value.to_lowercase()),
                IndexRecordOption::Basic,
            ))
        };
        Ok(match e {
            Expr::And(items) | Expr::Or(items) => {
                let occur = if matches!(e, Expr::And(_)) { Occur::Must } else { Occur::Should };
                let mut clauses = Vec::with_capacity(items.len() + 1);
                let mut positive = false;
                for item in items {
                    match item {
                        Expr::Not(inner) if occur == Occur::Must => {
                            clauses.push((Occur::MustNot, self.lower(inner, words, has_filter)?))
                        }
                        other => {
                            positive = true;
                            clauses.push((occur, self.lower(other, words, has_filter)?))
                        }
                    }
                }
                if !positive {
                    clauses.push((Occur::Must, Box::new(AllQuery) as Box<dyn tantivy::query::Query>));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn tantivy::query::Query>),
                (Occur::MustNot, self.lower(inner, words, has_filter)?),
            ])),
            Expr::Text(t) => {
                let q = self.phrase(&[f.title, f.body, f.company, f.product], t)?;
                words.push(q.box_clone());
                q
            }
            Expr::Field(name, value) => {
                *has_filter = true;
                match name.as_str() {
                    "antigen" => term(f.antigen, value),
                    "milestone" => term(f.milestone, value),
                    "modality" => term(f.modality, value),
                    "cell_source" => term(f.cell_source, value),
                    "publisher" => term(f.publisher, value),
                    "disease" => Box::new(BooleanQuery::new(vec![
                        (Occur::Should, term(f.disease, value)),
                        (Occur::Should, words_query(f.disease_text, value)),
                    ])),
                    // A canonical name the caller resolved through the dictionaries: that
                    // disease exactly, not every name its words occur in.
                    EXACT_DISEASE => term(f.disease, value),
                    // Records never match it; `lower_mentions` reads it.
                    HEADLINE_MENTION => Box::new(BooleanQuery::new(Vec::new())),
                    // Without its legal suffix, so every spelling of the company matches.
                    "company" => words_query(f.company, company::strip_legal_suffix(value)),
                    "product" => words_query(f.product, value),
                    // Through the title's own tokenizer: a stemmed field has no `dosed` term.
                    "title" => self.phrase(&[f.title], value)?,
                    other => {
                        return Err(Error::Query {
                            query: format!("{other}:{value}"),
                            message: format!("unknown field `{other}`"),
                        })
                    }
                }
            }
            Expr::Date(cmp, date) => {
                *has_filter = true;
                let (start, end) = (date_key(date), date_key_end(date));
                let (Some(start), Some(end)) = (start, end) else {
                    return Err(Error::Query { query: date.clone(), message: "not a date".into() });
                };
                let bound = |k: i64| Term::from_field_i64(f.date_key, k);
                let (lower, upper) = match cmp {
                    Cmp::Eq => (Bound::Included(bound(start)), Bound::Included(bound(end))),
                    Cmp::Ge => (Bound::Included(bound(start)), Bound::Unbounded),
                    Cmp::Gt => (Bound::Excluded(bound(end)), Bound::Unbounded),
                    Cmp::Le => (Bound::Unbounded, Bound::Included(bound(end))),
                    Cmp::Lt => (Bound::Unbounded, Bound::Excluded(bound(start))),
                };
                Box::new(RangeQuery::new(lower, upper))
            }
        })
    }

    /// One page of [`Index::records`]: the matching records that come after `after` in the
    /// same order (oldest first, then by id), at most `limit` of them, and the key to pass as
    /// `after` for the next page (`None` on the last page). `after` is a key this method
    /// returned; pages neither skip nor repeat a record that is in the index throughout.
    ///
    /// Cost: one pass over the fast-field ordinals of the matching records after `after` to
    /// keep the `limit + 1` smallest keys, then `limit` stored records read and parsed; the
    /// whole result is never deserialized. An index written before the key field existed
    /// reads and sorts every matching record per page instead (`biowire reindex` adds it).
    pub fn records_page(
        &self,
        q: &Query,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Record>, Option<String>)> {
        guard(&self.path, || self.records_page_unguarded(q, after, limit))?
    }

    fn records_page_unguarded(
        &self,
        q: &Query,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Record>, Option<String>)> {
        let limit = limit.max(1);
        let Some(key_field) = self.fields.record_key else {
            let mut page: Vec<Record> = self
                .records_unguarded(q)?
                .into_iter()
                .filter(|r| after.is_none_or(|a| schema::record_key(r).as_str() > a))
                .take(limit + 1)
                .collect();
            let next = (page.len() > limit).then(|| schema::record_key(&page[limit - 1]));
            page.truncate(limit);
            return Ok((page, next));
        };
        let searcher = self.searcher()?;
        let mut query = self.records_query(q)?;
        if let Some(after) = after {
            let rest =
                RangeQuery::new(Bound::Excluded(Term::from_field_text(key_field, after)), Bound::Unbounded);
            query = Box::new(BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, Box::new(rest))]));
        }
        let top = TopDocs::with_limit(limit + 1).order_by_string_fast_field(schema::RECORD_KEY, Order::Asc);
        let found = searcher.search(&query, &top).map_err(|e| self.err(e))?;
        let next = if found.len() > limit { found[limit - 1].0.clone() } else { None };
        let mut page = Vec::with_capacity(limit.min(found.len()));
        for (_, addr) in found.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            if let (_, Some(r)) = self.stored(&doc)? {
                page.push(r);
            }
        }
        Ok((page, next))
    }
}

impl Index {
    /// `text` as a phrase over `fields`, each read by its own tokenizer (the title's stemmer
    /// too); the first field counts double. Quoted, so the user's words are words: tantivy's
    /// own syntax is not exposed.
    fn phrase(&self, fields: &[tantivy::schema::Field], text: &str) -> Result<BoxQuery> {
        let mut parser = QueryParser::for_index(&self.index, fields.to_vec());
        if fields.len() > 1 {
            parser.set_field_boost(fields[0], 2.0);
        }
        let quoted = format!("\"{}\"", text.replace(['"', '\\'], " "));
        parser
            .parse_query(&quoted)
            .map_err(|err| Error::Query { query: text.to_string(), message: err.to_string() })
    }
}

/// Filters that only record units can match: their fields are set on records alone, and
/// [`HEADLINE_MENTION`] matches no record and nothing else when lowered for records.
const RECORD_FIELDS: &[&str] = &[
    "antigen",
    "disease",
    EXACT_DISEASE,
    "milestone",
    "modality",
    "cell_source",
    "company",
    "product",
    HEADLINE_MENTION,
];

/// True when every unit the lowered `e` matches holds a field `only` accepts: a conjunction
/// with one such positive filter, a disjunction of them, or one.
fn requires(e: &Expr, only: &dyn Fn(&str) -> bool) -> bool {
    match e {
        Expr::And(items) => items.iter().any(|i| !matches!(i, Expr::Not(_)) && requires(i, only)),
        Expr::Or(items) => !items.is_empty() && items.iter().all(|i| requires(i, only)),
        Expr::Field(name, _) => only(name),
        _ => false,
    }
}

/// Collects the [`schema::doc_key`] of every matching unit: the releases a query touches,
/// once per unit. Unless `wanted`, it collects nothing (and needs no key field).
#[derive(Clone, Copy)]
struct DocKeys {
    wanted: bool,
}

impl tantivy::collector::Collector for DocKeys {
    type Fruit = Vec<u64>;
    type Child = SegmentDocKeys;

    fn for_segment(
        &self,
        _segment_local_id: tantivy::SegmentOrdinal,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let column = if self.wanted { Some(segment.fast_fields().u64(schema::DOC_KEY)?) } else { None };
        Ok(SegmentDocKeys { column, keys: Vec::new(), block: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        Ok(if fruits.len() == 1 { fruits.remove(0) } else { fruits.concat() })
    }
}

/// [`DocKeys`] within one segment.
struct SegmentDocKeys {
    column: Option<tantivy::columnar::Column<u64>>,
    keys: Vec<u64>,
    /// Reused between blocks of matches: a column reads a block at once faster than a value
    /// at a time.
    block: Vec<Option<u64>>,
}

impl tantivy::collector::SegmentCollector for SegmentDocKeys {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(column) = &self.column {
            self.keys.extend(column.first(doc));
        }
    }

    fn collect_block(&mut self, docs: &[tantivy::DocId]) {
        if let Some(column) = &self.column {
            self.block.clear();
            self.block.resize(docs.len(), None);
            column.first_vals(docs, &mut self.block);
            self.keys.extend(self.block.iter().flatten());
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.keys
    }
}

/// How many keys of `wanted` (repeats counted) are not in `present`.
fn count_missing(wanted: &[u64], present: &[u64]) -> usize {
    let present = KeySet::new(present);
    wanted.iter().filter(|&&k| !present.contains(k)).count()
}

/// A set of [`schema::doc_key`]s for membership tests: open addressing on the key's own low
/// bits, which are SHA-256 bits and spread already, at most half full. A general hash set
/// spent a tenth of a search hashing and probing.
struct KeySet {
    /// A power of two of slots; 0 marks an empty one.
    slots: Vec<u64>,
    /// Whether the key 0, which cannot sit in a slot, is in the set.
    zero: bool,
}

impl KeySet {
    fn new(keys: &[u64]) -> Self {
        let mut set = KeySet { slots: vec![0; (keys.len() * 2).next_power_of_two().max(2)], zero: false };
        let mask = set.slots.len() - 1;
        for &k in keys {
            if k == 0 {
                set.zero = true;
                continue;
            }
            let mut i = k as usize & mask;
            while set.slots[i] != 0 && set.slots[i] != k {
                i = (i + 1) & mask;
            }
            set.slots[i] = k;
        }
        set
    }

    fn contains(&self, k: u64) -> bool {
        if k == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut i = k as usize & mask;
        loop {
            match self.slots[i] {
                0 => return false,
                s if s == k => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// Every file of every segment present, with a matching footer checksum (see [`Index::check`]).
fn check_files(path: &Path, index: &tantivy::Index) -> Result<()> {
    let dir = index.directory();
    let metas = index
        .searchable_segment_metas()
        .map_err(|e| Error::Damaged { path: path.to_path_buf(), cause: e })?;
    let mut files = Vec::new();
    for meta in &metas {
        let mut components = vec![
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ];
        if meta.num_deleted_docs() > 0 {
            components.push(SegmentComponent::Delete);
        }
        for f in components.into_iter().map(|c| meta.relative_path(c)) {
            match dir.exists(&f) {
                Ok(true) => {}
                _ => {
                    files.push(format!("{} missing", f.display()));
                    continue;
                }
            }
            match guard(path, || dir.validate_checksum(&f))? {
                Ok(true) => {}
                Ok(false) => files.push(format!("{} fails its checksum", f.display())),
                Err(e) => files.push(format!("{} unreadable: {e}", f.display())),
            }
        }
    }
    if files.is_empty() {
        Ok(())
    } else {
        Err(Error::Checksum { path: path.to_path_buf(), files })
    }
}

/// All words of `text` in order, as a phrase over a tokenized field.
fn words_query(field: tantivy::schema::Field, text: &str) -> Box<dyn tantivy::query::Query> {
    let terms: Vec<Term> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| Term::from_field_text(field, &w.to_lowercase()))
        .collect();
    match terms.len() {
        0 => Box::new(BooleanQuery::new(Vec::new())),
        1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

/// `YYYY-MM-DD` or `YYYY-MM` (first day) as a sortable integer `YYYYMMDD`.
pub fn date_key(date: &str) -> Option<i64> {
    let parts: Vec<&str> = date.trim().split('-').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts.get(1).map_or(Some(1), |p| p.parse().ok())?;
    let d: u32 = parts.get(2).map_or(Some(1), |p| p.parse().ok())?;
    let real = chrono::NaiveDate::from_ymd_opt(y, m, d).is_some();
    (real && (1000..=9999).contains(&y)).then_some(i64::from(y) * 10000 + i64::from(m) * 100 + i64::from(d))
}

/// Like [`date_key`], but a month or year alone means its last day.
fn date_key_end(date: &str) -> Option<i64> {
    let parts = date.trim().split('-').count();
    let key = date_key(date)?;
    Some(match parts {
        1 => key + 1130,
        2 => key + 30,
        _ => key,
    })
}

/// Characters of the main text shown when no passage matches the query's words.
const LEAD_CHARS: usize = 200;

/// Farthest, in characters, a passage is widened to end on whitespace; a cut inside a longer
/// run of non-space characters moves back to the whitespace before it instead.
const WIDEN_CHARS: usize = 24;

/// The start of the main text, on one line, cut at a word boundary (see [`passage`]).
fn lead(body: &str) -> String {
    let end = body.char_indices().nth(LEAD_CHARS).map_or(body.len(), |(i, _)| i);
    passage(body, 0..end, &[]).0
}

/// The bytes `range` of `text` as a one-line passage that starts and ends on word
/// boundaries, with "…" where text before or after it was left out. A cut that falls inside
/// a word (or against punctuation) is widened to the nearest whitespace within
/// [`WIDEN_CHARS`], else narrowed to the whitespace inside the passage. `highlighted` are byte
/// ranges of `text`; the result's highlights are character (not byte) ranges of the passage,
/// counting the leading "…" (one character).
fn passage(
    text: &str,
    range: std::ops::Range<usize>,
    highlighted: &[std::ops::Range<usize>],
) -> (String, Vec<(usize, usize)>) {
    let boundary = |i: usize| {
        let mut i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (mut start, mut end) = (boundary(range.start), boundary(range.end));
    if end < start {
        end = start;
    }
    if text[..start].chars().next_back().is_some_and(|c| !c.is_whitespace()) {
        let back = text[..start].char_indices().rev().take(WIDEN_CHARS + 1).find(|(_, c)| c.is_whitespace());
        if let Some((i, c)) = back {
            start = i + c.len_utf8();
        } else if text[..start].chars().count() <= WIDEN_CHARS {
            start = 0;
        } else if let Some(i) = text[start..end].find(char::is_whitespace) {
            start += i;
        }
    }
    if text[end..].chars().next().is_some_and(|c| !c.is_whitespace()) {
        let ahead = text[end..].char_indices().take(WIDEN_CHARS + 1).find(|(_, c)| c.is_whitespace());
        if let Some((i, _)) = ahead {
            end += i;
        } else if text[end..].chars().count() <= WIDEN_CHARS {
            end = text.len();
        } else if let Some(i) = text[start..end].rfind(char::is_whitespace) {
            end = start + i;
        }
    }
    let inside: Vec<std::ops::Range<usize>> = highlighted
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start..r.end - start)
        .collect();
    let (mut out, mut ranges) = flatten_snippet(&text[start..end], &inside);
    if out.is_empty() {
        return (out, Vec::new());
    }
    if !text[..start].trim().is_empty() {
        out.insert(0, '…');
        for r in &mut ranges {
            *r = (r.0 + 1, r.1 + 1);
        }
    }
    if !text[end..].trim().is_empty() {
        out.push('…');
    }
    (out, ranges)
}

/// Collapses a fragment's whitespace onto one line and maps its highlighted byte ranges to
/// character ranges of the result.
fn flatten_snippet(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(fragment.len());
    // For each byte of the fragment, the character index it lands on in the output.
    let mut map = vec![0usize; fragment.len() + 1];
    let mut chars = 0;
    let mut last_space = true;
    for (i, c) in fragment.char_indices() {
        map[i] = chars;
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                chars += 1;
            }
            last_space = true;
        } else {
            out.push(c);
            chars += 1;
            last_space = false;
        }
        for slot in &mut map[i + 1..i + c.len_utf8()] {
            *slot = chars;
        }
    }
    map[fragment.len()] = chars;
    let trimmed_end = out.trim_end().chars().count();
    let ranges = highlighted
        .iter()
        .filter(|r| r.end <= fragment.len() && r.start < r.end)
        .map(|r| (map[r.start], map[r.end].min(trimmed_end)))
        .filter(|(a, b)| a < b)
        .collect();
    (out.trim_end().to_string(), ranges)
}

/// The document, records and mentions the index holds for a content hash; `None` when it
/// holds nothing for it, an error when it holds records without their document.
fn read_units(index: &Index, searcher: &Searcher, sha: &str) -> Result<Option<Units>> {
    let f = &index.fields;
    let query = TermQuery::new(Term::from_field_text(f.doc_sha, sha), IndexRecordOption::Basic);
    let addrs =
        searcher.search(&query, &TopDocs::with_limit(1000).order_by_score()).map_err(|e| index.err(e))?;
    if addrs.is_empty() {
        return Ok(None);
    }
    let corrupt = |message: String| Error::Corrupt { path: index.path.clone(), message };
    let (mut document, mut records, mut mentions) = (None, Vec::new(), Vec::new());
    for (_, addr) in addrs {
        let d: TantivyDocument = searcher.doc(addr).map_err(|e| index.err(e))?;
        if let Some(json) = d.get_first(f.doc_json).and_then(|v| v.as_str().map(str::to_string)) {
            document =
                Some(serde_json::from_str::<Document>(&json).map_err(|e| corrupt(format!("document: {e}")))?);
            if let Some(json) =
                f.mentions_json.and_then(|m| d.get_first(m)).and_then(|v| v.as_str().map(str::to_string))
            {
                mentions = serde_json::from_str(&json).map_err(|e| corrupt(format!("mentions: {e}")))?;
            }
        } else if let Some(json) = d.get_first(f.record_json).and_then(|v| v.as_str().map(str::to_string)) {
            records.push(serde_json::from_str::<Record>(&json).map_err(|e| corrupt(format!("record: {e}")))?);
        }
    }
    let document = document.ok_or_else(|| corrupt(format!("records of `{sha}` without their document")))?;
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Some((document, records, mentions)))
}

/// True when `dir` holds segment files: data an index committed. Lock files and the
/// `.managed.json` list that tantivy writes first when it creates an index are not data (a
/// process killed while creating one leaves them behind).
fn holds_index_files(dir: &Path) -> bool {
    const SEGMENT: &[&str] = &["idx", "term", "store", "pos", "fast", "fieldnorm", "del"];
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let path = e.path();
            path.is_file() && path.extension().and_then(|x| x.to_str()).is_some_and(|x| SEGMENT.contains(&x))
        })
    })
}

/// Runs a read of the index, turning a panic inside tantivy (damaged data it does not
/// check) into an error that names the index.
fn guard<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("a panic")
            .to_string();
        Error::ReadFailed { path: path.to_path_buf(), message }
    })
}

/// Holds the writer lock; adds documents and commits them.
pub struct Writer<'a> {
    index: &'a Index,
    writer: IndexWriter,
    /// Content hashes added since the last commit, so a batch does not add a document twice.
    pending: HashMap<String, Units>,
    /// URLs added since the last commit (not searchable yet), so a second version replaces it.
    pending_urls: HashSet<String>,
}

/// What the index holds for one release: the document, its records and its mentions.
pub type Units = (Document, Vec<Record>, Vec<Mention>);

impl Writer<'_> {
    /// Adds a parsed document and its records, unless the same content is already indexed.
    pub fn add(&mut self, doc: &Document, records: &[Record]) -> Result<AddOutcome> {
        self.add_with_mentions(doc, records, &[])
    }

    /// As [`Writer::add`], with the document's antigen and disease mentions (see
    /// `Extractor::mentions`): search falls back on them where no record matches.
    pub fn add_with_mentions(
        &mut self,
        doc: &Document,
        records: &[Record],
        mentions: &[Mention],
    ) -> Result<AddOutcome> {
        let f = &self.index.fields;
        let searcher = self.index.searcher()?;
        let url_term = Term::from_field_text(f.url, &doc.url);
        let replaced = guard(&self.index.path, || {
            searcher.search(&TermQuery::new(url_term.clone(), IndexRecordOption::Basic), &Count)
        })?
        .map_err(|e| self.index.err(e))?
            > 0
            // Added earlier in this batch: not searchable yet, but deleted by the same term.
            || self.pending_urls.contains(&doc.url);
        if let Some(stored) = self.stored_units(&searcher, &doc.content_sha256)? {
            // The page now shows another page's release: its own old version goes.
            if replaced && stored.0.url != doc.url {
                self.writer.delete_term(url_term);
                self.pending.retain(|_, (d, _, _)| d.url != doc.url);
            }
            return self.merge_url(stored, &doc.url);
        }
        if replaced {
            self.writer.delete_term(url_term);
            self.pending.retain(|_, (d, _, _)| d.url != doc.url);
        }
        for d in schema::to_tantivy(f, doc, records, mentions) {
            self.writer.add_document(d).map_err(|e| self.index.err(e))?;
        }
        self.pending.insert(doc.content_sha256.clone(), (doc.clone(), records.to_vec(), mentions.to_vec()));
        self.pending_urls.insert(doc.url.clone());
        Ok(if replaced { AddOutcome::Updated } else { AddOutcome::New })
    }

    /// The document and records indexed (or added in this batch) for a content hash.
    fn stored_units(&self, searcher: &Searcher, sha: &str) -> Result<Option<Units>> {
        if let Some(p) = self.pending.get(sha) {
            return Ok(Some(p.clone()));
        }
        read_units(self.index, searcher, sha)
    }

    /// Records that the release at `url` is one already indexed: its units are rewritten with
    /// the URL added to `also_at`. The same URL again changes nothing.
    fn merge_url(&mut self, (mut doc, mut records, mentions): Units, url: &str) -> Result<AddOutcome> {
        if doc.url == url || doc.also_at.iter().any(|u| u == url) {
            return Ok(AddOutcome::Unchanged);
        }
        doc.also_at.push(url.to_string());
        for r in &mut records {
            r.document.also_at = doc.also_at.clone();
        }
        let f = &self.index.fields;
        self.writer.delete_term(Term::from_field_text(f.doc_sha, &doc.content_sha256));
        for d in schema::to_tantivy(f, &doc, &records, &mentions) {
            self.writer.add_document(d).map_err(|e| self.index.err(e))?;
        }
        self.pending.insert(doc.content_sha256.clone(), (doc, records, mentions));
        Ok(AddOutcome::Merged)
    }

    /// Makes the index hold this release exactly as given, replacing whatever it held under
    /// the same content hash or URL: for a follower of a shared store, where the store has
    /// already merged syndicated URLs and chosen the records.
    pub fn replace(&mut self, doc: &Document, records: &[Record], mentions: &[Mention]) -> Result<()> {
        let f = &self.index.fields;
        self.writer.delete_term(Term::from_field_text(f.doc_sha, &doc.content_sha256));
        self.writer.delete_term(Term::from_field_text(f.url, &doc.url));
        self.pending.retain(|sha, (d, _, _)| *sha != doc.content_sha256 && d.url != doc.url);
        for d in schema::to_tantivy(f, doc, records, mentions) {
            self.writer.add_document(d).map_err(|e| self.index.err(e))?;
        }
        self.pending.insert(doc.content_sha256.clone(), (doc.clone(), records.to_vec(), mentions.to_vec()));
        self.pending_urls.insert(doc.url.clone());
        Ok(())
    }

    /// Removes the release with content hash `sha` (its document, records and mentions) at
    /// the next commit.
    pub fn forget(&mut self, sha: &str) {
        self.writer.delete_term(Term::from_field_text(self.index.fields.doc_sha, sha));
        if let Some((d, _, _)) = self.pending.remove(sha) {
            self.pending_urls.remove(&d.url);
        }
    }

    /// Makes everything added so far durable and searchable, atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit().map_err(|e| self.index.err(e))?;
        self.pending.clear();
        self.pending_urls.clear();
        Ok(())
    }
}

#[cfg(test)]
mod paging_tests;
#[cfg(test)]
mod tests;
