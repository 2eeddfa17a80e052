"""API fixtures: personal tokens for the personas and a client that sends them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from inprocedere.accounts.models import ApiToken
from inprocedere.accounts.services import token_create, token_revoke


@pytest.fixture
def token_for(user_for):
    """A raw, valid API token for a persona (or a username)."""

    def make(persona, **kwargs):
        user = user_for(persona)
        _token, raw = token_create(actor=user, user=user, name="t", **kwargs)
        return raw

    return make


@pytest.fixture
def expired_token(user_for):
    user = user_for("case_worker")
    token, raw = token_create(actor=user, user=user, name="expired")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return raw


@pytest.fixture
def revoked_token(user_for):
    user = user_for("case_worker")
    token, raw = token_create(actor=user, user=user, name="revoked")
    token_revoke(actor=user, token=token)
    return raw


class ApiClient(Client):
    """A test client that sends `Authorization: Bearer <token>` (if given) and a language."""

    def __init__(self, token=None, language=None, **defaults):
        if token is not None:
            defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if language is not None:
            defaults["HTTP_ACCEPT_LANGUAGE"] = language
        super().__init__(**defaults)


@pytest.fixture
def api_client():
    return ApiClient


@pytest.fixture
def caseworker_api(token_for):
    return ApiClient(token_for("case_worker"))
