from django.core.management.base import BaseCommand
from django.db import transaction

from careers import services as cs
from config.core.pagecache import content_changed


class Command(BaseCommand):
    help = (
        "Rebuild the weighted search terms (careers.SearchTerm, SearchWord) from the current "
        "data. The import commands and load_demo do it themselves; run this after editing "
        "titles, tasks or technology in the admin."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = cs.rebuild_search_index()
            content_changed()
        cs.refresh_search_indexes()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {rows} rows."))
