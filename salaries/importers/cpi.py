"""CPI-U annual averages in BLS's own layouts, for inflation-adjusted pay over time.

Two layouts are read:
- the time-series text file (e.g. `cu.data.1.AllItems` from BLS's time.series/cu
  folder): tab-delimited `series_id, year, period, value, footnote_codes`, padded with
  spaces; the annual average is period M13;
- the series report workbook of one series (e.g. CUUR0000SA0 downloaded as .xlsx): a
  title block naming `Series Id:`, then `Year, Jan ... Dec, Annual, HALF1, HALF2`.

Only the U.S. city average, all items, not seasonally adjusted series (CUUR0000SA0) is
kept unless another is asked for; a year without an annual average is skipped.
"""

import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from python_calamine import CalamineWorkbook

from careers import services as cs
from careers.importers.readers import ImportFileError, sheet_text, tab_rows, xlsx_rows
from salaries.models import PriceIndex

CPI_U = "CUUR0000SA0"


def _decimal(row, column: str) -> Decimal:
    text = str(row.get(column) or "").strip()
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        row.fail(f"column {column} is not a number: {text[:30]!r}")
    if value <= 0:
        row.fail(f"column {column} must be positive")
    return value.quantize(Decimal("0.001"))


def _year(row, column: str) -> int:
    text = str(row.get(column) or "").strip().split(".")[0]
    if not re.fullmatch(r"(19|20)\d{2}", text):
        row.fail(f"column {column} is not a year: {text[:30]!r}")
    return int(text)


def read_cpi(path: Path, series: str = CPI_U) -> dict[int, Decimal]:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, None, "no such file")
    data, label = path.read_bytes(), str(path)
    values: dict[int, Decimal] = {}
    if zipfile.is_zipfile(path) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        named = re.search(r"Series Id:\s*(\S+)", sheet_text(data, label, _first_sheet(data)))
        if named and named.group(1) != series:
            raise ImportFileError(label, None, f"series {named.group(1)}, not {series}")
        for row in xlsx_rows(data, label, ["Year", "Annual"]):
            if str(row.get("Annual") or "").strip() == "":
                continue
            year = _year(row, "Year")
            if year in values:
                row.fail(f"year {year} appears twice")
            values[year] = _decimal(row, "Annual")
    else:
        for row in tab_rows(data, label, ["series_id", "year", "period", "value"]):
            if row.text("series_id") != series or row.text("period") != "M13":
                continue
            year = _year(row, "year")
            if year in values:
                row.fail(f"year {year} appears twice")
            values[year] = _decimal(row, "value")
    if not values:
        raise ImportFileError(label, None, f"no annual averages (M13 / Annual) for {series}")
    return values


def _first_sheet(data: bytes) -> str:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names[0]
    except Exception:  # unreadable: xlsx_rows then reports it with the file name
        return ""


def import_cpi(path: Path, log, *, series: str = CPI_U) -> cs.Summary:
    values = read_cpi(path, series)
    log(f"  {Path(path).name}: {series}, annual averages {min(values)}-{max(values)}")
    summary = cs.Summary()
    rows = [{"series_id": series, "year": y, "value": v} for y, v in sorted(values.items())]
    summary.add("price index", cs.upsert(PriceIndex, ("year",), rows, prune=True))
    return summary
