"""Consent fixtures: a person the immigration office (authority_officer) works with,
the recipient organisations, and uploaded files of every kind."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant
from tests.files import JPEG, PDF, PNG  # genuine files: uploads are parsed  # noqa: F401


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def authority():
    return Organisation.objects.get(slug="kv-germersheim")


@pytest.fixture
def carrier():
    return Organisation.objects.get(slug="profes")


@pytest.fixture
def person(authority):
    """Registered by KV Germersheim: in reach of the authority officer only."""
    participant = Participant.unrestricted.create(
        family_name="Haddad",
        given_names="Samira",
        birth_date="12.03.1994",
        registered_by=authority,
    )
    return Participant.unrestricted.get(pk=participant.pk)


@pytest.fixture
def upload():
    def make(name="scan.pdf", content=PDF):
        return SimpleUploadedFile(name, content)

    return make


@pytest.fixture
def consent_data(authority, carrier):
    def make(**overrides):
        data = {
            "recipients": [authority, carrier],
            "categories": ["identity", "residence"],
            "purposes": ["referral", "case_conference"],
            "form": "written",
            "form_version": "2026-1",
            "language": "de",
            "signed_on": dt.date.today() - dt.timedelta(days=1),
            "valid_until": dt.date.today() + dt.timedelta(days=365),
        }
        data.update(overrides)
        return data

    return make


from tests.api.conftest import token_for  # noqa: E402, F401  (the API's token fixture, shared)
