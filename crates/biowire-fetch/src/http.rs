//! Polite HTTP fetching: robots.txt per host (cached, Crawl-delay honored), a pause between two
//! requests to one host, retries with exponential backoff and jitter on timeouts, 429 and 5xx
//! (`Retry-After` honored, other 4xx not retried), conditional GET, a redirect limit, and a
//! body size limit enforced while streaming, so a huge page is never held in memory.

use biowire_core::FetchedPage;
use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Errors of the HTTP fetcher; each names the URL.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The URL does not parse or is not http(s).
    #[error("`{0}` is not an http(s) URL")]
    BadUrl(String),
    /// The server answered with an error status, after retries where they apply.
    #[error("`{url}` answered {status}")]
    Status {
        /// The URL.
        url: String,
        /// The final status.
        status: u16,
    },
    /// No answer in time, after retries.
    #[error("`{url}` timed out after {attempts} attempts")]
    Timeout {
        /// The URL.
        url: String,
        /// Attempts made.
        attempts: u32,
    },
    /// Too many redirects, or another transport failure.
    #[error("`{url}`: {message}")]
    Transport {
        /// The URL.
        url: String,
        /// What failed.
        message: String,
    },
    /// The body is bigger than the limit.
    #[error("`{url}` is over the {limit}-byte limit")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in force.
        limit: u64,
    },
}

/// Cache validators of a page, kept between crawls for conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// What fetching a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpOutcome {
    /// A page, with its validators.
    Page(FetchedPage, Validators),
    /// 304: unchanged since the validators were taken.
    NotModified,
    /// robots.txt disallows the URL for our user agent.
    Disallowed,
}

/// Settings of the fetcher.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Sent with every request and matched against robots.txt groups.
    pub user_agent: String,
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Retries after the first attempt, for timeouts, 429 and 5xx.
    pub retries: u32,
    /// First backoff; each retry doubles it, plus up to 50% jitter.
    pub backoff: Duration,
    /// Longest `Retry-After` honored; longer ones are capped.
    pub max_retry_after: Duration,
    /// Pause between two requests to one host (robots.txt Crawl-delay wins when longer).
    pub host_delay: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            user_agent: format!("biowire/{}", env!("CARGO_PKG_VERSION")),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_bytes: crate::DEFAULT_MAX_BYTES,
            retries: 3,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(120),
            host_delay: Duration::from_secs(1),
        }
    }
}

/// A host's robots.txt rules, or none when it has no usable robots.txt.
type Robots = Option<Arc<texting_robots::Robot>>;

/// A boxed future, so that [`Hosts`] can be used as a trait object.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Where a fetcher books its turns at each host and finds robots.txt already read: by default
/// this process alone; with a shared store, every worker of a crawl, so that the pause between
/// two requests to a host and the one robots.txt request hold across machines.
pub trait Hosts: Send + Sync {
    /// Books the next turn at `origin`, at least `delay` after the turn booked before it by
    /// anyone, and says how long to wait for it.
    fn book<'a>(&'a self, origin: &'a str, delay: Duration) -> BoxFuture<'a, Duration>;
    /// The robots.txt another worker read for `origin`: `Some(None)` when it has none, `None`
    /// when nobody has read it yet (or long ago).
    fn cached_robots<'a>(&'a self, origin: &'a str) -> BoxFuture<'a, Option<Option<Vec<u8>>>>;
    /// Keeps what `origin`'s robots.txt said, for the other workers.
    fn save_robots<'a>(&'a self, origin: &'a str, body: Option<&'a [u8]>) -> BoxFuture<'a, ()>;
}

/// The polite HTTP fetcher. Share one per crawl: it remembers robots.txt and when each host
/// was last asked.
pub struct HttpFetcher {
    client: reqwest::Client,
    options: HttpOptions,
    robots: Mutex<HashMap<String, Robots>>,
    next_slot: Mutex<HashMap<String, Instant>>,
    shared: Option<Arc<dyn Hosts>>,
}

impl HttpFetcher {
    /// A fetcher with the given settings.
    pub fn new(options: HttpOptions) -> Result<Self, HttpError> {
        let client = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
            .build()
            .map_err(|e| HttpError::Transport { url: String::new(), message: e.to_string() })?;
        Ok(HttpFetcher {
            client,
            options,
            robots: Mutex::new(HashMap::new()),
            next_slot: Mutex::new(HashMap::new()),
            shared: None,
        })
    }

    /// This fetcher, booking its turns and reading robots.txt through `hosts`, which other
    /// workers share, instead of in this process alone.
    pub fn with_hosts(mut self, hosts: Arc<dyn Hosts>) -> Self {
        self.shared = Some(hosts);
        self
    }

    /// Fetches a URL politely; with validators, asks only for a changed page.
    pub async fn fetch(&self, url: &str, validators: Option<&Validators>) -> Result<HttpOutcome, HttpError> {
        self.fetch_paced(url, validators, self.options.host_delay).await
    }

    /// As [`HttpFetcher::fetch`], with this pause between two requests to the URL's host (a
    /// source's own `delay_ms`; robots.txt Crawl-delay still wins when longer). One fetcher
    /// serves every source of a pass, so two sources on one host share its pace.
    pub async fn fetch_paced(
        &self,
        url: &str,
        validators: Option<&Validators>,
        host_delay: Duration,
    ) -> Result<HttpOutcome, HttpError> {
        let parsed = url::Url::parse(url).map_err(|_| HttpError::BadUrl(url.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(HttpError::BadUrl(url.to_string()));
        }
        let origin = parsed.origin().ascii_serialization();
        let robots = self.robots_for(&origin, host_delay).await;
        if let Some(r) = &robots {
            if !r.allowed(url) {
                return Ok(HttpOutcome::Disallowed);
            }
        }
        let crawl_delay = robots.as_ref().and_then(|r| r.delay).map(|d| Duration::from_secs_f32(d.max(0.0)));
        let delay = crawl_delay.map_or(host_delay, |d| d.max(host_delay));
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.wait_turn(&origin, delay).await;
            let mut req = self.client.get(url);
            if let Some(v) = validators {
                if let Some(e) = &v.etag {
                    req = req.header(IF_NONE_MATCH, e);
                }
                if let Some(m) = &v.last_modified {
                    req = req.header(IF_MODIFIED_SINCE, m);
                }
            }
            let retry_in = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    if status == StatusCode::NOT_MODIFIED {
                        return Ok(HttpOutcome::NotModified);
                    }
                    if status.is_success() {
                        return self.read_page(url, resp).await;
                    }
                    let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
                    if !retryable || attempt > self.options.retries {
                        return Err(HttpError::Status { url: url.to_string(), status: status.as_u16() });
                    }
                    retry_after(resp.headers()).map(|d| d.min(self.options.max_retry_after))
                }
                Err(e) if e.is_timeout() || e.is_connect() => {
                    if attempt > self.options.retries {
                        if e.is_timeout() {
                            return Err(HttpError::Timeout { url: url.to_string(), attempts: attempt });
                        }
                        return Err(HttpError::Transport { url: url.to_string(), message: error_chain(&e) });
                    }
                    None
                }
                Err(e) => {
                    return Err(HttpError::Transport { url: url.to_string(), message: error_chain(&e) })
                }
            };
            tokio::time::sleep(retry_in.unwrap_or_else(|| self.backoff(attempt))).await;
        }
    }

    /// Exponential backoff with jitter, so many crawlers do not retry in lockstep.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.options.backoff.saturating_mul(1 << (attempt - 1).min(10));
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        base + base.mul_f64(f64::from(nanos % 500) / 1000.0)
    }

    /// Sleeps until this host may be asked again, and books the next slot.
    async fn wait_turn(&self, origin: &str, delay: Duration) {
        if let Some(shared) = &self.shared {
            let wait = shared.book(origin, delay).await;
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            return;
        }
        let wait = {
            let mut slots = self.next_slot.lock().await;
            let now = Instant::now();
            let slot = slots.get(origin).copied().filter(|t| *t > now).unwrap_or(now);
            slots.insert(origin.to_string(), slot + delay);
            slot.saturating_duration_since(now)
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// robots.txt of an origin, fetched once. A missing or unreadable robots.txt allows all,
    /// as the robots exclusion standard says for 4xx; 5xx and timeouts allow too, and are
    /// logged, so one broken server does not stop a crawl.
    async fn robots_for(&self, origin: &str, host_delay: Duration) -> Robots {
        if let Some(r) = self.robots.lock().await.get(origin) {
            return r.clone();
        }
        let parse =
            |body: &[u8]| texting_robots::Robot::new(&self.options.user_agent, body).ok().map(Arc::new);
        if let Some(shared) = &self.shared {
            if let Some(cached) = shared.cached_robots(origin).await {
                let rules = cached.as_deref().and_then(parse);
                self.robots.lock().await.insert(origin.to_string(), rules.clone());
                return rules;
            }
            // Other workers count this request in the host's pace too; one of them may have
            // read robots.txt while this one waited for its turn.
            self.wait_turn(origin, host_delay).await;
            if let Some(cached) = shared.cached_robots(origin).await {
                let rules = cached.as_deref().and_then(parse);
                self.robots.lock().await.insert(origin.to_string(), rules.clone());
                return rules;
            }
        }
        let url = format!("{origin}/robots.txt");
        let mut body_read: Option<Vec<u8>> = None;
        let rules = match self.client.get(&url).send().await {
            Ok(resp) if resp.status().is_success() => match resp.bytes().await {
                Ok(body) => {
                    body_read = Some(body.to_vec());
                    parse(&body)
                }
                Err(_) => None,
            },
            Ok(resp) => {
                tracing::debug!(url = %url, status = resp.status().as_u16(), "no robots.txt");
                None
            }
            Err(e) => {
                tracing::warn!(url = %url, error = %e, "robots.txt unreachable; crawling as allowed");
                None
            }
        };
        if let Some(shared) = &self.shared {
            shared.save_robots(origin, body_read.as_deref()).await;
        }
        self.robots.lock().await.insert(origin.to_string(), rules.clone());
        rules
    }

    /// Reads a body chunk by chunk, refusing it as soon as it passes the limit.
    async fn read_page(&self, url: &str, mut resp: reqwest::Response) -> Result<HttpOutcome, HttpError> {
        let limit = self.options.max_bytes;
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(HttpError::TooLarge { url: url.to_string(), limit });
        }
        let headers = resp.headers().clone();
        let final_url = resp.url().to_string();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        return Err(HttpError::TooLarge { url: url.to_string(), limit });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    return Err(HttpError::Timeout { url: url.to_string(), attempts: 1 })
                }
                Err(e) => {
                    return Err(HttpError::Transport { url: url.to_string(), message: error_chain(&e) })
                }
            }
        }
        let header = |name| {
            headers.get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_string)
        };
        let validators = Validators { etag: header(ETAG), last_modified: header(LAST_MODIFIED) };
        let page = FetchedPage { url: final_url, bytes: body, content_type: header(CONTENT_TYPE) };
        Ok(HttpOutcome::Page(page, validators))
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare on APIs and treated as absent).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    v.parse::<u64>().ok().map(Duration::from_secs)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn fast() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_millis(500),
            connect_timeout: Duration::from_millis(500),
            retries: 2,
            backoff: Duration::from_millis(20),
            host_delay: Duration::ZERO,
            ..HttpOptions::default()
        }
    }

    async fn server_with_robots(robots: &str) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/robots.txt"))
            .respond_with(ResponseTemplate::new(200).set_body_string(robots))
            .mount(&server)
            .await;
        server
    }

    fn page(outcome: HttpOutcome) -> (FetchedPage, Validators) {
        match outcome {
            HttpOutcome::Page(p, v) => (p, v),
            other => panic!("expected a page, got {other:?}"),
        }
    }

    /// What other workers would share: every booked turn, and robots.txt bodies by origin.
    #[derive(Default)]
    struct SharedBook {
        turns: std::sync::Mutex<Vec<(String, Duration)>>,
        robots: std::sync::Mutex<HashMap<String, Option<Vec<u8>>>>,
    }

    impl Hosts for SharedBook {
        fn book<'a>(&'a self, origin: &'a str, delay: Duration) -> BoxFuture<'a, Duration> {
            self.turns.lock().unwrap().push((origin.to_string(), delay));
            Box::pin(async { Duration::ZERO })
        }
        fn cached_robots<'a>(&'a self, origin: &'a str) -> BoxFuture<'a, Option<Option<Vec<u8>>>> {
            let cached = self.robots.lock().unwrap().get(origin).cloned();
            Box::pin(async move { cached })
        }
        fn save_robots<'a>(&'a self, origin: &'a str, body: Option<&'a [u8]>) -> BoxFuture<'a, ()> {
            self.robots.lock().unwrap().insert(origin.to_string(), body.map(<[u8]>::to_vec));
            Box::pin(async {})
        }
    }

    #[tokio::test]
    async fn shared_hosts_book_every_request_and_share_robots_txt() {
        let server = server_with_robots("User-agent: *\nDisallow: /private\n").await;
        Mock::given(method("GET"))
            .and(path("/news/1"))
            .respond_with(ResponseTemplate::new(200).set_body_string("one"))
            .mount(&server)
            .await;
        let book = Arc::new(SharedBook::default());
        let first = HttpFetcher::new(fast()).unwrap().with_hosts(book.clone());
        let url = format!("{}/news/1", server.uri());
        first.fetch_paced(&url, None, Duration::from_millis(250)).await.unwrap();
        let turns = book.turns.lock().unwrap().clone();
        let turn = (server.uri(), Duration::from_millis(250));
        assert_eq!(turns, [turn.clone(), turn], "robots.txt and the page each take a turn");
        // Another worker reads robots.txt from the book, not from the host.
        let second = HttpFetcher::new(fast()).unwrap().with_hosts(book.clone());
        let private = format!("{}/private/x", server.uri());
        assert_eq!(second.fetch(&private, None).await.unwrap(), HttpOutcome::Disallowed);
        let asked = server.received_requests().await.unwrap();
        assert_eq!(asked.iter().filter(|r| r.url.path() == "/robots.txt").count(), 1);
        assert_eq!(book.turns.lock().unwrap().len(), 2, "a disallowed URL is not requested");
    }

    #[tokio::test]
    async fn robots_disallow_and_crawl_delay() {
        let server = server_with_robots("User-agent: *\nDisallow: /private\nCrawl-delay: 0.3\n").await;
        Mock::given(method("GET"))
            .and(path("/news/1"))
            .respond_with(ResponseTemplate::new(200).set_body_string("one"))
            .mount(&server)
            .await;
        let f = HttpFetcher::new(fast()).unwrap();
        let private = format!("{}/private/x", server.uri());
        assert_eq!(f.fetch(&private, None).await.unwrap(), HttpOutcome::Disallowed);
        let url = format!("{}/news/1", server.uri());
        let start = Instant::now();
        f.fetch(&url, None).await.unwrap();
        f.fetch(&url, None).await.unwrap();
        assert!(start.elapsed() >= Duration::from_millis(300), "Crawl-delay spaces requests to one host");
    }

    #[tokio::test]
    async fn retry_after_429_then_success_and_500_then_success() {
        let server = server_with_robots("").await;
        Mock::given(method("GET"))
            .and(path("/busy"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/busy"))
            .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/flaky"))
            .respond_with(ResponseTemplate::new(500))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/flaky"))
            .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
            .mount(&server)
            .await;
        let f = HttpFetcher::new(fast()).unwrap();
        let start = Instant::now();
        let (p, _) = page(f.fetch(&format!("{}/busy", server.uri()), None).await.unwrap());
        assert_eq!(p.bytes, b"ok");
        assert!(start.elapsed() >= Duration::from_secs(1), "Retry-After is honored");
        let (p, _) = page(f.fetch(&format!("{}/flaky", server.uri()), None).await.unwrap());
        assert_eq!(p.bytes, b"ok");
    }

    #[tokio::test]
    async fn client_errors_are_not_retried_and_server_errors_give_up() {
        let server = server_with_robots("").await;
        Mock::given(method("GET"))
            .and(path("/gone"))
            .respond_with(ResponseTemplate::new(404))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/down"))
            .respond_with(ResponseTemplate::new(503))
            .expect(3)
            .mount(&server)
            .await;
        let f = HttpFetcher::new(fast()).unwrap();
        let e = f.fetch(&format!("{}/gone", server.uri()), None).await.unwrap_err();
        assert!(matches!(e, HttpError::Status { status: 404, .. }), "{e}");
        let e = f.fetch(&format!("{}/down", server.uri()), None).await.unwrap_err();
        assert!(e.to_string().ends_with("answered 503"), "{e}");
    }

    #[tokio::test]
    async fn timeouts_redirect_loops_and_huge_bodies_fail_cleanly() {
        let server = server_with_robots("").await;
        Mock::given(method("GET"))
            .and(path("/slow"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/loop"))
            .respond_with(ResponseTemplate::new(302).insert_header("Location", "/loop"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/huge"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 30 * 1024 * 1024]))
            .mount(&server)
            .await;
        let f = HttpFetcher::new(HttpOptions { retries: 1, ..fast() }).unwrap();
        let e = f.fetch(&format!("{}/slow", server.uri()), None).await.unwrap_err();
        assert!(matches!(e, HttpError::Timeout { attempts: 2, .. }), "{e}");
        let e = f.fetch(&format!("{}/loop", server.uri()), None).await.unwrap_err();
        assert!(e.to_string().contains("/loop") && e.to_string().contains("redirect"), "{e}");
        let e = f.fetch(&format!("{}/huge", server.uri()), None).await.unwrap_err();
        assert!(matches!(e, HttpError::TooLarge { limit, .. } if limit == crate::DEFAULT_MAX_BYTES), "{e}");
    }

    #[tokio::test]
    async fn conditional_get_and_declared_charset() {
        let server = server_with_robots("").await;
        Mock::given(method("GET"))
            .and(path("/r"))
            .and(header("If-None-Match", "\"v1\""))
            .respond_with(ResponseTemplate::new(304))
            .mount(&server)
            .await;
        Mock::given(method("GET")).and(path("/r")).respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"v1\"")
                .insert_header("Content-Type", "text/html; charset=windows-1252")
                .set_body_bytes(b"<html><body><p>Caf\xe9 Bio doses its first patient with a long enough sentence.</p></body></html>".to_vec()),
        ).mount(&server).await;
        let f = HttpFetcher::new(fast()).unwrap();
        let url = format!("{}/r", server.uri());
        let (p, v) = page(f.fetch(&url, None).await.unwrap());
        assert_eq!(v.etag.as_deref(), Some("\"v1\""));
        assert_eq!(p.content_type.as_deref(), Some("text/html; charset=windows-1252"));
        assert_eq!(f.fetch(&url, Some(&v)).await.unwrap(), HttpOutcome::NotModified);
    }
}
