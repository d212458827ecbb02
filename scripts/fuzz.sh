#!/usr/bin/env bash
# Fuzzes every parser of outside input with libFuzzer (cargo-fuzz, nightly Rust), each target for
# a bounded time, starting from the committed corpus (crates/faro-fuzz/corpus/<target>/).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 seconds, every target
#
# For each target it prints the executions run, the crashes found and the corpus size, and it
# copies every crash (crash-*, timeout-*, oom-*, leak-*) into
# crates/faro-fuzz/regressions/<target>/, where `cargo test -p faro-fuzz` replays it from then
# on. New coverage found by the run is kept in fuzz/corpus/<target>/ (not committed); with
# FARO_FUZZ_MERGE=1 it is merged, minimized (cargo fuzz cmin), into the committed corpus.
# Exits 1 if any target crashed. Downloads nothing but crates (cargo-fuzz from crates.io if it
# is missing, and the fuzz project's dependencies).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

seconds=${1:-60}
shift || true
all_targets=(identifiers denue risk_csv risk_model search_text public_search upload evidence_upload rules_overrides)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz from crates.io"
    cargo install cargo-fuzz --locked
fi
# Share the workspace's pinned versions (Cargo.lock) with the fuzz project.
[ -f fuzz/Cargo.lock ] || cp Cargo.lock fuzz/Cargo.lock

nice_cmd=(nice -n 10)
echo "fuzz: building the targets (cargo +nightly fuzz build, release with debug assertions)"
for t in "${targets[@]}"; do
    "${nice_cmd[@]}" cargo +nightly fuzz build "$t" 2>&1 | grep -vE '^ *(Finished|Compiling)' || true
done

summary=()
total_crashes=0
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
    seeds="crates/faro-fuzz/corpus/$t"
    work="fuzz/corpus/$t"
    artifacts="fuzz/artifacts/$t"
    regressions="crates/faro-fuzz/regressions/$t"
    mkdir -p "$work" "$artifacts" "$regressions"
    before=$(ls -A "$artifacts" | wc -l)
    log="fuzz/logs/$t.log"
    max_len=4096
    case "$t" in upload|evidence_upload|denue|risk_model) max_len=16384 ;; esac
    echo "fuzz: $t for ${seconds}s"
    set +e
    "${nice_cmd[@]}" cargo +nightly fuzz run "$t" "$work" "$seeds" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$root/$artifacts/" >"$log" 2>&1
    status=$?
    set -e
    # libFuzzer's final stats (-print_final_stats=1), else its "Done N runs" line.
    execs=$(grep -oE 'stat::number_of_executed_(runs|units): *[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+$' || true)
    if [ -z "$execs" ]; then
        execs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
    fi
    execs=${execs:-0}
    crashes=0
    for f in "$artifacts"/*; do
        [ -e "$f" ] || continue
        name=$(basename "$f")
        case "$name" in crash-*|timeout-*|oom-*|leak-*) ;; *) continue ;; esac
        if [ ! -e "$regressions/$name" ]; then
            cp "$f" "$regressions/$name"
        fi
    done
    after=$(ls -A "$artifacts" | wc -l)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        echo "fuzz: $t exited with $status without an artifact; see $log" >&2
        crashes=1
    fi
    if [ "${FARO_FUZZ_MERGE:-0}" = 1 ]; then
        cp -n "$work"/* "$seeds"/ 2>/dev/null || true
        "${nice_cmd[@]}" cargo +nightly fuzz cmin "$t" "$seeds" -- -max_len="$max_len" >"fuzz/logs/$t.cmin.log" 2>&1 || true
    fi
    corpus_files=$(ls -A "$seeds" | wc -l)
    corpus_kb=$(( $(cat "$seeds"/* 2>/dev/null | wc -c) / 1024 ))
    total_crashes=$((total_crashes + crashes))
    summary+=("$(printf '%-16s %6ss %12s %8s %9s files, %s KB' "$t" "$seconds" "$execs" "$crashes" "$corpus_files" "$corpus_kb")")
    if [ "$crashes" -gt 0 ]; then
        grep -m 1 -A 12 -E 'panicked at|ERROR: libFuzzer' "$log" >&2 || true
    fi
done

echo
echo "fuzz: $(date -u +%Y-%m-%dT%H:%MZ) on $(uname -m), $(nproc) cores, $(cargo +nightly --version)"
printf '%-16s %7s %12s %8s %s\n' target time executions crashes corpus
for line in "${summary[@]}"; do echo "$line"; done
if [ "$total_crashes" -gt 0 ]; then
    echo "fuzz: $total_crashes crash(es); inputs are in crates/faro-fuzz/regressions/ (fix the parser, keep the input)" >&2
    exit 1
fi
