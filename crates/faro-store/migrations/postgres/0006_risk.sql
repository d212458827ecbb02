-- Faro schema 6 (PostgreSQL): risk targeting. Model versions with what they were trained on and how
-- well they did, the scores of every workplace with the run (and so the models) that produced
-- them, and the inspection plans proposed from them.

-- One trained model per matter and version. `model_json` is the whole model (faro_risk's file
-- format), `report_json` its evaluation; `digest` is the SHA-256 of `model_json`, also carried by
-- the model's event, so a model cannot be swapped without the log showing it.
CREATE TABLE risk_models (
    id           BIGSERIAL PRIMARY KEY,
    matter       TEXT NOT NULL,
    trained_at   TEXT NOT NULL,
    -- The training window (visits from .. until, exclusive) and the cut-off: the test window
    -- starts there.
    train_from   TEXT NOT NULL,
    cutoff       TEXT NOT NULL,
    test_until   TEXT NOT NULL,
    train_rows   BIGINT NOT NULL,
    test_rows    BIGINT NOT NULL,
    positives    BIGINT NOT NULL,
    auc          DOUBLE PRECISION,
    baseline_auc DOUBLE PRECISION,
    lift_at_10   DOUBLE PRECISION,
    fingerprint  TEXT NOT NULL,
    params_json  TEXT NOT NULL,
    report_json  TEXT NOT NULL,
    model_json   TEXT NOT NULL,
    digest       TEXT NOT NULL,
    active       BIGINT NOT NULL,
    created_seq  BIGINT NOT NULL
);
CREATE INDEX risk_models_matter ON risk_models (matter, active, id);

-- One scoring of the whole registry: the day its features were taken, and the model of each
-- matter (JSON object matter -> risk_models.id).
CREATE TABLE risk_score_runs (
    id          BIGSERIAL PRIMARY KEY,
    scored_on   TEXT NOT NULL,
    scored_at   TEXT NOT NULL,
    models_json TEXT NOT NULL,
    workplaces  BIGINT NOT NULL,
    digest      TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);

-- The latest run's score of every workplace: the probability that an ordinary inspection would
-- find a violation of each matter (NULL where no model of that matter is active), and of any of
-- them. The registry columns the rankings and the planner filter on are copied.
CREATE TABLE risk_scores (
    workplace_id                   BIGINT PRIMARY KEY,
    run_id                         BIGINT NOT NULL REFERENCES risk_score_runs (id),
    state                          TEXT NOT NULL,
    municipality                   TEXT NOT NULL,
    sector                         TEXT NOT NULL,
    size_band                      TEXT NOT NULL,
    p_general_conditions           DOUBLE PRECISION,
    p_safety_health                DOUBLE PRECISION,
    p_training                     DOUBLE PRECISION,
    p_child_labor                  DOUBLE PRECISION,
    p_forced_labor                 DOUBLE PRECISION,
    p_subcontracting               DOUBLE PRECISION,
    p_freedom_of_association       DOUBLE PRECISION,
    p_discrimination_harassment    DOUBLE PRECISION,
    p_any                          DOUBLE PRECISION NOT NULL
);
CREATE INDEX risk_scores_state ON risk_scores (state, p_any DESC);
CREATE INDEX risk_scores_any ON risk_scores (p_any DESC);

-- Inspection plans proposed for a program from the scores, and the supervisor's decision.
CREATE TABLE risk_plans (
    id           BIGSERIAL PRIMARY KEY,
    program_id   BIGINT NOT NULL REFERENCES inspection_programs (id),
    run_id       BIGINT NOT NULL REFERENCES risk_score_runs (id),
    status       TEXT NOT NULL,
    matters      TEXT NOT NULL,
    spec_json    TEXT NOT NULL,
    -- The plan as the planner gave it (summary and notes), and the inspections to program:
    -- [{"workplace_id", "origin" (risk_model or random), "planned_for"}].
    plan_json    TEXT NOT NULL,
    picks_json   TEXT NOT NULL,
    proposed_by  BIGINT NOT NULL,
    decided_by   BIGINT,
    created_seq  BIGINT NOT NULL,
    updated_seq  BIGINT NOT NULL
);
CREATE INDEX risk_plans_program ON risk_plans (program_id, id);
