#!/usr/bin/env bash
# The risk model's speed and accuracy, beside LightGBM on the same rows and the same split:
# trains `faro risk train` on N inspections (default 1,000,000) and scores M workplaces (default
# 5,000,000) of a seeded synthetic history with Faro's feature columns (scripts/bench_risk_data.py),
# then fits LightGBM (from PyPI, for this benchmark only) on the rows before Faro's test window and
# tests it on the same window. Figures go to docs/BENCHMARKS.md ("Risk model").
#
#   scripts/bench-risk.sh [INSPECTIONS] [WORKPLACES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-1000000}"
m="${2:-5000000}"
dir="${TMPDIR:-/tmp}/faro-bench-risk"
mkdir -p "$dir"
python3 -c "import lightgbm, sklearn, pandas, numpy" 2>/dev/null || pip install -q lightgbm scikit-learn pandas numpy
cargo build --release -q -p faro
faro=target/release/faro
if [ ! -f "$dir/train-$n.csv" ] || [ ! -f "$dir/score-$m.csv" ]; then
    python3 scripts/bench_risk_data.py --inspections "$n" --workplaces "$m" --out "$dir/gen"
    mv "$dir/gen/train.csv" "$dir/train-$n.csv"
    mv "$dir/gen/score.csv" "$dir/score-$m.csv"
fi
echo "== faro risk train ($n inspections)"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$faro" risk train --data "$dir/train-$n.csv" --target violation \
    --time visited_on --id inspection_id --selection origin=random --size size_band \
    --group state --group sector --categorical sector --categorical subsector --categorical state \
    --model "$dir/model.json" --report "$dir/report.html" --report-json "$dir/report.json"
echo "== LightGBM on the same split"
python3 scripts/bench_risk_lightgbm.py "$dir/train-$n.csv" "$dir/report.json"
echo "== faro risk score ($m workplaces)"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$faro" risk score --model "$dir/model.json" \
    --data "$dir/score-$m.csv" --out "$dir/scores.csv"
