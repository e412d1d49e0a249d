"""Geometry of the pay charts (salaries.charts), checked without rendering."""

import itertools
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from profiles.templating import money
from salaries import charts
from salaries.charts import (
    PAD,
    STATE_TILES,
    WIDTH,
    Scale,
    StateValue,
    classify,
    ladder_chart,
    nice_domain,
    state_tile_map,
    text_width,
    wage_range_chart,
)
from salaries.progression import ladder

FIELDS = ["p10", "p25", "median", "p75", "p90", "mean"]


def make_wage(p10, p25, median, p75, p90, *, top=(), year=2024, mean=None):
    """A stand-in for a Wage row: the attributes the charts read."""
    values = dict(zip(FIELDS, (p10, p25, median, p75, p90, mean), strict=True))
    return SimpleNamespace(
        release_year=year,
        top_coded=list(top),
        annual_only=False,
        **{f"annual_{k}": v for k, v in values.items()},
        **{f"hourly_{k}": None for k in FIELDS},
    )


NURSE = make_wage(62630, 74050, 92580, 112740, 139210)
CHIEF = make_wage(80000, 130000, 206000, 239200, 239200, top=["annual_p75", "annual_p90"])


def rows_of(labels):
    rows = {}
    for label in labels:
        rows.setdefault(label.y, []).append(label)
    return rows


# --- scale ------------------------------------------------------------------------------


@pytest.mark.parametrize("maximum", [40, 62340, 99999, 100000, 139210, 239200 * 1.08, 1.5e6])
def test_nice_domain_covers_the_maximum_in_round_steps(maximum):
    domain, step = nice_domain(maximum)
    assert domain >= maximum
    assert domain % step == 0
    assert 2 <= domain // step <= 8
    assert str(step).strip("0") in {"1", "2", "25", "5"}


def test_tiny_maxima_still_give_a_usable_domain():
    assert nice_domain(0) == (1, 1) and nice_domain(1) == (1, 1)
    assert wage_range_chart(make_wage(0, 0, 0, 0, 0)).median_x == PAD


def test_scale_is_monotone_and_clamped():
    x = Scale(200000)
    points = [x(v) for v in range(0, 200001, 5000)]
    assert points == sorted(points) and len(set(points)) == len(points)
    assert x(0) == PAD and x(200000) == WIDTH - PAD
    assert x(-5) == PAD and x(10**9) == WIDTH - PAD


# --- pay range bar ----------------------------------------------------------------------


def test_range_chart_marks_the_median_inside_the_band_inside_the_bar():
    chart = wage_range_chart(NURSE, place="United States")
    outer_x, outer_w = chart.outer
    band_x, band_w = chart.band
    assert outer_x < band_x < chart.median_x < band_x + band_w < outer_x + outer_w
    assert chart.marks == sorted(chart.marks) and len(chart.marks) == 5
    texts = [label.text for label in chart.labels]
    assert texts.count("Median $92,580") == 1
    for text in ("10th $62,630", "25th $74,050", "75th $112,740", "90th $139,210"):
        assert text in texts
    assert chart.title == "Annual pay range, United States"
    assert "median $92,580" in chart.desc and "90th percentile $139,210" in chart.desc
    assert "May 2024" in chart.desc
    assert chart.open_end is None


def test_range_chart_labels_stay_inside_and_never_overlap():
    for wage in (NURSE, CHIEF, make_wage(60000, 61000, 62000, 63000, 64000)):
        chart = wage_range_chart(wage)
        for label in chart.labels:
            assert label.left >= PAD - 0.01 and label.right <= WIDTH - PAD + 0.01, label
            assert label.y < chart.height
        for row in rows_of(chart.labels).values():
            row.sort(key=lambda label: label.left)
            for a, b in itertools.pairwise(row):
                assert a.right <= b.left, (a, b)
        median = next(label for label in chart.labels if label.text.startswith("Median"))
        assert median.strong and median.y == min(label.y for label in chart.labels)


def test_a_narrow_range_stacks_its_labels_in_more_rows():
    wide = wage_range_chart(NURSE)
    narrow = wage_range_chart(make_wage(60000, 61000, 62000, 63000, 64000))
    assert len(rows_of(narrow.labels)) > len(rows_of(wide.labels))
    assert narrow.height > wide.height


def test_top_coded_values_read_or_more_and_leave_the_bar_open():
    chart = wage_range_chart(CHIEF)
    texts = [label.text for label in chart.labels]
    assert "90th $239,200 or more" in texts and "75th $239,200 or more" in texts
    assert "Median $206,000" in texts
    start, end = chart.open_end
    assert start == chart.outer[0] + chart.outer[1] and start < end <= WIDTH - PAD
    assert chart.ticks[-1].text == "$300k"  # room beyond the top code
    assert "$239,200 or more" in chart.desc


def test_missing_percentiles_are_left_out_and_said_so():
    chart = wage_range_chart(make_wage(None, 40000, 50000, 60000, None))
    assert chart.outer is None and chart.band is not None
    assert len(chart.marks) == 3
    assert not any(label.text.startswith(("10th", "90th")) for label in chart.labels)
    assert "10th percentile not published" in chart.desc

    only_median = wage_range_chart(make_wage(None, None, 50000, None, None))
    assert only_median.outer is None and only_median.band is None
    assert only_median.median_x is not None

    assert wage_range_chart(make_wage(None, None, None, None, None)) is None
    assert wage_range_chart(None) is None


def test_charts_can_share_one_scale():
    low = wage_range_chart(make_wage(30000, 35000, 40000, 45000, 50000), domain=139210)
    high = wage_range_chart(NURSE, domain=50000)
    assert [t.text for t in low.ticks] == [t.text for t in high.ticks]
    assert low.median_x < high.median_x


def test_end_ticks_are_anchored_inward():
    chart = wage_range_chart(NURSE)
    assert chart.ticks[0].text == "$0" and chart.ticks[0].anchor == "start"
    assert chart.ticks[-1].anchor == "end"
    assert {t.anchor for t in chart.ticks[1:-1]} == {"middle"}


# --- progression ladder -----------------------------------------------------------------


def test_ladder_bars_grow_with_the_stage_and_labels_fit():
    chart = ladder_chart(ladder(NURSE))
    widths = [b.bar_w for b in chart.bars]
    assert widths == sorted(widths) and widths[0] > 0
    assert next(b.caption for b in chart.bars) == "Entry level, 0-2 years (10th percentile)"
    assert [b.value for b in chart.bars] == [
        "$62,630",
        "$74,050",
        "$92,580",
        "$112,740",
        "$139,210",
    ]
    for b in chart.bars:
        if b.value_anchor == "start":
            assert b.value_x > PAD + b.bar_w
            assert b.value_x + text_width(b.value) <= WIDTH
        else:
            assert b.value_inside and b.value_x <= PAD + b.bar_w
            assert b.value_x - text_width(b.value) >= PAD
    ys = [b.bar_y for b in chart.bars]
    assert ys == sorted(ys) and chart.height > ys[-1] + chart.bar_h
    assert "Entry level (0-2 years, 10th percentile): $62,630" in chart.desc


def test_ladder_with_top_coded_and_missing_stages():
    chart = ladder_chart(
        ladder(make_wage(None, 130000, 206000, 239200, 239200, top=["annual_p90"]))
    )
    first, last = chart.bars[0], chart.bars[-1]
    assert first.bar_w == 0 and first.value == "not published"
    assert last.value == "$239,200 or more" and last.top_coded
    assert "not published" in chart.desc
    assert ladder_chart(ladder(make_wage(None, None, None, None, None))) is None
    assert ladder_chart([]) is None


# --- state tile map ---------------------------------------------------------------------


def test_tile_layout_is_a_12_by_8_grid_with_every_state_and_dc_once():
    cells = [(row, col) for _, row, col in STATE_TILES.values()]
    assert len(STATE_TILES) == 51 and "DC" in STATE_TILES
    assert len(set(cells)) == len(cells)
    territory_cells = [(r, c) for _, r, c in charts.TERRITORY_TILES.values()]
    assert not set(territory_cells) & set(cells)
    assert all(0 <= r < 8 and 0 <= c < 12 for r, c in cells + territory_cells)


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colors."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def css_color(name: str, prop: str = "fill") -> str:
    """The color site.css gives a class: the one place chart colors are defined."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    return re.search(rf"\.{name} \{{ {prop}: (#[0-9a-f]{{6}}); \}}", css).group(1)


def test_palette_is_ordered_light_to_dark_and_labels_are_readable():
    palette = [css_color(f"map-step-{step}") for step in range(charts.STEPS)]
    luminance = [_luminance(c) for c in palette]
    assert luminance == sorted(luminance, reverse=True)
    dark, light = css_color("map-text-dark"), css_color("map-text-light")
    for step, fill in enumerate(palette):
        text = light if step in charts.LIGHT_TEXT_STEPS else dark
        assert contrast(fill, text) >= 4.5, fill
        # the other label color would read worse: the steps are split where they should be
        assert contrast(fill, text) >= contrast(fill, dark if text == light else light)
    for background in (css_color("map-nodata-bg"), css_color("map-nodata-stripe", "stroke")):
        assert contrast(background, dark) >= 4.5


def test_classify_is_monotone_and_keeps_ties_together():
    values = [50000, 52000, 52000, 61000, 70000, 70000, 80000, 81000, 90000, 120000]
    steps = classify(values)
    ordered = sorted(steps)
    assert [steps[v] for v in ordered] == sorted(steps[v] for v in ordered)
    assert set(steps.values()) == {0, 1, 2, 3, 4}
    assert classify([1, 2]) == {1: 0, 2: 4}
    assert classify([1, 2, 3, 4]) == {1: 0, 2: 1, 3: 3, 4: 4}
    assert classify([7]) == {7: 2}
    assert classify([5, 5, 5]) == {5: 0}


def test_state_map_shades_states_and_hatches_the_rest():
    values = [
        StateValue("CA", "California", 124000, note="May 2024"),
        StateValue("OH", "Ohio", 82990, note="May 2024"),
        StateValue("MS", "Mississippi", 67000, note="May 2023"),
        StateValue("TX", "Texas", 85000),
        StateValue("NY", "New York", 110000),
        StateValue("DC", "District of Columbia", 239200, top_coded=True),
        StateValue("PR", "Puerto Rico", 40000),
    ]
    m = state_tile_map(values)
    tiles = {t.abbr: t for t in m.tiles}
    assert len(tiles) == 52 and "PR" in tiles and "GU" not in tiles  # territories with data
    assert m.no_data == 52 - len(values)
    assert tiles["WY"].step is None and tiles["WY"].title == "Wyoming: no data"
    assert tiles["OH"].title == "Ohio: $82,990 (May 2024)"
    assert tiles["DC"].title == "District of Columbia: $239,200 or more"
    assert tiles["DC"].step == charts.STEPS - 1 and tiles["PR"].step == 0
    assert tiles["CA"].step >= tiles["TX"].step >= tiles["MS"].step
    assert len({(t.x, t.y) for t in m.tiles}) == len(m.tiles)
    assert all(t.x >= 0 and t.x + m.tile <= m.width for t in m.tiles)
    assert all(t.y >= 0 and t.y + m.tile <= m.height for t in m.tiles)
    assert "Highest: District of Columbia, $239,200 or more." in m.desc
    assert "Lowest: Puerto Rico, $40,000." in m.desc
    assert f"{m.no_data} with no data" in m.desc
    # The legend runs low to high without gaps between its ranges' order.
    assert len(m.legend) == 5
    assert m.legend[0].label == "$40,000 to $67,000"
    assert m.legend[-1].label.endswith("$239,200 or more")


def test_state_map_ignores_rows_without_a_postal_code():
    m = state_tile_map([StateValue("", "Somewhere", 1), StateValue("oh", "Ohio", 2)])
    assert [t.abbr for t in m.tiles if t.has_data] == ["OH"]


@pytest.mark.parametrize(
    ("value", "top", "text"),
    [
        (None, False, "not published"),
        ("", False, "not published"),
        (121440, False, "$121,440"),
        (239200, True, "$239,200 or more"),
        (Decimal("115.00"), True, "$115.00 or more"),
        (Decimal("31.75"), False, "$31.75"),
    ],
)
def test_money_filter_and_chart_text_agree(value, top, text):
    assert charts.money_text(value, top) == money(value, top) == text


# --- pay over time -----------------------------------------------------------------


def _series(points, **kw):
    from salaries.series import PaySeries, Point

    pts = [
        Point(year=y, soc_code="29-1141", soc_title="Registered Nurses", link="same",
              p25=p25, median=m, p75=p75, top_coded=tuple(top))
        for y, p25, m, p75, top in points
    ]  # fmt: skip
    return PaySeries(
        soc_code="29-1141",
        points=pts,
        releases=[p.year for p in pts],
        comparable_from=pts[0].year,
        break_year=None,
        break_reason="",
        **kw,
    )


def test_history_chart_breaks_at_missing_and_top_coded_cells():
    from salaries.charts import HISTORY_BOTTOM, HISTORY_LEFT, WIDTH, pay_history_chart

    chart = pay_history_chart(
        _series(
            [
                (2019, 40000, 50000, 60000, []),
                (2020, 41000, 52000, 62000, []),
                (2021, 42000, None, 64000, []),  # median not published
                (2022, 43000, 56000, 239200, ["annual_p75"]),  # 75th top-coded
                (2023, 44000, 58000, 70000, []),
                (2024, 45000, 60000, 72000, []),
            ]
        )
    )
    # Median: 2019-2020 and 2022-2024; the 2021 gap is marked, never bridged.
    assert len(chart.lines) == 2
    assert len(chart.lines[0].split()) == 2 and len(chart.lines[1].split()) == 3
    assert len(chart.gaps) == 1 and len(chart.dots) == 5
    # Band: 2019-2021, then 2023-2024 (2022's 75th is only a floor).
    assert len(chart.bands) == 2
    assert len(chart.bands[0].split()) == 6 and len(chart.bands[1].split()) == 4
    # The domain ignores the top code; the x axis spans the plot; the ends stay inside.
    assert chart.y_ticks[-1].text == "$80k"
    first_x = float(chart.lines[0].split()[0].split(",")[0])
    assert first_x == HISTORY_LEFT and chart.x_ticks[-1].anchor == "end"
    assert all(HISTORY_LEFT <= t.x <= WIDTH for t in chart.x_ticks)
    assert all(0 < float(c.split(",")[1]) <= HISTORY_BOTTOM for c in chart.lines[0].split())
    assert "2021 not published" in chart.desc and "nominal dollars" in chart.desc


def test_history_chart_needs_a_median():
    from salaries.charts import pay_history_chart

    assert pay_history_chart(_series([(2024, 1, None, 3, [])])) is None
    lone = pay_history_chart(_series([(2024, 40000, 50000, 60000, [])]))
    assert lone.lines == [] and len(lone.dots) == 1  # a single release still shows its point
