#!/usr/bin/env bash
# Measures `faro import denue` into a fresh SQLite database against sqlite3's own `.import` of the
# same file (into one plain table, no indexes), in the same run on the same machine.
#
# Usage: scripts/bench-import.sh [ROWS] [--utf8]
#   ROWS defaults to 1000000. The synthetic DENUE file is kept in ${TMPDIR:-/tmp} and reused.
#   Needs the sqlite3 command (Debian package sqlite3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
rows=1000000
encoding="--latin1"
while [ $# -gt 0 ]; do
    case "$1" in
        --utf8) encoding="--utf8" ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) rows="$1" ;;
    esac
    shift
done
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install sqlite3)" >&2; exit 2; }

tmp="${TMPDIR:-/tmp}"
file="$tmp/denue-bench-${rows}${encoding/--/-}.csv"
work="$(mktemp -d "$tmp/faro-bench-import.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$root"
cargo build --release --quiet -p faro -p faro-denue --bin faro --bin denue-synth
if [ ! -s "$file" ]; then
    "$target/release/denue-synth" "$rows" "$file" "$encoding" --seed 1
fi
echo "machine: $(nproc) CPUs, $(uname -srm); file: $rows rows, $(du -h "$file" | cut -f1), ${encoding#--}"

"$target/release/faro" --data-dir "$work/faro" migrate >/dev/null 2>&1 || {
    mkdir -p "$work/faro"
    "$target/release/faro" --data-dir "$work/faro" migrate >/dev/null
}

now() { date +%s.%N; }
t0=$(now)
sqlite3 "$work/ref.sqlite3" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
.mode csv
.import '$file' denue
SQL
t1=$(now)
ref_rows=$(sqlite3 "$work/ref.sqlite3" "SELECT count(*) FROM denue")

t2=$(now)
"$target/release/faro" --data-dir "$work/faro" import denue "$file" --quiet --report "$work/rejected.csv"
t3=$(now)
faro_rows=$(sqlite3 "$work/faro/faro.sqlite3" "SELECT count(*) FROM workplaces")

awk -v r="$ref_rows" -v a="$t0" -v b="$t1" -v f="$faro_rows" -v c="$t2" -v d="$t3" 'BEGIN {
    ref = r / (b - a); faro = f / (d - c);
    printf "sqlite3 .import (reference): %d rows in %.2f s = %.0f rows/s\n", r, b - a, ref;
    printf "faro import denue:           %d rows in %.2f s = %.0f rows/s (%.2f x the reference)\n", f, d - c, faro, faro / ref;
}'
