-- Faro schema 4: the dashboards' rollups lose their status dimension, which multiplied their rows
-- by up to ten: each row of a month (or year), state and sector now carries the counts the
-- dashboards read (not cancelled, visited, closed; not annulled) as columns, plus `cases`, every
-- case counted, so that a row is deleted when its last case leaves it. Copies summed over sectors
-- and over states serve the country's views. And the workplaces visited each year, for an exact
-- coverage of the registry (distinct workplaces, not inspections), with the registry's workplaces
-- and each year's visited ones counted by state, so no dashboard counts millions of rows.

CREATE TABLE inspection_rollup_v4 (
    month         TEXT NOT NULL,
    state         TEXT NOT NULL,
    sector        TEXT NOT NULL,
    cases         BIGINT NOT NULL,
    inspections   BIGINT NOT NULL,
    visited       BIGINT NOT NULL,
    closed        BIGINT NOT NULL,
    with_findings BIGINT NOT NULL,
    days_to_close BIGINT NOT NULL,
    PRIMARY KEY (month, state, sector)
);
INSERT INTO inspection_rollup_v4 (month, state, sector, cases, inspections, visited, closed, with_findings, days_to_close)
SELECT month, state, sector, SUM(inspections),
       SUM(CASE WHEN status <> 'cancelled' THEN inspections ELSE 0 END),
       SUM(CASE WHEN status IN ('in_progress', 'record_closed', 'corrective_measures', 'verification', 'closed', 'sent_to_sanction')
                THEN inspections ELSE 0 END),
       SUM(closed), SUM(with_findings), SUM(days_to_close)
FROM inspection_rollup GROUP BY month, state, sector;
DROP TABLE inspection_rollup;
ALTER TABLE inspection_rollup_v4 RENAME TO inspection_rollup;
-- A state's view reads its own rows, not every state's.
CREATE INDEX inspection_rollup_state ON inspection_rollup (state, month);

-- The same counts summed over sectors (by month and state) and over states (by month and
-- sector): the country's views read these, a few thousand rows for five years.
CREATE TABLE inspection_rollup_by_state (
    month         TEXT NOT NULL,
    state         TEXT NOT NULL,
    cases         BIGINT NOT NULL,
    inspections   BIGINT NOT NULL,
    visited       BIGINT NOT NULL,
    closed        BIGINT NOT NULL,
    with_findings BIGINT NOT NULL,
    days_to_close BIGINT NOT NULL,
    PRIMARY KEY (month, state)
);
INSERT INTO inspection_rollup_by_state (month, state, cases, inspections, visited, closed, with_findings, days_to_close)
SELECT month, state, SUM(cases), SUM(inspections), SUM(visited), SUM(closed), SUM(with_findings), SUM(days_to_close)
FROM inspection_rollup GROUP BY month, state;
CREATE TABLE inspection_rollup_by_sector (
    month         TEXT NOT NULL,
    sector        TEXT NOT NULL,
    cases         BIGINT NOT NULL,
    inspections   BIGINT NOT NULL,
    visited       BIGINT NOT NULL,
    closed        BIGINT NOT NULL,
    with_findings BIGINT NOT NULL,
    days_to_close BIGINT NOT NULL,
    PRIMARY KEY (month, sector)
);
INSERT INTO inspection_rollup_by_sector (month, sector, cases, inspections, visited, closed, with_findings, days_to_close)
SELECT month, sector, SUM(cases), SUM(inspections), SUM(visited), SUM(closed), SUM(with_findings), SUM(days_to_close)
FROM inspection_rollup GROUP BY month, sector;

-- The findings' counts summed over states (by month and matter) for the country's views, and an
-- index for a state's.
CREATE INDEX finding_rollup_state ON finding_rollup (state, month);
CREATE TABLE finding_rollup_by_matter (
    month         TEXT NOT NULL,
    matter        TEXT NOT NULL,
    inspections   BIGINT NOT NULL,
    with_findings BIGINT NOT NULL,
    PRIMARY KEY (month, matter)
);
INSERT INTO finding_rollup_by_matter (month, matter, inspections, with_findings)
SELECT month, matter, SUM(inspections), SUM(with_findings) FROM finding_rollup GROUP BY month, matter;

CREATE TABLE fine_rollup_v4 (
    year      TEXT NOT NULL,
    state     TEXT NOT NULL,
    sector    TEXT NOT NULL,
    cases     BIGINT NOT NULL,
    sanctions BIGINT NOT NULL,
    imposed   BIGINT NOT NULL,
    paid      BIGINT NOT NULL,
    PRIMARY KEY (year, state, sector)
);
INSERT INTO fine_rollup_v4 (year, state, sector, cases, sanctions, imposed, paid)
SELECT year, state, sector, SUM(sanctions),
       SUM(CASE WHEN status <> 'annulled' THEN sanctions ELSE 0 END),
       SUM(CASE WHEN status <> 'annulled' THEN imposed ELSE 0 END),
       SUM(CASE WHEN status <> 'annulled' THEN paid ELSE 0 END)
FROM fine_rollup GROUP BY year, state, sector;
DROP TABLE fine_rollup;
ALTER TABLE fine_rollup_v4 RENAME TO fine_rollup;

CREATE TABLE workplace_visit_years (
    year         TEXT NOT NULL,
    state        TEXT NOT NULL,
    workplace_id BIGINT NOT NULL,
    PRIMARY KEY (year, state, workplace_id)
);
INSERT INTO workplace_visit_years (year, state, workplace_id)
SELECT DISTINCT substr(planned_for, 1, 4), state, workplace_id FROM inspections
WHERE status IN ('in_progress', 'record_closed', 'corrective_measures', 'verification', 'closed', 'sent_to_sanction');

-- How many workplaces each year's set holds, by state: counted as the set grows.
CREATE TABLE workplace_visit_counts (
    year       TEXT NOT NULL,
    state      TEXT NOT NULL,
    workplaces BIGINT NOT NULL,
    PRIMARY KEY (year, state)
);
INSERT INTO workplace_visit_counts (year, state, workplaces)
SELECT year, state, COUNT(*) FROM workplace_visit_years GROUP BY year, state;

-- The workplaces of the registry by state, kept by triggers on every write path (a bulk load
-- into SQLite sets the triggers aside with the indexes and recounts once at the end).
CREATE TABLE workplace_counts (
    state      TEXT NOT NULL PRIMARY KEY,
    workplaces BIGINT NOT NULL
);
INSERT INTO workplace_counts (state, workplaces) SELECT state, COUNT(*) FROM workplaces GROUP BY state;
CREATE FUNCTION workplace_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE workplace_counts SET workplaces = workplaces - 1 WHERE state = OLD.state;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO workplace_counts (state, workplaces) VALUES (NEW.state, 1)
        ON CONFLICT (state) DO UPDATE SET workplaces = workplace_counts.workplaces + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER workplace_counts_follow AFTER INSERT OR DELETE OR UPDATE OF state ON workplaces
    FOR EACH ROW EXECUTE FUNCTION workplace_counts_follow();
