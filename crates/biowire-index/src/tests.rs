use super::*;
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
    drop(w);
    (dir, index)
}

#[test]
fn filters_are_exact_and_free_text_finds_releases_without_records() {
    let (_dir, index) = filled();
    let q = |q: Query| index.search(&q).unwrap();
    let hits = q(Query { antigens: vec!["CD19".into()], ..Query::default() });
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].record.as_ref().unwrap().product.as_deref(), Some("AB-101"));
    let hits = q(Query { diseases: vec!["myeloma".into()], ..Query::default() });
    assert_eq!(hits.len(), 1, "a word inside a disease name matches");
    let hits = q(Query { text: Some("quarterly".into()), ..Query::default() });
    assert_eq!(hits.len(), 1);
    assert!(hits[0].record.is_none());
    assert!(hits[0].snippet.contains("quarterly"), "{}", hits[0].snippet);
    assert_eq!(q(Query::default()).len(), 3, "two records and one release without records");
}

#[test]
fn date_ranges_include_partial_dates() {
    let (_dir, index) = filled();
    let since = index.search(&Query { since: Some("2026-01-01".into()), ..Query::default() }).unwrap();
    assert_eq!(since.len(), 1);
    let until = index.search(&Query { until: Some("2025-06".into()), ..Query::default() }).unwrap();
    assert_eq!(until.len(), 1);
    assert_eq!(until[0].record.as_ref().unwrap().product.as_deref(), Some("BB-2"));
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
fn bad_query_and_missing_index_are_clear_errors() {
    let (_dir, index) = filled();
    let err =
        index.search(&Query { text: Some("title:(unclosed".into()), ..Query::default() }).err().unwrap();
    assert!(err.to_string().starts_with("invalid query `title:(unclosed`"), "{err}");
    let err = Index::open(Path::new("/no/such/index")).err().unwrap();
    assert!(err.to_string().contains("run `biowire ingest` first"));
}
