"""Reading a participant sheet row by row, whatever its size: CSV or XLSX, never all at once.

The format is decided by the file's first bytes, not by its name: an XLSX workbook is a
ZIP archive; a CSV file is UTF-8 text (with or without the byte-order mark Excel writes)
separated by commas or by semicolons (German Excel). Every cell comes out as text, so one
set of parsers serves both formats.
"""

from __future__ import annotations

import csv
import itertools
from contextlib import contextmanager
from pathlib import Path

from .cells import cell_text, non_empty
from .limits import FileProblem, Limits

__all__ = ["FileProblem", "Limits", "cell_text", "open_sheet", "sniff_format"]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) format
SNIFF_BYTES = 64 * 1024


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


@contextmanager
def open_sheet(path: Path, fmt: str, limits: Limits | None = None):
    """(header cells, iterator of (row number, cells)); row 1 is the header, as in Excel.
    Reading stops with a FileProblem where the sheet crosses one of the `limits`
    (default: the settings, see limits.py)."""
    limits = limits or Limits.from_settings()
    if fmt == "xlsx":
        from .xlsx import open_xlsx

        with open_xlsx(path, limits) as sheet:
            yield sheet
    else:
        with _open_csv(path, limits) as sheet:
            yield sheet


def _csv_lines(handle, state):
    # Decoded line by line, so a wrong encoding is reported at its own line.
    for raw in handle:
        state["line"] += 1
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem("file_encoding_at", row=state["line"]) from None
        yield text.removeprefix("\ufeff") if state["line"] == 1 else text


def _csv_rows(reader, limits: Limits):
    clock = limits.clock()
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            limits.check_row(number, number, clock)
            limits.check_width(len(cells), number)
            for column, cell in enumerate(cells, start=1):
                limits.check_cell(cell, number, column)
            yield number, [cell.strip() for cell in cells]
    except csv.Error as error:
        if "field limit" in str(error):  # the csv module's own bound on a cell
            raise FileProblem(
                "file_cell_too_long", row=number + 1, column="", limit=limits.max_cell_chars
            ) from None
        raise FileProblem("file_csv_broken", row=number + 1) from None


@contextmanager
def _open_csv(path: Path, limits: Limits):
    # The CSV's unpacked size is its size on disk, bounded before it is stored; a cell
    # is bounded by the csv module's field limit (128 KiB) before it reaches ours.
    handle = open(path, "rb")  # noqa: SIM115 (closed below)
    try:
        source = _csv_lines(handle, {"line": 0})
        first = next(source, "")
        reader = csv.reader(
            itertools.chain([first], source), delimiter=_delimiter(first), strict=False
        )
        iterator = _csv_rows(reader, limits)
        header = next(iterator, None)
        if header is None:
            raise FileProblem("file_empty")
        yield header[1], non_empty(iterator)
    except FileProblem as problem:
        if problem.code == "file_encoding_at" and problem.params.get("row") == 1:
            raise FileProblem("file_encoding") from None
        raise
    finally:
        handle.close()
