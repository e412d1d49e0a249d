"""Geometry of the pay charts, drawn by templates as inline SVG.

All arithmetic (scales, label placement, color classes, the state tile layout) lives
here so it can be tested without rendering; templates only place what these
dataclasses say. Coordinates are SVG user units inside a viewBox, so the charts
scale to the width of a phone (375 px) or a printed page.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 360  # viewBox width of the bar charts: text stays legible at 375 px
PAD = 8
FONT = 14
CHAR_WIDTH = 0.62 * FONT  # generous average glyph width, used to keep labels apart
LABEL_GAP = 6
ROW = 19  # height of one label row


def money_text(value, top_coded=False) -> str:
    """$121,440; top-coded BLS values read '$239,200 or more'. The `money` filter uses this."""
    if value is None or value == "":
        return "not published"
    text = f"${value:,.2f}" if isinstance(value, Decimal | float) else f"${int(value):,}"
    return f"{text} or more" if top_coded else text


def wage_figure(wage, field: str) -> tuple:
    """(value, top-coded) of one field of a Wage row; (None, False) without a row."""
    if wage is None:
        return None, False
    return getattr(wage, field), field in (wage.top_coded or [])


def short_money(value: int) -> str:
    """Axis tick text: $0, $40k, $250k, $1.5M."""
    if value >= 1_000_000:
        return f"${value / 1_000_000:g}M"
    if value >= 1000:
        return f"${value / 1000:g}k"
    return f"${value:g}"


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def nice_step(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is >= value (> 0)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= value:
            return m * power
    return 10 * power  # pragma: no cover (unreachable: 10 * power >= value)


def nice_domain(maximum: float, ticks: int = 4) -> tuple[int, int]:
    """(domain maximum, tick step): a round maximum at or above `maximum`, about `ticks` steps."""
    maximum = max(maximum, 1)  # never an empty domain (a zero wage would divide by zero)
    step = max(1, math.ceil(nice_step(maximum / ticks)))  # whole dollars
    return step * math.ceil(maximum / step), step


@dataclass(frozen=True)
class Scale:
    """Linear map of money 0..domain onto x0..x1."""

    domain: float
    x0: float = PAD
    x1: float = WIDTH - PAD

    def __call__(self, value) -> float:
        value = min(max(float(value), 0.0), float(self.domain))
        return round(self.x0 + (self.x1 - self.x0) * value / float(self.domain), 1)


@dataclass(frozen=True)
class Label:
    x: float  # center of the text (text-anchor="middle")
    y: float  # baseline
    text: str
    strong: bool = False

    @property
    def left(self):
        return self.x - text_width(self.text) / 2

    @property
    def right(self):
        return self.x + text_width(self.text) / 2


@dataclass(frozen=True)
class Tick:
    x: float
    text: str
    anchor: str = "middle"  # the end ticks are anchored inward so they stay inside


@dataclass
class RangeChart:
    """A 10th-90th percentile bar, the 25th-75th band and the median marker."""

    title: str
    desc: str
    height: float
    bar_y: float
    bar_h: float
    outer: tuple[float, float] | None  # (x, width) of the 10th-90th bar
    band: tuple[float, float] | None  # (x, width) of the 25th-75th band
    median_x: float | None
    open_end: tuple[float, float] | None  # dashed extension after a top-coded end
    marks: list[float]  # x of every published percentile, marked under the bar
    labels: list[Label]
    ticks: list[Tick]
    grid_top: float
    grid_bottom: float
    tick_y: float
    uid: str = "range-chart"  # prefix of the SVG's element ids, unique on the page
    width: int = WIDTH


PERCENTILES = [
    ("p10", "10th"),
    ("p25", "25th"),
    ("median", "Median"),
    ("p75", "75th"),
    ("p90", "90th"),
]
# Placement priority: the median first, then the ends, then the band edges.
LABEL_ORDER = ["median", "p10", "p90", "p25", "p75"]


def _place(x: float, text: str, strong: bool, rows: list[list[Label]], first_y: float) -> Label:
    """Center the label on x inside the chart, in the first row where it overlaps nothing."""
    half = text_width(text) / 2
    cx = min(max(x, PAD + half), WIDTH - PAD - half)
    for i, row in enumerate(rows):
        if all(cx + half + LABEL_GAP <= o.left or cx - half - LABEL_GAP >= o.right for o in row):
            label = Label(cx, first_y + i * ROW, text, strong)
            row.append(label)
            return label
    label = Label(cx, first_y + len(rows) * ROW, text, strong)
    rows.append([label])
    return label


def wage_range_chart(
    wage, *, place: str = "", domain: int | None = None, uid: str = "range-chart"
) -> RangeChart | None:
    """Annual percentile range of one Wage row; None when no annual percentile is published.

    `domain` lets several charts share one scale (a state beside the nation).
    """
    if wage is None:
        return None
    top = set(wage.top_coded or [])
    values = {k: getattr(wage, f"annual_{k}") for k, _ in PERCENTILES}
    present = {k: v for k, v in values.items() if v is not None}
    if not present:
        return None
    maximum = max(present.values())
    if top:
        maximum *= 1.08  # room for the open end of a top-coded value
    domain_max, step = nice_domain(max(domain or 0, maximum))
    x = Scale(domain_max)

    tick_y = 12
    grid_top, bar_y, bar_h = 16, 22, 24
    grid_bottom = bar_y + bar_h + 4
    outer = band = open_end = None
    if "p10" in present and "p90" in present:
        outer = (x(present["p10"]), round(x(present["p90"]) - x(present["p10"]), 1))
    if "p25" in present and "p75" in present:
        band = (x(present["p25"]), round(x(present["p75"]) - x(present["p25"]), 1))
    ends = [k for k in ("p90", "p75", "median") if k in present]
    if ends and f"annual_{ends[0]}" in top:
        end_x = x(present[ends[0]])
        open_end = (end_x, min(end_x + 14, WIDTH - PAD))
    median_x = x(present["median"]) if "median" in present else None

    names = dict(PERCENTILES)
    rows: list[list[Label]] = []
    labels = []
    first_y = grid_bottom + 16
    for key in LABEL_ORDER:
        if key in present:
            text = f"{names[key]} {money_text(present[key], f'annual_{key}' in top)}"
            labels.append(_place(x(present[key]), text, key == "median", rows, first_y))
    height = first_y + (len(rows) - 1) * ROW + 8

    values_at = list(range(0, domain_max + 1, step))
    ticks = [
        Tick(x(v), short_money(v), "start" if i == 0 else "end" if v == domain_max else "middle")
        for i, v in enumerate(values_at)
    ]
    where = f", {place}" if place else ""
    parts = [
        f"{'median' if k == 'median' else names[k] + ' percentile'} "
        f"{money_text(values[k], f'annual_{k}' in top)}"
        for k, _ in PERCENTILES
    ]
    return RangeChart(
        title=f"Annual pay range{where}",
        desc=f"Annual wages{where}, BLS OEWS May {wage.release_year}: " + "; ".join(parts) + ".",
        height=round(height, 1),
        bar_y=bar_y,
        bar_h=bar_h,
        outer=outer,
        band=band,
        median_x=median_x,
        open_end=open_end,
        marks=sorted(x(v) for v in present.values()),
        labels=sorted(labels, key=lambda label: (label.y, label.x)),
        ticks=ticks,
        grid_top=grid_top,
        grid_bottom=grid_bottom,
        tick_y=tick_y,
        uid=uid,
    )


@dataclass(frozen=True)
class LadderBar:
    caption: str  # "Entry level, 0-2 years"
    caption_y: float
    bar_y: float
    bar_w: float
    value: str
    value_x: float
    value_y: float
    value_anchor: str  # "start" beside the bar, "end" inside its end
    value_inside: bool
    top_coded: bool


@dataclass
class LadderChart:
    title: str
    desc: str
    bars: list[LadderBar]
    height: float
    bar_h: float = 20
    x0: float = PAD
    uid: str = "ladder-chart"
    width: int = WIDTH


def ladder_chart(stages) -> LadderChart | None:
    """A horizontal bar per progression stage (salaries.progression.Stage), on one scale."""
    wages = [s.wage for s in stages if s.wage is not None]
    if not wages:
        return None
    top = any(s.top_coded for s in stages)
    domain_max, _ = nice_domain(max(wages) * (1.08 if top else 1))
    x = Scale(domain_max)
    bars, row_h = [], 48
    for i, s in enumerate(stages):
        y = i * row_h
        value = money_text(s.wage, s.top_coded)
        end = x(s.wage) if s.wage is not None else PAD
        width = round(end - PAD, 1)
        need = text_width(value) + LABEL_GAP
        inside = s.wage is not None and end + need > WIDTH - PAD and width >= need + LABEL_GAP
        bars.append(
            LadderBar(
                caption=f"{s.name}, {s.years} ({s.percentile}th percentile)",
                caption_y=y + 15,
                bar_y=y + 22,
                bar_w=width,
                value=value,
                value_x=round(end - LABEL_GAP, 1) if inside else round(end + LABEL_GAP, 1),
                value_y=y + 22 + 15,
                value_anchor="end" if inside else "start",
                value_inside=inside,
                top_coded=s.top_coded,
            )
        )
    desc = "; ".join(
        f"{s.name} ({s.years}, {s.percentile}th percentile): {money_text(s.wage, s.top_coded)}"
        for s in stages
    )
    return LadderChart(
        title="Pay at each career stage",
        desc=desc + ".",
        bars=bars,
        height=len(stages) * row_h + 2,
    )


# ---------------------------------------------------------------------------------------
# The state tile map
# ---------------------------------------------------------------------------------------

# A 12 x 8 grid, one square per state, roughly where it lies: (row, column).
STATE_TILES = {
    "AK": ("Alaska", 0, 0),
    "ME": ("Maine", 0, 10),
    "WI": ("Wisconsin", 1, 5),
    "VT": ("Vermont", 1, 9),
    "NH": ("New Hampshire", 1, 10),
    "WA": ("Washington", 2, 0),
    "ID": ("Idaho", 2, 1),
    "MT": ("Montana", 2, 2),
    "ND": ("North Dakota", 2, 3),
    "MN": ("Minnesota", 2, 4),
    "IL": ("Illinois", 2, 5),
    "MI": ("Michigan", 2, 6),
    "NY": ("New York", 2, 8),
    "MA": ("Massachusetts", 2, 9),
    "OR": ("Oregon", 3, 0),
    "NV": ("Nevada", 3, 1),
    "WY": ("Wyoming", 3, 2),
    "SD": ("South Dakota", 3, 3),
    "IA": ("Iowa", 3, 4),
    "IN": ("Indiana", 3, 5),
    "OH": ("Ohio", 3, 6),
    "PA": ("Pennsylvania", 3, 7),
    "NJ": ("New Jersey", 3, 8),
    "CT": ("Connecticut", 3, 9),
    "RI": ("Rhode Island", 3, 10),
    "CA": ("California", 4, 0),
    "UT": ("Utah", 4, 1),
    "CO": ("Colorado", 4, 2),
    "NE": ("Nebraska", 4, 3),
    "MO": ("Missouri", 4, 4),
    "KY": ("Kentucky", 4, 5),
    "WV": ("West Virginia", 4, 6),
    "VA": ("Virginia", 4, 7),
    "MD": ("Maryland", 4, 8),
    "DE": ("Delaware", 4, 9),
    "AZ": ("Arizona", 5, 1),
    "NM": ("New Mexico", 5, 2),
    "KS": ("Kansas", 5, 3),
    "AR": ("Arkansas", 5, 4),
    "TN": ("Tennessee", 5, 5),
    "NC": ("North Carolina", 5, 6),
    "SC": ("South Carolina", 5, 7),
    "DC": ("District of Columbia", 5, 8),
    "OK": ("Oklahoma", 6, 3),
    "LA": ("Louisiana", 6, 4),
    "MS": ("Mississippi", 6, 5),
    "AL": ("Alabama", 6, 6),
    "GA": ("Georgia", 6, 7),
    "HI": ("Hawaii", 7, 0),
    "TX": ("Texas", 7, 3),
    "FL": ("Florida", 7, 8),
}
# Territories get a tile only when there are figures for them.
TERRITORY_TILES = {
    "GU": ("Guam", 7, 1),
    "PR": ("Puerto Rico", 7, 10),
    "VI": ("U.S. Virgin Islands", 7, 11),
}
GRID_COLUMNS, GRID_ROWS = 12, 8
TILE, TILE_GAP = 40, 4

# Five steps of one blue hue, light to dark (the colors are .map-step-N in site.css:
# ordered by lightness, so they read the same with any color-vision deficiency and in
# greyscale print). The two darkest take white labels; a test checks both contrasts
# against the stylesheet.
STEPS = 5
LIGHT_TEXT_STEPS = frozenset({3, 4})
HATCH_ID = "map-nodata"


@dataclass(frozen=True)
class Tile:
    abbr: str
    x: int
    y: int
    title: str
    step: int | None  # 0-4, None without data

    @property
    def has_data(self):
        return self.step is not None

    @property
    def text_class(self) -> str:
        return "map-text-light" if self.step in LIGHT_TEXT_STEPS else "map-text-dark"

    @property
    def cx(self):
        return self.x + TILE // 2

    @property
    def cy(self):
        return self.y + TILE // 2 + 6  # baseline that centers 17-unit capitals


@dataclass(frozen=True)
class LegendStep:
    step: int
    label: str


@dataclass
class TileMap:
    title: str
    desc: str
    tiles: list[Tile]
    legend: list[LegendStep]
    no_data: int
    tile: int = TILE
    width: int = GRID_COLUMNS * (TILE + TILE_GAP) - TILE_GAP
    height: int = GRID_ROWS * (TILE + TILE_GAP) - TILE_GAP
    hatch_id: str = HATCH_ID


@dataclass(frozen=True)
class StateValue:
    abbr: str
    name: str
    value: int
    top_coded: bool = False
    note: str = ""  # e.g. "May 2024"


def classify(values: list[int], steps: int = STEPS) -> dict[int, int]:
    """Value -> color step by rank (quantiles), equal values in the same step.

    With fewer values than steps they are spread over the palette, so two states are
    the lightest and the darkest blue rather than the two lightest.
    """
    ordered = sorted(values)
    n = len(ordered)
    result = {}
    for rank, v in enumerate(ordered):
        if v in result:
            continue
        if n == 1:
            result[v] = steps // 2
        elif n < steps:
            result[v] = round(rank * (steps - 1) / (n - 1))
        else:
            result[v] = rank * steps // n
    return result


def state_tile_map(values: list[StateValue], *, what: str = "Median annual pay") -> TileMap:
    """Tiles for every state and DC (territories with data), shaded in five steps."""
    by_abbr = {v.abbr.upper(): v for v in values if v.abbr}
    steps = classify([v.value for v in by_abbr.values()])
    layout = dict(STATE_TILES)
    layout.update({k: t for k, t in TERRITORY_TILES.items() if k in by_abbr})
    tiles = []
    for abbr, (name, row, col) in sorted(layout.items(), key=lambda kv: (kv[1][1], kv[1][2])):
        x, y = col * (TILE + TILE_GAP), row * (TILE + TILE_GAP)
        v = by_abbr.get(abbr)
        if v is None:
            tiles.append(Tile(abbr, x, y, f"{name}: no data", None))
            continue
        step = steps[v.value]
        note = f" ({v.note})" if v.note else ""
        title = f"{v.name or name}: {money_text(v.value, v.top_coded)}{note}"
        tiles.append(Tile(abbr, x, y, title, step))

    legend = []
    for step in range(STEPS):
        members = [v for v in by_abbr.values() if steps[v.value] == step]
        if not members:
            continue
        lo = min(members, key=lambda v: v.value)
        hi = max(members, key=lambda v: v.value)
        text = money_text(lo.value, lo.top_coded)
        if hi.value != lo.value:
            text = f"{money_text(lo.value)} to {money_text(hi.value, hi.top_coded)}"
        legend.append(LegendStep(step, text))

    no_data = sum(1 for t in tiles if not t.has_data)
    if by_abbr:
        high = max(by_abbr.values(), key=lambda v: (v.value, v.name))
        low = min(by_abbr.values(), key=lambda v: (v.value, v.name))
        summary = (
            f"Highest: {high.name}, {money_text(high.value, high.top_coded)}. "
            f"Lowest: {low.name}, {money_text(low.value, low.top_coded)}."
        )
    else:
        summary = "No state has figures."
    missing = f" {no_data} with no data." if no_data else ""
    return TileMap(
        title=f"{what} by state",
        desc=f"Map of {len(by_abbr)} states and areas shaded in {len(legend)} steps "
        f"from lighter (lower) to darker (higher). {summary}{missing}",
        tiles=tiles,
        legend=legend,
        no_data=no_data,
    )


# ---------------------------------------------------------------------------------------
# Pay over time: the median line and the 25th-75th band by release year
# ---------------------------------------------------------------------------------------

HISTORY_HEIGHT = 200
HISTORY_LEFT = 44  # room for the money ticks
HISTORY_TOP, HISTORY_BOTTOM = 12, 168  # plot area, SVG units


@dataclass(frozen=True)
class YTick:
    y: float
    text: str


@dataclass
class HistoryChart:
    """Median polylines and band polygons split wherever a figure is missing or top-coded,
    so the chart never draws a line through a value BLS did not publish."""

    title: str
    desc: str
    lines: list[str]  # SVG polyline `points`, one per unbroken run of medians
    bands: list[str]  # SVG polygon `points`, one per unbroken run of 25th and 75th
    dots: list[tuple[float, float]]  # every median shown (a lone point still shows)
    gaps: list[float]  # x of releases without a median that can be drawn
    x_ticks: list[Tick]
    y_ticks: list[YTick]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    year_y: float
    height: int = HISTORY_HEIGHT
    width: int = WIDTH
    uid: str = "pay-history"


def _runs(items):
    """Consecutive stretches of items that are not None."""
    run = []
    for item in items:
        if item is None:
            if run:
                yield run
            run = []
        else:
            run.append(item)
    if run:
        yield run


def pay_history_chart(series, *, uid: str = "pay-history") -> HistoryChart | None:
    """The chart of a salaries.series.PaySeries; None when it has no median to draw."""
    points = series.points
    medians = [p.shown_median for p in points]
    if not any(m is not None for m in medians):
        return None
    tops = [v for p in points for v in (p.shown_p75, p.shown_median) if v is not None]
    domain_max, step = nice_domain(max(tops), ticks=4)
    left, right = float(HISTORY_LEFT), float(WIDTH - PAD)
    first, last = points[0].year, points[-1].year

    def x(year):
        if last == first:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * (year - first) / (last - first), 1)

    def y(value):
        share = min(max(float(value), 0.0), float(domain_max)) / float(domain_max)
        return round(HISTORY_BOTTOM - (HISTORY_BOTTOM - HISTORY_TOP) * share, 1)

    coords = [
        None if m is None else (x(p.year), y(m)) for p, m in zip(points, medians, strict=True)
    ]
    lines = [" ".join(f"{a},{b}" for a, b in run) for run in _runs(coords) if len(run) > 1]
    band_points = [
        None
        if p.shown_p25 is None or p.shown_p75 is None
        else (x(p.year), y(p.shown_p25), y(p.shown_p75))
        for p in points
    ]
    bands = []
    for run in _runs(band_points):
        if len(run) < 2:
            continue
        upper = [f"{a},{hi}" for a, _, hi in run]
        lower = [f"{a},{lo}" for a, lo, _ in reversed(run)]
        bands.append(" ".join(upper + lower))
    # Year labels no closer than a label's width: every year, every other, and so on.
    years = [p.year for p in points]
    room = (right - left) / max(len(years) - 1, 1)
    every = max(1, math.ceil((text_width("2020") + 4) / room)) if len(years) > 1 else 1
    shown = years[::-1][::every][::-1]  # always label the newest release
    if len(shown) > 2:
        # The newest label is anchored at its end: drop its neighbor if they would touch.
        gap = (x(shown[-1]) - text_width(str(shown[-1]))) - (
            x(shown[-2]) + text_width(str(shown[-2])) / 2
        )
        if gap < 8:
            shown = [*shown[:-2], shown[-1]]
    # The end labels are anchored inward, as on the range chart, so they stay inside.
    x_ticks = [
        Tick(
            x(yr),
            str(yr),
            "end" if yr == last and len(years) > 1 else "start" if yr == first else "middle",
        )
        for yr in shown
    ]
    y_ticks = [YTick(y(v), short_money(v)) for v in range(0, domain_max + 1, step)]
    dollars = f"May {series.base_year} dollars" if series.adjusted else "nominal dollars"
    described = [
        f"{p.year} {money_text(m) if m is not None else 'not published'}"
        for p, m in zip(points, medians, strict=True)
    ]
    return HistoryChart(
        title=f"Median annual pay and 25th to 75th percentile band, May {first} to May {last}",
        desc=f"National median annual wage by year ({dollars}): " + "; ".join(described) + ".",
        lines=lines,
        bands=bands,
        dots=[c for c in coords if c is not None],
        gaps=[x(p.year) for p, m in zip(points, medians, strict=True) if m is None],
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        plot_left=left,
        plot_right=right,
        plot_top=HISTORY_TOP,
        plot_bottom=HISTORY_BOTTOM,
        year_y=HISTORY_BOTTOM + 18,
        uid=uid,
    )
