"""National OEWS releases May 2012 on, in every BLS layout, filed as one series per SOC 2018 code."""

import zipfile

import pytest
from django.core.management.base import CommandError

from careers.models import DataSource
from salaries.models import PayTrend, WageHistory
from salaries.series import COLUMNS, build_series

from . import history_builders as hb
from .dbstate import parse_summary, run, table_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(tmp_path, onet_loaded, make_occupation):
    make_occupation("15-1252.00", "Software Developers")
    make_occupation("15-1254.00", "Web Developers")
    make_occupation("51-2028.00", "Electrical, Electronic, and Electromechanical Assemblers")
    return hb.write_history(tmp_path)


def series(soc):
    rows = WageHistory.objects.filter(soc_2018__in=[soc, "00-0000"]).values_list(*COLUMNS[:-1])
    return build_series(soc, [(*r, None) for r in rows])


def medians(s):
    return [(p.year, p.soc_code, p.median) for p in s.points]


def test_every_layout_and_the_zips_import(history):
    paths, crosswalk = history
    assert zipfile.is_zipfile(paths[0]) and paths[1].suffix == ".xls"
    out = run("import_oews", *paths, "--crosswalk", crosswalk)

    assert (
        "national_M2012_dl.xls: 8 rows, May 2012 (SOC 2010), 1 area(s); top code $187,200/$90.00"
        in out
    )
    assert "national_M2013_dl.xls: 8 rows, May 2013 (SOC 2010)" in out
    assert "national_M2015_dl.xlsx: 8 rows, May 2015 (SOC 2010)" in out
    assert (
        "national_M2019_dl.xlsx: 8 rows, May 2019 (hybrid SOC 2010/2018), 1 area(s); top code $208,000/$100.00"
        in out
    )
    assert "national_M2020_dl.xlsx: 8 rows, May 2020 (hybrid SOC 2010/2018)" in out
    assert "national_M2025_dl.xlsx: 8 rows, May 2025, 1 area(s); top code $239,200/$115.00" in out
    # All Occupations, every release as published.
    assert (
        dict(
            WageHistory.objects.filter(soc_2018="00-0000").values_list(
                "release_year", "annual_median"
            )
        )
        == hb.ALL
    )
    # Wage rows (what the page shows as current) only from the SOC 2018 releases.
    from salaries.models import Wage

    assert set(Wage.objects.values_list("release_year", flat=True)) == {2021, 2025}
    assert DataSource.objects.get(key="oews").release == "May 2025"


def test_series_continue_only_across_one_to_one_changes(history):
    paths, crosswalk = history
    run("import_oews", *paths, "--crosswalk", crosswalk)

    nurses = series("29-1141")
    assert nurses.comparable_from == 2012 and nurses.break_reason == ""
    assert [p.median for p in nurses.points] == [hb.RN[y] for y in hb.YEARS]

    # 15-1131 became 15-1251 one-to-one: one series, the renamed years say so.
    programmers = series("15-1251")
    assert programmers.comparable_from == 2012
    assert [p.soc_code for p in programmers.renamed] == ["15-1131"] * 3
    assert [p.median for p in programmers.points] == [hb.PROGRAMMERS[y] for y in hb.YEARS]

    # Split: 15-1134 covered both 15-1254 and 15-1255, so neither inherits its figures.
    web = series("15-1254")
    assert web.comparable_from == 2019 and web.break_year == 2015
    assert "15-1134 Web Developers, a code that also covered work" in web.break_reason
    assert [p.year for p in web.points] == [2019, 2020, 2021, 2025]

    # Merged: 51-2022 and 51-2023 became 51-2028.
    assemblers = series("51-2028")
    assert assemblers.comparable_from == 2019 and assemblers.break_year == 2015
    assert "published under 2 separate codes" in assemblers.break_reason
    assert "51-2022" in assemblers.break_reason and "51-2023" in assemblers.break_reason

    # One-to-one before 2019, but only inside the 15-1256 aggregate in 2019-2020.
    software = series("15-1252")
    assert medians(software) == [(2021, "15-1252", 112000), (2025, "15-1252", 130000)]
    assert software.break_year == 2020
    assert "only within a combined code (15-1256 Software Developers and Software Quality" in (
        software.break_reason
    )
    links = set(WageHistory.objects.filter(soc_2018="15-1252").values_list("release_year", "link"))
    assert (2015, "renamed") in links and (2019, "combined") in links


def test_top_coded_and_missing_cells_stay_gaps(history):
    paths, crosswalk = history
    run("import_oews", *paths, "--crosswalk", crosswalk)
    ipm = series("11-3051")
    assert ipm.comparable_from == 2012  # a gap in a cell is not a break in the series
    by_year = {p.year: p for p in ipm.points}
    assert by_year[2013].p75 == 187200 and by_year[2013].is_top("p75")
    assert by_year[2013].shown_p75 is None and by_year[2013].shown_median == 90000
    assert by_year[2019].median is None and by_year[2019].shown_median is None


def test_changes_beside_all_occupations(history):
    paths, crosswalk = history
    run("import_oews", *paths, "--crosswalk", crosswalk)
    rn = series("29-1141")
    five, ten = rn.change(5), rn.change(10)
    assert (five.start, five.end, ten.start) == (2020, 2025, 2015)
    assert five.pct == pytest.approx(90000 / 74000 - 1)
    assert five.all_pct == pytest.approx(50000 / 41000 - 1)
    assert ten.pct == pytest.approx(90000 / 66000 - 1)
    # A series that starts in 2021 reports its change since then, once.
    software = series("15-1252")
    assert [(c.start, c.since_start) for c in software.changes] == [(2021, True)]
    assert software.change(10) is None
    trend = PayTrend.objects.get(soc_code="29-1141")
    assert trend.change_10y == pytest.approx(90000 / 66000 - 1)
    assert PayTrend.objects.get(soc_code="15-1252").change_10y is None


def test_rerun_is_a_no_op(history):
    paths, crosswalk = history
    run("import_oews", *paths, "--crosswalk", crosswalk)
    before = table_counts()
    out = run("import_oews", *reversed(paths), "--crosswalk", crosswalk)
    assert ": 0 row(s) changed." in out
    assert all(c[0] == c[1] == c[4] == 0 for c in parse_summary(out).values())
    assert table_counts() == before


def test_old_releases_need_the_crosswalk(history):
    paths, _ = history
    before = table_counts()
    with pytest.raises(
        CommandError,
        match=r"national_M2012_dl.xls: May 2012 uses SOC 2010 codes: pass the BLS crosswalk",
    ):
        run("import_oews", paths[0])
    assert table_counts() == before


def test_a_malformed_release_names_file_and_line_and_changes_nothing(history, tmp_path):
    paths, crosswalk = history
    rows = hb.release_rows(2019)
    code, title, group, emp, hourly, annual = rows[2]
    rows[2] = (code, title, group, emp, hourly, [*annual[:3], "n/a", *annual[4:]])
    bad = hb.write_zip(tmp_path / "bad", 2019, rows)
    before = table_counts()
    with pytest.raises(CommandError) as exc:
        run("import_oews", paths[0], paths[1], bad, "--crosswalk", crosswalk)
    assert (
        "oesm19nat.zip/oesm19nat/national_M2019_dl.xlsx, line 4: column a_median is not a wage: 'n/a'"
        in str(exc.value)
    )
    assert "Nothing was changed." in str(exc.value)
    assert table_counts() == before


def test_import_all_reads_both_folders_and_the_cpi(tmp_path):
    from salaries.models import PriceIndex, Wage

    from .builders import CROSSWALK as AIOE_CROSSWALK
    from .builders import write_crosswalk, write_data_folder
    from .test_cpi import time_series_file

    root = write_data_folder(tmp_path / "data")
    hb.write_zip(root / "oews-history", 2012)  # as BLS serves it
    hb.write_zip(root / "oews-history", 2019)
    hb.write_extracted(root / "oews-history", 2025)  # extracted, beside nothing else
    write_crosswalk(
        root / "crosswalk" / "soc_2010_to_2018_crosswalk.xlsx",
        sorted(set(AIOE_CROSSWALK) | set(hb.CROSSWALK)),
    )
    (root / "cpi").mkdir()
    time_series_file(root / "cpi" / "cu.data.1.AllItems")

    out = run("import_all", root)
    assert "[2/4] OEWS: 5 file(s)" in out
    assert sorted(set(WageHistory.objects.values_list("release_year", flat=True))) == [
        2012, 2019, 2023, 2024, 2025
    ]  # fmt: skip
    # The newest release is the one shown; May 2024 is the one before it.
    assert DataSource.objects.get(key="oews").release == "May 2025"
    assert sorted(set(Wage.objects.values_list("release_year", flat=True))) == [2023, 2024, 2025]
    assert PriceIndex.objects.count() == len(hb.YEARS)
    assert DataSource.objects.get(key="cpi").release == "CUUR0000SA0, annual averages to 2025"
    before = table_counts()
    assert ": 0 row(s) changed." in run("import_all", root)
    assert table_counts() == before
