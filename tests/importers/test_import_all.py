"""import_all on a folder laid out like ../shared/data, written by the tests."""

import pytest
from django.core.management.base import CommandError

from careers.models import AIResilience, DataSource, Occupation, Outlook, Rating
from salaries.models import Wage

from .builders import (
    IPM,
    ONET_CODES,
    edit_line,
    line_number,
    national_rows,
    state_rows,
    write_data_folder,
    write_oews,
    write_onet,
)
from .dbstate import changed_rows, parse_summary, run, table_counts

pytestmark = pytest.mark.django_db


def test_import_all_runs_everything_and_a_second_run_changes_nothing(tmp_path):
    root = write_data_folder(tmp_path / "data")

    out = run("import_all", root)

    for step in (
        "[1/4] O*NET",
        "[2/4] OEWS: 2 file(s)",
        "[3/4] Employment Projections",
        "[4/4] AI exposure (AIOE, LM-AIOE, Eloundou et al., Microsoft)",
    ):
        assert step in out
    assert "layout 30.2 and earlier" in out
    assert "(BLS crosswalk)" in out
    assert set(Occupation.objects.values_list("code", flat=True)) == set(ONET_CODES)
    assert Rating.objects.count() == 39
    assert sorted(Wage.objects.values_list("release_year", flat=True)) == [2023] * 3 + [2024] * 3
    assert Outlook.objects.count() == 3
    assert AIResilience.objects.count() == 3
    assert AIResilience.objects.filter(label="").count() == 0  # all inputs present
    assert dict(DataSource.objects.values_list("key", "release")) == {
        "onet": "O*NET 30.2",
        "oews": "May 2024",
        "projections": "2024-34",
        "aioe": "2021",
    }
    assert changed_rows(out) > 0

    counts = table_counts()
    stamps = dict(DataSource.objects.values_list("key", "imported_at"))

    again = run("import_all", root)

    assert ": 0 row(s) changed." in again
    assert changed_rows(again) == 0, parse_summary(again)
    assert table_counts() == counts
    assert dict(DataSource.objects.values_list("key", "imported_at")) == stamps


def test_import_date_moves_only_for_the_data_set_that_changed(tmp_path):
    """A new O*NET file changes O*NET rows only: OEWS, projections and AIOE keep their date."""
    root = write_data_folder(tmp_path / "data")
    run("import_all", root)
    before = dict(DataSource.objects.values_list("key", "imported_at"))

    tasks = root / "onet" / "Task Statements.txt"
    edit_line(
        tasks, line_number(tasks, IPM, "8004"), lambda f: [*f[:2], "Hire and train staff.", *f[3:]]
    )
    out = run("import_all", root)

    summary = parse_summary(out)
    assert summary["task"][1] == 1  # updated
    assert not any(c or u or d for t, (c, u, _, _, d) in summary.items() if t.startswith("wage")), (
        summary
    )
    after = dict(DataSource.objects.values_list("key", "imported_at"))
    assert after["onet"] > before["onet"]
    assert {k: after[k] for k in ("oews", "projections", "aioe")} == {
        k: before[k] for k in ("oews", "projections", "aioe")
    }


def test_oews_release_is_named_for_the_all_data_workbook(tmp_path):
    """BLS names the all-areas file all_data_M_2024.xlsx (in oesm24all.zip); import_oews
    accepts it, and import_all must record its release as May 2024 as well."""
    root = tmp_path / "data"
    write_onet(root / "onet", "30.2")
    (root / "oews").mkdir()
    rows = national_rows(2024) + state_rows()
    write_oews(root / "oews" / "all_data_M_2024.xlsx", rows, sheet="All May 2024 data")

    out = run("import_all", root)

    assert "[2/4] OEWS: 1 file(s)" in out
    assert set(Wage.objects.values_list("release_year", flat=True)) == {2024}
    assert DataSource.objects.get(key="oews").release == "May 2024"


def test_workbooks_read_ahead_are_the_ones_the_import_uses(tmp_path, monkeypatch):
    """import_all parses its workbooks in a background thread (readers.Prefetch): every
    workbook the steps read comes from it (the other tests here check what they hold)."""
    from careers.importers import readers

    root = write_data_folder(tmp_path / "data")
    asked = []
    take = readers.Prefetch.take

    def recording(self, data, label, sheet):
        got = take(self, data, label, sheet)
        asked.append((label.rsplit("/", 1)[-1], sheet, got is not None))
        return got

    monkeypatch.setattr(readers.Prefetch, "take", recording)
    run("import_all", root)
    hits = {(name, sheet) for name, sheet, hit in asked if hit}
    assert {
        ("Skills.xlsx", None),
        ("national_M2023_dl.xlsx", None),
        ("national_M2024_dl.xlsx", None),
        ("occupation.xlsx", "Table 1.2"),
        ("AIOE_DataAppendix.xlsx", "Appendix A"),
        ("soc_2010_to_2018_crosswalk.xlsx", None),
    } <= hits, asked
    assert readers._prefetch is None  # the thread is gone with the import


def test_a_workbook_broken_in_the_background_is_reported_by_the_step_that_reads_it(tmp_path):
    root = write_data_folder(tmp_path / "data")
    (root / "oews" / "national_M2024_dl.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    before = table_counts()

    with pytest.raises(CommandError) as raised:
        run("import_all", root)

    message = str(raised.value)
    assert "national_M2024_dl.xlsx: not a readable Excel workbook" in message
    assert "Nothing was changed." in message
    assert table_counts() == before


def test_the_import_pauses_the_garbage_collector_and_always_restarts_it(tmp_path):
    import gc

    root = write_data_folder(tmp_path / "data")
    seen = []
    from careers.importers import onet

    run_onet = onet.OnetImport.run

    def spying(self):
        seen.append(gc.isenabled())
        return run_onet(self)

    onet.OnetImport.run = spying
    try:
        run("import_all", root)
        (root / "onet" / "Occupation Data.txt").write_text("not\ta\theader\n")
        with pytest.raises(CommandError):
            run("import_all", root)
    finally:
        onet.OnetImport.run = run_onet
    assert seen == [False, False]  # paused in both runs, the failing one included
    assert gc.isenabled()
