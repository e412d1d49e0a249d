from pathlib import Path

from careers.importers.command import ImportCommand, record_source
from careers.importers.projections import import_projections


class Command(ImportCommand):
    help = "Import BLS Employment Projections (occupation.xlsx, Table 1.2)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)

    def run_import(self, path, **options):
        summary = import_projections(path, self.log)
        record_source("projections", "2024-34", summary.changed > 0)
        return summary
