"""Malformed O*NET files: the command fails naming the file and line, and changes nothing."""

import re

import pytest
from django.core.management.base import CommandError

from careers.models import DataSource, Occupation

from .builders import IPM, QCM, RN, edit_line, line_number, write_onet, zip_folder
from .dbstate import onet_snapshot, run, table_counts

pytestmark = pytest.mark.django_db


def newer_release(tmp_path):
    """A 30.3 release that would change a lot: retire QCM, rename RN, new release name."""
    folder = write_onet(tmp_path / "db_30_3_text", "30.3", codes=(IPM, RN))
    data = folder / "Occupation Data.txt"
    edit_line(data, line_number(data, RN), lambda f: [f[0], "Registered Nurses (renamed)", f[2]])
    return folder


def wrong_column_count(folder):
    # A file of this layout's education step.
    path = folder / "Education.txt"
    n = line_number(path, RN, "2.D.1", "Required Level of Education", "RL", "6")
    edit_line(path, n, lambda f: f[:-1])
    return path, n, "expected 13 tab-separated columns, found 12"


def non_numeric_data_value(folder):
    path = folder / "Abilities.txt"
    n = line_number(path, RN, "1.A.1.b.2", "Originality", "LV")
    edit_line(path, n, lambda f: [*f[:4], "high", *f[5:]])
    return path, n, "column 'Data Value' is not a number: 'high'"


def unknown_code_in_child_file(folder):
    path = folder / "Software Skills.txt"
    n = line_number(path, RN, "Epic Systems")
    edit_line(path, n, lambda f: ["15-1252.00", *f[1:]])
    return path, n, "unknown O*NET-SOC code 15-1252.00 (not in Occupation Data)"


def malformed_code_in_occupation_data(folder):
    path = folder / "Occupation Data.txt"
    n = line_number(path, RN)
    edit_line(path, n, lambda f: ["29-1141", *f[1:]])
    return path, n, "malformed O*NET-SOC code '29-1141'"


def job_zone_out_of_range(folder):
    path = folder / "Job Zones.txt"
    n = line_number(path, IPM)
    edit_line(path, n, lambda f: [f[0], "7", *f[2:]])
    return path, n, "job zone '7' is not one of [2, 3, 4, 5]"


BREAKAGES = [
    wrong_column_count,
    non_numeric_data_value,
    unknown_code_in_child_file,
    malformed_code_in_occupation_data,
    job_zone_out_of_range,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_malformed_file_fails_with_file_and_line_and_changes_nothing(
    tmp_path, onet_loaded, breakage
):
    counts, snapshot = table_counts(), onet_snapshot()
    folder = newer_release(tmp_path)
    path, line, problem = breakage(folder)
    assert line >= 2  # a data line, not the header

    with pytest.raises(CommandError) as exc:
        run("import_onet", folder)

    message = str(exc.value)
    assert f"{path}, line {line}: {problem}" in message
    assert "Nothing was changed." in message
    assert table_counts() == counts
    assert onet_snapshot() == snapshot
    assert Occupation.objects.get(code=QCM).is_active
    assert Occupation.objects.get(code=RN).title == "Registered Nurses"
    assert DataSource.objects.get(key="onet").release == "O*NET 30.2"


def test_malformed_file_inside_the_zip_is_named_with_the_zip(tmp_path, onet_loaded):
    counts = table_counts()
    folder = newer_release(tmp_path)
    _, line, problem = non_numeric_data_value(folder)
    archive = zip_folder(folder, tmp_path / "db_30_3_text.zip", inner="db_30_3_text")

    with pytest.raises(CommandError) as exc:
        run("import_onet", archive)

    assert f"db_30_3_text.zip/Abilities.txt, line {line}: {problem}" in str(exc.value)
    assert table_counts() == counts


def test_out_of_range_rating_is_reported_as_an_input_error(tmp_path, onet_loaded):
    """A Data Value outside the O*NET scale (here 41.2 for 4.12) is an input error too.

    It must come back as a CommandError naming the file and line, like every other
    malformed value, not as a database IntegrityError from the CHECK constraint.
    """
    counts = table_counts()
    folder = newer_release(tmp_path)
    path = folder / "Abilities.txt"
    n = line_number(path, IPM, "1.A.1.a.1", "Oral Comprehension", "IM")
    edit_line(path, n, lambda f: [*f[:4], "41.20", *f[5:]])

    with pytest.raises(CommandError) as exc:
        run("import_onet", folder)

    assert f"{path}, line {n}:" in str(exc.value)
    assert table_counts() == counts


def test_missing_occupation_data_is_an_error(tmp_path, db):
    folder = write_onet(tmp_path / "onet", "30.2", omit=("Occupation Data.txt",))
    with pytest.raises(
        CommandError, match=re.escape("required file 'Occupation Data.txt' is missing")
    ):
        run("import_onet", folder)
    assert sum(table_counts().values()) == 0


def test_dry_run_on_a_good_set_leaves_the_database_empty(onet_folder, db):
    assert sum(table_counts().values()) == 0

    out = run("import_onet", onet_folder, dry_run=True)

    assert "Dry run: the files are valid; nothing was saved" in out
    assert "layout 30.2 and earlier" in out
    assert sum(table_counts().values()) == 0, table_counts()


def test_dry_run_after_an_import_keeps_the_old_data(tmp_path, onet_loaded):
    snapshot = onet_snapshot()
    out = run("import_onet", newer_release(tmp_path), "--dry-run")
    assert "1 occupation(s) not in O*NET 30.3 marked inactive" in out  # validated and reported
    assert onet_snapshot() == snapshot
    assert DataSource.objects.get(key="onet").release == "O*NET 30.2"


def test_file_not_in_utf8_names_the_line(tmp_path, onet_loaded):
    counts = table_counts()
    folder = newer_release(tmp_path)
    path = folder / "Occupation Data.txt"
    n = line_number(path, RN)
    lines = path.read_bytes().split(b"\r\n")
    lines[n - 1] = lines[n - 1].replace(b"Assess", b"Caf\xe9 nurses assess")  # Latin-1 byte
    path.write_bytes(b"\r\n".join(lines))

    with pytest.raises(CommandError) as exc:
        run("import_onet", folder)

    assert f"{path}, line {n}: not valid UTF-8" in str(exc.value)
    assert table_counts() == counts
