"""Participants and their residence, benefit and work-permit records. The same selectors
and services as the pages, so the same policy: a participant outside the caller's reach
is 404, a stale PATCH is 409, invalid input is 422 with field messages."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Status
from ninja.pagination import paginate

from inprocedere.core.versioning import StaleEdit
from inprocedere.network import selectors as directory
from inprocedere.participants import selectors, services
from inprocedere.participants.duplicates import find_possible_duplicates
from inprocedere.participants.selectors import ParticipantQuery
from inprocedere.participants.services._common import as_partial_date, check_birth_date
from inprocedere.privacy import policy

from ..pagination import Pagination
from ..schemas.common import Detail
from ..schemas.participants import (
    BenefitPeriodIn,
    BenefitPeriodOut,
    DuplicatesFound,
    ParticipantDetailOut,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatch,
    ResidenceStatusIn,
    ResidenceStatusOut,
    ResidenceStatusTypeOut,
    WorkPermitApplicationIn,
    WorkPermitApplicationOut,
)
from ..schemas.strict import QueryIn

router = Router(tags=["participants"])

MAX_ID = 2**63 - 1
ERRORS = {401: Detail, 422: Detail}
DETAIL_ERRORS = {401: Detail, 404: Detail, 422: Detail}
WRITE_ERRORS = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


class ParticipantFilter(QueryIn):
    q: str = Field(
        "",
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Words of the name or an alias; case, umlauts and accents are ignored.",
    )
    birth_year: int | None = Field(None, ge=1, le=9999, description="Year of birth.")


def _participant(request, id, permission="participant.read"):
    return selectors.participant_for(request.user, id, permission=permission)


def _organisation(user, slug, field):
    if not slug:
        return None
    organisation = directory.organisation_by_slug(user, slug)
    if organisation is None:
        raise ValidationError({field: _("Unknown organisation: %(slug)s.") % {"slug": slug}})
    return organisation


# --- reference data ---------------------------------------------------------------------


@router.get("/residence-status-types", response={200: list[ResidenceStatusTypeOut], **ERRORS})
@paginate(Pagination)
def list_residence_status_types(request: HttpRequest):
    """Residence status types with paragraph, Absatz, Satz and their validity (reference
    data, versioned: a law change adds a row with new dates)."""
    return selectors.residence_status_types_for(request.user)


# --- participants -----------------------------------------------------------------------


@router.get("/participants", response={200: list[ParticipantOut], **ERRORS})
@paginate(Pagination)
def list_participants(request: HttpRequest, filters: Query[ParticipantFilter]):
    """The participants the caller works with (none for roles without case work)."""
    query = ParticipantQuery(text=filters.q, birth_year=filters.birth_year)
    return selectors.participants_for(request.user, query)


@router.post(
    "/participants",
    response={201: ParticipantDetailOut, 409: DuplicatesFound, **WRITE_ERRORS},
)
def register_participant(request: HttpRequest, payload: ParticipantIn):
    """Register a person. If people with a similar name and a compatible date of birth
    are registered already, answers 409 with them, unless `confirm_not_duplicate`."""
    data = payload.dict()
    confirmed = data.pop("confirm_not_duplicate")
    for name in ("foreign_background", "disability", "minority"):
        data[name] = data[name] or ""
    policy.require(request.user, "participant.register")  # before looking at anybody
    birth_date = _birth_date(data["birth_date"])
    candidates = find_possible_duplicates(
        data["family_name"],
        data["given_names"],
        birth_date,
        among=selectors.participants_for(request.user),
    )
    if candidates and not confirmed:
        return Status(
            409,
            {
                "detail": _(
                    "This person may already be registered. Check the candidates; to register "
                    "anyway, send the request again with confirm_not_duplicate set."
                ),
                "candidates": candidates,
            },
        )
    participant = services.participant_register(
        actor=request.user, duplicates_confirmed=bool(candidates), **data
    )
    return Status(201, _participant(request, participant.pk))


def _birth_date(value):
    birth_date = as_partial_date(value, "birth_date")
    check_birth_date(birth_date)
    return birth_date


@router.get("/participants/{id}", response={200: ParticipantDetailOut, **DETAIL_ERRORS})
def get_participant(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """One participant with residence history, benefits, work permits and identifiers."""
    return _participant(request, id)


@router.patch(
    "/participants/{id}",
    response={200: ParticipantDetailOut, 409: Detail, **WRITE_ERRORS},
)
def update_participant(
    request: HttpRequest, payload: ParticipantPatch, id: int = Path(..., ge=1, le=MAX_ID)
):
    """Change the fields sent. `version` must be the one read: if someone saved in
    between, 409 names who changed what."""
    participant = _participant(request, id, "participant.edit")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    for name in ("foreign_background", "disability", "minority"):
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("birth_place", "phone", "email", "street", "postcode", "municipality"):
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("family_name", "given_names", "gender", "stateless", "minor_children"):
        if name in data and data[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    for name in ("citizenships", "languages"):
        if name in data and data[name] is None:
            data[name] = []
    try:
        services.participant_update(
            actor=request.user, participant=participant, version=version, **data
        )
    except StaleEdit as error:
        return Status(409, {"detail": error.messages[0]})
    return Status(200, _participant(request, id))


# --- records ----------------------------------------------------------------------------


@router.get(
    "/participants/{id}/residence-statuses",
    response={200: list[ResidenceStatusOut], **DETAIL_ERRORS},
)
def list_residence_statuses(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """The residence history, latest first."""
    return _participant(request, id).residence_periods


@router.post(
    "/participants/{id}/residence-statuses",
    response={201: ResidenceStatusOut, **WRITE_ERRORS},
)
def add_residence_status(
    request: HttpRequest, payload: ResidenceStatusIn, id: int = Path(..., ge=1, le=MAX_ID)
):
    """Add a period; the status type must have been in force on `valid_from`."""
    participant = _participant(request, id, "participant.edit")
    data = payload.dict()
    data["issuing_authority"] = _organisation(
        request.user, data["issuing_authority"], "issuing_authority"
    )
    data["work_endorsement"] = data["work_endorsement"] or ""
    status = services.residence_status_add(actor=request.user, participant=participant, **data)
    return Status(201, status)


@router.get(
    "/participants/{id}/benefit-periods",
    response={200: list[BenefitPeriodOut], **DETAIL_ERRORS},
)
def list_benefit_periods(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """Which benefit system paid when, latest first."""
    return list(_participant(request, id).benefit_periods.all())


@router.post("/participants/{id}/benefit-periods", response={201: BenefitPeriodOut, **WRITE_ERRORS})
def add_benefit_period(
    request: HttpRequest, payload: BenefitPeriodIn, id: int = Path(..., ge=1, le=MAX_ID)
):
    participant = _participant(request, id, "participant.edit")
    data = payload.dict()
    data["agency"] = _organisation(request.user, data["agency"], "agency")
    period = services.benefit_period_add(actor=request.user, participant=participant, **data)
    return Status(201, period)


@router.get(
    "/participants/{id}/work-permit-applications",
    response={200: list[WorkPermitApplicationOut], **DETAIL_ERRORS},
)
def list_work_permit_applications(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """Work-permit applications and the employment agency's decisions, latest first."""
    return list(_participant(request, id).work_permit_applications.all())


@router.post(
    "/participants/{id}/work-permit-applications",
    response={201: WorkPermitApplicationOut, **WRITE_ERRORS},
)
def add_work_permit_application(
    request: HttpRequest, payload: WorkPermitApplicationIn, id: int = Path(..., ge=1, le=MAX_ID)
):
    participant = _participant(request, id, "participant.edit")
    application = services.work_permit_application_add(
        actor=request.user, participant=participant, **payload.dict()
    )
    return Status(201, application)
