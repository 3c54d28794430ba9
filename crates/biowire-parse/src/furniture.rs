//! Page furniture that sits around a story on news and trade-press pages: consent banners,
//! ad labels, sign-in prompts, and the labels over lists of other stories ("TRENDING",
//! "Related articles"). The parser skips it when it looks for a headline; the extractor
//! keeps it out of the story's paragraphs.

use regex::Regex;
use std::sync::LazyLock;

// ASCII word boundaries (`(?-u:\b)`): a Unicode `\b` stops the fast engine at the first
// non-ASCII byte, and the slow one it falls back to was a fifth of the extractor's time. The
// words are English, so the answer is the same.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:cookies?|privacy\s+(?:policy|settings|notice)|we\s+value\s+your\s+privacy|accept\s+all|\[accept\]|manage\s+(?:settings|preferences|your\s+email)|subscribe(?:\s+(?:to|now))?|sign\s+(?:in|up)|you\s+have\s+been\s+added\s+to\s+alerts|javascript)(?-u:\b)|^\W*(?:advertisement|sponsored(?:\s+content)?)(?:\W+(?:advertisement|sponsored))*\W*$",
    )
    .expect("furniture pattern is valid")
});

static SIDEBAR_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:trending(?:\s+now)?|related(?:\s+(?:articles?|news|stories|content|posts))?|most\s+(?:read|popular|viewed)|popular(?:\s+stories)?|read\s+(?:more|next|also)|see\s+also|more\s+(?:news|stories|from\s+\w+)|latest(?:\s+news)?|top\s+stories|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|editor'?s\s+picks?|in\s+other\s+news)\s*:?\s*$",
    )
    .expect("sidebar label pattern is valid")
});

/// True for a consent banner, an ad label or a sign-in prompt.
pub fn is_furniture(line: &str) -> bool {
    FURNITURE.is_match(line)
}

/// True for a label over a list of other stories ("TRENDING", "Related articles").
pub fn is_sidebar_label(line: &str) -> bool {
    SIDEBAR_LABEL.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners_and_labels() {
        assert!(is_furniture("We value your privacy. We use cookies to analyze traffic. [Accept]"));
        assert!(is_furniture("Advertisement"));
        assert!(is_furniture("Sponsored · Sponsored · Sponsored"));
        assert!(!is_furniture("Acme doses the first patient in its lupus trial"));
        assert!(!is_furniture("The trial is sponsored by Acme Bio."));
        assert!(is_sidebar_label("TRENDING"));
        assert!(is_sidebar_label("Related articles:"));
        assert!(!is_sidebar_label("Trending toward approval, Acme files its BLA"));
    }
}
