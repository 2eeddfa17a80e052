"""What conferences and meetings share: validating the date and place, keeping the
iCalendar sequence, and the minutes that the chair approves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core.versioning import save_versioned

from ..workflows import EVENT_TRANSITIONS, EventState, MinutesState, check_transition
from ._common import acting_position, text

TITLE_LIMIT = 200
PLACE_LIMIT = 300
AGENDA_LIMIT = 8000
MINUTES_LIMIT = 20000
# Changes the invitees must hear about: they raise the iCalendar SEQUENCE.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "agenda")


def clean_schedule(data: dict) -> dict:
    """Title, start and end in the future and in order, a place or a video link, agenda."""
    cleaned = {
        "title": text(data.get("title"), "title", limit=TITLE_LIMIT),
        "place": text(data.get("place"), "place", required=False, limit=PLACE_LIMIT),
        "video_url": (data.get("video_url") or "").strip(),
        "agenda": text(data.get("agenda"), "agenda", required=False, limit=AGENDA_LIMIT),
    }
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if starts_at is None:
        raise ValidationError({"starts_at": _("Please give the start.")})
    if ends_at is None:
        raise ValidationError({"ends_at": _("Please give the end.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("The start cannot lie in the past.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must lie after the start.")})
    if cleaned["video_url"]:
        try:
            URLValidator(schemes=["https", "http"])(cleaned["video_url"])
        except ValidationError:
            raise ValidationError(
                {"video_url": _("Please give the video link as a web address (https://…).")}
            ) from None
        if len(cleaned["video_url"]) > 200:
            raise ValidationError({"video_url": _("At most 200 characters, please.")})
    if not cleaned["place"] and not cleaned["video_url"]:
        raise ValidationError({"place": _("Please give a place or a video link.")})
    cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
    return cleaned


def require_scheduled(event) -> None:
    if event.state != EventState.SCHEDULED:
        raise ValidationError(_("This appointment has been cancelled; it cannot be changed."))


def require_not_over(event) -> None:
    """Date, place, invitations and cancellation can change only until the end."""
    require_scheduled(event)
    if event.ends_at < timezone.now():
        raise ValidationError(
            _("This appointment is over; its date, place and invitations stay as they were.")
        )


def save_schedule(event, *, actor, expected_version: int, data: dict) -> dict:
    """Save the changed schedule; a change invitees must hear about raises the sequence."""
    require_not_over(event)
    changes = {name: value for name, value in data.items() if getattr(event, name) != value}
    if any(name in CALENDAR_FIELDS for name in changes):
        changes["sequence"] = event.sequence + 1
    return save_versioned(event, actor=actor, expected_version=expected_version, data=changes)


def cancel(event, *, actor, expected_version: int | None = None) -> dict:
    if event.state == EventState.SCHEDULED and event.ends_at < timezone.now():
        raise ValidationError(_("This appointment is over; it can no longer be cancelled."))
    check_transition(EVENT_TRANSITIONS, EventState, event.state, EventState.CANCELLED)
    data = {
        "state": EventState.CANCELLED,
        "sequence": event.sequence + 1,
        "cancelled_at": timezone.now(),
    }
    return save_versioned(
        event,
        actor=actor,
        expected_version=event.version if expected_version is None else expected_version,
        data=data,
    )


def record_minutes(event, *, actor, expected_version: int, minutes, decisions) -> dict:
    if event.state != EventState.SCHEDULED:
        raise ValidationError(_("This appointment was cancelled; there are no minutes to keep."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Minutes can be recorded once the appointment has begun."))
    if event.minutes_state == MinutesState.APPROVED:
        raise ValidationError(_("The minutes have been approved; they cannot be changed."))
    minutes = text(minutes, "minutes", limit=MINUTES_LIMIT, message=_("Please write the minutes."))
    decisions = text(decisions, "decisions", required=False, limit=AGENDA_LIMIT)
    return save_versioned(
        event,
        actor=actor,
        expected_version=expected_version,
        data={"minutes": minutes, "decisions": decisions, "minutes_state": MinutesState.DRAFT},
    )


def approve_minutes(event, *, actor) -> dict:
    """Only the chair (its deputy while vacant) approves; approved minutes are final."""
    if acting_position(actor, event.chair_position) is None:
        raise PermissionDenied("not the chair")
    if event.minutes_state == MinutesState.APPROVED:
        raise ValidationError(_("The minutes have already been approved."))
    if event.minutes_state != MinutesState.DRAFT or not event.minutes:
        raise ValidationError(_("There are no minutes to approve yet."))
    return save_versioned(
        event,
        actor=actor,
        expected_version=event.version,
        data={
            "minutes_state": MinutesState.APPROVED,
            "minutes_approved_at": timezone.now(),
            "minutes_approved_by": actor,
        },
    )
