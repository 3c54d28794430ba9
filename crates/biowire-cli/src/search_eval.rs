//! `biowire eval --search`: how well search finds the documents about an antigen or disease.
//!
//! Every document of a gold folder is parsed, extracted and indexed (records and mentions) in
//! a throw-away index. Then every antigen and disease the answers hold is searched, as written
//! in the answers and by its canonical name, the way `biowire search --antigen X` /
//! `--disease Y` does it. A document is relevant to a query when one of its checked records
//! carries the same antigen or disease (folded as the scorer folds them, and one concept where
//! the vocabulary gives two spellings the same name); precision and recall
//! are counted over (query, document) pairs, once with records only and once with mentions.

use crate::eval::{gold_folders, norm_indication, norm_target, parse_input, read_answers};
use anyhow::{Context, Result};
use biowire_extract::Extractor;
use biowire_index::query_lang::Expr;
use biowire_index::{Index, Match, Query, Sort};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

/// Document-level counts of one kind of query in one mode.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Relevant documents found.
    pub(crate) tp: usize,
    /// Documents found that are not about the value.
    pub(crate) fp: usize,
    /// Relevant documents not found.
    pub(crate) fn_: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    /// Precision, recall and F1 (1.0 for an empty denominator, as nothing was asked).
    pub(crate) fn prf(self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        (p, r, f)
    }
}

/// One query's result: what it was, the documents it missed, the ones it found wrongly and
/// the relevant ones only the mention layer found.
type Diff = (String, Vec<String>, Vec<String>, Vec<String>);

/// The measure: counts per field (`antigen`, `disease`) and mode (`records`, `mentions`).
#[derive(Debug, Default)]
pub(crate) struct SearchScore {
    /// Documents indexed.
    pub(crate) documents: usize,
    /// Queries asked per field.
    pub(crate) queries: BTreeMap<&'static str, usize>,
    /// Counts keyed by (field, mode).
    pub(crate) counts: BTreeMap<(&'static str, &'static str), Counts>,
    diffs: Vec<Diff>,
}

impl SearchScore {
    /// Both fields of one mode together.
    pub(crate) fn micro(&self, mode: &str) -> Counts {
        let mut all = Counts::default();
        for ((_, m), c) in &self.counts {
            if *m == mode {
                all.add(*c);
            }
        }
        all
    }

    /// The table `biowire eval --search` prints; with `show`, each query's misses and extras
    /// (with mentions) and the relevant documents only a mention found.
    pub(crate) fn print(&self, out: &mut impl Write, show: bool) -> std::io::Result<()> {
        if show {
            for (q, missed, extra, rescued) in &self.diffs {
                for d in rescued {
                    writeln!(out, "mention {q} {d}")?;
                }
                for d in missed {
                    writeln!(out, "missed  {q} {d}")?;
                }
                for d in extra {
                    writeln!(out, "extra   {q} {d}")?;
                }
            }
        }
        writeln!(
            out,
            "{:<9} {:<9} {:>7} {:>6} {:>6} {:>6} {:>4} {:>4} {:>4}",
            "field", "mode", "queries", "P", "R", "F1", "tp", "fp", "fn"
        )?;
        for ((field, mode), c) in &self.counts {
            let (p, r, f) = c.prf();
            let n = self.queries.get(field).copied().unwrap_or(0);
            writeln!(
                out,
                "{field:<9} {mode:<9} {n:>7} {p:6.3} {r:6.3} {f:6.3} {:4} {:4} {:4}",
                c.tp, c.fp, c.fn_
            )?;
        }
        writeln!(out, "documents: {}", self.documents)?;
        for mode in ["records", "mentions"] {
            let (p, r, f) = self.micro(mode).prf();
            writeln!(out, "search with {mode}: precision {p:.3} recall {r:.3} F1 {f:.3}")?;
        }
        Ok(())
    }
}

/// A gold document as the measure needs it: its folder name, its parsed document, and the
/// folded antigens and diseases of its answers with the ways the answers write them.
struct GoldDoc {
    name: String,
    parsed: biowire_parse::Parsed,
    antigens: BTreeMap<String, BTreeSet<String>>,
    diseases: BTreeMap<String, BTreeSet<String>>,
}

fn read_gold(dir: &Path, name: &str) -> Result<Option<GoldDoc>> {
    let gold_file = dir.join("gold.json");
    if !gold_file.exists() {
        return Ok(None);
    }
    let Some(parsed) = parse_input(dir)? else { return Ok(None) };
    let answers = read_answers(&gold_file)?;
    let mut antigens: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut diseases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &answers {
        for (field, map, fold) in [
            ("targets", &mut antigens, norm_target as fn(&str) -> String),
            ("indications", &mut diseases, norm_indication),
        ] {
            for v in r[field].as_array().into_iter().flatten().filter_map(Value::as_str) {
                map.entry(fold(v)).or_default().insert(v.to_string());
            }
        }
    }
    Ok(Some(GoldDoc { name: name.to_string(), parsed, antigens, diseases }))
}

/// Indexes `gold_dir` in a temporary folder and asks every antigen and disease of its answers.
pub(crate) fn score_search(gold_dir: &Path, extractor: &Extractor) -> Result<SearchScore> {
    let names = gold_folders(gold_dir)?;
    let mut docs = Vec::new();
    for name in &names {
        if let Some(d) = read_gold(&gold_dir.join(name), name)? {
            docs.push(d);
        }
    }
    let scratch = tempfile::tempdir().context("failed to make a temporary index folder")?;
    let index = Index::open_or_create(&scratch.path().join("index"))?;
    let mut by_sha: BTreeMap<String, usize> = BTreeMap::new();
    {
        let mut writer = index.writer()?;
        for (i, d) in docs.iter().enumerate() {
            let (records, mentions) = extractor.extract_with_mentions(&d.parsed.document);
            writer.add_with_mentions(&d.parsed.document, &records, &mentions)?;
            by_sha.insert(d.parsed.document.content_sha256.clone(), i);
        }
        writer.commit()?;
    }
    let mut score = SearchScore { documents: docs.len(), ..Default::default() };
    for (field, pick) in [
        ("antigen", (|d: &GoldDoc| &d.antigens) as fn(&GoldDoc) -> &BTreeMap<String, BTreeSet<String>>),
        ("disease", |d: &GoldDoc| &d.diseases),
    ] {
        // Each concept, the documents it belongs to and every way it is written. Answers that
        // write one disease two ways ("… disease", "… disorder") are one concept when the
        // vocabulary gives both the same name; else the folded value is the concept.
        let canonical_of = |written: &BTreeSet<String>| match field {
            "antigen" => written.iter().find_map(|w| extractor.normalize_antigen(w)),
            _ => written.iter().find_map(|w| extractor.normalize_disease(w)),
        };
        let mut concepts: BTreeMap<String, (BTreeSet<usize>, BTreeSet<String>)> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            for (k, written) in pick(d) {
                let key = canonical_of(written).map_or_else(|| k.clone(), |c| format!("={c}"));
                let c = concepts.entry(key).or_default();
                c.0.insert(i);
                c.1.extend(written.iter().cloned());
            }
        }
        for (relevant, written) in concepts.values() {
            let mut forms = written.clone();
            forms.extend(canonical_of(written));
            for form in forms {
                *score.queries.entry(field).or_default() += 1;
                let expr = crate::query::normalize(
                    extractor.terms(),
                    Expr::Field(field.into(), form.clone()),
                    false,
                )?;
                let query =
                    Query { expr: Some(expr), limit: Some(10_000), sort: Sort::Best, records_only: false };
                let mut found: BTreeMap<usize, Match> = BTreeMap::new();
                for hit in index.search(&query)? {
                    if let Some(&i) = by_sha.get(&hit.document.content_sha256) {
                        let m = found.entry(i).or_insert(hit.matched);
                        if hit.matched == Match::Record {
                            *m = Match::Record;
                        }
                    }
                }
                for (mode, with_mentions) in [("records", false), ("mentions", true)] {
                    let got: BTreeSet<usize> = found
                        .iter()
                        .filter(|(_, m)| with_mentions || **m == Match::Record)
                        .map(|(i, _)| *i)
                        .collect();
                    let c = score.counts.entry((field, mode)).or_default();
                    c.tp += got.intersection(relevant).count();
                    c.fp += got.difference(relevant).count();
                    c.fn_ += relevant.difference(&got).count();
                    if with_mentions {
                        let missed: Vec<String> =
                            relevant.difference(&got).map(|&i| docs[i].name.clone()).collect();
                        let extra: Vec<String> = got
                            .difference(relevant)
                            .map(|&i| {
                                let how = if found[&i] == Match::Mention { " (mention)" } else { "" };
                                format!("{}{how}", docs[i].name)
                            })
                            .collect();
                        let rescued: Vec<String> = got
                            .intersection(relevant)
                            .filter(|i| found[i] == Match::Mention)
                            .map(|&i| docs[i].name.clone())
                            .collect();
                        if !missed.is_empty() || !extra.is_empty() || !rescued.is_empty() {
                            score.diffs.push((format!("{field}:{form:?}"), missed, extra, rescued));
                        }
                    }
                }
            }
        }
    }
    Ok(score)
}
