from pathlib import Path

from careers.importers.command import ImportCommand, record_source
from careers.importers.onet import OnetImport
from careers.importers.readers import Source


class Command(ImportCommand):
    help = "Import the O*NET database (text format): the official zip or an extracted folder."
    refreshes_search = True

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)

    def run_import(self, path, **options):
        job = OnetImport(Source(path), self.log)
        summary = job.run()
        record_source("onet", job.release, summary.changed > 0)
        return summary
