//! Many crawl workers on one PostgreSQL store (issue 12), black-box: three `biowire crawl`
//! processes against a local newsroom that misbehaves (a 503, a 404, a slow page, a robots.txt
//! rule), then one of them killed mid-pass. The newsroom logs every request it is sent, so the
//! tests count fetches per URL and measure the pause between two requests to the host.
//!
//! They need a PostgreSQL server: `BIOWIRE_TEST_PG` is the URL of a database on it from which
//! the tests may create their own (`.ci/run` starts a throw-away cluster with
//! `scripts/pg-scratch` and sets it). Without it they are skipped with a message, unless `CI`
//! is set, where a missing server fails them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Releases the newsroom lists; each names product `AB-<n>`.
const RELEASES: u32 = 12;
/// Always 404: no document.
const GONE: u32 = 5;
/// 503 on the first request, then the page: retried by the worker that holds it.
const FLAKY: u32 = 3;
/// Takes a second to answer.
const SLOW: u32 = 7;
/// The pause the configuration asks between two requests to the host.
const DELAY_MS: u64 = 150;

/// A new empty database on the test server, or `None` when there is no server (skipped).
fn fresh_database() -> Option<String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let Ok(base) = std::env::var("BIOWIRE_TEST_PG") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs BIOWIRE_TEST_PG (a PostgreSQL URL) for these tests"
        );
        eprintln!("skipped: BIOWIRE_TEST_PG is not set (see scripts/pg-scratch)");
        return None;
    };
    let name = format!("biowire_cli_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let (client, connection) =
            tokio_postgres::connect(&base, tokio_postgres::NoTls).await.expect("BIOWIRE_TEST_PG connects");
        tokio::spawn(connection);
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).await.unwrap();
        client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    });
    let (head, query) = base.split_once('?').map_or((base.as_str(), None), |(h, q)| (h, Some(q)));
    let authority = head.split_once("://").unwrap().1.split('/').next().unwrap().to_string();
    Some(format!("postgres://{authority}/{name}{}", query.map(|q| format!("?{q}")).unwrap_or_default()))
}

fn release(n: u32) -> String {
    format!(
        "<html><head><title>Acme Doses First Patient With AB-{n} in Lupus</title></head><body><article>\
         <p>BOSTON, March {n}, 2026 /PRNewswire/ -- Acme Bio, Inc. (Nasdaq: ACME) today announced that the first \
         patient has been dosed with AB-{n}, an allogeneic CD19-directed CAR-T cell therapy, in lupus.</p></article></body></html>"
    )
}

/// The newsroom: one host on 127.0.0.1, every request logged with the time it arrived.
struct Newsroom {
    base: String,
    log: Arc<Mutex<Vec<(String, Instant)>>>,
}

impl Newsroom {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
        let (shared_log, feed_base) = (log.clone(), base.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, base) = (shared_log.clone(), feed_base.clone());
                std::thread::spawn(move || answer(stream, &log, &base));
            }
        });
        Newsroom { base, log }
    }

    /// Requests per path.
    fn counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for (p, _) in self.log.lock().unwrap().iter() {
            *out.entry(p.clone()).or_default() += 1;
        }
        out
    }

    /// The shortest pause between two requests the host was sent.
    fn shortest_gap(&self) -> Duration {
        let mut times: Vec<Instant> = self.log.lock().unwrap().iter().map(|(_, t)| *t).collect();
        times.sort();
        times.windows(2).map(|w| w[1] - w[0]).min().unwrap_or(Duration::MAX)
    }

    fn config(&self, dir: &Path, lease_secs: u64) -> PathBuf {
        let path = dir.join("crawl.toml");
        std::fs::write(
            &path,
            format!(
                "[crawl]\ndelay_ms = {DELAY_MS}\nconcurrency = 2\nretries = 2\ntimeout_secs = 5\n\n\
                 [store]\nurl = \"postgres://ignored-the-flag-wins/\"\nlease_secs = {lease_secs}\n\n\
                 [[source]]\nname = \"wire\"\nkind = \"rss\"\nurl = \"{}/feed.xml\"\n",
                self.base
            ),
        )
        .unwrap();
        path
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<(String, Instant)>>, base: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let arrived = Instant::now();
    // The rest of the head.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
            break;
        }
    }
    let seen_before = {
        let mut log = log.lock().unwrap();
        let before = log.iter().filter(|(p, _)| *p == path).count();
        log.push((path.clone(), arrived));
        before
    };
    let (status, ctype, body) = match path.as_str() {
        "/robots.txt" => ("200 OK", "text/plain", "User-agent: *\nDisallow: /private/\n".to_string()),
        "/feed.xml" => {
            let mut items: String =
                (1..=RELEASES).map(|n| format!("<item><link>{base}/news/{n}</link></item>")).collect();
            items.push_str(&format!("<item><link>{base}/private/99</link></item>"));
            let feed = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>{items}</channel></rss>");
            ("200 OK", "application/rss+xml", feed)
        }
        p => match p.strip_prefix("/news/").and_then(|n| n.parse::<u32>().ok()) {
            Some(GONE) => ("404 Not Found", "text/plain", "gone".to_string()),
            Some(FLAKY) if seen_before == 0 => ("503 Service Unavailable", "text/plain", "busy".to_string()),
            Some(n) if (1..=RELEASES).contains(&n) => {
                std::thread::sleep(Duration::from_millis(if n == SLOW { 1000 } else { 100 }));
                ("200 OK", "text/html; charset=utf-8", release(n))
            }
            _ => ("404 Not Found", "text/plain", "no such page".to_string()),
        },
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn worker(store: &str, config: &Path, data: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_biowire"))
        .args([
            "--store",
            store,
            "--data-dir",
            data.to_str().unwrap(),
            "crawl",
            "--format",
            "json",
            "--config",
        ])
        .arg(config)
        .env_remove("BIOWIRE_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> serde_json::Value {
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a worker failed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The products of the records a read node finds in the store, with how often each is there.
fn products_in(store: &str, data: &Path) -> BTreeMap<String, usize> {
    let out = Command::new(env!("CARGO_BIN_EXE_biowire"))
        .args(["--store", store, "--data-dir", data.to_str().unwrap(), "export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut products = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        *products.entry(v["product"].as_str().unwrap_or_default().to_string()).or_default() += 1;
    }
    products
}

fn expected_products() -> BTreeMap<String, usize> {
    (1..=RELEASES).filter(|n| *n != GONE).map(|n| (format!("AB-{n}"), 1)).collect()
}

#[test]
fn three_workers_fetch_every_release_once_at_the_hosts_pace() {
    let Some(store) = fresh_database() else { return };
    let newsroom = Newsroom::start();
    let dir = tempfile::tempdir().unwrap();
    let config = newsroom.config(dir.path(), 60);
    let workers: Vec<Child> =
        (0..3).map(|i| worker(&store, &config, &dir.path().join(format!("worker{i}")))).collect();
    let summaries: Vec<serde_json::Value> = workers.into_iter().map(finish).collect();

    let counts = newsroom.counts();
    for n in 1..=RELEASES {
        let want = if n == FLAKY { 2 } else { 1 };
        assert_eq!(counts.get(&format!("/news/{n}")), Some(&want), "/news/{n}: {counts:?}");
    }
    assert_eq!(counts.get("/private/99"), None, "robots.txt is obeyed: {counts:?}");
    assert_eq!(counts.get("/robots.txt"), Some(&1), "one worker reads robots.txt for all: {counts:?}");
    assert_eq!(counts.get("/feed.xml"), Some(&3), "each worker reads its listing: {counts:?}");
    let gap = newsroom.shortest_gap();
    assert!(gap >= Duration::from_millis(DELAY_MS * 8 / 10), "two requests {gap:?} apart: {counts:?}");

    let total = |key: &str| summaries.iter().map(|s| s[key].as_u64().unwrap()).sum::<u64>();
    assert_eq!(total("new_documents"), u64::from(RELEASES - 1), "{summaries:?}");
    assert_eq!(total("skipped_by_robots"), 1, "{summaries:?}");
    assert_eq!(total("fetched"), u64::from(RELEASES - 1), "{summaries:?}");
    assert!(
        summaries.iter().filter(|s| s["fetched"].as_u64().unwrap() > 0).count() >= 2,
        "the work was shared: {summaries:?}"
    );

    // Read nodes: any number of data folders follow the one store.
    assert_eq!(products_in(&store, &dir.path().join("reader1")), expected_products());
    assert_eq!(products_in(&store, &dir.path().join("worker0")), expected_products());

    // A reindex re-extracts the store's documents: the records keep their ids, updated in
    // place, and read nodes see the same records afterwards.
    let ids = |data: &Path| {
        let out = biowire(&store, data, &["export", "--format", "jsonl"]);
        let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string()
            })
            .collect();
        ids.sort();
        ids
    };
    let before_reindex = ids(&dir.path().join("reader1"));
    let out = biowire(&store, &dir.path().join("reader1"), &["reindex"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("re-extracted {} documents", RELEASES - 1))
    );
    assert_eq!(ids(&dir.path().join("reader1")), before_reindex);
    assert_eq!(ids(&dir.path().join("reader2")), before_reindex);

    // A second pass right after fetches nothing again.
    let before = newsroom.counts();
    let again = finish(worker(&store, &config, &dir.path().join("worker0")));
    assert_eq!(again["fetched"], 0, "{again}");
    let after = newsroom.counts();
    assert!(after.keys().filter(|k| k.starts_with("/news/")).all(|k| after[k] == before[k]), "{after:?}");
}

#[test]
fn a_worker_killed_mid_pass_loses_nothing_and_doubles_nothing() {
    let Some(store) = fresh_database() else { return };
    let newsroom = Newsroom::start();
    let dir = tempfile::tempdir().unwrap();
    let config = newsroom.config(dir.path(), 2);
    let mut victim = worker(&store, &config, &dir.path().join("victim"));
    let others: Vec<Child> =
        (0..2).map(|i| worker(&store, &config, &dir.path().join(format!("worker{i}")))).collect();
    // Killed once it holds claims (the feed is read and a few releases are in flight).
    let started = Instant::now();
    while newsroom.counts().keys().filter(|k| k.starts_with("/news/")).count() < 3 {
        assert!(started.elapsed() < Duration::from_secs(30), "the workers never started fetching");
        std::thread::sleep(Duration::from_millis(20));
    }
    victim.kill().unwrap();
    let _ = victim.wait();
    let summaries: Vec<serde_json::Value> = others.into_iter().map(finish).collect();

    let counts = newsroom.counts();
    for n in (1..=RELEASES).filter(|n| *n != GONE) {
        assert!(
            counts.get(&format!("/news/{n}")).is_some_and(|c| *c >= 1),
            "/news/{n} never fetched: {counts:?}"
        );
    }
    // Only what the dead worker held (at most its batch of 2 × concurrency) is fetched twice.
    let twice: usize = (1..=RELEASES)
        .map(|n| {
            counts.get(&format!("/news/{n}")).copied().unwrap_or(0).saturating_sub(if n == FLAKY {
                2
            } else {
                1
            })
        })
        .sum();
    assert!(twice <= 4, "{twice} extra fetches: {counts:?}");
    assert_eq!(products_in(&store, &dir.path().join("reader")), expected_products(), "{summaries:?}");
}

fn biowire(store: &str, data: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_biowire"))
        .args(["--store", store, "--data-dir", data.to_str().unwrap()])
        .args(args)
        .env_remove("BIOWIRE_LOG")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Hits of `/api/search?q=QUERY` on a local server, or `None` while it does not answer.
fn hits(addr: &str, query: &str) -> Option<usize> {
    let mut s = TcpStream::connect(addr).ok()?;
    write!(s, "GET /api/search?q={query} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut body = String::new();
    std::io::Read::read_to_string(&mut s, &mut body).ok()?;
    let json = body.split_once("\r\n\r\n")?.1;
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    Some(v["total"].as_u64()? as usize)
}

#[test]
fn a_serving_read_node_follows_the_store_and_forget_reaches_every_node() {
    let Some(store) = fresh_database() else { return };
    let newsroom = Newsroom::start();
    let dir = tempfile::tempdir().unwrap();
    let config = newsroom.config(dir.path(), 60);
    finish(worker(&store, &config, &dir.path().join("worker")));
    // A read node that serves: it follows the store on its own.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let reader = dir.path().join("server");
    let _server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_biowire"))
            .args(["--store", &store, "--data-dir", reader.to_str().unwrap(), "serve", "--addr", &addr])
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let wait_for = |want: usize| {
        let started = Instant::now();
        loop {
            if hits(&addr, "product:AB-2") == Some(want) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "the read node never showed {want} hits");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(1);
    let other = dir.path().join("other");
    assert_eq!(products_in(&store, &other).get("AB-2"), Some(&1));
    let release = format!("{}/news/2", newsroom.base);
    let out = biowire(&store, &dir.path().join("worker"), &["forget", &release]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    wait_for(0);
    assert_eq!(products_in(&store, &other).get("AB-2"), None, "a node that syncs later drops it too");
    let stats = biowire(&store, &other, &["stats", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["store"]["documents"], u64::from(RELEASES - 2), "{stats}");
    assert_eq!(stats["documents"], u64::from(RELEASES - 2), "{stats}");
    let missing = biowire(&store, &other, &["forget", &release]);
    assert!(!missing.status.success() && String::from_utf8_lossy(&missing.stderr).contains("no release"));
}

/// A server process that ends with the test, also when the test fails.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
