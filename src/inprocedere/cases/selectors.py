"""Reads of case work, narrowed by the access policy and prefetched for their pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from inprocedere.network.text import needles
from inprocedere.participants.selectors import ParticipantQuery, participants_for
from inprocedere.privacy import policy

from .models import (
    Case,
    Enrollment,
    FollowUp,
    Measure,
    Referral,
    ReferralTransition,
)
from .timeline import Entry, timeline_for, timeline_page  # noqa: F401 - the case page's reads
from .workflows import OPEN_REFERRAL_STATES, CaseStatus

OPEN = [str(state) for state in OPEN_REFERRAL_STATES]
FOLLOW_UP_HORIZON = dt.timedelta(days=30)


def overdue_days() -> int:
    return settings.INPROCEDERE_REFERRAL_OVERDUE_DAYS


def _organisation_ids(user) -> list[int]:
    return policy.actor_for(user).organisation_ids


# --- referrals ------------------------------------------------------------------------


def referrals_for(user, *, box: str = "", state: str = ""):
    """Referrals `user` may see; `box` "in" (to their organisation) or "out" (sent by it).

    Each carries `overdue`: still open and older than INPROCEDERE_REFERRAL_OVERDUE_DAYS.
    """
    referrals = policy.visible(user, Referral.objects.all(), "referral.read")
    orgs = _organisation_ids(user)
    if box == "in":
        referrals = referrals.filter(to_organisation_id__in=orgs)
    elif box == "out":
        referrals = referrals.filter(from_position__organisation_id__in=orgs)
    if state:
        referrals = referrals.filter(state=state)
    cutoff = timezone.now() - dt.timedelta(days=overdue_days())
    return (
        referrals.select_related(
            "participant",
            "from_position__organisation",
            "to_organisation",
            "to_position",
            "case",
        )
        .annotate(
            overdue=ExpressionWrapper(
                Q(state__in=OPEN, created_at__lt=cutoff), output_field=BooleanField()
            )
        )
        .order_by("-created_at", "-pk")
    )


def referral_for(user, pk) -> Referral:
    try:
        referral = (
            referrals_for(user)
            .prefetch_related(
                Prefetch(
                    "transitions",
                    queryset=ReferralTransition.objects.select_related(
                        "actor", "position__organisation"
                    ),
                )
            )
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        policy.refused_lookup(user, Referral, pk)
        raise Http404 from None
    # The person as the consent allows; the referral's own text (reason, goals, answers)
    # is the message between its two sides, the only ones who can open it. Declared
    # purpose: the referral (a consent for another purpose does not open it).
    policy.disclosure(user, referral.participant, purpose=policy.REFERRAL_PURPOSE)
    return referral


# --- cases ----------------------------------------------------------------------------


def cases_for(user, *, mine: bool = False, status: str = ""):
    cases = policy.visible(user, Case.objects.all(), "case.read")
    if mine:
        actor = policy.actor_for(user)
        cases = cases.filter(
            Q(owner_position__in=[p.pk for p in actor.positions])
            | Q(owner_organisation_id__in=_organisation_ids(user))
        )
    if status == "open":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status:
        cases = cases.filter(status=status)
    return cases.select_related(
        "participant", "owner_organisation", "owner_position", "follow_up"
    ).order_by("-opened_at", "-pk")


def case_overview(user, *, status: str = "", organisation: str = ""):
    """Every case of the network for the coordinator, pseudonymised: the query loads no
    field of the person, only the case's stage, dates and organisation."""
    cases = policy.visible(user, Case.objects.all(), "case.overview")
    if status == "open":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status:
        cases = cases.filter(status=status)
    if organisation:
        cases = cases.filter(owner_organisation__slug=organisation)
    return (
        cases.select_related("owner_organisation", "subproject")
        .only(
            "pk",
            "participant_id",
            "status",
            "opened_at",
            "esf_entry_date",
            "last_contact_on",
            "owner_organisation__name",
            "owner_organisation__short_name",
            "owner_organisation__slug",
            "subproject__name",
        )
        .order_by("owner_organisation__name", "-opened_at", "-pk")
    )


def case_for(user, pk, name: str = "case.read", *, flags=None) -> Case:
    """One case, or Http404. `flags` ({attribute: permission}) and the reader's bases for
    the disclosure are answered in the case's own query."""
    try:
        cases = policy.visible(user, Case.objects.all(), name)
        cases = policy.with_bases(user, cases, column="participant_id")
        cases = policy.with_permissions(user, cases, **(flags or {}))
        # Only whether one exists (no row of it is read): the page then lists them.
        successors = Case.objects.filter(handed_over_from=OuterRef("pk"))
        cases = cases.annotate(has_successor=Exists(successors))
        case = cases.select_related(
            "participant",
            "owner_organisation",
            "owner_position",
            "funding_period",
            "subproject",
            "handed_over_from__owner_organisation",
            "exit",
            "follow_up",
            "updated_by",
        ).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        policy.refused_lookup(user, Case, pk)
        raise Http404 from None
    # Declared purpose of a case page: joint counselling (the case team's basis).
    found = policy.disclosure(user, case.participant, purpose=policy.TEAM_PURPOSE, bases_from=case)
    policy.redact(case, found)
    return case


def follow_ups_due(user, *, horizon=FOLLOW_UP_HORIZON):
    cases = policy.visible(user, Case.objects.all(), "case.manage")
    today = timezone.localdate()
    return (
        FollowUp.objects.filter(case__in=cases, done_on__isnull=True, due_on__lte=today + horizon)
        .select_related("case__participant", "case__owner_position")
        .order_by("due_on", "pk")
    )


def measures_for(user, *, current_only: bool = False):
    measures = policy.visible(user, Measure.objects.all(), "measure.read")
    if current_only:
        measures = measures.filter(ends_on__gte=timezone.localdate())
    return measures.select_related("provider").order_by("starts_on", "title", "pk")


def open_handovers(timeline, case) -> list:
    """The handovers of `case` still waiting for the receiver; read from the referrals the
    timeline page has loaded already, so the case page asks the database once for both."""
    return [
        referral
        for referral in timeline.of_case("referrals", case)
        if referral.kind == Referral.Kind.HANDOVER and referral.state in OPEN
    ]


def handed_over_to(case) -> list:
    """The cases this case was handed over into, with the organisation that owns each (no
    query when `case_for` found none: `has_successor`)."""
    if getattr(case, "has_successor", True) is False:
        return []
    return list(case.handed_over_to.select_related("owner_organisation"))


def team_of(case) -> list:
    """The case team; a position whose organisation no longer has the person's consent
    (withdrawn or expired) and holds no data of its own is marked `without_consent`: it
    cannot open the case any more, and the owner should know."""
    team = list(case.team.select_related("organisation").order_by("organisation__name", "title"))
    others = {p.organisation_id for p in team if p.organisation_id != case.owner_organisation_id}
    covered = set()
    if others:
        covered = set(
            policy.sharing_consents(others)
            .filter(participant_id=case.participant_id)
            .values_list("recipients", flat=True)
        )
    # One query for all the organisations without a consent, not one each.
    lacking = others - covered
    lacking -= policy.holding_organisations(case.participant, lacking)
    for position in team:
        position.without_consent = position.organisation_id in lacking
    return team


# --- my work --------------------------------------------------------------------------

MY_WORK_LIMIT = 20


@dataclass
class MyWork:
    waiting: list
    sent: list
    cases: list
    follow_ups: list
    counts: dict = field(default_factory=dict)


def my_work(user, *, limit: int = MY_WORK_LIMIT) -> MyWork:
    """Referrals waiting for the actor's organisation, referrals it sent, its open cases,
    follow-ups due within 30 days: a fixed number of queries, whatever the numbers."""
    waiting = referrals_for(user, box="in").filter(state__in=OPEN)
    # What the organisation sent stays in view while open and for 30 days after its last
    # step, so the referrer sees the answer (accepted, declined, intake done) and feedback.
    recent = ReferralTransition.objects.filter(
        at__gte=timezone.now() - dt.timedelta(days=30)
    ).values("referral_id")
    sent = referrals_for(user, box="out").filter(Q(state__in=OPEN) | Q(pk__in=recent))
    cases = cases_for(user, mine=True, status="open")
    follow_ups = follow_ups_due(user)
    return MyWork(
        waiting=list(waiting[:limit]),
        sent=list(sent[:limit]),
        cases=list(cases[:limit]),
        follow_ups=list(follow_ups[:limit]),
    )


def participant_for(user, pk):
    """A participant the actor may refer (404 otherwise)."""
    from inprocedere.participants.models import Participant

    try:
        participant = policy.visible(user, Participant.objects.all(), "participant.read").get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError):
        policy.refused_lookup(user, Participant, pk)
        raise Http404 from None
    policy.disclosure(user, participant, purpose=policy.REFERRAL_PURPOSE)
    return participant


def enrollment_of(case, pk) -> Enrollment:
    """The enrolment `pk` of `case` (a case the caller may see), with its measure and
    provider; not found when it belongs to another case."""
    enrollment = (
        Enrollment.objects.filter(case=case, pk=pk).select_related("measure__provider").first()
    )
    if enrollment is None:
        raise Http404
    enrollment.case = case  # the caller's case, already checked: no second read
    return enrollment


def people_to_refer(user, text: str, limit: int) -> list:
    """At most `limit` people `user` may refer whose names, aliases or identifiers match
    `text` (the register's index-backed search, best matches first); none for a text
    with nothing to search for."""
    if not needles(text):
        return []
    return list(participants_for(user, ParticipantQuery(text=text))[:limit])
