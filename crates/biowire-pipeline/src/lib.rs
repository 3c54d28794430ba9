//! The ingest pipeline every command that adds to the index drives (`ingest`, `crawl`,
//! `schedule`, `reindex`, `bench`): pages or stored documents go in, and come out parsed,
//! extracted, stored and indexed, in the order they went in.
//!
//! ```text
//!  feeder (caller's thread)        workers (one per core)          writer (own thread)
//!  Job<T> ──bounded──▶ parse ─▶ accept ─▶ extract ──▶ reorder ─▶ store batch ─▶ index ─▶ commit ─▶ Sink
//!     ▲                                                    │
//!     └──────────────── one slot per job in flight ◀───────┘
//! ```
//!
//! Parse and extract are pure and run on a pool; the document store and the index writer are
//! touched by one thread only, in input order, so a later version of a URL always wins. At
//! most [`Options::in_flight`] jobs are between the feeder and the writer: a slow stage holds
//! the feeder back instead of filling memory. A batch becomes durable in this order: documents
//! (one file-system sync for the batch, then their names and catalog lines, synced again),
//! then the index commit, then [`Sink::committed`], which is where a crawl records what it has.

pub mod measure;

use biowire_core::{Document, FetchedPage, Mention, Record};
use biowire_extract::Extractor;
use biowire_index::docstore::{Batch, DocStore, StoreError};
use biowire_index::{AddOutcome, Writer};
use crossbeam_channel::{bounded, unbounded, Receiver, RecvTimeoutError, Sender};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What goes into the pipeline.
#[derive(Debug)]
pub enum Input {
    /// Fetched bytes, to parse first.
    Page(FetchedPage),
    /// A document parsed earlier (a reindex), extracted again.
    Document(Document),
}

/// One unit of work, with what the caller wants back with its outcome.
#[derive(Debug)]
pub struct Job<T> {
    /// The page or document.
    pub input: Input,
    /// The caller's own data for this job (a file number, a URL and its crawl state).
    pub tag: T,
}

/// What became of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored and given to the index.
    Added {
        /// What the index made of it.
        outcome: AddOutcome,
        /// Records extracted from it.
        records: usize,
    },
    /// Parsed, then turned down by the accept hook (a source's keywords).
    Declined,
    /// The page could not be parsed; the message names the URL.
    Failed(String),
}

/// Where the pipeline reports, from the writer's thread, in input order.
pub trait Sink<T>: Send {
    /// One job is through the writer (not durable yet), with the parser's warnings.
    fn processed(&mut self, _tag: &T, _outcome: &Outcome, _warnings: &[String]) {}

    /// The jobs of one batch, in input order, are durable in the store and the index.
    fn committed(&mut self, _batch: Vec<(T, Outcome)>) -> Result<(), BoxError> {
        Ok(())
    }
}

/// An error from the caller's sink.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How the pipeline runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parse and extract threads; 0 means one per core.
    pub workers: usize,
    /// Jobs between the feeder and the writer at most.
    pub in_flight: usize,
    /// Documents added to the index between commits: a crash loses at most this many (they
    /// are fetched or read again), and each commit is cheap.
    pub commit_every: usize,
    /// The longest an added document waits for its commit, also while no job arrives.
    pub commit_interval: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options { workers: 0, in_flight: 64, commit_every: 500, commit_interval: Duration::from_secs(5) }
    }
}

/// Errors that stop the pipeline; what was committed before stays.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index could not take or commit a document.
    #[error(transparent)]
    Index(#[from] biowire_index::Error),
    /// The document store could not write.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The caller's sink failed.
    #[error("{0}")]
    Sink(BoxError),
    /// A worker thread could not be started.
    #[error("cannot start a pipeline thread: {0}")]
    Thread(std::io::Error),
}

/// The pipeline stopped (its writer failed); the feeder should stop sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the pipeline stopped")]
pub struct Stopped;

/// Hands jobs to the pipeline, on the caller's thread.
pub struct Feeder<T> {
    jobs: Sender<(u64, Job<T>)>,
    slots: Receiver<()>,
    next: Cell<u64>,
}

impl<T> Feeder<T> {
    /// Sends one job, waiting while [`Options::in_flight`] jobs are not through the writer.
    pub fn send(&self, job: Job<T>) -> Result<(), Stopped> {
        self.slots.recv().map_err(|_| Stopped)?;
        let seq = self.next.get();
        self.next.set(seq + 1);
        self.jobs.send((seq, job)).map_err(|_| Stopped)
    }
}

/// Time spent and work done in each stage of one run.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Parse and extract threads.
    pub workers: usize,
    /// Jobs that went through.
    pub jobs: u64,
    /// Pages parsed.
    pub parsed: u64,
    /// Documents extracted.
    pub extracted: u64,
    /// Documents handed to the index (new, updated, merged or unchanged).
    pub indexed: u64,
    /// Commits made.
    pub commits: u64,
    /// Busy time summed over workers, per stage.
    pub parse: Duration,
    /// Extraction time, summed over workers.
    pub extract: Duration,
    /// Writer time in the document store (writes and the batch syncs).
    pub store: Duration,
    /// Writer time adding to the index.
    pub index: Duration,
    /// Writer time in index commits.
    pub commit: Duration,
    /// Writer time making store batches durable (part of `store`).
    pub sync: Duration,
    /// From the first job to the last commit.
    pub wall: Duration,
}

impl Stats {
    /// Jobs per second of wall time.
    pub fn per_second(&self) -> f64 {
        self.jobs as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// A table of each stage's rate on one thread (items / busy time) and of the whole run.
    pub fn table(&self) -> String {
        let rate = |n: u64, d: Duration| {
            if n == 0 {
                "-".to_string()
            } else {
                format!("{:.0}", n as f64 / d.as_secs_f64().max(1e-9))
            }
        };
        let ms = |d: Duration, n: u64| if n == 0 { 0.0 } else { d.as_secs_f64() * 1e3 / n as f64 };
        let mut out = format!("{:<9} {:>9} {:>12} {:>10}\n", "stage", "items", "per s (1 thread)", "ms each");
        for (name, n, d) in [
            ("parse", self.parsed, self.parse),
            ("extract", self.extracted, self.extract),
            ("store", self.indexed, self.store),
            ("index", self.indexed, self.index),
            ("  sync", self.commits, self.sync),
            ("commit", self.commits, self.commit),
        ] {
            out.push_str(&format!("{name:<9} {n:>9} {:>16} {:>10.2}\n", rate(n, d), ms(d, n)));
        }
        out.push_str(&format!(
            "{:<9} {:>9} {:>16.0} {:>10.2}   ({} workers, wall {:.2} s)\n",
            "pipeline",
            self.jobs,
            self.per_second(),
            ms(self.wall, self.jobs),
            self.workers,
            self.wall.as_secs_f64()
        ));
        out
    }
}

/// A document with its records and mentions.
type Extracted = (Document, Vec<Record>, Vec<Mention>);

/// What a worker hands the writer for one job.
struct Made<T> {
    seq: u64,
    tag: T,
    warnings: Vec<String>,
    /// The extracted document, `None` when the accept hook turned it down, or why parsing failed.
    result: Result<Option<Extracted>, String>,
}

/// Busy nanoseconds and counts the workers add up.
#[derive(Default)]
struct WorkerTimes {
    parse_ns: AtomicU64,
    extract_ns: AtomicU64,
    parsed: AtomicU64,
    extracted: AtomicU64,
}

/// The stages' fixed parts: the extractor, the index writer, the store (none for a reindex,
/// whose documents are stored already) and the accept hook, which may adjust a parsed page's
/// document (its canonical URL) and turn it down (a source's keywords).
pub struct Stages<'a, T> {
    /// The record extractor.
    pub extractor: &'a Extractor,
    /// The index writer; the pipeline commits it.
    pub writer: Writer<'a>,
    /// The document store, written before the index.
    pub store: Option<&'a DocStore>,
    /// Called on each parsed page's document; false turns it down.
    pub accept: &'a (dyn Fn(&T, &mut Document) -> bool + Sync),
}

/// Accepts every document unchanged.
pub fn accept_all<T>(_: &T, _: &mut Document) -> bool {
    true
}

/// Runs the pipeline: `feed` sends jobs on this thread through the [`Feeder`], and returns
/// when it has no more; the pipeline then drains, commits what is left, and returns what
/// `feed` returned with the run's [`Stats`]. An error of the store, the index or the sink
/// stops it (the feeder's `send` says [`Stopped`]); what was committed before stays.
pub fn run<T, S, R>(
    stages: Stages<'_, T>,
    options: &Options,
    sink: &mut S,
    feed: impl FnOnce(&Feeder<T>) -> R,
) -> Result<(R, Stats), Error>
where
    T: Send,
    S: Sink<T>,
{
    let workers = if options.workers == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.workers
    };
    let in_flight = options.in_flight.max(1);
    let (jobs_tx, jobs_rx) = bounded::<(u64, Job<T>)>(in_flight);
    let (made_tx, made_rx) = unbounded::<Made<T>>();
    let (slots_tx, slots_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        slots_tx.send(()).expect("the slot queue holds every slot");
    }
    let times = WorkerTimes::default();
    let started = Instant::now();
    let Stages { extractor, writer, store, accept } = stages;
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for n in 0..workers {
            let (jobs, made, times) = (jobs_rx.clone(), made_tx.clone(), &times);
            let handle = std::thread::Builder::new()
                .name(format!("biowire-work-{n}"))
                .spawn_scoped(scope, move || work(extractor, accept, &jobs, &made, times))
                .map_err(Error::Thread)?;
            handles.push(handle);
        }
        drop((jobs_rx, made_tx));
        let writer_thread = std::thread::Builder::new()
            .name("biowire-writer".into())
            .spawn_scoped(scope, move || write(writer, store, options, sink, &made_rx, &slots_tx))
            .map_err(Error::Thread)?;
        let feeder = Feeder { jobs: jobs_tx, slots: slots_rx, next: Cell::new(0) };
        let fed = feed(&feeder);
        drop(feeder);
        for h in handles {
            // A worker runs only pure code that never panics; if one did, say so loudly.
            h.join().expect("a pipeline worker panicked");
        }
        let mut stats = writer_thread.join().expect("the pipeline writer panicked")?;
        stats.workers = workers;
        stats.parse = Duration::from_nanos(times.parse_ns.load(Ordering::Relaxed));
        stats.extract = Duration::from_nanos(times.extract_ns.load(Ordering::Relaxed));
        stats.parsed = times.parsed.load(Ordering::Relaxed);
        stats.extracted = times.extracted.load(Ordering::Relaxed);
        stats.wall = started.elapsed();
        Ok((fed, stats))
    })
}

/// A worker: parse (pages), accept, extract, until the job queue closes or the writer is gone.
fn work<T>(
    extractor: &Extractor,
    accept: &(dyn Fn(&T, &mut Document) -> bool + Sync),
    jobs: &Receiver<(u64, Job<T>)>,
    made: &Sender<Made<T>>,
    times: &WorkerTimes,
) {
    let add = |counter: &AtomicU64, t: Instant| {
        counter.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
    };
    for (seq, Job { input, tag }) in jobs {
        let mut warnings = Vec::new();
        let doc = match input {
            Input::Document(d) => Some(Ok(d)),
            Input::Page(page) => {
                let t = Instant::now();
                let parsed = biowire_parse::parse(&page);
                add(&times.parse_ns, t);
                times.parsed.fetch_add(1, Ordering::Relaxed);
                match parsed {
                    Ok(p) => {
                        warnings = p.warnings;
                        let mut d = p.document;
                        accept(&tag, &mut d).then_some(Ok(d))
                    }
                    Err(e) => Some(Err(e.to_string())),
                }
            }
        };
        let result = doc.transpose().map(|doc| {
            doc.map(|doc| {
                let t = Instant::now();
                let (records, mentions) = extractor.extract_with_mentions(&doc);
                add(&times.extract_ns, t);
                times.extracted.fetch_add(1, Ordering::Relaxed);
                (doc, records, mentions)
            })
        });
        if made.send(Made { seq, tag, warnings, result }).is_err() {
            return;
        }
    }
}

/// The writer: takes the workers' results back into input order, stores and indexes each,
/// and commits in batches.
fn write<T, S: Sink<T>>(
    mut writer: Writer<'_>,
    store: Option<&DocStore>,
    options: &Options,
    sink: &mut S,
    made: &Receiver<Made<T>>,
    slots: &Sender<()>,
) -> Result<Stats, Error> {
    let mut stats = Stats::default();
    let mut waiting: BTreeMap<u64, Made<T>> = BTreeMap::new();
    let mut next = 0u64;
    let mut batch = store.map(DocStore::batch);
    let mut done: Vec<(T, Outcome)> = Vec::new();
    let mut added = 0usize;
    // When the oldest job of the open batch came through.
    let mut oldest: Option<Instant> = None;
    loop {
        let wait =
            oldest.map_or(Duration::from_secs(3600), |t| options.commit_interval.saturating_sub(t.elapsed()));
        match made.recv_timeout(wait) {
            Ok(m) => {
                waiting.insert(m.seq, m);
            }
            Err(RecvTimeoutError::Timeout) => {
                if oldest.is_some() {
                    commit(&mut batch, &mut writer, sink, &mut done, &mut stats)?;
                    (added, oldest) = (0, None);
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
        while let Some(Made { tag, warnings, result, .. }) = waiting.remove(&next) {
            next += 1;
            stats.jobs += 1;
            let outcome = match result {
                Err(message) => Outcome::Failed(message),
                Ok(None) => Outcome::Declined,
                Ok(Some((doc, records, mentions))) => {
                    let t = Instant::now();
                    if let Some(b) = batch.as_mut() {
                        b.put(&doc)?;
                    }
                    stats.store += t.elapsed();
                    let t = Instant::now();
                    let outcome = writer.add_with_mentions(&doc, &records, &mentions)?;
                    stats.index += t.elapsed();
                    stats.indexed += 1;
                    if outcome != AddOutcome::Unchanged {
                        if let Some(b) = batch.as_mut() {
                            for url in std::iter::once(&doc.url).chain(&doc.also_at) {
                                b.note(url, &doc.content_sha256);
                            }
                        }
                    }
                    if matches!(outcome, AddOutcome::New | AddOutcome::Updated) {
                        added += 1;
                    }
                    Outcome::Added { outcome, records: records.len() }
                }
            };
            sink.processed(&tag, &outcome, &warnings);
            done.push((tag, outcome));
            oldest.get_or_insert_with(Instant::now);
            // The feeder may send one more job.
            let _ = slots.send(());
            if added >= options.commit_every || oldest.is_some_and(|t| t.elapsed() >= options.commit_interval)
            {
                commit(&mut batch, &mut writer, sink, &mut done, &mut stats)?;
                (added, oldest) = (0, None);
            }
        }
    }
    commit(&mut batch, &mut writer, sink, &mut done, &mut stats)?;
    Ok(stats)
}

/// Makes one batch durable: the store's documents and catalog lines, then the index, then
/// tells the sink.
fn commit<T, S: Sink<T>>(
    batch: &mut Option<Batch<'_>>,
    writer: &mut Writer<'_>,
    sink: &mut S,
    done: &mut Vec<(T, Outcome)>,
    stats: &mut Stats,
) -> Result<(), Error> {
    let t = Instant::now();
    if let Some(b) = batch.as_mut() {
        b.commit()?;
    }
    let synced = t.elapsed();
    stats.store += synced;
    stats.sync += synced;
    let t = Instant::now();
    writer.commit()?;
    stats.commit += t.elapsed();
    stats.commits += 1;
    sink.committed(std::mem::take(done)).map_err(Error::Sink)
}

#[cfg(test)]
mod tests;
