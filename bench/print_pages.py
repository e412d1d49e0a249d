"""How many paper pages a career page prints on (target: at most 3, Letter and A4).

    .venv/bin/python bench/print_pages.py                   # the biggest careers
    .venv/bin/python bench/print_pages.py registered-nurses chief-executives
    .venv/bin/python bench/print_pages.py --all --jobs 2    # every active career
    .venv/bin/python bench/print_pages.py --base http://127.0.0.1:8000   # a running server

Prints real pages to PDF with headless Chromium (/usr/bin/chromium) and counts the
pages in each PDF. Without --base it starts `manage.py runserver` on a free port
against the configured database (import the real data first: `make import`).
Letter is Chromium's default paper; for A4 the page's HTML is saved with an
`@page { size: A4 }` rule added, so both sizes go through the site's own print CSS.
The default set is the careers with the most tasks, technology skills, titles,
ratings and the longest descriptions, plus a few well-known big pages.
Exit status 1 when any page is over --max pages.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from server import free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAPERS = {"letter": None, "a4": "A4"}
WELL_KNOWN = ["registered-nurses", "software-developers", "chief-executives"]
PAGE_RE = re.compile(rb"/Type\s*/Page\b(?!s)")


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def biggest_careers(n_each=2) -> list[str]:
    """Slugs of the careers most likely to run long, by each long section."""
    from django.db.models import Count
    from django.db.models.functions import Length

    from careers.models import Occupation

    active = Occupation.objects.active()
    slugs = list(WELL_KNOWN)
    for related in ["tasks", "technology_skills", "alternate_titles", "ratings"]:
        ranked = active.annotate(n=Count(related)).order_by("-n", "code")
        slugs += [o.slug for o in ranked[:n_each]]
    ranked = active.annotate(n=Length("description")).order_by("-n", "code")
    slugs += [o.slug for o in ranked[:n_each]]
    existing = set(active.filter(slug__in=slugs).values_list("slug", flat=True))
    return [s for s in dict.fromkeys(slugs) if s in existing]


def all_careers() -> list[str]:
    from careers.models import Occupation

    return list(Occupation.objects.active().order_by("code").values_list("slug", flat=True))


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("runserver did not start")


def count_pages(pdf: Path) -> int:
    return len(PAGE_RE.findall(pdf.read_bytes()))


def print_pdf(url: str, pdf: Path) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            url,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )


def pages_for(base: str, slug: str, paper: str, workdir: Path) -> int:
    url = f"{base}/careers/{slug}/"
    pdf = workdir / f"{slug}-{paper}.pdf"
    if PAPERS[paper] is None:
        print_pdf(url, pdf)
    else:
        html = urllib.request.urlopen(url, timeout=30).read().decode()
        extra = f'<base href="{url}"><style>@page {{ size: {PAPERS[paper]}; }}</style>'
        page = workdir / f"{slug}-{paper}.html"
        page.write_text(html.replace("<head>", f"<head>{extra}", 1), encoding="utf-8")
        print_pdf(page.as_uri(), pdf)
    return count_pages(pdf)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("slugs", nargs="*", help="career slugs (default: the biggest careers)")
    ap.add_argument("--all", action="store_true", help="every active career")
    ap.add_argument("--base", help="a running server, e.g. http://127.0.0.1:8000")
    ap.add_argument("--paper", nargs="+", choices=sorted(PAPERS), default=["letter", "a4"])
    ap.add_argument("--max", type=int, default=3, help="most pages allowed (default 3)")
    ap.add_argument("--jobs", type=int, default=1, help="Chromium processes at once")
    ap.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = ap.parse_args()

    django_setup()
    slugs = args.slugs or (all_careers() if args.all else biggest_careers())
    proc, base = (None, args.base.rstrip("/")) if args.base else start_server()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="print-pages-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        jobs = [(slug, paper) for slug in slugs for paper in args.paper]
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            counts = list(pool.map(lambda j: pages_for(base, *j, workdir), jobs))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
    results: dict[str, dict[str, int]] = {}
    for (slug, paper), n in zip(jobs, counts, strict=True):
        results.setdefault(slug, {})[paper] = n
    over = []
    width = max(len(s) for s in slugs)
    print(f"{'career':<{width}}  " + "  ".join(f"{p:>6}" for p in args.paper))
    for slug in slugs:
        row = results[slug]
        flag = "  OVER" if max(row.values()) > args.max else ""
        if flag or not args.all:
            print(f"{slug:<{width}}  " + "  ".join(f"{row[p]:>6}" for p in args.paper) + flag)
        if flag:
            over.append(slug)
    for paper in args.paper:
        values = [results[s][paper] for s in slugs]
        histogram = {n: values.count(n) for n in sorted(set(values))}
        print(f"{paper}: {len(values)} careers, max {max(values)} pages, pages: count {histogram}")
    print(f"over {args.max} pages: {len(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
