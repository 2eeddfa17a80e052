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
    assert paths == {
        "/api/v1/reports/esf",
        "/api/v1/reports/figures",
        "/api/v1/reports/cooperation",
    }


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


# --- network figures and the cooperation monitor -----------------------------------------

CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}
FIGURE_READERS = {"coordinator", "ministry_reader"} | CASE_ROLES
RANGE = "from=2010-01-01&to=2010-06-30"


@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize(
    ("path", "readers"),
    [("figures", FIGURE_READERS), ("cooperation", READERS)],
)
def test_who_reads_the_figures_and_the_monitor(persona, path, readers, token_for):
    response = ApiClient(token_for(persona)).get(f"/api/v1/reports/{path}?{RANGE}")
    expected = 200 if persona in readers else 403
    assert response.status_code == expected, (persona, response.content)
    if expected == 200:
        data = response.json()
        assert list(data) == ["from", "to", "scope", "aggregate", "tables"]
        assert data["aggregate"] is (persona == "ministry_reader")
        if persona in CASE_ROLES - {"team_lead"}:
            assert data["scope"].startswith("organisation:")


def test_the_figures_json(token_for, carrier, make_participant):  # noqa: F811
    make_participant()
    url = f"/api/v1/reports/figures?{RANGE}&organisation={carrier.slug}"
    data = ApiClient(token_for("coordinator")).get(url).json()
    tables = {table["key"]: table for table in data["tables"]}
    assert list(tables) == [
        "stage",
        "region",
        "organisation",
        "residence",
        "benefit",
        "referrals",
        "placements",
        "measures",
    ]
    march = next(row for row in tables["stage"]["rows"] if row["key"] == "2010-03")
    assert march["cells"]["total"] == 1
    assert {c["kind"] for c in tables["stage"]["columns"]} == {"count", "total"}
    suppressed = ApiClient(token_for("ministry_reader")).get(url).json()
    march = next(row for row in suppressed["tables"][0]["rows"] if row["key"] == "2010-03")
    assert march["cells"]["total"] == "<5"
    assert suppressed["tables"][0]["suppressed"] is True


def test_case_roles_get_their_own_organisation_only(token_for):
    client = ApiClient(token_for("case_worker"))
    assert client.get(f"/api/v1/reports/figures?{RANGE}").json()["scope"] == ("organisation:profes")
    response = client.get(f"/api/v1/reports/figures?{RANGE}&organisation=kv-germersheim")
    assert response.status_code == 422


@pytest.mark.parametrize("path", ["figures", "cooperation"])
@pytest.mark.parametrize(
    "query",
    [
        "from=2010-12-31&to=2010-01-01",
        "from=2000-01-01&to=2010-12-31",
        "from=2010-01-01",
        f"{RANGE}&region=nowhere",
        f"{RANGE}&subproject=999999999",
    ],
)
def test_bad_input_to_the_figures_is_422(path, query, token_for):
    response = ApiClient(token_for("coordinator")).get(f"/api/v1/reports/{path}?{query}")
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
