"""The access log of one participant as CSV and XLSX (the network's shared renderers,
which neutralise cells a spreadsheet would run as formulas)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inprocedere.network.exports import Table, render_csv, render_xlsx
from inprocedere.privacy import log_labels

FORMATS = {
    "csv": ("text/csv; charset=utf-8", render_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        render_xlsx,
    ),
}


def access_log_table(participant_id, entries) -> Table:
    header = [
        _("Time"),
        _("User"),
        _("Organisation"),
        _("Action"),
        _("Channel"),
        _("Data categories"),
        _("Purpose"),
        _("Basis"),
        pgettext("web address", "Address"),
    ]
    rows = [
        [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.user_label,
            entry.organisation.name if entry.organisation else "",
            str(entry.get_action_display()),
            str(entry.get_channel_display()),
            log_labels.categories_label(entry.categories),
            log_labels.purpose_label(entry.purpose),
            log_labels.basis_label(entry.basis),
            entry.path,
        ]
        for entry in entries
    ]
    title = _("Access log %(id)s") % {"id": participant_id}
    return Table(title=title, header=header, rows=rows)


def render(fmt: str, table: Table) -> tuple[bytes, str]:
    content_type, renderer = FORMATS[fmt]
    return renderer(table), content_type
