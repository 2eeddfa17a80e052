"""Network meetings and trainings: plan (local for a region, or for the whole network),
invite positions, update or cancel as iCalendar updates, record attendance per person
and organisation, minutes approved by the chair, and materials (checked uploads).

They hold no personal data of participants, so no consent is involved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.core.uploads import CONTENT_TYPES, DOCUMENTS, checked_kind
from inprocedere.network.models import Tenure
from inprocedere.privacy import policy

from ..models import Meeting, MeetingAttendance, MeetingInvitation, MeetingMaterial
from . import events, notify
from ._common import active_position, known, own_position, text

MAX_INVITEES = 200


def _url(meeting) -> str:
    return reverse("cooperation:meeting_detail", kwargs={"pk": meeting.pk})


def _locked(meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("chair_position__organisation", "region", "expertise_organisation")
        .get(pk=meeting.pk)
    )


def _manage(actor, meeting):
    if not policy.can(actor, "meeting.manage", meeting):
        raise PermissionDenied("not the organiser")


def _clean_kind(data: dict) -> dict:
    kind = known(data.get("kind"), Meeting.Kind, "kind")
    level = known(data.get("level"), Meeting.Level, "level")
    region = data.get("region")
    if level == Meeting.Level.LOCAL and region is None:
        raise ValidationError({"region": _("A local meeting needs its region.")})
    topic = text(data.get("topic"), "topic", limit=200, message=_("Please give the topic."))
    expertise = data.get("expertise_organisation")
    if kind == Meeting.Kind.MEETING:
        expertise = None
    return {
        "kind": kind,
        "level": level,
        "region": region,
        "topic": topic,
        "expertise_organisation": expertise,
    }


def _check_positions(positions, already=()):
    positions = list(dict.fromkeys(positions))
    if len(positions) > MAX_INVITEES:
        raise ValidationError(
            {"positions": _("At most %(limit)d invitees, please.") % {"limit": MAX_INVITEES}}
        )
    for position in positions:
        active_position(position, "positions", _("Please invite active positions only."))
        if position.pk in already:
            raise ValidationError(
                {"positions": _("%(position)s is invited already.") % {"position": position}}
            )
    return positions


def _deliver(meeting, position, what):
    titles = {
        "invited": _("Invitation: %(title)s on %(when)s"),
        "updated": _("Changed: %(title)s, now on %(when)s"),
        "cancelled": _("Cancelled: %(title)s on %(when)s"),
    }
    notify.deliver_appointment(meeting, position, what, titles, kind="meeting", url=_url(meeting))


def _invite(meeting, positions):
    for position in positions:
        MeetingInvitation.objects.create(
            meeting=meeting, position=position, organisation=position.organisation
        )
        _deliver(meeting, position, "invited")
    notify.send_calendar(meeting, positions)


@transaction.atomic
def meeting_create(*, actor, chair_position, positions=(), **data) -> Meeting:
    policy.require(actor, "meeting.manage")
    own_position(actor, chair_position, "chair_position")
    kind = _clean_kind(data)
    schedule = events.clean_schedule(data)
    positions = _check_positions([p for p in positions if p.pk != chair_position.pk])
    meeting = Meeting.objects.create(
        chair_position=chair_position, created_by=actor, updated_by=actor, **kind, **schedule
    )
    audit.record(
        f"cooperation.{meeting.kind}.planned",
        actor=actor,
        obj=meeting,
        detail={
            "starts_at": schedule["starts_at"].isoformat(),
            "positions": [p.pk for p in positions],
        },
    )
    _invite(meeting, positions)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting, expected_version, **data) -> Meeting:
    meeting = _locked(meeting)
    _manage(actor, meeting)
    events.require_not_over(meeting)
    kind = _clean_kind({**data, "kind": meeting.kind})
    changes = events.save_schedule(
        meeting,
        actor=actor,
        expected_version=expected_version,
        data={**kind, **events.clean_schedule(data)},
    )
    if changes:
        audit.record(
            f"cooperation.{meeting.kind}.changed",
            actor=actor,
            obj=meeting,
            detail={"version": meeting.version, "changes": changes},
        )
    if "sequence" in changes:
        invited = [
            i.position
            for i in meeting.invitations.filter(withdrawn_at__isnull=True).select_related(
                "position__organisation"
            )
        ]
        for position in invited:
            _deliver(meeting, position, "updated")
        notify.send_calendar(meeting, invited)
    return meeting


@transaction.atomic
def meeting_invite(*, actor, meeting, positions) -> None:
    meeting = _locked(meeting)
    _manage(actor, meeting)
    events.require_not_over(meeting)
    positions = list(positions)
    if not positions:
        raise ValidationError({"positions": _("Please choose at least one position.")})
    current = {i.position_id: i for i in meeting.invitations.all()}
    already = {pk for pk, i in current.items() if i.withdrawn_at is None}
    already.add(meeting.chair_position_id)
    positions = _check_positions(positions, already)
    renewed = [p for p in positions if p.pk in current]
    if renewed:
        MeetingInvitation.objects.filter(meeting=meeting, position__in=renewed).update(
            withdrawn_at=None
        )
        for position in renewed:
            _deliver(meeting, position, "invited")
        notify.send_calendar(meeting, renewed)
    _invite(meeting, [p for p in positions if p.pk not in current])
    audit.record(
        f"cooperation.{meeting.kind}.invited",
        actor=actor,
        obj=meeting,
        detail={"positions": [p.pk for p in positions]},
    )


@transaction.atomic
def meeting_uninvite(*, actor, meeting, invitation) -> None:
    meeting = _locked(meeting)
    _manage(actor, meeting)
    events.require_not_over(meeting)
    if invitation.meeting_id != meeting.pk or invitation.withdrawn_at is not None:
        raise ValidationError(_("This position is not invited."))
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit.record(
        f"cooperation.{meeting.kind}.uninvited",
        actor=actor,
        obj=meeting,
        detail={"position": invitation.position_id},
    )
    notify.send_calendar(meeting, [invitation.position], cancel=True)


@transaction.atomic
def meeting_cancel(*, actor, meeting) -> Meeting:
    meeting = _locked(meeting)
    _manage(actor, meeting)
    events.cancel(meeting, actor=actor)
    audit.record(f"cooperation.{meeting.kind}.cancelled", actor=actor, obj=meeting)
    invited = [
        i.position
        for i in meeting.invitations.filter(withdrawn_at__isnull=True).select_related(
            "position__organisation"
        )
    ]
    for position in invited:
        _deliver(meeting, position, "cancelled")
    notify.send_calendar(meeting, invited, cancel=True)
    return meeting


@transaction.atomic
def meeting_attendance_add(*, actor, meeting, person, organisation=None) -> MeetingAttendance:
    """`person` attended, for `organisation` (default: the organisation of the position
    they hold on the meeting's day)."""
    meeting = _locked(meeting)
    _manage(actor, meeting)
    if meeting.state != "scheduled":
        raise ValidationError(_("This appointment was cancelled; nobody attended."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the appointment has begun."))
    if person is None:
        raise ValidationError({"person": _("Please choose a person.")})
    if organisation is None:
        tenure = (
            Tenure.objects.current(timezone.localdate(meeting.starts_at))
            .filter(person=person)
            .select_related("position__organisation")
            .first()
        )
        if tenure is None:
            raise ValidationError(
                {"organisation": _("Please say for which organisation the person attended.")}
            )
        organisation = tenure.position.organisation
    try:
        with transaction.atomic():
            attendance = MeetingAttendance.objects.create(
                meeting=meeting, person=person, organisation=organisation, recorded_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            {"person": _("%(person)s is recorded as present already.") % {"person": person}}
        ) from None
    audit.record(
        f"cooperation.{meeting.kind}.attended",
        actor=actor,
        obj=meeting,
        detail={"person": person.pk, "organisation": organisation.pk},
    )
    return attendance


@transaction.atomic
def meeting_attendance_remove(*, actor, attendance) -> None:
    meeting = _locked(attendance.meeting)
    _manage(actor, meeting)
    audit.record(
        f"cooperation.{meeting.kind}.attendance_removed",
        actor=actor,
        obj=meeting,
        detail={"person": attendance.person_id},
    )
    attendance.delete()


@transaction.atomic
def meeting_record_minutes(*, actor, meeting, expected_version, minutes, decisions="") -> Meeting:
    meeting = _locked(meeting)
    _manage(actor, meeting)
    changes = events.record_minutes(
        meeting,
        actor=actor,
        expected_version=expected_version,
        minutes=minutes,
        decisions=decisions,
    )
    audit.record(
        f"cooperation.{meeting.kind}.minutes",
        actor=actor,
        obj=meeting,
        detail={"version": meeting.version, "changes": sorted(changes)},
    )
    return meeting


@transaction.atomic
def meeting_approve_minutes(*, actor, meeting) -> Meeting:
    meeting = _locked(meeting)
    events.approve_minutes(meeting, actor=actor)
    audit.record(
        f"cooperation.{meeting.kind}.minutes_approved",
        actor=actor,
        obj=meeting,
        detail={"version": meeting.version},
    )
    return meeting


@transaction.atomic
def material_upload(*, actor, meeting, title, upload) -> MeetingMaterial:
    """A file for the meeting: PDF, image or office document, content matching its name,
    within the upload limit. Refused files leave nothing behind."""
    meeting = _locked(meeting)
    _manage(actor, meeting)
    title = text(title, "title", limit=200, message=_("Please give the material a title."))
    if upload is None:
        raise ValidationError({"file": _("Please choose a file.")})
    kind = checked_kind(upload, field="file", types=DOCUMENTS)
    extension = next(ext for ext, (k, _magic) in DOCUMENTS.items() if k == kind)
    material = MeetingMaterial(
        meeting=meeting,
        title=title,
        content_type=CONTENT_TYPES[kind],
        size=upload.size,
        uploaded_by=actor,
    )
    material.save()
    # Stored under a name of our own: the uploaded name may carry anything.
    material.file.save(f"material-{material.pk}{extension}", upload, save=False)
    try:
        material.save(update_fields=["file"])
    except BaseException:
        material.file.storage.delete(material.file.name)
        raise
    audit.record(
        f"cooperation.{meeting.kind}.material",
        actor=actor,
        obj=meeting,
        detail={"material": material.pk, "kind": kind, "size": upload.size},
    )
    return material
