"""The ESF report page: exact or suppressed figures, links to the participants behind them."""

import csv
import io

import pytest
from django.urls import reverse

from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent

from .conftest import ENTRY, add_case

pytestmark = pytest.mark.django_db
QUERY = {"from": "2010-01-01", "to": "2010-12-31"}


@pytest.fixture
def profes_participant(carrier):
    """A counted participant whose 2010 case ProfeS (the team lead's organisation) owns."""
    profes = Organisation.objects.get(slug="profes")
    profes.test_position = profes.positions.first()
    participant = Participant.unrestricted.create(
        family_name="Eigen",
        given_names="Erika",
        gender="woman",
        birth_date="1990",
        citizenships=["SY"],
        registered_by=profes,
    )
    Consent.unrestricted.create(
        participant=participant,
        purposes=["esf_monitoring"],
        signed_on=ENTRY,
        recording_organisation=profes,
    )
    add_case(participant, profes, entry=ENTRY, subproject=False)
    return participant


def test_coordinator_sees_exact_figures_without_links(client_for, carrier, make_participant):
    make_participant()
    response = client_for("coordinator").get(
        reverse("reporting:esf"), {**QUERY, "organisation": carrier.slug}
    )
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.context["rows"]}
    assert rows["EECO01"]["cells"][0] == (1, "")
    assert response.context["aggregate"] is False


def test_ministry_sees_suppressed_aggregates(client_for, carrier, make_participant):
    make_participant()
    response = client_for("ministry_reader").get(
        reverse("reporting:esf"), {**QUERY, "organisation": carrier.slug}
    )
    rows = {row["code"]: row for row in response.context["rows"]}
    assert rows["EECO01"]["cells"][0] == ("<5", "")
    assert "&lt;5" in response.content.decode()


def test_team_lead_opens_figures_to_own_participants_only(
    client_for, carrier, make_participant, profes_participant
):
    other = make_participant()  # owned by the test carrier, not ProfeS
    own = profes_participant
    client = client_for("team_lead")
    response = client.get(reverse("reporting:esf"), QUERY)
    rows = {row["code"]: row for row in response.context["rows"]}
    total, link = rows["EECO01"]["cells"][0]
    assert total >= 2
    assert link.startswith(reverse("reporting:esf_participants"))
    response = client.get(reverse("reporting:esf_participants"), {**QUERY, "code": "EECO01"})
    assert response.status_code == 200
    assert own in response.context["participants"]
    assert other not in response.context["participants"]
    assert response.context["hidden"] >= 1
    assert AuditEntry.objects.filter(action="reporting.esf.participants_viewed").exists()


def test_coordinator_may_not_open_figures(client_for):
    response = client_for("coordinator").get(reverse("reporting:esf_participants"), QUERY)
    assert response.status_code == 403


def test_bad_range_shows_a_form_error(client_for):
    response = client_for("coordinator").get(
        reverse("reporting:esf"), {"from": "2010-12-31", "to": "2010-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert "rows" not in response.context


def test_unknown_organisation_is_a_form_error(client_for):
    response = client_for("coordinator").get(
        reverse("reporting:esf"), {**QUERY, "organisation": "nowhere"}
    )
    assert response.context["form"].errors["organisation"]


def test_export_is_logged_and_suppressed_for_the_ministry(client_for, carrier, make_participant):
    make_participant()
    response = client_for("ministry_reader").get(
        reverse("reporting:esf_export"), {**QUERY, "organisation": carrier.slug, "format": "csv"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert {row[0]: row for row in rows}["EECO01"][2] == "<5"
    assert rows[-1][0] == "aggregate"
    assert "aggregate" in response["Content-Disposition"]
    entry = AuditEntry.objects.filter(action="reporting.esf.exported").latest("pk")
    assert entry.detail["aggregate"] is True


def test_unknown_export_format_is_404(client_for):
    response = client_for("coordinator").get(reverse("reporting:esf_export"), {"format": "doc"})
    assert response.status_code == 404


def _profes_people(count):
    """`count` more counted participants whose 2010 case ProfeS owns."""
    profes = Organisation.objects.get(slug="profes")
    profes.test_position = profes.positions.first()
    people = []
    for number in range(count):
        participant = Participant.unrestricted.create(
            family_name=f"Seite{number:02d}",
            given_names="Paula",
            gender="woman",
            birth_date="1990",
            citizenships=["SY"],
            registered_by=profes,
        )
        Consent.unrestricted.create(
            participant=participant,
            purposes=["esf_monitoring"],
            signed_on=ENTRY,
            recording_organisation=profes,
        )
        add_case(participant, profes, entry=ENTRY, subproject=False)
        people.append(participant)
    return people


def test_the_participants_behind_a_figure_come_a_page_at_a_time(client_for, carrier, monkeypatch):
    from inprocedere.reporting import views

    people = _profes_people(3)
    monkeypatch.setattr(views, "PARTICIPANTS_PER_PAGE", 2)
    client = client_for("team_lead")
    url = reverse("reporting:esf_participants")
    query = {**QUERY, "code": "EECO01", "organisation": "profes"}
    first = client.get(url, query)
    assert [p.family_name for p in first.context["participants"]] == ["Seite00", "Seite01"]
    assert first.context["hidden"] == 0
    second = client.get(first.context["page_links"]["next"])
    assert [p.pk for p in second.context["participants"]] == [people[2].pk]
    assert second.context["page_links"]["next"] == ""
    # Only what a page shows is logged as read.
    viewed = AuditEntry.objects.filter(action="reporting.esf.participants_viewed").order_by("pk")
    assert viewed.last().detail["participants"] == [people[2].pk]


def test_the_participants_behind_a_figure_stream_as_csv(client_for, carrier, make_participant):
    people = _profes_people(3)
    make_participant()  # the test carrier's: counted, not listed for ProfeS's team lead
    response = client_for("team_lead").get(
        reverse("reporting:esf_participants"), {**QUERY, "code": "EECO01", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    listed = {int(row[0]) for row in rows[1:] if row and row[0].isdigit()}
    assert {p.pk for p in people} <= listed
    assert len(listed) == len(set(listed))
    exported = AuditEntry.objects.get(action="reporting.esf.participants_exported")
    assert exported.detail["count"] == len(listed)


def test_the_not_counted_reasons_are_words_not_keys(client_for, carrier, make_participant):
    import re

    make_participant(consent=False)
    make_participant(gender="not_stated")
    make_participant(hours=1)
    response = client_for("coordinator").get(reverse("reporting:esf"), QUERY)
    text = re.sub(r'href="[^"]*"', "", response.content.decode())  # links may carry keys
    for key in ("no_esf_consent", "incomplete_mandatory", "below_threshold"):
        assert key not in text
    assert "Nicht gezählt: keine Einwilligung in das ESF-Monitoring" in text


def test_a_pdf_too_long_is_refused_before_anyone_is_read(client_for, carrier, monkeypatch):
    from inprocedere.privacy.models import AccessLogEntry
    from inprocedere.reporting import streaming

    _profes_people(3)
    monkeypatch.setattr(streaming, "PDF_MAX_ROWS", 2)
    before = AccessLogEntry.objects.count()
    response = client_for("team_lead").get(
        reverse("reporting:esf_participants"), {**QUERY, "code": "EECO01", "format": "pdf"}
    )
    assert response.status_code == 400
    assert "CSV" in response.content.decode()
    assert AccessLogEntry.objects.count() == before
