"""Referrals: sent → accepted | declined | withdrawn; accepted → intake done (opens the case)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.privacy import policy

from ..models import Case, EmploymentStatus, Referral, ReferralTransition, Urgency
from ..workflows import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseStatus,
    ReferralState,
    check_transition,
)
from ._common import (
    acting_position,
    check_case_position,
    check_subproject,
    holds,
    known_choice,
    max_length,
    not_in_future,
)

TEXT_LIMIT = 4000


def duplicate_message(participant, organisation) -> str:
    return _(
        "%(person)s already has an open referral to %(organisation)s. Please follow that "
        "one up instead of sending another."
    ) % {"person": participant, "organisation": organisation}


def _validate_target(from_position, to_organisation, to_position):
    if to_organisation.pk == from_position.organisation_id:
        raise ValidationError(
            {"to_organisation": _("Please choose another organisation than your own.")}
        )
    if to_position is not None and (
        to_position.organisation_id != to_organisation.pk or not to_position.is_active
    ):
        raise ValidationError(
            {"to_position": _("Please choose an active position of the receiving organisation.")}
        )
    if to_position is not None:
        check_case_position(to_position, "to_position")


def _save_new_referral(referral: Referral) -> None:
    """Insert; the database's partial unique constraint is the last word on duplicates."""
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        raise ValidationError(
            duplicate_message(referral.participant, referral.to_organisation), code="duplicate"
        ) from None


def _transition(referral, target, *, actor, position, note=""):
    check_transition(REFERRAL_TRANSITIONS, ReferralState, referral.state, target)
    ReferralTransition.objects.create(
        referral=referral,
        from_state=referral.state,
        to_state=target,
        actor=actor,
        position=position,
        note=note,
    )
    before = referral.state
    referral.state = target
    return before


def _reload_for_update(referral) -> Referral:
    """The referral's current row, locked: two answers at once cannot both pass."""
    return Referral.unrestricted.select_for_update().get(pk=referral.pk)


@transaction.atomic
def referral_create(
    *,
    actor,
    from_position,
    participant,
    to_organisation,
    to_position=None,
    reason,
    goals="",
    urgency=Urgency.NORMAL,
    kind=Referral.Kind.REFERRAL,
    case=None,
) -> Referral:
    """`from_position` (held by `actor`) refers `participant` to `to_organisation`."""
    policy.require(actor, "referral.create", participant)
    if kind == Referral.Kind.REFERRAL and not holds(actor, from_position):
        raise PermissionDenied("not a position of the actor")
    _validate_target(from_position, to_organisation, to_position)
    reason = _clean_reason(reason, goals, urgency)
    policy.require_consent(participant, to_organisation, "referral")
    if Referral.unrestricted.filter(
        participant=participant,
        to_organisation=to_organisation,
        state__in=[ReferralState.SENT, ReferralState.ACCEPTED],
    ).exists():
        raise ValidationError(duplicate_message(participant, to_organisation), code="duplicate")
    referral = Referral(
        participant=participant,
        kind=kind,
        from_position=from_position,
        to_organisation=to_organisation,
        to_position=to_position,
        reason=reason,
        goals=goals or "",
        urgency=urgency,
        case=case,
    )
    _save_new_referral(referral)
    _record_sent(actor, referral)
    return referral


def _clean_reason(reason, goals, urgency) -> str:
    """The reason without surrounding blanks; refuses a missing reason, over-long texts and
    an unknown urgency."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for the referral.")})
    max_length(reason, TEXT_LIMIT, "reason")
    max_length(goals, TEXT_LIMIT, "goals")
    known_choice(urgency, Urgency, "urgency")
    return reason


def _record_sent(actor, referral: Referral) -> None:
    """The first step (sent, the reason as its note) and the audit entry of a new referral."""
    ReferralTransition.objects.create(
        referral=referral,
        from_state="",
        to_state=ReferralState.SENT,
        actor=actor,
        position=referral.from_position,
        note=referral.reason,
    )
    audit.record(
        "case.referral.sent" if referral.kind == Referral.Kind.REFERRAL else "case.handover.sent",
        actor=actor,
        obj=referral,
        detail={
            "participant": referral.participant_id,
            "from_position": referral.from_position_id,
            "to_organisation": referral.to_organisation_id,
            "to_position": referral.to_position_id,
            "urgency": referral.urgency,
            "case": referral.case_id,
        },
    )


@transaction.atomic
def referral_accept(*, actor, referral, first_appointment: dt.datetime | None, note="") -> Referral:
    policy.require(actor, "referral.respond", referral)
    referral = _reload_for_update(referral)
    position = acting_position(actor, referral.to_organisation)
    if first_appointment is None:
        raise ValidationError({"first_appointment": _("Please give the first appointment.")})
    if timezone.is_naive(first_appointment):
        first_appointment = timezone.make_aware(first_appointment)
    max_length(note, TEXT_LIMIT, "note")
    before = _transition(
        referral, ReferralState.ACCEPTED, actor=actor, position=position, note=note
    )
    referral.first_appointment = first_appointment
    if note:
        referral.feedback = note
    referral.save(update_fields=["state", "first_appointment", "feedback", "updated_at"])
    audit.record(
        "case.referral.accepted",
        actor=actor,
        obj=referral,
        detail={"from": before, "first_appointment": first_appointment.isoformat()},
    )
    return referral


@transaction.atomic
def referral_decline(*, actor, referral, reason) -> Referral:
    """Decline with a reason the referrer sees as feedback."""
    policy.require(actor, "referral.respond", referral)
    referral = _reload_for_update(referral)
    position = acting_position(actor, referral.to_organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please tell the referrer why you decline.")})
    max_length(reason, TEXT_LIMIT, "reason")
    before = _transition(
        referral, ReferralState.DECLINED, actor=actor, position=position, note=reason
    )
    referral.feedback = reason
    referral.save(update_fields=["state", "feedback", "updated_at"])
    audit.record("case.referral.declined", actor=actor, obj=referral, detail={"from": before})
    return referral


@transaction.atomic
def referral_withdraw(*, actor, referral, reason="") -> Referral:
    policy.require(actor, "referral.withdraw", referral)
    referral = _reload_for_update(referral)
    position = acting_position(actor, referral.from_position.organisation)
    max_length(reason, TEXT_LIMIT, "reason")
    before = _transition(
        referral, ReferralState.WITHDRAWN, actor=actor, position=position, note=reason or ""
    )
    referral.save(update_fields=["state", "updated_at"])
    audit.record("case.referral.withdrawn", actor=actor, obj=referral, detail={"from": before})
    return referral


def _check_intake(
    referral, owner_position, esf_entry_date, funding_period, subproject, employment_status, isced
):
    """Refuse an intake the receiving organisation cannot record; the funding period (from
    the sub-project when only that is named)."""
    if (
        owner_position.organisation_id != referral.to_organisation_id
        or not owner_position.is_active
    ):
        raise ValidationError(
            {"owner_position": _("Please choose an active position of your organisation.")}
        )
    not_in_future(esf_entry_date, "esf_entry_date")
    known_choice(employment_status, EmploymentStatus, "employment_status_at_entry", blank=True)
    if isced is not None and not 0 <= isced <= 8:
        raise ValidationError({"isced_at_entry": _("ISCED levels run from 0 to 8.")})
    if subproject is not None and funding_period is None:
        funding_period = subproject.funding_period
    check_subproject(
        subproject,
        funding_period,
        referral.to_organisation_id,
        _("Please choose a sub-project of your organisation."),
    )
    return funding_period


def _close_handed_over(actor, old_case, case) -> None:
    """A handover closes the case it came from; its history stays readable."""
    check_transition(CASE_TRANSITIONS, CaseStatus, old_case.status, CaseStatus.CLOSED)
    Case.unrestricted.filter(pk=old_case.pk).update(
        status=CaseStatus.CLOSED,
        version=F("version") + 1,
        updated_by=actor,
        updated_at=timezone.now(),
    )
    audit.record(
        "case.closed",
        actor=actor,
        obj=old_case,
        detail={"from": old_case.status, "reason": "handover", "handed_over_to": case.pk},
    )


def _audit_intake(actor, referral, case, before, old_case) -> None:
    audit.record(
        "case.referral.intake_done",
        actor=actor,
        obj=referral,
        detail={"from": before, "case": case.pk},
    )
    audit.record(
        "case.opened",
        actor=actor,
        obj=case,
        detail={
            "referral": referral.pk,
            "owner_position": case.owner_position_id,
            "handed_over_from": old_case.pk if old_case else None,
        },
    )


@transaction.atomic
def referral_intake_done(
    *,
    actor,
    referral,
    owner_position,
    esf_entry_date: dt.date | None = None,
    funding_period=None,
    subproject=None,
    employment_status_at_entry="",
    isced_at_entry: int | None = None,
    homeless=False,
    rural=False,
    note="",
) -> Case:
    """The intake is done: the case opens at the receiving organisation.

    A handover opens the new owner's case with `handed_over_from` = the old case and
    closes the old one; its history stays readable for the new owner.
    """
    policy.require(actor, "referral.respond", referral)
    referral = _reload_for_update(referral)
    position = acting_position(actor, referral.to_organisation)
    funding_period = _check_intake(
        referral,
        owner_position,
        esf_entry_date,
        funding_period,
        subproject,
        employment_status_at_entry,
        isced_at_entry,
    )
    max_length(note, TEXT_LIMIT, "note")
    before = _transition(
        referral, ReferralState.INTAKE_DONE, actor=actor, position=position, note=note
    )
    old_case = referral.case if referral.kind == Referral.Kind.HANDOVER else None
    case = Case.unrestricted.create(
        participant=referral.participant,
        owner_organisation=referral.to_organisation,
        owner_position=owner_position,
        esf_entry_date=esf_entry_date,
        funding_period=funding_period,
        subproject=subproject,
        employment_status_at_entry=employment_status_at_entry or "",
        isced_at_entry=isced_at_entry,
        homeless=homeless,
        rural=rural,
        handed_over_from=old_case,
        updated_by=actor,
    )
    if old_case is None:
        referral.case = case
    referral.save(update_fields=["state", "case", "updated_at"])
    if old_case is not None and old_case.status != CaseStatus.CLOSED:
        _close_handed_over(actor, old_case, case)
    _audit_intake(actor, referral, case, before, old_case)
    return case
