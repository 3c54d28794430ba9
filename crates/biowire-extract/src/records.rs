//! Record assembly: which milestones a release announces, for which products, and each
//! product's company, modality, cell source, targets and indications.

use crate::builtin_regex;
use crate::company;
use crate::dictionary::{TermMatch, Words};
use crate::products::{self, NameMatch, Product};
use crate::segment::{self, Zone};
use crate::vocab::{Scope, Vocabulary};
use biowire_core::{
    product_key, CellSource, Document, Evidence, Mention, MentionKind, Milestone, MilestoneKind, Modality,
    Record, Zone as MentionZone, RECORD_SCHEMA,
};
use biowire_parse::dates::{find_dates, parse_date, PartialDate};
use regex::Regex;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One sentence of the title or the body, with what the rules need to know about it.
#[derive(Debug, Clone)]
struct Sent<'a> {
    text: &'a str,
    /// Byte offset in the main text; 0 for the title.
    start: usize,
    in_title: bool,
    zone: Zone,
    quoted: bool,
    para: usize,
    about: Option<usize>,
    /// Product names in the sentence.
    names: Vec<NameMatch>,
    /// Rank of the sentence's paragraph (see [`rank_paragraphs`]), computed once.
    rank: Option<usize>,
    /// Position of the sentence in its paragraph (0 for the first).
    nth: usize,
    /// Antigens and diseases named in the sentence, found on first use: several stages ask,
    /// and the words are split once for both dictionaries.
    terms: OnceCell<(Vec<TermMatch>, Vec<TermMatch>)>,
}

/// News is told in a paragraph's first sentences: milestones and unnamed descriptions are read
/// from that many sentences of each paragraph, which also keeps long paragraphs linear.
const PARAGRAPH_HEAD: usize = 8;

impl Sent<'_> {
    /// Headline and body sentences outside quotes: where news is told.
    fn is_news(&self) -> bool {
        self.zone == Zone::Body && !self.quoted
    }

    fn terms(&self, vocab: &Vocabulary) -> &(Vec<TermMatch>, Vec<TermMatch>) {
        self.terms.get_or_init(|| {
            let words = Words::of(self.text);
            (vocab.antigens.find_all_in(&words), vocab.diseases.find_all_in(&words))
        })
    }

    /// The antigens named in the sentence, in order.
    fn antigens(&self, vocab: &Vocabulary) -> &[TermMatch] {
        &self.terms(vocab).0
    }

    /// The diseases named in the sentence, in order.
    fn diseases(&self, vocab: &Vocabulary) -> &[TermMatch] {
        &self.terms(vocab).1
    }
}

/// Releases whose headline says they are corporate news carry no product milestone, whatever
/// history their body repeats.
static CORPORATE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:financial\s+results|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|quarterly\s+results|full[\s-]year\s+(?:\d{4}\s+)?results|business\s+(?:update|highlights)|appoint\w*|names\s+(?:\w+\s+){0,4}(?:chief|officer|president|director|ceo|cfo|head)|board\s+of\s+directors|pricing\s+of|public\s+offering|private\s+placement|registered\s+direct|to\s+(?:present|participate)\s+(?:at|in)|investor\s+conference|fireside\s+chat|webcast|annual\s+general\s+meeting|shareholder\s+letter|inducement\s+grants?|reverse\s+stock\s+split|workforce|restructuring|results\s+for\s+the\s+(?:first|second)\s+half|half[\s-]year(?:ly)?\s+results|(?:six|nine|three|twelve)\s+months\s+ended|annual\s+results|class\s+action|securities\s+(?:fraud|litigation)|lawsuit|shareholder\s+alert|investor\s+alert|dividend)\b",
    )
});

/// Words just before a cue that put it in the future or make it conditional.
static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:plans?\s+to|planned|expects?\s+(?:[\w-]+\s+){0,3}?to|expected\s+to|anticipates?|anticipated|intends?\s+to|will|would|could|(?-i:may)|might|aims?\s+to|seeks?\s+to|to\s+support\s+(?:a|an|the)|upcoming|goal|hopes?\s+to|designed\s+to|to\s+(?:secure|win|gain|earn)|front-?runner|within\s+(?:months|weeks|reach)|coming\s+(?:months|weeks|year)|on\s+track\s+to|poised\s+to|set\s+to|later\s+this\s+year|next\s+year)\b",
    )
});

/// Words anywhere in a sentence that make it history.
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:previously|already\s+(?:been|received|granted|approved|completed|reported|cleared|holds?|has|being)|earlier\s+this\s+year|last\s+(?:year|week|month|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december)|had\s+(?:been\s+|already\s+)?(?:granted|received|cleared|dosed|approved|tested|reported)|has\s+(?:already\s+)?been\s+(?:tested|studied|evaluated)|was\s+(?:first\s+)?approved\s+in|is\s+also\s+being|also\s+(?:holds?|has\s+received)|(?:in\s+)?(?:earlier|prior|previous)\s+(?:studies|trials|research))\b",
    )
});

/// Results of studies before the news ("In earlier studies, X showed activity in patients with …").
static EARLIER_STUDIES: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)\b(?:earlier|prior|previous)\s+(?:clinical\s+)?(?:studies|trials|research)\b")
});

/// Clauses about the patients, not the product: their prior treatment is not the product's
/// history ("patients who have already received a checkpoint inhibitor").
static PATIENT_HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:patients|adults|children|people|those|individuals)\s+(?:who|whose|that)\b[^.;]*|\b(?:previously|heavily)\s+(?:treated|pretreated)\b|\bafter\s+(?:at\s+least\s+)?(?:\w+\s+)?(?:prior|previous)\s+(?:lines?|therap\w+)\b|\buntil\s+now\b|\b(?:previously|formerly)\s+(?:known\s+as|called|named|untreated)\b",
    )
});

/// True when the sentence tells history outside clauses about the patients' own history.
fn is_past(text: &str) -> bool {
    let spans: Vec<(usize, usize)> = PATIENT_HISTORY.find_iter(text).map(|m| (m.start(), m.end())).collect();
    PAST.find_iter(text).any(|m| !spans.iter().any(|&(a, b)| m.start() >= a && m.start() < b))
}

/// Sentences that explain a disease rather than say what the product is for.
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^(?:[\w’'-]+,?\s+){0,8}(?:is|are)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,6}(?:disease|disorder|condition|cancer|form|type|malignanc\w+|syndrome)\b|\b(?:affects?|affecting)\s+(?:an\s+estimated\s+|about\s+|roughly\s+|approximately\s+|more\s+than\s+)?[\d,.]+",
    )
});

/// A sentence that counts the people who have a disease ("Of the roughly 200,000 people living
/// with X, about 40 percent develop Y"): the field's background, not the news.
static EPIDEMIOLOGY: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b[\d,.]+\s+(?:million\s+|thousand\s+)?(?:people|patients|adults|children|individuals|americans|women|men)\b[^;]{0,40}?\b(?:living\s+with|(?:are|is)\s+affected|suffer(?:s|ing)?\s+from|diagnosed\s+(?:with\s+[^;]{0,60}?)?(?:each|every)\s+year|diagnosed\s+annually)",
    )
});

/// A sentence whose subject is the product without its name.
static REFERS_TO_PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:It|Its|The\s+(?:therapy|product|drug|medicine|candidate|treatment|study|trial|application|designation|approval|MAA|BLA|NDA|sBLA|submission|filing)|The\s+(?:[\w/,-]+\s+){1,5}?(?:study|trial))\b",
    )
});

/// Words before a disease that say the product is for it.
static USE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:(?:recommended|indicated|approved|cleared|authori[sz]ed|designated|licensed)\s+(?:[\w-]+\s+){0,6}?(?:for|in|to\s+treat)|(?:for\s+(?:the\s+)?treatment\s+of|treatments?\s+for|(?:developed|studied|evaluated|investigated|tested)\s+(?:as\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}?(?:therapy|treatment|option)\s+)?(?:for|in)|to\s+treat|(?:\bin|\bfor|\benrol\w*|\brecruit\w*|:|;\s+and|\band)\s+(?:adult\s+|adults\s+|pediatric\s+|paediatric\s+)?(?:patients|adults|children|people|those|men|women|participants)(?:\s+(?:and|or|aged|\d+|years?|of|age|older|younger|young|up|to|under|over|\w+ren|adults|patients))*\s+with))\s+(?:[\w/-]+\s+){0,8}$",
    )
});

/// Animal and laboratory work: the diseases there are models, not indications.
static PRECLINICAL: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:mice|mouse|murine|preclinical|pre-clinical|in\s+vitro|animal\s+models?|xenografts?|non-human\s+primates?)\b",
    )
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"\b(?:19|20)\d\d\b"));

static PHASE: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)\bphase\s*(1|2|3|I{1,3})[ab]?(?:\s*/\s*(1|2|3|I{1,3})[ab]?)?\b"));

static TRIAL_ID: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"\b(?:NCT\d{8}|ChiCTR[-\w]*\d{6,}|CTR\d{8}|\d{4}-\d{6}-\d{2}|ISRCTN\d{8}|jRCT\w{8,})\b")
});

static AUTHORITY: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"\bFDA\b|\bFood\s+and\s+Drug\s+Administration\b", "FDA"),
        (r"\bNMPA\b|\bNational\s+Medical\s+Products\s+Administration\b|\bCDE\b|\bCenter\s+for\s+Drug\s+Evaluation\b", "NMPA"),
        (r"\bEMA\b|\bEuropean\s+Medicines\s+Agency\b|\bEuropean\s+Commission\b|\bCHMP\b", "EMA"),
        (r"\bPMDA\b|\bMHLW\b|Japan(?:ese)?\s+Ministry\s+of\s+Health", "PMDA"),
        (r"\bMHRA\b", "MHRA"),
        (r"\bHealth\s+Canada\b", "Health Canada"),
        (r"\bTGA\b|Therapeutic\s+Goods\s+Administration", "TGA"),
    ]
    .into_iter()
    .map(|(p, n)| (Regex::new(p).expect("authority pattern is valid"), n))
    .collect()
});

/// A window around an antigen that says the product is directed at it.
static TARGET_CUE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)target|directed|anti-|\bCAR\b|CAR[\s-]?T|CAR[\s-]?NK|specific|recogni[sz]|against|bispecific|dual|binds?|engag|bcma|\bx\s*$|^\s*(?:x|/|×)|trispecific|aimed\s+at|onto|latch|inhibit|block|switch\w*\s+off|silenc|knock\w*\s+(?:out|down)|\bedit|agonist|antagonist|degrad|modulat",
    )
});

/// Words right before an open-world gene that make it the product's target.
static STRONG_TARGET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)(?:\btarget(?:s|ing|ed)?|\bdirected\s+(?:at|against|to)|\bagainst|\banti-|\binhibitors?\s+of|\binhibit(?:s|ing)?|\bblock(?:s|ing)?|\bbind(?:s|ing)?(?:\s+to)?|\baimed\s+at|\bonto|\bsilenc\w+|\bknock\w*\s+(?:out|down)|\bedit(?:s|ing)?|\bdegrad\w+|\b(?:ago|antago)nists?\s+(?:of|at)|\bswitch\w*\s+off|\bacts?\s+on|\bactivat\w+|\bspecific\s+(?:for|to))\s+(?:both\s+)?(?:the\s+)?(?:(?:human|protein|gene|antigen|receptor|enzyme|kinase)\s+)?(?:[A-Za-z0-9-]+\s+(?:and|or|/)\s+)?(?:p-|phospho-)?$|[/×x]\s*$",
    )
});

/// Words right after an open-world gene that make it the product's target.
static STRONG_TARGET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^(?:[\s-]*(?:targeted|targeting|directed|specific|CAR\b|CAR-T|CAR-NK|inhibitors?|antagonists?|agonists?|degraders?|blockers?|siRNA|antibod(?:y|ies)|ADC|bispecific|T[\s-]cell\s+engager|TCR\b|-?x-?CD3|\s*x\s*CD3|\s*×\s*CD3)|\s*(?:/|×|\bx\b)\s*[A-Z])",
    )
});

/// What follows an antigen when it is named as a marker, not a target.
static MARKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^(?:\+|[–−](?:\W|$)|[\s-]*(?:positive|negative|expressing|expression|high|low|levels?|status|\+)\b)",
    )
});

/// What follows an antigen when it is named as absent ("HER2-negative", "HER2−", "BRCA-
/// deficient", also after a spelled-out name: "receptor 2 (HER2)-negative") or as a gene
/// altered in the patients ("EGFR-mutated"): a marker of who is treated, never what the
/// document is about.
static ABSENT_MARKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^\)?(?:[–−](?:\W|$)|[\s-]*(?:negative|null|deficient|mutated|mutant|mutations?|amplified|rearranged)\b)",
    )
});

/// Right after a disease, nouns that make it the field of something else: "a lupus drug target",
/// "the myeloma market".
static FIELD_NOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^\s+(?:drugs?\s+targets?|targets?|market|space|landscape|field|franchise)\b")
});

/// Right before a group of diseases, words that leave it vague: "several types of solid tumors".
static VAGUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:several|various|multiple|many|other|different|a\s+range\s+of|a\s+variety\s+of)\s+(?:(?:types|kinds|forms)\s+of\s+)?(?:advanced\s+)?$",
    )
});

/// Right after an antigen, words that make it a marker of the patients ("HER2/neu-positive").
static MARKER_POSITIVE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)^(?:/neu)?(?:[\s-]*positive\b|\+)"));

/// Words before an antigen that make it another therapy's: a prior line ("after anti-PD-1
/// therapy"), a combination partner, or a conditioning drug.
static OTHER_THERAPY: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:after|following|prior|previous(?:ly)?|refractory\s+to|resistant\s+to|progressed\s+on|exposed|treated\s+with|in\s+combination\s+with|combined\s+with|paired\s+with|alongside|plus|with\s+an?)\b[^.;]{0,30}$",
    )
});

/// A clause about the patients' earlier treatment: antigens there belong to other therapies
/// ("previously treated with … an anti-CD38 antibody", "despite a PD-1 blocking antibody").
static PRIOR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:previously\s+treated|pretreated|(?:have|has|had)\s+(?:already\s+)?received|earlier\s+(?:systemic\s+)?(?:treatment|therap\w+)|prior\s+(?:lines?|therap\w+|treatments?)|among\s+them|at\s+(?:a\s+)?minimum|despite|worsened|progressed\s+(?:on|after)|refractory\s+to|relapsed\s+(?:after|on)|after\s+(?:treatment|therapy)\s+with|failed|not\s+(?:been\s+)?(?:helped|responded|respond)|inadequate(?:ly)?\s+respon\w+|intoleran\w+|unresponsive)\b[^.;]*$",
    )
});

/// A disease named as a risk or side effect, not as what the product treats.
static RISK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)\b(?:risk|risks|incidence|rates?|symptoms|signs)\s+of\s+(?:\w+\s+)?$")
});

/// Right after a disease, words that name its cause: "plexiform neurofibromas caused by
/// neurofibromatosis type 1" is about the neurofibromas.
static CAUSE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^\s*,?\s*(?:caused\s+by|due\s+to|secondary\s+to|arising\s+from|resulting\s+from|associated\s+with)\s+(?:an?\s+|the\s+)?$",
    )
});

/// Between a disease and the next, words that make the second the population the first is
/// found in: "immune thrombocytopenia that occurs in patients of SLE", "lupus nephritis, one of
/// the most serious forms that SLE can take", "a complication of …".
static HOST_AFTER_KIND: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)(?:\b(?:that|which)\s+(?:often\s+|commonly\s+|frequently\s+)?(?:complicates|accompanies)|\b(?:that|which)\s+(?:occurs?|develops?|arises?)\s+in\s+(?:patients|people|those|adults|children)\s+(?:of|with)|\b(?:forms?|complications?|manifestations?)\s+(?:of|that|which))\s+(?:an?\s+|the\s+)?$",
    )
});

/// Between a disease and the next, words that make the first the population the second is found
/// in: "people with SLE who have active lupus nephritis", "SLE-ITP", "HIV-associated lymphoma".
static HOST_BEFORE_KIND: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^\)?(?:\s*\([^()]{1,40}\))?(?:,?\s+who\s+(?:have|has|also\s+have|develop(?:ed)?)\s+(?:active\s+|biopsy-proven\s+)?|-(?:associated\s+|related\s+)?)$",
    )
});

/// Contrast clauses whose cell-source words describe other products.
static CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:unlike|compared\s+(?:with|to)|in\s+contrast\s+to|rather\s+than|instead\s+of|as\s+opposed\s+to|whereas|conventional|traditional|current)\b[^,;.]*",
    )
});

/// The 40 characters before and after an antigen at `start..end`: where target cues stand.
fn target_window(text: &str, start: usize, end: usize) -> (&str, &str) {
    let after_end = text[end..].char_indices().nth(40).map_or(text.len(), |(i, _)| end + i);
    (&text[back(text, start, 40)..start], &text[end..after_end])
}

/// True when the words around a gene say it is the target ("USP1 inhibitor", "targeting
/// PCSK9", "anti-TSLP", "HER3-directed", "blocks p-STAT3", its phosphorylated form): what a
/// gene outside the common targets needs.
fn says_it_is_the_target(before: &str, after: &str) -> bool {
    STRONG_TARGET_BEFORE.is_match(before) || STRONG_TARGET_AFTER.is_match(after) || spelled_out_target(before)
}

/// True when the symbol follows its spelled-out name in parentheses and the words before the
/// name say it is the target ("to block thymic stromal lymphopoietin (TSLP)").
fn spelled_out_target(before: &str) -> bool {
    let Some(mut name) = before.trim_end().strip_suffix('(') else { return false };
    // The name is one to five words; try each length.
    for _ in 0..5 {
        let Some((head, _)) = name.trim_end().rsplit_once(char::is_whitespace) else { return false };
        if STRONG_TARGET_BEFORE.is_match(&format!("{head} ")) {
            return true;
        }
        name = head;
    }
    false
}

/// Every antigen and disease mention of a document, with its zone and character offsets.
/// Open-world genes count only in target context (as for records), ambiguous names only
/// where the document supports them; the rest is high recall by design.
pub(crate) fn mentions(vocab: &Vocabulary, doc: &Document) -> Vec<Mention> {
    extract_with_mentions(vocab, doc).1
}

/// Records and mentions of a document from one reading of its sentences; which mentions
/// make the document a search hit is decided from the records (see [`is_subject`]).
pub(crate) fn extract_with_mentions(vocab: &Vocabulary, doc: &Document) -> (Vec<Record>, Vec<Mention>) {
    let sents = sentences(vocab, doc);
    let records = records_in(vocab, doc, &sents);
    let mentions = mentions_in(vocab, doc, &sents, &records);
    (records, mentions)
}

/// Whether a mention says what the document is about, so that search finds the document by
/// it. The headline does. The lead does only in a release the extractor found a milestone
/// in (a lead without one names programs in passing: results, pipelines, people), and not
/// in an aside (`lead_aside`): a sentence about a product other than the records' ("first
/// NKX101 data in AML" beside an NKX019 record), a hedged clause or an earlier event. A disease named more broadly than one the records carry ("leukaemia"
/// where the record says acute myeloid leukemia) does not: the record says it exactly.
fn is_subject(
    vocab: &Vocabulary,
    records: &[Record],
    zone: MentionZone,
    lead_aside: bool,
    kind: MentionKind,
    value: &str,
) -> bool {
    let placed = match zone {
        MentionZone::Headline => true,
        MentionZone::Lead => !records.is_empty() && !lead_aside,
        _ => false,
    };
    placed && !(kind == MentionKind::Disease && broader_than_a_record(vocab, records, value))
}

/// True when a record's indication is a kind of `disease`: under it in Mondo, or its name
/// ending in `disease`'s words ("generalized myasthenia gravis", "myasthenia gravis").
fn broader_than_a_record(vocab: &Vocabulary, records: &[Record], disease: &str) -> bool {
    let d = disease.to_lowercase();
    if is_group(&d) && records.iter().flat_map(|r| &r.indications).any(|ind| !is_group(ind)) {
        return true;
    }
    let broad = vocab.diseases.lookup_index(disease);
    records.iter().flat_map(|r| &r.indications).any(|ind| {
        let ind = ind.to_lowercase();
        if ind == d {
            return false;
        }
        let by_words = ind.strip_suffix(d.as_str()).is_some_and(|head| head.ends_with([' ', '-']));
        by_words
            || broad
                .zip(vocab.diseases.lookup_index(&ind))
                .is_some_and(|(b, i)| vocab.diseases.is_under(i, b))
    })
}

/// True when the `k`th disease `found` in `text` is named as the population another is found in
/// ("… that occurs in patients with X", "people with X who have …", "X-associated …").
fn names_a_host(text: &str, found: &[TermMatch], k: usize) -> bool {
    let m = &found[k];
    let before =
        k > 0 && found[k - 1].end <= m.start && HOST_AFTER_KIND.is_match(&text[found[k - 1].end..m.start]);
    // The next disease is the next other one: an abbreviation may stand between.
    before
        || found[k + 1..]
            .iter()
            .find(|n| n.canonical != m.canonical)
            .is_some_and(|next| m.end <= next.start && HOST_BEFORE_KIND.is_match(&text[m.end..next.start]))
}

/// True when the sentence names a product and none of them is one the records are about.
fn names_only_other_products(s: &Sent<'_>, record_products: &[String]) -> bool {
    !s.names.is_empty() && s.names.iter().all(|n| !record_products.contains(&product_key(&n.name)))
}

fn mentions_in(vocab: &Vocabulary, doc: &Document, sents: &[Sent<'_>], records: &[Record]) -> Vec<Mention> {
    let record_products: Vec<String> = records
        .iter()
        .flat_map(|r| r.product.iter().chain(&r.product_aliases))
        .map(|p| product_key(p))
        .collect();
    let mut out = Vec::new();
    let published = doc.published.as_deref().and_then(parse_date);
    // Byte → char offsets, counted forward once: sentences come in text order.
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut char_at = |b: usize| {
        if b < byte {
            (byte, chars) = (0, 0);
        }
        chars += doc.text[byte..b].chars().count();
        byte = b;
        chars
    };
    for s in sents {
        let zone = if s.in_title {
            MentionZone::Headline
        } else if s.zone == Zone::Boilerplate {
            MentionZone::Boilerplate
        } else if s.about.is_some() || s.zone == Zone::About {
            MentionZone::About
        } else if s.quoted {
            MentionZone::Quote
        } else if s.rank.is_some_and(|r| r <= 2) {
            MentionZone::Lead
        } else {
            MentionZone::Body
        };
        // (kind, start, end, value, said of something else than what the text is about)
        let mut found: Vec<(MentionKind, usize, usize, String, bool)> = Vec::new();
        for &m in s.antigens(vocab) {
            let (before, after) = target_window(s.text, m.start, m.end);
            if m.scope == Scope::Context && !says_it_is_the_target(before, after) {
                continue;
            }
            // A marker the patients lack, or an antigen of the therapy they had before, says
            // nothing of what the document is about.
            if ABSENT_MARKER_AFTER.is_match(after)
                || OTHER_THERAPY.is_match(before)
                || PRIOR_LINE.is_match(&s.text[..m.start])
            {
                continue;
            }
            // "HER2-positive gastric cancer" names who is treated: a marker of the patients,
            // which a headline or lead states whether or not the product targets it.
            let marker = MARKER_POSITIVE_AFTER.is_match(after);
            found.push((
                MentionKind::Antigen,
                m.start,
                m.end,
                vocab.antigens.name(m.canonical).to_string(),
                marker,
            ));
        }
        let diseases = s.diseases(vocab);
        for (k, m) in diseases.iter().enumerate() {
            if m.ambiguous && !supported(vocab, doc, m.canonical, &s.text[m.start..m.end]) {
                continue;
            }
            // Named only as the population of another disease, as the field of something else
            // ("a lupus drug target"), or as a vague group ("several types of solid tumors"),
            // it is not what the text is about.
            let name = vocab.diseases.name(m.canonical);
            let host = names_a_host(s.text, diseases, k)
                || FIELD_NOUN_AFTER.is_match(&s.text[m.end..])
                || (is_group(name) && VAGUE_BEFORE.is_match(&s.text[back(s.text, m.start, 40)..m.start]));
            found.push((MentionKind::Disease, m.start, m.end, name.to_string(), host));
        }
        found.sort_by_key(|f| f.1);
        let other_product = !records.is_empty() && names_only_other_products(s, &record_products);
        for (kind, start, end, value, host) in found {
            // A lead clause that plans, hedges or tells an earlier event, or a lead sentence
            // that explains a disease, says what the release is about no more than it gives
            // an indication.
            let aside = other_product
                || zone == MentionZone::Lead
                    && (is_hedged_clause(s.text, start)
                        || in_earlier_event(s.text, start)
                        || is_dated_history(clause_around(s.text, start), published)
                        || DEFINITION.is_match(s.text)
                        || EPIDEMIOLOGY.is_match(s.text)
                        || EARLIER_STUDIES.is_match(s.text));
            let subject = !host && is_subject(vocab, records, zone, aside, kind, &value);
            let (start, end) = if s.in_title {
                let c = |b: usize| s.text[..b].chars().count();
                (c(start), c(end))
            } else {
                (char_at(s.start + start), char_at(s.start + end))
            };
            out.push(Mention { kind, value, zone, start, end, subject });
        }
    }
    out
}

pub(crate) fn extract(vocab: &Vocabulary, doc: &Document) -> Vec<Record> {
    records_in(vocab, doc, &sentences(vocab, doc))
}

fn records_in(vocab: &Vocabulary, doc: &Document, sents: &[Sent<'_>]) -> Vec<Record> {
    if sents.is_empty() {
        return Vec::new();
    }
    if doc.title.as_deref().is_some_and(|t| CORPORATE_TITLE.is_match(t)) {
        return Vec::new();
    }
    let texts: Vec<&str> = sents.iter().map(|s| s.text).collect();
    let names: Vec<Vec<NameMatch>> = sents.iter().map(|s| s.names.clone()).collect();
    let products = products::group(&texts, &names);
    let published = doc.published.as_deref().and_then(parse_date);
    let hits = milestone_hits(vocab, sents, published);
    if hits.is_empty() {
        return Vec::new();
    }
    let company = find_company(vocab, doc, sents, &products);
    let planned: Vec<(&Hit, Vec<Option<&Product>>)> =
        hits.iter().map(|h| (h, products_for_hit(h, sents, &products, published))).collect();
    let mut distinct: Vec<&Product> = Vec::new();
    for p in planned.iter().flat_map(|(_, ps)| ps.iter().flatten()) {
        if !distinct.contains(p) {
            distinct.push(p);
        }
    }
    let round_up = distinct.len() >= 2;
    let mut records: Vec<Record> = Vec::new();
    for (hit, products_of_hit) in planned {
        let shared = products_of_hit.len() > 1;
        for product in products_of_hit {
            // On a page about several products, each record names its own product's owner
            // ("Mounjaro (tirzepatide) from Acme"); else the page's company, or the owner.
            let owner = product.and_then(|p| owner_of(vocab, doc, sents, &products, p));
            let company = match (round_up, &owner, &company) {
                (true, Some(o), _) | (false, Some(o), None) => Some(o.clone()),
                _ => company.clone(),
            };
            let id = Record::stable_id(&doc.content_sha256, product.map(|p| p.name.as_str()), hit.kind);
            if records.iter().any(|r| r.id == id) {
                continue;
            }
            records.push(build_record(
                vocab,
                doc,
                sents,
                &products,
                product,
                hit,
                shared,
                company.as_ref(),
                published,
                id,
            ));
        }
    }
    records
}

fn sentences<'a>(vocab: &Vocabulary, doc: &'a Document) -> Vec<Sent<'a>> {
    let mut out = Vec::new();
    if let Some(title) = doc.title.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push(Sent {
            text: title,
            start: 0,
            in_title: true,
            zone: Zone::Body,
            quoted: false,
            para: usize::MAX,
            about: None,
            names: products::find_names(title, vocab),
            rank: None,
            nth: 0,
            terms: OnceCell::new(),
        });
    }
    let seg = segment::segment(&doc.text);
    for s in seg.sentences {
        let text = &doc.text[s.start..s.end];
        out.push(Sent {
            text,
            start: s.start,
            in_title: false,
            zone: s.zone,
            quoted: s.quoted,
            para: s.para,
            about: s.about,
            names: products::find_names(text, vocab),
            rank: None,
            nth: 0,
            terms: OnceCell::new(),
        });
    }
    let mut known: Vec<String> = out.iter().flat_map(|s| s.names.iter().map(|m| m.name.clone())).collect();
    known.sort();
    known.dedup();
    for s in &mut out {
        products::add_known(s.text, &known, &mut s.names);
    }
    let ranks = rank_paragraphs(&out);
    let mut last_para = None;
    let mut nth = 0;
    for s in &mut out {
        s.rank = ranks.get(&s.para).copied().filter(|_| !s.in_title);
        nth = if last_para == Some(s.para) { nth + 1 } else { 0 };
        last_para = Some(s.para);
        s.nth = nth;
    }
    out
}

/// A milestone cue that counts as today's news.
#[derive(Debug, Clone)]
struct Hit {
    kind: MilestoneKind,
    sent: usize,
    /// Byte offset of the cue in the sentence.
    at: usize,
    /// For a headline hit, the first lead sentence that tells the same news, where the
    /// details (date, phase, trial) usually are.
    support: Option<(usize, usize)>,
}

/// Milestones come from the headline and the lead paragraphs; the rest of a release is
/// background, quotes and boilerplate.
fn milestone_hits(vocab: &Vocabulary, sents: &[Sent<'_>], published: Option<PartialDate>) -> Vec<Hit> {
    let rank_of = |s: &Sent<'_>| if s.in_title { 0 } else { s.rank.unwrap_or(usize::MAX) };
    // Scans the news sentences of one rank; ranks are scanned lazily, since most releases
    // settle the question in the headline and first paragraph.
    // `speaks` narrows the sentences before their cues are run: the cues are most of the
    // extractor's time.
    let scan_where = |rank: usize, speaks: &dyn Fn(&Sent<'_>) -> bool| -> Vec<Hit> {
        let mut out = Vec::new();
        for (i, s) in sents
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_news() && rank_of(s) == rank && s.nth < PARAGRAPH_HEAD && speaks(s))
        {
            for (kind, at) in kinds_in(vocab, s.text, published, rank == 0) {
                out.push(Hit { kind, sent: i, at, support: None });
            }
        }
        out
    };
    let scan = |rank: usize| scan_where(rank, &|_| true);
    let mut hits = scan(0);
    let lead: Vec<Hit> = if hits.is_empty() {
        // Without a headline cue, only the first paragraph that has one speaks.
        (1..=3).map(scan).find(|h| !h.is_empty()).unwrap_or_else(|| {
            // A news story may tell the milestone of its headline's product deep in the text
            // ("X recently picked up fast track designation"); further down, only a sentence
            // naming that product speaks, never one about others in the background.
            let headline: Vec<&str> = sents
                .iter()
                .filter(|s| s.in_title)
                .flat_map(|s| s.names.iter().map(|m| m.name.as_str()))
                .collect();
            let names_headline = |s: &Sent<'_>| s.names.iter().any(|m| headline.contains(&m.name.as_str()));
            if headline.is_empty() {
                return Vec::new();
            }
            (4..=8).map(|rank| scan_where(rank, &names_headline)).find(|h| !h.is_empty()).unwrap_or_default()
        })
    } else {
        scan(1)
    };
    let from_title = !hits.is_empty();
    for hit in lead {
        match hits.iter_mut().find(|h| h.kind == hit.kind) {
            Some(h) => {
                if h.support.is_none() && sents[h.sent].in_title {
                    h.support = Some((hit.sent, hit.at));
                }
            }
            None => hits.push(hit),
        }
    }
    // A headline's news may be told further down ("Separately, the FDA granted …"): later lead
    // paragraphs may support a headline milestone, never add one.
    for rank in 2..=3 {
        if !from_title || hits.iter().all(|h| h.support.is_some() || !sents[h.sent].in_title) {
            break;
        }
        for hit in scan(rank) {
            if let Some(h) =
                hits.iter_mut().find(|h| h.kind == hit.kind && h.support.is_none() && sents[h.sent].in_title)
            {
                h.support = Some((hit.sent, hit.at));
            }
        }
    }
    // A first dose implies the trial began; an IND approval is not a marketing approval; the
    // results a regulator reviewed are not news of their own when the headline tells the
    // approval or the filing.
    let kinds: Vec<MilestoneKind> = hits.iter().map(|h| h.kind).collect();
    let title_kinds: Vec<MilestoneKind> =
        hits.iter().filter(|h| sents[h.sent].in_title).map(|h| h.kind).collect();
    hits.retain(|h| {
        !(h.kind == MilestoneKind::TrialInitiated && kinds.contains(&MilestoneKind::FirstPatientDosed)
            || h.kind == MilestoneKind::Approval && kinds.contains(&MilestoneKind::IndCleared)
            || h.kind == MilestoneKind::ClinicalData
                && !sents[h.sent].in_title
                && (title_kinds.contains(&MilestoneKind::Approval)
                    || title_kinds.contains(&MilestoneKind::RegulatorySubmission)))
    });
    hits
}

/// Ranks body paragraphs, once per document (each sentence keeps its paragraph's in
/// [`Sent::rank`]): 0 for the deck (short headline-like lines before the first real
/// paragraph, which speak like the headline), then 1, 2, … for paragraphs of running text.
fn rank_paragraphs(sents: &[Sent<'_>]) -> BTreeMap<usize, usize> {
    let mut paras: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for s in sents.iter().filter(|s| !s.in_title && s.zone == Zone::Body) {
        paras.entry(s.para).or_default().push(s.text);
    }
    let mut ranks = BTreeMap::new();
    let mut rank = 0;
    let mut in_sidebar = false;
    for (para, texts) in paras {
        let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
        let first = texts.first().copied().unwrap_or("");
        // Cookie notices, ad labels and sign-in prompts are page furniture wherever they sit.
        if biowire_parse::furniture::is_furniture(first) && words < 40 {
            continue;
        }
        // "TRENDING", "Related articles": the short lines under such a label are other news.
        if words <= 4 && biowire_parse::furniture::is_sidebar_label(first) {
            in_sidebar = true;
            continue;
        }
        let running = words >= 12 && texts.last().is_some_and(|t| t.ends_with(['.', '!', '?', '"', '”']))
            || words >= 40;
        if running {
            in_sidebar = false;
            rank += 1;
            ranks.insert(para, rank);
        } else if rank == 0 && words >= 4 && !in_sidebar {
            ranks.insert(para, 0);
        }
    }
    ranks
}

/// Milestone kinds a sentence announces, in vocabulary order.
fn kinds_in(
    vocab: &Vocabulary,
    text: &str,
    published: Option<PartialDate>,
    in_title: bool,
) -> Vec<(MilestoneKind, usize)> {
    let mut out: Vec<(MilestoneKind, usize)> = Vec::new();
    for cue in vocab.milestones.iter() {
        if out.iter().any(|(k, _)| *k == cue.value) {
            continue;
        }
        let Some((start, end)) = cue.find(text) else {
            continue;
        };
        if is_hedged(text, start, end) || !in_title && is_not_now(text, start, published) {
            continue;
        }
        out.push((cue.value, start));
    }
    out
}

/// True when the words before or inside a cue make it a plan ("plans to", "data still
/// expected to be presented").
fn is_hedged(text: &str, start: usize, end: usize) -> bool {
    HEDGE.is_match(&text[back(text, start, 60)..end])
}

/// Byte offset `chars` characters before `pos` (or 0): the start of a look-behind window.
fn back(text: &str, pos: usize, chars: usize) -> usize {
    text[..pos].char_indices().rev().nth(chars).map_or(0, |(i, _)| i)
}

/// True when the clause before `pos` (back to a semicolon, ", and" or ", but", at most 100
/// characters) hedges: "expects to open enrollment for patients with SLE, systemic
/// sclerosis" plans those diseases, it does not announce them.
fn is_hedged_clause(text: &str, pos: usize) -> bool {
    let window = &text[back(text, pos, 100)..pos];
    let clause_start = [";", ", and ", ", but ", ", while ", ". "]
        .iter()
        .filter_map(|b| window.rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    HEDGE.is_match(&window[clause_start..])
}

/// A clause telling an earlier event, up to the disease at its end: "A few months after the
/// agency cleared a phase 2 study in myasthenia gravis, X is now headed for …".
static EARLIER_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:after|since|following)\s+(?:the\s+|its\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:\w+ed|won|got|began|gave|saw|took)\s+[^,;]*$",
    )
});

/// True when the disease at `pos` stands in a clause about an earlier event that the sentence
/// goes on from (the clause ends in a comma after the disease).
fn in_earlier_event(text: &str, pos: usize) -> bool {
    let clause_start = text[..pos].rfind([';', ',']).map_or(0, |i| i + 1);
    let clause = &text[clause_start..pos];
    (EARLIER_EVENT.is_match(clause) && text[pos..].contains(',')) || EARLIER_ONE.is_match(clause)
}

/// "…, after an earlier one in pancreatic cancer": the disease of an earlier milestone.
static EARLIER_ONE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:after|besides|following|like)\s+(?:an?\s+|its\s+|the\s+)?(?:earlier|previous|prior|first)\b[^,;]*$",
    )
});

/// True when the cue at `start` is hedged or the sentence is history ("In 2024").
fn is_not_now(text: &str, start: usize, published: Option<PartialDate>) -> bool {
    is_hedged(text, start, start) || is_past(text) || is_dated_history(text, published)
}

/// The clause of `text` around `pos`, between semicolons: "XYZ now holds two designations; the
/// first was granted in 2025 for …".
fn clause_around(text: &str, pos: usize) -> &str {
    let start = text[..pos].rfind(';').map_or(0, |i| i + 1);
    let end = text[pos..].find(';').map_or(text.len(), |i| pos + i);
    &text[start..end]
}

/// True when the sentence names a year before the release's and does not say "today".
fn is_dated_history(text: &str, published: Option<PartialDate>) -> bool {
    let Some(year) = published.and_then(|p| p.year) else {
        return false;
    };
    YEAR.find_iter(text).any(|m| m.as_str().parse::<i32>().is_ok_and(|y| y < year && y > year - 30))
        && !text.to_lowercase().contains("today")
}

/// The products a milestone is about: those named in its sentence; else those of the first
/// news sentence after it that names any and is not history ("The deal covers X and Y");
/// else the release's main product; else none (company-level news).
fn products_for_hit<'p>(
    hit: &Hit,
    sents: &[Sent<'_>],
    products: &'p [Product],
    published: Option<PartialDate>,
) -> Vec<Option<&'p Product>> {
    let in_sentence = products_of_news(&sents[hit.sent], products);
    if in_sentence.len() > 1 {
        // Several products in one sentence: the lead sentence telling this news, or the part of
        // the headline around the cue ("Completes Dosing of X and Receives Designation for Y"),
        // says which ones this milestone is about.
        let supported = hit.support.map(|(s, _)| products_of_news(&sents[s], products)).unwrap_or_default();
        if !supported.is_empty() {
            return supported.into_iter().map(Some).collect();
        }
        let (from, to) = segment_around(sents[hit.sent].text, hit.at);
        let near: Vec<&Product> = sents[hit.sent]
            .names
            .iter()
            .filter(|m| m.start >= from && m.end <= to)
            .filter_map(|m| products.iter().find(|p| p.has_name(&m.name)))
            .fold(Vec::new(), |mut acc, p| {
                if !acc.contains(&p) {
                    acc.push(p);
                }
                acc
            });
        if !near.is_empty() {
            return near.into_iter().map(Some).collect();
        }
    }
    if !in_sentence.is_empty() {
        return in_sentence.into_iter().map(Some).collect();
    }
    // A headline that names no product ("First Patient Dosed in Lupus Study") is told again in
    // the lead sentence that supports it, which does.
    if let Some((s, _)) = hit.support {
        let supported = products_of_news(&sents[s], products);
        if !supported.is_empty() {
            return supported.into_iter().map(Some).collect();
        }
    }
    let following = sents.iter().skip(hit.sent + 1).filter(|s| s.is_news() && !s.in_title).take(8);
    for s in following {
        let named = products_of_news(s, products);
        if !named.is_empty() && !is_dated_history(s.text, published) {
            return named.into_iter().map(Some).collect();
        }
    }
    // A product the page names only in its history ("In December 2021, it licensed AB-14")
    // is not what today's deal is about: a platform deal names none.
    let main = main_product(sents, products).filter(|p| {
        sents.iter().any(|s| {
            s.is_news() && !is_dated_history(s.text, published) && products_in(s, products).contains(p)
        })
    });
    vec![main]
}

/// Joins between two pieces of news in one sentence: a semicolon, "Separately,", or "and"
/// before a capitalized verb as headlines write it ("… and Receives …").
static NEWS_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r";\s|\.\s+Separately,|,?\s+and\s+(?:Receives|Announces|Doses|Completes|Initiates|Enters|Reports|Presents|Granted|Gains|Wins|Secures|Submits|Files|Obtains|Launches|Expands|Achieves)\b",
    )
});

/// The byte range of the piece of `text` around `at`, between news joins.
fn segment_around(text: &str, at: usize) -> (usize, usize) {
    let mut from = 0;
    let mut to = text.len();
    for m in NEWS_JOIN.find_iter(text) {
        if m.end() <= at {
            from = m.end();
        } else if m.start() >= at {
            to = m.start();
            break;
        }
    }
    (from, to)
}

/// Words before a name that make it a comparator, a prior line or a combination partner
/// ("versus tislelizumab", "after rituximab"), not the product the news is about.
static COMPARATOR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(?:versus|vs\.?|compared\s+(?:with|to)|than|after|following|prior|previous(?:ly)?|refractory\s+to|resistant\s+to|progressed\s+on|failed|exposed\s+to|treated\s+with|in\s+combination\s+with|combined\s+with|plus|with\s+or\s+without|such\s+as|including|like|paired\s+with|alongside|added\s+to|together\s+with)\s+(?:[\w,.-]+\s+){0,6}$",
    )
});

/// The products a sentence names as its news, leaving out comparators and prior therapies.
fn products_of_news<'p>(s: &Sent<'_>, products: &'p [Product]) -> Vec<&'p Product> {
    let mut out: Vec<&Product> = Vec::new();
    for m in &s.names {
        if COMPARATOR_BEFORE.is_match(&s.text[back(s.text, m.start, 90)..m.start]) {
            continue;
        }
        if let Some(p) = products.iter().find(|p| p.has_name(&m.name)) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    if out.is_empty() {
        return products_in(s, products);
    }
    out
}

fn products_in<'p>(s: &Sent<'_>, products: &'p [Product]) -> Vec<&'p Product> {
    let mut out: Vec<&Product> = Vec::new();
    for m in &s.names {
        if let Some(p) = products.iter().find(|p| p.has_name(&m.name)) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The product named most often in news sentences, if one is.
fn main_product<'p>(sents: &[Sent<'_>], products: &'p [Product]) -> Option<&'p Product> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for s in sents.iter().filter(|s| s.is_news()) {
        for p in products_in(s, products) {
            let idx = products.iter().position(|q| q == p).expect("product is in list");
            *counts.entry(idx).or_default() += if s.in_title { 3 } else { 1 };
        }
    }
    let best = counts.iter().max_by_key(|(idx, n)| (**n, std::cmp::Reverse(**idx)))?;
    Some(&products[*best.0])
}

/// The announcing company. A dateline subject speaks for a wire release; without one (news,
/// trade press, newsroom pages) the name the page ties to the news wins: a ticker, an owner's
/// possessive, a speaker, a sponsor or developer, a headline's subject, an executive's
/// company, or the name in parentheses after the product (`AB-101 (Acme)`). The lead counts
/// fully; later body sentences only with a strong cue; lines outside the story's paragraphs
/// (sidebars, menus) count less; naming the release's main product beside the company counts
/// more. Mentions in several sentences add up; at equal scores the earliest wins. Names that
/// are the release's products, antigens or diseases are not companies. The name is reported
/// in its longest written form.
fn find_company(
    vocab: &Vocabulary,
    doc: &Document,
    sents: &[Sent<'_>],
    products: &[Product],
) -> Option<(String, usize)> {
    let main = main_product(sents, products);
    let lead: Vec<usize> =
        sents.iter().enumerate().filter(|(_, s)| s.is_news()).take(10).map(|(i, _)| i).collect();
    let not_a_company = |name: &str| is_not_company(vocab, doc, products, name);
    // Per name key: best score, mentions, first sentence, the name as written.
    let mut cands: Vec<(String, i16, i16, usize, String)> = Vec::new();
    let mut add = |name: String, score: i16, i: usize| {
        let key: String = name.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        match cands.iter_mut().find(|c| c.0 == key || key.starts_with(&c.0) || c.0.starts_with(&key)) {
            Some(c) => {
                c.1 = c.1.max(score);
                c.2 = (c.2 + 1).min(2);
                if name.len() > c.4.len() {
                    c.4 = name;
                }
            }
            None => cands.push((key, score, 0, i, name)),
        }
    };
    let mut wire_subject = false;
    for (i, s) in sents.iter().enumerate() {
        if s.zone != Zone::Body {
            continue;
        }
        let in_lead = lead.contains(&i);
        // Short lines outside the story's paragraphs: sidebars, trending lists, menus.
        let stray = !s.in_title && s.rank.is_none();
        let names_main = main.is_some_and(|p| products_in(s, products).contains(&p));
        let adjust = |score: u8| -> i16 {
            let mut v = i16::from(score);
            // A strong cue (developer, sponsor, ticker) speaks wherever it stands.
            if !in_lead && score < 4 {
                v -= 1;
            }
            if stray && score < 4 {
                v -= 2;
            }
            if names_main {
                v += 1;
            }
            v
        };
        if in_lead && !s.in_title && !s.quoted && !wire_subject {
            if let Some((name, score)) = company::from_sentence(s.text) {
                if !not_a_company(&name) {
                    let dateline = company::dateline_end(s.text) > 0;
                    wire_subject |= dateline;
                    add(name, adjust(score + if dateline { 3 } else { 1 }), i);
                    // A wire release's dateline subject is its company: the rest of the page
                    // need not be read for one.
                    if dateline {
                        continue;
                    }
                }
            }
        }
        if wire_subject {
            continue;
        }
        // Past the lead, only sentences that name a product or carry an owner's cue can name
        // the company; the others are skipped unread (most of a long page).
        if !in_lead && s.names.is_empty() && !company::has_owner_cue(s.text) {
            continue;
        }
        for m in company::mentions(s.text, s.in_title) {
            // Quotes give only the speaker's company ("CEO of Acme").
            if s.quoted && !m.executive {
                continue;
            }
            if !not_a_company(&m.name) {
                add(m.name, adjust(m.score), i);
            }
        }
        // "AB-101 (Acme)", "ab-cel; Acme)": the owner in parentheses after the product.
        for n in &s.names {
            if let Some(owner) = company::owner_in_parentheses(&s.text[n.end..]) {
                if !not_a_company(&owner) {
                    add(owner, adjust(4), i);
                }
            }
        }
    }
    let best = cands.iter().filter(|c| c.1 >= 3).max_by_key(|c| (c.1 + c.2, std::cmp::Reverse(c.3)))?;
    let name = company::longest_form(&best.4, &doc.text);
    Some((name, best.3))
}

/// Names that are the release's products, antigens, diseases or publisher are not companies.
fn is_not_company(vocab: &Vocabulary, doc: &Document, products: &[Product], name: &str) -> bool {
    products.iter().any(|p| p.has_name(name))
        || vocab.antigens.lookup(name).is_some()
        || vocab.diseases.lookup(name).is_some()
        || doc.publisher.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(name))
        // "HER3-DXd": an antigen joined to a payload or a code is a product's short name.
        || name.split(['-', ' ']).next().is_some_and(|head| {
            head.chars().any(|c| c.is_ascii_digit()) && vocab.antigens.lookup(head).is_some()
        })
}

/// The owner news names beside a product: `Acme's AB-101`, `AB-101 (Acme)`,
/// `AB-101 (abcel) from Acme Bio`, `AB-101, developed by Acme`, in the news sentences that
/// name it; with the sentence it came from.
fn owner_of(
    vocab: &Vocabulary,
    doc: &Document,
    sents: &[Sent<'_>],
    products: &[Product],
    product: &Product,
) -> Option<(String, usize)> {
    let not_a_company = |name: &str| is_not_company(vocab, doc, products, name);
    for (i, s) in sents.iter().enumerate().filter(|(_, s)| s.is_news()) {
        for m in s.names.iter().filter(|m| product.has_name(&m.name)) {
            let after = &s.text[m.end..];
            if let Some(o) = company::owner_in_parentheses(after).filter(|o| !not_a_company(o)) {
                return Some((company::longest_form(&o, &doc.text), i));
            }
            if let Some(o) = company::owner_after(after).filter(|o| !not_a_company(o)) {
                return Some((company::longest_form(&o, &doc.text), i));
            }
            if let Some(o) = company::owner_before(&s.text[..m.start]).filter(|o| !not_a_company(o)) {
                return Some((company::longest_form(&o, &doc.text), i));
            }
        }
    }
    None
}

/// A sentence whose subject is every product of the news.
static ALL_OF_THEM: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:Each|Both|The\s+two|All\s+(?:three|four|of\s+them)|These)\b(?:\s+(?:products?|therap\w+|medicines?|candidates?|drugs?))?\s+(?:is|are|was|were|uses?|targets?|works?|relies|rely)\b",
    )
});

/// The sentences that speak of `product`: which ones may give which field.
struct Context {
    /// Sentences naming the product (title, body, its About section), not quotes.
    strict: Vec<usize>,
    /// Strict plus body sentences naming no product in paragraphs that name this one.
    near: Vec<usize>,
}

/// `shared` says the milestone is about several products at once.
fn context(
    sents: &[Sent<'_>],
    products: &[Product],
    product: Option<&Product>,
    hit: &Hit,
    shared: bool,
) -> Context {
    let mut strict = Vec::new();
    // A headline that tells one milestone of several products without naming any ("Japan
    // clears a batch of new drugs, from a GLP-1 agonist to a BCMA CAR T") describes none of
    // them in particular.
    let title_of_many =
        shared && sents[hit.sent].in_title && products_in(&sents[hit.sent], products).is_empty();
    let mut near = if title_of_many { Vec::new() } else { vec![hit.sent] };
    let mut paras = Vec::new();
    // The products the last news sentence naming any named: what "It" and "The product" mean.
    let mut last_named: Option<Vec<&Product>> = None;
    for (i, s) in sents.iter().enumerate() {
        if s.quoted || s.zone == Zone::Boilerplate {
            continue;
        }
        let named = products_in(s, products);
        // "It binds PSMA", "The product is made from …": a sentence whose subject is the
        // product without its name describes the product named last before it, or the
        // page's only one.
        if let Some(p) = product.filter(|_| s.is_news() && !s.in_title) {
            if !named.is_empty() {
                last_named = Some(named.clone());
            } else {
                let antecedent = match &last_named {
                    Some(last) => last.len() == 1 && last[0] == p,
                    None => products.len() == 1,
                };
                if antecedent && s.nth < PARAGRAPH_HEAD && REFERS_TO_PRODUCT.is_match(s.text) {
                    near.push(i);
                }
            }
        }
        let names_it = product.is_some_and(|p| named.contains(&p));
        if names_it {
            strict.push(i);
            if s.is_news() {
                near.push(i);
                paras.push(s.para);
            }
        } else if s.in_title
            && named.is_empty()
            && !title_of_many
            && (products.len() <= 1 || product == main_product(sents, products))
        {
            // A headline that names no product speaks for the page's main product; on a
            // round-up its terms are not every product's.
            near.push(i);
        }
    }
    if product.is_none() || products.len() <= 1 {
        paras.push(sents[hit.sent].para);
    }
    // A page about one product describes it in its first paragraphs without always naming it
    // ("The CD19-directed therapy …"); the milestone's own paragraph does too.
    if products.len() == 1 && product.is_some() {
        paras.extend(sents.iter().filter(|s| s.rank.is_some_and(|r| (1..=3).contains(&r))).map(|s| s.para));
    }
    paras.extend(hit.support.map(|(s, _)| sents[s].para));
    for (i, s) in sents.iter().enumerate() {
        if s.is_news()
            && !s.in_title
            && s.nth < PARAGRAPH_HEAD
            && paras.contains(&s.para)
            && products_in(s, products).is_empty()
            && !near.contains(&i)
        {
            near.push(i);
        }
    }
    // "Each is made from …", "Both products are …": a sentence about all the products of
    // the news describes this one too.
    for (i, s) in sents.iter().enumerate() {
        if s.is_news()
            && !s.in_title
            && product.is_some()
            && ALL_OF_THEM.is_match(s.text)
            && products_in(s, products).is_empty()
        {
            near.push(i);
        }
    }
    // The About section of the product itself describes it.
    near.sort_unstable();
    near.dedup();
    Context { strict, near }
}

#[allow(clippy::too_many_arguments)]
fn build_record(
    vocab: &Vocabulary,
    doc: &Document,
    sents: &[Sent<'_>],
    products: &[Product],
    product: Option<&Product>,
    hit: &Hit,
    shared: bool,
    company: Option<&(String, usize)>,
    published: Option<PartialDate>,
    id: String,
) -> Record {
    let ctx = context(sents, products, product, hit, shared);
    let mut evidence = Evidence_::new(doc, sents);
    if let Some((_, i)) = company {
        evidence.add("company", *i);
    }
    if product.is_some() {
        if let Some(&i) = ctx.strict.iter().find(|&&i| sents[i].is_news()).or(ctx.strict.first()) {
            evidence.add("product", i);
        }
    }
    let describing: Vec<usize> = ctx.near.iter().copied().chain(about_sentences(sents, product)).collect();
    let modality = pick_modality(vocab, sents, products, product, &describing, &mut evidence);
    let cell_source = pick_cell_source(vocab, sents, products, product, &describing, &mut evidence)
        .or_else(|| product.and_then(inn_cell_source));
    let mut targets = find_targets(vocab, sents, products, product, &describing, &mut evidence);
    if let Some(p) = product {
        for t in antigens_in_code(vocab, p) {
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
    }
    // A bispecific that binds CD3 engages T cells.
    let modality = match modality {
        Some(Modality::BispecificAntibody) if targets.iter().any(|t| t == "CD3") => {
            Some(Modality::TCellEngager)
        }
        m => m,
    };
    // Only cells have a source: "autologous stem cell transplant" in an ADC's eligibility
    // criteria says nothing of the ADC.
    let cell_source = cell_source.filter(|_| {
        !matches!(
            modality,
            Some(
                Modality::Adc
                    | Modality::Antibody
                    | Modality::BispecificAntibody
                    | Modality::TCellEngager
                    | Modality::SmallMolecule
                    | Modality::Vaccine
            )
        )
    });
    let indications =
        find_indications(vocab, doc, sents, products, product, &ctx, hit, published, &mut evidence);
    let milestone = milestone_fields(sents, hit, published, &ctx, &mut evidence);
    Record {
        schema: RECORD_SCHEMA.to_string(),
        id,
        document: doc.to_ref(),
        company: company.map(|(c, _)| c.clone()),
        product: product.map(|p| p.name.clone()),
        product_aliases: product.map(|p| p.aliases.clone()).unwrap_or_default(),
        modality,
        cell_source,
        targets,
        indications,
        milestone,
        evidence: evidence.finish(),
    }
}

/// Sentences of the About section whose subject is the product.
fn about_sentences<'s>(
    sents: &'s [Sent<'_>],
    product: Option<&'s Product>,
) -> impl Iterator<Item = usize> + 's {
    // The first sentence of an About section is its heading ("About CT041"); the section
    // describes the product when the heading names it. One pass, so long releases stay linear.
    let mut sections: Vec<usize> = Vec::new();
    let mut seen: Option<usize> = None;
    for s in sents {
        if s.about.is_some() && s.about != seen {
            seen = s.about;
            if product.is_some_and(|p| s.names.iter().any(|n| p.has_name(&n.name))) {
                sections.extend(s.about);
            }
        }
    }
    // In a section about several ("About the Three ADCs"), a paragraph that opens with the
    // product's name is about it, to the paragraph's end or the next name.
    let mut own_para: Option<usize> = None;
    let mut opened: Vec<usize> = Vec::new();
    for (i, s) in sents.iter().enumerate() {
        if s.about.is_none() || s.quoted {
            own_para = None;
            continue;
        }
        let first = s.names.iter().min_by_key(|n| n.start);
        match (product, first) {
            (Some(p), Some(n)) if n.start <= 2 && p.has_name(&n.name) => {
                own_para = Some(s.para);
                opened.push(i);
            }
            (_, Some(_)) => own_para = None,
            (_, None) if own_para == Some(s.para) => opened.push(i),
            _ => {}
        }
    }
    sents.iter().enumerate().filter_map(move |(i, s)| {
        ((s.about.is_some_and(|a| sections.contains(&a)) || opened.contains(&i)) && !s.quoted).then_some(i)
    })
}

/// True when a word at `pos` describes `product`: the product named last before it in the
/// sentence ("X, an allogeneic CAR-T, and Y, an autologous one"), or, when none is named
/// before, the first named after it ("its allogeneic candidate X"). Sentences naming no
/// product describe whichever product their context is about.
/// True when, in a sentence listing several products split by semicolons, `pos` lies past
/// the semicolon that ends the item of `name`: what stands there belongs to its own item,
/// even when that item's product was not recognized.
fn past_list_item(s: &Sent<'_>, name: &NameMatch, pos: usize) -> bool {
    s.names.iter().any(|n| n.name != name.name) && s.text[name.end..pos].contains(';')
}

fn nearest_is(s: &Sent<'_>, products: &[Product], product: Option<&Product>, pos: usize) -> bool {
    let before = s.names.iter().filter(|m| m.end <= pos).max_by_key(|m| m.end);
    let after = s.names.iter().filter(|m| m.start >= pos).min_by_key(|m| m.start);
    // A word that runs straight into a name ("the CAR T cell therapy X") is that name's.
    let cut = before.is_some_and(|b| past_list_item(s, b, pos));
    let into_next = after.is_some_and(|a| {
        let between = &s.text[pos..a.start];
        !between.contains([',', ';', '(', ')']) && between.split_whitespace().count() <= 5
    });
    let before = before.filter(|_| !cut && !into_next);
    let Some(nearest) = before.or(after) else {
        return !cut;
    };
    match (product, products.iter().find(|p| p.has_name(&nearest.name))) {
        (Some(p), Some(q)) => p == q,
        (None, _) => false,
        (Some(_), None) => true,
    }
}

fn pick_modality(
    vocab: &Vocabulary,
    sents: &[Sent<'_>],
    products: &[Product],
    product: Option<&Product>,
    describing: &[usize],
    ev: &mut Evidence_<'_>,
) -> Option<Modality> {
    let mut best: Option<(usize, Modality, usize)> = None;
    for &i in describing {
        let s = &sents[i];
        if !vocab.modalities.may_match(s.text) {
            continue;
        }
        for (rank, cue) in vocab.modalities.iter().enumerate() {
            if cue.unless.as_ref().is_some_and(|u| u.is_match(s.text)) {
                continue;
            }
            // "rituximab" is another product's name, not a word about this one's modality.
            let owned = cue.pattern.find_iter(s.text).any(|m| {
                nearest_is(s, products, product, m.start())
                    && !products.iter().any(|q| Some(q) != product && q.has_name(m.as_str()))
            });
            if owned && best.is_none_or(|(r, _, _)| rank < r) {
                best = Some((rank, cue.value, i));
            }
        }
    }
    if let Some(p) = product {
        if p.aliases.iter().chain(std::iter::once(&p.name)).any(|n| n.to_lowercase().contains("cabtagene"))
            && best.is_none_or(|(_, m, _)| m != Modality::CarT)
        {
            return Some(Modality::CarT);
        }
    }
    let (_, modality, i) = best?;
    ev.add("modality", i);
    Some(modality)
}

fn pick_cell_source(
    vocab: &Vocabulary,
    sents: &[Sent<'_>],
    products: &[Product],
    product: Option<&Product>,
    describing: &[usize],
    ev: &mut Evidence_<'_>,
) -> Option<CellSource> {
    let mut votes: BTreeMap<CellSource, (usize, usize)> = BTreeMap::new();
    for &i in describing {
        let s = &sents[i];
        let contrast: Vec<(usize, usize)> =
            CONTRAST.find_iter(s.text).map(|m| (m.start(), m.end())).collect();
        for cue in vocab.cell_sources.iter() {
            for m in cue.pattern.find_iter(s.text) {
                if cue.unless.as_ref().is_some_and(|u| u.is_match(s.text)) {
                    continue;
                }
                if contrast.iter().any(|&(a, b)| m.start() >= a && m.start() < b) {
                    continue;
                }
                if !nearest_is(s, products, product, m.start()) {
                    continue;
                }
                let e = votes.entry(cue.value).or_insert((0, i));
                e.0 += 1;
            }
        }
    }
    let (&source, &(_, i)) = votes.iter().max_by_key(|(_, (n, _))| *n)?;
    let tied = votes.values().filter(|(n, _)| *n == votes[&source].0).count() > 1;
    if tied {
        return None;
    }
    ev.add("cell_source", i);
    Some(source)
}

/// What the product's nonproprietary name says: `autoleucel` and `autotemcel` are autologous.
fn inn_cell_source(p: &Product) -> Option<CellSource> {
    let names = std::iter::once(&p.name).chain(&p.aliases);
    names
        .map(|n| n.to_lowercase())
        .any(|n| n.contains("autoleucel") || n.contains("autotemcel"))
        .then_some(CellSource::Autologous)
}

fn find_targets(
    vocab: &Vocabulary,
    sents: &[Sent<'_>],
    products: &[Product],
    product: Option<&Product>,
    describing: &[usize],
    ev: &mut Evidence_<'_>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &i in describing {
        let s = &sents[i];
        for &m in s.antigens(vocab) {
            // An antigen inside a product code (P-BCMA-ALLO1) is read from the code itself.
            if s.names.iter().any(|n| m.start >= n.start && m.end <= n.end) {
                continue;
            }
            let (before, after) = target_window(s.text, m.start, m.end);
            if MARKER_AFTER.is_match(after)
                && !TARGET_CUE.is_match(after.trim_start_matches(|c: char| c != ' '))
                && !before.to_lowercase().contains("target")
            {
                continue;
            }
            if !TARGET_CUE.is_match(before) && !TARGET_CUE.is_match(after) {
                continue;
            }
            if OTHER_THERAPY.is_match(before) || PRIOR_LINE.is_match(&s.text[..m.start]) {
                continue;
            }
            if m.scope == Scope::Context && !says_it_is_the_target(before, after) {
                continue;
            }
            if !nearest_is(s, products, product, m.start) {
                continue;
            }
            let mut names = vec![vocab.antigens.name(m.canonical).to_string()];
            names.extend(elided_receptor(vocab, s.text, m.start, m.end));
            for name in names {
                if !out.contains(&name) {
                    ev.add("targets", i);
                    out.push(name);
                }
            }
        }
    }
    out
}

/// "GIP/GLP-1 receptor agonist": the ligand before the slash names a receptor too (GIPR).
fn elided_receptor(vocab: &Vocabulary, text: &str, start: usize, end: usize) -> Option<String> {
    if !text[start..end].to_lowercase().ends_with(" receptor") {
        return None;
    }
    let before = text[..start].trim_end().strip_suffix('/')?.trim_end();
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == ',').next()?;
    if word.len() < 2 {
        return None;
    }
    vocab.antigens.lookup(&format!("{word} receptor")).map(str::to_string)
}

/// Antigens spelled inside a product code: `P-CD19CD20-ALLO1` is directed at CD19 and CD20.
fn antigens_in_code(vocab: &Vocabulary, p: &Product) -> Vec<String> {
    let mut out = Vec::new();
    let spaced: String = p.name.replace(['-', '‑'], " ");
    // Split glued symbols: "CD19CD20" → "CD19 CD20", "CD4CAR" → "CD4 CAR".
    let mut split = String::new();
    let chars: Vec<char> = spaced.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        split.push(*c);
        if c.is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_uppercase()) {
            split.push(' ');
        }
    }
    for m in vocab.antigens.find_all(&split).into_iter().filter(|m| m.scope == Scope::Common) {
        let name = vocab.antigens.name(m.canonical).to_string();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Indications come from the headline, the deck, and news sentences about the product or the
/// milestone; hedged plans, history and disease explainers do not add any. A general name
/// found beside a more specific one (renal cell carcinoma beside clear cell renal cell
/// carcinoma) is the same disease said twice.
#[allow(clippy::too_many_arguments)]
fn find_indications(
    vocab: &Vocabulary,
    doc: &Document,
    sents: &[Sent<'_>],
    products: &[Product],
    product: Option<&Product>,
    ctx: &Context,
    hit: &Hit,
    published: Option<PartialDate>,
    ev: &mut Evidence_<'_>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Sentences naming the product speak for its indications in the news paragraphs (the
    // first two of running text, and those of the milestone); further down they tell other
    // programs, earlier studies and the field's background.
    // When the milestone's sentences do not name the product ("The company has started a
    // study …"), the paragraph that first names it after them tells the news too.
    let introduced = (products_in(&sents[hit.sent], products).is_empty()
        && hit.support.is_none_or(|(s, _)| products_in(&sents[s], products).is_empty()))
    .then(|| ctx.strict.iter().copied().find(|&i| i > hit.sent && sents[i].is_news() && !sents[i].in_title))
    .flatten();
    let news_paras: Vec<usize> = [Some(hit.sent), hit.support.map(|(s, _)| s), introduced]
        .into_iter()
        .flatten()
        .map(|i| sents[i].para)
        .collect();
    let mut from: Vec<usize> = ctx
        .strict
        .iter()
        .copied()
        .filter(|&i| {
            let s = &sents[i];
            s.in_title || news_paras.contains(&s.para) || s.rank.is_some_and(|r| r <= 2)
        })
        .collect();
    // Further down, a sentence naming the product still gives the diseases it says the
    // product is for ("X is recommended for adults with …"), and only those.
    let regulatory = matches!(
        hit.kind,
        MilestoneKind::Approval | MilestoneKind::RegulatorySubmission | MilestoneKind::Designation
    );
    let use_only: Vec<usize> = ctx
        .strict
        .iter()
        .copied()
        .filter(|i| regulatory && !from.contains(i) && sents[*i].is_news())
        .collect();
    from.extend(&use_only);
    // "It is being developed for …", "The study is testing the therapy in adults with …": a
    // sentence about the product that does not name it gives the diseases it says it is for.
    let refers: Vec<usize> = ctx
        .near
        .iter()
        .copied()
        .filter(|&i| !from.contains(&i) && !sents[i].in_title && REFERS_TO_PRODUCT.is_match(sents[i].text))
        .collect();
    from.extend(&refers);
    let use_only: Vec<usize> = use_only.into_iter().chain(refers.iter().copied()).collect();
    from.push(hit.sent);
    from.extend(hit.support.map(|(s, _)| s));
    from.extend(ctx.near.iter().copied().filter(|&i| sents[i].in_title));
    let mut follow: Vec<usize> = Vec::new();
    // The sentences right after the milestone's own, in its paragraph, finish telling it
    // ("The application seeks its use in adults with …") unless they turn to another product.
    for anchor in [Some(hit.sent), hit.support.map(|(s, _)| s)].into_iter().flatten() {
        if sents[anchor].in_title {
            continue;
        }
        for j in (anchor + 1..sents.len()).take(2) {
            if sents[j].para != sents[anchor].para {
                break;
            }
            let named = products_in(&sents[j], products);
            if named.iter().any(|p| Some(*p) != product) {
                break;
            }
            from.push(j);
            follow.push(j);
        }
    }
    // The lead sentence retells the headline; it counts unless it is about another product.
    // On a web page the first body lines are labels and decks: the lead opens the first
    // paragraph of running text.
    let first_running = sents.iter().find(|s| s.rank == Some(1)).map(|s| s.para);
    let lead = sents
        .iter()
        .position(|s| s.is_news() && !s.in_title && Some(s.para) == first_running)
        .or_else(|| sents.iter().position(|s| s.is_news() && !s.in_title));
    if let Some(lead) = lead {
        let named = products_in(&sents[lead], products);
        if named.is_empty() || product.is_some_and(|p| named.contains(&p)) {
            from.push(lead);
        }
    }
    from.sort_unstable();
    from.dedup();
    for i in from {
        let s = &sents[i];
        if !s.is_news() {
            continue;
        }
        let told_as_news = i == hit.sent || s.in_title;
        if !told_as_news
            && (is_past(s.text)
                || is_dated_history(s.text, published)
                || DEFINITION.is_match(s.text)
                || EPIDEMIOLOGY.is_match(s.text)
                || PRECLINICAL.is_match(s.text))
        {
            continue;
        }
        let found = s.diseases(vocab);
        for (k, m) in found.iter().enumerate() {
            if !told_as_news && is_hedged_clause(s.text, m.start) {
                continue;
            }
            // Even the milestone's own sentence may open with the event before it.
            if !s.in_title && in_earlier_event(s.text, m.start) {
                continue;
            }
            if k > 0
                && found[k - 1].end <= m.start
                && CAUSE_BEFORE.is_match(&s.text[found[k - 1].end..m.start])
            {
                continue;
            }
            if names_a_host(s.text, found, k) {
                continue;
            }
            // The milestone's own sentences are read whole; the others only for what they say
            // the product is for.
            let own = told_as_news
                || Some(i) == lead
                || follow.contains(&i)
                || hit.support.is_some_and(|(sp, _)| sp == i);
            if !own && use_only.contains(&i) && !USE_CUE.is_match(&s.text[back(s.text, m.start, 70)..m.start])
            {
                continue;
            }
            // An open-world disease counts where the news is told: the headline, the
            // milestone's sentences (and those that finish telling it) and the lead; elsewhere
            // only where a sentence naming the product says it is for the disease.
            let said_for_it =
                || ctx.strict.contains(&i) && USE_CUE.is_match(&s.text[back(s.text, m.start, 90)..m.start]);
            if m.scope == Scope::Context && !own && !said_for_it() {
                continue;
            }
            if !disease_belongs_to(s, products, product, m.start) {
                continue;
            }
            if m.ambiguous && !supported(vocab, doc, m.canonical, &s.text[m.start..m.end]) {
                continue;
            }
            if RISK_BEFORE.is_match(&s.text[..m.start]) {
                continue;
            }
            let mut names = vec![vocab.diseases.name(m.canonical).to_string()];
            names.extend(elided_sibling(vocab, s.text, m.start, m.end));
            for name in names {
                if !out.contains(&name) {
                    ev.add("indications", i);
                    out.push(name);
                }
            }
        }
    }
    let all = out.clone();
    out.retain(|d| !all.iter().any(|other| other != d && other.contains(d.as_str())));
    // A group ("solid tumors") beside a disease of it names the field, not a second indication.
    if out.iter().any(|d| !is_group(d)) {
        out.retain(|d| !is_group(d));
    }
    out
}

/// True when a disease name is a group of diseases: its head noun is plural ("solid tumors",
/// "B-cell malignancies"), where Mondo's and the seeds' single diseases are singular.
fn is_group(name: &str) -> bool {
    ["tumors", "tumours", "malignancies", "cancers", "neoplasms"]
        .iter()
        .any(|head| name.strip_suffix(head).is_some_and(|rest| rest.ends_with(' ')))
}

/// In a sentence naming several products, a disease belongs to the product named before it;
/// after the last product, "both" or "each" hands it to all of them ("X and Y, both in
/// development for multiple myeloma").
fn disease_belongs_to(s: &Sent<'_>, products: &[Product], product: Option<&Product>, pos: usize) -> bool {
    let Some(last) = s.names.iter().filter(|n| n.end <= pos).max_by_key(|n| n.end) else {
        return nearest_is(s, products, product, pos);
    };
    if past_list_item(s, last, pos) {
        return false;
    }
    let after_last = !s.names.iter().any(|n| n.start >= pos);
    if after_last && SHARED.is_match(&s.text[last.end..pos]) {
        return true;
    }
    // "X and Y are given to …": a coordinated subject shares what follows it.
    if let Some(p) = product {
        // "combines X with A, given with or without B, in people with …": the names after the
        // product are its partners in the regimen the disease is treated with.
        let partnered = s.names.iter().filter(|n| n.end <= last.start && p.has_name(&n.name)).any(|n| {
            !s.names.iter().any(|o| o.start >= n.end && o.end <= last.start && p.has_name(&o.name))
                && PARTNERS_AFTER.is_match(&s.text[n.end..last.start])
        });
        if partnered && after_last {
            return true;
        }
        let mut end = last.start;
        for n in s.names.iter().filter(|n| n.end <= last.start).rev() {
            let between = s.text[n.end..end].trim();
            if !matches!(between, "and" | "or" | "," | ", and" | "and/or") {
                break;
            }
            if p.has_name(&n.name) {
                return true;
            }
            end = n.start;
        }
    }
    nearest_is(s, products, product, pos)
}

/// A disease's head noun right after a site, past an abbreviation in parentheses.
static HEAD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:\s*\([^()]{1,12}\))?\s+((?:adeno)?carcinomas?|cancers?|tumou?rs?|lymphomas?|sarcomas?)\b",
    )
});

static SHARED: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"(?i)\b(?:both|each|all)\b"));

/// Between a product and the next names, words that make them its partners in one regimen.
static PARTNERS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^[^;]{0,40}?\b(?:with|plus|in\s+combination\s+with|combined\s+with|alongside)\b")
});

/// "gastric or gastroesophageal junction cancer", "gastric/GEJ adenocarcinoma": the first
/// disease shares the head noun, the match's last word or the noun right after it (where the
/// vocabulary knows the site, "GEJ", but not the site with that noun).
fn elided_sibling(vocab: &Vocabulary, text: &str, start: usize, end: usize) -> Option<String> {
    let matched = &text[start..end];
    let after = HEAD_AFTER.captures(&text[end..]).and_then(|c| c.get(1)).map(|m| m.as_str());
    let head = after.or_else(|| matched.rsplit(' ').next())?;
    let before = text[..start].trim_end();
    let before = before
        .strip_suffix(" or")
        .or_else(|| before.strip_suffix(" and"))
        .or_else(|| before.strip_suffix(" and/or"))
        .or_else(|| before.strip_suffix('/'))?;
    let word = before.rsplit(|c: char| c.is_whitespace() || c == ',' || c == '(').next()?;
    if word.is_empty() {
        return None;
    }
    let candidate = format!("{word} {head}");
    let found = vocab.diseases.find_all(&candidate);
    let m = found.first().filter(|m| m.start == 0 && m.end == candidate.len())?;
    Some(vocab.diseases.name(m.canonical).to_string())
}

/// An ambiguous abbreviation counts when the release spells the disease out anywhere or
/// defines the abbreviation in parentheses.
fn supported(vocab: &Vocabulary, doc: &Document, canonical: usize, abbr: &str) -> bool {
    let defined = format!("({abbr})");
    if doc.text.contains(&defined) {
        return true;
    }
    let title = doc.title.as_deref().unwrap_or("");
    [title, doc.text.as_str()]
        .iter()
        .any(|t| vocab.diseases.find_all(t).iter().any(|m| m.canonical == canonical && !m.ambiguous))
}

fn milestone_fields(
    sents: &[Sent<'_>],
    hit: &Hit,
    published: Option<PartialDate>,
    ctx: &Context,
    ev: &mut Evidence_<'_>,
) -> Milestone {
    let (sent, at) = hit.support.unwrap_or((hit.sent, hit.at));
    let date = event_date(sents[sent].text, at, published).or_else(|| published.and_then(|p| p.to_iso()));
    ev.add("milestone", sent);
    let lookup = [sent, hit.sent].into_iter().chain(ctx.near.iter().copied()).filter(|&i| sents[i].is_news());
    let regulatory = matches!(
        hit.kind,
        MilestoneKind::IndCleared
            | MilestoneKind::RegulatorySubmission
            | MilestoneKind::Designation
            | MilestoneKind::Approval
    );
    let mut phase = None;
    let mut trial_id = None;
    for i in lookup.clone() {
        // The phase is the milestone's trial's: a study only planned ("plans to begin a Phase
        // 1/2 study") has none yet, and a regulatory milestone has one where its own sentences
        // or one naming the product say it ("X is in a Phase 1 study"), not where a neighbour
        // tells the data behind it ("The approval is based on the Phase 2 study").
        let own = i == sent || i == hit.sent || ctx.strict.contains(&i);
        if phase.is_none() && (own || !regulatory) {
            phase = PHASE
                .captures(sents[i].text)
                .filter(|c| {
                    let m = c.get(0).expect("match");
                    !is_hedged(sents[i].text, m.start(), m.end())
                        && !is_hedged_clause(sents[i].text, m.start())
                })
                .map(|c| phase_value(&c));
        }
        if trial_id.is_none() {
            trial_id = TRIAL_ID.find(sents[i].text).map(|m| m.as_str().to_string());
        }
    }
    // The regulator is the one the milestone's own sentences name; a regulator in a
    // neighbouring sentence is usually history ("In 2023 it received Orphan Drug Designation
    // from the FDA").
    let authority = [sent, hit.sent].into_iter().filter(|_| regulatory).find_map(|i| {
        AUTHORITY.iter().find(|(re, _)| re.is_match(sents[i].text)).map(|(_, n)| n.to_string())
    });
    Milestone { kind: hit.kind, date, phase, trial_id, authority }
}

fn phase_value(c: &regex::Captures<'_>) -> String {
    let roman = |s: &str| match s.to_ascii_uppercase().as_str() {
        "I" | "1" => "1",
        "II" | "2" => "2",
        _ => "3",
    };
    let first = roman(&c[1]);
    match c.get(2) {
        Some(second) if roman(second.as_str()) != first => {
            format!("{first}/{}", roman(second.as_str()))
        }
        _ => first.to_string(),
    }
}

/// The date an event happened: a date written in the sentence outside its dateline, nearest
/// the cue, with its year filled from the release date ("dosed on January 15"); else the
/// release date.
fn event_date(sentence: &str, cue_at: usize, published: Option<PartialDate>) -> Option<String> {
    let dateline_end = company::dateline_end(sentence);
    let m = find_dates(sentence)
        .into_iter()
        .filter(|m| m.start >= dateline_end)
        .min_by_key(|m| m.start.abs_diff(cue_at))?;
    let d = match published {
        Some(p) => m.date.with_year_from(p),
        None => m.date,
    };
    // A date after the release is a plan, not the event.
    if published.is_some_and(|p| d.year.is_some() && d > p && d.day.is_some() && p.day.is_some()) {
        return None;
    }
    d.to_iso()
}

/// Collects evidence sentences per field, converting byte offsets to character offsets.
#[allow(non_camel_case_types)]
struct Evidence_<'a> {
    doc: &'a Document,
    sents: &'a [Sent<'a>],
    out: Vec<Evidence>,
}

impl<'a> Evidence_<'a> {
    fn new(doc: &'a Document, sents: &'a [Sent<'a>]) -> Self {
        Evidence_ { doc, sents, out: Vec::new() }
    }

    fn add(&mut self, field: &str, sent: usize) {
        let s = &self.sents[sent];
        if self.out.iter().any(|e| e.field == field && e.text == s.text) {
            return;
        }
        let (start, end) = if s.in_title {
            (0, 0)
        } else {
            let start = self.doc.text[..s.start].chars().count();
            (start, start + s.text.chars().count())
        };
        self.out.push(Evidence { field: field.to_string(), text: s.text.to_string(), start, end });
    }

    fn finish(self) -> Vec<Evidence> {
        self.out
    }
}

/// Compiles this module's patterns now rather than at first use: start-up does it on another
/// core while the vocabularies load (see [`crate::warm_patterns`]).
pub(crate) fn warm() {
    for pattern in [
        &CORPORATE_TITLE,
        &HEDGE,
        &PAST,
        &EARLIER_STUDIES,
        &PATIENT_HISTORY,
        &DEFINITION,
        &EPIDEMIOLOGY,
        &REFERS_TO_PRODUCT,
        &USE_CUE,
        &PRECLINICAL,
        &YEAR,
        &PHASE,
        &TRIAL_ID,
        &TARGET_CUE,
        &STRONG_TARGET_BEFORE,
        &STRONG_TARGET_AFTER,
        &MARKER_AFTER,
        &ABSENT_MARKER_AFTER,
        &FIELD_NOUN_AFTER,
        &VAGUE_BEFORE,
        &MARKER_POSITIVE_AFTER,
        &OTHER_THERAPY,
        &PRIOR_LINE,
        &RISK_BEFORE,
        &CAUSE_BEFORE,
        &HOST_AFTER_KIND,
        &HOST_BEFORE_KIND,
        &CONTRAST,
        &EARLIER_EVENT,
        &EARLIER_ONE,
        &NEWS_JOIN,
        &COMPARATOR_BEFORE,
        &ALL_OF_THEM,
        &HEAD_AFTER,
        &SHARED,
        &PARTNERS_AFTER,
    ] {
        LazyLock::force(pattern);
    }
    LazyLock::force(&AUTHORITY);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocabulary;

    /// A document at `file:///t` with this headline and text.
    fn release(title: &str, text: impl Into<String>) -> Document {
        let mut doc = Document::new("file:///t", text.into());
        doc.title = Some(title.into());
        doc
    }

    fn ranks_of(text: &str) -> Vec<(String, usize)> {
        let vocab = Vocabulary::builtin();
        let doc = Document::new("file:///t", text.to_string());
        let sents = sentences(&vocab, &doc);
        sents.iter().filter_map(|s| s.rank.map(|r| (s.text.to_string(), r))).collect()
    }

    #[test]
    fn sidebars_and_consent_banners_are_not_the_story() {
        let text = "We value your privacy. We and our partners use cookies to measure traffic on this site and to show ads.\n\nTRENDING\n\nOther Bio wins fast track for its gene therapy\n\nAcme Bio doses first patient in lupus study\n\nAcme Bio said on Monday that the first patient in its Phase 1 study of AB-101 has been dosed.";
        let ranks = ranks_of(text);
        assert_eq!(
            ranks,
            [("Acme Bio said on Monday that the first patient in its Phase 1 study of AB-101 has been dosed.".to_string(), 1)]
        );
    }

    #[test]
    fn news_pages_name_the_owner_not_the_sidebar() {
        let doc = release("FDA clears lupus CAR-T trial", "Advertisement\n\nTRENDING\n\nOther Therapeutics wins FDA fast track for gene therapy in Fabry disease\n\nThe FDA has cleared the IND for AB-101, a CD19-directed CAR-T for lupus, the sponsor said.\n\nAB-101 (Acme Bio) is made from a donor's cells, and Acme Bio expects to start the trial soon.".to_string());
        let records = extract(&Vocabulary::builtin(), &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].company.as_deref(), Some("Acme Bio"));
        assert_eq!(records[0].milestone.kind, MilestoneKind::IndCleared);
    }

    #[test]
    fn a_deep_paragraph_tells_the_milestone_only_of_the_headline_product() {
        let story = |deep: &str| {
            let doc = release("Acme expects patients to start joining AB-101 trial within months", format!(
                    "Acme Bio is testing the CAR T-cell therapy AB-101 in several autoimmune conditions in an ongoing study, and more are next in line.\n\n\
                     The company originally hoped to open new sites last year, and the new aim is to be recruiting by the end of June.\n\n\
                     How quickly patients are enrolled will decide the timing of the first results for them this year.\n\n\
                     Scleroderma scars the skin and often the internal organs, among them the lungs, heart and kidneys.\n\n{deep}"
                ));
            extract(&Vocabulary::builtin(), &doc)
        };
        let records = story("In the U.S., AB-101 recently picked up fast track designation for adults with systemic sclerosis.");
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].milestone.kind, MilestoneKind::Designation);
        assert_eq!(records[0].product.as_deref(), Some("AB-101"));
        let background = story("Rivals are ahead: XY-900 of Other Bio picked up fast track designation for adults with systemic sclerosis.");
        assert!(background.is_empty(), "{background:?}");
    }

    #[test]
    fn a_product_named_only_in_the_page_history_is_not_the_deal_product() {
        let deal = |history: &str| {
            let mut doc = release("Acme licenses ADC platform to Other Pharma", format!(
                    "Acme Biosciences Inc. said on Dec. 23 that it has licensed its antibody-drug conjugate platform technology to Other Pharma in an agreement valued at up to $1.2 billion.\n\n\
                     The contract gives Other Pharma the right to develop ADCs with its own antibodies for up to five targets.\n\n{history}"
                ));
            doc.published = Some("2022-12-23".into());
            extract(&Vocabulary::builtin(), &doc)
        };
        let old = deal("In December 2021, Acme transferred its ADC candidate AB-14, directed at HER2, to another biotech.");
        assert_eq!(old.len(), 1, "{old:?}");
        assert_eq!(old[0].product, None, "{old:?}");
        assert!(old[0].targets.is_empty(), "{old:?}");
        let current = deal("The first ADC under the deal, AB-14, is directed at HER2.");
        assert_eq!(current[0].product.as_deref(), Some("AB-14"), "{current:?}");
    }

    #[test]
    fn a_site_before_a_slash_or_or_shares_the_head_noun_after_the_next_site() {
        let indications = |phrase: &str| {
            let doc = release("Acme Bio Receives IND Clearance for AB-123", format!("BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the FDA has cleared its IND for AB-123 in advanced {phrase}. Gastroesophageal junction (GEJ) tumors are rare."));
            let mut got = extract(&Vocabulary::builtin(), &doc).remove(0).indications;
            got.sort();
            got
        };
        let both = ["gastric cancer", "gastroesophageal junction cancer"];
        assert_eq!(indications("gastric/GEJ adenocarcinoma"), both);
        assert_eq!(indications("gastric or GEJ (GEJ) adenocarcinoma"), both);
        assert_eq!(indications("GEJ adenocarcinoma"), ["gastroesophageal junction cancer"]);
    }

    #[test]
    fn a_disease_named_as_the_population_another_occurs_in_is_not_an_indication() {
        let indications = |phrase: &str| {
            let doc = release("Acme Bio Receives IND Clearance for AB-123", format!("BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the FDA has cleared its IND for AB-123 in {phrase}."));
            let mut got = extract(&Vocabulary::builtin(), &doc).remove(0).indications;
            got.sort();
            got
        };
        let aiha = ["autoimmune hemolytic anemia"];
        assert_eq!(
            indications(
                "autoimmune hemolytic anemia that occurs in patients with chronic lymphocytic leukemia"
            ),
            aiha
        );
        assert_eq!(
            indications(
                "adults with chronic lymphocytic leukemia (CLL) who have autoimmune hemolytic anemia"
            ),
            aiha
        );
        assert_eq!(
            indications("autoimmune hemolytic anemia, a complication of chronic lymphocytic leukemia"),
            aiha
        );
        assert_eq!(indications("CLL-AIHA"), aiha);
        // Two populations side by side are both indications.
        assert_eq!(
            indications("adults with chronic lymphocytic leukemia or autoimmune hemolytic anemia"),
            ["autoimmune hemolytic anemia", "chronic lymphocytic leukemia"]
        );
    }

    #[test]
    fn a_sentence_counting_the_people_with_a_disease_is_background() {
        let doc = release("Acme Bio Doses First Patient with AB-123", "BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the first patient has been dosed with AB-123 in its Phase 1 trial in autoimmune hemolytic anemia. About 40,000 people in the U.S. are living with chronic lymphocytic leukemia, and some of them develop autoimmune hemolytic anemia.".to_string());
        let (records, mentions) = extract_with_mentions(&Vocabulary::builtin(), &doc);
        assert_eq!(records[0].indications, ["autoimmune hemolytic anemia"]);
        let cll: Vec<_> = mentions.iter().filter(|m| m.value == "chronic lymphocytic leukemia").collect();
        assert!(!cll.is_empty() && cll.iter().all(|m| !m.subject), "{cll:?}");
    }

    #[test]
    fn a_lead_clause_telling_a_dated_earlier_event_makes_no_subject_mention() {
        let mentions = |lead: &str| {
            let mut doc = release("Acme Bio Receives Fast Track Designation for AB-123", format!("BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the FDA granted Fast Track designation to AB-123 for acute myeloid leukemia. {lead}"));
            doc.published = Some("2026-05-02".into());
            let (_, mentions) = extract_with_mentions(&Vocabulary::builtin(), &doc);
            mentions
                .into_iter()
                .filter(|m| m.value == "myelodysplastic syndromes")
                .map(|m| m.subject)
                .collect::<Vec<_>>()
        };
        assert_eq!(mentions("AB-123 now holds two designations; the first was granted in 2024 for myelodysplastic syndromes."), [false]);
        assert_eq!(
            mentions("AB-123 is also studied in myelodysplastic syndromes; the first data are due in 2024."),
            [true]
        );
    }

    #[test]
    fn a_group_of_diseases_is_an_indication_only_when_no_disease_of_it_is_named() {
        let indications = |phrase: &str| {
            let doc = release("Acme Bio Doses First Patient in Solid Tumor Trial of AB-123", format!("BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the first patient has been dosed with AB-123 in its Phase 1 trial in {phrase}."));
            let (mut records, mentions) = extract_with_mentions(&Vocabulary::builtin(), &doc);
            let headline = mentions.iter().any(|m| m.value == "solid tumors" && m.subject);
            (records.remove(0).indications, headline)
        };
        assert_eq!(
            indications("patients with advanced solid tumors"),
            (vec!["solid tumors".to_string()], true)
        );
        assert_eq!(
            indications("patients with advanced solid tumors, starting with ovarian cancer"),
            (vec!["ovarian cancer".to_string()], false)
        );
    }

    #[test]
    fn a_disease_after_the_products_partners_in_a_regimen_is_the_products() {
        let doc = release("Acme Bio Doses First Patient with AB-123", "BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the first patient has been dosed in its ALPHA-1 trial. ALPHA-1 combines AB-123 with FOLFOX, given with or without pembrolizumab, in people with advanced pancreatic cancer.".to_string());
        let records = extract(&Vocabulary::builtin(), &doc);
        assert_eq!(records[0].product.as_deref(), Some("AB-123"));
        assert_eq!(records[0].indications, ["pancreatic cancer"]);
    }

    #[test]
    fn lead_mentions_of_earlier_results_markers_fields_and_vague_groups_are_not_the_subject() {
        let subject = |lead: &str, value: &str| {
            let doc = release("Acme Bio Doses First Patient with AB-123", format!("BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the first patient has been dosed with AB-123 in its Phase 1 trial in ovarian cancer. {lead}"));
            let (_, mentions) = extract_with_mentions(&Vocabulary::builtin(), &doc);
            let found: Vec<bool> = mentions.iter().filter(|m| m.value == value).map(|m| m.subject).collect();
            assert!(!found.is_empty(), "{value} is not mentioned in {lead}");
            found.iter().any(|s| *s)
        };
        let earlier = "In earlier studies, AB-123 showed activity in patients with melanoma.";
        assert!(!subject(earlier, "melanoma"));
        assert!(subject("AB-123 is also being tested in patients with melanoma.", "melanoma"));
        assert!(!subject("The trial enrolls women with HER2-positive ovarian cancer.", "HER2"));
        assert!(subject("AB-123 is directed at HER2 on ovarian cancer cells.", "HER2"));
        assert!(!subject("Its partner works on a myeloma drug target.", "multiple myeloma"));
        assert!(!subject("AB-123 is in development for several types of solid tumors.", "solid tumors"));
        assert!(!subject(
            "It also treats the kidney inflammation that often complicates lupus.",
            "systemic lupus erythematosus"
        ));
    }

    #[test]
    fn the_paragraph_that_first_names_the_product_tells_the_news() {
        let mut doc = release("First Person Dosed in Gene Editing Clinical Trial", "The biotech company Acme Bio has started a study that uses base editing in an attempt to treat an inherited condition that drives up cholesterol.\n\n\
             Update (November 7): The agency today put a hold on the company's application, and the company said it will work closely with the agency to get the hold lifted quickly. Outside the U.S. the study is moving ahead: the company has finished dosing its first cohort of three patients.\n\n\
             Acme Bio said today (July 12) that the first participant has received a dose of AB-101, a treatment built on base editing. AB-101 switches off PCSK9, a gene active in the liver, in people with heterozygous familial hypercholesterolemia.".to_string());
        doc.published = Some("2023-01-30".into());
        let records = extract(&Vocabulary::builtin(), &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].product.as_deref(), Some("AB-101"));
        assert_eq!(records[0].indications, ["heterozygous familial hypercholesterolemia"]);
    }

    #[test]
    fn open_world_genes_count_only_where_the_text_says_they_are_targets() {
        let vocab = Vocabulary::builtin();
        let i = vocab.antigens.lookup_index("USP1").expect("USP1 is in the open vocabulary");
        assert_eq!(vocab.antigens.scope(i), Scope::Context);
        let mut doc = release("Acme Bio Receives IND Clearance for AB-123", "BOSTON, May 2, 2026 /PRNewswire/ -- Acme Bio, Inc. today announced that the FDA has cleared its IND for AB-123, an oral USP1 inhibitor, for patients with solid tumors that carry BRCA1 mutations.".to_string());
        doc.published = Some("2026-05-02".into());
        let records = extract(&vocab, &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].targets, ["USP1"], "BRCA1 is a marker here, not a target");
    }

    #[test]
    fn the_sentence_after_the_milestone_is_read_whole() {
        let doc = release("Acme Doses First Patient in Trial of AB-12", "A Phase 1 clinical trial of AB-12, a CAR T-cell therapy from Acme Therapeutics, has dosed its first participant. The study is testing the therapy in adults with certain solid tumors, ovarian cancer among them, whose cancer cells carry an abnormal protein.\n\nRecruitment continues.".to_string());
        let records = extract(&Vocabulary::builtin(), &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].indications, ["ovarian cancer"]);
    }

    #[test]
    fn a_round_up_headline_describes_none_of_its_products() {
        let mut doc = Document::new(
            "file:///t",
            "Oct. 4, 2026\n\nThe regulator signed off on a long list of new products last week. Its approvals included Alpharo (alphatide) from Acme Pharma Co., a receptor agonist for type 2 diabetes; Betaxa (betaxumab) from Other Bio Inc. for severe asthma; and the CAR T cell therapy Gammacel (gammacabtagene autoleucel) from Third Cell Corp.".to_string(),
        );
        doc.title =
            Some("Regulator clears batch of new drugs, from a diabetes agonist to a BCMA CAR T".into());
        let records = extract(&Vocabulary::builtin(), &doc);
        let by_product = |name: &str| records.iter().find(|r| r.product.as_deref() == Some(name));
        let alpharo = by_product("Alpharo").expect("a record for the first product");
        assert_eq!(alpharo.modality, None, "{alpharo:?}");
        assert!(alpharo.targets.is_empty(), "{alpharo:?}");
        assert!(by_product("Betaxa").is_some_and(|r| r.targets.is_empty()), "{records:?}");
    }

    #[test]
    fn an_open_world_disease_counts_in_the_sentence_that_finishes_the_milestone() {
        let vocab = Vocabulary::builtin();
        let m = vocab.diseases.find_all("in t-cell lymphoblastic lymphoma");
        assert!(m.iter().any(|m| m.scope == Scope::Context), "{m:?}");
        let doc = release("Acme Bio Receives RMAT Designation for AB-7", "The FDA has granted AB-7 Regenerative Medicine Advanced Therapy designation. The designation covers the treatment of T-cell lymphoblastic lymphoma (T-LBL).\n\nThe company also studies AB-7 in Fabry disease.".to_string());
        let records = extract(&vocab, &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].indications, ["t-cell lymphoblastic lymphoma"]);
    }

    #[test]
    fn mentions_carry_their_zone_and_point_at_their_words() {
        let doc = release("Acme Bio Presents CD19 CAR-T Data in Lupus", "ZÜRICH, May 2, 2026 -- Acme Bio today presented data on AB-7, a CD19-directed CAR-T, in lupus nephritis.\n\n“We see a path in multiple myeloma too,” said the CEO.\n\nAbout Acme Bio\n\nAcme Bio develops BCMA programs for systemic sclerosis.".to_string());
        let ms = mentions(&Vocabulary::builtin(), &doc);
        let zone_of = |v: &str| ms.iter().find(|m| m.value == v).map(|m| m.zone);
        assert_eq!(zone_of("CD19"), Some(MentionZone::Headline), "{ms:?}");
        assert_eq!(zone_of("lupus nephritis"), Some(MentionZone::Lead), "{ms:?}");
        assert_eq!(zone_of("multiple myeloma"), Some(MentionZone::Quote), "{ms:?}");
        assert_eq!(zone_of("systemic sclerosis"), Some(MentionZone::About), "{ms:?}");
        let chars: Vec<char> = doc.text.chars().collect();
        let title: Vec<char> = doc.title.as_deref().unwrap().chars().collect();
        for m in &ms {
            let src = if m.zone == MentionZone::Headline { &title } else { &chars };
            let word: String = src[m.start..m.end].iter().collect();
            // Antigens are written as their symbol here; diseases may be a synonym ("lupus").
            if m.kind == MentionKind::Antigen {
                assert_eq!(word, m.value, "{m:?}");
            }
        }
        let vocab = Vocabulary::builtin();
        assert_eq!(extract_with_mentions(&vocab, &doc), (extract(&vocab, &doc), ms.clone()));
        let nephritis = ms.iter().find(|m| m.value == "lupus nephritis").unwrap();
        assert_eq!(chars[nephritis.start..nephritis.end].iter().collect::<String>(), "lupus nephritis");
    }

    #[test]
    fn an_absent_marker_or_a_prior_therapy_is_no_mention() {
        let doc = Document::new(
            "file:///t",
            "BOSTON, May 2, 2026 -- Acme Bio dosed the first patient with AB-7, a CLDN18.2-directed CAR-T, in gastric cancer that is HER2-negative, in patients previously treated with an anti-PD-1 antibody.".to_string(),
        );
        let ms = mentions(&Vocabulary::builtin(), &doc);
        let antigens: Vec<&str> =
            ms.iter().filter(|m| m.kind == MentionKind::Antigen).map(|m| m.value.as_str()).collect();
        assert_eq!(antigens, ["CLDN18.2"], "{ms:?}");
        // The same markers said to be present, and a target, are mentions.
        let doc = Document::new(
            "file:///u",
            "BOSTON, May 2, 2026 -- Acme Bio dosed the first patient with AB-8, a PD-1 inhibitor, in HER2-positive gastric cancer.".to_string(),
        );
        let ms = mentions(&Vocabulary::builtin(), &doc);
        let mut antigens: Vec<&str> =
            ms.iter().filter(|m| m.kind == MentionKind::Antigen).map(|m| m.value.as_str()).collect();
        antigens.sort();
        assert_eq!(antigens, ["HER2", "PD-1"], "{ms:?}");
    }

    #[test]
    fn mutated_genes_and_earlier_treatments_are_no_mentions() {
        let doc = Document::new(
            "file:///t",
            "BOSTON, May 2, 2026 -- Acme Bio dosed the first patient with AB-7, a CLDN18.2-directed CAR-T, in EGFR-mutated lung cancer. Patients had not responded to anti-CD20 treatment; some get AB-7 paired with an anti-CD38 antibody. Tumors that are human epidermal growth factor receptor 2 (HER2)-negative qualify.".to_string(),
        );
        let ms = mentions(&Vocabulary::builtin(), &doc);
        let antigens: Vec<&str> =
            ms.iter().filter(|m| m.kind == MentionKind::Antigen).map(|m| m.value.as_str()).collect();
        assert_eq!(antigens, ["CLDN18.2"], "{ms:?}");
    }

    #[test]
    fn what_makes_a_mention_a_search_hit_depends_on_the_records() {
        let vocab = Vocabulary::builtin();
        let subjects = |doc: &Document| -> Vec<String> {
            let (_, ms) = extract_with_mentions(&vocab, doc);
            let mut v: Vec<String> = ms.iter().filter(|m| m.subject).map(|m| m.value.clone()).collect();
            v.sort();
            v.dedup();
            v
        };
        // A release with a milestone: the headline and the lead count, but not a lead
        // sentence about another product, nor a broader name of the record's disease.
        let doc = release("Acme Bio Doses First Patient in Leukemia Trial", "BOSTON, May 2, 2026 -- Acme Bio today announced that the first patient has been dosed with AB-7, a CD19-directed CAR-T, in acute myeloid leukemia. First data for AB-9 in multiple myeloma are expected in 2027.\n\nThe trial enrolls adults in Boston.".to_string());
        let (records, _) = extract_with_mentions(&vocab, &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].indications, ["acute myeloid leukemia"], "{records:?}");
        assert_eq!(subjects(&doc), ["CD19", "acute myeloid leukemia"]);
        // A page without a milestone: only its headline says what it is about.
        let mut doc = Document::new(
            "file:///u",
            "BOSTON, May 2, 2026 -- Acme Bio reported revenue of $12 million. Its CD19 program in lupus nephritis continues.".to_string(),
        );
        doc.title = Some("Acme Bio Opens a Multiple Myeloma Research Site".into());
        let (records, ms) = extract_with_mentions(&vocab, &doc);
        assert!(records.is_empty(), "{records:?}");
        assert!(ms.iter().any(|m| m.value == "lupus nephritis" && m.zone == MentionZone::Lead), "{ms:?}");
        assert_eq!(subjects(&doc), ["multiple myeloma"]);
    }

    #[test]
    fn a_sentence_about_the_product_without_its_name_describes_it() {
        let vocab = Vocabulary::builtin();
        let doc = release("Acme Bio Doses First Patient With AB-7", "BOSTON, May 2, 2026 -- Acme Bio today announced that the first patient has been dosed with AB-7 in its Phase 1 study.\n\n“We are pleased,” said the CEO.\n\nEnrollment is open at five sites in the United States and Canada.\n\nFirst data from the study are expected in the second half of next year.\n\nAcme raised $40 million from investors earlier this year to fund the work.\n\nThe product is made by engineering a patient's own T cells with a T-cell receptor that binds an NY-ESO-1 peptide.\n\nThe open-label, multicenter Phase 1 study is enrolling men with metastatic prostate cancer.".to_string());
        let records = extract(&vocab, &doc);
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0].targets, ["NY-ESO-1"], "{records:?}");
        assert_eq!(records[0].indications, ["prostate cancer"], "{records:?}");
        // After a sentence about another product, "It" is that product.
        let mut doc = Document::new(
            "file:///u",
            "BOSTON, May 2, 2026 -- Acme Bio today announced that the first patient has been dosed with AB-7 in its Phase 1 study.\n\nAcme also develops AB-9. It binds an NY-ESO-1 peptide.".to_string(),
        );
        doc.title = Some("Acme Bio Doses First Patient With AB-7".into());
        let records = extract(&vocab, &doc);
        assert!(!records.is_empty());
        assert!(records.iter().all(|r| r.targets.is_empty()), "{records:?}");
    }

    #[test]
    fn being_developed_as_a_treatment_for_is_a_use() {
        for cue in [
            "It is being developed as a potential new treatment for ",
            "It is a treatment for ",
            "It is being studied in ",
            "It is recommended for two groups of patients: children and young adults up to 25 years of age with ",
            "It is recommended for children with leukaemia; and adults with ",
        ] {
            let text = format!("{cue}multiple ");
            assert!(USE_CUE.is_match(&text), "{text}");
        }
        assert!(!USE_CUE.is_match("It was developed by a team in Boston with "));
    }

    #[test]
    fn a_paragraph_of_a_shared_about_section_that_opens_with_the_name_describes_it() {
        let doc = release("Acme Bio and Beta Pharma Sign Agreement for Two ADCs", "TOKYO, May 2, 2026 -- Acme Bio and Beta Pharma have signed a global agreement covering AB-1 and AB-2.\n\nAbout the Two ADCs\n\nAB-1 is a potential first-in-class HER3 directed ADC. It is made with a cleavable linker.\n\nAB-2 is a potential first-in-class CDH6 directed ADC.".to_string());
        let records = extract(&Vocabulary::builtin(), &doc);
        let targets: Vec<(Option<&str>, Vec<&str>)> = records
            .iter()
            .map(|r| (r.product.as_deref(), r.targets.iter().map(String::as_str).collect()))
            .collect();
        assert!(targets.contains(&(Some("AB-1"), vec!["HER3"])), "{targets:?}");
        assert!(targets.contains(&(Some("AB-2"), vec!["CDH6"])), "{targets:?}");
    }

    #[test]
    fn receptors_named_after_their_ligands_and_spelled_out_targets() {
        let vocab = Vocabulary::builtin();
        let targets = |body: &str| {
            let mut doc = Document::new("file:///t", format!("TOKYO, Oct 1, 2026 -- {body}"));
            doc.title = Some("Japan Clears AB-7".into());
            extract(&vocab, &doc).into_iter().flat_map(|r| r.targets).collect::<Vec<_>>()
        };
        assert_eq!(
            targets(
                "Acme said AB-7, the first GIP/GLP-1 receptor agonist, was approved for type 2 diabetes."
            ),
            ["GLP1R", "GIPR"]
        );
        assert_eq!(
            targets("Acme said AB-7, the first antibody to block thymic stromal lymphopoietin (TSLP), was approved for asthma."),
            ["TSLP"]
        );
        // Spelled out beside a word that makes no target, the symbol is none.
        assert!(targets("Acme said AB-7 was approved for asthma, a disease of thymic stromal lymphopoietin (TSLP) excess.").is_empty());
    }

    #[test]
    fn a_disease_of_the_event_before_the_news_is_not_an_indication() {
        let t = "A few months after the agency cleared a phase 2 study in myasthenia gravis, AB-7 is now headed for testing in multiple sclerosis.";
        assert!(in_earlier_event(t, t.find("myasthenia").unwrap()));
        assert!(!in_earlier_event(t, t.find("multiple sclerosis").unwrap()));
        let t = "AB-7 now holds a second orphan designation, after an earlier one in pancreatic cancer.";
        assert!(in_earlier_event(t, t.find("pancreatic").unwrap()));
        // The month in a dateline is no hedge; the modal is.
        let t = "BOSTON, May 2, 2026 -- Acme dosed the first patient in lupus nephritis.";
        assert!(!is_hedged_clause(t, t.find("lupus").unwrap()));
        let t = "Acme said AB-7 may be used in lupus nephritis.";
        assert!(is_hedged_clause(t, t.find("lupus").unwrap()));
        let t = "After the FDA cleared the IND, Acme dosed the first patient in lupus nephritis.";
        assert!(!in_earlier_event(t, t.find("lupus").unwrap()));
    }
}
