//! The biowire HTTP API and its web page.
//!
//! This crate owns the routes over an [`Index`]: `GET /api/search`, `GET /api/records` (the
//! export, JSON or JSON Lines), `GET /api/facets`, `GET /healthz`, and the page at `/`. Queries use
//! the index's query language; the caller injects how antigen and disease values are normalized
//! ([`Normalize`]), so the server knows no dictionary. Index work is blocking and runs on
//! tokio's blocking pool, never on the reactor.
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

use axum::extract::{Query as UrlQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use biowire_index::query_lang::{self, Expr};
use biowire_index::{Index, Query, Sort};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

/// Longest query accepted, in characters: a bound on work per request.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 200;

/// Turns a parsed query into one with canonical antigen and disease values, or says why not.
pub type Normalize = Arc<dyn Fn(Expr) -> Result<Expr, String> + Send + Sync>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    index: Arc<Index>,
    normalize: Normalize,
}

impl AppState {
    /// State over an open index.
    pub fn new(index: Index, normalize: Normalize) -> Self {
        AppState { index: Arc::new(index), normalize }
    }
}

/// The routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/healthz", get(health))
        .route("/api/search", get(search))
        .route("/api/records", get(records))
        .route("/api/facets", get(facets))
        .route("/api/doc/{id}", get(doc_json))
        .route("/doc/{id}", get(doc_page))
        .fallback(not_found)
        .with_state(state)
}

/// Serves until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let loopback = listener.local_addr()?.ip().is_loopback();
    let app = router(state).layer(axum::middleware::from_fn(move |req, next| guard(loopback, req, next)));
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Every response says not to sniff types or be framed; on a loopback address, a request
/// whose `Host` is not a loopback name is refused, so a web page cannot reach the server
/// through a rebound DNS name.
async fn guard(loopback: bool, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let mut res = if loopback && !is_loopback_host(host) {
        ApiError(StatusCode::MISDIRECTED_REQUEST, format!("host `{host}` is not this loopback server"))
            .into_response()
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, header::HeaderValue::from_static("DENY"));
    h.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static("frame-ancestors 'none'"));
    res
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

/// Query-string parameters shared by the API routes.
#[derive(Debug, Default, Deserialize)]
struct Params {
    q: Option<String>,
    limit: Option<usize>,
    sort: Option<String>,
    facets: Option<bool>,
    format: Option<String>,
    records_only: Option<bool>,
    /// `/api/facets`: `records` (default) or `mentions`.
    count: Option<String>,
}

impl Params {
    fn query(&self, state: &AppState) -> Result<Query, ApiError> {
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
        let limit = self.limit.unwrap_or(20).clamp(1, MAX_LIMIT);
        Ok(Query { expr, limit: Some(limit), sort, records_only: self.records_only.unwrap_or(false) })
    }
}

/// Runs index work on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("search task failed: {e}")))?
}

async fn page() -> Html<&'static str> {
    Html(include_str!("../assets/index.html"))
}

/// The evidence view: one release's text with its records beside it (`assets/doc.html`
/// renders `/api/doc/{id}`).
async fn doc_page() -> Html<&'static str> {
    Html(include_str!("../assets/doc.html"))
}

/// One release, its records and its mentions, by content hash (or a unique prefix).
async fn doc_json(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    blocking(move || match state.index.document(&id)? {
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

async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let (documents, records) = blocking(move || Ok(state.index.counts()?)).await?;
    Ok(Json(serde_json::json!({ "status": "ok", "documents": documents, "records": records })))
}

/// One hit as the API returns it.
#[derive(Serialize)]
struct JsonHit {
    /// The release's id: `/doc/{id}` shows it with its evidence.
    id: String,
    score: f32,
    title: Option<String>,
    url: String,
    published: Option<String>,
    snippet: String,
    /// Character ranges of the query's words in the snippet.
    highlights: Vec<(usize, usize)>,
    record: Option<biowire_core::Record>,
    /// `record`, or `mention` for a document whose headline or lead names a filtered antigen
    /// or disease without a record for it.
    #[serde(rename = "match")]
    matched: &'static str,
}

async fn search(
    State(state): State<AppState>,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let query = params.query(&state)?;
    let want_facets = params.facets.unwrap_or(false);
    blocking(move || {
        let hits: Vec<JsonHit> = state
            .index
            .search(&query)?
            .into_iter()
            .map(|h| JsonHit {
                id: h.document.content_sha256.clone(),
                score: h.score,
                title: h.document.title,
                url: h.document.url,
                published: h.document.published,
                snippet: h.snippet,
                highlights: h.highlights,
                record: h.record,
                matched: h.matched.as_str(),
            })
            .collect();
        let mut body = serde_json::json!({ "hits": hits });
        if want_facets {
            let all = Query { limit: None, ..query.clone() };
            body["facets"] = serde_json::to_value(state.index.facets(&all, 10)?).unwrap_or_default();
            body["timeline"] =
                serde_json::to_value(timeline(&state.index.records(&all)?)).unwrap_or_default();
        }
        Ok(Json(body))
    })
    .await
}

/// Milestones per month (`YYYY-MM`), oldest first.
fn timeline(records: &[biowire_core::Record]) -> Vec<(String, usize)> {
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    for r in records {
        let date = r.milestone.date.as_deref().or(r.document.published.as_deref());
        if let Some(month) = date.and_then(|d| d.get(..7)) {
            *months.entry(month.to_string()).or_default() += 1;
        }
    }
    months.into_iter().collect()
}

async fn records(
    State(state): State<AppState>,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Response, ApiError> {
    let query = Query { limit: None, ..params.query(&state)? };
    let jsonl = match params.format.as_deref() {
        None | Some("json") => false,
        Some("jsonl") => true,
        Some(other) => {
            return Err(ApiError(StatusCode::BAD_REQUEST, format!("format `{other}`: use json or jsonl")))
        }
    };
    blocking(move || {
        let records = state.index.records(&query)?;
        let serialize = |e: serde_json::Error| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        if jsonl {
            let mut body = String::new();
            for r in &records {
                body.push_str(&serde_json::to_string(r).map_err(serialize)?);
                body.push('\n');
            }
            return Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response());
        }
        Ok(Json(records).into_response())
    })
    .await
}

async fn facets(
    State(state): State<AppState>,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Json<biowire_index::Facets>, ApiError> {
    let query = params.query(&state)?;
    let mentions = match params.count.as_deref() {
        None | Some("records") => false,
        Some("mentions") => true,
        Some(other) => {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                format!("count `{other}`: use records or mentions"),
            ))
        }
    };
    blocking(move || {
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
