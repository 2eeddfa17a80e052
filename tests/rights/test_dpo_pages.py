"""The DPO's pages: finding a person (logged), the access log with filters and pages,
its CSV and XLSX (formula cells neutralised), and who gets in."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inprocedere.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _entries(participant, n, **fields):
    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            participant_ids=[participant.pk],
            at=now - dt.timedelta(minutes=i),
            action=fields.get("action", "read"),
            channel="page",
            user_label=fields.get("user_label", "caseworker"),
            categories=["identity"],
            purpose=fields.get("purpose", "case_work"),
            basis="own_case",
            path=f"/participants/{participant.pk}/",
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    "query",
    ["{pk}", "#{pk}", "JC-ERASE-7781", "jc-erase-7781", "quendelbrook", "Zoltarina Quendel"],
)
def test_the_dpo_finds_a_person_and_the_search_is_logged(client_for, user_for, subject, query):
    response = client_for("dpo").get(reverse("rights:dpo_home"), {"q": query.format(pk=subject.pk)})
    assert response.status_code == 200
    assert [p.pk for p in response.context["results"]] == [subject.pk]
    entry = AccessLogEntry.objects.for_participant(subject.pk).filter(user=user_for("dpo")).get()
    assert entry.purpose == "data_protection"
    assert entry.basis == "role:dpo"
    assert entry.categories == ["identity"]


@pytest.mark.parametrize("query", ["", "   ", "9" * 40, "nobody-with-this-name", "%_'\";--"])
def test_odd_searches_find_nothing_and_never_fail(client_for, query):
    response = client_for("dpo").get(reverse("rights:dpo_home"), {"q": query})
    assert response.status_code == 200
    assert not response.context["results"]


def test_the_access_log_page_lists_pages_and_filters(
    client_for, subject, django_assert_max_num_queries
):
    _entries(subject, 60)
    _entries(subject, 3, action="denied", user_label="outsider")
    client = client_for("dpo")
    url = reverse("rights:access_log", kwargs={"pk": subject.pk})
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    # everything logged about the person before this page; the DPO's read of it is
    # written when the response is ready (one insert per request), so it follows
    assert page.paginator.count == AccessLogEntry.objects.for_participant(subject.pk).count() - 1
    assert AccessLogEntry.objects.for_participant(subject.pk).filter(user_label="dpo").exists()
    assert page.paginator.count >= 63
    assert len(page.object_list) == 50
    with django_assert_max_num_queries(14):
        assert client.get(url, {"page": 2}).status_code == 200
    denied = client.get(url, {"action": "denied"}).context["page"]
    assert denied.paginator.count == 3
    by_user = client.get(url, {"user": "outsid"}).context["page"]
    assert by_user.paginator.count == 3
    today = timezone.localdate().isoformat()
    assert client.get(url, {"date_from": today, "date_to": today}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
        {"date_from": "not-a-date"},
        {"action": "explode"},
        {"page": "99999"},
        {"user": "x" * 500},
    ],
)
def test_bad_filters_get_a_clear_answer(client_for, subject, query):
    response = client_for("dpo").get(reverse("rights:access_log", kwargs={"pk": subject.pk}), query)
    assert response.status_code in (200, 400)
    if "page" not in query:
        assert response.status_code == 400
        assert response.context["form"].errors
        assert 'class="kern-error"' in response.content.decode()


def test_the_dpos_reading_of_the_log_is_logged_too(client_for, user_for, subject):
    client_for("dpo").get(reverse("rights:access_log", kwargs={"pk": subject.pk}))
    entry = AccessLogEntry.objects.for_participant(subject.pk).filter(user=user_for("dpo")).get()
    assert entry.channel == "page"
    assert entry.path.startswith(f"/data-protection/participants/{subject.pk}/access-log/")


def test_an_unknown_participant_is_404(client_for):
    assert (
        client_for("dpo").get(reverse("rights:access_log", kwargs={"pk": 999999999})).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["case_worker", "coordinator", "administrator", "outsider"])
def test_others_are_refused(client_for, subject, persona):
    response = client_for(persona).get(reverse("rights:access_log", kwargs={"pk": subject.pk}))
    assert response.status_code == 403


def test_csv_and_xlsx_neutralise_formula_cells(client_for, subject):
    _entries(subject, 2, purpose='=HYPERLINK("x")', user_label="+evil")
    client = client_for("dpo")
    csv = client.get(reverse("rights:access_log_csv", kwargs={"pk": subject.pk}))
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"]
    assert csv.streaming  # sent as the rows are read
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+evil" in text
    assert ";=HYPERLINK" not in text
    xlsx = client.get(reverse("rights:access_log_xlsx", kwargs={"pk": subject.pk}))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] in ("Zeitpunkt", "Time")
    assert sheet.column_dimensions["F"].width == 40  # the categories' column is wide
    purposes = {row[6] for row in rows[1:]}
    assert '=HYPERLINK("x")' in purposes  # text, not a formula:
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_export_follows_the_filters(client_for, subject):
    _entries(subject, 2, action="denied")
    csv = client_for("dpo").get(
        reverse("rights:access_log_csv", kwargs={"pk": subject.pk}), {"action": "denied"}
    )
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 2
    bad = client_for("dpo").get(
        reverse("rights:access_log_csv", kwargs={"pk": subject.pk}), {"date_from": "x"}
    )
    assert bad.status_code == 400


def test_participant_page_shows_retention(client_for, subject):
    response = client_for("dpo").get(reverse("rights:participant", kwargs={"pk": subject.pk}))
    assert response.status_code == 200
    state = response.context["retention"]
    assert state.ends_on == dt.date(2018, 12, 31)
    assert state.due


@pytest.mark.parametrize("pk", [999999999, 2**63, 10**30])
@pytest.mark.parametrize(
    "name", ["participant", "access_log", "access_log_csv", "subject_access", "erase"]
)
def test_unknown_or_absurd_ids_are_404(client_for, name, pk):
    assert client_for("dpo").get(reverse(f"rights:{name}", kwargs={"pk": pk})).status_code == 404


def test_the_retention_page_lists_who_is_due(
    client_for, carrier, rule, django_assert_max_num_queries
):
    from .conftest import make_subject

    people = [make_subject(carrier, family_name=f"Due{n}") for n in range(3)]
    client = client_for("dpo")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("rights:retention_due"))
    assert response.status_code == 200
    listed = {person.pk for person, _state in response.context["rows"] if person}
    assert {p.pk for p in people} <= listed
    periods = {period.slug: found for period, found in response.context["periods"]}
    assert periods["rights-period"].years == 5 and not periods["rights-period"].is_default
