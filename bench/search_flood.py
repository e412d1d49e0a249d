"""Search flood drill: does a flood of worst-case searches slow down cached pages?

    .venv/bin/python bench/search_flood.py [--seconds N] [--clients N] [--backend B] [--port P]
                                           [--database-url URL] [--gunicorn-only]

The production stack (`make production`: nginx in front of gunicorn, production settings
with the Redis cache and rate-limit counters) on a scratch database holding the full real
dataset (the demo set without ../shared/data). While CLIENTS processes (default 10),
each from its own loopback address (127.0.0.2, .3, ...: a separate client to nginx and to
Django), send worst-case searches as fast as they can (eight misspelt words, a new
combination every time, so no page cache can answer), one more client fetches a cached
career page in a loop and records its latency. Three phases of SECONDS each (default
20): the cached page alone, the flood with the search limits of the settings
(SEARCH_RATE, and nginx's coarser limit derived from it), and the flood with the limits
switched off (what they protect against). Prints the cached page's p50/p99 per phase,
the flood's status counts and latencies, and PASS when the cached page's p99 under the
limited flood is under 50 ms. --gunicorn-only floods gunicorn directly (clients told
apart by X-Forwarded-For), to see what Django's own limits do without nginx.
"""

import argparse
import http.client
import multiprocessing
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (
    Gunicorn,
    Stack,
    drop_database,
    load_data,
    manage,
    production_env,
    scratch_database_url,
)

CACHED = "/careers/registered-nurses/"
TARGET_P99_MS = 50.0
SCRATCH = "bench_search_flood"
# Words the typos are made from: long, so each needs a spelling correction.
WORDS = [
    "software",
    "developer",
    "database",
    "experience",
    "hospital",
    "settings",
    "registered",
    "nurse",
    "pediatric",
    "intensive",
    "electrician",
    "apprentice",
    "commercial",
    "buildings",
    "wiring",
    "installation",
    "maintenance",
    "mechanical",
    "engineer",
    "design",
    "manufacturing",
    "products",
    "robotics",
    "automation",
    "testing",
    "accountant",
    "auditing",
    "financial",
    "statements",
    "taxes",
    "compliance",
    "corporate",
    "bookkeeping",
    "phlebotomist",
    "laboratory",
    "technician",
    "blood",
    "samples",
    "clinic",
    "patients",
    "carpenter",
    "plumber",
]


def misspelt(rng: random.Random) -> str:
    """Eight words, each with one letter dropped, doubled or swapped."""
    out = []
    for word in rng.sample(WORDS, 8):
        i = rng.randrange(1, len(word) - 1)
        change = rng.randrange(3)
        if change == 0:
            word = word[:i] + word[i + 1 :]
        elif change == 1:
            word = word[:i] + word[i] + word[i:]
        else:
            word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
        out.append(word)
    return " ".join(out)


def fetch(url: str, address: str) -> tuple[int, float]:
    """GET url as the client at `address`. Through the stack (a 127.x address) the request
    leaves from that loopback address, so nginx and Django both see a separate client;
    to gunicorn alone the address is sent as X-Forwarded-For (one trusted proxy)."""
    parts = urllib.parse.urlsplit(url)
    loopback = address.startswith("127.")
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(address, 0) if loopback else None
    )
    headers = {} if loopback else {"X-Forwarded-For": address}
    start = time.perf_counter()
    try:
        connection.request(
            "GET", f"{parts.path}?{parts.query}" if parts.query else parts.path, headers=headers
        )
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, (time.perf_counter() - start) * 1000


def client_address(n: int, via_stack: bool) -> str:
    """Client n's address: n = 0 is the reader of the cached page, 1.. the flooders."""
    return f"127.0.0.{n + 1}" if via_stack else f"198.51.100.{n + 1}"


def flooder(base: str, n: int, until: float, results, via_stack: bool):
    rng = random.Random(n)
    address = client_address(n + 1, via_stack)
    seen = []
    while time.time() < until:
        q = urllib.parse.urlencode({"q": misspelt(rng)})
        seen.append(fetch(f"{base}/search/?{q}", address))
    results.put(seen)


def percentile(values, pct):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure_cached(base: str, seconds: float, via_stack: bool) -> list[float]:
    times, until = [], time.time() + seconds
    while time.time() < until:
        status, ms = fetch(base + CACHED, client_address(0, via_stack))
        if status == 200:
            times.append(ms)
        time.sleep(0.005)  # a reader, not a load generator
    return times


def phase(base: str, seconds: float, clients: int, via_stack: bool):
    """(cached page latencies, flood (status, ms) pairs) for one phase."""
    if not clients:
        return measure_cached(base, seconds, via_stack), []
    until = time.time() + seconds
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=flooder, args=(base, n, until, queue, via_stack))
        for n in range(clients)
    ]
    for p in procs:
        p.start()
    time.sleep(0.5)  # let the flood build up
    cached = measure_cached(base, seconds - 1, via_stack)
    flood = [pair for _ in procs for pair in queue.get()]
    for p in procs:
        p.join()
    return cached, flood


def report(name: str, cached: list[float], flood: list[tuple[int, float]], seconds: float):
    line = (
        f"  {name:<24} cached page: {len(cached):>5} requests, "
        f"p50 {percentile(cached, 50):6.1f} ms, p99 {percentile(cached, 99):7.1f} ms"
    )
    if flood:
        counts: dict[int, int] = {}
        for status, _ms in flood:
            counts[status] = counts.get(status, 0) + 1
        searched = [ms for status, ms in flood if status == 200]
        refused = [ms for status, ms in flood if status == 429]
        line += (
            f"\n  {'':<24} flood: {len(flood) / seconds:6.1f} searches/s, statuses "
            + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
            + f"; 200 p50/p99 {percentile(searched, 50):.0f}/{percentile(searched, 99):.0f} ms"
            + f", 429 p50/p99 {percentile(refused, 50):.0f}/{percentile(refused, 99):.0f} ms"
        )
    print(line, flush=True)
    return percentile(cached, 99)


def run(
    backend: str, seconds: float, clients: int, port: int, database_url: str, via_stack: bool
) -> bool:
    url = database_url or scratch_database_url(backend, SCRATCH)
    try:
        env = production_env(url, port, TRUSTED_PROXY_COUNT=1)
        dataset = f"the data already in {url}" if database_url else load_data(env)
        manage(env, "collectstatic", "--noinput", "-v0")
        served = "nginx -> gunicorn (make production)" if via_stack else "gunicorn alone"
        print(f"{backend}: {dataset}, {served} on 127.0.0.1:{port}", flush=True)
        limited_p99 = None
        for name, extra in (
            ("limited", {}),
            ("no search limit", {"SEARCH_RATE": ""}),
        ):
            settings = {**env, **extra}
            server = (Stack(settings, port) if via_stack else Gunicorn(settings)).start()
            try:
                base = server.base
                for _ in range(20):  # cache the page, in every worker's memory too
                    fetch(base + CACHED, client_address(0, via_stack))
                if name == "limited":
                    report("cached page alone", *phase(base, seconds, 0, via_stack), seconds)
                flood = phase(base, seconds, clients, via_stack)
                p99 = report(f"flood, {name}", *flood, seconds)
                if name == "limited":
                    limited_p99 = p99
                    rate = env.get("SEARCH_RATE", "30/m (default)")
                    print(f"  {'':<24} (SEARCH_RATE {rate} per client address)")
            finally:
                server.stop()
        ok = limited_p99 is not None and limited_p99 < TARGET_P99_MS
        print(
            f"  {'PASS' if ok else 'FAIL'}: cached page p99 under the limited flood "
            f"{limited_p99:.1f} ms (target < {TARGET_P99_MS:.0f} ms)"
        )
        return ok
    finally:
        if backend == "postgres" and not database_url:
            drop_database(SCRATCH)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument(
        "--database-url", default="", help="an imported database to use instead of a scratch one"
    )
    parser.add_argument(
        "--gunicorn-only",
        action="store_true",
        help="flood gunicorn directly, without nginx in front (its search limit included)",
    )
    args = parser.parse_args()
    ok = run(
        args.backend,
        args.seconds,
        args.clients,
        args.port,
        args.database_url,
        via_stack=not args.gunicorn_only,
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
