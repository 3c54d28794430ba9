//! One function per subcommand: the glue between fetcher, parser, extractor and index.

use crate::paths::{index_dir, state_file, store_dir};
use crate::query::{normalize, to_query};

use crate::cli::{
    Cli, Command, ExportArgs, ExportFormat, FileArgs, IngestArgs, OutputFormat, SearchArgs, SortOrder,
};
use anyhow::{bail, Context, Result};
use biowire_core::Record;
use biowire_extract::{Extractor, Terms};
use biowire_fetch::{Fetch, LocalFetcher};
use biowire_index::docstore::DocStore;
use biowire_index::{AddOutcome, Facets, Index, Query, Sort};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
    let store = cli.store.clone();
    if let Some(url) = &store {
        if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
            bail!("--store (or BIOWIRE_STORE) must be a postgres:// URL, not `{url}`");
        }
    }
    if let Command::Crawl(args) = &cli.command {
        return crawl(cli.data_dir.as_deref(), store.as_deref(), args);
    }
    if let Command::Schedule(args) = &cli.command {
        return schedule(cli.data_dir.as_deref(), store.as_deref(), args);
    }
    let data_dir = cli.data_dir.clone().unwrap_or_else(|| PathBuf::from("biowire-data"));
    // A read node of a shared store: what it reads is brought up to date first (and `stats`
    // asks the same connection for the store's totals).
    let mut synced = None;
    if let Some(url) = &store {
        if matches!(
            cli.command,
            Command::Search(_) | Command::Export(_) | Command::Show(_) | Command::Stats(_) | Command::Push(_)
        ) {
            let follower = crate::shared::Follower::open(&data_dir, url)?;
            let s = follower.catch_up()?;
            synced = Some(follower);
            tracing::info!(
                documents = s.documents,
                removed = s.removed,
                change = s.change,
                "synced with the store"
            );
        }
    }
    match cli.command {
        Command::Sync(args) => sync(&data_dir, store.as_deref(), &args),
        Command::Ingest(args) => ingest(&data_dir, args),
        Command::Crawl(_) | Command::Schedule(_) => unreachable!("crawl and schedule are dispatched above"),
        Command::Parse(args) => parse_file(args),
        Command::Extract(args) => extract_file(args),
        Command::Search(args) => search(&data_dir, args),
        Command::Export(args) => export(&data_dir, args),
        Command::Serve(args) => serve(&data_dir, store.as_deref(), args),
        Command::Show(args) => show(&data_dir, args),
        Command::Stats(args) => stats(&data_dir, synced.as_ref(), args),
        Command::Push(args) => push(&data_dir, args),
        Command::Forget(args) => match &store {
            Some(url) => crate::shared::forget(&data_dir, url, &url_of(&args.url)?),
            None => forget(&data_dir, args),
        },
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "biowire", &mut std::io::stdout().lock());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
            // Each command's page follows the main one, as `git help` pages do in one file.
            for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
                let title = format!("biowire-{}", sub.get_name());
                clap_mangen::Man::new(sub.clone()).title(title).render(&mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => match &store {
            Some(url) => crate::shared::reindex(&data_dir, url),
            None => reindex(&data_dir),
        },
        Command::Check => check(&data_dir),
        Command::Eval(args) if args.search => {
            let score = crate::search_eval::score_search(&args.gold, &Extractor::builtin())?;
            score.print(&mut std::io::stdout().lock(), args.show)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(args) => {
            let score = crate::eval::score_dir(&args.gold, &Extractor::builtin())?;
            score.print(&mut std::io::stdout().lock(), args.show)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(args) => match (args.search, args.crawl) {
            (Some(n), _) => crate::bench::search(n, args.keep.then(|| index_dir(&data_dir)).as_deref()),
            (None, Some(n)) => crate::bench::crawl(n, store.as_deref(), args.workers),
            (None, None) => crate::bench::run(args.docs, args.pages.as_deref()),
        },
    }
}

/// One crawl pass. The data folder is `--data-dir` (or BIOWIRE_DATA_DIR), else the
/// configuration's `data_dir`, else ./biowire-data.
fn crawl(data_dir: Option<&Path>, store: Option<&str>, args: &crate::cli::CrawlArgs) -> Result<ExitCode> {
    let (config, data_dir) = crawl_setup(args.config.as_deref(), data_dir)?;
    let summary = one_pass(&config, store, args.source.as_deref(), &data_dir)?;
    print_pass(&summary, args.format)?;
    // A pass that ran succeeded, whatever single URLs did (they are retried with backoff);
    // only a pass in which no source could be read failed.
    let failed_sources = summary.errors.get("source").copied().unwrap_or(0);
    Ok(if summary.sources > 0 && failed_sources == summary.sources {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One pass: into the data folder, or, with a shared store (`--store` or the configuration's
/// `[store]`), as one of the store's workers.
fn one_pass(
    config: &biowire_fetch::config::CrawlConfig,
    store: Option<&str>,
    only: Option<&str>,
    data_dir: &Path,
) -> Result<crate::crawl::PassSummary> {
    let shared = match store {
        Some(url) => Some(biowire_fetch::config::StoreConfig {
            url: url.to_string(),
            ..config.store.clone().unwrap_or_else(|| biowire_fetch::config::StoreConfig::new(url.to_string()))
        }),
        None => config.store.clone(),
    };
    match shared {
        Some(s) => crate::shared::crawl_pass(config, &s, only),
        None => crate::crawl::pass(config, only, data_dir),
    }
}

/// The configuration and the data folder: `--data-dir` (or BIOWIRE_DATA_DIR), else the
/// configuration's `data_dir`, else ./biowire-data.
/// Where `crawl` and `schedule` look for their configuration without --config or BIOWIRE_CONFIG.
const DEFAULT_CONFIG: &str = "config/biowire.toml";

fn crawl_setup(
    config: Option<&Path>,
    data_dir: Option<&Path>,
) -> Result<(biowire_fetch::config::CrawlConfig, PathBuf)> {
    let path = config.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG));
    if !path.exists() {
        let looked = std::env::current_dir().map(|d| d.join(&path)).unwrap_or_else(|_| path.clone());
        bail!(
            "no crawl configuration at `{}`; point at one with --config FILE or BIOWIRE_CONFIG=FILE \
             (the repository's config/biowire.toml is an example)",
            looked.display()
        );
    }
    let config = biowire_fetch::config::load(&path)?;
    if config.sources.is_empty() {
        eprintln!("warning: `{}` lists no [[source]]: nothing to crawl", path.display());
    }
    let data_dir = data_dir
        .map(Path::to_path_buf)
        .or(config.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from("biowire-data"));
    Ok((config, data_dir))
}

/// Runs passes at the times the cron expression gives. A signal during the wait stops at
/// once; one during a pass lets the pass finish and commit first. A failed pass is reported
/// and the schedule goes on.
fn schedule(
    data_dir: Option<&Path>,
    store: Option<&str>,
    args: &crate::cli::ScheduleArgs,
) -> Result<ExitCode> {
    let (config, data_dir) = crawl_setup(args.config.as_deref(), data_dir)?;
    let expr = config.schedule.clone().context("the configuration has no `crawl.schedule`")?;
    let cron: croner::Cron = expr.parse().map_err(|e| anyhow::anyhow!("crawl.schedule `{expr}`: {e}"))?;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let stop = stop.clone();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
        std::thread::spawn(move || {
            let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                    return;
                }
            };
            rt.block_on(async {
                match shutdown_signal() {
                    Ok(signal) => {
                        let _ = ready_tx.send(Ok(()));
                        signal.await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(format!("{e:#}")));
                        std::future::pending::<()>().await;
                    }
                }
            });
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
            let _ = tx.send(());
        });
        // Start-up is announced only once a signal can no longer kill the process mid-pass.
        ready_rx.recv().context("signal listener did not start")?.map_err(anyhow::Error::msg)?;
    }
    eprintln!("biowire schedule: crawling on `{expr}` into {} (Ctrl-C to stop)", data_dir.display());
    let mut passes = 0;
    loop {
        let now = chrono::Utc::now();
        let next = cron
            .find_next_occurrence(&now, false)
            .map_err(|e| anyhow::anyhow!("crawl.schedule `{expr}`: {e}"))?;
        let wait = (next - now).to_std().unwrap_or_default();
        eprintln!("next pass at {} (in {})", next.format("%Y-%m-%d %H:%M:%S UTC"), humanize(wait));
        if rx.recv_timeout(wait).is_ok() {
            break;
        }
        match one_pass(&config, store, args.source.as_deref(), &data_dir) {
            Ok(summary) => print_pass(&summary, args.format)?,
            Err(e) => eprintln!("error: pass at {next} failed: {e:#}"),
        }
        passes += 1;
        if stop.load(std::sync::atomic::Ordering::SeqCst) || args.max_passes.is_some_and(|m| passes >= m) {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `biowire sync`: the data folder's index brought up to date with the store, once or
/// following it until a signal.
fn sync(data_dir: &Path, store: Option<&str>, args: &crate::cli::SyncArgs) -> Result<ExitCode> {
    let url = store.context("sync needs a shared store: --store postgres://… or BIOWIRE_STORE")?;
    let follower = crate::shared::Follower::open(data_dir, url)?;
    let summary = follower.catch_up()?;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer(&mut out, &summary)?;
            writeln!(out)?;
        }
        OutputFormat::Text => writeln!(
            out,
            "synced: {} documents added or replaced, {} removed; at change {}",
            summary.documents, summary.removed, summary.change
        )?,
    }
    drop(out);
    if args.follow {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let signalled = stop.clone();
        std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(signal) = shutdown_signal() {
                    signal.await;
                }
            });
            signalled.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        eprintln!("following {} (Ctrl-C to stop)", follower.store_url());
        follower.follow(&stop)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A wait as people say it: `45 s`, `12 min`, `5 h 30 min`.
fn humanize(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// One pass's summary: a JSON object, or one line of counts.
fn print_pass(summary: &crate::crawl::PassSummary, format: OutputFormat) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &summary)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            let errors: usize = summary.errors.values().sum();
            writeln!(
                out,
                "{} sources, {} links: {} fetched, {} not modified, {} new documents ({} records), {} unchanged, {} syndicated, \
                 skipped {} by pattern, {} by keywords, {} by robots.txt, {} deferred; {} errors ({:.0} pages/s)",
                summary.sources,
                summary.links,
                summary.fetched,
                summary.not_modified,
                summary.new_documents,
                summary.new_records,
                summary.unchanged,
                summary.syndicated,
                summary.skipped_by_pattern,
                summary.skipped_by_keywords,
                summary.skipped_by_robots,
                summary.deferred,
                errors,
                summary.pages_per_second
            )?;
        }
    }
    Ok(())
}

/// Reads and parses one file or URL.
/// Pages from this size on get a note on stderr while they are read.
const LARGE_PAGE_BYTES: usize = 1_000_000;

fn load(url: &str, max_bytes: u64) -> Result<biowire_parse::Parsed> {
    if let Some(path) = biowire_fetch::url_to_path(url).ok().filter(|p| p.is_dir()) {
        bail!(
            "`{}` is a folder: parse and extract take one file (`biowire ingest {}` indexes a folder)",
            path.display(),
            path.display()
        );
    }
    let page = LocalFetcher { max_bytes }.fetch(url)?;
    // A large page takes seconds to parse and extract: say so before, and how long after.
    let large = page.bytes.len() >= LARGE_PAGE_BYTES;
    let started = std::time::Instant::now();
    if large {
        let size = page.bytes.len() as f64 / 1e6;
        if std::io::stderr().is_terminal() {
            eprintln!("reading {size:.1} MB from {url} (a page this large takes a few seconds)");
        } else {
            tracing::info!(url, megabytes = size, "large page");
        }
    }
    let parsed = biowire_parse::parse(&page)?;
    if large {
        tracing::info!(url, seconds = started.elapsed().as_secs_f64(), "parsed");
    }
    Ok(parsed)
}

fn file_url(path: &Path) -> Result<String> {
    let as_str = path.to_string_lossy();
    if as_str.starts_with("file://") {
        return Ok(as_str.into_owned());
    }
    Ok(biowire_fetch::path_to_url(path)?)
}

fn warn_all(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn parse_file(args: FileArgs) -> Result<ExitCode> {
    let parsed = load(&file_url(&args.file)?, args.max_bytes)?;
    warn_all(&parsed.warnings);
    let doc = parsed.document;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            #[derive(Serialize)]
            struct Parsed<'a> {
                url: &'a str,
                title: Option<&'a str>,
                published: Option<&'a str>,
                publisher: Option<&'a str>,
                canonical_url: Option<&'a str>,
                content_sha256: &'a str,
                text: &'a str,
            }
            let view = Parsed {
                url: &doc.url,
                title: doc.title.as_deref(),
                published: doc.published.as_deref(),
                publisher: doc.publisher.as_deref(),
                canonical_url: doc.canonical_url.as_deref(),
                content_sha256: &doc.content_sha256,
                text: &doc.text,
            };
            serde_json::to_writer_pretty(&mut out, &view)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            writeln!(out, "title:     {}", doc.title.as_deref().unwrap_or("-"))?;
            writeln!(out, "published: {}", doc.published.as_deref().unwrap_or("-"))?;
            writeln!(out, "publisher: {}", doc.publisher.as_deref().unwrap_or("-"))?;
            writeln!(out, "canonical: {}", doc.canonical_url.as_deref().unwrap_or("-"))?;
            writeln!(out, "\n{}", doc.text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn extract_file(args: FileArgs) -> Result<ExitCode> {
    let parsed = load(&file_url(&args.file)?, args.max_bytes)?;
    warn_all(&parsed.warnings);
    let started = std::time::Instant::now();
    let records = Extractor::builtin().extract(&parsed.document);
    if parsed.document.text.len() >= LARGE_PAGE_BYTES {
        tracing::info!(seconds = started.elapsed().as_secs_f64(), records = records.len(), "extracted");
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &records)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            if records.is_empty() {
                writeln!(out, "no product milestone announced in {}", parsed.document.url)?;
            }
            for (i, r) in records.iter().enumerate() {
                print_record(&mut out, i + 1, r)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Totals of one ingest run.
#[derive(Debug, Default, Serialize)]
struct IngestSummary {
    files: usize,
    new: usize,
    updated: usize,
    unchanged: usize,
    failed: usize,
    ignored: usize,
    records: usize,
    index_documents: usize,
    index_records: usize,
    /// Files through the pipeline per second of wall time.
    pages_per_second: f64,
}

/// Counts ingest's outcomes and shows its progress, from the pipeline's writer thread.
struct IngestSink<'u> {
    summary: IngestSummary,
    done: usize,
    progress: bool,
    /// Files the feeding thread could not read: they never reach the pipeline, but count in
    /// the progress, which would otherwise stop short of the total.
    unreadable: &'u std::sync::atomic::AtomicUsize,
}

impl biowire_pipeline::Sink<String> for IngestSink<'_> {
    fn processed(&mut self, url: &String, outcome: &biowire_pipeline::Outcome, warnings: &[String]) {
        use biowire_pipeline::Outcome;
        self.done += 1;
        if self.progress {
            let seen = self.done + self.unreadable.load(std::sync::atomic::Ordering::Relaxed);
            eprint!("\r\x1b[Kingesting {seen}/{}", self.summary.files);
        }
        let interrupt = |progress: bool| {
            if progress {
                eprintln!()
            }
        };
        if !warnings.is_empty() {
            interrupt(self.progress);
            warn_all(warnings);
        }
        match outcome {
            Outcome::Added { outcome, records } => {
                match outcome {
                    AddOutcome::New => self.summary.new += 1,
                    AddOutcome::Updated => self.summary.updated += 1,
                    AddOutcome::Unchanged | AddOutcome::Merged => self.summary.unchanged += 1,
                }
                if matches!(outcome, AddOutcome::New | AddOutcome::Updated) {
                    self.summary.records += records;
                }
                tracing::info!(file = %url, outcome = ?outcome, records, "ingested");
            }
            Outcome::Declined => {}
            Outcome::Failed(message) => {
                interrupt(self.progress);
                eprintln!("warning: skipped: {message}");
                self.summary.failed += 1;
            }
        }
    }
}

fn ingest(data_dir: &Path, args: IngestArgs) -> Result<ExitCode> {
    let found = biowire_fetch::discover(&args.paths)?;
    let dir = index_dir(data_dir);
    let index = Index::open_or_create(&dir)?;
    let store = DocStore::open_for_writing(&store_dir(data_dir))?;
    let fetcher = LocalFetcher { max_bytes: args.max_bytes };
    let extractor = Extractor::builtin();
    let progress = std::io::stderr().is_terminal() && found.urls.len() > 20;
    let unreadable = std::sync::atomic::AtomicUsize::new(0);
    let mut sink = IngestSink {
        unreadable: &unreadable,
        summary: IngestSummary {
            files: found.urls.len(),
            ignored: found.ignored.len(),
            ..Default::default()
        },
        done: 0,
        progress,
    };
    let stages = biowire_pipeline::Stages {
        extractor: &extractor,
        writer: index.writer()?,
        store: Some(&store),
        accept: &biowire_pipeline::accept_all,
    };
    let options = biowire_pipeline::Options::default();
    // Files are read here, on the feeding thread; the ones that cannot be read are counted
    // apart, since they never reach the pipeline.
    let ((), stats) = biowire_pipeline::run(stages, &options, &mut sink, |feeder| {
        for url in &found.urls {
            let page = match fetcher.fetch(url) {
                Ok(p) => p,
                Err(e) => {
                    // Off the progress line, as the pipeline's own warnings are.
                    eprintln!("{}warning: skipped: {e:#}", if progress { "\n" } else { "" });
                    unreadable.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    continue;
                }
            };
            if feeder
                .send(biowire_pipeline::Job { input: biowire_pipeline::Input::Page(page), tag: url.clone() })
                .is_err()
            {
                break;
            }
        }
    })?;
    if progress {
        // The last file may be one that could not be read, after the last one processed.
        let seen = sink.done + unreadable.load(std::sync::atomic::Ordering::Relaxed);
        eprintln!("\r\x1b[Kingesting {seen}/{}", sink.summary.files);
    }
    tracing::debug!("ingest stages:\n{}", stats.table());
    let mut summary = sink.summary;
    summary.failed += unreadable.into_inner();
    summary.pages_per_second = (stats.per_second() * 10.0).round() / 10.0;
    (summary.index_documents, summary.index_records) = index.counts()?;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &summary)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            writeln!(
                out,
                "{} files: {} new, {} updated, {} unchanged, {} failed; {} records added{}",
                summary.files,
                summary.new,
                summary.updated,
                summary.unchanged,
                summary.failed,
                summary.records,
                if summary.ignored > 0 {
                    format!(" ({} non-document files ignored)", summary.ignored)
                } else {
                    String::new()
                }
            )?;
            writeln!(
                out,
                "index {}: {} documents, {} records ({:.0} pages/s)",
                dir.display(),
                summary.index_documents,
                summary.index_records,
                summary.pages_per_second
            )?;
        }
    }
    Ok(if summary.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Builds a fresh index from the document store beside the live one, then swaps the folders,
/// so readers see the old index until the new one is complete.
fn reindex(data_dir: &Path) -> Result<ExitCode> {
    let store = DocStore::open_for_writing(&store_dir(data_dir))?;
    let dir = index_dir(data_dir);
    // A healthy index may be in use: refuse while another process writes to it.
    let old = Index::open(&dir).ok();
    let old_lock = old.as_ref().map(Index::writer).transpose()?;
    let fresh_dir = data_dir.join("index.new");
    if fresh_dir.exists() {
        std::fs::remove_dir_all(&fresh_dir)
            .with_context(|| format!("failed to remove `{}`", fresh_dir.display()))?;
    }
    let fresh = Index::open_or_create(&fresh_dir)?;
    let extractor = Extractor::builtin();
    /// Counts the documents and records a reindex puts in the fresh index.
    #[derive(Default)]
    struct Counted {
        documents: usize,
        records: usize,
    }
    impl biowire_pipeline::Sink<()> for Counted {
        fn processed(&mut self, _: &(), outcome: &biowire_pipeline::Outcome, _: &[String]) {
            if let biowire_pipeline::Outcome::Added { records, .. } = outcome {
                self.documents += 1;
                self.records += records;
            }
        }
    }
    let mut counted = Counted::default();
    let stages = biowire_pipeline::Stages {
        extractor: &extractor,
        writer: fresh.writer()?,
        // The documents are in the store already.
        store: None,
        accept: &biowire_pipeline::accept_all,
    };
    let documents_in_store = current_documents(&store)?;
    let (failed, stats) = biowire_pipeline::run(
        stages,
        &biowire_pipeline::Options { commit_every: 10_000, ..Default::default() },
        &mut counted,
        |feeder| {
            let mut failed = 0;
            for doc in documents_in_store {
                match doc {
                    Ok(doc) => {
                        if feeder
                            .send(biowire_pipeline::Job {
                                input: biowire_pipeline::Input::Document(doc),
                                tag: (),
                            })
                            .is_err()
                        {
                            break;
                        }
                    }
                    Err(e) => {
                        eprintln!("warning: skipped: {e}");
                        failed += 1;
                    }
                }
            }
            failed
        },
    )?;
    let (documents, records) = (counted.documents, counted.records);
    tracing::debug!("reindex stages:\n{}", stats.table());
    drop(fresh);
    drop(old_lock);
    drop(old);
    let retired = data_dir.join("index.old");
    if retired.exists() {
        std::fs::remove_dir_all(&retired)
            .with_context(|| format!("failed to remove `{}`", retired.display()))?;
    }
    if dir.exists() {
        std::fs::rename(&dir, &retired)
            .with_context(|| format!("failed to move `{}` aside", dir.display()))?;
    }
    std::fs::rename(&fresh_dir, &dir)
        .with_context(|| format!("failed to move the new index to `{}`", dir.display()))?;
    if retired.exists() {
        let _ = std::fs::remove_dir_all(&retired);
    }
    println!(
        "reindexed {documents} documents into {}: {records} records, {failed} unreadable ({:.0} documents/s)",
        dir.display(),
        stats.per_second()
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Verifies the index and reads every stored document back; says what is wrong and what
/// to do, and exits 1 when anything is.
fn check(data_dir: &Path) -> Result<ExitCode> {
    let mut problems = 0;
    let dir = index_dir(data_dir);
    match Index::open(&dir) {
        Ok(index) => {
            let (documents, records) = index.counts()?;
            println!("index {}: {documents} documents, {records} records, every file checks", dir.display());
        }
        Err(e) => {
            println!("index: {e}");
            problems += 1;
        }
    }
    let store = DocStore::open(&store_dir(data_dir))?;
    let mut readable = 0;
    for doc in current_documents(&store)? {
        match doc {
            Ok(_) => readable += 1,
            Err(e) => {
                println!("{e}");
                problems += 1;
            }
        }
    }
    println!("document store {}: {readable} current documents readable", store_dir(data_dir).display());
    Ok(if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What the index held, as the store's catalog tells it: the latest version of every URL,
/// known by the first URL that showed it and listing the others as `also_at`. Documents the
/// catalog never named (a store older than the catalog) come back as they were stored;
/// superseded versions stay in the store but not in the index.
fn current_documents(
    store: &DocStore,
) -> Result<Vec<Result<biowire_core::Document, biowire_index::docstore::StoreError>>> {
    let Some(current) = store.current()? else {
        return Ok(store.documents()?);
    };
    let noted = store.noted()?;
    let mut out = Vec::new();
    for c in &current {
        match store.get(&c.sha) {
            Ok(Some(mut doc)) => {
                doc.url = c.url.clone();
                doc.also_at = c.also_at.clone();
                out.push(Ok(doc));
            }
            Ok(None) => out.push(Err(biowire_index::docstore::StoreError::Missing {
                sha: c.sha.clone(),
                url: c.url.clone(),
            })),
            Err(e) => out.push(Err(e)),
        }
    }
    // Only documents the catalog never named are read here: the current ones were read above.
    for sha in store.shas()?.into_iter().filter(|sha| !noted.has_sha(sha)) {
        match store.get(&sha) {
            Ok(Some(d)) if noted.has(&d) => {}
            Ok(Some(d)) => out.push(Ok(d)),
            Ok(None) => {}
            Err(e) => out.push(Err(e)),
        }
    }
    Ok(out)
}

fn serve(data_dir: &Path, store: Option<&str>, args: crate::cli::ServeArgs) -> Result<ExitCode> {
    // A read node: the index follows the store on a thread of its own, and the server sees
    // each of its commits.
    let follow_stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Some(url) = store {
        let follower = crate::shared::Follower::open(data_dir, url)?;
        follower.catch_up()?;
        let stop = follow_stop.clone();
        std::thread::Builder::new().name("follow-store".into()).spawn(move || {
            if let Err(e) = follower.follow(&stop) {
                eprintln!("error: following the store stopped: {e:#}");
            }
        })?;
    }
    let index = Index::open(&index_dir(data_dir))?;
    let normalize: biowire_serve::Normalize =
        std::sync::Arc::new(move |e| normalize(Terms::builtin(), e, false).map_err(|e| format!("{e:#}")));
    let state = biowire_serve::AppState::new(index, normalize);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("failed to listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        let shutdown = shutdown_signal()?;
        eprintln!("biowire serving {} on http://{local}/ (Ctrl-C to stop)", data_dir.display());
        biowire_serve::serve(listener, state, shutdown).await.context("server failed")?;
        Ok::<_, anyhow::Error>(())
    })?;
    follow_stop.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(ExitCode::SUCCESS)
}

/// Registers the SIGINT and SIGTERM handlers now, so a signal that arrives right after
/// start-up is not lost to the default action, and returns a future that resolves on either.
/// Must be called inside a tokio runtime.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt()).context("failed to listen for SIGINT")?;
        let mut terminate = signal(SignalKind::terminate()).context("failed to listen for SIGTERM")?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

fn search(data_dir: &Path, args: SearchArgs) -> Result<ExitCode> {
    let index = Index::open(&index_dir(data_dir))?;
    let sort = if args.sort == SortOrder::Date { Sort::Date } else { Sort::Best };
    let query = Query {
        records_only: args.records_only,
        ..to_query(Terms::builtin(), args.query.as_deref(), &args.filters, Some(args.limit), sort)?
    };
    let (hits, total) = index.search_with_total(&query)?;
    let listed = args.facets.then(|| index.listed_facets(&query, args.count_mentions)).transpose()?;
    let (facets, facets_cut) = listed.map_or((None, Vec::new()), |l| (Some(l.facets), l.cut));
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            /// The same shape as `/api/search` answers.
            #[derive(Serialize)]
            struct Body {
                hits: Vec<biowire_index::JsonHit>,
                total: usize,
                #[serde(skip_serializing_if = "Option::is_none")]
                facets: Option<Facets>,
                #[serde(skip_serializing_if = "Vec::is_empty")]
                facets_cut: Vec<String>,
            }
            let body = Body { hits: hits.into_iter().map(Into::into).collect(), total, facets, facets_cut };
            serde_json::to_writer_pretty(&mut out, &body)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            if hits.is_empty() {
                writeln!(out, "no matches")?;
            } else {
                writeln!(out, "showing {} of {total}", hits.len())?;
            }
            if let Some(f) = &facets {
                print_facets(&mut out, f, &facets_cut)?;
            }
            for (i, h) in hits.iter().enumerate() {
                match &h.record {
                    Some(r) => print_record(&mut out, i + 1, r)?,
                    None if h.matched == biowire_index::Match::Mention => {
                        writeln!(
                            out,
                            "{:>2}. {}  mention (named in the headline or lead; no record)",
                            i + 1,
                            h.document.published.as_deref().unwrap_or("----")
                        )?;
                        writeln!(out, "    {}", h.document.title.as_deref().unwrap_or("(untitled)"))?;
                    }
                    None => {
                        writeln!(
                            out,
                            "{:>2}. {}  (no product milestone)",
                            i + 1,
                            h.document.published.as_deref().unwrap_or("----")
                        )?;
                        writeln!(out, "    {}", h.document.title.as_deref().unwrap_or("(untitled)"))?;
                    }
                }
                writeln!(out, "    {}", highlight(&h.snippet, &h.highlights, color))?;
                writeln!(out, "    {}", h.document.url)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The snippet with the query's words in bold on a terminal.
fn highlight(snippet: &str, ranges: &[(usize, usize)], color: bool) -> String {
    if !color || ranges.is_empty() {
        return snippet.to_string();
    }
    let chars: Vec<char> = snippet.chars().collect();
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 8);
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b > chars.len() {
            continue;
        }
        out.extend(&chars[at..a]);
        out.push_str("\x1b[1m");
        out.extend(&chars[a..b]);
        out.push_str("\x1b[0m");
        at = b;
    }
    out.extend(&chars[at..]);
    out
}

fn print_facets(out: &mut impl Write, facets: &Facets, cut: &[String]) -> std::io::Result<()> {
    for (name, values) in facets {
        let mut shown: Vec<String> = values.iter().map(|(v, n)| format!("{v} ({n})")).collect();
        if cut.contains(name) {
            shown.push(format!("… (first {} shown)", biowire_index::FACET_VALUES));
        }
        writeln!(out, "{name:<10} {}", if shown.is_empty() { "-".to_string() } else { shown.join(", ") })?;
    }
    writeln!(out)
}

/// One release with its records and the evidence of each field: what an analyst checks
/// before trusting a record.
/// The URL a user means by `arg`: a file that exists is its `file://` URL; anything else is
/// taken as written.
fn url_of(arg: &str) -> Result<String> {
    let path = Path::new(arg);
    if !arg.contains("://") && path.exists() {
        return file_url(&std::fs::canonicalize(path).with_context(|| format!("cannot read `{arg}`"))?);
    }
    Ok(arg.to_string())
}

fn show(data_dir: &Path, args: crate::cli::ShowArgs) -> Result<ExitCode> {
    let index = Index::open(&index_dir(data_dir))?;
    let is_id = args.id.len() >= 8 && args.id.bytes().all(|b| b.is_ascii_hexdigit());
    let id = if is_id {
        args.id.clone()
    } else {
        let url = url_of(&args.id)?;
        match DocStore::open(&store_dir(data_dir))?.current_at(&url)? {
            Some(c) => c.sha,
            None => bail!("no indexed release is at `{url}` (`biowire search` lists what is indexed)"),
        }
    };
    let Some((doc, records, mentions)) = index.document(&id)? else {
        bail!("no indexed release has the id `{}` (ids are content hashes; `biowire search --format json` prints them)", args.id);
    };
    let mut out = std::io::stdout().lock();
    if args.format == OutputFormat::Json {
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "document": doc, "records": records, "mentions": mentions }),
        )?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", doc.title.as_deref().unwrap_or("(untitled)"))?;
    let source = doc.url.strip_prefix("file://").unwrap_or(&doc.url);
    writeln!(
        out,
        "{} · {} · {source}",
        doc.published.as_deref().unwrap_or("undated"),
        doc.publisher.as_deref().unwrap_or("unknown publisher")
    )?;
    for also in &doc.also_at {
        writeln!(out, "also at {also}")?;
    }
    writeln!(out, "id {}", doc.content_sha256)?;
    writeln!(out)?;
    if records.is_empty() {
        writeln!(out, "no records")?;
    }
    for (i, r) in records.iter().enumerate() {
        print_record(&mut out, i + 1, r)?;
        for e in &r.evidence {
            writeln!(out, "    {:<12} “{}”", e.field, e.text)?;
        }
    }
    let subject: Vec<String> =
        mentions.iter().filter(|m| m.subject).map(|m| m.value.clone()).fold(Vec::new(), |mut acc, v| {
            if !acc.contains(&v) {
                acc.push(v);
            }
            acc
        });
    writeln!(out)?;
    writeln!(
        out,
        "mentions: {} in all; what search finds it by: {}",
        mentions.len(),
        if subject.is_empty() { "none".to_string() } else { subject.join(", ") }
    )?;
    Ok(ExitCode::SUCCESS)
}

fn push(data_dir: &Path, args: crate::cli::PushArgs) -> Result<ExitCode> {
    if !args.opensearch.starts_with("http://") && !args.opensearch.starts_with("https://") {
        bail!("--opensearch `{}`: expected an http:// or https:// URL", args.opensearch);
    }
    let index = Index::open(&index_dir(data_dir))?;
    let query = to_query(Terms::builtin(), args.query.as_deref(), &args.filters, None, Sort::Best)?;
    let records = index.records(&query)?;
    let bodies =
        crate::bulk::chunks(&records, &args.bulk.index, args.bulk.action, crate::bulk::MAX_CHUNK_BYTES)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    let pushed = runtime.block_on(crate::bulk::push(
        &args.opensearch,
        bodies,
        args.retries,
        std::time::Duration::from_millis(args.retry_wait_ms),
    ))?;
    for (id, status, reason) in pushed.failed.iter().take(20) {
        eprintln!("refused: record {id}: {status} {reason}");
    }
    if pushed.failed.len() > 20 {
        eprintln!("refused: … and {} more", pushed.failed.len() - 20);
    }
    println!(
        "pushed {} of {} records to {} index `{}` in {} requests; {} refused",
        pushed.ok,
        records.len(),
        args.opensearch,
        args.bulk.index,
        pushed.requests,
        pushed.failed.len()
    );
    Ok(if pushed.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// What the data folder holds, counted.
#[derive(Debug, Default, Serialize)]
struct Stats {
    documents: usize,
    records: usize,
    by_publisher: std::collections::BTreeMap<String, usize>,
    by_month: std::collections::BTreeMap<String, usize>,
    undated: usize,
    index_bytes: u64,
    store_bytes: u64,
    crawl_urls: Option<usize>,
    last_crawl: Option<String>,
    /// With a shared store: its totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<StoreStats>,
}

/// A shared store's totals in `biowire stats`.
#[derive(Debug, Serialize)]
struct StoreStats {
    documents: i64,
    records: i64,
    urls_due: i64,
    urls_leased: i64,
    urls_done: i64,
    last_change: i64,
}

fn stats(
    data_dir: &Path,
    shared: Option<&crate::shared::Follower>,
    args: crate::cli::StatsArgs,
) -> Result<ExitCode> {
    let index = Index::open(&index_dir(data_dir))?;
    let (documents, records) = index.counts()?;
    let mut st = Stats { documents, records, ..Stats::default() };
    let store = DocStore::open(&store_dir(data_dir))?;
    for doc in current_documents(&store)?.into_iter().flatten() {
        let publisher = doc.publisher.clone().unwrap_or_else(|| "(unknown)".into());
        *st.by_publisher.entry(publisher).or_default() += 1;
        match doc.published.as_deref().and_then(|d| d.get(..7)).filter(|m| m.len() == 7) {
            Some(month) => *st.by_month.entry(month.to_string()).or_default() += 1,
            None => st.undated += 1,
        }
    }
    st.index_bytes = folder_bytes(&index_dir(data_dir));
    st.store_bytes = folder_bytes(&store_dir(data_dir));
    let state_path = state_file(data_dir);
    if state_path.exists() {
        match biowire_fetch::state::CrawlState::open(&state_path).and_then(|s| s.summary()) {
            Ok((urls, last)) => {
                st.crawl_urls = Some(urls);
                st.last_crawl = last
                    .and_then(|t| chrono::DateTime::from_timestamp(t as i64, 0))
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string());
            }
            Err(e) => eprintln!("warning: crawl state not read: {e}"),
        }
    }
    if let Some(follower) = shared {
        let c = follower.store_counts()?;
        st.store = Some(StoreStats {
            documents: c.documents,
            records: c.records,
            urls_due: c.due,
            urls_leased: c.leased,
            urls_done: c.done,
            last_change: c.last_change,
        });
    }
    let mut out = std::io::stdout().lock();
    if args.format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, &st)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mb = |b: u64| b as f64 / 1e6;
    writeln!(out, "{} documents, {} records in {}", st.documents, st.records, data_dir.display())?;
    writeln!(out, "index {:.1} MB, document store {:.1} MB", mb(st.index_bytes), mb(st.store_bytes))?;
    match (&st.crawl_urls, &st.last_crawl) {
        (Some(n), Some(t)) => writeln!(out, "crawl: {n} URLs known, last fetch {t}")?,
        (Some(n), None) => writeln!(out, "crawl: {n} URLs known, none fetched yet")?,
        _ => writeln!(out, "crawl: never run in this data folder")?,
    }
    if let Some(c) = &st.store {
        writeln!(
            out,
            "shared store: {} documents, {} records; URLs {} due, {} held by a worker, {} done; change {}",
            c.documents, c.records, c.urls_due, c.urls_leased, c.urls_done, c.last_change
        )?;
    }
    writeln!(out, "\nby publisher:")?;
    let mut publishers: Vec<_> = st.by_publisher.iter().collect();
    publishers.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (p, n) in publishers {
        writeln!(out, "  {n:>6}  {p}")?;
    }
    writeln!(out, "\nby month:")?;
    for (m, n) in &st.by_month {
        writeln!(out, "  {m}  {n:>6}")?;
    }
    if st.undated > 0 {
        writeln!(out, "  undated  {}", st.undated)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Bytes of the files under a folder (0 when it is missing).
fn folder_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Removes a release: from the index, from the store's current documents (its file stays, as
/// superseded versions do), and from the crawl state, so a crawl fetches it again as new.
fn forget(data_dir: &Path, args: crate::cli::ForgetArgs) -> Result<ExitCode> {
    let url = url_of(&args.url)?;
    let store = DocStore::open_for_writing(&store_dir(data_dir))?;
    let Some(current) = store.current_at(&url)? else {
        bail!("no indexed release is at `{url}` (`biowire search` lists what is indexed)");
    };
    let index = Index::open(&index_dir(data_dir))?;
    let records = index.document(&current.sha)?.map_or(0, |(_, r, _)| r.len());
    let mut writer = index.writer()?;
    writer.forget(&current.sha);
    writer.commit()?;
    let urls: Vec<&String> = std::iter::once(&current.url).chain(&current.also_at).collect();
    for u in &urls {
        store.forget(u)?;
    }
    let state_path = state_file(data_dir);
    if state_path.exists() {
        let state = biowire_fetch::state::CrawlState::open(&state_path)?;
        for u in &urls {
            state.remove(u)?;
        }
    }
    println!(
        "forgot {} ({records} records{})",
        current.url,
        if urls.len() > 1 { format!("; also at {} other URLs", urls.len() - 1) } else { String::new() }
    );
    Ok(ExitCode::SUCCESS)
}

fn print_record(out: &mut impl Write, n: usize, r: &Record) -> std::io::Result<()> {
    let dash = |v: Option<&str>| v.unwrap_or("-").to_string();
    writeln!(
        out,
        "{n:>2}. {}  {}  {} · {}",
        dash(r.milestone.date.as_deref()),
        r.milestone.kind,
        dash(r.company.as_deref()),
        dash(r.product.as_deref())
    )?;
    let mut facts = Vec::new();
    if let Some(m) = r.modality {
        facts.push(m.to_string());
    }
    if let Some(c) = r.cell_source {
        facts.push(c.to_string());
    }
    if !r.targets.is_empty() {
        facts.push(format!("targets {}", r.targets.join(", ")));
    }
    if !r.indications.is_empty() {
        facts.push(format!("for {}", r.indications.join(", ")));
    }
    if let Some(p) = &r.milestone.phase {
        facts.push(format!("phase {p}"));
    }
    if let Some(t) = &r.milestone.trial_id {
        facts.push(t.clone());
    }
    if !facts.is_empty() {
        writeln!(out, "    {}", facts.join(" · "))?;
    }
    writeln!(out, "    {}", dash(r.document.title.as_deref()))
}

fn export(data_dir: &Path, args: ExportArgs) -> Result<ExitCode> {
    let index = Index::open(&index_dir(data_dir))?;
    let query = to_query(Terms::builtin(), args.query.as_deref(), &args.filters, None, Sort::Best)?;
    let records = index.records(&query)?;
    let count = records.len();
    if args.format == ExportFormat::Bulk {
        let bodies =
            crate::bulk::chunks(&records, &args.bulk.index, args.bulk.action, crate::bulk::MAX_CHUNK_BYTES)?;
        match &args.output {
            None => {
                let mut out = std::io::stdout().lock();
                for b in &bodies {
                    out.write_all(b)?;
                }
            }
            Some(path) if bodies.len() <= 1 => {
                write_atomically(path, &bodies.concat())?;
                eprintln!("exported {count} records to {} (bulk)", path.display());
            }
            Some(path) => {
                // records.ndjson → records.00001.ndjson, records.00002.ndjson, …
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
                for (n, b) in bodies.iter().enumerate() {
                    write_atomically(&path.with_file_name(format!("{stem}.{:05}{ext}", n + 1)), b)?;
                }
                eprintln!(
                    "exported {count} records to {} files {}.00001{ext} … (bulk, at most 10 MB each)",
                    bodies.len(),
                    path.with_file_name(&stem).display()
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let items: Vec<serde_json::Value> = if args.include_mentions {
        by_release(&index, records)?
    } else {
        records.iter().map(serde_json::to_value).collect::<Result<_, _>>()?
    };
    let mut buf = Vec::new();
    match args.format {
        ExportFormat::Bulk => unreachable!("bulk is written above"),
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut buf, &items)?;
            buf.push(b'\n');
        }
        ExportFormat::Jsonl => {
            for item in &items {
                serde_json::to_writer(&mut buf, item)?;
                buf.push(b'\n');
            }
        }
    }
    match &args.output {
        Some(path) => {
            write_atomically(path, &buf)?;
            if args.include_mentions {
                eprintln!("exported {count} records of {} releases to {}", items.len(), path.display());
            } else {
                eprintln!("exported {count} records to {}", path.display());
            }
        }
        None => std::io::stdout().lock().write_all(&buf)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Records grouped by release, in export order: each release's reference, its matching
/// records and all its mentions (records stay the spec's shape inside).
fn by_release(index: &Index, records: Vec<Record>) -> Result<Vec<serde_json::Value>> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: std::collections::HashMap<String, Vec<Record>> = std::collections::HashMap::new();
    for r in records {
        let sha = r.document.content_sha256.clone();
        if !groups.contains_key(&sha) {
            order.push(sha.clone());
        }
        groups.entry(sha).or_default().push(r);
    }
    let mut out = Vec::with_capacity(order.len());
    for sha in order {
        let records = groups.remove(&sha).unwrap_or_default();
        let mentions = match index.document(&sha)? {
            Some((_, _, mentions)) => mentions,
            None => Vec::new(),
        };
        out.push(serde_json::json!({
            "document": records[0].document,
            "records": records,
            "mentions": mentions,
        }));
    }
    Ok(out)
}

/// Writes through a temporary file and a rename, so a reader never sees half an export.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().with_context(|| format!("`{}` is not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    // Errors name the file the user asked for, not the temporary one beside it.
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.with_context(|| format!("failed to write `{}`", path.display()))
}
