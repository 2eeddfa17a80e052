"""The access log speaks words, not codes (issue 15): categories, purposes, bases and the
changes written appear as translated labels on the DPO's page and in its downloads."""

import pytest
from django.urls import reverse

from inprocedere.privacy.log_labels import basis_label, purpose_label
from inprocedere.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

CODES = ["identity", "own_case", "role:dpo", "case.exit.recorded", "consent:3,7", "counselling"]


def _log(subject):
    for purpose, basis, categories in [
        ("case.exit.recorded", "own_case", ["identity", "education_work"]),
        ("data_protection", "role:dpo", ["identity"]),
        ("referral", "consent:3,7", ["counselling"]),
    ]:
        AccessLogEntry.objects.create(
            participant_ids=[subject.pk],
            action="read",
            channel="page",
            user_label="caseworker",
            categories=categories,
            purpose=purpose,
            basis=basis,
            path=f"/participants/{subject.pk}/",
        )


def _cells(body: str) -> str:
    start = body.index('<tbody class="kern-table__body">')
    return body[start : body.index("</tbody>", start)]


def test_the_dpo_page_shows_words(client_for, subject):
    _log(subject)
    url = reverse("rights:access_log", kwargs={"pk": subject.pk})
    cells = _cells(client_for("dpo").get(url).content.decode())
    for words in (
        "Austritt: erfasst",
        "Eigene Fallarbeit",
        "Rolle: Datenschutzbeauftragte",
        "Einwilligung Nr. 3, 7",
        "Identität",
        "Beratungsnotizen",
        "Zuweisung",
    ):
        assert words in cells, words
    for code in CODES:
        assert f">{code}<" not in cells and f"{code}," not in cells, code
    assert "case.exit.recorded" not in cells and "own_case" not in cells


def test_the_downloads_show_words(client_for, subject):
    _log(subject)
    url = reverse("rights:access_log_csv", kwargs={"pk": subject.pk})
    text = b"".join(client_for("dpo").get(url).streaming_content).decode("utf-8-sig")
    assert "Austritt: erfasst" in text and "Rolle: Datenschutzbeauftragte" in text
    assert "case.exit.recorded" not in text and "own_case" not in text


def test_an_unknown_code_is_shown_as_it_is():
    assert purpose_label("something.new.happened") == "something.new.happened"
    assert basis_label("custom") == "custom"
