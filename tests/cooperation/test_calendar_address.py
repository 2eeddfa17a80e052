"""The calendar file links to the site's own address, not to a default 127.0.0.1."""

from django.urls import reverse

from .conftest import at


def _ics(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_a_downloaded_calendar_file_links_to_the_address_it_came_from(plan, client_for, settings):
    settings.INPROCEDERE_SITE_URL = "http://127.0.0.1:8000"
    settings.INPROCEDERE_SITE_URL_SET = False  # only the derived default
    settings.ALLOWED_HOSTS = ["inprocedere.example.org"]
    conference = plan(starts_at=at(3), ends_at=at(3, 11))
    url = reverse("cooperation:conference_ics", args=[conference.pk])
    text = _ics(
        client_for("case_worker"), url, HTTP_HOST="inprocedere.example.org", secure=True
    ).replace("\r\n ", "")
    page = reverse("cooperation:conference_detail", args=[conference.pk])
    assert f"https://inprocedere.example.org{page}" in text
    assert "127.0.0.1" not in text


def test_a_configured_address_wins(plan, client_for, settings):
    settings.INPROCEDERE_SITE_URL = "https://netzwerk.example.de"
    settings.INPROCEDERE_SITE_URL_SET = True
    conference = plan(starts_at=at(3), ends_at=at(3, 11))
    url = reverse("cooperation:conference_ics", args=[conference.pk])
    text = _ics(client_for("case_worker"), url).replace("\r\n ", "")
    page = reverse("cooperation:conference_detail", args=[conference.pk])
    assert f"https://netzwerk.example.de{page}" in text
