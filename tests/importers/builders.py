"""Tiny input files in the official layouts, written by the tests themselves.

Nothing here is copied from the real downloads: the layouts (file names, sheet names,
header texts, column order, encodings, CRLF line ends, special values) mirror the
official files, and every figure is our own.

- O*NET text files: UTF-8, tab-delimited, CRLF, one header row (Read Me.txt is LF,
  as O*NET publishes it).
- Excel files: written by `write_xlsx`, a minimal pure-Python xlsx writer (content
  types, workbook, relationships, worksheets with inline strings and numbers).
"""

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

# ---------------------------------------------------------------------------------------
# Generic writers
# ---------------------------------------------------------------------------------------


def write_tab(path: Path, header: list[str], rows: list[list]) -> Path:
    """A tab-delimited UTF-8 file with CRLF line endings and a header row."""
    lines = ["\t".join(header)] + ["\t".join(str(v) for v in row) for row in rows]
    Path(path).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return Path(path)


def read_lines(path: Path) -> list[str]:
    text = Path(path).read_bytes().decode("utf-8")
    assert text.endswith("\r\n"), f"{path} must end with CRLF"
    return text[:-2].split("\r\n")


def write_lines(path: Path, lines: list[str]) -> None:
    Path(path).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def line_number(path: Path, *fields: str) -> int:
    """1-based line number of the first line whose leading tab fields equal `fields`."""
    for number, line in enumerate(read_lines(path), start=1):
        if line.split("\t")[: len(fields)] == list(fields):
            return number
    raise AssertionError(f"no line starting with {fields} in {path}")


def edit_line(path: Path, number: int, change) -> str:
    """Replace line `number` (1-based) by change(list of fields) -> list of fields."""
    lines = read_lines(path)
    old = lines[number - 1]
    lines[number - 1] = "\t".join(change(old.split("\t")))
    write_lines(path, lines)
    return old


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(rows: list) -> str:
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row or []))
        if cells:  # empty rows are simply absent, as in files Excel writes
            out.append(f'<row r="{r}">{cells}</row>')
    return f'{_XML}<worksheet xmlns="{_NS}"><sheetData>{"".join(out)}</sheetData></worksheet>'


def write_xlsx(path: Path, sheets: list[tuple[str, list]]) -> Path:
    """A minimal .xlsx: sheets is [(sheet name, rows)], a row a list of str/int/float/bool/None."""
    count = len(sheets)
    worksheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    content_types = (
        f'{_XML}<Types xmlns="{_CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{worksheet_type}"/>'
            for i in range(1, count + 1)
        )
        + "</Types>"
    )
    root_rels = (
        f'{_XML}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        + "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        f'{_XML}<Relationships xmlns="{_PKG}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, (_, rows) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(rows))
    return Path(path) if isinstance(path, str | Path) else path


# ---------------------------------------------------------------------------------------
# O*NET database, text format (30.2 and 30.3 layouts)
# ---------------------------------------------------------------------------------------

CODE = "O*NET-SOC Code"
IPM, QCM, RN = "11-3051.00", "11-3051.01", "29-1141.00"
ONET_CODES = (IPM, QCM, RN)

OCCUPATIONS = {
    IPM: (
        "Industrial Production Managers",
        'Plan, direct, or coordinate the work and resources needed to make products to "lean" '
        "cost, quality, and quantity targets.",
    ),
    QCM: (
        "Quality Control Systems Managers",
        "Plan, direct, or coordinate quality assurance programs; set quality control policies.",
    ),
    RN: (
        "Registered Nurses",
        "Assess patients' health problems and needs, plan and give nursing care, keep records.",
    ),
}
JOB_ZONES = {IPM: 4, QCM: 5, RN: 3}

# (code, Task ID, Task, Task Type), in file order.
TASKS = [
    (IPM, 8001, "Review operations reports to find production problems.", "Supplemental"),
    (IPM, 8002, "Direct and coordinate production and processing activities.", "Core"),
    (IPM, 8003, "Set and monitor product standards with quality control programs.", "Core"),
    (IPM, 8004, "Hire, train, and evaluate production staff.", "Core"),
    (QCM, 8101, "Stop production if serious product defects are present.", "Core"),
    (QCM, 8102, "Review and update standard operating procedures.", "Core"),
    (RN, 8201, "Record patients' medical information and vital signs.", "Core"),
    (RN, 8202, "Teach patients how to manage an illness or injury.", "Supplemental"),
]
# Task Ratings.txt IM values. Core tasks first, then by importance:
TASK_IMPORTANCE = {
    8001: 4.90,
    8002: 3.95,
    8003: 4.61,
    8004: 4.20,
    8101: 4.10,
    8102: 4.45,
    8201: 4.74,
    8202: 3.60,
}
EXPECTED_TASK_ORDER = {IPM: [8003, 8004, 8002, 8001], QCM: [8102, 8101], RN: [8201, 8202]}

ABILITIES = [("1.A.1.a.1", "Oral Comprehension"), ("1.A.1.b.2", "Originality")]
ESSENTIAL_SKILLS = [("2.A.1.a", "Reading Comprehension")]
TRANSFERABLE_SKILLS = [
    ("2.B.1.a", "Social Perceptiveness"),
    ("2.B.4.e", "Judgment and Decision Making"),
]
SKILLS = ESSENTIAL_SKILLS + TRANSFERABLE_SKILLS
KNOWLEDGE = [("2.C.1.a", "Administration and Management"), ("2.C.5.a", "Medicine and Dentistry")]
WORK_STYLES = [
    ("1.D.1.a", "Innovation"),
    ("1.D.1.i", "Leadership Orientation"),
    ("1.D.2.c", "Empathy"),
]
INTERESTS = [("1.B.1.a", "Realistic"), ("1.B.1.d", "Social"), ("1.B.1.e", "Enterprising")]
HIGH_POINTS = [("1.B.1.g", "First Interest High-Point")]  # scale IH: not a rating

# element id -> {code: (IM, LV)}
IM_LV = {
    "1.A.1.a.1": {IPM: (3.88, 4.00), QCM: (3.75, 3.88), RN: (4.12, 4.25)},
    "1.A.1.b.2": {IPM: (3.12, 3.50), QCM: (3.00, 3.25), RN: (2.88, 3.12)},
    "2.A.1.a": {IPM: (3.75, 4.12), QCM: (4.00, 4.25), RN: (3.88, 4.00)},
    "2.B.1.a": {IPM: (3.25, 3.62), QCM: (3.12, 3.38), RN: (4.25, 4.50)},
    "2.B.4.e": {IPM: (4.00, 4.38), QCM: (3.88, 4.12), RN: (3.62, 3.88)},
    "2.C.1.a": {IPM: (4.35, 4.94), QCM: (3.97, 4.52), RN: (2.61, 2.73)},
    "2.C.5.a": {IPM: (1.34, 0.96), QCM: (1.12, 0.57), RN: (4.58, 5.12)},
}
# element id -> {code: (WI, DR)}; DR is not a rating and must be ignored.
WI_DR = {
    "1.D.1.a": {IPM: (1.85, 5.00), QCM: (1.23, 0.00), RN: (0.92, 3.00)},
    "1.D.1.i": {IPM: (2.43, 1.00), QCM: (2.10, 2.00), RN: (1.05, 6.00)},
    "1.D.2.c": {IPM: (-0.45, 7.00), QCM: (0.56, 0.00), RN: (2.71, 1.00)},
}
# element id -> {code: OI}
OI = {
    "1.B.1.a": {IPM: 4.86, QCM: 3.58, RN: 2.15},
    "1.B.1.d": {IPM: 2.33, QCM: 2.07, RN: 6.48},
    "1.B.1.e": {IPM: 5.61, QCM: 5.09, RN: 3.02},
}

# (code, example, UNSPSC commodity code, commodity title, 30.3 element id, hot, in demand)
TECHNOLOGY = [
    (IPM, "Microsoft Excel", "43232110", "Spreadsheet software", "2.E.2.a", "Y", "Y"),
    (
        IPM,
        "SAP software",
        "43231602",
        "Enterprise resource planning ERP software",
        "2.E.3.c",
        "Y",
        "N",
    ),
    (IPM, "Minitab", "43232605", "Analytical or scientific software", "2.E.6.a", "N", "N"),
    (QCM, "Minitab", "43232605", "Analytical or scientific software", "2.E.6.a", "N", "N"),
    (RN, "Epic Systems", "43232611", "Medical software", "2.E.7.b", "Y", "N"),
]
# (code, Alternate Title, Short Title, Source(s))
ALTERNATE_TITLES = [
    (IPM, "Plant Manager", "n/a", "08"),
    (IPM, "Production Manager", "n/a", "10"),
    (QCM, "Quality Assurance Manager", "QA Manager", "02"),
    (RN, "Registered Nurse (RN)", "RN", "08"),
    (RN, "Staff Nurse", "n/a", "10"),
]
# (code, Reported Job Title, Shown in My Next Move)
REPORTED_TITLES = [
    (IPM, "Production Manager", "Y"),  # also an alternate title: kept once per kind
    (IPM, "Operations Manager", "N"),
    (QCM, "Quality Manager", "Y"),
    (RN, "Charge Nurse", "Y"),
]
# (code, related code, tier, index)
RELATED = [
    (IPM, QCM, "Primary-Short", 1),
    (IPM, RN, "Supplemental", 2),
    (QCM, IPM, "Primary-Short", 1),
    (RN, QCM, "Primary-Long", 1),
    (RN, IPM, "Primary-Long", 2),
]
# Required Level of Education (RL): {code: {category: percent}}; other categories are 0.00.
EDUCATION_RL = {
    IPM: {2: 29.42, 3: 16.21, 6: 54.37},
    QCM: {6: 71.46, 8: 28.54},
    RN: {5: 38.24, 6: 61.76},
}
EXPECTED_EDUCATION_LEVELS = {
    IPM: {
        "High School Diploma": 29.4,
        "Post-Secondary Certificate": 16.2,
        "Bachelor's Degree": 54.4,
    },
    QCM: {"Bachelor's Degree": 71.5, "Master's Degree": 28.5},
    RN: {"Associate's Degree": 38.2, "Bachelor's Degree": 61.8},
}
RL_CATEGORIES = [
    "Less than a High School Diploma",
    "High School Diploma - or the equivalent (for example, GED)",
    "Post-Secondary Certificate - awarded for training completed after high school",
    "Some College Courses",
    "Associate's Degree (or other 2-year degree)",
    "Bachelor's Degree",
    "Post-Baccalaureate Certificate - awarded for completion of an organized program of study",
    "Master's Degree",
    "Post-Master's Certificate - awarded for completion of an organized program of study",
    "First Professional Degree - awarded for completion of a program of professional study",
    "Doctoral Degree",
    "Post-Doctoral Training",
]
RW_CATEGORIES = [
    "None",
    "Up to and including 1 month",
    "Over 1 month, up to and including 3 months",
    "Over 3 months, up to and including 6 months",
    "Over 6 months, up to and including 1 year",
    "Over 1 year, up to and including 2 years",
    "Over 2 years, up to and including 4 years",
    "Over 4 years, up to and including 6 years",
    "Over 6 years, up to and including 8 years",
    "Over 8 years, up to and including 10 years",
    "Over 10 years",
]
RW = {IPM: {7: 38.10, 8: 61.90}, QCM: {6: 20.00, 7: 80.00}, RN: {1: 12.50, 5: 87.50}}

# Headers, exactly as in the official files.
# fmt: off
H_DESCRIPTOR = [
    CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "N", "Standard Error",
    "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Not Relevant", "Date",
    "Domain Source",
]
# The Excel files add Title and Scale Name to the text layout.
H_DESCRIPTOR_XLSX = [
    CODE, "Title", "Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value", "N",
    "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Not Relevant",
    "Date", "Domain Source",
]
H_SIMPLE_RATING = [
    CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "Date", "Domain Source",
]
H_ETE = [
    CODE, "Element ID", "Element Name", "Scale ID", "Category", "Data Value", "N",
    "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Date",
    "Domain Source",
]
H_CATEGORIES = ["Element ID", "Element Name", "Scale ID", "Category", "Category Description"]
H_TASKS = [
    CODE, "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source",
]
H_TASK_RATINGS = [
    CODE, "Task ID", "Scale ID", "Category", "Data Value", "N", "Standard Error",
    "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Date", "Domain Source",
]
H_JOB_ZONE_REFERENCE = [
    "Job Zone", "Name", "Experience", "Education", "Job Training", "Examples", "SVP Range",
]
H_TECHNOLOGY_30_2 = [
    CODE, "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand",
]
H_SOFTWARE_30_3 = [
    CODE, "Workplace Example", "Element ID", "Element Name", "Hot Technology", "In Demand",
]
# 30.2 has no Job Zone 1 rows: its first zone is "Job Zone 1-2".
JOB_ZONE_REFERENCE = [
    ["2", "Job Zone 1-2: Very Little to Some Preparation Needed", "Little or some.",
     "Usually a high school diploma.", "A few months.", "Cashiers.", "(Below 6.0)"],
    ["3", "Job Zone Three: Medium Preparation Needed", "Some.", "Vocational school.",
     "One or two years.", "Electricians.", "(6.0 to < 7.0)"],
    ["4", "Job Zone Four: Considerable Preparation Needed", "Considerable.",
     "A four-year bachelor's degree.", "Several years.", "Accountants.", "(7.0 to < 8.0)"],
    ["5", "Job Zone Five: Extensive Preparation Needed", "Extensive.", "Graduate school.",
     "Some.", "Surgeons.", "(8.0 and above)"],
]
# fmt: on

README = (
    "{version} Database\n{month} Release\n---------------------\n\n"
    "For information on current and future releases of the O*NET database,\n"
    "please visit:\n\nhttps://www.onetcenter.org/database.html\n"
)
RELEASES = {"30.2": ("O*NET 30.2", "February 2026"), "30.3": ("O*NET 30.3", "May 2026")}


def _rated(code, eid, name, scale, value, not_relevant):
    """One IM or LV row of Abilities/Skills/Knowledge (text layout)."""
    low, high = f"{value - 0.25:.4f}", f"{value + 0.25:.4f}"
    se = "0.1250"
    return [code, eid, name, scale, f"{value:.2f}", "8", se, low, high, "N", not_relevant,
            "08/2023", "Analyst"]  # fmt: skip


def _descriptor_rows(elements, codes):
    rows = []
    for code in codes:
        for eid, name in elements:
            imp, lvl = IM_LV[eid][code]
            rows.append(_rated(code, eid, name, "IM", imp, "n/a"))
            rows.append(_rated(code, eid, name, "LV", lvl, "N"))
    return rows


def _descriptor_xlsx_rows(elements, codes):
    """The official Excel layout: Title and Scale Name added, numbers stored as numbers."""
    rows = []
    for code in codes:
        title = OCCUPATIONS[code][0]
        for eid, name in elements:
            imp, lvl = IM_LV[eid][code]
            for scale, scale_name, value, not_relevant in (
                ("IM", "Importance", imp, ""),
                ("LV", "Level", lvl, "N"),
            ):
                rows.append([code, title, eid, name, scale, scale_name, value, 8.0, 0.125,
                             round(value - 0.25, 4), round(value + 0.25, 4), "N", not_relevant,
                             "08/2023", "Analyst"])  # fmt: skip
    return rows


def _simple_rows(table, elements, codes, scales, date, source):
    """Work Styles / Interests rows: table[eid][code] holds one value per scale."""
    rows = []
    for code in codes:
        for eid, name in elements:
            values = table[eid][code]
            values = values if isinstance(values, tuple) else (values,)
            # Scales in alphabetical order, as O*NET sorts them (DR before WI).
            for scale, value in sorted(zip(scales, values, strict=True)):
                rows.append([code, eid, name, scale, f"{value:.2f}", date, source])
    return rows


def _task_rating_rows(codes):
    rows = []
    for code, task_id, _, _ in TASKS:
        if code not in codes:
            continue
        t = str(task_id)
        # Frequency (FT) and relevance (RT) are not importance: they must not reorder tasks.
        frequency, relevance = f"{99 - task_id % 10:.2f}", f"{100 - task_id % 10:.2f}"
        importance = f"{TASK_IMPORTANCE[task_id]:.2f}"
        tail = ["N", "08/2023", "Incumbent"]
        rows.append([code, t, "FT", "7", frequency, "95", "2.1", "n/a", "n/a", *tail])
        rows.append([code, t, "IM", "n/a", importance, "95", "0.05", "4.0", "4.9", *tail])
        rows.append([code, t, "RT", "n/a", relevance, "95", "0.0", "n/a", "n/a", *tail])
    return rows


def _ete(code, eid, name, scale, category, value):
    """One row of Education, Training, and Experience (or of its 30.3 halves)."""
    ci = ("n/a", "n/a") if not value else ("0.6564", "31.7838")
    return [code, eid, name, scale, str(category), f"{value:.2f}", "33", "5.2030", *ci, "N",
            "08/2021", "Incumbent"]  # fmt: skip


def _ete_rows(codes, *, education=True, training=True):
    rows = []
    for code in codes:
        if education:
            for cat in range(1, 13):
                value = EDUCATION_RL[code].get(cat, 0.0)
                rows.append(_ete(code, "2.D.1", "Required Level of Education", "RL", cat, value))
            rows.append(
                _ete(code, "2.D.4.a", "Job-Related Professional Certification", "IM", "n/a", 1.66)
            )
        if training:
            for cat in range(1, 12):
                value = RW[code].get(cat, 0.0)
                rows.append(_ete(code, "3.A.1", "Related Work Experience", "RW", cat, value))
            rows.append(_ete(code, "3.A.3", "On-the-Job Training", "OJ", 3, 36.81))
    return rows


def _categories(*, education=True, training=True):
    rows = []
    if education:
        for i, text in enumerate(RL_CATEGORIES, start=1):
            rows.append(["2.D.1", "Required Level of Education", "RL", str(i), text])
    if training:
        for i, text in enumerate(RW_CATEGORIES, start=1):
            rows.append(["3.A.1", "Related Work Experience", "RW", str(i), text])
    return rows


def onet_files(layout: str = "30.2", *, codes=ONET_CODES, skills: str = "excel") -> dict:
    """{file name: (header, rows)} for text files, {file name: [(sheet, rows)]} for .xlsx."""
    codes = [c for c in ONET_CODES if c in codes]
    tasks = [[c, str(t), s, k, "95", "08/2023", "Incumbent"] for c, t, s, k in TASKS if c in codes]
    work_styles = _simple_rows(WI_DR, WORK_STYLES, codes, ("WI", "DR"), "12/2025", "AI/Expert")
    interest_source = "Machine Learning/Expert"
    interests = _simple_rows(OI, INTERESTS, codes, ("OI",), "02/2026", interest_source)
    high_points = {eid: dict.fromkeys(codes, 5.0) for eid, _ in HIGH_POINTS}
    interests += _simple_rows(high_points, HIGH_POINTS, codes, ("IH",), "02/2026", interest_source)
    titles = [list(r) for r in ALTERNATE_TITLES if r[0] in codes]
    files = {
        "Occupation Data.txt": (
            [CODE, "Title", "Description"],
            [[c, *OCCUPATIONS[c]] for c in codes],
        ),
        "Job Zones.txt": (
            [CODE, "Job Zone", "Date", "Domain Source"],
            [[c, str(JOB_ZONES[c]), "08/2021", "Analyst"] for c in codes],
        ),
        "Job Zone Reference.txt": (H_JOB_ZONE_REFERENCE, JOB_ZONE_REFERENCE),
        "Task Statements.txt": (H_TASKS, tasks),
        "Task Ratings.txt": (H_TASK_RATINGS, _task_rating_rows(codes)),
        "Abilities.txt": (H_DESCRIPTOR, _descriptor_rows(ABILITIES, codes)),
        "Knowledge.txt": (H_DESCRIPTOR, _descriptor_rows(KNOWLEDGE, codes)),
        "Work Styles.txt": (H_SIMPLE_RATING, work_styles),
        "Sample of Reported Titles.txt": (
            [CODE, "Reported Job Title", "Shown in My Next Move"],
            [list(r) for r in REPORTED_TITLES if r[0] in codes],
        ),
        "Related Occupations.txt": (
            [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
            [[a, b, t, str(i)] for a, b, t, i in RELATED if a in codes and b in codes],
        ),
    }
    if layout == "30.2":
        technology = [
            [c, example, unspsc, title, hot, demand]
            for c, example, unspsc, title, _, hot, demand in TECHNOLOGY
            if c in codes
        ]
        files["Technology Skills.txt"] = (H_TECHNOLOGY_30_2, technology)
        files["Alternate Titles.txt"] = (
            [CODE, "Alternate Title", "Short Title", "Source(s)"],
            titles,
        )
        files["Interests.txt"] = (H_SIMPLE_RATING, interests)
        files["Education, Training, and Experience.txt"] = (H_ETE, _ete_rows(codes))
        files["Education, Training, and Experience Categories.txt"] = (H_CATEGORIES, _categories())
        if skills == "excel":  # as in ../shared/data/onet: Skills.txt absent, Skills.xlsx given
            sheet = [H_DESCRIPTOR_XLSX, *_descriptor_xlsx_rows(SKILLS, codes)]
            files["Skills.xlsx"] = [("Skills", sheet)]
        else:
            files["Skills.txt"] = (H_DESCRIPTOR, _descriptor_rows(SKILLS, codes))
    elif layout == "30.3":
        software = [
            [c, example, element, title, hot, demand]
            for c, example, _, title, element, hot, demand in TECHNOLOGY
            if c in codes
        ]
        files.update(
            {
                "Essential Skills.txt": (H_DESCRIPTOR, _descriptor_rows(ESSENTIAL_SKILLS, codes)),
                "Transferable Skills.txt": (
                    H_DESCRIPTOR,
                    _descriptor_rows(TRANSFERABLE_SKILLS, codes),
                ),
                "Software Skills.txt": (H_SOFTWARE_30_3, software),
                "Job Titles.txt": ([CODE, "Job Title", "Short Title", "Source(s)"], titles),
                "Career Interest Types.txt": (H_SIMPLE_RATING, interests),
                "Education.txt": (H_ETE, _ete_rows(codes, training=False)),
                "Education Categories.txt": (H_CATEGORIES, _categories(training=False)),
                "Training and Experience.txt": (H_ETE, _ete_rows(codes, education=False)),
                "Training and Experience Categories.txt": (
                    H_CATEGORIES,
                    _categories(education=False),
                ),
            }
        )
    else:  # pragma: no cover
        raise ValueError(layout)
    return files


def write_onet(
    folder: Path,
    layout: str = "30.2",
    *,
    codes=ONET_CODES,
    omit=(),
    release: str | None = None,
    skills: str = "excel",
) -> Path:
    """An extracted O*NET text-format folder in the given layout; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    version, month = RELEASES[release or layout]
    if "Read Me.txt" not in omit:
        (folder / "Read Me.txt").write_bytes(
            README.format(version=version, month=month).encode("utf-8")
        )
    for name, content in onet_files(layout, codes=codes, skills=skills).items():
        if name in omit:
            continue
        if name.endswith(".xlsx"):
            write_xlsx(folder / name, content)
        else:
            write_tab(folder / name, *content)
    return folder


def zip_folder(folder: Path, zip_path: Path, inner: str = "db_30_2_text") -> Path:
    """The official download's shape: one top folder inside the zip."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{inner}/", "")
        for p in sorted(Path(folder).iterdir()):
            z.write(p, f"{inner}/{p.name}")
    return Path(zip_path)


# ---------------------------------------------------------------------------------------
# BLS OEWS workbooks (national, state, metropolitan: one layout)
# ---------------------------------------------------------------------------------------

OEWS_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP",
    "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000",
    "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10",
    "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75",
    "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip
US = ("99", "U.S.", "1", "US")
OHIO = ("39", "Ohio", "2", "OH")
CLEVELAND = ("17460", "Cleveland-Elyria, OH", "4", "OH")
TOP_CODE_LINE = (
    "#  = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year "
)


def oews_row(
    area,
    occ_code,
    occ_title,
    o_group,
    tot_emp,
    hourly,
    annual,
    *,
    annual_only=False,
    hourly_only=False,
):
    """hourly/annual: (mean, p10, p25, median, p75, p90); numbers or '*', '#', ''."""
    code, title, kind, state = area
    local = kind != "1"
    return [
        code, title, kind, state, "000000", "Cross-industry", "cross-industry", "1235",
        occ_code, occ_title, o_group, tot_emp, 0.6, 1.52 if local else "",
        1.1 if local else "", "", "", hourly[0], annual[0], 0.3, *hourly[1:], *annual[1:],
        "TRUE" if annual_only else "", "TRUE" if hourly_only else "",
    ]  # fmt: skip


def write_oews(
    path: Path, rows: list[list], *, sheet: str | None = None, top_line: str = TOP_CODE_LINE
) -> Path:
    path = Path(path)
    year = re.search(r"(\d{4})", path.name)
    notes = [
        [f"May {year.group(1) if year else ''} OEWS Estimates"],
        [],
        ["Occupational Employment and Wage Statistics (OEWS) Survey"],
        ["Bureau of Labor Statistics, Department of Labor"],
        [],
        ["Field", "Field Description"],
        ["area", "U.S. (99), state FIPS code, Metropolitan Statistical Area (MSA) code"],
        ["a_median", "Annual median wage (or the 50th percentile)"],
        [],
        ["Notes:"],
        ["*  = indicates that a wage estimate is not available"],
        ["**  = indicates that an employment estimate is not available"],
        [top_line],
        [
            "~ =indicates that the percent of establishments reporting the occupation is less than 0.5%"
        ],
    ]
    return write_xlsx(
        path,
        [
            (sheet or path.stem, [OEWS_HEADER, *rows]),
            ("Field Descriptions", notes),
            ("UpdateTime", [["alldataupdate"], ["01APR2025:10:00:00"]]),
            ("Filler", []),
        ],
    )


# Our own figures: (mean, p10, p25, median, p75, p90), hourly then annual.
# 11-3051 is the SOC code of both 11-3051.00 and 11-3051.01.
# fmt: off
NOT_PUBLISHED = ("*", "*", "*", "*", "*", "*")
IPM_2024 = ((63.02, 36.50, 46.10, 59.21, 76.40, "#"), (131080, 75920, 95890, 123150, 158910, "#"))
IPM_2023 = ((61.35, 35.10, 44.20, 56.55, 74.10, 93.50), (127610, 73010, 91940, 117630, 154130, 194480))
RN_2024 = ((47.32, 30.11, 35.60, 44.51, 54.20, 66.93), (98430, 62630, 74050, 92580, 112740, 139210))
RN_2023 = ((45.42, 29.10, 34.50, 42.80, 52.40, 63.90), (94480, 60530, 71760, 89010, 108990, 132910))
ALL_2024 = ((32.66, 14.42, 17.66, 23.80, 37.89, 60.44), (67920, 29990, 36730, 49500, 78810, 125720))
MANAGEMENT_2024 = ((68.15, 27.41, 38.42, 58.70, 82.50, "#"), (141760, 57010, 79900, 122090, 171610, "#"))
TEACHER_2024 = (NOT_PUBLISHED, (69790, 46440, 50680, 62340, 79410, 102010))
ASSEMBLERS_2024 = ((21.10, 15.20, 17.30, 19.95, 23.40, 28.30), (43890, 31620, 35980, 41500, 48670, 58860))
MOVERS_2024 = ((19.40, 14.50, 16.30, 18.50, 21.60, 25.90), (40350, 30160, 33900, 38480, 44930, 53870))
IPM_OHIO = ((58.70, 35.90, 44.80, 56.10, 70.20, 86.40), (122090, 74670, 93180, 116690, 146020, 179710))
RN_OHIO = ((41.08, 29.80, 34.10, 39.90, 46.30, 54.70), (85450, 61980, 70930, 82990, 96300, 113780))
# '*' (wage not available) and a blank cell: stored as NULL.
IPM_CLEVELAND = (("", 36.20, 45.10, 57.30, 71.80, 88.10), ("*", 75300, 93810, 119180, 149340, 183250))
RN_CLEVELAND = ((42.15, 30.40, 35.20, 41.10, 47.60, 55.90), (87670, 63230, 73220, 85490, 99010, 116270))
# fmt: on

IPM_TITLE, RN_TITLE = "Industrial Production Managers", "Registered Nurses"
ASSEMBLERS = "Miscellaneous Assemblers and Fabricators"


def national_rows(year: int) -> list[list]:
    if year == 2024:
        return [
            oews_row(US, "00-0000", "All Occupations", "total", 154187380, *ALL_2024),
            oews_row(US, "11-0000", "Management Occupations", "major", 10966830, *MANAGEMENT_2024),
            # The broad group: same wages, other employment, so using it by mistake shows.
            oews_row(US, "11-3050", IPM_TITLE, "broad", 239880, *IPM_2024),
            oews_row(US, "11-3051", IPM_TITLE, "detailed", 236050, *IPM_2024),
            oews_row(US, "29-1141", RN_TITLE, "detailed", 3282010, *RN_2024),
            oews_row(
                US,
                "25-2021",
                "Elementary School Teachers, Except Special Education",
                "detailed",
                1393310,
                *TEACHER_2024,
                annual_only=True,
            ),
            # Published only at the broad level (once as "broad", once as "detailed").
            oews_row(US, "51-2090", ASSEMBLERS, "broad", 1610200, *ASSEMBLERS_2024),
            oews_row(US, "51-2090", ASSEMBLERS, "detailed", 1610200, *ASSEMBLERS_2024),
            oews_row(
                US,
                "53-7062",
                "Laborers and Freight, Stock, and Material Movers, Hand",
                "detailed",
                3040010,
                *MOVERS_2024,
            ),
        ]
    if year == 2023:
        return [
            oews_row(US, "11-3051", IPM_TITLE, "detailed", 231190, *IPM_2023),
            oews_row(US, "29-1141", RN_TITLE, "detailed", 3175390, *RN_2023),
        ]
    raise ValueError(year)


def state_rows() -> list[list]:
    return [
        oews_row(OHIO, "11-3051", IPM_TITLE, "detailed", 11230, *IPM_OHIO),
        oews_row(OHIO, "29-1141", RN_TITLE, "detailed", 132480, *RN_OHIO),
    ]


def metro_rows() -> list[list]:
    return [
        oews_row(CLEVELAND, "11-3051", IPM_TITLE, "detailed", "**", *IPM_CLEVELAND),  # '**'
        oews_row(CLEVELAND, "29-1141", RN_TITLE, "detailed", 27590, *RN_CLEVELAND),
    ]


# The state file also holds the territories (AREA_TYPE 3); the metropolitan file also
# holds the nonmetropolitan areas (AREA_TYPE 6, seven-digit codes). Our own figures.
PUERTO_RICO = ("72", "Puerto Rico", "3", "PR")
NE_OHIO = ("3900003", "Northeast Ohio nonmetropolitan area", "6", "OH")
NE_OHIO_SLUG = "northeast-ohio-nonmetropolitan-area-nonmetro"
# fmt: off
IPM_PUERTO_RICO = ((48.10, 26.20, 33.80, 44.90, 60.10, "#"), (100050, 54500, 70300, 93390, 125010, "#"))
RN_PUERTO_RICO = (("*", 16.10, 17.20, 18.90, 21.30, 24.80), ("*", 33490, 35780, 39310, 44300, 51580))
RN_NE_OHIO = ((37.20, 28.50, 32.40, 36.80, 41.90, 47.30), (77380, 59280, 67390, 76540, 87150, 98380))
# fmt: on


def territory_rows() -> list[list]:
    return [
        oews_row(PUERTO_RICO, "11-3051", IPM_TITLE, "detailed", 610, *IPM_PUERTO_RICO),  # '#'
        oews_row(PUERTO_RICO, "29-1141", RN_TITLE, "detailed", "**", *RN_PUERTO_RICO),  # '*'
    ]


def nonmetro_rows() -> list[list]:
    return [oews_row(NE_OHIO, "29-1141", RN_TITLE, "detailed", 2140, *RN_NE_OHIO)]


# ---------------------------------------------------------------------------------------
# BLS Employment Projections, occupation.xlsx (Table 1.2)
# ---------------------------------------------------------------------------------------

# BLS headers write year ranges with an en dash; missing values are an em dash.
EN_DASH, EM_DASH = "\u2013", "\u2014"
PROJECTIONS_TITLE = (
    f"Table 1.2 Occupational projections, 2024{EN_DASH}2034, and worker characteristics, 2024 "
    "(Employment in thousands)"
)
PROJECTIONS_HEADER = [
    "2024 National Employment Matrix title",
    "2024 National Employment Matrix code",
    "Occupation type",
    "Employment, 2024",
    "Employment, 2034",
    "Employment distribution, percent, 2024",
    "Employment distribution, percent, 2034",
    f"Employment change, numeric, 2024{EN_DASH}34",
    f"Employment change, percent, 2024{EN_DASH}34",
    "Percent self employed, 2024",
    f"Occupational openings, 2024{EN_DASH}34 annual average",
    "Median annual wage, dollars, 2024[1]",
    "Typical education needed for entry",
    "Work experience in a related occupation",
    "Typical on-the-job training needed to attain competency in the occupation",
    "Related Occupational Outlook Handbook (OOH) content xlsx",
]
DASH = EM_DASH
BACHELOR, DOCTORAL = "Bachelor's degree", "Doctoral or professional degree"
# Our own figures, employment in thousands as in the table.
# fmt: off
PROJECTION_ROWS = [
    ["Total, all occupations", "00-0000", "Summary",
     170102.4, 175301.8, 100.0, 100.0, 5199.4, 3.1, 5.8, 18870.2, 49500.0, DASH, DASH, DASH, DASH],
    ["  Management occupations", "11-0000", "Summary",
     13610.2, 14450.1, 8.0, 8.2, 839.9, 6.2, 14.1, 1150.3, 122090.0, DASH, DASH, DASH, DASH],
    ["    Operations specialties managers", "11-3000", "Summary",
     2790.1, 3070.4, 1.6, 1.8, 280.3, 10.0, 1.4, 231.9, 140330.0, DASH, DASH, DASH, DASH],
    ["      Industrial production managers", "11-3051", "Line item",
     238.7, 243.9, 0.1, 0.1, 5.2, 2.2, 2.4, 16.8, 123150.0,
     BACHELOR, "5 years or more", "None", "OOH Content"],
    ["  Educational instruction and library occupations", "25-0000", "Summary",
     9860.3, 10120.5, 5.8, 5.8, 260.2, 2.6, 3.0, 880.7, 61230.0, DASH, DASH, DASH, DASH],
    ["        Elementary school teachers, except special education", "25-2021", "Line item",
     1420.5, 1395.1, 0.8, 0.8, -25.4, -1.8, 0.6, 90.2, 62340.0,
     BACHELOR, "None", "None", "OOH Content"],
    ["  Healthcare practitioners and technical occupations", "29-0000", "Summary",
     10200.8, 11010.6, 6.0, 6.3, 809.8, 7.9, 3.9, 640.5, 84500.0, DASH, DASH, DASH, DASH],
    ["        Orthodontists", "29-1023", "Line item",
     6.0, 6.3, 0.0, 0.0, 0.3, 4.6, 11.8, 0.2, ">=$239,200",
     DOCTORAL, "None", "Internship/residency", "OOH Content"],
    ["      Registered nurses", "29-1141", "Line item",
     3380.2, 3562.4, 2.0, 2.0, 182.2, 5.4, 0.6, 193.4, 92580.0,
     BACHELOR, "None", "None", "OOH Content"],
    ["      Physicians", "29-1210", "Summary",
     785.6, 807.7, 0.5, 0.5, 22.1, 2.8, 4.2, 22.3, ">=$239,200", DASH, DASH, DASH, DASH],
]
# fmt: on
PROJECTIONS_FOOTNOTES = [
    ["Footnotes:"],
    ["[1] Data are from the Occupational Employment and Wage Statistics program."],
    [f'Note: Data is unavailable for values denoted with a "{EM_DASH}".'],
    ["Source: Employment Projections program, U.S. Bureau of Labor Statistics"],
]


def write_projections(path: Path, rows=PROJECTION_ROWS) -> Path:
    table = [[PROJECTIONS_TITLE], PROJECTIONS_HEADER, *rows, *PROJECTIONS_FOOTNOTES]
    return write_xlsx(
        path,
        [
            ("Index", [["Employment Projections: occupation tables"], ["Table 1.2"]]),
            (
                "Table 1.1",
                [["Table 1.1 Employment by major occupational group, 2024 and projected 2034"]],
            ),
            ("Table 1.2", table),
            ("Table 1.3", [["Table 1.3 Fastest growing occupations, 2024 and projected 2034"]]),
        ],
    )


# ---------------------------------------------------------------------------------------
# AIOE data appendix and the BLS SOC 2010 -> 2018 crosswalk
# ---------------------------------------------------------------------------------------

# SOC 2010 codes, our own scores.
AIOE_SCORES = [
    ("11-3051", "Industrial Production Managers", 0.612),
    ("11-9199", "Managers, All Other", 0.903),
    ("13-1199", "Business Operations Specialists, All Other", 1.137),
    ("15-1134", "Web Developers", 1.291),  # not in our crosswalk
    ("29-1111", "Registered Nurses", -0.158),  # SOC 2018: 29-1141
    ("45-2011", "Agricultural Inspectors", -0.476),  # no O*NET occupation in the tests
]
CROSSWALK = [
    ("11-3051", "Industrial Production Managers", "11-3051", "Industrial Production Managers"),
    ("11-9199", "Managers, All Other (#)", "11-9199", "Managers, All Other (##)"),
    ("11-9199", "Managers, All Other (#)", "13-1082", "Project Management Specialists (##)"),
    ("13-1199", "Business Operations Specialists, All Other (#)", "13-1082", "Project Management Specialists (##)"),
    ("29-1111", "Registered Nurses", "29-1141", "Registered Nurses"),
    ("45-2011", "Agricultural Inspectors", "45-2011", "Agricultural Inspectors"),
]  # fmt: skip


def write_aioe(path: Path, scores=AIOE_SCORES) -> Path:
    return write_xlsx(
        path,
        [
            ("Index", [["Data Appendix A: AIOE Scores by Occupation"],
                       ["Data Appendix B: AIIE Scores by Industry (4-Digit NAICS)"]]),
            ("Appendix A", [["SOC Code", "Occupation Title", "AIOE"], *[list(s) for s in scores]]),
            ("Appendix B", [["NAICS", "Industry Title", "AIIE"], [1133, "Logging", -1.36]]),
        ],
    )  # fmt: skip


def write_crosswalk(path: Path, pairs=CROSSWALK) -> Path:
    rows = [
        ["U.S. Bureau of Labor Statistics"],
        ["On behalf of the Office of Management and Budget (OMB) and the Standard Occupational "
         "Classification Policy Committee (SOCPC)"],
        None,
        ["***Questions should be emailed to soc@bls.gov***"],
        None,
        ["November 2017"],
        None,
        None,
        ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"],
        *[list(p) for p in pairs],
    ]  # fmt: skip
    return write_xlsx(path, [("Sorted by 2010", rows)])


# ---------------------------------------------------------------------------------------
# A data folder laid out like ../shared/data
# ---------------------------------------------------------------------------------------


def write_data_folder(root: Path) -> Path:
    root = Path(root)
    write_onet(root / "onet", "30.2")
    (root / "oews").mkdir(parents=True)
    write_oews(root / "oews" / "national_M2023_dl.xlsx", national_rows(2023))
    write_oews(root / "oews" / "national_M2024_dl.xlsx", national_rows(2024))
    (root / "bls_projections").mkdir()
    write_projections(root / "bls_projections" / "occupation.xlsx")
    (root / "aioe").mkdir()
    write_aioe(root / "aioe" / "AIOE_DataAppendix.xlsx")
    (root / "crosswalk").mkdir()
    write_crosswalk(root / "crosswalk" / "soc_2010_to_2018_crosswalk.xlsx")
    return root
