-- Faro schema 1 (SQLite): the event log with its hash chain, the registry, users and sessions.
-- Times are UTC RFC 3339 text with microseconds; dates are ISO text.

CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    payload      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX events_subject ON events (subject);
CREATE INDEX events_kind ON events (kind);

CREATE TABLE event_chain_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO event_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE employers (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    rfc         TEXT,
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    legal_form  TEXT NOT NULL,
    person_kind TEXT NOT NULL,
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);
CREATE INDEX employers_rfc ON employers (rfc);

CREATE TABLE workplaces (
    id              INTEGER PRIMARY KEY,
    source_key      TEXT NOT NULL UNIQUE,
    employer_id     INTEGER NOT NULL REFERENCES employers (id),
    name            TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    denue_id        INTEGER,
    street          TEXT NOT NULL,
    exterior_number TEXT NOT NULL,
    settlement      TEXT NOT NULL,
    postal_code     TEXT NOT NULL,
    locality        TEXT NOT NULL,
    state           TEXT NOT NULL,
    municipality    TEXT NOT NULL,
    scian_class     TEXT NOT NULL,
    size_band       TEXT NOT NULL,
    headcount       INTEGER,
    latitude        REAL,
    longitude       REAL,
    registered_on   TEXT,
    created_seq     INTEGER NOT NULL,
    updated_seq     INTEGER NOT NULL
);
CREATE INDEX workplaces_employer ON workplaces (employer_id);
CREATE INDEX workplaces_place ON workplaces (municipality);
CREATE INDEX workplaces_state ON workplaces (state);
CREATE INDEX workplaces_scian ON workplaces (scian_class);

-- Full-text search over workplace and employer names. The store keeps it in step itself when it
-- writes a workplace (registry.rs, bulk.rs) instead of by triggers: a trigger turns every upsert
-- into a multi-row statement with a statement journal, and FTS5 flushes its index at each one,
-- which makes bulk imports several times slower.
CREATE VIRTUAL TABLE workplace_fts USING fts5 (
    search_text,
    content = 'workplaces',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER workplaces_fts_delete AFTER DELETE ON workplaces BEGIN
    INSERT INTO workplace_fts (workplace_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT 'es',
    active        INTEGER NOT NULL DEFAULT 1,
    created_seq   INTEGER NOT NULL,
    updated_seq   INTEGER NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    client   TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- Secondary indexes of the registry set aside during a bulk load (deferred.rs): their definitions
-- wait here until the load ends, or until the next start if the load was interrupted.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    sql  TEXT NOT NULL
);
