"""What happens in a case: contacts, needs, goals, placements, the exit and its follow-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.core import audit
from inprocedere.core.names import known_language
from inprocedere.core.versioning import StaleEdit
from inprocedere.privacy import policy

from ..models import (
    Activity,
    Case,
    Exit,
    FollowUp,
    Goal,
    NeedsAssessment,
    Placement,
    StatusOnLeaving,
)
from ..workflows import CASE_TRANSITIONS, CaseStatus, check_transition
from ._common import (
    acting_position,
    case_start,
    known_choice,
    max_length,
    not_before,
    not_before_case,
    not_in_future,
    require_open,
)

FOLLOW_UP_AFTER = relativedelta(months=6)
CEFR_LEVELS = {"A1", "A2", "B1", "B2", "C1", "C2"}
NATIVE = "native"  # the first language, beside the CEFR levels
MAX_TOPICS = 20


def _writer_position(actor, case):
    """The actor's position in the owning organisation, else their team position."""
    acting = policy.actor_for(actor)
    own = acting.position_in(case.owner_organisation_id)
    if own is not None:
        return own
    team = set(case.team.values_list("pk", flat=True))
    for position in acting.positions:
        if position.pk in team:
            return position
    return acting_position(actor, case.owner_organisation)


def _before_start(case):
    return _("The date cannot lie before the case began (%(date)s).") % {
        "date": case_start(case).strftime("%d.%m.%Y")
    }


@transaction.atomic
def activity_add(
    *,
    actor,
    case,
    kind,
    date: dt.date,
    duration_minutes: int,
    topics=(),
    note="",
    confidential=False,
) -> Activity:
    policy.require(actor, "case.write", case)
    require_open(case)
    known_choice(kind, Activity.Kind, "kind")
    if date is None:
        raise ValidationError({"date": _("Please give the date.")})
    not_in_future(date, "date")
    not_before_case(date, case, "date")
    if duration_minutes is None or duration_minutes <= 0:
        raise ValidationError({"duration_minutes": _("The duration must be more than 0 minutes.")})
    if duration_minutes > 24 * 60:
        raise ValidationError({"duration_minutes": _("At most one day (1440 minutes), please.")})
    topics = [str(topic).strip() for topic in topics or () if str(topic).strip()]
    if len(topics) > MAX_TOPICS or any(len(topic) > 100 for topic in topics):
        raise ValidationError({"topics": _("At most 20 topics of 100 characters each, please.")})
    max_length(note, 10000, "note")
    activity = Activity.objects.create(
        case=case,
        kind=kind,
        date=date,
        duration_minutes=duration_minutes,
        topics=topics,
        note=note or "",
        confidential=bool(confidential),
        position=_writer_position(actor, case),
        created_by=actor,
    )
    if case.last_contact_on is None or date > case.last_contact_on:
        Case.unrestricted.filter(pk=case.pk).update(last_contact_on=date)
        case.last_contact_on = date
    audit.record(
        "case.activity.added",
        actor=actor,
        obj=case,
        detail={"activity": activity.pk, "kind": kind, "date": str(date)},
    )
    return activity


def _validate_languages(languages):
    cleaned = []
    for item in languages or ():
        if not isinstance(item, dict):
            raise ValidationError({"languages": _("Each language needs a code and a level.")})
        code = str(item.get("language", "")).strip().lower()
        level = str(item.get("level", "")).strip()
        level = NATIVE if level.lower() == NATIVE else level.upper()
        if not known_language(code):
            raise ValidationError(
                {"languages": _("Unknown language code: %(code)s") % {"code": code}}
            )
        if level not in CEFR_LEVELS and level != NATIVE:
            raise ValidationError(
                {"languages": _("Unknown CEFR level: %(level)s") % {"level": level}}
            )
        cleaned.append({"language": code, "level": level})
    return cleaned


@transaction.atomic
def needs_assessment_add(
    *,
    actor,
    case,
    assessed_on: dt.date,
    languages=(),
    schooling_years=None,
    school_certificate="",
    isced_level=None,
    qualifications=(),
    work_experience="",
    driving_licence="",
    childcare_needed=False,
    notes="",
) -> NeedsAssessment:
    policy.require(actor, "case.write", case)
    require_open(case)
    not_in_future(assessed_on, "assessed_on")
    if isced_level is not None and not 0 <= isced_level <= 8:
        raise ValidationError({"isced_level": _("ISCED levels run from 0 to 8.")})
    if schooling_years is not None and not 0 <= schooling_years <= 30:
        raise ValidationError({"schooling_years": _("Please give a number from 0 to 30.")})
    qualifications = [q for q in qualifications or () if isinstance(q, dict) and q.get("title")]
    assessment = NeedsAssessment(
        case=case,
        assessed_on=assessed_on,
        position=_writer_position(actor, case),
        languages=_validate_languages(languages),
        schooling_years=schooling_years,
        school_certificate=school_certificate or "",
        isced_level=isced_level,
        qualifications=qualifications,
        work_experience=work_experience or "",
        driving_licence=driving_licence or "",
        childcare_needed=bool(childcare_needed),
        notes=notes or "",
    )
    assessment.full_clean(exclude=["case", "position"])
    assessment.save()
    audit.record(
        "case.assessment.added", actor=actor, obj=case, detail={"assessment": assessment.pk}
    )
    return assessment


@transaction.atomic
def goal_add(*, actor, case, text, due_on: dt.date | None = None) -> Goal:
    policy.require(actor, "case.write", case)
    require_open(case)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please describe the goal.")})
    max_length(text, 500, "text")
    goal = Goal.objects.create(case=case, text=text, due_on=due_on)
    audit.record("case.goal.added", actor=actor, obj=case, detail={"goal": goal.pk})
    return goal


@transaction.atomic
def goal_set_status(*, actor, goal, status, version: int) -> Goal:
    """Mark a goal open, reached or dropped. `version` is the one the caller read: if
    someone changed the goal since, StaleEdit names who and when, and nothing is saved."""
    policy.require(actor, "case.write", goal.case)
    known_choice(status, Goal.Status, "status")
    # The row lock (PostgreSQL) or SQLite's write lock queues concurrent changes here.
    fresh = (
        Goal.objects.select_for_update(of=("self",))
        .select_related("updated_by__person")
        .get(pk=goal.pk)
    )
    if fresh.version != version:
        raise StaleEdit(fresh, ["status"])  # the status is all a goal's change changes
    before = fresh.status
    goal.status = status
    goal.version = fresh.version + 1
    goal.updated_by = actor
    goal.save(update_fields=["status", "version", "updated_by", "updated_at"])
    audit.record(
        "case.goal.status_changed",
        actor=actor,
        obj=goal.case,
        detail={"goal": goal.pk, "version": goal.version, "changes": {"status": [before, status]}},
    )
    return goal


@transaction.atomic
def placement_add(
    *,
    actor,
    case,
    type,
    employer,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    weekly_hours: Decimal | None = None,
    secures_livelihood=False,
) -> Placement:
    policy.require(actor, "case.write", case)
    require_open(case)
    known_choice(type, Placement.Type, "type")
    employer = (employer or "").strip()
    if not employer:
        raise ValidationError({"employer": _("Please name the employer or school.")})
    max_length(employer, 200, "employer")
    if starts_on is None:
        raise ValidationError({"starts_on": _("Please give the start date.")})
    if starts_on > timezone.localdate() + relativedelta(years=1):
        raise ValidationError({"starts_on": _("The start lies more than a year ahead.")})
    not_before(starts_on, case_start(case), "starts_on", _before_start(case))
    not_before(ends_on, starts_on, "ends_on", _("The end cannot lie before the start."))
    if weekly_hours is not None and not Decimal(0) < Decimal(weekly_hours) <= Decimal(60):
        raise ValidationError({"weekly_hours": _("Please give between 0 and 60 hours a week.")})
    placement = Placement.objects.create(
        case=case,
        type=type,
        employer=employer,
        starts_on=starts_on,
        ends_on=ends_on,
        weekly_hours=weekly_hours,
        secures_livelihood=bool(secures_livelihood),
    )
    audit.record(
        "case.placement.added",
        actor=actor,
        obj=case,
        detail={"placement": placement.pk, "type": type},
    )
    return placement


@transaction.atomic
def exit_record(
    *,
    actor,
    case,
    exit_date: dt.date,
    reason,
    status_upon_leaving,
    qualification_gained=False,
) -> Exit:
    """The person leaves: record why and where to, close the case, schedule the follow-up
    six months later."""
    policy.require(actor, "case.manage", case)
    case = Case.unrestricted.select_for_update().get(pk=case.pk)
    if Exit.objects.filter(case=case).exists():
        raise ValidationError(_("The exit of this case has been recorded already."))
    known_choice(reason, Exit.Reason, "reason")
    known_choice(status_upon_leaving, StatusOnLeaving, "status_upon_leaving")
    if exit_date is None:
        raise ValidationError({"exit_date": _("Please give the exit date.")})
    not_in_future(exit_date, "exit_date")
    not_before(
        exit_date,
        case_start(case),
        "exit_date",
        _("The exit cannot lie before the entry (%(date)s).")
        % {"date": case_start(case).strftime("%d.%m.%Y")},
    )
    exit_ = Exit.objects.create(
        case=case,
        exit_date=exit_date,
        reason=reason,
        status_upon_leaving=status_upon_leaving,
        qualification_gained=bool(qualification_gained),
    )
    follow_up = FollowUp.objects.create(case=case, due_on=exit_date + FOLLOW_UP_AFTER)
    before = case.status
    if before != CaseStatus.CLOSED:
        check_transition(CASE_TRANSITIONS, CaseStatus, before, CaseStatus.CLOSED)
        Case.unrestricted.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED,
            version=F("version") + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
    audit.record(
        "case.exit.recorded",
        actor=actor,
        obj=case,
        detail={
            "exit_date": str(exit_date),
            "reason": reason,
            "status_upon_leaving": status_upon_leaving,
            "status": [before, CaseStatus.CLOSED],
            "follow_up_due": str(follow_up.due_on),
        },
    )
    return exit_


@transaction.atomic
def follow_up_record(
    *, actor, case, done_on: dt.date, status, situation_improved: bool | None = None
) -> FollowUp:
    """Where the person stands six months after leaving."""
    policy.require(actor, "case.manage", case)
    try:
        follow_up = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("case__exit")
            .get(case=case)
        )
    except FollowUp.DoesNotExist:
        raise ValidationError(_("Please record the exit first.")) from None
    if follow_up.done_on is not None:
        raise ValidationError(_("The follow-up has been recorded already."))
    known_choice(status, StatusOnLeaving, "status")
    if done_on is None:
        raise ValidationError({"done_on": _("Please give the date.")})
    not_in_future(done_on, "done_on")
    not_before(
        done_on,
        follow_up.case.exit.exit_date,
        "done_on",
        _("The follow-up cannot lie before the exit."),
    )
    follow_up.done_on = done_on
    follow_up.status = status
    follow_up.situation_improved = situation_improved
    follow_up.save(update_fields=["done_on", "status", "situation_improved"])
    audit.record(
        "case.follow_up.recorded",
        actor=actor,
        obj=case,
        detail={"done_on": str(done_on), "status": status},
    )
    return follow_up
