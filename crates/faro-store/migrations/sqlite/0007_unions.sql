-- Faro schema 7 (SQLite): the registry of unions and collective agreements (LFT 356-403 as reformed
-- DOF 01-05-2019). Four kinds of record, each decided by `faro_core::union` and logged under its
-- subject: `union/{id}`, `agreement/{id}`, `representativeness/{id}` (a request for a certificate
-- of representativeness) and `vote/{id}` (a workers' consultation).
--
-- PUBLIC tables (the registry is public, LFT 365 Bis, 391 Bis): unions, union_leaders,
-- representativeness_requests, agreements, agreement_revisions, votes, vote_stations and the
-- rollups. They hold no member's CURP or address, no roll, no support list.
--
-- CONFIDENTIAL tables (LFT 365 Bis, 390 Bis-I): union_files, representativeness_files, vote_files
-- and union_anomalies hold each record's folded state (members' CURPs and addresses, rolls,
-- support-list checks) and the integrity flags with their evidence. No public query reads them
-- or joins them.

CREATE TABLE unions (
    id                    INTEGER PRIMARY KEY,
    -- Given at registration (or with the certificate of a deemed registration).
    registration_number   TEXT UNIQUE,
    name                  TEXT NOT NULL,
    -- `faro_core::text::normalize(name)`, for the prefix search.
    name_key              TEXT NOT NULL,
    -- `UnionType` (trade, company, industrial, national_industry, ...).
    kind                  TEXT NOT NULL,
    -- The federation or confederation it belongs to ('' when none).
    federation            TEXT NOT NULL,
    -- The state of its domicile, and its labour jurisdiction: 'federal' or the state's code.
    state                 TEXT NOT NULL,
    jurisdiction          TEXT NOT NULL,
    status                TEXT NOT NULL,
    members               INTEGER NOT NULL,
    -- The leadership in office: its size, how many of its officers the member list identifies
    -- (by name, with a CURP that gives the sex), and how many of those are women.
    leaders               INTEGER NOT NULL,
    leaders_known_sex     INTEGER NOT NULL,
    women_leaders         INTEGER NOT NULL,
    founded_on            TEXT NOT NULL,
    filed_on              TEXT NOT NULL,
    registered_on         TEXT,
    last_member_update    TEXT,
    -- The last accounts' assembly whose minutes were delivered (373).
    last_financial_report TEXT,
    member_update_due     TEXT,
    financial_report_due  TEXT,
    next_deadline         TEXT,
    ended_at              TEXT,
    created_seq           INTEGER NOT NULL,
    updated_seq           INTEGER NOT NULL
);
CREATE INDEX unions_state ON unions (state, status, id);
CREATE INDEX unions_status ON unions (status, id);
CREATE INDEX unions_name ON unions (name_key);

-- The leadership in office, officer by officer: public (364 Bis, 365 Bis).
CREATE TABLE union_leaders (
    union_id    INTEGER NOT NULL REFERENCES unions (id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    office      TEXT NOT NULL,
    PRIMARY KEY (union_id, position)
);

-- CONFIDENTIAL: the union's folded state, with its members' CURPs and addresses (365 Bis).
CREATE TABLE union_files (
    union_id    INTEGER PRIMARY KEY REFERENCES unions (id),
    state_json  TEXT NOT NULL
);

CREATE TABLE representativeness_requests (
    id                  INTEGER PRIMARY KEY,
    status              TEXT NOT NULL,
    employer_name       TEXT NOT NULL,
    employer_rfc        TEXT NOT NULL,
    -- The registry's employer (by RFC) and workplace, where known.
    employer_id         INTEGER REFERENCES employers (id),
    workplace_id        INTEGER REFERENCES workplaces (id),
    workplace           TEXT NOT NULL,
    -- The employer's RFC and the workplace, normalized: one certificate in force per key (387).
    workplace_key       TEXT NOT NULL,
    state               TEXT NOT NULL,
    municipality        TEXT NOT NULL,
    sector              TEXT NOT NULL,
    jurisdiction        TEXT NOT NULL,
    covered_workers     INTEGER NOT NULL,
    -- The unions asking (the first and those that joined).
    applicants          INTEGER NOT NULL,
    requested_on        TEXT NOT NULL,
    notice_published_on TEXT,
    window_until        TEXT,
    certificate_number  TEXT UNIQUE,
    -- The union the certificate went to, and the vote that decided it when several contended.
    holder              TEXT,
    holder_union_id     INTEGER REFERENCES unions (id),
    issued_on           TEXT,
    valid_until         TEXT,
    vote_id             INTEGER,
    next_deadline       TEXT,
    ended_at            TEXT,
    created_seq         INTEGER NOT NULL,
    updated_seq         INTEGER NOT NULL
);
CREATE INDEX representativeness_workplace ON representativeness_requests (workplace_key, status);
CREATE INDEX representativeness_holder ON representativeness_requests (holder_union_id);

-- CONFIDENTIAL: the request's folded state (support-list checks with names, CURP flags; 390 Bis-I).
CREATE TABLE representativeness_files (
    request_id  INTEGER PRIMARY KEY REFERENCES representativeness_requests (id),
    state_json  TEXT NOT NULL
);

CREATE TABLE agreements (
    id                   INTEGER PRIMARY KEY,
    registration_number  TEXT UNIQUE,
    -- initial or legacy (existing on 1 May 2019).
    kind                 TEXT NOT NULL,
    union_id             INTEGER REFERENCES unions (id),
    union_name           TEXT NOT NULL,
    union_registration   TEXT NOT NULL,
    employer_id          INTEGER REFERENCES employers (id),
    workplace_id         INTEGER REFERENCES workplaces (id),
    employer_name        TEXT NOT NULL,
    employer_rfc         TEXT,
    state                TEXT NOT NULL,
    municipality         TEXT NOT NULL,
    -- Two-digit SCIAN sector ('' when unknown).
    sector               TEXT NOT NULL,
    jurisdiction         TEXT NOT NULL,
    covered_workers      INTEGER NOT NULL,
    -- deposited, registered, refused, terminated.
    status               TEXT NOT NULL,
    -- not_required, pending, inconclusive, legitimized, rejected.
    legitimization       TEXT NOT NULL,
    signed_on            TEXT NOT NULL,
    effective_from       TEXT NOT NULL,
    deposited_on         TEXT NOT NULL,
    decide_by            TEXT NOT NULL,
    registered_on        TEXT,
    termination          TEXT,
    ended_at             TEXT,
    next_deadline        TEXT,
    -- The next wage (399 Bis) and full (399) revisions as last computed, and the last day to ask.
    wage_revision_on     TEXT,
    wage_request_by      TEXT,
    full_revision_on     TEXT,
    full_request_by      TEXT,
    revisions            INTEGER NOT NULL,
    last_revision_on     TEXT,
    -- The wage increase of the last revision that gave a wage table, in basis points.
    wage_increase_bp     INTEGER,
    -- Some clause below the legal minimums (LFT 5-XIII, flagged at the deposit or last revision).
    below_law            INTEGER NOT NULL,
    -- The certificate of representativeness cited (its number) and the vote that approved it.
    certificate_number   TEXT,
    approval_vote_id     INTEGER,
    -- The structured terms in force (JSON), when the file gives them.
    wage_table_json      TEXT,
    benefits_json        TEXT,
    -- The public version (391 Bis): personal data removed. May be long.
    public_text          TEXT,
    public_version_on    TEXT,
    state_json           TEXT NOT NULL,
    created_seq          INTEGER NOT NULL,
    updated_seq          INTEGER NOT NULL
);
CREATE INDEX agreements_union ON agreements (union_id, id);
CREATE INDEX agreements_employer ON agreements (employer_id, id);
CREATE INDEX agreements_state ON agreements (state, status, id);
CREATE INDEX agreements_status ON agreements (status, id);

-- Each revision deposited (399, 399 Bis), with the wage increase it gave.
CREATE TABLE agreement_revisions (
    agreement_id     INTEGER NOT NULL REFERENCES agreements (id),
    number           INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    agreed_on        TEXT NOT NULL,
    effective_from   TEXT NOT NULL,
    deposited_on     TEXT NOT NULL,
    vote             TEXT NOT NULL,
    increase_bp      INTEGER,
    PRIMARY KEY (agreement_id, number)
);

CREATE TABLE votes (
    id                  INTEGER PRIMARY KEY,
    purpose             TEXT NOT NULL,
    -- What is voted on, as the call names it: 'agreement/7', 'union/3', 'representativeness/2'.
    subject             TEXT NOT NULL,
    agreement_id        INTEGER REFERENCES agreements (id),
    union_id            INTEGER REFERENCES unions (id),
    request_id          INTEGER REFERENCES representativeness_requests (id),
    -- The subject's state and jurisdiction.
    state               TEXT NOT NULL,
    jurisdiction        TEXT NOT NULL,
    organizer           TEXT NOT NULL,
    status              TEXT NOT NULL,
    -- The options (JSON array of names: 'for'/'against', unions or slates).
    options_json        TEXT NOT NULL,
    called_on           TEXT NOT NULL,
    vote_on             TEXT NOT NULL,
    held_on             TEXT,
    -- The results' totals, once recorded: voters on the roll, votes for and against (approval
    -- votes), void and blank ballots, every ballot, the valid ones, and the votes per option.
    roll                INTEGER,
    votes_for           INTEGER,
    votes_against       INTEGER,
    void                INTEGER,
    blank               INTEGER,
    ballots             INTEGER,
    valid               INTEGER,
    totals_json         TEXT,
    -- Ballots over the roll, and the lead of the first option over the second over the valid
    -- votes, in basis points (truncated).
    turnout_bp          INTEGER,
    margin_bp           INTEGER,
    outcome             TEXT,
    winner              TEXT,
    effect              TEXT,
    results_recorded_on TEXT,
    published_on        TEXT,
    next_deadline       TEXT,
    ended_at            TEXT,
    created_seq         INTEGER NOT NULL,
    updated_seq         INTEGER NOT NULL
);
CREATE INDEX votes_agreement ON votes (agreement_id, id);
CREATE INDEX votes_union ON votes (union_id, id);
CREATE INDEX votes_request ON votes (request_id, id);

-- Each polling station and its results record (counts only: the roll stays in vote_files).
CREATE TABLE vote_stations (
    vote_id     INTEGER NOT NULL REFERENCES votes (id),
    station     TEXT NOT NULL,
    place       TEXT NOT NULL,
    roll        INTEGER NOT NULL,
    votes_json  TEXT,
    void        INTEGER,
    blank       INTEGER,
    PRIMARY KEY (vote_id, station)
);

-- CONFIDENTIAL: the vote's folded state, with its roll (names, CURPs).
CREATE TABLE vote_files (
    vote_id     INTEGER PRIMARY KEY REFERENCES votes (id),
    state_json  TEXT NOT NULL
);

-- CONFIDENTIAL: the integrity flags of votes (roll, results) and of support lists, with their
-- evidence (which may hold CURPs), for the registrar: open, dismissed or confirmed.
CREATE TABLE union_anomalies (
    id           INTEGER PRIMARY KEY,
    -- 'vote' or 'representativeness', and the record's id.
    source       TEXT NOT NULL,
    source_id    INTEGER NOT NULL,
    -- 'roll', 'results', or 'support:' and the union's name.
    list         TEXT NOT NULL,
    code         TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    -- SHA-256 of the list and the evidence: one row per flag.
    fingerprint  TEXT NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL,
    raised_seq   INTEGER NOT NULL,
    reviewed_seq INTEGER,
    reviewed_at  TEXT,
    UNIQUE (source, source_id, fingerprint)
);
CREATE INDEX union_anomalies_status ON union_anomalies (status, id);

-- The public analytics' rollups, kept in the same transaction as every change to the records
-- they count. The first count of each counts every record, so a row is deleted when its last
-- record leaves it (the wage rollup only grows: revisions are never undone).

-- Agreements by state and sector: those registered (in force) and the workers they cover, the
-- legacy ones legitimized, those still to legitimize, terminated, and below the law.
CREATE TABLE agreement_rollup (
    state                  TEXT NOT NULL,
    sector                 TEXT NOT NULL,
    agreements             INTEGER NOT NULL,
    registered             INTEGER NOT NULL,
    registered_workers     INTEGER NOT NULL,
    legitimized            INTEGER NOT NULL,
    legitimized_workers    INTEGER NOT NULL,
    pending_legitimization INTEGER NOT NULL,
    terminated             INTEGER NOT NULL,
    below_law              INTEGER NOT NULL,
    PRIMARY KEY (state, sector)
);

-- Wage increases by year (of the revision's effect) and sector: every revision with an increase,
-- the sum of the increases (basis points), and the sum weighted by the workers covered.
CREATE TABLE agreement_wage_rollup (
    year         TEXT NOT NULL,
    sector       TEXT NOT NULL,
    revisions    INTEGER NOT NULL,
    increase_bp  INTEGER NOT NULL,
    weighted_bp  INTEGER NOT NULL,
    workers      INTEGER NOT NULL,
    PRIMARY KEY (year, sector)
);

-- Votes by year (of the vote), state and purpose: those whose results stand (recorded, not
-- annulled or cancelled) with their rolls, ballots, and turnout and margin sums in basis points.
CREATE TABLE vote_rollup (
    year         TEXT NOT NULL,
    state        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    votes        INTEGER NOT NULL,
    counted      INTEGER NOT NULL,
    roll         INTEGER NOT NULL,
    ballots      INTEGER NOT NULL,
    turnout_bp   INTEGER NOT NULL,
    margin_bp    INTEGER NOT NULL,
    approved     INTEGER NOT NULL,
    annulled     INTEGER NOT NULL,
    cancelled    INTEGER NOT NULL,
    PRIMARY KEY (year, state, purpose)
);

-- Unions by state: those registered, their members, and their leaderships' women.
CREATE TABLE union_rollup (
    state              TEXT NOT NULL,
    unions             INTEGER NOT NULL,
    registered         INTEGER NOT NULL,
    members            INTEGER NOT NULL,
    leaders            INTEGER NOT NULL,
    leaders_known_sex  INTEGER NOT NULL,
    women_leaders      INTEGER NOT NULL,
    PRIMARY KEY (state)
);
