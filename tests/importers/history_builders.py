"""Small national OEWS releases of our own in each layout BLS has used since May 2012.

The figures are invented; the codes and titles follow BLS's SOC 2010, hybrid and SOC
2018 structures so the series rules can be checked: a code kept (nurses), renumbered
one-to-one (programmers), split (web developers), merged (assemblers) and published
only within an aggregate in 2019-2020 (software developers).
"""

import io
import zipfile
from pathlib import Path

import xlwt

from .builders import OEWS_HEADER, write_crosswalk, write_xlsx

OLD_HEADER = [
    "OCC_CODE", "OCC_TITLE", "OCC_GROUP", "TOT_EMP", "EMP_PRSE", "H_MEAN", "A_MEAN",
    "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10",
    "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip
HEADER_2019 = [
    "area", "area_title", "area_type", "naics", "naics_title", "i_group", "own_code",
    "occ_code", "occ_title", "o_group", "tot_emp", "emp_prse", "jobs_1000", "loc_quotient",
    "pct_total", "h_mean", "a_mean", "mean_prse", "h_pct10", "h_pct25", "h_median", "h_pct75",
    "h_pct90", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90", "annual", "hourly",
]  # fmt: skip
HEADER_2020 = [c for c in OEWS_HEADER if c != "PCT_RPT"]
assert len(OLD_HEADER) == 20 and len(HEADER_2019) == 30 and len(HEADER_2020) == 31

TOP_LINES = {
    2012: "#  = indicates a wage greater than $90.00 per hour or $187,200 per year",
    2013: "#  = indicates a wage greater than $90.00 per hour or $187,200 per year",
    2015: "#  = indicates a wage greater than or equal to $90.00 per hour or $187,200 per year",
    2019: "#  = indicates a wage equal to or greater than $100.00 per hour or $208,000 per year",
    2020: "#  = indicates a wage equal to or greater than $100.00 per hour or $208,000 per year",
    2021: "#  = indicates a wage equal to or greater than $100.00 per hour or $208,000 per year",
    2025: "#  = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year",
}
YEARS = sorted(TOP_LINES)

# SOC 2018 code -> {year: (published code, title, median)}; see the module docstring.
ALL = {2012: 34000, 2013: 34500, 2015: 35500, 2019: 39000, 2020: 41000, 2021: 44000, 2025: 50000}
RN = {2012: 64000, 2013: 65000, 2015: 66000, 2019: 72000, 2020: 74000, 2021: 76000, 2025: 90000}
PROGRAMMERS = {
    2012: 70000,
    2013: 71000,
    2015: 72000,
    2019: 80000,
    2020: 82000,
    2021: 84000,
    2025: 95000,
}
IPM = {
    2012: 88000,
    2013: 90000,
    2015: 92000,
    2019: 101000,
    2020: 104000,
    2021: 108000,
    2025: 121000,
}
SOFTWARE = {
    2012: 90000,
    2013: 92000,
    2015: 95000,
    2019: 105000,
    2020: 108000,
    2021: 112000,
    2025: 130000,
}
WEB = {2012: 62000, 2013: 63000, 2015: 64000, 2019: 73000, 2020: 75000, 2021: 77000, 2025: 90000}
ASSEMBLERS = {
    2012: 30000,
    2013: 30500,
    2015: 31000,
    2019: 36000,
    2020: 37000,
    2021: 38000,
    2025: 44000,
}
# fmt: on

CROSSWALK = [
    ("11-3051", "Industrial Production Managers", "11-3051", "Industrial Production Managers"),
    ("15-1131", "Computer Programmers", "15-1251", "Computer Programmers"),
    ("15-1132", "Software Developers, Applications", "15-1252", "Software Developers"),
    ("15-1199", "Computer Occupations, All Other", "15-1253", "Software Quality Assurance Analysts and Testers"),
    ("15-1134", "Web Developers", "15-1254", "Web Developers"),
    ("15-1134", "Web Developers", "15-1255", "Web and Digital Interface Designers"),
    ("29-1141", "Registered Nurses", "29-1141", "Registered Nurses"),
    ("51-2022", "Electrical and Electronic Equipment Assemblers", "51-2028", "Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers"),
    ("51-2023", "Electromechanical Equipment Assemblers", "51-2028", "Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers"),
]  # fmt: skip


def figures(median, *, p75=None, med=None):
    """(hourly, annual) tuples of (mean, p10, p25, median, p75, p90) around a median."""
    annual = [
        round(median * 1.05),
        round(median * 0.6),
        round(median * 0.8),
        median,
        round(median * 1.25),
        round(median * 1.6),
    ]
    hourly = [round(v / 2080, 2) for v in annual]
    if p75 is not None:
        annual[4] = annual[5] = p75
        hourly[4] = hourly[5] = p75
    if med is not None:
        annual[3] = hourly[3] = med
    return hourly, annual


def release_rows(year: int) -> list[tuple]:
    """(code, title, group, employment, hourly, annual) of one release."""

    def row(code, title, median, group="detailed", emp=100000, **kw):
        return (code, title, group, emp, *figures(median, **kw))

    rows = [
        row("00-0000", "All Occupations", ALL[year], "total", 140000000),
        row("29-1141", "Registered Nurses", RN[year]),
        # '#' (top-coded) 75th and 90th percentiles in 2013; '*' (not available) median in 2019.
        row(
            "11-3051",
            "Industrial Production Managers",
            IPM[year],
            **({"p75": "#"} if year == 2013 else {"med": "*"} if year == 2019 else {}),
        ),
    ]
    if year < 2019:
        rows += [
            row("15-1131", "Computer Programmers", PROGRAMMERS[year]),
            row("15-1132", "Software Developers, Applications", SOFTWARE[year]),
            row("15-1134", "Web Developers", WEB[year]),
            row("51-2022", "Electrical and Electronic Equipment Assemblers", ASSEMBLERS[year]),
            row("51-2023", "Electromechanical Equipment Assemblers", ASSEMBLERS[year] + 1500),
        ]
    else:
        rows += [
            row("15-1251", "Computer Programmers", PROGRAMMERS[year]),
            row("15-1254", "Web Developers", WEB[year]),
            row("15-1255", "Web and Digital Interface Designers", WEB[year] + 2000),
            row(
                "51-2028",
                "Electrical, Electronic, and Electromechanical Assemblers, Except Coil "
                "Winders, Tapers, and Finishers",
                ASSEMBLERS[year],
            ),
        ]
        if year < 2021:
            rows.append(
                row(
                    "15-1256",
                    "Software Developers and Software Quality Assurance Analysts and Testers",
                    SOFTWARE[year],
                )
            )
        else:
            rows.append(row("15-1252", "Software Developers", SOFTWARE[year]))
    return rows


def _old(r):
    code, title, group, emp, hourly, annual = r
    return [
        code,
        title,
        group,
        emp,
        0.5,
        hourly[0],
        annual[0],
        0.4,
        *hourly[1:],
        *annual[1:],
        "",
        "",
    ]


def _new(r, *, prim_state=True, pct_rpt=True):
    code, title, group, emp, hourly, annual = r
    area = ["99", "U.S.", 1] + (["US"] if prim_state else [])
    middle = [
        "000000",
        "Cross-industry",
        "cross-industry",
        "1235",
        code,
        title,
        group,
        emp,
        0.5,
        "",
        "",
        "",
    ]
    return [*area, *middle, *([""] if pct_rpt else []), hourly[0], annual[0], 0.4, *hourly[1:], *annual[1:], "", ""]  # fmt: skip


def _notes(year):
    return [
        [f"May {year} OEWS Estimates"],
        [],
        ["Notes:"],
        ["*  = indicates that a wage estimate is not available"],
        ["**  = indicates that an employment estimate is not available"],
        [TOP_LINES[year]],
    ]


def xls_bytes(sheet: str, rows: list[list]) -> bytes:
    """A BIFF8 .xls workbook, the format of BLS's May 2012 and 2013 downloads."""
    book = xlwt.Workbook()
    ws = book.add_sheet(sheet)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def release_files(year: int, rows=None) -> dict[str, bytes]:
    """The member files of BLS's oesmYYnat.zip for `year`, in that year's layout."""
    rows = release_rows(year) if rows is None else rows
    folder = f"oesm{year % 100:02d}nat"
    if year <= 2013:
        return {
            f"{folder}/national_M{year}_dl.xls": xls_bytes(
                "national_dl", [OLD_HEADER, *[_old(r) for r in rows]]
            ),
            f"{folder}/field_descriptions.xls": xls_bytes("Field_descriptions", _notes(year)),
        }
    tmp = io.BytesIO()
    if year <= 2018:
        write_xlsx(tmp, [("national_dl", [OLD_HEADER, *[_old(r) for r in rows]])])
        notes = io.BytesIO()
        write_xlsx(notes, [("Field_descriptions", _notes(year))])
        return {
            f"{folder}/national_M{year}_dl.xlsx": tmp.getvalue(),
            f"{folder}/field_descriptions.xlsx": notes.getvalue(),
        }
    if year == 2019:
        data = [HEADER_2019, *[_new(r, prim_state=False, pct_rpt=False) for r in rows]]
    elif year == 2020:
        data = [HEADER_2020, *[_new(r, pct_rpt=False) for r in rows]]
    else:
        data = [OEWS_HEADER, *[_new(r) for r in rows]]
    sheets = [(f"national_M{year}_dl", data), ("Field Descriptions", _notes(year))]
    write_xlsx(tmp, sheets)
    return {f"{folder}/national_M{year}_dl.xlsx": tmp.getvalue()}


def write_zip(folder: Path, year: int, rows=None) -> Path:
    path = Path(folder) / f"oesm{year % 100:02d}nat.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in release_files(year, rows).items():
            z.writestr(name, data)
    return path


def write_extracted(folder: Path, year: int, rows=None) -> Path:
    """The zip's members unpacked into `folder`; returns the data workbook."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = None
    for name, content in release_files(year, rows).items():
        target = folder / name.rsplit("/", 1)[-1]
        target.write_bytes(content)
        if "national_" in target.name:
            data = target
    return data


def write_history(folder: Path) -> tuple[list[Path], Path]:
    """Every test release, zips and extracted files mixed, plus our crosswalk."""
    folder = Path(folder)
    paths = [
        write_zip(folder / "zips", 2012),  # .xls in a zip
        write_extracted(folder / "2013", 2013),  # .xls beside its field_descriptions.xls
        write_zip(folder / "zips", 2015),  # 20 upper-case columns in .xlsx, zipped
        write_zip(folder / "zips", 2019),  # 30 lower-case columns
        write_extracted(folder / "2020", 2020),  # 31 columns
        write_zip(folder / "zips", 2021),  # 32 columns, zipped
        write_extracted(folder / "2025", 2025),  # 32 columns
    ]
    crosswalk = write_crosswalk(folder / "soc_2010_to_2018_crosswalk.xlsx", CROSSWALK)
    return paths, crosswalk
