"""The "Pay over time" section, the JSON series, compare's 10-year change, the index's
"pay growth" sort and /about/data/, on our own small OEWS releases May 2012-2025."""

import json
import re

import pytest
from django.urls import reverse

from tests.importers import history_builders as hb
from tests.importers.dbstate import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def careers(tmp_path, make_occupation):
    made = {
        "rn": make_occupation("29-1141.00", "Registered Nurses", slug="registered-nurses"),
        "ipm": make_occupation(
            "11-3051.00", "Industrial Production Managers", slug="industrial-production-managers"
        ),
        "software": make_occupation(
            "15-1252.00", "Software Developers", slug="software-developers"
        ),
        "web": make_occupation("15-1254.00", "Web Developers", slug="web-developers"),
        "programmers": make_occupation(
            "15-1251.00", "Computer Programmers", slug="computer-programmers"
        ),
    }
    paths, crosswalk = hb.write_history(tmp_path)
    run("import_oews", *paths, "--crosswalk", crosswalk)
    return made


def section(client, occ) -> str:
    html = client.get(occ.get_absolute_url()).content.decode()
    found = re.search(r'<section id="pay-history".*?</section>', html, re.S)
    assert found, "no Pay over time section"
    return found.group(0)


def test_a_continuous_series_with_its_changes(client, careers):
    html = section(client, careers["rn"])
    assert "BLS OEWS May 2012 to May 2025" in html
    assert "in nominal dollars: not adjusted for inflation." in html
    # 90,000 against 74,000 (May 2020) and 66,000 (May 2015); All Occupations 50,000
    # against 41,000 and 35,500.
    assert "Over 5 years (May 2020 to May 2025): median +21.6%; all occupations +22.0%." in html
    assert "Over 10 years (May 2015 to May 2025): median +36.4%; all occupations +40.8%." in html
    rows = re.findall(r'<tr><th scope="row">(\d{4})</th><td>([^<]*)</td><td>([^<]*)</td>', html)
    assert [r[0] for r in rows] == [str(y) for y in hb.YEARS]
    assert rows[0][2] == "$64,000" and rows[-1][2] == "$90,000"
    assert html.count("<polyline") == 1 and html.count('class="chart-dot"') == 7
    assert "Figures are comparable from" not in html  # no break to explain
    assert 'role="img"' in html and "<desc" in html


def test_a_missing_and_a_top_coded_cell_break_the_line(client, careers):
    html = section(client, careers["ipm"])
    # The 2019 median is '*': two median lines either side and a gap marker.
    assert html.count("<polyline") == 2 and html.count('class="chart-gap"') == 1
    assert '<th scope="row">2019</th><td>$80,800</td><td>not published</td>' in html
    # The 2013 75th percentile is '#': shown as the top code, never drawn.
    assert "$187,200 or more (top-coded)" in html
    # The band: 2012 stands alone (no area to draw), then one polygon from 2015 to 2025.
    assert html.count("<polygon") == 1


def test_a_code_change_that_is_not_one_to_one_is_explained(client, careers):
    html = section(client, careers["software"])
    assert "BLS OEWS May 2021 to May 2025" in html
    assert (
        "Figures are comparable from May 2021. In May 2020 BLS published this occupation only within a combined code (15-1256 Software Developers and Software Quality Assurance Analysts and Testers)"
        in html
    )
    assert "Since May 2021 (May 2021 to May 2025): median +16.1%; all occupations +13.6%." in html
    assert "Over 10 years" not in html
    web = section(client, careers["web"])
    assert (
        "Figures are comparable from May 2019. In May 2015 its figures were published under 15-1134 Web Developers, a code that also covered work"
        in web
    )
    programmers = section(client, careers["programmers"])
    assert (
        "Until May 2015 BLS published this occupation as 15-1131 &ldquo;Computer Programmers&rdquo;"
        in programmers
    )


def test_the_json_has_the_series(client, careers):
    url = reverse("careers:detail_json", args=[careers["software"].slug])
    data = json.loads(client.get(url).content)["pay"]["over_time"]
    assert data["comparable_from"] == 2021 and data["dollars"] == "nominal"
    assert data["releases_imported"] == hb.YEARS
    assert [(p["year"], p["annual_median"]) for p in data["points"]] == [
        (2021, 112000),
        (2025, 130000),
    ]
    assert "15-1256" in data["not_comparable_before_because"]
    assert data["changes"] == [
        {"from": 2021, "to": 2025, "median_change": 0.1607, "all_occupations_change": 0.1364}
    ]


def test_compare_shows_the_ten_year_change(client, careers):
    codes = ",".join(careers[k].code for k in ("rn", "software"))
    html = client.get(f"{reverse('careers:compare')}?c={codes}").content.decode()
    row = re.search(r"Median pay change over 10 years</th>(.*?)</tr>", html, re.S).group(1)
    assert "<td>+36.4% (May 2015 to May 2025, nominal)</td>" in row
    assert "<td>Not available: comparable figures start in May 2021</td>" in row


def test_index_sorts_by_pay_growth(client, careers):
    html = client.get(reverse("careers:index") + "?sort=-paygrowth").content.decode()
    assert "sorted by pay growth over 10 years, fastest first" in html
    order = [t for t in re.findall(r'class="card-title" href="/careers/([a-z-]+)/"', html) if t in {
        "registered-nurses", "industrial-production-managers", "computer-programmers",
        "software-developers", "web-developers"}]  # fmt: skip
    # 10-year changes: programmers 95/72, IPM 121/92, nurses 90/66; the others have none.
    assert order[:3] == [
        "registered-nurses",
        "computer-programmers",
        "industrial-production-managers",
    ]
    assert set(order[3:5]) == {"software-developers", "web-developers"}


def test_about_data_lists_every_release(client, careers):
    html = client.get(reverse("careers:about_data")).content.decode()
    for year in hb.YEARS:
        assert f"OEWS May {year} (" in html
    assert "OEWS May 2019 (hybrid SOC 2010/2018 codes)" in html
    assert "OEWS May 2012 (SOC 2010 codes)" in html
    assert "No CPI-U file is imported, so the figures are nominal" in html
