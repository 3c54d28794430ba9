//! Turns a press release's main text into [`Record`]s, each field with its evidence.
//!
//! The extractor owns the rules that read a release: its anatomy (body, quotes, "About"
//! sections, boilerplate: [`segment`](crate)), product names and their aliases, the announcing
//! company, antigens and diseases through dictionaries kept as data under `config/`
//! ([`Vocabulary`]), milestone cues, and the assembly of records. It is a pure, synchronous
//! function of a [`Document`]: no I/O once the vocabulary is loaded, no clock.
//!
//! ```
//! use biowire_core::{Document, MilestoneKind};
//! use biowire_extract::Extractor;
//!
//! let mut doc = Document::new(
//!     "file:///release.txt",
//!     "BOSTON, Feb. 10, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the first \
//!      patient has been dosed with AB-101, its allogeneic CD19-directed CAR-T, in a Phase 1 \
//!      trial in systemic lupus erythematosus (SLE)."
//!         .to_string(),
//! );
//! doc.title = Some("Acme Bio Doses First Patient With AB-101 in Lupus".into());
//! doc.published = Some("2026-02-10".into());
//! let records = Extractor::builtin().extract(&doc);
//! assert_eq!(records.len(), 1);
//! let r = &records[0];
//! assert_eq!(r.company.as_deref(), Some("Acme Bio, Inc."));
//! assert_eq!(r.product.as_deref(), Some("AB-101"));
//! assert_eq!(r.targets, ["CD19"]);
//! assert_eq!(r.indications, ["systemic lupus erythematosus"]);
//! assert_eq!(r.milestone.kind, MilestoneKind::FirstPatientDosed);
//! assert_eq!(r.milestone.date.as_deref(), Some("2026-02-10"));
//! ```

mod company;
mod dictionary;
mod products;
mod records;
mod segment;
mod vocab;

pub use vocab::{Dictionary, Scope, TermMatch, VocabError, Vocabulary, BUILTIN_FILES, BUILTIN_GZ_FILES};

use biowire_core::{Document, Mention, Record};
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// Compiles one of the extractor's own patterns; they are constants, so a failure is a bug
/// caught by the first test that touches it.
pub(crate) fn builtin_regex(pattern: &str) -> Regex {
    Regex::new(&vocab::ascii_words(pattern))
        .unwrap_or_else(|e| panic!("built-in pattern `{pattern}` is invalid: {e}"))
}

/// The record extractor. Cheap to clone; build it once and share it.
#[derive(Debug, Clone)]
pub struct Extractor {
    vocab: Arc<Vocabulary>,
}

static BUILTIN: LazyLock<Extractor> = LazyLock::new(|| {
    // Compiling patterns is most of a one-file command's start-up. With a second core, the
    // extractor's own patterns compile there while this thread compiles the vocabularies' cues;
    // a pattern the first document needs before that thread reaches it waits on its lock, so
    // nothing is compiled twice. The thread is not joined: its work is only ever ahead of need.
    if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
        let _ = std::thread::Builder::new().name("warm-patterns".into()).spawn(warm_patterns);
    }
    Extractor::new(Vocabulary::builtin())
});

/// The antigen and disease dictionaries alone: what turning a user's term into a canonical
/// name needs. The built-in ones load in about a millisecond, where a whole [`Extractor`]
/// compiles its patterns first, so the search commands start with these.
#[derive(Debug, Clone, Copy)]
pub struct Terms<'a> {
    antigens: &'a Dictionary,
    diseases: &'a Dictionary,
}

static BUILTIN_TERMS: LazyLock<(Dictionary, Dictionary)> = LazyLock::new(vocab::builtin_dictionaries);

impl Terms<'static> {
    /// The dictionaries compiled into the binary, without the rest of the vocabularies.
    pub fn builtin() -> Self {
        Terms { antigens: &BUILTIN_TERMS.0, diseases: &BUILTIN_TERMS.1 }
    }
}

impl Terms<'_> {
    /// Canonical antigen symbol for a user's term (`MS4A1` → `CD20`).
    pub fn normalize_antigen(&self, term: &str) -> Option<String> {
        self.antigens.lookup(term).map(str::to_string)
    }

    /// Canonical disease name for a user's term (`SLE`, `lupus` → systemic lupus erythematosus).
    pub fn normalize_disease(&self, term: &str) -> Option<String> {
        self.diseases.lookup(term).map(str::to_string)
    }

    /// The diseases a search for `term` means: its canonical name, and with `subtypes` every
    /// disease under it in Mondo. A broad class that records never carry (`lymphoma`,
    /// `leukemia`: lookup-only) always means its subtypes. `None` for an unknown term.
    pub fn disease_search_names(&self, term: &str, subtypes: bool) -> Option<Vec<String>> {
        let d = self.diseases;
        let i = d.lookup_index(term)?;
        let mut names = vec![d.name(i).to_string()];
        if subtypes || !d.is_matchable(i) {
            names.extend(d.descendants(i).into_iter().map(|c| d.name(c).to_string()));
        }
        Some(names)
    }
}

/// Compiles every built-in pattern of the extractor now instead of at first use.
pub(crate) fn warm_patterns() {
    segment::warm();
    records::warm();
    company::warm();
    products::warm();
}

impl Extractor {
    /// An extractor over the given vocabularies.
    pub fn new(vocab: Vocabulary) -> Self {
        Extractor { vocab: Arc::new(vocab) }
    }

    /// The extractor over the vocabularies compiled into the binary, built once per process.
    pub fn builtin() -> Self {
        BUILTIN.clone()
    }

    /// The vocabularies in use.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// The records a document announces; empty for releases without product news.
    pub fn extract(&self, doc: &Document) -> Vec<Record> {
        records::extract(&self.vocab, doc)
    }

    /// Every antigen and disease the document mentions, with zone and offsets: the
    /// high-recall layer search falls back on where no record was made.
    pub fn mentions(&self, doc: &Document) -> Vec<Mention> {
        records::mentions(&self.vocab, doc)
    }

    /// [`Extractor::extract`] and [`Extractor::mentions`] together, reading the document's
    /// sentences once: what ingest needs.
    pub fn extract_with_mentions(&self, doc: &Document) -> (Vec<Record>, Vec<Mention>) {
        records::extract_with_mentions(&self.vocab, doc)
    }

    /// The antigen and disease dictionaries of this extractor's vocabularies.
    pub fn terms(&self) -> Terms<'_> {
        Terms { antigens: &self.vocab.antigens, diseases: &self.vocab.diseases }
    }

    /// Canonical antigen symbol for a user's term (`MS4A1` → `CD20`).
    pub fn normalize_antigen(&self, term: &str) -> Option<String> {
        self.terms().normalize_antigen(term)
    }

    /// Canonical disease name for a user's term (`SLE`, `lupus` → systemic lupus erythematosus).
    pub fn normalize_disease(&self, term: &str) -> Option<String> {
        self.terms().normalize_disease(term)
    }
}

#[cfg(test)]
mod warm_tests {
    /// A pattern left out of its module's `warm` list would silently compile at first use
    /// again, on the path start-up is timed on.
    #[test]
    fn every_static_pattern_is_warmed() {
        for (file, source) in [
            ("records.rs", include_str!("records.rs")),
            ("company.rs", include_str!("company.rs")),
            ("products.rs", include_str!("products.rs")),
            ("segment.rs", include_str!("segment.rs")),
        ] {
            let (code, _) = source
                .split_once("\nfn warm()")
                .or_else(|| source.split_once("\npub(crate) fn warm()"))
                .unwrap();
            let warm = &source[code.len()..];
            let warm = &warm[..warm.find("\n}\n").unwrap()];
            let statics = code
                .lines()
                .filter_map(|l| {
                    l.trim_start()
                        .strip_prefix("static ")
                        .or_else(|| l.trim_start().strip_prefix("pub(crate) static "))
                })
                .filter(|l| l.contains(": LazyLock<"))
                .map(|l| &l[..l.find(':').unwrap()])
                .collect::<Vec<_>>();
            assert!(!statics.is_empty(), "{file}");
            for name in statics {
                assert!(warm.contains(&format!("&{name}")), "{file}: {name} is not in warm()");
            }
        }
        super::warm_patterns();
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Arbitrary text never panics, and every evidence span lies inside the text.
        #[test]
        fn extract_never_panics_and_evidence_is_in_bounds(text in "\\PC{0,600}", title in proptest::option::of("\\PC{0,80}")) {
            let mut doc = Document::new("file:///p", text);
            doc.title = title;
            doc.published = Some("2026-02-10".into());
            let chars = doc.text.chars().count();
            for r in Extractor::builtin().extract(&doc) {
                for e in r.evidence {
                    prop_assert!(e.start <= e.end && e.end <= chars);
                }
            }
        }

        /// Generated releases always yield their record, and every evidence span is the text it
        /// points at (the headline's evidence is the headline itself), whatever noise follows.
        #[test]
        fn generated_releases_yield_records_whose_evidence_is_the_text_it_points_at(
            // Non-ASCII before the evidence: offsets are characters, not bytes.
            city in proptest::sample::select(vec!["BOSTON", "ZÜRICH", "SÃO PAULO"]),
            company in proptest::sample::select(vec!["Acme Bio, Inc.", "Nordlys Therapeutics", "Qirin Cell Co., Ltd."]),
            // Code prefixes that are no English or finance abbreviation (`FY-10` is a fiscal year).
            prefix in proptest::sample::select(vec!["AB", "XR", "KTX", "LMB", "QZ", "CTX"]),
            number in 10u32..9999,
            antigen in proptest::sample::select(vec!["CD19", "BCMA", "CD20", "GPRC5D"]),
            disease in proptest::sample::select(vec!["multiple myeloma", "systemic lupus erythematosus", "follicular lymphoma"]),
            milestone in proptest::sample::select(vec![
                "the first patient has been dosed with {p}",
                "the FDA has cleared its IND for {p}",
                "the FDA has granted Orphan Drug Designation to {p}",
            ]),
            noise in proptest::collection::vec(prop_oneof![
                Just("“"), Just("”"), Just("said"), Just("About"), Just("\n\n"), Just("lupus"), Just("(SLE)"),
                Just("Inc.,"), Just("--"), Just("Phase 1/2"), Just("NCT01234567"), Just("®"), Just("é"), Just("."),
                Just("x"), Just("CD22"), Just("autologous")], 0..40),
        ) {
            let code = format!("{prefix}-{number}");
            let milestone = milestone.replace("{p}", &code);
            let text = format!(
                "{city}, March 3, 2026 /PRNewswire/ -- {company} today announced that {milestone}, an allogeneic \
                 {antigen}-directed CAR-T cell therapy, for patients with {disease}.\n\n{}",
                noise.join(" ")
            );
            let mut doc = Document::new("file:///p", text);
            doc.title = Some(format!("{company} Announces Progress With {code}"));
            let records = Extractor::builtin().extract(&doc);
            prop_assert!(records.iter().any(|r| r.product.as_deref() == Some(code.as_str())), "{records:?}");
            let chars: Vec<char> = doc.text.chars().collect();
            for r in &records {
                prop_assert!(!r.evidence.is_empty());
                for e in &r.evidence {
                    prop_assert!(e.start <= e.end && e.end <= chars.len());
                    if e.start == e.end {
                        prop_assert_eq!(Some(&e.text), doc.title.as_ref());
                    } else {
                        let span: String = chars[e.start..e.end].iter().collect();
                        prop_assert_eq!(&span, &e.text);
                    }
                }
            }
        }

        /// Release-like text assembled from the words the rules look for.
        #[test]
        fn release_vocabulary_soup_never_panics(words in proptest::collection::vec(prop_oneof![
            Just("CD19/CD20"), Just("CD19xCD20"), Just("BCMA"), Just("first patient dosed"), Just("IND"),
            Just("cleared"), Just("“"), Just("”"), Just("\"said"), Just("About"), Just("\n\n"), Just("KJ-C2219"),
            Just("(SLE)"), Just("lupus"), Just("ALL"), Just("Inc.,"), Just("--"), Just("Feb. 10,"), Just("2026"),
            Just("unlike autologous"), Just("allogeneic"), Just("Phase 1/2"), Just("NCT01234567"), Just("®"),
            Just("ciltacabtagene autoleucel"), Just("."), Just("x"), Just("-"), Just("(")], 0..120)) {
            let doc = Document::new("file:///p", words.join(" "));
            let _ = Extractor::builtin().extract(&doc);
        }
    }
}
