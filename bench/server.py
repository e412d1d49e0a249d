"""Shared by the bench scripts: scratch databases and a gunicorn under production settings.

Every script measures the real deployment shape (gunicorn, config.production, Redis
cache) on a loopback port, against a database nobody else uses, so the numbers do not
depend on the developer's own db.sqlite3.
"""

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
SHARED_DATA = ROOT.parent / "shared" / "data"
# Debian's Chromium, with the flags this machine needs (no sandbox, no GPU, no updates).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_database_url(backend: str, name: str) -> str:
    """An empty database: a fresh SQLite file, or a dropped-and-created PostgreSQL one."""
    if backend == "sqlite":
        path = Path("/tmp") / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    drop_database(name, create=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str, *, create: bool = False):
    """Drop a scratch PostgreSQL database (and create it afresh with create=True)."""
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {name}")


# The Redis a bench starts for itself, configured as production should be (README,
# Deployment): bounded memory, least recently used keys evicted, nothing saved to disk.
BENCH_REDIS_MAXMEMORY = "64mb"


@contextmanager
def own_redis():
    """A private redis-server on a free loopback port; yields its CACHE_URL.

    Benchmarks must not change the maxmemory of a Redis others use, and a cache that
    never evicts is not what production runs. BENCH_CACHE_URL overrides it (the bench
    then uses that server as it is configured, and empties only its database).
    """
    given = os.environ.get("BENCH_CACHE_URL")
    if given:
        flush_cache(given)
        yield given
        return
    port = free_port()
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--maxmemory", BENCH_REDIS_MAXMEMORY,
            "--maxmemory-policy", "allkeys-lru",
            "--save", "",
            "--appendonly", "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url)


def flush_cache(url: str):
    """Empty one Redis database (the bench's own, never a shared server's other ones)."""
    redis_client(url).flushdb()


def live_session(env: dict) -> str:
    """A Cookie header naming a real, unexpired session: what a logged-in editor sends.

    Only a live session gets the uncached, private page; a made-up cookie is served
    from the cache like any anonymous visitor.
    """
    code = (
        "from importlib import import_module; from django.conf import settings; "
        "s = import_module(settings.SESSION_ENGINE).SessionStore(); "
        "s['bench'] = 'uncached pages'; s.save(); print(s.session_key)"
    )
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return f"sessionid={out.split()[-1]}"


def production_env(database_url: str, port: int, **extra) -> dict:
    """config.production on plain HTTP loopback: the TLS-only settings are relaxed."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": "off",
        "LOG_LEVEL": "WARNING",
        **{k: str(v) for k, v in extra.items()},
    }


def manage(env: dict, *args: str, quiet: bool = True):
    subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def load_data(env: dict) -> str:
    """Migrate and load the full real dataset, or the demo set on a fresh machine."""
    manage(env, "migrate", "--noinput", "-v0")
    if (SHARED_DATA / "onet").is_dir():
        manage(env, "import_all", str(SHARED_DATA))
        return "full real dataset"
    manage(env, "load_demo")
    return "demo set (../shared/data not found)"


class Gunicorn:
    """gunicorn under `env`; its errors (and with keep_log=True its per-request log)
    go to a scratch file that stop() deletes.

    The benchmarks leave the request log out: a line per request would grow the file
    by tens of megabytes and add its writes to what they measure.
    """

    def __init__(self, env: dict, *, keep_log: bool = False):
        self.env = env
        self.keep_log = keep_log
        self.base = f"http://{env['GUNICORN_BIND']}"
        self.proc = None
        fd, name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
        os.close(fd)
        self.log_path = Path(name)

    def start(self, timeout: float = 30):
        """Start and wait until it answers and every worker is up.

        /robots.txt is the probe, not /healthz: a drill may start the site while its
        cache is down, when /healthz rightly answers 503.
        """
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [GUNICORN, "-c", "config/gunicorn.conf.py"],
                cwd=ROOT,
                env=self.env,
                stdout=log if self.keep_log else subprocess.DEVNULL,
                stderr=log,
            )
        workers = int(self.env.get("WEB_CONCURRENCY", 0))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=1).close()
                if len(self.worker_pids()) >= workers:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        output = self.log_path.read_text(errors="replace")[-3000:]
        self.stop()
        raise SystemExit("gunicorn did not start:\n" + output)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_path.unlink(missing_ok=True)

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == self.proc.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()


@contextmanager
def running(env: dict):
    server = Gunicorn(env).start()
    try:
        yield server
    finally:
        server.stop()


class Stack:
    """The production stack of `make production PORT=...` (nginx in front of gunicorn),
    started with that same command, in its own process group.

    `env` is a production_env(); its GUNICORN_BIND is ignored (the stack puts gunicorn
    on a unix socket that only nginx reaches). Output goes to a scratch file that stop()
    deletes; log_lines() reads it (gunicorn's errors, Django's request log, nginx's
    warnings).
    """

    def __init__(self, env: dict, port: int):
        self.env = {**env, "PYTHONUNBUFFERED": "1"}
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None
        fd, name = tempfile.mkstemp(prefix="bench-stack-", suffix=".log")
        os.close(fd)
        self.log_path = Path(name)

    def start(self, timeout: float = 90):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                ["make", "--no-print-directory", "production", f"PORT={self.port}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # stop() signals make, config/stack.py and both servers
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/robots.txt", timeout=1) as r:
                    if r.headers.get("Server", "").startswith("nginx"):
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        output = self.log_path.read_text(errors="replace")[-3000:]
        self.stop()
        raise SystemExit("make production did not start:\n" + output)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            # The stack (config/stack.py) stops nginx and gunicorn itself on SIGTERM.
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log_path.unlink(missing_ok=True)

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()


@contextmanager
def running_stack(env: dict, port: int):
    stack = Stack(env, port).start()
    try:
        yield stack
    finally:
        stack.stop()
