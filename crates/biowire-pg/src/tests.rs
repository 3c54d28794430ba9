//! These tests need a PostgreSQL server: `BIOWIRE_TEST_PG` is the URL of a database the
//! tests may create databases from (`.ci/run` starts a throw-away cluster and sets it). Each
//! test works in a database of its own. Without the variable they are skipped with a message,
//! unless `CI` is set: there a missing server is a failure.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// A URL of the server with another database in its path.
pub(crate) fn with_database(base: &str, name: &str) -> String {
    let (head, query) = base.split_once('?').map_or((base, None), |(h, q)| (h, Some(q)));
    let (scheme, rest) = head.split_once("://").expect("BIOWIRE_TEST_PG is a postgres:// URL");
    let authority = rest.split('/').next().unwrap_or_default();
    let mut url = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

/// A new empty database, or `None` (test skipped) when no server is configured.
async fn fresh_database() -> Option<String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let Ok(base) = std::env::var("BIOWIRE_TEST_PG") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs BIOWIRE_TEST_PG (a PostgreSQL URL) for these tests"
        );
        eprintln!("skipped: BIOWIRE_TEST_PG is not set");
        return None;
    };
    let name = format!("biowire_unit_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let (client, connection) = tokio_postgres::connect(&base, NoTls).await.expect("BIOWIRE_TEST_PG connects");
    tokio::spawn(connection);
    // One statement per call: CREATE DATABASE cannot run in the implicit transaction of a batch.
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).await.unwrap();
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    Some(with_database(&base, &name))
}

fn urls(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("https://news.example/r/{i:02}")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_workers_never_hold_one_url_and_a_dead_workers_leases_come_back() {
    let Some(url) = fresh_database().await else { return };
    let (a, b) = tokio::join!(PgStore::connect(&url, "a"), PgStore::connect(&url, "b"));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.enqueue("wire", &urls(10), Duration::from_secs(60)).await.unwrap(), 10);
    let (ca, cb) = tokio::join!(a.claim(4, Duration::from_secs(60)), b.claim(4, Duration::from_secs(60)));
    let (ca, cb) = (ca.unwrap(), cb.unwrap());
    assert_eq!((ca.len(), cb.len()), (4, 4));
    assert!(ca.iter().all(|c| !cb.iter().any(|d| d.url == c.url)), "{ca:?} {cb:?}");
    // `b` dies holding its four; `a` takes the last two, then, once the leases end, b's.
    let short = b.claim(2, Duration::from_millis(300)).await.unwrap();
    assert_eq!(short.len(), 2);
    assert!(a.claim(10, Duration::from_secs(60)).await.unwrap().is_empty());
    let wait = a.next_lease_end().await.unwrap().expect("leases are held");
    assert!(wait <= Duration::from_millis(300), "{wait:?}");
    tokio::time::sleep(wait + Duration::from_millis(50)).await;
    let taken = a.claim(10, Duration::from_secs(60)).await.unwrap();
    let mut got: Vec<&str> = taken.iter().map(|c| c.url.as_str()).collect();
    got.sort();
    let mut want: Vec<&str> = short.iter().map(|c| c.url.as_str()).collect();
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listed_url_is_fetched_again_only_after_the_refetch_time() {
    let Some(url) = fresh_database().await else { return };
    let s = PgStore::connect(&url, "w").await.unwrap();
    s.enqueue("wire", &urls(2), Duration::from_secs(60)).await.unwrap();
    for c in s.claim(5, Duration::from_secs(60)).await.unwrap() {
        let v = Validators { etag: Some("\"e\"".into()), last_modified: None };
        s.finish(&c.url, Finished::Seen { validators: &v, bytes_sha256: Some("ab"), status: "ok" })
            .await
            .unwrap();
    }
    assert_eq!(s.enqueue("wire", &urls(3), Duration::from_secs(60)).await.unwrap(), 1, "only the new one");
    let c = s.claim(5, Duration::from_secs(60)).await.unwrap();
    assert_eq!(c.len(), 1);
    s.finish(&c[0].url, Finished::Failed { message: "HTTP 503", retry_in: Duration::from_secs(3600) })
        .await
        .unwrap();
    assert!(s.claim(5, Duration::from_secs(60)).await.unwrap().is_empty(), "a failure backs off");
    assert_eq!(
        s.enqueue("wire", &urls(3), Duration::ZERO).await.unwrap(),
        2,
        "the fetched ones are due again"
    );
    let again = s.claim(5, Duration::from_secs(60)).await.unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(again[0].validators.etag.as_deref(), Some("\"e\""), "validators kept for a conditional GET");
    assert_eq!(again[0].bytes_sha256.as_deref(), Some("ab"));
}

fn doc(url: &str, text: &str) -> Document {
    Document::new(url, text.to_string())
}

fn record(d: &Document, product: &str) -> Record {
    let mut r: Record = serde_json::from_value(serde_json::json!({
        "schema": biowire_core::RECORD_SCHEMA,
        "id": "",
        "document": d.to_ref(),
        "company": null,
        "product": product,
        "modality": null,
        "cell_source": null,
        "targets": [],
        "indications": [],
        "milestone": { "kind": "first_patient_dosed", "date": null, "phase": null, "trial_id": null, "authority": null },
        "evidence": [],
    }))
    .unwrap_or_else(|e| panic!("a minimal record: {e}"));
    r.id = format!("{}-{product}", &d.content_sha256[..8]);
    r
}

#[tokio::test(flavor = "multi_thread")]
async fn documents_are_upserted_by_id_and_followers_read_changes_in_order() {
    let Some(url) = fresh_database().await else { return };
    let s = PgStore::connect(&url, "w").await.unwrap();
    let seen = (&Validators::default(), "00");
    let first = doc("https://a.example/1", "Acme doses first patient with AB-1.");
    let r1 = record(&first, "AB-1");
    assert_eq!(
        s.put_document("https://a.example/1", seen, &first, std::slice::from_ref(&r1), &[]).await.unwrap(),
        Stored::New
    );
    assert_eq!(
        s.put_document("https://a.example/1", seen, &first, std::slice::from_ref(&r1), &[]).await.unwrap(),
        Stored::Unchanged
    );
    let copy = doc("https://b.example/copy", "Acme doses first patient with AB-1.");
    assert_eq!(
        s.put_document("https://b.example/copy", seen, &copy, &[record(&copy, "AB-1")], &[]).await.unwrap(),
        Stored::Merged
    );
    // The copy's URL joins the release's document and records; the records stay named by the
    // first URL (the worker that found the copy made them from the copy).
    match &s.changes(0, 100).await.unwrap()[..] {
        [Change::Put { document, records, .. }] => {
            assert_eq!(document.also_at, ["https://b.example/copy"]);
            assert_eq!(records[0].document.url, "https://a.example/1");
            assert_eq!(records[0].document.also_at, ["https://b.example/copy"]);
        }
        other => panic!("{other:?}"),
    }
    let newer = doc("https://a.example/1", "Acme doses first patient with AB-1 and AB-2.");
    let (r2, r3) = (record(&newer, "AB-1"), record(&newer, "AB-2"));
    assert_eq!(
        s.put_document("https://a.example/1", seen, &newer, &[r2, r3.clone()], &[]).await.unwrap(),
        Stored::Updated
    );
    let counts = s.counts().await.unwrap();
    assert_eq!((counts.documents, counts.records), (1, 2), "{counts:?}");
    let changes = s.changes(0, 100).await.unwrap();
    let numbers: Vec<i64> = changes.iter().map(Change::number).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    assert!(matches!(&changes[0], Change::Deleted { id, .. } if *id == first.content_sha256), "{changes:?}");
    match &changes[1] {
        Change::Put { document, records, .. } => {
            assert_eq!(document.content_sha256, newer.content_sha256);
            assert_eq!(records.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    // A reindex updates records in place, under their ids, as a new change.
    let mut changed = r3;
    changed.product = Some("AB-2b".into());
    assert!(s.replace_records(&newer.content_sha256, &[changed], &[]).await.unwrap());
    let after = s.changes(numbers[1], 100).await.unwrap();
    match &after[..] {
        [Change::Put { records, .. }] => assert_eq!(records[0].product.as_deref(), Some("AB-2b")),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.counts().await.unwrap().records, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn turns_at_a_host_are_a_delay_apart_whichever_worker_books_them() {
    let Some(url) = fresh_database().await else { return };
    let (a, b) = tokio::join!(PgStore::connect(&url, "a"), PgStore::connect(&url, "b"));
    let (a, b) = (std::sync::Arc::new(a.unwrap()), std::sync::Arc::new(b.unwrap()));
    let delay = Duration::from_millis(100);
    let mut tasks = Vec::new();
    for i in 0..10 {
        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            let asked = Instant::now();
            asked + s.book("https://news.example", delay).await
        }));
    }
    let mut slots = Vec::new();
    for t in tasks {
        slots.push(t.await.unwrap());
    }
    slots.sort();
    for w in slots.windows(2) {
        // Clock reads on two connections differ by well under 10 ms.
        assert!(w[1] - w[0] >= Duration::from_millis(90), "{:?}", w[1] - w[0]);
    }
    assert!(a.cached_robots("https://news.example").await.is_none());
    b.save_robots("https://news.example", Some(b"User-agent: *\nDisallow: /x\n")).await;
    assert_eq!(
        a.cached_robots("https://news.example").await,
        Some(Some(b"User-agent: *\nDisallow: /x\n".to_vec()))
    );
    b.save_robots("https://none.example", None).await;
    assert_eq!(a.cached_robots("https://none.example").await, Some(None));
}
