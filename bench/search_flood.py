"""Search flood drill: does a flood of worst-case searches slow down cached pages?

    .venv/bin/python bench/search_flood.py [--seconds N] [--clients N] [--backend B] [--port P]
                                           [--database-url URL]

gunicorn under production settings (Redis cache and rate-limit counters) on a scratch
database holding the full real dataset (the demo set without ../shared/data). While
CLIENTS processes (default 10), each with its own client address (X-Forwarded-For
behind one trusted proxy), send worst-case searches as fast as they can (eight
misspelt words, a new combination every time, so no page cache can answer), one more
client fetches a cached career page in a loop and records its latency. Three phases
of SECONDS each (default 20): the cached page alone, the flood with the search rate
limit of the settings (SEARCH_RATE), and the flood with the limit switched off (what
the limit protects against). Prints the cached page's p50/p99 per phase, the flood's
status counts and latencies, and PASS when the cached page's p99 under the limited
flood is under 50 ms.
"""

import argparse
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
    request = urllib.request.Request(url, headers={"X-Forwarded-For": address})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - start) * 1000


def flooder(base: str, n: int, until: float, results):
    rng = random.Random(n)
    address = f"198.51.100.{n + 1}"
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


def measure_cached(base: str, seconds: float) -> list[float]:
    times, until = [], time.time() + seconds
    while time.time() < until:
        status, ms = fetch(base + CACHED, "203.0.113.7")
        if status == 200:
            times.append(ms)
        time.sleep(0.005)  # a reader, not a load generator
    return times


def phase(base: str, seconds: float, clients: int):
    """(cached page latencies, flood (status, ms) pairs) for one phase."""
    if not clients:
        return measure_cached(base, seconds), []
    until = time.time() + seconds
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=flooder, args=(base, n, until, queue))
        for n in range(clients)
    ]
    for p in procs:
        p.start()
    time.sleep(0.5)  # let the flood build up
    cached = measure_cached(base, seconds - 1)
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


def run(backend: str, seconds: float, clients: int, port: int, database_url: str) -> bool:
    url = database_url or scratch_database_url(backend, SCRATCH)
    try:
        env = production_env(url, port, TRUSTED_PROXY_COUNT=1)
        dataset = f"the data already in {url}" if database_url else load_data(env)
        manage(env, "collectstatic", "--noinput", "-v0")
        print(f"{backend}: {dataset}, gunicorn on 127.0.0.1:{port}", flush=True)
        limited_p99 = None
        for name, extra in (
            ("limited", {}),
            ("no search limit", {"SEARCH_RATE": ""}),
        ):
            server = Gunicorn({**env, **extra}).start()
            try:
                base = server.base
                for _ in range(20):  # cache the page, in every worker's memory too
                    fetch(base + CACHED, "203.0.113.7")
                if name == "limited":
                    report("cached page alone", *phase(base, seconds, 0), seconds)
                p99 = report(f"flood, {name}", *phase(base, seconds, clients), seconds)
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
    args = parser.parse_args()
    ok = run(args.backend, args.seconds, args.clients, args.port, args.database_url)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
