//! What ingest speed is measured against: pages read from a folder (the article benchmark's
//! real pages, gzipped or not) and the one-core floor, the bare HTML parse and body text that
//! any HTML tool pays before it does anything of its own.

use biowire_core::FetchedPage;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// Reads every `.html`, `.htm` and `.html.gz` file of `dir` (not its subfolders), sorted by
/// name, as fetched pages; an unreadable file is an error that names it.
pub fn load_pages(dir: &Path) -> std::io::Result<Vec<FetchedPage>> {
    let named =
        |e: std::io::Error, p: &Path| std::io::Error::new(e.kind(), format!("`{}`: {e}", p.display()));
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| named(e, dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".html.gz")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let raw = std::fs::read(&p).map_err(|e| named(e, &p))?;
            let bytes = if p.extension().is_some_and(|e| e == "gz") {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out).map_err(|e| named(e, &p))?;
                out
            } else {
                raw
            };
            Ok(FetchedPage {
                url: format!("file://{}", p.display()),
                bytes,
                content_type: Some("text/html".into()),
            })
        })
        .collect()
}

/// Compiled once, so the floor times the parse and nothing else.
static BODY: std::sync::LazyLock<scraper::Selector> =
    std::sync::LazyLock::new(|| scraper::Selector::parse("body").expect("a valid selector"));

/// The floor for one page: html5ever's parse (through scraper) and the body's text, nothing
/// else. Returns the text's length so the work is not optimized away.
pub fn floor_one(page: &FetchedPage) -> usize {
    let html = String::from_utf8_lossy(&page.bytes);
    let doc = scraper::Html::parse_document(&html);
    doc.select(&BODY).next().map_or(0, |b| b.text().map(str::len).sum())
}

/// Runs the floor over `pages` on this one thread, and returns the time it took.
pub fn floor(pages: &[FetchedPage]) -> Duration {
    let t = Instant::now();
    let mut n = 0;
    for p in pages {
        n += floor_one(p);
    }
    std::hint::black_box(n);
    t.elapsed()
}
