"""The official files in ../shared/data read directly, without the importers, so the
real-data tests compare the site with what the agencies published."""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from python_calamine import CalamineWorkbook

DATA = Path(settings.SHARED_DATA_DIR)
ONET, OEWS = DATA / "onet", DATA / "oews"
TABLE_1_2 = DATA / "bls_projections" / "occupation.xlsx"


def onet_rows(name: str) -> list[dict]:
    with open(ONET / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@cache
def onet_codes() -> list[str]:
    return [r["O*NET-SOC Code"] for r in onet_rows("Occupation Data.txt")]


@cache
def onet_socs() -> set[str]:
    return {code[:7] for code in onet_codes()}


def covering_group(soc: str, published: set[str]) -> str | None:
    """The one published code that is no O*NET occupation's SOC code and shares soc's
    broad group (first five digits), when soc has no published row of its own."""
    if soc in published:
        return None
    found = [c for c in published if c not in onet_socs() and c[:6] == soc[:6]]
    return found[0] if len(found) == 1 else None


@dataclass
class OewsFile:
    rows: dict  # OCC_CODE -> row dict, O_GROUP detailed (national, cross-industry)
    broad: dict  # OCC_CODE -> row dict, O_GROUP broad
    top_annual: int
    top_hourly: str


@cache
def oews(year: int) -> OewsFile:
    name = f"national_M{year}_dl.xlsx"
    path = OEWS / name if (OEWS / name).exists() else DATA / "oews-history" / name
    wb = CalamineWorkbook.from_path(str(path))
    table = wb.get_sheet_by_name(f"national_M{year}_dl").to_python()
    header = [str(h) for h in table[0]]
    detailed, broad = {}, {}
    for values in table[1:]:
        row = dict(zip(header, values, strict=False))
        group = str(row["O_GROUP"]).strip().lower()
        target = detailed if group == "detailed" else broad if group == "broad" else None
        if target is not None:
            target[str(row["OCC_CODE"]).strip()] = row
    text = " ".join(
        str(c) for r in wb.get_sheet_by_name("Field Descriptions").to_python() for c in r
    )
    m = re.search(r"#\s*=.*?\$([\d.]+) per hour or \$([\d,]+) per year", text)
    return OewsFile(detailed, broad, int(m.group(2).replace(",", "")), m.group(1))


@cache
def projections() -> dict:
    """matrix code -> (title, row dict) of every Table 1.2 line item."""
    table = CalamineWorkbook.from_path(str(TABLE_1_2)).get_sheet_by_name("Table 1.2").to_python()
    start = next(i for i, r in enumerate(table) if "Occupation type" in [str(c) for c in r])
    header = [str(h) for h in table[start]]
    out = {}
    for values in table[start + 1 :]:
        row = dict(zip(header, values, strict=False))
        if str(row.get("Occupation type", "")).strip().lower() == "line item":
            code = str(row["2024 National Employment Matrix code"]).strip()
            out[code] = (str(row["2024 National Employment Matrix title"]).strip(), row)
    return out


def column(row: dict, pattern: str):
    return next(v for k, v in row.items() if re.search(pattern, k, re.I))
