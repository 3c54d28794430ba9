//! The announcing company, read from the dateline sentence: `SHANGHAI, Feb. 10, 2026
//! /PRNewswire/ -- CARsgen Therapeutics Holdings Ltd. (HKEX: 2171), a … company, today
//! announced …` gives `CARsgen Therapeutics Holdings Ltd.`.

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
const CONNECTORS: &[&str] = &["and", "&", "of", "de", "for", "la", "du"];

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
}
