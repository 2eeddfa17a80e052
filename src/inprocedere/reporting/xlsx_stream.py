"""A workbook written as its rows come: XLSX in constant memory, sent while it is written.

An XLSX file is a ZIP of XML parts. The parts that describe the workbook are a few
hundred bytes and known before the first row; each sheet's XML is written row by row
into a deflate stream, and the ZIP is handed on in chunks as the compressor lets them
out. Python's own `zipfile` writes a ZIP to a stream that cannot seek back (the sizes of
each part follow it in a data descriptor), so no library is needed (decision 0020).

Cells are inline strings (`t="inlineStr"`, no shared-strings table that would have to be
held until the end) or numbers; text that looks like a formula gets Excel's quote
prefix and is stored as text, never as a formula. Every part carries the same fixed time
stamp, so the same download is the same bytes.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from inprocedere.network.exports import is_formula_like

CHUNK = 64 * 1024  # bytes gathered before they are handed on
STAMP = (2000, 1, 1, 0, 0, 0)  # every part's time in the ZIP: equal downloads, equal bytes
# Styles (cellXfs): 0 plain, 1 bold (headers), 2 text with quote prefix, 3 both.
BOLD, QUOTED = 1, 2

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class Sheet:
    """One sheet: its name, and its rows (an iterable read once). `header` rows are bold;
    `freeze_header` keeps the first row in view."""

    def __init__(
        self,
        name: str,
        rows: Iterable[Sequence],
        *,
        header: int = 1,
        freeze=True,
        widths: Sequence[int] = (),
    ):
        self.name = name
        self.rows = rows
        self.header = header
        self.freeze = freeze
        self.widths = widths  # column widths in characters, when known before the rows


class _Pipe:
    """The unseekable file the ZIP is written to: it keeps what it is given until taken."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        if data:
            self.parts.append(bytes(data))
            self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _letters(count: int) -> list[str]:
    return [get_column_letter(number) for number in range(1, count + 1)]


def cell_xml(reference: str, value, style: int = 0) -> str:
    """One cell (empty string for an empty one): numbers as numbers, all else as text."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        style_attr = f' s="{style}"' if style else ""
        return f'<c r="{reference}"{style_attr}><v>{value!r}</v></c>'
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text:
        return ""
    if is_formula_like(text):
        style |= QUOTED
    style_attr = f' s="{style}"' if style else ""
    return (
        f'<c r="{reference}"{style_attr} t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(text)}</t></is></c>"
    )


def _sheet_head(sheet: Sheet) -> str:
    view = '<sheetView workbookViewId="0"/>'
    if sheet.freeze and sheet.header:
        top = f"A{sheet.header + 1}"
        view = (
            '<sheetView workbookViewId="0">'
            f'<pane ySplit="{sheet.header}" topLeftCell="{top}" activePane="bottomLeft" '
            'state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView>'
        )
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(sheet.widths, start=1)
    )
    cols = f"<cols>{cols}</cols>" if cols else ""
    return f'{_XML}<worksheet xmlns="{_MAIN}"><sheetViews>{view}</sheetViews>{cols}<sheetData>'


def _sheet_rows(sheet: Sheet) -> Iterator[str]:
    letters: list[str] = []
    for number, row in enumerate(sheet.rows, start=1):
        row = list(row)
        if len(row) > len(letters):
            letters = _letters(len(row))
        style = BOLD if number <= sheet.header else 0
        cells = "".join(
            cell_xml(f"{letters[index]}{number}", value, style) for index, value in enumerate(row)
        )
        yield f'<row r="{number}">{cells}</row>' if cells else ""


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f"{_XML}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.extended-properties+xml"/>'
        f"{sheets}</Types>"
    )


_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_APP = (
    f"{_XML}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>InProcedere</Application></Properties>"
)

_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _core(title: str, subject: str, keywords: str) -> str:
    def element(name, value):
        return f"<{name}>{escape(_clean(value))}</{name}>" if value else ""

    return (
        f"{_XML}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"{element('dc:title', title)}{element('dc:subject', subject)}"
        f"{element('cp:keywords', keywords)}<dc:creator>InProcedere</dc:creator>"
        "</cp:coreProperties>"
    )


def _clean(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(_clean(name), {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
        f"</bookViews><sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{_XML}<Relationships xmlns="{_PKG_REL}">{sheets}'
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


def xlsx_chunks(
    sheets: Sequence[Sheet], *, title: str = "", subject: str = "", keywords: str = ""
) -> Iterator[bytes]:
    """The workbook as ZIP chunks of about `CHUNK` bytes, each sent as soon as it is made;
    memory stays that of one chunk and the compressor's window, whatever the rows."""
    pipe = _Pipe()
    names = [sheet.name for sheet in sheets]
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _content_types(len(sheets))),
            ("_rels/.rels", _ROOT_RELS),
            ("docProps/app.xml", _APP),
            ("docProps/core.xml", _core(title, subject, keywords)),
            ("xl/workbook.xml", _workbook(names)),
            ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets))),
            ("xl/styles.xml", _STYLES),
        ):
            archive.writestr(_info(name), text.encode())
        yield pipe.take()
        for number, sheet in enumerate(sheets, start=1):
            with archive.open(_info(f"xl/worksheets/sheet{number}.xml"), "w") as part:
                part.write(_sheet_head(sheet).encode())
                batch, size = [], 0
                for row in _sheet_rows(sheet):
                    batch.append(row)
                    size += len(row)
                    if size >= CHUNK // 4:  # fewer, larger writes to the compressor
                        part.write("".join(batch).encode())
                        batch, size = [], 0
                        if pipe.size >= CHUNK:
                            yield pipe.take()
                part.write(("".join(batch) + "</sheetData></worksheet>").encode())
            if pipe.size >= CHUNK:
                yield pipe.take()
    yield pipe.take()
