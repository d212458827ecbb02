#!/usr/bin/env bash
# The public search of the union registry at N agreements: Faro (`faro serve`, its HTTP API
# /api/v1/public/union-registry/search) beside PostgreSQL full-text search (Spanish stemming with
# accents removed, a GIN index) answering the same queries on the same records, in the same run.
#
# Usage: scripts/bench-union-search.sh [AGREEMENTS] [ROUNDS] [CLIENTS]
#   AGREEMENTS (default 500000): synthetic agreements (about 1.7 KB of Spanish clause text each),
#     plus one union per 10 agreements. The SQLite data folder ${TMPDIR:-/tmp}/faro-bench-ureg-N
#     and the PostgreSQL database faro_bench_ureg_N are kept and reused (CLEAN=1 rebuilds them).
#   ROUNDS (default 40): times the 13 queries are sent to each side; CLIENTS (default 2):
#     concurrent keep-alive connections on each side.
#   PG_URL (default postgres://postgres@127.0.0.1:5432): the PostgreSQL server (trust auth).
#
# The records are written straight into Faro's `unions` and `agreements` tables (as a bulk import
# leaves them, with no events: the database serves for measuring only); `faro serve` indexes them
# from its feed before it serves (the first start builds the index in data/search/registry).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
n="${1:-500000}"
rounds="${2:-40}"
clients="${3:-2}"
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
pg_db="faro_bench_ureg_$n"
data="${TMPDIR:-/tmp}/faro-bench-ureg-$n"
port="${FARO_BENCH_PORT:-18091}"
base="http://127.0.0.1:$port"

cd "$root"
cargo build --release --quiet -p faro --bin faro
faro="$target/release/faro"
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm); $(psql "$pg_url/postgres" -Atc 'SELECT version()' | cut -d' ' -f1,2)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')"

if [ "${CLEAN:-0}" = 1 ]; then
    rm -rf "$data"
    psql "$pg_url/postgres" -q -c "DROP DATABASE IF EXISTS $pg_db"
fi
if [ ! -f "$data/loaded" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    psql "$pg_url/postgres" -q -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
    "$faro" --data-dir "$data" migrate >/dev/null
    python3 "$root/scripts/bench_union_search.py" load --sqlite "$data/faro.sqlite3" \
        --pg-url "$pg_url/$pg_db" --agreements "$n"
    touch "$data/loaded"
fi

start=$(date +%s.%N)
"$faro" --data-dir "$data" serve --listen "127.0.0.1:$port" >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "$base/health" >/dev/null; do
    kill -0 $server 2>/dev/null || { cat "$data/serve.log"; exit 1; }
    sleep 0.2
done
echo "faro serve answered after $(echo "$(date +%s.%N) - $start" | bc) s (the index catches up before serving); index $(du -sh "$data/search/registry" | cut -f1)"
grep -h "search index" "$data/serve.log" || true

python3 "$root/scripts/bench_union_search.py" run --base "$base" --pg-url "$pg_url/$pg_db" \
    --agreements "$n" --rounds "$rounds" --clients "$clients"
