"""Case conferences (*Fallbesprechung*): what they add to the appointment core.

Every invited organisation other than the case's owner needs the participant's valid
consent for the purpose "case_conference" naming it as recipient: no consent, no
invitation (ConsentMissing names the organisations and leads to the consent form). The
consent relied on is kept on the invitation. Action items agreed at the table go to a
position at the table, which gets an inbox item.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.core import audit
from inprocedere.privacy import policy
from inprocedere.privacy.models import Purpose

from ..models import ActionItem, CaseConference
from ..workflows import AppointmentKind
from . import appointments, notify, rules, schedule
from ._common import (
    acting_position,
    not_in_future,
    not_in_past,
    own_position,
    require_consent,
    text,
)

PURPOSE = Purpose.CASE_CONFERENCE
MAX_INVITEES = 30


def _consents(case, positions) -> dict:
    """Consent for every invited organisation that does not hold the person's data itself
    (the case's owner, the organisation that registered the person, the owner of another
    of their cases need none: nothing flows to them that they do not hold)."""
    others = {
        p.organisation_id: p.organisation
        for p in positions
        if p.organisation_id != case.owner_organisation_id
    }
    held = {pk: others.pop(pk) for pk in policy.holding_organisations(case.participant, others)}
    found = require_consent(case.participant, list(others.values()), PURPOSE, field="positions")
    for organisation_id, organisation in held.items():
        # Not needed, but named on the invitation when there is one.
        consent = policy.consent_covers(case.participant, organisation, PURPOSE)
        if consent is not None:
            found[organisation_id] = consent
    return found


# Inbox titles: never the typed title, which may name the person.
TITLES = {
    "invited": gettext_lazy("Invitation to a case conference on %(when)s"),
    "updated": gettext_lazy("Case conference changed: now on %(when)s"),
    "cancelled": gettext_lazy("Case conference on %(when)s cancelled"),
}
RULES = rules.Rules(CaseConference, "conference", MAX_INVITEES, TITLES, consents=_consents)
rules.register([AppointmentKind.CONFERENCE], RULES)


@transaction.atomic
def conference_create(*, actor, case, chair_position, positions=(), **schedule_data):
    """Plan a conference about `case`, chaired by `chair_position` (held by `actor`), and
    invite `positions`; each gets an inbox item and an .ics invitation by mail. One that
    already took place is entered without invitations going out."""
    policy.require(actor, "conference.manage")
    if not policy.can(actor, "case.write", case):
        raise PermissionDenied("case out of reach")
    own_position(actor, chair_position, "chair_position")
    data = schedule.clean_schedule(schedule_data, earliest=schedule.earliest_start(case))
    if not [p for p in positions if p.pk != chair_position.pk]:
        raise ValidationError({"positions": _("Please invite at least one position.")})
    return appointments.create(
        actor=actor,
        rules=RULES,
        chair_position=chair_position,
        positions=positions,
        data={**data, "case": case},
        detail={"case": case.pk},
    )


def _table_positions(conference) -> set[int]:
    """The positions at the table: the chair and those invited."""
    return {conference.chair_position_id} | {
        i.position_id for i in conference.invitations.filter(withdrawn_at__isnull=True)
    }


@transaction.atomic
def action_item_add(*, actor, conference, title, owner_position, due_on) -> ActionItem:
    """An agreed task for a position at the table, due on a day not yet past."""
    conference = appointments.locked(conference)
    appointments.require_manager(actor, conference)
    appointments.require_not_cancelled(conference)
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
        url=RULES.url(conference),
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
