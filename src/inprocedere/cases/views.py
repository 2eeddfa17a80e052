"""Pages of case work. Thin: reads come from `selectors`, writes go through `services`."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from inprocedere.core.pagination import BoundedPaginator
from inprocedere.core.versioning import StaleEdit
from inprocedere.network.models import Organisation
from inprocedere.privacy import policy
from inprocedere.privacy.decorators import requires

from . import selectors, services
from .forms import (
    AcceptForm,
    CaseForm,
    DeclineForm,
    IntakeForm,
    MeasureForm,
    ReferralForm,
    WithdrawForm,
    other_positions,
)
from .models import Enrollment, Referral
from .record_forms import (
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
from .workflows import (
    CASE_TRANSITIONS,
    ENROLLMENT_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseStatus,
    ReferralState,
)

PAGE_SIZE = 50
STALE = 409
# Deeper than any real case; a bigger number would only make the database skip rows.
MAX_TIMELINE_OFFSET = 100_000


def _page(request, queryset):
    """One page of a list; the people on it are logged as read and shown as the policy
    allows."""
    page = BoundedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = policy.disclose_rows(request.user, page.object_list)
    return page


def _own_organisations(user):
    return policy.actor_for(user).organisation_ids


# --- my work and lists ----------------------------------------------------------------


@require_safe
@requires("case.read")
def my_work(request):
    work = selectors.my_work(request.user)
    policy.disclose_rows(request.user, [*work.waiting, *work.sent, *work.cases, *work.follow_ups])
    context = {
        "work": work,
        "overdue_days": selectors.overdue_days(),
    }
    return render(request, "cases/my_work.html", context)


@require_safe
@requires("referral.read")
def referral_list(request):
    box = request.GET.get("box", "")
    box = box if box in ("in", "out") else ""
    state = request.GET.get("state", "")
    state = state if state in ReferralState.values else ""
    context = {
        "page": _page(request, selectors.referrals_for(request.user, box=box, state=state)),
        "box": box,
        "state": state,
        "states": ReferralState.choices,
        "overdue_days": selectors.overdue_days(),
    }
    return render(request, "cases/referral_list.html", context)


@require_safe
@requires("case.read")
def case_list(request):
    status = request.GET.get("status", "open")
    status = status if status in (*CaseStatus.values, "open", "all") else "open"
    cases = selectors.cases_for(request.user, status="" if status == "all" else status)
    context = {"page": _page(request, cases), "status": status, "statuses": CaseStatus.choices}
    return render(request, "cases/case_list.html", context)


@require_safe
@requires("case.overview")
def case_overview(request):
    """The coordinator's view of the network's case work: pseudonyms, never persons."""
    status = request.GET.get("status", "open")
    status = status if status in (*CaseStatus.values, "open", "all") else "open"
    organisation = request.GET.get("organisation", "")
    cases = selectors.case_overview(
        request.user, status="" if status == "all" else status, organisation=organisation
    )
    page = BoundedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    pseudonyms = policy.disclose_pseudonymised(
        request.user, [case.participant_id for case in page.object_list]
    )
    for case in page.object_list:
        case.pseudonym = pseudonyms[case.participant_id]
    context = {
        "page": page,
        "status": status,
        "statuses": CaseStatus.choices,
        "organisation": organisation,
        "organisations": Organisation.objects.filter(cases__isnull=False)
        .distinct()
        .order_by("name"),
    }
    return render(request, "cases/case_overview.html", context)


# --- referrals ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("referral.create")
def referral_create(request):
    if not request.GET.get("participant"):
        # Referrals start from a person: the page explains where to find them.
        return render(request, "cases/referral_form.html", {"form": None, "participant": None})
    participant = selectors.participant_for(request.user, request.GET.get("participant"))
    positions = policy.actor_for(request.user).positions
    form = ReferralForm(
        request.POST or None,
        own_positions=positions,
        refresh_url=f"{request.path}?participant={participant.pk}",
        initial={
            "to_organisation": request.GET.get("to_organisation"),
            "to_position": request.GET.get("to_position"),
        },
    )
    consent_missing = None
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                actor=request.user, participant=participant, **form.service_data()
            )
        except policy.ConsentMissing as missing:
            # Not a form error: the page names the missing consent and offers its form.
            consent_missing = missing
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The referral has been sent."))
            return redirect("cases:referral_detail", pk=referral.pk)
    context = {"form": form, "participant": participant, "consent_missing": consent_missing}
    return render(request, "cases/referral_form.html", context)


REFERRAL_ACTIONS = ("accept", "decline", "withdraw", "intake")


def _responsible(user, referral):
    """'Zuständige Stelle' prefilled: the position the referral was sent to, else the
    position through which the user acts for the receiving organisation."""
    if (
        referral.to_position_id
        and referral.to_position.organisation_id == referral.to_organisation_id
    ):
        return referral.to_position_id
    position = policy.actor_for(user).position_in(referral.to_organisation_id)
    return position.pk if position is not None else None


def _referral_forms(request, referral, data=None, action=None):
    def bind(name):
        return data if name == action else None

    return {
        "accept": AcceptForm(bind("accept"), prefix="accept"),
        "decline": DeclineForm(bind("decline"), prefix="decline"),
        "withdraw": WithdrawForm(bind("withdraw"), prefix="withdraw"),
        "intake": IntakeForm(
            bind("intake"),
            prefix="intake",
            organisation=referral.to_organisation,
            initial={"owner_position": _responsible(request.user, referral)},
        ),
    }


def _referral_service(request, referral, action, data):
    user = request.user
    if action == "accept":
        services.referral_accept(actor=user, referral=referral, **data)
        return _("The referral has been accepted."), None
    if action == "decline":
        services.referral_decline(actor=user, referral=referral, **data)
        return _("The referral has been declined; the referrer sees your reason."), None
    if action == "withdraw":
        services.referral_withdraw(actor=user, referral=referral, **data)
        return _("The referral has been withdrawn."), None
    case = services.referral_intake_done(actor=user, referral=referral, **data)
    return _("The intake is done and the case is open."), case


@require_http_methods(["GET", "POST"])
@requires("referral.read")
def referral_detail(request, pk):
    user = request.user
    referral = selectors.referral_for(user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in REFERRAL_ACTIONS:
        raise BadRequest("unknown action")
    forms = _referral_forms(request, referral, request.POST, action)
    if action:
        form = forms[action]
        if form.is_valid():
            try:
                message, case = _referral_service(request, referral, action, form.service_data())
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, message)
                if case is not None:
                    return redirect("cases:case_detail", pk=case.pk)
                return redirect("cases:referral_detail", pk=referral.pk)
    orgs = _own_organisations(user)
    receiving = referral.to_organisation_id in orgs
    sending = referral.from_position.organisation_id in orgs
    allowed = REFERRAL_TRANSITIONS[referral.state]
    context = {
        "referral": referral,
        "forms": forms,
        "action": action,
        "can_accept": receiving and ReferralState.ACCEPTED in allowed,
        "can_decline": receiving and ReferralState.DECLINED in allowed,
        "can_intake": receiving and ReferralState.INTAKE_DONE in allowed,
        "can_withdraw": sending and ReferralState.WITHDRAWN in allowed,
        "case_visible": referral.case_id is not None
        and selectors.cases_for(user).filter(pk=referral.case_id).exists(),
        # The receiving side reads the person's record under the consent, before accepting.
        "can_read_person": policy.can(user, "participant.read", referral.participant),
    }
    return render(request, "cases/referral_detail.html", context)


# --- the case -------------------------------------------------------------------------


def _case_forms(request, case, measures, data=None, action=None):
    def bind(name):
        return data if name == action else None

    others = other_positions(case)  # one query for both forms that offer them

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
        "team_add": TeamAddForm(bind("team_add"), prefix="team_add", case=case, others=others),
        "team_remove": TeamRemoveForm(bind("team_remove"), prefix="team_remove"),
        "handover": HandoverForm(bind("handover"), prefix="handover", case=case, others=others),
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
        services.goal_set_status(actor=user, goal=data["goal"], status=data["status"])
        return _("The goal has been updated.")
    if action == "enrollment":
        services.enrollment_add(actor=user, case=case, **data)
        return _("The enrolment has been planned.")
    if action == "enrollment_transition":
        enrollment = Enrollment.objects.filter(case=case, pk=data.pop("enrollment")).first()
        if enrollment is None:
            raise Http404
        enrollment.case = case
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


@require_http_methods(["GET", "POST"])
@requires("case.read")
def case_detail(request, pk):
    user = request.user
    case = selectors.case_for(user, pk)
    measures = selectors.measures_for(user, current_only=True)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _case_forms(request, case, measures)
    consent_missing = None
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
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, message)
                return redirect("cases:case_detail", pk=case.pk)
    # What the person's consent does not cover stays off the page for other organisations.
    work_shown = case.participant.disclosure.shows("education_work")
    can_write = policy.can(user, "case.write", case)
    can_manage = policy.can(user, "case.manage", case)
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
        "handed_over_to": list(case.handed_over_to.select_related("owner_organisation")),
        "open_handovers": [
            referral
            for referral in timeline.of_case("referrals", case)
            if referral.kind == Referral.Kind.HANDOVER and referral.state in selectors.OPEN
        ],
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
    return render(request, "cases/case_detail.html", context)


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
    user = request.user

    def load():
        return selectors.case_for(user, pk, "case.manage")

    case = load()
    status = 200
    if request.method == "POST":
        form = CaseForm(request.POST, instance=copy(case))
        if form.is_valid():
            try:
                services.case_update(
                    actor=user,
                    case=case,
                    version=form.cleaned_data["version"],
                    **form.service_data(),
                )
            except StaleEdit as error:
                case = load()
                form = CaseForm(None, instance=case)
                form.show_error(error)
                status = STALE
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The case has been saved."))
                return redirect("cases:case_detail", pk=case.pk)
    else:
        form = CaseForm(None, instance=case)
    return render(request, "cases/case_form.html", {"form": form, "case": case}, status=status)


# --- measures -------------------------------------------------------------------------


@require_safe
@requires("measure.read")
def measure_list(request):
    context = {
        "page": _page(request, selectors.measures_for(request.user)),
        "can_manage": policy.can(request.user, "measure.manage"),
    }
    return render(request, "cases/measure_list.html", context)


@require_http_methods(["GET", "POST"])
@requires("measure.manage")
def measure_create(request):
    organisations = Organisation.objects.filter(pk__in=_own_organisations(request.user))
    form = MeasureForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The measure has been added to the catalogue."))
            return redirect("cases:measure_list")
    return render(request, "cases/measure_form.html", {"form": form})
