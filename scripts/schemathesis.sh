#!/usr/bin/env bash
# API fuzzing: schemathesis against the running server's own OpenAPI document.
#
# Builds faro (debug), builds a small demo (1,000 workplaces) in a temporary folder, serves it on
# a free loopback port, and runs schemathesis (pinned in scripts/schemathesis-requirements.txt,
# installed in a virtualenv under the cargo target folder) against /api/openapi.json twice:
# anonymous (a visitor's CSRF cookie and header, no session), then logged in as the demo administrator (the session cookie and the CSRF header,
# obtained through the login form). Every response is checked: no 5xx, the status is one the
# document lists, the content type is the documented one, and the body matches its schema.
#
# Usage: scripts/schemathesis.sh [--quick]
#   --quick: 10 test cases per operation and phase instead of 100.
#   FARO_ST_SEED changes the seed (default 20261124); FARO_ST_WORKERS the workers (default 1).
# Exits non-zero on any failure. Nothing leaves the machine: the server listens on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
examples=100
mode=full
case "${1:-}" in
    --quick) examples=10; mode=quick ;;
    "") ;;
    *) echo "usage: scripts/schemathesis.sh [--quick]" >&2; exit 2 ;;
esac
seed="${FARO_ST_SEED:-20261124}"
workers="${FARO_ST_WORKERS:-1}"
checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
started=$(date +%s)

# The pinned schemathesis, in its own virtualenv (reinstalled when the pins change).
venv="$target/schemathesis-venv"
reqs="$root/scripts/schemathesis-requirements.txt"
stamp="$venv/.faro-requirements"
if ! [ -x "$venv/bin/st" ] || ! cmp -s "$reqs" "$stamp"; then
    echo "installing schemathesis in $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$reqs"
    cp "$reqs" "$stamp"
fi
st="$venv/bin/st"

cargo build --quiet -p faro
faro="$target/debug/faro"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/faro-st.XXXXXX")"
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "building a demo of 1,000 workplaces in $tmp"
"$faro" demo --scale 0.01 --data-dir "$tmp/data" --no-serve >"$tmp/demo.log" 2>&1 || {
    cat "$tmp/demo.log" >&2
    exit 1
}
password="$(grep -o 'password for all: [^)]*' "$tmp/demo.log" | head -n1 | sed 's/password for all: //')"
[ -n "$password" ] || { echo "the demo printed no password" >&2; exit 1; }

"$faro" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 >"$tmp/serve.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 300); do
    base="$(grep -o 'at http://[0-9.:]*' "$tmp/serve.log" | head -n1 | sed 's/^at //')" || true
    if [ -n "$base" ] && curl -fsS "$base/health" >/dev/null 2>&1; then
        break
    fi
    base=""
    kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.2
done
[ -n "$base" ] || { echo "the server did not answer /health" >&2; cat "$tmp/serve.log" >&2; exit 1; }
echo "serving at $base"

# Log in as the administrator through the form: the login page's CSRF token and cookie, then
# the session cookie; the session's CSRF token comes from /api/v1/me.
jar="$tmp/cookies"
csrf="$(curl -fsS -c "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')"
status="$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
    --data-urlencode "csrf=$csrf" --data-urlencode "username=admin" --data-urlencode "password=$password" \
    "$base/login")"
[ "$status" = 303 ] || { echo "login as admin answered $status" >&2; exit 1; }
token="$(curl -fsS -b "$jar" "$base/api/v1/me" | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')"
# Every cookie of the jar (HttpOnly ones are prefixed "#HttpOnly_"), as one Cookie header.
cookie="$(awk -F'\t' '(/^#HttpOnly_/ || !/^#/) && NF == 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")"

run() {
    local label="$1"
    shift
    echo
    echo "== schemathesis, $label: $examples examples per operation, seed $seed"
    local code=0
    # From the temporary folder: schemathesis keeps a .schemathesis folder where it runs.
    (cd "$tmp" && "$st" run "$base/api/openapi.json" \
        --checks "$checks" \
        --seed "$seed" \
        --max-examples "$examples" \
        --workers "$workers" \
        --generation-database none \
        --no-color \
        --report ndjson --report-ndjson-path "$tmp/$label.ndjson" \
        "$@") >"$tmp/$label.log" 2>&1 || code=$?
    cat "$tmp/$label.log"
    python3 "$root/scripts/schemathesis_summary.py" "$label" "$tmp/$label.log" "$tmp/$label.ndjson" || code=1
    return "$code"
}

# An anonymous visitor: no session, only the CSRF cookie every visitor gets from a page, so that
# the public POST (the settlement calculator) is fuzzed past its CSRF check too.
visitor="$tmp/visitor"
curl -fsS -o /dev/null -c "$visitor" "$base/login"
visitor_token="$(awk -F'\t' '$6 == "faro_csrf" { print $7 }' "$visitor")"
[ -n "$visitor_token" ] || { echo "no CSRF cookie for an anonymous visitor" >&2; exit 1; }

failed=0
run anonymous -H "Cookie: faro_csrf=$visitor_token" -H "X-CSRF-Token: $visitor_token" || failed=1
run admin -H "Cookie: $cookie" -H "X-CSRF-Token: $token" || failed=1
# The administrator's session must have survived the whole run (nothing logged it out).
curl -fsS -o /dev/null -b "$jar" "$base/api/v1/me" || { echo "the admin session was lost during the run" >&2; failed=1; }

echo
echo "schemathesis $("$st" --version | awk '{print $NF}'), mode $mode, seed $seed, $(( $(date +%s) - started )) s," \
    "$(nproc) CPUs: $([ "$failed" = 0 ] && echo passed || echo FAILED)"
exit "$failed"
