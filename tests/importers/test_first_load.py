"""A first load on PostgreSQL: keys and indexes taken off for COPY and put back."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from careers import services as cs
from careers.models import SearchTerm, Task

PG = connection.vendor == "postgresql"
pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    not PG, reason="the first-load path is PostgreSQL's (COPY and DDL)"
)


def schema(table: str) -> tuple[set, set]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
            [table],
        )
        constraints = set(cursor.fetchall())
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return constraints, set(cursor.fetchall())


@pytest.fixture
def small_first_load(monkeypatch, make_occupation):
    monkeypatch.setattr(cs, "FIRST_LOAD_ROWS", 2)
    return make_occupation()


def rows(occ_id, n, start=1):
    return [
        {"occupation_id": occ_id, "onet_task_id": i, "statement": f"Task {i}.", "kind": "core"}
        for i in range(start, start + n)
    ]


@postgres_only
def test_a_first_load_puts_back_every_key_and_index_it_took_off(small_first_load):
    table = Task._meta.db_table
    before = schema(table)
    assert any("FOREIGN KEY" in d for _, d in before[0])

    counts = cs.upsert(Task, ("occupation_id", "onet_task_id"), rows(small_first_load.pk, 5))

    assert counts.created == 5
    assert schema(table) == before
    # The key is in force again for the rows written after the load.
    with pytest.raises(IntegrityError), transaction.atomic():
        cs._insert(Task, rows(small_first_load.pk, 1, start=99) + rows(10**9, 1))
        connection.check_constraints()


@postgres_only
def test_a_dangling_key_or_a_duplicate_still_fails_a_first_load(small_first_load):
    table = Task._meta.db_table
    before = schema(table)
    with pytest.raises(IntegrityError), transaction.atomic():
        cs._insert(Task, rows(small_first_load.pk, 3) + rows(10**9, 1), first_load=True)
    assert schema(table) == before and not Task.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        cs._insert(Task, rows(small_first_load.pk, 3) * 2, first_load=True)
    assert schema(table) == before and not Task.objects.exists()


@postgres_only
def test_a_table_that_holds_rows_is_loaded_row_by_row(
    small_first_load, make_occupation, monkeypatch
):
    cs.upsert(Task, ("occupation_id", "onet_task_id"), rows(small_first_load.pk, 3))
    other = make_occupation()
    calls = []
    monkeypatch.setattr(cs, "_first_load", lambda *a: calls.append(a))
    cs.upsert(Task, ("occupation_id", "onet_task_id"), rows(other.pk, 3), scope=Q(occupation=other))
    assert calls == [] and Task.objects.count() == 6


def test_search_terms_go_with_their_occupation_without_a_database_key(make_occupation):
    occ = make_occupation()
    SearchTerm.objects.create(term="nurs", occupation=occ, weight=1.0)
    occ.delete()
    assert not SearchTerm.objects.exists()


@postgres_only
def test_statistics_are_refreshed_so_the_planner_sees_the_new_rows(make_occupation):
    """refresh_statistics (run after every import that changed rows) leaves the planner
    the tables' real sizes: before it, a freshly loaded table still looks empty."""
    occ = make_occupation()
    table = Task._meta.db_table
    cs._insert(Task, rows(occ.pk, 40))

    def planner_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            return cursor.fetchone()[0]

    assert planner_rows() != 40
    cs.refresh_statistics()
    assert planner_rows() == 40


def test_every_import_that_changes_rows_refreshes_statistics(monkeypatch, tmp_path):
    from careers.importers import command

    from .dbstate import run
    from .test_cpi import time_series_file

    calls = []
    monkeypatch.setattr(command.cs, "refresh_statistics", lambda: calls.append("analyze"))
    path = time_series_file(tmp_path / "cu.txt")
    run("import_cpi", path)
    assert calls == ["analyze"]
    run("import_cpi", path)  # nothing changed: nothing to refresh
    assert calls == ["analyze"]
