"""Lighthouse (mobile) on the home page, a career, search and compare of a running site.

    npm install --prefix /tmp/lh lighthouse
    .venv/bin/python bench/lighthouse.py --base http://127.0.0.1:8000 \\
        --lighthouse /tmp/lh/node_modules/.bin/lighthouse [--runs 3]

Prints performance, accessibility and best practices for each page as the median of
--runs runs (a busy 2-core machine moves the performance score by tens of points from
one run to the next), with each run's Total Blocking Time. Use the production stack
(`make production`: gzip, hashed static files) for figures that mean something.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from server import CHROMIUM, CHROMIUM_ARGS

PAGES = {
    "home": "/",
    "career": "/careers/industrial-production-managers/",
    "search": "/search/?q=nurse",
    "compare": "/compare/?c=11-3051.00,29-1141.00,15-1252.00",
}
CATEGORIES = ("performance", "accessibility", "best-practices")


def run(lighthouse: str, url: str, out: Path, tries: int = 2) -> dict:
    """One Lighthouse report; a run whose Chromium failed to start is tried once more."""
    done = subprocess.run(
        [
            lighthouse,
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
            "--only-categories=" + ",".join(CATEGORIES),
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=False,
    )
    if done.returncode and tries > 1:
        return run(lighthouse, url, out, tries - 1)
    done.check_returncode()
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--lighthouse", required=True, help="the lighthouse command (npm)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'page':10s} {'perf':>5s} {'a11y':>5s} {'b.p.':>5s}  TBT per run (ms)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in PAGES.items():
            url = args.base + path
            urllib.request.urlopen(url).read()
            scores = {c: [] for c in CATEGORIES}
            tbt = []
            for i in range(args.runs):
                report = run(args.lighthouse, url, Path(tmp) / f"{name}-{i}.json")
                for c in CATEGORIES:
                    scores[c].append(round(report["categories"][c]["score"] * 100))
                tbt.append(round(report["audits"]["total-blocking-time"]["numericValue"]))
            medians = [statistics.median(scores[c]) for c in CATEGORIES]
            print(f"{name:10s} {medians[0]:5.0f} {medians[1]:5.0f} {medians[2]:5.0f}  {tbt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
