#!/usr/bin/env python3
"""The load of scripts/soak.sh: a mixed, sustained load against one `faro serve` on loopback, with
the server's memory, open files and threads sampled from /proc while it runs.

Python standard library only: one thread per client, each with its own keep-alive connection
(http.client) and its own cookies. The clients:

  public (about half): anonymous visitors. They search the union registry (its page and its API),
      search the public inspection results, open workplace results, union and agreement pages,
      statistics pages, and download open data CSV files (only those at most MAX_DOWNLOAD bytes).
      A visitor leaves after 5 to 30 requests and a new one (no cookies, new connection) comes.
  staff (about 30 %): conciliators (their agenda, a case, then the service of a summons, a
      hearing's outcome or a payment of a convenio, and requests filed at their counter when their
      prepared hearings run out), inspection supervisors (the new-inspection form, programming an
      inspection, its case page, its order) and a registrar (the work queue and a file from it).
  dashboards (about 20 %): the analyst (dashboards, the risk models, the ranking, a model's
      report, the audit log) and the supervisor (dashboards, a program's risk plan, the workload).

Every request is classed: ok (the status expected), refused (a 422: a form the law refuses;
counted apart, not an error), or an error: a 5xx, a connection error, or any other status. A GET
on a kept-alive connection that the server had closed is retried once on a new connection and
counted as a reconnect (not an error) when the retry answers.

The server (its pid is given) is sampled every SAMPLE seconds: VmRSS, VmHWM and Threads from
/proc/PID/status, and the entries of /proc/PID/fd. The samples and the latency per kind per minute
are written as CSV into the output folder; the summary says PASS or FAIL (exit 1): FAIL on any
error, on a server gone, or when the least-squares slope of RSS over the second half of the run,
times that half's length, exceeds RSS_GROWTH_LIMIT (5 %) of the RSS at the start of that half.
"""

import argparse
import csv
import datetime
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

HOST = "127.0.0.1"
DEMO_PASSWORD = "faro-demo-2026"
CONCILIATOR_PASSWORD = "soak-conciliation-2026"
CURP = "BOXW310820HNERXN09"
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
RSS_GROWTH_LIMIT = 0.05
MAX_DOWNLOAD = 4 * 1024 * 1024
TODAY = datetime.date.today()

UNION_WORDS = ["sindicato", "trabajadores", "industria", "transporte", "salario", "vacaciones", "aguinaldo",
               "minera", '"contrato colectivo"', "comercio", "sindicato -construcción", "jalisco",
               "prima vacacional", "seguridad", "federación"]
RESULT_WORDS = ["abarrotes", "farmacia", "taqueria", "servicios", "construcciones", "comercial", "hospital",
                "transportes", "restaurante", "escuela", "industrias", "papeleria"]
DOWNLOADS = ["/data/sanctions.csv", "/data/findings.csv", "/data/inspections.csv",
             "/union-registry/data/unions.csv", "/union-registry/data/agreements.csv",
             "/union-registry/data/revisions.csv", "/union-registry/data/votes.csv"]
MATTERS = ["general_conditions", "safety_health", "training", "subcontracting", "freedom_of_association",
           "discrimination_harassment"]


class Stats:
    """Every request's outcome and latency, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.start = time.perf_counter()
        self.records = []  # (seconds since start, kind, milliseconds, outcome)
        self.samples = []  # error samples, at most 20
        self.reconnects = 0

    def add(self, kind, ms, outcome, detail=""):
        with self.lock:
            self.records.append((time.perf_counter() - self.start, kind, ms, outcome))
            if outcome not in ("ok", "refused") and len(self.samples) < 20:
                self.samples.append(f"{kind}: {outcome} {detail}")

    def counts(self):
        """Requests and errors of the timed run so far (the preparation's come before 0 s)."""
        with self.lock:
            timed = [r for r in self.records if r[0] >= 0]
        return len(timed), sum(1 for r in timed if r[3] not in ("ok", "refused"))


class Session:
    """One browser: one keep-alive connection and its cookies."""

    def __init__(self, port, stats):
        self.port = port
        self.stats = stats
        self.conn = None
        self.cookies = {}
        self.csrf = ""

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None

    def _once(self, method, path, body, headers):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        for v in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = v.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return resp.status, resp.headers, data

    def request(self, kind, method, path, form=None, expect=(200,)):
        """Sends one request, records it under `kind`; returns (status, headers, text) or
        (None, None, "") on a connection error."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Accept-Language": "es-MX"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        t = time.perf_counter()
        for attempt in (0, 1):
            reused = self.conn is not None and self.conn.sock is not None
            try:
                status, h, data = self._once(method, path, body, headers)
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self.close()
                # A kept-alive connection the server closed between two requests: one retry.
                if attempt == 0 and reused and method == "GET":
                    with self.stats.lock:
                        self.stats.reconnects += 1
                    continue
                self.stats.add(kind, (time.perf_counter() - t) * 1000, "connection", f"{method} {path}: {e!r}")
                return None, None, ""
            except (OSError, http.client.HTTPException) as e:
                self.close()
                self.stats.add(kind, (time.perf_counter() - t) * 1000, "connection", f"{method} {path}: {e!r}")
                return None, None, ""
        ms = (time.perf_counter() - t) * 1000
        text = data.decode("utf-8", "replace")
        if status in expect:
            outcome = "ok"
        elif status == 422:
            outcome = "refused"
        elif status >= 500:
            outcome = "5xx"
        else:
            outcome = "unexpected"
        self.stats.add(kind, ms, outcome, f"{method} {path}: {status} {text[:200]!r}")
        return status, h, text

    def post(self, kind, path, form, expect=(303,)):
        pairs = form.items() if isinstance(form, dict) else form
        return self.request(kind, "POST", path, [("csrf", self.csrf)] + list(pairs), expect)

    def login(self, username, password):
        _, _, page = self.request("login", "GET", "/login")
        m = CSRF.search(page)
        if not m:
            raise RuntimeError("no CSRF field on the login page")
        self.csrf = m.group(1)
        status, h, _ = self.post("login", "/login", {"username": username, "password": password, "next": "/"})
        if status != 303 or "/login" in (h.get("Location", "") if h else "/login"):
            raise RuntimeError(f"the login of {username} answered {status}")
        _, _, page = self.request("login", "GET", "/")
        m = CSRF.search(page)
        if m:
            self.csrf = m.group(1)


class Run:
    """What the clients share: the deadline, the stats, and what the preparation found."""

    def __init__(self, args, stats):
        self.args = args
        self.stats = stats
        self.deadline = 0.0
        self.workplaces = []
        self.inspector_id = 0
        self.union_ids = []
        self.agreement_ids = []
        self.result_workplaces = []
        self.downloads = []
        self.plans = []
        self.reports = []

    def done(self):
        return time.perf_counter() >= self.deadline

    def think(self, rng):
        time.sleep(rng.uniform(self.args.think_min, self.args.think_max))


def links(page, pattern):
    return sorted({int(m) for m in re.findall(pattern, page)})


# ------------------------------------------------------------------------------------------------
# Preparation


def harvest(run):
    """The ids of the public pages, from the public pages themselves (so every one is public)."""
    s = Session(run.args.port, run.stats)
    for kind in ("union", "agreement"):
        for sort in ("newest", "oldest"):
            _, _, text = s.request("prepare", "GET", f"/api/v1/public/union-registry/search?kind={kind}&size=50&sort={sort}")
            try:
                hits = json.loads(text).get("hits", [])
            except ValueError:
                hits = []
            ids = {int(h["id"]) for h in hits if str(h.get("id", "")).isdigit()}
            (run.union_ids if kind == "union" else run.agreement_ids).extend(sorted(ids))
    run.union_ids = sorted(set(run.union_ids))
    run.agreement_ids = sorted(set(run.agreement_ids))
    found = set()
    for w in RESULT_WORDS:
        _, _, page = s.request("prepare", "GET", "/results?" + urllib.parse.urlencode({"q": w}))
        found.update(links(page, r'href="/results/workplaces/(\d+)"'))
    run.result_workplaces = sorted(found)
    for path in DOWNLOADS:
        status, _, text = s.request("prepare", "GET", path)
        size = len(text.encode())
        if status == 200 and size <= MAX_DOWNLOAD:
            run.downloads.append(path)
        print(f"  download {path}: {size / 1024:.0f} KiB{'' if size <= MAX_DOWNLOAD else ' (too big, left out)'}")
    s.close()
    print(f"  public ids: {len(run.union_ids)} unions, {len(run.agreement_ids)} agreements, "
          f"{len(run.result_workplaces)} workplaces with public results")


def read_database(run):
    db = sqlite3.connect(f"file:{run.args.database}?mode=ro", uri=True)
    run.workplaces = [r[0] for r in db.execute("SELECT id FROM workplaces ORDER BY id LIMIT 2000")]
    row = db.execute("SELECT id FROM users WHERE username = 'inspector'").fetchone()
    run.inspector_id = row[0] if row else 0
    # The programs the federal supervisor may plan (the /programs page does not link their plans).
    run.plans = [r[0] for r in db.execute(
        "SELECT id FROM inspection_programs WHERE jurisdiction = 'federal' ORDER BY id LIMIT 20")]
    db.close()
    if not run.workplaces or not run.inspector_id:
        raise RuntimeError("the demo has no workplaces or no inspector account")


def request_form(state, channel, n):
    return [("requester_role", "worker"), ("requester.kind", "individual"),
            ("requester.name", f"Persona Trabajadora {n}"), ("requester.curp", CURP),
            ("requester.address", "Av. Juárez 10"), ("contact", f"t{n}@example.mx"),
            ("counterpart.name", f"Comercializadora {n} SA de CV"), ("counterpart.rfc", "MAB9307148T4"),
            ("counterpart.address", "Calle Morelos 5"), ("workplace.address", "Calle Morelos 5"),
            ("workplace.state", state), ("workplace.municipality", state + ("002" if state == "09" else "001")),
            ("workplace.activity", "461110"), ("objects", "dismissal"), ("objects", "christmas_bonus"),
            ("consent", "on"), ("channel", channel), ("center", state)]


def conciliation_case(h):
    m = re.search(r"/conciliation/(\d+)$", (h.get("Location", "") if h else ""))
    return int(m.group(1)) if m else None


def prepare_conciliators(run, count):
    """As scripts/bench-conciliation.sh: the administrator files joint requests at the counters of
    state centres that have no conciliator yet (so they stay filed), `faro user add` creates the
    conciliators, and each one sets those hearings for today with themself."""
    users = [{"username": f"soak.conc{i:02d}", "state": f"{i % 32 + 1:02d}", "work": []} for i in range(count)]
    admin = Session(run.args.port, run.stats)
    admin.login("admin", DEMO_PASSWORD)
    joint = {u["username"]: [] for u in users}
    for u in users:
        for k in range(run.args.joint):
            status, h, _ = admin.post("prepare", "/conciliation/new",
                                      request_form(u["state"], "joint", f"{u['username']}-j{k}"))
            cid = conciliation_case(h)
            if status == 303 and cid:
                joint[u["username"]].append(cid)
    admin.close()
    for i, u in enumerate(users):
        out = subprocess.run(
            [run.args.faro, "--data-dir", run.args.data_dir, "user", "add", u["username"], "--role", "conciliator",
             "--jurisdiction", u["state"], "--name", f"Conciliador de carga {i}"],
            env={**os.environ, "FARO_NEW_PASSWORD": CONCILIATOR_PASSWORD}, capture_output=True, text=True, check=True)
        m = re.search(r"\(id (\d+)\)", out.stdout)
        u["id"] = int(m.group(1)) if m else 0
    times = [f"{9 + i // 2:02d}:{30 * (i % 2):02d}" for i in range(16)]
    for u in users:
        s = Session(run.args.port, run.stats)
        s.login(u["username"], CONCILIATOR_PASSWORD)
        u["session"] = s
        for k, cid in enumerate(joint[u["username"]]):
            status, _, _ = s.post("prepare", f"/conciliation/{cid}/schedule", {
                "date": TODAY.isoformat(), "time": times[k % len(times)], "conciliator_id": str(u["id"]),
                "venue": "remote", "link": f"https://audiencias.example.mx/{cid}"})
            if status == 303:
                u["work"].append(("hearing", cid))
    print(f"  {len(users)} conciliators with {sum(len(u['work']) for u in users)} hearings set for today")
    return users


# ------------------------------------------------------------------------------------------------
# The clients


def public_client(run, rng):
    s = Session(run.args.port, run.stats)
    left = rng.randint(5, 30)
    while not run.done():
        if left == 0:
            s.close()
            s = Session(run.args.port, run.stats)
            left = rng.randint(5, 30)
        left -= 1
        roll = rng.random()
        state = f"{rng.randint(1, 32):02d}"
        if roll < 0.20:
            q = {"q": rng.choice(UNION_WORDS)}
            if rng.random() < 0.3:
                q["state"] = state
            s.request("public: registry search page", "GET", "/union-registry?" + urllib.parse.urlencode(q))
        elif roll < 0.35:
            q = {"q": rng.choice(UNION_WORDS), "size": str(rng.choice([10, 20, 50]))}
            if rng.random() < 0.3:
                q["kind"] = rng.choice(["union", "agreement"])
            s.request("public: registry search API", "GET",
                      "/api/v1/public/union-registry/search?" + urllib.parse.urlencode(q))
        elif roll < 0.50:
            q = {"q": rng.choice(RESULT_WORDS)}
            if rng.random() < 0.3:
                q["state"] = state
            s.request("public: results search", "GET", "/results?" + urllib.parse.urlencode(q))
        elif roll < 0.58 and run.result_workplaces:
            s.request("public: workplace results", "GET", f"/results/workplaces/{rng.choice(run.result_workplaces)}")
        elif roll < 0.68 and run.union_ids:
            s.request("public: union page", "GET", f"/union-registry/unions/{rng.choice(run.union_ids)}")
        elif roll < 0.78 and run.agreement_ids:
            s.request("public: agreement page", "GET", f"/union-registry/agreements/{rng.choice(run.agreement_ids)}")
        elif roll < 0.87:
            s.request("public: statistics", "GET", rng.choice(
                ["/union-registry/statistics", "/conciliation/stats", "/api/v1/public/union-registry/statistics",
                 "/union-registry/compliance"]))
        elif roll < 0.91 and run.downloads:
            s.request("public: CSV download", "GET", rng.choice(run.downloads))
        else:
            s.request("public: home and data pages", "GET", rng.choice(["/", "/data", "/union-registry/data"]))
        run.think(rng)
    s.close()


def settlement_form():
    return [("outcome", "settlement"), ("item_concept", "dismissal"), ("item_description", "Indemnización"),
            ("item_amount", "45000"), ("daily_wage", "450"), ("penalty_per_day", "450"), ("ratified", "on"),
            ("installment_due_on", TODAY.isoformat()), ("installment_amount", "20000"),
            ("installment_due_on", (TODAY + datetime.timedelta(days=30)).isoformat()),
            ("installment_amount", "25000")]


def conciliator_client(run, rng, u):
    s = u["session"]
    work = u["work"]
    filed = 0
    while not run.done():
        s.request("staff: conciliation agenda", "GET", "/conciliation/agenda")
        run.think(rng)
        if not work:
            # Nothing left to record: a request taken at the counter, whose summons is then served.
            filed += 1
            status, h, _ = s.post("staff: conciliation request filed", "/conciliation/new",
                                  request_form(u["state"], "counter", f"{u['username']}-c{filed}"))
            cid = conciliation_case(h)
            if status == 303 and cid:
                work.append(("service", cid))
            run.think(rng)
            continue
        kind, cid = work.pop(0)
        _, _, page = s.request("staff: conciliation case", "GET", f"/conciliation/{cid}")
        run.think(rng)
        if kind == "hearing" and f"/conciliation/{cid}/hearing" in page:
            if rng.random() < 0.7:
                status, _, _ = s.post("staff: conciliation hearing", f"/conciliation/{cid}/hearing", settlement_form())
                if status == 303:
                    work[0:0] = [("payment1", cid)]
                    work.append(("payment2", cid))
            else:
                s.post("staff: conciliation hearing", f"/conciliation/{cid}/hearing", {"outcome": "no_agreement"})
        elif kind == "service" and f"/conciliation/{cid}/service" in page:
            s.post("staff: conciliation service", f"/conciliation/{cid}/service",
                   {"result": "served", "on": TODAY.isoformat(), "note": "Entregado en el domicilio"})
        elif kind.startswith("payment") and f"/conciliation/{cid}/payment" in page:
            s.post("staff: conciliation payment", f"/conciliation/{cid}/payment",
                   {"installment": kind[-1], "paid_on": TODAY.isoformat()})
        run.think(rng)
    s.close()


def supervisor_client(run, rng):
    s = Session(run.args.port, run.stats)
    s.login("supervisor", DEMO_PASSWORD)
    while not run.done():
        workplace = rng.choice(run.workplaces)
        s.request("staff: new inspection form", "GET", f"/inspections/new?workplace={workplace}")
        run.think(rng)
        form = [("workplace", str(workplace)), ("jurisdiction", "federal"),
                ("kind", rng.choice(["initial", "periodic", "extraordinary"])),
                ("origin", rng.choice(["program", "complaint", "random"])),
                ("planned_for", (TODAY + datetime.timedelta(days=rng.randint(1, 90))).isoformat())]
        form += [("matter", m) for m in rng.sample(MATTERS, rng.randint(1, 3))]
        status, h, _ = s.post("staff: inspection programmed", "/inspections", form)
        m = re.match(r"/inspections/(\d+)", (h.get("Location", "") if h else ""))
        run.think(rng)
        if status == 303 and m:
            case = m.group(1)
            s.request("staff: inspection case", "GET", f"/inspections/{case}")
            run.think(rng)
            s.post("staff: inspection ordered", f"/inspections/{case}/order", {
                "inspector": str(run.inspector_id), "scope": "Condiciones generales y capacitación",
                "legal_basis": "LFT 540, 541 y 542"})
            run.think(rng)
        if rng.random() < 0.3:
            s.request("staff: inspection lists", "GET", rng.choice(["/inspections", "/inspections/workload"]))
            run.think(rng)
    s.close()


def registrar_client(run, rng):
    s = Session(run.args.port, run.stats)
    s.login("registrador", DEMO_PASSWORD)
    while not run.done():
        _, _, page = s.request("staff: registrar queue", "GET", "/registrar")
        run.think(rng)
        files = re.findall(r'href="(/registrar/(?:unions|agreements|votes)/\d+)"', page)
        if files:
            s.request("staff: registrar file", "GET", rng.choice(files))
        else:
            s.request("staff: registrar file", "GET", "/registrar/anomalies")
        run.think(rng)
    s.close()


def dashboard_client(run, rng, analyst):
    s = Session(run.args.port, run.stats)
    s.login("analista" if analyst else "supervisor", DEMO_PASSWORD)
    month = TODAY.strftime("%Y-%m")
    while not run.done():
        roll = rng.random()
        state = f"{rng.randint(1, 32):02d}"
        if roll < 0.30:
            path = rng.choice(["/dashboards", f"/dashboards?state={state}",
                               f"/dashboards?from={TODAY.year - 3}-01&to={month}"])
            s.request("dashboards: dashboards page", "GET", path)
        elif roll < 0.45:
            s.request("dashboards: dashboards API", "GET", f"/api/v1/dashboards/summary?state={state}")
        elif roll < 0.60:
            s.request("dashboards: risk ranking", "GET", rng.choice(["/risk/ranking", f"/risk/ranking?state={state}"]))
        elif analyst and roll < 0.80:
            if run.reports and rng.random() < 0.3:
                s.request("dashboards: risk model report", "GET", f"/risk/models/{rng.choice(run.reports)}/report")
            else:
                s.request("dashboards: risk models", "GET", "/risk")
        elif analyst and not run.args.no_audit:
            s.request("dashboards: audit log", "GET", "/audit")
        elif analyst:
            s.request("dashboards: risk models", "GET", "/risk")
        elif roll < 0.85 and run.plans:
            s.request("dashboards: risk plan form", "GET", f"/programs/{rng.choice(run.plans)}/plan")
        else:
            s.request("dashboards: workload", "GET", "/inspections/workload")
        run.think(rng)
    s.close()


def harvest_staff(run):
    s = Session(run.args.port, run.stats)
    s.login("analista", DEMO_PASSWORD)
    _, _, page = s.request("prepare", "GET", "/risk")
    run.reports = links(page, r'href="/risk/models/(\d+)/report"')
    s.close()
    print(f"  {len(run.plans)} programs with a plan page, {len(run.reports)} risk model reports")


# ------------------------------------------------------------------------------------------------
# Sampling and the report


def read_proc(pid):
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            status[k] = v.strip()
    kb = lambda k: int(status.get(k, "0 kB").split()[0])  # noqa: E731
    return {"rss_kb": kb("VmRSS"), "hwm_kb": kb("VmHWM"), "anon_kb": kb("RssAnon"), "file_kb": kb("RssFile"),
            "shmem_kb": kb("RssShmem"), "threads": int(status.get("Threads", "0")),
            "fds": len(os.listdir(f"/proc/{pid}/fd"))}


def sampler(run, pid, samples, stop):
    while True:
        t = time.perf_counter() - run.stats.start
        try:
            row = read_proc(pid)
        except OSError:
            samples.append({"t_s": round(t, 1), "gone": True})
            return
        n, errors = run.stats.counts()
        row.update({"t_s": round(t, 1), "requests": n, "errors": errors})
        samples.append(row)
        if stop.wait(run.args.sample):
            return


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def fit(points):
    """Least squares y = a + b x; returns (a, b)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def report(run, samples, seconds):
    out = run.args.out
    records = [r for r in run.stats.records if r[0] >= 0]
    prepare_errors = sum(1 for r in run.stats.records if r[0] < 0 and r[3] not in ("ok", "refused"))
    with open(os.path.join(out, "samples.csv"), "w", newline="") as f:
        w = csv.writer(f)
        cols = ["t_s", "rss_kb", "hwm_kb", "anon_kb", "file_kb", "shmem_kb", "fds", "threads", "requests", "errors"]
        w.writerow(cols)
        for s in samples:
            if not s.get("gone"):
                w.writerow([s[c] for c in cols])
    kinds = sorted({r[1] for r in records})
    minutes = int(seconds // 60) + 1
    with open(os.path.join(out, "latency_by_minute.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["minute", "kind", "requests", "refused_422", "errors", "p50_ms", "p99_ms"])
        for m in range(minutes):
            for k in kinds:
                rs = [r for r in records if r[1] == k and m * 60 <= r[0] < (m + 1) * 60]
                if rs:
                    ms = [r[2] for r in rs]
                    w.writerow([m + 1, k, len(rs), sum(r[3] == "refused" for r in rs),
                                sum(r[3] not in ("ok", "refused") for r in rs), f"{pct(ms, 50):.1f}", f"{pct(ms, 99):.1f}"])
    with open(os.path.join(out, "requests.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["t_s", "kind", "ms", "outcome"])
        for r in records:
            w.writerow([f"{r[0]:.3f}", r[1], f"{r[2]:.1f}", r[3]])

    print(f"\n  {'kind':<38} {'count':>7} {'p50':>7} {'p99':>8} {'max':>8} (ms) {'422':>5} {'errors':>6}")
    for k in kinds:
        rs = [r for r in records if r[1] == k]
        ms = [r[2] for r in rs]
        print(f"  {k:<38} {len(rs):>7} {pct(ms, 50):7.1f} {pct(ms, 99):8.1f} {max(ms):8.1f}      "
              f"{sum(r[3] == 'refused' for r in rs):>5} {sum(r[3] not in ('ok', 'refused') for r in rs):>6}")
    groups = {}
    for r in records:
        groups.setdefault(r[1].split(":")[0], 0)
        groups[r[1].split(":")[0]] += 1
    by_outcome = {}
    for r in records:
        by_outcome[r[3]] = by_outcome.get(r[3], 0) + 1
    errors = sum(v for k, v in by_outcome.items() if k not in ("ok", "refused"))
    print(f"\n  requests: {len(records)} in {seconds:.0f} s ({len(records) / seconds:.1f}/s); by group: "
          + ", ".join(f"{g} {n} ({100 * n / max(1, len(records)):.0f} %)" for g, n in sorted(groups.items())))
    print(f"  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(by_outcome.items()))
          + f"; reconnects after a closed keep-alive connection: {run.stats.reconnects}")
    for e in run.stats.samples[:10]:
        print(f"  error: {e}")

    live = [s for s in samples if not s.get("gone")]
    gone = any(s.get("gone") for s in samples)
    verdict = []
    if errors:
        verdict.append(f"{errors} errors")
    if prepare_errors:
        verdict.append(f"{prepare_errors} errors while preparing")
    if gone:
        verdict.append("the server process was gone during the run")
    if len(live) >= 2:
        mb = lambda kb: kb / 1024  # noqa: E731
        first = [mb(s["rss_kb"]) for s in live if s["t_s"] < 60] or [mb(live[0]["rss_kb"])]
        last = [mb(s["rss_kb"]) for s in live if s["t_s"] >= seconds - 60] or [mb(live[-1]["rss_kb"])]
        half = [(s["t_s"] / 60, mb(s["rss_kb"])) for s in live if s["t_s"] >= seconds / 2]
        print(f"  RSS: minute 1 mean {sum(first) / len(first):.1f} MB, last minute mean {sum(last) / len(last):.1f} MB; "
              f"min {min(mb(s['rss_kb']) for s in live):.1f}, max {max(mb(s['rss_kb']) for s in live):.1f}; "
              f"peak (VmHWM) {mb(live[-1]['hwm_kb']):.1f} MB")
        print(f"  open files: {live[0]['fds']} at the start, {live[-1]['fds']} at the end, max {max(s['fds'] for s in live)}; "
              f"threads: {live[0]['threads']} at the start, {live[-1]['threads']} at the end, max {max(s['threads'] for s in live)}")
        if len(half) >= 3:
            a, slope = fit(half)
            span = half[-1][0] - half[0][0]
            warm = a + slope * half[0][0]
            growth = slope * span
            limit = RSS_GROWTH_LIMIT * warm
            print(f"  RSS slope over the second half ({len(half)} samples, {span:.1f} min): {slope:+.3f} MB/min, "
                  f"{growth:+.2f} MB over the half against a limit of {limit:.2f} MB ({100 * RSS_GROWTH_LIMIT:.0f} % "
                  f"of the {warm:.1f} MB at its start)")
            if growth > limit:
                verdict.append(f"RSS grew {growth:.2f} MB over the second half (limit {limit:.2f} MB)")
        else:
            verdict.append("too few samples in the second half to fit a slope (shorten SAMPLE)")
    else:
        verdict.append("no memory samples")
    print(f"  load verdict: {'PASS' if not verdict else 'FAIL: ' + '; '.join(verdict)}")
    return not verdict


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--faro", required=True)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--database", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--clients", type=int, default=24)
    p.add_argument("--sample", type=float, default=10)
    p.add_argument("--joint", type=int, default=15, help="joint hearings prepared per conciliator")
    p.add_argument("--think-min", type=float, default=0.2)
    p.add_argument("--think-max", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=20261124)
    p.add_argument("--no-audit", action="store_true", help="leave the audit log page out (for comparison)")
    args = p.parse_args()

    stats = Stats()
    run = Run(args, stats)
    n_public = max(1, round(args.clients * 0.5))
    n_staff = max(3, round(args.clients * 0.3))
    n_dash = max(1, args.clients - n_public - n_staff)
    staff_roles = [["conciliator", "supervisor", "conciliator", "registrar", "conciliator", "supervisor",
                    "conciliator"][i % 7] for i in range(n_staff)]
    print(f"  clients: {n_public} public, {n_staff} staff ({staff_roles.count('conciliator')} conciliators, "
          f"{staff_roles.count('supervisor')} supervisors, {staff_roles.count('registrar')} registrar), "
          f"{n_dash} dashboards; think time {args.think_min}-{args.think_max} s")
    read_database(run)
    harvest(run)
    harvest_staff(run)
    conciliators = prepare_conciliators(run, staff_roles.count("conciliator"))

    rng = random.Random(args.seed)
    jobs = [lambda r=random.Random(rng.random()): public_client(run, r) for _ in range(n_public)]
    for role in staff_roles:
        r = random.Random(rng.random())
        if role == "conciliator":
            u = conciliators.pop()
            jobs.append(lambda r=r, u=u: conciliator_client(run, r, u))
        elif role == "supervisor":
            jobs.append(lambda r=r: supervisor_client(run, r))
        else:
            jobs.append(lambda r=r: registrar_client(run, r))
    for i in range(n_dash):
        jobs.append(lambda r=random.Random(rng.random()), a=(i % 2 == 0): dashboard_client(run, r, a))

    def guarded(job):
        try:
            job()
        except Exception as e:  # noqa: BLE001 - a client that dies is an error of the run, not a crash of it
            stats.add("client died", 0.0, "client", repr(e))

    seconds = args.minutes * 60
    with stats.lock:
        # The timed run starts now: the preparation's requests move before 0 s.
        now = time.perf_counter()
        stats.records = [(t - (now - stats.start), k, ms, o) for t, k, ms, o in stats.records]
        stats.start = now
    run.deadline = stats.start + seconds
    samples, stop = [], threading.Event()
    sampling = threading.Thread(target=sampler, args=(run, args.pid, samples, stop))
    sampling.start()
    threads = [threading.Thread(target=guarded, args=(j,), daemon=True) for j in jobs]
    for t in threads:
        t.start()
    minute = 1
    while not run.done():
        time.sleep(min(1.0, max(0.0, run.deadline - time.perf_counter())))
        if time.perf_counter() - stats.start >= minute * 60 and samples:
            n, errors = stats.counts()
            s = samples[-1]
            print(f"  minute {minute}: {n} requests, {errors} errors, RSS {s.get('rss_kb', 0) / 1024:.1f} MB "
                  f"(anonymous {s.get('anon_kb', 0) / 1024:.1f}, file {s.get('file_kb', 0) / 1024:.1f}, "
                  f"shared {s.get('shmem_kb', 0) / 1024:.1f}), "
                  f"fds {s.get('fds', '-')}, threads {s.get('threads', '-')}", flush=True)
            minute += 1
    for t in threads:
        t.join(timeout=180)
    elapsed = time.perf_counter() - stats.start
    stop.set()
    sampling.join()
    # A last sample after the load.
    try:
        last = read_proc(args.pid)
        n, errors = stats.counts()
        last.update({"t_s": round(elapsed, 1), "requests": n, "errors": errors})
        samples.append(last)
    except OSError:
        samples.append({"t_s": round(elapsed, 1), "gone": True})
    ok = report(run, samples, seconds)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
