//! Company names folded by legal suffix: "Allogene Therapeutics, Inc." and "Allogene
//! Therapeutics" are one company for the company facet and the `company:` filter.

/// Legal-form words dropped from the end of a company name, compared lowercase with dots,
/// slashes and spaces removed (`S.A.`, `N.V.`, `A/S`). "Holdings", "Group", "Therapeutics" and
/// the like name the company and are kept.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "llc",
    "lp",
    "llp",
    "plc",
    "ag",
    "sa",
    "se",
    "nv",
    "bv",
    "gmbh",
    "spa",
    "srl",
    "sas",
    "as",
    "asa",
    "ab",
    "oyj",
    "kk",
    "pty",
];

/// The name without trailing legal-form words and the commas before them, as written
/// otherwise: `Acme Bio, Inc.` → `Acme Bio`, `Hanxin Co., Ltd.` → `Hanxin`. A name that is
/// nothing but such words is kept whole.
pub fn strip_legal_suffix(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let body = rest.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        let Some((head, last)) = body.rsplit_once(|c: char| c.is_whitespace() || c == ',') else {
            return body;
        };
        let key: String =
            last.chars().filter(|c| !matches!(c, '.' | '/')).flat_map(char::to_lowercase).collect();
        let head = head.trim_end_matches(|c: char| c == ',' || c == '&' || c.is_whitespace());
        if head.is_empty() || !LEGAL_SUFFIXES.contains(&key.as_str()) {
            return body;
        }
        rest = head;
    }
}

/// The key companies are grouped by: the name without its legal suffix, lowercase, with
/// single spaces. Two spellings of one company have the same key.
pub fn company_key(name: &str) -> String {
    strip_legal_suffix(name).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_suffixes_fold_and_names_stay() {
        assert_eq!(strip_legal_suffix("Allogene Therapeutics, Inc."), "Allogene Therapeutics");
        assert_eq!(strip_legal_suffix("Allogene Therapeutics Inc"), "Allogene Therapeutics");
        assert_eq!(strip_legal_suffix("Allogene Therapeutics"), "Allogene Therapeutics");
        assert_eq!(strip_legal_suffix("Hanxin Biotech Co., Ltd."), "Hanxin Biotech");
        assert_eq!(strip_legal_suffix("Novartis AG"), "Novartis");
        assert_eq!(strip_legal_suffix("Cellectis S.A."), "Cellectis");
        assert_eq!(strip_legal_suffix("Genmab A/S"), "Genmab");
        assert_eq!(strip_legal_suffix("argenx N.V."), "argenx");
        assert_eq!(
            strip_legal_suffix("CARsgen Therapeutics Holdings Limited"),
            "CARsgen Therapeutics Holdings"
        );
        assert_eq!(strip_legal_suffix("Merck & Co., Inc."), "Merck");
        assert_eq!(strip_legal_suffix("Johnson & Johnson"), "Johnson & Johnson");
        assert_eq!(strip_legal_suffix("Inc."), "Inc.", "a name of legal words only is kept");
        assert_eq!(strip_legal_suffix("  Acme  "), "Acme");
        assert_eq!(company_key("Allogene  Therapeutics, Inc."), company_key("allogene therapeutics"));
        assert_ne!(company_key("Acme Holdings"), company_key("Acme"));
    }
}
