#!/usr/bin/env python3
"""LightGBM on the same rows and the same temporal split as `faro risk train`, for
docs/BENCHMARKS.md. The test rows are those on or after the first day of Faro's test window
(read from its JSON report); LightGBM learns from every earlier row.

    scripts/bench_risk_lightgbm.py TRAIN.csv FARO_REPORT.json
"""
import json
import sys
import time

import lightgbm as lgb
import pandas as pd
from sklearn.metrics import roc_auc_score

data, report = sys.argv[1], sys.argv[2]
rep = json.load(open(report))
test_start = rep["split"]["test_window"]["start"]
cats = ["sector", "subsector", "state"]
df = pd.read_csv(data, dtype={c: "category" for c in cats})
test = df["visited_on"] >= test_start
drop = ["visited_on", "inspection_id", "origin", "violation"]
X, y = df.drop(columns=drop), df["violation"]
t = time.perf_counter()
model = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.05, num_leaves=31, verbose=-1, n_jobs=2)
model.fit(X[~test], y[~test])
seconds = time.perf_counter() - t
auc = roc_auc_score(y[test], model.predict_proba(X[test])[:, 1])
print(json.dumps({"lightgbm_version": lgb.__version__, "train_rows": int((~test).sum()),
                  "test_rows": int(test.sum()), "train_seconds": round(seconds, 1), "test_auc": round(auc, 4),
                  "faro_test_auc": rep["model"]["auc"], "faro_baseline_auc": rep["baseline"]["auc"]}))
