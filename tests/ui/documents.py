"""Every kind of document the site hands out (PDF, CSV, XLSX), fetched as the persona who
would download it, with the HTML each PDF was made from (to know which words it must
hold). Used by test_document_words.py."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .words import RULES


@dataclass
class Document:
    label: str
    kind: str  # pdf, csv, xlsx
    content: bytes
    sources: list[str] = field(default_factory=list)  # the HTML of a PDF


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def headers(document: Document) -> list[str]:
    """The column headers of a table file: the first row (CSV) or the first row of each
    sheet with a header row (XLSX), plus the sheet names."""
    if document.kind == "csv":
        text = document.content.decode("utf-8-sig")
        first = text.partition("\n")[0]
        delimiter = max(";,\t", key=first.count)
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [cell for cell in next(rows, []) if cell]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(document.content), read_only=True)
    found = []
    for sheet in book.worksheets:
        found.append(sheet.title)
        for row in sheet.iter_rows(max_row=1, values_only=True):
            found.extend(str(cell) for cell in row if cell not in (None, ""))
    return found


def text_offences(lines, *, allowed=()) -> list[tuple[str, str]]:
    found = []
    for line in lines:
        if not line.strip() or any(ok in line for ok in allowed):
            continue
        for rule, pattern in RULES.items():
            if pattern.search(line):
                found.append((rule, line.strip()[:160]))
    return found


WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{5,}")
HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen (WeasyPrint's), soft hyphen


class _Printed(HTMLParser):
    """The text nodes a PDF prints: not the attributes (title, aria-label) and not an
    SVG's title and description, which a screen reader reads but paper does not show."""

    SKIP = {"script", "style", "template", "title", "desc", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def printed_text(html: str) -> list[str]:
    parser = _Printed()
    parser.feed(html)
    return parser.parts


def broken_words(pdf: str, sources: list[str]) -> list[str]:
    """Words of the HTML that the PDF holds only in pieces ("ad ded"): a word broken
    across lines or boxes without a hyphen. Hyphenation at a line's end ("Teilneh-\\nmende")
    is a whole word."""
    pdf = unicodedata.normalize("NFKC", pdf)  # ligatures ("ﬁ") and combined umlauts
    # WeasyPrint's own hyphens (U+2010) end a line, whatever pypdf puts after them
    text = re.sub(r"[\u2010\u00ad]\s+(?=[a-zäöüß])", "", pdf)
    text = re.sub(rf"[{HYPHENS}]\n(?=[a-zäöüß])", "", text)
    text = re.sub(rf"[{HYPHENS}]\n", "-", text).casefold()
    flat = " ".join(text.split())
    missing = set()
    for html in sources:
        for part in printed_text(html):
            for word in WORD.findall(part):
                if unicodedata.normalize("NFKC", word).casefold() not in flat:
                    missing.add(word)
    return sorted(missing)


# --- Poppler: what a reader sees on paper -------------------------------------------------

BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def poppler_pages(path) -> list[tuple[float, float, list[tuple]]]:
    """(width, height, [(x0, y0, x1, y1, word)]) per page, from `pdftotext -bbox`."""
    import html
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for width, height, body in PAGE.findall(out):
        words = [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(word))
            for x0, y0, x1, y1, word in BOX.findall(body)
        ]
        pages.append((float(width), float(height), words))
    return pages


def overlapping(words, *, share: float = 0.3) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cover each other by more than `share` of the smaller:
    text printed over text (a header running into the next one)."""
    found = []
    ordered = sorted(words)
    for i, (ax0, ay0, ax1, ay1, a) in enumerate(ordered):
        for bx0, by0, bx1, by1, b in ordered[i + 1 :]:
            if bx0 >= ax1:
                break
            width = min(ax1, bx1) - max(ax0, bx0)
            height = min(ay1, by1) - max(ay0, by0)
            if width <= 0 or height <= 0:
                continue
            smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
            if smaller > 0 and width * height > share * smaller:
                found.append((a, b))
    return found


def cut_off(width, height, words) -> list[str]:
    """Words printed (partly) outside the page."""
    return [w for x0, y0, x1, y1, w in words if x0 < 0 or y0 < 0 or x1 > width or y1 > height]
