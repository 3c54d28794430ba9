//! Plain-text handling: whitespace normalization, the headline of a text release, and what a
//! dateline says (`SHANGHAI, Feb. 10, 2026 /PRNewswire/ --`).

use crate::dates::find_dates;
use crate::furniture::{is_furniture, is_sidebar_label};

/// Normalizes line endings and whitespace: paragraphs are separated by exactly one blank line,
/// lines inside a paragraph keep their breaks, runs of spaces collapse.
pub(crate) fn normalize(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.split('\n') {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = line.trim_matches(|c: char| c == '\u{feff}' || c.is_whitespace() || c.is_control());
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Splits a normalized text release into its headline and the rest.
///
/// Text releases are often copied from a web page, so the first lines may be a site name, a
/// "Skip to main content" link, a section label or a date. The headline is the first line
/// before the first real paragraph that reads like one; the lines above it are page furniture
/// and are dropped from the main text.
pub(crate) fn split_title(text: &str) -> (Option<String>, String) {
    let lines: Vec<&str> = text.split('\n').collect();
    // A cookie notice is written in sentences but is not the story's first paragraph.
    let first_paragraph =
        lines.iter().position(|l| is_paragraph(l) && !is_furniture(l)).unwrap_or(lines.len());
    // Lines under a "TRENDING" label, up to the next blank line, are other stories' headlines.
    let mut in_sidebar = false;
    let candidate = lines[..first_paragraph].iter().take(16).position(|l| {
        if l.trim().is_empty() {
            in_sidebar = false;
        } else if is_sidebar_label(l) {
            in_sidebar = true;
        }
        !in_sidebar && is_headline(l)
    });
    let fallback = first_paragraph > 0
        && lines[0].chars().count() <= 250
        && !is_byline(lines[0])
        && !is_caption(lines[0]);
    let Some(i) = candidate.or_else(|| fallback.then_some(0)) else {
        return (None, text.to_string());
    };
    let rest = lines[i + 1..].join("\n");
    let rest = rest.trim_start_matches('\n').to_string();
    if rest.trim().is_empty() {
        return (None, text.to_string());
    }
    (Some(lines[i].trim().to_string()), rest)
}

/// A line of running text: long, or a full sentence.
fn is_paragraph(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= 40 || (words >= 12 && line.ends_with(['.', '!', '?', '"', '”']))
}

/// A short line that carries a date: a byline or dateline ("February 2026 — Global News").
fn is_byline(line: &str) -> bool {
    line.split_whitespace().count() <= 8 && !find_dates(line).is_empty()
}

/// A line that reads like a headline: several words, not a label, byline, menu, cookie
/// notice or date.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let lower = line.to_lowercase();
    (6..=45).contains(&words)
        && !line.contains(" | ")
        && !line.ends_with(':')
        && (!line.ends_with('.') || ends_with_abbreviation(line))
        // Two sentences are a paragraph; an ellipsis ("knocks on the door... files") is not.
        && !line.replace("...", "…").contains(". ")
        && ![
            "by ",
            "published",
            "posted",
            "updated",
            "categories",
            "skip to",
            "home ",
            "share",
            "sponsored",
            "advertisement",
            "paid content",
            "promoted",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
        && !is_byline(line)
        && !is_menu(line)
        && !is_furniture(line)
        && !is_caption(line)
}

/// A photo caption or credit: "[Photo] The cells attack …", "Image: …", "… /Courtesy of X".
fn is_caption(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    ["[photo", "(photo", "photo:", "image:", "[image", "caption:"].iter().any(|p| lower.starts_with(p))
        || lower.contains("courtesy of")
}

/// Words of site navigation; a line with several of them is a menu, not a headline.
const MENU_WORDS: &[&str] = &[
    "news",
    "subscribe",
    "podcasts",
    "podcast",
    "videos",
    "video",
    "events",
    "jobs",
    "webinars",
    "newsletters",
    "newsletter",
    "conferences",
    "journals",
    "resources",
    "login",
    "log",
    "sign",
    "register",
    "home",
    "about",
    "contact",
    "topics",
    "insights",
    "columns",
    "forums",
    "employers",
    "careers",
    "search",
    "menu",
    "stocks",
    "options",
    "etfs",
    "markets",
    "opinion",
    "sections",
];

/// A navigation bar: every word capitalized, at least two of them site-navigation words, no
/// sentence inside.
fn is_menu(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let nav = words
        .iter()
        .filter(|w| {
            MENU_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str())
        })
        .count();
    let capitalized = words.iter().all(|w| !w.starts_with(char::is_lowercase));
    nav >= 3 || nav >= 2 && capitalized
}

/// A line that ends with an abbreviation's period ("… Across the U.S."), not a sentence's.
fn ends_with_abbreviation(line: &str) -> bool {
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("");
    last.trim_end_matches('.').contains('.') || ["Inc.", "Ltd.", "Co.", "Corp.", "Jr."].contains(&last)
}

/// What the top of a release says about its publication.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct HeadInfo {
    pub(crate) published: Option<String>,
    pub(crate) publisher: Option<String>,
}

/// Newswire names as datelines write them, and their usual names.
const WIRES: &[(&str, &str)] = &[
    ("/PRNewswire", "PR Newswire"),
    ("PR Newswire", "PR Newswire"),
    ("GLOBE NEWSWIRE", "GlobeNewswire"),
    ("GlobeNewswire", "GlobeNewswire"),
    ("BUSINESS WIRE", "Business Wire"),
    ("Business Wire", "Business Wire"),
    ("ACCESSWIRE", "ACCESSWIRE"),
    ("ACCESS Newswire", "ACCESS Newswire"),
    ("EQS-News", "EQS News"),
];

/// Reads the dateline of the first lines: the first full date, and the wire if one is named.
pub(crate) fn head_info(text: &str) -> HeadInfo {
    let head: String = text.chars().take(600).collect();
    let published =
        find_dates(&head).into_iter().find(|m| m.date.year.is_some()).and_then(|m| m.date.to_iso());
    let publisher = WIRES.iter().find(|(needle, _)| head.contains(needle)).map(|(_, name)| name.to_string());
    HeadInfo { published, publisher }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_keeps_paragraphs_and_collapses_space() {
        assert_eq!(normalize("\u{feff}A  b\r\n\r\n\r\n c\nd \n"), "A b\n\nc\nd");
    }

    #[test]
    fn title_is_the_first_headline_like_line() {
        let (t, body) = split_title("Acme Doses First Patient in Its Lupus Study\n\nBOSTON -- text.");
        assert_eq!(t.as_deref(), Some("Acme Doses First Patient in Its Lupus Study"));
        assert_eq!(body, "BOSTON -- text.");
        let page = "Neuromuscular Disease Daily\nNews | Myasthenia Gravis\n\nFDA clears Acme to test AB-101 in a Phase 2 study\nA subheadline\n\nAcme Bio has received clearance from the FDA for an application, which allows it to open a trial.";
        let (t, body) = split_title(page);
        assert_eq!(t.as_deref(), Some("FDA clears Acme to test AB-101 in a Phase 2 study"));
        assert!(body.starts_with("A subheadline"), "{body}");
    }

    #[test]
    fn menus_cookie_notices_and_sponsored_labels_are_not_headlines() {
        let page = "SiteName\nNews   Jobs   Events   Podcasts   Newsletters\n\nWe value your privacy. We and our partners use cookies to analyze traffic [Accept]\n\nSponsored Content From Our Partners Across The Region Today\n\nAcme Opens Recruitment for Its Lupus Trial Across the U.S.\n\nBy A. Writer\n\nPeople with lupus in the United States can now join the Phase 1 study of AB-101, Acme said on Monday.";
        let (t, _) = split_title(page);
        assert_eq!(t.as_deref(), Some("Acme Opens Recruitment for Its Lupus Trial Across the U.S."));
        assert!(is_menu("News Conferences Videos Podcasts Journals Clinical Focus Subscribe"));
        assert!(!is_menu("Acme Launches News Service for Patients in Its Lupus Study"));
    }

    #[test]
    fn a_headline_with_an_ellipsis_wins_over_a_photo_caption() {
        let page = "SiteName\nScience | Industry | Opinion\n\nFirst CAR-T 'AB-7' knocks on approval door... Acme files license with regulator\n\n[Photo] The CAR-T cells (green) attack the cancer cells (blue)./Courtesy of a Cancer Center\n\nAcme Bio has filed a license application for AB-7 with the regulator, the company said on Monday, after a Phase 2 study.";
        let (t, _) = split_title(page);
        assert_eq!(
            t.as_deref(),
            Some("First CAR-T 'AB-7' knocks on approval door... Acme files license with regulator")
        );
        let captioned = "[Photo] The CAR-T cells (green) attack the cancer cells (blue)./Courtesy of a Cancer Center\n\nAcme Bio has filed a license application for AB-7 with the regulator, the company said on Monday, after a Phase 2 study.";
        assert_ne!(
            split_title(captioned).0.as_deref(),
            Some(
                "[Photo] The CAR-T cells (green) attack the cancer cells (blue)./Courtesy of a Cancer Center"
            )
        );
    }

    #[test]
    fn dateline_gives_date_and_wire() {
        let h = head_info("SAN DIEGO, Jan. 5, 2026 (GLOBE NEWSWIRE) -- Acme today said");
        assert_eq!(h.published.as_deref(), Some("2026-01-05"));
        assert_eq!(h.publisher.as_deref(), Some("GlobeNewswire"));
    }
}
