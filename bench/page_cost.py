"""What an uncached career page costs, against Django's own floor, in process.

    .venv/bin/python bench/page_cost.py [--backends sqlite,postgres] [--runs 300]

For each database it loads the full real dataset (the demo set without ../shared/data)
into a scratch database, then, in a child process with the page cache off (dummy cache)
and DEBUG off, times whole requests through Django's test client (every middleware,
the URL resolver, the view, the queries, the template):

  floor     a page that renders only base.html (the header, navigation and footer
            every page has): the least any page of this site can cost
  median    the career whose uncached time is the median of a sample of 100 careers
  nurses    registered nurses, one of the largest pages

It prints the median time of each and the ratios career / floor. Target: 4x or less.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import PY, ROOT, load_data, scratch_database_url

NURSES = "/careers/registered-nurses/"
FLOOR = "/bench/floor/"


def floor_urls():
    """A URLconf with the site's URLs plus the floor page (a module-level urlpatterns)."""
    from django.shortcuts import render
    from django.urls import include, path

    return [
        path("bench/floor/", lambda request: render(request, "base.html")),
        path("", include("config.urls")),
    ]


urlpatterns = None  # filled in the child, before the first request


def timed(client, url: str, runs: int) -> float:
    """Median milliseconds of `runs` GETs of url (after 20 warm-up requests)."""
    for _ in range(20):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def child(runs: int):
    global urlpatterns
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from careers.models import Occupation

    urlpatterns = floor_urls()
    settings.ROOT_URLCONF = __name__
    client = Client()
    floor = timed(client, FLOOR, runs)
    urls = [o.get_absolute_url() for o in Occupation.objects.active().order_by("code")]
    sample = urls[:: max(1, len(urls) // 100)]
    quick = sorted((timed(client, u, 5), u) for u in sample)
    median_url = quick[len(quick) // 2][1]
    median = timed(client, median_url, runs)
    nurses = timed(client, NURSES, runs) if NURSES in urls else None
    print(
        json.dumps(
            {
                "floor": floor,
                "median": median,
                "median_url": median_url,
                "nurses": nurses,
                "careers": len(urls),
            }
        )
    )


def run(backend: str, runs: int):
    database_url = scratch_database_url(backend, "bench_page_cost")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "ERROR",
        # As production runs (config/production.py): a worker keeps its connection. With
        # 0, each request would also pay a connect (and PostgreSQL its prepared
        # statements), a cost the floor, which reads nothing, never pays.
        "CONN_MAX_AGE": "60",
    }
    dataset = load_data(env)
    env["CACHE_URL"] = "dummycache://"  # the child only: no page cache, no local copies
    out = subprocess.run(
        [PY, __file__, "--child", "--runs", str(runs)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n{backend}: {dataset}, {result['careers']} careers, median of {runs} requests each")
    print(f"  floor (base.html only)        {result['floor']:7.2f} ms")
    rows = [("median career", result["median"], result["median_url"])]
    if result["nurses"] is not None:
        rows.append(("registered nurses", result["nurses"], NURSES))
    for name, ms, url in rows:
        ratio = ms / result["floor"]
        verdict = "PASS" if ratio <= 4 else "FAIL"
        print(f"  {name:<29} {ms:7.2f} ms  {ratio:4.1f}x floor  {verdict}  {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.runs)
        return
    for backend in args.backends.split(","):
        run(backend, args.runs)


if __name__ == "__main__":
    main()
