"""config.core.compiled: SQL compiled once must give what the ORM gives, for every value."""

import pytest
from django.db import connection

from careers.models import Occupation, Task
from config.core.compiled import CompiledQuery
from profiles import explore, selectors

COMPILED = {
    "tasks": selectors._TASKS,
    "ratings": selectors._RATINGS,
    "technology": selectors._TECHNOLOGY,
    "titles": selectors._TITLES,
    "related": selectors._RELATED,
    "same_category": selectors._SAME_CATEGORY,
    "moves": explore.unfiltered_moves(explore.MOVES_KEPT),
    "moves_shown": explore.unfiltered_moves(selectors.MOVES_SHOWN),
    "pay_history": selectors._PAY_HISTORY,
}

# Model querysets: their rows are instances, with select_related objects and annotations.
COMPILED_MODELS = {
    "national_wages": selectors._NATIONAL_WAGES,
    "state_wages": selectors._STATE_WAGES,
    "local_areas": selectors._LOCAL_AREAS,
    "notes": selectors._NOTES,
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


@pytest.fixture
def published_note(demo):
    """Published notes on one career (the demo set has none) and a new one on another."""
    from django.utils import timezone

    from profiles.contributions.models import Feedback

    first, second = Occupation.objects.order_by("code")[:2]
    for occupation, status in ((first, Feedback.PUBLISHED),) * 2 + ((second, Feedback.NEW),):
        Feedback.objects.create(
            occupation=occupation,
            kind=Feedback.EXPERIENCE,
            section="other",
            message="Night shifts are long; the team makes them work.",
            consent_publish=True,
            status=status,
            moderated_at=timezone.now() if status == Feedback.PUBLISHED else None,
        )


@pytest.fixture
def state_wages(demo):
    """Two releases in two states and one in a metro area for one career (the demo set's
    wages are national only): the newest per area is what the page shows."""
    from salaries.models import Area, Wage

    occupation = Occupation.objects.order_by("code").first()
    places = [
        Area.objects.create(kind="state", code="06", name="California", slug="california"),
        Area.objects.create(kind="state", code="02", name="Alaska", slug="alaska"),
        Area.objects.create(kind="metro", code="31080", name="Los Angeles", slug="los-angeles"),
    ]
    for area in places:
        for year in (2023, 2024):
            Wage.objects.create(
                occupation=occupation,
                area=area,
                release_year=year,
                soc_code=occupation.soc_code,
                annual_median=50_000 + year,
            )


def _snapshot(obj, parent=None):
    """An instance's field values and annotations, and those of its select_related objects
    (a one-to-one's link back to `parent` as that object's primary key)."""
    own = {k: v for k, v in vars(obj).items() if k != "_state"}
    related = {
        name: rel.pk if rel is parent else None if rel is None else _snapshot(rel, obj)
        for name, rel in obj._state.fields_cache.items()
    }
    return own, related, obj._state.db, obj._state.adding


def _models_of(rows):
    return [_snapshot(obj) for obj in rows]


@pytest.mark.parametrize("name", COMPILED_MODELS)
def test_instances_match_the_orm_for_every_demo_career(demo, name, published_note, state_wages):
    query = COMPILED_MODELS[name]
    nonempty = 0
    for occupation in Occupation.objects.all():
        expected = list(query.build(occupation=occupation.pk))
        got = query.rows(occupation=occupation.pk)
        assert _models_of(got) == _models_of(expected), occupation.code
        nonempty += bool(got)
    assert nonempty, f"the demo set gives {name} no rows, so this test proves nothing"


def test_the_occupation_by_slug_matches_the_orm_with_its_one_to_ones(demo):
    seen = set()
    for occupation in Occupation.objects.all():
        expected = list(selectors._occupation(occupation.slug))
        got = selectors._OCCUPATION.rows(slug=occupation.slug)
        assert _models_of(got) == _models_of(expected), occupation.code
        seen.update(name for name, rel in got[0]._state.fields_cache.items() if rel is not None)
        # the Job Zone texts arrive as annotations
        assert got[0].job_zone_name == expected[0].job_zone_name
    assert {"category", "education", "outlook", "ai_resilience"} <= seen
    assert selectors._OCCUPATION.rows(slug="no-such-career") == []


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


def test_run_together_gives_each_query_its_own_rows(demo, published_note, state_wages):
    from config.core.compiled import run_together

    queries = [*COMPILED.values(), *COMPILED_MODELS.values()]
    for occupation in Occupation.objects.all():
        runs = [(query, _values(occupation, query)) for query in queries]
        together = run_together(*runs)
        one_by_one = [query.rows(**values) for query, values in runs]
        for query, got, expected in zip(queries, together, one_by_one, strict=True):
            if query in COMPILED_MODELS.values():
                got, expected = _models_of(got), _models_of(expected)
            assert got == expected, occupation.code


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the pipeline is PostgreSQL's (libpq pipeline mode); elsewhere they run in turn",
)
def test_on_postgresql_the_queries_share_one_pipeline(demo, monkeypatch, django_assert_num_queries):
    from config.core.compiled import run_together

    occupation = Occupation.objects.filter(tasks__isnull=False).first()
    connection.ensure_connection()
    opened = []
    real = type(connection.connection).pipeline

    def pipeline(self):
        opened.append(1)
        return real(self)

    monkeypatch.setattr(type(connection.connection), "pipeline", pipeline)
    runs = [(q, _values(occupation, q)) for q in COMPILED.values()]
    with django_assert_num_queries(len(runs)):  # each still counted as a query
        together = run_together(*runs)
    assert opened == [1]
    assert together[0] == selectors._TASKS.rows(occupation=occupation.pk) != []


@pytest.mark.parametrize(
    "build",
    [
        lambda occupation: Task.objects.filter(occupation_id=occupation).values("id"),
        lambda occupation: Task.objects.filter(occupation_id=occupation).values_list(
            "id", flat=True
        ),
        lambda occupation: Occupation.objects.filter(pk=occupation).prefetch_related("tasks"),
    ],
    ids=["values", "flat", "prefetch"],
)
def test_a_row_shape_it_cannot_give_is_refused_when_compiled(db, build):
    with pytest.raises(ValueError, match=r"values_list|prefetch"):
        CompiledQuery(Task, build, "occupation").rows(occupation=1)


def test_nothing_to_run_together_is_no_rows(db, django_assert_num_queries):
    from config.core.compiled import run_together

    with django_assert_num_queries(0):
        assert run_together() == []
