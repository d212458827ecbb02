-- Faro schema 2 (PostgreSQL): labor inspection, referrals, sanctions and fines, official documents,
-- attachments, and the rollups behind the dashboards. Each case keeps its folded state as JSON
-- (`state_json`, written only by the store from core's `apply`) beside the columns queries need.

CREATE TABLE inspection_programs (
    id               BIGSERIAL PRIMARY KEY,
    name             TEXT NOT NULL,
    jurisdiction     TEXT NOT NULL,
    office           TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    capacity_per_inspector BIGINT NOT NULL,
    random_share_pct BIGINT NOT NULL,
    created_seq      BIGINT NOT NULL
);

CREATE TABLE inspections (
    id               BIGSERIAL PRIMARY KEY,
    workplace_id     BIGINT NOT NULL REFERENCES workplaces (id),
    employer_id      BIGINT NOT NULL REFERENCES employers (id),
    jurisdiction     TEXT NOT NULL,
    state            TEXT NOT NULL,
    sector           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    origin           TEXT NOT NULL,
    status           TEXT NOT NULL,
    matters          TEXT NOT NULL,
    protected        BIGINT NOT NULL,
    program_id       BIGINT REFERENCES inspection_programs (id),
    inspector_id     BIGINT,
    order_number     TEXT UNIQUE,
    planned_for      TEXT NOT NULL,
    visit_at         TEXT,
    started_at       TEXT,
    record_closed_at TEXT,
    ended_at         TEXT,
    findings         BIGINT NOT NULL,
    next_deadline    TEXT,
    state_json       TEXT NOT NULL,
    created_seq      BIGINT NOT NULL,
    updated_seq      BIGINT NOT NULL
);
CREATE INDEX inspections_workplace ON inspections (workplace_id);
CREATE INDEX inspections_employer ON inspections (employer_id);
CREATE INDEX inspections_status ON inspections (jurisdiction, status, planned_for);
CREATE INDEX inspections_inspector ON inspections (inspector_id, status);
CREATE INDEX inspections_deadline ON inspections (next_deadline);

-- One row per finding of a closed record: what the risk model learns from and the public sees.
CREATE TABLE inspection_findings (
    inspection_id    BIGINT NOT NULL REFERENCES inspections (id),
    question_id      TEXT NOT NULL,
    workplace_id     BIGINT NOT NULL,
    employer_id      BIGINT NOT NULL,
    matter           TEXT NOT NULL,
    violation        TEXT NOT NULL,
    article          TEXT NOT NULL,
    affected_workers BIGINT NOT NULL,
    record_date      TEXT NOT NULL,
    PRIMARY KEY (inspection_id, question_id)
);
CREATE INDEX inspection_findings_employer ON inspection_findings (employer_id, violation);

CREATE TABLE attachments (
    sha256      TEXT PRIMARY KEY,
    media_type  TEXT NOT NULL,
    size        BIGINT NOT NULL,
    bytes       BYTEA NOT NULL,
    created_seq BIGINT NOT NULL
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
    pdf         BYTEA NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX documents_subject ON documents (subject);

CREATE TABLE referrals (
    id            BIGSERIAL PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    workplace_id  BIGINT NOT NULL,
    jurisdiction  TEXT NOT NULL,
    authority     TEXT NOT NULL,
    matter        TEXT NOT NULL,
    status        TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    send_by       TEXT NOT NULL,
    follow_up_by  TEXT,
    closed_at     TEXT,
    state_json    TEXT NOT NULL,
    created_seq   BIGINT NOT NULL,
    updated_seq   BIGINT NOT NULL,
    UNIQUE (inspection_id, authority)
);
CREATE INDEX referrals_status ON referrals (jurisdiction, status);

CREATE TABLE sanctions (
    id             BIGSERIAL PRIMARY KEY,
    inspection_id  BIGINT NOT NULL UNIQUE REFERENCES inspections (id),
    workplace_id   BIGINT NOT NULL,
    employer_id    BIGINT NOT NULL,
    jurisdiction   TEXT NOT NULL,
    state          TEXT NOT NULL,
    sector         TEXT NOT NULL,
    status         TEXT NOT NULL,
    opened_at      TEXT NOT NULL,
    next_deadline  TEXT,
    resolved_on    TEXT,
    final_on       TEXT,
    imposed        BIGINT NOT NULL,
    paid           BIGINT NOT NULL,
    state_json     TEXT NOT NULL,
    created_seq    BIGINT NOT NULL,
    updated_seq    BIGINT NOT NULL
);
CREATE INDEX sanctions_status ON sanctions (jurisdiction, status);
CREATE INDEX sanctions_employer ON sanctions (employer_id);
CREATE INDEX sanctions_workplace ON sanctions (workplace_id);

-- The fines of resolutions, one per violation (amounts in centavos): the ledger's lines, and the
-- history the repeat-offence rule (LFT 992) reads.
CREATE TABLE fines (
    sanction_id    BIGINT NOT NULL REFERENCES sanctions (id),
    number         BIGINT NOT NULL,
    employer_id    BIGINT NOT NULL,
    violation      TEXT NOT NULL,
    article        TEXT NOT NULL,
    acta_date      TEXT NOT NULL,
    workers        BIGINT NOT NULL,
    per_worker_uma BIGINT NOT NULL,
    amount         BIGINT NOT NULL,
    repeat_offence BIGINT NOT NULL,
    overturned     BIGINT NOT NULL,
    PRIMARY KEY (sanction_id, number)
);
CREATE INDEX fines_employer ON fines (employer_id, violation, acta_date);

-- Dashboard rollups, kept in the same transaction as every change to the cases they count.
CREATE TABLE inspection_rollup (
    month       TEXT NOT NULL,
    state       TEXT NOT NULL,
    sector      TEXT NOT NULL,
    status      TEXT NOT NULL,
    inspections BIGINT NOT NULL,
    with_findings BIGINT NOT NULL,
    days_to_close BIGINT NOT NULL,
    closed      BIGINT NOT NULL,
    PRIMARY KEY (month, state, sector, status)
);
CREATE TABLE finding_rollup (
    month    TEXT NOT NULL,
    state    TEXT NOT NULL,
    matter   TEXT NOT NULL,
    inspections BIGINT NOT NULL,
    with_findings BIGINT NOT NULL,
    PRIMARY KEY (month, state, matter)
);
CREATE TABLE fine_rollup (
    year    TEXT NOT NULL,
    state   TEXT NOT NULL,
    sector  TEXT NOT NULL,
    status  TEXT NOT NULL,
    sanctions BIGINT NOT NULL,
    imposed BIGINT NOT NULL,
    paid    BIGINT NOT NULL,
    PRIMARY KEY (year, state, sector, status)
);
