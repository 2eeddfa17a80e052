"""The case file itself: its details (versioned), status, team and handover."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.core.versioning import save_versioned
from inprocedere.privacy import policy

from ..models import Case, EmploymentStatus, Referral, Urgency
from ..workflows import CASE_TRANSITIONS, CaseStatus, check_transition
from ._common import (
    acting_position,
    check_case_position,
    check_subproject,
    is_case_position,
    known_choice,
    max_length,
    not_in_future,
    require_open,
)
from .referrals import referral_create

CASE_FIELDS = (
    "owner_position",
    "esf_entry_date",
    "funding_period",
    "subproject",
    "employment_status_at_entry",
    "isced_at_entry",
    "homeless",
    "rural",
)


@transaction.atomic
def case_update(*, actor, case, version: int, **data) -> Case:
    """Change the case's details; a save from an older `version` is refused (StaleEdit)."""
    policy.require(actor, "case.manage", case)
    data = {key: value for key, value in data.items() if key in CASE_FIELDS}
    if "owner_position" in data:
        position = data["owner_position"]
        if position is None or position.organisation_id != case.owner_organisation_id:
            raise ValidationError(
                {"owner_position": _("Please choose a position of the owning organisation.")}
            )
    if "esf_entry_date" in data:
        not_in_future(data["esf_entry_date"], "esf_entry_date")
    if "employment_status_at_entry" in data:
        data["employment_status_at_entry"] = data["employment_status_at_entry"] or ""
        known_choice(
            data["employment_status_at_entry"],
            EmploymentStatus,
            "employment_status_at_entry",
            blank=True,
        )
    isced = data.get("isced_at_entry")
    if isced is not None and not 0 <= isced <= 8:
        raise ValidationError({"isced_at_entry": _("ISCED levels run from 0 to 8.")})
    check_subproject(
        data.get("subproject", case.subproject),
        data.get("funding_period", case.funding_period),
        case.owner_organisation_id,
        _("Please choose a sub-project of the owning organisation."),
    )
    changes = save_versioned(case, actor=actor, expected_version=version, data=data)
    audit.record(
        "case.updated", actor=actor, obj=case, detail={"version": case.version, "changes": changes}
    )
    return case


@transaction.atomic
def case_set_status(*, actor, case, status, version: int | None = None, reason="") -> Case:
    """active ⇄ paused, either → closed (CASE_TRANSITIONS)."""
    policy.require(actor, "case.manage", case)
    fresh = Case.unrestricted.select_for_update().get(pk=case.pk)
    check_transition(CASE_TRANSITIONS, CaseStatus, fresh.status, status)
    max_length(reason, 4000, "reason")
    before = fresh.status
    save_versioned(
        case,
        actor=actor,
        expected_version=fresh.version if version is None else version,
        data={"status": status},
    )
    audit.record(
        "case.status_changed",
        actor=actor,
        obj=case,
        detail={"version": case.version, "changes": {"status": [before, status]}, "reason": reason},
    )
    return case


@transaction.atomic
def case_team_add(*, actor, case, position) -> Case:
    """Add a position of another organisation to the case team."""
    policy.require(actor, "case.manage", case)
    require_open(case)
    if position.organisation_id == case.owner_organisation_id:
        raise ValidationError(
            {"position": _("Positions of the owning organisation work on the case already.")}
        )
    if not position.is_active:
        raise ValidationError({"position": _("This position is no longer active.")})
    if not is_case_position(position):
        check_case_position(position, "position")
    if case.team.filter(pk=position.pk).exists():
        raise ValidationError({"position": _("This position is on the case team already.")})
    if not policy.holds_data(position.organisation_id, case.participant):
        # Working on the case shows the person's data to another organisation.
        policy.require_consent(case.participant, position.organisation, "counselling")
    case.team.add(position)
    audit.record("case.team.added", actor=actor, obj=case, detail={"position": position.pk})
    return case


@transaction.atomic
def case_team_remove(*, actor, case, position) -> Case:
    policy.require(actor, "case.manage", case)
    if not case.team.filter(pk=position.pk).exists():
        raise ValidationError({"position": _("This position is not on the case team.")})
    case.team.remove(position)
    audit.record("case.team.removed", actor=actor, obj=case, detail={"position": position.pk})
    return case


@transaction.atomic
def handover_create(
    *, actor, case, to_organisation, to_position=None, reason, goals="", urgency=Urgency.NORMAL
) -> Referral:
    """Hand the case over, e.g. to the job centre once the person has a right to remain
    and is entitled to SGB II. A referral of kind HANDOVER from the case's owner position;
    after its intake the new owner's case links back here and can read this history."""
    policy.require(actor, "case.manage", case)
    acting_position(actor, case.owner_organisation)
    require_open(case)
    if Referral.unrestricted.filter(
        case=case, kind=Referral.Kind.HANDOVER, state__in=["sent", "accepted"]
    ).exists():
        raise ValidationError(_("A handover of this case is already under way."))
    return referral_create(
        actor=actor,
        from_position=case.owner_position,
        participant=case.participant,
        to_organisation=to_organisation,
        to_position=to_position,
        reason=reason,
        goals=goals,
        urgency=urgency,
        kind=Referral.Kind.HANDOVER,
        case=case,
    )
