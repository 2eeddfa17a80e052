"""Reading a participant sheet row by row, whatever its size: CSV or XLSX, never all at once.

The format is decided by the file's first bytes, not by its name: an XLSX workbook is a
ZIP archive; a CSV file is UTF-8 text (with or without the byte-order mark Excel writes)
separated by commas or by semicolons (German Excel). Every cell comes out as text, so one
set of parsers serves both formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) format
SNIFF_BYTES = 64 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read: `code` names the message (see problems.py)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def sniff_format(path: Path) -> str:
    """'csv' or 'xlsx', from the content; FileProblem for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise FileProblem("file_empty")
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        raise FileProblem("file_old_excel")
    if b"\x00" in head:
        raise FileProblem("file_not_table")
    # The encoding is checked while reading, so the report can name the row.
    return "csv"


def _delimiter(header_line: str) -> str:
    """Semicolon if the header has more semicolons than commas (German Excel), else comma."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def cell_text(value) -> str:
    """A cell of either format as text: dates ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _non_empty(rows) -> Iterator[tuple[int, list[str]]]:
    for number, cells in rows:
        if any(cells):
            yield number, cells


@contextmanager
def open_sheet(path: Path, fmt: str):
    """(header cells, iterator of (row number, cells)); row 1 is the header, as in Excel."""
    if fmt == "xlsx":
        with _open_xlsx(path) as sheet:
            yield sheet
    else:
        with _open_csv(path) as sheet:
            yield sheet


@contextmanager
def _open_csv(path: Path):
    handle = open(path, "rb")  # noqa: SIM115 (closed below)
    try:
        state = {"line": 0}

        def lines():
            # Decoded line by line, so a wrong encoding is reported at its own line.
            for raw in handle:
                state["line"] += 1
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise FileProblem("file_encoding_at", row=state["line"]) from None
                yield text.removeprefix("\ufeff") if state["line"] == 1 else text

        source = lines()
        first = next(source, "")
        reader = csv.reader(
            itertools.chain([first], source), delimiter=_delimiter(first), strict=False
        )

        def rows():
            number = 0
            try:
                for number, cells in enumerate(reader, start=1):
                    yield number, [cell.strip() for cell in cells]
            except csv.Error:
                raise FileProblem("file_csv_broken", row=number + 1) from None

        iterator = rows()
        header = next(iterator, None)
        if header is None:
            raise FileProblem("file_empty")
        yield header[1], _non_empty(iterator)
    except FileProblem as problem:
        if problem.code == "file_encoding_at" and problem.params.get("row") == 1:
            raise FileProblem("file_encoding") from None
        raise
    finally:
        handle.close()


@contextmanager
def _open_xlsx(path: Path):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # A file object, not the path: openpyxl judges paths by their extension, and a
    # stored upload has none.
    handle = open(path, "rb")  # noqa: SIM115 (closed below)
    try:
        # read_only streams the sheet's XML; data_only=False keeps formulas visible as
        # "=…" text, so they are refused instead of silently taking a cached value.
        workbook = load_workbook(handle, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        handle.close()
        raise FileProblem("file_not_xlsx") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileProblem("file_empty")

        def rows():
            try:
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield number, [cell_text(value) for value in values]
            except (zipfile.BadZipFile, KeyError, ValueError, OSError):
                raise FileProblem("file_not_xlsx") from None

        iterator = rows()
        header = next(iterator, None)
        if header is None:
            raise FileProblem("file_empty")
        yield header[1], _non_empty(iterator)
    finally:
        workbook.close()
        handle.close()
