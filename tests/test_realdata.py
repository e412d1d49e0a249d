"""The importers on the real official files in ../shared/data (skipped on a fresh machine)."""

import io
import re

import pytest
from django.core.management import call_command

from careers.models import (
    AlternateTitle,
    Occupation,
    Rating,
    RelatedOccupation,
    Task,
    TechnologySkill,
)
from salaries.models import Wage

pytestmark = pytest.mark.realdata

TABLES = [Occupation, Task, Rating, TechnologySkill, AlternateTitle, RelatedOccupation, Wage]


def counts():
    return {m.__name__: m.objects.count() for m in TABLES}


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_all_creates_every_occupation_and_is_idempotent(real_data, shared_data):
    assert Occupation.objects.count() == len(real_data) == 1016
    before = counts()
    assert before["Task"] == 18796 and before["RelatedOccupation"] == 18460
    second = run("import_all", str(shared_data))
    assert "layout 30.2 and earlier" in second
    assert "Done in" in second and ": 0 row(s) changed." in second
    table = [
        line.split()
        for line in second.splitlines()
        if re.match(r"^[a-z].*\d+\s+\d+\s+\d+\s+\d+\s+\d+$", line)
    ]
    assert table, second
    for cols in table:
        created, updated, _unchanged, _skipped, deleted = map(int, cols[-5:])
        assert (created, updated, deleted) == (0, 0, 0), cols
    assert counts() == before


def _facts(client, occ):
    html = client.get(occ.get_absolute_url()).content.decode()
    return html, re.search(r'<section class="facts".*?</section>', html, re.S).group(0)


@pytest.mark.django_db
def test_wage_releases_on_the_ipm_page(client, real_data):
    ipm = Occupation.objects.get(code="11-3051.00")
    html, facts = _facts(client, ipm)
    # May 2025 (oews-history/) is the release shown; May 2024 is "the previous release".
    assert "$126,060" in facts and "$121,440" not in facts
    pay = re.search(r'<section id="pay".*?</section>', html, re.S).group(0)
    assert ">$126,060</text>" in pay  # the mid-career bar
    assert '<th scope="row">Median</th><td>$126,060</td>' in pay
    assert "OEWS May 2025" in html
    assert "previous release, May 2024, had a median of $121,440" in html
    # Wage rows for the SOC 2018 releases (May 2021 on); the older ones are pay history.
    assert sorted(Wage.objects.filter(occupation=ipm).values_list("release_year", flat=True)) == [
        2021,
        2022,
        2023,
        2024,
        2025,
    ]


@pytest.mark.django_db
def test_onet_30_3_layout_is_detected(real_data, shared_data):
    out = run("import_onet", str(shared_data / "onet-30.3"))
    assert "O*NET 30.3, layout 30.3 and later" in out
    assert Occupation.objects.count() == 1016
    assert Occupation.objects.get(code="15-1211.00").job_zone == 4
    assert TechnologySkill.objects.filter(category_code__startswith="2.E").exists()
    assert Rating.objects.filter(descriptor__domain="skill").count() > 30000


@pytest.mark.django_db
def test_real_file_with_a_broken_row_changes_nothing(real_data, shared_data, tmp_path):
    before = counts()
    broken = tmp_path / "onet"
    broken.mkdir()
    for name in ("Occupation Data.txt", "Read Me.txt"):
        (broken / name).write_bytes((shared_data / "onet" / name).read_bytes())
    lines = (shared_data / "onet" / "Task Statements.txt").read_bytes().split(b"\r\n")
    lines[500] = lines[500].replace(b"\t", b" ", 1)  # one column short on line 501
    (broken / "Task Statements.txt").write_bytes(b"\r\n".join(lines))
    from django.core.management.base import CommandError

    with pytest.raises(
        CommandError,
        match=r"Task Statements.txt, line 501: expected 7 tab-separated columns, found 6",
    ):
        run("import_onet", str(broken))
    assert counts() == before
