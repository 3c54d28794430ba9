//! Data-driven extraction tests: every release under `fixtures/newsroom/` is parsed and
//! extracted, and its records are compared with `NAME.expected.json` beside it. The shared
//! corpus's seed release is checked too when `../shared/corpus` is present.

mod common;

use biowire_core::{FetchedPage, Record};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn extract(path: &Path) -> Vec<Record> {
    let bytes = std::fs::read(path).unwrap();
    let content_type = biowire_fetch::content_type_for(path).map(str::to_string);
    let page = FetchedPage { url: format!("file://{}", path.display()), bytes, content_type };
    let parsed = biowire_parse::parse(&page).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    biowire_extract::Extractor::builtin().extract(&parsed.document)
}

fn set(v: &Value) -> BTreeSet<String> {
    v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_lowercase)).collect()
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Differences between expected and actual records, one line each.
fn compare(expected: &[Value], actual: &[Record]) -> Vec<String> {
    let mut problems = Vec::new();
    if expected.len() != actual.len() {
        problems.push(format!(
            "expected {} records, got {}: {:?}",
            expected.len(),
            actual.len(),
            actual.iter().map(|r| (r.product.clone(), r.milestone.kind)).collect::<Vec<_>>()
        ));
    }
    for e in expected {
        let product = opt(&e["product"]);
        let kind = e["milestone"]["kind"].as_str().unwrap();
        let Some(a) = actual.iter().find(|r| {
            r.product.as_deref().map(biowire_core::product_key)
                == product.as_deref().map(biowire_core::product_key)
                && r.milestone.kind.as_str() == kind
        }) else {
            problems.push(format!("missing record {product:?} {kind}"));
            continue;
        };
        let got = serde_json::to_value(a).unwrap();
        let label = format!("{product:?} {kind}");
        for field in ["company", "modality", "cell_source"] {
            if e[field] != got[field] {
                problems.push(format!("{label}: {field} expected {} got {}", e[field], got[field]));
            }
        }
        for field in ["targets", "indications"] {
            if set(&e[field]) != set(&got[field]) {
                problems.push(format!("{label}: {field} expected {} got {}", e[field], got[field]));
            }
        }
        if e["milestone"]["date"] != got["milestone"]["date"] {
            problems.push(format!(
                "{label}: date expected {} got {}",
                e["milestone"]["date"], got["milestone"]["date"]
            ));
        }
        // The regulator must be exactly right, null included: one named in a background
        // sentence is not the milestone's.
        if e["milestone"]["authority"] != got["milestone"]["authority"] {
            problems.push(format!(
                "{label}: authority expected {} got {}",
                e["milestone"]["authority"], got["milestone"]["authority"]
            ));
        }
        // Phase and trial id are values like any other: null expected means none may be
        // invented.
        for field in ["phase", "trial_id"] {
            if e["milestone"][field] != got["milestone"][field] {
                problems.push(format!(
                    "{label}: {field} expected {} got {}",
                    e["milestone"][field], got["milestone"][field]
                ));
            }
        }
        if set(&e["product_aliases"]) != set(&got["product_aliases"]) {
            problems.push(format!(
                "{label}: product_aliases expected {} got {}",
                e["product_aliases"], got["product_aliases"]
            ));
        }
    }
    problems
}

#[test]
fn every_fixture_gives_its_expected_records() {
    let dir = workspace().join("fixtures/newsroom");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let doc = ["html", "txt"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no release beside {name}"));
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let problems = compare(expected["records"].as_array().unwrap(), &extract(&doc));
        if !problems.is_empty() {
            failures.push(format!("{stem}:\n  {}", problems.join("\n  ")));
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} fixtures found in {}", dir.display());
    assert!(failures.is_empty(), "{} of {checked} fixtures differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_record_has_evidence_inside_the_main_text() {
    let dir = workspace().join("fixtures/newsroom");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let page = FetchedPage {
            url: "file:///x".into(),
            bytes,
            content_type: biowire_fetch::content_type_for(&path).map(str::to_string),
        };
        let doc = biowire_parse::parse(&page).unwrap().document;
        for r in biowire_extract::Extractor::builtin().extract(&doc) {
            assert!(
                r.evidence.iter().any(|e| e.field == "milestone"),
                "{}: no milestone evidence",
                path.display()
            );
            for e in &r.evidence {
                if e.start == e.end {
                    assert_eq!(
                        Some(e.text.as_str()),
                        doc.title.as_deref(),
                        "empty span must be the headline"
                    );
                    continue;
                }
                let span: String = doc.text.chars().skip(e.start).take(e.end - e.start).collect();
                assert_eq!(span, e.text, "{}: evidence offsets of {}", path.display(), e.field);
            }
        }
    }
}

/// The seed news item must give exactly its checked answer.
#[test]
fn seed_release_matches_its_gold_answer() {
    let seed = workspace().join("../shared/corpus/seed-carsgen");
    if common::skip_without(&seed, "the checked corpus") {
        return;
    }
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(seed.join("gold.json")).unwrap()).unwrap();
    let records = extract(&seed.join("text.txt"));
    let problems = compare(gold["records"].as_array().unwrap(), &records);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
