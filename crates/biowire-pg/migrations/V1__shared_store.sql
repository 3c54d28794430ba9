-- The crawl frontier: one row per release URL any worker listed.
-- state: 'due' (to fetch once retry_at has passed), 'leased' (a worker holds it until
-- lease_until), 'done' (fetched at fetched_at).
CREATE TABLE frontier (
    url           text PRIMARY KEY,
    source        text NOT NULL,
    state         text NOT NULL DEFAULT 'due',
    listed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    retry_at      timestamptz NOT NULL DEFAULT '-infinity',
    lease_owner   text,
    lease_until   timestamptz,
    fetched_at    timestamptz,
    etag          text,
    last_modified text,
    bytes_sha256  text,
    failures      integer NOT NULL DEFAULT 0,
    status        text NOT NULL DEFAULT ''
);
CREATE INDEX frontier_claimable ON frontier (state, retry_at, listed_at);

-- Politeness shared by every worker: the next time a host may be asked.
CREATE TABLE hosts (
    origin  text PRIMARY KEY,
    next_at timestamptz NOT NULL
);

-- robots.txt as one worker read it; body NULL when the host has none.
CREATE TABLE robots (
    origin     text PRIMARY KEY,
    body       bytea,
    fetched_at timestamptz NOT NULL
);

-- Every document and record change takes the next number under an advisory lock, so numbers
-- are taken in commit order and a follower that has read change N has every change before it.
CREATE SEQUENCE changes;

-- Documents by their content hash (the index's id): syndicated copies are one row.
-- deleted: a tombstone that followers remove from their index.
CREATE TABLE documents (
    id         text PRIMARY KEY,
    url        text NOT NULL,
    body       jsonb NOT NULL,
    mentions   jsonb NOT NULL DEFAULT '[]',
    deleted    boolean NOT NULL DEFAULT false,
    change     bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_change ON documents (change);

-- Records by their stable id.
CREATE TABLE records (
    id          text PRIMARY KEY,
    document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    body        jsonb NOT NULL
);
CREATE INDEX records_document ON records (document_id);
