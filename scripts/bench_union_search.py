#!/usr/bin/env python3
"""Public search of the union registry: Faro's /api/v1/public/union-registry/search against
PostgreSQL full-text search, on the same synthetic registry, with the same queries, in one run.

Python standard library only (PostgreSQL is spoken through its wire protocol, trust or no
authentication on loopback). Driven by scripts/bench-union-search.sh; the subcommands:

  load  --sqlite PATH --pg-url URL --agreements N
        Writes N agreements and N/10 unions into the `unions` and `agreements` tables of a migrated
        Faro SQLite database (rows written directly, with updated_seq 1 as a bulk import gives:
        no events, so this database is for measuring only), and the same records into the table
        `ureg_bench` of PostgreSQL with a tsvector (Spanish stemming, accents removed with
        `unaccent`) under a GIN index.
  run   --base URL --pg-url URL --rounds R --clients C
        Runs the query set R times over C concurrent keep-alive connections on each side and
        prints p50/p95/p99/max per query and overall, for Faro (HTTP, the whole request) and
        PostgreSQL (the whole statement: total, five facets, the top 20 with a snippet each).

The generator is seeded: the same N gives the same registry.
"""

import argparse
import csv
import http.client
import io
import os
import random
import socket
import sqlite3
import statistics
import struct
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20261124

FEDERATIONS = [
    "Confederación de Trabajadores de México",
    "Confederación Revolucionaria de Obreros y Campesinos",
    "Confederación Regional Obrera Mexicana",
    "Confederación Autónoma de Trabajadores y Empleados de México",
    "Unión Nacional de Trabajadores",
    "Federación de Sindicatos de Empresas de Bienes y Servicios",
    "Confederación Obrera Revolucionaria",
    "Confederación General de Trabajadores",
]
SECTORS = ["11", "21", "22", "23", "31", "32", "33", "43", "46", "48", "49", "51", "52", "53", "54", "56",
           "61", "62", "71", "72", "81"]
AGREEMENT_STATUSES = [("registered", 70), ("deposited", 10), ("terminated", 15), ("refused", 5)]
UNION_STATUSES = [("registered", 85), ("filed", 8), ("refused", 4), ("cancelled", 3)]
EMPLOYER_A = ["Aceros", "Alimentos", "Autopartes", "Plásticos", "Textiles", "Cementos", "Transportes",
              "Servicios", "Minera", "Embotelladora", "Farmacéutica", "Papelera", "Vidriera", "Hilados",
              "Maquiladora", "Constructora", "Distribuidora", "Comercializadora", "Industrias", "Química",
              "Hotelera", "Agrícola", "Logística", "Electrónica"]
EMPLOYER_B = ["del Norte", "del Pacífico", "del Bajío", "del Golfo", "de Occidente", "del Sureste", "Mexicana",
              "Nacional", "Regional", "Integral", "Unidos", "Continental", "Azteca", "Maya", "del Valle",
              "de la Sierra", "Peninsular", "Metropolitana", "Industrial", "Moderna"]
TRADES = ["Trabajadores", "Obreros", "Empleados", "Operadores", "Técnicos"]
BRANCHES = ["de la Industria Textil", "de la Construcción", "del Transporte", "de la Industria Química",
            "de Alimentos y Bebidas", "de Hoteles y Restaurantes", "de la Industria Automotriz",
            "del Comercio", "de la Minería", "de Servicios Profesionales", "de la Industria Electrónica"]
CLAUSES = [
    "La empresa otorgará a los trabajadores {n} días de vacaciones con una prima vacacional del {p} por ciento.",
    "El aguinaldo anual será de {n} días de salario, pagadero antes del veinte de diciembre.",
    "La empresa entregará vales de despensa mensuales por el {p} por ciento del salario.",
    "Se integrará una comisión mixta de seguridad e higiene que sesionará cada {n} días.",
    "La empresa impartirá capacitación y adiestramiento conforme al plan anual de la comisión mixta.",
    "La jornada diurna será de ocho horas y las horas extraordinarias se pagarán al doble.",
    "Los trabajadores sindicalizados recibirán un fondo de ahorro equivalente al {p} por ciento.",
    "El salario tabulado se revisará anualmente y el contrato cada dos años.",
    "La empresa proporcionará uniformes y equipo de protección personal {n} veces al año.",
    "Las trabajadoras gozarán de descanso por maternidad y de dos reposos por lactancia.",
    "En caso de fallecimiento de un familiar se concederán {n} días de permiso con goce de sueldo.",
    "Se otorgará un bono de productividad trimestral según las metas de la comisión.",
    "La empresa cubrirá el transporte del personal del turno nocturno.",
    "Los ascensos se otorgarán por escalafón atendiendo a la antigüedad y la capacidad.",
    "El comedor ofrecerá alimentos a precio subsidiado durante cada jornada.",
    "La empresa respetará la libertad sindical y la negociación colectiva auténtica.",
    "Se pagará una prima dominical del {p} por ciento a quien labore en domingo.",
    "Las becas escolares para hijos de trabajadores serán {n} por ciclo escolar.",
    "La empresa contratará un seguro de vida para cada trabajador por {n} meses de salario.",
    "La jubilación procederá a los {n} años de servicio con el pago de la prima de antigüedad.",
]
RARE = ["guardería", "bicicletas", "odontología", "lentes", "mudanza", "herramientas", "despensa navideña",
        "gimnasio", "biblioteca", "lavandería", "teletrabajo", "estacionamiento"]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def municipalities():
    with open(os.path.join(ROOT, "data/catalogs/inegi_municipios.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(r["cvegeo"], r["cve_ent"], r["nom_ent"], r["nom_mun"]) for r in rows]


def rfc(rng):
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
    return f"{letters}{rng.randint(70, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + "".join(
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(3))


def agreement_text(rng, employer, union):
    parts = [f"Contrato colectivo de trabajo que celebran {employer} y el {union}."]
    for i in range(rng.randint(10, 22)):
        c = rng.choice(CLAUSES).format(n=rng.randint(2, 40), p=rng.randint(5, 60))
        parts.append(f"Cláusula {i + 1}. {c}")
    if rng.random() < 0.1:
        parts.append(f"Cláusula adicional. La empresa ofrecerá {rng.choice(RARE)} a su personal.")
    return " ".join(parts)


def generate(n_agreements):
    """Yields ('union', row) and ('agreement', row) dicts, deterministic for a given N."""
    rng = random.Random(SEED)
    muns = municipalities()
    n_unions = max(1, n_agreements // 10)
    unions = []
    for i in range(1, n_unions + 1):
        m = rng.choice(muns)
        name = f"Sindicato de {rng.choice(TRADES)} {rng.choice(BRANCHES)} {rng.choice(EMPLOYER_B)}"
        fed = rng.choice(FEDERATIONS) if rng.random() < 0.8 else ""
        status = weighted(rng, UNION_STATUSES)
        filed = f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        u = dict(id=i, number=f"SIND-{i:06d}" if status == "registered" else None, name=name, federation=fed,
                 state=m[1], state_name=m[2], status=status, members=rng.randint(20, 5000), filed_on=filed,
                 registered_on=filed if status == "registered" else None)
        unions.append(u)
        yield "union", u
    for i in range(1, n_agreements + 1):
        u = unions[rng.randrange(len(unions))]
        m = rng.choice(muns)
        employer = f"{rng.choice(EMPLOYER_A)} {rng.choice(EMPLOYER_B)} S.A. de C.V."
        status = weighted(rng, AGREEMENT_STATUSES)
        deposited = f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield "agreement", dict(
            id=i, number=f"CCT-{i:07d}" if status in ("registered", "terminated") else None, union_id=u["id"],
            union_name=u["name"], union_registration=u["number"] or "", federation=u["federation"],
            employer=employer, rfc=rfc(rng), state=m[1], state_name=m[2], municipality=m[0], municipality_name=m[3],
            sector=rng.choice(SECTORS), status=status, deposited_on=deposited,
            covered=rng.randint(5, 8000), text=agreement_text(rng, employer, u["name"]))


# ---------------------------------------------------------------------------------------------
# PostgreSQL: the wire protocol, simple queries only.

class Pg:
    def __init__(self, url):
        p = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((p.hostname or "127.0.0.1", p.port or 5432))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        params = {"user": p.username or "postgres", "database": (p.path or "/postgres").lstrip("/") or "postgres",
                  "client_encoding": "UTF8"}
        body = struct.pack("!i", 196608) + b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in params.items()) + b"\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        while True:
            t, data = self.message()
            if t == b"R" and struct.unpack("!i", data[:4])[0] != 0:
                sys.exit("PostgreSQL asks for a password: run it with trust authentication on loopback")
            if t == b"E":
                sys.exit(f"PostgreSQL: {data!r}")
            if t == b"Z":
                break

    def recv(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("PostgreSQL closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def message(self):
        head = self.recv(5)
        return head[:1], self.recv(struct.unpack("!i", head[1:])[0] - 4)

    def query(self, sql):
        """Runs `sql`; returns the rows of its last result (text values)."""
        body = sql.encode() + b"\0"
        self.sock.sendall(b"Q" + struct.pack("!i", len(body) + 4) + body)
        rows, error = [], None
        while True:
            t, data = self.message()
            if t == b"T":
                rows = []
            elif t == b"D":
                n = struct.unpack("!h", data[:2])[0]
                pos, row = 2, []
                for _ in range(n):
                    ln = struct.unpack("!i", data[pos:pos + 4])[0]
                    pos += 4
                    row.append(None if ln < 0 else data[pos:pos + ln].decode())
                    pos += max(ln, 0)
                rows.append(row)
            elif t == b"E":
                error = data
            elif t == b"Z":
                break
        if error:
            raise RuntimeError(f"PostgreSQL: {error!r}\n{sql[:300]}")
        return rows

    def copy_in(self, sql, payload):
        body = sql.encode() + b"\0"
        self.sock.sendall(b"Q" + struct.pack("!i", len(body) + 4) + body)
        t, data = self.message()
        if t != b"G":
            raise RuntimeError(f"COPY refused: {t} {data!r}")
        for i in range(0, len(payload), 1 << 20):
            chunk = payload[i:i + (1 << 20)]
            self.sock.sendall(b"d" + struct.pack("!i", len(chunk) + 4) + chunk)
        self.sock.sendall(b"c" + struct.pack("!i", 4))
        while True:
            t, data = self.message()
            if t == b"E":
                raise RuntimeError(f"COPY failed: {data!r}")
            if t == b"Z":
                return


PG_SCHEMA = """
DROP TABLE IF EXISTS ureg_bench;
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS es_unaccent;
CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION es_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
CREATE TABLE ureg_bench (
    kind text NOT NULL, id bigint NOT NULL, number text NOT NULL, title text NOT NULL,
    union_name text NOT NULL, federation text NOT NULL, employer_rfc text NOT NULL,
    state text NOT NULL, municipality text NOT NULL, sector text NOT NULL, status text NOT NULL,
    date date NOT NULL, people bigint NOT NULL, body text NOT NULL,
    PRIMARY KEY (kind, id)
);
"""

PG_INDEXES = """
ALTER TABLE ureg_bench ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('es_unaccent', title || ' ' || union_name || ' ' || federation || ' ' || state || ' '
        || municipality), 'A') || to_tsvector('es_unaccent', body)) STORED;
CREATE INDEX ureg_bench_tsv ON ureg_bench USING gin (tsv);
CREATE INDEX ureg_bench_ids ON ureg_bench (number);
CREATE INDEX ureg_bench_rfc ON ureg_bench (employer_rfc);
CREATE INDEX ureg_bench_state ON ureg_bench (state, date);
CREATE INDEX ureg_bench_date ON ureg_bench (date);
ANALYZE ureg_bench;
"""


def pg_field(v):
    return str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def load(args):
    sectors = {}
    with open(os.path.join(ROOT, "data/catalogs/scian_sectors.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["codigo"]
            for part in range(int(code.split("-")[0]), int(code.split("-")[-1]) + 1):
                sectors[str(part)] = code
    db = sqlite3.connect(args.sqlite)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    pg = Pg(args.pg_url)
    pg.query(PG_SCHEMA)
    t0 = time.time()
    unions, agreements, pg_rows = [], [], io.StringIO()
    n_pg = 0

    def flush():
        nonlocal unions, agreements, pg_rows, n_pg
        db.executemany(
            "INSERT INTO unions (id, registration_number, name, name_key, kind, federation, state, jurisdiction, status,"
            " members, leaders, leaders_known_sex, women_leaders, founded_on, filed_on, registered_on, created_seq,"
            " updated_seq) VALUES (?, ?, ?, upper(?), 'company', ?, ?, ?, ?, ?, 1, 0, 0, ?, ?, ?, 1, 1)", unions)
        db.executemany(
            "INSERT INTO agreements (id, registration_number, kind, union_id, union_name, union_registration,"
            " employer_name, employer_rfc, state, municipality, sector, jurisdiction, covered_workers, status,"
            " legitimization, signed_on, effective_from, deposited_on, decide_by, revisions, below_law, public_text,"
            " state_json, created_seq, updated_seq) VALUES (?, ?, 'legacy', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " 'legitimized', ?, ?, ?, ?, 0, 0, ?, '{}', 1, 1)", agreements)
        db.commit()
        pg.copy_in("COPY ureg_bench (kind, id, number, title, union_name, federation, employer_rfc, state,"
                   " municipality, sector, status, date, people, body) FROM STDIN", pg_rows.getvalue().encode())
        unions, agreements, pg_rows = [], [], io.StringIO()

    for kind, r in generate(args.agreements):
        if kind == "union":
            unions.append((r["id"], r["number"], r["name"], r["name"], r["federation"], r["state"], r["state"],
                           r["status"], r["members"], r["filed_on"], r["filed_on"], r["registered_on"]))
            fields = ["union", r["id"], r["number"] or "", r["name"], "", r["federation"], "", r["state_name"], "",
                      "", r["status"], r["registered_on"] or r["filed_on"], r["members"], ""]
        else:
            agreements.append((r["id"], r["number"], r["union_id"], r["union_name"], r["union_registration"],
                               r["employer"], r["rfc"], r["state"], r["municipality"], r["sector"], r["state"],
                               r["covered"], r["status"], r["deposited_on"], r["deposited_on"], r["deposited_on"],
                               r["deposited_on"], r["text"]))
            fields = ["agreement", r["id"], r["number"] or "", r["employer"], r["union_name"], r["federation"],
                      r["rfc"], r["state_name"], r["municipality_name"], sectors.get(r["sector"], r["sector"]),
                      r["status"], r["deposited_on"], r["covered"], r["text"]]
        pg_rows.write("\t".join(pg_field(v) for v in fields) + "\n")
        n_pg += 1
        if n_pg % 20000 == 0:
            flush()
            print(f"  {n_pg:,} records written ({time.time() - t0:.0f} s)", flush=True)
    flush()
    print(f"SQLite and PostgreSQL rows: {n_pg:,} records in {time.time() - t0:.0f} s", flush=True)
    t1 = time.time()
    pg.query(PG_INDEXES)
    size = pg.query("SELECT pg_size_pretty(pg_total_relation_size('ureg_bench'))")[0][0]
    print(f"PostgreSQL tsvector + GIN and filter indexes: {time.time() - t1:.0f} s, table and indexes {size}",
          flush=True)


# ---------------------------------------------------------------------------------------------
# The query set: (label, Faro parameters, PostgreSQL condition, text for ranking/snippets or None).

def queries(n):
    rfc_known = None
    for kind, r in generate(min(n, 200)):
        if kind == "agreement":
            rfc_known = r["rfc"]
            break
    return [
        ("common word", {"q": "vacaciones"}),
        ("plural, no accents", {"q": "capacitaciones"}),
        ("two words", {"q": "seguridad higiene"}),
        ("phrase", {"q": '"prima vacacional"'}),
        ("word + state", {"q": "aguinaldo", "state": "Jalisco"}),
        ("word + sector", {"q": "uniformes", "sector": "31-33"}),
        ("word - word", {"q": "despensa -vales"}),
        ("rare word", {"q": "lavanderia"}),
        ("union name words", {"q": "sindicato textil"}),
        ("employer RFC", {"q": rfc_known}),
        ("browse state + kind", {"state": "Nuevo León", "kind": "agreement"}),
        ("browse status + dates", {"status": "terminated", "from": "2020-01-01", "to": "2022-12-31"}),
        ("word + federation", {"q": "salario", "federation": FEDERATIONS[0]}),
    ]


def sql_literal(s):
    return "'" + s.replace("'", "''") + "'"


def pg_sql(params):
    """The same request as one SQL statement: total, the five facets, the top 20 with snippets."""
    cond, text = [], params.get("q")
    if text:
        cond.append(f"tsv @@ websearch_to_tsquery('es_unaccent', {sql_literal(text)})"
                    if not text.isalnum() or not text.isupper() else f"employer_rfc = {sql_literal(text)}")
    for key, col in (("state", "state"), ("sector", "sector"), ("status", "status"), ("kind", "kind"),
                     ("federation", "federation")):
        if params.get(key):
            cond.append(f"{col} = {sql_literal(params[key])}")
    if params.get("from"):
        cond.append(f"date >= {sql_literal(params['from'])}")
    if params.get("to"):
        cond.append(f"date <= {sql_literal(params['to'])}")
    where = " AND ".join(cond) or "true"
    ranked = text and not (text.isalnum() and text.isupper())
    order = (f"ts_rank(tsv, websearch_to_tsquery('es_unaccent', {sql_literal(text)})) DESC" if ranked
             else "date DESC")
    snippet = (f"ts_headline('es_unaccent', b.body, websearch_to_tsquery('es_unaccent', {sql_literal(text)}),"
               " 'MaxFragments=1,MaxWords=35,MinWords=15,StartSel=<mark>,StopSel=</mark>')" if ranked
               else "left(b.body, 200)")
    return f"""
WITH m AS MATERIALIZED (SELECT kind, id, state, sector, status, federation, date, tsv FROM ureg_bench WHERE {where}),
top AS (SELECT kind, id FROM m ORDER BY {order} LIMIT 20)
SELECT 'total', NULL, count(*)::text FROM m
UNION ALL SELECT 'kind', kind, count(*)::text FROM m GROUP BY kind
UNION ALL SELECT 'state', state, count(*)::text FROM m GROUP BY state
UNION ALL SELECT 'sector', sector, count(*)::text FROM m GROUP BY sector
UNION ALL SELECT 'status', status, count(*)::text FROM m GROUP BY status
UNION ALL (SELECT 'federation', federation, count(*)::text FROM m GROUP BY federation ORDER BY count(*) DESC LIMIT 15)
UNION ALL SELECT 'hit', b.title, {snippet} FROM top JOIN ureg_bench b USING (kind, id)"""


def pct(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    k = max(0, min(len(sorted_ms) - 1, int(round(p / 100 * len(sorted_ms) + 0.5)) - 1))
    return sorted_ms[k]


def summary(times):
    s = sorted(times)
    return f"{len(s):6d} {pct(s, 50):8.2f} {pct(s, 95):8.2f} {pct(s, 99):8.2f} {s[-1]:8.2f}"


def drive(label, clients, jobs, make_conn, do):
    """Runs `jobs` (list of (query label, request)) over `clients` threads; returns {label: [ms]}."""
    results, lock, errors = {}, threading.Lock(), []
    chunks = [jobs[i::clients] for i in range(clients)]

    def worker(chunk):
        conn = make_conn()
        mine = []
        for qlabel, req in chunk:
            t = time.perf_counter()
            try:
                do(conn, req)
            except Exception as e:  # noqa: BLE001 - counted and shown
                errors.append(f"{qlabel}: {e}")
                continue
            mine.append((qlabel, (time.perf_counter() - t) * 1000))
        with lock:
            for qlabel, ms in mine:
                results.setdefault(qlabel, []).append(ms)

    t0 = time.time()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.time() - t0
    if errors:
        print(f"{label}: {len(errors)} errors, first: {errors[0]}")
    return results, wall


def http_get(conn, path):
    conn.request("GET", path, headers={"Accept": "application/json"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise RuntimeError(f"{r.status} {body[:200]!r}")
    return body


def run(args):
    base = urllib.parse.urlparse(args.base)
    qs = queries(args.agreements)
    # Check the answers agree before timing: the same totals on both sides.
    conn = http.client.HTTPConnection(base.hostname, base.port)
    pg = Pg(args.pg_url)
    print(f"{'query':24s} {'Faro total':>10s} {'PG total':>10s}")
    for qlabel, params in qs:
        faro_total = __import__("json").loads(http_get(conn, "/api/v1/public/union-registry/search?" +
                                                       urllib.parse.urlencode(params)))["total"]
        pg_total = pg.query(pg_sql(params))[0][2]
        print(f"{qlabel:24s} {faro_total:>10} {pg_total:>10}")
    jobs_http = [(ql, "/api/v1/public/union-registry/search?" + urllib.parse.urlencode(p))
                 for _ in range(args.rounds) for ql, p in qs]
    jobs_pg = [(ql, pg_sql(p)) for _ in range(args.rounds) for ql, p in qs]
    # One warm-up round each, then the timed runs: Faro, then PostgreSQL, then Faro again.
    drive("warm", 1, jobs_http[: len(qs)], lambda: http.client.HTTPConnection(base.hostname, base.port), http_get)
    drive("warm", 1, jobs_pg[: len(qs)], lambda: Pg(args.pg_url), Pg.query)
    faro, faro_wall = drive("faro", args.clients, jobs_http,
                            lambda: http.client.HTTPConnection(base.hostname, base.port), http_get)
    pgres, pg_wall = drive("postgresql", args.clients, jobs_pg, lambda: Pg(args.pg_url), Pg.query)
    print(f"\n{args.rounds} rounds of {len(qs)} queries over {args.clients} connections; ms as the client sees them")
    print(f"{'query':24s} | Faro HTTP: {'n':>6s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'max':>8s} |"
          f" PostgreSQL FTS: {'n':>6s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'max':>8s}")
    for qlabel, _ in qs:
        print(f"{qlabel:24s} | {summary(faro[qlabel])} | {summary(pgres[qlabel])}")
    all_f = [x for v in faro.values() for x in v]
    all_p = [x for v in pgres.values() for x in v]
    print(f"{'ALL':24s} | {summary(all_f)} | {summary(all_p)}")
    print(f"throughput: Faro {len(all_f) / faro_wall:.0f} req/s, PostgreSQL {len(all_p) / pg_wall:.0f} statements/s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("load")
    a.add_argument("--sqlite", required=True)
    a.add_argument("--pg-url", required=True)
    a.add_argument("--agreements", type=int, default=500_000)
    b = sub.add_parser("run")
    b.add_argument("--base", required=True)
    b.add_argument("--pg-url", required=True)
    b.add_argument("--agreements", type=int, default=500_000)
    b.add_argument("--rounds", type=int, default=40)
    b.add_argument("--clients", type=int, default=2)
    args = ap.parse_args()
    {"load": load, "run": run}[args.cmd](args)


if __name__ == "__main__":
    main()
