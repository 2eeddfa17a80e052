"""Writes to the network directory and staff turnover, as on the directory pages.

The same services as the pages' forms, so the same policy and rules: editing the
directory (organisations, positions, people) needs `directory.edit` (the coordinator and
the administrator), staff turnover `position.turnover` (the coordinator and the
administrator everywhere, a team lead in their own organisation; another organisation's
position is 404, as on the page). The model's validation (lengths, e-mail, phone
numbers, choices) runs in the services, for the pages and the API alike, and every write
is audited. Changes name the `version` read; a stale one answers 409 naming who changed
what and when.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Status

from inprocedere.core.versioning import StaleEdit
from inprocedere.network import selectors, services
from inprocedere.network.models import Organisation, Tenure
from inprocedere.network.permissions import reaches
from inprocedere.privacy import policy
from inprocedere.privacy.roles import Role

from ..schemas.common import Detail
from ..schemas.directory import OrganisationDetailOut, PersonDetailOut, PositionDetailOut
from ..schemas.strict import In
from . import directory

# The directory's own router: a path of both (GET and PATCH /positions/{id}) must be one
# route, or the first router's would answer 405 to the other's method.
router = directory.router

MAX_ID = 2**63 - 1
SLUG = r"^[-a-zA-Z0-9_]+$"
NO_NUL = r"^[^\x00]*$"
WRITE = {401: Detail, 403: Detail, 404: Detail, 422: Detail}
VERSIONED = {409: Detail, **WRITE}


def _text(max_length: int, default=None, description: str = ""):
    return Field(default, max_length=max_length, pattern=NO_NUL, description=description)


def _slugs(description: str):
    return Field(None, max_length=100, description=description)


def _version():
    return Field(..., ge=1, le=MAX_ID, description="The version read; a stale one answers 409.")


def _slug_path():
    return Path(..., max_length=100, pattern=SLUG, description="Slug of the organisation.")


def _id(description: str):
    return Path(..., ge=1, le=MAX_ID, description=description)


# --- bodies -----------------------------------------------------------------------------


class OrganisationPatch(In):
    version: int = _version()
    name: str | None = Field(None, min_length=1, max_length=200, pattern=NO_NUL)
    short_name: str | None = _text(60)
    kind: Organisation.Kind | None = None
    regions: list[str] | None = _slugs("Slugs of the regions served (replaces them).")
    street: str | None = _text(200)
    postcode: str | None = _text(10)
    city: str | None = _text(100)
    website: str | None = _text(200)
    phone: str | None = _text(30, description="The switchboard, e.g. 07274 53312.")
    email: str | None = _text(254)
    mandate_does_de: str | None = _text(10000)
    mandate_does_en: str | None = _text(10000)
    mandate_cannot_de: str | None = _text(10000)
    mandate_cannot_en: str | None = _text(10000)
    legal_basis_de: str | None = _text(10000)
    legal_basis_en: str | None = _text(10000)


class _PositionFields(In):
    topics: list[str] | None = _slugs("Slugs of its topics (replaces them).")
    regions: list[str] | None = _slugs("Slugs of its regions; none: its organisation's.")
    phone: str | None = _text(30, description="The direct dial.")
    email: str | None = _text(254, description="The functional mailbox.")
    deputy_id: int | None = Field(None, ge=1, le=MAX_ID, description="The deputy position.")
    roles: list[Role] | None = Field(None, max_length=len(Role.values))
    handover_note: str | None = _text(10000)
    is_active: bool | None = None


class PositionIn(_PositionFields):
    title: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)


class PositionPatch(_PositionFields):
    version: int = _version()
    title: str | None = Field(None, min_length=1, max_length=200, pattern=NO_NUL)


class _PersonFields(In):
    title: str | None = _text(50)
    phone: str | None = _text(30, description="The personal direct dial.")
    email: str | None = _text(254)


class PersonIn(_PersonFields):
    given_name: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)
    family_name: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)


class PersonPatch(_PersonFields):
    version: int = _version()
    given_name: str | None = Field(None, min_length=1, max_length=100, pattern=NO_NUL)
    family_name: str | None = Field(None, min_length=1, max_length=100, pattern=NO_NUL)


class TenureIn(In):
    person_id: int = Field(..., ge=1, le=MAX_ID, description="The person taking it up.")
    starts_on: dt.date | None = Field(None, description="Default: today.")


class TenureEndIn(In):
    end_reason: Tenure.EndReason
    ends_on: dt.date | None = Field(None, description="The last day held (default: today).")
    successor_id: int | None = Field(None, ge=1, le=MAX_ID, description="Who takes over.")
    successor_starts_on: dt.date | None = Field(None, description="Default: the day after.")
    handover_note: str | None = _text(10000, description="What the successor must know.")


# --- resolving what a body names ------------------------------------------------------------


def _sent(payload, *, blank=()) -> dict:
    """The fields sent (null for a text field means empty)."""
    data = payload.dict(exclude_unset=True)
    data.pop("version", None)
    for name in blank:
        if name in data and data[name] is None:
            data[name] = ""
    for name, value in list(data.items()):
        if value is None and name not in ("deputy_id", "starts_on"):
            raise ValidationError({name: _("This field cannot be empty.")})
    return data


def _by_slug(found: dict, slugs, field: str) -> list:
    unknown = sorted(set(slugs) - set(found))
    if unknown:
        raise ValidationError({field: _("Unknown: %(slugs)s.") % {"slugs": ", ".join(unknown)}})
    return [found[slug] for slug in slugs]


def _regions(user, slugs):
    found = {r.slug: r for r in selectors.regions_for(user).filter(slug__in=slugs)}
    return _by_slug(found, slugs, "regions")


def _topics(user, slugs):
    found = {t.slug: t for t in selectors.topics_for(user).filter(slug__in=slugs)}
    return _by_slug(found, slugs, "topics")


def _position_data(user, data: dict, position=None) -> dict:
    if "regions" in data:
        data["regions"] = _regions(user, data["regions"])
    if "topics" in data:
        data["topics"] = _topics(user, data["topics"])
    if "roles" in data:
        data["roles"] = [str(role) for role in data["roles"]]
    if "deputy_id" in data:
        pk = data.pop("deputy_id")
        deputy = None
        if pk is not None:
            deputy = selectors.positions_by_id(user, [pk]).get(pk)
            if deputy is None or (position is not None and deputy.pk == position.pk):
                raise ValidationError({"deputy_id": _("Unknown position.")})
        data["deputy"] = deputy
    return data


def _person(user, pk, field):
    person = selectors.person_by_id(user, pk)
    if person is None:
        raise ValidationError({field: _("Unknown person.")})
    return person


def _stale(error: StaleEdit):
    return Status(409, {"detail": error.messages[0]})


# --- the directory ------------------------------------------------------------------------


TEXTS = ("short_name", "street", "postcode", "city", "website", "phone", "email")
MANDATE = ("mandate_does_de", "mandate_does_en", "mandate_cannot_de", "mandate_cannot_en")


@router.patch("/organisations/{slug}", response={200: OrganisationDetailOut, **VERSIONED})
def update_organisation(request: HttpRequest, payload: OrganisationPatch, slug: str = _slug_path()):
    """Change the fields sent (regions are replaced by the list sent)."""
    policy.require(request.user, "directory.edit")
    organisation = selectors.organisation_for(request.user, slug)
    blank = (*TEXTS, *MANDATE, "legal_basis_de", "legal_basis_en")
    data = _sent(payload, blank=blank)
    if "regions" in data:
        data["regions"] = _regions(request.user, data["regions"])
    try:
        services.organisation_update(
            actor=request.user, organisation=organisation, version=payload.version, **data
        )
    except StaleEdit as error:
        return _stale(error)
    return selectors.organisation_for(request.user, slug)


@router.post("/organisations/{slug}/positions", response={201: PositionDetailOut, **WRITE})
def create_position(request: HttpRequest, payload: PositionIn, slug: str = _slug_path()):
    """A new position of the organisation (title, topics, regions, direct dial, mailbox,
    deputy, roles)."""
    policy.require(request.user, "directory.edit")
    organisation = selectors.organisation_for(request.user, slug)
    data = _position_data(request.user, _sent(payload, blank=("phone", "email", "handover_note")))
    position = services.position_create(actor=request.user, organisation=organisation, **data)
    return Status(201, selectors.position_for(request.user, position.pk, include_inactive=True))


@router.patch("/positions/{id}", response={200: PositionDetailOut, **VERSIONED})
def update_position(
    request: HttpRequest, payload: PositionPatch, id: int = _id("Id of the position.")
):
    """Change the fields sent (topics and regions are replaced by the lists sent)."""
    policy.require(request.user, "directory.edit")
    position = selectors.position_for(request.user, id, include_inactive=True)
    data = _sent(payload, blank=("phone", "email", "handover_note"))
    data = _position_data(request.user, data, position)
    try:
        services.position_update(
            actor=request.user, position=position, version=payload.version, **data
        )
    except StaleEdit as error:
        return _stale(error)
    return selectors.position_for(request.user, id, include_inactive=True)


@router.post("/people", response={201: PersonDetailOut, **WRITE})
def create_person(request: HttpRequest, payload: PersonIn):
    """A member of staff of a network organisation (not a participant)."""
    policy.require(request.user, "directory.edit")
    data = _sent(payload, blank=("title", "phone", "email"))
    person = services.person_create(actor=request.user, **data)
    return Status(201, selectors.person_for(request.user, person.pk))


@router.patch("/people/{id}", response={200: PersonDetailOut, **VERSIONED})
def update_person(request: HttpRequest, payload: PersonPatch, id: int = _id("Id of the person.")):
    policy.require(request.user, "directory.edit")
    person = selectors.person_for(request.user, id)
    data = _sent(payload, blank=("title", "phone", "email"))
    try:
        services.person_update(actor=request.user, person=person, version=payload.version, **data)
    except StaleEdit as error:
        return _stale(error)
    return selectors.person_for(request.user, id)


# --- staff turnover ---------------------------------------------------------------------


def _turnover_position(request, pk):
    """The position, if the caller handles its turnover; 404 alike otherwise."""
    policy.require(request.user, "position.turnover")
    position = selectors.position_for(request.user, pk, include_inactive=True)
    if not reaches(request.user, position):
        raise Http404
    return position


@router.post("/positions/{id}/tenures", response={201: PositionDetailOut, **WRITE})
def start_tenure(request: HttpRequest, payload: TenureIn, id: int = _id("Id of the position.")):
    """A person takes up the position (it may be shared by several holders)."""
    position = _turnover_position(request, id)
    person = _person(request.user, payload.person_id, "person_id")
    services.tenure_start(
        actor=request.user, position=position, person=person, starts_on=payload.starts_on
    )
    return Status(201, selectors.position_for(request.user, id, include_inactive=True))


@router.post("/positions/{id}/tenures/{tenure_id}/end", response={200: PositionDetailOut, **WRITE})
def end_tenure(
    request: HttpRequest,
    payload: TenureEndIn,
    id: int = _id("Id of the position."),
    tenure_id: int = _id("Id of a current tenure of the position."),
):
    """A holder leaves: the tenure ends, the handover note is kept on the position, the
    successor (if named) takes over, and a position left vacant tells its deputy. Cases,
    referrals and inbox items stay with the position."""
    position = _turnover_position(request, id)
    tenure = next((t for t in position.current_tenures if t.pk == tenure_id), None)
    if tenure is None:
        raise Http404
    successor = None
    if payload.successor_id is not None:
        successor = _person(request.user, payload.successor_id, "successor_id")
    services.position_handover(
        actor=request.user,
        tenure=tenure,
        ends_on=payload.ends_on,
        reason=payload.end_reason,
        successor=successor,
        successor_starts_on=payload.successor_starts_on,
        handover_note=payload.handover_note,
    )
    return selectors.position_for(request.user, id, include_inactive=True)
