"""Figures kept as published, on small files in the official layouts (issue 12, items 1-5).

The same rules are checked on the real files in tests/realdata/test_figures.py.
"""

from decimal import Decimal

import pytest
from django.core.management.base import CommandError
from django.db.models import Q

from careers import services as cs
from careers.models import Occupation, Outlook, Task
from salaries.models import Area, Wage

from .builders import (
    EM_DASH,
    IPM,
    PROJECTION_ROWS,
    US,
    edit_line,
    line_number,
    oews_row,
    write_oews,
    write_projections,
)
from .dbstate import run, table_counts

pytestmark = pytest.mark.django_db

COUNSELORS = "Substance Abuse, Behavioral Disorder, and Mental Health Counselors"
SUBSTANCE, MENTAL, SOCIAL = "21-1011.00", "21-1014.00", "21-1012.00"
# Our own figures: (mean, p10, p25, median, p75, p90), hourly then annual.
WAGES = ((30.10, 19.00, 22.70, 28.40, 36.60, 47.20), (62600, 39500, 47200, 59100, 76100, 98200))
OTHER = ((31.00, 20.00, 23.00, 29.00, 37.00, 48.00), (64500, 41600, 47800, 60300, 77000, 99800))


@pytest.fixture
def counselors(make_occupation):
    for code, title in (
        (SUBSTANCE, "Substance Abuse and Behavioral Disorder Counselors"),
        (MENTAL, "Mental Health Counselors"),
        (SOCIAL, "Educational, Guidance, and Career Counselors and Advisors"),
    ):
        make_occupation(code, title, slug=code.replace(".", "-"))


# --- 1. Task Type ----------------------------------------------------------------------------


def test_task_type_n_a_is_kept_as_not_rated_and_sorted_between(onet_folder):
    tasks = onet_folder / "Task Statements.txt"
    edit_line(tasks, line_number(tasks, IPM, "8003"), lambda f: [*f[:3], "n/a", *f[4:]])
    run("import_onet", onet_folder)
    kinds = list(
        Task.objects.filter(occupation__code=IPM)
        .order_by("position")
        .values_list("kind", flat=True)
    )
    # core first, then the task O*NET has not rated, then supplemental; none promoted.
    assert kinds == ["core", "core", "not_rated", "supplemental"]
    assert Task.objects.get(onet_task_id=8003).kind == Task.Kind.NOT_RATED


def test_an_unknown_task_type_names_the_file_and_line(onet_folder):
    tasks = onet_folder / "Task Statements.txt"
    number = line_number(tasks, IPM, "8002")
    edit_line(tasks, number, lambda f: [*f[:3], "Rated", *f[4:]])
    before = table_counts()
    with pytest.raises(
        CommandError, match=rf"Task Statements.txt, line {number}: Task Type 'Rated'"
    ):
        run("import_onet", onet_folder)
    assert table_counts() == before


# --- 2. An import replaces rows it cannot match -----------------------------------------------


def test_prune_removes_rows_without_a_natural_key(make_occupation):
    occ = make_occupation()
    for statement in ("Our own task.", "Another of ours."):  # the demo's: no O*NET task id
        Task.objects.create(occupation=occ, statement=statement, kind=Task.Kind.CORE)
    row = {"occupation_id": occ.pk, "onet_task_id": 1, "statement": "O*NET's task.", "kind": "core"}
    counts = cs.upsert(
        Task, ("occupation_id", "onet_task_id"), [row], scope=Q(occupation=occ), prune=True
    )
    assert (counts.created, counts.deleted) == (1, 2)
    assert list(Task.objects.values_list("statement", flat=True)) == ["O*NET's task."]


# --- 4. OEWS combination rows -------------------------------------------------------------------


def test_covering_codes():
    onet = {"21-1011": [], "21-1012": [], "21-1014": [], "13-1021": [], "47-4091": []}
    published = {"21-1012", "21-1018", "13-1020", "47-4090", "47-4098"}
    # 47-409x has two codes O*NET lacks: which one covers 47-4091 cannot be told.
    assert cs.covering_codes(published, onet) == {
        "21-1011": "21-1018",
        "21-1014": "21-1018",
        "13-1021": "13-1020",
    }


def test_oews_combination_row_comes_before_the_broad_group(tmp_path, counselors, client):
    rows = [
        oews_row(US, "21-1010", "Counselors", "broad", 800000, *OTHER),
        oews_row(US, "21-1012", "Educational, Guidance, and Career Counselors", "detailed", 340000, *OTHER),
        oews_row(US, "21-1018", COUNSELORS, "detailed", 440380, *WAGES),
    ]  # fmt: skip
    run("import_oews", write_oews(tmp_path / "national_M2024_dl.xlsx", rows))
    for code in (SUBSTANCE, MENTAL):
        wage = Wage.objects.get(occupation__code=code)
        assert (wage.soc_code, wage.soc_title, wage.is_broader) == ("21-1018", COUNSELORS, True)
        assert (wage.employment, wage.annual_median) == (440380, 59100)
    html = client.get(f"/careers/{SUBSTANCE.replace('.', '-')}/").content.decode()
    assert f"These figures are for 21-1018 &ldquo;{COUNSELORS}&rdquo;" in html
    assert "does not publish pay for 21-1011 on its own" in html
    assert "finer occupations" not in html
    assert Wage.objects.get(occupation__code=SOCIAL).soc_code == "21-1012"


def test_oews_file_replaces_rows_it_no_longer_gives(tmp_path, counselors, make_occupation):
    area = Area.objects.create(kind=Area.NATIONAL, code="99", name="United States", slug="us")
    nurse = make_occupation("29-1141.00", "Registered Nurses", slug="rn")
    ours = Wage.objects.create(  # e.g. the demo's row, for a career the file does not give
        occupation=nurse, area=area, release_year=2024, soc_code="29-1141", annual_median=1
    )
    older = Wage.objects.create(  # another release is not the file's to replace
        occupation=nurse, area=area, release_year=2023, soc_code="29-1141", annual_median=2
    )
    rows = [oews_row(US, "21-1018", COUNSELORS, "detailed", 440380, *WAGES)]
    run("import_oews", write_oews(tmp_path / "national_M2024_dl.xlsx", rows))
    assert not Wage.objects.filter(pk=ours.pk).exists()
    assert Wage.objects.filter(pk=older.pk).exists()
    assert Wage.objects.filter(release_year=2024).count() == 3  # the three counselors


# --- 5. Projections of a covering line item --------------------------------------------------


def test_projection_of_a_combination_is_labeled_as_that_group(tmp_path, counselors, client):
    group = "Substance abuse, behavioral disorder, and mental health counselors"
    rows = [
        *PROJECTION_ROWS[:1],
        ["    Counselors", "21-1010", "Summary", 800.0, 900.0, 0.5, 0.5, 100.0, 12.5, 1.0, 80.0,
         60000.0, EM_DASH, EM_DASH, EM_DASH, EM_DASH],
        [f"      {group}", "21-1018", "Line item", 483.5, 564.6, 0.3, 0.3, 81.1, 16.8, 2.0, 48.3,
         59190.0, "Master's degree", "None", "Internship/residency", "OOH Content"],
        ["      Tiny occupation", "21-1012", "Line item", 0.4, 0.4, 0.0, 0.0, 0.0, 0.5, 1.0, 0.0,
         60000.0, "Master's degree", "None", "None", "OOH Content"],
    ]  # fmt: skip
    run("import_projections", write_projections(tmp_path / "occupation.xlsx", rows))
    for code in (SUBSTANCE, MENTAL):
        outlook = Outlook.objects.get(occupation__code=code)
        assert (outlook.soc_code, outlook.soc_title) == ("21-1018", group)
        assert outlook.change_percent == Decimal("16.8")
        assert outlook.occupation.education.typical_education == "Master's degree"
    own = Outlook.objects.get(occupation__code=SOCIAL)
    assert (own.soc_code, own.soc_title, own.annual_openings) == ("21-1012", "", 0)
    html = client.get(f"/careers/{SUBSTANCE.replace('.', '-')}/").content.decode()
    assert f"This projection is for 21-1018 &ldquo;{group}&rdquo;" in html
    small = client.get(f"/careers/{SOCIAL.replace('.', '-')}/").content.decode()
    assert "<dd>Fewer than 50</dd>" in small  # 0.0 thousand openings

    # A projection the table no longer gives goes, with its BLS entry requirements.
    run("import_projections", write_projections(tmp_path / "again.xlsx", [rows[0], rows[3]]))
    assert set(Outlook.objects.values_list("occupation__code", flat=True)) == {SOCIAL}
    education = Outlook.objects.get(occupation__code=SOCIAL).occupation.education
    assert education.typical_education == "Master's degree"
    gone = Occupation.objects.get(code=SUBSTANCE).education
    assert (gone.typical_education, gone.source) == ("", "")
