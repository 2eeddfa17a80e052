"""Downloads of tables and reports as CSV, XLSX and PDF, without building them in memory.

- **CSV** is a generator: `StreamingHttpResponse` sends each row as it is written, so a
  long list neither waits for its last row before the first byte leaves nor sits in
  memory (rows may come straight from a database cursor, `QuerySet.iterator()`).
- **XLSX** is written by `xlsx_stream` as the rows come, and sent the same way: a ZIP
  whose sheet is deflated row by row, handed on in chunks of 64 KiB (decision 0020).
- **PDF** needs the whole document for layout (page breaks, "page X of Y"), so WeasyPrint
  holds it while rendering; the result is written to a temporary file and sent like the
  XLSX. Lists longer than `PDF_MAX_ROWS` are refused as PDF (CSV and XLSX have no limit).

Cells are neutralised against formula injection by the one shared rule of
`network.exports.tables` (`neutralise`, `is_formula_like`).
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from inprocedere.network.exports import neutralise, render_pdf

from . import xlsx_stream

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PDF_MAX_ROWS = 2000
# The mark of a suppressed download, in its name and its first cells: a fixed word that
# programs can look for, whatever the reader's language (the note beside it is translated).
AGGREGATE = "aggregate"


class TooLongForPdf(ValueError):
    """A list too long to lay out as PDF (the message is translated)."""


@dataclass
class Section:
    """One table of a download. `rows` may be a generator (read once)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    note: str = ""
    chart: object = None  # a charts.Chart, drawn in the PDF above the table
    size: int | None = None  # the number of rows, when known before reading them
    widths: Sequence[int] = ()  # XLSX: column widths in characters (none: the default)


@dataclass
class Download:
    title: str
    subtitle: str
    stem: str  # the file name without extension
    sections: list[Section] = field(default_factory=list)
    aggregate: bool = False
    threshold: int = 5
    titled: bool = True  # CSV: a title row before each table (False: one plain table)

    def filename(self, fmt: str) -> str:
        stem = f"{self.stem}-{AGGREGATE}" if self.aggregate else self.stem
        return f"{stem}.{fmt}"

    @property
    def aggregate_note(self) -> str:
        return _(
            "Aggregate: counts below %(threshold)s are shown as “<%(threshold)s”, together "
            "with the cells that would reveal them."
        ) % {"threshold": self.threshold}


# --- CSV -----------------------------------------------------------------------------------


def text(value) -> str:
    """A cell as text: empty for None, decimals in the active language's format."""
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(value, 1, use_l10n=True)
    return str(value)


def _csv_cell(value) -> str:
    return neutralise(text(value))


class _Line:
    """A file-like object that hands back what csv.writer writes, instead of keeping it."""

    def write(self, value):
        return value


def csv_chunks(download: Download) -> Iterator[bytes]:
    """The download as CSV, a row at a time: UTF-8 with a byte-order mark, `;` between
    cells (what German Excel opens as is), formula-like cells neutralised."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    if download.titled:
        yield writer.writerow([neutralise(download.title), neutralise(download.subtitle)]).encode()
        if download.aggregate:
            yield writer.writerow([AGGREGATE, download.aggregate_note]).encode()
    for number, section in enumerate(download.sections):
        if download.titled:
            yield b"\r\n"
            yield writer.writerow([neutralise(section.title)]).encode()
        elif number:
            yield b"\r\n"
        yield writer.writerow([_csv_cell(cell) for cell in section.header]).encode()
        for row in section.rows:
            yield writer.writerow([_csv_cell(cell) for cell in row]).encode()
    if download.aggregate and not download.titled:
        yield writer.writerow([AGGREGATE, download.aggregate_note]).encode()


def csv_response(download: Download) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        csv_chunks(download),
        content_type=CONTENT_TYPES["csv"],
        headers={"Content-Disposition": content_disposition_header(True, download.filename("csv"))},
    )


# --- XLSX ----------------------------------------------------------------------------------


def _sheet_title(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        name = f"{base[:25]} {number}"
        number += 1
    taken.add(name.lower())
    return name


def xlsx_sheets(download: Download) -> list[xlsx_stream.Sheet]:
    """One sheet per table: the header (bold), the rows, and the aggregate mark under each
    table; the rows stay generators, read as the workbook is sent."""
    taken: set[str] = set()
    sheets = []
    for section in download.sections or [Section(download.title, [], [])]:
        rows = chain([section.header], section.rows)
        if download.aggregate:
            rows = chain(rows, [[], [AGGREGATE, download.aggregate_note]])
        name = _sheet_title(section.title, taken)
        sheets.append(xlsx_stream.Sheet(name, rows, widths=section.widths))
    return sheets


def xlsx_chunks(download: Download) -> Iterator[bytes]:
    """The workbook, streamed (`xlsx_stream`): title and subject in its properties, the
    aggregate mark in its keywords."""
    return xlsx_stream.xlsx_chunks(
        xlsx_sheets(download),
        title=download.title,
        subject=download.subtitle,
        keywords=AGGREGATE if download.aggregate else "",
    )


def write_xlsx(download: Download, target) -> None:
    for chunk in xlsx_chunks(download):
        target.write(chunk)


def xlsx_response(download: Download) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        xlsx_chunks(download),
        content_type=CONTENT_TYPES["xlsx"],
        headers={
            "Content-Disposition": content_disposition_header(True, download.filename("xlsx"))
        },
    )


# --- PDF -----------------------------------------------------------------------------------


def pdf_html(download: Download, template: str = "reporting/report_pdf.html") -> str:
    sections = []
    for section in download.sections:
        rows = []
        for row in section.rows:
            rows.append([text(cell) for cell in row])
            if len(rows) > PDF_MAX_ROWS:
                raise TooLongForPdf(
                    _("More than %(count)s rows do not fit a PDF; please download CSV or XLSX.")
                    % {"count": PDF_MAX_ROWS}
                )
        sections.append({"section": section, "rows": rows})
    return render_to_string(template, {"download": download, "sections": sections})


def write_pdf(download: Download, target, template: str = "reporting/report_pdf.html") -> None:
    render_pdf(pdf_html(download, template), target=target)


def pdf_response(download: Download, template: str = "reporting/report_pdf.html") -> FileResponse:
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    try:
        write_pdf(download, target, template)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=download.filename("pdf"),
        content_type=CONTENT_TYPES["pdf"],
    )


def response(download: Download, fmt: str, *, pdf_template: str = "reporting/report_pdf.html"):
    if fmt == "csv":
        return csv_response(download)
    if fmt == "xlsx":
        return xlsx_response(download)
    return pdf_response(download, pdf_template)


def chunks(download: Download, fmt: str) -> Iterator[bytes]:
    """A CSV or XLSX download as the chunks it is sent in (PDF is laid out whole)."""
    if fmt == "csv":
        return csv_chunks(download)
    if fmt == "xlsx":
        return xlsx_chunks(download)
    raise ValueError(fmt)


def render_bytes(
    download: Download, fmt: str, *, pdf_template="reporting/report_pdf.html"
) -> bytes:
    """The whole file at once (the command line writes it to a file)."""
    if fmt == "csv":
        return b"".join(csv_chunks(download))
    if fmt == "xlsx":
        return b"".join(xlsx_chunks(download))
    with tempfile.TemporaryFile() as target:
        write_pdf(download, target, pdf_template)
        target.seek(0)
        return target.read()
