"""Reading the first worksheet of an XLSX workbook within limits (issue 16, item 7).

A workbook is a ZIP archive of XML files, and both layers can lie: a 1.5 KB file may
declare the dimension A1:XFD1048576 (openpyxl's read-only sheet then pads a million rows
of 16,384 cells each, and never finishes), and a 300 KB file may unpack a single cell of
300 MB. So:

- the archive's members are checked before anything is parsed: their declared sizes
  together must stay within `max_unpacked_bytes`; while streaming, every member is
  counted again as it is actually unpacked (it may not unpack more than it declared, nor
  more than the limit), so a lying header ends the reading instead of the memory;
- the sheet's rows are read straight from openpyxl's streaming XML parser, without the
  declared dimension: each row is only as wide as its last cell, a cell beyond
  `max_columns`, more than `max_rows` rows, a cell longer than `max_cell_chars` or a
  pass longer than `max_seconds` end the reading with a FileProblem.

openpyxl's `WorkSheetParser` is an internal class; it is used because the public
`iter_rows` pads rows to the declared dimension and builds a row as wide as its last
cell before we could look at it. tests/imports/test_limits.py pins the behaviour.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from pathlib import Path

from .cells import cell_text, non_empty
from .limits import FileProblem, Limits


class _CountedMember:
    """A member's stream that counts what it actually unpacks."""

    def __init__(self, stream, declared: int, limits: Limits):
        self._stream = stream
        self._declared = declared
        self._limits = limits
        self._read = 0

    def read(self, size=-1):
        data = self._stream.read(size)
        self._read += len(data)
        if self._read > self._declared or self._read > self._limits.max_unpacked_bytes:
            raise self._limits.unpacked_problem()
        return data

    def close(self):
        self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getattr__(self, name):
        return getattr(self._stream, name)


class GuardedZipFile(zipfile.ZipFile):
    """A ZipFile whose members are counted as they unpack (see _CountedMember)."""

    limits: Limits

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        stream = super().open(name, mode, pwd, force_zip64=force_zip64)
        if mode != "r":
            return stream
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return _CountedMember(stream, info.file_size, self.limits)


def check_declared_sizes(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive whose members declare more than the limit, before unpacking."""
    if sum(info.file_size for info in archive.infolist()) > limits.max_unpacked_bytes:
        raise limits.unpacked_problem()


def _open_workbook(handle, limits: Limits):
    from openpyxl.reader.excel import ExcelReader

    # read_only streams the sheet's XML; data_only=False keeps formulas visible as "=…"
    # text, so they are refused instead of silently taking a cached value.
    reader = ExcelReader(handle, read_only=True, data_only=False)
    reader.archive.close()
    archive = GuardedZipFile(handle)
    archive.limits = limits
    check_declared_sizes(archive, limits)
    reader.archive = archive
    reader.valid_files = archive.namelist()
    reader.read()
    return reader.wb


@contextmanager
def open_xlsx(path: Path, limits: Limits):
    """(header cells, iterator of (row number, cells)) of the first worksheet."""
    from openpyxl.utils.exceptions import InvalidFileException

    # A file object, not the path: openpyxl judges paths by their extension, and a
    # stored upload has none.
    handle = open(path, "rb")  # noqa: SIM115 (closed below)
    broken = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError)
    try:
        workbook = _open_workbook(handle, limits)
    except broken:
        handle.close()
        raise FileProblem("file_not_xlsx") from None
    except BaseException:
        handle.close()
        raise
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileProblem("file_empty")

        def rows():
            try:
                for number, values in _sheet_rows(workbook, sheet, limits):
                    yield number, [cell_text(value) for value in values]
            except broken:
                raise FileProblem("file_not_xlsx") from None

        iterator = rows()
        header = next(iterator, None)
        if header is None:
            raise FileProblem("file_empty")
        yield header[1], non_empty(iterator)
    finally:
        workbook.close()
        handle.close()


def _sheet_rows(workbook, sheet, limits: Limits):
    """(row number, values) of the rows present in the sheet, as wide as their last cell."""
    from openpyxl.worksheet._reader import WorkSheetParser

    clock = limits.clock()
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for count, (number, cells) in enumerate(parser.parse(), start=1):
            limits.check_row(count, number, clock)
            if not cells:
                yield number, []
                continue
            width = max(cell["column"] for cell in cells)
            limits.check_width(width, number)
            values = [None] * width
            for cell in cells:
                value = cell["value"]
                if isinstance(value, str):
                    limits.check_cell(value, number, cell["column"])
                values[cell["column"] - 1] = value
            yield number, values
