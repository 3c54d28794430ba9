//! The announcing company, read from the dateline sentence: `SHANGHAI, Feb. 10, 2026
//! /PRNewswire/ -- CARsgen Therapeutics Holdings Ltd. (HKEX: 2171), a … company, today
//! announced …` gives `CARsgen Therapeutics Holdings Ltd.`.

use regex::Regex;
use std::sync::LazyLock;

static DATELINE_END: LazyLock<Regex> = LazyLock::new(|| {
    // Everything up to the last dateline separator: "--", an em or en dash, the pipe-like " I "
    // of some company releases, or a wire's closing tag.
    Regex::new(r"^.{0,220}?(?:\s--\s*|--\s|\s[—–]\s|\s[I|]\s|/PRNewswire/\s*|\((?:GLOBE NEWSWIRE|BUSINESS WIRE|Business Wire|PRNewswire)\)\s*-*\s*|/\s*--\s*)")
        .expect("dateline pattern is valid")
});

/// Legal suffixes that follow a comma and still belong to the name.
const SUFFIXES: &[&str] = &[
    "Inc.", "Inc", "Ltd.", "Ltd", "LLC", "L.L.C.", "Co.", "Corp.", "Corporation", "N.V.", "S.A.",
    "plc", "PLC", "AG", "SE", "GmbH", "Limited", "Incorporated", "B.V.", "A/S", "AB", "Co., Ltd.",
];

/// Lowercase words allowed inside a name.
const CONNECTORS: &[&str] = &["and", "&", "of", "de", "for", "la", "du"];

/// Words that start a sentence but never a company.
const NOT_NAMES: &[&str] = &[
    "The", "Today", "In", "On", "A", "An", "This", "Data", "Results", "Patients", "U.S.", "FDA",
    "New", "Shares", "Photo", "Source", "According", "Following", "After", "With", "Its", "Our",
];

/// Reads the company name at the start of the dateline sentence, if there is one.
pub(crate) fn from_lead(sentence: &str) -> Option<String> {
    let rest = match DATELINE_END.find(sentence) {
        Some(m) => &sentence[m.end()..],
        None => sentence,
    };
    let name = leading_name(rest.trim_start())?;
    if NOT_NAMES.contains(&name.split_whitespace().next()?) || name.len() < 3 {
        return None;
    }
    Some(name)
}

/// The run of capitalized words at the start of `text`, with a legal suffix after a comma.
fn leading_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut taken: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() && taken.len() < 10 {
        let w = words[i];
        let (core, comma) = match w.strip_suffix(',') {
            Some(c) => (c, true),
            None => (w, false),
        };
        let core = core.trim_end_matches(['’', '\'']).trim_end_matches("’s").trim_end_matches("'s");
        let is_name = core.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && !core.starts_with('(')
            || (!taken.is_empty() && CONNECTORS.contains(&core) && words.get(i + 1).is_some_and(|n| n.starts_with(char::is_uppercase)));
        if !is_name || matches!(core, "Announces" | "Announced" | "Reports" | "Today") {
            break;
        }
        let possessive = w.ends_with("’s") || w.ends_with("'s");
        taken.push(if possessive { w.trim_end_matches("’s").trim_end_matches("'s") } else { core });
        if possessive {
            break;
        }
        if comma {
            // "Acme Bio, Inc." keeps its suffix; "Acme Bio, a company" ends at the comma.
            match words.get(i + 1).map(|n| n.trim_end_matches(',')) {
                Some(next) if SUFFIXES.contains(&next) => {
                    let last = taken.pop().unwrap_or_default();
                    taken.push(last);
                    let joined = format!("{}, {}", taken.join(" "), next);
                    return Some(clean(&joined));
                }
                _ => break,
            }
        }
        i += 1;
    }
    if taken.is_empty() {
        return None;
    }
    Some(clean(&taken.join(" ")))
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
            ("SHANGHAI, China I March 23, 2022 I CARsgen Therapeutics Holdings Limited (Stock Code: 2171.HK), a company", "CARsgen Therapeutics Holdings Limited"),
            ("SOUTH SAN FRANCISCO, Calif., Jan. 5, 2026 (GLOBE NEWSWIRE) -- Allogene Therapeutics, Inc. (Nasdaq: ALLO), a company", "Allogene Therapeutics, Inc."),
            ("Shanghai, China / Global — CARsgen Therapeutics Holdings Ltd., a clinical-stage company", "CARsgen Therapeutics Holdings Ltd."),
            ("Bristol Myers Squibb (NYSE: BMY) today announced", "Bristol Myers Squibb"),
            ("Johnson & Johnson today announced", "Johnson & Johnson"),
        ];
        for (s, want) in cases {
            assert_eq!(from_lead(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn sentences_without_a_company_give_none() {
        assert_eq!(from_lead("The U.S. Food and Drug Administration approved it."), None);
        assert_eq!(from_lead("today, patients were dosed"), None);
    }
}
