"""Every persona × the report routes of the API; the ESF report's JSON and its errors."""

import pytest
from django.test import Client

from inprocedere.api.urls import api
from inprocedere.reporting.esf import CODES, REASONS
from tests.conftest import PERSONAS
from tests.reporting.conftest import carrier, make_participant  # noqa: F401 - fixtures

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "ministry_reader", "team_lead"}
URL = "/api/v1/reports/esf?from=2010-01-01&to=2010-12-31"


def test_the_matrix_covers_every_report_route():
    paths = {p for p in api.get_openapi_schema()["paths"] if p.startswith("/api/v1/reports")}
    assert paths == {"/api/v1/reports/esf"}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_who_reads_the_esf_report(persona, token_for):
    response = ApiClient(token_for(persona)).get(URL)
    expected = 200 if persona in READERS else 403
    assert response.status_code == expected, (persona, response.content)
    assert response["Content-Type"].startswith("application/json")
    if expected == 403:
        assert isinstance(response.json()["detail"], str)


def test_anonymous_gets_401():
    assert Client().get(URL).status_code == 401


def test_the_json_shape(token_for):
    data = ApiClient(token_for("coordinator")).get(URL).json()
    assert list(data) == ["from", "to", "scope", "indicators", "not_counted"]
    assert data["from"] == "2010-01-01"
    assert data["scope"] == "network"
    assert list(data["indicators"]) == list(CODES)
    assert data["indicators"]["EECO01"] == {"total": 0, "woman": 0, "man": 0, "non_binary": 0}
    assert list(data["not_counted"]) == list(REASONS)


def test_the_ministry_gets_suppressed_cells(token_for, carrier, make_participant):  # noqa: F811
    make_participant()
    url = f"{URL}&organisation={carrier.slug}"
    assert ApiClient(token_for("coordinator")).get(url).json()["indicators"]["EECO01"]["total"] == 1
    assert (
        ApiClient(token_for("ministry_reader")).get(url).json()["indicators"]["EECO01"]["total"]
        == "<5"
    )


@pytest.mark.parametrize(
    "query",
    [
        "from=2010-12-31&to=2010-01-01",
        "from=2010-13-01&to=2010-12-31",
        "from=2010-01-01",
        "from=2010-01-01&to=2010-12-31&organisation=nowhere",
        "from=2010-01-01&to=2010-12-31&region=nowhere",
        "from=2010-01-01&to=2010-12-31&subproject=999999999",
    ],
)
def test_bad_input_is_422(query, token_for):
    response = ApiClient(token_for("coordinator")).get(f"/api/v1/reports/esf?{query}")
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
