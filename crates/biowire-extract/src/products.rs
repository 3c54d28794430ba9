//! Product names: development codes (`KJ-C2219`, `BMS-986353`), nonproprietary names
//! (`cilta-cel`, `ciltacabtagene autoleucel`, `linvoseltamab`) and brand names (`CARVYKTI®`),
//! grouped so that one product's several names in a release count once.

use crate::builtin_regex;
use crate::vocab::{Scope, Vocabulary};
use aho_corasick::AhoCorasick;
use biowire_core::product_key;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A product name found in a sentence, by byte offsets into that sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameMatch {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) name: String,
}

static CODE: LazyLock<Regex> = LazyLock::new(|| {
    // Letters and digits, optionally joined by hyphens: KJ-C2219, P-CD19CD20-ALLO1, Descartes-08.
    // A trailing ".2" stays attached so `Claudin18.2` is read whole (and found to be an antigen).
    // Only tokens with a digit or a hyphen can be codes; plain words are not even visited.
    builtin_regex(
        r"\b[A-Za-z][A-Za-z0-9]*(?:\d[A-Za-z0-9]*(?:[-‑][A-Za-z0-9]+)*|(?:[-‑][A-Za-z0-9]+)+)(?:\.\d+\b)?",
    )
});

/// Nonproprietary names by their WHO/USAN stems: CAR-T INNs (`-cabtagene …leucel`), cell and
/// gene therapies (`…gene …vec`, `…leucel`, `…temcel`), short forms (`cilta-cel`), antibodies
/// and other biologics (`-mab`, `-tug`, `-bart`, `-cept`), small molecules (`-tinib`, `-ciclib`,
/// `-parib`, `-lisib`, `-rafenib`), oligonucleotides (`-siran`, `-rsen`); a conjugate's INN is
/// both words (`… vedotin`, `… deruxtecan`, `… tesirine`, `… govitecan`).
static INN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:[a-z]+cabtagene\s+[a-z]+leucel|[a-z]+(?:gene|cel)\s+(?:autoleucel|autotemcel|[a-z]+leucel|[a-z]+temcel|[a-z]*parvovec|[a-z]+vec)|[a-z]{2,8}-cel|[a-z]{3,}(?:mab|tug|bart|leucel|temcel(?:-[a-z])?|cabtagene|parvovec|tinib|ciclib|parib|lisib|rafenib|siran|rsen|glutide|tide)|[a-z]{4,}cept)(?:\s+(?:[a-z]*(?:vedotin|deruxtecan|tecan|tesirine|emtansine|tansine|ozogamicin|mafodotin|pegol|dotin)))?\b",
    )
    .expect("INN pattern is valid")
});

/// The endings [`INN`] can match, as a cheap test before the search.
const INN_STEMS: &[&str] = &[
    "cabtagene",
    "leucel",
    "temcel",
    "-cel",
    "mab",
    "tug",
    "bart",
    "vec",
    "tinib",
    "ciclib",
    "parib",
    "lisib",
    "rafenib",
    "siran",
    "rsen",
    "tide",
    "cept",
];

/// Finds any of [`INN_STEMS`] in one pass, ASCII case ignored (a search per stem was a tenth
/// of extraction).
static INN_STEM: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder().ascii_case_insensitive(true).build(INN_STEMS).expect("the stems are few and short")
});

/// Words that end like an INN stem but are English.
const NOT_INN: &[&str] = &[
    "concept",
    "intercept",
    "precept",
    "percept",
    "accept",
    "except",
    "peptide",
    "polypeptide",
    "nucleotide",
    "oligonucleotide",
    "dinucleotide",
    "neuropeptide",
    "glycopeptide",
    "lipopeptide",
];

/// A code followed by these words names a target, a gene or a score, not a product
/// (`USP1 inhibitor`, `SLEDAI-2K score`).
static NOT_PRODUCT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^[\s-]*(?:inhibitors?|agonists?|antagonists?|degraders?|genes?|proteins?|mutations?|mutant|receptors?|expression|pathway|kinase|scores?|index|criteria|serotype|capsid|vector)\b",
    )
});

/// "etranacogene dezaparvovec (EtranaDez)": a capitalized word in parentheses right after an
/// INN is its brand or short name.
static BRAND_AFTER_INN: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"^\s*\(([A-Z][A-Za-z]{3,}(?:-[A-Za-z]+)?)[®™]?\s*[),;]"));

static BRAND: LazyLock<Regex> = LazyLock::new(|| {
    // A word marked as a trademark. Platforms are trademarks too; the caller filters them.
    // One word: "Society for Cellular Therapy™" marks an organization, not a product.
    builtin_regex(r"\b([A-Z][A-Za-z0-9-]{2,})\s?[®™]")
});

/// A code followed by "trial" or "study" names the trial, not the product (`KYSA-6 study`).
static TRIAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^\s*(?:\(\w+\)\s*)?(?:trial|study|clinical\s+trial|registrational|pivotal)\b")
});

static BRAND_BEFORE_INN: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"\b([A-Z][A-Za-z]{3,})[®™]?\s*\($"));

static PLATFORM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^[\s®™]*(?:\w+\s+){0,2}(?:platform|technology|technologies|process|system|manufacturing|library|engine)\b",
    )
});

/// Finds product names in one sentence.
pub(crate) fn find_names(sentence: &str, vocab: &Vocabulary) -> Vec<NameMatch> {
    let mut out: Vec<NameMatch> = Vec::new();
    for m in CODE.find_iter(sentence) {
        let mut word = m.as_str();
        // "Illinois.1" is a footnote mark; "Claudin18.2" keeps its ".2".
        if let Some((head, _)) = word.rsplit_once('.') {
            if !head.chars().any(|c| c.is_ascii_digit()) {
                word = head;
            }
        }
        let end = m.start() + word.len();
        if is_code(word, vocab)
            && !TRIAL_AFTER.is_match(&sentence[end..])
            && !NOT_PRODUCT_AFTER.is_match(&sentence[end..])
        {
            out.push(NameMatch { start: m.start(), end, name: word.to_string() });
        }
    }
    // Every INN ends in one of these stems; a sentence without any is not searched.
    let inn_possible = INN_STEM.is_match(sentence);
    for m in inn_possible.then(|| INN.find_iter(sentence)).into_iter().flatten() {
        if NOT_INN.contains(&m.as_str().to_lowercase().as_str()) {
            continue;
        }
        out.push(NameMatch { start: m.start(), end: m.end(), name: m.as_str().to_string() });
        if let Some(c) = BRAND_AFTER_INN.captures(&sentence[m.end()..]) {
            let g = c.get(1).expect("group 1 exists");
            out.push(NameMatch {
                start: m.end() + g.start(),
                end: m.end() + g.end(),
                name: g.as_str().to_string(),
            });
        }
        // "Breyanzi (lisocabtagene maraleucel)": the word before a parenthesized INN is its brand.
        if let Some(c) = BRAND_BEFORE_INN.captures(&sentence[..m.start()]) {
            let g = c.get(1).expect("group 1 exists");
            out.push(NameMatch { start: g.start(), end: g.end(), name: g.as_str().to_string() });
        }
    }
    let approval_words = ["pprov", "lear", "uthori", "ecommend"].iter().any(|w| sentence.contains(w));
    for c in approval_words.then(|| BRAND_APPROVED.captures_iter(sentence)).into_iter().flatten() {
        let g = c.get(1).expect("group 1 exists");
        if could_be_brand(g.as_str(), vocab) {
            out.push(NameMatch { start: g.start(), end: g.end(), name: g.as_str().to_string() });
        }
    }
    // "CAR-T 'Limkato'", "the drug “Zyvex”": a quoted name right after the kind of product.
    let quoted = sentence.contains(['\'', '‘', '"', '“']);
    for c in quoted.then(|| BRAND_QUOTED.captures_iter(sentence)).into_iter().flatten() {
        let g = c.get(1).expect("group 1 exists");
        if could_be_brand(g.as_str(), vocab) {
            out.push(NameMatch { start: g.start(), end: g.end(), name: g.as_str().to_string() });
        }
    }
    let marked = sentence.contains(['®', '™']);
    // The pattern needs a mark: without one the search is not run.
    for c in marked.then(|| BRAND.captures_iter(sentence)).into_iter().flatten() {
        let g = c.get(1).expect("group 1 exists");
        let whole = c.get(0).expect("match exists");
        if PLATFORM_AFTER.is_match(&sentence[whole.end()..])
            || is_generic_word(g.as_str())
            || ends_proper_name(&sentence[..g.start()])
        {
            continue;
        }
        out.push(NameMatch { start: g.start(), end: g.end(), name: g.as_str().to_string() });
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out.dedup_by(|b, a| b.start < a.end);
    out
}

/// Adds the mentions of names already known from elsewhere in the release: a brand marked `®`
/// once is the same product where the mark is left out.
pub(crate) fn add_known(sentence: &str, known: &[String], found: &mut Vec<NameMatch>) {
    for name in known {
        for (start, _) in sentence.match_indices(name.as_str()) {
            let end = start + name.len();
            let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
            if glued(sentence[..start].chars().next_back()) || glued(sentence[end..].chars().next()) {
                continue;
            }
            if found.iter().any(|m| start < m.end && m.start < end) {
                continue;
            }
            found.push(NameMatch { start, end, name: name.clone() });
        }
    }
    found.sort_by_key(|m| m.start);
}

/// True when the text before a marked word ends in a capitalized word: the mark then closes a
/// longer proper name ("Society for Cellular Therapy™"), not a product. A possessive
/// ("Squibb's Breyanzi®") does not count.
fn ends_proper_name(before: &str) -> bool {
    let prev = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    prev.starts_with(char::is_uppercase)
        && !prev.ends_with("'s")
        && !prev.ends_with("’s")
        && !prev.ends_with([',', ':', ';', '.'])
}

/// True when a capitalized word found without a trademark sign may be a brand: not a word
/// that stands before "approved" without being one, a company, a disease or an antigen.
fn could_be_brand(w: &str, vocab: &Vocabulary) -> bool {
    !(NOT_BRANDS.contains(&w)
        || is_generic_word(w)
        || crate::company::company_shaped(w)
        || vocab.diseases.lookup(w).is_some()
        || vocab.antigens.lookup(w).is_some())
}

/// Words that carry a trademark sign in releases but are company or program names, not
/// products, when they stand alone.
fn is_generic_word(w: &str) -> bool {
    let lower = w.to_lowercase();
    ["nasdaq", "nyse", "the", "our", "its"].contains(&lower.as_str())
}

static LETTER_CODE: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"^[A-Z][a-z]{2,}-[A-Z]$"));

/// A brand as news writes it, without a mark: the subject of an approval ("Ryoncil Cleared by
/// FDA", "Zyvex (zyvexumab) has been approved").
static BRAND_APPROVED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"\b([A-Z][a-z]{3,}[A-Za-z]*)[®™]?\s+(?:\([^)]{2,80}\)\s*,?\s+)?(?:has\s+been\s+|have\s+been\s+|was\s+|is\s+|were\s+|now\s+)?(?:[Aa]pproved|[Cc]leared|[Aa]uthori[sz]ed|[Gg]ranted\s+(?:marketing\s+)?(?:approval|authori[sz]ation)|[Rr]ecommended\s+for\s+approval)\b",
    )
});

/// A brand in quotes right after the kind of product it is, as translated news writes it
/// ("CAR-T 'Limkato'", "the drug “Zyvex”"): one capitalized word.
static BRAND_QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r#"(?i:\b(?:CAR[\s-]?T|CAR[\s-]?NK|therapy|therapeutic|drug|treatment|candidate|vaccine|antibody|medicine|injection|product))\s+['‘"“]([A-Z][a-z]{3,}[A-Za-z0-9-]*)['’"”]"#,
    )
});

/// Capitalized words that stand before "approved" but are not brands.
const NOT_BRANDS: &[&str] = &[
    "Agency",
    "Administration",
    "Commission",
    "Ministry",
    "Health",
    "Japan",
    "China",
    "Europe",
    "Korea",
    "Canada",
    "Australia",
    "Britain",
    "India",
    "Regulators",
    "Regulator",
    "Authority",
    "Products",
    "Drug",
    "Drugs",
    "Therapy",
    "Treatment",
    "Medicine",
    "Medicines",
    "Product",
    "Also",
    "Newly",
    "Recently",
    "Previously",
    "First",
    "Today",
    "Label",
    "Indication",
    "Trial",
    "Study",
    "Application",
    "Switzerland",
    "Germany",
    "France",
    "Taiwan",
    "Singapore",
    "Israel",
];

/// True when `word` is a common antigen's alias or any gene's approved symbol (`USP1`); an
/// open-world gene's alias may still be a code (`T10`).
fn names_gene(vocab: &Vocabulary, word: &str) -> bool {
    vocab.antigens.lookup_index(word).is_some_and(|i| {
        vocab.antigens.scope(i) == Scope::Common || vocab.antigens.name(i).eq_ignore_ascii_case(word)
    })
}

/// A development code has an uppercase letter and a digit, is not an antigen, a registry id
/// or another word of the exclusion list.
fn is_code(word: &str, vocab: &Vocabulary) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    // "Orca-T": a capitalized word and a one-letter suffix is a code without digits ("-RA" is
    // a trial's disease suffix).
    if digits == 0 && LETTER_CODE.is_match(word) && vocab.antigens.lookup(word).is_none() {
        return !vocab.not_products.is_match(word);
    }
    if digits == 0 || upper == 0 || word.len() < 4 {
        return false;
    }
    if names_gene(vocab, word) || vocab.diseases.lookup(word).is_some() {
        return false;
    }
    // "TnMUC1", "sBCMA", "pSTAT3", "p-STAT3": a one- or two-letter prefix on an antigen names
    // a form of the antigen, not a product.
    let variant = (1..=2).any(|k| {
        word.get(..k).is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
            && word.get(k..).is_some_and(|rest| names_gene(vocab, rest.trim_start_matches(['-', '‑'])))
    });
    if variant {
        return false;
    }
    let parts: Vec<&str> = word.split(['-', '‑']).collect();
    // `CD19-directed`, `BCMA-Targeted`, `BCMAxCD3`: antigens and words, not a code. Once the
    // antigens are set aside, a code still has a digit.
    let mut rest = word.replace(['-', '‑'], " ");
    for m in vocab.antigens.find_all(&rest.clone()).iter().rev().filter(|m| m.scope == Scope::Common) {
        rest.replace_range(m.start..m.end, " ");
    }
    let rest_has_digit = rest.chars().any(|c| c.is_ascii_digit());
    if !rest_has_digit || parts.iter().any(|p| p.len() >= 4 && p.chars().all(|c| c.is_ascii_lowercase())) {
        return false;
    }
    // `CARTITUDE-4`, `iMMagine-3`: trial names put one digit after a word.
    if parts.len() == 2
        && parts[0].len() >= 4
        && parts[0].chars().all(|c| c.is_ascii_alphabetic())
        && parts[1].len() == 1
    {
        return false;
    }
    !vocab.not_products.is_match(word)
}

/// A product and all the names the release uses for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Product {
    /// The name records report.
    pub(crate) name: String,
    /// The other names.
    pub(crate) aliases: Vec<String>,
    keys: Vec<String>,
}

impl Product {
    /// True when `name` is one of this product's names.
    pub(crate) fn has_name(&self, name: &str) -> bool {
        let k = product_key(name);
        self.keys.contains(&k)
    }
}

/// Groups names into products. Names written as `A (B)` or `A (B; C)` or `A, also known as B`
/// are one product; so are names equal but for case and punctuation.
pub(crate) fn group(sentences: &[&str], mentions: &[Vec<NameMatch>]) -> Vec<Product> {
    let mut parent: Vec<usize> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<(String, String)> = Vec::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while parent[r] != r {
            r = parent[r];
        }
        parent[i] = r;
        r
    }
    let mut id_of = |name: &str, parent: &mut Vec<usize>, names: &mut Vec<(String, String)>| -> usize {
        let k = product_key(name);
        *index.entry(k.clone()).or_insert_with(|| {
            parent.push(parent.len());
            names.push((k, name.to_string()));
            parent.len() - 1
        })
    };
    for (sentence, ms) in sentences.iter().zip(mentions) {
        for (i, m) in ms.iter().enumerate() {
            let a = id_of(&m.name, &mut parent, &mut names);
            *counts.entry(product_key(&m.name)).or_default() += 1;
            let Some(next) = ms.get(i + 1) else { continue };
            let between = &sentence[m.end..next.start];
            if is_alias_link(between) {
                let b = id_of(&next.name, &mut parent, &mut names);
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[rb] = ra;
            }
        }
    }
    // A cell therapy's short name keeps the first syllables of its INN and ends in "-cel":
    // `tab-cel` is tabelecleucel, `obe-cel` obecabtagene autoleucel.
    for i in 0..names.len() {
        let Some(stem) = short_inn_stem(&names[i].1) else { continue };
        let full: Vec<usize> = (0..names.len())
            .filter(|&j| j != i && names[j].0.starts_with(&stem) && names[j].0.ends_with("cel"))
            .filter(|&j| names[j].0.len() >= stem.len() + 6)
            .collect();
        let roots: Vec<usize> = full.iter().map(|&j| find(&mut parent, j)).collect();
        if let Some(&r) = roots.first().filter(|r| roots.iter().all(|x| x == *r)) {
            let ri = find(&mut parent, i);
            if ri != r {
                parent[ri] = r;
            }
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..parent.len() {
        let r = find(&mut parent, i);
        match groups.iter_mut().find(|(root, _)| *root == r) {
            Some((_, members)) => members.push(i),
            None => groups.push((r, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|(_, members)| {
            // The first-seen name leads: the headline or lead paragraph names products the way
            // the company wants them named.
            let lead = members[0];
            let name = names[lead].1.clone();
            let aliases = members[1..].iter().map(|&m| names[m].1.clone()).collect();
            let keys = members.iter().map(|&m| names[m].0.clone()).collect();
            Product { name, aliases, keys }
        })
        .collect()
}

/// The INN syllables a short cell-therapy name keeps: `tab` of `tab-cel`, `cilta` of `Cilta-cel`.
fn short_inn_stem(name: &str) -> Option<String> {
    let (stem, tail) = name.split_once(['-', '‑'])?;
    (tail.eq_ignore_ascii_case("cel")
        && (2..=6).contains(&stem.len())
        && stem.chars().all(|c| c.is_ascii_alphabetic()))
    .then(|| stem.to_ascii_lowercase())
}

/// Text between two names that makes them one product: `® (`, ` (`, `; `, `, also known as `,
/// `, formerly `. A comma alone does not: `A, B and C` lists three products.
fn is_alias_link(between: &str) -> bool {
    let t = between.trim_matches(|c: char| c.is_whitespace() || c == '®' || c == '™');
    matches!(
        t,
        "(" | ";"
            | "(also known as"
            | ", also known as"
            | "(formerly"
            | ", formerly"
            | "(formerly known as"
            | "also known as"
            | ", or"
            | "(previously"
            | ", previously"
            | "(previously known as"
            | ", previously known as"
            | "(previously coded"
            | ", previously coded"
            | "(formerly coded"
            | ", formerly coded"
            | "(also referred to as"
            | ", also referred to as"
            | "(referred to as"
            | "(also called"
            | ", also called"
            | ", formerly known as"
    )
}

/// Compiles this module's patterns now rather than at first use: start-up does it on another
/// core while the vocabularies load (see [`crate::warm_patterns`]).
pub(crate) fn warm() {
    for pattern in [
        &CODE,
        &INN,
        &NOT_PRODUCT_AFTER,
        &BRAND_AFTER_INN,
        &BRAND,
        &TRIAL_AFTER,
        &BRAND_BEFORE_INN,
        &PLATFORM_AFTER,
        &LETTER_CODE,
        &BRAND_APPROVED,
        &BRAND_QUOTED,
    ] {
        LazyLock::force(pattern);
    }
    LazyLock::force(&INN_STEM);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        find_names(s, &Vocabulary::builtin()).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn codes_inns_and_brands() {
        assert_eq!(names("KJ-C2219 targets CD19/CD20 (NCT05432109) in Q3 2025"), ["KJ-C2219"]);
        assert_eq!(
            names("CARVYKTI® (ciltacabtagene autoleucel; cilta-cel) and BMS-986353"),
            ["CARVYKTI", "ciltacabtagene autoleucel", "cilta-cel", "BMS-986353"]
        );
        assert_eq!(names("the THANK-u Plus™ platform and IL-6 and COVID-19 and G12D"), Vec::<String>::new());
        assert_eq!(
            names("linvoseltamab and Descartes-08 and P-CD19CD20-ALLO1"),
            ["linvoseltamab", "Descartes-08", "P-CD19CD20-ALLO1"]
        );
        assert_eq!(names("CD19-directed, CD4-Targeted, BCMAxCD3, Claudin18.2, CARTITUDE-4, RMB125 and the KYSA-8 trial"), Vec::<String>::new());
        assert_eq!(
            names("Breyanzi (lisocabtagene maraleucel) and the Society for Cellular Therapy™"),
            ["Breyanzi", "lisocabtagene maraleucel"]
        );
        // Forms of an antigen: phosphorylated, soluble, a glycoform.
        assert_eq!(names("WP1066 blocks p-STAT3 and pSTAT3, sBCMA and TnMUC1"), ["WP1066"]);
    }

    #[test]
    fn a_quoted_name_after_the_kind_of_product_is_a_brand() {
        assert_eq!(names("First domestic CAR-T 'Limkato' knocks on approval door"), ["Limkato"]);
        assert_eq!(names("the cell therapy “Zyvora” was filed"), ["Zyvora"]);
        // Quoted words that are not after a product noun, or are diseases, are not brands.
        assert_eq!(names("a 'Breakthrough' year for the drug 'Lupus'"), Vec::<String>::new());
    }

    #[test]
    fn parenthesized_names_are_one_product() {
        let s = "CARVYKTI® (ciltacabtagene autoleucel; cilta-cel) and CT053";
        let v = Vocabulary::builtin();
        let m = vec![find_names(s, &v)];
        let products = group(&[s], &m);
        assert_eq!(products.len(), 2);
        assert_eq!(products[0].name, "CARVYKTI");
        assert!(products[0].has_name("Cilta-Cel"));
        assert_eq!(products[1].name, "CT053");
    }

    #[test]
    fn short_cell_therapy_names_join_their_inn() {
        let v = Vocabulary::builtin();
        let s = [
            "The FDA accepted the BLA for tabelecleucel.",
            "Tab-cel is made from donor T cells, unlike obe-cel.",
        ];
        let m: Vec<_> = s.iter().map(|s| find_names(s, &v)).collect();
        let products = group(&s, &m);
        assert_eq!(products.len(), 2, "{products:?}");
        assert_eq!(products[0].name, "tabelecleucel");
        assert!(products[0].has_name("tab-cel"));
        assert!(!products[1].has_name("tabelecleucel"));
    }
}
