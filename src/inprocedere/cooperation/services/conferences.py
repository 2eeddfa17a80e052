"""Case conferences (*Fallbesprechung*): plan, invite positions of several organisations,
update or cancel (as iCalendar updates), record attendance, minutes and action items;
the chair approves the minutes.

Every invited organisation other than the case's owner needs the participant's valid
consent for the purpose "case_conference" naming it as recipient: no consent, no
invitation (ConsentMissing names the organisations and leads to the consent form).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy
from inprocedere.privacy.models import Purpose

from ..models import ActionItem, CaseConference, ConferenceInvitation
from ..workflows import Attendance
from . import events, notify
from ._common import (
    acting_position,
    active_position,
    known,
    not_in_future,
    not_in_past,
    own_position,
    require_consent,
    text,
)

PURPOSE = Purpose.CASE_CONFERENCE
MAX_INVITEES = 30


def _url(conference) -> str:
    return reverse("cooperation:conference_detail", kwargs={"pk": conference.pk})


def _locked(conference) -> CaseConference:
    return (
        CaseConference.objects.select_for_update(of=("self",))
        .select_related("case", "chair_position__organisation")
        .get(pk=conference.pk)
    )


def _manage(actor, conference):
    if not policy.can(actor, "conference.manage", conference):
        raise PermissionDenied("not the chair's organisation")


def _active_invitations(conference):
    return list(
        conference.invitations.filter(withdrawn_at__isnull=True).select_related(
            "position__organisation", "position__deputy"
        )
    )


def _check_invitees(conference_case, positions, *, already=()):
    """Active positions, each once, not yet invited; consent for every organisation
    other than the case's owner. Returns {organisation id: consent}."""
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
    others = {
        p.organisation_id: p.organisation
        for p in positions
        if p.organisation_id != conference_case.owner_organisation_id
    }
    return require_consent(
        conference_case.participant, list(others.values()), PURPOSE, field="positions"
    )


def _invite(conference, positions, consents, *, actor):
    invitations = [
        ConferenceInvitation.objects.create(
            conference=conference,
            position=position,
            organisation=position.organisation,
            consent=consents.get(position.organisation_id),
        )
        for position in positions
    ]
    for invitation in invitations:
        _deliver_invitation(conference, invitation.position, "invited")
    notify.send_calendar(conference, [i.position for i in invitations])
    return invitations


def _deliver_invitation(conference, position, what):
    titles = {
        "invited": _("Invitation to a case conference on %(when)s"),
        "updated": _("Case conference changed: now on %(when)s"),
        "cancelled": _("Case conference on %(when)s cancelled"),
    }
    notify.deliver_appointment(
        conference,
        position,
        what,
        titles,
        kind="conference",
        url=_url(conference),
        participant=conference.case.participant,
    )


@transaction.atomic
def conference_create(*, actor, case, chair_position, positions=(), **schedule) -> CaseConference:
    """Plan a conference about `case`, chaired by `chair_position` (held by `actor`), and
    invite `positions`; each gets an inbox item and an .ics invitation by mail."""
    policy.require(actor, "conference.manage")
    if not policy.can(actor, "case.write", case):
        raise PermissionDenied("case out of reach")
    own_position(actor, chair_position, "chair_position")
    data = events.clean_schedule(schedule)
    positions = [p for p in positions if p.pk != chair_position.pk]
    if not positions:
        raise ValidationError({"positions": _("Please invite at least one position.")})
    consents = _check_invitees(case, positions)
    conference = CaseConference.objects.create(
        case=case, chair_position=chair_position, created_by=actor, updated_by=actor, **data
    )
    audit.record(
        "cooperation.conference.planned",
        actor=actor,
        obj=conference,
        detail={
            "case": case.pk,
            "starts_at": data["starts_at"].isoformat(),
            "positions": [p.pk for p in positions],
            "consents": sorted(c.pk for c in consents.values()),
        },
    )
    _invite(conference, positions, consents, actor=actor)
    return conference


@transaction.atomic
def conference_update(*, actor, conference, expected_version, **schedule) -> CaseConference:
    """Change date, place or agenda; the invitees get the update (a higher SEQUENCE)."""
    conference = _locked(conference)
    _manage(actor, conference)
    events.require_not_over(conference)
    changes = events.save_schedule(
        conference,
        actor=actor,
        expected_version=expected_version,
        data=events.clean_schedule(schedule),
    )
    if not changes:
        return conference
    audit.record(
        "cooperation.conference.changed",
        actor=actor,
        obj=conference,
        detail={"version": conference.version, "changes": changes},
    )
    if "sequence" in changes:
        invited = [i.position for i in _active_invitations(conference)]
        for position in invited:
            _deliver_invitation(conference, position, "updated")
        notify.send_calendar(conference, invited)
    return conference


@transaction.atomic
def conference_invite(*, actor, conference, positions) -> list[ConferenceInvitation]:
    """Invite further positions (consent checked for each organisation)."""
    conference = _locked(conference)
    _manage(actor, conference)
    events.require_not_over(conference)
    current = {i.position_id: i for i in conference.invitations.all()}
    positions = list(positions)
    if not positions:
        raise ValidationError({"positions": _("Please choose at least one position.")})
    already = {pk for pk, i in current.items() if i.withdrawn_at is None}
    already.add(conference.chair_position_id)
    consents = _check_invitees(conference.case, positions, already=already)
    renewed = [p for p in positions if p.pk in current]
    if renewed:
        # A withdrawn invitation is renewed rather than duplicated.
        ConferenceInvitation.objects.filter(conference=conference, position__in=renewed).update(
            withdrawn_at=None
        )
    fresh = [p for p in positions if p.pk not in current]
    invitations = _invite(conference, fresh, consents, actor=actor)
    for position in renewed:
        _deliver_invitation(conference, position, "invited")
    notify.send_calendar(conference, renewed)
    audit.record(
        "cooperation.conference.invited",
        actor=actor,
        obj=conference,
        detail={"positions": [p.pk for p in positions]},
    )
    return invitations


@transaction.atomic
def conference_uninvite(*, actor, conference, invitation) -> None:
    """Withdraw one invitation: that position gets a cancellation."""
    conference = _locked(conference)
    _manage(actor, conference)
    events.require_not_over(conference)
    if invitation.conference_id != conference.pk or invitation.withdrawn_at is not None:
        raise ValidationError(_("This position is not invited."))
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit.record(
        "cooperation.conference.uninvited",
        actor=actor,
        obj=conference,
        detail={"position": invitation.position_id},
    )
    notify.send_calendar(conference, [invitation.position], cancel=True)


@transaction.atomic
def conference_cancel(*, actor, conference) -> CaseConference:
    """Call the conference off: every invitee gets METHOD:CANCEL and an inbox item."""
    conference = _locked(conference)
    _manage(actor, conference)
    events.cancel(conference, actor=actor)
    audit.record(
        "cooperation.conference.cancelled",
        actor=actor,
        obj=conference,
        detail={"version": conference.version},
    )
    invited = [i.position for i in _active_invitations(conference)]
    for position in invited:
        _deliver_invitation(conference, position, "cancelled")
    notify.send_calendar(conference, invited, cancel=True)
    return conference


@transaction.atomic
def conference_record_attendance(*, actor, conference, attendance: dict) -> None:
    """{invitation id: Attendance value} for invitations of this conference."""
    conference = _locked(conference)
    _manage(actor, conference)
    if conference.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the conference has begun."))
    invitations = {i.pk: i for i in _active_invitations(conference)}
    for pk, value in attendance.items():
        if pk not in invitations:
            raise ValidationError({"attendance": _("This position is not invited.")})
        known(value, Attendance, "attendance")
    for pk, value in attendance.items():
        invitation = invitations[pk]
        if invitation.attendance != value:
            invitation.attendance = value
            invitation.save(update_fields=["attendance"])
    audit.record(
        "cooperation.conference.attendance",
        actor=actor,
        obj=conference,
        detail={"attendance": {str(k): v for k, v in attendance.items()}},
    )


@transaction.atomic
def conference_record_minutes(
    *, actor, conference, expected_version, minutes, decisions=""
) -> CaseConference:
    conference = _locked(conference)
    _manage(actor, conference)
    changes = events.record_minutes(
        conference,
        actor=actor,
        expected_version=expected_version,
        minutes=minutes,
        decisions=decisions,
    )
    audit.record(
        "cooperation.conference.minutes",
        actor=actor,
        obj=conference,
        detail={"version": conference.version, "changes": sorted(changes)},
    )
    return conference


@transaction.atomic
def conference_approve_minutes(*, actor, conference) -> CaseConference:
    conference = _locked(conference)
    if not policy.can(actor, "conference.approve", conference):
        raise PermissionDenied("not the chair")
    events.approve_minutes(conference, actor=actor)
    audit.record(
        "cooperation.conference.minutes_approved",
        actor=actor,
        obj=conference,
        detail={"version": conference.version},
    )
    return conference


def _table_positions(conference):
    """The positions at the table: the chair and those invited."""
    return {conference.chair_position_id} | {
        i.position_id for i in conference.invitations.filter(withdrawn_at__isnull=True)
    }


@transaction.atomic
def action_item_add(*, actor, conference, title, owner_position, due_on) -> ActionItem:
    """An agreed task for a position at the table, due on a day not yet past."""
    conference = _locked(conference)
    _manage(actor, conference)
    events.require_scheduled(conference)
    title = text(title, "title", limit=300, message=_("Please say what is to be done."))
    if owner_position is None or owner_position.pk not in _table_positions(conference):
        raise ValidationError(
            {"owner_position": _("Please choose the chair or an invited position.")}
        )
    not_in_past(due_on, "due_on")
    item = ActionItem.objects.create(
        conference=conference,
        title=title,
        owner_position=owner_position,
        due_on=due_on,
        created_by=actor,
    )
    audit.record(
        "cooperation.action_item.added",
        actor=actor,
        obj=item,
        detail={
            "conference": conference.pk,
            "owner_position": owner_position.pk,
            "due_on": due_on.isoformat(),
        },
    )
    notify.deliver(
        position=owner_position,
        kind="action_item_assigned",
        key=f"action_item:{item.pk}:assigned",
        title=_("Action item from the case conference of %(date)s")
        % {"date": timezone.localtime(conference.starts_at).strftime("%d.%m.%Y")},
        url=_url(conference),
        due_on=due_on,
        participant=conference.case.participant,
    )
    return item


@transaction.atomic
def action_item_done(*, actor, item, done_on=None, note="") -> ActionItem:
    """The owner position (its deputy while vacant) or the chair's side marks it done."""
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("conference", "owner_position")
        .get(pk=item.pk)
    )
    if not policy.can(actor, "action_item.complete", item):
        raise PermissionDenied("not the owner")
    if item.done_on is not None:
        raise ValidationError(_("This action item is already done."))
    done_on = not_in_future(done_on or timezone.localdate(), "done_on")
    note = text(note, "note", required=False)
    item.done_on, item.done_by, item.done_note = done_on, actor, note
    item.save(update_fields=["done_on", "done_by", "done_note"])
    audit.record(
        "cooperation.action_item.done",
        actor=actor,
        obj=item,
        detail={
            "done_on": done_on.isoformat(),
            "position": getattr(acting_position(actor, item.owner_position), "pk", None),
        },
    )
    return item
