"""The case page: its timeline, what is recorded on it, and editing the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.core.edit_pages import versioned_edit
from inprocedere.core.versioning import StaleEdit
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from .. import selectors, services
from ..choosers import first_of_case
from ..forms import (
    CaseForm,
)
from ..record_forms import (
    ActivityForm,
    AssessmentForm,
    EnrollmentForm,
    EnrollmentTransitionForm,
    ExitForm,
    FollowUpForm,
    GoalForm,
    GoalStatusForm,
    HandoverForm,
    PlacementForm,
    StatusForm,
    TeamAddForm,
    TeamRemoveForm,
)
from ..workflows import (
    CASE_TRANSITIONS,
    ENROLLMENT_TRANSITIONS,
    CaseStatus,
)
from ._common import MAX_TIMELINE_OFFSET, STALE


def _case_forms(request, case, measures, data=None, action=None):
    def bind(name):
        return data if name == action else None

    # The team's and the handover's choosers open on the same first page (two queries).
    first = first_of_case(case)
    return {
        "activity": ActivityForm(bind("activity"), prefix="activity"),
        "assessment": AssessmentForm(bind("assessment"), prefix="assessment"),
        "goal": GoalForm(bind("goal"), prefix="goal"),
        "goal_status": GoalStatusForm(bind("goal_status"), prefix="goal_status", case=case),
        "enrollment": EnrollmentForm(bind("enrollment"), prefix="enrollment", measures=measures),
        "enrollment_transition": EnrollmentTransitionForm(
            bind("enrollment_transition"), prefix="enrollment_transition"
        ),
        "placement": PlacementForm(bind("placement"), prefix="placement"),
        "exit": ExitForm(bind("exit"), prefix="exit"),
        "follow_up": FollowUpForm(bind("follow_up"), prefix="follow_up"),
        "status": StatusForm(
            bind("status"), prefix="status", statuses=CASE_TRANSITIONS[case.status]
        ),
        "team_add": TeamAddForm(bind("team_add"), prefix="team_add", case=case, first=first),
        "team_remove": TeamRemoveForm(bind("team_remove"), prefix="team_remove"),
        "handover": HandoverForm(bind("handover"), prefix="handover", case=case, first=first),
    }


def _run_case_action(request, case, action, data):
    """Call the service for `action`; return the success message."""
    user = request.user
    if action == "activity":
        services.activity_add(actor=user, case=case, **data)
        return _("The activity has been recorded.")
    if action == "assessment":
        services.needs_assessment_add(actor=user, case=case, **data)
        return _("The needs assessment has been recorded.")
    if action == "goal":
        services.goal_add(actor=user, case=case, **data)
        return _("The goal has been added to the integration plan.")
    if action == "goal_status":
        services.goal_set_status(
            actor=user, goal=data["goal"], status=data["status"], version=data["version"]
        )
        return _("The goal has been updated.")
    if action == "enrollment":
        services.enrollment_add(actor=user, case=case, **data)
        return _("The enrolment has been planned.")
    if action == "enrollment_transition":
        enrollment = selectors.enrollment_of(case, data.pop("enrollment"))
        services.enrollment_transition(actor=user, enrollment=enrollment, **data)
        return _("The enrolment has been updated.")
    if action == "placement":
        services.placement_add(actor=user, case=case, **data)
        return _("The placement has been recorded.")
    if action == "exit":
        services.exit_record(actor=user, case=case, **data)
        return _("The exit has been recorded and the case closed. The follow-up is scheduled.")
    if action == "follow_up":
        services.follow_up_record(actor=user, case=case, **data)
        return _("The follow-up has been recorded.")
    if action == "status":
        services.case_set_status(actor=user, case=case, **data)
        return _("The status of the case has been changed.")
    if action == "team_add":
        services.case_team_add(actor=user, case=case, position=data["position"])
        return _("The position has been added to the case team.")
    if action == "team_remove":
        position = case.team.filter(pk=data["position"]).first()
        if position is None:
            raise Http404
        services.case_team_remove(actor=user, case=case, position=position)
        return _("The position has been removed from the case team.")
    if action == "handover":
        services.handover_create(actor=user, case=case, **data)
        return _("The handover has been sent.")
    raise BadRequest("unknown action")


def _cooperation(user, case, can_write):
    # Consultations and conferences live in the cooperation app, which builds on cases.
    from inprocedere.cooperation.selectors import case_cooperation

    return case_cooperation(user, case, can_write=can_write)


# What the case page's buttons may offer, asked in the case's own query (decision 0019).
PAGE_FLAGS = {
    "may_write": "case.write",
    "may_manage": "case.manage",
    "may_read_notes": "case.notes.read",
}


@require_http_methods(["GET", "POST"])
@requires("case.read")
def case_detail(request, pk):
    user = request.user
    case = selectors.case_for(user, pk, flags=PAGE_FLAGS)
    measures = selectors.measures_for(user, current_only=True)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _case_forms(request, case, measures)
    consent_missing = None
    status = 200
    if action is not None:
        if action not in forms:
            raise BadRequest("unknown action")
        forms = _case_forms(request, case, measures, request.POST, action)
        form = forms[action]
        if form.is_valid():
            try:
                message = _run_case_action(request, case, action, form.service_data())
            except policy.ConsentMissing as missing:
                consent_missing = missing  # the page names it and offers the form
            except StaleEdit as error:
                form.add_service_error(error)  # names who changed it and when
                status = STALE
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, message)
                return redirect("cases:case_detail", pk=case.pk)
    # What the person's consent does not cover stays off the page for other organisations.
    work_shown = case.participant.disclosure.shows("education_work")
    can_write, can_manage = case.may_write, case.may_manage
    timeline = selectors.timeline_page(user, case, _offset(request))
    enrollments = timeline.of_case("enrollments", case)
    for enrollment in enrollments:
        enrollment.next_states = [
            (state.value, state.label) for state in ENROLLMENT_TRANSITIONS[enrollment.state]
        ]
    context = {
        "case": case,
        "participant": case.participant,
        "timeline": timeline,
        "goals": timeline.of_case("goals", case) if work_shown else [],
        "enrollments": enrollments if work_shown else [],
        "placements": timeline.of_case("placements", case) if work_shown else [],
        "team": list(selectors.team_of(case)),
        "handed_over_to": selectors.handed_over_to(case),
        "open_handovers": selectors.open_handovers(timeline, case),
        "forms": forms,
        "action": action,
        "can_write": can_write and case.status != CaseStatus.CLOSED,
        "can_manage": can_manage,
        "next_statuses": [(s.value, s.label) for s in CASE_TRANSITIONS[case.status]],
        "is_closed": case.status == CaseStatus.CLOSED,
        "exit": getattr(case, "exit", None) if work_shown else None,
        "follow_up": getattr(case, "follow_up", None) if work_shown else None,
        "consent_missing": consent_missing,
        "cooperation": _cooperation(user, case, can_write),
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _offset(request) -> int:
    try:
        return min(max(int(request.GET.get("timeline", 0)), 0), MAX_TIMELINE_OFFSET)
    except (TypeError, ValueError, OverflowError):
        return 0


@require_safe
@requires("case.read")
def case_timeline(request, pk):
    """The next entries of a case's timeline (htmx swaps them in for "Older entries")."""
    case = selectors.case_for(request.user, pk)
    timeline = selectors.timeline_page(request.user, case, _offset(request))
    return render(request, "cases/_timeline.html", {"case": case, "timeline": timeline})


@require_http_methods(["GET", "POST"])
@requires("case.manage")
def case_edit(request, pk):
    response, case = versioned_edit(
        request,
        load=lambda: selectors.case_for(request.user, pk, "case.manage"),
        make_form=lambda data, record: CaseForm(data, instance=record),
        save=lambda record, version, data: services.case_update(
            actor=request.user, case=record, version=version, **data
        ),
        saved_message=_("The case has been saved."),
        template="cases/case_form.html",
        context=lambda record: {"case": record},
    )
    return response or redirect("cases:case_detail", pk=case.pk)
