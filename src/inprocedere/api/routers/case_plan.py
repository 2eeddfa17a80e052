"""A case's work plan through the API, as on the case page: needs assessments, goals, the
follow-up six months after the exit, the case team and handovers.

The same services as the page's forms, so the same policy (`case.write` for assessments
and goals, `case.manage` for the team, handovers and the follow-up), the same rules and
the same audit entries. Reads go through `selectors.case_for`, which writes the access
log and narrows the person's data to what the consent discloses (assessments, goals and
the follow-up are education-and-work data).

Errors: 404 for a case that is missing or out of reach, 403 for a write the caller's role
or side does not allow, 422 for bad input and broken rules (a position of the owning
organisation on the team, a follow-up before the exit, a second open handover).
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router, Status
from ninja.pagination import paginate

from inprocedere.cases import selectors, services
from inprocedere.cases.models import Goal, NeedsAssessment, Referral
from inprocedere.core.versioning import StaleEdit
from inprocedere.network import selectors as directory
from inprocedere.privacy import policy

from ..pagination import Pagination
from ..schemas.case_plan import (
    CaseFollowUpIn,
    GoalIn,
    GoalOut,
    GoalStatusIn,
    HandoverIn,
    NeedsAssessmentIn,
    NeedsAssessmentOut,
    TeamMemberIn,
)
from ..schemas.cases import FollowUpOut, ReferralDetailOut, ReferralOut
from ..schemas.common import Detail
from ..schemas.directory import PositionRef

router = Router(tags=["case work"])

MAX_ID = 2**63 - 1
READ = {401: Detail, 404: Detail, 422: Detail}
WRITE = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


def _id(description="Id of the case."):
    return Path(..., ge=1, le=MAX_ID, description=description)


def _position(user, pk, field):
    position = directory.positions_by_id(user, [pk]).get(pk)
    if position is None:
        raise ValidationError({field: _("Unknown position.")})
    return position


# --- needs assessments ----------------------------------------------------------------


@router.get("/cases/{id}/needs-assessments", response={200: list[NeedsAssessmentOut], **READ})
@paginate(Pagination)
def list_needs_assessments(request: HttpRequest, id: int = _id()):
    """Needs assessments of the case, newest first."""
    case = selectors.case_for(request.user, id)
    rows = case.assessments.select_related("position__organisation").order_by("-assessed_on", "-pk")
    return policy.redact_all(rows, case.participant.disclosure)


@router.post("/cases/{id}/needs-assessments", response={201: NeedsAssessmentOut, **WRITE})
def add_needs_assessment(request: HttpRequest, data: NeedsAssessmentIn, id: int = _id()):
    """Record a needs assessment: languages with CEFR level, schooling, qualifications,
    work experience, driving licence, childcare."""
    case = selectors.case_for(request.user, id)
    fields = data.model_dump()
    assessment = services.needs_assessment_add(actor=request.user, case=case, **fields)
    return Status(
        201, NeedsAssessment.objects.select_related("position__organisation").get(pk=assessment.pk)
    )


# --- goals (the integration plan) -------------------------------------------------------


@router.get("/cases/{id}/goals", response={200: list[GoalOut], **READ})
@paginate(Pagination)
def list_goals(request: HttpRequest, id: int = _id()):
    """The goals of the integration plan."""
    case = selectors.case_for(request.user, id)
    return policy.redact_all(case.goals.order_by("pk"), case.participant.disclosure)


@router.post("/cases/{id}/goals", response={201: GoalOut, **WRITE})
def add_goal(request: HttpRequest, data: GoalIn, id: int = _id()):
    case = selectors.case_for(request.user, id)
    return Status(201, services.goal_add(actor=request.user, case=case, **data.model_dump()))


@router.put("/cases/{id}/goals/{goal_id}/status", response={200: GoalOut, 409: Detail, **WRITE})
def set_goal_status(
    request: HttpRequest, data: GoalStatusIn, id: int = _id(), goal_id: int = _id("Id of the goal.")
):
    """open, reached or dropped. `version` is the goal's as read: if someone changed the
    goal since, 409 names who and when, and nothing is saved."""
    case = selectors.case_for(request.user, id)
    goal = Goal.objects.filter(case=case, pk=goal_id).first()
    if goal is None:
        raise Http404
    goal.case = case
    try:
        return services.goal_set_status(
            actor=request.user, goal=goal, status=data.status, version=data.version
        )
    except StaleEdit as error:
        return Status(409, {"detail": error.messages[0]})


# --- the follow-up six months after the exit ---------------------------------------------


@router.post("/cases/{id}/follow-up", response={200: FollowUpOut, **WRITE})
def record_follow_up(request: HttpRequest, data: CaseFollowUpIn, id: int = _id()):
    """Where the person stands six months after leaving (once; 422 before the exit).
    The due date and the follow-up come with `GET /cases/{id}/exit`."""
    case = selectors.case_for(request.user, id)
    return services.follow_up_record(actor=request.user, case=case, **data.model_dump())


# --- the case team ----------------------------------------------------------------------


@router.get("/cases/{id}/team", response={200: list[PositionRef], **READ})
def list_team(request: HttpRequest, id: int = _id()):
    """Positions of other organisations working on the case."""
    return selectors.team_of(selectors.case_for(request.user, id))


@router.post("/cases/{id}/team", response={201: list[PositionRef], **WRITE})
def add_team_member(request: HttpRequest, data: TeamMemberIn, id: int = _id()):
    """Add a position of another organisation. Where that organisation holds none of the
    person's data, the person's consent to joint counselling must name it (else 422)."""
    case = selectors.case_for(request.user, id)
    position = _position(request.user, data.position_id, "position_id")
    services.case_team_add(actor=request.user, case=case, position=position)
    return Status(201, selectors.team_of(case))


@router.delete("/cases/{id}/team/{position_id}", response={204: None, **WRITE})
def remove_team_member(
    request: HttpRequest, id: int = _id(), position_id: int = _id("Id of the position.")
):
    case = selectors.case_for(request.user, id)
    position = case.team.filter(pk=position_id).first()
    if position is None:
        raise Http404
    services.case_team_remove(actor=request.user, case=case, position=position)
    return HttpResponse(status=204)


# --- handovers --------------------------------------------------------------------------


@router.get("/cases/{id}/handovers", response={200: list[ReferralOut], **READ})
@paginate(Pagination)
def list_handovers(request: HttpRequest, id: int = _id()):
    """Handovers of this case to another organisation, newest first."""
    case = selectors.case_for(request.user, id)
    return selectors.referrals_for(request.user).filter(case=case, kind=Referral.Kind.HANDOVER)


@router.post("/cases/{id}/handovers", response={201: ReferralDetailOut, **WRITE})
def create_handover(request: HttpRequest, data: HandoverIn, id: int = _id()):
    """Hand the case over (e.g. to the job centre once the person is entitled to SGB II):
    a referral of kind handover from the case's owner position. After its intake the new
    owner's case links back and can read this case's history."""
    case = selectors.case_for(request.user, id)
    to_organisation = directory.organisation_by_slug(request.user, data.to_organisation)
    if to_organisation is None:
        raise ValidationError({"to_organisation": _("Unknown organisation.")})
    to_position = None
    if data.to_position_id is not None:
        to_position = _position(request.user, data.to_position_id, "to_position_id")
    referral = services.handover_create(
        actor=request.user,
        case=case,
        to_organisation=to_organisation,
        to_position=to_position,
        reason=data.reason,
        goals=data.goals,
        urgency=data.urgency,
    )
    return Status(201, selectors.referral_for(request.user, referral.pk))
