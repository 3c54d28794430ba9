//! `biowire bench`: throughput of each stage on generated releases.
//!
//! The releases are generated, not read from disk, so the numbers measure biowire and not the
//! file system; each stage is timed alone, then the whole ingest into a temporary index.

use anyhow::{Context, Result};
use biowire_core::FetchedPage;
use biowire_extract::Extractor;
use biowire_index::docstore::DocStore;
use biowire_index::Index;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

const COMPANIES: &[&str] =
    &["Acme Bio, Inc.", "Northwind Therapeutics", "Helix Cell Co., Ltd.", "Orion Immunotherapies plc"];
const ANTIGENS: &[&str] = &["CD19", "BCMA", "CD19/CD20", "GPRC5D", "Claudin18.2", "CD70"];
const DISEASES: &[&str] = &[
    "systemic lupus erythematosus (SLE)",
    "relapsed/refractory multiple myeloma",
    "large B-cell lymphoma",
    "myasthenia gravis",
];
const EVENTS: &[&str] = &[
    "the first patient has been dosed with",
    "the FDA has cleared the IND application for",
    "it has received Orphan Drug Designation for",
];

/// Antigens the search bench's news items name in their headline: CD22 is also on a few
/// records (a search for it is records, then mentions), CD7 on none (mentions only).
const NEWS_ANTIGENS: &[&str] = &["CD22", "CD19", "BCMA", "CD7"];
/// One release in this many carries CD22 instead of its antigen: fewer records than a page
/// holds, so the search fills the page with mentions.
const RARE_ANTIGEN_EVERY: usize = 10_007;
/// In the search bench, one release in this many is a news item that announces nothing.
const NEWS_EVERY: usize = 10;

/// A generated release of roughly 5 KB, in newswire HTML.
pub(crate) fn release(i: usize) -> String {
    let company = COMPANIES[i % COMPANIES.len()];
    let antigen = if i % RARE_ANTIGEN_EVERY == 5 { "CD22" } else { ANTIGENS[i % ANTIGENS.len()] };
    let disease = DISEASES[i % DISEASES.len()];
    let event = EVENTS[i % EVENTS.len()];
    let product = format!("BW-{:04}", i % 9973);
    let filler = "The company continues to enroll patients at sites in the United States, Europe and China, and expects to report further data at a medical meeting. ".repeat(12);
    format!(
        "<html><head><title>{company} news {i}</title><meta property=\"article:published_time\" content=\"2026-02-10\"></head><body>\
         <nav><a href=\"/\">Home</a><a href=\"/news\">News</a></nav><div class=\"share-tools\">Share</div>\
         <article><h1>{company} Announces Progress With {product}</h1>\
         <p>BOSTON, Feb. 10, 2026 /PRNewswire/ -- {company} today announced that {event} {product}, an allogeneic {antigen}-directed CAR-T cell therapy, in patients with {disease}.</p>\
         <p>{filler}</p>\
         <p>“We are pleased with the progress,” said the Chief Executive Officer. “Patients with autoimmune disease need options.”</p>\
         <h2>About {product}</h2><p>{product} is an investigational allogeneic CAR-T therapy targeting {antigen}.</p>\
         <h2>Forward-Looking Statements</h2><p>This press release contains forward-looking statements that involve risks.</p>\
         </article><footer>Contact: media@example.com</footer></body></html>"
    )
}

/// A generated news item of about 1 KB that announces nothing: its headline and lead name an
/// antigen and a disease, so it is found only as a mention. Its number is in the text, or
/// every news item with the same company, antigen and disease would be one release.
fn news(i: usize) -> String {
    // Counted among news items only: `i` itself is always 9 modulo 10 here.
    let n = i / NEWS_EVERY;
    let company = COMPANIES[n % COMPANIES.len()];
    let antigen = NEWS_ANTIGENS[n % NEWS_ANTIGENS.len()];
    let disease = DISEASES[(n / NEWS_ANTIGENS.len()) % DISEASES.len()];
    format!(
        "<html><head><title>{company} news {i}</title><meta property=\"article:published_time\" content=\"2026-02-10\"></head><body>\
         <article><h1>{company} Hosts Investor Webinar on {antigen} CAR-T Research in {disease}</h1>\
         <p>BOSTON, Feb. 10, 2026 /PRNewswire/ -- {company} today hosted a webinar for investors on {antigen}-directed cell therapy research in {disease}, with independent investigators reviewing published work in the field (webinar {i}).</p>\
         <p>The company continues to enroll patients at sites in the United States, Europe and China, and expects to report further data at a medical meeting.</p>\
         <h2>Forward-Looking Statements</h2><p>This press release contains forward-looking statements that involve risks.</p>\
         </article></body></html>"
    )
}

/// Generated release `i` as a fetched HTML page.
fn page(i: usize) -> FetchedPage {
    html_page(i, release(i))
}

/// Page `i` of the search bench: a release, or every [`NEWS_EVERY`]th a news item.
fn search_page(i: usize) -> FetchedPage {
    html_page(i, if i % NEWS_EVERY == NEWS_EVERY - 1 { news(i) } else { release(i) })
}

fn html_page(i: usize, html: String) -> FetchedPage {
    FetchedPage {
        url: format!("bench://release/{i}"),
        bytes: html.into_bytes(),
        content_type: Some("text/html".into()),
    }
}

/// Ingest speed against its floor, measured in the same run: the bare one-core HTML parse
/// (html5ever and the body's text), each stage alone on one core, then the whole pipeline
/// (parse and extract on every core, store with its batch syncs, index) into a throw-away
/// data folder. Pages come from `pages` (a folder) or are `docs` generated releases.
pub(crate) fn run(docs: usize, pages_dir: Option<&Path>) -> Result<ExitCode> {
    use biowire_pipeline::measure;
    let pages: Vec<FetchedPage> = match pages_dir {
        Some(dir) => measure::load_pages(dir)?,
        None => (0..docs.max(1)).map(page).collect(),
    };
    if pages.is_empty() {
        anyhow::bail!(
            "no .html or .html.gz pages in `{}`",
            pages_dir.map(Path::display).map(|d| d.to_string()).unwrap_or_default()
        );
    }
    let n = pages.len();
    let html_bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let extractor = Extractor::builtin();
    // Warm both paths once (page cache, allocator, lazily compiled patterns).
    measure::floor(&pages[..n.min(20)]);
    for p in &pages[..n.min(20)] {
        if let Ok(p) = biowire_parse::parse(p) {
            extractor.extract_with_mentions(&p.document);
        }
    }
    // Best of three rounds each, floor and pipeline taking turns: on a shared machine one
    // round can be slowed by a neighbour, and the best round is what the code can do.
    let mut floor = f64::INFINITY;
    let mut best: Option<biowire_pipeline::Stats> = None;
    let mut documents = 0;
    for _ in 0..ROUNDS {
        floor = floor.min(measure::floor(&pages).as_secs_f64());
        let (stats, indexed) = ingest_round(&extractor, &pages)?;
        documents = indexed;
        if best.as_ref().is_none_or(|b| stats.wall < b.wall) {
            best = Some(stats);
        }
    }
    let stats = best.expect("at least one round");

    let t = Instant::now();
    let parsed: Vec<_> = pages.iter().filter_map(|p| biowire_parse::parse(p).ok()).collect();
    let parse_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut records = 0;
    for p in &parsed {
        records += extractor.extract_with_mentions(&p.document).0.len();
    }
    let extract_secs = t.elapsed().as_secs_f64();
    drop(parsed);

    let rate = |secs: f64| n as f64 / secs.max(1e-9);
    println!(
        "{n} {} pages, {:.1} KB HTML on average, {records} records; {} cores",
        if pages_dir.is_some() { "HTML" } else { "generated" },
        html_bytes as f64 / n as f64 / 1e3,
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );
    println!("{:<34} {:>10} {:>10}", "one core, alone", "pages/s", "× floor");
    for (name, secs) in
        [("floor (html5ever parse + body text)", floor), ("parse", parse_secs), ("extract", extract_secs)]
    {
        println!("{name:<34} {:>10.0} {:>10.2}", rate(secs), floor / secs.max(1e-9));
    }
    println!("\npipeline, every core (busy time per stage):\n{}", stats.table());
    println!(
        "ingest: {:.0} pages/s = {:.2} × the one-core floor ({} commits, {} documents)",
        stats.per_second(),
        stats.per_second() / rate(floor),
        stats.commits,
        documents
    );
    Ok(ExitCode::SUCCESS)
}

/// Rounds of the ingest bench; the best is reported.
const ROUNDS: usize = 3;

/// One ingest of `pages` through the pipeline into a throw-away data folder: its stats and
/// the documents the index then holds.
fn ingest_round(extractor: &Extractor, pages: &[FetchedPage]) -> Result<(biowire_pipeline::Stats, usize)> {
    use biowire_pipeline::{Input, Job, Options, Sink, Stages};
    struct Quiet;
    impl Sink<()> for Quiet {}
    let pages = pages.to_vec();
    // Removed when dropped, also when a stage fails part-way.
    let scratch = tempfile::Builder::new().prefix("biowire-bench-").tempdir()?;
    let index = Index::open_or_create(&crate::paths::index_dir(scratch.path()))?;
    let store = DocStore::open_for_writing(&crate::paths::store_dir(scratch.path()))?;
    let stages = Stages {
        extractor,
        writer: index.writer()?,
        store: Some(&store),
        accept: &biowire_pipeline::accept_all,
    };
    // As `biowire ingest` runs it.
    let options = Options::default();
    let ((), stats) = biowire_pipeline::run(stages, &options, &mut Quiet, |feeder| {
        for p in pages {
            if feeder.send(Job { input: Input::Page(p), tag: () }).is_err() {
                break;
            }
        }
    })?;
    Ok((stats, index.counts()?.0))
}

/// Indexes `docs` generated releases (one in ten a news item found only by its mentions, as
/// ingest indexes it), then times each kind of query the way `/api/search` runs it: the
/// page of hits and the total, on queries normalized as the CLI and the server do. Prints
/// index size, ingest rate and latency percentiles. With `keep`, the index is built in
/// `keep` instead of a temporary folder, for `biowire serve` and `scripts/load-test`.
pub(crate) fn search(docs: usize, keep: Option<&Path>) -> Result<ExitCode> {
    use biowire_index::query_lang::parse;
    use biowire_index::Query;
    let docs = docs.max(1);
    let extractor = Extractor::builtin();
    // Removed when dropped, also when a stage fails part-way.
    let scratch = tempfile::Builder::new().prefix("biowire-bench-").tempdir()?;
    let dir = match keep {
        Some(dir) => {
            // Never on top of an index someone built: this one is generated.
            if dir.exists() {
                anyhow::bail!("{} already exists; the bench index goes into a new folder", dir.display());
            }
            dir.to_path_buf()
        }
        None => scratch.path().join("index"),
    };
    let index = Index::open_or_create(&dir)?;
    let t = Instant::now();
    let mut records = 0;
    {
        let mut writer = index.writer()?;
        for i in 0..docs {
            let p = biowire_parse::parse(&search_page(i))?;
            let (recs, mentions) = extractor.extract_with_mentions(&p.document);
            records += recs.len();
            writer.add_with_mentions(&p.document, &recs, &mentions)?;
            if (i + 1) % 10_000 == 0 {
                writer.commit()?;
                eprintln!("indexed {}/{docs}", i + 1);
            }
        }
        writer.commit()?;
    }
    let ingest = t.elapsed().as_secs_f64();
    let size: u64 = std::fs::read_dir(&dir)?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    println!(
        "{docs} releases indexed in {ingest:.1} s ({:.0} docs/s), {records} records, index {:.1} MB",
        docs as f64 / ingest,
        size as f64 / 1e6
    );
    // The first run counts the total; later ones, before the next commit, reuse it (see
    // `Index::search_with_total`), so it is shown apart from the percentiles of the rest.
    println!(
        "{:<26} {:>7} {:>9} {:>9} {:>8} {:>8} {:>8}",
        "query (200 runs)", "hits", "total", "first ms", "p50 ms", "p99 ms", "max ms"
    );
    // (name, query, records only, facets)
    let kinds: [(&str, &str, bool, bool); 8] = [
        ("free text", "enroll patients", false, false),
        ("antigen+disease", "antigen:BCMA disease:\"multiple myeloma\"", false, false),
        ("antigen+disease records", "antigen:BCMA disease:\"multiple myeloma\"", true, false),
        // scripts/load-test's query: one release in six.
        ("antigen+disease broad", "antigen:CD19 disease:lupus", false, false),
        ("antigen, then mentions", "antigen:CD22", false, false),
        ("antigen+disease mixed", "antigen:CD22 disease:\"myasthenia gravis\"", false, false),
        ("mentions only", "antigen:CD7", false, false),
        ("facets", "antigen:CD19", false, true),
    ];
    for (name, text, records_only, facets) in kinds {
        let expr = parse(text).map_err(|e| anyhow::anyhow!("{e}"))?;
        let expr = expr.map(|e| crate::query::normalize(extractor.terms(), e, false)).transpose()?;
        let query = Query { expr, limit: Some(20), records_only, ..Query::default() };
        let (mut hits, mut total) = (0, 0);
        let mut times = Vec::with_capacity(200);
        for _ in 0..200 {
            let t = Instant::now();
            if facets {
                std::hint::black_box(index.facets(&query, 10)?);
            } else {
                let (found, all) = std::hint::black_box(index.search_with_total(&query)?);
                (hits, total) = (found.len(), all);
            }
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let first = times.remove(0);
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        let (hits, total) =
            if facets { ("-".into(), "-".into()) } else { (hits.to_string(), total.to_string()) };
        println!(
            "{name:<26} {hits:>7} {total:>9} {first:>9.2} {:>8.2} {:>8.2} {:>8.2}",
            pct(0.5),
            pct(0.99),
            times[times.len() - 1]
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Crawls `pages` generated releases from a newsroom served on 127.0.0.1 with politeness
/// delays at zero, and reports pages/s end to end (fetch, parse, extract, index) and the
/// process's peak memory.
pub(crate) fn crawl(pages: usize, store: Option<&str>, workers: usize) -> Result<ExitCode> {
    let pages = pages.max(1);
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let feed = {
        let items: String =
            (0..pages).map(|i| format!("<item><link>http://{addr}/news/{i}</link></item>")).collect();
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bench</title>{items}</channel></rss>")
    };
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()
        else {
            return;
        };
        rt.block_on(serve_newsroom(listener, feed));
    });
    // Removed when dropped, also when a stage fails part-way.
    let scratch = tempfile::Builder::new().prefix("biowire-bench-").tempdir()?;
    let dir = scratch.path();
    let config = biowire_fetch::config::parse(&config_text(addr, pages), &dir.join("bench.toml"))?;
    if let Some(url) = store {
        return crawl_shared(url, workers.max(1), &config_text(addr, pages), dir);
    }
    let t = Instant::now();
    let summary = crate::crawl::pass(&config, None, dir)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} pages crawled in {secs:.1} s: {:.0} pages/s end to end; {} new documents, {} records, {} errors; peak memory {}",
        summary.fetched,
        summary.fetched as f64 / secs.max(1e-9),
        summary.new_documents,
        summary.new_records,
        summary.errors.values().sum::<usize>(),
        peak_memory().unwrap_or_else(|| "unknown".into())
    );
    Ok(ExitCode::SUCCESS)
}

fn config_text(addr: std::net::SocketAddr, pages: usize) -> String {
    format!("[crawl]\ndelay_ms = 0\n\n[[source]]\nname = \"bench\"\nkind = \"rss\"\nurl = \"http://{addr}/feed.xml\"\nmax_pages = {pages}\n")
}

/// The crawl bench on a shared store: `workers` processes of this binary crawl the local
/// newsroom into the store together; one pass, timed from the first start to the last exit.
fn crawl_shared(url: &str, workers: usize, config: &str, dir: &Path) -> Result<ExitCode> {
    let path = dir.join("bench.toml");
    std::fs::write(&path, config).with_context(|| format!("failed to write `{}`", path.display()))?;
    let exe = std::env::current_exe().context("cannot find this binary to start workers")?;
    let t = Instant::now();
    let children = (0..workers)
        .map(|i| {
            std::process::Command::new(&exe)
                .arg("--store")
                .arg(url)
                .arg("--data-dir")
                .arg(dir.join(format!("worker{i}")))
                .args(["crawl", "--format", "json", "--config"])
                .arg(&path)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .context("failed to start a worker")
        })
        .collect::<Result<Vec<_>>>()?;
    let mut fetched = Vec::new();
    for child in children {
        let out = child.wait_with_output()?;
        anyhow::ensure!(out.status.success(), "a worker failed ({})", out.status);
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        fetched.push(summary["fetched"].as_u64().unwrap_or(0));
    }
    let secs = t.elapsed().as_secs_f64();
    let total: u64 = fetched.iter().sum();
    println!(
        "{total} pages crawled into the store by {workers} workers in {secs:.1} s: {:.0} pages/s end to end (per worker: {})",
        total as f64 / secs.max(1e-9),
        fetched.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// A minimal HTTP/1.1 server: `/feed.xml`, `/robots.txt` (404) and `/news/N` releases.
async fn serve_newsroom(listener: std::net::TcpListener, feed: String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    let feed = std::sync::Arc::new(feed);
    while let Ok((mut sock, _)) = listener.accept().await {
        let feed = feed.clone();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            let mut got = 0;
            while !buf[..got].windows(4).any(|w| w == b"\r\n\r\n") && got < buf.len() {
                match sock.read(&mut buf[got..]).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => got += n,
                }
            }
            let request = String::from_utf8_lossy(&buf[..got]);
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = if path == "/feed.xml" {
                ("200 OK", feed.as_bytes().to_vec())
            } else if let Some(i) = path.strip_prefix("/news/").and_then(|n| n.parse::<usize>().ok()) {
                ("200 OK", release(i).into_bytes())
            } else {
                ("404 Not Found", Vec::new())
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&body).await;
        });
    }
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
