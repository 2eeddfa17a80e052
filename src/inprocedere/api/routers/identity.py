"""A participant's other spellings of the name (aliases) and the identifiers other
agencies use for them, as on the participant page.

The same selectors and services as the page's forms: `participant.edit` on the person
(404 when the person is missing or out of reach, alike), the same validation (an
identifier another record already carries is refused, 422) and the same audit entries;
the search text and the duplicate keys are kept current by the service. They come back
with the person (`GET /participants/{id}`: `aliases`, `external_ids`, each with its id).
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from inprocedere.network import selectors as directory
from inprocedere.participants import selectors, services

from ..schemas.common import Detail
from ..schemas.participants import AliasIn, AliasOut, ExternalIdIn, ExternalIdOut

router = Router(tags=["participants"])

MAX_ID = 2**63 - 1
WRITE = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


def _id(description="Id of the participant."):
    return Path(..., ge=1, le=MAX_ID, description=description)


def _editable(request, pk):
    return selectors.participant_for(request.user, pk, permission="participant.edit")


@router.post("/participants/{id}/aliases", response={201: AliasOut, **WRITE})
def add_alias(request: HttpRequest, payload: AliasIn, id: int = _id()):
    """Add another spelling of the name (found by the register's search from now on)."""
    participant = _editable(request, id)
    alias = services.alias_add(actor=request.user, participant=participant, **payload.dict())
    return Status(201, alias)


@router.delete("/participants/{id}/aliases/{alias_id}", response={204: None, **WRITE})
def remove_alias(request: HttpRequest, id: int = _id(), alias_id: int = _id("Id of the alias.")):
    alias = selectors.alias_for(request.user, id, alias_id)
    services.alias_remove(actor=request.user, alias=alias)
    return HttpResponse(status=204)


@router.post("/participants/{id}/identifiers", response={201: ExternalIdOut, **WRITE})
def add_identifier(request: HttpRequest, payload: ExternalIdIn, id: int = _id()):
    """Record an identifier an organisation uses for the person (e.g. the job centre's
    customer number). One organisation's identifier names one record: a value already
    recorded for another person is refused (422: is the person registered twice?)."""
    participant = _editable(request, id)
    organisation = directory.organisation_by_slug(request.user, payload.organisation)
    if organisation is None:
        raise ValidationError(
            {"organisation": _("Unknown organisation: %(slug)s.") % {"slug": payload.organisation}}
        )
    identifier = services.external_id_add(
        actor=request.user,
        participant=participant,
        organisation=organisation,
        kind=payload.kind,
        value=payload.value,
    )
    return Status(201, identifier)
