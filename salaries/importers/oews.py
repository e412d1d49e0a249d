"""BLS OEWS importer: national, state, metropolitan and all_data workbooks, May 2012 on.

Reads the four layouts BLS has used, from the files or from the `oesmYYnat.zip` BLS
serves: `.xls` (May 2012-2013) and `.xlsx` (2014-2018) with the 20 upper-case columns
of the `national_dl` sheet and a separate field_descriptions file; 30 lower-case
columns (2019); 31 and then 32 upper-case columns with AREA/AREA_TYPE (2020 on).
Column names are matched without regard to case.

Releases in SOC 2018 codes (May 2021 on) give Wage rows: each 6-digit SOC row is copied
to every O*NET-SOC code under it; an O*NET occupation whose SOC code has no row of its
own gets the row of the OEWS combination that includes it, else its broad group's.
Every national release also gives WageHistory rows,
filed under SOC 2018 codes (see history.py), which need the BLS crosswalk before 2021.
Special values: '*' and '**' (not available) and blanks become NULL; '#' (at or above
the top-coded wage) stores the top code, read from the file's Field Descriptions sheet
(or the zip's field_descriptions file), and is listed in top_coded so the page says
"or more" and the pay-over-time line breaks there.
"""

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import Q
from python_calamine import CalamineWorkbook

from careers import services as cs
from careers.importers.readers import ImportFileError, Row, sheet_text, xlsx_rows
from careers.soc import SOC_CODE_RE
from salaries.models import Area, Wage, WageHistory
from salaries.services import ensure_areas

from .history import SOC_2018_FROM, Crosswalk, code_system, history_rows

PCTS = [
    ("PCT10", "p10"),
    ("PCT25", "p25"),
    ("MEDIAN", "median"),
    ("PCT75", "p75"),
    ("PCT90", "p90"),
    ("MEAN", "mean"),
]
REQUIRED = ["OCC_CODE", "OCC_TITLE", "TOT_EMP", "A_MEDIAN", "H_MEDIAN"]
# The occupation-group column: OCC_GROUP up to May 2018, O_GROUP (o_group in 2019) after.
GROUP_COLUMNS = ("O_GROUP", "OCC_GROUP")
AREA_COLUMNS = ("AREA", "AREA_TITLE", "AREA_TYPE")
NOT_AVAILABLE = {"*", "**", "", "~"}
# Published top codes by reference year, used when a file lacks its Field Descriptions sheet.
TOP_CODES = {
    **dict.fromkeys(range(2012, 2016), (187200, Decimal("90.00"))),
    **dict.fromkeys(range(2016, 2022), (208000, Decimal("100.00"))),
    **dict.fromkeys(range(2022, 2026), (239200, Decimal("115.00"))),
}
WORKBOOK_RE = re.compile(r"\.xlsx?$", re.I)
NOTES_RE = re.compile(r"field_descriptions\.xlsx?$", re.I)


def release_year(path: Path | str, override: int | None) -> int:
    if override:
        return override
    name = Path(path).name
    m = (
        re.search(r"_M_?(\d{4})", name)
        or re.search(r"(?:^|\D)((?:19|20)\d{2})(?:\D|$)", name)
        or re.search(r"^oesm(\d{2})", name, re.I)
    )
    if not m:
        raise ImportFileError(
            path, None, "cannot tell the release year from the file name; pass --year"
        )
    year = m.group(1)
    return int(year) if len(year) == 4 else 2000 + int(year)


@dataclass
class Workbook:
    label: str
    data: bytes
    year: int
    notes: bytes | None  # a separate field_descriptions workbook (May 2012-2018)


def workbooks(path: Path, year: int | None = None) -> list[Workbook]:
    """The data workbook(s) of a file or of a BLS zip, with their field descriptions."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, None, "no such file")
    # An .xlsx is a zip too: only a zip that is not a workbook is a BLS download.
    if not WORKBOOK_RE.search(path.name) and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if not n.endswith("/") and WORKBOOK_RE.search(n)]
            notes = next((z.read(n) for n in names if NOTES_RE.search(n)), None)
            found = [
                Workbook(
                    f"{path}/{n}",
                    z.read(n),
                    year or _year_of(n, path),
                    notes,
                )
                for n in names
                if not NOTES_RE.search(n)
            ]
        if not found:
            raise ImportFileError(path, None, "the zip holds no .xls or .xlsx workbook")
        return found
    sibling = next(
        (p for p in sorted(path.parent.glob("field_descriptions.xls*")) if NOTES_RE.search(p.name)),
        None,
    )
    return [
        Workbook(
            str(path),
            path.read_bytes(),
            release_year(path, year),
            sibling.read_bytes() if sibling else None,
        )
    ]


def _year_of(member: str, zip_path: Path) -> int:
    try:
        return release_year(member, None)
    except ImportFileError:
        return release_year(zip_path, None)


def top_codes(
    data: bytes, label: str, year: int, notes: bytes | None = None
) -> tuple[int, Decimal]:
    text = sheet_text(data, label, "Field Descriptions")
    if notes is not None and "#" not in text:
        text = "\n".join(sheet_text(notes, label, name) for name in _sheet_names(notes))
    m = re.search(r"#\s*=.*?\$([\d.,]+)\s*per hour.*?\$([\d,]+)\s*per year", text, re.S)
    if m:
        return int(m.group(2).replace(",", "")), Decimal(m.group(1).replace(",", ""))
    if year in TOP_CODES:
        return TOP_CODES[year]
    raise ImportFileError(
        label, None, "no top-coded wage definition ('#') found and the year is unknown"
    )


def _sheet_names(data: bytes) -> list[str]:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    except Exception:
        return []


def _value(row: Row, column: str, top, *, money: str):
    """(value, top_coded) for one wage cell."""
    values = row.values
    if column in values:  # the upper-case layouts: a plain lookup (this runs 200,000 times)
        raw = values[column]
    else:
        column = row._key(column)  # as the file spells it (a_median in May 2019)
        raw = values.get(column)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = raw
    else:
        text = "" if raw is None else str(raw).strip()
        if text in NOT_AVAILABLE:
            return None, False
        if text == "#":
            return top, True
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            row.fail(f"column {column} is not a wage: {text[:30]!r}")
    if value < 0:
        row.fail(f"column {column} is negative")
    return (
        round(value) if money == "annual" else Decimal(str(value)).quantize(Decimal("0.01"))
    ), False


def import_oews(
    path: Path, log, *, year: int | None = None, crosswalk: Crosswalk | None = None
) -> cs.Summary:
    """Import one file or BLS zip; `crosswalk` is needed for national files before May 2021."""
    summary = cs.Summary()
    for book in workbooks(path, year):
        for table, counts in _import_workbook(book, log, crosswalk).tables.items():
            summary.add(table, counts)
    return summary


def _group(row: Row) -> str:
    for column in GROUP_COLUMNS:
        value = row.get(column)
        if value is not None:
            return str(value).strip().lower()
    return ""


def _import_workbook(book: Workbook, log, crosswalk: Crosswalk | None) -> cs.Summary:
    label, year = book.label, book.year
    top_annual, top_hourly = top_codes(book.data, label, year, book.notes)
    current_codes = year >= SOC_2018_FROM
    if not current_codes and crosswalk is None:
        raise ImportFileError(
            label,
            None,
            f"May {year} uses {code_system(year)} codes: pass the BLS crosswalk "
            "(--crosswalk soc_2010_to_2018_crosswalk.xlsx)",
        )
    onet_by_soc = cs.occupations_by_soc() if current_codes else {}
    if current_codes and not onet_by_soc:
        raise ImportFileError(label, None, "no occupations in the database; import O*NET first")

    areas, detailed, broad, history = {}, {}, {}, {}
    count = 0
    rows = xlsx_rows(
        book.data,
        label,
        REQUIRED,
        header_match=lambda upper: any(c in upper for c in GROUP_COLUMNS),
    )
    for row in rows:
        count += 1
        if "I_GROUP" in row.values and str(row.get("I_GROUP")).strip().lower() not in (
            "cross-industry",
            "",
        ):
            continue
        group = _group(row)
        if group not in ("detailed", "broad", "total"):
            continue
        soc = row.text("OCC_CODE")
        if not SOC_CODE_RE.match(soc):
            row.fail(f"malformed OCC_CODE {soc!r}")
        if row.get("AREA_TYPE") is None:  # May 2012-2019 national_dl: national only
            kind, area_code = Area.NATIONAL, "99"
        else:
            try:
                kind = Area.OEWS_TYPES[int(row.number("AREA_TYPE"))]
            except KeyError:
                row.fail(f"unknown AREA_TYPE {row.get('AREA_TYPE')!r}")
            area_code = str(row.get("AREA")).strip().split(".")[0]
        if kind == Area.NATIONAL:
            area_code = "99"
        elif not current_codes:
            row.fail(
                f"May {year} uses {code_system(year)} codes: only national files are read "
                "before May 2021"
            )
        areas[(kind, area_code)] = {
            "kind": kind,
            "code": area_code,
            "name": "United States" if kind == Area.NATIONAL else row.text("AREA_TITLE")[:150],
            # PRIM_STATE: the state itself, or a metro's or nonmetro area's primary state.
            "state": "" if kind == Area.NATIONAL else str(row.get("PRIM_STATE") or "").strip()[:2],
        }
        wage = {
            "soc_code": soc,
            "soc_title": row.text("OCC_TITLE")[:200],
            "top_coded": [],
            "row": row,
        }
        emp = row.get("TOT_EMP")
        wage["employment"] = (
            None if str(emp).strip() in NOT_AVAILABLE else int(row.number("TOT_EMP"))
        )
        for prefix, money, top in (("A_", "annual", top_annual), ("H_", "hourly", top_hourly)):
            for col, name in PCTS:
                value, is_top = _value(row, prefix + col, top, money=money)
                field = f"{money}_{name}"
                wage[field] = value
                if is_top:
                    wage["top_coded"].append(field)
        wage["annual_only"] = str(row.get("ANNUAL") or "").strip().upper() == "TRUE"
        for money in ("annual", "hourly"):
            series = [wage[f"{money}_{n}"] for _, n in PCTS[:5]]
            present = [v for v in series if v is not None]
            if present != sorted(present):
                row.fail(f"{money} percentiles decrease: {[str(v) for v in series]}")
        if kind == Area.NATIONAL and group in ("detailed", "total"):
            if soc in history:
                row.fail(f"OCC_CODE {soc} appears twice")
            history[soc] = _history_figures(wage)
        if group == "total":
            continue
        target = detailed if group == "detailed" else broad
        target[(kind, area_code, soc)] = wage
    log(
        f"  {Path(label).name}: {count:,} rows, May {year}"
        f"{'' if current_codes else f' ({code_system(year)})'}, "
        f"{len(areas)} area(s); top code ${top_annual:,}/${top_hourly}"
    )
    summary = cs.Summary()
    if history:
        summary.add(
            f"wage history (May {year})",
            cs.upsert(
                WageHistory,
                ("soc_2018", "release_year", "soc_code"),
                history_rows(year, history, crosswalk),
                scope=Q(release_year=year),
                prune=True,
            ),
        )
    if not current_codes:
        return summary
    area_ids, counts = ensure_areas(list(areas.values()))
    summary.add("area", counts)
    rows, matched = [], set()
    for (kind, area_code, soc), wage in detailed.items():
        for code, occ_id in onet_by_soc.get(soc, []):
            siblings = len(onet_by_soc[soc])
            rows.append(
                _wage_row(
                    wage,
                    occ_id,
                    area_ids[(kind, area_code)],
                    year,
                    broader=siblings > 1 and not code.endswith(".00"),
                )
            )
            matched.add((kind, area_code, soc))
    # An O*NET occupation whose SOC code has no detailed row of its own takes the detailed
    # row OEWS publishes for a combination that includes it (21-1018 for 21-1011 and
    # 21-1014: cs.covering_codes), else its broad group's row. Indexed by code: scanning
    # every row per SOC code was quadratic on the state, metro and all_data files.
    detailed_by_code, broad_by_code = _by_code(detailed), _by_code(broad)
    cover = cs.covering_codes(set(detailed_by_code), onet_by_soc)
    for soc, codes in onet_by_soc.items():
        candidates = [
            *detailed_by_code.get(cover.get(soc), ()),
            *broad_by_code.get(soc[:6] + "0", ()),
        ]
        done = set()
        for kind, area_code, wage in candidates:
            if (kind, area_code, soc) in detailed or (kind, area_code) in done:
                continue
            done.add((kind, area_code))
            if (kind, area_code, wage["soc_code"]) in detailed:
                matched.add((kind, area_code, wage["soc_code"]))
            for _code, occ_id in codes:
                rows.append(
                    _wage_row(wage, occ_id, area_ids[(kind, area_code)], year, broader=True)
                )
    skipped = len(detailed) - len(matched)
    counts = cs.upsert(
        Wage,
        ("occupation_id", "area_id", "release_year"),
        rows,
        scope=Q(release_year=year, area_id__in=[area_ids[k] for k in areas]),
        # The file is the whole release for its areas: a row it no longer gives (the
        # demo's, or one an earlier rule matched) goes.
        prune=True,
    )
    counts.skipped += skipped
    summary.add(f"wage (May {year})", counts)
    log(f"  {skipped} SOC row(s) matched no O*NET occupation")
    return summary


def _history_figures(wage: dict) -> dict:
    """What a pay-over-time point keeps: the annual 25th, 50th and 75th percentiles."""
    keep = ("annual_p25", "annual_median", "annual_p75")
    return {
        "soc_title": wage["soc_title"],
        "employment": wage["employment"],
        **{f: wage[f] for f in keep},
        "top_coded": [f for f in wage["top_coded"] if f in keep],
    }


def _by_code(wages: dict) -> dict[str, list]:
    """{(kind, area, code): wage} as {code: [(kind, area, wage)]}."""
    out = defaultdict(list)
    for (kind, area_code, code), wage in wages.items():
        out[code].append((kind, area_code, wage))
    return out


def _wage_row(wage, occ_id, area_id, year, *, broader):
    row = {k: v for k, v in wage.items() if k != "row"}
    row.update(
        {"occupation_id": occ_id, "area_id": area_id, "release_year": year, "is_broader": broader}
    )
    if row["annual_only"]:
        for _, n in PCTS:
            row[f"hourly_{n}"] = None
    return row
