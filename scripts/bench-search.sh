#!/usr/bin/env bash
# Measures the page latency of registry search on a demo database of a given scale, against the
# latency of /health (the same server doing no work) in the same run.
#
# Usage: scripts/bench-search.sh [SCALE] [REQUESTS]
#   SCALE: demo size as a multiple of 100,000 workplaces (default 1; 50 is national: 5 million).
#   The demo database is kept in ${TMPDIR:-/tmp}/faro-bench-scale-SCALE and reused.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
scale="${1:-1}"
requests="${2:-50}"
data="${TMPDIR:-/tmp}/faro-bench-scale-$scale"
port="${FARO_BENCH_PORT:-18089}"
base="http://127.0.0.1:$port"

cd "$root"
cargo build --release --quiet -p faro --bin faro
faro="$target/release/faro"
mkdir -p "$data"
echo "machine: $(nproc) CPUs, $(uname -srm)"
/usr/bin/time -f "demo build: %e s, max RSS %M KiB" "$faro" --data-dir "$data" demo --scale "$scale" --no-serve | grep -E "Ready|loaded|Using"

"$faro" --data-dir "$data" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done

jar="$(mktemp)"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{64\}')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "username=inspector" \
    --data-urlencode "password=faro-demo-2026" --data-urlencode "next=/" "$base/login"

# Prints p50 p95 max (ms) of $requests GETs of the given paths (cycled).
measure() {
    local i=0 paths=("$@")
    for _ in $(seq 1 "$requests"); do
        local p="${paths[$((i % ${#paths[@]}))]}"
        i=$((i + 1))
        curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$base$p"
    done | awk '
        $1 != 200 { bad++ }
        { t[NR] = $2 * 1000 }
        END {
            n = asort(t)
            printf "p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  (%d requests, %d not 200)\n", t[int(n * 0.5) + (n % 2)], t[int(n * 0.95)], t[n], n, bad
        }'
}

echo "reference /health:          $(measure /health)"
echo "search by name words:       $(measure '/registry?q=abarrotes' '/registry?q=taqueria+el' '/registry?q=farmacia' '/registry?q=construcciones' '/registry?q=hospital')"
echo "search by state + activity: $(measure '/registry?state=14&scian=46' '/registry?state=09&scian=72' '/registry?state=19&scian=31')"
echo "search by RFC prefix:       $(measure '/registry?rfc=GAR' '/registry?rfc=MAR' '/registry?rfc=HER')"
echo "name + state + size band:   $(measure '/registry?q=servicios&state=15&size_band=11-30' '/registry?q=comercial&state=21&size_band=0-5')"
echo "workplace page:             $(measure /workplaces/1 /workplaces/50000 /workplaces/99999)"
rm -f "$jar"
