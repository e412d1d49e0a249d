"""The shared shape of every import command: one transaction, --dry-run, a summary."""

import gc
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from careers import services as cs
from careers.models import DataSource
from config.core.pagecache import content_changed

from .readers import ImportFileError

SOURCES = {
    "onet": {
        "name": "O*NET Database (text format)",
        "publisher": "National Center for O*NET Development, USDOL/ETA",
        "license": "CC BY 4.0",
        "url": "https://www.onetcenter.org/database.html",
        "attribution": "This site incorporates information from {release} Database by the U.S. Department of "
        "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
        "O*NET(R) is a trademark of USDOL/ETA.",
    },
    "oews": {
        "name": "Occupational Employment and Wage Statistics (OEWS)",
        "publisher": "U.S. Bureau of Labor Statistics",
        "license": "Public domain",
        "url": "https://www.bls.gov/oes/tables.htm",
        "attribution": "",
    },
    "cpi": {
        "name": "Consumer Price Index for All Urban Consumers (CPI-U), annual averages",
        "publisher": "U.S. Bureau of Labor Statistics",
        "license": "Public domain",
        "url": "https://www.bls.gov/cpi/data.htm",
        "attribution": "",
    },
    "projections": {
        "name": "Employment Projections, occupation.xlsx Table 1.2",
        "publisher": "U.S. Bureau of Labor Statistics",
        "license": "Public domain",
        "url": "https://www.bls.gov/emp/tables.htm",
        "attribution": "",
    },
    "aioe": {
        "name": "AI Occupational Exposure (AIOE), data appendix A",
        "publisher": "Felten, Raj & Seamans (2021), Strategic Management Journal",
        "license": "Published research data; cited",
        "url": "https://github.com/AIOE-Data/AIOE",
        "attribution": "",
    },
    "lm_aioe": {
        "name": "Language-modeling AIOE (LM AIOE sheet)",
        "publisher": "Felten, Raj & Seamans (2023), arXiv:2303.01157",
        "license": "Published research data; cited",
        "url": "https://github.com/AIOE-Data/AIOE",
        "attribution": "",
    },
    "eloundou": {
        "name": "GPTs are GPTs: occupation-level exposure (occ_level.csv)",
        "publisher": "Eloundou, Manning, Mishkin & Rock (2024), Science",
        "license": "MIT",
        "url": "https://github.com/openai/GPTs-are-GPTs",
        "attribution": "Copyright (c) 2024 OpenAI. Used under the MIT License.",
    },
    "microsoft": {
        "name": "Working with AI: AI applicability scores",
        "publisher": "Tomlinson, Jaffe, Wang, Counts & Suri (2025), Microsoft Research",
        "license": "CC BY 4.0",
        "url": "https://github.com/microsoft/working-with-ai",
        "attribution": "AI applicability scores from Tomlinson, Jaffe, Wang, Counts & Suri (2025), "
        "Working with AI, used under CC BY 4.0.",
    },
}


def record_source(key: str, release: str, changed: bool):
    """Note the data set on /about/data/; the import date moves only when data changed."""
    meta = SOURCES[key]
    row = {
        **meta,
        "key": key,
        "release": release,
        "attribution": meta["attribution"].format(release=release),
    }
    existing = DataSource.objects.filter(key=key).first()
    if existing is None or changed or existing.release != release:
        row["imported_at"] = timezone.now()
    cs.upsert(DataSource, ("key",), [row])


# Which DataSource row each exposure file feeds, and its release as shown on /about/data/.
EXPOSURE_FILES = {
    "aioe": ("aioe", "2021"),
    "lm_aioe": ("lm_aioe", "2023"),
    "eloundou": ("eloundou", "2024"),
    "microsoft": ("microsoft", "2025"),
}


def record_exposure_sources(files, summary):
    """One DataSource row per exposure file that was given."""
    for attr, (key, release) in EXPOSURE_FILES.items():
        if getattr(files, attr):
            record_source(key, release, summary.changed > 0)


class ImportCommand(BaseCommand):
    """Subclasses implement run_import(**options) -> Summary."""

    # Whether the import feeds derived data (education cost, bright outlook, AI resilience).
    refreshes_derived = True
    # Whether the import writes the tables search reads (occupations, titles, tasks,
    # technology): the weighted-term index is then rebuilt in the same transaction.
    refreshes_search = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; change nothing"
        )

    def log(self, message: str):
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, dry_run=False, **options):
        # The cyclic garbage collector is paused for the import: it holds the files' rows
        # alive at once (a few million small objects for the real data) and each full
        # collection walked them all, a sixth of a real import's time, to find no cycles.
        # Reference counting still frees everything; one collection runs at the end.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._handle(dry_run=dry_run, **options)
        finally:
            if collecting:
                gc.enable()
                gc.collect()

    def _handle(self, *, dry_run, **options):
        started = time.monotonic()
        try:
            with transaction.atomic():
                summary = self.run_import(**options)
                if self.refreshes_derived:
                    for table, counts in cs.refresh_derived().tables.items():
                        summary.add(table, counts)
                if self.refreshes_search and (summary.changed or not cs.search_index_built()):
                    self.log("Search index (weighted terms)")
                    summary.add("search terms", cs.Counts(created=cs.rebuild_search_index()))
                if dry_run:
                    transaction.set_rollback(True)
                elif summary.changed:
                    content_changed()
        except ImportFileError as exc:
            raise CommandError(f"{exc}\nNothing was changed.") from exc
        if not dry_run and summary.changed:
            if self.refreshes_search:
                cs.refresh_search_indexes(analyze=False)
            try:
                cs.refresh_statistics()
            except DatabaseError as exc:  # the import is saved; the planner catches up later
                self.stderr.write(
                    self.style.WARNING(f"Saved, but the statistics were not refreshed: {exc}")
                )
        for line in summary.lines():
            self.stdout.write(line)
        took = time.monotonic() - started
        if dry_run:
            self.stdout.write(
                self.style.WARNING(
                    f"Dry run: the files are valid; nothing was saved ({took:.1f} s)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Done in {took:.1f} s: {summary.changed} row(s) changed.")
            )
        return None

    def run_import(self, **options):  # pragma: no cover - abstract
        raise NotImplementedError
