//! Where releases are listed: RSS and Atom feeds, sitemaps, and newsroom listing pages. Each
//! function turns a listing's bytes into the absolute URLs of the releases it names; none does
//! I/O, so the crawler can feed them bytes from any transport.

use quick_xml::events::Event;
use scraper::{Html, Selector};
use url::Url;

/// Errors while reading a listing; each names the listing's URL.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The feed does not parse.
    #[error("`{url}` is not a valid RSS or Atom feed: {message}")]
    Feed {
        /// The feed's URL.
        url: String,
        /// What the feed parser said.
        message: String,
    },
    /// The sitemap does not parse.
    #[error("`{url}` is not a valid sitemap: {message}")]
    Sitemap {
        /// The sitemap's URL.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// A CSS selector of the configuration does not parse.
    #[error("invalid CSS selector `{selector}`")]
    Selector {
        /// The selector.
        selector: String,
    },
}

/// The entries of an RSS, Atom or JSON feed, as absolute URLs, in feed order.
pub fn feed_links(bytes: &[u8], feed_url: &str) -> Result<Vec<String>, SourceError> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|e| SourceError::Feed { url: feed_url.to_string(), message: e.to_string() })?;
    let base = Url::parse(feed_url).ok();
    let mut out = Vec::new();
    for entry in feed.entries {
        // An entry's first link is the release; some feeds put it only in the id.
        let href = entry.links.first().map(|l| l.href.clone()).unwrap_or(entry.id);
        if let Some(u) = absolute(base.as_ref(), href.trim()) {
            push_unique(&mut out, u);
        }
    }
    Ok(out)
}

/// The `<loc>` URLs of a sitemap; for a sitemap index, the URLs of the sitemaps it lists.
pub fn sitemap_links(bytes: &[u8], sitemap_url: &str) -> Result<Vec<String>, SourceError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let base = Url::parse(sitemap_url).ok();
    let mut out = Vec::new();
    // The text of the <loc> being read; entity references arrive as their own events.
    let mut loc: Option<String> = None;
    let mut buf = Vec::new();
    let err = |message: String| SourceError::Sitemap { url: sitemap_url.to_string(), message };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                if e.local_name().as_ref() == "loc" {
                    loc = Some(String::new());
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(t.as_ref());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Ok(Event::End(_)) => {
                if let Some(text) = loc.take() {
                    if let Some(u) = absolute(base.as_ref(), text.trim()) {
                        push_unique(&mut out, u);
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(err(format!("at byte {}: {e}", reader.buffer_position()))),
        }
        buf.clear();
    }
    if out.is_empty()
        && !String::from_utf8_lossy(bytes).contains("urlset")
        && !String::from_utf8_lossy(bytes).contains("sitemapindex")
    {
        return Err(err("no <urlset> or <sitemapindex>".into()));
    }
    Ok(out)
}

/// The release links of a newsroom listing page, and the next page's URL if the page has one.
pub fn listing_links(
    html: &str,
    page_url: &str,
    link_selector: &str,
    next_selector: Option<&str>,
) -> Result<(Vec<String>, Option<String>), SourceError> {
    let select = |s: &str| Selector::parse(s).map_err(|_| SourceError::Selector { selector: s.to_string() });
    let links = select(link_selector)?;
    let next = next_selector.map(select).transpose()?;
    let doc = Html::parse_document(html);
    let base = Url::parse(page_url).ok();
    let mut out = Vec::new();
    for a in doc.select(&links) {
        if let Some(u) = a.value().attr("href").and_then(|h| absolute(base.as_ref(), h.trim())) {
            push_unique(&mut out, u);
        }
    }
    let next_url = next
        .and_then(|n| doc.select(&n).next())
        .and_then(|a| a.value().attr("href"))
        .and_then(|h| absolute(base.as_ref(), h.trim()))
        .filter(|u| u != page_url);
    Ok((out, next_url))
}

/// Resolves a link against its page; only http, https and file links are kept, without
/// their fragment and tracking parameters, so one release has one URL.
fn absolute(base: Option<&Url>, href: &str) -> Option<String> {
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https" | "file").then(|| canonical(url))
}

/// Query parameters that track a reader, not address a page.
fn is_tracking(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "fbclid" | "gclid" | "msclkid" | "mc_cid" | "mc_eid" | "_hsenc" | "_hsmi" | "yclid"
        )
}

/// A URL without fragment and tracking parameters.
pub fn canonical(mut url: Url) -> String {
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    url.to_string()
}

fn push_unique(out: &mut Vec<String>, u: String) {
    if !out.contains(&u) {
        out.push(u);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_atom_entries_become_absolute_urls() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
            <item><title>A</title><link>https://wire.example/a</link></item>
            <item><title>B</title><link>/b</link></item></channel></rss>"#;
        assert_eq!(
            feed_links(rss, "https://wire.example/feed.xml").unwrap(),
            ["https://wire.example/a", "https://wire.example/b"]
        );
        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>N</title><id>x</id><updated>2026-01-01T00:00:00Z</updated>
            <entry><title>A</title><id>a</id><updated>2026-01-01T00:00:00Z</updated><link href="releases/a.html"/></entry></feed>"#;
        assert_eq!(
            feed_links(atom, "file:///srv/news/atom.xml").unwrap(),
            ["file:///srv/news/releases/a.html"]
        );
    }

    #[test]
    fn tracking_parameters_and_fragments_are_dropped() {
        let rss = br#"<rss version="2.0"><channel><title>N</title>
            <item><link>https://w.example/a?utm_source=rss&amp;utm_medium=feed#top</link></item>
            <item><link>https://w.example/b?id=7&amp;fbclid=x</link></item></channel></rss>"#;
        assert_eq!(
            feed_links(rss, "https://w.example/feed").unwrap(),
            ["https://w.example/a", "https://w.example/b?id=7"]
        );
    }

    #[test]
    fn a_broken_feed_is_an_error_naming_it() {
        let err = feed_links(b"<rss><channel><item>", "https://wire.example/feed.xml").unwrap_err();
        assert!(
            err.to_string().starts_with("`https://wire.example/feed.xml` is not a valid RSS or Atom feed"),
            "{err}"
        );
        assert!(feed_links(b"\x00\xff garbage", "https://x/f").is_err());
    }

    #[test]
    fn sitemaps_and_sitemap_indexes() {
        let sm = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://n.example/p/1</loc></url><url><loc> https://n.example/p/2?a=1&amp;b=2 </loc></url></urlset>"#;
        assert_eq!(
            sitemap_links(sm, "https://n.example/sitemap.xml").unwrap(),
            ["https://n.example/p/1", "https://n.example/p/2?a=1&b=2"]
        );
        let idx = br#"<sitemapindex><sitemap><loc>https://n.example/s1.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            sitemap_links(idx, "https://n.example/sitemap.xml").unwrap(),
            ["https://n.example/s1.xml"]
        );
        assert!(sitemap_links(b"<html>not a sitemap</html>", "https://n.example/s").is_err());
    }

    #[test]
    fn listing_pages_give_links_and_the_next_page() {
        let html = r#"<ul><li><a class="r" href="/news/1">One</a></li><li><a class="r" href="/news/2">Two</a></li>
            <li><a href="/about">About</a></li></ul><a class="next" href="?page=2">Next</a>"#;
        let (links, next) = listing_links(html, "https://co.example/news", "a.r", Some("a.next")).unwrap();
        assert_eq!(links, ["https://co.example/news/1", "https://co.example/news/2"]);
        assert_eq!(next.as_deref(), Some("https://co.example/news?page=2"));
        assert!(matches!(
            listing_links(html, "https://co.example/", "a[", None),
            Err(SourceError::Selector { .. })
        ));
    }
}
