#!/usr/bin/env bash
# Measures the DENUE reader in release mode: writes a synthetic DENUE file in INEGI's layout
# (Latin-1 unless --utf8), then reads it, reading only and reading plus conversion to registry
# drafts, and prints rows per second.
#
# Usage: scripts/bench-denue.sh [ROWS] [--utf8] [--passes N]
#   ROWS defaults to 1000000; the file is kept in ${TMPDIR:-/tmp} and reused on the next run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
rows=1000000
encoding="--latin1"
passes=3
while [ $# -gt 0 ]; do
    case "$1" in
        --utf8) encoding="--utf8" ;;
        --passes) passes="$2"; shift ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) rows="$1" ;;
    esac
    shift
done

file="${TMPDIR:-/tmp}/denue-bench-${rows}${encoding/--/-}.csv"
cd "$root"
cargo build --release --quiet -p faro-denue --bin denue-synth --example denue-bench
if [ ! -s "$file" ]; then
    "$target/release/denue-synth" "$rows" "$file" "$encoding" --seed 1
fi
echo "$(nproc) CPUs; file $(du -h "$file" | cut -f1)"
"$target/release/examples/denue-bench" "$file" --passes "$passes"
