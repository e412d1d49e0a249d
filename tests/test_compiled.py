"""config.core.compiled: SQL compiled once must give what the ORM gives, for every value."""

import pytest

from careers.models import Occupation, Task
from config.core.compiled import CompiledQuery
from profiles import selectors

COMPILED = {
    "tasks": selectors._TASKS,
    "ratings": selectors._RATINGS,
    "technology": selectors._TECHNOLOGY,
    "titles": selectors._TITLES,
    "related": selectors._RELATED,
    "same_category": selectors._SAME_CATEGORY,
}


def _values(occupation, query):
    values = {"occupation": occupation.pk}
    if "category" in query.placeholders:
        values["category"] = occupation.category_id
    return values


@pytest.mark.parametrize("name", COMPILED)
def test_rows_match_the_orm_for_every_demo_career(demo, name):
    query = COMPILED[name]
    nonempty = 0
    for occupation in Occupation.objects.all():
        values = _values(occupation, query)
        expected = list(query.build(**values))
        got = query.rows(**values)
        assert got == expected, occupation.code
        # Same Python types too (SQLite returns 0/1 and floats unless converted).
        assert [tuple(map(type, r)) for r in got] == [tuple(map(type, r)) for r in expected]
        nonempty += bool(got)
    assert nonempty, f"the demo set gives {name} no rows, so this test proves nothing"


def test_one_query_per_run_and_new_values_each_time(demo, django_assert_num_queries):
    first, second = Occupation.objects.filter(tasks__isnull=False).distinct()[:2]
    selectors._TASKS.rows(occupation=first.pk)  # compiled here, outside the count
    with django_assert_num_queries(1):
        rows = selectors._TASKS.rows(occupation=second.pk)
    statements = set(Task.objects.filter(occupation=second).values_list("statement", flat=True))
    assert {r[0] for r in rows} == statements
    assert rows != selectors._TASKS.rows(occupation=first.pk)


def test_a_placeholder_the_query_does_not_use_is_refused(db):
    query = CompiledQuery(
        Task,
        lambda occupation, unused: Task.objects.filter(occupation_id=occupation).values_list("id"),
        "occupation",
        "unused",
    )
    with pytest.raises(ValueError, match="placeholder is missing"):
        query.rows(occupation=1, unused=2)
