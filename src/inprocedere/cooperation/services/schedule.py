"""An appointment's date, place and agenda, checked the same way for every kind.

An appointment may be entered after it took place (a meeting held yesterday, recorded
with its minutes afterwards), up to `RECORD_PAST_DAYS` back and, for a case conference,
not before its case was opened. Once entered, its start is not moved into the past.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ._common import text

TITLE_LIMIT = 200
PLACE_LIMIT = 300
AGENDA_LIMIT = 8000
MINUTES_LIMIT = 20000
VIDEO_URL_LIMIT = 200
RECORD_PAST_DAYS = 365
# Changes the invitees must hear about: they raise the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "agenda")


def _aware(value, field: str, message: str):
    if value is None:
        raise ValidationError({field: message})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _video_url(value) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise ValidationError(
            {"video_url": _("Please give the video link as a web address (https://…).")}
        ) from None
    if len(value) > VIDEO_URL_LIMIT:
        raise ValidationError(
            {"video_url": _("At most %(limit)d characters, please.") % {"limit": VIDEO_URL_LIMIT}}
        )
    return value


def earliest_start(case=None) -> dt.datetime:
    """How far back an appointment may be entered: a year, and never before its case."""
    earliest = timezone.now() - dt.timedelta(days=RECORD_PAST_DAYS)
    if case is not None and case.opened_at and case.opened_at > earliest:
        earliest = timezone.localtime(case.opened_at).replace(hour=0, minute=0, second=0)
    return earliest


def _check_start(starts_at, *, earliest, current) -> None:
    if current is not None:
        # An appointment already entered: its start may stay where it is, but not move
        # into the past.
        if starts_at != current and starts_at < timezone.now():
            raise ValidationError({"starts_at": _("The start cannot be moved into the past.")})
        return
    if starts_at < earliest:
        raise ValidationError(
            {
                "starts_at": _(
                    "The start cannot lie before %(date)s: appointments can be entered "
                    "afterwards for up to a year, and not before the case was opened."
                )
                % {"date": date_format(timezone.localtime(earliest), "SHORT_DATE_FORMAT")}
            }
        )


def clean_schedule(data: dict, *, earliest=None, current=None) -> dict:
    """Title, start and end in order, a place or a video link, agenda.

    New appointments (`current` None) may start in the past down to `earliest`; an
    existing one keeps its start or moves it to a time still to come.
    """
    cleaned = {
        "title": text(data.get("title"), "title", limit=TITLE_LIMIT),
        "place": text(data.get("place"), "place", required=False, limit=PLACE_LIMIT),
        "agenda": text(data.get("agenda"), "agenda", required=False, limit=AGENDA_LIMIT),
    }
    starts_at = _aware(data.get("starts_at"), "starts_at", _("Please give the start."))
    ends_at = _aware(data.get("ends_at"), "ends_at", _("Please give the end."))
    _check_start(starts_at, earliest=earliest or earliest_start(), current=current)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must lie after the start.")})
    cleaned.update(
        starts_at=starts_at, ends_at=ends_at, video_url=_video_url(data.get("video_url"))
    )
    if not cleaned["place"] and not cleaned["video_url"]:
        raise ValidationError({"place": _("Please give a place or a video link.")})
    return cleaned


def clean_minutes(minutes, decisions) -> dict:
    return {
        "minutes": text(
            minutes, "minutes", limit=MINUTES_LIMIT, message=_("Please write the minutes.")
        ),
        "decisions": text(decisions, "decisions", required=False, limit=AGENDA_LIMIT),
    }
