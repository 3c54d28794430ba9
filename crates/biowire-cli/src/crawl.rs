//! `biowire crawl`: one pass over the configured sources.
//!
//! A pass reads each source's listing (feed, sitemap, or listing pages following "next"),
//! keeps the release URLs that pass the source's patterns, and runs each release through
//! parse → keyword filter → extract → document store → index, committing at the end. Only
//! `file://` sources are fetched so far; an HTTP source is reported as an error of that source
//! and the pass goes on.

use anyhow::{Context, Result};
use biowire_extract::Extractor;
use biowire_fetch::config::{CrawlConfig, Source, SourceKind};
use biowire_fetch::{sources, Fetch, LocalFetcher};
use biowire_index::docstore::DocStore;
use biowire_index::{AddOutcome, Index};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Totals of one pass, per source and overall.
#[derive(Debug, Default, Serialize)]
pub(crate) struct PassSummary {
    pub(crate) sources: usize,
    pub(crate) links: usize,
    pub(crate) fetched: usize,
    pub(crate) new_documents: usize,
    pub(crate) unchanged: usize,
    pub(crate) skipped_by_pattern: usize,
    pub(crate) skipped_by_keywords: usize,
    pub(crate) new_records: usize,
    /// Errors by kind (`source`, `fetch`, `parse`).
    pub(crate) errors: BTreeMap<String, usize>,
}

/// Runs one pass over the sources (all, or the one named).
pub(crate) fn pass(config: &CrawlConfig, only: Option<&str>, data_dir: &Path) -> Result<PassSummary> {
    let chosen: Vec<&Source> = config.sources.iter().filter(|s| only.is_none_or(|n| s.name == n)).collect();
    if let Some(name) = only {
        if chosen.is_empty() {
            let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
            anyhow::bail!("no source named `{name}` (sources: {})", names.join(", "));
        }
    }
    let index = Index::open_or_create(&data_dir.join("index"))?;
    let store = DocStore::open(&data_dir.join("documents"))?;
    let mut writer = index.writer()?;
    let fetcher = LocalFetcher::default();
    let extractor = Extractor::builtin();
    let mut summary = PassSummary { sources: chosen.len(), ..PassSummary::default() };
    let error = |summary: &mut PassSummary, kind: &str, message: String| {
        eprintln!("warning: {message}");
        *summary.errors.entry(kind.to_string()).or_default() += 1;
    };
    for source in chosen {
        let links = match release_links(&fetcher, source) {
            Ok(l) => l,
            Err(e) => {
                error(&mut summary, "source", format!("source `{}`: {e:#}", source.name));
                continue;
            }
        };
        summary.links += links.len();
        let mut taken = 0;
        for url in links {
            if !source.wants_url(&url) {
                summary.skipped_by_pattern += 1;
                continue;
            }
            if taken >= source.max_pages {
                break;
            }
            taken += 1;
            let page = match fetcher.fetch(&url) {
                Ok(p) => p,
                Err(e) => {
                    error(&mut summary, "fetch", e.to_string());
                    continue;
                }
            };
            summary.fetched += 1;
            let parsed = match biowire_parse::parse(&page) {
                Ok(p) => p,
                Err(e) => {
                    error(&mut summary, "parse", e.to_string());
                    continue;
                }
            };
            if !source.wants_text(&parsed.document.text) {
                summary.skipped_by_keywords += 1;
                continue;
            }
            let records = extractor.extract(&parsed.document);
            store.put(&parsed.document)?;
            match writer.add(&parsed.document, &records)? {
                AddOutcome::Unchanged => summary.unchanged += 1,
                AddOutcome::New | AddOutcome::Updated => {
                    summary.new_documents += 1;
                    summary.new_records += records.len();
                }
            }
        }
    }
    writer.commit()?;
    Ok(summary)
}

/// The release URLs a source lists, following a listing's "next" links (at most 20 pages, and
/// never the same page twice).
fn release_links(fetcher: &LocalFetcher, source: &Source) -> Result<Vec<String>> {
    if !source.url.starts_with("file://") {
        anyhow::bail!("`{}`: HTTP sources are not crawled yet; use a file:// URL or a path", source.url);
    }
    let read = |url: &str| -> Result<Vec<u8>> {
        Ok(fetcher.fetch(url).with_context(|| format!("reading `{url}`"))?.bytes)
    };
    Ok(match source.kind {
        SourceKind::Rss | SourceKind::Atom => sources::feed_links(&read(&source.url)?, &source.url)?,
        SourceKind::Sitemap => sources::sitemap_links(&read(&source.url)?, &source.url)?,
        SourceKind::Listing => {
            let selector = source.link_selector.as_deref().context("listing source without link_selector")?;
            let mut out = Vec::new();
            let mut seen = Vec::new();
            let mut next = Some(source.url.clone());
            while let Some(page_url) = next.take() {
                if seen.contains(&page_url) || seen.len() >= 20 {
                    break;
                }
                let bytes = read(&page_url)?;
                let html = biowire_parse::decode(&bytes, Some("text/html")).text;
                let (links, following) =
                    sources::listing_links(&html, &page_url, selector, source.next_selector.as_deref())?;
                out.extend(links.into_iter().filter(|l| !out.contains(l)).collect::<Vec<_>>());
                seen.push(page_url);
                next = following;
            }
            out
        }
    })
}
