#!/usr/bin/env bash
# The long crash-safety run: the harness of crates/faro/tests/crash.rs (the real `faro serve`
# under a write load, killed with SIGKILL at random moments and restarted, with every
# acknowledged write, every case's wholeness, the rollups and the audit chain checked after each
# kill), for many cycles on SQLite and on PostgreSQL. Prints one summary line per backend and the
# machine, the figures docs/RELIABILITY.md records.
#
# Usage: scripts/crash-cycles.sh [CYCLES] [SEED]
#   CYCLES: kill-and-restart cycles per backend (default 100).
#   SEED: the seed of the kill delays and of the load (default 20261124); the summary prints it.
#   PostgreSQL: FARO_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) must be
#   reachable; the run makes a database of its own there and drops it. FARO_CRASH_SQLITE_ONLY=1
#   runs SQLite alone.
# Nothing leaves the machine: the servers listen on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cycles="${1:-100}"
seed="${2:-20261124}"
log="${TMPDIR:-/tmp}/faro-crash-cycles.log"

cd "$root"
if [ "${FARO_CRASH_SQLITE_ONLY:-0}" = 1 ]; then
    unset FARO_TEST_DATABASE_URL
    filter=sqlite_keeps_every
else
    export FARO_TEST_DATABASE_URL="${FARO_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
    filter=keeps_every_acknowledged_write
fi
export FARO_CRASH_CYCLES="$cycles" FARO_CRASH_SEED="$seed"

cargo test --quiet -p faro --test crash --no-run
echo "crash cycles: $cycles per backend, seed $seed (log: $log)"
status=0
# One backend at a time, so the two do not share the CPUs.
cargo test --quiet -p faro --test crash "$filter" -- --test-threads=1 >"$log" 2>&1 || status=$?

# (cargo's progress dots may precede a line)
grep -o 'crash-summary.*' "$log" || true
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
echo "machine: $(nproc) CPUs${cpu:+ ($cpu)}, $(uname -sr), $(date -u +%F)"
if [ "$status" -ne 0 ]; then
    echo "the crash run FAILED (exit $status); the problems are in $log:" >&2
    grep -E 'LOST|HALF-WRITTEN|AUDIT|UNEXPECTED|panicked' "$log" | head -40 >&2 || true
fi
exit "$status"
