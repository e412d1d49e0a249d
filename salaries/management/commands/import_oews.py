from pathlib import Path

from careers import services as cs
from careers.importers.command import ImportCommand, record_source
from salaries.importers.oews import import_oews
from salaries.models import Wage


class Command(ImportCommand):
    help = "Import BLS OEWS wage workbooks (national, state, metro or all_data layout)."
    refreshes_derived = False  # wages feed none of the derived fields

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("paths", type=Path, nargs="+")
        parser.add_argument(
            "--year", type=int, help="Reference year when the file name does not say"
        )

    def run_import(self, paths, year=None, **options):
        summary = cs.Summary()
        for path in paths:
            for table, counts in import_oews(path, self.log, year=year).tables.items():
                summary.add(table, counts)
        latest = (
            Wage.objects.order_by("-release_year").values_list("release_year", flat=True).first()
        )
        record_source("oews", f"May {latest}" if latest else "", summary.changed > 0)
        return summary
