"""The appointment core: what case conferences, network meetings and trainings share,
written once.

Invitations (with an inbox item and an .ics by mail for each), changes of date, place or
agenda (an iCalendar update with a higher SEQUENCE), withdrawn invitations, cancellation
(METHOD:CANCEL to all), attendance per invitation, minutes and their approval by the
chair. What each kind does differently is said by its `Rules` (registered by
`conferences.py` and `meetings.py`): who manages it, how many may be invited, whether an
invited organisation needs the person's consent, what else its form carries.

An appointment entered after it took place invites nobody by mail or inbox: the
positions are recorded as invited so that attendance and minutes can follow.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.core import audit
from inprocedere.core.versioning import save_versioned
from inprocedere.privacy import policy

from ..models import Invitation
from ..workflows import (
    APPOINTMENT_TRANSITIONS,
    AppointmentState,
    Attendance,
    MinutesState,
    check_transition,
)
from . import notify, schedule
from ._common import active_position, known
from .rules import Rules, rules_for


def action(appointment, what: str) -> str:
    """The audit action: `cooperation.conference.planned`, `cooperation.training.minutes`."""
    return f"cooperation.{appointment.kind}.{what}"


def locked(appointment):
    """The current row, locked, as its kind's proxy (whose label the audit log keeps)."""
    return (
        rules_for(appointment)
        .model._base_manager.select_for_update(of=("self",))
        .select_related("case", "chair_position__organisation", "region", "expertise_organisation")
        .get(pk=appointment.pk)
    )


def require_manager(actor, appointment) -> None:
    if not policy.can(actor, f"{rules_for(appointment).group}.manage", appointment):
        raise PermissionDenied("not the organiser")


def require_open(appointment) -> None:
    """Date, place, invitations and cancellation can change only while it is still to come."""
    if appointment.state == AppointmentState.CANCELLED:
        raise ValidationError(_("This appointment has been cancelled; it cannot be changed."))
    if appointment.state == AppointmentState.HELD or appointment.is_past:
        raise ValidationError(
            _("This appointment is over; its date, place and invitations stay as they were.")
        )


def require_not_cancelled(appointment, message=None) -> None:
    if appointment.state == AppointmentState.CANCELLED:
        raise ValidationError(
            message or _("This appointment has been cancelled; it cannot be changed.")
        )


def active_invitations(appointment) -> list:
    return list(
        appointment.invitations.filter(withdrawn_at__isnull=True).select_related(
            "position__organisation", "position__deputy"
        )
    )


def check_invitees(rules: Rules, case, positions, *, already=()) -> dict:
    """Active positions, each once, not yet invited, within the kind's limit, with the
    consent the kind asks for. Returns {organisation id: consent}."""
    positions = list(dict.fromkeys(positions))
    if len(positions) > rules.max_invitees:
        raise ValidationError(
            {"positions": _("At most %(limit)d invitees, please.") % {"limit": rules.max_invitees}}
        )
    for position in positions:
        active_position(position, "positions", _("Please invite active positions only."))
        if position.pk in already:
            raise ValidationError(
                {"positions": _("%(position)s is invited already.") % {"position": position}}
            )
    return rules.consents(case, positions)


def tell(appointment, positions, what: str) -> None:
    """Inbox items and calendar mail for `what` ("invited", "updated", "cancelled") to
    `positions`; nothing for an appointment that is already over."""
    if appointment.is_past or not positions:
        return
    rules = rules_for(appointment)
    for position in positions:
        notify.deliver_appointment(
            appointment,
            position,
            what,
            rules.titles,
            kind=rules.group,
            url=rules.url(appointment),
            participant=appointment.case.participant if appointment.case_id else None,
        )
    notify.send_calendar(appointment, positions, cancel=what == "cancelled")


def invite(appointment, positions, consents) -> list[Invitation]:
    invitations = [
        Invitation.objects.create(
            appointment=appointment,
            position=position,
            organisation=position.organisation,
            consent=consents.get(position.organisation_id),
        )
        for position in positions
    ]
    tell(appointment, positions, "invited")
    return invitations


def create(*, actor, rules: Rules, chair_position, positions, data: dict, detail: dict):
    """The new appointment (its kind in `data`) and its invitations."""
    positions = [p for p in positions if p.pk != chair_position.pk]
    consents = check_invitees(rules, data.get("case"), positions)
    appointment = rules.model.objects.create(
        chair_position=chair_position, created_by=actor, updated_by=actor, **data
    )
    audit.record(
        action(appointment, "planned"),
        actor=actor,
        obj=appointment,
        detail={
            **detail,
            "starts_at": data["starts_at"].isoformat(),
            "positions": [p.pk for p in positions],
            "consents": sorted(c.pk for c in consents.values()),
            "afterwards": appointment.is_past,
        },
    )
    invite(appointment, positions, consents)
    return appointment


@transaction.atomic
def appointment_update(*, actor, appointment, expected_version, **data):
    """Change date, place, agenda (and the kind's own fields); the invitees get the update
    (a higher SEQUENCE) when it concerns their calendar."""
    appointment = locked(appointment)
    require_manager(actor, appointment)
    require_open(appointment)
    cleaned = {
        **rules_for(appointment).clean_own(appointment, data),
        **schedule.clean_schedule(data, current=appointment.starts_at),
    }
    changes = {
        name: value for name, value in cleaned.items() if getattr(appointment, name) != value
    }
    if any(name in schedule.CALENDAR_FIELDS for name in changes):
        changes["sequence"] = appointment.sequence + 1
    changes = save_versioned(
        appointment, actor=actor, expected_version=expected_version, data=changes
    )
    if changes:
        audit.record(
            action(appointment, "changed"),
            actor=actor,
            obj=appointment,
            detail={"version": appointment.version, "changes": changes},
        )
    if "sequence" in changes:
        tell(appointment, [i.position for i in active_invitations(appointment)], "updated")
    return appointment


@transaction.atomic
def appointment_invite(*, actor, appointment, positions) -> list[Invitation]:
    """Invite further positions; a withdrawn invitation is renewed, not duplicated."""
    appointment = locked(appointment)
    require_manager(actor, appointment)
    require_open(appointment)
    positions = list(positions)
    if not positions:
        raise ValidationError({"positions": _("Please choose at least one position.")})
    current = {i.position_id: i for i in appointment.invitations.all()}
    already = {pk for pk, i in current.items() if i.withdrawn_at is None}
    already.add(appointment.chair_position_id)
    consents = check_invitees(rules_for(appointment), appointment.case, positions, already=already)
    renewed = [p for p in positions if p.pk in current]
    for position in renewed:
        Invitation.objects.filter(appointment=appointment, position=position).update(
            withdrawn_at=None, consent=consents.get(position.organisation_id)
        )
    tell(appointment, renewed, "invited")
    invitations = invite(appointment, [p for p in positions if p.pk not in current], consents)
    audit.record(
        action(appointment, "invited"),
        actor=actor,
        obj=appointment,
        detail={"positions": [p.pk for p in positions]},
    )
    return invitations


@transaction.atomic
def appointment_uninvite(*, actor, appointment, invitation) -> None:
    """Withdraw one invitation: that position gets a cancellation."""
    appointment = locked(appointment)
    require_manager(actor, appointment)
    require_open(appointment)
    if invitation.appointment_id != appointment.pk or invitation.withdrawn_at is not None:
        raise ValidationError(_("This position is not invited."))
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit.record(
        action(appointment, "uninvited"),
        actor=actor,
        obj=appointment,
        detail={"position": invitation.position_id},
    )
    notify.send_calendar(appointment, [invitation.position], cancel=True)


def _move(appointment, target, *, actor, data=None) -> dict:
    check_transition(APPOINTMENT_TRANSITIONS, AppointmentState, appointment.state, target)
    return save_versioned(
        appointment,
        actor=actor,
        expected_version=appointment.version,
        data={"state": target, **(data or {})},
    )


@transaction.atomic
def appointment_cancel(*, actor, appointment):
    """Call it off: every invitee gets METHOD:CANCEL and an inbox item. Only while it is
    still to come: one that took place (attendance or minutes recorded) stays."""
    appointment = locked(appointment)
    require_manager(actor, appointment)
    if appointment.state == AppointmentState.HELD:
        raise ValidationError(
            _(
                "This appointment took place (its attendance or minutes are recorded); "
                "it cannot be cancelled."
            )
        )
    if appointment.state == AppointmentState.SCHEDULED and appointment.is_past:
        raise ValidationError(_("This appointment is over; it can no longer be cancelled."))
    _move(
        appointment,
        AppointmentState.CANCELLED,
        actor=actor,
        data={"sequence": appointment.sequence + 1, "cancelled_at": timezone.now()},
    )
    audit.record(
        action(appointment, "cancelled"),
        actor=actor,
        obj=appointment,
        detail={"version": appointment.version},
    )
    tell(appointment, [i.position for i in active_invitations(appointment)], "cancelled")
    return appointment


REFUSALS = {
    "attendance": (
        gettext_lazy("This appointment was cancelled: attendance cannot be recorded for it."),
        gettext_lazy("Attendance can be recorded once the appointment has begun."),
    ),
    "minutes": (
        gettext_lazy("This appointment was cancelled: minutes cannot be recorded for it."),
        gettext_lazy("Minutes can be recorded once the appointment has begun."),
    ),
}


def took_place(appointment, what: str) -> dict:
    """Recording attendance or minutes (`what`): refused for a cancelled appointment or
    one still to begin. Returns the change that marks a scheduled one as held."""
    cancelled, early = REFUSALS[what]
    require_not_cancelled(appointment, str(cancelled))
    if not appointment.has_begun:
        raise ValidationError(str(early))
    if appointment.state != AppointmentState.SCHEDULED:
        return {}
    check_transition(
        APPOINTMENT_TRANSITIONS, AppointmentState, appointment.state, AppointmentState.HELD
    )
    return {"state": AppointmentState.HELD}


@transaction.atomic
def appointment_record_attendance(*, actor, appointment, attendance: dict) -> None:
    """{invitation id: Attendance value} for invitations of this appointment."""
    appointment = locked(appointment)
    require_manager(actor, appointment)
    invitations = {i.pk: i for i in active_invitations(appointment)}
    for pk, value in attendance.items():
        if pk not in invitations:
            raise ValidationError({"attendance": _("This position is not invited.")})
        known(value, Attendance, "attendance")
    held = took_place(appointment, "attendance")
    if held:
        save_versioned(appointment, actor=actor, expected_version=appointment.version, data=held)
    for pk, value in attendance.items():
        invitation = invitations[pk]
        if invitation.attendance != value:
            invitation.attendance = value
            invitation.save(update_fields=["attendance"])
    audit.record(
        action(appointment, "attendance"),
        actor=actor,
        obj=appointment,
        detail={"attendance": {str(k): v for k, v in attendance.items()}},
    )


@transaction.atomic
def appointment_record_minutes(*, actor, appointment, expected_version, minutes, decisions=""):
    """Minutes and decisions, once it has begun and until the chair approves them."""
    appointment = locked(appointment)
    require_manager(actor, appointment)
    held = took_place(appointment, "minutes")
    if appointment.minutes_state == MinutesState.APPROVED:
        raise ValidationError(_("The minutes have been approved; they cannot be changed."))
    changes = save_versioned(
        appointment,
        actor=actor,
        expected_version=expected_version,
        data={
            **schedule.clean_minutes(minutes, decisions),
            "minutes_state": MinutesState.DRAFT,
            **held,
        },
    )
    audit.record(
        action(appointment, "minutes"),
        actor=actor,
        obj=appointment,
        detail={"version": appointment.version, "changes": sorted(changes)},
    )
    return appointment


@transaction.atomic
def appointment_approve_minutes(*, actor, appointment):
    """Only the chair position (its deputy while vacant) approves; approved minutes are final."""
    appointment = locked(appointment)
    if not policy.can(actor, f"{rules_for(appointment).group}.approve", appointment):
        raise PermissionDenied("not the chair")
    if appointment.minutes_state == MinutesState.APPROVED:
        raise ValidationError(_("The minutes have already been approved."))
    if appointment.minutes_state != MinutesState.DRAFT or not appointment.minutes:
        raise ValidationError(_("There are no minutes to approve yet."))
    save_versioned(
        appointment,
        actor=actor,
        expected_version=appointment.version,
        data={
            "minutes_state": MinutesState.APPROVED,
            "minutes_approved_at": timezone.now(),
            "minutes_approved_by": actor,
        },
    )
    audit.record(
        action(appointment, "minutes_approved"),
        actor=actor,
        obj=appointment,
        detail={"version": appointment.version},
    )
    return appointment
