//! Ingest against its floor on the article benchmark's real pages (`../shared/article-benchmark`
//! beside the repository; generated pages when it is absent): the bare one-core HTML parse, and
//! the whole pipeline (parse and extract on every core, store, index) into a throw-away folder.

use biowire_extract::Extractor;
use biowire_index::docstore::DocStore;
use biowire_index::Index;
use biowire_pipeline::{accept_all, measure, run, Input, Job, Options, Sink, Stages};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Quiet;
impl Sink<()> for Quiet {}

fn pages() -> Vec<biowire_core::FetchedPage> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/article-benchmark/html");
    match measure::load_pages(&dir) {
        Ok(p) if !p.is_empty() => p,
        _ => (0..100)
            .map(|i| biowire_core::FetchedPage {
                url: format!("bench://{i}"),
                bytes: format!(
                    "<html><body><article><h1>News {i}</h1><p>{}</p></article></body></html>",
                    "Words of a page. ".repeat(500)
                )
                .into_bytes(),
                content_type: Some("text/html".into()),
            })
            .collect(),
    }
}

fn ingest(c: &mut Criterion) {
    let pages = pages();
    let extractor = Extractor::builtin();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group
        .bench_function("floor (html5ever parse + body text, 1 core)", |b| b.iter(|| measure::floor(&pages)));
    // As `biowire bench` times it: from the first page sent to the last commit, with a new
    // index, store and writer each round made before the clock starts (a real ingest makes
    // them once, not once per 181 pages).
    group.bench_function("pipeline (parse, extract, store, index)", |b| {
        b.iter_custom(|rounds| {
            let mut total = Duration::ZERO;
            for _ in 0..rounds {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let index = Index::open_or_create(&dir.path().join("index")).expect("an index");
                let store = DocStore::open_for_writing(&dir.path().join("documents")).expect("a store");
                let stages = Stages {
                    extractor: &extractor,
                    writer: index.writer().expect("the writer"),
                    store: Some(&store),
                    accept: &accept_all,
                };
                let pages = pages.clone();
                let started = Instant::now();
                run(stages, &Options::default(), &mut Quiet, |f| {
                    for p in pages {
                        f.send(Job { input: Input::Page(p), tag: () }).expect("the pipeline runs");
                    }
                })
                .expect("ingest works");
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
