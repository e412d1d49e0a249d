from functools import partial
from pathlib import Path

from django.core.management.base import CommandError

from careers import services as cs
from careers.importers.ai_exposure import AIOE_SHEET, LM_AIOE_SHEET, Files, import_ai_exposure
from careers.importers.command import ImportCommand, record_exposure_sources, record_source
from careers.importers.onet import OnetImport
from careers.importers.projections import SHEET as PROJECTIONS_SHEET
from careers.importers.projections import import_projections
from careers.importers.readers import Source, prefetching
from salaries.importers.cpi import CPI_U, import_cpi
from salaries.importers.history import read_crosswalk
from salaries.importers.oews import NOTES_RE, import_oews, release_year, workbooks
from salaries.models import PriceIndex
from salaries.services import refresh_pay_trends

OEWS_FOLDERS = ("oews", "oews-history")
OEWS_PATTERNS = ("*.xlsx", "*.xls", "*.zip")


def oews_files(root: Path) -> list[Path]:
    """OEWS workbooks and BLS zips of oews/ and oews-history/, oldest release first."""
    found = [
        p
        for folder in OEWS_FOLDERS
        for pattern in OEWS_PATTERNS
        for p in (root / folder).glob(pattern)
        if not NOTES_RE.search(p.name)
    ]
    return sorted(found, key=lambda p: (release_year(p, None), p.suffix != ".zip", p.name))


def find_layout(root: Path, onet: str | None):
    """The files of a folder laid out like ../shared/data (see README 'Loading the real data')."""
    if not root.is_dir():
        raise CommandError(f"{root}: not a folder")
    onet_path = root / (onet or "onet")
    if not onet_path.exists():
        zips = sorted(root.glob("db_*_text.zip"))
        if not zips:
            raise CommandError(f"{root}: no onet/ folder and no db_*_text.zip")
        onet_path = zips[-1]
    oews = oews_files(root)
    projections = root / "bls_projections" / "occupation.xlsx"
    crosswalk = root / "crosswalk" / "soc_2010_to_2018_crosswalk.xlsx"
    cpi = sorted(p for p in (root / "cpi").glob("*") if p.is_file())
    return onet_path, oews, projections, Files.in_folder(root), crosswalk, cpi


def _file(path: Path | None, sheet: str | None = None):
    """What Prefetch.add parses of a workbook file: its one sheet, if the file is there."""
    return lambda: [(str(path), path.read_bytes(), sheet)] if path and path.is_file() else []


def _oews_sheets(path: Path):
    return [(book.label, book.data, None) for book in workbooks(path)]


class Command(ImportCommand):
    help = (
        "Import everything from a data folder, in order: O*NET, OEWS (oldest first), "
        "CPI-U, projections, AI exposure."
    )
    refreshes_search = True

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)
        parser.add_argument("--onet", help="O*NET sub-folder or zip inside PATH (default: onet)")

    def run_import(self, path, onet=None, **options):
        onet_path, oews, projections, exposure, crosswalk, cpi = find_layout(path, onet)
        source = Source(onet_path)
        job = OnetImport(source, self.log)
        with prefetching() as ahead:
            # Every workbook, in the order the steps below read it (see Prefetch).
            for name in job.workbooks():
                label = source.label(name)
                ahead.add(
                    label, lambda name=name, label=label: [(label, source.read_bytes(name), None)]
                )
            ahead.add(str(crosswalk), _file(crosswalk))
            for f in oews:
                ahead.add(str(f), partial(_oews_sheets, f))
            ahead.add(str(projections), _file(projections, PROJECTIONS_SHEET))
            ahead.add(str(exposure.crosswalk), _file(exposure.crosswalk))
            ahead.add(str(exposure.aioe), _file(exposure.aioe, AIOE_SHEET))
            ahead.add(str(exposure.lm_aioe), _file(exposure.lm_aioe, LM_AIOE_SHEET))
            return self._run(job, oews, projections, exposure, crosswalk, cpi, path)

    def _run(self, job, oews, projections, exposure, crosswalk, cpi, path):
        summary = cs.Summary()

        def merge(part):
            for table, counts in part.tables.items():
                summary.add(table, counts)
            return part

        self.log("[1/4] O*NET")
        record_source("onet", job.release, merge(job.run()).changed > 0)
        self.log(f"[2/4] OEWS: {len(oews)} file(s)")
        walk = read_crosswalk(crosswalk) if crosswalk.exists() else None
        oews_changed = 0
        for f in oews:
            oews_changed += merge(import_oews(f, self.log, crosswalk=walk)).changed
        if oews:
            latest = max(release_year(f, None) for f in oews)
            record_source("oews", f"May {latest}", oews_changed > 0)
        for f in cpi:
            self.log(f"  CPI-U: {f.name}")
            part = merge(import_cpi(f, self.log))
            record_source(
                "cpi",
                f"{CPI_U}, annual averages to {PriceIndex.objects.order_by('-year').values_list('year', flat=True).first()}",
                part.changed > 0,
            )
        summary.add("pay trend", refresh_pay_trends())
        self.log("[3/4] Employment Projections")
        if projections.exists():
            record_source(
                "projections",
                "2024-34",
                merge(import_projections(projections, self.log)).changed > 0,
            )
        else:
            self.log(f"  {projections}: not present, skipped")
        self.log("[4/4] AI exposure (AIOE, LM-AIOE, Eloundou et al., Microsoft)")
        if exposure.any:
            record_exposure_sources(exposure, merge(import_ai_exposure(exposure, self.log)))
        else:
            self.log(f"  {path}: no aioe/ or ai-exposure/ files, skipped")
        return summary
