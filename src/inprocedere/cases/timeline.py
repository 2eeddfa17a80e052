"""A case's timeline: everything that happened in it and in the cases it was handed over
from, newest first, a page at a time.

A long case has hundreds of contacts (the showcase of the scale data: 600); the page
shows the latest `PAGE` entries and a link to older ones. Contacts are the only kind that
grows without bound, so a page loads the newest `offset + PAGE + 1` of them and all of
the few other entries (referral steps, assessments, goals, enrolments, placements,
exits, follow-ups), merges and cuts: the same entries, in the same order, as sorting
everything would give, at a cost that does not grow with the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inprocedere.privacy import policy

from .models import (
    Activity,
    Case,
    Enrollment,
    Goal,
    NeedsAssessment,
    Placement,
    Referral,
    ReferralTransition,
)
from .workflows import ReferralState

PAGE = 50


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
    seq: int = 0  # the row's id: a stable order among entries of the same moment

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.at).date() if self.has_time else self.at.date()


@dataclass
class Timeline:
    """One page of a timeline: `entries` from `offset` on; `more` when older ones exist.
    `records` keeps the rows it was built from (referrals, goals, enrolments, placements
    of the case and its predecessors), so the case page reuses them instead of asking
    again."""

    entries: list[Entry]
    offset: int
    more: bool
    records: dict = field(default_factory=dict)

    def of_case(self, name: str, case) -> list:
        """The rows of kind `name` that belong to `case` itself, in their model's order."""
        return [row for row in self.records.get(name, []) if row.case_id == case.pk]

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)


def _at(day: dt.date) -> dt.datetime:
    # End of the day: something recorded for a day happened by its end, so it sorts after
    # that day's time-stamped steps (e.g. the case opened that morning), not before them.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def timeline_page(user, case, offset: int = 0, *, size: int = PAGE) -> Timeline:
    """Entries `offset` to `offset + size` of the timeline, newest first."""
    offset = max(int(offset), 0)
    records: dict[str, list] = {}
    entries = _entries(user, case, reach=offset + size + 1, records=records)
    return Timeline(
        entries=entries[offset : offset + size],
        offset=offset,
        more=len(entries) > offset + size,
        records=records,
    )


def timeline_for(user, case) -> list[Entry]:
    """The whole timeline, newest first (the API's case document)."""
    return _entries(user, case, reach=None, records={})


def case_history_ids(case) -> list[int]:
    """The case and those it was handed over from, newest first."""
    ids, current = [case.pk], case.handed_over_from_id
    while current is not None and current not in ids:
        ids.append(current)
        current = Case.unrestricted.filter(pk=current).values_list(
            "handed_over_from_id", flat=True
        )[0]
    return ids


def _entries(user, case, *, reach: int | None, records: dict) -> list[Entry]:
    """Confidential notes are hidden from readers outside the owning organisation of the
    case they were written in; `reach` bounds the contacts loaded (None: all)."""
    ids = case_history_ids(case)
    records["referrals"] = list(_referrals(ids))
    records["goals"] = list(Goal.objects.filter(case_id__in=ids))
    records["placements"] = list(Placement.objects.filter(case_id__in=ids))
    records["enrollments"] = list(
        Enrollment.objects.filter(case_id__in=ids).select_related("measure")
    )
    entries = [
        *_referral_entries(records["referrals"]),
        *_activity_entries(user, case, ids, reach),
        *_plan_entries(ids, records),
        *_enrollment_entries(records["enrollments"]),
        *_case_entries(case, ids),
    ]
    _withhold_undisclosed(user, case, entries)
    entries.sort(key=_newest_first, reverse=True)
    return entries


def _newest_first(entry: Entry):
    # At the same moment: referral steps before the case's opening, then the kinds in the
    # order they are listed, the later row first; a total order, so pages never overlap.
    return (entry.at, _KIND_ORDER.get(entry.kind, 9), -_KIND_RANK[entry.kind], entry.seq)


def _referrals(ids):
    return (
        Referral.unrestricted.filter(case_id__in=ids)
        .select_related("from_position__organisation", "to_organisation")
        .prefetch_related(
            Prefetch("transitions", queryset=ReferralTransition.objects.select_related("position"))
        )
    )


def _referral_entries(referrals):
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
            yield Entry(
                at=step.at,
                kind="referral",
                title=title,
                text=step.note,
                by=step.position,
                case_id=referral.case_id,
                has_time=True,
                seq=step.pk,
            )


def _activity_entries(user, case, ids, reach):
    if len(ids) == 1 and hasattr(case, "may_read_notes"):
        # Asked already in the case's own query (the case page's flags).
        notes_readable = {case.pk} if case.may_read_notes else set()
    else:
        readable = policy.visible(user, Case.objects.filter(pk__in=ids), "case.notes.read")
        notes_readable = set(readable.values_list("pk", flat=True))
    activities = (
        Activity.objects.filter(case_id__in=ids).select_related("position").order_by("-date", "-pk")
    )
    for activity in activities if reach is None else activities[:reach]:
        hidden = activity.confidential and activity.case_id not in notes_readable
        yield Entry(
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
            seq=activity.pk,
        )


def _plan_entries(ids, records):
    for assessment in NeedsAssessment.objects.filter(case_id__in=ids).select_related("position"):
        yield Entry(
            at=_at(assessment.assessed_on),
            kind="assessment",
            title=_("Needs assessment"),
            text=assessment.notes,
            by=assessment.position,
            case_id=assessment.case_id,
            obj=assessment,
            seq=assessment.pk,
        )
    for goal in records["goals"]:
        yield Entry(
            at=goal.created_at,
            kind="goal",
            title=_("Goal: %(text)s") % {"text": goal.text},
            text=goal.get_status_display(),
            case_id=goal.case_id,
            has_time=True,
            obj=goal,
            seq=goal.pk,
        )
    for placement in records["placements"]:
        yield Entry(
            at=_at(placement.starts_on),
            kind="placement",
            title=f"{placement.get_type_display()}: {placement.employer}",
            case_id=placement.case_id,
            obj=placement,
            seq=placement.pk,
        )


def _enrollment_entries(enrollments):
    for enrollment in enrollments:
        name = enrollment.measure.title
        common = {"kind": "enrollment", "case_id": enrollment.case_id, "obj": enrollment}
        if enrollment.started_on is None:
            yield Entry(
                at=_at(enrollment.measure.starts_on),
                title=_("Enrolment planned: %(measure)s") % {"measure": name},
                seq=enrollment.pk * 2,
                **common,
            )
        else:
            yield Entry(
                at=_at(enrollment.started_on),
                title=_("Measure started: %(measure)s") % {"measure": name},
                seq=enrollment.pk * 2,
                **common,
            )
        if enrollment.ended_on is not None:
            yield Entry(
                at=_at(enrollment.ended_on),
                title=f"{enrollment.get_state_display()}: {name}",
                text=enrollment.certificate,
                seq=enrollment.pk * 2 + 1,
                **common,
            )


def _case_entries(case, ids):
    # The case itself is loaded already (with its exit and follow-up); only the cases it
    # was handed over from cost a query.
    earlier = ids[1:]
    if earlier:
        earlier = list(Case.unrestricted.filter(pk__in=earlier).select_related("exit", "follow_up"))
    for past in [case, *earlier]:
        yield Entry(
            at=past.opened_at,
            kind="opened",
            title=_("Case opened"),
            case_id=past.pk,
            has_time=True,
            seq=past.pk,
        )
        exit_ = getattr(past, "exit", None)
        if exit_ is not None:
            yield Entry(
                at=_at(exit_.exit_date),
                kind="exit",
                title=_("Exit: %(reason)s") % {"reason": exit_.get_reason_display()},
                text=exit_.get_status_upon_leaving_display(),
                case_id=past.pk,
                obj=exit_,
                seq=past.pk,
            )
        follow_up = getattr(past, "follow_up", None)
        if follow_up is not None and follow_up.done_on is not None:
            yield Entry(
                at=_at(follow_up.done_on),
                kind="follow_up",
                title=_("Follow-up: %(status)s") % {"status": follow_up.get_status_display()},
                case_id=past.pk,
                obj=follow_up,
                seq=past.pk,
            )


_KIND_ORDER = {"referral": 0, "opened": 1}
_KIND_RANK = {
    "referral": 0,
    "activity": 1,
    "assessment": 2,
    "goal": 3,
    "enrollment": 4,
    "placement": 5,
    "opened": 6,
    "exit": 6,
    "follow_up": 6,
}

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
    found = getattr(case.participant, "disclosure", None)  # what `case_for` decided
    if found is None:
        found = policy.disclosures(user, [case.participant_id], purpose=policy.TEAM_PURPOSE)
        found = found[case.participant_id]
    if found.full:
        return
    for entry in entries:
        category = _ENTRY_CATEGORY.get(entry.kind)
        if category and not found.shows(category):
            entry.title = str(_ENTRY_LABEL[entry.kind])
            entry.text, entry.hidden, entry.obj = "", False, None
