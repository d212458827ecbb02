#!/usr/bin/env bash
# Measures the managers' dashboards on a demo with at least a million inspections: the latency of
# each dashboard page and API call of `faro serve` (p50/p95/p99), and, in the same run, the same
# aggregations computed from the case tables themselves by DuckDB (from CSV exports) and by
# SQLite, which is what Faro would do without its rollups.
#
# Usage: scripts/bench-dashboard.sh [SCALE] [REQUESTS]
#   SCALE: demo size as a multiple of 100,000 workplaces (default 50: 5 million workplaces and
#   about a million inspections). The demo is kept in ${TMPDIR:-/tmp}/faro-bench-scale-SCALE and
#   reused (scripts/bench-search.sh uses the same folder); a demo built before the inspection
#   history existed gains it here.
#   REQUESTS: requests per page or API call (default 200). SQLITE_RUNS (default 1): runs of each
#   dashboard computed by SQLite from the case tables (tens of seconds each at national size).
#
# DuckDB is installed with pip into a virtual environment in ${TMPDIR:-/tmp}/faro-bench-dashboard
# (the only download). Nothing else uses the network: the server listens on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
scale="${1:-50}"
requests="${2:-200}"
data="${TMPDIR:-/tmp}/faro-bench-scale-$scale"
work="${TMPDIR:-/tmp}/faro-bench-dashboard"
port="${FARO_BENCH_PORT:-18090}"
base="http://127.0.0.1:$port"

cd "$root"
cargo build --release --quiet -p faro --bin faro
faro="$target/release/faro"
mkdir -p "$data" "$work"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -srm)"
echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "${FARO_COMMIT:-unknown}")$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
/usr/bin/time -f "demo build: %e s, max RSS %M KiB" "$faro" --data-dir "$data" demo --scale "$scale" --no-serve \
    | grep -E "Ready|loaded|Using|Generating"
db="$data/faro.sqlite3"
count() { sqlite3 "$db" "SELECT COUNT(*) FROM $1"; }
echo "database: $(du -h "$db" | cut -f1), $(count workplaces) workplaces, $(count inspections) inspections, $(count inspection_findings) findings, $(count sanctions) sanctions"
echo "rollup rows: $(count inspection_rollup) inspection ($(count inspection_rollup_by_state) by state, $(count inspection_rollup_by_sector) by sector), $(count finding_rollup) finding ($(count finding_rollup_by_matter) by matter), $(count fine_rollup) fine"
if [ "$(count inspections)" -lt 1000000 ]; then
    echo "note: fewer than a million inspections; SCALE 50 gives the national figures"
fi

"$faro" --data-dir "$data" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done

cat >"$work/bench.py" <<'PY'
"""Latency of the dashboards over HTTP, and the same aggregations in DuckDB and SQLite."""
import http.cookiejar
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse
import urllib.request

MATTERS = ["general_conditions", "safety_health", "training", "child_labor", "forced_labor",
           "subcontracting", "freedom_of_association", "discrimination_harassment"]
VISITED = "('in_progress','record_closed','corrective_measures','verification','closed','sent_to_sanction')"
CLOSED = "('closed','sent_to_sanction')"


def pct(times, p):
    times = sorted(times)
    return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]


def line(label, times, extra=""):
    ms = [t * 1000 for t in times]
    print(f"  {label:<44} p50 {pct(ms, 50):8.1f}  p95 {pct(ms, 95):8.1f}  p99 {pct(ms, 99):8.1f}  max {max(ms):8.1f} ms{extra}")


def serve_bench(base, requests):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "username": "analista", "password": "faro-demo-2026", "next": "/"})
    opener.open(base + "/login", data=form.encode()).read()
    year = time.gmtime().tm_year
    month = time.gmtime().tm_mon
    to = f"{year:04d}-{month:02d}"
    five = f"{year - 5:04d}-{month + 1:02d}" if month < 12 else f"{year - 4:04d}-01"
    paths = [
        ("reference /health", "/health"),
        ("page, country, last 12 months", "/dashboards"),
        ("page, country, 5 years", f"/dashboards?from={five}&to={to}"),
        ("page, Jalisco, last 12 months", "/dashboards?state=14"),
        ("page, Mexico City, 2024", "/dashboards?state=09&from=2024-01&to=2024-12"),
        ("API, country, last 12 months", "/api/v1/dashboards/summary"),
        ("API, country, 5 years", f"/api/v1/dashboards/summary?from={five}&to={to}"),
        ("API, Jalisco, last 12 months", "/api/v1/dashboards/summary?state=14"),
    ]
    print(f"HTTP: {requests} requests each, logged in as the demo analyst (times include rendering)")
    for label, path in paths:
        times, bad = [], 0
        for _ in range(requests):
            t = time.perf_counter()
            try:
                with opener.open(base + path) as r:
                    r.read()
                    bad += r.status != 200
            except urllib.error.HTTPError:
                bad += 1
            times.append(time.perf_counter() - t)
        line(label, times, f"  ({bad} not 200)" if bad else "")
    import json
    with opener.open(base + "/api/v1/dashboards/summary") as r:
        t = json.loads(r.read())["totals"]
    print(f"  cross-check, country, last 12 months: {t['inspections']} inspections, {t['closed']} closed, "
          f"{t['with_findings']} with findings, {t['days_to_close']} days to close")


def queries(engine, first, last, state):
    """The numbers of one dashboard, computed from the case tables (one SQL dialect per engine)."""
    month = "substr(planned_for, 1, 7)"
    if engine == "duckdb":
        days = "floor((epoch(ended_at) - epoch(started_at)) / 86400)"
    else:
        days = ("((CAST(strftime('%s', ended_at) AS INTEGER) * 1000000 + CAST(substr(ended_at, 21, 6) AS INTEGER))"
                " - (CAST(strftime('%s', started_at) AS INTEGER) * 1000000 + CAST(substr(started_at, 21, 6) AS INTEGER)))"
                " / 86400000000")
    st = f" AND state = '{state}'" if state else ""
    period = f"{month} >= '{first}' AND {month} <= '{last}'{st}"
    counts = (f"COUNT(*), SUM(CASE WHEN status IN {CLOSED} THEN 1 ELSE 0 END), "
              f"SUM(CASE WHEN findings > 0 THEN 1 ELSE 0 END), "
              f"SUM(CASE WHEN status IN {CLOSED} AND ended_at IS NOT NULL THEN {days} ELSE 0 END)")
    out = []
    for group in ["state", "sector", month]:
        out.append(f"SELECT {group}, {counts} FROM inspections WHERE {period} AND status <> 'cancelled' GROUP BY {group}")
    out.append(f"SELECT status, {counts} FROM inspections WHERE {period} GROUP BY status")
    if engine == "duckdb":
        out.append(
            f"WITH m AS (SELECT id, unnest(string_split(matters, ',')) AS matter FROM inspections "
            f"WHERE record_closed_at IS NOT NULL AND {period}) "
            "SELECT m.matter, COUNT(*), COUNT(f.inspection_id) FROM m LEFT JOIN "
            "(SELECT DISTINCT inspection_id, matter FROM findings) f ON f.inspection_id = m.id AND f.matter = m.matter "
            "GROUP BY m.matter")
    else:
        codes = " UNION ALL ".join(f"SELECT '{m}' AS code" for m in MATTERS)
        out.append(
            f"SELECT m.code, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM inspection_findings f "
            f"WHERE f.inspection_id = i.id AND f.matter = m.code) THEN 1 ELSE 0 END) "
            f"FROM inspections i JOIN ({codes}) m ON (',' || i.matters || ',') LIKE ('%,' || m.code || ',%') "
            f"WHERE i.record_closed_at IS NOT NULL AND {period.replace('planned_for', 'i.planned_for')} GROUP BY m.code")
    year = "substr(opened_at, 1, 4)"
    fines = f"{year} >= '{first[:4]}' AND {year} <= '{last[:4]}' AND status <> 'annulled'{st}"
    for group in ["state", "sector", year]:
        out.append(f"SELECT {group}, COUNT(*), SUM(imposed), SUM(paid) FROM sanctions WHERE {fines} GROUP BY {group}")
    y, m = int(last[:4]), int(last[5:])
    start = f"{y - 1:04d}-{m + 1:02d}" if m < 12 else f"{y:04d}-01"
    out.append(f"SELECT COUNT(*) FROM inspections WHERE {month} >= '{start}' AND {month} <= '{last}'{st} "
               f"AND status IN {VISITED}")
    return out


def olap(engine, run, dashboards, repeat):
    for label, first, last, state in dashboards:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            for q in queries(engine, first, last, state):
                run(q)
            times.append(time.perf_counter() - t)
        line(label, times)
    _, first, last, _ = dashboards[0]
    rows = run(queries(engine, first, last, None)[0])
    n, closed, found, days = (sum(int(r[i] or 0) for r in rows) for i in range(1, 5))
    print(f"  cross-check, country, last 12 months: {n} inspections, {closed} closed, {found} with findings, "
          f"{days} days to close")


def main():
    mode = sys.argv[1]
    if mode == "http":
        serve_bench(sys.argv[2], int(sys.argv[3]))
        return
    work, db, repeat = sys.argv[2], sys.argv[3], int(sys.argv[4])
    year, month = time.gmtime().tm_year, time.gmtime().tm_mon
    last = f"{year:04d}-{month:02d}"
    twelve = f"{year - 1:04d}-{month + 1:02d}" if month < 12 else f"{year:04d}-01"
    five = f"{year - 5:04d}-{month + 1:02d}" if month < 12 else f"{year - 4:04d}-01"
    dashboards = [
        ("country, last 12 months", twelve, last, None),
        ("country, 5 years", five, last, None),
        ("Jalisco, last 12 months", twelve, last, "14"),
        ("Mexico City, 2024", "2024-01", "2024-12", "09"),
    ]
    if mode == "duckdb":
        import duckdb
        con = duckdb.connect()
        t = time.perf_counter()
        # Codes stay text ("09"), as in Faro; numbers and times get their types.
        casts = {
            "inspections": "* REPLACE (CAST(id AS BIGINT) AS id, CAST(findings AS INTEGER) AS findings, "
                           "CAST(started_at AS TIMESTAMPTZ) AS started_at, CAST(ended_at AS TIMESTAMPTZ) AS ended_at)",
            "findings": "* REPLACE (CAST(inspection_id AS BIGINT) AS inspection_id)",
            "sanctions": "* REPLACE (CAST(id AS BIGINT) AS id, CAST(imposed AS BIGINT) AS imposed, "
                         "CAST(paid AS BIGINT) AS paid)",
        }
        for table, columns in casts.items():
            con.execute(f"CREATE TABLE {table} AS SELECT {columns} "
                        f"FROM read_csv('{work}/{table}.csv', header = true, all_varchar = true)")
        print(f"DuckDB {duckdb.__version__}: CSV load into memory {time.perf_counter() - t:.1f} s; "
              f"each line is one whole dashboard ({len(queries('duckdb', twelve, last, None))} queries), {repeat} runs")
        olap("duckdb", lambda q: con.execute(q).fetchall(), dashboards, repeat)
    else:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        print(f"SQLite {sqlite3.sqlite_version} on the case tables themselves (no rollups), {repeat} runs")
        olap("sqlite", lambda q: con.execute(q).fetchall(), dashboards, repeat)


main()
PY

python3 "$work/bench.py" http "$base" "$requests"

echo "Export of the case tables to CSV (sqlite3):"
export_csv() {
    local name="$1" sql="$2" start
    start=$(date +%s%N)
    sqlite3 -header -csv "$db" "$sql" >"$work/$name.csv"
    printf "  %-12s %s rows, %s, %d ms\n" "$name" "$(($(wc -l <"$work/$name.csv") - 1))" \
        "$(du -h "$work/$name.csv" | cut -f1)" "$((($(date +%s%N) - start) / 1000000))"
}
export_csv inspections "SELECT id, state, sector, kind, status, matters, planned_for, started_at, record_closed_at, ended_at, findings FROM inspections"
export_csv findings "SELECT inspection_id, matter, violation, affected_workers, record_date FROM inspection_findings"
export_csv sanctions "SELECT id, inspection_id, state, sector, status, opened_at, imposed, paid FROM sanctions"

if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c "import duckdb" 2>/dev/null; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet duckdb
fi
"$work/venv/bin/python" "$work/bench.py" duckdb "$work" "$db" 20
python3 "$work/bench.py" sqlite "$work" "$db" "${SQLITE_RUNS:-1}"
