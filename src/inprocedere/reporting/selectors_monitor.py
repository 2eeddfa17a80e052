"""Reads for the cooperation monitor: the range's exchanges, events and positions."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from inprocedere.cases.models import ReferralTransition
from inprocedere.cases.workflows import ReferralState
from inprocedere.cooperation.models import (
    MEETING_KINDS,
    ActionItem,
    Appointment,
    Consultation,
    Invitation,
    MeetingAttendance,
)
from inprocedere.cooperation.workflows import AppointmentKind, Attendance
from inprocedere.cooperation.workflows import AppointmentState as EventState
from inprocedere.network.models import Organisation, Position

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
    # The first acceptance of each referral, in the same query (one query fewer a page).
    accepted = (
        ReferralTransition.objects.filter(referral=OuterRef("pk"), to_state=ReferralState.ACCEPTED)
        .order_by("at")
        .values("at")[:1]
    )
    referral_facts = [
        Exchange(
            sender,
            receiver,
            REFERRAL_OUTCOME.get(state, "open"),
            _days(created_at, accepted_at) if REFERRAL_OUTCOME.get(state) == "accepted" else None,
            participant_id,
        )
        for sender, receiver, state, created_at, participant_id, accepted_at in (
            Referral.unrestricted.filter(created_at__date__range=(date_from, date_to))
            .annotate(accepted_at=Subquery(accepted))
            .values_list(
                "from_position__organisation_id",
                "to_organisation_id",
                "state",
                "created_at",
                "participant_id",
                "accepted_at",
            )
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
    events = _events(date_from, date_to)
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


def _held(date_from, date_to):
    """Conferences, meetings and trainings of the range that took place: not cancelled,
    begun by now."""
    return Appointment.objects.filter(
        kind__in=(AppointmentKind.CONFERENCE, *MEETING_KINDS),
        starts_at__date__range=(date_from, date_to),
        starts_at__lte=timezone.now(),
    ).exclude(state=EventState.CANCELLED)


def _events(date_from, date_to) -> list[EventFact]:
    """Appointments held: the organisations invited and present, in three queries.

    A conference: the case owner's and the chair's organisations host it: invited, and
    present unless every invitation of theirs records them absent or excused. A meeting
    or training: present are the organisations of the people recorded present."""
    held = _held(date_from, date_to)
    kinds, hosts = {}, {}
    for pk, kind, owner, chair in held.values_list(
        "pk", "kind", "case__owner_organisation_id", "chair_position__organisation_id"
    ):
        kinds[pk] = kind
        hosts[pk] = {owner, chair} if kind == AppointmentKind.CONFERENCE else set()
    invited = {pk: set(orgs) for pk, orgs in hosts.items()}
    present: dict[int, set] = {pk: set() for pk in hosts}
    away: dict[int, set] = {pk: set() for pk in hosts}
    for pk, organisation_id, attendance in Invitation.objects.filter(
        appointment__in=held.values("pk"), withdrawn_at__isnull=True
    ).values_list("appointment_id", "organisation_id", "attendance"):
        invited[pk].add(organisation_id)
        if kinds[pk] != AppointmentKind.CONFERENCE:
            continue
        if attendance == Attendance.PRESENT:
            present[pk].add(organisation_id)
        elif attendance in (Attendance.ABSENT, Attendance.EXCUSED):
            away[pk].add(organisation_id)
    for pk, organisation_id in MeetingAttendance.objects.filter(
        meeting__in=held.values("pk")
    ).values_list("meeting_id", "organisation_id"):
        if kinds[pk] != AppointmentKind.CONFERENCE:
            present[pk].add(organisation_id)
    return [
        EventFact(kind, frozenset(invited[pk]), frozenset(present[pk] | (hosts[pk] - away[pk])))
        for pk, kind in kinds.items()
    ]


def _positions() -> list[PositionFact]:
    """Active positions with their tenures, in one query (a position without a holder
    comes with one row of NULLs)."""
    tenures: dict[int, tuple[int, list]] = {}
    for pk, organisation_id, starts_on, ends_on in (
        Position.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "organisation_id", "tenures__starts_on", "tenures__ends_on")
    ):
        _organisation, found = tenures.setdefault(pk, (organisation_id, []))
        if starts_on is not None:
            found.append((starts_on, ends_on))
    return [
        PositionFact(organisation_id, tuple(found)) for organisation_id, found in tenures.values()
    ]
