//! Turns a fetched page into a [`Document`]: main text, title, publication date, publisher.
//!
//! The parser owns decoding (BOM, declared charset, `<meta charset>`, then a guess), main-text
//! extraction from HTML (boilerplate pruned, paragraphs kept as blank-line separated blocks),
//! metadata (JSON-LD first, then meta tags, then the release's dateline) and the date formats
//! releases use ([`dates`]). It is a pure function of its input: no I/O, no clock.
//!
//! ```
//! use biowire_core::FetchedPage;
//! let page = FetchedPage {
//!     url: "file:///tmp/release.txt".into(),
//!     bytes: b"Acme Doses First Patient With AB-101\n\nBOSTON, Feb. 10, 2026 /PRNewswire/ -- Acme Bio today announced...".to_vec(),
//!     content_type: Some("text/plain".into()),
//! };
//! let parsed = biowire_parse::parse(&page).unwrap();
//! assert_eq!(parsed.document.title.as_deref(), Some("Acme Doses First Patient With AB-101"));
//! assert_eq!(parsed.document.published.as_deref(), Some("2026-02-10"));
//! assert_eq!(parsed.document.publisher.as_deref(), Some("PR Newswire"));
//! ```

pub mod dates;
mod decode;
pub mod furniture;
mod html;
mod text;

pub use decode::{decode, Decoded};

use biowire_core::{Document, FetchedPage};

/// Errors of the parser.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The page has no text at all.
    #[error("`{0}` has no text to extract")]
    Empty(String),
}

/// Result of the parser.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A parsed document plus what the caller may want to warn about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// Notes about the input, such as a guessed character set; each names the URL.
    pub warnings: Vec<String>,
}

/// Parses HTML or plain text, choosing by content type and, failing that, by sniffing.
pub fn parse(page: &FetchedPage) -> Result<Parsed> {
    let decoded = decode(&page.bytes, page.content_type.as_deref());
    let mut warnings = Vec::new();
    if decoded.guessed {
        warnings.push(format!(
            "`{}` is not valid UTF-8 and declares no charset; decoded as {}{}",
            page.url,
            decoded.encoding,
            if decoded.had_errors { " with replacement characters" } else { "" }
        ));
    } else if decoded.had_errors {
        // The charset was declared (header, BOM or <meta>), and some bytes do not fit it.
        warnings.push(format!(
            "`{}` declares {} but holds bytes that are not valid {}; they were replaced with U+FFFD",
            page.url, decoded.encoding, decoded.encoding
        ));
    }
    let is_html = match page.content_type.as_deref() {
        Some(ct) if ct.contains("html") || ct.contains("xml") => true,
        Some(ct) if ct.starts_with("text/plain") => false,
        _ => looks_like_html(&decoded.text),
    };
    let document =
        if is_html { parse_html(&page.url, &decoded.text) } else { parse_text(&page.url, &decoded.text) };
    if document.text.trim().is_empty() {
        return Err(Error::Empty(page.url.clone()));
    }
    Ok(Parsed { document, warnings })
}

/// Parses an HTML page.
pub fn parse_html(url: &str, html: &str) -> Document {
    let (meta, main) = html::extract(html);
    let main = text::normalize(&main);
    // The dateline is read only for what the page's metadata leaves out: finding dates is a
    // tenth of the parse.
    let head = if meta.published.is_none() || meta.publisher.is_none() {
        text::head_info(&main)
    } else {
        text::HeadInfo::default()
    };
    let mut doc = Document::new(url, main);
    doc.title = meta.title;
    doc.published = meta.published.or(head.published);
    doc.publisher = meta.publisher.or(head.publisher);
    doc.canonical_url = meta.canonical_url;
    doc
}

/// Parses a plain-text release: the first short line is the headline.
pub fn parse_text(url: &str, raw: &str) -> Document {
    let normalized = text::normalize(raw);
    // The dateline may sit above the headline ("Aug 12 2016"), so read it from the whole top.
    let head = text::head_info(&normalized);
    let (title, body) = text::split_title(&normalized);
    let mut doc = Document::new(url, body);
    doc.title = title;
    doc.published = head.published;
    doc.publisher = head.publisher;
    doc
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(1024).collect::<String>().to_ascii_lowercase();
    head.starts_with('<')
        && ["<html", "<!doctype html", "<body", "<p", "<div", "<head", "<article"]
            .iter()
            .any(|t| head.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: &[u8], ct: Option<&str>) -> FetchedPage {
        FetchedPage { url: "file:///x".into(), bytes: bytes.to_vec(), content_type: ct.map(Into::into) }
    }

    #[test]
    fn sniffs_html_without_content_type() {
        let p = parse(&page(b"<html><body><p>Hello there, this is a paragraph.</p></body></html>", None))
            .unwrap();
        assert_eq!(p.document.text, "Hello there, this is a paragraph.");
    }

    #[test]
    fn empty_input_is_an_error_naming_the_url() {
        for bytes in [&b""[..], b"   \n\n ", b"<html><body><nav>menu</nav></body></html>"] {
            let err = parse(&page(bytes, None)).unwrap_err();
            assert_eq!(err.to_string(), "`file:///x` has no text to extract");
        }
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_warning() {
        let p = parse(&page(b"Title\n\nCaf\xe9 society news today.", Some("text/plain"))).unwrap();
        assert!(p.document.text.contains("Café"));
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].contains("file:///x"));
    }

    #[test]
    fn a_page_that_declares_utf8_and_holds_bad_bytes_is_told_so() {
        let html = b"<html><head><meta charset=\"utf-8\"><title>T</title></head><body><p>Bad \xe9\xff bytes in a declared page.</p></body></html>";
        let p = parse(&page(html, Some("text/html"))).unwrap();
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(
            p.warnings[0].contains("declares UTF-8") && !p.warnings[0].contains("declares no charset"),
            "{}",
            p.warnings[0]
        );
        let undeclared =
            parse(&page(b"<html><body><p>Caf\xe9 news.</p></body></html>", Some("text/html"))).unwrap();
        assert!(undeclared.warnings[0].contains("declares no charset"), "{:?}", undeclared.warnings);
    }

    #[test]
    fn content_hash_is_of_the_main_text() {
        let p = parse(&page(b"Title\n\nBody text.", Some("text/plain"))).unwrap();
        assert_eq!(p.document.content_sha256, biowire_core::sha256_hex(b"Body text."));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any bytes, declared as HTML, text or nothing, parse or fail cleanly.
        #[test]
        fn parse_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000), ct in 0..3usize) {
            let content_type = [None, Some("text/html"), Some("text/plain")][ct].map(str::to_string);
            let page = FetchedPage { url: "file:///p".into(), bytes, content_type };
            if let Ok(p) = parse(&page) {
                prop_assert!(!p.document.text.trim().is_empty());
                prop_assert_eq!(p.document.content_sha256, biowire_core::sha256_hex(p.document.text.as_bytes()));
            }
        }

        /// Tag soup made of the elements the extractor treats specially.
        #[test]
        fn parse_never_panics_on_tag_soup(parts in proptest::collection::vec(prop_oneof![
            Just("<p>"), Just("</p>"), Just("<div class=\"share\">"), Just("</div>"), Just("<nav>"), Just("<article>"),
            Just("<script>"), Just("</script>"), Just("<br>"), Just("text, more text"), Just("&amp;"), Just("<h2>About X</h2>"),
            Just("<meta charset=\"utf-16\">"), Just("<script type=\"application/ld+json\">{\"headline\":"), Just("\u{0}")], 0..80)) {
            let page = FetchedPage { url: "file:///p".into(), bytes: parts.concat().into_bytes(), content_type: None };
            let _ = parse(&page);
        }
    }
}
