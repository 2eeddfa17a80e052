"""The refusal of an invitation or consultation for want of consent, with what is missing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class ConsentMissing(ValidationError):
    """No valid consent lets these organisations receive the participant's data for the
    purpose. Pages show the message with a link to the consent form; the API answers 422."""

    def __init__(
        self, participant, organisations, purpose_label, field="to_position", purpose=None
    ):
        self.participant = participant
        self.purpose = purpose
        self.organisations = list(organisations)
        names = ", ".join(org.name for org in self.organisations)
        message = ngettext(
            "There is no valid consent of the participant for %(purpose)s that names "
            "%(organisations)s as recipient. Record the person's consent first.",
            "There is no valid consent of the participant for %(purpose)s that names "
            "these organisations as recipients: %(organisations)s. Record the person's "
            "consent first.",
            len(self.organisations),
        ) % {"purpose": purpose_label, "organisations": names}
        super().__init__({field: [message]}, code="consent_missing")

    @property
    def consent_form_url(self) -> str:
        """The printable consent form."""
        return reverse("privacy:consent_form", kwargs={"pk": self.participant.pk})

    @property
    def record_url(self) -> str:
        """The page to record the signed consent, already naming what is missing."""
        query = {"recipients": [org.slug for org in self.organisations]}
        if self.purpose:
            query["purposes"] = self.purpose
        return (
            reverse("privacy:consent_create", kwargs={"pk": self.participant.pk})
            + "?"
            + urlencode(query, doseq=True)
        )

    @property
    def link_text(self) -> str:
        return _("Record a consent")
