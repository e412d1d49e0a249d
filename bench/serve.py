"""Serving benchmark: gunicorn under production settings, driven by wrk.

    .venv/bin/python bench/serve.py [--duration 5] [--backends sqlite,postgres]

For each database it loads the full real dataset (the demo set when ../shared/data is
absent) into a scratch database, starts gunicorn on a loopback port with the Redis
cache (a redis-server of its own with maxmemory and allkeys-lru, or BENCH_CACHE_URL), warms up, and drives fixed-duration load at concurrency 1, 16 and 64 against:

  static    a file the size of the career page, served by WhiteNoise (the baseline)
  cached    the career page from the page cache (anonymous visitor)
  uncached  the same page rendered every time (a live session bypasses the cache)
  search    search results, rotating over the search test queries, uncached
  home      the home page (anonymous, cached)

It prints requests/s, p50 and p99 latency, errors, each target's ratio to the baseline
at the same concurrency, and the RSS of the gunicorn workers.
Targets (2 cores): cached >= 0.85x baseline, uncached >= 0.2x, p99 < 100 ms at c=64
for the cached pages, zero errors, worker RSS <= 150 MB.
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import (
    ROOT,
    free_port,
    live_session,
    load_data,
    manage,
    own_redis,
    production_env,
    running,
    scratch_database_url,
)

CAREER = "/careers/registered-nurses/"
DEMO_CAREER = "/careers/industrial-production-managers/"
STATIC = "/static/bench/page.html"
CONCURRENCY = (1, 16, 64)
SEARCH_QUERIES = [
    "registered nurse",
    "nurse",
    "software developer",
    "accountant",
    "electrician",
    "plumber",
    "teacher",
    "truck driver",
    "rn",
    "dev",
    "mgr",
    "vet tech",
    "dental asst",
    "registerd nurse",
    "acountant",
    "electrican",
    "chef",
    "lawyer",
    "data scientist",
    "welder",
]


def wrk(url: str, concurrency: int, duration: int, *, cookie: str = "", script: str = "") -> dict:
    cmd = [
        "wrk",
        f"-t{min(concurrency, 2)}",
        f"-c{concurrency}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def rotation_script(paths: list[str]) -> str:
    body = ", ".join('"' + p.replace('"', "") + '"' for p in paths)
    lua = (
        f"local paths = {{{body}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format(nil, paths[(i % #paths) + 1])\n"
        "end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    return f.name


def get(url: str, cookie: str = "") -> tuple[int, bytes, dict]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.read(), dict(r.headers)


def bench_backend(backend: str, duration: int, only: set[str]) -> list[dict]:
    with own_redis() as cache_url:
        return _bench_backend(backend, duration, only, cache_url)


def _bench_backend(backend: str, duration: int, only: set[str], cache_url: str) -> list[dict]:
    url = scratch_database_url(backend, "bench_serve")
    port = free_port()
    env = production_env(url, port, CACHE_URL=cache_url)
    print(f"\n## {backend}: loading data ...", flush=True)
    dataset = load_data(env)
    manage(env, "collectstatic", "--noinput", "-v0")
    bypass = live_session(env)

    career = CAREER if dataset.startswith("full") else DEMO_CAREER
    with running(env) as server:
        status, page, _ = get(server.base + career)
        assert status == 200, f"{career} answered {status}"
    # The baseline: a static file of exactly the career page's size, served by WhiteNoise.
    static_file = ROOT / "staticfiles" / "bench" / "page.html"
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes(page)

    search_paths = ["/search/?" + urllib.parse.urlencode({"q": q}) for q in SEARCH_QUERIES]
    script = rotation_script(search_paths)
    targets = [
        ("static", STATIC, "", ""),
        ("cached", career, "", ""),
        ("uncached", career, bypass, ""),
        ("search", search_paths[0], bypass, script),
        ("home", "/", "", ""),
    ]
    targets = [t for t in targets if t[0] in only]
    rows = []
    with running(env) as server:
        base = server.base
        # Sanity: the cached target really is a hit, the uncached one really is rendered.
        _, _, hit_headers = get(base + career)
        _, _, hit_headers = get(base + career)
        _, _, miss_headers = get(base + career, bypass)
        assert hit_headers.get("X-Page-Cache") == "hit", hit_headers
        assert "X-Page-Cache" not in miss_headers, miss_headers
        for q in search_paths if "search" in only else []:
            assert get(base + q, bypass)[0] == 200, q
        print(f"dataset: {dataset}; page {career} is {len(page):,} bytes", flush=True)
        for _name, path, cookie, scr in targets:  # warm-up: fill caches, import lazily
            wrk(base + path, 16, 2, cookie=cookie, script=scr)
        for c in CONCURRENCY:
            baseline = None
            for name, path, cookie, scr in targets:
                time.sleep(2)  # let the previous run's queued requests drain
                r = wrk(base + path, c, duration, cookie=cookie, script=scr)
                baseline = baseline or r["rps"]
                r.update(backend=backend, target=name, c=c, ratio=r["rps"] / baseline)
                rows.append(r)
                print(
                    f"{backend:9} c={c:<3} {name:9} {r['rps']:8.0f} req/s  "
                    f"p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms  "
                    f"errors {r['errors']:<3} {r['ratio']:.2f}x baseline",
                    flush=True,
                )
        rss = server.worker_rss_mb()
        print(
            f"{backend}: {len(rss)} gunicorn workers, RSS "
            + ", ".join(f"{x:.0f}" for x in rss)
            + f" MB (max {max(rss):.0f} MB)"
        )
        for r in rows:
            r["rss"] = max(rss)
    static_file.unlink(missing_ok=True)
    return rows


def verdict(rows: list[dict]) -> bool:
    ok = True
    print("\n## Targets")
    for backend in sorted({r["backend"] for r in rows}):
        mine = [r for r in rows if r["backend"] == backend]
        checks = []
        for r in mine:
            if r["target"] == "cached":
                checks.append((f"cached c={r['c']} >= 0.85x", r["ratio"] >= 0.85, r["ratio"]))
            if r["target"] == "uncached":
                checks.append((f"uncached c={r['c']} >= 0.2x", r["ratio"] >= 0.2, r["ratio"]))
            if r["c"] == 64 and r["target"] in ("static", "cached", "home"):
                checks.append((f"{r['target']} p99 c=64 < 100 ms", r["p99"] < 100, r["p99"]))
        errors = sum(r["errors"] for r in mine)
        checks.append(("zero errors", errors == 0, errors))
        checks.append(("worker RSS <= 150 MB", mine[0]["rss"] <= 150, mine[0]["rss"]))
        for label, passed, value in checks:
            ok &= passed
            print(f"{backend:9} {'OK  ' if passed else 'MISS'} {label} ({value:.2f})")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--targets", default="static,cached,uncached,search,home")
    args = ap.parse_args()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    rows = []
    for backend in args.backends.split(","):
        rows += bench_backend(backend, args.duration, set(args.targets.split(",")))
    sys.exit(0 if verdict(rows) else 1)


if __name__ == "__main__":
    main()
