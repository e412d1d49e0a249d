"""BLS OEWS importer: national, state, metropolitan and all_data workbooks (same layout).

Each 6-digit SOC row is copied to every O*NET-SOC code under it; an O*NET occupation
whose SOC code has no row of its own gets the row of the OEWS combination that
includes it, else its broad group's. Special values:
'*' and '**' (not available) and blanks become NULL; '#' (at or above the top-coded
wage) stores the top code, read from the file's own Field Descriptions sheet, and
is listed in Wage.top_coded so the page says "or more".
"""

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db.models import Q

from careers import services as cs
from careers.importers.readers import ImportFileError, Row, sheet_text, xlsx_rows
from careers.soc import SOC_CODE_RE
from salaries.models import Area, Wage
from salaries.services import ensure_areas

PCTS = [
    ("PCT10", "p10"),
    ("PCT25", "p25"),
    ("MEDIAN", "median"),
    ("PCT75", "p75"),
    ("PCT90", "p90"),
    ("MEAN", "mean"),
]
REQUIRED = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "A_MEDIAN",
    "H_MEDIAN",
]
NOT_AVAILABLE = {"*", "**", "", "~"}
# Published top codes by reference year, used when a file lacks its Field Descriptions sheet.
TOP_CODES = {
    2024: (239200, Decimal("115.00")),
    2023: (239200, Decimal("115.00")),
    2022: (239200, Decimal("115.00")),
}


def release_year(path: Path, override: int | None) -> int:
    if override:
        return override
    m = re.search(r"_M_?(\d{4})", path.name) or re.search(
        r"(?:^|\D)((?:19|20)\d{2})(?:\D|$)", path.name
    )
    if not m:
        raise ImportFileError(
            path, None, "cannot tell the release year from the file name; pass --year"
        )
    return int(m.group(1))


def top_codes(data: bytes, label: str, year: int) -> tuple[int, Decimal]:
    text = sheet_text(data, label, "Field Descriptions")
    m = re.search(r"#\s*=.*?\$([\d.,]+)\s*per hour.*?\$([\d,]+)\s*per year", text, re.S)
    if m:
        return int(m.group(2).replace(",", "")), Decimal(m.group(1).replace(",", ""))
    if year in TOP_CODES:
        return TOP_CODES[year]
    raise ImportFileError(
        label, None, "no top-coded wage definition ('#') found and the year is unknown"
    )


def _value(row: Row, column: str, top, *, money: str):
    """(value, top_coded) for one wage cell."""
    raw = row.get(column)
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


def import_oews(path: Path, log, *, year: int | None = None) -> cs.Summary:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, None, "no such file")
    data = path.read_bytes()
    label = str(path)
    year = release_year(path, year)
    top_annual, top_hourly = top_codes(data, label, year)
    onet_by_soc = cs.occupations_by_soc()
    if not onet_by_soc:
        raise ImportFileError(label, None, "no occupations in the database; import O*NET first")

    areas, detailed, broad = {}, {}, {}
    count = 0
    for row in xlsx_rows(data, label, REQUIRED):
        count += 1
        if "I_GROUP" in row.values and str(row.get("I_GROUP")).strip().lower() not in (
            "cross-industry",
            "",
        ):
            continue
        group = str(row.get("O_GROUP")).strip().lower()
        if group not in ("detailed", "broad"):
            continue
        soc = row.text("OCC_CODE")
        if not SOC_CODE_RE.match(soc):
            row.fail(f"malformed OCC_CODE {soc!r}")
        try:
            kind = Area.OEWS_TYPES[int(row.number("AREA_TYPE"))]
        except KeyError:
            row.fail(f"unknown AREA_TYPE {row.get('AREA_TYPE')!r}")
        area_code = str(row.get("AREA")).strip().split(".")[0]
        if kind == Area.NATIONAL:
            area_code = "99"
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
        target = detailed if group == "detailed" else broad
        target[(kind, area_code, soc)] = wage
    log(
        f"  {path.name}: {count:,} rows, May {year}, {len(areas)} area(s); top code ${top_annual:,}/${top_hourly}"
    )

    area_ids, counts = ensure_areas(list(areas.values()))
    summary = cs.Summary()
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
