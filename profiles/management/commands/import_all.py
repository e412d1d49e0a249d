from pathlib import Path

from django.core.management.base import CommandError

from careers import services as cs
from careers.importers.aioe import import_aioe
from careers.importers.command import ImportCommand, record_source
from careers.importers.onet import OnetImport
from careers.importers.projections import import_projections
from careers.importers.readers import Source
from salaries.importers.cpi import CPI_U, import_cpi
from salaries.importers.history import read_crosswalk
from salaries.importers.oews import NOTES_RE, import_oews, release_year
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
    aioe = root / "aioe" / "AIOE_DataAppendix.xlsx"
    crosswalk = root / "crosswalk" / "soc_2010_to_2018_crosswalk.xlsx"
    cpi = sorted(p for p in (root / "cpi").glob("*") if p.is_file())
    return onet_path, oews, projections, aioe, crosswalk, cpi


class Command(ImportCommand):
    help = (
        "Import everything from a data folder, in order: O*NET, OEWS (oldest first), "
        "CPI-U, projections, AIOE."
    )
    refreshes_search = True

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)
        parser.add_argument("--onet", help="O*NET sub-folder or zip inside PATH (default: onet)")

    def run_import(self, path, onet=None, **options):
        onet_path, oews, projections, aioe, crosswalk, cpi = find_layout(path, onet)
        summary = cs.Summary()

        def merge(part):
            for table, counts in part.tables.items():
                summary.add(table, counts)
            return part

        self.log("[1/4] O*NET")
        job = OnetImport(Source(onet_path), self.log)
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
        self.log("[4/4] AIOE")
        if aioe.exists():
            part = import_aioe(aioe, self.log, crosswalk=crosswalk if crosswalk.exists() else None)
            record_source("aioe", "Felten, Raj & Seamans (2021)", merge(part).changed > 0)
        else:
            self.log(f"  {aioe}: not present, skipped")
        return summary
