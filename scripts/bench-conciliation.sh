#!/usr/bin/env bash
# Load test of the conciliators' work (issue 4): CONCILIATORS concurrent conciliators, each with
# its own session, open their agenda, open a case and record what the case is waiting for (the
# service of the summons, the hearing's outcome, a payment of the convenio), with a think time of
# 0.5 to 2 s between clicks, for SECONDS, against one `faro serve` on loopback; first on the
# embedded SQLite, then on PostgreSQL with the same demo scale.
#
# Usage: scripts/bench-conciliation.sh [CONCILIATORS] [SECONDS]   (default 200 and 60)
#   SCALE (default 1): demo size. The SQLite demo is built once in
#   ${TMPDIR:-/tmp}/faro-bench-conciliation-SCALE and copied for each run (a run writes to it).
#   PG_URL (default postgres://postgres@127.0.0.1:5432): the PostgreSQL server; a fresh database
#   faro_bench_conc_<pid> is created with CREATE DATABASE and dropped at the end. SKIP_PG=1 skips it.
#   CASES (default 3): joint and ordinary requests prepared per conciliator (3 of each).
#   SKIP_SQLITE=1 runs PostgreSQL only. On PostgreSQL the server's connections are sampled from
#   pg_stat_activity every 0.2 s during the timed run, to show where the time goes.
#
# The work (what the demo lacks: its cases belong to synthetic conciliator ids, and no hearing
# can be held before its day nor, on the ordinary track, set less than 5 days ahead, LFT 684-E IV):
#   1. Before the centres have conciliators, the administrator files CASES joint requests per
#      future conciliator at each state's counter (684-E VI: both parties come together, notified
#      at once). With nobody to hear them they stay filed, as the intake does for a centre without
#      conciliators.
#   2. `faro user add` creates the conciliators, spread over the 32 state centres.
#   3. Each conciliator logs in, sets one of those joint hearings for today with themself
#      (POST /conciliation/{id}/schedule, remote), and files CASES ordinary requests at their
#      counter, which the intake gives by turn to the centre's conciliators at least 5 working
#      days ahead, with a summons to serve.
#   4. The timed loop: GET /conciliation/agenda; GET /conciliation/{id} of the next case on its
#      list (today's hearings first, then the summonses of its counter requests); then the form
#      the page offers: hearing (70% a convenio in two payments, 30% no agreement), service
#      (served today), or payment of an instalment of a convenio reached earlier in the run. A
#      conciliator with nothing left to record still opens the agenda and a case (reads only).
# Every request's latency is counted; 422 (a refusal of the law) separately; 5xx, other 4xx and
# connection errors are errors. /health is probed every 0.5 s in the same run as the reference.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
conciliators="${1:-200}"
seconds="${2:-60}"
scale="${SCALE:-1}"
cases="${CASES:-3}"
pristine="${TMPDIR:-/tmp}/faro-bench-conciliation-$scale"
work="${TMPDIR:-/tmp}/faro-bench-conciliation-run"
port="${FARO_BENCH_PORT:-18094}"
base="http://127.0.0.1:$port"
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
password="bench-conciliation-2026"

cd "$root"
cargo build --release --quiet -p faro --bin faro
faro="$target/release/faro"
mkdir -p "$work"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -srm)"
echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "${FARO_COMMIT:-unknown}")$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "load: $conciliators conciliators, $seconds s, think time 0.5-2 s, demo scale $scale, $cases joint + $cases ordinary requests each"

cat >"$work/driver.py" <<'PY'
"""Concurrent conciliators over HTTP/1.1 keep-alive (asyncio, standard library only)."""
import asyncio
import datetime
import json
import random
import re
import sys
import time
import urllib.parse

BASE_HOST, BASE_PORT = "127.0.0.1", int(sys.argv[3])
TODAY = datetime.date.today()
CURP = "BOXW310820HNERXN09"


class HttpError(Exception):
    pass


class Session:
    """One browser: one keep-alive connection and its cookies."""

    def __init__(self):
        self.reader = self.writer = None
        self.cookies = {}
        self.csrf = ""
        self.lock = asyncio.Lock()

    async def request(self, method, path, form=None):
        async with self.lock:
            return await self._request(method, path, form)

    async def _request(self, method, path, form=None):
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
        for attempt in (0, 1):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(BASE_HOST, BASE_PORT)
                head = [f"{method} {path} HTTP/1.1", f"Host: {BASE_HOST}:{BASE_PORT}",
                        "Accept-Language: es-MX"]
                if self.cookies:
                    head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
                if form is not None:
                    head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
                self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                status = int(status_line.split()[1])
                headers = []
                while True:
                    line = await self.reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    k, _, v = line.decode("latin-1").partition(":")
                    headers.append((k.strip().lower(), v.strip()))
                h = dict(headers)
                if "content-length" in h:
                    data = await self.reader.readexactly(int(h["content-length"]))
                elif h.get("transfer-encoding") == "chunked":
                    data = b""
                    while True:
                        size = int((await self.reader.readline()).strip(), 16)
                        data += await self.reader.readexactly(size + 2)
                        if size == 0:
                            break
                else:
                    data = b""
                for k, v in headers:
                    if k == "set-cookie":
                        name, _, rest = v.partition("=")
                        self.cookies[name] = rest.split(";")[0]
                if h.get("connection") == "close":
                    self.close()
                return status, h, data.decode("utf-8", "replace")
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.close()
                if attempt == 1 or method == "POST":
                    raise

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def login(self, username, password):
        _, _, page = await self.request("GET", "/login")
        self.csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        status, h, _ = await self.request("POST", "/login", {"csrf": self.csrf, "username": username,
                                                             "password": password, "next": "/"})
        if status != 303 or "/login" in h.get("location", ""):
            raise HttpError(f"login of {username}: {status}")
        # The session's token replaces the anonymous one.
        _, _, page = await self.request("GET", "/conciliation/new")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        if m:
            self.csrf = m.group(1)

    async def post(self, path, form):
        return await self.request("POST", path, {"csrf": self.csrf, **form})


def request_form(state, channel, n):
    return [("requester_role", "worker"), ("requester.kind", "individual"),
            ("requester.name", f"Persona Trabajadora {n}"), ("requester.curp", CURP),
            ("requester.address", "Av. Juárez 10"), ("contact", f"t{n}@example.mx"),
            ("counterpart.name", f"Comercializadora {n} SA de CV"), ("counterpart.rfc", "MAB9307148T4"),
            ("counterpart.address", "Calle Morelos 5"), ("workplace.address", "Calle Morelos 5"),
            ("workplace.state", state), ("workplace.municipality", state + ("002" if state == "09" else "001")),
            ("workplace.activity", "461110"), ("objects", "dismissal"), ("objects", "christmas_bonus"),
            ("consent", "on"), ("channel", channel), ("center", state)]


def case_id(h):
    m = re.search(r"/conciliation/(\d+)$", h.get("location", ""))
    return int(m.group(1)) if m else None


async def gather_limited(jobs, limit):
    sem = asyncio.Semaphore(limit)

    async def one(job):
        async with sem:
            return await job()
    return await asyncio.gather(*(one(j) for j in jobs))


async def prepare_joint(users, cases):
    """Phase 1: the administrator files the joint requests, per state, before any conciliator."""
    admins = [Session() for _ in range(4)]
    for a in admins:
        await a.login("admin", "faro-demo-2026")
    out = {u["username"]: [] for u in users}
    bad = []

    def job(i, u, k):
        async def run():
            s = admins[i % len(admins)]
            form = request_form(u["state"], "joint", f"{u['username']}-{k}")
            status, h, page = await s.request("POST", "/conciliation/new", [("csrf", s.csrf)] + form)
            cid = case_id(h)
            if status == 303 and cid:
                out[u["username"]].append(cid)
            else:
                bad.append((status, page[:300]))
        return run
    jobs = [job(i, u, k) for i, u in enumerate(users) for k in range(cases)]
    t = time.perf_counter()
    await gather_limited(jobs, 8)
    print(f"  {len(jobs)} joint requests filed by the administrator in {time.perf_counter() - t:.1f} s"
          f"{f', {len(bad)} refused: {bad[0]}' if bad else ''}")
    return out


async def prepare_conciliators(users, joint, cases, password):
    """Phase 3: each conciliator sets today's joint hearings and files ordinary requests."""
    times = [f"{9 + i // 2:02d}:{30 * (i % 2):02d}" for i in range(12)]
    bad = []

    async def one(u):
        s = Session()
        await s.login(u["username"], password)
        u["session"] = s
        for k, cid in enumerate(joint[u["username"]]):
            status, _, page = await s.post(f"/conciliation/{cid}/schedule", {
                "date": TODAY.isoformat(), "time": times[k % 12], "conciliator_id": str(u["id"]),
                "venue": "remote", "link": f"https://audiencias.example.mx/{cid}"})
            if status == 303:
                u["work"].append(("hearing", cid))
            else:
                bad.append(("schedule", status, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', page)[:2]))
        for k in range(cases):
            form = request_form(u["state"], "counter", f"{u['username']}-o{k}")
            status, h, page = await s.request("POST", "/conciliation/new", [("csrf", s.csrf)] + form)
            cid = case_id(h)
            if status == 303 and cid:
                u["work"].append(("service", cid))
            else:
                bad.append(("file", status, page[:200]))
    t = time.perf_counter()
    await gather_limited([lambda u=u: one(u) for u in users], 8)
    print(f"  {len(users)} conciliators logged in, set {sum(1 for u in users for w in u['work'] if w[0] == 'hearing')}"
          f" hearings for today and filed {sum(1 for u in users for w in u['work'] if w[0] == 'service')}"
          f" ordinary requests in {time.perf_counter() - t:.1f} s{f'; {len(bad)} refused, e.g. {bad[0]}' if bad else ''}")


class Stats:
    def __init__(self):
        self.times = {}
        self.refused = {}
        self.errors = {}
        self.error_samples = []
        self.when = []

    def add(self, kind, seconds, status):
        self.times.setdefault(kind, []).append(seconds)
        self.when.append((time.perf_counter(), seconds, kind))
        if status == 422:
            self.refused[kind] = self.refused.get(kind, 0) + 1
        elif status is None or status >= 400:
            self.errors[kind] = self.errors.get(kind, 0) + 1


async def timed(stats, kind, coro):
    t = time.perf_counter()
    try:
        status, h, page = await coro
    except Exception as e:  # noqa: BLE001 - a connection error is counted, not fatal
        stats.add(kind, time.perf_counter() - t, None)
        stats.error_samples.append(f"{kind}: {e!r}")
        return None, {}, ""
    stats.add(kind, time.perf_counter() - t, status)
    if status >= 400 and len(stats.error_samples) < 5:
        stats.error_samples.append(f"{kind}: {status} {page[:200]!r}")
    return status, h, page


def settlement_form():
    return {"outcome": "settlement", "item_concept": "dismissal", "item_description": "Indemnización",
            "item_amount": "45000", "daily_wage": "450", "penalty_per_day": "450", "ratified": "on"}


async def conciliator(u, stats, deadline, rng):
    s = u["session"]
    work = list(u["work"])
    think = lambda: asyncio.sleep(rng.uniform(0.5, 2.0))  # noqa: E731
    await asyncio.sleep(rng.uniform(0, 2.0))
    while time.perf_counter() < deadline:
        await timed(stats, "agenda", s.request("GET", "/conciliation/agenda"))
        await think()
        kind, cid = work.pop(0) if work else ("read", u["work"][0][1] if u["work"] else 1)
        status, _, page = await timed(stats, "case", s.request("GET", f"/conciliation/{cid}"))
        await think()
        if time.perf_counter() >= deadline:
            break
        if kind == "hearing" and f"/conciliation/{cid}/hearing" in page:
            if rng.random() < 0.7:
                form = settlement_form()
                form = list(form.items()) + [
                    ("installment_due_on", TODAY.isoformat()), ("installment_amount", "20000"),
                    ("installment_due_on", (TODAY + datetime.timedelta(days=30)).isoformat()),
                    ("installment_amount", "25000")]
                status, _, _ = await timed(stats, "hearing", s.request(
                    "POST", f"/conciliation/{cid}/hearing", [("csrf", s.csrf)] + form))
                if status == 303:
                    work[0:0] = [("payment1", cid)]
                    work.append(("payment2", cid))
            else:
                await timed(stats, "hearing", s.post(f"/conciliation/{cid}/hearing", {"outcome": "no_agreement"}))
        elif kind == "service" and f"/conciliation/{cid}/service" in page:
            await timed(stats, "service", s.post(f"/conciliation/{cid}/service", {
                "result": "served", "on": TODAY.isoformat(), "note": "Entregado en el domicilio"}))
        elif kind.startswith("payment") and f"/conciliation/{cid}/payment" in page:
            await timed(stats, "payment", s.post(f"/conciliation/{cid}/payment", {
                "installment": kind[-1], "paid_on": TODAY.isoformat()}))
        await think()


async def health(stats, deadline):
    s = Session()
    while time.perf_counter() < deadline:
        await timed(stats, "reference /health", s.request("GET", "/health"))
        await asyncio.sleep(0.5)


def pct(times, p):
    times = sorted(times)
    return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]


def report(stats, seconds):
    print(f"  {'request':<20} {'count':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)  422  errors")
    every = []
    for kind in ["agenda", "case", "hearing", "service", "payment", "reference /health"]:
        ms = [t * 1000 for t in stats.times.get(kind, [])]
        if not ms:
            continue
        if kind != "reference /health":
            every += ms
        print(f"  {kind:<20} {len(ms):>6} {pct(ms, 50):8.1f} {pct(ms, 95):8.1f} {pct(ms, 99):8.1f} {max(ms):8.1f}"
              f"       {stats.refused.get(kind, 0):>4}  {stats.errors.get(kind, 0):>6}")
    print(f"  {'all (no /health)':<20} {len(every):>6} {pct(every, 50):8.1f} {pct(every, 95):8.1f} "
          f"{pct(every, 99):8.1f} {max(every):8.1f}       {sum(stats.refused.values()):>4}  "
          f"{sum(v for k, v in stats.errors.items() if k != 'reference /health'):>6}")
    print(f"  throughput: {len(every) / seconds:.1f} requests/s")
    marks = [w for w in stats.when if w[2] != "reference /health"]
    if marks:
        t0 = min(w[0] for w in marks)
        thirds = [[], [], []]
        writes = [0, 0, 0]
        for end, dt, kind in marks:
            i = min(2, int((end - t0) / (seconds / 3)))
            thirds[i].append(dt * 1000)
            writes[i] += kind in ("hearing", "service", "payment")
        print("  by third of the run: " + "; ".join(
            f"{len(t)} requests ({w} writes), p99 {pct(t, 99):.1f} ms" for t, w in zip(thirds, writes) if t))
    for e in stats.error_samples[:5]:
        print(f"  error: {e}")
    p99 = pct(every, 99)
    errors = sum(stats.errors.values())
    print(f"  target p99 < 100 ms with no errors: {'MET' if p99 < 100 and errors == 0 else 'NOT MET'}"
          f" (p99 {p99:.1f} ms, {errors} errors)")


async def main():
    users = json.load(open(sys.argv[2]))
    for u in users:
        u["work"] = []
    mode = sys.argv[1]
    cases, seconds, password = int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
    if mode == "joint":
        out = await prepare_joint(users, cases)
        json.dump(out, open(sys.argv[7], "w"))
        return
    joint = json.load(open(sys.argv[7]))
    await prepare_conciliators(users, joint, cases, password)
    stats = Stats()
    rng = random.Random(4)
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(health(stats, deadline),
                         *(conciliator(u, stats, deadline, random.Random(rng.random())) for u in users))
    elapsed = time.perf_counter() - start
    print(f"  timed run: {elapsed:.1f} s, {len(users)} concurrent sessions")
    report(stats, elapsed)


asyncio.run(main())
PY

# The conciliators: usernames, centres (the 32 states in turn) and, once created, their ids.
users_json() {
    local ids_file="$1"
    python3 - "$conciliators" "$ids_file" <<'PY'
import json, sys
n, ids_file = int(sys.argv[1]), sys.argv[2]
ids = {}
try:
    for line in open(ids_file):
        name, _, uid = line.strip().partition(" ")
        ids[name] = int(uid)
except FileNotFoundError:
    pass
users = [{"username": f"bench.conc{i:03d}", "state": f"{i % 32 + 1:02d}"} for i in range(n)]
for u in users:
    u["id"] = ids.get(u["username"], 0)
print(json.dumps(users))
PY
}

run_backend() {
    local label="$1" dir="$2"
    shift 2
    local db_args=("$@")
    echo
    echo "== $label =="
    "$faro" --data-dir "$dir" "${db_args[@]}" serve --listen "127.0.0.1:$port" >"$work/serve-$label.log" 2>&1 &
    server=$!
    for _ in $(seq 1 150); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
    users_json /dev/null >"$work/users.json"
    python3 "$work/driver.py" joint "$work/users.json" "$port" "$cases" "$seconds" "$password" "$work/joint.json"
    local start ids="$work/ids-$label.txt"
    start=$(date +%s)
    : >"$ids"
    for i in $(seq 0 $((conciliators - 1))); do
        name=$(printf "bench.conc%03d" "$i")
        FARO_NEW_PASSWORD="$password" "$faro" --data-dir "$dir" "${db_args[@]}" user add "$name" \
            --role conciliator --jurisdiction "$(printf "%02d" $((i % 32 + 1)))" --name "Conciliador $i" \
            | sed -n "s/^created user \([^ ]*\) (id \([0-9]*\)).*/\1 \2/p" >>"$ids"
    done
    echo "  $(wc -l <"$ids") conciliator accounts created with faro user add in $(($(date +%s) - start)) s"
    users_json "$ids" >"$work/users.json"
    local sampler=""
    if [ -n "$pg_db" ] && [ "$label" = postgresql ]; then
        # Where the time goes: what the server's connections are doing, sampled every 0.2 s.
        (
            end=$(($(date +%s) + ${seconds%.*} + 15))
            while [ "$(date +%s)" -lt "$end" ]; do
                psql "$pg_url/postgres" -At -F '|' -c "SELECT state, coalesce(wait_event_type, '-'),
                    coalesce(wait_event, '-'), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
                    FROM pg_stat_activity WHERE datname = '$pg_db' AND pid <> pg_backend_pid()" 2>/dev/null
                echo "--"
                sleep 0.2
            done
        ) >"$work/pg-activity.txt" &
        sampler=$!
    fi
    python3 "$work/driver.py" run "$work/users.json" "$port" "$cases" "$seconds" "$password" "$work/joint.json"
    if [ -n "$sampler" ]; then
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        echo "  PostgreSQL connections of the server, sampled every 0.2 s ($(grep -c '^--' "$work/pg-activity.txt") samples):"
        echo "  average per sample by state | wait: count"
        awk -F'|' -v n="$(grep -c '^--' "$work/pg-activity.txt")" '$0 != "--" { c[$1 " | " $2 ":" $3]++ }
            END { for (k in c) printf "    %-50s %6.2f\n", k, c[k] / n }' "$work/pg-activity.txt" | sort -k1,1 -t'|'
        echo "  statements waiting on a lock (samples):"
        awk -F'|' '$2 == "Lock" { c[$4]++ } END { for (k in c) printf "    %5d  %s\n", c[k], k }' "$work/pg-activity.txt" \
            | sort -rn | head -5
    fi
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}

server=""
pg_db=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    if [ -n "$pg_db" ]; then
        psql "$pg_url/postgres" -q -c "DROP DATABASE IF EXISTS $pg_db" || true
    fi
}
trap cleanup EXIT

if [ ! -f "$pristine/faro.sqlite3" ]; then
    mkdir -p "$pristine"
    /usr/bin/time -f "demo build (SQLite): %e s, max RSS %M KiB" "$faro" --data-dir "$pristine" demo --scale "$scale" --no-serve \
        | grep -E "Ready|loaded|Using|Generating" || true
fi
rm -rf "$work/sqlite"
mkdir -p "$work/sqlite"
cp -r "$pristine/." "$work/sqlite/"
[ "${SKIP_SQLITE:-0}" = 1 ] || run_backend sqlite "$work/sqlite"

if [ "${SKIP_PG:-0}" != 1 ]; then
    pg_db="faro_bench_conc_$$"
    psql "$pg_url/postgres" -q -c "CREATE DATABASE $pg_db"
    rm -rf "$work/pg"
    mkdir -p "$work/pg"
    /usr/bin/time -o "$work/demo-pg.time" -f "demo build (PostgreSQL): %e s, max RSS %M KiB" \
        "$faro" --data-dir "$work/pg" --database-url "$pg_url/$pg_db" demo --scale "$scale" --no-serve \
        2>"$work/demo-pg.log" | grep -E "Ready|loaded|Using|Generating" || true
    cat "$work/demo-pg.time"
    run_backend postgresql "$work/pg" --database-url "$pg_url/$pg_db"
fi
