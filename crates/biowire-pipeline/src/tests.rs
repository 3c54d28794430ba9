use super::*;
use biowire_index::Index;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

fn page(url: &str, n: usize) -> Input {
    let text = format!(
        "Acme Bio Doses First Patient In Study {n}\n\nBOSTON, Feb. 10, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the first patient has been dosed with AB-{n:03}, an autologous CD19-directed CAR-T cell therapy, in patients with systemic lupus erythematosus.\n"
    );
    Input::Page(FetchedPage {
        url: url.into(),
        bytes: text.into_bytes(),
        content_type: Some("text/plain".into()),
    })
}

/// Remembers what the pipeline told it, and checks what is durable when it is told so.
struct Recorder<'a> {
    index: &'a Index,
    store: &'a DocStore,
    processed: Vec<usize>,
    batches: Vec<Vec<(usize, Outcome)>>,
    sent: Option<Arc<AtomicUsize>>,
    in_flight: usize,
    fail_at_batch: Option<usize>,
    /// False for a reindex, which writes no store.
    check_store: bool,
}

impl<'a> Recorder<'a> {
    fn new(index: &'a Index, store: &'a DocStore) -> Self {
        Recorder {
            index,
            store,
            processed: vec![],
            batches: vec![],
            sent: None,
            in_flight: 64,
            fail_at_batch: None,
            check_store: true,
        }
    }
}

impl Sink<usize> for Recorder<'_> {
    fn processed(&mut self, tag: &usize, _: &Outcome, _: &[String]) {
        if let Some(sent) = &self.sent {
            // Job `tag` holds its slot until now; the jobs before it gave theirs back.
            let sent = sent.load(Ordering::SeqCst);
            assert!(sent <= tag + self.in_flight, "{sent} jobs sent while job {tag} was in the writer");
        }
        self.processed.push(*tag);
    }

    fn committed(&mut self, batch: Vec<(usize, Outcome)>) -> Result<(), BoxError> {
        if self.fail_at_batch == Some(self.batches.len()) {
            return Err("the sink's disk is full".into());
        }
        let current = self.store.current()?.unwrap_or_default();
        for (tag, outcome) in batch.iter().filter(|_| self.check_store) {
            if let Outcome::Added { outcome: AddOutcome::New | AddOutcome::Updated, .. } = outcome {
                let url = format!("file:///r/{tag}");
                let c = current.iter().find(|c| c.url == url || c.also_at.contains(&url));
                let c = c.unwrap_or_else(|| panic!("{url} is not in the store's catalog at its commit"));
                assert!(self.store.get(&c.sha)?.is_some(), "{url}'s document is not stored");
                assert!(self.index.has_document(&c.sha)?, "{url} is not in the index at its commit");
            }
        }
        self.batches.push(batch);
        Ok(())
    }
}

fn setup() -> (tempfile::TempDir, Index, DocStore) {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    let store = DocStore::open_for_writing(&dir.path().join("documents")).unwrap();
    (dir, index, store)
}

/// The stages of a plain ingest into `index` and `store`.
fn stages<'a>(extractor: &'a Extractor, index: &'a Index, store: &'a DocStore) -> Stages<'a, usize> {
    Stages { extractor, writer: index.writer().unwrap(), store: Some(store), accept: &accept_all }
}

fn options(workers: usize, commit_every: usize) -> Options {
    Options { workers, in_flight: 4, commit_every, commit_interval: Duration::from_secs(60) }
}

#[test]
fn jobs_come_out_in_the_order_they_went_in_and_are_durable_when_committed() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let mut sink = Recorder::new(&index, &store);
    let stages = stages(&extractor, &index, &store);
    let ((), stats) = run(stages, &options(3, 7), &mut sink, |feeder| {
        for n in 0..40 {
            feeder.send(Job { input: page(&format!("file:///r/{n}"), n), tag: n }).unwrap();
        }
    })
    .unwrap();
    assert_eq!(sink.processed, (0..40).collect::<Vec<_>>());
    let committed: Vec<usize> = sink.batches.iter().flatten().map(|(t, _)| *t).collect();
    assert_eq!(committed, (0..40).collect::<Vec<_>>());
    assert_eq!(sink.batches.iter().map(Vec::len).collect::<Vec<_>>(), [7, 7, 7, 7, 7, 5]);
    assert!(sink
        .batches
        .iter()
        .flatten()
        .all(|(_, o)| matches!(o, Outcome::Added { outcome: AddOutcome::New, records: 1 })));
    assert_eq!((stats.jobs, stats.parsed, stats.extracted, stats.indexed), (40, 40, 40, 40));
    assert_eq!(index.counts().unwrap(), (40, 40));
}

#[test]
fn the_last_version_of_a_url_wins_whatever_the_workers_finish_first() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let mut sink = Recorder::new(&index, &store);
    let stages = stages(&extractor, &index, &store);
    run(stages, &options(4, 1000), &mut sink, |feeder| {
        for n in 0..30 {
            feeder.send(Job { input: page("file:///r/0", n), tag: 0 }).unwrap();
        }
    })
    .unwrap();
    assert_eq!(index.counts().unwrap(), (1, 1));
    let current = store.current().unwrap().unwrap();
    assert_eq!(current.len(), 1);
    let doc = store.get(&current[0].sha).unwrap().unwrap();
    assert!(doc.text.contains("AB-029"), "{}", doc.text);
}

#[test]
fn the_feeder_waits_while_the_writer_holds_every_slot() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let sent = Arc::new(AtomicUsize::new(0));
    let mut sink = Recorder::new(&index, &store);
    sink.sent = Some(sent.clone());
    sink.in_flight = 4;
    let stages = stages(&extractor, &index, &store);
    run(stages, &options(2, 5), &mut sink, |feeder| {
        for n in 0..50 {
            feeder.send(Job { input: page(&format!("file:///r/{n}"), n), tag: n }).unwrap();
            sent.fetch_add(1, Ordering::SeqCst);
        }
    })
    .unwrap();
    assert_eq!(sink.processed.len(), 50);
}

#[test]
fn declined_and_unparsable_pages_are_reported_in_place_and_not_stored() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let mut sink = Recorder::new(&index, &store);
    let accept = |tag: &usize, _: &mut Document| *tag != 1;
    let stages = Stages {
        extractor: &extractor,
        writer: index.writer().unwrap(),
        store: Some(&store),
        accept: &accept,
    };
    run(stages, &options(2, 100), &mut sink, |feeder| {
        feeder.send(Job { input: page("file:///r/0", 0), tag: 0 }).unwrap();
        feeder.send(Job { input: page("file:///r/1", 1), tag: 1 }).unwrap();
        let empty = FetchedPage {
            url: "file:///r/2".into(),
            bytes: b"   ".to_vec(),
            content_type: Some("text/plain".into()),
        };
        feeder.send(Job { input: Input::Page(empty), tag: 2 }).unwrap();
    })
    .unwrap();
    let outcomes: Vec<&Outcome> = sink.batches.iter().flatten().map(|(_, o)| o).collect();
    assert!(matches!(outcomes[0], Outcome::Added { .. }));
    assert_eq!(outcomes[1], &Outcome::Declined);
    assert!(matches!(outcomes[2], Outcome::Failed(m) if m.contains("file:///r/2")), "{:?}", outcomes[2]);
    assert_eq!(index.counts().unwrap().0, 1);
    assert_eq!(store.documents().unwrap().len(), 1);
}

#[test]
fn a_quiet_feeder_still_gets_its_pages_committed_on_time() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let mut sink = Recorder::new(&index, &store);
    let stages = stages(&extractor, &index, &store);
    let opts = Options { commit_interval: Duration::from_millis(50), ..options(1, 1000) };
    let seen = run(stages, &opts, &mut sink, |feeder| {
        feeder.send(Job { input: page("file:///r/0", 0), tag: 0 }).unwrap();
        // Long enough for the writer's timer, with no job arriving meanwhile.
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until && !index.has_document(&sha_of_first(&store)).unwrap_or(false) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let seen = !sha_of_first(&store).is_empty();
        feeder.send(Job { input: page("file:///r/1", 1), tag: 1 }).unwrap();
        seen
    })
    .unwrap()
    .0;
    assert!(seen, "the first page was not committed while the feeder waited");
    assert_eq!(sink.batches.len(), 2);
}

fn sha_of_first(store: &DocStore) -> String {
    store.current().ok().flatten().and_then(|c| c.first().map(|c| c.sha.clone())).unwrap_or_default()
}

#[test]
fn a_failing_sink_stops_the_feeder_and_keeps_what_was_committed() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let mut sink = Recorder::new(&index, &store);
    sink.fail_at_batch = Some(1);
    let stages = stages(&extractor, &index, &store);
    let mut sent = 0;
    let err = run(stages, &options(2, 3), &mut sink, |feeder| {
        for n in 0..1000 {
            if feeder.send(Job { input: page(&format!("file:///r/{n}"), n), tag: n }).is_err() {
                break;
            }
            sent += 1;
        }
    })
    .unwrap_err();
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert!(sent < 1000, "the feeder was not told the pipeline stopped");
    assert_eq!(sink.batches.len(), 1);
    // The second batch reached the index before the sink failed; nothing of the first is lost.
    assert!(index.counts().unwrap().0 >= 3);
}

#[test]
fn documents_of_a_reindex_are_extracted_without_parsing_or_storing() {
    let (_dir, index, store) = setup();
    let extractor = Extractor::builtin();
    let mut sink = Recorder::new(&index, &store);
    sink.check_store = false;
    let stages =
        Stages { extractor: &extractor, writer: index.writer().unwrap(), store: None, accept: &accept_all };
    let Input::Page(p) = page("file:///r/0", 0) else { unreachable!() };
    let doc = biowire_parse::parse(&p).unwrap().document;
    let ((), stats) = run(stages, &options(1, 10), &mut sink, |f| {
        f.send(Job { input: Input::Document(doc), tag: 0 }).unwrap()
    })
    .unwrap();
    assert_eq!((stats.parsed, stats.extracted), (0, 1));
    assert_eq!(index.counts().unwrap(), (1, 1));
    assert!(store.documents().unwrap().is_empty());
}
