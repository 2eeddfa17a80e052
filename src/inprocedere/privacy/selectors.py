"""Reads of consents, narrowed by the access policy: the consents of the participants
within the user's reach. Unknown and forbidden consents alike raise Http404."""

from __future__ import annotations

from django.http import Http404

from . import policy
from .models import Consent


def _consents():
    return Consent.objects.select_related(
        "participant",
        "recording_organisation",
        "recorded_by",
        "withdrawn_recorded_by",
    ).prefetch_related("recipients")


def consents_for(user, participant, *, permission="consent.read"):
    """The participant's consents the user may see, newest first (none without reach)."""
    return policy.visible(user, _consents().filter(participant=participant), permission)


def consent_for(user, pk, *, permission="consent.read") -> Consent:
    try:
        consent = policy.visible(user, _consents(), permission).get(pk=pk)
    except (Consent.DoesNotExist, ValueError, TypeError, OverflowError):
        policy.refused_lookup(user, Consent, pk)
        raise Http404 from None
    policy.disclosure(user, consent.participant)
    return consent
