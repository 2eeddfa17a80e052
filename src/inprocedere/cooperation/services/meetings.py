"""Network meetings and trainings: what they add to the appointment core.

Local (for a region) or for the whole network, on a topic, a training drawing on an
organisation's expertise; attendance per person and organisation; materials (checked
uploads). They hold no personal data of participants, so no consent is involved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.core import audit
from inprocedere.core.uploads import CONTENT_TYPES, DOCUMENTS, checked_kind
from inprocedere.core.versioning import save_versioned
from inprocedere.network.models import Tenure
from inprocedere.privacy import policy

from ..models import MEETING_KINDS, Meeting, MeetingAttendance, MeetingMaterial
from . import appointments, rules, schedule
from ._common import known, own_position, text

MAX_INVITEES = 200


def _clean_own(meeting, data: dict) -> dict:
    """Kind, level (a local one with its region), topic, the expertise a training draws on."""
    # The kind is chosen once: a meeting does not turn into a training.
    kind = meeting.kind if meeting is not None else known(data.get("kind"), Meeting.Kind, "kind")
    level = known(data.get("level"), Meeting.Level, "level")
    region = data.get("region")
    if level == Meeting.Level.LOCAL and region is None:
        raise ValidationError({"region": _("A local meeting needs its region.")})
    topic = text(data.get("topic"), "topic", limit=200, message=_("Please give the topic."))
    expertise = data.get("expertise_organisation") if kind == Meeting.Kind.TRAINING else None
    return {
        "kind": kind,
        "level": level,
        "region": region,
        "topic": topic,
        "expertise_organisation": expertise,
    }


TITLES = {
    "invited": gettext_lazy("Invitation: %(title)s on %(when)s"),
    "updated": gettext_lazy("Changed: %(title)s, now on %(when)s"),
    "cancelled": gettext_lazy("Cancelled: %(title)s on %(when)s"),
}
RULES = rules.Rules(Meeting, "meeting", MAX_INVITEES, TITLES, clean_own=_clean_own)
rules.register(MEETING_KINDS, RULES)


@transaction.atomic
def meeting_create(*, actor, chair_position, positions=(), **data) -> Meeting:
    """Plan a meeting or training (or enter one held already) and invite `positions`."""
    policy.require(actor, "meeting.manage")
    own_position(actor, chair_position, "chair_position")
    own = _clean_own(None, data)
    return appointments.create(
        actor=actor,
        rules=RULES,
        chair_position=chair_position,
        positions=positions,
        data={**own, **schedule.clean_schedule(data)},
        detail={},
    )


def _organisation_on_the_day(meeting, person):
    """The organisation of the position `person` held on the meeting's day."""
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
    return tenure.position.organisation


@transaction.atomic
def meeting_attendance_add(*, actor, meeting, person, organisation=None) -> MeetingAttendance:
    """`person` attended, for `organisation` (default: the organisation of the position
    they hold on the meeting's day). The meeting is then held."""
    meeting = appointments.locked(meeting)
    appointments.require_manager(actor, meeting)
    held = appointments.took_place(meeting, "attendance")
    if person is None:
        raise ValidationError({"person": _("Please choose a person.")})
    organisation = organisation or _organisation_on_the_day(meeting, person)
    try:
        with transaction.atomic():
            attendance = MeetingAttendance.objects.create(
                meeting=meeting, person=person, organisation=organisation, recorded_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            {"person": _("%(person)s is recorded as present already.") % {"person": person}}
        ) from None
    if held:
        save_versioned(meeting, actor=actor, expected_version=meeting.version, data=held)
    audit.record(
        appointments.action(meeting, "attended"),
        actor=actor,
        obj=meeting,
        detail={"person": person.pk, "organisation": organisation.pk},
    )
    return attendance


@transaction.atomic
def meeting_attendance_remove(*, actor, attendance) -> None:
    meeting = appointments.locked(attendance.meeting)
    appointments.require_manager(actor, meeting)
    audit.record(
        appointments.action(meeting, "attendance_removed"),
        actor=actor,
        obj=meeting,
        detail={"person": attendance.person_id},
    )
    attendance.delete()


@transaction.atomic
def material_upload(*, actor, meeting, title, upload) -> MeetingMaterial:
    """A file for the meeting: PDF, image or office document, content matching its name,
    within the upload limit. Refused files leave nothing behind."""
    meeting = appointments.locked(meeting)
    appointments.require_manager(actor, meeting)
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
        appointments.action(meeting, "material"),
        actor=actor,
        obj=meeting,
        detail={"material": material.pk, "kind": kind, "size": upload.size},
    )
    return material
