"""The Nu Html Checker on one page of every page type of a running site.

    npm install --prefix /tmp/vnu vnu-jar          # Java 11+ runs it
    .venv/bin/python bench/html_check.py --base http://127.0.0.1:8000 \\
        --jar /tmp/vnu/node_modules/vnu-jar/build/dist/vnu.jar

Fetches each page (the feedback form also in its error state, by posting it empty), runs
vnu over the saved HTML and prints the errors per page; exit status 1 when any page has
one. Run it against the real import (`make import`, `make run`): the real careers are the
pages with every section filled.
"""

import argparse
import http.cookiejar
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

CAREER = "industrial-production-managers"
PAGES = {
    "home": "/",
    "index": "/careers/",
    "index page 2": "/careers/?page=2",
    "career (large)": f"/careers/{CAREER}/",
    "career (nurses)": "/careers/registered-nurses/",
    "career (small)": "/careers/logging-workers-all-other/",
    "search": "/search/?q=nurse",
    "search, no results": "/search/?q=zzzzqqq",
    "compare": "/compare/?c=11-3051.00,29-1141.00,15-1252.00",
    "form": f"/careers/{CAREER}/feedback/",
    "area pay": f"/careers/{CAREER}/pay/",
    "states": "/pay/",
    "about data": "/about/data/",
    "about AI": "/about/ai-resilience/",
    "interest profiler": "/explore/interests/",
    "interest results": "/explore/interests/results/?R=7&I=5&A=3&S=2&E=1&C=4",
    "moves": f"/careers/{CAREER}/moves/",
    "changes": f"/careers/{CAREER}/changes/",
    "not found": "/no-such-page/",
}


def fetch(opener, url: str, data: bytes | None = None) -> str:
    try:
        with opener.open(url, data=data) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the 404 page is a page to check too
        return error.read().decode("utf-8")


def failed_form(opener, base: str) -> str:
    """The feedback form re-rendered with its errors: posted with an empty message."""
    url = f"{base}/careers/{CAREER}/feedback/"
    form = fetch(opener, url)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    time.sleep(4)  # the form refuses a submission filled in faster than a person could
    fields.update({"kind": "correction", "section": "pay", "message": ""})
    request = urllib.request.Request(url, headers={"Referer": url})
    return fetch(opener, request, urllib.parse.urlencode(fields).encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--jar", required=True, help="vnu.jar (npm package vnu-jar)")
    args = parser.parse_args()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for i, (name, path) in enumerate(PAGES.items()):
            files[name] = Path(tmp) / f"{i:02d}.html"
            files[name].write_text(fetch(opener, args.base + path), encoding="utf-8")
        files["form with errors"] = Path(tmp) / "99.html"
        files["form with errors"].write_text(failed_form(opener, args.base), encoding="utf-8")
        result = subprocess.run(
            [
                "java",
                "-jar",
                args.jar,
                "--errors-only",
                "--format",
                "gnu",
                *map(str, files.values()),
            ],
            capture_output=True,
            text=True,
        )
    lines = result.stderr.splitlines()
    if result.returncode not in (0, 1) or not all(line.startswith('"file:') for line in lines):
        print(result.stderr, file=sys.stderr)  # vnu itself failed: say so, do not read it as 0
        return 2
    total = 0
    for name, path in files.items():
        prefix = f'"file:{path}":'  # vnu's gnu format: "file:PATH":LINE.COL-LINE.COL: error: ...
        errors = [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]
        total += len(errors)
        print(f"{len(errors):3d} errors  {name}")
        for error in errors:
            print(f"            {error}")
    print(f"\n{len(files)} pages, {total} errors")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
