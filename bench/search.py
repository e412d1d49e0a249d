"""Search benchmark: latency of careers.search and of /search/ on the full real dataset.

    .venv/bin/python bench/search.py [DATA_DIR] [--repeat N]

For SQLite (a temporary file) and PostgreSQL (a scratch database on 127.0.0.1:5432,
skipped if unreachable) a fresh process migrates an empty database, loads DATA_DIR with
import_all, then runs every query of the search test table (tests/search/cases.py)
N times (default 20) through the search function and through the page with Django's
test client (page cache off, so each request searches), and prints p50/p95 per backend.
Nothing touches the development database.
Target: p95 under 50 ms on PostgreSQL.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from server import drop_database, scratch_database_url

ROOT = Path(__file__).resolve().parent.parent
PG_SCRATCH = "bench_search"

CHILD = r"""
import io, json, os, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from careers.models import Occupation
from careers.search import search
from tests.search.cases import CASES

data, repeat = sys.argv[1], int(sys.argv[2])
call_command("migrate", verbosity=0)
t0 = time.perf_counter()
call_command("import_all", data, stdout=io.StringIO())
imported = time.perf_counter() - t0
codes = dict(Occupation.objects.values_list("id", "code"))
client = Client()
correct = sum(
    1 for c in CASES if (hits := search(c.query).hits) and codes[hits[0].occupation_id] == c.code
)
for c in CASES:  # warm up: connection, template cache, stemmer cache
    client.get("/search/", {"q": c.query})

def timed(run):
    per_query = {c.query: [] for c in CASES}
    for _ in range(repeat):
        for c in CASES:
            start = time.perf_counter()
            run(c.query)
            per_query[c.query].append((time.perf_counter() - start) * 1000)
    return per_query

def page(q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200, (q, response.status_code)

print(json.dumps({
    "import_s": imported,
    "correct": correct,
    "cases": len(CASES),
    "kinds": {c.query: c.kind for c in CASES},
    "function": timed(search),
    "page": timed(page),
}))
"""


def percentile(values, pct):
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run(data, repeat, url):
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(repeat)],
        cwd=ROOT,
        # No page cache: every page request runs the search (a cached hit skips it all).
        env={**os.environ, "DATABASE_URL": url, "CACHE_URL": "dummycache://"},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def postgres_scratch():
    try:
        return scratch_database_url("postgres", PG_SCRATCH)
    except Exception as exc:
        print(f"PostgreSQL not reachable ({exc}); skipping it")
        return None


def report(name, r):
    line = [f"{name:<11}", f"{r['correct']:>3}/{r['cases']:<3}", f"{r['import_s']:>7.1f}"]
    verdict = ""
    for kind in ("function", "page"):
        times = [t for ts in r[kind].values() for t in ts]
        p50, p95 = percentile(times, 50), percentile(times, 95)
        line.append(f"{p50:>7.1f} {p95:>7.1f}")
        if kind == "function" and name == "PostgreSQL":
            verdict = "OK" if p95 < 50 else "MISSED"
    print("  ".join(line), f" {verdict}")
    split = {"misspelt": [], "other": []}
    for q, ts in r["function"].items():
        split["misspelt" if r["kinds"][q] == "typo" else "other"].extend(ts)
    print(
        "            function p50/p95 by row: "
        + ", ".join(
            f"{k} {percentile(v, 50):.1f}/{percentile(v, 95):.1f}" for k, v in split.items()
        )
    )
    worst = sorted(r["function"].items(), key=lambda kv: -percentile(kv[1], 95))[:3]
    print(
        "            slowest (function p95): "
        + ", ".join(f"{q!r} {percentile(ts, 95):.1f} ms" for q, ts in worst)
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    data = Path(args.data).resolve()
    if not (data / "onet").exists():
        raise SystemExit(f"{data}: no onet/ folder; pass the data folder")
    print(f"{args.repeat} runs of each search-table query; latencies in ms")
    print(
        f"{'database':<11}  {'top-1':<7}  {'import s':>7}  {'function p50  p95':>15}  "
        f"{'page p50  p95':>15}   target: PostgreSQL function p95 < 50 ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        report("SQLite", run(data, args.repeat, f"sqlite:///{tmp}/bench.sqlite3"))
    url = postgres_scratch()
    if url:
        try:
            report("PostgreSQL", run(data, args.repeat, url))
        finally:
            drop_database(PG_SCRATCH)


if __name__ == "__main__":
    main()
