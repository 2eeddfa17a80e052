"""Data flows that need the person's consent: the check, and the error that offers the form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def consent_covers(participant, organisation, purpose, categories=(), on=None):
    """The newest consent valid on `on` (default today) that lets `organisation` receive
    `categories` of `participant`'s data for `purpose`, or None."""
    from .models import Consent

    wanted = set(categories)
    consents = (
        Consent.unrestricted.valid_on(on)
        .for_purpose(purpose)
        .filter(participant_id=participant.pk, recipients=organisation)
        .order_by("-signed_on", "-pk")
    )
    return next((c for c in consents if wanted <= set(c.categories)), None)


class ConsentMissing(ValidationError):
    """Data of a person were about to flow to an organisation that no valid consent names.

    Carries what the page needs to offer the right form: the organisation, the purpose
    and the address of the pre-filled consent form.
    """

    def __init__(self, participant, organisation, purpose, categories=()):
        from django.urls import reverse
        from django.utils.http import urlencode

        from .models import Purpose

        self.organisation, self.purpose = organisation, purpose
        query = {
            "recipients": organisation.slug,
            "purposes": purpose,
            "categories": list(categories or SUGGESTED_CATEGORIES),
        }
        self.form_url = (
            reverse("privacy:consent_form", kwargs={"pk": participant.pk})
            + "?"
            + urlencode(query, doseq=True)
        )
        # Where the signed consent is recorded, with the same choices filled in.
        self.record_url = (
            reverse("privacy:consent_create", kwargs={"pk": participant.pk})
            + "?"
            + urlencode(query, doseq=True)
        )
        message = _(
            "No valid consent of the person allows passing their data to %(organisation)s "
            "for the purpose “%(purpose)s”. Please record the signed consent first."
        ) % {"organisation": organisation, "purpose": Purpose(purpose).label}
        super().__init__(message, code="consent_missing")


# What shared case work usually needs; offered on the form when a consent is missing.
SUGGESTED_CATEGORIES = ("identity", "contact", "residence", "education_work")


def require_consent(participant, organisation, purpose, categories=("identity",)):
    """Refuse (ConsentMissing) unless a valid consent lets `organisation` receive at least
    `categories` for `purpose`; returns the consent."""
    consent = consent_covers(participant, organisation, purpose, categories)
    if consent is None:
        raise ConsentMissing(participant, organisation, purpose)
    return consent
