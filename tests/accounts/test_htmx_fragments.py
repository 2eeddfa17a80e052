"""Fragment requests of htmx never get a whole page swapped into the navigation."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_before_the_second_factor_a_fragment_is_empty_not_the_enrolment_page(settings, user_for):
    settings.OTP_REQUIRED = True
    client = Client()
    client.force_login(user_for("coordinator"))  # password done, second factor not yet
    page = client.get("/inbox/count/")
    assert page.status_code == 302  # a page still goes to the enrolment
    fragment = client.get("/inbox/count/", **HTMX)
    assert fragment.status_code == 204
    assert fragment.content == b""


def test_an_expired_session_sends_the_whole_page_to_the_sign_in(settings, client_for):
    client = client_for("case_worker")
    settings.SESSION_IDLE_TIMEOUT = -1  # every session has been idle too long
    response = client.get("/inbox/count/", **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/"
