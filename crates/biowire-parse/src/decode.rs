//! Bytes to text: the character set comes from a byte-order mark, the declared content type,
//! the page's own `<meta charset>`, and finally from the bytes themselves.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// Text decoded from bytes, with how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `windows-1252`, `GB18030`, …).
    pub encoding: &'static str,
    /// True when some bytes were not valid in that encoding and were replaced.
    pub had_errors: bool,
    /// True when no charset was declared and UTF-8 did not fit, so one was guessed.
    pub guessed: bool,
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#)
        .expect("charset pattern is valid")
});

fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let idx = lower.find("charset=")?;
    let value = lower[idx + 8..]
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .split([';', ' ', '"'])
        .next()?;
    Encoding::for_label(value.as_bytes())
}

/// Decodes `bytes`; never fails, never panics.
///
/// Without a BOM or a declaration, valid UTF-8 is taken as UTF-8; anything else is read as
/// windows-1252, the encoding browsers fall back to for Western pages, and flagged as a guess.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let declared = Encoding::for_bom(bytes)
        .map(|(enc, _)| enc)
        .or_else(|| content_type.and_then(charset_param))
        .or_else(|| {
            let head = &bytes[..bytes.len().min(2048)];
            META_CHARSET.captures(head).and_then(|c| Encoding::for_label(&c[1]))
        });
    // A page that declares UTF-16 in a <meta> tag is read as ASCII-compatible text by
    // browsers; the declaration cannot be true, so it is ignored as the HTML spec says.
    let declared =
        declared.map(
            |e| {
                if e.is_ascii_compatible() || Encoding::for_bom(bytes).is_some() {
                    e
                } else {
                    UTF_8
                }
            },
        );
    let (encoding, guessed) = match declared {
        Some(enc) => (enc, false),
        None if std::str::from_utf8(bytes).is_ok() => (UTF_8, false),
        None => (WINDOWS_1252, true),
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded { text: text.into_owned(), encoding: used.name(), had_errors, guessed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_without_declaration() {
        let d = decode("Zürich".as_bytes(), None);
        assert_eq!((d.text.as_str(), d.encoding, d.guessed), ("Zürich", "UTF-8", false));
    }

    #[test]
    fn meta_charset_wins_over_guessing() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><body>caf".to_vec();
        page.push(0xE9);
        let d = decode(&page, None);
        assert!(d.text.ends_with("café"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn header_charset_and_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("上海");
        let d = decode(&bytes, Some("text/html; charset=GB18030"));
        assert_eq!(d.text, "上海");
    }

    #[test]
    fn invalid_utf8_is_guessed_not_fatal() {
        let d = decode(&[b'a', 0xFF, 0xFE, b'b'], None);
        assert!(d.guessed);
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text.chars().count(), 4);
    }
}
