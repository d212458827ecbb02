-- Faro schema 6 (SQLite): risk targeting. Model versions with what they were trained on and how
-- well they did, the scores of every workplace with the run (and so the models) that produced
-- them, and the inspection plans proposed from them.

-- One trained model per matter and version. `model_json` is the whole model (faro_risk's file
-- format), `report_json` its evaluation; `digest` is the SHA-256 of `model_json`, also carried by
-- the model's event, so a model cannot be swapped without the log showing it.
CREATE TABLE risk_models (
    id           INTEGER PRIMARY KEY,
    matter       TEXT NOT NULL,
    trained_at   TEXT NOT NULL,
    -- The training window (visits from .. until, exclusive) and the cut-off: the test window
    -- starts there.
    train_from   TEXT NOT NULL,
    cutoff       TEXT NOT NULL,
    test_until   TEXT NOT NULL,
    train_rows   INTEGER NOT NULL,
    test_rows    INTEGER NOT NULL,
    positives    INTEGER NOT NULL,
    auc          REAL,
    baseline_auc REAL,
    lift_at_10   REAL,
    fingerprint  TEXT NOT NULL,
    params_json  TEXT NOT NULL,
    report_json  TEXT NOT NULL,
    model_json   TEXT NOT NULL,
    digest       TEXT NOT NULL,
    active       INTEGER NOT NULL,
    created_seq  INTEGER NOT NULL
);
CREATE INDEX risk_models_matter ON risk_models (matter, active, id);

-- One scoring of the whole registry: the day its features were taken, and the model of each
-- matter (JSON object matter -> risk_models.id).
CREATE TABLE risk_score_runs (
    id          INTEGER PRIMARY KEY,
    scored_on   TEXT NOT NULL,
    scored_at   TEXT NOT NULL,
    models_json TEXT NOT NULL,
    workplaces  INTEGER NOT NULL,
    digest      TEXT NOT NULL,
    created_seq INTEGER NOT NULL
);

-- The latest run's score of every workplace: the probability that an ordinary inspection would
-- find a violation of each matter (NULL where no model of that matter is active), and of any of
-- them. The registry columns the rankings and the planner filter on are copied.
CREATE TABLE risk_scores (
    workplace_id                   INTEGER PRIMARY KEY,
    run_id                         INTEGER NOT NULL REFERENCES risk_score_runs (id),
    state                          TEXT NOT NULL,
    municipality                   TEXT NOT NULL,
    sector                         TEXT NOT NULL,
    size_band                      TEXT NOT NULL,
    p_general_conditions           REAL,
    p_safety_health                REAL,
    p_training                     REAL,
    p_child_labor                  REAL,
    p_forced_labor                 REAL,
    p_subcontracting               REAL,
    p_freedom_of_association       REAL,
    p_discrimination_harassment    REAL,
    p_any                          REAL NOT NULL
);
CREATE INDEX risk_scores_state ON risk_scores (state, p_any DESC);
CREATE INDEX risk_scores_any ON risk_scores (p_any DESC);

-- Inspection plans proposed for a program from the scores, and the supervisor's decision.
CREATE TABLE risk_plans (
    id           INTEGER PRIMARY KEY,
    program_id   INTEGER NOT NULL REFERENCES inspection_programs (id),
    run_id       INTEGER NOT NULL REFERENCES risk_score_runs (id),
    status       TEXT NOT NULL,
    matters      TEXT NOT NULL,
    spec_json    TEXT NOT NULL,
    -- The plan as the planner gave it (summary and notes), and the inspections to program:
    -- [{"workplace_id", "origin" (risk_model or random), "planned_for"}].
    plan_json    TEXT NOT NULL,
    picks_json   TEXT NOT NULL,
    proposed_by  INTEGER NOT NULL,
    decided_by   INTEGER,
    created_seq  INTEGER NOT NULL,
    updated_seq  INTEGER NOT NULL
);
CREATE INDEX risk_plans_program ON risk_plans (program_id, id);
