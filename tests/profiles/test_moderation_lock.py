"""A moderation action locks only the contribution: an import holding the careers'
rows (import_all updates every occupation in one long transaction) must not make it
wait. Row locks exist on PostgreSQL only; SQLite locks the whole file for a writer."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careers.models import Occupation
from profiles.contributions import services
from profiles.contributions.models import ChangeLogEntry, Feedback

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks: SQLite has none (a writer locks the whole database file)",
)


@pytest.fixture
def correction(make_occupation):
    occ = make_occupation(code="11-3051.00", title="Industrial Production Managers")
    return Feedback.objects.create(
        occupation=occ, kind=Feedback.CORRECTION, section="pay", message="The median is higher."
    )


def test_the_lock_names_only_the_contribution(db, correction, moderator):
    with CaptureQueriesContext(connection) as queries:
        services.transition(correction, Feedback.ACCEPTED, moderator)
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update_of:
        assert len(locking) == 1
        clause = locking[0].split("FOR UPDATE", 1)[1]
        assert Feedback._meta.db_table in clause
        assert Occupation._meta.db_table not in clause
    else:
        assert locking == []  # SQLite: no row locks at all
    assert ChangeLogEntry.objects.filter(feedback=correction).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_moderation_answers_while_an_import_holds_the_career(correction, moderator):
    import psycopg

    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k not in {"cursor_factory", "context"}}
    with psycopg.connect(**params) as importer:
        # What import_all does to every career, in its single open transaction.
        importer.execute(
            f"UPDATE {Occupation._meta.db_table} SET title = title || '' WHERE id = %s",
            [correction.occupation_id],
        )
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")  # waiting longer raises instead
        started = time.monotonic()
        services.transition(correction, Feedback.ACCEPTED, moderator)  # writes the changelog
        services.transition(correction, Feedback.REJECTED, moderator)  # and its withdrawal
        elapsed = time.monotonic() - started
        importer.rollback()
    assert elapsed < 1
    assert ChangeLogEntry.objects.filter(feedback=correction).count() == 2
