from pathlib import Path

from careers import services as cs
from careers.importers.command import ImportCommand, record_source
from salaries.importers.history import read_crosswalk
from salaries.importers.oews import import_oews
from salaries.models import Wage
from salaries.services import refresh_pay_trends


class Command(ImportCommand):
    help = (
        "Import BLS OEWS wage workbooks or BLS zips (national, state, metro or all_data; "
        "national May 2012 on)."
    )
    refreshes_derived = False  # wages feed none of the derived fields

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("paths", type=Path, nargs="+")
        parser.add_argument(
            "--year", type=int, help="Reference year when the file name does not say"
        )
        parser.add_argument(
            "--crosswalk",
            type=Path,
            help="BLS soc_2010_to_2018_crosswalk.xlsx, needed for releases before May 2021",
        )

    def run_import(self, paths, year=None, crosswalk=None, **options):
        walk = read_crosswalk(crosswalk) if crosswalk else None
        summary = cs.Summary()
        for path in paths:
            for table, counts in import_oews(
                path, self.log, year=year, crosswalk=walk
            ).tables.items():
                summary.add(table, counts)
        summary.add("pay trend", refresh_pay_trends())
        latest = (
            Wage.objects.order_by("-release_year").values_list("release_year", flat=True).first()
        )
        record_source("oews", f"May {latest}" if latest else "", summary.changed > 0)
        return summary
