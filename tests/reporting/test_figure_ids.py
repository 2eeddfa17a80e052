"""The participants behind an ESF figure come from the report's facts query through a
temporary table of the database, never as a list of ids in Python (issue 12, item 1);
the table goes when the page or the download is done."""

import csv
import io

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.urls import reverse

from inprocedere.reporting.esf import EsfReport

from .test_views import QUERY, _profes_people

pytestmark = pytest.mark.django_db
ASK = {**QUERY, "code": "EECO01", "organisation": "profes"}


@pytest.fixture(autouse=True)
def _no_id_lists(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the ids behind a figure were loaded into Python")

    monkeypatch.setattr(EsfReport, "ids_for", refuse)


def _left_over() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname LIKE 'esf_figure_%%' "
                "AND relpersistence = 't'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_temp_master WHERE name LIKE 'esf_figure_%' "
                "AND type = 'table'"
            )
        return [row[0] for row in cursor.fetchall()]


def test_the_page_reads_the_ids_from_the_database(client_for, carrier, monkeypatch):
    from inprocedere.reporting import views

    people = _profes_people(3)
    monkeypatch.setattr(views, "PARTICIPANTS_PER_PAGE", 2)
    client = client_for("team_lead")
    first = client.get(reverse("reporting:esf_participants"), ASK)
    assert [p.pk for p in first.context["participants"]] == [p.pk for p in people[:2]]
    assert first.context["page"].paginator.count == 3
    assert _left_over() == []


def test_the_download_reads_them_and_drops_them_at_the_end(client_for, carrier):
    people = _profes_people(3)
    response = client_for("team_lead").get(
        reverse("reporting:esf_participants"), {**ASK, "format": "csv"}
    )
    assert len(_left_over()) == 1  # read while the rows are sent
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(p.pk for p in people)
    assert _left_over() == []


def test_a_download_never_read_drops_them_when_closed(client_for, carrier):
    _profes_people(3)
    response = client_for("team_lead").get(
        reverse("reporting:esf_participants"), {**ASK, "format": "xlsx"}
    )
    # As the server closes a response; the signal's closing of old connections is held
    # back, as the test client does, so the test's own connection stays open.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert _left_over() == []


def test_a_pdf_refused_drops_them(client_for, carrier, monkeypatch):
    from inprocedere.reporting import streaming

    _profes_people(3)
    monkeypatch.setattr(streaming, "PDF_MAX_ROWS", 2)
    response = client_for("team_lead").get(
        reverse("reporting:esf_participants"), {**ASK, "format": "pdf"}
    )
    assert response.status_code == 400
    assert _left_over() == []
