"""Pay over time on the real BLS files of ../shared/data (skipped on a fresh machine)."""

import re

import pytest

from careers.models import DataSource, Occupation
from salaries.models import WageHistory
from salaries.series import COLUMNS, build_series

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

# The All Occupations (00-0000) national median annual wage as BLS published it.
PUBLISHED = {
    2012: 34750, 2013: 35080, 2014: 35540, 2015: 36200, 2016: 37040, 2017: 37690,
    2018: 38640, 2019: 39810, 2020: 41950, 2021: 45760, 2022: 46310, 2023: 48060,
    2024: 49500, 2025: 50980,
}  # fmt: skip


def series(soc):
    rows = WageHistory.objects.filter(soc_2018__in=[soc, "00-0000"]).values_list(*COLUMNS[:-1])
    return build_series(soc, [(*r, None) for r in rows])


def test_all_occupations_median_by_year_equals_the_published_figures(real_data):
    got = dict(
        WageHistory.objects.filter(soc_2018="00-0000", link="same").values_list(
            "release_year", "annual_median"
        )
    )
    assert got == PUBLISHED
    assert DataSource.objects.get(key="oews").release == "May 2025"


def test_software_developers_start_again_after_the_2019_2021_code_change(real_data):
    s = series("15-1252")
    assert s.comparable_from == 2021 and s.break_year == 2020
    assert [(p.year, p.soc_code, p.median) for p in s.points] == [
        (2021, "15-1252", 120730),
        (2022, "15-1252", 127260),
        (2023, "15-1252", 132270),
        (2024, "15-1252", 133080),
        (2025, "15-1252", 135980),
    ]
    assert "15-1256 Software Developers and Software Quality Assurance Analysts and Testers" in (
        s.break_reason
    )
    # SOC 2010 had applications and systems software developers; both split into 2018 codes.
    old = set(
        WageHistory.objects.filter(soc_2018="15-1252", release_year=2018).values_list(
            "soc_code", "link"
        )
    )
    assert old == {("15-1132", "split"), ("15-1133", "split")}
    assert [(c.start, c.since_start) for c in s.changes] == [(2021, True)]


def test_a_career_kept_through_every_release(real_data):
    nurses = series("29-1141")
    assert nurses.comparable_from == 2012 and len(nurses.points) == 14


def test_real_page_shows_the_section_in_constant_queries(
    client, real_data, django_assert_num_queries
):
    occ = Occupation.objects.get(code="15-1252.00")
    with django_assert_num_queries(13):
        html = client.get(occ.get_absolute_url()).content.decode()
    section = re.search(r'<section id="pay-history".*?</section>', html, re.S).group(0)
    assert (
        "Figures are comparable from May 2021. In May 2020 BLS published this occupation only within a combined code"
        in section
    )
    assert "in nominal dollars: not adjusted for inflation." in section
    nurses = Occupation.objects.get(code="29-1141.00")
    html = client.get(nurses.get_absolute_url()).content.decode()
    assert "BLS OEWS May 2012 to May 2025" in html
    assert "Over 10 years (May 2015 to May 2025)" in html
