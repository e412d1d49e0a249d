from pathlib import Path

from careers.importers.aioe import import_aioe
from careers.importers.command import ImportCommand, record_source


class Command(ImportCommand):
    help = (
        "Import AIOE scores (appendix A) alone, mapped from SOC 2010 with the official "
        "crosswalk; import_ai_exposure loads every exposure source."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)
        parser.add_argument("--crosswalk", type=Path, help="BLS soc_2010_to_2018_crosswalk.xlsx")

    def run_import(self, path, crosswalk=None, **options):
        summary = import_aioe(path, self.log, crosswalk=crosswalk)
        record_source("aioe", "2021", summary.changed > 0)
        return summary
