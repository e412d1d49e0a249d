"""Search support for careers.search on PostgreSQL; nothing on other databases.

- careers_occupation.search_document: a stored generated tsvector (title weight A,
  description C), so ranking does not re-parse descriptions; GIN-indexed. It is not a
  model field: the ORM never reads or writes it and PostgreSQL keeps it current.
- a GIN expression index on to_tsvector('english', title) of alternate titles (the
  expression must stay identical to careers/search.py for the planner to use it);
- pg_trgm and trigram GIN indexes on lower(title) of both tables, for misspellings.

No model state changes, so makemigrations stays clean on every backend.
"""

from django.db import migrations

OCC_DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, description), 'C'))"
)

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE careers_occupation ADD COLUMN IF NOT EXISTS search_document tsvector "
    f"GENERATED ALWAYS AS ({OCC_DOCUMENT}) STORED",
    "CREATE INDEX IF NOT EXISTS careers_occ_search_doc ON careers_occupation USING gin (search_document)",
    "CREATE INDEX IF NOT EXISTS careers_occ_title_trgm ON careers_occupation USING gin (lower(title) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS careers_alt_title_tsv ON careers_alternatetitle "
    "USING gin (to_tsvector('english'::regconfig, title))",
    "CREATE INDEX IF NOT EXISTS careers_alt_title_trgm ON careers_alternatetitle USING gin (lower(title) gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS careers_alt_title_trgm",
    "DROP INDEX IF EXISTS careers_alt_title_tsv",
    "DROP INDEX IF EXISTS careers_occ_title_trgm",
    "DROP INDEX IF EXISTS careers_occ_search_doc",
    "ALTER TABLE careers_occupation DROP COLUMN IF EXISTS search_document",
    # The extension stays: other objects may use it, and dropping it needs more rights.
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0002_education_cost_source_text"),
    ]

    operations = [
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
