//! HTML to main text and metadata.
//!
//! Main text is found the way readability-style extractors do it: boilerplate elements
//! (navigation, share widgets, sidebars, photo credits, cookie banners) are pruned by tag, role
//! and class/id words; every paragraph scores its parent and grandparent by length and commas;
//! the best-scoring container, plus siblings that score nearly as well, is rendered as
//! paragraphs separated by blank lines.

use crate::dates::parse_date;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Metadata read from a page's head and structured data.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) canonical_url: Option<String>,
}

/// Tags whose content is never article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "figure",
    "figcaption",
    "select",
    "input",
    "textarea",
    "label",
    "dialog",
    "menu",
    "head",
    "title",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "map",
    "h1",
];

/// Words in a class or id that mark boilerplate. Matched against whole hyphen/underscore
/// separated words, so `share-tools` matches `share` but `shareholder` does not.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "consent",
    "sidebar",
    "related",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "comment",
    "comments",
    "footer",
    "masthead",
    "advert",
    "ad",
    "ads",
    "advertisement",
    "sponsor",
    "sponsored",
    "caption",
    "credit",
    "credits",
    "widget",
    "popup",
    "modal",
    "toolbar",
    "tags",
    "tag",
    "byline",
    "author",
    "skip",
    "print",
    "banner",
    "signup",
    "pagination",
    "pager",
    "disclaimer-bar",
    "more",
    "recommended",
    "trending",
    "outbrain",
    "taboola",
    "hidden",
    "sr-only",
    "visually-hidden",
    "kicker",
    "meta",
    "dateline-meta",
];

/// Tags that end a paragraph when rendered.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "dd",
    "dt",
    "dl",
    "body",
    "center",
    "address",
    "hr",
];

/// Tags whose text scores their ancestors.
const SCORED_TAGS: &[&str] = &["p", "pre", "blockquote", "td", "li", "h2", "h3"];

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector is valid")
}

static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));

/// Parses the page and returns its metadata and main text.
pub(crate) fn extract(html: &str) -> (Meta, String) {
    let doc = Html::parse_document(html);
    let meta = read_meta(&doc);
    let text = main_text(&doc);
    (meta, text)
}

/// The elements metadata is read from, found in one walk over the page (in the order
/// scraper's `select` visits them): a selector per kind walked the whole tree once each.
#[derive(Default)]
struct MetaElements<'a> {
    metas: Vec<&'a scraper::node::Element>,
    json_ld: Vec<ElementRef<'a>>,
    canonical: Vec<&'a scraper::node::Element>,
    h1: Option<ElementRef<'a>>,
    title: Option<ElementRef<'a>>,
    /// `datetime` of `<time>` elements.
    times: Vec<&'a str>,
}

impl<'a> MetaElements<'a> {
    fn of(doc: &'a Html) -> Self {
        let mut found = MetaElements::default();
        for node in doc.tree.nodes() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let v = el.value();
            match v.name() {
                "meta" => found.metas.push(v),
                // As CSS matches these attributes' values in HTML: in any case.
                "script" if v.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) => {
                    found.json_ld.push(el)
                }
                "link" if v.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                    found.canonical.push(v)
                }
                "h1" if found.h1.is_none() => found.h1 = Some(el),
                "title" if found.title.is_none() => found.title = Some(el),
                "time" => found.times.extend(v.attr("datetime")),
                _ => {}
            }
        }
        found
    }
}

fn read_meta(doc: &Html) -> Meta {
    let found = MetaElements::of(doc);
    let mut metas: HashMap<String, String> = HashMap::new();
    for &v in &found.metas {
        let key = v.attr("property").or(v.attr("name")).or(v.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, v.attr("content")) {
            metas.entry(k.to_ascii_lowercase()).or_insert_with(|| c.trim().to_string());
        }
    }
    let ld = json_ld(&found.json_ld);
    let get = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).filter(|v| !v.is_empty()).cloned());
    let title = ld
        .headline
        .clone()
        .or_else(|| get(&["og:title", "twitter:title", "dc.title"]))
        .or_else(|| found.h1.map(|h| clean_inline(&h.text().collect::<String>())))
        .or_else(|| found.title.map(|t| clean_inline(&t.text().collect::<String>())))
        .filter(|t| !t.is_empty());
    let published = ld
        .date_published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            get(&[
                "article:published_time",
                "datepublished",
                "date",
                "dc.date",
                "dc.date.issued",
                "pubdate",
                "publish-date",
                "sailthru.date",
                "og:published_time",
            ])
            .as_deref()
            .and_then(parse_date)
        })
        .or_else(|| found.times.iter().find_map(|t| parse_date(t)))
        .and_then(|d| d.to_iso());
    let publisher = ld
        .publisher
        .clone()
        .or_else(|| get(&["og:site_name", "publisher", "dc.publisher", "application-name"]));
    let canonical_url = found
        .canonical
        .iter()
        .find_map(|l| l.attr("href").map(str::to_string))
        .or_else(|| get(&["og:url"]))
        .filter(|u| u.starts_with("http"));
    Meta { title, published, publisher, canonical_url }
}

#[derive(Default)]
struct LdFields {
    headline: Option<String>,
    date_published: Option<String>,
    publisher: Option<String>,
}

/// Reads the first article-like object of the page's JSON-LD; broken JSON is ignored, as
/// browsers and search engines do.
fn json_ld(scripts: &[ElementRef<'_>]) -> LdFields {
    let mut out = LdFields::default();
    for script in scripts {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(&raw) else {
            continue;
        };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(g) = map.get("@graph") {
                        stack.push(g);
                    }
                    let is_article = map.get("headline").is_some() || map.get("datePublished").is_some();
                    if !is_article {
                        continue;
                    }
                    if out.headline.is_none() {
                        out.headline = map.get("headline").and_then(Value::as_str).map(clean_inline);
                    }
                    if out.date_published.is_none() {
                        out.date_published =
                            map.get("datePublished").and_then(Value::as_str).map(str::to_string);
                    }
                    if out.publisher.is_none() {
                        out.publisher = match map.get("publisher") {
                            Some(Value::String(s)) => Some(s.clone()),
                            Some(Value::Object(p)) => {
                                p.get("name").and_then(Value::as_str).map(str::to_string)
                            }
                            Some(Value::Array(a)) => a
                                .iter()
                                .find_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string)),
                            _ => None,
                        };
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The attributes pruning reads, taken in one pass over the element's attributes:
/// `Element::attr` interns its argument on every call, and pruning asks six of them of every
/// element of every page (they were a seventh of the parse).
#[derive(Default)]
struct PruneAttrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    hidden: bool,
    aria_hidden: bool,
    style: Option<&'a str>,
    role: Option<&'a str>,
}

impl<'a> PruneAttrs<'a> {
    fn of(el: &'a scraper::node::Element) -> Self {
        let mut a = PruneAttrs::default();
        for (name, value) in el.attrs() {
            match name {
                "class" => a.class = Some(value),
                "id" => a.id = Some(value),
                "hidden" => a.hidden = true,
                "aria-hidden" => a.aria_hidden = value == "true",
                "style" => a.style = Some(value),
                "role" => a.role = Some(value),
                _ => {}
            }
        }
        a
    }

    /// The words of the class and id, split at spaces, hyphens and underscores.
    fn class_words(&self) -> impl Iterator<Item = &'a str> {
        self.class
            .into_iter()
            .chain(self.id)
            .flat_map(|s| s.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
            .filter(|w| !w.is_empty())
    }

    /// True when one of the class or id words is in `list` (any case). Compared in place:
    /// lowercased copies were a tenth of the parse.
    fn has_class_word(&self, list: &[&str]) -> bool {
        self.class_words().any(|w| list.iter().any(|l| l.eq_ignore_ascii_case(w)))
    }
}

/// True for elements whose whole subtree is boilerplate.
fn is_boilerplate(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if DROP_TAGS.contains(&name) {
        return true;
    }
    let attrs = PruneAttrs::of(el);
    if attrs.hidden || attrs.aria_hidden {
        return true;
    }
    if let Some(style) = attrs.style {
        let s = style.to_ascii_lowercase().replace(' ', "");
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = attrs.role {
        if matches!(
            role,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "search"
                | "menu"
                | "alert"
        ) {
            return true;
        }
    }
    // Containers that hold the article itself are never pruned by a class word such as
    // "post-meta-wrapper": only leaf-ish widgets are.
    if matches!(name, "body" | "html" | "main" | "article") {
        return false;
    }
    // As in readability: a class that also says "article", "body" or "content" may be the
    // article's own wrapper ("story-body js-hidden"), so only pure widget names prune.
    attrs.has_class_word(BOILERPLATE_WORDS) && !attrs.has_class_word(CONTENT_WORDS)
}

/// Class words that mark the article's own containers.
const CONTENT_WORDS: &[&str] = &[
    "article", "body", "content", "main", "story", "entry", "post", "text", "column", "release", "prose",
    "richtext", "blog",
];

/// Collects ids of pruned elements.
///
/// A widget never holds most of a page's text: an element that would be pruned by a class word
/// or a layout tag (`Page-ad-margins`, an ASP.NET `<form>` around the whole page) but holds
/// over 40% of the body's text is the page's frame, and is kept. Semantic furniture such as
/// `<nav>` is pruned whatever it holds.
///
/// Only the outermost pruned element of a subtree is collected: everything under it is gone
/// already, and not looking inside saves measuring nested widgets' text again and again.
fn pruned(doc: &Html) -> HashSet<NodeId> {
    let total = doc.select(&BODY).next().map_or(0, |b| visible_len(*b));
    let mut out = HashSet::new();
    let mut stack = vec![doc.tree.root()];
    while let Some(node) = stack.pop() {
        if let Node::Element(el) = node.value() {
            // Semantic furniture (nav, aside, header, footer) is never the article; a class word
            // or a `<form>` may wrap the whole page.
            if is_boilerplate(el)
                && !((el.name() == "form" || !DROP_TAGS.contains(&el.name()))
                    && total > 0
                    && visible_len(node) * 10 > total * 4)
            {
                out.insert(node.id());
                continue;
            }
        }
        stack.extend(node.children());
    }
    out
}

/// Characters of text under a node, not counting scripts and styles.
fn visible_len(node: ego_tree::NodeRef<'_, Node>) -> usize {
    let mut n = 0;
    let mut stack = vec![node];
    while let Some(x) = stack.pop() {
        match x.value() {
            Node::Text(t) => n += t.trim().len(),
            Node::Element(e) if matches!(e.name(), "script" | "style" | "noscript" | "template") => {}
            _ => stack.extend(x.children()),
        }
    }
    n
}

fn is_under_pruned(el: ElementRef<'_>, pruned: &HashSet<NodeId>) -> bool {
    std::iter::once(*el).chain(el.ancestors()).any(|n| pruned.contains(&n.id()))
}

/// Text length and link-text length of an element, skipping pruned subtrees.
fn text_stats(el: ElementRef<'_>, pruned: &HashSet<NodeId>) -> (usize, usize, usize) {
    let mut total = 0;
    let mut linked = 0;
    let mut commas = 0;
    let mut stack = vec![(*el, false)];
    while let Some((node, in_link)) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                let n = t.trim().chars().count();
                total += n;
                commas += t.matches(',').count();
                if in_link {
                    linked += n;
                }
            }
            Node::Element(e) => {
                if pruned.contains(&node.id()) {
                    continue;
                }
                let link = in_link || e.name() == "a";
                for child in node.children() {
                    stack.push((child, link));
                }
            }
            _ => {}
        }
    }
    (total, linked, commas)
}

fn main_text(doc: &Html) -> String {
    let pruned = pruned(doc);
    let Some(body) = doc.select(&BODY).next() else {
        return String::new();
    };
    // Readability's scoring: each paragraph gives its parent its score and its grandparent half.
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    // In document order (the scores are sums, and their order decides ties), not entering
    // pruned subtrees.
    let mut stack = if is_under_pruned(body, &pruned) { Vec::new() } else { vec![*body] };
    while let Some(node) = stack.pop() {
        if pruned.contains(&node.id()) {
            continue;
        }
        stack.extend(node.children().rev());
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let name = el.value().name();
        // Many sites write paragraphs as divs (`zn-body__paragraph`) or as text and <br>s
        // directly in a div; those count as paragraphs too, as in readability.
        let stats = if SCORED_TAGS.contains(&name) {
            Some(text_stats(el, &pruned))
        } else if matches!(name, "div" | "section") {
            if has_block_child(el) {
                direct_text_stats(el).filter(|(len, _, _)| *len >= 100)
            } else {
                Some(text_stats(el, &pruned))
            }
        } else {
            None
        };
        let Some((len, linked, commas)) = stats else {
            continue;
        };
        if len < 25 {
            continue;
        }
        let density = linked as f64 / len as f64;
        let score = (1.0 + commas as f64 + (len as f64 / 100.0).min(3.0)) * (1.0 - density);
        // Readability's weights: parent 1, grandparent 1/2, then 1/(3 × level).
        for (level, ancestor) in el.ancestors().take(5).enumerate() {
            let weight = match level {
                0 => 1.0,
                1 => 0.5,
                l => 1.0 / (3.0 * l as f64),
            };
            *scores.entry(ancestor.id()).or_default() += score * weight;
        }
    }
    let mut ranked: Vec<(ElementRef<'_>, f64)> =
        scores.iter().filter_map(|(id, s)| Some((ElementRef::wrap(doc.tree.get(*id)?)?, *s))).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.id().cmp(&b.0.id())));
    let root = match ranked.first() {
        Some(&(el, _)) => widen(el, &ranked, &scores, body),
        None => body,
    };
    let mut out = Renderer::default();
    // Siblings that score well belong to the article too (a body split across several divs).
    let top = scores.get(&root.id()).copied().unwrap_or(0.0);
    let siblings: Vec<ElementRef<'_>> = match root.parent().and_then(ElementRef::wrap) {
        Some(parent) if root != body => parent
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|s| {
                // Siblings of the same class are the same kind of container: a body split
                // into several columns.
                let same_class = root
                    .value()
                    .attr("class")
                    .is_some_and(|c| !c.is_empty() && s.value().attr("class") == Some(c));
                *s == root
                    || (same_class && !pruned.contains(&s.id()))
                    || scores.get(&s.id()).copied().unwrap_or(0.0) >= top * 0.2
                    || is_good_paragraph(*s, &pruned)
            })
            .collect(),
        _ => vec![root],
    };
    for s in siblings {
        out.render(*s, &pruned);
        out.block();
    }
    out.finish()
}

/// Readability's two corrections to the best-scoring container: when several strong
/// candidates share an ancestor, the article is that ancestor (a body split into columns);
/// and while a parent scores higher than its child, the parent holds more of the article.
fn widen<'a>(
    top: ElementRef<'a>,
    ranked: &[(ElementRef<'a>, f64)],
    scores: &HashMap<NodeId, f64>,
    body: ElementRef<'a>,
) -> ElementRef<'a> {
    let top_score = ranked[0].1;
    let strong: Vec<ElementRef<'a>> =
        ranked[1..].iter().take(4).filter(|(_, s)| *s >= top_score * 0.75).map(|(e, _)| *e).collect();
    let mut root = top;
    if strong.len() >= 2 {
        for ancestor in top.ancestors().filter_map(ElementRef::wrap) {
            if ancestor == body {
                break;
            }
            let holding = strong.iter().filter(|c| c.ancestors().any(|a| a.id() == ancestor.id())).count();
            if holding >= 2 {
                root = ancestor;
                break;
            }
        }
    }
    let mut last = scores.get(&root.id()).copied().unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut parent = root.parent().and_then(ElementRef::wrap);
    while let Some(p) = parent {
        if p == body {
            break;
        }
        let Some(&score) = scores.get(&p.id()) else {
            parent = p.parent().and_then(ElementRef::wrap);
            continue;
        };
        if score < threshold {
            break;
        }
        if score > last {
            root = p;
            break;
        }
        last = score;
        parent = p.parent().and_then(ElementRef::wrap);
    }
    root
}

fn has_block_child(el: ElementRef<'_>) -> bool {
    el.children().filter_map(ElementRef::wrap).any(|c| BLOCK_TAGS.contains(&c.value().name()))
}

/// Text directly inside an element (not in child elements): length, linked length (0), commas.
fn direct_text_stats(el: ElementRef<'_>) -> Option<(usize, usize, usize)> {
    let mut len = 0;
    let mut commas = 0;
    for c in el.children() {
        if let Node::Text(t) = c.value() {
            len += t.trim().chars().count();
            commas += t.matches(',').count();
        }
    }
    (len > 0).then_some((len, 0, commas))
}

fn is_good_paragraph(el: ElementRef<'_>, pruned: &HashSet<NodeId>) -> bool {
    if el.value().name() != "p" || pruned.contains(&el.id()) {
        return false;
    }
    let (len, linked, _) = text_stats(el, pruned);
    len > 80 && (linked as f64) < len as f64 * 0.25
}

/// Renders a DOM subtree as paragraphs: block tags break, inline whitespace collapses.
#[derive(Default)]
struct Renderer {
    blocks: Vec<String>,
    current: String,
}

impl Renderer {
    fn render(&mut self, node: ego_tree::NodeRef<'_, Node>, pruned: &HashSet<NodeId>) {
        match node.value() {
            Node::Text(t) => self.push_text(t),
            Node::Element(e) => {
                if pruned.contains(&node.id()) {
                    return;
                }
                let name = e.name();
                if name == "br" {
                    self.block();
                    return;
                }
                let is_block = BLOCK_TAGS.contains(&name);
                if is_block {
                    self.block();
                }
                for child in node.children() {
                    self.render(child, pruned);
                }
                if is_block {
                    self.block();
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, t: &str) {
        let mut words = t.split_whitespace();
        let Some(first) = words.next() else {
            if !t.is_empty() && !self.current.is_empty() && !self.current.ends_with(' ') {
                self.current.push(' ');
            }
            return;
        };
        if t.starts_with(char::is_whitespace) && !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
        self.current.push_str(first);
        for w in words {
            self.current.push(' ');
            self.current.push_str(w);
        }
        if t.ends_with(char::is_whitespace) {
            self.current.push(' ');
        }
    }

    fn block(&mut self) {
        let text = self.current.trim().to_string();
        self.current.clear();
        if !text.is_empty() && !is_noise_block(&text) {
            self.blocks.push(text);
        }
    }

    fn finish(mut self) -> String {
        self.block();
        self.blocks.join("\n\n")
    }
}

/// Short blocks that are page furniture even inside the article: photo credits, share
/// prompts, "read more" links.
fn is_noise_block(text: &str) -> bool {
    if text.len() > 160 {
        return false;
    }
    let lower = text.to_lowercase();
    const PREFIXES: &[&str] = &[
        "photo by ",
        "photo:",
        "photo credit",
        "image:",
        "image credit",
        "image by ",
        "credit:",
        "share this",
        "share:",
        "share on",
        "follow us",
        "read more",
        "related:",
        "advertisement",
        "click here",
        "subscribe",
        "sign up",
        "tweet",
        "(photo",
        "pictured:",
    ];
    PREFIXES.iter().any(|p| lower.starts_with(p))
        || (lower.starts_with("photo") && lower.contains(" on unsplash"))
}

/// Collapses whitespace of inline text such as a title.
pub(crate) fn clean_inline(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html><html><head>
      <title>Acme doses first patient | Wire</title>
      <meta property="og:site_name" content="Acme Wire">
      <meta property="article:published_time" content="2026-02-10T08:00:00Z">
      <link rel="canonical" href="https://wire.example/acme">
      </head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <div class="share-tools"><a href="#">Share on LinkedIn</a></div>
      <article><h1>Acme doses first patient</h1>
        <div class="entry-content">
          <p>BOSTON, Feb. 10, 2026 -- Acme Bio, Inc. today announced that the first patient was dosed with AB-101, an allogeneic CAR-T.</p>
          <figure><img src="x.jpg"><figcaption>Photo by Jane Doe on Unsplash</figcaption></figure>
          <p>Photo by Someone on Unsplash</p>
          <h2>About Acme Bio</h2>
          <p>Acme Bio develops cell therapies for autoimmune disease, with programs in lupus, myositis and more.</p>
        </div></article>
      <aside class="sidebar"><p>More news: Other company raises money in a big round of financing today.</p></aside>
      <footer>© 2026 Acme Wire</footer></body></html>"##;

    #[test]
    fn main_text_drops_furniture_and_keeps_sections() {
        let (meta, text) = extract(PAGE);
        assert!(text.starts_with("BOSTON, Feb. 10, 2026 -- Acme Bio"), "{text}");
        assert!(text.contains("\n\nAbout Acme Bio\n\nAcme Bio develops"), "{text}");
        for furniture in ["Home", "Share on", "Unsplash", "More news", "©"] {
            assert!(!text.contains(furniture), "{furniture} leaked into {text}");
        }
        assert_eq!(meta.title.as_deref(), Some("Acme doses first patient"));
        assert_eq!(meta.published.as_deref(), Some("2026-02-10"));
        assert_eq!(meta.publisher.as_deref(), Some("Acme Wire"));
        assert_eq!(meta.canonical_url.as_deref(), Some("https://wire.example/acme"));
    }

    #[test]
    fn json_ld_comes_before_meta_tags() {
        let page = r#"<html><head><meta property="og:title" content="og title">
          <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"LD headline",
          "datePublished":"2025-03-01","publisher":{"name":"LD Wire"}}]}</script>
          <script type="application/ld+json">{broken</script></head><body><p>x</p></body></html>"#;
        let (meta, _) = extract(page);
        assert_eq!(meta.title.as_deref(), Some("LD headline"));
        assert_eq!(meta.published.as_deref(), Some("2025-03-01"));
        assert_eq!(meta.publisher.as_deref(), Some("LD Wire"));
    }

    #[test]
    fn hidden_elements_roles_and_styles_are_pruned() {
        let para = "Acme Bio today announced that the first patient was dosed, in a long enough sentence.";
        let page = format!(
            r#"<html><body><form id="aspnetForm"><div class="story">
              <p>{para}</p>
              <p hidden>HIDDEN-ATTR text that no reader sees on the page at all, long enough.</p>
              <div aria-hidden="true"><p>ARIA-HIDDEN text that no reader sees on the page at all.</p></div>
              <div aria-hidden="false"><p>ARIA-SHOWN text that readers do see on the page, long enough.</p></div>
              <div style="Display: None"><p>STYLE-HIDDEN text that no reader sees on the page at all.</p></div>
              <div role="navigation"><p>ROLE-NAV text of links to the other sections of the site.</p></div>
              <div class="sidebar"><div class="share"><p>NESTED-WIDGET text inside a widget.</p></div></div>
              <p>{para}</p></div></form></body></html>"#
        );
        let (_, text) = extract(&page);
        // The form wraps the whole page, so it is kept although forms are furniture.
        assert!(text.starts_with("Acme Bio today announced"), "{text}");
        assert!(text.contains("ARIA-SHOWN"), "{text}");
        for gone in ["HIDDEN-ATTR", "ARIA-HIDDEN", "STYLE-HIDDEN", "ROLE-NAV", "NESTED-WIDGET"] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
    }

    #[test]
    fn class_words_match_whole_words_only() {
        let page = r#"<html><body><div class="shareholder-letter"><p>Dear shareholders, this letter is long enough to count as a paragraph of text.</p></div></body></html>"#;
        let (_, text) = extract(page);
        assert!(text.contains("Dear shareholders"), "{text}");
    }
}
