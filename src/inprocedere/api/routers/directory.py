"""Read-only directory endpoints. Every read goes through network.selectors, so the API
and the pages answer from the same policy ("directory.read")."""

from django.http import HttpRequest
from ninja import Field, Path, Query, Router
from ninja.pagination import paginate

from inprocedere.network import selectors
from inprocedere.network.models import Organisation
from inprocedere.network.selectors import DirectoryQuery

from ..pagination import Pagination
from ..schemas.common import Detail
from ..schemas.directory import (
    FundingPeriodOut,
    OrganisationDetailOut,
    OrganisationOut,
    PersonDetailOut,
    PersonOut,
    PositionDetailOut,
    PositionOut,
    RegionOut,
    TopicOut,
)
from ..schemas.strict import QueryIn

router = Router(tags=["directory"])

MAX_ID = 2**63 - 1  # beyond this no database can hold the key: 422, not a crash
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"  # Django's slugs; keeps NUL and other oddities out of SQL
ERRORS = {401: Detail, 422: Detail}
DETAIL_ERRORS = {401: Detail, 404: Detail, 422: Detail}


def _slug(description: str):
    return Field("", max_length=100, pattern=SLUG_PATTERN, description=description)


def _text(description: str):
    return Field("", max_length=200, pattern=r"^[^\x00]*$", description=description)


class OrganisationFilter(QueryIn):
    region: str = _slug("Slug of a region the organisation serves.")
    kind: Organisation.Kind | None = Field(None, description="Kind of organisation.")


class PositionFilter(QueryIn):
    q: str = _text(
        "Search words, all of which must match: title, organisation, topic, region or "
        "holder's name; case, umlauts and accents are ignored."
    )
    topic: str = _slug("Slug of a topic.")
    region: str = _slug("Slug of a region the position (or its organisation) serves.")
    organisation: str = _slug("Slug of an organisation.")


class PersonFilter(QueryIn):
    q: str = _text("Words of the given or family name.")


@router.get("/regions", response={200: list[RegionOut], **ERRORS})
@paginate(Pagination)
def list_regions(request: HttpRequest):
    """The regions of the network."""
    return selectors.regions_for(request.user)


@router.get("/topics", response={200: list[TopicOut], **ERRORS})
@paginate(Pagination)
def list_topics(request: HttpRequest):
    """The topics positions are responsible for (residence law, benefits, …)."""
    return selectors.topics_for(request.user)


@router.get("/funding-periods", response={200: list[FundingPeriodOut], **ERRORS})
@paginate(Pagination)
def list_funding_periods(request: HttpRequest):
    """The funding periods of the network, oldest first."""
    return selectors.funding_periods_for(request.user)


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]):
    """The organisations of the network, by name."""
    return selectors.organisations_for(request.user, region=filters.region, kind=filters.kind or "")


@router.get("/organisations/{slug}", response={200: OrganisationDetailOut, **DETAIL_ERRORS})
def get_organisation(
    request: HttpRequest, slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN)
):
    """One organisation with its mandate (in the request's language and in both), network
    memberships and sub-projects."""
    return selectors.organisation_for(request.user, slug)


@router.get("/positions", response={200: list[PositionOut], **ERRORS})
@paginate(Pagination)
def list_positions(request: HttpRequest, filters: Query[PositionFilter]):
    """Active positions: who to ask for what, where. The same search as the directory page."""
    query = DirectoryQuery(
        text=filters.q,
        topic=filters.topic,
        region=filters.region,
        organisation=filters.organisation,
    )
    # The organisation's regions stand in for a position that names none.
    return selectors.positions_for(request.user, query).prefetch_related("organisation__regions")


@router.get("/positions/{id}", response={200: PositionDetailOut, **DETAIL_ERRORS})
def get_position(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """One position with its holders, deputy and the history of its holders."""
    return selectors.position_for(request.user, id)


@router.get("/people", response={200: list[PersonOut], **ERRORS})
@paginate(Pagination)
def list_people(request: HttpRequest, filters: Query[PersonFilter]):
    """Staff of the network organisations, by family name."""
    return selectors.people_for(request.user, filters.q)


@router.get("/people/{id}", response={200: PersonDetailOut, **DETAIL_ERRORS})
def get_person(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """One person with the positions they hold and have held."""
    return selectors.person_for(request.user, id)
