-- Faro schema 5 (PostgreSQL): pre-judicial conciliation (LFT 684-A to 684-U). Each case keeps its
-- folded state as JSON (`state_json`, written only by the store from core's `apply`) beside the
-- columns the lists, the agenda, the court lookup and the statistics read.

-- The centre's hearing rooms, in person or remote (684-E V: rooms assigned by turn).
CREATE TABLE conciliation_rooms (
    id          BIGSERIAL PRIMARY KEY,
    center      TEXT NOT NULL,
    name        TEXT NOT NULL,
    remote      BIGINT NOT NULL,
    active      BIGINT NOT NULL,
    created_seq BIGINT NOT NULL,
    UNIQUE (center, name)
);

CREATE TABLE conciliation_cases (
    id              BIGSERIAL PRIMARY KEY,
    -- "SC-{FED|state}-{year received}-{id:07}", assigned by the store when the request is filed.
    folio           TEXT NOT NULL UNIQUE,
    -- The centre: "federal" (CFCRL) or the state's two digits, as jurisdictions are stored.
    center          TEXT NOT NULL,
    status          TEXT NOT NULL,
    track           TEXT NOT NULL,
    -- The objects of the request (684-C IV), codes separated by commas.
    object          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    filed_on        TEXT NOT NULL,
    procedure_limit TEXT NOT NULL,
    next_deadline   TEXT,
    -- The current (or last held) hearing; empty when none, or when it was called off.
    conciliator_id  BIGINT,
    hearing_on      TEXT,
    hearing_time    TEXT,
    room_id         BIGINT REFERENCES conciliation_rooms (id),
    -- The registry's employer whose RFC the summoned party gave, and its workplace when one fits.
    employer_id     BIGINT REFERENCES employers (id),
    workplace_id    BIGINT REFERENCES workplaces (id),
    -- The workplace's state and two-digit SCIAN sector ('' when unknown).
    state           TEXT NOT NULL,
    sector          TEXT NOT NULL,
    -- How the conciliation stage ended: settlement, no_agreement, summoned_absent, service_failed,
    -- archived, exempt, forwarded.
    outcome         TEXT,
    -- The convenio's total, in centavos.
    agreed          BIGINT,
    -- The day the stage concluded (convenio, constancia, archive, exemption); not for a forward.
    closed_on       TEXT,
    ended_at        TEXT,
    state_json      TEXT NOT NULL,
    created_seq     BIGINT NOT NULL,
    updated_seq     BIGINT NOT NULL
);
CREATE INDEX conciliation_cases_center ON conciliation_cases (center, status, id);
CREATE INDEX conciliation_cases_deadline ON conciliation_cases (center, next_deadline);
CREATE INDEX conciliation_cases_agenda ON conciliation_cases (center, hearing_on, hearing_time);
CREATE INDEX conciliation_cases_conciliator ON conciliation_cases (conciliator_id, hearing_on);
CREATE INDEX conciliation_cases_employer ON conciliation_cases (employer_id);

-- The parties' identifiers (CURP, RFC), uppercase: personal data, kept only for the labour courts'
-- lookup of constancias (684-C: what the parties give is confidential).
CREATE TABLE conciliation_parties (
    case_id     BIGINT NOT NULL REFERENCES conciliation_cases (id),
    role        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    identifier  TEXT NOT NULL,
    PRIMARY KEY (case_id, role, identifier)
);
CREATE INDEX conciliation_parties_identifier ON conciliation_parties (identifier);

-- The statistics' rollup, kept in the same transaction as every change to the cases it counts:
-- by month of filing, centre and sector. `cases` counts every case, so that a row is deleted when
-- its last case leaves it.
CREATE TABLE conciliation_rollup (
    month           TEXT NOT NULL,
    center          TEXT NOT NULL,
    sector          TEXT NOT NULL,
    cases           BIGINT NOT NULL,
    requests        BIGINT NOT NULL,
    settled         BIGINT NOT NULL,
    not_conciliated BIGINT NOT NULL,
    archived        BIGINT NOT NULL,
    exempt          BIGINT NOT NULL,
    forwarded       BIGINT NOT NULL,
    closed          BIGINT NOT NULL,
    agreed          BIGINT NOT NULL,
    days_to_close   BIGINT NOT NULL,
    PRIMARY KEY (month, center, sector)
);
