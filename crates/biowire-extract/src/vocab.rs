//! The extractor's vocabularies, loaded from the TSV files under `config/`.
//!
//! The files are compiled into the binary so biowire works with no configuration, and
//! [`Vocabulary::from_dir`] reads edited copies at run time. A file over about 1 MB is kept
//! gzip-compressed (`diseases.tsv.gz`): `build.rs` decompresses it for the built-in tables,
//! `from_dir` at load time. Every file is parsed once into dictionaries and regexes; matching
//! never re-reads or re-compiles.
//!
//! The antigen and disease dictionaries are open-world (every protein-coding HGNC gene, every
//! human Mondo disease). Each entry has a [`Scope`]: `Common` for the curated seeds, matched
//! anywhere, and `Context` for the rest, which the extractor counts only where the text says it
//! is a target (antigens) or reads more strictly (diseases). The built-in dictionaries are
//! parsed at compile time (`build.rs`, with the same code as [`Vocabulary::from_dir`]) into
//! tables the binary borrows, so start-up does not pay for ~150,000 terms.

use biowire_core::{CellSource, MilestoneKind, Modality};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use crate::dictionary::{data_lines, parse_antigens, parse_diseases, LineError};
pub use crate::dictionary::{Dictionary, Scope, TermMatch};

/// The vocabulary files kept as plain text: name, and the content compiled in.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("antigens.tsv", include_str!("../../../config/antigens.tsv")),
    ("milestones.tsv", include_str!("../../../config/milestones.tsv")),
    ("modalities.tsv", include_str!("../../../config/modalities.tsv")),
    ("cell_sources.tsv", include_str!("../../../config/cell_sources.tsv")),
    ("product_exclusions.tsv", include_str!("../../../config/product_exclusions.tsv")),
];

/// The vocabulary files kept gzip-compressed (over 1 MB as text): name without `.gz`, and the
/// compressed bytes compiled in.
pub const BUILTIN_GZ_FILES: &[(&str, &[u8])] =
    &[("diseases.tsv", include_bytes!("../../../config/diseases.tsv.gz"))];

/// The antigen and disease dictionaries `build.rs` compiled from the files above.
static BUILTIN_ANTIGENS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/antigens.dict"));
static BUILTIN_DISEASES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/diseases.dict"));

/// Errors while loading a vocabulary; each names the file and line.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// A file could not be read.
    #[error("cannot read vocabulary `{path}`: {cause}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        cause: std::io::Error,
    },
    /// A line is malformed.
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file name.
        file: String,
        /// One-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl From<LineError> for VocabError {
    fn from(e: LineError) -> Self {
        VocabError::Line { file: e.file, line: e.line, message: e.message }
    }
}

/// A cue regex with an optional veto.
#[derive(Debug, Clone)]
pub struct Cue<T> {
    /// What the cue signals.
    pub value: T,
    /// The cue.
    pub pattern: Regex,
    /// A pattern that, found in the same sentence, cancels the cue.
    pub unless: Option<Regex>,
}

impl<T: Copy> Cue<T> {
    /// The first place the cue fires in `sentence`, unless vetoed.
    pub fn find(&self, sentence: &str) -> Option<(usize, usize)> {
        let m = self.pattern.find(sentence)?;
        if self.unless.as_ref().is_some_and(|u| u.is_match(sentence)) {
            return None;
        }
        Some((m.start(), m.end()))
    }
}

/// All vocabularies the extractor uses.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Antigens.
    pub antigens: Dictionary,
    /// Diseases.
    pub diseases: Dictionary,
    /// Milestone cues, in file order.
    pub milestones: CueSet<MilestoneKind>,
    /// Modality cues, in priority order.
    pub modalities: CueSet<Modality>,
    /// Cell-source cues.
    pub cell_sources: CueSet<CellSource>,
    /// Patterns of words that are never products.
    pub not_products: RegexSet,
}

/// An ordered list of cues; the order is the priority where it matters (modalities).
///
/// A `RegexSet` over the cues was tried and was ten times slower: a set cannot use each
/// pattern's literal prefilter, and these patterns are mostly literal words.
#[derive(Debug, Clone)]
pub struct CueSet<T> {
    cues: Vec<Cue<T>>,
    /// All cue patterns as one alternation: a sentence it does not match has no cue, and the
    /// cues one by one need not run (most sentences of a release).
    any: Option<Regex>,
}

impl<T> CueSet<T> {
    fn new(cues: Vec<Cue<T>>) -> Self {
        CueSet { cues, any: None }
    }

    /// Like [`CueSet::new`], with the one-pass test [`CueSet::may_match`] uses.
    fn with_any(cues: Vec<Cue<T>>) -> Self {
        let joined = cues.iter().map(|c| format!("(?:{})", c.pattern.as_str())).collect::<Vec<_>>().join("|");
        let any = RegexBuilder::new(&joined).case_insensitive(true).size_limit(1 << 24).build().ok();
        CueSet { cues, any }
    }

    /// False only when no cue can fire in `sentence`.
    pub fn may_match(&self, sentence: &str) -> bool {
        self.any.as_ref().is_none_or(|r| r.is_match(sentence))
    }

    /// Number of cues.
    pub fn len(&self) -> usize {
        self.cues.len()
    }

    /// True when there are no cues.
    pub fn is_empty(&self) -> bool {
        self.cues.is_empty()
    }

    /// The cues in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Cue<T>> {
        self.cues.iter()
    }
}

/// The antigen and disease dictionaries compiled into the binary (slices of its bytes).
pub(crate) fn builtin_dictionaries() -> (Dictionary, Dictionary) {
    let antigens = Dictionary::from_bytes(BUILTIN_ANTIGENS).expect("built-in antigens are valid");
    let diseases = Dictionary::from_bytes(BUILTIN_DISEASES).expect("built-in diseases are valid");
    (antigens, diseases)
}

impl Vocabulary {
    /// The vocabularies compiled into the binary.
    pub fn builtin() -> Self {
        Self::from_sources(Some(builtin_dictionaries()), |name| {
            let text = BUILTIN_FILES.iter().find(|(n, _)| *n == name).map_or("", |(_, c)| *c);
            Ok((name.to_string(), Cow::Borrowed(text)))
        })
        .expect("built-in vocabularies are valid")
    }

    /// Reads the vocabulary files from a folder (the layout of `config/`). Each file may be
    /// plain (`diseases.tsv`) or gzip-compressed (`diseases.tsv.gz`); the plain one wins when
    /// both are there.
    pub fn from_dir(dir: &Path) -> Result<Self, VocabError> {
        Self::from_sources(None, |name| {
            let path = dir.join(name);
            let read_error =
                |path: &Path, source| VocabError::Read { path: path.display().to_string(), cause: source };
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok((name.to_string(), Cow::Owned(text))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let gz = dir.join(format!("{name}.gz"));
                    match std::fs::read(&gz) {
                        Ok(bytes) => gunzip(&bytes, &gz.display().to_string())
                            .map(|text| (format!("{name}.gz"), Cow::Owned(text))),
                        Err(g) if g.kind() == std::io::ErrorKind::NotFound => Err(read_error(&path, e)),
                        Err(g) => Err(read_error(&gz, g)),
                    }
                }
                Err(e) => Err(read_error(&path, e)),
            }
        })
    }

    /// Builds the vocabularies from `read(name)`: the file name to report in errors, and its
    /// text; the antigen and disease dictionaries are parsed unless given.
    fn from_sources(
        dictionaries: Option<(Dictionary, Dictionary)>,
        read: impl Fn(&str) -> Result<(String, Cow<'static, str>), VocabError>,
    ) -> Result<Self, VocabError> {
        let (antigens, diseases) = match dictionaries {
            Some(d) => d,
            None => {
                let (antigens_file, antigens) = read("antigens.tsv")?;
                let (diseases_file, diseases) = read("diseases.tsv")?;
                (parse_antigens(&antigens_file, &antigens)?, parse_diseases(&diseases_file, &diseases)?)
            }
        };
        let text = |name: &str| read(name).map(|(_, t)| t);
        Ok(Vocabulary {
            antigens,
            diseases,
            milestones: CueSet::new(parse_cues("milestones.tsv", &text("milestones.tsv")?)?),
            modalities: CueSet::with_any(parse_cues("modalities.tsv", &text("modalities.tsv")?)?),
            cell_sources: CueSet::new(parse_cues("cell_sources.tsv", &text("cell_sources.tsv")?)?),
            not_products: {
                let patterns = parse_patterns("product_exclusions.tsv", &text("product_exclusions.tsv")?)?;
                RegexSetBuilder::new(patterns.iter().map(Regex::as_str))
                    .case_insensitive(true)
                    .build()
                    .expect("patterns that compiled alone compile as a set")
            },
        })
    }
}

/// The text of a gzip-compressed vocabulary file.
fn gunzip(bytes: &[u8], path: &str) -> Result<String, VocabError> {
    let mut text = String::with_capacity(bytes.len() * 5);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|source| VocabError::Read { path: path.to_string(), cause: source })?;
    Ok(text)
}

fn compile(file: &str, line: usize, pattern: &str) -> Result<Regex, VocabError> {
    let expanded = ascii_words(&pattern.replace("(?:W)", r"(?:[\w’'/&.-]+[\s,]+)"));
    RegexBuilder::new(&expanded)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| VocabError::Line { file: file.into(), line, message: format!("bad regex: {e}") })
}

/// Cue words are English: ASCII word classes and word boundaries keep the compiled automata
/// small (a Unicode `\w` repeated in `(?:W){0,7}` is thousands of states, and a Unicode `\b`
/// sends the search to a slower engine on every non-ASCII byte).
pub(crate) fn ascii_words(pattern: &str) -> String {
    pattern.replace(r"\w", "[0-9A-Za-z_]").replace(r"\b", r"(?-u:\b)")
}

/// Compiling the cue regexes is most of a process's start-up, so with two cores or more the
/// second half of a long file (by pattern length) compiles on another thread. The cues keep file
/// order, and the bad line reported is the first in file order, as when compiled in one thread.
fn parse_cues<T: std::str::FromStr<Err = biowire_core::UnknownValue> + Send>(
    file: &str,
    content: &str,
) -> Result<Vec<Cue<T>>, VocabError> {
    let lines: Vec<(usize, &str)> = data_lines(content).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if lines.len() < 8 || cores < 2 {
        return parse_cue_lines(file, &lines);
    }
    let total: usize = lines.iter().map(|(_, l)| l.len()).sum();
    let mut seen = 0;
    let mid = lines
        .iter()
        .position(|(_, l)| {
            seen += l.len();
            seen * 2 >= total
        })
        .map_or(lines.len(), |i| i + 1);
    let (first, second) = lines.split_at(mid);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| parse_cue_lines(file, second));
        let mut out = parse_cue_lines(file, first)?;
        out.extend(second.join().expect("compiling cues does not panic")?);
        Ok(out)
    })
}

fn parse_cue_lines<T: std::str::FromStr<Err = biowire_core::UnknownValue>>(
    file: &str,
    lines: &[(usize, &str)],
) -> Result<Vec<Cue<T>>, VocabError> {
    let mut out = Vec::new();
    for &(n, line) in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(VocabError::Line {
                file: file.into(),
                line: n,
                message: "expected a value, a tab and a pattern".into(),
            });
        }
        let value = cols[0].trim().parse::<T>().map_err(|e| VocabError::Line {
            file: file.into(),
            line: n,
            message: e.to_string(),
        })?;
        let pattern = compile(file, n, cols[1])?;
        let unless = match cols.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(u) => Some(compile(file, n, u)?),
            None => None,
        };
        out.push(Cue { value, pattern, unless });
    }
    Ok(out)
}

fn parse_patterns(file: &str, content: &str) -> Result<Vec<Regex>, VocabError> {
    data_lines(content).map(|(n, l)| compile(file, n, l.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(d: &'a Dictionary, text: &str) -> Vec<(&'a str, Scope)> {
        d.find_all(text).iter().map(|m| (d.name(m.canonical), m.scope)).collect()
    }

    #[test]
    fn a_disease_that_arises_from_another_is_among_its_subtypes_but_not_under_it() {
        let v = Vocabulary::builtin();
        let d = &v.diseases;
        let sle = d.lookup_index("SLE").unwrap();
        let ln = d.lookup_index("lupus nephritis").unwrap();
        assert_eq!(d.arises_from(ln).collect::<Vec<_>>(), ["MONDO:0007915"]);
        assert!(d.descendants(sle).contains(&ln), "lupus nephritis arises from SLE");
        // Extraction's "broader than" rules read only `is_a`: SLE is not above lupus nephritis.
        assert!(!d.is_under(ln, sle));
        assert!(d.parents(ln).all(|p| p.starts_with("MONDO:")));
    }

    #[test]
    fn the_one_pass_test_never_hides_a_modality_cue() {
        let v = Vocabulary::builtin();
        for s in [
            "AB-101 is an allogeneic CAR-T cell therapy.",
            "an antibody-drug conjugate directed at TROP2",
            "The company continues to enroll patients at sites in Europe.",
            "a lutetium-177 radioligand",
            "zotanib, an oral small-molecule inhibitor",
        ] {
            let any_cue = v.modalities.iter().any(|c| c.pattern.is_match(s));
            assert_eq!(v.modalities.may_match(s), any_cue, "{s}");
        }
    }

    #[test]
    fn british_spellings_and_lineage_forms_find_the_american_names() {
        let v = Vocabulary::builtin();
        let names =
            |t: &str| found(&v.diseases, t).into_iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
        assert_eq!(names("patients with oesophageal cancer"), names("patients with esophageal cancer"));
        assert!(!names("patients with oesophageal cancer").is_empty());
        assert_eq!(names("a T-cell lymphoblastic lymphoma"), names("a T-lymphoblastic lymphoma"));
        assert!(!names("a T-cell lymphoblastic lymphoma").is_empty());
        assert_eq!(names("generalized myasthenia gravis (gMG)")[0], "generalized myasthenia gravis");
        // Synonyms have their plurals, as labels do.
        assert_eq!(names("children with malignant brain tumours"), names("a malignant brain tumour"));
        assert!(!names("a malignant brain tumour").is_empty());
    }

    #[test]
    fn a_kind_of_a_seed_disease_reads_as_the_seed_with_a_qualifier_and_cancer_as_carcinoma() {
        let v = Vocabulary::builtin();
        let names =
            |t: &str| found(&v.diseases, t).into_iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
        // Mondo's label is "non-small cell squamous lung carcinoma".
        let squamous = ["squamous non-small cell lung cancer"];
        assert_eq!(names("advanced squamous non-small cell lung cancer"), squamous);
        assert_eq!(names("advanced non-small cell squamous lung carcinoma"), squamous);
        assert_eq!(names("patients with invasive lobular breast cancer"), ["invasive lobular breast cancer"]);
        assert_eq!(
            names("patients with invasive lobular breast carcinoma"),
            ["invasive lobular breast cancer"]
        );
        // A negated kind is not renamed after the seed it is not.
        assert!(!names("non-autoimmune hemolytic anemia")
            .contains(&"non autoimmune hemolytic anemia".to_string()));
    }

    #[test]
    fn builtin_vocabulary_loads() {
        let v = Vocabulary::builtin();
        assert!(v.antigens.len() > 19_000, "{}", v.antigens.len());
        assert!(v.diseases.len() > 20_000, "{}", v.diseases.len());
        assert!(v.antigens.term_count() > 40_000 && v.diseases.term_count() > 80_000);
        assert_eq!(v.antigens.names().len(), v.antigens.len());
        assert!(v.milestones.len() > 10);
    }

    #[test]
    fn antigen_symbols_match_with_case_and_on_boundaries() {
        let v = Vocabulary::builtin();
        let names = |t: &str| {
            v.antigens
                .find_all(t)
                .iter()
                .map(|m| v.antigens.name(m.canonical).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("targets CD19/CD20 and TNFRSF17"), ["CD19", "CD20", "BCMA"]);
        assert_eq!(names("a CD19xCD20 construct"), ["CD19", "CD20"]);
        assert_eq!(names("a BCMAxCD3 T-cell engager"), ["BCMA", "CD3"]);
        assert_eq!(
            names("B-cell maturation antigen and Claudin 18.2 and mesothelin"),
            ["BCMA", "CLDN18.2", "MSLN"]
        );
        assert!(names("the cd19 word, CD190, XCD19, CD19CD20").is_empty());
        // Lookup-only aliases normalize queries but are not read in text.
        assert_eq!(v.antigens.lookup("B1"), Some("CD20"));
        assert!(names("Phase 1 cohort B1 enrolled").is_empty());
    }

    #[test]
    fn seeds_keep_their_canonical_names_and_scope() {
        let v = Vocabulary::builtin();
        for (term, canonical) in [
            ("TNFRSF17", "BCMA"),
            ("MS4A1", "CD20"),
            ("ERBB2", "HER2"),
            ("CD276", "B7-H3"),
            ("claudin 18.2", "CLDN18.2"),
        ] {
            assert_eq!(v.antigens.lookup(term), Some(canonical), "{term}");
            let i = v.antigens.lookup_index(term).unwrap();
            assert_eq!(v.antigens.scope(i), Scope::Common);
        }
        assert_eq!(v.antigens.hgnc_id(v.antigens.lookup_index("BCMA").unwrap()), Some("HGNC:11913"));
        assert_eq!(
            found(&v.diseases, "in stomach cancer and plasma cell myeloma"),
            [("gastric cancer", Scope::Common), ("multiple myeloma", Scope::Common)]
        );
        let mm = v.diseases.lookup_index("multiple myeloma").unwrap();
        assert_eq!(v.diseases.mondo_id(mm), Some("MONDO:0009693"));
        assert!(v.diseases.parents(mm).all(|p| p.starts_with("MONDO:")));
        assert!(v.diseases.parents(mm).count() >= 1);
        assert_eq!(v.diseases.lookup("SLE"), Some("systemic lupus erythematosus"));
    }

    #[test]
    fn open_world_diseases_are_found_with_context_scope() {
        let v = Vocabulary::builtin();
        let text = "for Fabry disease, Pompe disease, hepatosplenic T-cell lymphoma and bullous pemphigoid";
        let got = found(&v.diseases, text);
        assert_eq!(
            got,
            [
                ("fabry disease", Scope::Context),
                ("glycogen storage disease ii", Scope::Context),
                ("hepatosplenic t-cell lymphoma", Scope::Context),
                ("bullous pemphigoid", Scope::Context),
            ]
        );
        let fabry = v.diseases.lookup_index("Anderson-Fabry disease").unwrap();
        assert_eq!(v.diseases.mondo_id(fabry), Some("MONDO:0010526"));
        assert!(v.diseases.parents(fabry).count() >= 1);
        // Plurals of names ending in a disease noun, and seeds written in the plural.
        assert_eq!(
            found(&v.diseases, "B-cell malignancies, myelodysplastic syndromes and B-cell lymphomas"),
            [
                ("b-cell malignancies", Scope::Common),
                ("myelodysplastic syndromes", Scope::Common),
                ("b-cell non-hodgkin lymphoma", Scope::Common)
            ]
        );
        assert_eq!(
            found(&v.diseases, "hepatosplenic T-cell lymphomas"),
            [("hepatosplenic t-cell lymphoma", Scope::Context)]
        );
    }

    #[test]
    fn open_world_antigens_are_context_only_entries() {
        let v = Vocabulary::builtin();
        // An adhesion protein and a kinase that no seed names.
        assert_eq!(
            found(&v.antigens, "an ICAM1-directed antibody and an FGFR2 inhibitor"),
            [("ICAM1", Scope::Context), ("FGFR2", Scope::Context)]
        );
        // Three-letter symbols start product codes too (`LUM-201`): lookup-only.
        assert_eq!(v.antigens.lookup("btk"), Some("BTK"));
        assert!(v.antigens.find_all("a BTK degrader, LUM-201").is_empty());
        let icam = v.antigens.lookup_index("CD54").unwrap();
        assert_eq!(v.antigens.name(icam), "ICAM1");
        assert_eq!(v.antigens.hgnc_id(icam), Some("HGNC:5344"));
        assert_eq!(v.antigens.scope(icam), Scope::Context);
    }

    #[test]
    fn english_words_are_lookup_only() {
        let v = Vocabulary::builtin();
        // Gene symbols and aliases that are English words normalize a query but are never read.
        for word in ["SET", "KIT", "CAMP", "IMPACT"] {
            assert_eq!(v.antigens.lookup(word), Some(word), "{word}");
            assert!(v.antigens.find_all(&format!("A {word} of results")).is_empty(), "{word}");
        }
        assert!(v.antigens.find_all("the CAR T cells and the FDA").is_empty());
        // So are disease synonyms and abbreviations that are English words.
        assert_eq!(v.diseases.lookup("depression"), Some("depressive disorder"));
        assert!(v.diseases.find_all("a depression in the market").is_empty());
        assert!(v.diseases.find_all("the COLD chain").is_empty());
        // Generic grouping roots, broad classes and adverse events of treatment are not
        // diseases a release develops a product for.
        let text = "a cancer company developing medicines for disease, autoimmune disease and \
                    adenocarcinoma; no cytokine release syndrome was seen";
        assert_eq!(found(&v.diseases, text), []);
        assert_eq!(v.diseases.lookup("cancer"), Some("cancer"));
        assert_eq!(v.diseases.lookup("cytokine storm"), Some("cytokine release syndrome"));
    }

    #[test]
    fn susceptibility_and_nos_terms_are_absent() {
        let v = Vocabulary::builtin();
        let bad = |n: &&String| {
            n.contains("susceptib")
                || n.contains("not otherwise specified")
                || n.split(|c: char| !c.is_alphanumeric()).any(|w| w == "nos")
        };
        assert_eq!(v.diseases.names().iter().find(bad), None);
        assert_eq!(v.diseases.lookup("peripheral T-cell lymphoma, not otherwise specified"), None);
        assert_eq!(v.diseases.lookup("breast cancer, susceptibility to"), None);
        // Stage and relapse forms are left to the core name.
        assert_eq!(found(&v.diseases, "relapsed multiple myeloma"), [("multiple myeloma", Scope::Common)]);
    }

    #[test]
    fn disease_abbreviations_are_case_sensitive_and_flag_ambiguity() {
        let v = Vocabulary::builtin();
        let found = v
            .diseases
            .find_all("patients with SLE, all of them, and ALL and relapsed/refractory multiple myeloma");
        let got: Vec<(&str, bool)> =
            found.iter().map(|m| (v.diseases.name(m.canonical), m.ambiguous)).collect();
        assert_eq!(
            got,
            [
                ("systemic lupus erythematosus", false),
                ("acute lymphoblastic leukemia", true),
                ("multiple myeloma", false)
            ]
        );
    }

    #[test]
    fn matching_folds_dashes_apostrophes_and_spaces() {
        let v = Vocabulary::builtin();
        let got = found(&v.diseases, "non\u{2011}Hodgkin  lymphoma and Sj\u{f6}gren\u{2019}s syndrome");
        assert_eq!(got, [("non-hodgkin lymphoma", Scope::Common), ("sj\u{f6}gren's disease", Scope::Common)]);
    }

    #[test]
    fn compiled_dictionaries_equal_parsed_ones() {
        let parsed = parse_antigens("antigens.tsv", BUILTIN_FILES[0].1).unwrap();
        let bytes: &'static [u8] = Box::leak(parsed.to_bytes().into_boxed_slice());
        let loaded = Dictionary::from_bytes(bytes).unwrap();
        let builtin = Vocabulary::builtin().antigens;
        let text = "CD19, BCMA, ICAM1-directed, TNFRSF17, HER2/neu, CD3ε and c-Met";
        assert_eq!(loaded.find_all(text), parsed.find_all(text));
        assert_eq!(builtin.find_all(text), parsed.find_all(text));
        assert_eq!((builtin.len(), builtin.term_count()), (parsed.len(), parsed.term_count()));
        assert!(Dictionary::from_bytes(b"not a dictionary").is_none());
        let truncated: &'static [u8] = Box::leak(bytes[..bytes.len() / 2].to_vec().into_boxed_slice());
        assert!(Dictionary::from_bytes(truncated).is_none());
    }

    #[test]
    fn a_bad_line_is_reported_with_file_and_line() {
        let err = parse_cues::<MilestoneKind>("milestones.tsv", "# c\nfirst_patient_dosed\tfirst (patient\n")
            .unwrap_err();
        assert!(err.to_string().starts_with("milestones.tsv:2: bad regex"), "{err}");
        let err = parse_cues::<MilestoneKind>("milestones.tsv", "dosing\tfirst\n").unwrap_err();
        assert!(err.to_string().contains("unknown milestone kind `dosing`"), "{err}");
        // A long file compiles in two halves; the first bad line in file order is reported,
        // and good cues keep their order.
        let good: String = (0..20).map(|i| format!("first_patient_dosed\tcue{i}\n")).collect();
        let cues = parse_cues::<MilestoneKind>("milestones.tsv", &good).unwrap();
        let order: Vec<&str> = cues.iter().map(|c| c.pattern.as_str()).collect();
        assert_eq!(order, (0..20).map(|i| format!("cue{i}")).collect::<Vec<_>>());
        let bad = good.replace("cue3\n", "cue(\n").replace("cue17\n", "cue(\n");
        let err = parse_cues::<MilestoneKind>("milestones.tsv", &bad).unwrap_err();
        assert!(err.to_string().starts_with("milestones.tsv:4: bad regex"), "{err}");
        let err = VocabError::from(
            parse_diseases("diseases.tsv", "# c\nok\t\t\t\tcommon\nBad Name\n").unwrap_err(),
        );
        assert!(err.to_string().starts_with("diseases.tsv:3: canonical name `Bad Name`"), "{err}");
        let err = VocabError::from(
            parse_antigens("antigens.tsv", "CD19\t\t\tcommon\nCD20\t\t\tsometimes\n").unwrap_err(),
        );
        assert_eq!(err.to_string(), "antigens.tsv:2: scope `sometimes` must be `common` or `context`");
    }

    #[test]
    fn from_dir_reads_plain_and_gzip_files() {
        let dir = std::env::temp_dir().join(format!("biowire-vocab-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, content) in BUILTIN_FILES {
            std::fs::write(dir.join(name), content).unwrap();
        }
        for (name, bytes) in BUILTIN_GZ_FILES {
            std::fs::write(dir.join(format!("{name}.gz")), bytes).unwrap();
        }
        let v = Vocabulary::from_dir(&dir).unwrap();
        assert_eq!(v.diseases.len(), Vocabulary::builtin().diseases.len());
        assert_eq!(v.diseases.lookup("Fabry disease"), Some("fabry disease"));
        // A bad line in a compressed file names the file and line.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"# head\nfine\t\t\t\tcontext\nNot Lowercase\n").unwrap();
        std::fs::write(dir.join("diseases.tsv.gz"), gz.finish().unwrap()).unwrap();
        let err = Vocabulary::from_dir(&dir).unwrap_err();
        assert!(err.to_string().starts_with("diseases.tsv.gz:3: canonical name"), "{err}");
        // A plain file beside the compressed one wins.
        std::fs::write(dir.join("diseases.tsv"), "lupus\t\t\t\tcommon\n").unwrap();
        assert_eq!(Vocabulary::from_dir(&dir).unwrap().diseases.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
