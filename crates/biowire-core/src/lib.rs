//! The contract every biowire stage shares.
//!
//! Data flows one way: a fetched page ([`FetchedPage`]) is parsed into a [`Document`], the
//! extractor turns a document into [`Record`]s, and the indexer stores both. This crate owns
//! those types, their JSON shape (`biowire.record/1`, see `spec/record.md`), the closed
//! vocabularies ([`MilestoneKind`], [`CellSource`], [`Modality`]) and the stable record id. It
//! does no I/O and depends on almost nothing, so every other crate can depend on it.
//!
//! ```
//! use biowire_core::{MilestoneKind, CellSource};
//! assert_eq!("first_patient_dosed".parse::<MilestoneKind>(), Ok(MilestoneKind::FirstPatientDosed));
//! assert_eq!(CellSource::InVivo.as_str(), "in_vivo");
//! ```

mod vocab;

pub use vocab::{CellSource, MilestoneKind, Modality, UnknownValue};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The schema tag every record carries.
pub const RECORD_SCHEMA: &str = "biowire.record/1";

/// Raw bytes of one page or file, as a fetcher delivers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedPage {
    /// Where the bytes came from (`file://…` or `https://…`).
    pub url: String,
    /// The page's bytes, undecoded.
    pub bytes: Vec<u8>,
    /// The `Content-Type` the source declared, or one guessed from a file extension.
    pub content_type: Option<String>,
}

/// A parsed page: main text plus the metadata the record needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The URL the page was read from.
    pub url: String,
    /// Headline of the release.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` or `YYYY-MM`.
    pub published: Option<String>,
    /// Newswire or site that published the page.
    pub publisher: Option<String>,
    /// The page's declared canonical URL, if any.
    pub canonical_url: Option<String>,
    /// Other URLs where the same release (the same main text) was found: syndication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
    /// Main text without boilerplate; paragraphs separated by blank lines.
    pub text: String,
    /// Lowercase hex SHA-256 of [`Document::text`].
    pub content_sha256: String,
}

impl Document {
    /// Builds a document, computing the content hash from `text`.
    pub fn new(url: impl Into<String>, text: String) -> Self {
        let content_sha256 = sha256_hex(text.as_bytes());
        Document {
            url: url.into(),
            title: None,
            published: None,
            publisher: None,
            canonical_url: None,
            also_at: Vec::new(),
            text,
            content_sha256,
        }
    }

    /// The part of the document a record repeats.
    pub fn to_ref(&self) -> DocumentRef {
        DocumentRef {
            url: self.url.clone(),
            title: self.title.clone(),
            published: self.published.clone(),
            publisher: self.publisher.clone(),
            content_sha256: self.content_sha256.clone(),
            also_at: self.also_at.clone(),
        }
    }
}

/// The document fields a record carries with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// The URL the page was read from.
    pub url: String,
    /// Headline of the release.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` or `YYYY-MM`.
    pub published: Option<String>,
    /// Newswire or site that published the page.
    pub publisher: Option<String>,
    /// Lowercase hex SHA-256 of the main text.
    pub content_sha256: String,
    /// Other URLs of the same release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
}

/// One milestone one release announces for one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`RECORD_SCHEMA`].
    pub schema: String,
    /// Stable id: same document, product and milestone kind give the same id.
    pub id: String,
    /// The release the record came from.
    pub document: DocumentRef,
    /// The announcing company, as written.
    pub company: Option<String>,
    /// Product code or name, as written; `None` for company-level news.
    pub product: Option<String>,
    /// Other names of the same product in the release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_aliases: Vec<String>,
    /// Therapeutic modality.
    pub modality: Option<Modality>,
    /// Where the cells come from, for cell therapies.
    pub cell_source: Option<CellSource>,
    /// Antigens the product is directed at, common symbols.
    pub targets: Vec<String>,
    /// Diseases the milestone concerns, lowercase canonical names.
    pub indications: Vec<String>,
    /// What happened.
    pub milestone: Milestone,
    /// For each filled field, the sentence it came from.
    pub evidence: Vec<Evidence>,
}

impl Record {
    /// Computes the stable id of a record from its document, product and milestone kind.
    pub fn stable_id(content_sha256: &str, product: Option<&str>, kind: MilestoneKind) -> String {
        let product = product.map(product_key).unwrap_or_default();
        let input = format!("{content_sha256}\u{1f}{product}\u{1f}{}", kind.as_str());
        sha256_hex(input.as_bytes())[..32].to_string()
    }
}

/// The milestone part of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// Closed vocabulary of what happened.
    pub kind: MilestoneKind,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub date: Option<String>,
    /// `1`, `1/2`, `2`, `2/3` or `3`.
    pub phase: Option<String>,
    /// Trial registry id as written (`NCT05432109`).
    pub trial_id: Option<String>,
    /// Regulator (`FDA`, `NMPA`, …).
    pub authority: Option<String>,
}

/// The sentence a field's value came from, with character offsets into the main text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Record field name (`targets`, `indications`, …).
    pub field: String,
    /// The sentence.
    pub text: String,
    /// Offset of the sentence's first character in the main text (in chars).
    pub start: usize,
    /// Offset one past the sentence's last character (in chars).
    pub end: usize,
}

/// Which vocabulary a [`Mention`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// An antigen or target (HGNC), by its common symbol.
    Antigen,
    /// A disease (Mondo), by its canonical name.
    Disease,
}

/// Where in a document a [`Mention`] stands: what it says about the document's subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// The title.
    Headline,
    /// The first paragraphs of running text, where the news is told.
    Lead,
    /// Further down the story.
    Body,
    /// Inside quotation marks.
    Quote,
    /// An "About …" section.
    About,
    /// Forward-looking statements, contacts, sources.
    Boilerplate,
}

impl Zone {
    /// True for the zones that can say what a document is about (headline and lead): only a
    /// mention there can make the document a search hit for the entity.
    pub fn is_subject(self) -> bool {
        matches!(self, Zone::Headline | Zone::Lead)
    }
}

/// One normalized antigen or disease mention of a document, high recall: every place the
/// vocabularies find one, whether or not a record was made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The vocabulary.
    pub kind: MentionKind,
    /// The canonical value (`CD19`, `systemic lupus erythematosus`).
    pub value: String,
    /// Where it stands.
    pub zone: Zone,
    /// Offset of its first character (in chars) in the main text, or in the title for the
    /// headline.
    pub start: usize,
    /// Offset one past its last character (in chars).
    pub end: usize,
    /// True when the mention makes the document a search hit for its value: the extractor
    /// decides from the zone and the records (see `Extractor::extract_with_mentions`).
    #[serde(default)]
    pub subject: bool,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A product name reduced to lowercase letters and digits, so `KJ-C2219` and `kj c2219` match.
pub fn product_key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_id_ignores_product_punctuation_but_not_kind() {
        let a = Record::stable_id("abc", Some("KJ-C2219"), MilestoneKind::FirstPatientDosed);
        let b = Record::stable_id("abc", Some("kj c2219"), MilestoneKind::FirstPatientDosed);
        let c = Record::stable_id("abc", Some("KJ-C2219"), MilestoneKind::IndCleared);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn record_serializes_with_spec_field_names() {
        let doc = Document::new("file:///x.txt", "text".into());
        let rec = Record {
            schema: RECORD_SCHEMA.into(),
            id: "id".into(),
            document: doc.to_ref(),
            company: Some("Acme Bio".into()),
            product: Some("AB-1".into()),
            product_aliases: vec![],
            modality: Some(Modality::CarT),
            cell_source: Some(CellSource::InVivo),
            targets: vec!["CD19".into()],
            indications: vec!["multiple sclerosis".into()],
            milestone: Milestone {
                kind: MilestoneKind::IndCleared,
                date: Some("2026-02".into()),
                phase: None,
                trial_id: None,
                authority: Some("FDA".into()),
            },
            evidence: vec![],
        };
        let v = serde_json::to_value(&rec).unwrap();
        assert_eq!(v["schema"], "biowire.record/1");
        assert_eq!(v["modality"], "CAR-T");
        assert_eq!(v["cell_source"], "in_vivo");
        assert_eq!(v["milestone"]["kind"], "ind_cleared");
        assert!(v.get("product_aliases").is_none());
        let back: Record = serde_json::from_value(v).unwrap();
        assert_eq!(back, rec);
    }
}
