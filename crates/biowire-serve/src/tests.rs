use super::*;
use biowire_core::{Document, Milestone, MilestoneKind, Record, RECORD_SCHEMA};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn record(doc: &Document, product: &str, antigen: &str, date: &str) -> Record {
    Record {
        schema: RECORD_SCHEMA.into(),
        id: Record::stable_id(&doc.content_sha256, Some(product), MilestoneKind::IndCleared),
        document: doc.to_ref(),
        company: Some("Acme Bio, Inc.".into()),
        product: Some(product.into()),
        product_aliases: vec![],
        modality: None,
        cell_source: None,
        targets: vec![antigen.into()],
        indications: vec!["multiple myeloma".into()],
        milestone: Milestone {
            kind: MilestoneKind::IndCleared,
            date: Some(date.into()),
            phase: None,
            trial_id: None,
            authority: None,
        },
        evidence: vec![],
    }
}

/// An index with two records, one of them under a hostile title, served on 127.0.0.1:0.
async fn server() -> (tempfile::TempDir, std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let s = server_with(ServeOptions::default()).await;
    (s.dir, s.addr, s.stop)
}

/// A running test server.
struct Served {
    dir: tempfile::TempDir,
    addr: std::net::SocketAddr,
    /// Sending (or dropping) it starts the graceful shutdown.
    stop: tokio::sync::oneshot::Sender<()>,
    /// `serve_with`'s result.
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// As [`server`], with these options, keeping the server's task.
async fn server_with(options: ServeOptions) -> Served {
    serve_index(options, |w| {
        let mut a = Document::new("file:///a", "Acme cleared AB-1 for myeloma.".into());
        a.title = Some("<script>alert(1)</script> Acme news".into());
        let b = Document::new("file:///b", "Beta cleared BB-2.".into());
        // Its headline also names CD19, which no record carries: a mention.
        let cd19 = biowire_core::Mention {
            kind: biowire_core::MentionKind::Antigen,
            value: "CD19".into(),
            zone: biowire_core::Zone::Headline,
            start: 0,
            end: 4,
            subject: true,
        };
        w.add_with_mentions(&a, &[record(&a, "AB-1", "BCMA", "2026-02-10")], &[cd19]).unwrap();
        w.add(&b, &[record(&b, "BB-2", "GPRC5D", "2025-11-01")]).unwrap();
    })
    .await
}

/// Serves a new index filled by `fill`.
async fn serve_index(options: ServeOptions, fill: impl FnOnce(&mut biowire_index::Writer<'_>)) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    {
        let mut w = index.writer().unwrap();
        fill(&mut w);
        w.commit().unwrap();
    }
    // Normalization as the binary does it, reduced to what the test needs.
    let normalize: Normalize = Arc::new(|e| match e {
        Expr::Field(f, v) if f == "antigen" && v == "TNFRSF17" => Ok(Expr::Field(f, "BCMA".into())),
        Expr::Field(f, v) if f == "milestone" && v == "bogus" => Err("unknown milestone kind `bogus`".into()),
        other => Ok(other),
    });
    let state = AppState::new(index, normalize);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = rx.await;
    };
    let done = tokio::spawn(serve_with(listener, state, shutdown, options));
    Served { dir, addr, stop, done }
}

/// A minimal HTTP/1.1 GET: status and body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let reply =
        send(addr, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).await;
    (reply.status, reply.body)
}

/// A response as the tests read it.
#[derive(Debug)]
struct Reply {
    status: u16,
    /// Header names lowercased, in order.
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON; panics (failing the test) when it is not.
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }

    /// Asserts a JSON error with this status, and returns its message.
    fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.header("content-type"), Some("application/json"), "{self:?}");
        let v = self.json();
        assert_eq!(v.as_object().map(|o| o.len()), Some(1), "only `error`: {self:?}");
        v["error"].as_str().unwrap_or_else(|| panic!("no error message: {self:?}")).to_string()
    }
}

fn parse_reply(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no response head: {text:?}"));
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply { status, headers, body: body.to_string() }
}

/// Sends raw bytes on a new connection and reads the response until the server closes it.
async fn send(addr: std::net::SocketAddr, request: &str) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    parse_reply(&raw)
}

#[tokio::test]
async fn api_search_records_facets_and_health() {
    let (_dir, addr, stop) = server().await;
    let (status, body) = get(addr, "/healthz").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((v["documents"].as_u64(), v["records"].as_u64()), (Some(2), Some(2)));

    let (status, body) = get(addr, "/api/search?q=antigen:TNFRSF17&facets=true").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    assert_eq!(v["hits"][0]["record"]["product"], "AB-1");
    assert_eq!(v["facets"]["antigen"][0][0], "BCMA");
    assert_eq!(v["timeline"], serde_json::json!([["2026-02", 1]]));
    assert_eq!((v["total"].as_u64(), v["undated"].as_u64()), (Some(1), Some(0)));
    // The total counts every hit, past the limit.
    let (_, body) = get(addr, "/api/search?limit=1").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    assert_eq!(v["total"], 2, "{body}");

    let (status, body) = get(addr, "/api/records?q=date:%3C2026&format=jsonl").await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("\"BB-2\""));

    let (status, body) = get(addr, "/api/facets").await;
    assert_eq!(status, 200);
    assert!(body.contains("GPRC5D") && !body.contains("CD19"), "{body}");
    let (status, body) = get(addr, "/api/facets?count=mentions").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["antigen"], serde_json::json!([["CD19", 1]]), "{body}");
    let (status, body) = get(addr, "/api/facets?count=everything").await;
    assert_eq!(status, 400);
    assert!(body.contains("use records or mentions"), "{body}");
    let _ = stop.send(());
}

#[tokio::test]
async fn errors_are_json_with_proper_status() {
    let (_dir, addr, stop) = server().await;
    let (status, body) = get(addr, "/api/search?q=antigen:CD19%20(lupus").await;
    assert_eq!(status, 400);
    assert!(body.contains("\"error\"") && body.contains("unclosed parenthesis"), "{body}");
    let (status, body) = get(addr, "/api/search?q=milestone:bogus").await;
    assert_eq!(status, 400);
    assert!(body.contains("unknown milestone kind"), "{body}");
    let long = "a".repeat(MAX_QUERY_CHARS + 1);
    let (status, _) = get(addr, &format!("/api/search?q={long}")).await;
    assert_eq!(status, 400);
    let (status, _) = get(addr, "/api/records?format=xml").await;
    assert_eq!(status, 400);
    let (status, body) = get(addr, "/nope").await;
    assert_eq!(status, 404);
    assert!(body.contains("no such route"));
    let _ = stop.send(());
}

#[tokio::test]
async fn page_is_served_and_inserts_release_text_as_text() {
    let (_dir, addr, stop) = server().await;
    /// Status line and headers (lowercased), and the body.
    async fn raw(addr: std::net::SocketAddr, path: &str) -> (String, String) {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        (head.to_lowercase(), body.to_string())
    }
    for (path, script, style) in [("/", "page.js", "page.css"), ("/doc/abcdef12", "doc.js", "doc.css")] {
        let (head, html) = raw(addr, path).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        // Only the page's own files run: nothing inline for the policy to block.
        assert!(
            head.contains(
                "content-security-policy: default-src 'none'; script-src 'self'; style-src 'self'; \
                 connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; \
                 form-action 'self'\r\n"
            ),
            "{head}"
        );
        assert!(html.contains(&format!("<script src=\"/assets/{script}\" defer></script>")), "{html}");
        assert!(html.contains(&format!("<link rel=\"stylesheet\" href=\"/assets/{style}\">")), "{html}");
        // The shared helpers, then the page's own script; nothing inline.
        assert!(html.contains("<script src=\"/assets/common.js\" defer></script>"), "{html}");
        assert_eq!(html.matches("<script").count(), 2, "no inline script: {html}");
        assert!(!html.contains("<style") && !html.contains("style="), "no inline style: {html}");
        let lower = html.to_lowercase();
        assert!(!lower.contains(" onclick") && !lower.contains(" onload") && !lower.contains(" onsubmit"));
        let (head, js) = raw(addr, &format!("/assets/{script}")).await;
        assert!(head.starts_with("http/1.1 200") && head.contains("content-type: text/javascript"), "{head}");
        // The pages build results with textContent only; a title with markup stays text.
        assert!(
            js.contains("/api/") && !js.contains("innerHTML"),
            "the page must not insert HTML from the API"
        );
        let (head, common) = raw(addr, "/assets/common.js").await;
        assert!(head.starts_with("http/1.1 200") && common.contains("function httpUrl"), "{head}");
        assert!(!common.contains("innerHTML"));
        let (head, _) = raw(addr, &format!("/assets/{style}")).await;
        assert!(head.starts_with("http/1.1 200") && head.contains("content-type: text/css"), "{head}");
    }
    let (status, body) = get(addr, "/").await;
    assert_eq!(status, 200);
    assert!(body.contains("<title>biowire</title>"));
    let (status, _) = get(addr, "/assets/nope.js").await;
    assert_eq!(status, 404);
    let (_, api) = get(addr, "/api/search?q=acme").await;
    assert!(api.contains("<script>alert(1)</script>"), "the API returns the title as data: {api}");
    let _ = stop.send(());
}

#[tokio::test]
async fn bad_parameters_are_json_400s_that_name_the_parameter_and_value() {
    let (_dir, addr, stop) = server().await;
    for (path, message) in [
        ("/api/search?limit=abc", "limit `abc`: expected a whole number from 1 to 200"),
        ("/api/search?limit=-1", "limit `-1`: expected a whole number from 1 to 200"),
        ("/api/search?limit=0", "limit `0`: expected a whole number from 1 to 200"),
        ("/api/search?limit=201", "limit `201`: expected a whole number from 1 to 200"),
        ("/api/search?facets=yes", "facets `yes`: expected true or false"),
        ("/api/search?records_only=1", "records_only `1`: expected true or false"),
        ("/api/facets?limit=abc", "limit `abc`: expected a whole number from 1 to 200"),
        ("/api/search?sort=oldest", "sort `oldest`: use best or date"),
        ("/api/records?format=xml", "format `xml`: use json or jsonl"),
    ] {
        let reply =
            send(addr, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).await;
        assert_eq!(reply.error(400), message, "{path}");
    }
    // A long value is quoted cut short.
    let reply = send(
        addr,
        &format!(
            "GET /api/search?limit={} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "9".repeat(500)
        ),
    )
    .await;
    assert_eq!(
        reply.error(400),
        format!("limit `{}…`: expected a whole number from 1 to 200", "9".repeat(64))
    );
    // A parameter twice is axum's Query rejection, made JSON.
    let reply = send(
        addr,
        "GET /api/search?limit=1&limit=2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    let message = reply.error(400);
    assert!(message.contains("duplicate field `limit`"), "{message}");
    // Good values still work.
    let (status, body) = get(addr, "/api/search?limit=200&facets=false&records_only=true").await;
    assert_eq!(status, 200, "{body}");
    let _ = stop.send(());
}

#[tokio::test]
async fn axum_and_hyper_limits_answer_in_json() {
    let (_dir, addr, stop) = server().await;
    // A route asked with the wrong method: 405, JSON, `Allow` kept, security headers still set.
    let reply = send(
        addr,
        "POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(reply.error(405), "method POST is not allowed on /api/search");
    assert_eq!(reply.header("allow"), Some("GET,HEAD"), "{reply:?}");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{reply:?}");
    // A path parameter axum cannot decode: its text/plain rejection becomes JSON.
    let reply = send(addr, "GET /api/doc/%FF HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await;
    let message = reply.error(400);
    assert!(!message.is_empty(), "{reply:?}");
    // A request target over 8 KiB: 414 in JSON, not hyper's empty one.
    let long = format!("/api/search?q={}", "a".repeat(MAX_URI_BYTES));
    let reply =
        send(addr, &format!("GET {long} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).await;
    let message = reply.error(414);
    assert!(message.contains(&format!("the limit is {MAX_URI_BYTES}")), "{message}");
    // One header over 32 KiB of header block: 431 in JSON.
    let big = "b".repeat(MAX_HEADER_BYTES + 1);
    let reply = send(
        addr,
        &format!("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    let message = reply.error(431);
    assert!(message.contains(&format!("the limit is {MAX_HEADER_BYTES}")), "{message}");
    // More header fields than the limit: 431 in JSON (hyper alone would answer an empty 431
    // from 101 fields on).
    let many: String = (0..MAX_HEADERS + 5).map(|i| format!("X-H{i}: v\r\n")).collect();
    let reply =
        send(addr, &format!("GET /healthz HTTP/1.1\r\nHost: localhost\r\n{many}Connection: close\r\n\r\n"))
            .await;
    let message = reply.error(431);
    assert!(message.contains(&format!("the limit is {MAX_HEADERS}")), "{message}");
    // Just under the limits is served.
    let fine = "b".repeat(MAX_HEADER_BYTES / 2);
    let reply = send(
        addr,
        &format!("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: {fine}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let _ = stop.send(());
}

/// Reads until the server closes the connection; panics if it has not within `within`.
async fn read_until_closed(s: &mut tokio::net::TcpStream, within: Duration) -> Vec<u8> {
    let mut raw = Vec::new();
    match tokio::time::timeout(within, s.read_to_end(&mut raw)).await {
        Ok(Ok(_)) => raw,
        // A reset is a close too.
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => raw,
        Ok(Err(e)) => panic!("read failed: {e}"),
        Err(_) => panic!("the server kept the connection open for {within:?}; read so far: {raw:?}"),
    }
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed_after_the_header_timeout() {
    let timeout = Duration::from_millis(200);
    let s = server_with(ServeOptions { header_read_timeout: timeout, ..ServeOptions::default() }).await;
    // Half a request line, then nothing.
    let mut half = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    half.write_all(b"GET /healthz HT").await.unwrap();
    // Nothing at all.
    let mut idle = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    // A served request, then an idle kept-alive connection.
    let mut kept = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    let started = std::time::Instant::now();
    for (name, conn) in [("half", &mut half), ("idle", &mut idle)] {
        let raw = read_until_closed(conn, Duration::from_secs(3)).await;
        // hyper closes without a response; a 408 would do as well.
        assert!(
            raw.is_empty() || raw.starts_with(b"HTTP/1.1 408"),
            "{name}: {:?}",
            String::from_utf8_lossy(&raw)
        );
    }
    let raw = read_until_closed(&mut kept, Duration::from_secs(3)).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "the request was served before the idle close: {text}");
    let waited = started.elapsed();
    assert!(
        waited >= timeout - Duration::from_millis(50),
        "closed after the timeout, not at once: {waited:?}"
    );
    // The server still serves.
    let (status, _) = get(s.addr, "/healthz").await;
    assert_eq!(status, 200);
    let _ = s.stop.send(());
}

#[tokio::test]
async fn connections_over_the_bound_wait_until_one_closes() {
    let s = server_with(ServeOptions { max_connections: 2, ..ServeOptions::default() }).await;
    // Two connections take both slots (they send nothing; the timeout is the default 10 s).
    let first = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let _second = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    // A third one connects (the kernel's backlog), but is not served ...
    let mut third = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    third.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(early.is_err(), "the third connection was served while two held the bound: {early:?}");
    // ... until one of the two closes.
    drop(first);
    let raw = read_until_closed(&mut third, Duration::from_secs(3)).await;
    let reply = parse_reply(&raw);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["status"], "ok");
    let _ = s.stop.send(());
}

#[tokio::test]
async fn shutdown_stops_accepting_closes_idle_connections_and_finishes_requests_in_flight() {
    let s = server_with(ServeOptions::default()).await;
    // An idle kept-alive connection after one response, and one that has sent nothing.
    let mut kept = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = kept.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{:?}", String::from_utf8_lossy(&buf[..n]));
    let mut silent = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    // A request in flight: its head half sent when the shutdown starts.
    let mut slow = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = s.stop.send(());
    tokio::time::sleep(Duration::from_millis(100)).await;
    // New connections are refused once the listener is closed.
    assert!(tokio::net::TcpStream::connect(s.addr).await.is_err(), "still accepting after shutdown");
    // Idle connections are closed at once, well before the 10 s header timeout.
    for (name, conn) in [("kept", &mut kept), ("silent", &mut silent)] {
        let raw = read_until_closed(conn, Duration::from_secs(2)).await;
        assert!(raw.is_empty(), "{name}: {:?}", String::from_utf8_lossy(&raw));
    }
    // The request in flight is answered, then its connection closed.
    assert!(!s.done.is_finished(), "serve returned with a request in flight");
    slow.write_all(b"\r\n").await.unwrap();
    let reply = parse_reply(&read_until_closed(&mut slow, Duration::from_secs(2)).await);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.header("connection"), Some("close"), "{reply:?}");
    assert_eq!(reply.json()["status"], "ok");
    // And serve returns.
    let done = tokio::time::timeout(Duration::from_secs(2), s.done).await.expect("serve returned");
    done.unwrap().unwrap();
    drop(s.dir);
}

/// GET as [`send`] reads it.
async fn fetch(addr: std::net::SocketAddr, path: &str) -> Reply {
    send(addr, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).await
}

/// 25 releases with one record each, on 2026-01-01 to 2026-01-25 in an order unlike their ids.
async fn records_server() -> Served {
    serve_index(ServeOptions::default(), |w| {
        for i in 0..25 {
            let d = Document::new(format!("file:///r{i}"), format!("Release {i} cleared XY-{i}."));
            let date = format!("2026-01-{:02}", (i * 7) % 25 + 1);
            let antigen = if i % 2 == 0 { "BCMA" } else { "GPRC5D" };
            w.add(&d, &[record(&d, &format!("XY-{i}"), antigen, &date)]).unwrap();
        }
    })
    .await
}

#[tokio::test]
async fn records_come_in_pages_that_union_to_all_of_them() {
    let s = records_server().await;
    // One page holds everything by default: `next` is null, no cursor header.
    let reply = fetch(s.addr, "/api/records").await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let all = reply.json();
    assert_eq!(all["next"], serde_json::Value::Null, "{all}");
    assert_eq!(reply.header(NEXT_CURSOR), None);
    let all: Vec<String> =
        all["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(all.iter().collect::<std::collections::HashSet<_>>().len(), 25, "25 distinct records");
    // The export order: oldest first.
    let reply = fetch(s.addr, "/api/records?limit=3").await;
    let v = reply.json();
    let dates: Vec<&str> =
        v["records"].as_array().unwrap().iter().map(|r| r["milestone"]["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-01-01", "2026-01-02", "2026-01-03"]);

    // JSON pages of 4.
    let (mut paged, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/records?limit=4&cursor={c}"),
            None => "/api/records?limit=4".to_string(),
        };
        let reply = fetch(s.addr, &path).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        let v = reply.json();
        let records = v["records"].as_array().unwrap();
        assert!(records.len() <= 4);
        paged.extend(records.iter().map(|r| r["id"].as_str().unwrap().to_string()));
        pages += 1;
        assert_eq!(reply.header(NEXT_CURSOR), v["next"].as_str(), "header and body agree");
        match v["next"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        assert!(pages < 20, "paging does not end");
    }
    assert_eq!(pages, 7, "25 records in pages of 4");
    assert_eq!(paged, all, "the pages are the whole export, in order, none twice");

    // JSON Lines pages of 10, the cursor in X-Next-Cursor.
    let (mut lines, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/records?format=jsonl&limit=10&cursor={c}"),
            None => "/api/records?format=jsonl&limit=10".to_string(),
        };
        let reply = fetch(s.addr, &path).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
        for line in reply.body.lines() {
            let r: serde_json::Value = serde_json::from_str(line).unwrap();
            lines.push(r["id"].as_str().unwrap().to_string());
        }
        pages += 1;
        match reply.header(NEXT_CURSOR) {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        assert!(pages < 20, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(lines, all);

    // A filter pages over its own matches.
    let reply = fetch(s.addr, "/api/records?q=antigen:BCMA&limit=5").await;
    let v = reply.json();
    assert_eq!(v["records"].as_array().unwrap().len(), 5);
    let reply =
        fetch(s.addr, &format!("/api/records?q=antigen:BCMA&limit=5&cursor={}", v["next"].as_str().unwrap()))
            .await;
    let v = reply.json();
    assert_eq!(v["records"].as_array().unwrap().len(), 5);
    let reply =
        fetch(s.addr, &format!("/api/records?q=antigen:BCMA&limit=5&cursor={}", v["next"].as_str().unwrap()))
            .await;
    let v = reply.json();
    assert_eq!(v["records"].as_array().unwrap().len(), 3, "13 BCMA records");
    assert_eq!(v["next"], serde_json::Value::Null);
    let _ = s.stop.send(());
}

#[tokio::test]
async fn bad_record_pages_are_json_400s() {
    let s = records_server().await;
    for (path, message) in [
        ("/api/records?limit=10001", "limit `10001`: expected a whole number from 1 to 10000"),
        ("/api/records?limit=0", "limit `0`: expected a whole number from 1 to 10000"),
        ("/api/records?cursor=xyz", "cursor `xyz`: not a cursor from this API (pass `next` back unchanged)"),
        // Hex, but not a key.
        (
            "/api/records?cursor=00ff",
            "cursor `00ff`: not a cursor from this API (pass `next` back unchanged)",
        ),
    ] {
        assert_eq!(fetch(s.addr, path).await.error(400), message, "{path}");
    }
    let (status, _) = get(s.addr, "/api/records?limit=10000").await;
    assert_eq!(status, 200);
    let _ = s.stop.send(());
}
