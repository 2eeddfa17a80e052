"""What the report pages share: their query defaults and the participant-list download."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import streaming


def with_defaults(query, **extra):
    """The query string, with the range defaulting to this year up to today."""
    today = timezone.localdate()
    data = query.copy()
    defaults = {"from": dt.date(today.year, 1, 1).isoformat(), "to": today.isoformat(), **extra}
    for name, value in defaults.items():
        if not data.get(name) and not data.get(f"date_{name}"):
            data[name] = value
    return data


def participant_rows(participants):
    for participant in participants:
        yield [
            participant.pk,
            participant.family_name,
            participant.given_names,
            str(participant.birth_date or ""),
            participant.get_gender_display() if participant.gender else "",
        ]


def participants_header():
    return [_("Number"), _("Family name"), _("Given names"), _("Date of birth"), _("Gender")]


def participants_table(participants, *, caption: str, subtitle: str, stem: str, size: int):
    """The participants (disclosed, logged and redacted, or a generator that does so as it
    goes) as one plain table to download."""
    return streaming.Download(
        title=_("Participants behind a figure"),
        subtitle=f"{caption} · {subtitle}",
        stem=pgettext("file name, lower case without spaces", "participants") + f"-{stem}",
        sections=[
            streaming.Section(
                title=caption,
                header=participants_header(),
                rows=participant_rows(participants),
                size=size,
            )
        ],
        titled=False,
    )


def participants_download(
    participants, *, caption: str, subtitle: str, stem: str, fmt: str, size: int | None = None
):
    """The participants as a streamed download; `size` when `participants` is a generator."""
    download = participants_table(
        participants,
        caption=caption,
        subtitle=subtitle,
        stem=stem,
        size=len(participants) if size is None else size,
    )
    try:
        return streaming.response(download, fmt)
    except streaming.TooLongForPdf as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
