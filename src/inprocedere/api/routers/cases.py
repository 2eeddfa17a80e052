"""Referrals (with their transitions as actions), cases, their records and the measures
catalogue. The same selectors and services as the pages: the same policy, the same rules.

Errors: 404 for what is missing or out of reach, 403 for a write the caller's role or
side does not allow on a record they can see, 422 for bad input and for a transition the
current state does not allow, 409 for a stale version.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from inprocedere.cases import selectors, services
from inprocedere.cases.workflows import ReferralState
from inprocedere.core.versioning import StaleEdit
from inprocedere.network import selectors as directory
from inprocedere.privacy import policy

from ..pagination import Pagination
from ..schemas.cases import (
    AcceptIn,
    ActivityIn,
    ActivityOut,
    CaseDetailOut,
    CaseOut,
    CasePatch,
    DeclineIn,
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentTransitionIn,
    ExitIn,
    ExitOut,
    IntakeIn,
    MeasureIn,
    MeasureOut,
    PlacementIn,
    PlacementOut,
    ReferralDetailOut,
    ReferralIn,
    ReferralOut,
    ReferralWithdrawIn,
)
from ..schemas.common import Detail
from ..schemas.strict import QueryIn

router = Router(tags=["case work"])

MAX_ID = 2**63 - 1
ERRORS = {401: Detail, 422: Detail}
READ = {401: Detail, 404: Detail, 422: Detail}
WRITE = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


def _id(description="Id."):
    return Path(..., ge=1, le=MAX_ID, description=description)


def _position(user, pk, field):
    if pk is None:
        return None
    position = directory.positions_by_id(user, [pk]).get(pk)
    if position is None:
        raise ValidationError({field: _("Unknown position.")})
    return position


def _organisation(user, slug, field):
    organisation = directory.organisation_by_slug(user, slug)
    if organisation is None:
        raise ValidationError({field: _("Unknown organisation.")})
    return organisation


# --- referrals ------------------------------------------------------------------------


class ReferralFilter(QueryIn):
    box: str = Query("", pattern=r"^(in|out)?$", description="in: received; out: sent.")
    state: ReferralState | None = Query(None)


@router.get("/referrals", response={200: list[ReferralOut], **ERRORS})
@paginate(Pagination)
def list_referrals(request: HttpRequest, filters: Query[ReferralFilter]):
    """Referrals your organisation sent or received, newest first, with `overdue` flags."""
    return selectors.referrals_for(request.user, box=filters.box, state=filters.state or "")


@router.post("/referrals", response={201: ReferralDetailOut, **WRITE})
def create_referral(request: HttpRequest, data: ReferralIn):
    """Refer a participant from one of your positions to another organisation."""
    # The role first: without one, 403, before anything about the person is looked up.
    policy.require(request.user, "referral.create")
    try:
        participant = selectors.participant_for(request.user, data.participant_id)
    except Http404:
        raise ValidationError({"participant_id": _("Unknown participant.")}) from None
    referral = services.referral_create(
        actor=request.user,
        from_position=_position(request.user, data.from_position_id, "from_position_id"),
        participant=participant,
        to_organisation=_organisation(request.user, data.to_organisation, "to_organisation"),
        to_position=_position(request.user, data.to_position_id, "to_position_id"),
        reason=data.reason,
        goals=data.goals,
        urgency=data.urgency,
    )
    return Status(201, selectors.referral_for(request.user, referral.pk))


@router.get("/referrals/{id}", response={200: ReferralDetailOut, **READ})
def get_referral(request: HttpRequest, id: int = _id()):
    """One referral with every transition (who, when, why)."""
    return selectors.referral_for(request.user, id)


@router.post("/referrals/{id}/accept", response={200: ReferralDetailOut, **WRITE})
def accept_referral(request: HttpRequest, data: AcceptIn, id: int = _id()):
    """The receiving organisation accepts, with the first appointment."""
    referral = selectors.referral_for(request.user, id)
    services.referral_accept(
        actor=request.user,
        referral=referral,
        first_appointment=data.first_appointment,
        note=data.note,
    )
    return selectors.referral_for(request.user, id)


@router.post("/referrals/{id}/decline", response={200: ReferralDetailOut, **WRITE})
def decline_referral(request: HttpRequest, data: DeclineIn, id: int = _id()):
    """The receiving organisation declines; the reason is the referrer's feedback."""
    referral = selectors.referral_for(request.user, id)
    services.referral_decline(actor=request.user, referral=referral, reason=data.reason)
    return selectors.referral_for(request.user, id)


@router.post("/referrals/{id}/withdraw", response={200: ReferralDetailOut, **WRITE})
def withdraw_referral(request: HttpRequest, data: ReferralWithdrawIn, id: int = _id()):
    """The sending organisation withdraws its referral."""
    referral = selectors.referral_for(request.user, id)
    services.referral_withdraw(actor=request.user, referral=referral, reason=data.reason)
    return selectors.referral_for(request.user, id)


@router.post("/referrals/{id}/intake", response={201: CaseOut, **WRITE})
def intake_referral(request: HttpRequest, data: IntakeIn, id: int = _id()):
    """The intake is done: the case opens at the receiving organisation (for a handover,
    linked to the case it continues)."""
    referral = selectors.referral_for(request.user, id)
    case = services.referral_intake_done(
        actor=request.user,
        referral=referral,
        owner_position=_position(request.user, data.owner_position_id, "owner_position_id"),
        esf_entry_date=data.esf_entry_date,
        employment_status_at_entry=data.employment_status_at_entry or "",
        isced_at_entry=data.isced_at_entry,
        homeless=data.homeless,
        rural=data.rural,
        note=data.note,
    )
    return Status(201, selectors.case_for(request.user, case.pk))


# --- cases ----------------------------------------------------------------------------


class CaseFilter(QueryIn):
    status: str = Query("", pattern=r"^(active|paused|closed|open)?$")
    mine: bool = Query(False, description="Only cases of your organisation.")


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
@paginate(Pagination)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]):
    """Cases you may read: your organisation's, your case teams', and the history of cases
    handed over to you."""
    return selectors.cases_for(request.user, mine=filters.mine, status=filters.status)


def _case_detail(request, pk):
    case = selectors.case_for(request.user, pk)
    case.team_positions = list(selectors.team_of(case))
    case.timeline = selectors.timeline_for(request.user, case)
    return case


@router.get("/cases/{id}", response={200: CaseDetailOut, **READ})
def get_case(request: HttpRequest, id: int = _id()):
    """One case with its team and its timeline (including cases it was handed over from)."""
    return _case_detail(request, id)


@router.patch("/cases/{id}", response={200: CaseDetailOut, 409: Detail, **WRITE})
def update_case(request: HttpRequest, data: CasePatch, id: int = _id()):
    """Change the case's details or status. Send the `version` you read: if someone saved
    in between, the answer is 409 with who changed what."""
    case = selectors.case_for(request.user, id)
    fields = data.model_dump(exclude_unset=True)
    version = fields.pop("version")
    status = fields.pop("status", None)
    if "owner_position_id" in fields:
        fields["owner_position"] = _position(
            request.user, fields.pop("owner_position_id"), "owner_position_id"
        )
    if "employment_status_at_entry" in fields:
        fields["employment_status_at_entry"] = fields["employment_status_at_entry"] or ""
    for flag in ("homeless", "rural"):
        if flag in fields and fields[flag] is None:
            fields.pop(flag)
    try:
        if fields:
            services.case_update(actor=request.user, case=case, version=version, **fields)
            version = case.version
        if status is not None:
            services.case_set_status(actor=request.user, case=case, status=status, version=version)
    except StaleEdit as error:
        raise HttpError(409, error.messages[0]) from None
    return _case_detail(request, id)


@router.get("/cases/{id}/activities", response={200: list[ActivityOut], **READ})
@paginate(Pagination)
def list_activities(request: HttpRequest, id: int = _id()):
    """Contacts with the person; confidential notes are empty outside the owning
    organisation."""
    case = selectors.case_for(request.user, id)
    readable = policy.can(request.user, "case.notes.read", case)
    activities = list(case.activities.select_related("position__organisation"))
    for activity in activities:
        if activity.confidential and not readable:
            activity.note = ""
    return policy.redact_all(activities, case.participant.disclosure)


@router.post("/cases/{id}/activities", response={201: ActivityOut, **WRITE})
def add_activity(request: HttpRequest, data: ActivityIn, id: int = _id()):
    case = selectors.case_for(request.user, id)
    activity = services.activity_add(actor=request.user, case=case, **data.model_dump())
    return Status(201, activity)


@router.get("/cases/{id}/enrollments", response={200: list[EnrollmentOut], **READ})
@paginate(Pagination)
def list_enrollments(request: HttpRequest, id: int = _id()):
    case = selectors.case_for(request.user, id)
    enrollments = case.enrollments.select_related("measure__provider").order_by("-pk")
    return policy.redact_all(enrollments, case.participant.disclosure)


@router.post("/cases/{id}/enrollments", response={201: EnrollmentOut, **WRITE})
def add_enrollment(request: HttpRequest, data: EnrollmentIn, id: int = _id()):
    case = selectors.case_for(request.user, id)
    measure = selectors.measures_for(request.user).filter(pk=data.measure_id).first()
    if measure is None:
        raise ValidationError({"measure_id": _("Unknown measure.")})
    return Status(
        201, services.enrollment_add(actor=request.user, case=case, measure=measure, note=data.note)
    )


@router.post(
    "/cases/{id}/enrollments/{enrollment_id}/transition",
    response={200: EnrollmentOut, **WRITE},
)
def transition_enrollment(
    request: HttpRequest,
    data: EnrollmentTransitionIn,
    id: int = _id(),
    enrollment_id: int = _id("Id of the enrolment."),
):
    """planned → ongoing → completed | aborted (a completed one may name the certificate)."""
    case = selectors.case_for(request.user, id)
    enrollment = selectors.enrollment_of(case, enrollment_id)
    services.enrollment_transition(actor=request.user, enrollment=enrollment, **data.model_dump())
    return selectors.enrollment_of(case, enrollment.pk)


@router.get("/cases/{id}/placements", response={200: list[PlacementOut], **READ})
@paginate(Pagination)
def list_placements(request: HttpRequest, id: int = _id()):
    case = selectors.case_for(request.user, id)
    return policy.redact_all(case.placements.all(), case.participant.disclosure)


@router.post("/cases/{id}/placements", response={201: PlacementOut, **WRITE})
def add_placement(request: HttpRequest, data: PlacementIn, id: int = _id()):
    case = selectors.case_for(request.user, id)
    return Status(201, services.placement_add(actor=request.user, case=case, **data.model_dump()))


@router.get("/cases/{id}/exit", response={200: ExitOut, **READ})
def get_exit(request: HttpRequest, id: int = _id()):
    """The exit and its follow-up (404 while the person has not left)."""
    case = selectors.case_for(request.user, id)
    exit_ = getattr(case, "exit", None)
    if exit_ is None:
        raise Http404
    policy.redact(exit_, case.participant.disclosure)
    return exit_


@router.post("/cases/{id}/exit", response={201: ExitOut, **WRITE})
def record_exit(request: HttpRequest, data: ExitIn, id: int = _id()):
    """Record the exit: closes the case and schedules the follow-up six months later."""
    case = selectors.case_for(request.user, id)
    services.exit_record(actor=request.user, case=case, **data.model_dump())
    return Status(201, selectors.case_for(request.user, id).exit)


# --- measures -------------------------------------------------------------------------


@router.get("/measures", response={200: list[MeasureOut], **ERRORS})
@paginate(Pagination)
def list_measures(request: HttpRequest):
    """The measures catalogue of the network."""
    return selectors.measures_for(request.user)


@router.post("/measures", response={201: MeasureOut, **WRITE})
def create_measure(request: HttpRequest, data: MeasureIn):
    """Add a measure provided by your organisation."""
    fields = data.model_dump()
    fields["provider"] = _organisation(request.user, fields["provider"], "provider")
    return Status(201, services.measure_create(actor=request.user, **fields))
