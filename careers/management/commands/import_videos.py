from pathlib import Path

from careers.importers.command import ImportCommand
from careers.importers.videos import import_videos


class Command(ImportCommand):
    help = (
        "Set career videos from a CSV of O*NET-SOC code, video URL, poster URL "
        "(hosts limited to settings.CAREER_VIDEO_HOSTS)."
    )
    refreshes_derived = False  # videos feed no derived figure

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", type=Path)

    def run_import(self, path, **options):
        return import_videos(path, self.log)
