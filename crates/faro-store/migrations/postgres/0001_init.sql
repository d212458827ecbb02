-- Faro schema 1 (PostgreSQL): the event log with its hash chain, the registry, users and sessions.
-- Times are UTC RFC 3339 text with microseconds; dates are ISO text (the same representation as
-- SQLite, so one set of queries serves both).

CREATE TABLE events (
    seq          BIGINT PRIMARY KEY,
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
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO event_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE employers (
    id          BIGSERIAL PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    rfc         TEXT,
    name        TEXT NOT NULL,
    name_norm   TEXT NOT NULL,
    legal_form  TEXT NOT NULL,
    person_kind TEXT NOT NULL,
    created_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX employers_rfc ON employers (rfc text_pattern_ops);

CREATE TABLE workplaces (
    id              BIGSERIAL PRIMARY KEY,
    source_key      TEXT NOT NULL UNIQUE,
    employer_id     BIGINT NOT NULL REFERENCES employers (id),
    name            TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    denue_id        BIGINT,
    street          TEXT NOT NULL,
    exterior_number TEXT NOT NULL,
    settlement      TEXT NOT NULL,
    postal_code     TEXT NOT NULL,
    locality        TEXT NOT NULL,
    state           TEXT NOT NULL,
    municipality    TEXT NOT NULL,
    scian_class     TEXT NOT NULL,
    size_band       TEXT NOT NULL,
    headcount       BIGINT,
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    registered_on   TEXT,
    created_seq     BIGINT NOT NULL,
    updated_seq     BIGINT NOT NULL
);
CREATE INDEX workplaces_employer ON workplaces (employer_id);
CREATE INDEX workplaces_place ON workplaces (municipality);
CREATE INDEX workplaces_state ON workplaces (state);
CREATE INDEX workplaces_scian ON workplaces (scian_class text_pattern_ops);
CREATE INDEX workplaces_search ON workplaces USING GIN (to_tsvector('simple', search_text));

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT 'es',
    active        BIGINT NOT NULL DEFAULT 1,
    created_seq   BIGINT NOT NULL,
    updated_seq   BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id       BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    client   TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client, at);
