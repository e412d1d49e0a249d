"""The tests' own xlsx writer produces workbooks python-calamine (the importers' reader) reads."""

import zipfile

from python_calamine import CalamineWorkbook

from .builders import column_letter, write_xlsx


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 31, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AF", "ZZ", "AAA",
    ]  # fmt: skip


def test_written_workbook_reads_back_with_calamine(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [
            ("Data & <notes>", [["text", 12, 2.5, True], None, ["  indented", "", "a < b & c"]]),
            ("Empty", []),
            ("Starts late", [None, None, ["x", -1.25]]),
        ],
    )
    names = set(zipfile.ZipFile(path).namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} <= names  # fmt: skip

    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["Data & <notes>", "Empty", "Starts late"]
    first = wb.get_sheet_by_name("Data & <notes>").to_python(skip_empty_area=False)
    assert first == [
        ["text", 12.0, 2.5, True],
        ["", "", "", ""],
        ["  indented", "", "a < b & c", ""],
    ]
    assert wb.get_sheet_by_name("Empty").to_python(skip_empty_area=False) == []
    # Leading empty rows are kept as empty rows, so row numbers match Excel's.
    late = wb.get_sheet_by_name("Starts late").to_python(skip_empty_area=False)
    assert late == [["", ""], ["", ""], ["x", -1.25]]
