"""Page-cache benchmark: what hostile or careless URLs do to the cache, through gunicorn.

    .venv/bin/python bench/pagecache.py [--requests 1000] [--cache-url redis://...]
        [--database-url sqlite:////tmp/x.sqlite3] [--port 8181]

Runs gunicorn under config.production with a Redis cache (a redis-server of its own
with `maxmemory 64mb` and `allkeys-lru`, as the README asks of production; or
--cache-url, whose database it empties first) on the full real dataset (the demo set
without ../shared/data; --database-url reuses an already loaded database). For each
scenario it empties the cache, sends --requests requests and prints the page entries
left in Redis, all keys of its database, and the server's used memory (the whole
server's: with --cache-url on a shared Redis it includes other databases):

  utm       one career page with a random ?utm_x= each (a parameter no view reads)
  json      the career's JSON with a random ?x=
  path%     the career page's path with random letters percent-encoded
  query%    one search (?q=registered+nurse) with random letters percent-encoded
  page      the index with a random ?page=N (N past the last page mostly)
  query     search with a random ?q= (a parameter that does change the page)

Then the behavior an attacker probes: the headers of a miss and of a hit of the open
data and the sitemap, a refused Host on a hit, and the time of --requests requests with
a made-up session cookie against the same number without it.
"""

import argparse
import http.client
import os
import random
import string
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import (
    flush_cache,
    free_port,
    load_data,
    manage,
    own_redis,
    production_env,
    redis_client,
    running,
    scratch_database_url,
)

FULL_CAREER = "/careers/registered-nurses/"
DEMO_CAREER = "/careers/industrial-production-managers/"


def token(n=10) -> str:
    return "".join(random.choices(string.ascii_lowercase + string.digits, k=n))


def percent_variant(path: str) -> str:
    """The same path with a random half of its letters percent-encoded."""
    return "".join(
        f"%{ord(ch):02X}" if ch.isalnum() and random.random() < 0.5 else ch for ch in path
    )


class Client:
    """One keep-alive HTTP connection to the server under test."""

    def __init__(self, base: str):
        host, port = urllib.parse.urlsplit(base).netloc.split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def get(self, path: str, headers=None, method="GET") -> tuple[int, dict, bytes]:
        self.conn.request(method, path, headers=headers or {})
        r = self.conn.getresponse()
        body = r.read()
        return r.status, dict(r.getheaders()), body


def cache_figures(url: str) -> tuple[int, int, float]:
    redis = redis_client(url)
    pages = sum(1 for _ in redis.scan_iter(match=":1:page:*", count=1000))
    return pages, redis.dbsize(), redis.info("memory")["used_memory"] / 1e6


def probes(client, career: str, slug: str, n: int):
    """Headers of a miss and a hit, a refused Host, made-up session cookies."""
    print("\nheaders a hit loses (present on the miss, absent on the hit):")
    for path in [f"/careers/{slug}.json", "/careers.csv", "/sitemap.xml", career]:
        _, miss, _ = client.get(path)
        _, hit, _ = client.get(path)
        per_request = {"X-Page-Cache", "X-Request-ID", "Date"}
        lost = sorted(set(miss) - set(hit) - per_request) or ["none"]
        print(
            f"  {path:40} {miss.get('X-Page-Cache', '-')} then "
            f"{hit.get('X-Page-Cache', '-'):4}  lost: {', '.join(lost)}"
        )

    status, headers, _ = client.get(career, {"Host": "evil.example"})
    print(f"refused Host on a cached page: {status} ({headers.get('X-Page-Cache', '-')})")

    for label, cookie in [("no cookie", False), ("made-up sessionid", True)]:
        started = time.perf_counter()
        hits = 0
        for _ in range(n):
            headers = {"Cookie": f"sessionid={token(32)}"} if cookie else {}
            hits += client.get(career, headers)[1].get("X-Page-Cache") == "hit"
        took = time.perf_counter() - started
        print(f"{n} requests, {label:18}: {took:6.2f} s, {hits} cache hits")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--cache-url", help="a Redis database to use (emptied first)")
    ap.add_argument("--database-url", help="an already loaded database (skips the import)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--only", help="comma-separated scenario names (default: all)")
    args = ap.parse_args()
    if args.cache_url:
        os.environ["BENCH_CACHE_URL"] = args.cache_url
    random.seed(17)
    n = args.requests
    with own_redis() as cache_url:
        database_url = args.database_url or scratch_database_url("sqlite", "bench_pagecache")
        env = production_env(
            database_url, args.port or free_port(), CACHE_URL=cache_url, WEB_CONCURRENCY=2
        )
        if args.database_url:
            dataset = f"database {args.database_url}"
        else:
            print("loading data ...", flush=True)
            dataset = load_data(env)
        manage(env, "collectstatic", "--noinput", "-v0")
        with running(env) as server:
            client = Client(server.base)
            # HEAD: nothing is stored yet, so the header check below starts from misses.
            full = client.get(FULL_CAREER, method="HEAD")[0] == 200
            career = FULL_CAREER if full else DEMO_CAREER
            slug = career.strip("/").split("/")[-1]
            print(f"dataset: {dataset}; cache: {cache_url}; {n} requests per scenario")

            only = set(args.only.split(",")) if args.only else None
            if only is None or "probes" in only:
                probes(client, career, slug, n)
            print()
            scenarios = [
                ("utm", lambda: f"{career}?utm_x={token()}"),
                ("json", lambda: f"/careers/{slug}.json?x={token()}"),
                ("path%", lambda: percent_variant(career)),
                ("query%", lambda: "/search/?q=" + percent_variant("registered+nurse")),
                ("page", lambda: f"/careers/?page={random.randint(2, 10**6)}"),
                ("query", lambda: f"/search/?q={token(6)}"),
            ]
            print(
                f"{'scenario':9} {'page entries':>12} {'keys':>6} {'server MB':>9} {'non-200':>8}"
            )
            for name, make in scenarios:
                if only is not None and name not in only:
                    continue
                flush_cache(cache_url)
                bad = sum(client.get(make())[0] != 200 for _ in range(n))
                pages, keys, mb = cache_figures(cache_url)
                print(f"{name:9} {pages:12} {keys:6} {mb:9.1f} {bad:8}", flush=True)


if __name__ == "__main__":
    main()
