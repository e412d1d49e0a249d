"""Invariants live in the database: these inserts bypass Python validation on purpose."""

import pytest
from django.db import DataError, IntegrityError, transaction

from careers.models import Education, Occupation, RelatedOccupation
from salaries.models import Area, Wage


@pytest.fixture
def area(db):
    return Area.objects.create(kind="national", code="99", name="United States", slug="us")


def wage(occ, area, **kw):
    return Wage.objects.create(
        occupation=occ,
        area=area,
        release_year=kw.pop("release_year", 2024),
        soc_code=occ.soc_code,
        **kw,
    )


@pytest.mark.parametrize(
    "code", ["11-3051", "11-3051.0", "1-3051.00", "11_3051.00", "ab-cdef.gh", "11-3051.00x"]
)
def test_malformed_onet_code_is_refused(make_occupation, code):
    # PostgreSQL refuses an over-long code as a DataError (varchar(10)) before the CHECK runs.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Occupation.objects.create(
            code=code,
            soc_code="11-3051",
            title="X",
            slug="x",
            category_id=make_occupation().category_id,
        )


def test_malformed_soc_code_is_refused(make_occupation):
    occ = make_occupation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupation.objects.filter(pk=occ.pk).update(soc_code="113051")


def test_job_zone_must_be_1_to_5(make_occupation):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_occupation(job_zone=6)


@pytest.mark.parametrize(
    "values",
    [
        {"annual_p10": 50000, "annual_p25": 40000},
        {"annual_p25": 60000, "annual_median": 55000},
        {"annual_median": 70000, "annual_p75": 69999},
        {"annual_p75": 90000, "annual_p90": 80000},
        {"hourly_p10": 20, "hourly_p25": 19},
        {"hourly_p75": 50, "hourly_p90": 49.99},
    ],
)
def test_decreasing_percentiles_are_refused(make_occupation, area, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        wage(make_occupation(), area, **values)


def test_ordered_and_partial_percentiles_are_accepted(make_occupation, area):
    wage(
        make_occupation(),
        area,
        annual_p10=1,
        annual_p25=2,
        annual_median=2,
        annual_p75=3,
        annual_p90=3,
    )
    wage(make_occupation(), area, annual_median=50000)  # others not published


def test_one_wage_row_per_occupation_area_release(make_occupation, area):
    occ = make_occupation()
    wage(occ, area, release_year=2023)
    wage(occ, area, release_year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        wage(occ, area, release_year=2024)


def test_occupation_code_and_slug_are_unique(make_occupation):
    occ = make_occupation(code="11-3051.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_occupation(code="11-3051.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_occupation(slug=occ.slug)


def test_occupation_cannot_relate_to_itself(make_occupation):
    occ = make_occupation()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedOccupation.objects.create(occupation=occ, related=occ)


def test_cost_range_must_be_ordered(make_occupation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Education.objects.create(occupation=make_occupation(), cost_low=10, cost_high=5)
