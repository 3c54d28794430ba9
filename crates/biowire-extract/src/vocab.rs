//! The extractor's vocabularies, loaded from the TSV files under `config/`.
//!
//! The files are compiled into the binary so biowire works with no configuration, and
//! [`Vocabulary::from_dir`] reads edited copies at run time. Every file is parsed once into
//! automata and regexes; matching never re-reads or re-compiles.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use biowire_core::{CellSource, MilestoneKind, Modality};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::path::Path;

/// The five vocabulary files: name, and the content compiled in.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("antigens.tsv", include_str!("../../../config/antigens.tsv")),
    ("diseases.tsv", include_str!("../../../config/diseases.tsv")),
    ("milestones.tsv", include_str!("../../../config/milestones.tsv")),
    ("modalities.tsv", include_str!("../../../config/modalities.tsv")),
    ("cell_sources.tsv", include_str!("../../../config/cell_sources.tsv")),
    ("product_exclusions.tsv", include_str!("../../../config/product_exclusions.tsv")),
];

/// Errors while loading a vocabulary; each names the file and line.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// A file could not be read.
    #[error("cannot read vocabulary `{path}`: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
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

/// One entry of a term dictionary.
#[derive(Debug, Clone)]
struct Term {
    canonical: usize,
    case_sensitive: bool,
    ambiguous: bool,
    pattern: String,
}

/// A match of a dictionary term in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
    /// Index of the canonical name.
    pub canonical: usize,
    /// True for an ambiguous abbreviation that needs the document's support.
    pub ambiguous: bool,
}

/// A dictionary of canonical names and their aliases, matched leftmost-longest on word
/// boundaries.
#[derive(Debug, Clone)]
pub struct Dictionary {
    canonical: Vec<String>,
    terms: Vec<Term>,
    /// Aliases that normalize a user's query but are never matched in text (`B1` for CD20).
    lookup_only: Vec<Term>,
    automaton: AhoCorasick,
}

impl Dictionary {
    fn build(canonical: Vec<String>, terms: Vec<Term>, lookup_only: Vec<Term>) -> Self {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(terms.iter().map(|t| t.pattern.as_str()))
            .expect("dictionary automaton builds");
        Dictionary { canonical, terms, lookup_only, automaton }
    }

    /// The canonical name at `index`.
    pub fn name(&self, index: usize) -> &str {
        &self.canonical[index]
    }

    /// Every canonical name.
    pub fn names(&self) -> &[String] {
        &self.canonical
    }

    /// All matches in `text` on word boundaries, respecting each term's case rule.
    pub fn find_all(&self, text: &str) -> Vec<TermMatch> {
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let term = &self.terms[m.pattern().as_usize()];
            let found = &text[m.start()..m.end()];
            if !case_fits(term, found) || !on_boundary(text, m.start(), m.end()) {
                continue;
            }
            out.push(TermMatch {
                start: m.start(),
                end: m.end(),
                canonical: term.canonical,
                ambiguous: term.ambiguous,
            });
        }
        out
    }

    /// Looks a user's term up: an alias, abbreviation or canonical name, in any case
    /// (`MS4A1` → CD20, `sle` → systemic lupus erythematosus).
    pub fn lookup(&self, term: &str) -> Option<&str> {
        let t = term.trim();
        let exact = self.terms.iter().chain(&self.lookup_only).find(|x| x.pattern.eq_ignore_ascii_case(t));
        exact.map(|x| self.canonical[x.canonical].as_str())
    }
}

fn case_fits(term: &Term, found: &str) -> bool {
    if !term.case_sensitive {
        return true;
    }
    found == term.pattern
}

/// A match must not be glued to letters or digits on either side, except that an antigen may
/// be followed by `x` and another symbol (`CD19xCD20`) or written inside a code (`CD19CD20`
/// is split by the caller).
fn on_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    if glued(before) {
        let head = &text[..start];
        return head.ends_with('x')
            && head[..head.len() - 1].ends_with(|c: char| c.is_ascii_digit() || c.is_ascii_uppercase());
    }
    if glued(after) {
        // `CD19xCD20`: a lowercase x between two symbols.
        let rest = &text[end..];
        return rest.starts_with('x') && rest[1..].starts_with(|c: char| c.is_ascii_uppercase());
    }
    true
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
}

impl<T> CueSet<T> {
    fn new(cues: Vec<Cue<T>>) -> Self {
        CueSet { cues }
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

impl Vocabulary {
    /// The vocabularies compiled into the binary.
    pub fn builtin() -> Self {
        Self::from_sources(|name| {
            Ok(BUILTIN_FILES.iter().find(|(n, _)| *n == name).map(|(_, c)| c.to_string()).unwrap_or_default())
        })
        .expect("built-in vocabularies are valid")
    }

    /// Reads the vocabulary files from a folder (the layout of `config/`).
    pub fn from_dir(dir: &Path) -> Result<Self, VocabError> {
        Self::from_sources(|name| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map_err(|source| VocabError::Read { path: path.display().to_string(), source })
        })
    }

    fn from_sources(read: impl Fn(&str) -> Result<String, VocabError>) -> Result<Self, VocabError> {
        Ok(Vocabulary {
            antigens: parse_antigens(&read("antigens.tsv")?)?,
            diseases: parse_diseases(&read("diseases.tsv")?)?,
            milestones: CueSet::new(parse_cues("milestones.tsv", &read("milestones.tsv")?)?),
            modalities: CueSet::new(parse_cues("modalities.tsv", &read("modalities.tsv")?)?),
            cell_sources: CueSet::new(parse_cues("cell_sources.tsv", &read("cell_sources.tsv")?)?),
            not_products: {
                let patterns = parse_patterns("product_exclusions.tsv", &read("product_exclusions.tsv")?)?;
                RegexSetBuilder::new(patterns.iter().map(Regex::as_str))
                    .case_insensitive(true)
                    .build()
                    .expect("patterns that compiled alone compile as a set")
            },
        })
    }
}

/// Lines that carry data: not blank, not comments; with their one-based numbers.
fn data_lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    content
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// A term written in capitals, digits and punctuation (`CD19`, `SLE`) is a symbol and must
/// match with its case; one with lowercase letters is a name and matches in any case.
fn is_symbol(s: &str) -> bool {
    !s.chars().any(|c| c.is_lowercase()) || s.chars().filter(|c| c.is_alphabetic()).count() <= 4
}

fn parse_antigens(content: &str) -> Result<Dictionary, VocabError> {
    let mut canonical = Vec::new();
    let mut terms = Vec::new();
    let mut lookup_only = Vec::new();
    for (_, line) in data_lines(content) {
        let mut cols = line.split('\t');
        let symbol = cols.next().unwrap_or_default().trim().to_string();
        let idx = canonical.len();
        let aliases = cols.next().unwrap_or_default();
        for t in std::iter::once(symbol.as_str())
            .chain(aliases.split('|'))
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let (list, t) = match t.strip_prefix('!') {
                Some(rest) => (&mut lookup_only, rest),
                None => (&mut terms, t),
            };
            list.push(Term {
                canonical: idx,
                case_sensitive: is_symbol(t),
                ambiguous: false,
                pattern: t.to_string(),
            });
        }
        canonical.push(symbol);
    }
    Ok(Dictionary::build(canonical, terms, lookup_only))
}

fn parse_diseases(content: &str) -> Result<Dictionary, VocabError> {
    let mut canonical = Vec::new();
    let mut terms = Vec::new();
    for (n, line) in data_lines(content) {
        let cols: Vec<&str> = line.split('\t').collect();
        let name = cols[0].trim();
        if name.is_empty() || name.chars().any(|c| c.is_uppercase()) {
            return Err(VocabError::Line {
                file: "diseases.tsv".into(),
                line: n,
                message: format!("canonical name `{name}` must be lowercase and not empty"),
            });
        }
        let idx = canonical.len();
        canonical.push(name.to_string());
        terms.push(Term {
            canonical: idx,
            case_sensitive: false,
            ambiguous: false,
            pattern: name.to_string(),
        });
        for syn in
            cols.get(1).unwrap_or(&"").split('|').map(str::trim).filter(|s| !s.is_empty() && *s != name)
        {
            terms.push(Term {
                canonical: idx,
                case_sensitive: false,
                ambiguous: false,
                pattern: syn.to_string(),
            });
        }
        for abbr in cols.get(2).unwrap_or(&"").split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let (ambiguous, abbr) = match abbr.strip_prefix('!') {
                Some(a) => (true, a),
                None => (false, abbr),
            };
            terms.push(Term { canonical: idx, case_sensitive: true, ambiguous, pattern: abbr.to_string() });
        }
    }
    Ok(Dictionary::build(canonical, terms, Vec::new()))
}

fn compile(file: &str, line: usize, pattern: &str) -> Result<Regex, VocabError> {
    let expanded = pattern.replace("(?:W)", r"(?:[\w’'/&.-]+[\s,]+)");
    RegexBuilder::new(&expanded)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| VocabError::Line { file: file.into(), line, message: format!("bad regex: {e}") })
}

fn parse_cues<T: std::str::FromStr<Err = biowire_core::UnknownValue>>(
    file: &str,
    content: &str,
) -> Result<Vec<Cue<T>>, VocabError> {
    let mut out = Vec::new();
    for (n, line) in data_lines(content) {
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

    #[test]
    fn builtin_vocabulary_loads() {
        let v = Vocabulary::builtin();
        assert!(v.antigens.names().len() > 40);
        assert!(v.diseases.names().len() > 50);
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
        assert_eq!(
            names("B-cell maturation antigen and Claudin 18.2 and mesothelin"),
            ["BCMA", "CLDN18.2", "MSLN"]
        );
        assert!(names("the cd19 word, CD190, XCD19").is_empty());
        // Lookup-only aliases normalize queries but are not read in text.
        assert_eq!(v.antigens.lookup("B1"), Some("CD20"));
        assert!(names("Phase 1 cohort B1 enrolled").is_empty());
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
    fn a_bad_line_is_reported_with_file_and_line() {
        let err = parse_cues::<MilestoneKind>("milestones.tsv", "# c\nfirst_patient_dosed\tfirst (patient\n")
            .unwrap_err();
        assert!(err.to_string().starts_with("milestones.tsv:2: bad regex"), "{err}");
        let err = parse_cues::<MilestoneKind>("milestones.tsv", "dosing\tfirst\n").unwrap_err();
        assert!(err.to_string().contains("unknown milestone kind `dosing`"), "{err}");
    }
}
