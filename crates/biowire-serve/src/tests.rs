use super::*;
use biowire_core::{Document, Milestone, MilestoneKind, Record, RECORD_SCHEMA};
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
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    {
        let mut w = index.writer().unwrap();
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
        };
        w.add_with_mentions(&a, &[record(&a, "AB-1", "BCMA", "2026-02-10")], &[cd19]).unwrap();
        w.add(&b, &[record(&b, "BB-2", "GPRC5D", "2025-11-01")]).unwrap();
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
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, state, async move {
        let _ = rx.await;
    }));
    (dir, addr, tx)
}

/// A minimal HTTP/1.1 GET: status and body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
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
    let (status, body) = get(addr, "/").await;
    assert_eq!(status, 200);
    assert!(body.contains("<title>biowire</title>") && body.contains("/api/search"));
    // The page builds results with textContent only; a title with markup stays text.
    assert!(!body.contains("innerHTML"), "the page must not insert HTML from the API");
    let (_, api) = get(addr, "/api/search?q=acme").await;
    assert!(api.contains("<script>alert(1)</script>"), "the API returns the title as data: {api}");
    let _ = stop.send(());
}
