"""The access log of one participant as CSV and XLSX, streamed (`reporting.streaming`:
rows read from a database cursor and sent as they are written, memory flat whatever the
log's length; cells a spreadsheet would run as formulas neutralised)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inprocedere.privacy import log_labels
from inprocedere.reporting import streaming

FORMATS = ("csv", "xlsx")
CHUNK = 2000
# Time, user, organisation, action, channel, categories, purpose, basis, address.
WIDTHS = (20, 24, 32, 12, 12, 40, 30, 30, 40)


def access_log_header() -> list[str]:
    return [
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


def access_log_rows(entries):
    """One row per entry, read a chunk at a time from the database."""
    for entry in entries.iterator(chunk_size=CHUNK):
        yield [
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


def access_log_download(participant_id, entries, stem: str) -> streaming.Download:
    """The log as one plain table (header, rows), CSV or XLSX."""
    title = _("Access log %(id)s") % {"id": participant_id}
    section = streaming.Section(title, access_log_header(), access_log_rows(entries), widths=WIDTHS)
    return streaming.Download(title=title, subtitle="", stem=stem, sections=[section], titled=False)
