"""The ESF report as a download: JSON, CSV, XLSX and PDF, on the network's shared renderers."""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inprocedere.network.exports import Table, render_csv, render_pdf, render_xlsx

from .esf import CODES, GENDERS, LABELS, REASON_LABELS, REASONS

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

    def rows(self) -> list[list[str]]:
        rows = []
        for code in CODES:
            figure = self.data["indicators"][code]
            cells = [figure["total"], *(figure[gender] for gender in GENDERS)]
            rows.append([code, str(LABELS[code]), *(str(cell) for cell in cells)])
        for reason in REASONS:
            count = self.data["not_counted"][reason]
            rows.append([reason, str(REASON_LABELS[reason]), str(count), "", "", ""])
        return rows

    def table(self) -> Table:
        return Table(title=self.title, header=self.header(), rows=self.rows())

    def render(self, fmt: str) -> bytes:
        return getattr(self, fmt)()

    def json(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, indent=2).encode() + b"\n"

    def csv(self) -> bytes:
        return render_csv(self.table())

    def xlsx(self) -> bytes:
        return render_xlsx(self.table())

    def pdf(self) -> bytes:
        html = render_to_string(
            "reporting/esf_pdf.html",
            {
                "title": self.title,
                "subtitle": self.subtitle,
                "header": self.header(),
                "rows": self.rows(),
                "aggregate": self.aggregate,
            },
        )
        return render_pdf(html)
