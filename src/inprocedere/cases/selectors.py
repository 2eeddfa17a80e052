"""Reads of case work, narrowed by the access policy and prefetched for their pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.privacy import policy

from .models import (
    Activity,
    Case,
    Enrollment,
    FollowUp,
    Goal,
    Measure,
    NeedsAssessment,
    Placement,
    Referral,
    ReferralTransition,
)
from .workflows import OPEN_REFERRAL_STATES, CaseStatus, ReferralState

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
    # is the message between its two sides, the only ones who can open it.
    policy.disclosure(user, referral.participant)
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


def case_for(user, pk, name: str = "case.read") -> Case:
    try:
        cases = policy.visible(user, Case.objects.all(), name)
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
    policy.redact(case, policy.disclosure(user, case.participant))
    return case


def case_history_ids(case) -> list[int]:
    """The case and those it was handed over from, newest first."""
    ids, current = [case.pk], case.handed_over_from_id
    while current is not None and current not in ids:
        ids.append(current)
        current = Case.unrestricted.filter(pk=current).values_list(
            "handed_over_from_id", flat=True
        )[0]
    return ids


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
    lacking = {org for org in others - covered if not policy.holds_data(org, case.participant)}
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


# --- the timeline ---------------------------------------------------------------------


@dataclass
class Entry:
    """One line of a case's timeline."""

    at: dt.datetime  # for sorting; date-only events sort at the end of their day
    kind: str  # referral, activity, assessment, goal, enrollment, placement, exit, follow_up
    title: str
    text: str = ""
    by: object = None  # a Position
    case_id: int | None = None
    hidden: bool = False  # a confidential note the reader may not see
    has_time: bool = False
    obj: object = None

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.at).date() if self.has_time else self.at.date()


def _at(day: dt.date) -> dt.datetime:
    # End of the day: something recorded for a day happened by its end, so it sorts after
    # that day's time-stamped steps (e.g. the case opened that morning), not before them.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def timeline_for(user, case) -> list[Entry]:
    """Everything that happened in the case and in the cases it was handed over from,
    newest first. Confidential notes are hidden from readers outside the owning
    organisation of the case they were written in."""
    ids = case_history_ids(case)
    notes_readable = set(
        policy.visible(user, Case.objects.filter(pk__in=ids), "case.notes.read").values_list(
            "pk", flat=True
        )
    )
    entries: list[Entry] = []
    referrals = (
        Referral.unrestricted.filter(Q(case_id__in=ids))
        .select_related("from_position__organisation", "to_organisation")
        .prefetch_related(
            Prefetch("transitions", queryset=ReferralTransition.objects.select_related("position"))
        )
    )
    for referral in referrals:
        handover = referral.kind == Referral.Kind.HANDOVER
        for step in referral.transitions.all():
            if step.to_state == ReferralState.SENT:
                title = (
                    _("Handover to %(org)s requested") if handover else _("Referred to %(org)s")
                ) % {"org": referral.to_organisation.display_short}
            else:
                title = "{}: {}".format(
                    _("Handover") if handover else _("Referral"),
                    ReferralState(step.to_state).label,
                )
            entries.append(
                Entry(
                    at=step.at,
                    kind="referral",
                    title=title,
                    text=step.note,
                    by=step.position,
                    case_id=referral.case_id,
                    has_time=True,
                )
            )
    for activity in Activity.objects.filter(case_id__in=ids).select_related("position"):
        hidden = activity.confidential and activity.case_id not in notes_readable
        entries.append(
            Entry(
                at=_at(activity.date),
                kind="activity",
                title="{} ({})".format(
                    activity.get_kind_display(),
                    _("%(minutes)d min") % {"minutes": activity.duration_minutes},
                ),
                text="" if hidden else activity.note,
                by=activity.position,
                case_id=activity.case_id,
                hidden=hidden,
                obj=activity,
            )
        )
    for assessment in NeedsAssessment.objects.filter(case_id__in=ids).select_related("position"):
        entries.append(
            Entry(
                at=_at(assessment.assessed_on),
                kind="assessment",
                title=_("Needs assessment"),
                text=assessment.notes,
                by=assessment.position,
                case_id=assessment.case_id,
                obj=assessment,
            )
        )
    for goal in Goal.objects.filter(case_id__in=ids):
        entries.append(
            Entry(
                at=goal.created_at,
                kind="goal",
                title=_("Goal: %(text)s") % {"text": goal.text},
                text=goal.get_status_display(),
                case_id=goal.case_id,
                has_time=True,
                obj=goal,
            )
        )
    for enrollment in Enrollment.objects.filter(case_id__in=ids).select_related("measure"):
        name = enrollment.measure.title
        if enrollment.started_on is None:
            entries.append(
                Entry(
                    at=_at(enrollment.measure.starts_on),
                    kind="enrollment",
                    title=_("Enrolment planned: %(measure)s") % {"measure": name},
                    case_id=enrollment.case_id,
                    obj=enrollment,
                )
            )
        else:
            entries.append(
                Entry(
                    at=_at(enrollment.started_on),
                    kind="enrollment",
                    title=_("Measure started: %(measure)s") % {"measure": name},
                    case_id=enrollment.case_id,
                    obj=enrollment,
                )
            )
        if enrollment.ended_on is not None:
            entries.append(
                Entry(
                    at=_at(enrollment.ended_on),
                    kind="enrollment",
                    title=f"{enrollment.get_state_display()}: {name}",
                    text=enrollment.certificate,
                    case_id=enrollment.case_id,
                    obj=enrollment,
                )
            )
    for placement in Placement.objects.filter(case_id__in=ids):
        entries.append(
            Entry(
                at=_at(placement.starts_on),
                kind="placement",
                title=f"{placement.get_type_display()}: {placement.employer}",
                case_id=placement.case_id,
                obj=placement,
            )
        )
    for past in Case.unrestricted.filter(pk__in=ids).select_related("exit", "follow_up"):
        entries.append(
            Entry(
                at=past.opened_at,
                kind="opened",
                title=_("Case opened"),
                case_id=past.pk,
                has_time=True,
            )
        )
        exit_ = getattr(past, "exit", None)
        if exit_ is not None:
            entries.append(
                Entry(
                    at=_at(exit_.exit_date),
                    kind="exit",
                    title=_("Exit: %(reason)s") % {"reason": exit_.get_reason_display()},
                    text=exit_.get_status_upon_leaving_display(),
                    case_id=past.pk,
                    obj=exit_,
                )
            )
        follow_up = getattr(past, "follow_up", None)
        if follow_up is not None and follow_up.done_on is not None:
            entries.append(
                Entry(
                    at=_at(follow_up.done_on),
                    kind="follow_up",
                    title=_("Follow-up: %(status)s") % {"status": follow_up.get_status_display()},
                    case_id=past.pk,
                    obj=follow_up,
                )
            )
    _withhold_undisclosed(user, case, entries)
    entries.sort(key=lambda entry: (entry.at, _KIND_ORDER.get(entry.kind, 9)), reverse=True)
    return entries


_KIND_ORDER = {"referral": 0, "opened": 1}

# The data category of what each kind of timeline entry tells about the person.
_ENTRY_CATEGORY = {
    "referral": "counselling",
    "activity": "counselling",
    "assessment": "education_work",
    "goal": "education_work",
    "enrollment": "education_work",
    "placement": "education_work",
    "exit": "education_work",
    "follow_up": "education_work",
}
_ENTRY_LABEL = {
    "referral": gettext_lazy("Referral"),
    "activity": gettext_lazy("Contact"),
    "assessment": gettext_lazy("Needs assessment"),
    "goal": gettext_lazy("Goal"),
    "enrollment": gettext_lazy("Measure"),
    "placement": gettext_lazy("Placement"),
    "exit": gettext_lazy("Exit"),
    "follow_up": gettext_lazy("Follow-up"),
}


def _withhold_undisclosed(user, case, entries) -> None:
    """A reader from another organisation sees of each entry only its date and kind when
    the person's consent does not cover the entry's category (the page view is logged
    by `case_for`; this only narrows what it shows)."""
    found = policy.disclosures(user, [case.participant_id])[case.participant_id]
    if found.full:
        return
    for entry in entries:
        category = _ENTRY_CATEGORY.get(entry.kind)
        if category and not found.shows(category):
            entry.title = str(_ENTRY_LABEL[entry.kind])
            entry.text, entry.hidden, entry.obj = "", False, None


def participant_for(user, pk):
    """A participant the actor may refer (404 otherwise)."""
    from inprocedere.participants.models import Participant

    try:
        participant = policy.visible(user, Participant.objects.all(), "participant.read").get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError):
        policy.refused_lookup(user, Participant, pk)
        raise Http404 from None
    policy.disclosure(user, participant)
    return participant
