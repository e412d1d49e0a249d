"""500 valid contributions from 20 concurrent clients against gunicorn on PostgreSQL.

    .venv/bin/python bench/feedback_load.py [--total 500] [--clients 20]

Creates a scratch database, starts gunicorn with production settings on a loopback
port, has each client GET the form (CSRF cookie + token) and POST a unique message,
then counts the rows: exactly TOTAL, none lost, none duplicated. Rate limits are
raised for the run because every client shares 127.0.0.1.
"""

import argparse
import http.cookiejar
import re
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
from server import Gunicorn, drop_database, free_port, manage, production_env, scratch_database_url

DB = "bench_feedback"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--total", type=int, default=500)
    ap.add_argument("--clients", type=int, default=20)
    args = ap.parse_args()
    port = free_port()
    env = production_env(
        scratch_database_url("postgres", DB),
        port,
        ALLOWED_HOSTS="127.0.0.1",
        FEEDBACK_RATE_PER_CAREER="100000/h",
        FEEDBACK_RATE_PER_DAY="100000/d",
        FEEDBACK_MIN_FILL_SECONDS=0.2,
        WEB_CONCURRENCY=4,
    )
    for cmd in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        manage(env, *cmd)
    server = Gunicorn(env).start()
    base = server.base
    slug = "industrial-production-managers"
    try:

        def client(n):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            opener.addheaders = [("User-Agent", f"bench-client-{n}")]
            ok = 0
            codes = {}
            for i in range(n, args.total, args.clients):
                html = opener.open(f"{base}/careers/{slug}/feedback/").read().decode()
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
                token = re.search(r'name="token" value="([^"]+)"', html).group(1)
                time.sleep(0.25)
                data = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": csrf,
                        "token": token,
                        "kind": "experience",
                        "section": "inside",
                        "message": f"Load-test contribution number {i:04d}: a day on the floor, client {n}.",
                        "works_in_career": "on",
                        "years_experience": str(i % 40),
                        "consent_publish": "on",
                    }
                ).encode()
                req = urllib.request.Request(
                    f"{base}/careers/{slug}/feedback/", data=data, headers={"Referer": base + "/"}
                )
                try:
                    resp = opener.open(req)
                    code = resp.status
                    ok += resp.geturl().endswith("/feedback/thanks/")
                except urllib.error.HTTPError as e:
                    code = e.code
                codes[code] = codes.get(code, 0) + 1
            return ok, codes

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(client, range(args.clients)))
        took = time.perf_counter() - started
    finally:
        server.stop()
    thanked = sum(r[0] for r in results)
    codes = {}
    for _, c in results:
        for k, v in c.items():
            codes[k] = codes.get(k, 0) + v
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB}") as conn:
        rows = conn.execute(
            "SELECT count(*), count(DISTINCT message), count(DISTINCT text_hash), coalesce(sum(duplicates), 0) FROM profiles_feedback"
        ).fetchone()
        history = conn.execute("SELECT count(*) FROM profiles_feedbackhistory").fetchone()[0]
        numbers = {
            int(m)
            for (m,) in conn.execute(
                "SELECT substring(message from 'number ([0-9]+)') FROM profiles_feedback"
            )
        }
    drop_database(DB)
    lost = sorted(set(range(args.total)) - numbers)
    print(
        f"submitted: {args.total} from {args.clients} concurrent clients in {took:.1f} s ({args.total / took:.0f}/s)"
    )
    print(f"responses: {dict(sorted(codes.items()))}; redirected to the thank-you page: {thanked}")
    print(
        f"rows: {rows[0]}  distinct messages: {rows[1]}  distinct text hashes: {rows[2]}  folded duplicates: {rows[3]}  history rows: {history}"
    )
    print(f"lost: {len(lost)}  duplicated: {rows[0] - rows[1]}")
    ok = rows[0] == rows[1] == args.total and not lost and history == args.total
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
