"""What the cooperation handlers share: the router, ids, running a service, references."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from inprocedere.core.versioning import StaleEdit
from inprocedere.network import selectors as directory
from inprocedere.privacy import policy

from ...schemas.common import Detail

router = Router(tags=["cooperation"])

MAX_ID = 2**63 - 1
MAX_LIST = 200
READ = {401: Detail, 403: Detail, 404: Detail, 422: Detail}
WRITE = {401: Detail, 403: Detail, 404: Detail, 409: Detail, 422: Detail}


def id_param(description="Id."):
    return Path(..., ge=1, le=MAX_ID, description=description)


def call(function, **kwargs):
    """Run a service: a policy refusal on a record the caller can see is 404, as for a
    record out of reach; a stale version is 409."""
    try:
        return function(**kwargs)
    except PermissionDenied:
        raise Http404 from None
    except StaleEdit as error:
        raise HttpError(409, error.messages[0]) from None


def require(request, name):
    if not policy.can(request.user, name):
        raise PermissionDenied(name)


def position(request, pk, field):
    found = directory.positions_by_id(request.user, [pk]).get(pk)
    if found is None:
        raise ValidationError({field: _("Unknown position.")})
    return found


def positions(request, ids, field):
    ids = list(dict.fromkeys(ids))
    found = directory.positions_by_id(request.user, ids)
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown positions: %(ids)s") % {"ids": ", ".join(unknown)}}
        )
    return [found[pk] for pk in ids]


def by_key(request, lookup, key, field):
    """`lookup(user, key)` (a directory selector), or a 422 naming the unknown value."""
    if key in (None, ""):
        return None
    found = lookup(request.user, key)
    if found is None:
        raise ValidationError({field: _("Unknown value: %(value)s") % {"value": key}})
    return found


def position_ref(position):
    return {"id": position.pk, "title": position.title, "organisation": position.organisation.slug}


def people(request, records):
    """{participant id: label} for the records' cases (the name or the pseudonym, logged)
    and {participant id: Disclosure}."""
    found = policy.disclose_many(
        request.user,
        list({r.case.participant_id for r in records}),
        channel="api",
        purpose="case_conference",
    )
    labels = {}
    for record in records:
        participant = record.case.participant
        disclosure = found[participant.pk]
        labels[participant.pk] = (
            participant.full_name if disclosure.shows("identity") else disclosure.pseudonym
        )
    return labels, found
