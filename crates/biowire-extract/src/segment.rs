//! The structure of a release: lines, sentences, sections and quotes.
//!
//! Releases have a fixed anatomy: body paragraphs, executives' quotes, "About <product>" and
//! "About <company>" sections, forward-looking statements and contacts. Facts come from the
//! body; quotes and boilerplate never add an indication or a milestone. This module labels every
//! sentence with where it stands so the rules downstream can ask.

use crate::builtin_regex;
use regex::Regex;
use std::sync::LazyLock;

/// Where a sentence stands in the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Headline, dateline paragraph and the news itself.
    Body,
    /// An "About …" section.
    About,
    /// Forward-looking statements, contacts, sources, credits.
    Boilerplate,
}

/// One sentence, by byte offsets into the main text.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the line (paragraph) it belongs to.
    pub(crate) para: usize,
    pub(crate) zone: Zone,
    /// Mostly inside quotation marks, or attributed to a speaker.
    pub(crate) quoted: bool,
    /// For sentences of an About section, the section's subject ("CT041").
    pub(crate) about: Option<usize>,
}

/// A segmented release.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segmented {
    pub(crate) sentences: Vec<Sentence>,
    /// Subjects of the About sections, in order.
    pub(crate) about_subjects: Vec<String>,
}

static BOILERPLATE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^(?:forward[\s-]looking\s+statements?|cautionary\s+(?:note|statement)|safe\s+harbou?r|(?:media|investor|press|company)?\s*contacts?\b|investors?(?:\s+relations)?\s*:?$|media(?:\s+relations|\s+inquiries)?\s*:?$|for\s+(?:more|further)\s+information|source\s*:|source\s+[A-Z]|disclaimer|references?\s*:?$|notes?\s+to\s+editors|#\s*#\s*#|view\s+original\s+content|logo\s*-|photo\s*-|multimedia|related\s+links?)",
    )
});

static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"\b(?:said|says|stated|states|commented|comments|added|adds|noted|notes|explained|remarked|according to)\b",
    )
});

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "dr", "mr", "ms", "mrs", "prof", "st", "no", "nos", "vs", "e.g", "i.e",
    "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "approx", "fig", "al", "etc", "jr", "sr", "llc", "plc", "calif", "mass", "md", "pa", "fla", "wash",
    "ill", "colo", "conn", "ga", "tex", "minn", "mich", "va", "del", "ariz", "ore", "wis", "tenn", "ky",
    "la", "mo", "ind", "okla", "kan", "neb", "nev", "ala", "miss", "wyo", "mont", "vt", "approx", "est",
    "ref", "vol", "pp",
];

/// Splits the main text into labelled sentences.
pub(crate) fn segment(text: &str) -> Segmented {
    let mut out = Segmented::default();
    let mut zone = Zone::Body;
    let mut about: Option<usize> = None;
    let mut offset = 0;
    for (para, line) in text.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(subject) = about_heading(trimmed) {
            zone = Zone::About;
            out.about_subjects.push(subject.to_string());
            about = Some(out.about_subjects.len() - 1);
        } else if is_heading(trimmed) && BOILERPLATE_HEADING.is_match(trimmed) || is_credit_line(trimmed) {
            if !is_credit_line(trimmed) {
                zone = Zone::Boilerplate;
                about = None;
            }
            push_line(&mut out, text, line_start, line, para, Zone::Boilerplate, None);
            continue;
        }
        push_line(&mut out, text, line_start, line, para, zone, about);
    }
    out
}

fn push_line(
    out: &mut Segmented,
    text: &str,
    line_start: usize,
    line: &str,
    para: usize,
    zone: Zone,
    about: Option<usize>,
) {
    let quotes = quote_spans(line);
    for (s, e) in split_sentences(line) {
        let sentence = &line[s..e];
        let inside: usize = quotes.iter().map(|&(qs, qe)| overlap((s, e), (qs, qe))).sum();
        // A short quoted name ("Acme" or "the Company") or a scare-quoted word is not speech.
        let short: Vec<(usize, usize)> = quotes
            .iter()
            .filter(|&&(qs, qe)| {
                let (before, after) = (line[..qs].trim_end(), line[qe..].trim_start());
                let defined = before.ends_with('(')
                    || before.ends_with(" or")
                    || before.ends_with(" as")
                    || after.starts_with(')')
                    || after.starts_with("or ");
                qs >= s && qe <= e && defined && line[qs..qe].split_whitespace().count() <= 4
            })
            .map(|&(qs, qe)| (qs - s, qe - s))
            .collect();
        let has_quote_mark = sentence
            .char_indices()
            .any(|(i, c)| matches!(c, '“' | '”' | '"') && !short.iter().any(|&(a, b)| i >= a && i < b));
        let quoted = inside * 2 >= (e - s) || (has_quote_mark && ATTRIBUTION.is_match(sentence));
        debug_assert!(text.is_char_boundary(line_start + s) && text.is_char_boundary(line_start + e));
        out.sentences.push(Sentence {
            start: line_start + s,
            end: line_start + e,
            para,
            zone,
            quoted,
            about,
        });
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// "About CT041", "About CARsgen Therapeutics Holdings Limited": the subject of the section.
fn about_heading(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("About ").or_else(|| line.strip_prefix("ABOUT "))?;
    let rest = rest.trim().trim_end_matches(':').trim();
    if !is_heading(line) || rest.is_empty() {
        return None;
    }
    Some(rest)
}

/// A heading is a short line that does not end like a sentence.
fn is_heading(line: &str) -> bool {
    line.split_whitespace().nth(14).is_none() && !line.ends_with(['.', '!', '?', ',', ';'])
        || line.len() < 40 && line.ends_with(':')
}

/// Photo credits and source lines inside the body.
fn is_credit_line(line: &str) -> bool {
    if line.len() >= 200 {
        return false;
    }
    let lower = line.to_lowercase();
    lower.starts_with("photo by ")
        || lower.starts_with("photo credit")
        || lower.starts_with("image credit")
        || lower.starts_with("source: ")
        || lower.starts_with("(photo")
        || lower.contains(" on unsplash")
}

/// Byte spans inside quotation marks. A quote left open at the end of the line runs to the
/// end: multi-paragraph quotes open each paragraph and close only the last.
fn quote_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in line.char_indices() {
        match (c, open) {
            ('“', None) => open = Some(i),
            ('”', Some(s)) => {
                spans.push((s, i + c.len_utf8()));
                open = None;
            }
            ('"', None) => open = Some(i),
            ('"', Some(s)) => {
                spans.push((s, i + 1));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        spans.push((s, line.len()));
    }
    spans
}

/// Sentence byte spans of one line.
pub(crate) fn split_sentences(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    // The marks that end a sentence are ASCII, so they are looked for byte by byte; only the
    // few places they occur are read as characters.
    let mut from = 0;
    while let Some(off) = line.as_bytes()[from..].iter().position(|b| matches!(b, b'.' | b'!' | b'?')) {
        let pos = from + off;
        from = pos + 1;
        // Closing quotes and brackets stay with the sentence they end.
        let closing: usize = line[pos + 1..]
            .chars()
            .take_while(|c| matches!(c, '”' | '"' | '’' | ')' | '\''))
            .map(char::len_utf8)
            .sum();
        let end = pos + 1 + closing;
        let after = &line[end..];
        let at_space = after.starts_with(char::is_whitespace);
        let next = after.chars().find(|c| !c.is_whitespace());
        let next_starts = next
            .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '(' | '‘'));
        if at_space && next_starts && !(line.as_bytes()[pos] == b'.' && is_abbreviation(&line[start..pos])) {
            push_span(&mut out, line, start, end);
            start = end;
        }
    }
    push_span(&mut out, line, start, line.len());
    out
}

fn push_span(out: &mut Vec<(usize, usize)>, line: &str, start: usize, end: usize) {
    let s = &line[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if end - trail > start + lead {
        out.push((start + lead, end - trail));
    }
}

/// True when the text before a period ends with an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let lower = word.to_lowercase();
    let bare = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    // Dotted words (U.S., N.J., Ph.D., e.g.) and single initials never end a sentence.
    ABBREVIATIONS.contains(&bare)
        || bare.contains('.')
        || (bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic))
}

/// Compiles this module's patterns now rather than at first use: start-up does it on another
/// core while the vocabularies load (see [`crate::warm_patterns`]).
pub(crate) fn warm() {
    for pattern in [&BOILERPLATE_HEADING, &ATTRIBUTION] {
        LazyLock::force(pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, seg: &Segmented) -> Vec<&'a str> {
        seg.sentences.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let t = "CAMBRIDGE, Mass., Acme Bio, Inc. (Nasdaq: ACME) dosed the first patient on Feb. 10. Dr. J. Smith led it. “It works.” The end";
        let seg = segment(t);
        assert_eq!(
            texts(t, &seg),
            [
                "CAMBRIDGE, Mass., Acme Bio, Inc. (Nasdaq: ACME) dosed the first patient on Feb. 10.",
                "Dr. J. Smith led it.",
                "“It works.”",
                "The end"
            ]
        );
        assert!(!seg.sentences[0].quoted);
        assert!(seg.sentences[2].quoted);
    }

    #[test]
    fn a_defined_short_name_in_quotes_is_not_speech() {
        let t = "Acme Bio Co., Ltd. (“Acme” or “the Company”) said today that it dosed a patient.";
        assert!(!segment(t).sentences[0].quoted);
        let t = "“We are proud,” said the CEO.";
        assert!(segment(t).sentences[0].quoted);
    }

    #[test]
    fn zones_follow_headings() {
        let t = "Acme dosed a patient with lupus.\n\n“We are proud,” said the CEO, of lupus work.\n\nAbout AB-101\n\nAB-101 is an allogeneic CAR-T.\n\nAbout Acme\n\nAcme makes things.\n\nForward-Looking Statements\n\nThis release has risks.\n\nContacts\n\nmedia@acme.com";
        let seg = segment(t);
        let zones: Vec<(Zone, bool, Option<usize>)> =
            seg.sentences.iter().map(|s| (s.zone, s.quoted, s.about)).collect();
        assert_eq!(zones[0], (Zone::Body, false, None));
        assert_eq!(zones[1], (Zone::Body, true, None));
        assert_eq!(zones[3], (Zone::About, false, Some(0)));
        assert_eq!(zones[5], (Zone::About, false, Some(1)));
        assert_eq!(zones[7].0, Zone::Boilerplate);
        assert_eq!(seg.about_subjects, ["AB-101", "Acme"]);
    }

    #[test]
    fn photo_credits_are_boilerplate_but_do_not_end_the_body() {
        let t = "First sentence here.\nPhoto by Jane on Unsplash\nSecond sentence here.";
        let seg = segment(t);
        let zones: Vec<Zone> = seg.sentences.iter().map(|s| s.zone).collect();
        assert_eq!(zones, [Zone::Body, Zone::Boilerplate, Zone::Body]);
    }
}
