"""import_projections on a small occupation.xlsx with Table 1.2 in the official BLS layout."""

import re
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from careers.models import DataSource, Education, Occupation, Outlook

from .builders import IPM, PROJECTION_ROWS, QCM, RN, write_projections, write_xlsx
from .dbstate import parse_summary, run, table_counts

pytestmark = pytest.mark.django_db

ORTHODONTIST = "29-1023.00"
SOURCE = "BLS Employment Projections 2024-34, Table 1.2"


@pytest.fixture
def occupations(onet_loaded, make_occupation):
    make_occupation(ORTHODONTIST, "Orthodontists")


def outlook(code):
    return Outlook.objects.get(occupation__code=code)


def test_table_1_2(tmp_path, occupations):
    path = write_projections(tmp_path / "occupation.xlsx")

    out = run("import_projections", path)

    # 4 "Line item" rows; the 6 "Summary" rows and the footnotes are not occupations.
    assert "occupation.xlsx Table 1.2: 4 detailed occupations, 1 matched no O*NET code" in out
    assert parse_summary(out)["outlook"][:4] == (4, 0, 0, 1)
    assert set(Outlook.objects.values_list("occupation__code", flat=True)) == {
        IPM,
        QCM,
        RN,
        ORTHODONTIST,
    }
    assert not Outlook.objects.filter(soc_code__endswith="000").exists()

    ipm = outlook(IPM)
    assert ipm.soc_code == "11-3051"
    assert (ipm.employment_start, ipm.employment_end) == (238700, 243900)  # thousands x 1000
    assert ipm.change_percent == Decimal("2.2")
    assert ipm.annual_openings == 16800
    assert (ipm.period_start, ipm.period_end, ipm.period) == (2024, 2034, "2024-34")
    assert ipm.median_wage == 123150
    assert (ipm.entry_education, ipm.work_experience, ipm.on_the_job_training) == (
        "Bachelor's degree",
        "5 years or more",
        "None",
    )
    assert ipm.source == SOURCE
    # The SOC row applies to every O*NET code under it.
    qcm = outlook(QCM)
    assert (qcm.employment_start, qcm.change_percent, qcm.median_wage) == (
        238700,
        Decimal("2.2"),
        123150,
    )

    rn = outlook(RN)
    assert (rn.employment_start, rn.employment_end) == (3380200, 3562400)
    assert (rn.change_percent, rn.annual_openings) == (Decimal("5.4"), 193400)

    # ">=$239,200": the top code is stored.
    ortho = outlook(ORTHODONTIST)
    assert ortho.median_wage == 239200
    assert ortho.entry_education == "Doctoral or professional degree"
    assert ortho.on_the_job_training == "Internship/residency"

    # Education: the BLS typical entry fields, and the values derived from them.
    edu = Education.objects.get(occupation__code=IPM)
    assert (edu.typical_education, edu.related_experience, edu.on_the_job_training) == (
        "Bachelor's degree",
        "5 years or more",
        "None",
    )
    assert edu.source == SOURCE
    assert edu.training_time == "9+ years"
    assert edu.years_of_education == Decimal("4.0")
    assert edu.education_levels  # O*NET's distribution is kept alongside
    assert Education.objects.get(occupation__code=RN).training_time == "4 years"

    # Bright outlook: growth of 5% or more (RN 5.4%), not IPM (2.2%, 16,800 openings).
    assert Occupation.objects.get(code=RN).bright_outlook is True
    assert Occupation.objects.get(code=IPM).bright_outlook is False
    assert DataSource.objects.get(key="projections").release == "2024-34"


def test_second_run_changes_nothing(tmp_path, occupations):
    path = write_projections(tmp_path / "occupation.xlsx")
    run("import_projections", path)
    counts = table_counts()
    out = run("import_projections", path)
    assert ": 0 row(s) changed." in out
    assert table_counts() == counts


def test_non_numeric_employment_names_the_excel_row(tmp_path, occupations):
    counts = table_counts()
    rows = [list(r) for r in PROJECTION_ROWS]
    index = next(i for i, r in enumerate(rows) if r[1] == "29-1141")
    rows[index][3] = "3,380.2 thousand"
    path = write_projections(tmp_path / "occupation.xlsx", rows)

    with pytest.raises(CommandError) as exc:
        run("import_projections", path)

    line = index + 3  # title row 1, header row 2
    assert f"{path}, line {line}: column 'Employment, 2024' is not a number" in str(exc.value)
    assert table_counts() == counts
    assert not Outlook.objects.exists()


def test_workbook_without_table_1_2_is_an_error(tmp_path, occupations):
    path = write_xlsx(tmp_path / "occupation.xlsx", [("Table 1.1", [["nothing"]])])
    with pytest.raises(CommandError, match=re.escape("no sheet named 'Table 1.2'")):
        run("import_projections", path)
