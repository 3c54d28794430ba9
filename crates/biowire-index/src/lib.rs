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
//! use biowire_index::{Index, Query};
//! let index = Index::open_or_create(std::path::Path::new("biowire-data/index")).unwrap();
//! let hits = index.search(&Query { antigens: vec!["CD19".into()], ..Query::default() }).unwrap();
//! for hit in hits {
//!     println!("{:?} {}", hit.document.title, hit.snippet);
//! }
//! ```

mod schema;

use biowire_core::{Document, DocumentRef, Record};
use schema::Fields;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term,
};

/// Errors of the index; each names the index folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Another process holds the writer lock.
    #[error("the index at `{}` is locked by another biowire process (an ingest is running); try again when it ends", .0.display())]
    Locked(PathBuf),
    /// There is no index yet.
    #[error("no index at `{}`: run `biowire ingest` first", .0.display())]
    Missing(PathBuf),
    /// The index exists but cannot be read.
    #[error("the index at `{}` cannot be opened (damaged or written by another version): {source}", .path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// The cause.
        source: TantivyError,
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
    #[error("index error at `{}`: {source}", .path.display())]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// The cause.
        source: TantivyError,
    },
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
}

/// What adding a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// The document was not in the index.
    New,
    /// The same content was already indexed; nothing was added.
    Unchanged,
    /// The URL was indexed with other content; the old version was replaced.
    Updated,
}

/// A search: optional free text plus exact filters. Filter values must already be canonical
/// (the caller normalizes them through the extraction dictionaries).
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Free text over title and body (tantivy query syntax).
    pub text: Option<String>,
    /// Antigen symbols; a record matches any of them.
    pub antigens: Vec<String>,
    /// Disease names: canonical names match exactly, other words match inside names.
    pub diseases: Vec<String>,
    /// Words of the company name.
    pub company: Option<String>,
    /// Milestone kinds; a record matches any of them.
    pub milestones: Vec<String>,
    /// Earliest milestone date, `YYYY-MM-DD` or `YYYY-MM`.
    pub since: Option<String>,
    /// Latest milestone date, inclusive.
    pub until: Option<String>,
    /// Largest number of hits.
    pub limit: Option<usize>,
}

impl Query {
    fn has_filters(&self) -> bool {
        !self.antigens.is_empty()
            || !self.diseases.is_empty()
            || self.company.is_some()
            || !self.milestones.is_empty()
            || self.since.is_some()
            || self.until.is_some()
    }
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
}

impl Index {
    /// Opens the index in `dir`, creating it (and the folder) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Tantivy { path: dir.to_path_buf(), source: e.into() })?;
        if !dir.join("meta.json").exists() {
            let schema = schema::build();
            let index = tantivy::Index::create_in_dir(dir, schema)
                .map_err(|e| Error::Tantivy { path: dir.to_path_buf(), source: e })?;
            return Self::from_index(dir, index);
        }
        Self::open(dir)
    }

    /// Opens an existing index.
    pub fn open(dir: &Path) -> Result<Self> {
        if !dir.join("meta.json").exists() {
            return Err(Error::Missing(dir.to_path_buf()));
        }
        let index = tantivy::Index::open_in_dir(dir)
            .map_err(|e| Error::Damaged { path: dir.to_path_buf(), source: e })?;
        Self::from_index(dir, index)
    }

    fn from_index(dir: &Path, index: tantivy::Index) -> Result<Self> {
        let fields = Fields::from_schema(&index.schema())
            .map_err(|message| Error::Corrupt { path: dir.to_path_buf(), message })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::Damaged { path: dir.to_path_buf(), source: e })?;
        Ok(Index { path: dir.to_path_buf(), index, fields, reader })
    }

    /// Takes the index's writer lock. Fails with [`Error::Locked`] while another writer holds it.
    pub fn writer(&self) -> Result<Writer<'_>> {
        // One indexing thread: the machine is small and releases are small; 50 MB of buffer
        // holds thousands of them before tantivy flushes a segment.
        let writer = self.index.writer_with_num_threads(1, 50_000_000).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(self.path.clone()),
            other => self.err(other),
        })?;
        Ok(Writer { index: self, writer, pending: Vec::new() })
    }

    fn err(&self, source: TantivyError) -> Error {
        Error::Tantivy { path: self.path.clone(), source }
    }

    fn searcher(&self) -> Result<Searcher> {
        self.reader.reload().map_err(|e| self.err(e))?;
        Ok(self.reader.searcher())
    }

    /// Number of indexed releases and records.
    pub fn counts(&self) -> Result<(usize, usize)> {
        let searcher = self.searcher()?;
        let count = |kind: &str| {
            let q = TermQuery::new(Term::from_field_text(self.fields.kind, kind), IndexRecordOption::Basic);
            searcher.search(&q, &Count).map_err(|e| self.err(e))
        };
        Ok((count(schema::KIND_DOCUMENT)?, count(schema::KIND_RECORD)?))
    }

    /// Announcements matching the query, best first (by relevance with free text, else newest
    /// first).
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>> {
        let searcher = self.searcher()?;
        let limit = q.limit.unwrap_or(20).max(1);
        let text_query = self.text_query(q)?;
        let query = self.build_query(q, text_query.as_ref().map(|t| t.box_clone()))?;
        let addrs: Vec<(f32, DocAddress)> = if text_query.is_some() {
            searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).map_err(|e| self.err(e))?
        } else {
            searcher
                .search(
                    &query,
                    &TopDocs::with_limit(limit).order_by_fast_field::<i64>(schema::DATE_KEY, Order::Desc),
                )
                .map_err(|e| self.err(e))?
                .into_iter()
                .map(|(_, a)| (0.0, a))
                .collect()
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
            let body = doc
                .get_first(self.fields.body)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let snippet = match &snippets {
                Some(g) => {
                    let s = g.snippet(&body);
                    if s.fragment().is_empty() {
                        lead(&body)
                    } else {
                        s.fragment().to_string()
                    }
                }
                None => lead(&body),
            };
            hits.push(Hit { score, record, document, snippet: one_line(&snippet) });
        }
        Ok(hits)
    }

    /// Every record matching the query's filters, oldest first, then by id: a stable order
    /// for export.
    pub fn records(&self, q: &Query) -> Result<Vec<Record>> {
        let searcher = self.searcher()?;
        let text_query = self.text_query(q)?;
        let query = self.build_query(q, text_query)?;
        let kind = TermQuery::new(
            Term::from_field_text(self.fields.kind, schema::KIND_RECORD),
            IndexRecordOption::Basic,
        );
        let query = BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, Box::new(kind))]);
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

    fn stored(&self, doc: &TantivyDocument) -> Result<(DocumentRef, Option<Record>)> {
        let corrupt = |message: String| Error::Corrupt { path: self.path.clone(), message };
        if let Some(json) =
            doc.get_first(self.fields.record_json).and_then(|v| v.as_str().map(str::to_string))
        {
            let record: Record = serde_json::from_str(&json).map_err(|e| corrupt(format!("record: {e}")))?;
            return Ok((record.document.clone(), Some(record)));
        }
        let json = doc
            .get_first(self.fields.doc_json)
            .and_then(|v| v.as_str().map(str::to_string))
            .ok_or_else(|| corrupt("document without stored JSON".into()))?;
        let document: Document =
            serde_json::from_str(&json).map_err(|e| corrupt(format!("document: {e}")))?;
        Ok((document.to_ref(), None))
    }

    fn text_query(&self, q: &Query) -> Result<Option<Box<dyn tantivy::query::Query>>> {
        let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let mut parser = QueryParser::for_index(
            &self.index,
            vec![self.fields.title, self.fields.body, self.fields.company, self.fields.product],
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, 2.0);
        let parsed = parser
            .parse_query(text)
            .map_err(|e| Error::Query { query: text.to_string(), message: e.to_string() })?;
        Ok(Some(parsed))
    }

    fn build_query(
        &self,
        q: &Query,
        text: Option<Box<dyn tantivy::query::Query>>,
    ) -> Result<Box<dyn tantivy::query::Query>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        if let Some(t) = text {
            clauses.push((Occur::Must, t));
        }
        let any_of = |field, values: &[String]| -> Box<dyn tantivy::query::Query> {
            let terms = values
                .iter()
                .map(|v| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &v.to_lowercase()),
                            IndexRecordOption::Basic,
                        )) as Box<dyn tantivy::query::Query>,
                    )
                })
                .collect();
            Box::new(BooleanQuery::new(terms))
        };
        if !q.antigens.is_empty() {
            clauses.push((Occur::Must, any_of(f.antigen, &q.antigens)));
        }
        if !q.milestones.is_empty() {
            clauses.push((Occur::Must, any_of(f.milestone, &q.milestones)));
        }
        if !q.diseases.is_empty() {
            let mut ors: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
            for d in &q.diseases {
                ors.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.disease, &d.to_lowercase()),
                        IndexRecordOption::Basic,
                    )),
                ));
                ors.push((Occur::Should, words_query(f.disease_text, d)));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(ors))));
        }
        if let Some(c) = q.company.as_deref() {
            clauses.push((Occur::Must, words_query(f.company, c)));
        }
        if q.since.is_some() || q.until.is_some() {
            let lower = match q.since.as_deref().and_then(date_key) {
                Some(k) => Bound::Included(Term::from_field_i64(f.date_key, k)),
                None => Bound::Unbounded,
            };
            let upper = match q.until.as_deref().and_then(date_key_end) {
                Some(k) => Bound::Included(Term::from_field_i64(f.date_key, k)),
                None => Bound::Unbounded,
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        let term = |field, value: &str| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        if q.has_filters() {
            clauses.push((Occur::Must, term(f.kind, schema::KIND_RECORD)));
        } else {
            // Announcements, plus the releases that announced nothing; never a release twice.
            let units = vec![
                (Occur::Should, term(f.kind, schema::KIND_RECORD)),
                (Occur::Should, term(f.announces, "no")),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(units))));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
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
    let mut parts = date.trim().split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d: i64 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1000..=9999).contains(&y))
        .then_some(y * 10000 + m * 100 + d)
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

fn lead(body: &str) -> String {
    body.chars().take(200).collect()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Holds the writer lock; adds documents and commits them.
pub struct Writer<'a> {
    index: &'a Index,
    writer: IndexWriter,
    /// Content hashes added since the last commit, so a batch does not add a document twice.
    pending: Vec<String>,
}

impl Writer<'_> {
    /// Adds a parsed document and its records, unless the same content is already indexed.
    pub fn add(&mut self, doc: &Document, records: &[Record]) -> Result<AddOutcome> {
        let f = &self.index.fields;
        let searcher = self.index.searcher()?;
        let sha_term = Term::from_field_text(f.doc_sha, &doc.content_sha256);
        let exists = self.pending.contains(&doc.content_sha256)
            || searcher
                .search(&TermQuery::new(sha_term, IndexRecordOption::Basic), &Count)
                .map_err(|e| self.index.err(e))?
                > 0;
        if exists {
            return Ok(AddOutcome::Unchanged);
        }
        let url_term = Term::from_field_text(f.url, &doc.url);
        let replaced = searcher
            .search(&TermQuery::new(url_term.clone(), IndexRecordOption::Basic), &Count)
            .map_err(|e| self.index.err(e))?
            > 0;
        if replaced {
            self.writer.delete_term(url_term);
        }
        for d in schema::to_tantivy(f, doc, records) {
            self.writer.add_document(d).map_err(|e| self.index.err(e))?;
        }
        self.pending.push(doc.content_sha256.clone());
        Ok(if replaced { AddOutcome::Updated } else { AddOutcome::New })
    }

    /// Makes everything added so far durable and searchable, atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit().map_err(|e| self.index.err(e))?;
        self.pending.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
