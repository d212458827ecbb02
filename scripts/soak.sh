#!/usr/bin/env bash
# Soak test (issue 7): a bounded, sustained, mixed load on one `faro serve` on loopback, with the
# server's memory, open files and threads sampled while it runs. It shows whether memory stays flat
# and whether any request fails over MINUTES of public search, staff case work and dashboards.
#
# Usage: scripts/soak.sh [MINUTES] [CLIENTS]     (default 10 minutes, 24 clients)
#   SCALE (default 0.1): demo size as a multiple of 100,000 workplaces (0.1: 10,000 workplaces,
#     their five years of inspections and conciliation, the union registry). Built fresh each run.
#   OUT (default ${TMPDIR:-/tmp}/faro-soak-out): where the CSV files and the logs go.
#   SAMPLE (default 10): seconds between samples of /proc/PID of the server.
#   THINK_MIN, THINK_MAX (default 0.2 and 1.0): each client's pause between two requests, seconds.
#   NO_AUDIT=1: the analysts do not open the audit log page (it walks the chain: all of it at the
#     first view and hourly, then only the new events); for comparing memory with and without it.
#   FARO_SOAK_PORT (default 18095).
#
# The load (scripts/soak.py, Python standard library only, one thread per client): about half the
# clients are anonymous visitors of the public search and pages, about 30 % staff doing case work
# (conciliators, inspection supervisors, a registrar), about 20 % dashboard viewers. Writes go
# through the real forms with their CSRF tokens. See scripts/soak.py for the mix.
#
# Output: samples.csv (t_s, rss_kb, hwm_kb, fds, threads, requests, errors every SAMPLE seconds),
# latency_by_minute.csv (p50 and p99 per kind per minute), requests.csv (every request), the
# server's log. PASS needs: no error (5xx, connection error, unexpected status; a 422 is counted
# apart), RSS growth over the second half within 5 % of its RSS, and `faro audit verify` passing
# on the database afterwards. Exits 1 on FAIL.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
minutes="${1:-10}"
clients="${2:-24}"
scale="${SCALE:-0.1}"
out="${OUT:-${TMPDIR:-/tmp}/faro-soak-out}"
port="${FARO_SOAK_PORT:-18095}"
base="http://127.0.0.1:$port"

cd "$root"
cargo build --release --quiet -p faro --bin faro
faro="$target/release/faro"
work="$(mktemp -d "${TMPDIR:-/tmp}/faro-soak.XXXXXX")"
rm -rf "$out"
mkdir -p "$out"
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -srm)"
echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "soak: $minutes min, $clients clients, demo scale $scale, samples every ${SAMPLE:-10} s, output in $out"

start=$(date +%s)
"$faro" --data-dir "$work/data" demo --scale "$scale" --no-serve >"$out/demo.log" 2>&1
echo "demo built in $(($(date +%s) - start)) s: $(du -sh "$work/data" | cut -f1)"

"$faro" --data-dir "$work/data" serve --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health" >/dev/null || { echo "the server did not start; see $out/serve.log"; exit 1; }

load=0
python3 "$root/scripts/soak.py" --port "$port" --pid "$server" --faro "$faro" --data-dir "$work/data" \
    --database "$work/data/faro.sqlite3" --out "$out" --minutes "$minutes" --clients "$clients" \
    --sample "${SAMPLE:-10}" --think-min "${THINK_MIN:-0.2}" --think-max "${THINK_MAX:-1.0}" \
    ${NO_AUDIT:+--no-audit} || load=$?

# Stop the server (it finishes open requests first), then check the hash chain on the database.
alive=1
kill -0 "$server" 2>/dev/null || alive=0
kill "$server" 2>/dev/null || true
for _ in $(seq 1 150); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$server" 2>/dev/null; then
    echo "the server did not stop within 30 s of SIGTERM"
    load=1
fi
wait "$server" 2>/dev/null || true
server=""
audit=0
"$faro" --data-dir "$work/data" audit verify >"$out/audit.log" 2>&1 || audit=$?
echo "  faro audit verify: $(tail -1 "$out/audit.log") (exit $audit)"
echo "  database after the run: $(du -sh "$work/data" | cut -f1)"
if [ "$load" = 0 ] && [ "$audit" = 0 ] && [ "$alive" = 1 ]; then
    echo "soak: PASS"
else
    echo "soak: FAIL (load exit $load, audit exit $audit, server alive at the end: $alive)"
    exit 1
fi
