"""Readers for the official files: every problem names the file, the line and what is wrong."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook


class ImportFileError(Exception):
    """A malformed input file. str() is 'FILE, line N: problem'."""

    def __init__(self, file: str, line: int | None, problem: str):
        self.file, self.line, self.problem = str(file), line, problem
        where = f"{self.file}, line {line}" if line else self.file
        super().__init__(f"{where}: {problem}")


@dataclass
class Row:
    file: str
    line: int
    values: dict

    def fail(self, problem: str):
        raise ImportFileError(self.file, self.line, problem)

    def _key(self, column: str) -> str:
        if column in self.values:
            return column
        wanted = column.upper()
        for k in self.values:
            if k.upper() == wanted:
                return k
        return column

    def get(self, column: str, default=None):
        values = self.values
        if column in values:  # the usual case, a million times per import: no extra call
            return values[column]
        return values.get(self._key(column), default)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.get(column)
        if value is None:
            value = ""
        elif value.__class__ is str:
            value = value.strip()
        else:
            value = str(value).strip()
        if required and not value:
            self.fail(f"column '{column}' is empty")
        return value

    def number(self, column: str, *, required: bool = True, special=("n/a", "")) -> float | None:
        value = self.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = "" if value is None else str(value).strip()
        if text in special:
            if required:
                self.fail(f"column '{column}' is empty")
            return None
        try:
            return float(text.replace(",", ""))
        except ValueError:
            self.fail(f"column '{column}' is not a number: {text[:40]!r}")


class Source:
    """A folder or a zip of O*NET-style files, found by file name wherever they sit."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise ImportFileError(self.path, None, "no such file or folder")
        self._zip = None
        self._names: dict[str, str] = {}
        if self.path.is_file():
            if not zipfile.is_zipfile(self.path):
                raise ImportFileError(self.path, None, "not a folder or a zip file")
            self._zip = zipfile.ZipFile(self.path)
            members = sorted(
                self._zip.infolist(), key=lambda i: (i.filename.count("/"), i.filename)
            )
            for info in members:
                if not info.is_dir():
                    self._names.setdefault(info.filename.rsplit("/", 1)[-1].lower(), info.filename)
        else:
            # Shallowest first, so 'Read Me.txt' at the top wins over one in a subfolder.
            for p in sorted(self.path.rglob("*"), key=lambda p: (len(p.parts), str(p))):
                if p.is_file():
                    self._names.setdefault(p.name.lower(), str(p))

    def has(self, name: str) -> bool:
        return name.lower() in self._names

    def label(self, name: str) -> str:
        return f"{self.path.name}/{name}" if self._zip else str(Path(self._names[name.lower()]))

    def read_bytes(self, name: str) -> bytes:
        real = self._names[name.lower()]
        if self._zip:
            return self._zip.read(real)
        return Path(real).read_bytes()

    def tab_rows(self, name: str, required_columns: list[str]) -> Iterator[Row]:
        label = self.label(name)
        return tab_rows(self.read_bytes(name), label, required_columns)

    def xlsx_rows(self, name: str, required_columns: list[str]) -> Iterator[Row]:
        label = self.label(name)
        return xlsx_rows(self.read_bytes(name), label, required_columns)


def _tab_reader(stream):
    """O*NET's tab-delimited text: no quoting, so a quote mark is just a character."""
    return csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)


def _header(data: bytes, label: str, reader_for, required_columns: list[str]):
    """Decode a UTF-8 table, read its header row and check the columns it must have:
    the same checks and messages for the tab- and comma-separated formats."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(label, line, "not valid UTF-8") from exc
    reader = reader_for(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportFileError(label, 1, "the file is empty") from None
    missing = [c for c in required_columns if c not in header]
    if missing:
        raise ImportFileError(
            label, 1, f"missing column(s) {', '.join(missing)}; found {', '.join(header)}"
        )
    return reader, header


def tab_rows(data: bytes, label: str, required_columns: list[str]) -> Iterator[Row]:
    """Rows of a UTF-8, tab-delimited file with a header; the column count is checked per line."""
    reader, header = _header(data, label, _tab_reader, required_columns)
    width = len(header)
    for line, fields in enumerate(reader, start=2):
        if not fields or fields == [""]:
            continue
        if len(fields) != width:
            raise ImportFileError(
                label, line, f"expected {width} tab-separated columns, found {len(fields)}"
            )
        yield Row(label, line, dict(zip(header, fields, strict=True)))


def csv_rows(data: bytes, label: str, required_columns: list[str]) -> Iterator[Row]:
    """Rows of a UTF-8, comma-separated file with a header (research data sets)."""
    reader, header = _header(data, label, csv.reader, required_columns)
    width = len(header)
    for fields in reader:
        line = reader.line_num
        if not fields or fields == [""]:
            continue
        if len(fields) != width:
            raise ImportFileError(
                label, line, f"expected {width} comma-separated columns, found {len(fields)}"
            )
        yield Row(label, line, dict(zip(header, fields, strict=True)))


class Prefetch:
    """Workbooks parsed ahead in one background thread while the import works on others.

    python-calamine parses without holding the GIL, so on a machine with two cores the
    workbook an import needs next is read while the rows of the one before are checked
    and written: the 20 workbooks of the real data are most of its parse time. The
    import asks in its own order (`_sheet_rows` takes what is ready, or waits for it);
    a workbook that fails to parse here is parsed again where it is asked for, so every
    error is raised, with its message, exactly where it would be without the prefetch.
    """

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch")
        self._jobs: list[tuple[str, Future]] = []

    def add(self, source: str, books: Callable[[], Iterable[tuple[str, bytes, str | None]]]):
        """Queue `books()`, run in the thread: (label, data, sheet) of each sheet to parse.
        `source` is the label of the file, or of the zip whose members' labels start with it."""

        def work():
            ready = {}
            for label, data, sheet in books():
                # One that fails is parsed again, and reported, where the import asks for it.
                with suppress(ImportFileError):
                    ready[(label, sheet)] = (len(data), _parse_sheet(data, label, sheet))
            return ready

        self._jobs.append((source, self._pool.submit(work)))

    def take(self, data: bytes, label: str, sheet: str | None):
        """The parsed sheet if it was queued (None if not, or if it did not parse)."""
        for source, future in self._jobs:
            if label == source or label.startswith(source + "/"):
                try:
                    ready = future.result()
                except Exception:
                    return None  # e.g. an unreadable zip: the import's own read reports it
                hit = ready.pop((label, sheet), None)
                if hit is not None and hit[0] == len(data):
                    return hit[1]
        return None

    def close(self):
        self._pool.shutdown(wait=True, cancel_futures=True)


_prefetch: Prefetch | None = None


@contextmanager
def prefetching():
    """A Prefetch that `_sheet_rows` consults until the block ends (one import at a time)."""
    global _prefetch
    ahead = Prefetch()
    _prefetch = ahead
    try:
        yield ahead
    finally:
        _prefetch = None
        ahead.close()


def _sheet_rows(data: bytes, label: str, sheet: str | None):
    if _prefetch is not None:
        ready = _prefetch.take(data, label, sheet)
        if ready is not None:
            return ready
    return _parse_sheet(data, label, sheet)


def _parse_sheet(data: bytes, label: str, sheet: str | None):
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:
        raise ImportFileError(label, None, f"not a readable Excel workbook ({exc})") from exc
    if sheet is None:
        return wb, wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    if sheet not in wb.sheet_names:
        raise ImportFileError(
            label, None, f"no sheet named {sheet!r}; sheets are {', '.join(wb.sheet_names)}"
        )
    return wb, wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def xlsx_rows(
    data: bytes,
    label: str,
    required_columns: list[str],
    *,
    sheet: str | None = None,
    header_match=None,
) -> Iterator[Row]:
    """Rows of a sheet under the first row holding every required column (case-insensitive)."""
    _, rows = _sheet_rows(data, label, sheet)
    want = [c.upper() for c in required_columns]
    for index, raw in enumerate(rows):  # noqa: B007 - index is used after the loop
        header = [str(c).strip() for c in raw]
        upper = [h.upper() for h in header]
        if all(w in upper for w in want) and (header_match is None or header_match(upper)):
            break
    else:
        raise ImportFileError(
            label, None, f"no header row with columns {', '.join(required_columns)}"
        )
    width = len(header)
    for offset, raw in enumerate(rows[index + 1 :], start=index + 2):
        if not any(str(c).strip() for c in raw):
            continue
        if len(raw) > width and any(str(c).strip() for c in raw[width:]):
            raise ImportFileError(
                label, offset, f"expected {width} columns, found values beyond them"
            )
        yield Row(
            label, offset, dict(zip(header, list(raw) + [""] * (width - len(raw)), strict=False))
        )


def sheet_text(data: bytes, label: str, sheet: str) -> str:
    """All text of one sheet, for notes such as the OEWS top-code definition."""
    try:
        _, rows = _sheet_rows(data, label, sheet)
    except ImportFileError:
        return ""
    return "\n".join(" ".join(str(c) for c in r) for r in rows)
