"""Every error is JSON with a clear detail; no client input ends in a 500."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from ninja.testing import TestClient

from inprocedere.api import errors
from inprocedere.api.base import JsonNinjaAPI
from inprocedere.network.models import Position

pytestmark = pytest.mark.django_db


def _detail(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/no-such-organisation",
        "/api/v1/positions/999999999",
        "/api/v1/people/999999999",
        "/api/v1/no-such-route",
        "/api/v1/positions/1/nested",
        "/api/v1/",
    ],
)
def test_unknown_things_are_404_json(api_client, token_for, url):
    client = api_client(token_for("case_worker"), language="en")
    assert _detail(client.get(url), 404) == "Not found."


def test_an_inactive_position_is_404(caseworker_api):
    position = Position.objects.get(title="Fallmanagement Bleibeberechtigte")
    Position.objects.filter(pk=position.pk).update(is_active=False)
    _detail(caseworker_api.get(f"/api/v1/positions/{position.pk}"), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_405_json(caseworker_api, method):
    for url in ["/api/v1/positions", "/api/v1/regions", "/api/v1/me"]:
        response = getattr(caseworker_api, method)(url)
        assert "GET" in _detail(response, 405)
        assert response["Allow"] == "GET"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/positions", {"page": "0"}),
        ("/api/v1/positions", {"page": "abc"}),
        ("/api/v1/positions", {"page": str(10**30)}),
        ("/api/v1/positions", {"page_size": "0"}),
        ("/api/v1/positions", {"page_size": "201"}),
        ("/api/v1/positions", {"q": "x" * 10_000}),
        ("/api/v1/positions", {"q": "a\x00b"}),
        ("/api/v1/positions", {"topic": "not a slug!"}),
        ("/api/v1/positions", {"region": "x" * 101}),
        ("/api/v1/positions", {"organisation": "kv\x00"}),
        ("/api/v1/organisations", {"kind": "castle"}),
        ("/api/v1/organisations", {"region": "' OR 1=1 --"}),
        ("/api/v1/people", {"q": "x" * 201}),
        ("/api/v1/regions", {"page": "-1"}),
        ("/api/v1/positions/abc", {}),
        ("/api/v1/positions/0", {}),
        ("/api/v1/positions/" + "9" * 30, {}),
        ("/api/v1/people/-5", {}),
        ("/api/v1/people/" + "9" * 30, {}),
    ],
)
def test_invalid_parameters_are_422_with_ninjas_validation_detail(caseworker_api, url, params):
    detail = _detail(caseworker_api.get(url, params), 422)
    assert isinstance(detail, list)
    assert detail
    assert {"type", "loc", "msg"} <= set(detail[0])


def test_the_longest_allowed_search_is_answered(caseworker_api):
    response = caseworker_api.get("/api/v1/positions", {"q": "zq " * 66})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_very_large_ids_within_range_are_404(caseworker_api):
    _detail(caseworker_api.get(f"/api/v1/positions/{2**63 - 1}"), 404)
    _detail(caseworker_api.get(f"/api/v1/people/{2**63 - 1}"), 404)


def test_unauthorised_message_follows_accept_language(api_client):
    english = _detail(api_client(language="en").get("/api/v1/positions"), 401)
    german = _detail(api_client(language="de").get("/api/v1/positions"), 401)
    default = _detail(api_client().get("/api/v1/positions"), 401)
    assert english.startswith("Authentication required")
    assert german.startswith("Anmeldung erforderlich")
    assert default == german  # German is the default language
    bad_token = _detail(api_client("ipd_nope", language="en").get("/api/v1/positions"), 401)
    assert bad_token == "The API token is invalid, expired or revoked."


def test_not_found_message_follows_accept_language(api_client, token_for):
    raw = token_for("case_worker")
    assert _detail(api_client(raw, language="en").get("/api/v1/people/999999"), 404) == (
        "Not found."
    )
    assert _detail(api_client(raw, language="de").get("/api/v1/people/999999"), 404)


# --- the handlers themselves, on a throwaway API ---------------------------------------


def _throwaway_client():
    api = JsonNinjaAPI(urls_namespace="errors-test")
    errors.install(api)

    @api.get("/forbidden")
    def forbidden(request):
        raise PermissionDenied("directory.edit")

    @api.get("/invalid-fields")
    def invalid_fields(request):
        raise ValidationError({"name": ["Please give a name."], "days": ["Too many."]})

    @api.get("/invalid")
    def invalid(request):
        raise ValidationError("This token has already been revoked.")

    @api.get("/missing")
    def missing(request):
        raise Http404

    @api.get("/bug")
    def bug(request):
        return 1 / 0

    return TestClient(api)


def test_handlers_answer_json_for_django_exceptions():
    client = _throwaway_client()  # no middleware: the messages are in the active language
    with translation.override("en"):
        assert _detail(client.get("/forbidden"), 403) == "You do not have permission to do this."
        assert _detail(client.get("/missing"), 404) == "Not found."
    fields = _detail(client.get("/invalid-fields"), 422)
    assert {"loc": ["name"], "msg": "Please give a name.", "type": "validation_error"} in fields
    assert {"loc": ["days"], "msg": "Too many.", "type": "validation_error"} in fields
    assert _detail(client.get("/invalid"), 422) == [
        {"loc": [], "msg": "This token has already been revoked.", "type": "validation_error"}
    ]


def test_a_real_bug_is_logged_and_answered_with_500_json(caplog):
    client = _throwaway_client()
    with caplog.at_level(logging.ERROR, logger="inprocedere.api"), translation.override("en"):
        response = client.get("/bug")
    assert _detail(response, 500) == "Internal server error."
    assert "ZeroDivisionError" in caplog.text
    assert "division by zero" not in response.content.decode()


def test_a_json_body_over_the_upload_limit_is_413_and_changes_nothing(caseworker_api, settings):
    from inprocedere.cases.models import Referral

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    before = Referral.unrestricted.count()
    body = '{"reason": "' + "x" * 2048 + '"}'
    response = caseworker_api.post(
        "/api/v1/referrals", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert _detail(response, 413) == "The request body is too large (at most 1 KiB)."
    german = caseworker_api.post(
        "/api/v1/referrals", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert "zu groß" in _detail(german, 413)
    assert Referral.unrestricted.count() == before
