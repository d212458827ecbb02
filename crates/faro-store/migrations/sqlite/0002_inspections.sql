-- Faro schema 2 (SQLite): labor inspection, referrals, sanctions and fines, official documents,
-- attachments, and the rollups behind the dashboards. Each case keeps its folded state as JSON
-- (`state_json`, written only by the store from core's `apply`) beside the columns queries need.

CREATE TABLE inspection_programs (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    jurisdiction     TEXT NOT NULL,
    office           TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    capacity_per_inspector INTEGER NOT NULL,
    random_share_pct INTEGER NOT NULL,
    created_seq      INTEGER NOT NULL
);

CREATE TABLE inspections (
    id               INTEGER PRIMARY KEY,
    workplace_id     INTEGER NOT NULL REFERENCES workplaces (id),
    employer_id      INTEGER NOT NULL REFERENCES employers (id),
    jurisdiction     TEXT NOT NULL,
    state            TEXT NOT NULL,
    sector           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    origin           TEXT NOT NULL,
    status           TEXT NOT NULL,
    matters          TEXT NOT NULL,
    protected        INTEGER NOT NULL,
    program_id       INTEGER REFERENCES inspection_programs (id),
    inspector_id     INTEGER,
    order_number     TEXT UNIQUE,
    planned_for      TEXT NOT NULL,
    visit_at         TEXT,
    started_at       TEXT,
    record_closed_at TEXT,
    ended_at         TEXT,
    findings         INTEGER NOT NULL,
    next_deadline    TEXT,
    state_json       TEXT NOT NULL,
    created_seq      INTEGER NOT NULL,
    updated_seq      INTEGER NOT NULL
);
CREATE INDEX inspections_workplace ON inspections (workplace_id);
CREATE INDEX inspections_employer ON inspections (employer_id);
CREATE INDEX inspections_status ON inspections (jurisdiction, status, planned_for);
CREATE INDEX inspections_inspector ON inspections (inspector_id, status);
CREATE INDEX inspections_deadline ON inspections (next_deadline);

-- One row per finding of a closed record: what the risk model learns from and the public sees.
CREATE TABLE inspection_findings (
    inspection_id    INTEGER NOT NULL REFERENCES inspections (id),
    question_id      TEXT NOT NULL,
    workplace_id     INTEGER NOT NULL,
    employer_id      INTEGER NOT NULL,
    matter           TEXT NOT NULL,
    violation        TEXT NOT NULL,
    article          TEXT NOT NULL,
    affected_workers INTEGER NOT NULL,
    record_date      TEXT NOT NULL,
    PRIMARY KEY (inspection_id, question_id)
);
CREATE INDEX inspection_findings_employer ON inspection_findings (employer_id, violation);

CREATE TABLE attachments (
    sha256      TEXT PRIMARY KEY,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    created_seq INTEGER NOT NULL
);

-- Official documents (inspection records, resolutions): the exact PDF, its hash, and the public
-- facts /verify shows for its verification code.
CREATE TABLE documents (
    code        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    folio       TEXT NOT NULL,
    title       TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    summary     TEXT NOT NULL,
    pdf         BLOB NOT NULL,
    created_seq INTEGER NOT NULL
);
CREATE INDEX documents_subject ON documents (subject);

CREATE TABLE referrals (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    workplace_id  INTEGER NOT NULL,
    jurisdiction  TEXT NOT NULL,
    authority     TEXT NOT NULL,
    matter        TEXT NOT NULL,
    status        TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    send_by       TEXT NOT NULL,
    follow_up_by  TEXT,
    closed_at     TEXT,
    state_json    TEXT NOT NULL,
    created_seq   INTEGER NOT NULL,
    updated_seq   INTEGER NOT NULL,
    UNIQUE (inspection_id, authority)
);
CREATE INDEX referrals_status ON referrals (jurisdiction, status);

CREATE TABLE sanctions (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL UNIQUE REFERENCES inspections (id),
    workplace_id   INTEGER NOT NULL,
    employer_id    INTEGER NOT NULL,
    jurisdiction   TEXT NOT NULL,
    state          TEXT NOT NULL,
    sector         TEXT NOT NULL,
    status         TEXT NOT NULL,
    opened_at      TEXT NOT NULL,
    next_deadline  TEXT,
    resolved_on    TEXT,
    final_on       TEXT,
    imposed        INTEGER NOT NULL,
    paid           INTEGER NOT NULL,
    state_json     TEXT NOT NULL,
    created_seq    INTEGER NOT NULL,
    updated_seq    INTEGER NOT NULL
);
CREATE INDEX sanctions_status ON sanctions (jurisdiction, status);
CREATE INDEX sanctions_employer ON sanctions (employer_id);
CREATE INDEX sanctions_workplace ON sanctions (workplace_id);

-- The fines of resolutions, one per violation (amounts in centavos): the ledger's lines, and the
-- history the repeat-offence rule (LFT 992) reads.
CREATE TABLE fines (
    sanction_id    INTEGER NOT NULL REFERENCES sanctions (id),
    number         INTEGER NOT NULL,
    employer_id    INTEGER NOT NULL,
    violation      TEXT NOT NULL,
    article        TEXT NOT NULL,
    acta_date      TEXT NOT NULL,
    workers        INTEGER NOT NULL,
    per_worker_uma INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    repeat_offence INTEGER NOT NULL,
    overturned     INTEGER NOT NULL,
    PRIMARY KEY (sanction_id, number)
);
CREATE INDEX fines_employer ON fines (employer_id, violation, acta_date);

-- Dashboard rollups, kept in the same transaction as every change to the cases they count.
CREATE TABLE inspection_rollup (
    month       TEXT NOT NULL,
    state       TEXT NOT NULL,
    sector      TEXT NOT NULL,
    status      TEXT NOT NULL,
    inspections INTEGER NOT NULL,
    with_findings INTEGER NOT NULL,
    days_to_close INTEGER NOT NULL,
    closed      INTEGER NOT NULL,
    PRIMARY KEY (month, state, sector, status)
);
CREATE TABLE finding_rollup (
    month    TEXT NOT NULL,
    state    TEXT NOT NULL,
    matter   TEXT NOT NULL,
    inspections INTEGER NOT NULL,
    with_findings INTEGER NOT NULL,
    PRIMARY KEY (month, state, matter)
);
CREATE TABLE fine_rollup (
    year    TEXT NOT NULL,
    state   TEXT NOT NULL,
    sector  TEXT NOT NULL,
    status  TEXT NOT NULL,
    sanctions INTEGER NOT NULL,
    imposed INTEGER NOT NULL,
    paid    INTEGER NOT NULL,
    PRIMARY KEY (year, state, sector, status)
);
