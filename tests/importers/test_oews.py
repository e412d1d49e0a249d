"""import_oews on national, state and metropolitan workbooks in the official BLS layout."""

import re
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from careers.models import DataSource, Occupation
from salaries.models import Area, Wage

from .builders import (
    CLEVELAND,
    IPM,
    NE_OHIO_SLUG,
    OHIO,
    QCM,
    RN,
    US,
    metro_rows,
    national_rows,
    nonmetro_rows,
    oews_row,
    state_rows,
    territory_rows,
    write_oews,
)
from .dbstate import parse_summary, run, table_counts

pytestmark = pytest.mark.django_db

TEACHER, ASSEMBLER = "25-2021.00", "51-2092.00"
HOURLY = ["hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90"]
ANNUAL = ["annual_mean", "annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90"]


@pytest.fixture
def occupations(onet_loaded, make_occupation):
    """The tiny O*NET set plus a teacher (annual-only pay) and an O*NET code OEWS has no
    detailed row for (its broad group 51-2090 is published instead)."""
    make_occupation(TEACHER, "Elementary School Teachers, Except Special Education")
    make_occupation(ASSEMBLER, "Team Assemblers")


def wage(code, kind=Area.NATIONAL, year=2024, area_code=None):
    where = {"area__code": area_code} if area_code else {}
    return Wage.objects.select_related("area").get(
        occupation__code=code, area__kind=kind, release_year=year, **where
    )


def values(w, fields):
    return [getattr(w, f) for f in fields]


def test_national_state_and_metro_workbooks(tmp_path, occupations):
    national = write_oews(tmp_path / "national_M2024_dl.xlsx", national_rows(2024))
    state = write_oews(tmp_path / "state_M2024_dl.xlsx", state_rows())
    metro = write_oews(tmp_path / "MSA_M2024_dl.xlsx", metro_rows())

    out = run("import_oews", national, state, metro)

    assert "national_M2024_dl.xlsx: 9 rows, May 2024, 1 area(s); top code $239,200/$115.00" in out
    # 53-7062; the detailed 51-2090 row is the group that covers 51-2092 (no row of its own).
    assert "1 SOC row(s) matched no O*NET occupation" in out
    areas = set(Area.objects.values_list("kind", "code", "name", "state", "slug"))
    assert areas == {
        ("national", "99", "United States", "", "us"),
        ("state", "39", "Ohio", "OH", "oh"),
        # A metro keeps its primary state (PRIM_STATE), so it can link to the state's page.
        ("metro", "17460", "Cleveland-Elyria, OH", "OH", "cleveland-elyria-oh-metro"),
    }
    # national: IPM, QCM, RN, teacher, assembler; state and metro: IPM, QCM, RN
    assert Wage.objects.count() == 11
    assert parse_summary(out)["wage (May 2024)"][0] == 11

    # The 6-digit SOC row goes to every O*NET code under it.
    ipm, qcm = wage(IPM), wage(QCM)
    assert (ipm.soc_code, ipm.soc_title) == ("11-3051", "Industrial Production Managers")
    assert (ipm.is_broader, qcm.is_broader) == (False, True)
    assert wage(RN).is_broader is False  # the only O*NET code under 29-1141
    for w in (ipm, qcm):
        assert w.employment == 236050  # the detailed row, not the broad 11-3050 one
        assert values(w, ANNUAL) == [131080, 75920, 95890, 123150, 158910, 239200]
        assert values(w, HOURLY) == [
            Decimal("63.02"),
            Decimal("36.50"),
            Decimal("46.10"),
            Decimal("59.21"),
            Decimal("76.40"),
            Decimal("115.00"),
        ]
        # '#': at or above the top code; the top code is stored and the field named.
        assert sorted(w.top_coded) == ["annual_p90", "hourly_p90"]
        assert w.annual_only is False
    assert wage(RN).top_coded == []
    assert wage(RN).annual_p90 == 139210

    # ANNUAL=TRUE: annual wages only, hourly left empty.
    teacher = wage(TEACHER)
    assert teacher.annual_only is True
    assert values(teacher, HOURLY) == [None] * 6
    assert teacher.annual_median == 62340

    # No detailed row for 51-2092: the broad group's figures, flagged as broader.
    assembler = wage(ASSEMBLER)
    assert (assembler.soc_code, assembler.is_broader, assembler.annual_median) == (
        "51-2090",
        True,
        41500,
    )

    ohio = wage(RN, Area.STATE)
    assert (ohio.area.code, ohio.annual_median, ohio.employment) == ("39", 82990, 132480)
    # '**' employment, '*' wage and a blank cell are all "not published".
    cleveland = wage(IPM, Area.METRO)
    assert cleveland.area.name == "Cleveland-Elyria, OH"
    assert cleveland.employment is None
    assert cleveland.annual_mean is None
    assert cleveland.hourly_mean is None
    assert (cleveland.annual_p10, cleveland.annual_median) == (75300, 119180)
    assert cleveland.top_coded == []
    assert wage(QCM, Area.METRO).is_broader is True

    assert DataSource.objects.get(key="oews").release == "May 2024"


def test_two_releases_are_kept_and_the_page_shows_the_newer(tmp_path, occupations, client):
    newer = write_oews(tmp_path / "national_M2024_dl.xlsx", national_rows(2024))
    older = write_oews(tmp_path / "national_M2023_dl.xlsx", national_rows(2023))
    run("import_oews", newer)
    run("import_oews", older)  # imported last, still the previous release

    assert set(Wage.objects.values_list("release_year", flat=True)) == {2023, 2024}
    assert Wage.objects.filter(occupation__code=IPM).count() == 2
    assert wage(IPM, year=2023).annual_median == 117630
    assert DataSource.objects.get(key="oews").release == "May 2024"

    page = client.get(Occupation.objects.get(code=IPM).get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "$123,150" in html  # the May 2024 median
    assert "May 2024" in html
    # The previous release is mentioned, after the current figures.
    assert "May 2023" in html
    assert "$117,630" in html
    assert html.index("$123,150") < html.index("$117,630")
    assert "$239,200 or more" in html  # the top-coded 90th percentile

    broader = client.get(Occupation.objects.get(code=QCM).get_absolute_url()).content.decode()
    assert "broader" in broader
    assert "11-3051" in broader
    assert "broader" not in html


def test_second_run_changes_nothing(tmp_path, occupations):
    files = [
        write_oews(tmp_path / "national_M2024_dl.xlsx", national_rows(2024)),
        write_oews(tmp_path / "state_M2024_dl.xlsx", state_rows()),
    ]
    run("import_oews", *files)
    counts = table_counts()
    out = run("import_oews", *files)
    assert ": 0 row(s) changed." in out
    assert parse_summary(out)["wage (May 2024)"][:3] == (0, 0, 8)
    assert table_counts() == counts


def test_non_numeric_wage_names_file_and_line_and_changes_nothing(tmp_path, occupations):
    run("import_oews", write_oews(tmp_path / "national_M2023_dl.xlsx", national_rows(2023)))
    counts = table_counts()
    rows = national_rows(2024)
    index = next(i for i, r in enumerate(rows) if r[8] == "29-1141")
    rows[index][27] = "about 92k"  # A_MEDIAN
    state = write_oews(tmp_path / "state_M2024_dl.xlsx", state_rows())  # good, read first
    broken = write_oews(tmp_path / "national_M2024_dl.xlsx", rows)

    with pytest.raises(CommandError) as exc:
        run("import_oews", state, broken)

    line = index + 2  # header on line 1
    assert f"{broken}, line {line}: column A_MEDIAN is not a wage: 'about 92k'" in str(exc.value)
    assert "Nothing was changed." in str(exc.value)
    assert table_counts() == counts
    assert not Wage.objects.filter(release_year=2024).exists()
    assert not Area.objects.filter(kind=Area.STATE).exists()


def test_release_year_comes_from_the_file_name_or_the_year_option(tmp_path, occupations):
    nameless = write_oews(tmp_path / "national_dl.xlsx", national_rows(2024))
    with pytest.raises(CommandError, match="cannot tell the release year from the file name"):
        run("import_oews", nameless)
    assert not Wage.objects.exists()

    out = run("import_oews", nameless, year=2022)
    assert "May 2022" in out
    assert set(Wage.objects.values_list("release_year", flat=True)) == {2022}

    run("import_oews", write_oews(tmp_path / "national_M2023_dl.xlsx", national_rows(2023)))
    assert set(Wage.objects.values_list("release_year", flat=True)) == {2022, 2023}


def test_top_code_is_read_from_the_files_field_descriptions(tmp_path, occupations):
    """A release with no built-in top code (May 2026 here): the file's own definition."""
    row = oews_row(US, "11-3051", "Industrial Production Managers", "detailed", 180000,
                   (52.10, 30.00, 38.00, 49.00, 64.00, "#"),
                   (108370, 62400, 79040, 101920, 133120, "#"))  # fmt: skip
    path = write_oews(
        tmp_path / "national_M2026_dl.xlsx",
        [row],
        top_line="#  = indicates a wage equal to or greater than $125.00 per hour or $260,000 per year",
    )
    run("import_oews", path)
    w = wage(IPM, year=2026)
    assert (w.annual_p90, w.hourly_p90) == (260000, Decimal("125.00"))
    assert sorted(w.top_coded) == ["annual_p90", "hourly_p90"]


def test_decreasing_hourly_percentiles_are_reported_as_an_input_error(tmp_path, occupations):
    """Like decreasing annual percentiles, a file whose hourly percentiles decrease must
    fail with the file and line named, not with a database IntegrityError."""
    row = oews_row(OHIO, "29-1141", "Registered Nurses", "detailed", 132480,
                   (41.08, 34.10, 29.80, 39.90, 46.30, 54.70),  # p10 > p25
                   (85450, 61980, 70930, 82990, 96300, 113780))  # fmt: skip
    path = write_oews(tmp_path / "state_M2024_dl.xlsx", [row])
    with pytest.raises(CommandError) as exc:
        run("import_oews", path)
    assert f"{path}, line 2:" in str(exc.value)
    assert not Wage.objects.exists()


def test_decreasing_annual_percentiles_are_an_input_error(tmp_path, occupations):
    row = oews_row(CLEVELAND, "29-1141", "Registered Nurses", "detailed", 27590,
                   (42.15, 30.40, 35.20, 41.10, 47.60, 55.90),
                   (87670, 73220, 63230, 85490, 99010, 116270))  # fmt: skip
    path = write_oews(tmp_path / "MSA_M2024_dl.xlsx", [row])
    with pytest.raises(CommandError, match=r"line 2: annual percentiles decrease"):
        run("import_oews", path)
    assert not Wage.objects.exists()


def test_oews_needs_occupations_first(tmp_path, db):
    path = write_oews(tmp_path / "national_M2024_dl.xlsx", national_rows(2024))
    with pytest.raises(CommandError, match="no occupations in the database; import O\\*NET first"):
        run("import_oews", path)


def test_all_data_workbook_same_layout(tmp_path, occupations):
    """all_data_M_2024.xlsx (national, state and metro rows in one sheet) reads the same."""
    rows = national_rows(2024) + state_rows() + metro_rows()
    path = write_oews(tmp_path / "all_data_M_2024.xlsx", rows, sheet="All May 2024 data")
    out = run("import_oews", path)
    assert "all_data_M_2024.xlsx: 13 rows, May 2024, 3 area(s)" in out
    assert Wage.objects.count() == 11
    assert wage(IPM, Area.METRO).annual_median == 119180
    assert DataSource.objects.get(key="oews").release == "May 2024"


def import_local(tmp_path):
    """National, state (with a territory) and metropolitan (with a nonmetro area) files."""
    return run(
        "import_oews",
        write_oews(tmp_path / "national_M2024_dl.xlsx", national_rows(2024)),
        write_oews(tmp_path / "state_M2024_dl.xlsx", state_rows() + territory_rows()),
        write_oews(tmp_path / "MSA_M2024_dl.xlsx", metro_rows() + nonmetro_rows()),
    )


def test_territory_and_nonmetro_rows_land_on_their_areas(tmp_path, occupations):
    out = import_local(tmp_path)
    assert "state_M2024_dl.xlsx: 4 rows, May 2024, 2 area(s)" in out
    assert "MSA_M2024_dl.xlsx: 3 rows, May 2024, 2 area(s)" in out
    areas = {
        a[:2]: a[2:] for a in Area.objects.values_list("kind", "code", "name", "state", "slug")
    }
    assert areas == {
        ("national", "99"): ("United States", "", "us"),
        ("state", "39"): ("Ohio", "OH", "oh"),
        ("state", "72"): ("Puerto Rico", "PR", "pr"),  # AREA_TYPE 3, shown with the states
        ("metro", "17460"): ("Cleveland-Elyria, OH", "OH", "cleveland-elyria-oh-metro"),
        ("nonmetro", "3900003"): ("Northeast Ohio nonmetropolitan area", "OH", NE_OHIO_SLUG),
    }
    ipm = wage(IPM, Area.STATE, area_code="72")
    assert (ipm.annual_median, ipm.annual_p90, ipm.hourly_p90) == (93390, 239200, Decimal("115.00"))
    assert sorted(ipm.top_coded) == ["annual_p90", "hourly_p90"]  # '#'
    assert wage(QCM, Area.STATE, area_code="72").is_broader is True
    rn = wage(RN, Area.STATE, area_code="72")
    assert (rn.employment, rn.annual_mean, rn.hourly_mean) == (None, None, None)  # '**', '*'
    assert (rn.annual_p10, rn.annual_median, rn.hourly_median) == (33490, 39310, Decimal("18.90"))
    assert wage(RN, Area.NONMETRO).annual_median == 76540
    assert wage(RN, Area.STATE, area_code="39").annual_median == 82990


def _section(html, id_):
    return re.search(rf'<section id="{id_}".*?</section>', html, re.S).group(0)


def test_imported_local_figures_reach_the_career_page(tmp_path, occupations, client):
    import_local(tmp_path)
    nurse = Occupation.objects.get(code=RN)
    html = _section(client.get(nurse.get_absolute_url()).content.decode(), "local-pay")
    rows = re.findall(r'<tr><th scope="row"><a [^>]+>([^<]+)</a></th>(.*?)</tr>', html)
    cells = {name: re.findall(r"<td[^>]*>(.*?)</td>", rest) for name, rest in rows}
    assert cells == {
        "Ohio": ["132,480", "$82,990", "$61,980", "$113,780", "May 2024"],
        "Puerto Rico": ["not published", "$39,310", "$33,490", "$51,580", "May 2024"],
    }
    assert "<title>Ohio: $82,990 (May 2024)</title>" in html
    assert "<title>Puerto Rico: $39,310 (May 2024)</title>" in html
    assert "<title>Texas: no data</title>" in html
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S))
    assert (
        '<option value="cleveland-elyria-oh-metro">Cleveland-Elyria, OH</option>'
        in (groups["Metropolitan areas"])
    )
    assert f'<option value="{NE_OHIO_SLUG}">' in groups["Nonmetropolitan areas"]
    assert '<option value="pr">Puerto Rico</option>' in groups["States and territories"]

    manager = Occupation.objects.get(code=IPM)
    top = client.get(manager.get_absolute_url()).content.decode()
    assert "<title>Puerto Rico: $93,390 (May 2024)</title>" in top
    assert "$239,200 or more" in _section(top, "local-pay")  # Puerto Rico's '#' 90th percentile

    metro = client.get(f"{nurse.get_absolute_url()}pay/?area=cleveland-elyria-oh-metro")
    text = metro.content.decode()
    assert metro.status_code == 200
    assert "$85,490" in text and "$92,580" in text and "27,590" in text
    assert 'href="/pay/oh/"' in text


def test_imported_state_ranks_on_the_state_page(tmp_path, occupations, client):
    import_local(tmp_path)
    html = client.get("/pay/oh/").content.decode()

    def ranking(heading):
        part = html.split(f'id="{heading}"', 1)[1].split("</table>", 1)[0]
        return re.findall(r'<tr><td>(\d+)</td><th scope="row"><a [^>]+>([^<]+)</a>', part)

    managers, nurses = "Industrial Production Managers", "Registered Nurses"
    # Quality Control Systems Managers share the managers' SOC row: listed once.
    assert ranking("best-paid-h") == [("1", managers), ("2", nurses)]
    assert ranking("most-jobs-h") == [("1", nurses), ("2", managers)]
    assert "$116,690" in html and "132,480" in html
    assert "May 2024" in html

    pr = client.get("/pay/pr/").content.decode()
    assert "Careers and pay in Puerto Rico" in pr
    jobs = pr.split('id="most-jobs-h"', 1)[1].split("</table>", 1)[0]
    assert managers in jobs and nurses not in jobs  # '**' employment is not ranked
