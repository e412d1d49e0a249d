"""The interest profiler and the skill moves, measured on the configured database.

    .venv/bin/python bench/explore.py overlap          # moves against O*NET Related Occupations
    .venv/bin/python bench/explore.py results          # the results page, uncached, in process
    .venv/bin/python bench/explore.py browser          # answering the profiler in Chromium
    DATABASE_URL=postgres://... .venv/bin/python bench/explore.py results

Import the real data first (`make import`); on the demo set the figures mean little.
`overlap` prints, over careers that have both lists, how many of O*NET's first 10
related occupations are among our first 10 moves (median, mean, distribution), and
how often the lists agree with O*NET's first one.
`results` renders the results page through Django's test client for distinct score
sets (so every request misses the page cache) and prints the median and 90th
percentile in milliseconds, with and without filters, and the query count.
`browser` starts gunicorn under production settings on a free loopback port (Redis
cache DB from BENCH_CACHE_URL, default 8) and answers all 60 items with Chromium, with
JavaScript on and off, printing the time from the first page to the results page and
per page submitted. It measures the site, not a person: the clicks are instant.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def django_setup():
    import django

    django.setup()


def overlap():
    from careers.models import Occupation, RelatedOccupation, SkillMove

    moves, related = {}, {}
    for occ, target in (
        SkillMove.objects.filter(target__is_active=True, rank__lte=30)
        .order_by("occupation_id", "rank")
        .values_list("occupation_id", "target_id")
    ):
        moves.setdefault(occ, []).append(target)
    for occ, other in (
        RelatedOccupation.objects.filter(related__is_active=True)
        .order_by("occupation_id", "rank")
        .values_list("occupation_id", "related_id")
    ):
        related.setdefault(occ, []).append(other)
    active = set(Occupation.objects.active().values_list("id", flat=True))
    both = sorted(o for o in active if moves.get(o) and related.get(o))
    shared = [len(set(moves[o][:10]) & set(related[o][:10])) for o in both]
    top1 = sum(1 for o in both if related[o][0] in moves[o][:10])
    within30 = [len(set(moves[o][:30]) & set(related[o][:10])) for o in both]
    print(f"careers with moves and O*NET related occupations: {len(both)}")
    print(
        f"O*NET's first 10 related in our first 10 moves: median {statistics.median(shared):g}, "
        f"mean {statistics.mean(shared):.2f} (of 10)"
    )
    dist = {k: shared.count(k) for k in range(11)}
    print("  distribution (shared: careers): " + ", ".join(f"{k}: {v}" for k, v in dist.items()))
    print(f"O*NET's first related occupation in our first 10: {top1 / len(both):.0%} of careers")
    print(
        f"O*NET's first 10 related in our first 30 moves: median {statistics.median(within30):g}, "
        f"mean {statistics.mean(within30):.2f}"
    )
    pairs = {
        (a, b): s
        for a, b, s in SkillMove.objects.values_list("occupation_id", "target_id", "similarity")
    }
    mutual = [(a, b) for a, b in pairs if (b, a) in pairs]
    asymmetric = sum(1 for a, b in mutual if pairs[(a, b)] != pairs[(b, a)])
    print(f"pairs kept in both directions: {len(mutual)}; with different similarity: {asymmetric}")


def results(repeat: int):
    import random

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from careers.models import InterestProfile

    print(
        f"database: {connection.vendor}; careers with interest profiles: "
        f"{InterestProfile.objects.count()}; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores (wall times grow with it, this process's CPU time less)"
    )
    client = Client()
    rng = random.Random(14)
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        for label, extra in [
            ("no filters", ""),
            ("zone, pay, outlook, AI", "&zone=4&pay_min=40000&outlook=growing&ai=high"),
        ]:
            times, cpu, queries = [], [], set()
            for n in range(repeat + 3):
                scores = [rng.randint(0, 20) for _ in range(6)]
                scores[n % 6] = 20  # never flat
                query = "&".join(f"{x}={s}" for x, s in zip("RIASEC", scores, strict=True))
                reset_queries()
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(f"/explore/interests/results/?{query}{extra}")
                elapsed = (time.perf_counter() - start) * 1000
                elapsed_cpu = (time.process_time() - start_cpu) * 1000
                assert response.status_code == 200, response.status_code
                if n >= 3:  # the first requests warm templates and compiled queries
                    times.append(elapsed)
                    cpu.append(elapsed_cpu)
                    queries.add(len(connection.queries))
            times.sort()
            print(
                f"results page, {label}: median {statistics.median(times):.1f} ms, "
                f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, this process's CPU median "
                f"{statistics.median(cpu):.1f} ms, queries {sorted(queries)}, "
                f"{len(response.content) / 1024:.0f} KB (n={repeat})"
            )


def browser(rounds: int):
    from playwright.sync_api import sync_playwright
    from server import Gunicorn, free_port, manage, production_env

    from profiles import explore

    database = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
    env = production_env(
        database,
        free_port(),
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/8"),
        WEB_CONCURRENCY=2,
    )
    manage(env, "collectstatic", "--noinput", "-v0")  # production serves the manifest
    server = Gunicorn(env).start()
    try:
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu"],
            )
            for javascript in (True, False):
                totals, per_page = [], []
                for n in range(rounds):
                    letter = "RIASEC"[n % 6]
                    context = chromium.new_context(java_script_enabled=javascript)
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(server.base + "/explore/interests/")
                    for number in range(1, explore.PAGES + 1):
                        for item in explore.page_items(number):
                            value = explore.LIKE if item.letter == letter else explore.DISLIKE
                            page.locator(f'input[name="{item.field}"][value="{value}"]').check()
                        submitted = time.perf_counter()
                        with page.expect_navigation():
                            page.locator("button[value=next]").click()
                        per_page.append((time.perf_counter() - submitted) * 1000)
                    assert "/results/" in page.url, page.url
                    totals.append((time.perf_counter() - start) * 1000)
                    context.close()
                print(
                    f"JavaScript {'on' if javascript else 'off'}: 60 answers to results "
                    f"median {statistics.median(totals):.0f} ms (n={rounds}); "
                    f"one page submitted to the next loaded: median "
                    f"{statistics.median(per_page):.0f} ms, max {max(per_page):.0f} ms"
                )
            chromium.close()
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["overlap", "results", "browser", "all"])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    django_setup()
    if args.what in ("overlap", "all"):
        overlap()
    if args.what in ("results", "all"):
        results(args.repeat)
    if args.what in ("browser", "all"):
        browser(args.rounds)


if __name__ == "__main__":
    main()
