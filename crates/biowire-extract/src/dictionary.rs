//! Term dictionaries (antigens, diseases): parsing their TSV files, matching terms in text,
//! looking users' terms up, and the compact binary form the built-in vocabulary is compiled in.
//!
//! Matching is a word-token dictionary rather than an automaton: the text is cut into runs of
//! letters and digits, and at each token a hash of the span that follows (ASCII case folded,
//! runs of white space as one space, typographic hyphens and apostrophes as ASCII ones) is
//! looked up in one sorted table that holds the key of every term and of every longer term's
//! token prefixes; a candidate is then compared with the text itself. The same table answers
//! [`Dictionary::lookup`] in O(1).
//!
//! Every table is a little-endian byte array, so the dictionary is the same whether it was just
//! parsed or taken from the bytes `build.rs` wrote at compile time (`Dictionary::from_bytes`
//! only slices and checks them): the built-in vocabulary of ~150,000 terms loads in about a
//! millisecond, where parsing it takes tens and an Aho-Corasick automaton over it far longer.
//!
//! This file is also compiled into `build.rs`, so it depends on nothing but `std`.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Where a dictionary entry counts: the `scope` column of `antigens.tsv` and `diseases.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// A curated seed (`BCMA`, `multiple myeloma`): matched anywhere.
    #[default]
    Common,
    /// An open-world entry (any other HGNC gene or Mondo disease): an antigen counts only in
    /// target context ("X-directed", "targeting X", "anti-X"); a disease may be read more
    /// strictly than a seed.
    Context,
}

impl Scope {
    fn parse(s: &str) -> Option<Scope> {
        match s {
            "" | "common" => Some(Scope::Common),
            "context" => Some(Scope::Context),
            _ => None,
        }
    }
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
    /// The scope of the matched entry: `Context` matches are open-world entries the caller
    /// should count only in the right context.
    pub scope: Scope,
}

/// A malformed line of a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineError {
    /// The file name.
    pub(crate) file: String,
    /// One-based line number.
    pub(crate) line: usize,
    /// What is wrong.
    pub(crate) message: String,
}

type Bytes = Cow<'static, [u8]>;
type Text = Cow<'static, str>;

#[inline]
fn u32_at(b: &[u8], i: usize) -> u32 {
    let mut w = [0; 4];
    w.copy_from_slice(&b[i * 4..i * 4 + 4]);
    u32::from_le_bytes(w)
}

#[inline]
fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&b[i * 8..i * 8 + 8]);
    u64::from_le_bytes(w)
}

/// The value of a prefix record in the key table: above every term id.
const PREFIX: u32 = u32::MAX;

const CASE_SENSITIVE: u32 = 1 << 29;
const AMBIGUOUS: u32 = 1 << 30;
const LOOKUP_ONLY: u32 = 1 << 31;
const CANONICAL: u32 = CASE_SENSITIVE - 1;

const MUL: u64 = 0x517c_c1b7_2722_0a95;

/// A character as keys see it: ASCII letters lowercased unless `keep_case`, typographic
/// hyphens and dashes as `-`, typographic apostrophes as `'`.
#[inline]
fn fold_char(c: char, keep_case: bool) -> char {
    match c {
        'A'..='Z' if !keep_case => c.to_ascii_lowercase(),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
        _ => c,
    }
}

/// The folded characters of a string: [`fold_char`], and every run of white space as one space.
struct Folded<'a> {
    chars: std::str::Chars<'a>,
    keep_case: bool,
    in_space: bool,
}

impl<'a> Folded<'a> {
    fn new(s: &'a str, keep_case: bool) -> Self {
        Folded { chars: s.chars(), keep_case, in_space: false }
    }
}

impl Iterator for Folded<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        loop {
            let c = self.chars.next()?;
            if c.is_whitespace() {
                if self.in_space {
                    continue;
                }
                self.in_space = true;
                return Some(' ');
            }
            self.in_space = false;
            return Some(fold_char(c, self.keep_case));
        }
    }
}

/// True when `a` and `b` are the same text once folded (with case kept when `keep_case`).
fn same(a: &str, b: &str, keep_case: bool) -> bool {
    Folded::new(a, keep_case).eq(Folded::new(b, keep_case))
}

#[inline]
fn mix(h: u64, c: u32) -> u64 {
    (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(MUL)
}

/// Extends a running hash with the case-folded characters of `s` (what [`Folded`] yields),
/// ASCII a byte at a time.
#[inline]
fn hash_extend(mut h: u64, s: &str) -> u64 {
    let b = s.as_bytes();
    let mut i = 0;
    let mut in_space = false;
    while i < b.len() {
        let c = b[i];
        let (ch, space) = if c < 0x80 {
            i += 1;
            (u32::from(c.to_ascii_lowercase()), c.is_ascii_whitespace() || c == 0x0b)
        } else {
            let d = s[i..].chars().next().unwrap_or(' ');
            i += d.len_utf8();
            (fold_char(d, false) as u32, d.is_whitespace())
        };
        if space {
            if !in_space {
                h = mix(h, u32::from(b' '));
            }
            in_space = true;
        } else {
            in_space = false;
            h = mix(h, ch);
        }
    }
    h
}

/// The table key of a running hash (murmur3's finalizer, folded to 32 bits).
#[inline]
fn key_of(mut h: u64) -> u32 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    (h ^ (h >> 33)) as u32
}

/// A word token: byte span and the hash of its folded characters alone.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    hash: u64,
}

/// A text's word tokens, split once for every dictionary that looks through it.
#[derive(Debug, Clone)]
pub(crate) struct Words<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

impl<'a> Words<'a> {
    /// Splits `text` into words.
    pub(crate) fn of(text: &'a str) -> Self {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        Words { text, tokens }
    }
}

/// The word tokens of `text`: runs of letters and digits. A lowercase `x` between a digit or
/// capital and a capital separates two symbols (`CD19xCD20`, `BCMAxCD3`).
fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let b = text.as_bytes();
    let mut start = usize::MAX;
    let mut hash = 0u64;
    let mut prev = b' ';
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (alnum, folded, width) = if c < 0x80 {
            (c.is_ascii_alphanumeric(), u32::from(c.to_ascii_lowercase()), 1)
        } else {
            let d = text[i..].chars().next().unwrap_or(' ');
            (d.is_alphanumeric(), d as u32, d.len_utf8())
        };
        if alnum {
            let split = c == b'x'
                && (prev.is_ascii_digit() || prev.is_ascii_uppercase())
                && b.get(i + 1).is_some_and(u8::is_ascii_uppercase);
            if split {
                if start != usize::MAX {
                    out.push(Token { start, end: i, hash });
                    start = usize::MAX;
                }
            } else {
                if start == usize::MAX {
                    start = i;
                    hash = 0;
                }
                hash = mix(hash, folded);
            }
        } else if start != usize::MAX {
            out.push(Token { start, end: i, hash });
            start = usize::MAX;
        }
        prev = c;
        i += width;
    }
    if start != usize::MAX {
        out.push(Token { start, end: b.len(), hash });
    }
}

/// A term: its text's end in the pattern arena (it starts where the previous one ends), and
/// its entry and flags.
#[derive(Debug, Clone, Copy)]
struct Term {
    start: usize,
    end: usize,
    info: u32,
}

impl Term {
    fn canonical(self) -> usize {
        (self.info & CANONICAL) as usize
    }
    fn case_sensitive(self) -> bool {
        self.info & CASE_SENSITIVE != 0
    }
    fn ambiguous(self) -> bool {
        self.info & AMBIGUOUS != 0
    }
    fn lookup_only(self) -> bool {
        self.info & LOOKUP_ONLY != 0
    }
}

/// A dictionary of canonical names and their aliases, matched leftmost-longest on word
/// boundaries, with a case-folded O(1) lookup for users' terms.
#[derive(Clone)]
pub struct Dictionary {
    /// Canonical names back to back; `name_ends[i]` ends name `i`.
    names: Text,
    name_ends: Bytes,
    /// One byte an entry: 0 common, 1 context.
    scopes: Bytes,
    /// Each entry's id then its `|`-separated parents, back to back; `meta_ends[2i]` ends the
    /// id and `meta_ends[2i + 1]` the parents of entry `i`.
    meta: Text,
    meta_ends: Bytes,
    /// Every term's text, back to back; `term_ends[t]` ends term `t`.
    patterns: Text,
    term_ends: Bytes,
    /// Per term: entry index and flags.
    term_info: Bytes,
    /// Sorted `key << 32 | value` records (a term id, or `PREFIX` once per prefix key),
    /// bucketed by the key's top bits: bucket `b` is `records[starts[b]..starts[b + 1]]`.
    shift: u32,
    starts: Bytes,
    records: Bytes,
    /// A one-hash bit filter over first-token keys.
    filter_shift: u32,
    filter: Bytes,
    names_cache: OnceLock<Vec<String>>,
    /// Each entry's direct `is_a` parents and children, built on first use.
    hierarchy: OnceLock<Hierarchy>,
}

/// The `is_a` links between entries, as indexes both ways, and the diseases that arise from
/// each (Mondo's `disease_arises_from_feature`, `~`-marked in the parents column).
#[derive(Clone, Default)]
struct Hierarchy {
    parents: Vec<Vec<u32>>,
    children: Vec<Vec<u32>>,
    arising: Vec<Vec<u32>>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("entries", &self.len())
            .field("terms", &self.term_count())
            .field("keys", &(self.records.len() / 8))
            .finish()
    }
}

impl Dictionary {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    /// True when the dictionary has no entry.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// Number of terms, matchable and lookup-only.
    pub fn term_count(&self) -> usize {
        self.term_ends.len() / 4
    }

    /// The canonical name at `index`.
    pub fn name(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { u32_at(&self.name_ends, index - 1) as usize };
        &self.names[start..u32_at(&self.name_ends, index) as usize]
    }

    /// Every canonical name (built on first call).
    pub fn names(&self) -> &[String] {
        self.names_cache.get_or_init(|| (0..self.len()).map(|i| self.name(i).to_string()).collect())
    }

    /// The scope of the entry at `index`.
    pub fn scope(&self, index: usize) -> Scope {
        if self.scopes[index] == 0 {
            Scope::Common
        } else {
            Scope::Context
        }
    }

    fn meta_span(&self, slot: usize) -> &str {
        let start = if slot == 0 { 0 } else { u32_at(&self.meta_ends, slot - 1) as usize };
        &self.meta[start..u32_at(&self.meta_ends, slot) as usize]
    }

    /// The source id of the entry at `index` (`HGNC:11913`, `MONDO:0009693`), if it has one.
    pub fn id(&self, index: usize) -> Option<&str> {
        Some(self.meta_span(2 * index)).filter(|s| !s.is_empty())
    }

    /// The HGNC id of the antigen at `index`, if it has one.
    pub fn hgnc_id(&self, index: usize) -> Option<&str> {
        self.id(index).filter(|id| id.starts_with("HGNC:"))
    }

    /// The Mondo id of the disease at `index`, if it has one.
    pub fn mondo_id(&self, index: usize) -> Option<&str> {
        self.id(index).filter(|id| id.starts_with("MONDO:"))
    }

    /// The ids of the entry's `is_a` parents (diseases: Mondo ids), in file order.
    pub fn parents(&self, index: usize) -> impl Iterator<Item = &str> + '_ {
        self.meta_span(2 * index + 1).split('|').filter(|p| !p.is_empty() && !p.starts_with('~'))
    }

    /// The ids of the diseases this one arises from (lupus nephritis: systemic lupus
    /// erythematosus), which are not its `is_a` parents.
    pub fn arises_from(&self, index: usize) -> impl Iterator<Item = &str> + '_ {
        self.meta_span(2 * index + 1).split('|').filter_map(|p| p.strip_prefix('~'))
    }

    fn hierarchy(&self) -> &Hierarchy {
        self.hierarchy.get_or_init(|| {
            let by_id: std::collections::HashMap<&str, usize> =
                (0..self.len()).filter_map(|i| self.id(i).map(|id| (id, i))).collect();
            let mut h = Hierarchy {
                parents: vec![Vec::new(); self.len()],
                children: vec![Vec::new(); self.len()],
                arising: vec![Vec::new(); self.len()],
            };
            for i in 0..self.len() {
                for p in self.parents(i) {
                    if let Some(&pi) = by_id.get(p) {
                        h.children[pi].push(i as u32);
                        h.parents[i].push(pi as u32);
                    }
                }
                for p in self.arises_from(i) {
                    if let Some(&pi) = by_id.get(p) {
                        h.arising[pi].push(i as u32);
                    }
                }
            }
            h
        })
    }

    /// Every entry under `index` in the `is_a` hierarchy (children, their children, …) and
    /// every disease that arises from one of them (lupus nephritis under systemic lupus
    /// erythematosus), with what is under those; not the entry itself. The hierarchy is built
    /// on first call.
    pub fn descendants(&self, index: usize) -> Vec<usize> {
        let h = self.hierarchy();
        let mut seen = vec![false; self.len()];
        let mut stack = vec![index];
        let mut out = Vec::new();
        while let Some(i) = stack.pop() {
            for &c in h.children[i].iter().chain(&h.arising[i]) {
                let c = c as usize;
                if !seen[c] && c != index {
                    seen[c] = true;
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// True when `ancestor` is above `index` in the `is_a` hierarchy (not the entry itself).
    /// Walks up, which is short: an entry has few ancestors and many descendants.
    pub fn is_under(&self, index: usize, ancestor: usize) -> bool {
        let parents = &self.hierarchy().parents;
        let mut seen: Vec<usize> = Vec::new();
        let mut stack = vec![index];
        while let Some(i) = stack.pop() {
            for &p in &parents[i] {
                let p = p as usize;
                if p == ancestor {
                    return true;
                }
                if !seen.contains(&p) {
                    seen.push(p);
                    stack.push(p);
                }
            }
        }
        false
    }

    /// True when some name of the entry is read in text; false for a lookup-only entry (a
    /// broad class such as `lymphoma`), which no record can carry.
    pub fn is_matchable(&self, index: usize) -> bool {
        (0..self.term_count()).map(|t| self.term(t)).any(|t| t.canonical() == index && !t.lookup_only())
    }

    fn term(&self, t: usize) -> Term {
        let start = if t == 0 { 0 } else { u32_at(&self.term_ends, t - 1) as usize };
        Term { start, end: u32_at(&self.term_ends, t) as usize, info: u32_at(&self.term_info, t) }
    }

    fn pattern(&self, t: Term) -> &str {
        &self.patterns[t.start..t.end]
    }

    /// The records of `key`: term ids ascending, then `PREFIX` if it is a prefix key.
    #[inline]
    fn records_of(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let b = (key >> self.shift) as usize;
        let (from, to) = (u32_at(&self.starts, b) as usize, u32_at(&self.starts, b + 1) as usize);
        let k = u64::from(key);
        (from..to)
            .map(|i| u64_at(&self.records, i))
            .skip_while(move |r| r >> 32 < k)
            .take_while(move |r| r >> 32 == k)
            .map(|r| r as u32)
    }

    #[inline]
    fn may_start(&self, key: u32) -> bool {
        let b = key.checked_shr(self.filter_shift).unwrap_or(0) as usize;
        self.filter[b / 8] & (1 << (b % 8)) != 0
    }

    /// All matches in `text` on word boundaries, leftmost-longest, respecting each term's case
    /// rule. Lookup-only terms are never matched.
    pub fn find_all(&self, text: &str) -> Vec<TermMatch> {
        self.find_all_in(&Words::of(text))
    }

    /// [`Dictionary::find_all`] on words already split, so that several dictionaries look
    /// through one sentence split once.
    pub(crate) fn find_all_in(&self, words: &Words<'_>) -> Vec<TermMatch> {
        let Words { text, tokens } = words;
        let (text, tokens) = (*text, tokens.as_slice());
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let first = tokens[i];
            let mut key = key_of(first.hash);
            if !self.may_start(key) {
                i += 1;
                continue;
            }
            let mut h = first.hash;
            let mut best: Option<(usize, Term)> = None;
            let mut j = i;
            loop {
                let found = &text[first.start..tokens[j].end];
                let mut any = false;
                let mut prefix = false;
                for v in self.records_of(key) {
                    any = true;
                    if v == PREFIX {
                        prefix = true;
                    } else if best.is_none_or(|(b, _)| b < j) {
                        let t = self.term(v as usize);
                        if !t.lookup_only() && same(self.pattern(t), found, t.case_sensitive()) {
                            best = Some((j, t));
                        }
                    }
                }
                if !any || !prefix || j + 1 == tokens.len() {
                    break;
                }
                h = hash_extend(h, &text[tokens[j].end..tokens[j + 1].end]);
                j += 1;
                key = key_of(h);
            }
            match best {
                Some((j, t)) => {
                    out.push(TermMatch {
                        start: first.start,
                        end: tokens[j].end,
                        canonical: t.canonical(),
                        ambiguous: t.ambiguous(),
                        scope: self.scope(t.canonical()),
                    });
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Looks a user's term up: an alias, abbreviation or canonical name, lookup-only or not, in
    /// any case (`MS4A1` → CD20, `sle` → systemic lupus erythematosus). O(1).
    pub fn lookup(&self, term: &str) -> Option<&str> {
        self.lookup_index(term).map(|i| self.name(i))
    }

    /// The index of the entry [`Dictionary::lookup`] finds. A term several entries share goes
    /// to the first in file order among matchable terms, then among lookup-only ones.
    pub fn lookup_index(&self, term: &str) -> Option<usize> {
        let t = term.trim();
        let key = key_of(hash_extend(0, t));
        [false, true].into_iter().find_map(|lookup_only| {
            self.records_of(key)
                .filter(|&v| v != PREFIX)
                .map(|v| self.term(v as usize))
                .find(|x| x.lookup_only() == lookup_only && same(self.pattern(*x), t, false))
                .map(Term::canonical)
        })
    }

    /// The dictionary as one byte string, for [`Dictionary::from_bytes`].
    #[cfg_attr(not(test), allow(dead_code))] // build.rs and the tests write it
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let mut section = |b: &[u8]| {
            out.extend_from_slice(&(b.len() as u32).to_le_bytes());
            out.extend_from_slice(b);
        };
        section(self.names.as_bytes());
        section(&self.name_ends);
        section(&self.scopes);
        section(self.meta.as_bytes());
        section(&self.meta_ends);
        section(self.patterns.as_bytes());
        section(&self.term_ends);
        section(&self.term_info);
        section(&self.shift.to_le_bytes());
        section(&self.starts);
        section(&self.records);
        section(&self.filter_shift.to_le_bytes());
        section(&self.filter);
        out
    }

    /// A dictionary over bytes [`Dictionary::to_bytes`] wrote, borrowed, not copied. `None` for
    /// bytes that are not such a dictionary.
    pub(crate) fn from_bytes(bytes: &'static [u8]) -> Option<Dictionary> {
        let mut rest = bytes.strip_prefix(MAGIC)?;
        let mut section = || -> Option<&'static [u8]> {
            let (len, tail) = rest.split_first_chunk::<4>()?;
            let len = u32::from_le_bytes(*len) as usize;
            let (s, tail) = (tail.get(..len)?, tail.get(len..)?);
            rest = tail;
            Some(s)
        };
        let text = |b: &'static [u8]| std::str::from_utf8(b).ok().map(Cow::Borrowed);
        let word = |b: &'static [u8]| Some(u32::from_le_bytes(b.try_into().ok()?));
        let d = Dictionary {
            names: text(section()?)?,
            name_ends: Cow::Borrowed(section()?),
            scopes: Cow::Borrowed(section()?),
            meta: text(section()?)?,
            meta_ends: Cow::Borrowed(section()?),
            patterns: text(section()?)?,
            term_ends: Cow::Borrowed(section()?),
            term_info: Cow::Borrowed(section()?),
            shift: word(section()?)?,
            starts: Cow::Borrowed(section()?),
            records: Cow::Borrowed(section()?),
            filter_shift: word(section()?)?,
            filter: Cow::Borrowed(section()?),
            names_cache: OnceLock::new(),
            hierarchy: OnceLock::new(),
        };
        d.is_consistent().then_some(d)
    }

    /// The tables agree in length and every offset is on a character boundary, so no accessor
    /// can panic.
    fn is_consistent(&self) -> bool {
        let n = self.scopes.len();
        let terms = self.term_ends.len() / 4;
        let ends_ok = |ends: &[u8], text: &str, count: usize| {
            ends.len() == count * 4
                && (0..count).all(|i| {
                    let e = u32_at(ends, i) as usize;
                    text.is_char_boundary(e) && (i == 0 || u32_at(ends, i - 1) as usize <= e)
                })
                && (count == 0 || u32_at(ends, count - 1) as usize <= text.len())
        };
        let buckets = self.starts.len() / 4;
        ends_ok(&self.name_ends, &self.names, n)
            && ends_ok(&self.meta_ends, &self.meta, 2 * n)
            && ends_ok(&self.term_ends, &self.patterns, terms)
            && self.term_info.len() == terms * 4
            && (0..terms).all(|t| ((u32_at(&self.term_info, t) & CANONICAL) as usize) < n)
            && self.records.len() & 7 == 0
            && (0..self.records.len() / 8).all(|i| {
                let v = u64_at(&self.records, i) as u32;
                v == PREFIX || (v as usize) < terms
            })
            && self.shift >= 1
            && self.shift <= 32
            && buckets == (1usize << (32 - self.shift)) + 1
            && (0..buckets).all(|b| u32_at(&self.starts, b) as usize <= self.records.len() / 8)
            && !self.filter.is_empty()
            && self.filter.len() * 8 == 1usize << (32 - self.filter_shift.min(32))
    }
}

const MAGIC: &[u8] = b"biowire-dictionary/1\n";

/// Builds a [`Dictionary`] entry by entry, term by term.
struct Builder {
    names: String,
    name_ends: Vec<u8>,
    scopes: Vec<u8>,
    meta: String,
    meta_ends: Vec<u8>,
    patterns: String,
    term_ends: Vec<u8>,
    term_info: Vec<u8>,
    records: Vec<u64>,
    first_keys: Vec<u32>,
    tokens: Vec<Token>,
}

impl Builder {
    fn new(terms: usize) -> Self {
        Builder {
            names: String::new(),
            name_ends: Vec::new(),
            scopes: Vec::new(),
            meta: String::new(),
            meta_ends: Vec::new(),
            patterns: String::with_capacity(terms * 16),
            term_ends: Vec::with_capacity(terms * 4),
            term_info: Vec::with_capacity(terms * 4),
            records: Vec::with_capacity(terms * 2),
            first_keys: Vec::with_capacity(terms),
            tokens: Vec::new(),
        }
    }

    /// Adds an entry; returns its index.
    fn entry(&mut self, name: &str, scope: Scope, id: &str, parents: &str) -> u32 {
        let index = self.scopes.len() as u32;
        self.names.push_str(name);
        self.name_ends.extend_from_slice(&(self.names.len() as u32).to_le_bytes());
        self.scopes.push(u8::from(scope == Scope::Context));
        self.meta.push_str(id);
        self.meta_ends.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        self.meta.push_str(parents);
        self.meta_ends.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        index
    }

    /// Adds a term of entry `canonical`. A matchable term also registers its first token in
    /// the filter and its longer token prefixes in the table.
    fn term(
        &mut self,
        canonical: u32,
        pattern: &str,
        case_sensitive: bool,
        ambiguous: bool,
        lookup_only: bool,
    ) {
        let id = (self.term_ends.len() / 4) as u32;
        self.patterns.push_str(pattern);
        self.term_ends.extend_from_slice(&(self.patterns.len() as u32).to_le_bytes());
        let mut info = canonical;
        info |= if case_sensitive { CASE_SENSITIVE } else { 0 };
        info |= if ambiguous { AMBIGUOUS } else { 0 };
        info |= if lookup_only { LOOKUP_ONLY } else { 0 };
        self.term_info.extend_from_slice(&info.to_le_bytes());
        let record = |key: u32, value: u32| u64::from(key) << 32 | u64::from(value);
        let mut h = 0;
        let mut done = 0;
        if !lookup_only {
            // Token ends as `tokenize` finds them in text, hashed as `find_all` hashes spans.
            tokenize(pattern, &mut self.tokens);
            if let Some(first) = self.tokens.first() {
                self.first_keys.push(key_of(first.hash));
            }
            let last = self.tokens.len().saturating_sub(1);
            for t in &self.tokens[..last] {
                h = hash_extend(h, &pattern[done..t.end]);
                done = t.end;
                self.records.push(record(key_of(h), PREFIX));
            }
        }
        h = hash_extend(h, &pattern[done..]);
        self.records.push(record(key_of(h), id));
    }

    fn finish(self) -> Dictionary {
        let mut records = self.records;
        records.sort_unstable();
        records.dedup();
        // About two records a bucket.
        let bits = (usize::BITS - records.len().leading_zeros()).clamp(2, 31) - 1;
        let shift = 32 - bits;
        let mut starts = Vec::with_capacity(((1 << bits) + 1) * 4);
        let mut filled = 0;
        for (i, r) in records.iter().enumerate() {
            let bucket = ((r >> 32) as u32 >> shift) as usize;
            while filled <= bucket {
                starts.extend_from_slice(&(i as u32).to_le_bytes());
                filled += 1;
            }
        }
        while filled <= 1 << bits {
            starts.extend_from_slice(&(records.len() as u32).to_le_bytes());
            filled += 1;
        }
        // About 16 bits a first-token key: one false positive in ~16.
        let want = (self.first_keys.len().max(64) * 16).next_power_of_two();
        let filter_shift = 32 - want.trailing_zeros();
        let mut filter = vec![0u8; want / 8];
        for &k in &self.first_keys {
            let b = (k >> filter_shift) as usize;
            filter[b / 8] |= 1 << (b % 8);
        }
        Dictionary {
            names: Cow::Owned(self.names),
            name_ends: Cow::Owned(self.name_ends),
            scopes: Cow::Owned(self.scopes),
            meta: Cow::Owned(self.meta),
            meta_ends: Cow::Owned(self.meta_ends),
            patterns: Cow::Owned(self.patterns),
            term_ends: Cow::Owned(self.term_ends),
            term_info: Cow::Owned(self.term_info),
            shift,
            starts: Cow::Owned(starts),
            records: Cow::Owned(records.iter().flat_map(|r| r.to_le_bytes()).collect()),
            filter_shift,
            filter: Cow::Owned(filter),
            names_cache: OnceLock::new(),
            hierarchy: OnceLock::new(),
        }
    }
}

/// Lines that carry data: not blank, not comments; with their one-based numbers.
pub(crate) fn data_lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
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

/// The items of a `|`-separated column, trimmed, without empty ones.
fn items<'a>(column: Option<&&'a str>) -> impl Iterator<Item = &'a str> {
    column.copied().unwrap_or_default().split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn scope_column(file: &str, line: usize, column: Option<&&str>) -> Result<Scope, LineError> {
    let s = column.map_or("", |c| c.trim());
    Scope::parse(s).ok_or_else(|| LineError {
        file: file.into(),
        line,
        message: format!("scope `{s}` must be `common` or `context`"),
    })
}

/// `antigens.tsv`: symbol, aliases (`!` = lookup-only; `!SYMBOL` hides the symbol too), HGNC
/// id, scope.
pub(crate) fn parse_antigens(file: &str, content: &str) -> Result<Dictionary, LineError> {
    let mut b = Builder::new(content.len() / 12);
    for (n, line) in data_lines(content) {
        let cols: Vec<&str> = line.split('\t').collect();
        let symbol = cols[0].trim();
        if symbol.is_empty() || symbol.starts_with('!') {
            return Err(LineError {
                file: file.into(),
                line: n,
                message: format!("symbol `{symbol}` must not be empty or start with `!`"),
            });
        }
        let scope = scope_column(file, n, cols.get(3))?;
        let idx = b.entry(symbol, scope, cols.get(2).map_or("", |c| c.trim()), "");
        let hidden = items(cols.get(1)).any(|a| a.strip_prefix('!') == Some(symbol));
        if !hidden {
            b.term(idx, symbol, is_symbol(symbol), false, false);
        }
        for alias in items(cols.get(1)) {
            let (lookup_only, t) = match alias.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, alias),
            };
            b.term(idx, t, is_symbol(t), false, lookup_only);
        }
    }
    Ok(b.finish())
}

/// `diseases.tsv`: canonical name, synonyms (`!` = lookup-only; `!canonical` hides the name
/// too), abbreviations (exact case; `!` = ambiguous), Mondo id, scope, `is_a` parents.
pub(crate) fn parse_diseases(file: &str, content: &str) -> Result<Dictionary, LineError> {
    let mut b = Builder::new(content.len() / 25);
    for (n, line) in data_lines(content) {
        let cols: Vec<&str> = line.split('\t').collect();
        let name = cols[0].trim();
        if name.is_empty() || name.chars().any(|c| c.is_uppercase()) {
            return Err(LineError {
                file: file.into(),
                line: n,
                message: format!("canonical name `{name}` must be lowercase and not empty"),
            });
        }
        let scope = scope_column(file, n, cols.get(4))?;
        let column = |i: usize| cols.get(i).map_or("", |c| c.trim());
        let idx = b.entry(name, scope, column(3), column(5));
        let hidden = items(cols.get(1)).any(|s| s.strip_prefix('!') == Some(name));
        if !hidden {
            b.term(idx, name, false, false, false);
        }
        for syn in items(cols.get(1)).filter(|s| *s != name) {
            match syn.strip_prefix('!') {
                Some(rest) => b.term(idx, rest, false, false, true),
                None => b.term(idx, syn, false, false, false),
            }
        }
        for abbr in items(cols.get(2)) {
            let (ambiguous, abbr) = match abbr.strip_prefix('!') {
                Some(a) => (true, a),
                None => (false, abbr),
            };
            b.term(idx, abbr, true, ambiguous, false);
        }
    }
    Ok(b.finish())
}
