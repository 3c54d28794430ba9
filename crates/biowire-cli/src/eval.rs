//! `biowire eval`: scores extraction against a folder of checked answers, the way the
//! reference scorer (`shared/eval/score.py`) does, so both give the same numbers.
//!
//! For each field the scorer builds a set of (field, document, product, value) tuples from the
//! answers and from the records and counts true positives, false positives and misses. Names
//! are folded (NFKD, lowercase, letters and digits only), companies lose legal suffixes, and
//! targets and indications go through the scorer's own alias tables.

use anyhow::{Context, Result};
use biowire_core::FetchedPage;
use biowire_extract::Extractor;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The fields scored, in the table's order.
pub(crate) const FIELDS: [&str; 7] =
    ["company", "product", "modality", "cell_source", "targets", "indications", "milestone"];

const TARGET_ALIASES: &[(&str, &str)] = &[
    ("tnfrsf17", "bcma"),
    ("cd269", "bcma"),
    ("bcma", "bcma"),
    ("ms4a1", "cd20"),
    ("erbb2", "her2"),
    ("her2neu", "her2"),
    ("claudin182", "cldn182"),
    ("cldn182", "cldn182"),
    ("claudin18isoform2", "cldn182"),
    ("mesothelin", "msln"),
    ("glypican3", "gpc3"),
    ("bcellmaturationantigen", "bcma"),
    ("cd276", "b7h3"),
    ("il13ralpha2", "il13ra2"),
    ("prostatespecificmembraneantigen", "psma"),
    ("folh1", "psma"),
    ("cd3epsilon", "cd3"),
    ("cd3e", "cd3"),
    ("slamf7", "cs1"),
    ("cd319", "cs1"),
    ("tacstd2", "trop2"),
    ("ror1", "ror1"),
    ("gucy2c", "gcc"),
    ("guanylylcyclasec", "gcc"),
];

const INDICATION_ALIASES: &[(&str, &str)] = &[
    ("sle", "systemic lupus erythematosus"),
    ("lupus", "systemic lupus erythematosus"),
    ("systemiclupuserythematosus", "systemic lupus erythematosus"),
    ("ln", "lupus nephritis"),
    ("mm", "multiple myeloma"),
    ("rrmm", "multiple myeloma"),
    ("dlbcl", "diffuse large b-cell lymphoma"),
    ("largebcelllymphoma", "large b-cell lymphoma"),
    ("lbcl", "large b-cell lymphoma"),
    ("ball", "b-cell acute lymphoblastic leukemia"),
    ("all", "acute lymphoblastic leukemia"),
    ("cll", "chronic lymphocytic leukemia"),
    ("fl", "follicular lymphoma"),
    ("mcl", "mantle cell lymphoma"),
    ("aml", "acute myeloid leukemia"),
    ("ms", "multiple sclerosis"),
    ("mg", "myasthenia gravis"),
    ("gmg", "generalized myasthenia gravis"),
    ("ssc", "systemic sclerosis"),
    ("scleroderma", "systemic sclerosis"),
    ("nhl", "non-hodgkin lymphoma"),
    ("nsclc", "non-small cell lung cancer"),
    ("sclc", "small cell lung cancer"),
    ("hcc", "hepatocellular carcinoma"),
    ("crc", "colorectal cancer"),
    ("rcc", "renal cell carcinoma"),
    ("iim", "idiopathic inflammatory myopathy"),
    ("myositis", "idiopathic inflammatory myopathy"),
    ("aav", "anca-associated vasculitis"),
    ("nmosd", "neuromyelitis optica spectrum disorder"),
    ("mds", "myelodysplastic syndrome"),
    ("myelodysplasticsyndromes", "myelodysplastic syndrome"),
];

/// British spellings and the adenocarcinoma form of cancers that are nearly all
/// adenocarcinomas, folded before the alias table: the reference scorer's own patterns.
const SPELLING: &[(&str, &str)] = &[
    (r"leukaemia", "leukemia"),
    (r"anaemia", "anemia"),
    (r"tumour", "tumor"),
    (r"\boesophag", "esophag"),
    (r"\bhaem", "hem"),
    (r"necrotising", "necrotizing"),
    (r"gastric adenocarcinoma", "gastric cancer"),
    (r"gastroesophageal junction adenocarcinoma", "gastroesophageal junction cancer"),
];

static SPELLING_RES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    SPELLING.iter().map(|(p, to)| (Regex::new(p).expect("scorer pattern is valid"), *to)).collect()
});

/// Trademark signs are decoration, not part of a name (NFKD would turn ™ into "tm").
fn strip_marks(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '\u{ae}' | '\u{2122}' | '\u{a9}' | '\u{2120}')).collect()
}

const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "holdings",
    "holding",
    "co",
    "corp",
    "corporation",
    "plc",
    "ag",
    "sa",
    "nv",
    "gmbh",
    "llc",
    "company",
    "group",
    "se",
];

/// Lowercase letters and digits of the NFKD form, trademark signs dropped.
pub(crate) fn key(s: &str) -> String {
    strip_marks(s)
        .nfkd()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

fn words(s: &str) -> Vec<String> {
    let folded: String = s.nfkd().flat_map(char::to_lowercase).collect();
    folded
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn norm_company(s: &str) -> String {
    let mut w = words(s);
    if w.first().is_some_and(|x| x == "the") {
        w.remove(0);
    }
    while w.last().is_some_and(|x| LEGAL_SUFFIXES.contains(&x.as_str())) {
        w.pop();
    }
    w.concat()
}

fn alias(table: &[(&str, &str)], k: &str) -> Option<String> {
    table.iter().find(|(a, _)| *a == k).map(|(_, v)| v.to_string())
}

pub(crate) fn norm_target(s: &str) -> String {
    let k = key(s);
    alias(TARGET_ALIASES, &k).unwrap_or(k)
}

/// Applies [`SPELLING`] to a lowercase NFKD string, as the scorer's `re.sub` calls do in order.
fn fold_spelling(s: &str) -> String {
    SPELLING_RES.iter().fold(s.to_string(), |acc, (re, to)| re.replace_all(&acc, *to).into_owned())
}

pub(crate) fn norm_indication(s: &str) -> String {
    let folded: String = s.nfkd().flat_map(char::to_lowercase).collect();
    let k = key(&fold_spelling(&folded));
    alias(INDICATION_ALIASES, &k).map(|v| key(&v)).unwrap_or(k)
}

/// One scored tuple: field, document, product key, value.
type Tuple = (&'static str, String, String, String);

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Null => None,
        Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

/// The tuples a list of records asserts, as the reference scorer builds them.
pub(crate) fn tuples(doc: &str, records: &[Value], product_map: &HashMap<String, String>) -> BTreeSet<Tuple> {
    let mut out = BTreeSet::new();
    for r in records.iter().filter(|r| r.is_object()) {
        let prod = key(&str_of(&r["product"]).unwrap_or_default());
        let prod = product_map.get(&prod).cloned().unwrap_or(prod);
        let d = doc.to_string();
        if let Some(c) = str_of(&r["company"]) {
            out.insert(("company", d.clone(), String::new(), norm_company(&c)));
        }
        if !prod.is_empty() {
            out.insert(("product", d.clone(), prod.clone(), prod.clone()));
        }
        if let Some(m) = str_of(&r["modality"]) {
            out.insert(("modality", d.clone(), prod.clone(), key(&m)));
        }
        if let Some(c) = str_of(&r["cell_source"]) {
            out.insert(("cell_source", d.clone(), prod.clone(), key(&c)));
        }
        for t in r["targets"].as_array().into_iter().flatten().filter_map(str_of) {
            out.insert(("targets", d.clone(), prod.clone(), norm_target(&t)));
        }
        for i in r["indications"].as_array().into_iter().flatten().filter_map(str_of) {
            out.insert(("indications", d.clone(), prod.clone(), norm_indication(&i)));
        }
        let kind = match &r["milestone"] {
            Value::Object(m) => m.get("kind").and_then(str_of),
            other => str_of(other),
        };
        if let Some(k) = kind {
            out.insert(("milestone", d.clone(), prod.clone(), key(&k)));
        }
    }
    out
}

/// Counts per field.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) tp: usize,
    pub(crate) fp: usize,
    pub(crate) fn_: usize,
}

fn prf(c: Counts) -> (f64, f64, f64) {
    let p = if c.tp + c.fp > 0 { c.tp as f64 / (c.tp + c.fp) as f64 } else { 1.0 };
    let r = if c.tp + c.fn_ > 0 { c.tp as f64 / (c.tp + c.fn_) as f64 } else { 1.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

/// The score of a run over a gold folder.
#[derive(Debug, Default)]
pub(crate) struct Score {
    pub(crate) per_field: BTreeMap<&'static str, Counts>,
    pub(crate) documents: usize,
    pub(crate) failures: usize,
    /// Per document, its misses and extras, for `--show`.
    pub(crate) diffs: Vec<(String, Vec<Tuple>, Vec<Tuple>)>,
}

impl Score {
    /// Micro precision, recall and F1 over all fields.
    pub(crate) fn micro(&self) -> (f64, f64, f64) {
        let mut total = Counts::default();
        for c in self.per_field.values() {
            total.tp += c.tp;
            total.fp += c.fp;
            total.fn_ += c.fn_;
        }
        prf(total)
    }

    /// Prints the reference scorer's table.
    pub(crate) fn print(&self, out: &mut impl Write, show: bool) -> std::io::Result<()> {
        if show {
            for (doc, missed, extra) in &self.diffs {
                writeln!(out, "# {doc}")?;
                for t in missed {
                    writeln!(out, "  missed  {} {} {}", t.0, t.2, t.3)?;
                }
                for t in extra {
                    writeln!(out, "  extra   {} {} {}", t.0, t.2, t.3)?;
                }
            }
        }
        writeln!(out, "{:<12} {:>6} {:>6} {:>6}   tp  fp  fn", "field", "prec", "recall", "F1")?;
        for f in FIELDS {
            let c = self.per_field.get(f).copied().unwrap_or_default();
            let (p, r, f1) = prf(c);
            writeln!(out, "{f:<12} {p:6.3} {r:6.3} {f1:6.3} {:4} {:3} {:3}", c.tp, c.fp, c.fn_)?;
        }
        let (p, r, f1) = self.micro();
        writeln!(out, "documents: {}, command failures: {}", self.documents, self.failures)?;
        writeln!(out, "micro: precision {p:.3} recall {r:.3} F1 {f1:.3}")
    }
}

/// Scores the extractor on every document folder of `gold_dir`.
pub(crate) fn score_dir(gold_dir: &Path, extractor: &Extractor) -> Result<Score> {
    let mut score = Score::default();
    let docs = gold_folders(gold_dir)?;
    score.documents = docs.len();
    for doc in docs {
        let dir = gold_dir.join(&doc);
        let gold_file = dir.join("gold.json");
        if !gold_file.exists() {
            continue;
        }
        let gold = read_answers(&gold_file)?;
        let mut product_map = HashMap::new();
        for r in &gold {
            let canon = key(&str_of(&r["product"]).unwrap_or_default());
            for a in r["product_aliases"].as_array().into_iter().flatten().filter_map(str_of) {
                product_map.insert(key(&a), canon.clone());
            }
        }
        let pred = match predict(&dir, extractor) {
            Some(p) => p,
            None => {
                score.failures += 1;
                Vec::new()
            }
        };
        let g = tuples(&doc, &gold, &product_map);
        let p = tuples(&doc, &pred, &product_map);
        for t in g.intersection(&p) {
            score.per_field.entry(t.0).or_default().tp += 1;
        }
        let extra: Vec<Tuple> = p.difference(&g).cloned().collect();
        let missed: Vec<Tuple> = g.difference(&p).cloned().collect();
        for t in &extra {
            score.per_field.entry(t.0).or_default().fp += 1;
        }
        for t in &missed {
            score.per_field.entry(t.0).or_default().fn_ += 1;
        }
        if !extra.is_empty() || !missed.is_empty() {
            score.diffs.push((doc, missed, extra));
        }
    }
    Ok(score)
}

/// The sub-folders of a gold folder (one per document), sorted.
pub(crate) fn gold_folders(gold_dir: &Path) -> Result<Vec<String>> {
    let mut docs: Vec<String> = std::fs::read_dir(gold_dir)
        .with_context(|| format!("failed to read gold folder `{}`", gold_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("gold.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if docs.is_empty() {
        anyhow::bail!(
            "no gold documents in `{}`: expected one sub-folder per document holding gold.json and raw.html or text.txt",
            gold_dir.display()
        );
    }
    docs.sort();
    Ok(docs)
}

/// The checked records of a `gold.json`.
pub(crate) fn read_answers(gold_file: &Path) -> Result<Vec<Value>> {
    let text = std::fs::read_to_string(gold_file)
        .with_context(|| format!("failed to read `{}`", gold_file.display()))?;
    let gold: Value = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not valid JSON", gold_file.display()))?;
    Ok(gold["records"].as_array().cloned().unwrap_or_default())
}

/// A gold document's input (`raw.html`, else `text.txt`), parsed; `None` when it has none.
pub(crate) fn parse_input(dir: &Path) -> Result<Option<biowire_parse::Parsed>> {
    let Some(input) = ["raw.html", "text.txt"].iter().map(|n| dir.join(n)).find(|p| p.exists()) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&input).with_context(|| format!("failed to read `{}`", input.display()))?;
    let content_type = biowire_fetch::content_type_for(&input).map(str::to_string);
    let url = biowire_fetch::path_to_url(&input)?;
    let parsed = biowire_parse::parse(&FetchedPage { url, bytes, content_type })
        .with_context(|| format!("failed to parse `{}`", input.display()))?;
    Ok(Some(parsed))
}

/// The records extracted from a gold document's input, as JSON; `None` when it cannot be read.
fn predict(dir: &Path, extractor: &Extractor) -> Option<Vec<Value>> {
    let parsed = parse_input(dir).ok().flatten()?;
    let records = extractor.extract(&parsed.document);
    Some(records.iter().map(|r| serde_json::to_value(r).expect("record serializes")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_fold_like_the_reference_scorer() {
        assert_eq!(key("KJ-C2219"), "kjc2219");
        assert_eq!(key("Sjögren’s"), "sjogrens");
        assert_eq!(norm_company("The CARsgen Therapeutics Holdings Ltd."), "carsgentherapeutics");
        assert_eq!(norm_target("TNFRSF17"), "bcma");
        assert_eq!(norm_indication("SLE"), "systemiclupuserythematosus");
        assert_eq!(key("VYLOY™"), "vyloy");
        assert_eq!(norm_indication("Acute Myeloid Leukaemia"), "acutemyeloidleukemia");
        assert_eq!(norm_indication("oesophageal cancer"), "esophagealcancer");
        assert_eq!(norm_indication("Gastric adenocarcinoma"), "gastriccancer");
        assert_eq!(norm_indication("MDS"), norm_indication("myelodysplastic syndromes"));
        // `\bhaem` only folds at a word start.
        assert_eq!(fold_spelling("thaem haemophilia"), "thaem hemophilia");
    }

    #[test]
    fn tuples_use_product_aliases_and_skip_empty_values() {
        let map: HashMap<String, String> = [("ciltacel".to_string(), "carvykti".to_string())].into();
        let recs =
            vec![json!({"company": "Legend Biotech Corporation", "product": "cilta-cel", "modality": null,
            "targets": ["BCMA"], "indications": ["MM"], "milestone": {"kind": "clinical_data"}})];
        let t = tuples("d", &recs, &map);
        let fields: Vec<(&str, &str, &str)> = t.iter().map(|x| (x.0, x.2.as_str(), x.3.as_str())).collect();
        assert!(fields.contains(&("company", "", "legendbiotech")));
        assert!(fields.contains(&("product", "carvykti", "carvykti")));
        assert!(fields.contains(&("indications", "carvykti", "multiplemyeloma")));
        assert!(!fields.iter().any(|f| f.0 == "modality"));
    }

    #[test]
    fn micro_f1_from_counts() {
        let mut s = Score::default();
        s.per_field.insert("product", Counts { tp: 3, fp: 1, fn_: 0 });
        s.per_field.insert("company", Counts { tp: 1, fp: 0, fn_: 1 });
        let (p, r, f) = s.micro();
        assert!((p - 0.8).abs() < 1e-9 && (r - 0.8).abs() < 1e-9 && (f - 0.8).abs() < 1e-9);
    }
}
