//! The announcing company. A wire release names it as the dateline's subject: `SHANGHAI,
//! Feb. 10, 2026 /PRNewswire/ -- CARsgen Therapeutics Holdings Ltd. (HKEX: 2171), a … company,
//! today announced …` gives `CARsgen Therapeutics Holdings Ltd.`. News and trade press have no
//! dateline: there the company is the product's owner, named with a ticker
//! (`Acme (NYSE: ACM)`), a possessive (`Acme Bio's CAR-T`), as the one who speaks (`Acme said`),
//! as a sponsor or developer (`developed by Acme Bio`), or as a headline's subject
//! (`Acme Wins Fast Track …`). [`mentions`] reads those cues anywhere in a sentence.

use crate::builtin_regex;
use regex::Regex;
use std::sync::LazyLock;

static DATELINE_END: LazyLock<Regex> = LazyLock::new(|| {
    // Everything up to the last dateline separator: "--", an em or en dash, the pipe-like " I "
    // of some company releases, or a wire's closing tag.
    // Greedy, so the last separator of the dateline wins ("China I March 23, 2022 I Acme").
    builtin_regex(
        r"^.{0,220}(?:--\s*|\s[—–]\s|\s[I|]\s|/PRNewswire/\s*|\((?:GLOBE NEWSWIRE|BUSINESS WIRE|Business Wire|PRNewswire)\)\s*-*\s*)",
    )
});

/// Legal suffixes that follow a comma and still belong to the name.
const SUFFIXES: &[&str] = &[
    "Inc.",
    "Inc",
    "Ltd.",
    "Ltd",
    "LLC",
    "L.L.C.",
    "Co.",
    "Corp.",
    "Corporation",
    "N.V.",
    "S.A.",
    "plc",
    "PLC",
    "AG",
    "SE",
    "GmbH",
    "Limited",
    "Incorporated",
    "B.V.",
    "A/S",
    "AB",
    "Co., Ltd.",
];

/// Lowercase words allowed inside a name.
/// "and" is not one of them: "Acme and Bolt Announce" names two companies, the first announces.
const CONNECTORS: &[&str] = &["&", "of", "de", "for", "la", "du"];

/// Words that start a sentence but never a company.
const NOT_NAMES: &[&str] = &[
    "The",
    "Today",
    "In",
    "On",
    "A",
    "An",
    "This",
    "Data",
    "Results",
    "Patients",
    "U.S.",
    "FDA",
    "New",
    "Shares",
    "Photo",
    "Source",
    "According",
    "Following",
    "After",
    "With",
    "Its",
    "Our",
];

/// Byte offset where the dateline of a sentence ends, or 0 when it has none.
pub(crate) fn dateline_end(sentence: &str) -> usize {
    DATELINE_END.find(sentence).map_or(0, |m| m.end())
}

/// Words that mark a name as a company's.
const COMPANY_WORDS: &[&str] = &[
    "therapeutics",
    "bio",
    "biotech",
    "biotherapeutics",
    "biopharma",
    "biopharmaceuticals",
    "pharma",
    "pharmaceutical",
    "pharmaceuticals",
    "biosciences",
    "bioscience",
    "biologics",
    "medicines",
    "oncology",
    "genetics",
    "gene",
    "genomics",
    "cell",
    "cells",
    "immunotherapies",
    "immunotherapy",
    "therapies",
    "sciences",
    "laboratories",
    "labs",
    "holdings",
    "group",
    "biotechnology",
    "health",
    "healthcare",
    "life",
    "medical",
    "biomedical",
    "biomedicine",
    "biosystems",
    "immunotherapeutics",
    "biologic",
    "pharmaceutica",
    "medicine",
    "bioworks",
    "biolabs",
    "therapeutic",
    "oncotherapeutics",
    "biopharmaceutical",
];

/// A ticker or stock code right after the name: `(Nasdaq: ALLO)`, `(HKEX: 2171)`.
static TICKER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^\s*,?\s*\((?:[^)]{0,30}(?:Nasdaq|NASDAQ|NYSE|HKEX|SSE|SZSE|LSE|TSX|ASX|Euronext|SIX|KOSDAQ|Stock\s+Code|OTC|HK)[^)]{0,30})\)",
    )
});

/// What follows a company that announces: a verb, maybe after "today" or an appositive.
static ANNOUNCES: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:\s*\([^)]{0,80}\))*(?:\s*,[^.;]{0,260}?,)?\s*(?:(?:today|recently|also|has|have|had|it|was|is|just|formally|officially|jointly)\s+)*(?:announc|report|said|says|receiv|dos|enter|initiat|complet|submit|present|grant|sign|agree|won|wins|gain|obtain|launch|treat|shar|unveil|expand|clear|enrol|secur|achiev|award|publish|confirm|disclos|add|prepar|plan|begin|began|start|gave|give|provid|updat|select|nam)",
    )
});

/// A name of company shape found in a sentence, with what the sentence says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// The name as written, legal suffix included.
    pub(crate) name: String,
    /// Byte offset of the name in the sentence.
    pub(crate) start: usize,
    /// How strongly the sentence says this is a company that owns or announces something.
    pub(crate) score: u8,
    /// Named as an executive's company ("chief executive officer of Acme", "Acme's CEO").
    pub(crate) executive: bool,
}

/// Words of the strong cues that can tie a company to the news outside the lead: developer,
/// sponsor, maker, applicant, recipient, an executive's title, an exchange. Speakers ("X said")
/// and possessives count past the lead only in sentences that name a product.
static OWNER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:by|developer|maker|sponsor|manufacturer|owner|marketer|applicant|holder|went\s+to|goes\s+to|officer|CEO|president|founder|chair\w*|Nasdaq|NYSE|HKEX)\b",
    )
});

/// True when a sentence has a word that can tie a company to the news ([`mentions`] reads it).
pub(crate) fn has_owner_cue(sentence: &str) -> bool {
    OWNER_CUE.is_match(sentence)
}

/// After a product name: its owner in parentheses, alone or after the product's short name.
static OWNER_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^\s*\((?:[^;()]{1,30};\s*)?([A-Z][A-Za-z0-9]+(?:[ -][A-Z][A-Za-z0-9]+){0,3})\)")
});

/// The owner a product is followed by: `CYNK-101 (Celularity)`, `lete-cel; Adaptimmune)`.
pub(crate) fn owner_in_parentheses(after_product: &str) -> Option<String> {
    let name = OWNER_PARENS.captures(after_product)?.get(1)?.as_str();
    // An acronym in parentheses is an abbreviation, not an owner.
    // A name with a digit is a product's short name (`AB-12x`), not its owner.
    (name.chars().any(char::is_lowercase)
        && !name.chars().any(|c| c.is_ascii_digit())
        && !NOT_COMPANY_WORDS.contains(&name.to_lowercase().as_str())
        && !is_generic(name))
    .then(|| name.to_string())
}

/// After a product: "from Acme Bio", "by Acme", "developed by Acme", after an optional
/// parenthesized name or appositive of a few words.
static FROM_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^\s*(?:\([^)]{0,60}\)\s*)?,?\s*(?:(?:developed|made|marketed|sponsored)\s+)?(?:from|by)\s+(?:partners?\s+)?$",
    )
});

/// The owner named right after a product: `AB-101 (abcel) from Acme Bio and Co. and Other
/// Corp.` gives `Acme Bio and Co.` (a second company after "and" is a partner).
pub(crate) fn owner_after(after_product: &str) -> Option<String> {
    let m = NAME_RUN.find_iter(after_product).find(|m| FROM_OWNER.is_match(&after_product[..m.start()]))?;
    let (_, name) = trim_name(m.as_str())?;
    // A sentence's full stop is not part of the name; an abbreviated suffix's is ("Acme Co.").
    let name = name.trim_end_matches(',');
    let abbreviated = ["Co.", "Inc.", "Corp.", "Ltd."].iter().any(|a| name.ends_with(&format!(" {a}")));
    let name = if abbreviated { name } else { name.trim_end_matches([',', '.']) }.to_string();
    plausible_owner(&name).then_some(name)
}

/// A possessive owner right before a product: `Acme Bio's AB-101`, `Acme's experimental AB-101`.
pub(crate) fn owner_before(before_product: &str) -> Option<String> {
    let c = POSSESSIVE_OWNER.captures(before_product)?;
    let raw = c.get(1)?.as_str();
    let (_, name) = trim_name(raw)?;
    plausible_owner(&name).then_some(name)
}

/// A name written beside a product that can be its owner: not an agency's, not generic, not
/// an acronym, three letters or more.
fn plausible_owner(name: &str) -> bool {
    !has_org_word(name) && !is_generic(name) && name.chars().any(char::is_lowercase) && name.len() >= 3
}

/// True when a word of `name` is one of an organization that is not a company ("Food and Drug
/// Administration", "University Hospital").
fn has_org_word(name: &str) -> bool {
    name.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| NOT_COMPANY_WORDS.contains(&w))
}

static POSSESSIVE_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"\b([A-Z][A-Za-z0-9&.-]*(?:\s+[A-Z][A-Za-z0-9&.-]*){0,3})(?:’s|'s|’|')\s+(?:[a-z][\w-]*\s+){0,3}$",
    )
});

/// Before a name: an executive's title ("chief executive officer of", "founder of").
static EXECUTIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:chief\s+\w+\s+officer|CEO|CFO|CMO|CSO|president|founder|co-founder|chair(?:man|woman)?|head\s+of\s+R&D|vice\s+president)\s+(?:and\s+[\w\s]{2,30}?\s+)?(?:at|of)\s+$",
    )
});

/// A run of capitalized words (with `&`, `of`, `de` inside), legal suffix after a comma
/// included, and "and Co." / "& Co.", which is part of a name, not a partner.
static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\.?|[a-z]{1,4}[A-Z][A-Za-z0-9-]*|\d[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)";
    builtin_regex(&format!(
        r"\b{word}(?:\s+(?:(?:&|of|de|du|la)\s+)?{word}){{0,6}}(?:(?:\s+\([A-Z][a-z]+\))?,?\s+(?:Inc\.?|Ltd\.?|LLC|Corp\.?|Co\.,\s+Ltd\.?|Co\.|plc|PLC|AG|SE|N\.V\.|S\.A\.|GmbH|B\.V\.|A/S|AB|Limited|Incorporated|Corporation)|\s+(?:and|&)\s+Co(?:\.|mpany\b))?"
    ))
});

/// After a name: a stock ticker in parentheses, or written bare after the name (`Acme ACM said`).
static TICKER_ANY: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^\s*,?\s*\((?:[^)]{0,30}(?:Nasdaq|NASDAQ|NYSE|HKEX|SSE|SZSE|LSE|TSX|ASX|Euronext|SIX|KOSDAQ|KRX|TSE|Stock\s+Code|OTC|HK|AIM|XETRA|OMX)[^)]{0,30})\)",
    )
});

/// After a name: a bare symbol in parentheses or before a verb (`Moderna (MRNA)`,
/// `Moderna MRNA said`); a ticker only if it is not the name's acronym (see [`is_ticker_of`]).
static BARE_TICKER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^\s*\(([A-Z]{2,5})\)|^\s+([A-Z]{3,5})\s+(?:said|says|announced|reported)\b")
});

/// True when `symbol` spells letters of `name` in order and is not its initials: `MRNA` is
/// Moderna's ticker, `IND` is "Investigational New Drug" abbreviated, `CHMP` is neither.
fn is_ticker_of(symbol: &str, name: &str) -> bool {
    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).collect();
    if initials.eq_ignore_ascii_case(symbol) {
        return false;
    }
    let mut letters = name.chars().flat_map(char::to_lowercase);
    symbol.chars().flat_map(char::to_lowercase).all(|c| letters.any(|l| l == c))
}

/// After a name: the verb of a speaker or announcer, maybe after a time ("on Thursday said").
static SPEAKS: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:\s*\([^)]{0,80}\))*\s*,?\s+(?:(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|this\s+week|last\s+week|today|recently|also|has|have|had|just|formally|officially|jointly)\s+)*(?:said|says|announced|announces|reported|reports|disclosed|revealed|confirmed|unveiled|stated|noted)\b",
    )
});

/// Before a name: the words that make it a product's developer, sponsor or maker.
static OWNER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:developed|sponsored|made|manufactured|marketed|discovered|invented|owned|licensed|filed|submitted|run|commercialized)\s+by\s+(?:the\s+)?$|\b(?:went|goes|granted|awarded|issued)\s+to\s+$|\b(?:developer|maker|sponsor|manufacturer|owner|marketer|applicant|holder)\s+(?:(?:for|of)\s+[\w-]+\s+)?(?:is|was)\s+$|\b(?:biotech|biotechnology\s+company|drugmaker|company|developer|partner|sponsor|firm|startup|start-up)\s+$|\bfrom\s+$|\b(?:according\s+to)\s+$",
    )
});

/// After a possessive: what a company owns (a product, a program, a filing).
static OWNED_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^\s*(?:[\w-]+\s+){0,5}?(?:president|CEO|chief|founder|chair\w*|CAR[\s-]?T|CAR[\s-]?NK|therapy|therapies|drug|candidate|product|program|programme|asset|antibody|conjugate|ADC|inhibitor|vaccine|engager|cell|IND|BLA|NDA|MAA|application|filing|trial|study|treatment|medicine|bispecific|molecule|pipeline|lead)\b",
    )
});

/// After a possessive: an executive's title ("Acme's president and CEO").
static EXECUTIVE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^\s*(?:co-)?(?:founder|president|CEO|chief\s+\w+\s+officer|chair\w*)\b")
});

/// Capitalized headline words after a subject that are its verb ("Acme Wins …").
static HEADLINE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:\s+(?:and|&)\s+[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4}?)?(?:\s*,)?\s+(?:to\s+[A-Za-z]+|(?:[A-Z][a-z]+(?:s|es|ed)|Wins|Gets|Nabs|Inks|Bags|Lands|Hits|Grabs|Takes|Pays|Buys|Says|Set|Sets|Wins|Won|Announce|Enter|Sign|Form|Launch|Expand|Initiate|Complete|Report|Present|Receive)|[a-z]+(?:s|ed))\b",
    )
});

/// Words of organizations that are not companies: regulators, agencies, hospitals,
/// universities, societies, publishers.
const NOT_COMPANY_WORDS: &[&str] = &[
    "administration",
    "agency",
    "commission",
    "committee",
    "university",
    "hospital",
    "hospitals",
    "institute",
    "institutes",
    "center",
    "centre",
    "society",
    "association",
    "foundation",
    "ministry",
    "clinic",
    "college",
    "school",
    "journal",
    "news",
    "newswire",
    "wire",
    "reuters",
    "research",
    "department",
    "council",
    "office",
    "authority",
    "government",
    "board",
    "conference",
    "congress",
    "meeting",
    "network",
    "alliance",
    "consortium",
    "program",
    "programme",
    "trial",
    "study",
    "phase",
    "fda",
    "ema",
    "nmpa",
    "chmp",
    "mhra",
    "pmda",
    "nasdaq",
    "nyse",
    "staff",
    "reporter",
    "editor",
    "editors",
    "events",
    "opportunities",
    "contacts",
    "contact",
    "careers",
    "resources",
    "insights",
    "podcasts",
    "videos",
    "welfare",
    "labour",
    "labor",
    "car",
    "treg",
    "japan",
    "china",
    "korea",
    "europe",
    "india",
    "taiwan",
    "canada",
    "australia",
    "germany",
    "france",
    "britain",
    "switzerland",
];

/// Words that begin a capitalized run but are not part of a name.
const LEADING_NOISE: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Its",
    "Our",
    "Their",
    "In",
    "On",
    "At",
    "By",
    "For",
    "With",
    "From",
    "After",
    "Before",
    "Under",
    "US",
    "U.S.",
    "UK",
    "EU",
    "China",
    "Chinese",
    "Japanese",
    "Korean",
    "European",
    "American",
    "Swiss",
    "German",
    "French",
    "British",
    "Big",
    "Biotech",
    "Pharma",
    "Drugmaker",
    "Partner",
    "Partners",
    "Fellow",
    "Rival",
    "Today",
    "Both",
    "Shares",
    "Update",
    "Breaking",
    "Exclusive",
    "News",
    "BUSINESS",
    "NEWS",
    "Also",
    "And",
    "But",
    "While",
    "When",
    "As",
    "If",
    "Meanwhile",
    "Separately",
    "Earlier",
    "Last",
    "Next",
    "New",
];

/// Before a name: an organization's name goes on ("Committee for Advanced Therapies").
static ORG_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:committee|center|centre|institute|society|association|department|office|agency|ministry|council|school|university|college|foundation|federation|academy)\s+(?:for|of|on)\s+(?:the\s+)?$",
    )
});

/// Verbs headlines put after a company's name.
const HEADLINE_VERBS: &[&str] = &[
    "announces",
    "reports",
    "receives",
    "doses",
    "wins",
    "gets",
    "flags",
    "launches",
    "advances",
    "completes",
    "initiates",
    "presents",
    "submits",
    "files",
    "secures",
    "enters",
    "expands",
    "signs",
    "unveils",
    "treats",
    "outlines",
    "raises",
    "closes",
    "gains",
    "earns",
    "nabs",
    "lands",
    "touts",
    "posts",
    "shares",
    "names",
    "appoints",
    "licenses",
    "acquires",
    "buys",
    "pays",
    "takes",
    "hits",
    "obtains",
    "achieves",
    "begins",
    "starts",
    "opens",
    "strikes",
    "inks",
    "taps",
    "bags",
    "grabs",
    "moves",
    "kicks",
    "joins",
    "selects",
    "plans",
    "seeks",
    "sees",
    "says",
    "updates",
    "debuts",
    "marks",
    "nears",
    "clears",
    "wraps",
    "halts",
    "pauses",
    "stops",
    "drops",
    "cuts",
    "lays",
    "picks",
    "scores",
    "snags",
    "scraps",
    "unveiled",
    "dosed",
    "approved",
    "granted",
    "cleared",
    "awarded",
    "named",
    "completed",
    "initiated",
    "launched",
    "received",
    "partners",
    "teams",
    "collaborates",
    "agrees",
    "extends",
    "doubles",
    "boosts",
    "reveals",
];

/// Titles that make a capitalized run a person's name.
const PERSON_TITLES: &[&str] = &["Dr.", "Dr", "Mr.", "Mr", "Ms.", "Ms", "Mrs.", "Prof.", "Professor", "Sir"];

/// Names every word of which is generic ("Big Pharma", "Biotech").
fn is_generic(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        let w = w.trim_end_matches(['.', ',']).to_lowercase();
        COMPANY_WORDS.contains(&w.as_str())
            || ["big", "the", "inc", "ltd", "co", "corp"].contains(&w.as_str())
    })
}

/// True when the name has a company's shape: a capitalized company word ("Cell" in a name,
/// not in "B-cell") or a legal suffix.
pub(crate) fn company_shaped(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.starts_with(char::is_uppercase))
        .any(|w| COMPANY_WORDS.contains(&w.to_lowercase().as_str()))
        || SUFFIXES.iter().any(|s| name.ends_with(s) && name.len() > s.len() + 1)
}

/// Cuts a name where a headline's verb or a second company begins, and drops leading noise.
fn trim_name(raw: &str) -> Option<(usize, String)> {
    let words: Vec<(usize, &str)> =
        raw.split_whitespace().map(|w| (w.as_ptr() as usize - raw.as_ptr() as usize, w)).collect();
    let mut first = 0;
    // "Paris-based", "CD19-targeted": a hyphenated modifier before a name is not part of it.
    let modifier = |w: &str| {
        let lw = w.to_lowercase();
        ["-based", "-targeted", "-directed", "-focused", "-headquartered", "-listed", "-led", "-backed"]
            .iter()
            .any(|suf| lw.ends_with(suf))
    };
    while first < words.len()
        && (LEADING_NOISE.contains(&words[first].1.trim_end_matches(','))
            || CONNECTORS.contains(&words[first].1)
            || modifier(words[first].1))
    {
        first += 1;
    }
    // "Dr. Lu", "Mr. Smith": a person.
    if words.get(first).is_some_and(|(_, w)| PERSON_TITLES.contains(w)) {
        return None;
    }
    if first >= words.len() {
        return None;
    }
    let mut last = words.len();
    // "Blue Earth Therapeutics Advances Clinical Development": a company word ends the name
    // when capitalized words that are not name parts follow it.
    if let Some(k) = (first..words.len()).find(|&k| {
        let w = words[k].1.trim_end_matches([',', '.']).to_lowercase();
        COMPANY_WORDS.contains(&w.as_str()) && k + 1 < words.len() && {
            let next = words[k + 1].1.trim_end_matches([',', '.']);
            let and_co = matches!(next, "and" | "&")
                && words
                    .get(k + 2)
                    .is_some_and(|(_, w)| matches!(w.trim_end_matches(','), "Co." | "Company"));
            !SUFFIXES.contains(&next)
                && !COMPANY_WORDS.contains(&next.to_lowercase().as_str())
                && !CONNECTORS.contains(&next)
                && !and_co
        }
    }) {
        last = k + 1;
    }
    // A headline's verb ends the name ("Acme Flags Early Safety"); so does a last word in -s
    // or -ed ("Acme Doses"), but not a name word inside the run ("Bristol Myers Squibb").
    if let Some(k) = (first + 1..last).find(|&k| {
        let w = words[k].1.trim_end_matches(',');
        let lw = w.to_lowercase();
        let shaped_like_verb = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && (lw.ends_with('s') || lw.ends_with("ed"))
            && !COMPANY_WORDS.contains(&lw.as_str())
            && !["sciences", "systems", "labs", "partners", "holdings", "industries", "services"]
                .contains(&lw.as_str());
        shaped_like_verb && (HEADLINE_VERBS.contains(&lw.as_str()) || k + 1 == last)
    }) {
        last = k;
    }
    let start = words[first].0;
    let end = words[last - 1].0 + words[last - 1].1.len();
    let name = clean(&raw[start..end]);
    let mut name =
        name.trim_end_matches(['\'', '’']).trim_end_matches("'s").trim_end_matches("’s").to_string();
    // A sentence's period is not part of the name; an abbreviation's is ("Inc.", "N.V.").
    if let Some(stem) = name.strip_suffix('.') {
        let last = name.rsplit(' ').next().unwrap_or("");
        if !SUFFIXES.contains(&last) && !stem.rsplit(' ').next().unwrap_or("").contains('.') {
            name = stem.to_string();
        }
    }
    Some((start, name))
}

/// Names of company shape in a sentence that the sentence ties to a product or an
/// announcement, each with a score (3 or more means a company).
pub(crate) fn mentions(sentence: &str, in_title: bool) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for m in NAME_RUN.find_iter(sentence) {
        // "National Medical Products Administration": the whole run is an agency's name.
        if has_org_word(m.as_str()) && !company_shaped(m.as_str().split_whitespace().next().unwrap_or("")) {
            continue;
        }
        if ORG_BEFORE.is_match(&sentence[..m.start()]) {
            continue;
        }
        let Some((offset, mut name)) = trim_name(m.as_str()) else { continue };
        // "Moderna MRNA said": the last word is the ticker, not part of the name.
        let mut bare_ticker = false;
        if let Some((head, last)) = name.rsplit_once(' ') {
            if (3..=5).contains(&last.len())
                && last.chars().all(|c| c.is_ascii_uppercase())
                && head.chars().any(char::is_lowercase)
                && is_ticker_of(last, head)
            {
                name = head.to_string();
                bare_ticker = true;
            }
        }
        let start = m.start() + offset;
        let end_of_name = start + name.len();
        if name.chars().count() < 3
            || is_generic(&name)
            || SUFFIXES.contains(&name.as_str())
            || !name.chars().any(char::is_lowercase) && name.len() <= 3
        {
            continue;
        }
        if has_org_word(&name) {
            continue;
        }
        let rest = &sentence[end_of_name.min(sentence.len())..];
        let before = &sentence[..start];
        let shaped = company_shaped(&name);
        let possessive = rest.starts_with("’s")
            || rest.starts_with("'s")
            || rest.starts_with('’')
            || rest.starts_with('\'');
        let after_possessive = rest.trim_start_matches(['’', '\'']).trim_start_matches('s');
        let mut score = 0u8;
        let bare = BARE_TICKER
            .captures(rest)
            .and_then(|c| c.get(1).or(c.get(2)))
            .is_some_and(|t| is_ticker_of(t.as_str(), &name));
        if TICKER_ANY.is_match(rest) || bare || bare_ticker {
            score = score.max(5);
        }
        if possessive && OWNED_NOUN.is_match(after_possessive) {
            score = score.max(if shaped { 5 } else { 4 });
        } else if possessive && shaped {
            score = score.max(3);
        }
        if SPEAKS.is_match(rest) {
            score = score.max(if shaped { 4 } else { 3 });
        }
        if OWNER_BEFORE.is_match(before)
            && (shaped || rest.trim_start().starts_with(['(', ',', '.']) || rest.trim().is_empty())
        {
            score = score.max(if shaped { 4 } else { 3 });
        }
        if in_title && start == 0 && HEADLINE_VERB.is_match(rest) {
            score = score.max(3);
        }
        let executive =
            EXECUTIVE_BEFORE.is_match(before) || possessive && EXECUTIVE_AFTER.is_match(after_possessive);
        if executive {
            score = score.max(if shaped { 4 } else { 3 });
        }
        if shaped {
            score = score.max(2);
        }
        if score > 0 {
            out.push(Mention { name, start, score, executive });
        }
    }
    out
}

/// The longest form of `name` the text writes: `Autolus` → `Autolus Therapeutics plc` when the
/// text names it so; only company words and legal suffixes may be added.
pub(crate) fn longest_form(name: &str, text: &str) -> String {
    let mut best = name.to_string();
    for (at, _) in text.match_indices(name) {
        if text[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(m) = NAME_RUN.find_at(text, at).filter(|m| m.start() == at) else { continue };
        let run = m.as_str();
        if !run.starts_with(name) || run.len() <= best.len() {
            continue;
        }
        let extra = &run[name.len()..];
        if !extra.starts_with([' ', ',']) {
            continue;
        }
        let mut kept = name.len();
        let mut pos = name.len();
        for w in extra.split_inclusive(char::is_whitespace) {
            let core = w.trim().trim_end_matches(',');
            // Dotted forms ("N.V.", "S.A.") are left as the page's short name writes it.
            let dotted = ["N.V.", "S.A.", "B.V."].contains(&w.trim().trim_end_matches(','));
            let is_part = !dotted
                && (COMPANY_WORDS.contains(&core.to_lowercase().as_str())
                    || SUFFIXES.contains(&core)
                    || SUFFIXES.contains(&w.trim()));
            pos += w.len();
            if core.is_empty() {
                continue;
            }
            if !is_part {
                break;
            }
            kept = pos;
        }
        let candidate = clean(&run[..kept]);
        if candidate.len() > best.len() {
            best = candidate;
        }
    }
    best
}

/// The company a sentence names as its subject, with a confidence score of at least 3.
pub(crate) fn from_sentence(sentence: &str) -> Option<(String, u8)> {
    let (rest, had_dateline) = match DATELINE_END.find(sentence) {
        Some(m) => (&sentence[m.end()..], true),
        None => (sentence, false),
    };
    let rest = rest.trim_start();
    let (name, consumed, possessive) = leading_name(rest)?;
    let first = name.split_whitespace().next()?;
    if NOT_NAMES.contains(&first) || name.len() < 3 {
        return None;
    }
    let after = &rest[consumed..];
    let mut score = 0;
    let lower = name.to_lowercase();
    if lower.split(|c: char| !c.is_alphanumeric()).any(|w| COMPANY_WORDS.contains(&w))
        || SUFFIXES.iter().any(|s| name.ends_with(s))
    {
        score += 2;
    }
    let ticker = TICKER.is_match(after);
    if ticker {
        score += 3;
    }
    let announces = ANNOUNCES.is_match(after);
    if announces {
        score += 2;
    }
    if had_dateline {
        score += 1;
    }
    if possessive && score >= 2 {
        score += 1;
    }
    // A lone capitalized word before a verb ("Agency signs off") is not enough.
    ((ticker || announces || possessive) && score >= 3).then_some((name, score))
}

/// The run of capitalized words at the start of `text`, with a legal suffix after a comma;
/// also the bytes it spans and whether it ended in a possessive.
fn leading_name(text: &str) -> Option<(String, usize, bool)> {
    let words: Vec<(usize, &str)> =
        text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    let mut taken: Vec<&str> = Vec::new();
    let mut consumed = 0;
    let mut i = 0;
    while i < words.len() && taken.len() < 10 {
        let (pos, w) = words[i];
        let (core, comma) = match w.strip_suffix(',') {
            Some(c) => (c, true),
            None => (w, false),
        };
        let possessive = core.ends_with("’s") || core.ends_with("'s");
        let core = core.trim_end_matches("’s").trim_end_matches("'s");
        let suffix = !taken.is_empty() && SUFFIXES.contains(&core);
        let connector = !taken.is_empty()
            && CONNECTORS.contains(&core)
            && words.get(i + 1).is_some_and(|(_, n)| n.starts_with(char::is_uppercase));
        // "iCell", "eGenesis": a lowercase first letter with capitals inside is still a name.
        let capitalized = (core.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || core.chars().skip(1).any(char::is_uppercase)
                && core.chars().next().is_some_and(char::is_lowercase))
            && !core.starts_with('(');
        if !(capitalized || connector || suffix)
            || matches!(core, "Announces" | "Announced" | "Reports" | "Today")
        {
            break;
        }
        taken.push(core);
        consumed = pos + core.len();
        if possessive {
            let name = clean(&taken.join(" "));
            return Some((name, pos + w.len(), true));
        }
        if comma {
            // "Acme Bio, Inc." keeps its suffix; "Acme Bio, a company" ends at the comma.
            match words.get(i + 1).map(|(p, n)| (*p, n.trim_end_matches(','))) {
                Some((p, next)) if SUFFIXES.contains(&next) => {
                    let joined = format!("{}, {}", taken.join(" "), next);
                    return Some((clean(&joined), p + next.len(), false));
                }
                _ => break,
            }
        }
        i += 1;
    }
    if taken.is_empty() {
        return None;
    }
    Some((clean(&taken.join(" ")), consumed, false))
}

fn clean(name: &str) -> String {
    name.trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c.is_whitespace()).to_string()
}

/// Compiles this module's patterns now rather than at first use: start-up does it on another
/// core while the vocabularies load (see [`crate::warm_patterns`]).
pub(crate) fn warm() {
    for pattern in [
        &DATELINE_END,
        &TICKER,
        &ANNOUNCES,
        &OWNER_CUE,
        &OWNER_PARENS,
        &FROM_OWNER,
        &POSSESSIVE_OWNER,
        &EXECUTIVE_BEFORE,
        &NAME_RUN,
        &TICKER_ANY,
        &BARE_TICKER,
        &SPEAKS,
        &OWNER_BEFORE,
        &OWNED_NOUN,
        &EXECUTIVE_AFTER,
        &HEADLINE_VERB,
        &ORG_BEFORE,
    ] {
        LazyLock::force(pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_datelines() {
        let cases = [
            ("SHANGHAI, Feb. 10, 2026 /PRNewswire/ -- CARsgen Therapeutics Holdings Ltd. (HKEX: 2171), a company, today announced", "CARsgen Therapeutics Holdings Ltd."),
            ("SHANGHAI, China I March 23, 2022 I CARsgen Therapeutics Holdings Limited (Stock Code: 2171.HK), a company, today reported", "CARsgen Therapeutics Holdings Limited"),
            ("SOUTH SAN FRANCISCO, Calif., Jan. 5, 2026 (GLOBE NEWSWIRE) -- Allogene Therapeutics, Inc. (Nasdaq: ALLO), a company, today", "Allogene Therapeutics, Inc."),
            ("Shanghai, China / Global — CARsgen Therapeutics Holdings Ltd., a clinical-stage company, announced", "CARsgen Therapeutics Holdings Ltd."),
            ("Bristol Myers Squibb (NYSE: BMY) today announced", "Bristol Myers Squibb"),
            ("Johnson & Johnson (NYSE: JNJ) today announced", "Johnson & Johnson"),
            ("LONDON, Oct. 14, 2025 (GLOBE NEWSWIRE) -- Orexa Therapeutics plc (Nasdaq: ORXA) today announced", "Orexa Therapeutics plc"),
            ("LOUISVILLE, Ky. -- iCell Gene Therapeutics said today", "iCell Gene Therapeutics"),
            ("Umoja Biopharma, one of the first companies to do so, has added a fresh win", "Umoja Biopharma"),
            ("PRINCETON, N.J.--(BUSINESS WIRE)--May 15, 2024--Bristol Myers Squibb (NYSE: BMY) said today", "Bristol Myers Squibb"),
        ];
        for (s, want) in cases {
            assert_eq!(from_sentence(s).map(|c| c.0).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn sentences_without_a_company_give_none() {
        assert_eq!(from_sentence("The U.S. Food and Drug Administration approved it."), None);
        assert_eq!(from_sentence("today, patients were dosed"), None);
        assert_eq!(from_sentence("Agency signs off on a fifth application for the therapy"), None);
    }

    #[test]
    fn scores_prefer_releases_own_subjects() {
        let (name, score) =
            from_sentence("Adicet Bio’s ADI-001 has received Fast Track Designation").unwrap();
        assert_eq!(name, "Adicet Bio");
        assert!(score >= 3);
        let (name, score) =
            from_sentence("Kyverna Therapeutics has received clearance from the FDA").unwrap();
        assert_eq!((name.as_str(), score), ("Kyverna Therapeutics", 4));
    }

    fn best(sentence: &str, in_title: bool) -> Option<(String, u8)> {
        mentions(sentence, in_title).into_iter().max_by_key(|m| m.score).map(|m| (m.name, m.score))
    }

    #[test]
    fn news_names_the_owner_by_ticker_possessive_speaker_or_sponsor() {
        let cases = [
            ("US pharma major Zentova (NYSE: ZNT) today announced a deal", "Zentova", 5),
            ("The FDA has cleared Halcyra Bio's IND for HB-12", "Halcyra Bio", 5),
            ("Morvane said on Thursday that the agency cleared the trial", "Morvane", 3),
            (
                "a Phase 1 study sponsored by Quillon Therapeutics, Inc. in lupus",
                "Quillon Therapeutics, Inc.",
                4,
            ),
            ("Trevix Wins Fast Track Designation for Its Lead CAR-T", "Trevix", 3),
            ("Kelpra Therapeutics Advances Clinical Development of KT-7", "Kelpra Therapeutics", 3),
            ("Valdis VLDS said recently that the agency granted PRIME", "Valdis", 5),
        ];
        for (s, name, score) in cases {
            let got = best(s, s.starts_with(char::is_uppercase) && !s.contains(" said "));
            assert_eq!(got, Some((name.to_string(), score)), "{s}");
        }
    }

    #[test]
    fn abbreviations_agencies_people_and_cell_words_are_not_companies() {
        for s in [
            "the Committee for Medicinal Products for Human Use (CHMP) backed it",
            "an Investigational New Drug (IND) application",
            "said Dr. Lu, the lead investigator",
            "the University Hospital said the B-cell counts fell",
            "Big Pharma's blood cancer drug has been approved",
        ] {
            assert!(mentions(s, false).iter().all(|m| m.score < 3), "{s}: {:?}", mentions(s, false));
        }
    }

    #[test]
    fn the_longest_written_form_adds_only_company_words_and_suffixes() {
        let text = "Orvane said. Orvane Therapeutics plc is based in London. Orvane Phase 1 data.";
        assert_eq!(longest_form("Orvane", text), "Orvane Therapeutics plc");
        assert_eq!(longest_form("Kest", "Kest Phase 2 data"), "Kest");
    }

    #[test]
    fn owners_in_parentheses_executives_and_recipients() {
        assert_eq!(owner_in_parentheses(" (Norvell) is a gene-edited NK cell").as_deref(), Some("Norvell"));
        assert_eq!(owner_in_parentheses("; Tarsen Bio) met its endpoint").as_deref(), None);
        assert_eq!(owner_in_parentheses(" (ab-cel; Tarsen Bio) met").as_deref(), Some("Tarsen Bio"));
        assert_eq!(owner_in_parentheses(" (CAR-T) was"), None);
        let m = mentions("said Jo Park, chief executive officer of Plessa, in a statement", false);
        assert!(m.iter().any(|m| m.name == "Plessa" && m.executive && m.score >= 3), "{m:?}");
        let m = mentions("The approval went to Dovrane.", false);
        assert!(m.iter().any(|m| m.name == "Dovrane" && m.score >= 3), "{m:?}");
        let m = mentions("Paris-based Ilvane said today that the agency accepted its IND", false);
        assert!(m.iter().any(|m| m.name == "Ilvane"), "{m:?}");
        assert!(mentions("the National Medical Products Administration approved it", false).is_empty());
        assert!(mentions("the Committee for Advanced Therapies (CAT) assessed it", false)
            .iter()
            .all(|m| m.score < 3));
    }

    #[test]
    fn owners_written_beside_a_product() {
        assert_eq!(
            owner_after(" (zotanib) from Varlo Pharma and Co. and Benn Corp., the first").as_deref(),
            Some("Varlo Pharma and Co.")
        );
        assert_eq!(
            owner_after(" (zotanib) from Varlo Pharma and Benn Corp., the first").as_deref(),
            Some("Varlo Pharma")
        );
        assert_eq!(owner_after(", developed by Quenta Bio, is").as_deref(), Some("Quenta Bio"));
        assert_eq!(owner_after(" from the Food and Drug Administration"), None);
        assert_eq!(owner_after(" in adults with lupus"), None);
        assert_eq!(
            owner_before("the FDA cleared Halcyra Bio's experimental ").as_deref(),
            Some("Halcyra Bio")
        );
        assert_eq!(owner_before("the agency's "), None);
    }
}
