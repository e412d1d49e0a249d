"""One occupation's pay over time, built from its WageHistory rows (no queries here).

The page, the JSON, compare and the PayTrend refresh all read a series through
`build_series`, so "comparable from", the changes and the inflation adjustment are
computed one way only.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .charts import money_text
from .importers.history import TOTAL

CONTINUES = ("same", "renamed")
# Columns of a history row, in the order the selectors fetch them.
COLUMNS = (
    "soc_2018",
    "release_year",
    "soc_code",
    "soc_title",
    "link",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "top_coded",
    "cpi",
)


@dataclass(frozen=True)
class Point:
    year: int
    soc_code: str
    soc_title: str
    link: str
    p25: int | None
    median: int | None
    p75: int | None
    top_coded: tuple = ()
    factor: Decimal | None = None  # CPI(latest) / CPI(year) when adjusted

    def _value(self, field_name: str, value):
        """A figure the line may use: published and not top-coded, in shown dollars."""
        if value is None or f"annual_{field_name}" in self.top_coded:
            return None
        return round(value * self.factor) if self.factor is not None else value

    @property
    def published_median_text(self):
        return money_text(self.median, self.is_top("median"))

    @property
    def shown_median(self):
        return self._value("median", self.median)

    @property
    def shown_p25(self):
        return self._value("p25", self.p25)

    @property
    def shown_p75(self):
        return self._value("p75", self.p75)

    def is_top(self, name: str) -> bool:
        return f"annual_{name}" in self.top_coded

    def _text(self, name: str) -> str:
        published = getattr(self, name)
        if published is None:
            return "not published"
        if self.is_top(name):  # BLS gives only a floor; it is never adjusted or drawn
            return f"{money_text(published, True)} (top-coded)"
        return money_text(self._value(name, published))

    @property
    def p25_text(self):
        return self._text("p25")

    @property
    def median_text(self):
        return self._text("median")

    @property
    def p75_text(self):
        return self._text("p75")


@dataclass(frozen=True)
class Change:
    start: int
    end: int
    pct: float | None  # the occupation's median change, a fraction
    all_pct: float | None  # All Occupations (00-0000) over the same years
    since_start: bool  # shortened to the start of the comparable series

    @property
    def years(self) -> int:
        return self.end - self.start

    @staticmethod
    def _percent(value) -> str:
        return "not available" if value is None else f"{value * 100:+.1f}%"

    @property
    def pct_text(self):
        return self._percent(self.pct)

    @property
    def all_pct_text(self):
        return self._percent(self.all_pct)


@dataclass
class PaySeries:
    soc_code: str
    points: list[Point]  # the comparable run, oldest first
    releases: list[int]  # every national release imported, oldest first
    comparable_from: int | None
    break_year: int | None
    break_reason: str
    renamed: list[Point] = field(default_factory=list)  # points published under another code
    adjusted: bool = False
    base_year: int | None = None  # the dollars figures are shown in when adjusted
    changes: list[Change] = field(default_factory=list)
    cpi_missing: list[int] = field(default_factory=list)
    # All Occupations' (00-0000) median of the latest release, as published (nominal).
    all_occupations_median: int | None = None

    @property
    def latest(self) -> int | None:
        return self.releases[-1] if self.releases else None

    @property
    def renamed_until(self) -> int | None:
        return self.renamed[-1].year if self.renamed else None

    def change(self, years: int) -> Change | None:
        return next((c for c in self.changes if c.years == years and not c.since_start), None)


def _point(row: dict, factor=None) -> Point:
    return Point(
        year=row["release_year"],
        soc_code=row["soc_code"],
        soc_title=row["soc_title"],
        link=row["link"],
        p25=row["annual_p25"],
        median=row["annual_median"],
        p75=row["annual_p75"],
        top_coded=tuple(row["top_coded"] or ()),
        factor=factor,
    )


def _codes(rows: list[dict]) -> str:
    return "; ".join(f"{r['soc_code']} {r['soc_title']}" for r in rows)


def break_reason(year: int, rows: list[dict]) -> str:
    """Why the figures of `year` are not this occupation's history (our words)."""
    kinds = {r["link"] for r in rows}
    if not rows:
        return (
            f"In May {year} BLS published no national figures under a code that matches "
            "this occupation alone."
        )
    if "combined" in kinds:
        combined = [r for r in rows if r["link"] == "combined"]
        return (
            f"In May {year} BLS published this occupation only within a combined code "
            f"({_codes(combined)}), together with other occupations."
        )
    if "split" in kinds:
        split = [r for r in rows if r["link"] == "split"]
        return (
            f"In May {year} its figures were published under {_codes(split)}, a code that "
            "also covered work the 2018 SOC gives to other occupations."
        )
    return (
        f"In May {year} its work was published under {len(rows)} separate codes "
        f"({_codes(rows)}), which the 2018 SOC merged into one."
    )


def build_series(soc_code: str, rows) -> PaySeries:
    """`rows`: tuples in COLUMNS order for this SOC code and for 00-0000 (any order)."""
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in rows]
    total = {r["release_year"]: r for r in rows if r["soc_2018"] == TOTAL}
    cpi = {r["release_year"]: r["cpi"] for r in rows if r["cpi"] is not None}
    mine = [r for r in rows if r["soc_2018"] == soc_code]
    releases = sorted(total)
    by_year: dict[int, list[dict]] = {}
    for r in mine:
        by_year.setdefault(r["release_year"], []).append(r)

    run = []
    break_year = None
    for year in reversed(releases):
        point = next((r for r in by_year.get(year, ()) if r["link"] in CONTINUES), None)
        if point is None:
            break_year = year
            break
        run.append(point)
    run.reverse()
    comparable_from = run[0]["release_year"] if run else None
    reason = ""
    if run and break_year is not None:
        reason = break_reason(break_year, by_year.get(break_year, []))

    latest = releases[-1] if releases else None
    needed = [r["release_year"] for r in run]
    missing = [y for y in needed if y not in cpi]
    adjusted = bool(run) and not missing
    base = Decimal(cpi[latest]) if adjusted else None

    def factor(year):
        return base / Decimal(cpi[year]) if adjusted and year in cpi else None

    points = [_point(r, factor(r["release_year"])) for r in run]
    totals = {y: _point(r, factor(y)) for y, r in total.items()}

    series = PaySeries(
        soc_code=soc_code,
        points=points,
        releases=releases,
        comparable_from=comparable_from,
        break_year=break_year if run else None,
        break_reason=reason,
        renamed=[p for p in points if p.link == "renamed"],
        adjusted=adjusted,
        base_year=latest if adjusted else None,
        cpi_missing=missing if cpi else [],
        all_occupations_median=total[latest]["annual_median"] if latest else None,
    )
    series.changes = _changes(points, totals, comparable_from, latest)
    return series


def _ratio(a: Point | None, b: Point | None) -> float | None:
    if a is None or b is None:
        return None
    start, end = a.shown_median, b.shown_median
    if not start or end is None:
        return None
    return end / start - 1


def _changes(points, totals, comparable_from, latest) -> list[Change]:
    if not points or latest is None:
        return []
    by_year = {p.year: p for p in points}
    out, seen = [], set()
    for years in (5, 10):
        start = latest - years
        since_start = start < comparable_from
        if since_start:
            start = comparable_from
        if start >= latest or start in seen:
            continue
        seen.add(start)
        out.append(
            Change(
                start=start,
                end=latest,
                pct=_ratio(by_year.get(start), by_year.get(latest)),
                all_pct=_ratio(totals.get(start), totals.get(latest)),
                since_start=since_start,
            )
        )
    return out
