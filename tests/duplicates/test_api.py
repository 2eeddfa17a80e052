"""The duplicate review API: every persona on every route; list, resolve, un-merge."""

import pytest
from django.test import Client

from inprocedere.api.urls import api
from inprocedere.duplicates.models import CandidatePair, Decision, MergeRecord
from inprocedere.privacy.models import AccessLogEntry
from tests.api.conftest import ApiClient, token_for  # noqa: F401 - fixture
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

REVIEWERS = {"case_worker", "team_lead"}


@pytest.fixture
def pair(person):
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad")
    return CandidatePair.objects.get(a=a, b=b)


def _routes(pair, record):
    return {
        ("get", "/api/v1/duplicates"): ("/api/v1/duplicates", None, 200),
        ("get", "/api/v1/duplicates/{id}"): (f"/api/v1/duplicates/{pair.pk}", None, 200),
        ("post", "/api/v1/duplicates/{id}/resolve"): (
            f"/api/v1/duplicates/{pair.pk}/resolve",
            {"decision": "different"},
            200,
        ),
        ("get", "/api/v1/duplicate-merges"): ("/api/v1/duplicate-merges", None, 200),
        ("post", "/api/v1/duplicate-merges/{id}/unmerge"): (
            f"/api/v1/duplicate-merges/{record.pk}/unmerge",
            None,
            200,
        ),
    }


def test_every_duplicate_route_is_covered(pair):
    paths = api.get_openapi_schema()["paths"]
    operations = {
        (method, path)
        for path, methods in paths.items()
        if path.startswith("/api/v1/duplicate")
        for method in methods
    }
    assert operations == set(_routes(pair, pair))


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_on_each_route(persona, person, token_for):  # noqa: F811
    client = ApiClient(token_for(persona))
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad")
    c = person("Tesfay", "Berhane")
    d = person("Berhane", "Tesfay")
    pair = CandidatePair.objects.get(a=a, b=b)
    record = MergeRecord.objects.create(survivor=c, merged=d, moved={})
    for (method, _path), (url, body, status) in _routes(pair, record).items():
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        expected = status if persona in REVIEWERS else 403
        assert response.status_code == expected, (persona, url, response.content[:200])


def test_without_credentials_401(pair):
    for url in ("/api/v1/duplicates", f"/api/v1/duplicates/{pair.pk}", "/api/v1/duplicate-merges"):
        assert Client().get(url).status_code == 401


def test_the_list_shape_and_the_access_log(pair, token_for):  # noqa: F811
    data = ApiClient(token_for("case_worker"), language="en").get("/api/v1/duplicates").json()
    [item] = [i for i in data["items"] if i["id"] == pair.pk]
    assert item["a"]["id"] == pair.a_id and item["b"]["id"] == pair.b_id
    assert item["a"]["family_name"] == "Al-Hassan"
    assert item["reason_codes"][:3] == ["given.romanised", "family.exact", "birth.day"]
    assert item["reasons"][0].startswith("Given names: another spelling")
    assert 0 < item["score"] <= 1
    assert (
        AccessLogEntry.objects.for_participant(pair.b_id)
        .filter(channel="api", purpose="duplicate_review")
        .exists()
    )


def test_merge_and_unmerge_through_the_api(pair, token_for):  # noqa: F811
    client = ApiClient(token_for("team_lead"))
    response = client.post(
        f"/api/v1/duplicates/{pair.pk}/resolve",
        {"decision": "merge", "survivor": pair.b_id},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    merge = response.json()["merge"]
    assert (merge["survivor"], merge["merged"]) == (pair.b_id, pair.a_id)
    assert merge["moved"]["cases.case"] == 1
    listed = client.get("/api/v1/duplicate-merges").json()["items"]
    assert [m["id"] for m in listed] == [merge["id"]]
    undone = client.post(f"/api/v1/duplicate-merges/{merge['id']}/unmerge")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    again = client.post(f"/api/v1/duplicate-merges/{merge['id']}/unmerge")
    assert again.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"decision": "maybe"},
        {"decision": "merge"},
        {"decision": "merge", "survivor": 999999},
        {"decision": "different", "note": "x" * 301},
        {"decision": "merge", "survivor": "a"},
    ],
)
def test_bad_input_is_422_and_changes_nothing(pair, token_for, body):  # noqa: F811
    response = ApiClient(token_for("case_worker")).post(
        f"/api/v1/duplicates/{pair.pk}/resolve", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert not MergeRecord.objects.exists() and not Decision.objects.exists()


def test_out_of_reach_and_unknown_are_404(person, token_for):  # noqa: F811
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad", case=False, persona="jobcentre_officer")
    pair = CandidatePair.objects.get(a=a, b=b)
    client = ApiClient(token_for("case_worker"))
    assert client.get(f"/api/v1/duplicates/{pair.pk}").status_code == 404
    assert client.get("/api/v1/duplicates/999999").status_code == 404
    assert client.post("/api/v1/duplicate-merges/999999/unmerge").status_code == 404
    assert pair.pk not in [i["id"] for i in client.get("/api/v1/duplicates").json()["items"]]
