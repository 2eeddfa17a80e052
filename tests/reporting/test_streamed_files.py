"""Downloads stream from the first row (issue 12, item 3): the first bytes leave before the
rows are read, and the same download is the same bytes (pinned)."""

import hashlib
import io
import zipfile

import openpyxl
import pytest

from inprocedere.reporting import streaming
from inprocedere.reporting.exports import EsfExport

ROWS = 30_000


def _download(rows, *, aggregate=False):
    return streaming.Download(
        title="Teilnehmende hinter einer Zahl",
        subtitle="EECO01 · 2010",
        stem="teilnehmende-EECO01",
        sections=[streaming.Section("EECO01: Teilnehmende", ["Nummer", "Name", "Stunden"], rows)],
        aggregate=aggregate,
        titled=False,
    )


class Counted:
    """Rows handed out one by one, counting how many were taken."""

    def __init__(self, count):
        self.count, self.taken = count, 0

    def __iter__(self):
        for number in range(self.count):
            self.taken += 1
            yield [number, f"Person {number} ={number % 7}", number / 4]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_first_bytes_leave_before_the_rows_are_read(fmt):
    rows = Counted(ROWS)
    response = streaming.response(_download(rows), fmt)
    assert response.streaming  # no temporary file written first
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first[:2] in (b"\xef\xbb", b"PK")
    assert rows.taken <= 1
    taken_when_sent = []
    for _chunk in chunks:
        taken_when_sent.append(rows.taken)
    # Chunks kept leaving while rows were still being read, not all at the end.
    assert sum(1 for taken in taken_when_sent if taken < ROWS) >= 3
    assert rows.taken == ROWS


def test_the_streamed_workbook_opens_with_every_row():
    data = b"".join(streaming.xlsx_chunks(_download(Counted(ROWS))))
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == ROWS + 1
    assert rows[0] == ("Nummer", "Name", "Stunden")
    assert rows[-1] == (ROWS - 1, f"Person {ROWS - 1} ={(ROWS - 1) % 7}", (ROWS - 1) / 4)


def test_text_stays_text_and_headers_are_bold():
    rows = [['=HYPERLINK("x")', 3, None, "a\x01b", "<&>"], [True, 2.5, "", "+1", "-"]]
    data = b"".join(streaming.xlsx_chunks(_download(rows, aggregate=True)))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert book.properties.keywords == streaming.AGGREGATE
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1][:3])
    first = sheet[2]
    assert (first[0].value, first[0].data_type, first[0].quotePrefix) == (
        '=HYPERLINK("x")',
        "s",
        True,
    )
    assert (first[1].value, first[1].data_type) == (3, "n")
    assert first[3].value == "ab"  # characters XML cannot hold are dropped
    assert first[4].value == "<&>"
    second = sheet[3]
    assert second[0].value == "True"
    assert second[3].quotePrefix and second[3].value == "+1"
    assert sheet.cell(row=5, column=1).value == streaming.AGGREGATE


# The bytes of a fixed download: a change to either writer shows here first. If a change
# is meant, check the files open (Excel, LibreOffice) and pin the new digests.
PINNED = {
    "csv": "38065345ff4436600a78fd34a68f3c0bd0db70019a9c55c538ee97ba40ad03bb",
    "xlsx": "1c98228b0077a93a59c1090704045287315436a29f8a300d098856b14055c483",
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_is_the_same_bytes(fmt):
    rows = [[1, "Aydın, Leyla", 12.5], [2, "=1+1", None], [3, "Ünal", 0]]
    data = b"".join(streaming.chunks(_download(rows, aggregate=True), fmt))
    assert hashlib.sha256(data).hexdigest() == PINNED[fmt]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_demos_esf_report_is_the_same_bytes(fmt):
    """The demo's historical cohort (fixed dates, 2009–2013) as the report's download."""
    import datetime as dt

    from inprocedere.demo_cases import seed_demo_cases
    from inprocedere.reporting.esf import build_report
    from inprocedere.reporting.selectors import Scope

    seed_demo_cases()
    report = build_report(
        date_from=dt.date(2009, 1, 1), date_to=dt.date(2013, 12, 31), scope=Scope()
    )
    assert report.count_for("EECO01") > 0
    data = EsfExport(report.as_json(), scope_label="Gesamtes Netzwerk").render(fmt)
    assert hashlib.sha256(data).hexdigest() == PINNED_DEMO[fmt]


PINNED_DEMO = {
    "csv": "9cc9daaa5d426622daf5221c63752b47770c8e0bb67a449b97ddacdc0c423cc0",
    "xlsx": "315e40952a2bc087b9c113af8edfdc1c1d703f0ce5072e3f6ee67d9256b6e49a",
}
