-- The team's record: runs (each with its devices' progress in chunks), campaigns, and an
-- audit trail. One schema for SQLite and PostgreSQL: plain types only, ids given from
-- `counters` in the transaction that writes (no dialect-specific sequences).
-- Every body is JSON text in the stored format named by `format`.

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    next BIGINT NOT NULL
);
INSERT INTO counters (name, next) VALUES ('run', 1), ('campaign', 1), ('change', 1), ('audit', 1);

-- `client_key`: the id the console made before sending, so a repeated write never
-- duplicates a run. `change`: the counter value of the last write, for "what changed since".
CREATE TABLE runs (
    id BIGINT PRIMARY KEY,
    client_key TEXT NOT NULL UNIQUE,
    format BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    change BIGINT NOT NULL
);
CREATE INDEX runs_change ON runs (change);

CREATE TABLE run_chunks (
    run_id BIGINT NOT NULL,
    chunk BIGINT NOT NULL,
    format BIGINT NOT NULL,
    body TEXT NOT NULL,
    change BIGINT NOT NULL,
    PRIMARY KEY (run_id, chunk)
);
CREATE INDEX run_chunks_change ON run_chunks (change);

CREATE TABLE campaigns (
    id BIGINT PRIMARY KEY,
    client_key TEXT NOT NULL UNIQUE,
    format BIGINT NOT NULL,
    body TEXT NOT NULL,
    revision BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    change BIGINT NOT NULL
);
CREATE INDEX campaigns_change ON campaigns (change);

-- Runs deleted, so that a browser that read them learns they are gone.
CREATE TABLE deletions (
    change BIGINT NOT NULL,
    kind TEXT NOT NULL,
    id BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX deletions_change ON deletions (change);

-- Who did what, when, from where; what was sent and what the Cloud answered. Never a
-- password or a session id.
CREATE TABLE audit (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    who TEXT NOT NULL,
    address TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent TEXT NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
