//! Extraction throughput on generated 5 KB releases, and the time a 10 MB text takes.
//!
//! Run with `cargo bench -p biowire-extract`; criterion reports time per document and bytes
//! per second. `biowire bench` prints docs/s and MB/s for parse, extract and ingest together.

use biowire_core::Document;
use biowire_extract::Extractor;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// The allocator of the `biowire` binary.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PARAGRAPH: &str = "The company continues to enroll patients at sites in the United States, Europe and China, and expects to report further data at a medical meeting. ";

fn release(i: usize) -> Document {
    let mut text = format!(
        "BOSTON, Feb. 10, 2026 /PRNewswire/ -- Acme Bio, Inc. (Nasdaq: ACME) today announced that the first patient has been dosed with AB-{i:03}, an allogeneic CD19/CD20-directed CAR-T cell therapy, in a Phase 1 trial (NCT0{i:07}) in systemic lupus erythematosus (SLE).\n\n"
    );
    while text.len() < 4600 {
        text.push_str(PARAGRAPH);
    }
    text.push_str("\n\n“We are pleased,” said the Chief Executive Officer.\n\nAbout Acme Bio\n\nAcme Bio develops cell therapies for lupus nephritis and myositis.\n\nForward-Looking Statements\n\nThis release contains forward-looking statements.");
    let mut doc = Document::new(format!("bench://{i}"), text);
    doc.title = Some(format!("Acme Bio Doses First Patient With AB-{i:03} in Lupus"));
    doc.published = Some("2026-02-10".into());
    doc
}

fn bench_extract(c: &mut Criterion) {
    let extractor = Extractor::builtin();
    let docs: Vec<Document> = (0..64).map(release).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes((bytes / docs.len()) as u64));
    group.bench_function("release_5kb", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % docs.len();
            black_box(extractor.extract(black_box(&docs[i])))
        })
    });
    group.finish();

    let mut big = release(0);
    let mut text = String::with_capacity(10 * 1024 * 1024);
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&big.text);
        text.push_str("\n\n");
    }
    big = Document::new("bench://big", text);
    let mut group = c.benchmark_group("extract_10mb");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(big.text.len() as u64));
    group.bench_function("text_10mb", |b| b.iter(|| black_box(extractor.extract(black_box(&big)))));
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
