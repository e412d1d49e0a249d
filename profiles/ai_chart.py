"""The career page's small chart of each AI-exposure source's percentile.

Laid out in Python so the template only places numbers; the table beside it in the
template is the same figures as text, for screen readers and for print.
"""

from dataclasses import dataclass, field

from careers.ai_resilience import EXPOSURE_SOURCES

LABEL_W = 176  # room for the longest source name at 13 px
PLOT_W = 150
ROW_H = 24
BAR_H = 14
TOP = 8


@dataclass
class Bar:
    key: str
    short: str
    family: str
    percentile: float
    y: float
    text_y: float
    w: float
    value_x: float


@dataclass
class ExposureChart:
    bars: list[Bar]
    consensus: float
    consensus_x: float
    spread: float
    count: int
    disagree: bool
    lowest: Bar
    highest: Bar
    missing: list[str]
    uid: str = "exposure-chart"
    x0: int = LABEL_W
    plot_w: int = PLOT_W
    bar_h: int = BAR_H
    width: int = LABEL_W + PLOT_W + 40
    height: int = 0
    axis_y: float = 0
    tick_y: float = 0
    ticks: list = field(default_factory=list)

    @property
    def title(self):
        return "Exposure to current AI by source, as a percentile among occupations"

    @property
    def desc(self):
        parts = [f"{b.short}: percentile {b.percentile:.0f}" for b in self.bars]
        return f"{'; '.join(parts)}. Consensus: percentile {self.consensus:.0f}."


def exposure_chart(ai) -> ExposureChart | None:
    """One bar per source the occupation has, in the method's order; None without any."""
    given = ai.source_percentiles or {}
    bars = []
    for key, source in EXPOSURE_SOURCES.items():
        if key not in given:
            continue
        pct = float(given[key])
        y = TOP + len(bars) * ROW_H
        w = round(PLOT_W * pct / 100, 1)
        bars.append(
            Bar(key, source.short, source.family, pct, y, y + BAR_H - 3, w, LABEL_W + w + 4)
        )
    if not bars or ai.exposure_percentile is None:
        return None
    axis_y = TOP + len(bars) * ROW_H + 4
    chart = ExposureChart(
        bars=bars,
        consensus=ai.exposure_percentile,
        consensus_x=round(LABEL_W + PLOT_W * ai.exposure_percentile / 100, 1),
        spread=ai.exposure_spread or 0.0,
        count=len(bars),
        disagree=ai.sources_disagree,
        lowest=min(bars, key=lambda b: (b.percentile, b.key)),
        highest=max(bars, key=lambda b: (b.percentile, b.key)),
        missing=[s.short for k, s in EXPOSURE_SOURCES.items() if k not in given],
        height=int(axis_y + 20),
        axis_y=axis_y,
        tick_y=axis_y + 14,
    )
    chart.ticks = [(LABEL_W + PLOT_W * t / 100, t) for t in (0, 50, 100)]
    return chart
