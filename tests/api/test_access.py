"""The access test for every API route: who gets in, with which credentials."""

import pytest
from django.test import Client, override_settings

from inprocedere.api.urls import api

from .conftest import ApiClient
from .routes import concrete_routes, directory_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def routes():
    return concrete_routes()


# The directory's writes, each tested for every persona in tests/api/test_directory_writes.py.
DIRECTORY_WRITES = {
    ("patch", "/api/v1/organisations/{slug}"),
    ("post", "/api/v1/organisations/{slug}/positions"),
    ("patch", "/api/v1/positions/{id}"),
    ("post", "/api/v1/people"),
    ("patch", "/api/v1/people/{id}"),
    ("post", "/api/v1/positions/{id}/tenures"),
    ("post", "/api/v1/positions/{id}/tenures/{tenure_id}/end"),
}


def test_the_route_list_covers_every_directory_route(routes):
    paths = api.get_openapi_schema()["paths"]
    readable = {path for path in directory_paths(paths) if "get" in paths[path]}
    assert readable == set(routes)
    writes = {(method, path) for path in directory_paths(paths) for method in paths[path]}
    # a new write route needs its tests (and its place here)
    assert writes - {("get", path) for path in readable} == DIRECTORY_WRITES


def test_every_persona_reads_every_route_with_a_token(persona, token_for, routes):
    client = ApiClient(token_for(persona))
    for url in routes.values():
        response = client.get(url)
        assert response.status_code == 200, (persona, url, response.content)
        assert response["Content-Type"].startswith("application/json")


def _assert_401(response):
    assert response.status_code == 401, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]


def test_every_route_refuses_a_request_without_credentials(routes):
    for url in routes.values():
        _assert_401(Client().get(url))


@pytest.mark.parametrize(
    "kind",
    ["expired", "revoked", "garbage", "empty", "absurdly_long", "odd_characters"],
)
def test_every_route_refuses_a_bad_token(kind, routes, expired_token, revoked_token):
    raw = {
        "expired": expired_token,
        "revoked": revoked_token,
        "garbage": "ipd_thisisnotatoken",
        "empty": "",
        "absurdly_long": "ipd_" + "x" * 100_000,
        "odd_characters": "ipd_ä€\u0000;DROP TABLE",
    }[kind]
    client = ApiClient(raw)
    for url in routes.values():
        _assert_401(client.get(url))


def test_a_bad_token_is_refused_even_with_a_valid_session(client_for, routes):
    """A client that sends a token means that token: no quiet fallback to the session."""
    client = client_for("case_worker")
    assert client.get(routes["/api/v1/me"]).status_code == 200
    for url in routes.values():
        _assert_401(client.get(url, HTTP_AUTHORIZATION="Bearer ipd_wrong"))


def test_a_token_for_a_deactivated_user_is_refused(token_for, user_for, routes):
    raw = token_for("team_lead")
    user = user_for("team_lead")
    user.is_active = False
    user.save(update_fields=["is_active"])
    _assert_401(ApiClient(raw).get(routes["/api/v1/me"]))


def test_other_authorization_schemes_are_not_accepted(routes):
    response = Client().get(routes["/api/v1/regions"], HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")
    _assert_401(response)


def test_a_session_with_a_confirmed_second_factor_reads_every_route(client_for, routes):
    client = client_for("coordinator")
    for url in routes.values():
        assert client.get(url).status_code == 200, url
    me = client.get(routes["/api/v1/me"]).json()
    assert me["username"] == "coordinator"
    assert me["token"] is None


def _signed_in_without_second_factor(user):
    client = Client()
    client.force_login(user)
    return client


@override_settings(OTP_REQUIRED=True)
def test_a_session_without_the_second_factor_is_refused_where_it_is_required(user_for, routes):
    client = _signed_in_without_second_factor(user_for("coordinator"))
    for url in routes.values():
        _assert_401(client.get(url))


@override_settings(OTP_REQUIRED=False)
def test_a_session_without_a_second_factor_is_enough_where_none_is_required(user_for, routes):
    client = _signed_in_without_second_factor(user_for("coordinator"))
    for url in routes.values():
        assert client.get(url).status_code == 200, url


@override_settings(OTP_REQUIRED=True)
def test_a_token_needs_no_second_factor(token_for, routes):
    assert ApiClient(token_for("dpo")).get(routes["/api/v1/me"]).status_code == 200


def test_the_token_acts_for_its_user_and_is_named_on_the_request(token_for):
    raw = token_for("authority_officer")
    me = ApiClient(raw).get("/api/v1/me").json()
    assert me["username"] == "authority"
    assert me["token"]["name"] == "t"
    assert raw.startswith(me["token"]["prefix"])
    assert [role["value"] for role in me["roles"]] == ["authority_officer"]
    assert [p["organisation"]["slug"] for p in me["positions"]] == ["kv-germersheim"]


def test_the_docs_and_the_schema_are_public():
    assert Client().get("/api/v1/openapi.json").status_code == 200
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
