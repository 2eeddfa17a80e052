"""Shared fixtures: the demo network as the world every test lives in, and its personas.

The demo network is seeded once per test database (session scope); tests that need a
clean slate use `transactional_db`, which empties it, and seed again if they need it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from inprocedere.network.demo import seed_demo

# One persona per role (the demo accounts), plus someone without any position.
PERSONAS = {
    "case_worker": "caseworker",
    "team_lead": "teamlead",
    "authority_officer": "authority",
    "jobcentre_officer": "jobcentre",
    "coordinator": "coordinator",
    "ministry_reader": "ministry",
    "dpo": "dpo",
    "administrator": "admin",
    "outsider": "outsider",
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed_demo()
        _outsider()


def _outsider():
    user, created = get_user_model().objects.get_or_create(username="outsider")
    if created:
        user.set_password("outsider-password-123")
        user.save()
    return user


@pytest.fixture
def demo_network(db):
    """The demo network (already seeded for `db` tests; seeded anew after a flush, which
    also empties the reference data the migrations loaded)."""
    from inprocedere.participants.models import ResidenceStatusType
    from inprocedere.participants.reference_data import load_residence_status_types

    load_residence_status_types(ResidenceStatusType)
    seed_demo()
    _outsider()


@pytest.fixture
def user_for(db):
    def get(persona_or_username):
        username = PERSONAS.get(persona_or_username, persona_or_username)
        return get_user_model().objects.get(username=username)

    return get


def sign_in_fully(client, user):
    """Sign `user` in on `client` with a confirmed second factor, as after a real sign-in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inprocedere.accounts.sessions import mark_authenticated

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id

    class _Request:  # mark_authenticated only needs a session
        pass

    request = _Request()
    request.session = session
    mark_authenticated(request)
    session.save()
    return client


@pytest.fixture
def client_for(user_for):
    """A test client signed in as a persona, second factor confirmed."""

    def make(persona):
        return sign_in_fully(Client(), user_for(persona))

    return make


@pytest.fixture(params=list(PERSONAS))
def persona(request):
    return request.param


def grant_consent(participant, *organisations, categories=None, purposes=("referral",), **extra):
    """A signed, valid consent of `participant` for `organisations` (slugs or objects):
    by default every category, for referrals (what case work between organisations needs)."""
    import datetime as dt

    from inprocedere.network.models import Organisation
    from inprocedere.privacy.categories import ALL_CATEGORIES
    from inprocedere.privacy.models import Consent

    recipients = [
        o if isinstance(o, Organisation) else Organisation.objects.get(slug=o)
        for o in organisations
    ]
    consent = Consent.unrestricted.create(
        participant=participant,
        categories=sorted(categories if categories is not None else ALL_CATEGORIES),
        purposes=list(purposes),
        signed_on=extra.pop("signed_on", dt.date(2024, 1, 1)),
        recording_organisation=participant.registered_by,
        **extra,
    )
    consent.recipients.set(recipients)
    return consent
