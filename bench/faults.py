"""Fault drills on gunicorn + PostgreSQL + Redis, with PASS/FAIL per scenario.

    .venv/bin/python bench/faults.py [--only a,b,c]

(a) PostgreSQL restarts under load: 503 "back in a moment" pages while it is down
    (pages already in the page cache keep answering 200), 200s again afterwards, from
    the same gunicorn master and workers.
(b) Redis stops: pages still 200, /healthz says the cache is unavailable, the public
    form still accepts a contribution (rate limits fail open), the admin login refuses
    (fails closed); Redis restarted, /healthz back to ok.
(c) `import_all` killed with SIGKILL half-way into a database holding a previous
    import: every table's row count is unchanged and the site still serves.
(d) Slow clients against the production stack (`make production`: nginx in front of
    gunicorn): 50 connections sending their headers a line at a time and 50 sending a
    body a byte at a time, reconnecting whenever they are closed, while normal page
    requests are measured: their p99 stays under 200 ms with no error.
(e) Unsent bodies against the same stack: requests that declare a body and send part
    of it or none, with and without a CSRF cookie, each answered 4xx within 10 s; a
    declared body over the limits answered 413 at once.

(f) Moderation while `import_all` runs: 10 contributions are accepted in the admin,
    over HTTP, while an import that rewrites every career row has its transaction
    open; each action answers within 1 s.

(d), (e) and (f) stop neither PostgreSQL nor Redis: run them alone with `--only d,e,f`.
`--database NAME` points them at an existing, already imported PostgreSQL database
(left as it is) instead of a scratch one filled with the full real dataset;
`--port` picks the stack's port; BENCH_CACHE_URL the Redis database.

Runs against 127.0.0.1 only, in scratch databases (bench_faults, bench_faults_import)
that it drops at the end. CAUTION: (a) restarts the machine's PostgreSQL cluster and
(b) stops the machine's Redis for a few seconds; anything else using them (e.g. a
test run) sees the outage. Both are always restarted in a `finally` block.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg
from server import (
    PG_ADMIN_DSN,
    PY,
    ROOT,
    Gunicorn,
    Stack,
    drop_database,
    free_port,
    load_data,
    manage,
    production_env,
    scratch_database_url,
)

PG_VERSION = sorted(os.listdir("/etc/postgresql"))[-1]
PG_CTL = ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main"]
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
FRIENDLY = b"We will be back in a moment"
DATA = Path(os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))


# --- plumbing -------------------------------------------------------------------------


def pg_ready():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def redis_up():
    try:
        out = subprocess.run(["redis-cli", "ping"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() == "PONG"
    except subprocess.TimeoutExpired:
        return False


def wait_for(condition, seconds, step=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def ensure_postgres():
    if not pg_ready():
        subprocess.run([*PG_CTL, "start"], check=False)
        wait_for(pg_ready, 60)


def ensure_redis():
    if not redis_up():
        subprocess.run(REDIS_START, check=False)
        wait_for(redis_up, 30)


def recreate_db(name):
    scratch_database_url("postgres", name)


def site_env(db, port):
    return production_env(
        f"postgres://postgres@127.0.0.1:5432/{db}",
        port,
        ALLOWED_HOSTS="127.0.0.1",
        CONN_MAX_AGE=60,  # persistent connections: they must survive a restart
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/4"),
        FEEDBACK_MIN_FILL_SECONDS=0.2,
        WEB_CONCURRENCY=3,
        GUNICORN_MAX_REQUESTS=1000000,  # no recycling: worker PIDs must stay the same
        PYTHONUNBUFFERED=1,
    )


def new_site(db):
    """gunicorn with production settings on the scratch database `db`."""
    return Gunicorn(site_env(db, free_port()), keep_log=True)  # the drills read the log


def pids(server):
    return {"master": server.proc.pid, "workers": server.worker_pids()}


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
    except OSError as e:
        return f"conn-error ({type(e).__name__})", b"", {}


class Load:
    """A few threads GETting pages in a loop; every outcome tagged with the current phase.

    Every other request carries a unique query string, so the page cache cannot answer
    it and the view (and the database) is really used; the others are plain URLs, which
    the page cache answers once it holds them. Results are kept apart by kind.
    """

    def __init__(self, base, urls, threads=4):
        self.base, self.urls, self.threads = base, urls, threads
        self.phase = "before"
        self.results = []  # (phase, url, status, friendly, ms, kind)
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def _run(self, n):
        while not self.stopping.is_set():
            url = self.urls[n % len(self.urls)]
            kind = "uncached" if n % 2 else "cacheable"
            if kind == "uncached":
                url += f"?drill={n}"
            n += self.threads
            phase = self.phase
            started = time.perf_counter()
            status, body, headers = get(self.base + url)
            ms = (time.perf_counter() - started) * 1000
            friendly = status == 503 and FRIENDLY in body and bool(headers.get("Retry-After"))
            with self.lock:
                self.results.append((phase, url, status, friendly, ms, kind))
            time.sleep(0.02)

    def __enter__(self):
        self.pool = [
            threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(self.threads)
        ]
        for t in self.pool:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for t in self.pool:
            t.join(timeout=10)

    def counts(self, phase, kind=None):
        return Counter(r[2] for r in self.of(phase, kind))

    def of(self, phase, kind=None):
        return [r for r in self.results if r[0] == phase and kind in (None, r[5])]


def show_counts(load, phases):
    for phase in phases:
        for kind in ("uncached", "cacheable"):
            rows = load.of(phase, kind)
            counts = dict(sorted(Counter(str(r[2]) for r in rows).items()))
            ms = sorted(r[4] for r in rows) or [0]
            print(
                f"  {phase:<7} {kind:<9} {len(rows):5d} requests  status {counts}  "
                f"median {ms[len(ms) // 2]:.0f} ms, max {ms[-1]:.0f} ms"
            )


def verdict(name, checks):
    failed = [label for label, ok in checks if not ok]
    for label, ok in checks:
        print(f"  [{'x' if ok else ' '}] {label}")
    print(f"{name}: {'PASS' if not failed else 'FAIL'}")
    return not failed


def career_urls(base):
    _, body, _ = get(base + "/careers/")
    slugs = re.findall(r'href="/careers/([a-z0-9-]+)/"', body.decode())
    return ["/", "/careers/", *(f"/careers/{s}/" for s in slugs[:3]), "/about/data/"]


# --- (a) PostgreSQL restart -----------------------------------------------------------


def scenario_postgres(site):
    print("\n=== (a) PostgreSQL restart under load ===")
    urls = career_urls(site.base)
    pids_before = pids(site)
    print(f"  gunicorn master {pids_before['master']}, workers {pids_before['workers']}")
    health = []
    with Load(site.base, urls) as load:
        time.sleep(3)
        load.phase = "during"
        print(f"  t+3s: pg_ctlcluster {PG_VERSION} main stop")
        try:
            subprocess.run([*PG_CTL, "stop"], check=True)
            outage_started = time.monotonic()
            for _ in range(6):  # 3 s down, /healthz polled meanwhile
                health.append(("during", *get(site.base + "/healthz")[:2]))
                time.sleep(0.5)
        finally:
            subprocess.run([*PG_CTL, "start"], check=False)
            wait_for(pg_ready, 60)
        print(
            f"  PostgreSQL accepting connections again after {time.monotonic() - outage_started:.1f} s"
        )
        load.phase = "after"
        time.sleep(5)
        health.append(("after", *get(site.base + "/healthz")[:2]))
    pids_after = pids(site)
    show_counts(load, ("before", "during", "after"))
    for phase, status, body in health[:1] + health[-1:]:
        print(f"  /healthz {phase}: {status} {body.decode()}")
    during = load.of("during")
    bad_503 = [r for r in during if r[2] == 503 and not r[3]]
    lines = site.log_lines()
    sample_503 = next(
        (line for line in lines if "status=503" in line and "healthz" not in line), "(none)"
    )
    print(f"  log line of a 503: {sample_503}")
    print(f"  gunicorn master {pids_after['master']}, workers {pids_after['workers']} after")
    return verdict(
        "(a) PostgreSQL restart",
        [
            ("before: every response 200", set(load.counts("before")) == {200}),
            ("during: uncached pages answered 503", load.counts("during", "uncached")[503] > 0),
            ("during: every 503 is the friendly page with Retry-After", not bad_503),
            (
                "no 500 and no connection error at any time",
                all(r[2] in (200, 503) for r in load.results),
            ),
            (
                "during: pages already in the page cache kept answering 200",
                set(load.counts("during", "cacheable")) == {200},
            ),
            ("/healthz answered 503 while the database was down", any(h[1] == 503 for h in health)),
            (
                "after: every response 200 (workers reconnected by themselves)",
                set(load.counts("after")) == {200} and load.counts("after")[200] > 0,
            ),
            ("/healthz 200 again after", health[-1][1] == 200),
            ("same gunicorn master and worker PIDs", pids_before == pids_after),
        ],
    )


# --- (b) Redis stopped ----------------------------------------------------------------


def post_feedback(base, slug, message=None, kind="other"):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/careers/{slug}/feedback/", timeout=10).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    time.sleep(0.3)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "token": token,
            "kind": kind,
            "section": "other",
            "message": message
            or f"Fault drill: sent while Redis was stopped ({secrets.token_hex(4)}).",
        }
    ).encode()
    try:
        resp = opener.open(
            urllib.request.Request(f"{base}/careers/{slug}/feedback/", data=data), timeout=10
        )
        return resp.status, resp.geturl()
    except urllib.error.HTTPError as e:
        return e.code, ""


def post_admin_login(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/admin/login/", timeout=10).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": "nobody", "password": "wrong-password"}
    ).encode()
    try:
        resp = opener.open(urllib.request.Request(f"{base}/admin/login/", data=data), timeout=10)
        return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def scenario_redis(site):
    print("\n=== (b) Redis stopped ===")
    urls = career_urls(site.base)
    slug = urls[2].split("/")[2]
    health = {"before": get(site.base + "/healthz")[:2]}
    login_before = post_admin_login(site.base)[0]
    try:
        with Load(site.base, urls) as load:
            time.sleep(2)
            load.phase = "during"
            subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True)
            stopped = wait_for(lambda: not redis_up(), 10)
            print(f"  redis-cli shutdown nosave: Redis {'stopped' if stopped else 'STILL UP'}")
            time.sleep(1)
            health["during"] = get(site.base + "/healthz")[:2]
            feedback = post_feedback(site.base, slug)
            login_during = post_admin_login(site.base)
            time.sleep(2)
            subprocess.run(REDIS_START, check=True, capture_output=True)
            wait_for(redis_up, 30)
            print("  redis-server restarted")
            load.phase = "after"
            wait_for(lambda: b'"cache": "ok"' in get(site.base + "/healthz")[1], 10)
            time.sleep(2)
            health["after"] = get(site.base + "/healthz")[:2]
    finally:
        ensure_redis()
    show_counts(load, ("before", "during", "after"))
    for phase, (status, body) in health.items():
        print(f"  /healthz {phase}: {status} {body.decode()}")
    print(f"  contribution POSTed during the outage: {feedback[0]} -> {feedback[1]}")
    print(f"  admin login POST before: {login_before}; during the outage: {login_during[0]}")
    ignored = sum("Exception ignored" in line for line in site.log_lines())
    print(f"  django_redis 'Exception ignored' log entries: {ignored}")
    return verdict(
        "(b) Redis stopped",
        [
            ("pages 200 before, during and after", {r[2] for r in load.results} == {200}),
            ("pages were requested during the outage", load.counts("during")[200] > 0),
            (
                "/healthz before: 200, cache ok",
                health["before"][0] == 200 and b'"cache": "ok"' in health["before"][1],
            ),
            (
                "/healthz during: 200 degraded, cache unavailable",
                health["during"][0] == 200
                and b'"status": "degraded"' in health["during"][1]
                and b'"cache": "unavailable"' in health["during"][1],
            ),
            (
                "contribution accepted during the outage (rate limit fails open)",
                feedback[1].endswith("/feedback/thanks/"),
            ),
            (
                "admin login refused during the outage (fails closed, 503)",
                login_during[0] == 503 and "briefly unavailable" in login_during[1],
            ),
            ("ignored cache errors were logged", ignored > 0),
            (
                "/healthz after restart: cache ok",
                health["after"][0] == 200 and b'"status": "ok"' in health["after"][1],
            ),
        ],
    )


# --- (c) import killed half-way -------------------------------------------------------


def table_counts(db):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{db}") as conn:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename ~ '^(careers|salaries|profiles)_' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def data_folder():
    if (DATA / "onet" / "Occupation Data.txt").exists():
        return DATA, "real data in " + str(DATA)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from tests.importers.builders import write_data_folder

    folder = Path(tempfile.mkdtemp(prefix="faults-data-"))
    write_data_folder(folder)
    return folder, f"demo-sized files written by tests/importers/builders.py in {folder}"


def scenario_import(db):
    print("\n=== (c) import_all killed half-way ===")
    folder, what = data_folder()
    print(f"  data: {what}")
    site = new_site(db)
    manage(site.env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(site.env, "import_all", str(folder))
    print(f"  previous import done in {time.perf_counter() - started:.1f} s")
    # Take some rows away, so that the next import has real work to do (and to undo).
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{db}") as conn:
        removed = conn.execute(
            "DELETE FROM careers_task WHERE occupation_id IN "
            "(SELECT id FROM careers_occupation WHERE code LIKE '11-%')"
        ).rowcount
    print(
        f"  deleted {removed} task rows of the 11- (management) careers; a full re-import restores them"
    )
    before = table_counts(db)
    site.start()
    urls = career_urls(site.base)
    try:
        with Load(site.base, urls, threads=2) as load:
            time.sleep(1)
            load.phase = "during"
            proc = subprocess.Popen(
                [PY, "manage.py", "import_all", str(folder)],
                cwd=ROOT,
                env=site.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            started = time.perf_counter()
            killed_at = None
            for line in proc.stdout:
                print(f"    import_all| {line.rstrip()}")
                if line.startswith("[2/4]"):  # O*NET written inside the open transaction
                    proc.send_signal(signal.SIGKILL)
                    killed_at = time.perf_counter() - started
                    break
            proc.wait(timeout=30)
            print(f"  SIGKILL after {killed_at or 0:.1f} s; exit status {proc.returncode}")
            # The server rolls the dead client's transaction back once it notices the socket closed.
            gone = wait_for(lambda: not backends_busy(db), 30)
            load.phase = "after"
            time.sleep(3)
        after = table_counts(db)
        show_counts(load, ("before", "during", "after"))
        changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
        print(f"  {len(before)} tables, {sum(before.values())} rows before the killed run")
        print(f"  tables whose row count changed: {changed or 'none'}")
        site.stop()
        manage(site.env, "import_all", str(folder))
        completed = table_counts(db)
        restored = completed["careers_task"] - after["careers_task"]
        print(f"  the same import run to completion afterwards restores {restored} task rows")
    finally:
        site.stop()
    return verdict(
        "(c) import killed half-way",
        [
            ("the import was killed by SIGKILL", proc.returncode == -signal.SIGKILL),
            ("its server-side transaction ended (rolled back)", gone),
            ("every table's row count is unchanged", before == after),
            (
                "the killed run had work to do (a completed run restores the rows)",
                restored == removed > 0,
            ),
            ("site served 200 before, during and after", {r[2] for r in load.results} == {200}),
        ],
    )


# --- (d) slow clients and (e) unsent bodies, against the production stack -----------


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


class SlowClients:
    """Attackers on raw sockets, each reconnecting as soon as it is closed.

    "header" clients send a request line and then one header line every `gap` seconds,
    never the blank line that ends the headers; "body" clients send complete headers
    declaring a body and then one byte of it every `gap` seconds.
    """

    def __init__(self, port, kind, count, path, gap):
        self.port, self.kind, self.count, self.path, self.gap = port, kind, count, path, gap
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.open_now = 0
        self.connections = 0
        self.closed_by_server = 0
        self.answers = Counter()  # status lines the server sent before closing

    def _one(self, n):
        while not self.stopping.is_set():
            try:
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            except OSError:
                time.sleep(0.2)
                continue
            with self.lock:
                self.connections += 1
                self.open_now += 1
            try:
                if self.kind == "header":
                    sock.sendall(f"GET /?slow={n} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
                else:
                    sock.sendall(
                        f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 100000\r\n\r\n".encode()
                    )
                sock.settimeout(self.gap)
                i = 0
                while not self.stopping.is_set():
                    try:
                        data = sock.recv(256)
                        if data:
                            with self.lock:
                                self.answers[
                                    data.split(b"\r\n", 1)[0].decode(errors="replace")
                                ] += 1
                        with self.lock:
                            self.closed_by_server += 1
                        break
                    except TimeoutError:
                        pass
                    i += 1
                    sock.sendall(f"X-Slow-{i}: x\r\n".encode() if self.kind == "header" else b"a")
            except OSError:
                with self.lock:
                    self.closed_by_server += 1
            finally:
                sock.close()
                with self.lock:
                    self.open_now -= 1

    def __enter__(self):
        self.pool = [
            threading.Thread(target=self._one, args=(i,), daemon=True) for i in range(self.count)
        ]
        for t in self.pool:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for t in self.pool:
            t.join(timeout=self.gap + 5)


def stack_site(args):
    """The production stack on the drills' database: --database or a scratch import."""
    if args.database:
        name, note = args.database, f"existing database {args.database} (left as it is)"
    else:
        recreate_db("bench_faults_stack")
        name = "bench_faults_stack"
        note = None
    port = args.port or free_port()
    # (f) posts a few contributions from this one address.
    env = {
        **site_env(name, port),
        "FEEDBACK_RATE_PER_CAREER": "1000/h",
        "FEEDBACK_RATE_PER_DAY": "1000/d",
    }
    if note is None:
        note = "bench_faults_stack: " + load_data(env)
    else:
        manage(env, "migrate", "--noinput", "-v0")
    print(f"  database: {note}")
    stack = Stack(env, port)
    stack.db = name
    return stack


def stack_urls(base):
    urls = career_urls(base)
    return urls, urls[2].split("/")[2]


def scenario_slow_clients(stack):
    print("\n=== (d) slow clients against nginx + gunicorn ===")
    urls, slug = stack_urls(stack.base)
    print(
        f"  stack: {stack.base} (make production), gunicorn workers: {stack.env['WEB_CONCURRENCY']}"
    )
    with Load(stack.base, urls, threads=2) as load:
        time.sleep(5)
        load.phase = "during"
        headers = SlowClients(stack.port, "header", 50, "/", gap=2)
        bodies = SlowClients(stack.port, "body", 50, f"/careers/{slug}/feedback/", gap=1)
        with headers, bodies:
            time.sleep(5)
            held = []
            for _ in range(20):
                held.append(headers.open_now + bodies.open_now)
                time.sleep(1)
        load.phase = "after"
        time.sleep(3)
    show_counts(load, ("before", "during", "after"))
    # Visitors' requests: the plain URLs, which the page cache answers as it does in
    # production. Every other request carries a unique query string and is rendered
    # from the database; those are reported too, against their own figures before the
    # attack (on a busy 2-core machine a full render takes 50-200 ms by itself).
    during = load.of("during", "cacheable")
    ms = [r[4] for r in during]
    errors = [r for r in load.of("during") if r[2] != 200]
    p50, p99 = percentile(ms, 0.5), percentile(ms, 0.99)
    rendered = {phase: [r[4] for r in load.of(phase, "uncached")] for phase in ("before", "during")}
    reached = sum(
        f"/careers/{slug}/feedback/" in line and "method=POST" in line for line in stack.log_lines()
    )
    print(
        f"  attack: {headers.connections} slow-header connections ({headers.closed_by_server} "
        f"closed by nginx), {bodies.connections} slow-body connections "
        f"({bodies.closed_by_server} closed); sockets held open at once: "
        f"min {min(held)}, max {max(held)}"
    )
    print(
        "  answers sent to the attackers before closing: "
        f"{dict(headers.answers + bodies.answers) or 'none'}"
    )
    print(
        f"  page requests during the attack: {len(during)}, p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, max {max(ms or [0]):.0f} ms; errors (all requests) {len(errors)}"
    )
    for phase, values in rendered.items():
        print(
            f"  rendered from the database, {phase}: {len(values)}, "
            f"p50 {percentile(values, 0.5):.0f} ms, p99 {percentile(values, 0.99):.0f} ms"
        )
    print(f"  slow-body POSTs that reached Django: {reached}")
    return verdict(
        "(d) slow clients",
        [
            ("the attack held at least 90 sockets open throughout", min(held) >= 90),
            ("normal requests were served during the attack", len(during) > 100),
            ("page requests during the attack: p99 under 200 ms", p99 < 200),
            ("every request during the attack answered 200 (0 errors)", not errors),
            ("no slow body reached gunicorn", reached == 0),
            ("every response 200 before and after", {r[2] for r in load.results} == {200}),
        ],
    )


def unsent(port, request: bytes, wait=15):
    """Send `request` (headers and perhaps part of a body) and wait for the answer."""
    started = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
            sock.sendall(request)
            data = b""
            while b"\r\n" not in data:
                chunk = sock.recv(256)
                if not chunk:
                    break
                data += chunk
    except TimeoutError:
        return "no answer", time.perf_counter() - started
    except OSError as e:
        return f"conn-error ({type(e).__name__})", time.perf_counter() - started
    status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "closed"
    return status, time.perf_counter() - started


def scenario_unsent_bodies(stack):
    print("\n=== (e) unsent bodies ===")
    urls, slug = stack_urls(stack.base)
    form = f"/careers/{slug}/feedback/"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(stack.base + form, timeout=10).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    cases = []
    for target in (form, "/admin/login/", "/careers/", "/search/?q=nurse"):
        for cookie in ("", f"Cookie: csrftoken={csrf}\r\n"):
            for sent in (b"", b"message=half a body&kind="):
                head = (
                    f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 50000\r\n\r\n"
                ).encode()
                label = f"POST {target} {'with' if cookie else 'without'} cookie, {len(sent)} of 50000 bytes"
                cases.append((label, head + sent))
    cases.append(
        (
            f"POST {form} chunked, the last chunk never sent",
            f"POST {form} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nmessage=abc".encode(),
        )
    )
    cases.append(
        (
            "PUT / declaring 1000 bytes, sending none",
            b"PUT / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n",
        )
    )
    results = [None] * len(cases)

    def run(i):
        results[i] = unsent(stack.port, cases[i][1])

    with Load(stack.base, urls, threads=2) as load:
        load.phase = "during"
        pool = [threading.Thread(target=run, args=(i,)) for i in range(len(cases))]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    for (label, _), (status, seconds) in zip(cases, results, strict=True):
        print(f"  {status:>9} after {seconds:4.1f} s  {label}")
    answered = [s for s, t in results if s.isdigit() and 400 <= int(s) < 500 and t < 10]
    # Declared bodies over the limits: refused on the headers, before the body is read.
    big_nginx = unsent(
        stack.port,
        f"POST {form} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000000\r\n\r\n".encode(),
    )
    body = b"message=" + b"a" * 70000
    big_django = unsent(
        stack.port,
        f"POST {form} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken={csrf}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body,
    )
    print(f"  declared 5 MB (over the site's 2.5 MB): {big_nginx[0]} after {big_nginx[1]:.2f} s")
    print(
        f"  70 KB sent to the form with a CSRF cookie (over its 64 KB): {big_django[0]} after {big_django[1]:.2f} s"
    )
    times = [t for _, t in results]
    print(f"  {len(answered)} of {len(cases)} answered 4xx within 10 s; slowest {max(times):.1f} s")
    show_counts(load, ("during",))
    five = [line for line in stack.log_lines() if "status=5" in line]
    return verdict(
        "(e) unsent bodies",
        [
            ("every unsent body answered 4xx within 10 s", len(answered) == len(cases)),
            (
                "a declared body over the site's limit: 413 at once",
                big_nginx[0] == "413" and big_nginx[1] < 1,
            ),
            ("a body over the form's limit with a CSRF cookie: 413", big_django[0] == "413"),
            ("normal requests meanwhile: all 200", set(load.counts("during")) == {200}),
            ("no 5xx in Django's request log", not five),
        ],
    )


# --- (f) moderation while import_all runs ---------------------------------------------


def admin_session(base, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/admin/login/", timeout=10).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": username, "password": password, "next": "/admin/"}
    ).encode()
    resp = opener.open(urllib.request.Request(f"{base}/admin/login/", data=data), timeout=10)
    assert "/admin/login/" not in resp.geturl(), "the drill's moderator could not sign in"
    # Actions answer with a redirect: time that answer, not the list it points to.
    no_follow = type(
        "NoFollow", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a: None}
    )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), no_follow), jar


def moderate(base, opener, jar, pk):
    """POST the queue's "accept" action for one contribution; seconds to the answer."""
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "action": "accept", "_selected_action": pk, "index": 0}
    ).encode()
    request = urllib.request.Request(
        f"{base}/admin/profiles/feedbackqueue/", data=data, headers={"Referer": base + "/admin/"}
    )
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=60) as resp:
            status = resp.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, time.perf_counter() - started


def scenario_moderation_during_import(stack, db):
    print("\n=== (f) moderation while import_all runs ===")
    folder, what = data_folder()
    print(f"  data: {what}")
    dsn = f"postgresql://postgres@127.0.0.1:5432/{db}"
    tag = secrets.token_hex(4)
    username, password = f"drill{tag}", secrets.token_urlsafe(16)
    manage(
        {
            **stack.env,
            "DJANGO_SUPERUSER_USERNAME": username,
            "DJANGO_SUPERUSER_PASSWORD": password,
            "DJANGO_SUPERUSER_EMAIL": f"{username}@example.org",
        },
        "createsuperuser",
        "--noinput",
    )
    urls, _ = stack_urls(stack.base)
    slugs = [u.split("/")[2] for u in urls if u.startswith("/careers/") and u != "/careers/"]
    for i in range(10):
        # Corrections: accepting one also writes the career's public changelog.
        post_feedback(
            stack.base, slugs[i % len(slugs)], f"Fault drill (f) {tag} #{i}", "correction"
        )
    with psycopg.connect(dsn) as conn:
        pks = [
            pk
            for (pk,) in conn.execute(
                "SELECT id FROM profiles_feedback WHERE message LIKE %s ORDER BY id",
                [f"%Fault drill (f) {tag}%"],
            )
        ]
        # Give the import work on every career: it rewrites each occupation row (and so
        # holds its lock) until it commits, as a release with new data does.
        touched = conn.execute(
            "UPDATE careers_occupation SET description = description || ' '"
        ).rowcount
    print(
        f"  {len(pks)} contributions waiting; {touched} careers changed for the import to restore"
    )
    timings, running_throughout, locked_at = [], False, 0.0
    proc, rest, total, accepted = None, "", 0.0, 0
    try:
        opener, jar = admin_session(stack.base, username, password)
        proc = subprocess.Popen(
            [PY, "manage.py", "import_all", str(folder)],
            cwd=ROOT,
            env=stack.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started = time.perf_counter()
        for line in proc.stdout:
            if line.startswith("[2/4]"):  # O*NET written: every career row locked by the import
                locked_at = time.perf_counter() - started
                for pk in pks:
                    timings.append(moderate(stack.base, opener, jar, pk))
                running_throughout = proc.poll() is None
                break
        rest = proc.stdout.read()
        proc.wait(timeout=600)
        total = time.perf_counter() - started
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        with psycopg.connect(dsn) as conn:
            accepted = conn.execute(
                "SELECT count(*) FROM profiles_feedback WHERE id = ANY(%s) AND status = 'accepted'",
                [pks],
            ).fetchone()[0]
            conn.execute("DELETE FROM profiles_changelogentry WHERE feedback_id = ANY(%s)", [pks])
            conn.execute("DELETE FROM profiles_feedbackhistory WHERE feedback_id = ANY(%s)", [pks])
            conn.execute("DELETE FROM profiles_feedback WHERE id = ANY(%s)", [pks])
            for table in ("django_admin_log", "auth_user_groups", "auth_user_user_permissions"):
                conn.execute(
                    f"DELETE FROM {table} WHERE user_id IN "
                    "(SELECT id FROM auth_user WHERE username = %s)",
                    [username],
                )
            conn.execute("DELETE FROM auth_user WHERE username = %s", [username])
            if proc is None or proc.returncode != 0:  # the import did not restore them
                conn.execute("UPDATE careers_occupation SET description = rtrim(description)")
    summary = next((x for x in rest.splitlines() if x.startswith("Done in")), "(no summary)")
    occupation = next((x for x in rest.splitlines() if x.startswith("occupation ")), "")
    seconds = [t for _, t in timings]
    print(f"  moderation started {locked_at:.1f} s into the import (after its O*NET step)")
    print("  accept actions: " + ", ".join(f"{s} in {t * 1000:.0f} ms" for s, t in timings))
    print(
        f"  slowest {max(seconds or [0]) * 1000:.0f} ms; the import was still running: {running_throughout}"
    )
    print(f"  import_all: exit {proc.returncode if proc else '-'} after {total:.1f} s; {summary}")
    print(f"  its occupation row: {occupation.strip()}")
    print(f"  contributions accepted: {accepted} of {len(pks)}")
    return verdict(
        "(f) moderation during an import",
        [
            ("10 contributions were waiting", len(pks) == 10),
            (
                "every accept answered (302) within 1 s",
                all(s == 302 and t < 1 for s, t in timings) and timings,
            ),
            ("all while the import's transaction was open", running_throughout),
            ("the import completed", proc is not None and proc.returncode == 0),
            ("every contribution accepted", accepted == len(pks)),
        ],
    )


def backends_busy(db):
    with psycopg.connect(PG_ADMIN_DSN) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state <> 'idle' "
            "AND pid <> pg_backend_pid()",
            [db],
        ).fetchone()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="a,b,c,d,e,f", help="scenarios to run, e.g. d,e,f")
    ap.add_argument("--database", help="(d), (e): an existing imported PostgreSQL database")
    ap.add_argument("--port", type=int, help="(d), (e): the stack's port (default: a free one)")
    args = ap.parse_args()
    wanted = set(args.only.split(","))
    results = {}
    if wanted & {"a", "b", "c"}:  # (d) and (e) leave the services alone
        ensure_postgres()
        ensure_redis()
    # Production settings serve hashed static files from the manifest: collect them once.
    manage(site_env("postgres", 0), "collectstatic", "--noinput", "-v0")
    try:
        if wanted & {"a", "b"}:
            recreate_db("bench_faults")
            site = new_site("bench_faults")
            manage(site.env, "migrate", "--noinput", "-v0")
            manage(site.env, "load_demo")
            site.start()
            try:
                if "a" in wanted:
                    results["a"] = scenario_postgres(site)
                if "b" in wanted:
                    results["b"] = scenario_redis(site)
            finally:
                site.stop()
        if "c" in wanted:
            recreate_db("bench_faults_import")
            results["c"] = scenario_import("bench_faults_import")
        if wanted & {"d", "e", "f"}:
            print("\n=== the production stack for (d), (e) and (f) ===")
            stack = stack_site(args).start()
            try:
                if "d" in wanted:
                    results["d"] = scenario_slow_clients(stack)
                if "e" in wanted:
                    results["e"] = scenario_unsent_bodies(stack)
                if "f" in wanted:
                    results["f"] = scenario_moderation_during_import(stack, stack.db)
            finally:
                stack.stop()
    finally:
        if wanted & {"a", "b", "c"}:
            ensure_postgres()
            ensure_redis()
        print(f"\nPostgreSQL ready: {pg_ready()}; Redis up: {redis_up()}")
        for name in ("bench_faults", "bench_faults_import", "bench_faults_stack"):
            drop_database(name)
    print("\nSUMMARY: " + ", ".join(f"({k}) {'PASS' if v else 'FAIL'}" for k, v in results.items()))
    sys.exit(0 if results and all(results.values()) else 1)


if __name__ == "__main__":
    main()
