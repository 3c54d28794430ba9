//! The shared store (`--store postgres://…`, `BIOWIRE_STORE`, or `[store]` in the crawl
//! configuration): crawl passes as one of many workers, and read nodes that follow the store
//! into their own index.
//!
//! A worker reads its sources' listings and adds the release URLs to the store's frontier,
//! then claims due URLs a few at a time, fetches them at the pace every worker shares, parses
//! and extracts them, and stores each document with its records in the transaction that marks
//! its URL done. A follower reads the store's change log in order into the data folder's index
//! and document store, and remembers the last change it holds in `store-follow.json`.

use crate::crawl::{adopt_canonical, chosen_sources, http_options, release_links, Getter, Got, PassSummary};
use crate::paths::{index_dir, store_dir};
use anyhow::{Context, Result};
use biowire_core::sha256_hex;
use biowire_extract::Extractor;
use biowire_fetch::config::{CrawlConfig, Source, StoreConfig};
use biowire_fetch::http::{HttpFetcher, Validators};
use biowire_index::docstore::DocStore;
use biowire_index::Index;
use biowire_pg::{Change, Claim, Finished, PgStore, Stored};
use futures_util::StreamExt;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How this process names itself in the leases it takes: host name and process id.
fn owner() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "worker".to_string());
    format!("{host}:{}", std::process::id())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("failed to start the async runtime")
}

/// One crawl pass as one of the store's workers: this worker's sources are listed into the
/// frontier, then it fetches what it can claim until no URL is due and no other worker
/// holds one (a dead worker's claims come back when their leases end).
pub(crate) fn crawl_pass(
    config: &CrawlConfig,
    store: &StoreConfig,
    only: Option<&str>,
) -> Result<PassSummary> {
    let chosen = chosen_sources(config, only)?;
    let started = Instant::now();
    let extractor = Extractor::builtin();
    let mut summary = runtime()?.block_on(async {
        let pg = Arc::new(PgStore::connect(&store.url, &owner()).await?);
        let http = HttpFetcher::new(http_options(config))?.with_hosts(pg.clone());
        let mut summary = PassSummary { sources: chosen.len(), ..PassSummary::default() };
        for source in &chosen {
            let getter = Getter::new(&http, source.delay_ms);
            let links = match release_links(&getter, source).await {
                Ok(l) => l,
                Err(e) => {
                    summary.error("source", format!("source `{}`: {e:#}", source.name));
                    continue;
                }
            };
            summary.links += links.len();
            let before = links.len();
            let wanted: Vec<String> =
                links.into_iter().filter(|u| source.wants_url(u)).take(source.max_pages).collect();
            summary.skipped_by_pattern += before - wanted.len();
            let added = pg.enqueue(&source.name, &wanted, store.refetch_after).await?;
            tracing::info!(source = %source.name, listed = wanted.len(), due = added, "listed into the shared frontier");
        }
        let batch = config.concurrency.max(1) * 2;
        loop {
            let claims = pg.claim(batch, store.lease).await?;
            if claims.is_empty() {
                // Nothing due: done, unless other workers hold URLs; their leases may end
                // (a worker that died), and then this one takes them over.
                match pg.next_lease_end().await? {
                    None => break,
                    Some(wait) => {
                        tokio::time::sleep(wait.clamp(Duration::from_millis(100), Duration::from_secs(1))).await;
                        continue;
                    }
                }
            }
            let results: Vec<Result<Done>> = futures_util::stream::iter(claims.into_iter().map(|claim| {
                // A URL another worker listed may be of a source this configuration lacks:
                // it is fetched at the default pace and without a keyword filter.
                let source = config.sources.iter().find(|s| s.name == claim.source);
                one(&pg, &http, &extractor, source, config.delay_ms, claim)
            }))
            .buffer_unordered(config.concurrency.max(1))
            .collect()
            .await;
            for r in results {
                count(&mut summary, r?);
            }
        }
        Ok::<_, anyhow::Error>(summary)
    })?;
    summary.pages_per_second =
        (summary.fetched as f64 / started.elapsed().as_secs_f64().max(1e-9) * 10.0).round() / 10.0;
    Ok(summary)
}

/// How one claimed URL ended, for the pass's totals.
enum Done {
    Stored(Stored, usize),
    NotModified { fetched: bool },
    Disallowed,
    Declined,
    Failed(&'static str, String),
}

fn count(summary: &mut PassSummary, done: Done) {
    match done {
        Done::Stored(stored, records) => {
            summary.fetched += 1;
            match stored {
                Stored::New | Stored::Updated => {
                    summary.new_documents += 1;
                    summary.new_records += records;
                }
                Stored::Merged => summary.syndicated += 1,
                Stored::Unchanged => summary.unchanged += 1,
            }
        }
        Done::NotModified { fetched } => {
            summary.fetched += usize::from(fetched);
            summary.not_modified += 1;
        }
        Done::Disallowed => summary.skipped_by_robots += 1,
        Done::Declined => {
            summary.fetched += 1;
            summary.skipped_by_keywords += 1;
        }
        Done::Failed(kind, message) => summary.error(kind, message),
    }
}

/// Fetches, parses, extracts and stores one claimed URL. Errors of the page are outcomes;
/// only a failing store is an error.
async fn one(
    pg: &PgStore,
    http: &HttpFetcher,
    extractor: &Extractor,
    source: Option<&Source>,
    default_delay_ms: u64,
    claim: Claim,
) -> Result<Done> {
    let getter = Getter::new(http, source.map_or(default_delay_ms, |s| s.delay_ms));
    let validators = Some(claim.validators.clone()).filter(|v| v.etag.is_some() || v.last_modified.is_some());
    let url = claim.url.as_str();
    // A failure now would be the URL's next one in a row.
    let retry_in = biowire_fetch::state::retry_wait(u32::try_from(claim.failures + 1).unwrap_or(1));
    let seen = |validators: &Validators, sha: Option<&str>, status: &str| {
        let (validators, sha, status) = (validators.clone(), sha.map(str::to_string), status.to_string());
        async move {
            let how =
                Finished::Seen { validators: &validators, bytes_sha256: sha.as_deref(), status: &status };
            pg.finish(url, how).await
        }
    };
    let (page, fresh) = match getter.get(&claim.url, validators.as_ref()).await {
        Ok(Got::Page(p, v)) => (p, v),
        Ok(Got::NotModified) => {
            seen(&claim.validators, None, "not_modified").await?;
            return Ok(Done::NotModified { fetched: false });
        }
        Ok(Got::Disallowed) => {
            seen(&claim.validators, None, "disallowed").await?;
            return Ok(Done::Disallowed);
        }
        Err(e) => {
            let message = format!("{e:#}");
            pg.finish(&claim.url, Finished::Failed { message: &message, retry_in }).await?;
            return Ok(Done::Failed("fetch", message));
        }
    };
    let sha = sha256_hex(&page.bytes);
    if claim.bytes_sha256.as_deref() == Some(sha.as_str()) {
        seen(&fresh, Some(&sha), "ok").await?;
        return Ok(Done::NotModified { fetched: true });
    }
    let wants = source.cloned();
    let extractor = extractor.clone();
    let parsed = tokio::task::spawn_blocking(move || {
        let parsed = biowire_parse::parse(&page).map_err(|e| e.to_string())?;
        let mut doc = parsed.document;
        if wants.is_some_and(|s| !s.wants_text(&doc.text)) {
            return Ok(None);
        }
        adopt_canonical(&mut doc);
        let (records, mentions) = extractor.extract_with_mentions(&doc);
        Ok::<_, String>(Some((doc, records, mentions)))
    })
    .await
    .context("the parse and extract task failed")?;
    match parsed {
        Ok(Some((doc, records, mentions))) => {
            let stored = pg.put_document(&claim.url, (&fresh, &sha), &doc, &records, &mentions).await?;
            Ok(Done::Stored(stored, records.len()))
        }
        Ok(None) => {
            seen(&fresh, Some(&sha), "declined").await?;
            Ok(Done::Declined)
        }
        Err(message) => {
            pg.finish(&claim.url, Finished::Failed { message: &message, retry_in }).await?;
            Ok(Done::Failed("parse", message))
        }
    }
}

/// What a follower took from the store.
#[derive(Debug, Default, Serialize)]
pub(crate) struct SyncSummary {
    /// Documents added or replaced in the local index.
    pub(crate) documents: usize,
    /// Documents removed (replaced by a newer version of their URL).
    pub(crate) removed: usize,
    /// The last change the local index holds.
    pub(crate) change: i64,
}

/// The last change of `store` the index holds, from `store-follow.json`.
#[derive(Debug, Serialize, serde::Deserialize)]
struct Mark {
    store: String,
    change: i64,
}

/// Follows a store into a data folder's index and document store.
pub(crate) struct Follower {
    pg: PgStore,
    url: String,
    index: Index,
    docs: DocStore,
    mark_file: std::path::PathBuf,
    rt: tokio::runtime::Runtime,
}

impl Follower {
    /// Connects to the store and opens (or creates) the data folder's index.
    pub(crate) fn open(data_dir: &Path, store_url: &str) -> Result<Self> {
        let rt = runtime()?;
        let pg = rt.block_on(PgStore::connect(store_url, &owner()))?;
        let index = Index::open_or_create(&index_dir(data_dir))?;
        let docs = DocStore::open_for_writing(&store_dir(data_dir))?;
        Ok(Follower {
            pg,
            url: store_url.to_string(),
            index,
            docs,
            mark_file: data_dir.join("store-follow.json"),
            rt,
        })
    }

    /// The store's totals, for `biowire stats`.
    pub(crate) fn store_counts(&self) -> Result<biowire_pg::Counts> {
        Ok(self.rt.block_on(self.pg.counts())?)
    }

    /// The store's URL, without its password.
    pub(crate) fn store_url(&self) -> &str {
        self.pg.url()
    }

    fn mark(&self) -> Result<i64> {
        let mark = match std::fs::read(&self.mark_file) {
            Ok(bytes) => serde_json::from_slice::<Mark>(&bytes).ok().filter(|m| m.store == self.pg.url()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(e).with_context(|| format!("failed to read `{}`", self.mark_file.display()))
            }
        };
        // An index rebuilt or lost since the mark was written holds less than the mark says.
        let empty = self.index.counts()?.0 == 0;
        Ok(mark.filter(|_| !empty).map_or(0, |m| m.change))
    }

    fn write_mark(&self, change: i64) -> Result<()> {
        let mark = Mark { store: self.pg.url().to_string(), change };
        let tmp = self.mark_file.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(&mark)?)
            .and_then(|()| std::fs::rename(&tmp, &self.mark_file))
            .with_context(|| format!("failed to write `{}`", self.mark_file.display()))
    }

    /// Reads every change after the local mark into the index, a batch per commit: the
    /// documents first, then the index, then the mark, so a follower killed at any point
    /// reads again what it had not marked (adding a document twice changes nothing).
    pub(crate) fn catch_up(&self) -> Result<SyncSummary> {
        let mut summary = SyncSummary { change: self.mark()?, ..SyncSummary::default() };
        loop {
            let changes = self.rt.block_on(self.pg.changes(summary.change, 500))?;
            let Some(last) = changes.last().map(Change::number) else { break };
            let mut writer = self.index.writer()?;
            let mut batch = self.docs.batch();
            for change in &changes {
                match change {
                    Change::Put { document, records, mentions, .. } => {
                        batch.put(document)?;
                        writer.replace(document, records, mentions)?;
                        summary.documents += 1;
                    }
                    Change::Deleted { id, .. } => {
                        writer.forget(id);
                        summary.removed += 1;
                    }
                }
            }
            batch.commit()?;
            writer.commit()?;
            self.write_mark(last)?;
            summary.change = last;
        }
        Ok(summary)
    }

    /// Catches up, then keeps following until `stop` is set: woken by each change's
    /// `NOTIFY`, and every half second anyway (a lost listener connection costs latency, not
    /// changes).
    pub(crate) fn follow(&self, stop: &std::sync::atomic::AtomicBool) -> Result<()> {
        let mut listener = self.rt.block_on(biowire_pg::Listener::connect(&self.url))?;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            let s = self.catch_up()?;
            if s.documents + s.removed > 0 {
                tracing::info!(
                    documents = s.documents,
                    removed = s.removed,
                    change = s.change,
                    "followed the store"
                );
            }
            self.rt.block_on(listener.wait(Duration::from_millis(500)));
        }
        Ok(())
    }
}

/// `biowire reindex` on a shared store: every stored document is extracted again with this
/// binary's extractor and its records are replaced in place (same ids, new change numbers),
/// then the data folder's index follows.
pub(crate) fn reindex(data_dir: &Path, store_url: &str) -> Result<std::process::ExitCode> {
    let follower = Follower::open(data_dir, store_url)?;
    let extractor = Extractor::builtin();
    let (mut documents, mut records) = (0usize, 0usize);
    let mut after = String::new();
    loop {
        let page = follower.rt.block_on(follower.pg.documents_after(&after, 200))?;
        let Some(last) = page.last() else { break };
        after = last.content_sha256.clone();
        for doc in &page {
            let (r, m) = extractor.extract_with_mentions(doc);
            if follower.rt.block_on(follower.pg.replace_records(&doc.content_sha256, &r, &m))? {
                documents += 1;
                records += r.len();
            }
        }
    }
    let synced = follower.catch_up()?;
    println!(
        "re-extracted {documents} documents of {} into {records} records; the local index is at change {}",
        follower.store_url(),
        synced.change
    );
    Ok(std::process::ExitCode::SUCCESS)
}

/// `biowire forget URL` on a shared store: the release leaves the store (its followers drop
/// it too) and its URLs the frontier; then this data folder's index follows.
pub(crate) fn forget(data_dir: &Path, store_url: &str, url: &str) -> Result<std::process::ExitCode> {
    let follower = Follower::open(data_dir, store_url)?;
    let Some(records) = follower.rt.block_on(follower.pg.forget(url))? else {
        anyhow::bail!("no release in {} is at `{url}`", follower.store_url());
    };
    follower.catch_up()?;
    println!("forgot {url} ({records} records) in {}", follower.store_url());
    Ok(std::process::ExitCode::SUCCESS)
}
