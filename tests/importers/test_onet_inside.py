"""What "Inside this career" needs from O*NET: Job Zone Reference, the education,
experience and training distributions, definitions and the Holland code, in both layouts."""

import pytest
from django.core.management.base import CommandError

from careers.models import Descriptor, Education, JobZone, Occupation

from .builders import (
    DEFINITIONS,
    EDUCATION_RL,
    EXPECTED_HOLLAND,
    IPM,
    JOB_ZONE_REFERENCE,
    OJ_CATEGORIES,
    QCM,
    RL_CATEGORIES,
    RN,
    RW,
    RW_CATEGORIES,
    edit_line,
    line_number,
    write_onet,
)
from .dbstate import changed_rows, onet_snapshot, run, table_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["30.2", "30.3"])
def imported(request, tmp_path):
    folder = write_onet(tmp_path / f"db_{request.param}", request.param)
    run("import_onet", folder)
    return folder


def test_job_zone_reference_is_kept_as_published(imported):
    got = list(
        JobZone.objects.order_by("zone").values_list(
            "zone", "name", "experience", "education", "job_training", "examples", "svp_range"
        )
    )
    assert got == [(int(r[0]), *r[1:]) for r in JOB_ZONE_REFERENCE]


def test_holland_code_comes_from_the_high_points(imported):
    codes = dict(Occupation.objects.values_list("code", "interest_code"))
    assert codes == EXPECTED_HOLLAND


def test_definitions_come_from_content_model_reference(imported):
    got = dict(
        Descriptor.objects.filter(element_id__in=DEFINITIONS).values_list(
            "element_id", "description"
        )
    )
    assert got == DEFINITIONS
    assert set(
        Descriptor.objects.exclude(element_id__in=DEFINITIONS).values_list("description", flat=True)
    ) == {""}


def test_distributions_keep_every_category_in_order_with_the_survey(imported):
    dists = dict(Education.objects.values_list("occupation__code", "distributions"))
    assert set(dists) == {IPM, QCM, RN}
    for code in (IPM, QCM, RN):
        rl = dists[code]["required_education"]
        assert [c["category"] for c in rl["categories"]] == list(range(1, 13))
        assert [c["label"] for c in rl["categories"]] == RL_CATEGORIES
        assert {c["category"]: c["percent"] for c in rl["categories"] if c["percent"]} == (
            EDUCATION_RL[code]
        )
        assert (rl["element_id"], rl["scale"], rl["n"], rl["date"], rl["domain_source"]) == (
            "2.D.1",
            "RL",
            33,
            "08/2021",
            "Incumbent",
        )
        rw = dists[code]["related_experience"]
        assert [c["label"] for c in rw["categories"]] == RW_CATEGORIES
        assert {c["category"]: c["percent"] for c in rw["categories"] if c["percent"]} == RW[code]
        oj = dists[code]["on_the_job_training"]
        assert [(c["category"], c["label"], c["percent"]) for c in oj["categories"]] == [
            (3, OJ_CATEGORIES[2], 36.81)
        ]


def test_a_second_run_changes_nothing(imported):
    before = onet_snapshot()
    assert changed_rows(run("import_onet", imported)) == 0
    assert onet_snapshot() == before


def test_a_suppressed_estimate_is_flagged(tmp_path):
    folder = write_onet(tmp_path / "db", "30.2")
    path = folder / "Education, Training, and Experience.txt"
    n = line_number(path, RN, "3.A.1", "Related Work Experience", "RW", "5")
    edit_line(path, n, lambda f: [*f[:10], "Y", *f[11:]])
    run("import_onet", folder)
    rw = Education.objects.get(occupation__code=RN).distributions["related_experience"]
    assert [c["category"] for c in rw["categories"] if c["suppress"]] == [5]


def _high_point_seven(folder):
    path = folder / "Interests.txt"
    n = line_number(path, QCM, "1.B.1.h")
    edit_line(path, n, lambda f: [*f[:4], "7.00", *f[5:]])
    return path, n, "interest high point 7 is not a whole number from 0 to 6"


def _share_over_100(folder):
    path = folder / "Education, Training, and Experience.txt"
    n = line_number(path, IPM, "2.D.1", "Required Level of Education", "RL", "6")
    edit_line(path, n, lambda f: [*f[:5], "154.37", *f[6:]])
    return path, n, "Data Value 154.37 is not a percentage (0 to 100)"


def _zone_reference_six(folder):
    path = folder / "Job Zone Reference.txt"
    n = line_number(path, "5")
    edit_line(path, n, lambda f: ["6", *f[1:]])
    return path, n, "job zone '6' is not a whole number from 1 to 5"


@pytest.mark.parametrize("breakage", [_high_point_seven, _share_over_100, _zone_reference_six])
def test_bad_values_name_the_file_and_line_and_change_nothing(tmp_path, breakage):
    run("import_onet", write_onet(tmp_path / "good", "30.2"))
    counts, snapshot = table_counts(), onet_snapshot()
    folder = write_onet(tmp_path / "bad", "30.2")
    path, line, problem = breakage(folder)
    with pytest.raises(CommandError) as exc:
        run("import_onet", folder)
    assert f"{path.name}, line {line}: {problem}" in str(exc.value)
    assert "Nothing was changed." in str(exc.value)
    assert table_counts() == counts and onet_snapshot() == snapshot
