#!/usr/bin/env python3
"""Synthetic inspection histories with Faro's feature columns, for the risk benchmark.

Writes a training CSV (one row per inspection, with the outcome) and a scoring CSV (one row per
workplace, features only). The outcome follows a hidden, non-linear truth: sector and size
interact, earlier findings raise the risk, a hidden employer "culture" is visible only through the
employer's other records, and noise. Seeded: the same arguments give the same files.

    scripts/bench_risk_data.py --inspections 1000000 --workplaces 5000000 --out DIR
"""
import argparse
import os

import numpy as np

SECTORS = ["11", "21", "22", "23", "31", "32", "33", "43", "46", "48", "51", "52", "53", "54", "56",
           "61", "62", "71", "72", "81"]
SECTOR_RISK = np.array([0.8, 0.5, -0.3, 0.9, 0.5, 0.5, 0.45, -0.05, 0.0, 0.2, -0.35, -0.7, -0.15,
                        -0.45, 0.25, -0.3, -0.2, 0.0, 0.15, 0.05])


def features(rng, n):
    sector = rng.integers(0, len(SECTORS), n)
    size = np.minimum(rng.geometric(0.45, n) - 1, 6)
    state = rng.integers(1, 33, n)
    culture = rng.choice([-0.6, 0.0, 0.7], n, p=[0.35, 0.45, 0.2])
    visits = rng.poisson(0.4 + 0.25 * size)
    prior = rng.binomial(visits, 1 / (1 + np.exp(-(-0.6 + culture))))
    other_visits = rng.poisson(1.5 * (rng.random(n) < 0.3))
    other_found = rng.binomial(other_visits, 1 / (1 + np.exp(-(-0.6 + culture))))
    days_since = np.where(visits > 0, rng.integers(30, 1800, n), np.nan)
    fines = rng.poisson(0.3 * other_found + 0.2 * prior)
    outstanding = np.where(fines > 0, rng.gamma(2.0, 20000.0, n) * fines, 0.0)
    conciliation = rng.poisson(0.05 + 0.1 * (size >= 3) + 0.1 * (culture > 0))
    population = rng.lognormal(4.5, 1.3, n)
    age = rng.gamma(2.0, 5.0, n)
    region = np.isin(state, [7, 12, 20]) * 0.3 - np.isin(state, [2, 5, 8, 19, 26, 28]) * 0.15
    return {
        "sector": np.array(SECTORS)[sector],
        "subsector": np.char.add(np.array(SECTORS)[sector], rng.integers(1, 9, n).astype(str)),
        "state": np.char.zfill(state.astype(str), 2),
        "size_band": size,
        "workplace_age_years": np.round(age, 2),
        "employer_workplaces": 1 + rng.poisson(0.3 * size),
        "municipality_population_thousands": np.round(population, 1),
        "wp_visits": visits,
        "wp_visits_with_findings": prior,
        "wp_days_since_last_visit": days_since,
        "employer_other_visits": other_visits,
        "employer_other_visits_with_findings": other_found,
        "employer_fines": fines,
        "employer_fines_outstanding_mxn": np.round(outstanding, 0),
        "employer_conciliation_requests_2y": conciliation,
        "_logit": (-0.9 + SECTOR_RISK[sector] * (1.2 - 0.12 * size) + 0.12 * size + region + culture
                   + 0.55 * np.minimum(prior, 2) + 0.25 * np.minimum(other_found, 3)
                   + 0.15 * np.minimum(conciliation, 2)),
    }


def write(path, cols, rows):
    names = [c for c in cols if not c.startswith("_")]
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        chunk = 200_000
        for start in range(0, rows, chunk):
            end = min(rows, start + chunk)
            parts = []
            for name in names:
                v = cols[name][start:end]
                if v.dtype.kind == "f":
                    s = np.where(np.isnan(v), "", np.char.mod("%g", np.nan_to_num(v)))
                else:
                    s = v.astype(str)
                parts.append(s)
            lines = [",".join(t) for t in zip(*parts)]
            f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inspections", type=int, default=1_000_000)
    ap.add_argument("--workplaces", type=int, default=5_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    n = a.inspections
    cols = features(rng, n)
    complaint = rng.random(n) < 0.22
    cols["complaint"] = complaint.astype(int)
    logit = cols.pop("_logit") + 0.45 * complaint
    p = 1 / (1 + np.exp(-logit))
    cols["violation"] = (rng.random(n) < p).astype(int)
    days = np.sort(rng.integers(0, 5 * 365, n))
    cols["visited_on"] = (np.datetime64("2021-01-04") + days.astype("timedelta64[D]")).astype(str)
    cols["inspection_id"] = np.arange(1, n + 1)
    cols["origin"] = np.where(complaint, "complaint", np.where(rng.random(n) < 0.1, "random", "program"))
    write(os.path.join(a.out, "train.csv"), cols, n)
    m = a.workplaces
    w = features(rng, m)
    w.pop("_logit")
    w["complaint"] = np.zeros(m, dtype=int)
    w["workplace_id"] = np.arange(1, m + 1)
    write(os.path.join(a.out, "score.csv"), w, m)
    print(f"wrote {n} inspections and {m} workplaces to {a.out}")


if __name__ == "__main__":
    main()
