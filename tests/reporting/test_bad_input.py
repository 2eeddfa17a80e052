"""Bad input to the reports: a translated error before any heavy query (issue 12).

A range of thirty years, an unknown organisation or region, a sub-project of another
funding period — on the command line, the API and the pages alike. The report's own
statement must not run: `esf_sql.facts_sql` and the figures' loaders are made to fail.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from inprocedere.accounts.services import token_create
from inprocedere.reporting import esf_sql, network_reports
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

THIRTY_YEARS = {"from": "2000-01-01", "to": "2029-12-31"}


@pytest.fixture(autouse=True)
def no_report(monkeypatch):
    """Any report that starts counting fails the test."""

    def refused(*args, **kwargs):
        raise AssertionError("the report ran on bad input")

    monkeypatch.setattr(esf_sql, "facts_sql", refused)
    monkeypatch.setattr(network_reports, "network_figures", refused)
    monkeypatch.setattr(network_reports, "cooperation_monitor", refused)


@pytest.fixture
def coordinator_api(user_for):
    user = user_for("coordinator")
    _token, raw = token_create(actor=user, user=user, name="t")
    return ApiClient(raw, language="de")


def cli(*args):
    with translation.override("de"):
        call_command("report", *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize("report", ["esf", "figures", "cooperation"])
def test_thirty_years_on_the_command_line(report):
    with pytest.raises(CommandError, match="höchstens"):
        cli(report, "--from", THIRTY_YEARS["from"], "--to", THIRTY_YEARS["to"])


def test_a_subproject_of_another_funding_period_on_the_command_line(carrier):
    subproject = carrier.test_subproject  # funding period 2009–2012
    with pytest.raises(CommandError, match="Förderperiode"):
        cli("esf", "--from", "2024-01-01", "--to", "2024-12-31", "--subproject", str(subproject.pk))


@pytest.mark.parametrize("organisation", ["nowhere", "x" * 60])
def test_an_unknown_organisation_on_the_command_line(organisation):
    with pytest.raises(CommandError, match=r"nowhere|xxx"):
        cli("esf", "--from", "2024-01-01", "--to", "2024-12-31", "--organisation", organisation)


def test_ten_years_are_still_a_report_range(monkeypatch, carrier):
    monkeypatch.undo()  # the report may run
    cli("esf", "--from", "2015-01-01", "--to", "2024-12-31")


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/reports/esf", THIRTY_YEARS, "höchstens 10 Jahre"),
        ("/api/v1/reports/figures", THIRTY_YEARS, "höchstens"),
        ("/api/v1/reports/esf", {"from": "2024-01-01", "to": "2024-12-31", "region": "x"}, "x"),
    ],
)
def test_the_api_answers_422(coordinator_api, path, query, field):
    response = coordinator_api.get(path, query)
    assert response.status_code == 422
    assert field in str(response.json())


def test_the_api_refuses_a_subproject_of_another_period(coordinator_api, carrier):
    query = {"from": "2024-01-01", "to": "2024-12-31", "subproject": carrier.test_subproject.pk}
    for path in ("/api/v1/reports/esf", "/api/v1/reports/cooperation"):
        response = coordinator_api.get(path, query)
        assert response.status_code == 422, path
        assert "Testperiode" in response.content.decode()


@pytest.mark.parametrize("name", ["reporting:esf", "reporting:figures", "reporting:monitor"])
def test_the_pages_show_the_error_in_the_form(client_for, carrier, name):
    client = client_for("coordinator")
    response = client.get(reverse(name), THIRTY_YEARS)
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    query = {"from": "2024-01-01", "to": "2024-12-31", "subproject": carrier.test_subproject.pk}
    response = client.get(reverse(name), query)
    assert "Testperiode" in response.context["form"].errors["subproject"][0]
