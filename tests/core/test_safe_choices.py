"""Ids no database row can have are form errors, not server errors (SQLite overflows)."""

import pytest

from inprocedere.cases.models import Referral
from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def person():
    return Participant.unrestricted.create(
        family_name="Riesig",
        given_names="Ida",
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
    )


def test_a_consent_with_an_impossible_recipient_is_refused(person, client_for):
    response = client_for("authority_officer").post(
        f"/consents/participant/{person.pk}/new/",
        {
            "recipients": [HUGE],
            "categories": ["identity"],
            "purposes": ["referral"],
            "signed_on": "2024-01-01",
            "form": "written",
            "language": "de",
        },
    )
    assert response.status_code == 200
    assert not Consent.unrestricted.filter(participant=person).exists()


def test_a_referral_to_an_impossible_organisation_is_refused(person, client_for):
    response = client_for("authority_officer").post(
        f"/referrals/new/?participant={person.pk}",
        {"from_position": HUGE, "to_organisation": HUGE, "reason": "x"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"from_position", "to_organisation"} <= set(errors)
    assert not Referral.unrestricted.filter(participant=person).exists()
