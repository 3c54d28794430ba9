//! The biowire HTTP API and its web page.
//!
//! This crate owns the routes over an [`Index`]: `GET /api/search`, `GET /api/records` (the
//! export, JSON or JSON Lines, in pages with a cursor), `GET /api/facets`, `GET /healthz`, and the page at `/`. Queries use
//! the index's query language; the caller injects how antigen and disease values are normalized
//! ([`Normalize`]), so the server knows no dictionary. Index work is blocking and runs on
//! tokio's blocking pool, never on the reactor. [`serve`] runs its own HTTP/1.1 accept loop
//! over hyper: a header read timeout closes slow and idle connections, and a bound on
//! concurrent connections keeps the rest waiting ([`ServeOptions`]).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use std::sync::Arc;
//! let index = biowire_index::Index::open(std::path::Path::new("biowire-data/index")).unwrap();
//! let state = biowire_serve::AppState::new(index, Arc::new(|e| Ok(e)));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! biowire_serve::serve(listener, state, std::future::pending()).await
//! # }
//! ```

use axum::extract::{FromRequestParts, Query as UrlQuery, State};
use axum::http::{header, request, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use biowire_index::query_lang::{self, Expr};
use biowire_index::{Index, Query, Sort};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Longest query accepted, in characters: a bound on work per request.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 200;

/// Records in one page of `/api/records` when the request does not say.
pub const RECORDS_PAGE: usize = 1000;

/// Most records one page of `/api/records` may ask for.
pub const MAX_RECORDS_LIMIT: usize = 10_000;

/// The response header that carries the cursor of the next page of `/api/records` (also in the
/// JSON body as `next`); absent on the last page.
pub const NEXT_CURSOR: &str = "x-next-cursor";

/// Longest request target (path and query) accepted, in bytes; longer ones get a JSON 414.
/// hyper's own limit (65,534 bytes, answered with an empty 414) stays behind it as a backstop.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Largest header block accepted (names, values and their separators), in bytes; larger ones
/// get a JSON 431. hyper stops reading a head at its read buffer ([`serve_with`] sets 64 KiB) and
/// answers with an empty 431 of its own, so this limit must stay well below that.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Most header fields accepted; more get a JSON 431. hyper is told to parse a few more than
/// this (see [`serve_with`]), so it is this check, not hyper's empty 431, that answers.
pub const MAX_HEADERS: usize = 100;

/// Turns a parsed query into one with canonical antigen and disease values, or says why not.
pub type Normalize = Arc<dyn Fn(Expr) -> Result<Expr, String> + Send + Sync>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    index: Arc<Index>,
    normalize: Normalize,
    /// One permit per core for index work, which is CPU-bound: with a thread per request
    /// (32 at once under load) the cores only switch between them, and each thread's
    /// allocator heap goes cold between its requests, which then fault in fresh pages.
    /// Bounding them cut the CPU time of a search by a quarter and its p99 under 32
    /// connections from hundreds of milliseconds to tens. Waiting requests queue in order.
    index_work: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// State over an open index.
    pub fn new(index: Index, normalize: Normalize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        AppState {
            index: Arc::new(index),
            normalize,
            index_work: Arc::new(tokio::sync::Semaphore::new(cores)),
        }
    }
}

/// The routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/assets/{name}", get(asset))
        .route("/healthz", get(health))
        .route("/api/search", get(search))
        .route("/api/records", get(records))
        .route("/api/facets", get(facets))
        .route("/api/doc/{id}", get(doc_json))
        .route("/doc/{id}", get(doc_page))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(json_errors))
        .with_state(state)
}

/// How [`serve_with`] treats connections.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Longest a client may take to send a request's head (request line and headers), counted
    /// from when the server starts waiting for it: when the connection opens, and again after
    /// each response on a kept-alive connection. A client that has not sent a whole head by
    /// then is disconnected (hyper closes the connection; it sends no 408). This is what
    /// closes idle and half-open connections.
    pub header_read_timeout: Duration,
    /// Most connections served at once. Over the bound the server stops accepting: further
    /// connections wait in the kernel's listen backlog (their connect succeeds, their request
    /// is answered once a served connection closes) rather than being accepted and dropped, so
    /// a burst is served late instead of failing. Slow clients cannot hold a slot for longer
    /// than `header_read_timeout` between requests.
    pub max_connections: usize,
}

impl Default for ServeOptions {
    /// 10 seconds to send a head; 512 connections.
    fn default() -> Self {
        ServeOptions { header_read_timeout: Duration::from_secs(10), max_connections: 512 }
    }
}

/// Header fields hyper parses before it refuses a head itself (with an empty 431): above
/// [`MAX_HEADERS`], so that the guard's JSON 431 answers first.
const HYPER_MAX_HEADERS: usize = MAX_HEADERS + 28;

/// hyper's read buffer per connection, and so the largest head it reads (over it, hyper
/// answers an empty 431): room for [`MAX_URI_BYTES`] plus [`MAX_HEADER_BYTES`], and a bound on
/// memory per connection (hyper's default is about 400 KiB).
const HYPER_MAX_BUF: usize = 64 * 1024;

/// Serves with [`ServeOptions::default`] until `shutdown` completes, then finishes in-flight
/// requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, shutdown, ServeOptions::default()).await
}

/// Serves HTTP/1.1 until `shutdown` completes: then it stops accepting (the listener is
/// closed), closes idle connections, lets requests in flight finish, and returns when every
/// connection has ended.
///
/// The accept loop is our own rather than `axum::serve`, which sets no header read timeout
/// (a thousand idle connections would stay open for ever) and accepts without bound.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    options: ServeOptions,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let loopback = listener.local_addr()?.ip().is_loopback();
    let app = router(state).layer(axum::middleware::from_fn(move |req, next| guard(loopback, req, next)));
    let service = hyper_util::service::TowerToHyperService::new(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_headers(HYPER_MAX_HEADERS)
        .max_buf_size(HYPER_MAX_BUF);
    let bound = options.max_connections.clamp(1, tokio::sync::Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let slots = Arc::new(tokio::sync::Semaphore::new(bound));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors and the like: wait for some to free up.
                    tracing::error!("accept failed: {e}");
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(stream);
        let conn = http.serve_connection(io, service.clone());
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let mut conn = std::pin::pin!(conn);
            let ended = tokio::select! {
                ended = conn.as_mut() => ended,
                _ = stop.changed() => {
                    // hyper closes the connection at once if it is between requests or has
                    // not been sent a byte; otherwise after the response in progress.
                    conn.as_mut().graceful_shutdown();
                    conn.await
                }
            };
            if let Err(e) = ended {
                tracing::debug!("connection ended: {e}");
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(());
    // Every connection holds a slot until it ends.
    let _ = slots.acquire_many(bound as u32).await;
    Ok(())
}

/// An accept error that concerns one connection only (the client gave up): accept the next.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Every response says not to sniff types or be framed; on a loopback address, a request
/// whose `Host` is not a loopback name is refused, so a web page cannot reach the server
/// through a rebound DNS name.
///
/// It also refuses request targets over [`MAX_URI_BYTES`] (414) and header blocks over
/// [`MAX_HEADER_BYTES`] or [`MAX_HEADERS`] fields (431) with a JSON error. hyper refuses heads
/// over its own limits before any of this runs, with an empty body and no hook to change it,
/// so these limits sit below hyper's and hyper's answers are only a backstop for heads too
/// large to buffer.
async fn guard(loopback: bool, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let mut res = if let Some(refused) = head_too_large(req.uri(), req.headers()) {
        refused.into_response()
    } else if loopback && !is_loopback_host(host) {
        ApiError(StatusCode::MISDIRECTED_REQUEST, format!("host `{host}` is not this loopback server"))
            .into_response()
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, header::HeaderValue::from_static("DENY"));
    // The pages load their scripts and styles from `/assets/` and run nothing inline.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    res
}

/// A 414 or 431 for a request head over this server's limits.
fn head_too_large(uri: &axum::http::Uri, headers: &HeaderMap) -> Option<ApiError> {
    let target = uri.path_and_query().map_or(uri.path().len(), |pq| pq.as_str().len());
    if target > MAX_URI_BYTES {
        return Some(ApiError(
            StatusCode::URI_TOO_LONG,
            format!("the request target is {target} bytes; the limit is {MAX_URI_BYTES}"),
        ));
    }
    if headers.len() > MAX_HEADERS {
        return Some(ApiError(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the request has {} header fields; the limit is {MAX_HEADERS}", headers.len()),
        ));
    }
    // As sent: `name: value\r\n`.
    let bytes: usize = headers.iter().map(|(n, v)| n.as_str().len() + v.len() + 4).sum();
    if bytes > MAX_HEADER_BYTES {
        return Some(ApiError(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the request's headers are {bytes} bytes; the limit is {MAX_HEADER_BYTES}"),
        ));
    }
    None
}

/// Makes every error response JSON: an error that a handler did not build as an [`ApiError`]
/// (axum's own rejections, which are `text/plain` or empty) becomes `{"error": "..."}` with
/// its status and other headers (such as `Allow`) kept; its text, if any, is the message.
async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message =
        if text.is_empty() { status.canonical_reason().unwrap_or("error").to_lowercase() } else { text };
    let json = ApiError(status, message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(json.headers().clone());
    Response::from_parts(parts, json.into_body())
}

/// `localhost`, `127.0.0.1`, `[::1]` (any port), or no Host at all (HTTP/1.0 clients).
fn is_loopback_host(host: &str) -> bool {
    if host.is_empty() {
        return true;
    }
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(n, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                n
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// An error as the API returns it: a status and `{"error": "..."}`.
#[derive(Debug)]
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<biowire_index::Error> for ApiError {
    fn from(e: biowire_index::Error) -> Self {
        let status = match e {
            biowire_index::Error::Query { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, e.to_string())
    }
}

/// Query-string parameters shared by the API routes, as written: each is checked where it is
/// read, so an error names the parameter and its value.
#[derive(Debug, Default, Deserialize)]
struct Params {
    q: Option<String>,
    limit: Option<String>,
    sort: Option<String>,
    facets: Option<String>,
    format: Option<String>,
    records_only: Option<String>,
    cursor: Option<String>,
    /// `/api/facets`: `records` (default) or `mentions`.
    count: Option<String>,
}

/// The query string, or a JSON 400 (instead of axum's `text/plain` rejection) when it does not
/// parse (a parameter given twice).
impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut request::Parts, state: &S) -> Result<Self, ApiError> {
        match UrlQuery::<Params>::from_request_parts(parts, state).await {
            Ok(UrlQuery(params)) => Ok(params),
            Err(e) => Err(ApiError(StatusCode::BAD_REQUEST, format!("query string: {}", e.body_text()))),
        }
    }
}

/// A whole number from 1 to `max`, or `default` when the parameter is absent.
fn whole_number(name: &str, value: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    let Some(text) = value else { return Ok(default) };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!("{name} `{}`: expected a whole number from 1 to {max}", shown(text)),
        )),
    }
}

/// A parameter's value as an error message quotes it: at most 64 characters.
fn shown(value: &str) -> String {
    match value.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

/// `true` or `false`, or `false` when the parameter is absent.
fn flag(name: &str, value: Option<&str>) -> Result<bool, ApiError> {
    match value {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!("{name} `{}`: expected true or false", shown(other)),
        )),
    }
}

impl Params {
    /// The search: query, order and `limit` (1 to [`MAX_LIMIT`], 20 by default).
    fn query(&self, state: &AppState) -> Result<Query, ApiError> {
        let limit = whole_number("limit", self.limit.as_deref(), 20, MAX_LIMIT)?;
        Ok(Query { limit: Some(limit), ..self.filter(state)? })
    }

    /// The query and order, without a limit.
    fn filter(&self, state: &AppState) -> Result<Query, ApiError> {
        let text = self.q.as_deref().unwrap_or("");
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                format!("query is longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        let expr = query_lang::parse(text)
            .map_err(|e| ApiError(StatusCode::BAD_REQUEST, format!("invalid query: {e}")))?;
        let expr = expr
            .map(|e| (state.normalize)(e))
            .transpose()
            .map_err(|e| ApiError(StatusCode::BAD_REQUEST, e))?;
        let sort = match self.sort.as_deref() {
            None | Some("best") => Sort::Best,
            Some("date") => Sort::Date,
            Some(other) => {
                return Err(ApiError(StatusCode::BAD_REQUEST, format!("sort `{other}`: use best or date")))
            }
        };
        let records_only = flag("records_only", self.records_only.as_deref())?;
        Ok(Query { expr, limit: None, sort, records_only })
    }
}

/// A page key of the index as the API hands it out: opaque (hex), so clients pass it back
/// unchanged rather than build one.
fn encode_cursor(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The page key in a cursor from [`encode_cursor`], or a 400 naming the cursor.
fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError(
            StatusCode::BAD_REQUEST,
            format!("cursor `{}`: not a cursor from this API (pass `next` back unchanged)", shown(cursor)),
        )
    };
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes: Vec<u8> = cursor
        .as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Some((hex(*hi)? * 16 + hex(*lo)?) as u8),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    // Index keys are the milestone date and the record id, split by U+001F.
    String::from_utf8(bytes).ok().filter(|k| k.contains('\u{1f}')).ok_or_else(bad)
}

/// Runs index work on the blocking pool, at most one task per core at a time.
async fn blocking<T: Send + 'static>(
    work: Arc<tokio::sync::Semaphore>,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let failed = |e: String| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("search task failed: {e}"));
    let permit = work.acquire_owned().await.map_err(|e| failed(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        // Held until the work ends, also when the client has gone and the answer is dropped.
        let _permit = permit;
        f()
    })
    .await
    .map_err(|e| failed(e.to_string()))?
}

async fn page() -> Html<&'static str> {
    Html(include_str!("../assets/index.html"))
}

/// The evidence view: one release's text with its records beside it (`assets/doc.html`
/// renders `/api/doc/{id}`).
async fn doc_page() -> Html<&'static str> {
    Html(include_str!("../assets/doc.html"))
}

/// The pages' scripts and styles (the CSP allows no inline ones).
async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Result<Response, ApiError> {
    const JS: &str = "text/javascript; charset=utf-8";
    const CSS: &str = "text/css; charset=utf-8";
    let (body, kind) = match name.as_str() {
        "common.js" => (include_str!("../assets/common.js"), JS),
        "page.js" => (include_str!("../assets/page.js"), JS),
        "page.css" => (include_str!("../assets/page.css"), CSS),
        "doc.js" => (include_str!("../assets/doc.js"), JS),
        "doc.css" => (include_str!("../assets/doc.css"), CSS),
        _ => return Err(ApiError(StatusCode::NOT_FOUND, format!("no asset `{name}`"))),
    };
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], body).into_response())
}

/// One release, its records and its mentions, by content hash (or a unique prefix).
async fn doc_json(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    blocking(state.index_work.clone(), move || match state.index.document(&id)? {
        Some((document, records, mentions)) => {
            Ok(Json(serde_json::json!({ "document": document, "records": records, "mentions": mentions })))
        }
        None => Err(ApiError(StatusCode::NOT_FOUND, format!("no release with id `{id}`"))),
    })
    .await
}

async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such route".into())
}

/// A route that exists, asked with another method; axum adds the `Allow` header.
async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError(StatusCode::METHOD_NOT_ALLOWED, format!("method {method} is not allowed on {}", uri.path()))
}

async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let (documents, records) = blocking(state.index_work.clone(), move || Ok(state.index.counts()?)).await?;
    Ok(Json(serde_json::json!({ "status": "ok", "documents": documents, "records": records })))
}

/// The body of `/api/search`, serialized as it stands: building a `serde_json::Value` first
/// took a tenth of a search's time.
#[derive(Serialize)]
struct SearchBody {
    hits: Vec<biowire_index::JsonHit>,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<biowire_index::Facets>,
    /// Facets that list only their first values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facets_cut: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Vec<(String, usize)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undated: Option<usize>,
}

async fn search(State(state): State<AppState>, params: Params) -> Result<Json<SearchBody>, ApiError> {
    let query = params.query(&state)?;
    let want_facets = flag("facets", params.facets.as_deref())?;
    blocking(state.index_work.clone(), move || {
        let (hits, total) = state.index.search_with_total(&query)?;
        let hits: Vec<biowire_index::JsonHit> = hits.into_iter().map(Into::into).collect();
        let mut body =
            SearchBody { hits, total, facets: None, facets_cut: Vec::new(), timeline: None, undated: None };
        if want_facets {
            let all = Query { limit: None, ..query.clone() };
            let listed = state.index.listed_facets(&all, false)?;
            (body.facets, body.facets_cut) = (Some(listed.facets), listed.cut);
            let (months, undated) = timeline(&state.index.records(&all)?);
            (body.timeline, body.undated) = (Some(months), Some(undated));
        }
        Ok(Json(body))
    })
    .await
}

/// Milestones per month (`YYYY-MM`) that has any, oldest first, and how many records have no
/// date (neither the milestone's nor the release's).
fn timeline(records: &[biowire_core::Record]) -> (Vec<(String, usize)>, usize) {
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let mut undated = 0;
    for r in records {
        let date = r.milestone.date.as_deref().or(r.document.published.as_deref());
        match date.and_then(|d| d.get(..7)) {
            Some(month) => *months.entry(month.to_string()).or_default() += 1,
            None => undated += 1,
        }
    }
    (months.into_iter().collect(), undated)
}

/// One page of the export: records oldest first (then by id), `limit` of them (1 to
/// [`MAX_RECORDS_LIMIT`], [`RECORDS_PAGE`] by default) after `cursor`. JSON is
/// `{"records": [...], "next": cursor or null}`; JSON Lines is one record a line. Both carry
/// the next cursor in [`NEXT_CURSOR`], absent on the last page.
async fn records(State(state): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let query = params.filter(&state)?;
    let limit = whole_number("limit", params.limit.as_deref(), RECORDS_PAGE, MAX_RECORDS_LIMIT)?;
    let after = params.cursor.as_deref().map(decode_cursor).transpose()?;
    let jsonl = match params.format.as_deref() {
        None | Some("json") => false,
        Some("jsonl") => true,
        Some(other) => {
            return Err(ApiError(StatusCode::BAD_REQUEST, format!("format `{other}`: use json or jsonl")))
        }
    };
    blocking(state.index_work.clone(), move || {
        let (records, next) = state.index.records_page(&query, after.as_deref(), limit)?;
        let next = next.map(|key| encode_cursor(&key));
        let serialize = |e: serde_json::Error| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        let mut res = if jsonl {
            let mut body = String::new();
            for r in &records {
                body.push_str(&serde_json::to_string(r).map_err(serialize)?);
                body.push('\n');
            }
            ([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response()
        } else {
            Json(serde_json::json!({ "records": records, "next": next })).into_response()
        };
        if let Some(next) = next {
            // Hex digits only: always a valid header value.
            if let Ok(value) = header::HeaderValue::from_str(&next) {
                res.headers_mut().insert(NEXT_CURSOR, value);
            }
        }
        Ok(res)
    })
    .await
}

async fn facets(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<biowire_index::Facets>, ApiError> {
    let query = params.query(&state)?;
    let mentions = match params.count.as_deref() {
        None | Some("records") => false,
        Some("mentions") => true,
        Some(other) => {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                format!("count `{}`: use records or mentions", shown(other)),
            ))
        }
    };
    blocking(state.index_work.clone(), move || {
        Ok(Json(if mentions {
            state.index.mention_facets(&query, 20)?
        } else {
            state.index.facets(&query, 20)?
        }))
    })
    .await
}

#[cfg(test)]
mod tests;
