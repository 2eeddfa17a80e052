"""Uploads are read within limits (issue 16, item 7): generated bombs, each small on disk,
are refused with a clear message instead of holding a worker; limits are lowered through
the settings so the files stay small."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from inprocedere.imports.limits import FileProblem
from inprocedere.imports.xlsx import _CountedMember

from .conftest import HEADER, codes, make_csv, row

pytestmark = pytest.mark.django_db

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _english(problem) -> str:
    """A problem's message in English (it is worded when read, in the language active then)."""
    with translation.override("en"):
        return problem.message


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


OOXML = "http://schemas.openxmlformats.org"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = f"{OOXML}/officeDocument/2006/relationships"


def _override(part: str, kind: str) -> str:
    return f'<Override PartName="/xl/{part}" ContentType="{CT}.{kind}+xml"/>'


def _relationships(kind: str, target: str) -> str:
    return (
        f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}"/></Relationships>'
    )


def hand_made_xlsx(rows_xml: str, dimension: str = "", extra: dict | None = None) -> bytes:
    """A minimal workbook written by hand, as an attacker would: only the parts Excel needs."""
    extra = extra or {}
    types = (
        f'<Types xmlns="{OOXML}/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + _override("workbook.xml", "sheet.main")
        + _override("worksheets/sheet1.xml", "worksheet")
        + (_override("sharedStrings.xml", "sharedStrings") if extra else "")
        + "</Types>"
    )
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": _relationships("officeDocument", "xl/workbook.xml"),
        "xl/workbook.xml": (
            f'<workbook {NS} xmlns:r="{REL}">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": _relationships("worksheet", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml": (
            f"<worksheet {NS}>"
            + (f'<dimension ref="{dimension}"/>' if dimension else "")
            + f"<sheetData>{rows_xml}</sheetData></worksheet>"
        ),
        **extra,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def sheet_rows(*rows: dict, start: int = 1) -> str:
    """<row> elements: the header, then the rows (dicts by column name)."""
    lines = [HEADER, *([r.get(name, "") for name in HEADER] for r in rows)]
    out = []
    for number, cells in enumerate(lines, start=start):
        xml = "".join(
            _cell(f"{_column(i)}{number}", text) for i, text in enumerate(cells, 1) if text
        )
        out.append(f'<row r="{number}">{xml}</row>')
    return "".join(out)


def file_problem(validator) -> str:
    problems = [p for p in validator.problems if p.row is None and p.column == ""]
    return problems[0].code if problems else ""


def test_a_declared_dimension_of_a_whole_sheet_is_not_read_cell_by_cell(check):
    # The bomb of the report: 1.5 KB declaring A1:XFD1048576 (16,384 columns × 1,048,576
    # rows). openpyxl's read-only sheet pads every row to the declared size; the import
    # reads the rows that are there.
    content = hand_made_xlsx(sheet_rows(row()), dimension="A1:XFD1048576")
    assert len(content) < 2500
    validator = check(content, "bomb.xlsx")
    assert validator.valid, codes(validator)
    assert validator.summary.rows == 1


def test_a_cell_far_to_the_right_is_refused_before_the_row_is_built(check):
    content = hand_made_xlsx(sheet_rows(row()) + f'<row r="3">{_cell("XFD3", "x")}</row>')
    validator = check(content, "wide.xlsx")
    assert file_problem(validator) == "file_too_many_columns"
    assert not validator.valid
    assert "column 100" in _english(validator.problems[0])


def test_a_huge_cell_is_refused(check, settings):
    # The 300 MB cell of the report, 3,000 characters here under a lowered limit.
    settings.INPROCEDERE_IMPORT_MAX_CELL_CHARS = 1000
    content = hand_made_xlsx(sheet_rows(row(municipality="M" * 3000)))
    validator = check(content, "cell.xlsx")
    assert file_problem(validator) == "file_cell_too_long"
    assert "1000 characters" in _english(validator.problems[0])


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_parsing(check, settings):
    # Highly compressible: 4 MB of shared strings in a file of a few KB.
    settings.INPROCEDERE_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1">'
        f"<si><t>{'A' * 4_000_000}</t></si></sst>"
    )
    content = hand_made_xlsx(sheet_rows(row()), extra={"xl/sharedStrings.xml": strings})
    assert len(content) < 20_000
    validator = check(content, "zip.xlsx")
    assert file_problem(validator) == "file_unpacked_too_large"
    assert "1 MB" in _english(validator.problems[0])


def test_a_member_that_lies_about_its_size_is_stopped_while_unpacking(check, settings):
    settings.INPROCEDERE_IMPORT_MAX_UNPACKED_BYTES = 64 * 1024
    strings = f'<sst {NS} count="1" uniqueCount="1"><si><t>{"B" * 500_000}</t></si></sst>'
    content = bytearray(hand_made_xlsx(sheet_rows(row()), extra={"xl/sharedStrings.xml": strings}))
    # Declare 100 bytes instead of ~500 KB in the central directory and the local header.
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/sharedStrings.xml")
    small = (100).to_bytes(4, "little")
    content[info.header_offset + 22 : info.header_offset + 26] = small
    central = content.rfind(b"xl/sharedStrings.xml") - 46  # the central directory's entry
    assert content[central : central + 4] == b"PK\x01\x02"
    content[central + 24 : central + 28] = small
    validator = check(bytes(content), "liar.xlsx")
    assert file_problem(validator) in {"file_unpacked_too_large", "file_not_xlsx"}
    assert not validator.valid


def test_a_counted_member_stops_at_its_declared_size(settings):
    from inprocedere.imports.limits import Limits

    settings.INPROCEDERE_IMPORT_MAX_UNPACKED_BYTES = 1000
    member = _CountedMember(io.BytesIO(b"x" * 50), declared=10, limits=Limits.from_settings())
    with pytest.raises(FileProblem) as raised:
        member.read()
    assert raised.value.code == "file_unpacked_too_large"
    member = _CountedMember(io.BytesIO(b"x" * 5000), declared=5000, limits=Limits.from_settings())
    with pytest.raises(FileProblem):
        member.read()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_too_many_rows(check, settings, fmt):
    settings.INPROCEDERE_IMPORT_MAX_ROWS = 3
    rows = [row(participant_ref=f"R-{n}", given_names=f"N{n}") for n in range(4)]
    if fmt == "csv":
        content = make_csv(rows)
    else:
        workbook = Workbook()
        workbook.active.append(HEADER)
        for r in rows:
            workbook.active.append([r[name] for name in HEADER])
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    validator = check(content, f"rows.{fmt}")
    assert file_problem(validator) == "file_too_many_rows"
    settings.INPROCEDERE_IMPORT_MAX_ROWS = 4
    assert check(content, f"rows.{fmt}").valid


def test_csv_columns_and_cells_are_bounded(check, settings):
    settings.INPROCEDERE_IMPORT_MAX_COLUMNS = 30
    wide = make_csv([row()]) + b"," * 40 + b"\r\n"
    assert file_problem(check(wide)) == "file_too_many_columns"
    settings.INPROCEDERE_IMPORT_MAX_CELL_CHARS = 500
    assert file_problem(check(make_csv([row(municipality="M" * 501)]))) == "file_cell_too_long"
    assert check(make_csv([row(municipality="M" * 150)])).valid
    # Beyond the csv module's own field limit (128 KiB) the same message, not "a quote".
    settings.INPROCEDERE_IMPORT_MAX_CELL_CHARS = 500_000
    huge = make_csv([row(municipality="M" * 200_000)])
    assert file_problem(check(huge)) == "file_cell_too_long"


def test_the_check_stops_at_its_wall_time(check, settings):
    settings.INPROCEDERE_IMPORT_MAX_SECONDS = 0
    rows = [row(participant_ref=f"R-{n}", given_names=f"N{n}") for n in range(300)]
    validator = check(make_csv(rows))
    assert file_problem(validator) == "file_too_slow"
    assert "0 seconds" in _english(validator.problems[0])


def test_the_limits_speak_german(check, settings):
    settings.INPROCEDERE_IMPORT_MAX_ROWS = 1
    validator = check(make_csv([row(), row(participant_ref="R-2", given_names="Omar")]))
    with translation.override("de"):
        assert "Zeilen" in validator.problems[0].message
