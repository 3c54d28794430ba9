use super::*;
use query_lang::parse;

fn q(text: &str) -> Query {
    Query { expr: parse(text).unwrap(), ..Query::default() }
}
use biowire_core::{Milestone, MilestoneKind, RECORD_SCHEMA};

fn doc(url: &str, text: &str) -> Document {
    let mut d = Document::new(url, text.to_string());
    d.title = Some(format!("Title of {url}"));
    d.published = Some("2026-02-10".into());
    d
}

fn record(d: &Document, product: &str, antigen: &str, disease: &str, date: &str) -> Record {
    Record {
        schema: RECORD_SCHEMA.into(),
        id: Record::stable_id(&d.content_sha256, Some(product), MilestoneKind::FirstPatientDosed),
        document: d.to_ref(),
        company: Some("Acme Bio, Inc.".into()),
        product: Some(product.into()),
        product_aliases: vec![],
        modality: None,
        cell_source: None,
        targets: vec![antigen.into()],
        indications: vec![disease.into()],
        milestone: Milestone {
            kind: MilestoneKind::FirstPatientDosed,
            date: Some(date.into()),
            phase: None,
            trial_id: None,
            authority: None,
        },
        evidence: vec![],
    }
}

fn filled() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    fill(&index);
    (dir, index)
}

fn fill(index: &Index) {
    let a = doc("file:///a", "Acme dosed a lupus patient with AB-101.");
    let b = doc("file:///b", "Beta dosed a myeloma patient with BB-2.");
    let c = doc("file:///c", "Gamma reports quarterly results.");
    let mut w = index.writer().unwrap();
    assert_eq!(
        w.add(&a, &[record(&a, "AB-101", "CD19", "systemic lupus erythematosus", "2026-01-05")]).unwrap(),
        AddOutcome::New
    );
    assert_eq!(
        w.add(&b, &[record(&b, "BB-2", "BCMA", "multiple myeloma", "2025-06")]).unwrap(),
        AddOutcome::New
    );
    assert_eq!(w.add(&c, &[]).unwrap(), AddOutcome::New);
    w.commit().unwrap();
}

#[test]
fn filters_are_exact_and_free_text_finds_releases_without_records() {
    let (_dir, index) = filled();
    let search = |query: &str| index.search(&q(query)).unwrap();
    let hits = search("antigen:CD19");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].record.as_ref().unwrap().product.as_deref(), Some("AB-101"));
    let hits = search("disease:myeloma");
    assert_eq!(hits.len(), 1, "a word inside a disease name matches");
    let hits = search("quarterly");
    assert_eq!(hits.len(), 1);
    assert!(hits[0].record.is_none());
    assert!(hits[0].snippet.contains("quarterly"), "{}", hits[0].snippet);
    let (a, b) = hits[0].highlights[0];
    let word: String = hits[0].snippet.chars().skip(a).take(b - a).collect();
    assert_eq!(word, "quarterly");
    // English stemming: another form of the word finds the release.
    assert_eq!(search("dosing lupus").len(), 1, "\"dosing\" finds \"dosed\"");
    assert_eq!(
        index.search(&Query::default()).unwrap().len(),
        3,
        "two records and one release without records"
    );
    assert_eq!(search("NOT antigen:CD19").len(), 1, "NOT keeps the other record only");
    assert_eq!(search("antigen:CD19 OR disease:\"multiple myeloma\"").len(), 2);
}

#[test]
fn date_ranges_include_partial_dates() {
    let (_dir, index) = filled();
    let since = index.search(&q("date:>=2026-01-01")).unwrap();
    assert_eq!(since.len(), 1);
    let until = index.search(&q("date:<=2025-06")).unwrap();
    assert_eq!(until.len(), 1);
    assert_eq!(until[0].record.as_ref().unwrap().product.as_deref(), Some("BB-2"));
}

#[test]
fn a_url_added_twice_before_a_commit_is_one_release_the_later_version() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).unwrap();
    let mut w = index.writer().unwrap();
    let (v1, v2) = (doc("file:///a", "first version"), doc("file:///a", "second version"));
    assert_eq!(w.add(&v1, &[record(&v1, "AB-1", "CD19", "lupus", "2026-02-10")]).unwrap(), AddOutcome::New);
    assert_eq!(
        w.add(&v2, &[record(&v2, "AB-2", "CD19", "lupus", "2026-02-10")]).unwrap(),
        AddOutcome::Updated
    );
    w.commit().unwrap();
    assert_eq!(index.counts().unwrap(), (1, 1));
    assert!(index.has_document(&v2.content_sha256).unwrap());
    assert!(!index.has_document(&v1.content_sha256).unwrap());
}

#[test]
fn same_content_is_unchanged_and_new_content_replaces_the_url() {
    let (_dir, index) = filled();
    let mut w = index.writer().unwrap();
    let a = doc("file:///a", "Acme dosed a lupus patient with AB-101.");
    assert_eq!(w.add(&a, &[]).unwrap(), AddOutcome::Unchanged);
    let a2 = doc("file:///a", "Acme dosed a second lupus patient.");
    assert_eq!(w.add(&a2, &[]).unwrap(), AddOutcome::Updated);
    w.commit().unwrap();
    drop(w);
    assert_eq!(index.counts().unwrap(), (3, 1));
}

#[test]
fn the_same_release_at_two_urls_is_one_document_listing_both() {
    let (_dir, index) = filled();
    let mut w = index.writer().unwrap();
    let mut copy = doc("file:///a", "Acme dosed a lupus patient with AB-101.");
    copy.url = "https://wire.example/a".into();
    assert_eq!(w.add(&copy, &[]).unwrap(), AddOutcome::Merged);
    assert_eq!(w.add(&copy, &[]).unwrap(), AddOutcome::Unchanged, "the same URL again changes nothing");
    w.commit().unwrap();
    drop(w);
    assert_eq!(index.counts().unwrap(), (3, 2), "no unit was duplicated");
    let merged = index.search(&q("product:AB-101")).unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].document.also_at, ["https://wire.example/a"]);
    assert_eq!(merged[0].record.as_ref().unwrap().document.also_at, ["https://wire.example/a"]);
}

#[test]
fn export_is_sorted_and_second_writer_is_refused() {
    let (dir, index) = filled();
    let all = index.records(&Query::default()).unwrap();
    let products: Vec<_> = all.iter().map(|r| r.product.clone().unwrap()).collect();
    assert_eq!(products, ["BB-2", "AB-101"]);
    let _held = index.writer().unwrap();
    let other = Index::open(&dir.path().join("index")).unwrap();
    assert!(matches!(other.writer(), Err(Error::Locked(_))));
}

#[test]
fn missing_index_is_a_clear_error() {
    let err = Index::open(Path::new("/no/such/index")).err().unwrap();
    assert!(err.to_string().contains("run `biowire ingest` first"));
}

#[test]
fn facets_count_matching_records() {
    let (_dir, index) = filled();
    let all = index.facets(&Query::default(), 10).unwrap();
    assert_eq!(all["antigen"], [("BCMA".to_string(), 1), ("CD19".to_string(), 1)]);
    assert_eq!(all["company"], [("Acme Bio, Inc.".to_string(), 2)]);
    assert_eq!(all["milestone"], [("first_patient_dosed".to_string(), 2)]);
    let lupus = index.facets(&q("disease:lupus"), 10).unwrap();
    assert_eq!(lupus["antigen"], [("CD19".to_string(), 1)]);
}

#[test]
fn words_are_words_not_tantivy_syntax() {
    let (_dir, index) = filled();
    // Characters that mean something to tantivy's parser are searched as text.
    for text in ["title:(unclosed", "a AND", "[x TO", "AB-101^2"] {
        let query = Query { expr: Some(Expr::Text(text.into())), ..Query::default() };
        assert!(index.search(&query).is_ok(), "{text}");
    }
}

#[test]
fn a_page_showing_another_pages_release_loses_its_old_version() {
    let (_dir, index) = filled();
    let mut w = index.writer().unwrap();
    let a_now = doc("file:///a", "Beta dosed a myeloma patient with BB-2.");
    assert_eq!(w.add(&a_now, &[]).unwrap(), AddOutcome::Merged);
    w.commit().unwrap();
    drop(w);
    assert_eq!(index.counts().unwrap(), (2, 1));
    assert!(index.search(&q("antigen:CD19")).unwrap().is_empty());
    let hits = index.search(&q("antigen:BCMA")).unwrap();
    assert_eq!(hits[0].document.also_at, ["file:///a"]);
}

#[test]
fn a_folder_of_segments_without_meta_is_refused_not_overwritten() {
    let (dir, index) = filled();
    drop(index);
    let path = dir.path().join("index");
    std::fs::remove_file(path.join("meta.json")).unwrap();
    let files = std::fs::read_dir(&path).unwrap().count();
    for err in [Index::open_or_create(&path).err(), Index::open(&path).err()] {
        let err = err.expect("refused").to_string();
        assert!(err.contains("no `meta.json`") && err.contains("reindex"), "{err}");
    }
    assert_eq!(std::fs::read_dir(&path).unwrap().count(), files, "nothing was removed");
}

#[test]
fn damage_inside_any_segment_file_is_found_on_open() {
    let (dir, index) = filled();
    drop(index);
    let path = dir.path().join("index");
    let segment_files: Vec<PathBuf> = std::fs::read_dir(&path)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name().unwrap().to_string_lossy().starts_with('.')
                && p.extension().is_some_and(|e| e != "json")
        })
        .collect();
    assert!(segment_files.len() >= 5, "{segment_files:?}");
    for f in &segment_files {
        let original = std::fs::read(f).unwrap();
        let mut damaged = original.clone();
        let mid = damaged.len() / 2;
        damaged[mid] ^= 0xff;
        std::fs::write(f, &damaged).unwrap();
        let err = Index::open(&path).err().unwrap_or_else(|| panic!("damage in {} not found", f.display()));
        let msg = err.to_string();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        assert!(msg.contains(&name) && msg.contains("reindex"), "{msg}");
        std::fs::remove_file(f).unwrap();
        let msg = Index::open(&path).err().expect("a missing file is found").to_string();
        assert!(msg.contains(&name) && msg.contains("reindex"), "{msg}");
        std::fs::write(f, &original).unwrap();
    }
    Index::open(&path).expect("restored files open again");
}

#[test]
fn a_folder_left_by_a_kill_during_creation_is_created_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    std::fs::create_dir_all(&path).unwrap();
    // What tantivy writes before meta.json when it creates an index.
    std::fs::write(path.join(".managed.json"), b"[]").unwrap();
    std::fs::write(path.join(".tantivy-meta.lock"), b"").unwrap();
    let index = Index::open_or_create(&path).expect("no segment files: nothing to keep");
    assert_eq!(index.counts().unwrap(), (0, 0));
}

fn mention(value: &str) -> Mention {
    Mention {
        kind: biowire_core::MentionKind::Antigen,
        value: value.into(),
        zone: biowire_core::Zone::Lead,
        start: 0,
        end: value.len(),
        subject: true,
    }
}

/// Releases that mention CD19 beside [`fill`]'s: one without records, one whose record is
/// for another antigen, one whose record is for CD19.
fn add_mentions(index: &Index) {
    let mut w = index.writer().unwrap();
    // A release naming CD19 without a record, and one whose record is for another antigen.
    let d = doc("file:///d", "A review of CD19 programs.");
    w.add_with_mentions(&d, &[], &[mention("CD19")]).unwrap();
    let e = doc("file:///e", "Epsilon dosed BCMA patients; CD19 comes next.");
    w.add_with_mentions(
        &e,
        &[record(&e, "EE-5", "BCMA", "multiple myeloma", "2026-03-01")],
        &[mention("CD19")],
    )
    .unwrap();
    // A release with a CD19 record that also mentions CD19: found once, by its record.
    let mut g = doc("file:///g", "Gee dosed a CD19 patient.");
    // A publisher is on the release's units too: a filter on it must still find records only.
    g.publisher = Some("Wire".into());
    w.add_with_mentions(
        &g,
        &[record(&g, "GG-7", "CD19", "lupus nephritis", "2026-04-01")],
        &[mention("CD19")],
    )
    .unwrap();
    w.commit().unwrap();
}

/// Queries that find records, mentions, both and neither, as words or filters.
const COUNTED: [&str; 8] = [
    "antigen:CD19",
    "antigen:BCMA",
    "dosed",
    "antigen:CD19 date:>=2026-04",
    "antigen:CD70",
    "antigen:CD19 OR antigen:BCMA",
    "antigen:CD19 NOT disease:\"lupus nephritis\"",
    "publisher:wire",
];

#[test]
fn count_is_every_hit_without_the_limit() {
    let (_dir, index) = filled();
    add_mentions(&index);
    let small = Query { limit: Some(1), ..Query::default() };
    let all = index.search(&Query { limit: Some(100), ..Query::default() }).unwrap();
    assert_eq!(index.search(&small).unwrap().len(), 1);
    assert_eq!(index.count(&small).unwrap(), all.len());
    assert!(index.count(&small).unwrap() > 1);
    for text in COUNTED {
        let query = q(text);
        let every = index.search(&Query { limit: Some(100), ..query.clone() }).unwrap();
        let one = index.search(&Query { limit: Some(1), ..query.clone() }).unwrap();
        assert_eq!(index.count(&Query { limit: Some(1), ..query.clone() }).unwrap(), every.len(), "{text}");
        assert!(one.len() <= 1);
        let records_only = Query { records_only: true, ..query };
        assert_eq!(
            index.count(&records_only).unwrap(),
            index.search(&Query { limit: Some(100), ..records_only.clone() }).unwrap().len(),
            "{text} records only"
        );
    }
    // Two records and two mentions of CD19; the release with a CD19 record is not counted twice.
    assert_eq!(index.count(&q("antigen:CD19")).unwrap(), 4);
    let wire = index.search(&q("publisher:wire")).unwrap();
    assert_eq!(wire.iter().map(|h| h.record.is_some()).collect::<Vec<_>>(), [true]);
}

#[test]
fn search_with_total_is_search_and_count() {
    let (_dir, index) = filled();
    add_mentions(&index);
    for text in COUNTED {
        for (limit, sort, records_only) in
            [(1, Sort::Best, false), (2, Sort::Date, false), (100, Sort::Best, false), (1, Sort::Best, true)]
        {
            let query = Query { limit: Some(limit), sort, records_only, ..q(text) };
            let (hits, total) = index.search_with_total(&query).unwrap();
            let alone = index.search(&query).unwrap();
            let key = |h: &Hit| {
                (h.document.content_sha256.clone(), h.record.as_ref().map(|r| r.id.clone()), h.matched)
            };
            assert_eq!(
                hits.iter().map(key).collect::<Vec<_>>(),
                alone.iter().map(key).collect::<Vec<_>>(),
                "{text}"
            );
            // Counted afresh: `count` may answer from the totals `search_with_total` kept.
            let fresh = index.count_in(&index.searcher().unwrap(), &query).unwrap();
            assert_eq!(total, fresh, "{text} {limit} {sort:?} {records_only}");
            assert_eq!(index.count(&query).unwrap(), fresh, "{text} {limit} {sort:?} {records_only}");
        }
    }
}

#[test]
fn an_index_without_release_keys_counts_the_same() {
    let (_dir, keyed) = filled();
    add_mentions(&keyed);
    let dir = tempfile::tempdir().unwrap();
    let old = index_without_field(dir.path(), schema::DOC_KEY);
    assert!(old.fields.doc_key.is_none() && keyed.fields.doc_key.is_some());
    fill(&old);
    add_mentions(&old);
    for text in COUNTED {
        let query = q(text);
        let fresh = keyed.count_in(&keyed.searcher().unwrap(), &query).unwrap();
        assert_eq!(old.search_with_total(&query).unwrap().1, fresh, "{text}");
        assert_eq!(old.count_in(&old.searcher().unwrap(), &query).unwrap(), fresh, "{text}");
    }
}

#[test]
fn a_remembered_total_is_counted_again_after_any_commit() {
    let (dir, index) = filled();
    add_mentions(&index);
    let cd19 = q("antigen:CD19");
    let before = index.search_with_total(&cd19).unwrap().1;
    assert_eq!(index.search_with_total(&cd19).unwrap().1, before, "asked again, same commit");
    let records_only = Query { records_only: true, ..cd19.clone() };
    let records = index.search_with_total(&records_only).unwrap().1;
    assert!(records < before, "records only and with mentions are remembered apart: {records} {before}");
    // A commit by this handle, then one by another (another process), each add a CD19 record.
    for (n, handle) in [(1, &index), (2, &Index::open(&dir.path().join("index")).unwrap())] {
        let d = doc(&format!("file:///cd19-{n}"), &format!("Epsilon dosed CD19 patient {n}."));
        let mut w = handle.writer().unwrap();
        w.add(&d, &[record(&d, &format!("EP-{n}"), "CD19", "follicular lymphoma", "2026-07-01")]).unwrap();
        w.commit().unwrap();
        drop(w);
        assert_eq!(index.search_with_total(&cd19).unwrap().1, before + n, "after commit {n}");
        assert_eq!(index.count(&records_only).unwrap(), records + n, "after commit {n}");
    }
}

#[test]
fn a_full_totals_cache_starts_again_and_keeps_answering_right() {
    let (_dir, index) = filled();
    add_mentions(&index);
    for n in 0..TOTALS_KEPT + 10 {
        let query = q(&format!("antigen:CD19 OR word{n}"));
        assert_eq!(index.count(&query).unwrap(), index.count_in(&index.searcher().unwrap(), &query).unwrap());
    }
    assert!(index.totals().counts.len() <= TOTALS_KEPT);
    let cd19 = q("antigen:CD19");
    assert_eq!(index.count(&cd19).unwrap(), index.count_in(&index.searcher().unwrap(), &cd19).unwrap());
}

#[test]
fn a_commit_elsewhere_is_seen_by_the_next_search() {
    let (dir, index) = filled();
    assert!(index.search(&q("antigen:CD70")).unwrap().is_empty());
    // A second handle on the folder stands for another process: the server's index while
    // `biowire ingest` commits.
    let other = Index::open(&dir.path().join("index")).unwrap();
    let d = doc("file:///d", "Delta dosed a CD70 patient.");
    let mut w = other.writer().unwrap();
    w.add(&d, &[record(&d, "DD-4", "CD70", "renal cell carcinoma", "2026-05-01")]).unwrap();
    w.commit().unwrap();
    drop(w);
    assert_eq!(index.search(&q("antigen:CD70")).unwrap().len(), 1);
    assert_eq!(index.count(&q("antigen:CD70")).unwrap(), 1);
}

#[test]
fn keys_missing_from_a_set_are_counted_with_repeats() {
    assert_eq!(count_missing(&[], &[1, 2]), 0);
    assert_eq!(count_missing(&[1, 2, 3], &[]), 3);
    assert_eq!(count_missing(&[0, 5, 5, 9], &[9, 0]), 2);
    // Keys on the same slot (their low bits agree), the second one wrapping round the end.
    assert_eq!(count_missing(&[3, 7, 11, 15], &[3, 7]), 2);
}

#[test]
fn passages_end_on_word_boundaries_with_ellipses() {
    let text = "Alpha beta gamma delta epsilon zeta eta theta.";
    // A cut inside "gamma" and inside "zeta": widened to whole words, "…" on both sides.
    let (s, h) = passage(text, 13..33, std::slice::from_ref(&(17..22)));
    assert_eq!(s, "…gamma delta epsilon zeta…");
    assert_eq!(h, [(7, 12)]);
    let word: String = s.chars().skip(h[0].0).take(h[0].1 - h[0].0).collect();
    assert_eq!(word, "delta");
    // The whole text: no ellipsis; punctuation after the last word is kept.
    assert_eq!(passage(text, 0..text.len(), &[]).0, text);
    assert_eq!(passage(text, 0..45, &[]).0, text, "a cut before the final '.' widens to it");
    // Multibyte characters before a highlight: offsets stay in characters.
    let text = "Ünïcödé naïve café — CAR-T dosing began, the company said today in Boston.";
    let at = text.find("dosing").unwrap();
    let (s, h) = passage(text, at - 3..at + 6, std::slice::from_ref(&(at..at + 6)));
    assert!(s.starts_with("…CAR-T dosing") && s.ends_with('…'), "{s}");
    let word: String = s.chars().skip(h[0].0).take(h[0].1 - h[0].0).collect();
    assert_eq!(word, "dosing");
    // A run of non-space characters longer than the widening limit is cut back instead.
    let long = format!("start {} end", "x".repeat(60));
    let (s, _) = passage(&long, 0..20, &[]);
    assert_eq!(s, "start…");
    // The lead of a long body stops at a word and says that it was cut.
    let body = "word ".repeat(100);
    let l = lead(&body);
    assert!(l.ends_with("word…") && l.chars().count() <= LEAD_CHARS + WIDEN_CHARS + 1, "{l}");
    assert_eq!(lead("Short body.\n\nTwo lines."), "Short body. Two lines.");
}

#[test]
fn company_spellings_are_one_facet_and_one_filter() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    let a = doc("file:///a", "Allogene dosed a patient.");
    let b = doc("file:///b", "Allogene cleared an IND.");
    let c = doc("file:///c", "Allogene Holdings dosed.");
    let mut ra = record(&a, "ALLO-1", "CD19", "lupus nephritis", "2026-01-01");
    ra.company = Some("Allogene Therapeutics".into());
    let mut rb = record(&b, "ALLO-2", "CD70", "renal cell carcinoma", "2026-02-01");
    rb.company = Some("Allogene Therapeutics, Inc.".into());
    let mut rc = record(&c, "H-3", "BCMA", "multiple myeloma", "2026-03-01");
    rc.company = Some("Allogene Holdings".into());
    let mut w = index.writer().unwrap();
    w.add(&a, &[ra]).unwrap();
    w.add(&b, &[rb]).unwrap();
    w.add(&c, &[rc]).unwrap();
    w.commit().unwrap();
    drop(w);
    let facets = index.facets(&Query::default(), 10).unwrap();
    let companies = &facets["company"];
    assert_eq!(companies.len(), 2, "{companies:?}");
    assert_eq!(companies[0].1, 2, "{companies:?}");
    assert!(companies[0].0.starts_with("Allogene Therapeutics"), "{companies:?}");
    assert_eq!(companies[1], ("Allogene Holdings".to_string(), 1));
    for filter in ["company:\"Allogene Therapeutics\"", "company:\"Allogene Therapeutics, Inc.\""] {
        let hits = index.search(&q(filter)).unwrap();
        let mut products: Vec<_> =
            hits.iter().map(|h| h.record.as_ref().unwrap().product.clone().unwrap()).collect();
        products.sort();
        assert_eq!(products, ["ALLO-1", "ALLO-2"], "{filter}");
    }
}

#[test]
fn companies_fold_without_the_folded_field() {
    let forms = vec![
        ("Allogene Therapeutics, Inc.".to_string(), 3),
        ("Beta Bio".to_string(), 4),
        ("Allogene Therapeutics".to_string(), 2),
        ("Allogene Therapeutics Inc".to_string(), 1),
    ];
    assert_eq!(
        fold_companies(forms.clone(), 10),
        [("Allogene Therapeutics, Inc.".to_string(), 6), ("Beta Bio".to_string(), 4)]
    );
    assert_eq!(fold_companies(forms, 1).len(), 1);
}

#[test]
fn a_headline_mention_filter_reads_headlines_only_and_title_words_are_stemmed() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    let mut head = doc("file:///h", "A trial in solid tumors opened.");
    head.title = Some("Acme Doses First Patient in Solid Tumors".into());
    let body = doc("file:///b", "Beta also studies solid tumors, among other things.");
    let mut w = index.writer().unwrap();
    w.add(&head, &[record(&head, "AB-1", "CD19", "lymphoma", "2026-01")]).unwrap();
    w.add(&body, &[record(&body, "BB-2", "BCMA", "multiple myeloma", "2025-06")]).unwrap();
    w.commit().unwrap();
    drop(w);
    let unknown = Expr::Or(vec![
        Expr::Field("disease".into(), "solid tumors".into()),
        Expr::Field(HEADLINE_MENTION.into(), "solid tumors".into()),
    ]);
    let hits = index.search(&Query { expr: Some(unknown.clone()), ..Query::default() }).unwrap();
    let found: Vec<(&str, Match)> = hits.iter().map(|h| (h.document.url.as_str(), h.matched)).collect();
    assert_eq!(found, [("file:///h", Match::Mention)]);
    let strict = Query { expr: Some(unknown), records_only: true, ..Query::default() };
    assert!(index.search(&strict).unwrap().is_empty());
    // The title is stemmed: "dosed" finds "Doses".
    let titled = index.search(&q("title:dosed")).unwrap();
    assert_eq!(titled.iter().map(|h| h.document.url.as_str()).collect::<Vec<_>>(), ["file:///h"]);
}

#[test]
fn mention_facets_count_releases_once_and_only_subject_zones() {
    use biowire_core::{Mention, MentionKind, Zone};
    // Subject as the extractor marks a release with records: headline and lead.
    let m = |kind, value: &str, zone: Zone| Mention {
        kind,
        value: value.into(),
        zone,
        start: 0,
        end: 1,
        subject: zone.is_subject(),
    };
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    let a = doc("file:///a", "Acme news on CD19 in lupus.");
    let b = doc("file:///b", "Beta news on CD19.");
    let c = doc("file:///c", "Gamma news.");
    let mut w = index.writer().unwrap();
    // CD19 twice in one release counts once; a quote or About mention does not count.
    w.add_with_mentions(
        &a,
        &[],
        &[
            m(MentionKind::Antigen, "CD19", Zone::Headline),
            m(MentionKind::Antigen, "CD19", Zone::Lead),
            m(MentionKind::Disease, "systemic lupus erythematosus", Zone::Lead),
        ],
    )
    .unwrap();
    w.add_with_mentions(&b, &[], &[m(MentionKind::Antigen, "CD19", Zone::Lead)]).unwrap();
    w.add_with_mentions(
        &c,
        &[],
        &[m(MentionKind::Antigen, "BCMA", Zone::Quote), m(MentionKind::Antigen, "CD20", Zone::About)],
    )
    .unwrap();
    w.commit().unwrap();
    drop(w);
    let all = index.mention_facets(&Query::default(), 10).unwrap();
    assert_eq!(all["antigen"], [("CD19".to_string(), 2)]);
    assert_eq!(all["disease"], [("systemic lupus erythematosus".to_string(), 1)]);
    let lupus = Query {
        expr: Some(Expr::Field(EXACT_DISEASE.into(), "systemic lupus erythematosus".into())),
        ..Query::default()
    };
    assert_eq!(index.mention_facets(&lupus, 10).unwrap()["antigen"], [("CD19".to_string(), 1)]);
    // What only records carry cannot select releases by their mentions.
    assert!(matches!(index.mention_facets(&q("milestone:approval"), 10), Err(Error::Query { .. })));
}

/// An index in `dir/index` written with today's schema less `field`: one written before the
/// field existed.
pub(crate) fn index_without_field(dir: &std::path::Path, field: &str) -> Index {
    let path = dir.join("index");
    std::fs::create_dir_all(&path).unwrap();
    let mut b = tantivy::schema::Schema::builder();
    for (_, entry) in schema::build().fields() {
        if entry.name() != field {
            b.add_field(entry.clone());
        }
    }
    tantivy::Index::create_in_dir(&path, b.build()).unwrap();
    Index::open(&path).unwrap()
}

#[test]
fn date_keys_are_calendar_dates_only() {
    assert_eq!(date_key("2026-02-28"), Some(20260228));
    assert_eq!(date_key("2028-02-29"), Some(20280229));
    assert_eq!(date_key("2026-03"), Some(20260301));
    assert_eq!(date_key("2026"), Some(20260101));
    for bad in [
        "2026-02-30",
        "2026-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-13",
        "2026-01-01-01",
        "2026--01",
        "+2026",
        "2026-1a",
    ] {
        assert_eq!(date_key(bad), None, "{bad}");
    }
    assert!(parse("date:>=2026-02-30").is_err());
}

#[test]
fn replace_holds_exactly_what_a_shared_store_says_records_and_all() {
    let (_dir, index) = filled();
    let a = doc("file:///a", "Acme dosed a lupus patient with AB-101.");
    let mut w = index.writer().unwrap();
    // Same content, other records (a reindex in the store): `add` would call it unchanged.
    w.replace(&a, &[record(&a, "AB-101b", "CD20", "lupus nephritis", "2026-01-05")], &[]).unwrap();
    // A new version of b's URL replaces it, in the same batch as a.
    let b2 = doc("file:///b", "Beta dosed a second myeloma patient with BB-2.");
    w.replace(&b2, &[], &[]).unwrap();
    w.commit().unwrap();
    drop(w);
    assert_eq!(index.counts().unwrap(), (3, 1));
    assert_eq!(index.count(&q("product:AB-101b")).unwrap(), 1);
    assert_eq!(index.count(&q("product:AB-101")).unwrap(), 0);
    assert_eq!(index.count(&q("antigen:BCMA")).unwrap(), 0);
    assert!(!index
        .has_document(&doc("file:///b", "Beta dosed a myeloma patient with BB-2.").content_sha256)
        .unwrap());
}
