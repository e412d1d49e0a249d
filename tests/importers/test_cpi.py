"""import_cpi on CPI-U files of our own in BLS's two layouts, and the adjusted series."""

import pytest
from django.core.management.base import CommandError

from salaries.models import PayTrend, PriceIndex, WageHistory
from salaries.series import COLUMNS, build_series

from . import history_builders as hb
from .builders import write_xlsx
from .dbstate import run, table_counts

pytestmark = pytest.mark.django_db

# Our own index values (not BLS's), one per test release year.
INDEX = {2012: "200.000", 2013: "204.000", 2015: "208.000", 2019: "220.000", 2020: "222.000",
         2021: "232.000", 2025: "275.000"}  # fmt: skip


def time_series_file(path, index=INDEX, extra=()):
    """BLS's time.series/cu layout: padded, tab-delimited; M13 is the annual average."""
    lines = ["series_id                     \tyear\tperiod\t       value\tfootnote_codes"]
    for year, value in index.items():
        lines.append(f"CUUR0000SA0                   \t{year}\tM01\t{float(value) - 1:>12.3f}\t")
        lines.append(f"CUUR0000SA0                   \t{year}\tM13\t{value:>12}\t")
        lines.append(f"CUUR0100SA0                   \t{year}\tM13\t{'999.000':>12}\t")
    lines.extend(extra)
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def series_report(path, index=INDEX):
    """The one-series report workbook: a title block, then Year, Jan..Dec, Annual, HALF1, HALF2."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [
        ["CPI for All Urban Consumers (CPI-U)"],
        ["Original Data Value"],
        [],
        ["Series Id:", "CUUR0000SA0"],
        ["Not Seasonally Adjusted"],
        [
            "Series Title:",
            "All items in U.S. city average, all urban consumers, not seasonally adjusted",
        ],
        [],
        ["Year", *months, "Annual", "HALF1", "HALF2"],
        *[[int(y), *[float(v)] * 12, float(v), float(v), float(v)] for y, v in index.items()],
        [2026, 280.1, 281.0, *[""] * 13],  # a year without an annual average yet
    ]
    return write_xlsx(path, [("BLS Data Series", rows)])


@pytest.fixture
def history(tmp_path, onet_loaded):
    paths, crosswalk = hb.write_history(tmp_path / "oews")
    run("import_oews", *paths, "--crosswalk", crosswalk)


def series(soc):
    rows = WageHistory.objects.filter(soc_2018__in=[soc, "00-0000"]).values_list(*COLUMNS[:-1])
    cpi = dict(PriceIndex.objects.values_list("year", "value"))
    return build_series(soc, [(*r, cpi.get(r[1])) for r in rows])


@pytest.mark.parametrize("layout", ["text", "xlsx"])
def test_cpi_in_either_layout_adjusts_the_series(tmp_path, history, layout):
    nominal = series("29-1141")
    assert nominal.adjusted is False and nominal.points[0].shown_median == 64000
    path = (
        time_series_file(tmp_path / "cu.data.1.AllItems")
        if layout == "text"
        else series_report(tmp_path / "SeriesReport.xlsx")
    )
    out = run("import_cpi", path)
    assert "CUUR0000SA0, annual averages 2012-2025" in out
    assert {y: str(v) for y, v in PriceIndex.objects.values_list("year", "value")} == INDEX

    rn = series("29-1141")
    assert rn.adjusted and rn.base_year == 2025
    first = rn.points[0]
    assert first.median == 64000  # as published
    assert first.shown_median == round(64000 * 275 / 200)  # in May 2025 dollars
    ten = rn.change(10)
    assert ten.pct == pytest.approx(90000 / (66000 * 275 / 208) - 1, abs=1e-5)
    assert ten.all_pct == pytest.approx(50000 / (35500 * 275 / 208) - 1, abs=1e-5)
    trend = PayTrend.objects.get(soc_code="29-1141")
    assert trend.change_10y == pytest.approx(90000 / 66000 - 1)  # nominal kept for the sort
    assert trend.change_10y_real == pytest.approx(ten.pct)
    assert ": 0 row(s) changed." in run("import_cpi", path)


def test_cpi_missing_a_year_leaves_the_series_nominal(tmp_path, history):
    run("import_cpi", time_series_file(tmp_path / "cu.txt", {2012: "200.000", 2025: "275.000"}))
    rn = series("29-1141")
    assert rn.adjusted is False and 2013 in rn.cpi_missing


def test_a_bad_cpi_value_names_the_line(tmp_path, history):
    bad = time_series_file(
        tmp_path / "cu.txt", extra=["CUUR0000SA0                   \t2024\tM13\t     n.a.\t"]
    )
    before = table_counts()
    with pytest.raises(
        CommandError, match=r"cu.txt, line 23: column value is not a number: 'n.a.'"
    ):
        run("import_cpi", bad)
    assert table_counts() == before
