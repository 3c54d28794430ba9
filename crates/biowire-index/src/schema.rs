//! The single source of the index's field names and how a document and its records become
//! tantivy documents.

use biowire_core::{Document, Mention, MentionKind, Record};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING, TEXT,
};
use tantivy::TantivyDocument;

/// `kind` of the unit that stands for a release.
pub(crate) const KIND_DOCUMENT: &str = "document";
/// `kind` of a record unit.
pub(crate) const KIND_RECORD: &str = "record";
/// Name of the sortable date field.
pub(crate) const DATE_KEY: &str = "date_key";
/// Name of the field that orders records for paged export ([`record_key`]).
pub(crate) const RECORD_KEY: &str = "record_key";
/// Name of the fast field that ties every unit to its release ([`doc_key`]).
pub(crate) const DOC_KEY: &str = "doc_key";

/// Handles of every field.
pub(crate) struct Fields {
    pub(crate) kind: Field,
    pub(crate) announces: Field,
    pub(crate) doc_sha: Field,
    pub(crate) url: Field,
    pub(crate) title: Field,
    pub(crate) body: Field,
    pub(crate) company: Field,
    pub(crate) product: Field,
    pub(crate) antigen: Field,
    pub(crate) antigen_facet: Field,
    pub(crate) company_facet: Field,
    pub(crate) disease: Field,
    pub(crate) disease_text: Field,
    pub(crate) milestone: Field,
    pub(crate) modality: Field,
    pub(crate) cell_source: Field,
    pub(crate) publisher: Field,
    pub(crate) date_key: Field,
    pub(crate) record_json: Field,
    pub(crate) doc_json: Field,
    /// Antigens the headline or lead mentions (on the document unit); absent in an index
    /// written before mentions existed, which then searches records only until reindexed.
    pub(crate) mention_antigen: Option<Field>,
    /// Diseases the headline or lead mentions.
    pub(crate) mention_disease: Option<Field>,
    /// Every mention of the document, as JSON.
    pub(crate) mentions_json: Option<Field>,
    /// Headline and lead antigens as written, once per document: what mention facets count.
    pub(crate) mention_antigen_facet: Option<Field>,
    /// Headline and lead diseases, once per document.
    pub(crate) mention_disease_facet: Option<Field>,
    /// The record's [`record_key`] (on record units), a fast field for paged export; absent in
    /// an index written before it, which then pages by reading every matching record.
    pub(crate) record_key: Option<Field>,
    /// The record's company folded by legal suffix ([`crate::company::company_key`]), for the
    /// company facet; absent in an index written before it, whose facet then folds the
    /// spellings it counted.
    pub(crate) company_key: Option<Field>,
    /// [`doc_key`] of the release, on every unit: counting mention hits joins records to
    /// their release through it instead of reading stored documents; absent in an index
    /// written before it, which then reads them until reindexed.
    pub(crate) doc_key: Option<Field>,
}

pub(crate) fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("kind", STRING | STORED);
    b.add_text_field("announces", STRING);
    b.add_text_field("doc_sha", STRING | STORED);
    b.add_text_field("url", STRING | STORED);
    // Title and body are English prose: stemmed, with positions for phrases and snippets.
    let english = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(crate::stem::NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    b.add_text_field("title", english.clone());
    b.add_text_field("body", english);
    b.add_text_field("company", TEXT | STORED);
    b.add_text_field("product", TEXT | STORED);
    // Keyword fields hold lowercase canonical values so filters are exact.
    b.add_text_field("antigen", STRING | STORED);
    // Facet fields keep the canonical spelling (`CD19`, the company as written) for display.
    b.add_text_field("antigen_facet", STRING | FAST);
    b.add_text_field("company_facet", STRING | FAST);
    b.add_text_field("disease", STRING | STORED | FAST);
    b.add_text_field("disease_text", TEXT);
    b.add_text_field("milestone", STRING | STORED | FAST);
    b.add_text_field("modality", STRING | STORED);
    b.add_text_field("cell_source", STRING | STORED);
    b.add_text_field("publisher", STRING | STORED);
    b.add_i64_field(DATE_KEY, INDEXED | FAST | STORED);
    b.add_text_field("record_json", STORED);
    b.add_text_field("doc_json", STORED);
    b.add_text_field("mention_antigen", STRING);
    b.add_text_field("mention_disease", STRING);
    b.add_text_field("mentions_json", STORED);
    b.add_text_field("mention_antigen_facet", STRING | FAST);
    b.add_text_field("mention_disease_facet", STRING | FAST);
    b.add_text_field(RECORD_KEY, FAST);
    // Read by the company facet only (never searched): a fast column, not indexed.
    b.add_text_field("company_key", FAST);
    // Read by the count of mention hits only: a fast column, not indexed.
    b.add_u64_field(DOC_KEY, FAST);
    b.build()
}

impl Fields {
    /// Looks every field up; an index from another schema version is refused here.
    pub(crate) fn from_schema(schema: &Schema) -> Result<Self, String> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("field `{name}` is missing (index written by another version?)"))
        };
        Ok(Fields {
            kind: f("kind")?,
            announces: f("announces")?,
            doc_sha: f("doc_sha")?,
            url: f("url")?,
            title: f("title")?,
            body: f("body")?,
            company: f("company")?,
            product: f("product")?,
            antigen: f("antigen")?,
            antigen_facet: f("antigen_facet")?,
            company_facet: f("company_facet")?,
            disease: f("disease")?,
            disease_text: f("disease_text")?,
            milestone: f("milestone")?,
            modality: f("modality")?,
            cell_source: f("cell_source")?,
            publisher: f("publisher")?,
            date_key: f(DATE_KEY)?,
            record_json: f("record_json")?,
            doc_json: f("doc_json")?,
            mention_antigen: schema.get_field("mention_antigen").ok(),
            mention_disease: schema.get_field("mention_disease").ok(),
            mentions_json: schema.get_field("mentions_json").ok(),
            mention_antigen_facet: schema.get_field("mention_antigen_facet").ok(),
            mention_disease_facet: schema.get_field("mention_disease_facet").ok(),
            record_key: schema.get_field(RECORD_KEY).ok(),
            company_key: schema.get_field("company_key").ok(),
            doc_key: schema.get_field(DOC_KEY).ok(),
        })
    }
}

/// One tantivy document for the release (with its mentions), and one per record.
pub(crate) fn to_tantivy(
    f: &Fields,
    doc: &Document,
    records: &[Record],
    mentions: &[Mention],
) -> Vec<TantivyDocument> {
    let mut out = Vec::with_capacity(records.len() + 1);
    let base = || {
        let mut d = TantivyDocument::new();
        d.add_text(f.doc_sha, &doc.content_sha256);
        d.add_text(f.url, &doc.url);
        if let Some(t) = &doc.title {
            d.add_text(f.title, t);
        }
        d.add_text(f.body, &doc.text);
        if let Some(p) = &doc.publisher {
            d.add_text(f.publisher, p.to_lowercase());
        }
        if let Some(k) = f.doc_key {
            d.add_u64(k, doc_key(&doc.content_sha256));
        }
        d
    };
    let mut unit = base();
    unit.add_text(f.kind, KIND_DOCUMENT);
    unit.add_text(f.announces, if records.is_empty() { "no" } else { "yes" });
    unit.add_text(f.doc_json, serde_json::to_string(doc).expect("document serializes"));
    if let Some(k) = doc.published.as_deref().and_then(crate::date_key) {
        unit.add_i64(f.date_key, k);
    }
    let mut counted: Vec<(MentionKind, &str)> = Vec::new();
    for m in mentions.iter().filter(|m| m.subject) {
        let (field, facet) = match m.kind {
            MentionKind::Antigen => (f.mention_antigen, f.mention_antigen_facet),
            MentionKind::Disease => (f.mention_disease, f.mention_disease_facet),
        };
        if let Some(field) = field {
            unit.add_text(field, m.value.to_lowercase());
        }
        if let (Some(facet), false) = (facet, counted.contains(&(m.kind, m.value.as_str()))) {
            counted.push((m.kind, m.value.as_str()));
            unit.add_text(facet, &m.value);
        }
    }
    if let (Some(field), false) = (f.mentions_json, mentions.is_empty()) {
        unit.add_text(field, serde_json::to_string(mentions).expect("mentions serialize"));
    }
    out.push(unit);
    for r in records {
        let mut d = base();
        d.add_text(f.kind, KIND_RECORD);
        if let Some(c) = &r.company {
            d.add_text(f.company, c);
            d.add_text(f.company_facet, c);
            if let Some(key) = f.company_key {
                d.add_text(key, crate::company::company_key(c));
            }
        }
        for p in r.product.iter().chain(&r.product_aliases) {
            d.add_text(f.product, p);
        }
        for t in &r.targets {
            d.add_text(f.antigen, t.to_lowercase());
            d.add_text(f.antigen_facet, t);
        }
        for i in &r.indications {
            d.add_text(f.disease, i.to_lowercase());
            d.add_text(f.disease_text, i);
        }
        d.add_text(f.milestone, r.milestone.kind.as_str());
        if let Some(m) = r.modality {
            d.add_text(f.modality, m.as_str().to_lowercase());
        }
        if let Some(c) = r.cell_source {
            d.add_text(f.cell_source, c.as_str());
        }
        let date = r.milestone.date.as_deref().or(doc.published.as_deref()).and_then(crate::date_key);
        if let Some(k) = date {
            d.add_i64(f.date_key, k);
        }
        d.add_text(f.record_json, serde_json::to_string(r).expect("record serializes"));
        if let Some(field) = f.record_key {
            d.add_text(field, record_key(r));
        }
        out.push(d);
    }
    out
}

/// The key that orders records for export: the milestone date as written (none first), then
/// the record id, so that ordering keys as strings orders records exactly as
/// [`crate::Index::records`] does. The separator (U+001F) sorts before every character of a
/// date, so a shorter date (`2026-02`) sorts before a longer one it begins (`2026-02-10`).
pub(crate) fn record_key(r: &Record) -> String {
    format!("{}\u{1f}{}", r.milestone.date.as_deref().unwrap_or(""), r.id)
}

/// A release's content hash as 64 bits, the same on its document and record units. Hashed
/// again rather than parsed, so any string works. Among 100,000 releases two share a key
/// with odds under 1 in a billion; a count of mention hits would then be one short.
pub(crate) fn doc_key(content_sha256: &str) -> u64 {
    let hex = biowire_core::sha256_hex(content_sha256.as_bytes());
    u64::from_str_radix(&hex[..16], 16).expect("SHA-256 hex digits")
}
