from pathlib import Path

from careers.importers.command import ImportCommand, record_source
from salaries.importers.cpi import CPI_U, import_cpi
from salaries.models import PriceIndex
from salaries.services import refresh_pay_trends


class Command(ImportCommand):
    help = (
        "Import CPI-U annual averages (BLS time-series text file or series report workbook); "
        "pay over time is then shown in today's dollars."
    )
    refreshes_derived = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)
        parser.add_argument("--series", default=CPI_U, help=f"Series id (default {CPI_U})")

    def run_import(self, path, series=CPI_U, **options):
        summary = import_cpi(path, self.log, series=series)
        summary.add("pay trend", refresh_pay_trends())
        latest = PriceIndex.objects.order_by("-year").values_list("year", flat=True).first()
        record_source("cpi", f"{series}, annual averages to {latest}", summary.changed > 0)
        return summary
