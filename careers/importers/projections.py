"""BLS Employment Projections importer: occupation.xlsx, Table 1.2."""

import re
from decimal import Decimal
from pathlib import Path

from careers import services as cs
from careers.models import Education, Outlook, period_label
from careers.soc import SOC_CODE_RE

from .readers import ImportFileError, xlsx_rows

SHEET = "Table 1.2"
CODE_COL = "2024 National Employment Matrix code"


def _find(header: list[str], pattern: str, label: str) -> str:
    for h in header:
        if re.search(pattern, h, re.I):
            return h
    raise ImportFileError(label, None, f"no column matching {pattern!r} in {SHEET}")


def import_projections(path: Path, log) -> cs.Summary:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, None, "no such file")
    label = str(path)
    data = path.read_bytes()
    rows = list(
        xlsx_rows(
            data,
            label,
            ["Occupation type"],
            sheet=SHEET,
            header_match=lambda h: any("MATRIX CODE" in c for c in h),
        )
    )
    if not rows:
        raise ImportFileError(label, None, f"{SHEET} has no data rows")
    header = list(rows[0].values)
    code_col = _find(header, r"matrix code", label)
    emp = [h for h in header if re.match(r"EMPLOYMENT, \d{4}$", h, re.I)]
    if len(emp) != 2:
        raise ImportFileError(label, None, "expected two 'Employment, YYYY' columns")
    start_year, end_year = (int(h[-4:]) for h in emp)
    pct_col = _find(header, r"^EMPLOYMENT CHANGE, PERCENT", label)
    open_col = _find(header, r"OPENINGS", label)
    wage_col = _find(header, r"MEDIAN ANNUAL WAGE", label)
    edu_col = _find(header, r"TYPICAL EDUCATION", label)
    exp_col = _find(header, r"WORK EXPERIENCE", label)
    ojt_col = _find(header, r"ON-THE-JOB TRAINING", label)

    onet_by_soc = cs.occupations_by_soc()
    source = f"BLS Employment Projections {period_label(start_year, end_year)}, Table 1.2"
    title_col = _find(header, r"matrix title", label)
    lines = {}
    for r in rows:
        if r.text("OCCUPATION TYPE", required=False).lower() != "line item":
            continue
        soc = r.text(code_col)
        if not SOC_CODE_RE.match(soc):
            r.fail(f"malformed matrix code {soc!r}")
        lines[soc] = r
    # A 6-digit code with no line item of its own takes the line item of the group that
    # includes it (21-1018 for 21-1011 and 21-1014; 13-1020 for 13-1021), labeled as
    # that group's projection.
    cover = cs.covering_codes(set(lines), onet_by_soc)
    outlooks, educations = [], []
    used = set()
    for soc, occs in onet_by_soc.items():
        line = soc if soc in lines else cover.get(soc)
        if line is None:
            continue
        used.add(line)
        r = lines[line]
        raw_wage = str(r.get(wage_col) or "").strip()
        if raw_wage.startswith(">="):  # top-coded, e.g. ">=$239,200": store the top code
            r.values[wage_col] = raw_wage[2:].lstrip("$")
        wage = r.number(wage_col, required=False, special=("n/a", "", "—", "-"))
        base = {
            "soc_code": line,
            "soc_title": "" if line == soc else r.text(title_col)[:200],
            "employment_start": round(r.number(emp[0]) * 1000),
            "employment_end": round(r.number(emp[1]) * 1000),
            "change_percent": Decimal(str(r.number(pct_col))).quantize(Decimal("0.1")),
            "annual_openings": round(r.number(open_col) * 1000),
            "period_start": start_year,
            "period_end": end_year,
            "median_wage": round(wage) if wage is not None else None,
            "entry_education": r.text(edu_col, required=False)[:120],
            "work_experience": r.text(exp_col, required=False)[:120],
            "on_the_job_training": r.text(ojt_col, required=False)[:120],
            "source": source,
        }
        for _code, occ_id in occs:
            outlooks.append({"occupation_id": occ_id, **base})
            educations.append(
                {
                    "occupation_id": occ_id,
                    "typical_education": base["entry_education"],
                    "related_experience": base["work_experience"],
                    "on_the_job_training": base["on_the_job_training"],
                    "source": source,
                }
            )
    line_items, skipped = len(lines), len(set(lines) - used)
    # The table is the whole release: an occupation it does not cover keeps no projection
    # and no BLS entry requirements (nor the demo's, nor an earlier match's).
    covered = {e["occupation_id"] for e in educations}
    for occ_id in Education.objects.exclude(occupation_id__in=covered).values_list(
        "occupation_id", flat=True
    ):
        educations.append(
            {
                "occupation_id": occ_id,
                "typical_education": "",
                "related_experience": "",
                "on_the_job_training": "",
                "source": "",
            }
        )
    log(
        f"  {path.name} {SHEET}: {line_items:,} detailed occupations, {skipped} matched no O*NET code"
    )
    summary = cs.Summary()
    counts = cs.upsert(Outlook, ("occupation_id",), outlooks, prune=True)
    counts.skipped += skipped
    summary.add("outlook", counts)
    summary.add("education (BLS entry)", cs.upsert(Education, ("occupation_id",), educations))
    return summary
