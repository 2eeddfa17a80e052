"""Tables as CSV and XLSX, with every cell a spreadsheet could run as a formula neutralised."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# --- formula injection ----------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this cell as a formula (or the start of one)?"""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(value) -> str:
    """The cell as text a spreadsheet shows as text: '=1+1' -> "'=1+1"."""
    text = "" if value is None else str(value)
    return f"'{text}" if is_formula_like(text) else text


# --- tables: CSV and XLSX -------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]


def render_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark and `;` between cells: what German Excel opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in (table.header, *table.rows):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"


def _write_text(cell, value) -> None:
    """Text stays text: never a formula, however it starts (Excel's own apostrophe marks it)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    if not text:
        return
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if is_formula_like(text):
        cell.quotePrefix = True


def render_xlsx(table: Table) -> bytes:
    """One sheet: bold, frozen header row, autofilter, columns roughly as wide as their text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    widths: dict[int, int] = {}
    for row_number, row in enumerate((table.header, *table.rows), start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _write_text(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=row_number > 1)
            if row_number == 1:
                cell.font = Font(bold=True)
            longest = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[column] = max(widths.get(column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8), 60) + 2
    sheet.freeze_panes = "A2"
    if table.header:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
