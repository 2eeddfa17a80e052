"""The ESF report as a download: JSON, and CSV, XLSX and PDF through `streaming`."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .esf import CODES, GENDERS, LABELS, REASON_LABELS, REASONS
from .streaming import Download, Section, render_bytes

FORMATS = ("json", "csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class EsfExport:
    """One report (its JSON, suppressed or not) in every format."""

    identifier = "esf"

    def __init__(self, data: dict, *, scope_label: str = "", aggregate: bool = False):
        self.data = data
        self.scope_label = scope_label or data["scope"]
        self.aggregate = aggregate

    @property
    def title(self) -> str:
        return _("ESF+ participant indicators")

    @property
    def subtitle(self) -> str:
        return _("%(from)s to %(to)s · %(scope)s") % {
            "from": self.data["from"],
            "to": self.data["to"],
            "scope": self.scope_label,
        }

    def filename(self, extension: str) -> str:
        stem = pgettext("file name, lower case without spaces", "esf-indicators")
        return f"{stem}-{self.data['from']}-{self.data['to']}.{extension}"

    def header(self) -> list[str]:
        return [_("Code"), _("Indicator"), _("Total"), _("Women"), _("Men"), _("Non-binary")]

    def rows(self, fmt: str = "csv") -> list[list[str]]:
        """The table; in the PDF the not-counted rows carry no code (a reader reads the
        label; CSV and XLSX keep the reason's code for programs, issue 15)."""
        rows = []
        for code in CODES:
            figure = self.data["indicators"][code]
            cells = [figure["total"], *(figure[gender] for gender in GENDERS)]
            rows.append([code, str(LABELS[code]), *(str(cell) for cell in cells)])
        for reason in REASONS:
            count = self.data["not_counted"][reason]
            code = "" if fmt == "pdf" else reason
            rows.append([code, str(REASON_LABELS[reason]), str(count), "", "", ""])
        return rows

    pdf_template = "reporting/report_pdf.html"

    def download(self, fmt: str = "csv") -> Download:
        """The report as one table (header first, as the command line has always written)."""
        return Download(
            title=self.title,
            subtitle=self.subtitle,
            stem=self.filename("x").rsplit(".", 1)[0],
            sections=[Section(self.title, self.header(), self.rows(fmt))],
            aggregate=self.aggregate,
            threshold=settings.INPROCEDERE_SUPPRESS_BELOW,
            titled=False,
        )

    def render(self, fmt: str) -> bytes:
        if fmt == "json":
            return self.json()
        return render_bytes(self.download(fmt), fmt, pdf_template=self.pdf_template)

    def json(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, indent=2).encode() + b"\n"
