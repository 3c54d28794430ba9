//! `biowire crawl`: one pass over the configured sources.
//!
//! A pass reads each source's listing (feed, sitemap, or listing pages following "next"),
//! keeps the release URLs that pass the source's patterns, and runs each release through
//! fetch → parse → keyword filter → extract → document store → index. `file://` sources are
//! read from disk; `http(s)://` ones through the polite [`HttpFetcher`]. The crawl state
//! (validators, byte hashes, failures) is written only after the index commit that holds the
//! pages it describes, so a crawl killed at any moment refetches what it had not committed and
//! never skips a page the index lacks.

use crate::paths::{index_dir, state_file, store_dir};
use anyhow::{Context, Result};
use biowire_core::{sha256_hex, FetchedPage};
use biowire_extract::Extractor;
use biowire_fetch::config::{CrawlConfig, Source, SourceKind};
use biowire_fetch::http::{HttpFetcher, HttpOptions, HttpOutcome, Validators};
use biowire_fetch::state::{now, CrawlState, PageState};
use biowire_fetch::{sources, Fetch, LocalFetcher};
use biowire_index::docstore::DocStore;
use biowire_index::{AddOutcome, Index};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// Documents added between index commits (and crawl-state flushes).
const COMMIT_EVERY: usize = 100;

/// Totals of one pass.
#[derive(Debug, Default, Serialize)]
pub(crate) struct PassSummary {
    pub(crate) sources: usize,
    pub(crate) links: usize,
    pub(crate) fetched: usize,
    pub(crate) not_modified: usize,
    pub(crate) new_documents: usize,
    pub(crate) unchanged: usize,
    /// Releases already indexed from another URL; the document now lists this URL too.
    pub(crate) syndicated: usize,
    pub(crate) skipped_by_pattern: usize,
    pub(crate) skipped_by_keywords: usize,
    pub(crate) skipped_by_robots: usize,
    /// Failed earlier and not due for a retry yet.
    pub(crate) deferred: usize,
    pub(crate) new_records: usize,
    /// Errors by kind (`source`, `fetch`, `parse`).
    pub(crate) errors: BTreeMap<String, usize>,
    /// Fetched pages per second of the pass's wall time.
    pub(crate) pages_per_second: f64,
}

impl PassSummary {
    pub(crate) fn error(&mut self, kind: &str, message: String) {
        eprintln!("warning: {message}");
        *self.errors.entry(kind.to_string()).or_default() += 1;
    }
}

/// What getting one URL gave, from disk or the network.
pub(crate) enum Got {
    Page(FetchedPage, Validators),
    NotModified,
    Disallowed,
}

/// Gets `file://` URLs from disk and the rest over HTTP, at one source's pace.
pub(crate) struct Getter<'h> {
    pub(crate) local: LocalFetcher,
    pub(crate) http: &'h HttpFetcher,
    pub(crate) delay: Duration,
}

impl<'h> Getter<'h> {
    /// A getter at a source's pace (`delay_ms` between two requests to one host).
    pub(crate) fn new(http: &'h HttpFetcher, delay_ms: u64) -> Self {
        Getter { local: LocalFetcher::default(), http, delay: Duration::from_millis(delay_ms) }
    }

    pub(crate) async fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Got> {
        if url.starts_with("file://") {
            return Ok(Got::Page(self.local.fetch(url)?, Validators::default()));
        }
        Ok(match self.http.fetch_paced(url, validators, self.delay).await? {
            HttpOutcome::Page(p, v) => Got::Page(p, v),
            HttpOutcome::NotModified => Got::NotModified,
            HttpOutcome::Disallowed => Got::Disallowed,
        })
    }
}

/// The sources a pass reads: all, or the one named (an error listing the names when none
/// has it).
pub(crate) fn chosen_sources<'c>(config: &'c CrawlConfig, only: Option<&str>) -> Result<Vec<&'c Source>> {
    let chosen: Vec<&Source> = config.sources.iter().filter(|s| only.is_none_or(|n| s.name == n)).collect();
    if let Some(name) = only {
        if chosen.is_empty() {
            let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
            anyhow::bail!("no source named `{name}` (sources: {})", names.join(", "));
        }
    }
    Ok(chosen)
}

/// The fetcher settings of a crawl configuration.
pub(crate) fn http_options(config: &CrawlConfig) -> HttpOptions {
    HttpOptions {
        user_agent: config.user_agent.clone(),
        timeout: config.timeout,
        retries: config.retries,
        host_delay: Duration::from_millis(config.delay_ms),
        ..HttpOptions::default()
    }
}

/// Runs one pass over the sources (all, or the one named).
pub(crate) fn pass(config: &CrawlConfig, only: Option<&str>, data_dir: &Path) -> Result<PassSummary> {
    let chosen = chosen_sources(config, only)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    let index = Index::open_or_create(&index_dir(data_dir))?;
    let store = DocStore::open_for_writing(&store_dir(data_dir))?;
    let state = CrawlState::open(&state_file(data_dir))?;
    if let Some(aside) = state.recovered() {
        eprintln!(
            "warning: the crawl state was damaged; it was moved to `{}` and this pass starts over (pages already indexed come back unchanged)",
            aside.display()
        );
    }
    let extractor = Extractor::builtin();
    // A parsed release goes on only if its source's keywords are in it; it is known by its
    // canonical URL.
    let accept = |tag: &Fetched, doc: &mut biowire_core::Document| {
        if !chosen[tag.source].wants_text(&doc.text) {
            return false;
        }
        adopt_canonical(doc);
        true
    };
    let stages = biowire_pipeline::Stages {
        extractor: &extractor,
        writer: index.writer()?,
        store: Some(&store),
        accept: &accept,
    };
    let options = biowire_pipeline::Options {
        commit_every: COMMIT_EVERY,
        commit_interval: config.commit_every,
        ..biowire_pipeline::Options::default()
    };
    let mut sink = CrawlSink { state: &state, summary: PassSummary::default() };
    let started = std::time::Instant::now();
    let (fed, stats) = biowire_pipeline::run(stages, &options, &mut sink, |feeder| {
        runtime.block_on(fetch(config, &chosen, &index, &store, &state, feeder))
    })?;
    let mut summary = fed?;
    let made = sink.summary;
    summary.new_documents = made.new_documents;
    summary.unchanged = made.unchanged;
    summary.syndicated = made.syndicated;
    summary.new_records = made.new_records;
    summary.skipped_by_keywords = made.skipped_by_keywords;
    for (kind, n) in made.errors {
        *summary.errors.entry(kind).or_default() += n;
    }
    summary.pages_per_second =
        (summary.fetched as f64 / started.elapsed().as_secs_f64().max(1e-9) * 10.0).round() / 10.0;
    tracing::debug!("crawl stages:\n{}", stats.table());
    Ok(summary)
}

/// A fetched release on its way through the pipeline: its URL, the state to record once the
/// index holds it, and which of the pass's sources listed it.
struct Fetched {
    url: String,
    seen: PageState,
    source: usize,
}

/// Counts what the pipeline made of the releases, and records their crawl state once their
/// batch is committed: a crawl killed before that fetches them again.
struct CrawlSink<'s> {
    state: &'s CrawlState,
    summary: PassSummary,
}

impl biowire_pipeline::Sink<Fetched> for CrawlSink<'_> {
    fn processed(&mut self, tag: &Fetched, outcome: &biowire_pipeline::Outcome, warnings: &[String]) {
        use biowire_pipeline::Outcome;
        for w in warnings {
            tracing::debug!(url = %tag.url, "{w}");
        }
        match outcome {
            Outcome::Added { outcome, records } => match outcome {
                AddOutcome::Unchanged => self.summary.unchanged += 1,
                AddOutcome::Merged => self.summary.syndicated += 1,
                AddOutcome::New | AddOutcome::Updated => {
                    self.summary.new_documents += 1;
                    self.summary.new_records += records;
                }
            },
            Outcome::Declined => self.summary.skipped_by_keywords += 1,
            Outcome::Failed(message) => self.summary.error("parse", message.clone()),
        }
    }

    fn committed(
        &mut self,
        batch: Vec<(Fetched, biowire_pipeline::Outcome)>,
    ) -> Result<(), biowire_pipeline::BoxError> {
        tracing::info!(pages = batch.len(), "committed");
        for (tag, outcome) in batch {
            // A page that did not parse is asked for again next pass.
            if !matches!(outcome, biowire_pipeline::Outcome::Failed(_)) {
                self.state.put(&tag.url, &tag.seen)?;
            }
        }
        Ok(())
    }
}

/// Reads the sources' listings and fetches their releases, handing each new page to the
/// pipeline; what needs no parsing (not modified, disallowed, failed) is recorded here.
async fn fetch(
    config: &CrawlConfig,
    chosen: &[&Source],
    index: &Index,
    store: &DocStore,
    state: &CrawlState,
    feeder: &biowire_pipeline::Feeder<Fetched>,
) -> Result<PassSummary> {
    // Pages the store says were indexed: if the index lost one, its validators must not
    // answer 304 for it forever.
    let indexed_as: std::collections::HashMap<String, String> = store
        .current()?
        .unwrap_or_default()
        .into_iter()
        .flat_map(|c| {
            std::iter::once(c.url.clone()).chain(c.also_at.clone()).map(move |u| (u, c.sha.clone()))
        })
        .collect();
    let mut summary = PassSummary { sources: chosen.len(), ..PassSummary::default() };
    // One fetcher per pass: one robots.txt cache and one pace per host, whichever sources
    // list the host; and each release is fetched once per pass, whichever sources list it.
    let http = HttpFetcher::new(http_options(config))?;
    let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (source_no, source) in chosen.iter().enumerate() {
        let getter = Getter::new(&http, source.delay_ms);
        let links = match release_links(&getter, source).await {
            Ok(l) => l,
            Err(e) => {
                summary.error("source", format!("source `{}`: {e:#}", source.name));
                continue;
            }
        };
        summary.links += links.len();
        // A bar on a terminal; structured logs otherwise (`-v`).
        let bar = if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(links.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{prefix:>20} [{bar:30}] {pos}/{len} {wide_msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_prefix(source.name.clone());
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        // Which releases to ask for this pass.
        let mut todo: Vec<(String, PageState)> = Vec::new();
        for url in links {
            if !source.wants_url(&url) {
                summary.skipped_by_pattern += 1;
                bar.inc(1);
                continue;
            }
            if todo.len() >= source.max_pages {
                break;
            }
            if !listed.insert(url.clone()) {
                tracing::debug!(url = %url, "listed by an earlier source of this pass");
                bar.inc(1);
                continue;
            }
            let mut prev = state.get(&url)?.unwrap_or_default();
            if let Some(sha) = indexed_as.get(&url) {
                if !index.has_document(sha)? {
                    tracing::info!(url = %url, "indexed once, now missing: fetched again");
                    prev.validators = Validators::default();
                    prev.bytes_sha256 = None;
                }
            }
            if prev.failures > 0 && prev.retry_after > now() {
                summary.deferred += 1;
                bar.inc(1);
                continue;
            }
            todo.push((url, prev));
        }
        // Up to `concurrency` requests in flight (the fetcher still paces each host); results
        // are handed on one by one, in listing order.
        let getter = &getter;
        let fetches = futures_util::stream::iter(todo.into_iter().map(|(url, prev)| async move {
            let validators =
                Some(prev.validators.clone()).filter(|v| v.etag.is_some() || v.last_modified.is_some());
            let got = getter.get(&url, validators.as_ref()).await;
            (url, prev, got)
        }))
        .buffered(config.concurrency);
        futures_util::pin_mut!(fetches);
        while let Some((url, prev, got)) = fetches.next().await {
            bar.inc(1);
            bar.set_message(url.clone());
            tracing::info!(source = %source.name, url = %url, "release");
            let (page, validators) = match got {
                Ok(Got::Page(p, v)) => (p, v),
                Ok(Got::NotModified) => {
                    summary.not_modified += 1;
                    state.put(
                        &url,
                        &PageState {
                            status: "not_modified".into(),
                            fetched_at: now(),
                            failures: 0,
                            retry_after: 0,
                            ..prev
                        },
                    )?;
                    continue;
                }
                Ok(Got::Disallowed) => {
                    summary.skipped_by_robots += 1;
                    state.put(&url, &PageState { status: "disallowed".into(), fetched_at: now(), ..prev })?;
                    continue;
                }
                Err(e) => {
                    summary.error("fetch", format!("{e:#}"));
                    let failures = prev.failures + 1;
                    let wait = biowire_fetch::state::retry_wait(failures).as_secs();
                    state.put(
                        &url,
                        &PageState {
                            status: format!("error: {e:#}"),
                            failures,
                            retry_after: now() + wait,
                            ..prev
                        },
                    )?;
                    continue;
                }
            };
            summary.fetched += 1;
            let bytes_sha256 = sha256_hex(&page.bytes);
            let seen = PageState {
                validators,
                bytes_sha256: Some(bytes_sha256.clone()),
                status: "ok".into(),
                fetched_at: now(),
                failures: 0,
                retry_after: 0,
            };
            if prev.bytes_sha256.as_deref() == Some(bytes_sha256.as_str()) {
                // Same bytes as last time: nothing to parse, and the index already has it.
                summary.not_modified += 1;
                state.put(&url, &seen)?;
                continue;
            }
            let job = biowire_pipeline::Job {
                input: biowire_pipeline::Input::Page(page),
                tag: Fetched { url, seen, source: source_no },
            };
            if feeder.send(job).is_err() {
                // The pipeline stopped; its error is what `pass` reports.
                bar.finish_and_clear();
                return Ok(summary);
            }
        }
        bar.finish_and_clear();
    }
    Ok(summary)
}

/// A page that declares its canonical URL (`<link rel=canonical>`, `og:url`) is known by it;
/// the URL it was fetched from is kept as another URL of the same release.
pub(crate) fn adopt_canonical(doc: &mut biowire_core::Document) {
    let Some(canonical) = doc.canonical_url.as_deref().and_then(|c| url::Url::parse(c).ok()) else {
        return;
    };
    if !matches!(canonical.scheme(), "http" | "https") || !doc.url.starts_with("http") {
        return;
    }
    let canonical = sources::canonical(canonical);
    if canonical != doc.url {
        let fetched = std::mem::replace(&mut doc.url, canonical);
        doc.also_at.push(fetched);
    }
}

/// The release URLs a source lists, following a listing's "next" links (at most 20 pages, and
/// never the same page twice).
pub(crate) async fn release_links(getter: &Getter<'_>, source: &Source) -> Result<Vec<String>> {
    let read = |url: String| async move {
        match getter.get(&url, None).await? {
            Got::Page(p, _) => Ok::<_, anyhow::Error>(p.bytes),
            Got::Disallowed => anyhow::bail!("robots.txt disallows `{url}`"),
            Got::NotModified => anyhow::bail!("`{url}` answered 304 to an unconditional request"),
        }
    };
    Ok(match source.kind {
        SourceKind::Rss | SourceKind::Atom => {
            sources::feed_links(&read(source.url.clone()).await?, &source.url)?
        }
        SourceKind::Sitemap => sources::sitemap_links(&read(source.url.clone()).await?, &source.url)?,
        SourceKind::Listing => {
            let selector = source.link_selector.as_deref().context("listing source without link_selector")?;
            let mut out: Vec<String> = Vec::new();
            let mut seen: Vec<String> = Vec::new();
            let mut next = Some(source.url.clone());
            while let Some(page_url) = next.take() {
                if seen.contains(&page_url) || seen.len() >= 20 {
                    break;
                }
                let bytes = read(page_url.clone()).await?;
                let html = biowire_parse::decode(&bytes, Some("text/html")).text;
                let (links, following) =
                    sources::listing_links(&html, &page_url, selector, source.next_selector.as_deref())?;
                for l in links {
                    if !out.contains(&l) {
                        out.push(l);
                    }
                }
                seen.push(page_url);
                next = following;
            }
            out
        }
    })
}
