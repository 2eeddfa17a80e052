"""Reads for the cooperation monitor: the range's exchanges, events and positions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q
from django.utils import timezone

from inprocedere.cases.models import ReferralTransition
from inprocedere.cases.workflows import ReferralState
from inprocedere.cooperation.models import (
    ActionItem,
    CaseConference,
    Consultation,
    Invitation,
    Meeting,
    MeetingAttendance,
)
from inprocedere.cooperation.workflows import AppointmentState as EventState
from inprocedere.cooperation.workflows import Attendance
from inprocedere.network.models import Organisation, Position, Tenure

from .monitor import ActionItemFact, EventFact, Exchange, MonitorFacts, PositionFact
from .selectors import Scope
from .selectors_figures import REFERRAL_OUTCOME

DAY = 86400


def scope_organisations(scope: Scope) -> frozenset[int] | None:
    """The organisations a scope stands for in the monitor (None: the whole network): the
    organisation; those serving the region or running a sub-project in it; the
    sub-project's organisation."""
    if not (scope.organisation or scope.region or scope.subproject):
        return None
    found = set(Organisation.objects.values_list("pk", flat=True))
    if scope.organisation:
        found &= {scope.organisation.pk}
    if scope.region:
        found &= set(
            Organisation.objects.filter(
                Q(regions=scope.region) | Q(subprojects__region=scope.region)
            ).values_list("pk", flat=True)
        )
    if scope.subproject:
        found &= {scope.subproject.organisation_id}
    return frozenset(found)


def _days(start, end) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / DAY)


def monitor_facts(scope: Scope, date_from: dt.date, date_to: dt.date) -> MonitorFacts:
    """The monitor's records over the range, in a fixed number of queries."""
    from inprocedere.cases.models import Referral

    tz = timezone.get_current_timezone()
    referrals = Referral.unrestricted.filter(created_at__date__range=(date_from, date_to))
    accepted_at = dict(
        ReferralTransition.objects.filter(
            referral__in=referrals.values("pk"), to_state=ReferralState.ACCEPTED
        )
        .values("referral_id")
        .annotate(at=Min("at"))
        .values_list("referral_id", "at")
    )
    referral_facts = [
        Exchange(
            sender,
            receiver,
            REFERRAL_OUTCOME.get(state, "open"),
            _days(created_at, accepted_at.get(pk))
            if REFERRAL_OUTCOME.get(state) == "accepted"
            else None,
            participant_id,
        )
        for pk, sender, receiver, state, created_at, participant_id in referrals.values_list(
            "pk",
            "from_position__organisation_id",
            "to_organisation_id",
            "state",
            "created_at",
            "participant_id",
        )
    ]
    consultations = []
    for (
        sender,
        receiver,
        created_at,
        answered_at,
        withdrawn_at,
        due_on,
        participant_id,
    ) in Consultation.objects.filter(created_at__date__range=(date_from, date_to)).values_list(
        "from_position__organisation_id",
        "to_position__organisation_id",
        "created_at",
        "answered_at",
        "withdrawn_at",
        "due_on",
        "case__participant_id",
    ):
        if answered_at is not None:
            outcome = "in_time" if answered_at.astimezone(tz).date() <= due_on else "late"
        elif withdrawn_at is not None:
            outcome = "withdrawn"
        else:
            outcome = "open"
        consultations.append(
            Exchange(sender, receiver, outcome, _days(created_at, answered_at), participant_id)
        )
    action_items = [
        ActionItemFact(organisation, due_on, done_on)
        for organisation, due_on, done_on in ActionItem.objects.filter(
            due_on__range=(date_from, date_to)
        )
        .exclude(conference__state=EventState.CANCELLED)
        .values_list("owner_position__organisation_id", "due_on", "done_on")
    ]
    events = _conferences(date_from, date_to) + _meetings(date_from, date_to)
    positions = _positions()
    organisations = list(Organisation.objects.values_list("pk", "short_name", "name", "kind"))
    return MonitorFacts(
        referrals=referral_facts,
        consultations=consultations,
        action_items=action_items,
        events=events,
        positions=positions,
        organisations={pk: short or name for pk, short, name, _kind in organisations},
        kinds={pk: kind for pk, _short, _name, kind in organisations},
        focus=scope_organisations(scope),
    )


def _held(model, date_from, date_to):
    """Events of the range that took place: not cancelled, begun by now."""
    return model.objects.filter(
        starts_at__date__range=(date_from, date_to), starts_at__lte=timezone.now()
    ).exclude(state=EventState.CANCELLED)


def _conferences(date_from, date_to) -> list[EventFact]:
    """Conferences held: the organisations invited and present. The case owner's and the
    chair's organisations host it: invited, and present unless every invitation of theirs
    records them absent or excused."""
    held = _held(CaseConference, date_from, date_to)
    hosts = {
        pk: {owner, chair}
        for pk, owner, chair in held.values_list(
            "pk", "case__owner_organisation_id", "chair_position__organisation_id"
        )
    }
    invited = {pk: set(orgs) for pk, orgs in hosts.items()}
    present: dict[int, set] = {pk: set() for pk in hosts}
    away: dict[int, set] = {pk: set() for pk in hosts}
    for conference_id, organisation_id, attendance in Invitation.objects.filter(
        appointment__in=held.values("pk"), withdrawn_at__isnull=True
    ).values_list("appointment_id", "organisation_id", "attendance"):
        invited[conference_id].add(organisation_id)
        if attendance == Attendance.PRESENT:
            present[conference_id].add(organisation_id)
        elif attendance in (Attendance.ABSENT, Attendance.EXCUSED):
            away[conference_id].add(organisation_id)
    return [
        EventFact(
            "conference",
            frozenset(invited[pk]),
            frozenset(present[pk] | (hosts[pk] - away[pk])),
        )
        for pk in hosts
    ]


def _meetings(date_from, date_to) -> list[EventFact]:
    held = _held(Meeting, date_from, date_to)
    members = {pk: (kind, set(), set()) for pk, kind in held.values_list("pk", "kind")}
    for meeting_id, organisation_id in Invitation.objects.filter(
        appointment__in=held.values("pk"), withdrawn_at__isnull=True
    ).values_list("appointment_id", "organisation_id"):
        members[meeting_id][1].add(organisation_id)
    for meeting_id, organisation_id in MeetingAttendance.objects.filter(
        meeting__in=held.values("pk")
    ).values_list("meeting_id", "organisation_id"):
        members[meeting_id][2].add(organisation_id)
    return [
        EventFact(kind, frozenset(invited), frozenset(attended))
        for kind, invited, attended in members.values()
    ]


def _positions() -> list[PositionFact]:
    tenures: dict[int, list] = {}
    for position_id, starts_on, ends_on in Tenure.objects.filter(
        position__is_active=True
    ).values_list("position_id", "starts_on", "ends_on"):
        tenures.setdefault(position_id, []).append((starts_on, ends_on))
    return [
        PositionFact(organisation_id, tuple(tenures.get(pk, ())))
        for pk, organisation_id in Position.objects.filter(is_active=True).values_list(
            "pk", "organisation_id"
        )
    ]
