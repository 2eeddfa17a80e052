"""Reads of cooperation, narrowed by the access policy and prefetched for their pages.

Unknown and forbidden records alike raise Http404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as Cases
from django.db.models import IntegerField, Prefetch, Q, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.cases.models import Case
from inprocedere.network.models import Position, Tenure
from inprocedere.privacy import policy

from .models import (
    ActionItem,
    Appointment,
    CaseConference,
    Consultation,
    ConsultationMessage,
    Invitation,
    Meeting,
    MeetingAttendance,
    MeetingMaterial,
)
from .permissions import acting_positions_q
from .workflows import CONSULTATION_TRANSITIONS, AppointmentState, ConsultationState

FEED_PAST_DAYS = 90


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def acting_position_ids(user) -> list[int]:
    """The positions `user` acts for: those held, and vacant ones they deputise."""
    actor = policy.actor_for(user)
    held = actor.position_ids
    if not held:
        return []
    occupied = Tenure.objects.current().values("position_id")
    vacant = Position.objects.filter(deputy__in=held, is_active=True).exclude(pk__in=occupied)
    return held + list(vacant.values_list("pk", flat=True))


def case_for(user, pk, permission="case.write") -> Case:
    return _get(policy.visible(user, Case.objects.select_related("participant"), permission), pk)


@dataclass
class CaseCooperation:
    """What the case page shows of cooperation: its consultations and conferences."""

    consultations: list
    conferences: list
    can_ask: bool
    can_plan: bool


def case_cooperation(user, case, *, can_write: bool | None = None) -> CaseCooperation:
    """The consultations and conferences of `case` that `user` may see (two queries, and
    one more unless the caller already knows `can_write` = policy.can(user, "case.write",
    case): the case page does, and asking again would cost a query each time)."""
    if can_write is None:
        can_write = policy.can(user, "case.write", case)
    return CaseCooperation(
        consultations=list(consultations_for(user).filter(case=case)[:50]),
        # The case page lists date, state and minutes only: no invitations.
        conferences=list(
            conferences_for(user)
            .filter(case=case)
            .select_related(None)
            .prefetch_related(None)
            .order_by("-starts_at")[:50]
        ),
        can_ask=can_write and policy.can(user, "consultation.ask"),
        can_plan=can_write and policy.can(user, "conference.manage"),
    )


def cases_to_work_on(user, limit: int = 500) -> list:
    """Active cases `user` may record work in, newest first (for choosing one)."""
    cases = policy.visible(
        user, Case.objects.filter(status="active").select_related("participant"), "case.write"
    )
    return list(cases.order_by("-opened_at", "-pk")[:limit])


# --- consultations --------------------------------------------------------------------


def _consultations():
    return Consultation.objects.select_related(
        "case__participant",
        "from_position__organisation",
        "to_position__organisation",
        "to_position__deputy",
    )


def consultations_for(user, *, box: str = "", state: str = ""):
    """The consultations of `user`'s organisations: `box` "received" (to them), "sent"
    (from them) or both; open ones first, the most urgent on top."""
    consultations = policy.visible(user, _consultations(), "consultation.read")
    orgs = policy.actor_for(user).organisation_ids
    if box == "received":
        consultations = consultations.filter(to_position__organisation_id__in=orgs)
    elif box == "sent":
        consultations = consultations.filter(from_position__organisation_id__in=orgs)
    if state in ConsultationState.values:
        consultations = consultations.filter(state=state)
    # Open first (most urgent on top), then answered, then the settled ones.
    rank = Cases(
        When(state=ConsultationState.OPEN, then=Value(0)),
        When(state=ConsultationState.ANSWERED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return consultations.order_by(rank, "due_on", "-pk")


def consultations_of_case(user, case):
    return consultations_for(user).filter(case=case)


def consultation_for(user, pk, permission="consultation.read") -> Consultation:
    messages = ConsultationMessage.objects.select_related("position__organisation", "author")
    return _get(
        policy.visible(user, _consultations(), permission).prefetch_related(
            Prefetch("messages", queryset=messages)
        ),
        pk,
    )


def may_answer(user, consultation) -> bool:
    """Does `user` act for the addressee position (or, while it is vacant, its deputy)?"""
    return policy.can(user, "consultation.answer", consultation)


def consultation_steps(user, consultation) -> dict[str, bool]:
    """Which steps of the thread `user` may take now: answer (acting for the addressee
    position) or follow up, close, withdraw (the asking organisation), each only where the
    consultation's state allows it. The services check the same again on posting."""
    allowed = CONSULTATION_TRANSITIONS[consultation.state]
    asking = consultation.from_position.organisation_id in policy.actor_for(user).organisation_ids
    return {
        "can_answer": may_answer(user, consultation) and ConsultationState.ANSWERED in allowed,
        "can_follow_up": asking and ConsultationState.OPEN in allowed,
        "can_close": asking and ConsultationState.CLOSED in allowed,
        "can_withdraw": asking and ConsultationState.WITHDRAWN in allowed,
    }


def consultations_to_answer(user):
    """Open consultations addressed to positions `user` acts for (a deputy's included)."""
    return (
        _consultations()
        .filter(state=ConsultationState.OPEN)
        .filter(acting_positions_q("to_position", policy.actor_for(user).position_ids))
        .order_by("due_on", "pk")
    )


# --- conferences ----------------------------------------------------------------------


def _active_invitations():
    return Invitation.objects.filter(withdrawn_at__isnull=True).select_related(
        "position__organisation"
    )


def _conferences():
    invitations = _active_invitations()
    return CaseConference.objects.select_related(
        "case__participant", "chair_position__organisation"
    ).prefetch_related(Prefetch("invitations", queryset=invitations, to_attr="active_invitations"))


def conferences_for(user, *, when: str = ""):
    """Conferences `user` may read; `when` "upcoming" (soonest first) or "past" (latest first)."""
    conferences = policy.visible(user, _conferences(), "conference.read")
    now = timezone.now()
    if when == "upcoming":
        return conferences.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return conferences.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return conferences


def conference_for(user, pk, permission="conference.read") -> CaseConference:
    """One conference with what its page shows. What the reader may do to it (and whether
    they may open its case), and their bases for the person's disclosure, come with it in
    one query (`may_manage`, `may_approve`, `may_read_case`; `person_for(..., bases_from=)`)."""
    items = ActionItem.objects.select_related("owner_position__organisation", "done_by")
    invitations = Invitation.objects.select_related("position__organisation", "consent")
    conferences = policy.visible(
        user,
        CaseConference.objects.select_related(
            "case__participant", "chair_position__organisation", "minutes_approved_by"
        ),
        permission,
    )
    conferences = policy.with_bases(user, conferences, column="case__participant_id")
    conferences = policy.with_permissions(
        user, conferences, may_manage="conference.manage", may_approve="conference.approve"
    )
    conferences = policy.with_permissions(
        user, conferences, through="case", may_read_case="case.read"
    )
    return _get(
        conferences.prefetch_related(
            Prefetch("invitations", queryset=invitations, to_attr="all_invitations"),
            Prefetch("action_items", queryset=items),
        ),
        pk,
    )


def active_invitation(appointment, pk) -> Invitation | None:
    """The invitation `pk` of `appointment` (read already), if it is not withdrawn."""
    return (
        Invitation.objects.filter(appointment=appointment, pk=pk, withdrawn_at__isnull=True)
        .select_related("position__organisation")
        .first()
    )


def action_item_for(user, pk, permission="action_item.complete") -> ActionItem:
    queryset = ActionItem.objects.select_related("conference", "owner_position__organisation")
    return _get(policy.visible(user, queryset, permission), pk)


def my_action_items(user, *, done: bool = False):
    """Action items of the positions `user` acts for (a vacant one's as its deputy)."""
    items = (
        ActionItem.objects.select_related(
            "conference", "owner_position__organisation", "conference__chair_position__organisation"
        )
        .filter(acting_positions_q("owner_position", policy.actor_for(user).position_ids))
        .filter(done_on__isnull=not done)
    )
    return items.order_by("-done_on", "pk") if done else items.order_by("due_on", "pk")


# --- meetings and trainings -----------------------------------------------------------


def _meetings():
    return Meeting.objects.select_related(
        "chair_position__organisation", "region", "expertise_organisation"
    )


def meetings_for(user, *, kind: str = "", when: str = ""):
    meetings = policy.visible(user, _meetings(), "meeting.read")
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    now = timezone.now()
    if when == "upcoming":
        return meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return meetings


def meeting_for(user, pk, permission="meeting.read") -> Meeting:
    invitations = _active_invitations()
    attendances = MeetingAttendance.objects.select_related("person", "organisation")
    return _get(
        policy.visible(user, _meetings(), permission).prefetch_related(
            Prefetch("invitations", queryset=invitations, to_attr="active_invitations"),
            Prefetch("attendances", queryset=attendances),
            Prefetch("materials", queryset=MeetingMaterial.objects.all()),
        ),
        pk,
    )


def material_for(user, meeting_pk, pk) -> MeetingMaterial:
    meeting = meeting_for(user, meeting_pk)
    return _get(MeetingMaterial.objects.filter(meeting=meeting), pk)


# --- the calendar ---------------------------------------------------------------------


@dataclass
class CalendarEntry:
    event: object
    is_conference: bool

    @property
    def starts_at(self):
        return self.event.starts_at


def calendar(user, *, days: int = 120) -> list[CalendarEntry]:
    """Everything coming up in the network that `user` may see, soonest first: meetings
    and trainings of the whole network, and the case conferences `user` may read."""
    until = timezone.now() + dt.timedelta(days=days)
    meetings = meetings_for(user, when="upcoming").filter(starts_at__lte=until)
    conferences = conferences_for(user, when="upcoming").filter(starts_at__lte=until)
    entries = [CalendarEntry(m, False) for m in meetings.exclude(state=AppointmentState.CANCELLED)]
    conferences = list(conferences.exclude(state=AppointmentState.CANCELLED))
    label_people(user, conferences)
    entries += [CalendarEntry(c, True) for c in conferences]
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.event.pk))


def feed_events(user) -> list:
    """The appointments of a personal feed: what the positions `user` acts for chair or
    are invited to, from 90 days back, cancelled ones included so calendars drop them."""
    positions = acting_position_ids(user)
    invited = Invitation.objects.filter(position__in=positions, withdrawn_at__isnull=True)
    return list(
        Appointment.objects.filter(
            Q(chair_position__in=positions) | Q(pk__in=invited.values("appointment_id")),
            ends_at__gte=timezone.now() - dt.timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("chair_position__organisation")
        .order_by("starts_at", "pk")
    )


# --- the person behind a conference or consultation -----------------------------------


def neutral_title(conference) -> str:
    """What readers who may not see the person's name read instead of a conference's
    title (which may carry it)."""
    return _("Case conference no. %(pk)s") % {"pk": conference.pk}


def person_for(user, participant, *, channel="page", purpose="case_conference", bases_from=None):
    """(label, disclosure): the participant as `user` may see them (logged): the name, or
    the pseudonym. `bases_from`: the record whose query brought the reader's bases."""
    disclosure = policy.disclosure(
        user, participant, channel=channel, purpose=purpose, bases_from=bases_from
    )
    label = participant.full_name if disclosure.shows("identity") else disclosure.pseudonym
    return label, disclosure


def show_title(conference, disclosure) -> None:
    """`shown_title`: the title where the reader may see the person's name, else neutral."""
    conference.shown_title = (
        conference.title if disclosure.shows("identity") else neutral_title(conference)
    )


def label_people(user, records, *, channel="page", purpose="case_conference") -> list:
    """Set `person_label` on each record with a `case` (or on each case), and `shown_title`
    on conferences: as the reader may see the person; one access-log write for all."""
    records = list(records)

    def case_of(record):
        return record if isinstance(record, Case) else record.case

    found = policy.disclose_many(
        user, [case_of(r).participant_id for r in records], channel=channel, purpose=purpose
    )
    for record in records:
        case = case_of(record)
        disclosure = found[case.participant_id]
        record.person_label = (
            case.participant.full_name if disclosure.shows("identity") else disclosure.pseudonym
        )
        record.disclosure = disclosure
        if isinstance(record, Appointment):
            show_title(record, disclosure)
    return records
