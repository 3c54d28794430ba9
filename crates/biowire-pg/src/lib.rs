//! PostgreSQL as the store that many crawl workers and read nodes share, for a team that
//! outgrows one machine (the default stays redb, a documents folder and tantivy, with no
//! server). This crate owns the schema and its migrations, the crawl frontier with its leases
//! (`SELECT … FOR UPDATE SKIP LOCKED`), the per-host pace and robots.txt every worker honours
//! ([`biowire_fetch::http::Hosts`]), documents and records upserted by their stable ids, and
//! the numbered change log read nodes follow into their own tantivy index.
//!
//! Every document change takes its number under one advisory lock, in the transaction that
//! makes it, so numbers are taken in commit order: a follower that has read change N has
//! every change before it, and never skips one committed late.

use biowire_core::{Document, Mention, Record};
use biowire_fetch::http::{BoxFuture, Hosts, Validators};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio_postgres::{Client, GenericClient, NoTls, Statement};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The advisory lock that orders document changes (an arbitrary constant of this schema).
const CHANGE_LOCK: i64 = 0x6269_6f77_6972_6501;
/// The advisory lock held while migrations run, so workers started together migrate once.
const MIGRATE_LOCK: i64 = 0x6269_6f77_6972_6502;
/// The channel a change is announced on, for followers that listen instead of polling.
pub const CHANNEL: &str = "biowire_changes";
/// How long another worker's robots.txt stays good.
const ROBOTS_TTL_SECS: f64 = 24.0 * 3600.0;

/// An error of the shared store; it names the database (without its password).
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// The database refused or failed a statement, or could not be reached.
    #[error("PostgreSQL at `{url}`: {message}")]
    Db {
        /// The connection URL, password removed.
        url: String,
        /// What went wrong, with the server's detail.
        message: String,
    },
    /// The schema migration failed.
    #[error("PostgreSQL at `{url}`: migrating the schema failed: {message}")]
    Migrate {
        /// The connection URL, password removed.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// A stored row does not read back as a document or record.
    #[error("PostgreSQL at `{url}`: stored {what} `{id}` does not read back: {message}")]
    Corrupt {
        /// The connection URL, password removed.
        url: String,
        /// `document` or `record`.
        what: &'static str,
        /// The row's id.
        id: String,
        /// The decoding error.
        message: String,
    },
}

/// Results of this crate.
pub type Result<T, E = PgError> = std::result::Result<T, E>;

/// A release URL a worker claimed: it holds it until its lease ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The release URL.
    pub url: String,
    /// The source that listed it.
    pub source: String,
    /// Validators of the last fetch, for a conditional GET.
    pub validators: Validators,
    /// Hash of the bytes last fetched: the same bytes need no parse.
    pub bytes_sha256: Option<String>,
    /// Failed fetches in a row before this claim.
    pub failures: i32,
}

/// How a claimed URL ended without a new document.
#[derive(Debug, Clone, Copy)]
pub enum Finished<'a> {
    /// Fetched (or answered 304, or disallowed): done until it is listed again after the
    /// refetch time.
    Seen {
        /// The validators to send next time.
        validators: &'a Validators,
        /// Hash of the bytes fetched, when a body came.
        bytes_sha256: Option<&'a str>,
        /// What happened (`not_modified`, `disallowed`, `declined`, `ok`).
        status: &'a str,
    },
    /// The fetch or the parse failed: due again after `retry_in` (the caller's backoff,
    /// `biowire_fetch::state::retry_wait`, as for the local crawl state).
    Failed {
        /// The error, kept in the row.
        message: &'a str,
        /// How long until the URL is due again.
        retry_in: Duration,
    },
}

/// What storing a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A document the store did not have.
    New,
    /// The same URL's earlier version was replaced.
    Updated,
    /// The same text was already stored from another URL: this URL was added to it.
    Merged,
    /// The store had this document from this URL already.
    Unchanged,
}

/// One entry of the change log, in change order.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A document was added or changed, with its records and mentions.
    Put {
        /// The change number.
        change: i64,
        /// The document.
        document: Box<Document>,
        /// Its records.
        records: Vec<Record>,
        /// Its mentions.
        mentions: Vec<Mention>,
    },
    /// A document was replaced by a newer version of its URL, or forgotten.
    Deleted {
        /// The change number.
        change: i64,
        /// The document's id (its content hash).
        id: String,
    },
}

impl Change {
    /// The change number.
    pub fn number(&self) -> i64 {
        match self {
            Change::Put { change, .. } | Change::Deleted { change, .. } => *change,
        }
    }
}

/// Totals of the store, for `biowire stats` and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Live documents.
    pub documents: i64,
    /// Records of live documents.
    pub records: i64,
    /// Frontier rows by state: due, leased, done.
    pub due: i64,
    /// URLs a worker holds now.
    pub leased: i64,
    /// URLs fetched.
    pub done: i64,
    /// The last change number.
    pub last_change: i64,
}

/// A connection to the shared store, for one worker or read node.
pub struct PgStore {
    client: Mutex<Conn>,
    url: String,
    owner: String,
}

/// Wakes a follower when a change is committed (`LISTEN` on [`CHANNEL`]), on a connection
/// of its own.
pub struct Listener {
    // Kept so the connection stays open; LISTEN lasts as long as it does.
    _client: Client,
    woken: tokio::sync::mpsc::UnboundedReceiver<()>,
}

impl Listener {
    /// Listens for changes. Must be called inside a tokio runtime: the connection runs on it.
    pub async fn connect(url: &str) -> Result<Self> {
        let shown = redacted(url);
        let db = |e: tokio_postgres::Error| PgError::Db { url: shown.clone(), message: error_chain(&e) };
        let (client, mut connection) = config(url).map_err(db)?.connect(NoTls).await.map_err(db)?;
        let (tx, woken) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(message) = futures_util::StreamExt::next(&mut messages).await {
                match message {
                    Ok(tokio_postgres::AsyncMessage::Notification(_)) => {
                        if tx.send(()).is_err() {
                            break;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!("the change listener's connection ended: {}", error_chain(&e));
                        break;
                    }
                }
            }
        });
        client.batch_execute(&format!("LISTEN {CHANNEL}")).await.map_err(db)?;
        Ok(Listener { _client: client, woken })
    }

    /// Waits until a change is announced or `max` has passed (a follower still polls then, in
    /// case the listener's connection was lost). Announcements that came meanwhile count as one.
    pub async fn wait(&mut self, max: Duration) {
        let _ = tokio::time::timeout(max, self.woken.recv()).await;
        while self.woken.try_recv().is_ok() {}
    }
}

/// A connection with its prepared statements: each statement is parsed by the server once
/// per connection, not on every call (half the round trips of a page's transaction).
struct Conn {
    client: Client,
    prepared: HashMap<&'static str, Statement>,
}

/// The prepared form of `sql` on this connection, preparing it the first time.
async fn prepared<C: GenericClient>(
    client: &C,
    cache: &mut HashMap<&'static str, Statement>,
    sql: &'static str,
) -> Result<Statement, tokio_postgres::Error> {
    if let Some(s) = cache.get(sql) {
        return Ok(s.clone());
    }
    let s = client.prepare(sql).await?;
    cache.insert(sql, s.clone());
    Ok(s)
}

/// The connection settings of a URL; a database that does not answer is given up on after
/// 10 seconds unless the URL says otherwise (`connect_timeout=`), where the driver would wait
/// for as long as the operating system does.
fn config(url: &str) -> Result<tokio_postgres::Config, tokio_postgres::Error> {
    let mut config: tokio_postgres::Config = url.parse()?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    Ok(config)
}

/// The URL with its password cut out, for messages.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
}

impl Conn {
    async fn stmt(&mut self, sql: &'static str) -> Result<Statement, tokio_postgres::Error> {
        prepared(&self.client, &mut self.prepared, sql).await
    }
}

impl PgStore {
    /// Connects, and creates or migrates the schema. `owner` names this worker in leases
    /// (host name and process id make a good one). Must be called inside a tokio runtime:
    /// the connection runs on it.
    pub async fn connect(url: &str, owner: &str) -> Result<Self> {
        let shown = redacted(url);
        let db = |e: tokio_postgres::Error| PgError::Db { url: shown.clone(), message: error_chain(&e) };
        let (mut client, connection) = config(url).map_err(db)?.connect(NoTls).await.map_err(db)?;
        let for_log = shown.clone();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(store = %for_log, "connection to the shared store ended: {}", error_chain(&e));
            }
        });
        client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK]).await.map_err(db)?;
        let migrated = embedded::migrations::runner().run_async(&mut client).await;
        client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK]).await.map_err(db)?;
        migrated.map_err(|e| PgError::Migrate { url: shown.clone(), message: e.to_string() })?;
        let conn = Conn { client, prepared: HashMap::new() };
        Ok(PgStore { client: Mutex::new(conn), url: shown, owner: owner.to_string() })
    }

    fn db(&self, e: tokio_postgres::Error) -> PgError {
        PgError::Db { url: self.url.clone(), message: error_chain(&e) }
    }

    /// The database URL, without its password.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Adds the release URLs a source lists. A new URL is due at once; one fetched longer
    /// than `refetch_after` ago is due again; one a worker holds or fetched recently is left
    /// alone, so that workers that all read the same listing fetch each release once.
    pub async fn enqueue(&self, source: &str, urls: &[String], refetch_after: Duration) -> Result<u64> {
        let mut conn = self.client.lock().await;
        let st = conn
            .stmt(
                "INSERT INTO frontier (url, source) SELECT u, $2 FROM unnest($1::text[]) AS u \
                 ON CONFLICT (url) DO UPDATE SET state = 'due', retry_at = '-infinity' \
                 WHERE frontier.state = 'done' \
                   AND frontier.fetched_at < clock_timestamp() - $3 * interval '1 millisecond'",
            )
            .await
            .map_err(|e| self.db(e))?;
        conn.client
            .execute(&st, &[&urls, &source, &(refetch_after.as_secs_f64() * 1000.0)])
            .await
            .map_err(|e| self.db(e))
    }

    /// Claims up to `n` due URLs for `lease`: URLs no one holds, or whose holder's lease
    /// ended (a worker that died). Rows other workers are claiming are skipped, not waited on.
    pub async fn claim(&self, n: usize, lease: Duration) -> Result<Vec<Claim>> {
        let mut conn = self.client.lock().await;
        let st = conn
            .stmt(
                "UPDATE frontier f SET state = 'leased', lease_owner = $1, \
                        lease_until = clock_timestamp() + $2 * interval '1 millisecond' \
                 FROM (SELECT url FROM frontier \
                       WHERE (state = 'due' AND retry_at <= clock_timestamp()) \
                          OR (state = 'leased' AND lease_until < clock_timestamp()) \
                       ORDER BY listed_at, url LIMIT $3 FOR UPDATE SKIP LOCKED) c \
                 WHERE f.url = c.url \
                 RETURNING f.url, f.source, f.etag, f.last_modified, f.bytes_sha256, f.failures, f.listed_at",
            )
            .await
            .map_err(|e| self.db(e))?;
        let rows = conn
            .client
            .query(&st, &[&self.owner, &(lease.as_secs_f64() * 1000.0), &(n as i64)])
            .await
            .map_err(|e| self.db(e))?;
        let mut claims: Vec<(std::time::SystemTime, Claim)> = rows
            .iter()
            .map(|r| {
                (
                    r.get(6),
                    Claim {
                        url: r.get(0),
                        source: r.get(1),
                        validators: Validators { etag: r.get(2), last_modified: r.get(3) },
                        bytes_sha256: r.get(4),
                        failures: r.get(5),
                    },
                )
            })
            .collect();
        claims.sort_by(|a, b| (a.0, &a.1.url).cmp(&(b.0, &b.1.url)));
        Ok(claims.into_iter().map(|(_, c)| c).collect())
    }

    /// How long until the first lease another worker holds ends, or `None` when no URL is
    /// held: a worker with nothing to claim waits this long, then takes over what a dead
    /// worker left.
    pub async fn next_lease_end(&self) -> Result<Option<Duration>> {
        let mut conn = self.client.lock().await;
        let st = conn
            .stmt(
                "SELECT (extract(epoch FROM min(lease_until) - clock_timestamp()))::float8 \
                 FROM frontier WHERE state = 'leased'",
            )
            .await
            .map_err(|e| self.db(e))?;
        let row = conn.client.query_one(&st, &[]).await.map_err(|e| self.db(e))?;
        let secs: Option<f64> = row.get(0);
        Ok(secs.map(|s| Duration::from_secs_f64(s.max(0.0))))
    }

    /// Records how a claimed URL ended when it made no document.
    pub async fn finish(&self, url: &str, how: Finished<'_>) -> Result<()> {
        let mut conn = self.client.lock().await;
        match how {
            Finished::Seen { validators, bytes_sha256, status } => {
                let st = conn
                    .stmt(
                        "UPDATE frontier SET state = 'done', lease_owner = NULL, lease_until = NULL, \
                            fetched_at = clock_timestamp(), etag = $2, last_modified = $3, \
                            bytes_sha256 = coalesce($4, bytes_sha256), failures = 0, status = $5 \
                     WHERE url = $1",
                    )
                    .await
                    .map_err(|e| self.db(e))?;
                conn.client
                    .execute(
                        &st,
                        &[&url, &validators.etag, &validators.last_modified, &bytes_sha256, &status],
                    )
                    .await
                    .map_err(|e| self.db(e))?
            }
            Finished::Failed { message, retry_in } => {
                let st = conn
                    .stmt(
                        "UPDATE frontier SET state = 'due', lease_owner = NULL, lease_until = NULL, \
                            failures = failures + 1, status = $2, \
                            retry_at = clock_timestamp() + $3 * interval '1 millisecond' \
                     WHERE url = $1",
                    )
                    .await
                    .map_err(|e| self.db(e))?;
                let ms = retry_in.as_secs_f64() * 1000.0;
                conn.client
                    .execute(&st, &[&url, &format!("error: {message}"), &ms])
                    .await
                    .map_err(|e| self.db(e))?
            }
        };
        Ok(())
    }

    /// Stores a document fetched from the claimed `url` with its records and mentions, and
    /// marks the URL done, in one transaction: a worker killed before the commit leaves the
    /// URL to its lease, one killed after has lost nothing. Upserts by id: two workers that
    /// fetched the same release make one document.
    pub async fn put_document(
        &self,
        url: &str,
        seen: (&Validators, &str),
        document: &Document,
        records: &[Record],
        mentions: &[Mention],
    ) -> Result<Stored> {
        let mut guard = self.client.lock().await;
        let Conn { client, prepared: cache } = &mut *guard;
        let tx = client.transaction().await.map_err(|e| self.db(e))?;
        let db = |e| self.db(e);
        take_change_lock(&tx, cache).await.map_err(db)?;
        let id = document.content_sha256.as_str();
        let existing = tx
            .query_opt(
                &prepared(&tx, cache, "SELECT body FROM documents WHERE id = $1 AND NOT deleted FOR UPDATE")
                    .await
                    .map_err(db)?,
                &[&id],
            )
            .await
            .map_err(db)?;
        let stored = match existing {
            Some(row) => {
                let body: serde_json::Value = row.get(0);
                let mut held: Document = self.decode("document", id, body)?;
                if held.url == document.url || held.also_at.contains(&document.url) {
                    Stored::Unchanged
                } else {
                    held.also_at.push(document.url.clone());
                    tx.execute(
                        &prepared(&tx, cache, "UPDATE documents SET body = $2, change = nextval('changes'), updated_at = clock_timestamp() WHERE id = $1").await.map_err(db)?,
                        &[&id, &to_json(&held)],
                    )
                    .await
                    .map_err(db)?;
                    // The stored records stay the release's, named by its first URL; only the
                    // list of its other URLs grows, as the document's did.
                    tx.execute(
                        &prepared(
                            &tx,
                            cache,
                            "UPDATE records SET body = jsonb_set(body, '{document,also_at}', $2) WHERE document_id = $1",
                        )
                        .await
                        .map_err(db)?,
                        &[&id, &to_json(&held.also_at)],
                    )
                    .await
                    .map_err(db)?;
                    Stored::Merged
                }
            }
            None => {
                // An earlier version of this URL is replaced, and followers drop it.
                let replaced = tx
                    .execute(
                        &prepared(&tx, cache, "UPDATE documents SET deleted = true, change = nextval('changes'), updated_at = clock_timestamp() \
                         WHERE url = $1 AND id <> $2 AND NOT deleted").await.map_err(db)?,
                        &[&document.url, &id],
                    )
                    .await
                    .map_err(db)?;
                tx.execute(
                    &prepared(&tx, cache, "DELETE FROM records r USING documents d WHERE r.document_id = d.id AND d.deleted AND d.url = $1").await.map_err(db)?,
                    &[&document.url],
                )
                .await
                .map_err(db)?;
                tx.execute(
                    &prepared(&tx, cache, "INSERT INTO documents (id, url, body, mentions, change) VALUES ($1, $2, $3, $4, nextval('changes')) \
                     ON CONFLICT (id) DO UPDATE SET url = excluded.url, body = excluded.body, mentions = excluded.mentions, \
                            deleted = false, change = excluded.change, updated_at = clock_timestamp()").await.map_err(db)?,
                    &[&id, &document.url, &to_json(document), &to_json(&mentions)],
                )
                .await
                .map_err(db)?;
                if replaced > 0 {
                    Stored::Updated
                } else {
                    Stored::New
                }
            }
        };
        if matches!(stored, Stored::New | Stored::Updated) {
            write_records(&tx, cache, id, records).await.map_err(db)?;
        }
        if stored != Stored::Unchanged {
            announce(&tx, cache).await.map_err(db)?;
        }
        let (validators, bytes_sha256) = seen;
        tx.execute(
            &prepared(
                &tx,
                cache,
                "UPDATE frontier SET state = 'done', lease_owner = NULL, lease_until = NULL, \
                    fetched_at = clock_timestamp(), etag = $2, last_modified = $3, bytes_sha256 = $4, \
                    failures = 0, status = 'ok' \
             WHERE url = $1",
            )
            .await
            .map_err(db)?,
            &[&url, &validators.etag, &validators.last_modified, &bytes_sha256],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(stored)
    }

    /// Replaces a stored document's records and mentions (a reindex with a newer extractor):
    /// records keep their ids, so they are updated in place. False when the document is gone.
    pub async fn replace_records(&self, id: &str, records: &[Record], mentions: &[Mention]) -> Result<bool> {
        let mut guard = self.client.lock().await;
        let Conn { client, prepared: cache } = &mut *guard;
        let tx = client.transaction().await.map_err(|e| self.db(e))?;
        let db = |e| self.db(e);
        take_change_lock(&tx, cache).await.map_err(db)?;
        let updated = tx
            .execute(
                &prepared(&tx, cache, "UPDATE documents SET mentions = $2, change = nextval('changes'), updated_at = clock_timestamp() \
                 WHERE id = $1 AND NOT deleted").await.map_err(db)?,
                &[&id, &to_json(&mentions)],
            )
            .await
            .map_err(db)?;
        if updated > 0 {
            write_records(&tx, cache, id, records).await.map_err(db)?;
            announce(&tx, cache).await.map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(updated > 0)
    }

    /// Removes the release at `url` (its first URL or another): the document becomes a
    /// tombstone followers remove, its records go, and its URLs leave the frontier, so the next
    /// crawl that lists one fetches it as new. The number of records removed, or `None` when
    /// no release is at `url`.
    pub async fn forget(&self, url: &str) -> Result<Option<u64>> {
        let mut guard = self.client.lock().await;
        let Conn { client, prepared: cache } = &mut *guard;
        let tx = client.transaction().await.map_err(|e| self.db(e))?;
        let db = |e| self.db(e);
        take_change_lock(&tx, cache).await.map_err(db)?;
        let found = tx
            .query(
                &prepared(
                    &tx,
                    cache,
                    "UPDATE documents SET deleted = true, change = nextval('changes'), updated_at = clock_timestamp() \
                     WHERE NOT deleted AND (url = $1 OR body->'also_at' ? $1) RETURNING id, url, body->'also_at'",
                )
                .await
                .map_err(db)?,
                &[&url],
            )
            .await
            .map_err(db)?;
        if found.is_empty() {
            return Ok(None);
        }
        let mut removed = 0;
        for row in &found {
            let (id, first): (String, String) = (row.get(0), row.get(1));
            // NULL when the document has no other URL (`also_at` is left out when empty).
            let also: Option<serde_json::Value> = row.get(2);
            let mut urls = vec![first];
            let others = also.as_ref().and_then(serde_json::Value::as_array).into_iter().flatten();
            urls.extend(others.filter_map(|u| u.as_str().map(str::to_string)));
            removed += tx
                .execute(
                    &prepared(&tx, cache, "DELETE FROM records WHERE document_id = $1").await.map_err(db)?,
                    &[&id],
                )
                .await
                .map_err(db)?;
            tx.execute(
                &prepared(&tx, cache, "DELETE FROM frontier WHERE url = ANY($1)").await.map_err(db)?,
                &[&urls],
            )
            .await
            .map_err(db)?;
        }
        announce(&tx, cache).await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Some(removed))
    }

    /// Live documents after `after_id` in id order, at most `limit`: a reindex walks them.
    pub async fn documents_after(&self, after_id: &str, limit: i64) -> Result<Vec<Document>> {
        let mut conn = self.client.lock().await;
        let st = conn
            .stmt("SELECT id, body FROM documents WHERE NOT deleted AND id > $1 ORDER BY id LIMIT $2")
            .await
            .map_err(|e| self.db(e))?;
        let rows = conn.client.query(&st, &[&after_id, &limit]).await.map_err(|e| self.db(e))?;
        rows.iter().map(|r| self.decode("document", r.get::<_, &str>(0), r.get(1))).collect()
    }

    /// Changes after number `after`, in order, at most `limit`.
    pub async fn changes(&self, after: i64, limit: i64) -> Result<Vec<Change>> {
        let mut conn = self.client.lock().await;
        let st = conn.stmt("SELECT d.change, d.id, d.deleted, d.body, d.mentions, \
                        coalesce((SELECT jsonb_agg(r.body ORDER BY r.id) FROM records r WHERE r.document_id = d.id), '[]'::jsonb) \
                 FROM documents d WHERE d.change > $1 ORDER BY d.change LIMIT $2").await.map_err(|e| self.db(e))?;
        let rows = conn.client.query(&st, &[&after, &limit]).await.map_err(|e| self.db(e))?;
        rows.iter()
            .map(|r| {
                let (change, id, deleted): (i64, String, bool) = (r.get(0), r.get(1), r.get(2));
                if deleted {
                    return Ok(Change::Deleted { change, id });
                }
                Ok(Change::Put {
                    change,
                    document: Box::new(self.decode("document", &id, r.get(3))?),
                    mentions: self.decode("document", &id, r.get(4))?,
                    records: self.decode("record", &id, r.get(5))?,
                })
            })
            .collect()
    }

    /// Totals of documents, records, the frontier and the change log.
    pub async fn counts(&self) -> Result<Counts> {
        let mut conn = self.client.lock().await;
        let st = conn
            .stmt(
                "SELECT (SELECT count(*) FROM documents WHERE NOT deleted), \
                        (SELECT count(*) FROM records), \
                        (SELECT count(*) FROM frontier WHERE state = 'due'), \
                        (SELECT count(*) FROM frontier WHERE state = 'leased'), \
                        (SELECT count(*) FROM frontier WHERE state = 'done'), \
                        (SELECT coalesce(max(change), 0) FROM documents)",
            )
            .await
            .map_err(|e| self.db(e))?;
        let row = conn.client.query_one(&st, &[]).await.map_err(|e| self.db(e))?;
        Ok(Counts {
            documents: row.get(0),
            records: row.get(1),
            due: row.get(2),
            leased: row.get(3),
            done: row.get(4),
            last_change: row.get(5),
        })
    }

    fn decode<T: serde::de::DeserializeOwned>(
        &self,
        what: &'static str,
        id: &str,
        v: serde_json::Value,
    ) -> Result<T> {
        serde_json::from_value(v).map_err(|e| PgError::Corrupt {
            url: self.url.clone(),
            what,
            id: id.to_string(),
            message: e.to_string(),
        })
    }
}

/// Takes the lock every document change holds until its commit, so change numbers are taken
/// in commit order.
async fn take_change_lock(
    tx: &tokio_postgres::Transaction<'_>,
    cache: &mut HashMap<&'static str, Statement>,
) -> Result<(), tokio_postgres::Error> {
    let st = prepared(tx, cache, "SELECT pg_advisory_xact_lock($1)").await?;
    tx.execute(&st, &[&CHANGE_LOCK]).await.map(drop)
}

/// Announces the transaction's last change on [`CHANNEL`]; listeners hear it at the commit.
async fn announce(
    tx: &tokio_postgres::Transaction<'_>,
    cache: &mut HashMap<&'static str, Statement>,
) -> Result<(), tokio_postgres::Error> {
    let st = prepared(tx, cache, "SELECT pg_notify($1, currval('changes')::text)").await?;
    tx.execute(&st, &[&CHANNEL]).await.map(drop)
}

/// Makes the document's records exactly `records`: stale ones deleted, the rest upserted.
async fn write_records(
    tx: &tokio_postgres::Transaction<'_>,
    cache: &mut HashMap<&'static str, Statement>,
    id: &str,
    records: &[Record],
) -> Result<(), tokio_postgres::Error> {
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let stale =
        prepared(tx, cache, "DELETE FROM records WHERE document_id = $1 AND NOT (id = ANY($2))").await?;
    tx.execute(&stale, &[&id, &ids]).await?;
    let upsert = prepared(
        tx,
        cache,
        "INSERT INTO records (id, document_id, body) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, body = excluded.body",
    )
    .await?;
    for r in records {
        tx.execute(&upsert, &[&r.id, &id, &to_json(r)]).await?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    // Documents and records are plain data: serializing them cannot fail.
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

impl PgStore {
    /// Runs one statement through the prepared-statement cache (for the [`Hosts`] calls,
    /// which log their errors rather than return them).
    async fn one_row(
        &self,
        sql: &'static str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Option<tokio_postgres::Row>, tokio_postgres::Error> {
        let mut conn = self.client.lock().await;
        let st = conn.stmt(sql).await?;
        conn.client.query_opt(&st, params).await
    }
}

impl Hosts for PgStore {
    fn book<'a>(&'a self, origin: &'a str, delay: Duration) -> BoxFuture<'a, Duration> {
        Box::pin(async move {
            let ms = delay.as_secs_f64() * 1000.0;
            // One row per host: the update takes the row's lock, so workers book in turn.
            let row = self
                .one_row(
                    "INSERT INTO hosts (origin, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond') \
                     ON CONFLICT (origin) DO UPDATE \
                        SET next_at = greatest(hosts.next_at, clock_timestamp()) + $2 * interval '1 millisecond' \
                     RETURNING (extract(epoch FROM next_at - clock_timestamp()) * 1000)::float8 - $2",
                    &[&origin, &ms],
                )
                .await;
            match row {
                Ok(Some(r)) => Duration::from_secs_f64((r.get::<_, f64>(0) / 1000.0).max(0.0)),
                Ok(None) => delay,
                Err(e) => {
                    // Without the database the safe pace is a whole delay.
                    tracing::warn!(store = %self.url, origin, "booking a turn failed: {}", error_chain(&e));
                    delay
                }
            }
        })
    }

    fn cached_robots<'a>(&'a self, origin: &'a str) -> BoxFuture<'a, Option<Option<Vec<u8>>>> {
        Box::pin(async move {
            let row = self
                .one_row(
                    "SELECT body FROM robots WHERE origin = $1 \
                     AND fetched_at > clock_timestamp() - $2 * interval '1 second'",
                    &[&origin, &ROBOTS_TTL_SECS],
                )
                .await;
            match row {
                Ok(r) => r.map(|r| r.get::<_, Option<Vec<u8>>>(0)),
                Err(e) => {
                    tracing::warn!(store = %self.url, origin, "reading robots.txt from the store failed: {}", error_chain(&e));
                    None
                }
            }
        })
    }

    fn save_robots<'a>(&'a self, origin: &'a str, body: Option<&'a [u8]>) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let done = self
                .one_row(
                    "INSERT INTO robots (origin, body, fetched_at) VALUES ($1, $2, clock_timestamp()) \
                     ON CONFLICT (origin) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
                    &[&origin, &body],
                )
                .await;
            if let Err(e) = done {
                tracing::warn!(store = %self.url, origin, "keeping robots.txt in the store failed: {}", error_chain(&e));
            }
        })
    }
}

#[cfg(test)]
mod tests;
