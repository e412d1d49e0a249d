"""Writes for the salaries app."""

from django.utils.text import slugify

from careers.services import Counts, upsert

from .importers.history import TOTAL
from .models import Area, PayTrend, PriceIndex, WageHistory
from .series import COLUMNS, build_series

NATIONAL_CODE = "99"


def ensure_areas(areas: list[dict]) -> tuple[dict[tuple[str, str], int], Counts]:
    """Upsert areas given as {kind, code, name, state}; returns (kind, code) -> id."""
    rows = []
    for a in areas:
        slug = "us" if a["kind"] == Area.NATIONAL else slugify(f"{a['name']}-{a['kind']}")
        if a["kind"] == Area.STATE and a.get("state"):
            slug = a["state"].lower()
        rows.append({**a, "slug": slug})
    counts = upsert(Area, ("kind", "code"), rows)
    ids = {(k, c): i for k, c, i in Area.objects.values_list("kind", "code", "id")}
    return ids, counts


def national_area() -> dict:
    return {"kind": Area.NATIONAL, "code": NATIONAL_CODE, "name": "United States", "state": ""}


def refresh_pay_trends() -> Counts:
    """Rebuild PayTrend (the 10-year change per SOC 2018 code) from WageHistory and CPI.

    Run by every import that writes either, inside its transaction, so the index's
    "pay growth" sort and compare always agree with the career page's series.
    """
    cpi = dict(PriceIndex.objects.values_list("year", "value"))
    rows = [
        (*r, cpi.get(r[1]))
        for r in WageHistory.objects.order_by().values_list(*COLUMNS[:-1]).iterator(chunk_size=5000)
    ]
    total = [r for r in rows if r[0] == TOTAL]
    by_code: dict[str, list] = {}
    for r in rows:
        if r[0] != TOTAL:
            by_code.setdefault(r[0], []).append(r)
    trends = []
    for code, mine in by_code.items():
        series = build_series(code, mine + total)
        if series.comparable_from is None:
            continue
        ten = series.change(10)
        nominal = ten
        if series.adjusted and ten is not None:
            nominal = build_series(code, [(*r[:-1], None) for r in mine + total]).change(10)
        trends.append(
            {
                "soc_code": code,
                "comparable_from": series.comparable_from,
                "latest_year": series.latest,
                "change_10y": nominal.pct if nominal else None,
                "change_10y_real": ten.pct if ten and series.adjusted else None,
            }
        )
    return upsert(PayTrend, ("soc_code",), trends, prune=True)
