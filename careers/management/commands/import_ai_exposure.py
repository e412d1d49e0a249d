from pathlib import Path

from django.core.management.base import CommandError

from careers.importers.ai_exposure import Files, import_ai_exposure
from careers.importers.command import ImportCommand, record_exposure_sources


class Command(ImportCommand):
    help = (
        "Import the AI-exposure sources (AIOE 2021, LM-AIOE 2023, Eloundou et al. 2024, "
        "Microsoft 2025) from a data folder, or the files given one by one."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "path", type=Path, nargs="?", help="folder laid out like ../shared/data"
        )
        parser.add_argument("--aioe", type=Path, help="AIOE_DataAppendix.xlsx")
        parser.add_argument("--lm-aioe", type=Path, help="Language Modeling AIOE and AIIE.xlsx")
        parser.add_argument("--eloundou", type=Path, help="GPTs-are-GPTs occ_level.csv")
        parser.add_argument("--microsoft", type=Path, help="soc_ai_applicability_scores.csv")
        parser.add_argument("--crosswalk", type=Path, help="BLS soc_2010_to_2018_crosswalk.xlsx")

    def run_import(self, path=None, **options):
        files = Files.in_folder(path) if path else Files()
        for attr in ("aioe", "lm_aioe", "eloundou", "microsoft", "crosswalk"):
            if options.get(attr):
                setattr(files, attr, options[attr])
        if not files.any:
            raise CommandError("no exposure file given (a folder, or --aioe/--lm-aioe/...)")
        summary = import_ai_exposure(files, self.log)
        record_exposure_sources(files, summary)
        return summary
