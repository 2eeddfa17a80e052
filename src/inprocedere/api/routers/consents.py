"""Consents: list and record them for a participant, read and withdraw one. The same
selectors and services as the pages, so the same policy and rules: out of reach is 404,
invalid input 422 with field messages."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from inprocedere.network import selectors as directory
from inprocedere.participants import selectors as participant_selectors
from inprocedere.privacy import selectors, services

from ..schemas.common import Detail
from ..schemas.consents import ConsentIn, ConsentOut, ConsentWithdrawIn

router = Router(tags=["consents"])

MAX_ID = 2**63 - 1
READ = {401: Detail, 404: Detail, 422: Detail}
WRITE = {401: Detail, 403: Detail, 404: Detail, 422: Detail}


def _id(description="Id."):
    return Path(..., ge=1, le=MAX_ID, description=description)


def _recipients(user, slugs):
    slugs = list(dict.fromkeys(slugs))
    found = directory.organisations_by_slug(user, slugs)
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError(
            {"recipients": _("Unknown organisations: %(slugs)s") % {"slugs": ", ".join(unknown)}}
        )
    return [found[slug] for slug in slugs]


@router.get("/participants/{id}/consents", response={200: list[ConsentOut], **READ})
def list_consents(request: HttpRequest, id: int = _id("Participant id.")):
    """The participant's consents, newest first, withdrawn and expired ones included."""
    participant = participant_selectors.participant_for(request.user, id, permission="consent.read")
    return list(selectors.consents_for(request.user, participant))


@router.post("/participants/{id}/consents", response={201: ConsentOut, **WRITE})
def record_consent(request: HttpRequest, payload: ConsentIn, id: int = _id("Participant id.")):
    """Record a signed consent (without its scan: upload that on the consent's page)."""
    participant = participant_selectors.participant_for(
        request.user, id, permission="consent.record"
    )
    data = payload.dict()
    data["recipients"] = _recipients(request.user, data["recipients"])
    consent = services.consent_record(actor=request.user, participant=participant, **data)
    return Status(201, selectors.consent_for(request.user, consent.pk))


@router.get("/consents/{id}", response={200: ConsentOut, **READ})
def get_consent(request: HttpRequest, id: int = _id("Consent id.")):
    """One consent."""
    return selectors.consent_for(request.user, id)


@router.post("/consents/{id}/withdraw", response={200: ConsentOut, **WRITE})
def withdraw_consent(
    request: HttpRequest, payload: ConsentWithdrawIn, id: int = _id("Consent id.")
):
    """Record the withdrawal (once: a second one is 422). From that day the consent covers
    nothing."""
    consent = selectors.consent_for(request.user, id, permission="consent.withdraw")
    services.consent_withdraw(
        actor=request.user, consent=consent, withdrawn_on=payload.withdrawn_on
    )
    return selectors.consent_for(request.user, id)
