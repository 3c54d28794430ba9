//! `Index::records_page`: pages concatenate to `Index::records`, in its order, with the key
//! field and without it (an index written before it).

use super::*;
use biowire_core::{Milestone, MilestoneKind, RECORD_SCHEMA};
use std::collections::HashSet;

fn record(d: &Document, product: &str, kind: MilestoneKind, date: Option<&str>) -> Record {
    Record {
        schema: RECORD_SCHEMA.into(),
        id: Record::stable_id(&d.content_sha256, Some(product), kind),
        document: d.to_ref(),
        company: Some("Acme Bio, Inc.".into()),
        product: Some(product.into()),
        product_aliases: vec![],
        modality: None,
        cell_source: None,
        targets: vec![if product.ends_with('0') { "CD19".into() } else { "BCMA".into() }],
        indications: vec!["multiple myeloma".into()],
        milestone: Milestone {
            kind,
            date: date.map(str::to_string),
            phase: None,
            trial_id: None,
            authority: None,
        },
        evidence: vec![],
    }
}

/// 30 releases with one or two records each: dates shared, missing, by month only.
fn fill(index: &Index, from: usize, to: usize) {
    let mut w = index.writer().unwrap();
    for i in from..to {
        let d = Document::new(format!("file:///r{i}"), format!("Release {i} about AB-{i}."));
        let date = match i % 4 {
            0 => None,
            1 => Some("2026-02".to_string()),
            2 => Some("2026-02-10".to_string()),
            _ => Some(format!("2025-{:02}-01", i % 12 + 1)),
        };
        let mut records = vec![record(&d, &format!("AB-{i}"), MilestoneKind::IndCleared, date.as_deref())];
        if i % 3 == 0 {
            records.push(record(
                &d,
                &format!("AB-{i}"),
                MilestoneKind::FirstPatientDosed,
                Some("2026-02-10"),
            ));
        }
        w.add(&d, &records).unwrap();
        // Several segments, so keys are merged across them.
        if i % 10 == 9 {
            w.commit().unwrap();
        }
    }
    w.commit().unwrap();
}

/// Every page of `q` with this page size, checking each page's size and cursor.
fn all_pages(index: &Index, q: &Query, limit: usize) -> Vec<Record> {
    let (mut out, mut after, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let (page, next) = index.records_page(q, after.as_deref(), limit).unwrap();
        pages += 1;
        assert!(page.len() <= limit, "a page holds at most `limit` records");
        out.extend(page.iter().cloned());
        match next {
            Some(key) => {
                assert_eq!(page.len(), limit, "only the last page is short");
                assert_eq!(key, schema::record_key(page.last().unwrap()), "the cursor is the last key");
                after = Some(key);
            }
            None => break,
        }
        assert!(pages < 1000, "paging does not end");
    }
    out
}

fn ids(records: &[Record]) -> Vec<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

fn check_pages(index: &Index) {
    let everything = Query::default();
    let all = index.records(&everything).unwrap();
    assert_eq!(all.len(), 40, "30 releases, 10 of them with two records");
    for limit in [1, 3, 7, 40, 41, 1000] {
        let paged = all_pages(index, &everything, limit);
        let unique: HashSet<String> = ids(&paged).into_iter().collect();
        assert_eq!(unique.len(), paged.len(), "limit {limit}: no record twice");
        assert_eq!(ids(&paged), ids(&all), "limit {limit}: the pages are `records`, in its order");
    }
    // A filter pages over its own matches.
    let cd19 = Query { expr: query_lang::parse("antigen:CD19").unwrap(), ..Query::default() };
    let matching = index.records(&cd19).unwrap();
    assert!(!matching.is_empty() && matching.len() < all.len());
    assert_eq!(ids(&all_pages(index, &cd19, 2)), ids(&matching));
    // Nothing matches: one empty last page.
    let none = Query { expr: query_lang::parse("antigen:GPRC5D").unwrap(), ..Query::default() };
    assert_eq!(index.records_page(&none, None, 10).unwrap(), (vec![], None));
    // After the last key there is nothing.
    let last = schema::record_key(all.last().unwrap());
    assert_eq!(index.records_page(&everything, Some(&last), 10).unwrap(), (vec![], None));
}

#[test]
fn pages_concatenate_to_records_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    assert!(index.fields.record_key.is_some());
    fill(&index, 0, 30);
    check_pages(&index);
}

#[test]
fn an_index_without_the_key_field_pages_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let index = crate::tests::index_without_field(dir.path(), schema::RECORD_KEY);
    assert!(index.fields.record_key.is_none());
    fill(&index, 0, 30);
    check_pages(&index);
}

#[test]
fn records_added_between_pages_do_not_disturb_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(&dir.path().join("index")).unwrap();
    fill(&index, 0, 20);
    let before = ids(&index.records(&Query::default()).unwrap());
    let (first, next) = index.records_page(&Query::default(), None, 5).unwrap();
    fill(&index, 20, 30);
    let mut seen = ids(&first);
    let mut after = next;
    while let Some(key) = after {
        let (page, next) = index.records_page(&Query::default(), Some(&key), 5).unwrap();
        seen.extend(ids(&page));
        after = next;
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no record twice");
    for id in &before {
        assert!(unique.contains(id), "record {id}, there throughout, was skipped");
    }
}
